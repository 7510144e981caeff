//! One line per trial for evidence tables, as text for people: what was compared, in how many, and
//! the primary result (a view of the catalog, so it lives with the other renderers).

use super::{Column, Records, View};
use crate::catalog::{ArmData, Catalog, Filter, Outcome, Trial};
use crate::text::{fmt_num, fmt_pct};
use serde_json::Value;

/// A trial's evidence-table row, as text for people.
#[derive(Debug, Clone)]
pub struct TrialLine {
    pub citation: String,
    pub conditions: String,
    pub design: String,
    pub comparator: String,
    pub n_randomized: Option<u32>,
    pub intervention: String,
    /// "CAPS-5 change, week 2 (primary)".
    pub primary_outcome: String,
    /// "-44.0 (SD 10.1) vs -16.4 (SD 12.0); response 10/15 (67%) vs 3/15 (20%)".
    pub result: String,
}

pub fn line(catalog: &Catalog, t: &Trial) -> TrialLine {
    let outcomes: Vec<&Outcome> = catalog.outcomes_of(&t.id).collect();
    let primary = outcomes.iter().copied().find(|o| o.is_primary());
    let result = result(&outcomes, primary);
    let primary_outcome = match primary {
        Some(p) => [&*p.scale, &*p.outcome, &*p.timepoint]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", "),
        // Every row's `primary` empty: which outcome is primary is not known, not "none".
        None if !outcomes.is_empty() && outcomes.iter().all(|o| o.primary.is_none()) => {
            "primary outcome not stated in catalog".into()
        }
        None => "no primary outcome in catalog".into(),
    };
    let intervention = [Some(t.drug()), Some(t.route()), t.dose()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    TrialLine {
        citation: t.citation().to_string(),
        conditions: t.conditions.iter().map(|c| catalog.label(c)).collect::<Vec<_>>().join("; "),
        design: t.design.to_string(),
        comparator: t.comparator().to_string(),
        n_randomized: t.n_randomized,
        intervention,
        primary_outcome,
        result,
    }
}

/// Whether a row has numbers to show: counts, means or reported percentages.
fn shows_numbers(o: &Outcome) -> bool {
    o.has_numbers() || o.pct_t().is_some() || o.pct_c().is_some()
}

/// The primary outcome's result (and the response at its time point), else the first row with
/// numbers of any kind; "no outcome rows" only for a trial that has none.
fn result(outcomes: &[&Outcome], primary: Option<&Outcome>) -> String {
    let mut result = Vec::new();
    let response = outcomes
        .iter()
        .copied()
        .filter(|o| o.outcome.eq_ignore_ascii_case("response"))
        .min_by_key(|o| primary.is_none_or(|p| !same_time(o, p)) as u8);
    if let Some(p) = primary.filter(|p| shows_numbers(p)) {
        result.push(format!("{} {}", p.outcome, arms(p)));
    }
    if let Some(r) = response.filter(|r| shows_numbers(r) && primary.is_none_or(|p| !std::ptr::eq(*r, p))) {
        let when = if primary.is_some_and(|p| same_time(p, r)) { String::new() } else { format!(" ({})", r.timepoint) };
        result.push(format!("response {}{when}", arms(r)));
    }
    if result.is_empty()
        && let Some(first) = outcomes.iter().copied().find(|o| shows_numbers(o))
    {
        result.push(format!("{} {} ({})", first.outcome, arms(first), first.timepoint));
    }
    if let Some(p) = primary.filter(|p| !shows_numbers(p)) {
        result.push(format!("{}: no numbers in the catalog (see notes)", p.outcome));
    }
    match (result.is_empty(), outcomes.is_empty()) {
        (false, _) => result.join("; "),
        (true, true) => "no outcome rows".into(),
        (true, false) => format!("{} outcome row(s), none with numbers (see notes)", outcomes.len()),
    }
}

/// Two rows at the same time point: the same day count when both have one, else the same words (two
/// rows without days, "over the infusion course" and "after 10 infusions", are not the same time).
pub(crate) fn same_time(a: &Outcome, b: &Outcome) -> bool {
    match (a.days(), b.days()) {
        (Some(x), Some(y)) => x == y,
        _ => a.timepoint.trim().eq_ignore_ascii_case(b.timepoint.trim()),
    }
}

/// "10/15 (67%) vs 3/15 (20%)" or "-44.0 (SD 10.1, n 15) vs ..."; single-arm rows have no "vs".
/// Derived counts carry `†`, secondary ones `‡`; a percentage without a count is "33% (reported %)".
fn arms(o: &Outcome) -> String {
    let mark = o.provenance.map_or("", |p| p.mark());
    let one = |d: &ArmData, pct: Option<f64>| match (*d, pct) {
        (ArmData::Binary { events, n }, _) => {
            format!("{events}/{n}{mark} ({})", fmt_pct(f64::from(events) / f64::from(n)))
        }
        (ArmData::Continuous { mean, sd, n }, _) => format!("{}{mark} (SD {}, n {n})", fmt_num(mean), fmt_num(sd)),
        (ArmData::Unreported { .. }, Some(p)) => format!("{} (reported %)", fmt_reported_pct(p)),
        (ArmData::Unreported { .. }, None) => "not reported".to_string(),
    };
    if !shows_numbers(o) {
        return "no numbers in the catalog (see notes)".into();
    }
    match &o.control {
        Some(c) => format!("{} vs {}", one(&o.treatment.data, o.pct_t()), one(&c.data, o.pct_c())),
        None => format!("{} (single arm)", one(&o.treatment.data, o.pct_t())),
    }
}

/// A percentage as the catalog gives it, to at most 2 decimals without trailing zeros: "33.33%", "0%".
pub fn fmt_reported_pct(p: f64) -> String {
    let s = format!("{p:.2}");
    format!("{}%", s.trim_end_matches('0').trim_end_matches('.'))
}

/// The trials.csv columns, as written, of `trials` (what `export --what trials` writes too).
pub fn records(catalog: &Catalog, trials: &[&Trial]) -> Records {
    Records {
        columns: catalog.trial_columns.clone(),
        rows: trials
            .iter()
            .map(|t| t.raw().iter().zip(&catalog.trial_columns).map(|(v, c)| cell(c, v)).collect())
            .collect(),
    }
}

/// A trials.csv cell as JSON: the count and year columns as numbers (null when empty), the rest as
/// written (CSV writes both the same).
fn cell(column: &str, value: &str) -> Value {
    const COUNTS: [&str; 3] = ["year", "n_randomized", "n_doses"];
    let v = value.trim();
    match (COUNTS.contains(&column), v.parse::<u64>()) {
        (true, Ok(n)) => Value::from(n),
        (true, Err(_)) if v.is_empty() => Value::Null,
        _ => Value::String(value.to_string()),
    }
}

/// The evidence table of `trials` (selected by `filter`), with the count of participants.
pub fn view(catalog: &Catalog, filter: &Filter, trials: &[&Trial]) -> View {
    let rows: Vec<Vec<String>> = trials
        .iter()
        .map(|t| {
            let l = line(catalog, t);
            vec![
                l.citation,
                l.conditions,
                l.design,
                l.intervention,
                l.comparator,
                l.n_randomized.map_or("not reported".into(), |n| n.to_string()),
                l.primary_outcome,
                l.result,
            ]
        })
        .collect();
    let total: u64 = trials.iter().filter_map(|t| t.n_randomized).map(u64::from).sum();
    let mut notes = if trials.is_empty() {
        vec![format!("No trial in the {} matches {}.", catalog.origin, filter.describe(catalog))]
    } else {
        vec![format!(
            "{} trial(s), {} participants randomized or enrolled ({}).",
            trials.len(),
            total,
            filter.describe(catalog)
        )]
    };
    let marks = ["†", "‡"].into_iter().filter(|m| rows.iter().any(|r| r[7].contains(m)));
    notes.extend(super::summary::provenance_legend(marks));
    View {
        title: None,
        headers: ["Trial", "Condition", "Design", "Intervention", "Comparator", "N", "Primary outcome", "Result"]
            .map(String::from)
            .to_vec(),
        rows,
        notes,
        ..View::default()
    }
    .column("Primary outcome", Column::droppable(6))
    .column("Comparator", Column::droppable(5))
    .column("Design", Column::droppable(4).no_wrap())
    .column("Condition", Column::droppable(3))
    .column("Intervention", Column::droppable(2))
    .column("N", Column::KEEP.no_wrap())
}
