//! What `evrev check` warns about in a catalog that loads: rows it can use but a reviewer should see.

use super::{ArmData, Catalog, Outcome, Problem};

/// Lines listed in a grouped warning before the rest are counted.
const LINES_SHOWN: usize = 10;

/// Everything `check` warns about: what the loader noted while reading (rob.csv's overall judgements
/// that depart from RoB 2's rule, RoB 2 rows for non-randomized studies), then the outcome rows: one for the rows without provenance (grouped: a catalog without the
/// column would otherwise get one per row), then, per row, counts that disagree with the row's own
/// percentages. (A row may measure a condition its trial does not list, e.g. depressive symptoms in a
/// PTSD trial: that is what the `condition` column is for, so it is not warned about.)
pub fn warnings(catalog: &Catalog) -> Vec<Problem> {
    let mut out = catalog.warnings.clone();
    let file = &catalog.outcome_file;
    let unstated: Vec<u64> = catalog.outcomes.iter().filter(|o| o.provenance.is_none()).map(|o| o.line()).collect();
    if !unstated.is_empty() {
        let shown: Vec<String> = unstated.iter().take(LINES_SHOWN).map(u64::to_string).collect();
        let more = unstated.len().saturating_sub(LINES_SHOWN);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        let msg = format!(
            "{} outcome row(s) without provenance (reported, derived or secondary), on line(s) {}{more}",
            unstated.len(),
            shown.join(", ")
        );
        out.push(Problem::new(file, None, Some("provenance"), msg));
    }
    zero_sds(catalog, &mut out);
    for o in &catalog.outcomes {
        for (side, data, pct) in arms(o) {
            if let (ArmData::Binary { events, n }, Some(p)) = (data, pct)
                && let Some(msg) = pct_disagrees(events, n, p)
            {
                let col = if side == "t" { "pct_t" } else { "pct_c" };
                out.push(Problem::new(file, Some(o.line()), Some(col), msg));
            }
        }
    }
    out
}

/// One warning per arm whose standard deviation is 0 (the first [`LINES_SHOWN`], then one for the
/// rest): such a row loads, but its mean difference has no width and its standardized one is undefined.
fn zero_sds(catalog: &Catalog, out: &mut Vec<Problem>) {
    let file = &catalog.outcome_file;
    let zero = catalog.outcomes.iter().flat_map(|o| {
        arms(o).into_iter().filter_map(move |(side, data, _)| match data {
            ArmData::Continuous { sd: 0.0, .. } => Some((o.line(), if side == "t" { "sd_t" } else { "sd_c" })),
            _ => None,
        })
    });
    let zero: Vec<(u64, &str)> = zero.collect();
    for &(line, col) in zero.iter().take(LINES_SHOWN) {
        let msg = format!("{col} is 0: a standard deviation of 0 gives no confidence interval; check the source");
        out.push(Problem::new(file, Some(line), Some(col), msg));
    }
    if zero.len() > LINES_SHOWN {
        let lines: Vec<String> =
            zero[LINES_SHOWN..].iter().map(|(line, _)| line.to_string()).take(LINES_SHOWN).collect();
        let more = zero.len() - LINES_SHOWN;
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
    [("t", o.treatment.data, o.pct_t), ("c", control, o.pct_c)]
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
