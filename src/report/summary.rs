//! The summary report's views: the 2x2 comparison of binary rows, the continuous rows, the rows
//! without numbers, the trials without rows, and the totals per condition.

use super::{Column, Records, Report, View};
use crate::analysis::summary::{ConditionTotal, NntCi, OutcomeSummary};
use crate::catalog::{Catalog, Filter};
use crate::stats::effect::{TwoByTwo, double_zero};
use crate::stats::proportion::CiMethod;
use crate::text::{Num, fmt_num, fmt_opt_ci as opt_ci, fmt_pct, quote};
use serde::Serialize;
use std::fmt;
use std::io::{self, Write};

/// The summary report's views of `rows` and `totals` (computed for `filter`, and `outcome` if named,
/// with intervals by `method`), for the table and Markdown. (CSV streams the rows:
/// `report::write_csv`; JSON is `write_json`.)
pub fn report(
    catalog: &Catalog,
    filter: &Filter,
    outcome: Option<&str>,
    method: CiMethod,
    rows: &[OutcomeSummary<'_>],
    totals: &[ConditionTotal],
) -> Report {
    let mut views = row_views(rows, method);
    if rows.is_empty() {
        views.push(no_rows_note(catalog, filter, outcome));
    }
    views.push(totals_view(totals));
    Report { records: Records::default(), json: None, views }
}

/// The JSON document: the interval method, the outcome rows and the totals per condition. The rows
/// are written as `rows()` yields them (none held).
pub fn write_json<'a, I: Iterator<Item = OutcomeSummary<'a>>>(
    out: &mut dyn Write,
    method: CiMethod,
    rows: impl Fn() -> I,
    totals: &[ConditionTotal],
) -> io::Result<()> {
    super::write_json(out, &Document { ci_method: method.name(), outcomes: Lazy(rows), conditions: totals })
}

/// The summary's JSON document, in this key order.
struct Document<'t, F> {
    ci_method: &'static str,
    outcomes: Lazy<F>,
    conditions: &'t [ConditionTotal],
}

impl<F: Fn() -> I, I: Iterator<Item: Serialize>> Serialize for Document<'_, F> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Document", 3)?;
        st.serialize_field("ci_method", self.ci_method)?;
        st.serialize_field("outcomes", &self.outcomes)?;
        st.serialize_field("conditions", self.conditions)?;
        st.end()
    }
}

/// A sequence serialized from a fresh iterator: its items are made as they are written.
struct Lazy<F>(F);

impl<F: Fn() -> I, I: Iterator<Item: Serialize>> Serialize for Lazy<F> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// The outcome rows in views by kind: binary, continuous, without numbers, trials without rows (each
/// view only when it has rows).
fn row_views(rows: &[OutcomeSummary<'_>], method: CiMethod) -> Vec<View> {
    let with_pct = |r: &OutcomeSummary| r.pct_t.is_some() || r.pct_c.is_some();
    let binary: Vec<&OutcomeSummary<'_>> = rows.iter().filter(|r| r.events_t.is_some() || with_pct(r)).collect();
    let continuous: Vec<&OutcomeSummary<'_>> = rows.iter().filter(|r| r.mean_t.is_some()).collect();
    let unreported: Vec<&OutcomeSummary<'_>> =
        rows.iter().filter(|r| !r.no_rows && r.events_t.is_none() && r.mean_t.is_none() && !with_pct(r)).collect();
    let without: Vec<&OutcomeSummary<'_>> = rows.iter().filter(|r| r.no_rows).collect();
    let mut views = Vec::new();
    if !binary.is_empty() {
        views.push(binary_view(&binary, method));
    }
    if !continuous.is_empty() {
        views.push(continuous_view(&continuous));
    }
    if !unreported.is_empty() {
        views.push(unreported_view(&unreported));
    }
    if !without.is_empty() {
        views.push(without_rows_view(&without));
    }
    views
}

/// The note of an empty selection.
fn no_rows_note(catalog: &Catalog, filter: &Filter, outcome: Option<&str>) -> View {
    let what = outcome.map(|o| format!(" with outcome {}", quote(o))).unwrap_or_default();
    View {
        notes: vec![format!("No outcome rows{what} for {} in the {}.", filter.describe(catalog), catalog.origin)],
        ..View::default()
    }
}

fn totals_view(totals: &[ConditionTotal]) -> View {
    View {
        title: Some("Totals per condition".into()),
        headers: ["Condition", "Trials", "Participants", "Controlled trials", "Randomized in controlled trials"]
            .map(String::from)
            .to_vec(),
        rows: totals.iter().map(|t| std::iter::once(t.label.clone()).chain(total_cells(t)).collect()).collect(),
        notes: vec!["Trials: those with a row in the tables above (the same selection: filters and --outcome). A trial of several conditions counts under each (trials are counted by their own conditions; outcome rows above are selected by the condition they measure). Participants: randomized, or enrolled in an uncontrolled study.".into()],
        ..View::default()
    }
    .column("Controlled trials", Column::droppable(2))
    .column("Randomized in controlled trials", Column::droppable(1))
}

/// The rows whose paper gives no usable numbers, with what is known.
fn unreported_view(unreported: &[&OutcomeSummary<'_>]) -> View {
    View {
        title: Some("Outcomes the papers report without usable numbers".into()),
        headers: ["Trial", "Outcome", "Scale", "Time point", "What is known"].map(String::from).to_vec(),
        rows: unreported
            .iter()
            .map(|r| {
                vec![
                    r.citation.to_string(),
                    label(r),
                    r.scale.to_string(),
                    r.timepoint.to_string(),
                    r.notes.to_string(),
                ]
            })
            .collect(),
        notes: Vec::new(),
        ..View::default()
    }
    .column("Scale", Column::droppable(2))
    .column("Time point", Column::droppable(1))
}

/// The trials listed without an outcome row (none in the catalog, or none for the condition asked).
fn without_rows_view(without: &[&OutcomeSummary<'_>]) -> View {
    View {
        title: Some("Trials without outcome rows".into()),
        headers: ["Trial", "Design", "What is known"].map(String::from).to_vec(),
        rows: without.iter().map(|r| vec![r.citation.to_string(), r.design.to_string(), r.notes.to_string()]).collect(),
        ..View::default()
    }
}

/// Trials, randomized (with the count of trials whose N is not reported), controlled trials, and
/// randomized in controlled trials, as table cells.
pub fn total_cells(t: &ConditionTotal) -> [String; 4] {
    let randomized = if t.n_unknown > 0 {
        format!("{} (+{} not reported)", t.randomized, t.n_unknown)
    } else {
        t.randomized.to_string()
    };
    [t.trials.to_string(), randomized, t.controlled_trials.to_string(), t.randomized_controlled.to_string()]
}

/// One arm's rate: "10/15† 67% (42%–85%)" (the mark after derived or secondary counts), or a
/// percentage the paper gives without a count, "33% (reported %)".
fn rate(r: &OutcomeSummary, treatment: bool) -> String {
    let (events, n, rate, low, high, pct) = if treatment {
        (r.events_t, r.n_t, r.rate_t, r.rate_t_low, r.rate_t_high, r.pct_t)
    } else {
        (r.events_c, r.n_c, r.rate_c, r.rate_c_low, r.rate_c_high, r.pct_c)
    };
    match (events, n, rate, low, high, pct) {
        (Some(e), Some(n), Some(x), Some(l), Some(h), _) => {
            format!("{e}/{n}{} {} ({}–{})", mark(r), fmt_pct(x), fmt_pct(l), fmt_pct(h))
        }
        (_, _, _, _, _, Some(p)) => format!("{} (reported %)", super::trials::fmt_reported_pct(p)),
        _ => "—".into(),
    }
}

/// `†` after derived numbers, `‡` after secondary ones.
fn mark(r: &OutcomeSummary<'_>) -> &'static str {
    r.provenance.map_or("", |p| p.mark())
}

/// The legend of the provenance marks, for a table that shows one.
pub fn provenance_legend<'a>(marks: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let marks: Vec<&str> = marks.into_iter().collect();
    let mut parts = Vec::new();
    if marks.contains(&"†") {
        parts.push("† derived: computed from a reported percentage and a known denominator (the notes show how)");
    }
    if marks.contains(&"‡") {
        parts.push("‡ secondary: read in another paper or a registry (named in the source)");
    }
    (!parts.is_empty()).then(|| format!("{}.", parts.join("; ")))
}

fn label(r: &OutcomeSummary<'_>) -> String {
    format!("{}{}", r.outcome, if r.primary == Some(true) { " (primary)" } else { "" })
}

/// A binary row's outcome as the table shows it: the name with its scale, "response (LSAS)" or
/// "relapse (MADRS, primary)", and the definition after a colon when another row of the same trial
/// shares outcome, time point and scale (Daly 2019: remitters and responders), so no two rows read alike.
fn binary_label(r: &OutcomeSummary<'_>, rows: &[&OutcomeSummary<'_>]) -> String {
    let mut within: Vec<&str> = Vec::new();
    if !r.scale.is_empty() {
        within.push(r.scale);
    }
    if r.primary == Some(true) {
        within.push("primary");
    }
    let mut text = r.outcome.to_string();
    if !within.is_empty() {
        text = format!("{text} ({})", within.join(", "));
    }
    let twin = |o: &&&OutcomeSummary<'_>| {
        !std::ptr::eq(**o, r)
            && o.trial == r.trial
            && o.outcome == r.outcome
            && o.timepoint == r.timepoint
            && o.scale == r.scale
    };
    if !r.definition.is_empty() && rows.iter().any(|o| twin(&o)) {
        text = format!("{text}: {}", r.definition);
    }
    text
}

fn binary_view(rows: &[&OutcomeSummary<'_>], method: CiMethod) -> View {
    View {
        title: Some(format!("Binary outcomes (rates with 95% {} CIs)", method.label())),
        headers: ["Trial", "Outcome", "Time point", "Treatment", "Control", "Risk ratio (95% CI)", "Risk difference (95% CI)", "NNT (95% CI)"]
            .map(String::from)
            .to_vec(),
        // A trial's rows are consecutive (`summaries` lists them trial by trial), so a row's twins are
        // looked for among its trial's rows only (among all rows, the table was quadratic).
        rows: rows
            .chunk_by(|a, b| a.trial == b.trial)
            .flat_map(|trial_rows| trial_rows.iter().map(move |r| (r, trial_rows)))
            .map(|(r, trial_rows)| {
                let nnt = nnt_text(r);
                vec![
                    r.citation.to_string(),
                    binary_label(r, trial_rows),
                    r.timepoint.to_string(),
                    rate(r, true),
                    rate(r, false),
                    rr_text(r),
                    opt_ci(r.rd, r.rd_low, r.rd_high),
                    nnt,
                ]
            })
            .collect(),
        notes: std::iter::once(
            "RR on the log scale with a Wald CI; * = 0.5 added to every cell (a zero cell); not estimable with no events in either arm or every participant an event in both arms (as pool: metafor drop00). RD: Wald CI. NNT = 1/RD (Altman 1998): NNTB when the difference helps (more responders; fewer relapses, adverse events or dropouts), NNTH when it harms.".to_string(),
        )
        .chain(provenance_legend(rows.iter().filter(|r| r.events_t.is_some()).map(|r| mark(r))))
        .chain(rows.iter().any(|r| r.events_t.is_none()).then(|| {
            "reported % = a percentage the paper gives without a count that can be derived honestly: shown, never pooled.".to_string()
        }))
        .collect(),
        ..View::default()
    }
    .column("Risk ratio (95% CI)", Column::KEEP.min(19))
    .column("Time point", Column::droppable(4))
    .column("NNT (95% CI)", Column::droppable(3))
    .column("Risk difference (95% CI)", Column::droppable(2))
    .column("Outcome", Column::droppable(1))
}

/// "NNTB 2.14 (1.28 to 6.50)", or across zero "NNTB 10.0 (NNTH 20.0 to ∞ to NNTB 4.00)".
fn nnt_text(r: &OutcomeSummary<'_>) -> String {
    let kind = |x: f64| if x > 0.0 { "NNTB" } else { "NNTH" };
    match (r.nnt, r.nnt_low, r.nnt_high, &r.nnt_ci) {
        (Some(n), Some(a), Some(b), _) => {
            let (lo, hi) = if a.abs() <= b.abs() { (a.abs(), b.abs()) } else { (b.abs(), a.abs()) };
            format!("{} {} ({} to {})", kind(n), fmt_num(n.abs()), fmt_num(lo), fmt_num(hi))
        }
        (Some(n), _, _, Some(ci)) => format!("{} {} ({ci})", kind(n), fmt_num(n.abs())),
        (None, _, _, Some(ci)) => format!("∞ ({ci})"),
        _ => "—".into(),
    }
}

/// Altman's text for the NNT's interval: both bounds of one kind ("NNTB 2.1 to NNTB 9.5"), or across
/// zero "NNTH 20 to ∞ to NNTB 4.0".
impl fmt::Display for NntCi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written piece by piece (no text built per bound but the number's): one per outcome row in CSV.
        let name = |f: &mut fmt::Formatter<'_>, x: f64| {
            if x.is_infinite() {
                f.write_str("∞")
            } else if x > 0.0 {
                f.write_str("NNTB ")?;
                fmt::Display::fmt(&Num(x), f)
            } else {
                f.write_str("NNTH ")?;
                fmt::Display::fmt(&Num(-x), f)
            }
        };
        let both = |f: &mut fmt::Formatter<'_>, kind: &str, from: f64, to: f64| {
            f.write_str(kind)?;
            fmt::Display::fmt(&Num(from), f)?;
            f.write_str(" to ")?;
            f.write_str(kind)?;
            fmt::Display::fmt(&Num(to), f)
        };
        match *self {
            NntCi::Benefit { from, to } => both(f, "NNTB ", from, to),
            NntCi::Harm { from, to } => both(f, "NNTH ", from, to),
            NntCi::Spans { from, to } => {
                name(f, from)?;
                f.write_str(" to ∞ to ")?;
                name(f, to)
            }
        }
    }
}

/// In CSV and JSON the interval is Altman's text (the `nnt_low`/`nnt_high` columns hold the numbers).
impl serde::Serialize for NntCi {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn continuous_view(rows: &[&OutcomeSummary<'_>]) -> View {
    let arm = |m: Option<f64>, sd: Option<f64>, n: Option<u32>, mark: &str| match (m, sd, n) {
        (Some(m), Some(sd), Some(n)) => format!("{}{mark} (SD {}, n {n})", fmt_num(m), fmt_num(sd)),
        _ => "—".into(),
    };
    View {
        title: Some("Continuous outcomes".into()),
        headers: [
            "Trial",
            "Outcome",
            "Scale",
            "Time point",
            "Treatment mean",
            "Control mean",
            "Mean difference (95% CI)",
            "Hedges' g (95% CI)",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.citation.to_string(),
                    label(r),
                    r.scale.to_string(),
                    r.timepoint.to_string(),
                    arm(r.mean_t, r.sd_t, r.n_t, mark(r)),
                    arm(r.mean_c, r.sd_c, r.n_c, mark(r)),
                    opt_ci(r.md, r.md_low, r.md_high),
                    opt_ci(r.smd, r.smd_low, r.smd_high),
                ]
            })
            .collect(),
        notes: std::iter::once(
            "Differences are treatment minus control; Hedges' g with the exact small-sample correction.".to_string(),
        )
        .chain(provenance_legend(rows.iter().map(|r| mark(r))))
        .collect(),
        ..View::default()
    }
    .column("Scale", Column::droppable(5))
    .column("Time point", Column::droppable(4))
    .column("Hedges' g (95% CI)", Column::droppable(3))
    .column("Control mean", Column::droppable(2))
    .column("Treatment mean", Column::droppable(2))
    .column("Outcome", Column::droppable(1))
}

/// The risk ratio cell: the estimate and CI, or why there is none for a double-zero table.
fn rr_text(r: &OutcomeSummary<'_>) -> String {
    let table = match (r.events_t, r.n_t, r.events_c, r.n_c) {
        (Some(events_t), Some(n_t), Some(events_c), Some(n_c)) => Some(TwoByTwo { events_t, n_t, events_c, n_c }),
        _ => None,
    };
    match (r.rr, table.and_then(|t| double_zero(&t))) {
        (None, Some(kind)) => format!("not estimable: {}", kind.describe()),
        _ => opt_ci(r.rr, r.rr_low, r.rr_high) + if r.rr_corrected { " *" } else { "" },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nnt_intervals_read_as_altman_writes_them() {
        assert_eq!(NntCi::Benefit { from: 2.0, to: 9.5 }.to_string(), "NNTB 2.00 to NNTB 9.50");
        assert_eq!(NntCi::Harm { from: 4.0, to: 10.0 }.to_string(), "NNTH 4.00 to NNTH 10.0");
        assert_eq!(NntCi::Spans { from: -20.0, to: 4.0 }.to_string(), "NNTH 20.0 to ∞ to NNTB 4.00");
        assert_eq!(NntCi::Spans { from: f64::INFINITY, to: 4.0 }.to_string(), "∞ to ∞ to NNTB 4.00");
        assert_eq!(serde_json::to_value(NntCi::Benefit { from: 2.0, to: 9.5 }).unwrap(), "NNTB 2.00 to NNTB 9.50");
    }
}
