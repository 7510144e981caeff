//! What `evrev check` warns about in a catalog that loads: rows it can use but a reviewer should see.

use super::{ArmData, Catalog, Outcome, Problem};

/// Lines listed in a grouped warning before the rest are counted.
const LINES_SHOWN: usize = 10;

/// Everything `check` warns about: what the loader noted while reading (rob.csv's overall judgements
/// that depart from RoB 2's rule, RoB 2 rows for non-randomized studies), then the outcome rows: one for the rows without provenance (grouped: a catalog without the
/// column would otherwise get one per row), then the standard deviations of 0, then, per row, counts
/// that disagree with the row's own percentages. (A row may measure a condition its trial does not
/// list, e.g. depressive symptoms in a PTSD trial: that is what the `condition` column is for, so it
/// is not warned about.)
pub fn warnings(catalog: &Catalog) -> Vec<Problem> {
    let mut out = catalog.warnings.clone();
    let rows = match &catalog.unkept {
        Some(rows) => rows.clone(),
        None => {
            let mut rows = RowWarnings::default();
            catalog.outcomes.iter().for_each(|o| rows.add(o));
            rows
        }
    };
    rows.write(&catalog.outcome_file, &mut out);
    out
}

/// The outcome rows' warnings, gathered row by row: from a loaded catalog's rows, or by the loader
/// as it reads rows it does not keep (`evrev check`). Lines beyond those a message shows are counted,
/// not held.
#[derive(Debug, Clone, Default)]
pub struct RowWarnings {
    /// Rows read.
    pub(crate) rows: usize,
    unstated: Vec<u64>,
    unstated_count: usize,
    zero_sd: Vec<(u64, &'static str)>,
    zero_sd_count: usize,
    disagreeing: Vec<(u64, &'static str, String)>,
}

impl RowWarnings {
    pub(crate) fn add(&mut self, o: &Outcome) {
        self.rows += 1;
        if o.provenance.is_none() {
            self.unstated_count += 1;
            if self.unstated.len() < LINES_SHOWN {
                self.unstated.push(o.line());
            }
        }
        for (side, data, _) in arms(o) {
            if let ArmData::Continuous { sd: 0.0, .. } = data {
                self.zero_sd_count += 1;
                if self.zero_sd.len() < 2 * LINES_SHOWN {
                    self.zero_sd.push((o.line(), if side == "t" { "sd_t" } else { "sd_c" }));
                }
            }
        }
        for (side, data, pct) in arms(o) {
            if let (ArmData::Binary { events, n }, Some(p)) = (data, pct)
                && let Some(msg) = pct_disagrees(events, n, p)
            {
                self.disagreeing.push((o.line(), if side == "t" { "pct_t" } else { "pct_c" }, msg));
            }
        }
    }

    /// The warnings of the rows after these (the next part of the file) added.
    pub(crate) fn merge(&mut self, later: RowWarnings) {
        self.rows += later.rows;
        let room = LINES_SHOWN - self.unstated.len();
        self.unstated.extend(later.unstated.into_iter().take(room));
        self.unstated_count += later.unstated_count;
        let room = 2 * LINES_SHOWN - self.zero_sd.len();
        self.zero_sd.extend(later.zero_sd.into_iter().take(room));
        self.zero_sd_count += later.zero_sd_count;
        self.disagreeing.extend(later.disagreeing);
    }

    fn write(self, file: &str, out: &mut Vec<Problem>) {
        if self.unstated_count > 0 {
            let shown: Vec<String> = self.unstated.iter().map(u64::to_string).collect();
            let more = self.unstated_count - self.unstated.len();
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            let msg = format!(
                "{} outcome row(s) without provenance (reported, derived or secondary), on line(s) {}{more}",
                self.unstated_count,
                shown.join(", ")
            );
            out.push(Problem::new(file, None, Some("provenance"), msg));
        }
        zero_sds(file, &self.zero_sd, self.zero_sd_count, out);
        for (line, col, msg) in self.disagreeing {
            out.push(Problem::new(file, Some(line), Some(col), msg));
        }
    }
}

/// One warning per arm whose standard deviation is 0 (the first [`LINES_SHOWN`], then one for the
/// rest): such a row loads, but its mean difference has no width and its standardized one is undefined.
fn zero_sds(file: &str, zero: &[(u64, &str)], count: usize, out: &mut Vec<Problem>) {
    for &(line, col) in zero.iter().take(LINES_SHOWN) {
        let msg = format!("{col} is 0: a standard deviation of 0 gives no confidence interval; check the source");
        out.push(Problem::new(file, Some(line), Some(col), msg));
    }
    if count > LINES_SHOWN {
        let lines: Vec<String> = zero[LINES_SHOWN..].iter().map(|(line, _)| line.to_string()).collect();
        let more = count - LINES_SHOWN;
        let msg = format!(
            "{more} more standard deviation(s) of 0, on line(s) {}{}",
            lines.join(", "),
            if more > LINES_SHOWN { " and others" } else { "" }
        );
        out.push(Problem::new(file, None, None, msg));
    }
}

fn arms(o: &Outcome) -> [(&'static str, ArmData, Option<f64>); 2] {
    let control = o.control.as_ref().map_or(ArmData::Unreported { n: None }, |c| c.data);
    [("t", o.treatment.data, o.pct_t()), ("c", control, o.pct_c())]
}

/// A message when `events`/`n` differs from `pct` by more than the rounding of `pct` as written:
/// half a unit of its last decimal (0.5 for "33", 0.05 for "33.3", 0.005 for "33.33").
fn pct_disagrees(events: u32, n: u32, pct: f64) -> Option<String> {
    let computed = 100.0 * f64::from(events) / f64::from(n);
    let tolerance = 0.5 * 10f64.powi(-(decimals(pct) as i32)) + 1e-9;
    ((computed - pct).abs() > tolerance)
        .then(|| format!("expected the percentage to match the counts ({events}/{n} = {computed:.2}%), found {pct}%"))
}

/// The number of decimals a percentage was written with (up to 6).
fn decimals(x: f64) -> u32 {
    (0..6)
        .find(|&d| {
            let scaled = x * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check` gathers the rows' warnings as it reads them (rows not kept): the same warnings, in
    /// the same order, as from the kept rows, past every "first ten" limit.
    #[test]
    fn warnings_of_unkept_rows_are_those_of_kept_rows() {
        let dir = tempfile::tempdir().unwrap();
        let mut trials = String::from(
            "id,citation,title,year,condition,design,blinding,comparator,drug,route,n_randomized,doi,pmid,source\n",
        );
        let mut outcomes = String::from(
            "trial,outcome,scale,definition,timepoint,days,primary,arm_t,events_t,n_t,arm_c,events_c,n_c,mean_t,sd_t,mean_c,sd_c,source,provenance,pct_t\n",
        );
        for i in 0..40 {
            trials.push_str(&format!("t{i},T {i} 2020,t,2020,dep,parallel-rct,double,placebo,k,IV,20,10.1/x,,s\n"));
            let prov = if i % 3 == 0 { "" } else { "reported" };
            outcomes.push_str(&format!(
                "t{i},score,MADRS,d,day 1,1,yes,k,,10,p,,10,5,{},6,2,s,{prov},\n",
                if i % 2 == 0 { "0" } else { "1" }
            ));
            outcomes.push_str(&format!(
                "t{i},response,MADRS,d,day 1,1,yes,k,3,10,p,1,10,,,,,s,reported,{}\n",
                if i % 5 == 0 { "40" } else { "30" }
            ));
        }
        std::fs::write(dir.path().join("trials.csv"), trials).unwrap();
        std::fs::write(dir.path().join("outcomes.csv"), outcomes).unwrap();
        let source = crate::catalog::Source::Dir(dir.path().to_path_buf());
        let kept = crate::catalog::load(&source).unwrap();
        let unkept = crate::catalog::load_for_check(&source).unwrap();
        assert!(unkept.outcomes.is_empty());
        assert_eq!((kept.outcome_rows(), unkept.outcome_rows()), (80, 80));
        let text = |c: &Catalog| warnings(c).iter().map(|p| p.to_string()).collect::<Vec<_>>();
        let (a, b) = (text(&kept), text(&unkept));
        assert_eq!(a, b);
        assert!(
            a.iter().any(|w| w.contains("14 outcome row(s) without provenance") && w.contains("and 4 more")),
            "{a:#?}"
        );
        assert!(a.iter().any(|w| w.contains("10 more standard deviation(s) of 0")), "{a:#?}");
        assert_eq!(a.iter().filter(|w| w.contains("expected the percentage to match")).count(), 8, "{a:#?}");
    }

    #[test]
    fn percentages_are_checked_to_their_rounding() {
        assert!(pct_disagrees(10, 15, 67.0).is_none()); // 66.67 -> 67
        assert!(pct_disagrees(10, 15, 66.67).is_none());
        assert!(pct_disagrees(10, 15, 66.6).is_some()); // 66.67 is not 66.6 to one decimal
        assert!(pct_disagrees(10, 15, 66.0).is_some());
        assert!(pct_disagrees(16, 18, 88.89).is_none());
        assert!(pct_disagrees(1, 2, 50.0).is_none());
        assert!(pct_disagrees(1, 2, 50.5).is_some()); // written to one decimal: |50 - 50.5| > 0.05
    }
}
