//! Outcomes in a reader's words: the scale and time point instead of outcomes.csv's keys, the arms'
//! numbers when the catalog has them, and the paper's own primary result (trials.csv) when it has not.

use crate::analysis::sof::SofRow;
use crate::catalog::{ArmData, Catalog, Outcome, PrimaryResult, Trial};
use crate::report::trials::fmt_reported_pct;
use crate::text::{fmt_num, fmt_pct};
use maud::{Markup, html};

/// The trials table's "Primary outcome and result" cell: what was measured and when, then what
/// was found.
pub(super) fn primary_cell(catalog: &Catalog, t: &Trial) -> Markup {
    let rows: Vec<&Outcome> = catalog.outcomes_of(&t.id).collect();
    let primary = rows.iter().copied().find(|o| o.is_primary());
    let shown = primary.filter(|p| numbers(p).is_some());
    let response = rows
        .iter()
        .copied()
        .filter(|o| o.outcome.eq_ignore_ascii_case("response") && numbers(o).is_some())
        .find(|o| primary.is_none_or(|p| !std::ptr::eq(*o, p) && crate::report::trials::same_time(o, p)));
    let other = rows.iter().copied().find(|o| numbers(o).is_some());
    html! {
        @match primary {
            Some(p) => span.measure { (measured(p)) ":" },
            None if rows.is_empty() => span.measure { "No outcome results in the catalog." },
            None => span.measure { "The catalog does not say which outcome was primary." },
        }
        @if let Some(p) = shown {
            " " span.numbers { (numbers(p).unwrap_or_default()) "." }
        } @else if primary.is_some() {
            " reported without numbers."
        }
        @if let Some(r) = response {
            " " span.numbers { (response_label(r)) ": " (numbers(r).unwrap_or_default()) "." }
        } @else if let Some(o) = other.filter(|_| primary.is_none()) {
            " " span.numbers { (measured(o)) ": " (numbers(o).unwrap_or_default()) "." }
        }
        @if let Some(r) = catalog.primary_result(t) { " " span.result { "The paper's primary result: " (result_words(r)) "." } }
    }
}

/// "Response (>=30% reduction from baseline)", or the definition alone when it says "response".
fn response_label(o: &Outcome) -> String {
    let d = o.definition.trim();
    match d.get(..8) {
        Some(w) if w.eq_ignore_ascii_case("response") => format!("R{}", &d[1..]),
        _ if d.is_empty() => "Response".into(),
        _ => format!("Response ({d})"),
    }
}

/// "a benefit", "no difference", "mixed".
pub(super) fn result_words(r: PrimaryResult) -> &'static str {
    match r {
        PrimaryResult::Positive => "a benefit",
        PrimaryResult::Null => "no difference",
        PrimaryResult::Mixed => "mixed",
    }
}

/// "IES-R (mean change from baseline), 24 h after infusion": the scale, what of it, and when.
pub(super) fn measured(o: &Outcome) -> String {
    let what = name(o);
    if o.timepoint.is_empty() { what } else { format!("{what}, {}", o.timepoint) }
}

/// The scale and its definition, else whichever the row has, else its key.
fn name(o: &Outcome) -> String {
    match (o.scale.is_empty(), o.definition.is_empty()) {
        (false, false) => format!("{} ({})", o.scale, o.definition),
        (false, true) => o.scale.to_string(),
        (true, false) => o.definition.to_string(),
        (true, true) => o.outcome.to_string(),
    }
}

/// "10/15 (67%) vs 3/15 (20%)", "-44.0 (SD 10.1, n 15) vs ...", "9/25 (36%), single arm"; derived
/// numbers carry `†`, secondary ones `‡`. `None` when neither arm has a number.
fn numbers(o: &Outcome) -> Option<String> {
    let mark = o.provenance.map_or("", |p| p.mark());
    let one = |d: &ArmData, pct: Option<f64>| match (*d, pct) {
        (ArmData::Binary { events, n }, _) => {
            Some(format!("{events}/{n}{mark} ({})", fmt_pct(f64::from(events) / f64::from(n))))
        }
        (ArmData::Continuous { mean, sd, n }, _) => {
            Some(format!("mean {}{mark} (SD {}, n {n})", fmt_num(mean), fmt_num(sd)))
        }
        (ArmData::Unreported { .. }, Some(p)) => Some(format!("{} (a percentage, no count)", fmt_reported_pct(p))),
        (ArmData::Unreported { .. }, None) => None,
    };
    let t = one(&o.treatment.data, o.pct_t());
    match &o.control {
        Some(c) => {
            let c = one(&c.data, o.pct_c());
            if t.is_none() && c.is_none() {
                return None;
            }
            let or = |s: Option<String>| s.unwrap_or_else(|| "not reported".into());
            Some(format!("{} vs {}", or(t), or(c)))
        }
        None => t.map(|t| format!("{t}, single arm")),
    }
}

/// An outcome key in words, as measured for `condition`: its scale(s) and definition, and in how
/// many trials ("CAPS-5, 2 trials"; the definitions are in the trials table).
pub(super) fn key_in_words(catalog: &Catalog, condition: &str, key: &str) -> String {
    let rows: Vec<(&Trial, &Outcome)> = catalog
        .trials
        .iter()
        .flat_map(|t| catalog.outcomes_of(&t.id).map(move |o| (t, o)))
        .filter(|(t, o)| &*o.outcome == key && o.conditions_or(t).iter().any(|c| c == condition))
        .collect();
    let mut names: Vec<String> = Vec::new();
    let mut ids: Vec<&str> = Vec::new();
    for (t, o) in &rows {
        let name = if o.scale.is_empty() { name(o) } else { o.scale.to_string() };
        if !names.contains(&name) {
            names.push(name);
        }
        if !ids.contains(&&*t.id) {
            ids.push(&t.id);
        }
    }
    let n = ids.len();
    match names.is_empty() {
        true => key.to_string(),
        false => format!("{}, {n} trial{}", names.join(" or "), if n == 1 { "" } else { "s" }),
    }
}

/// A SoF row by what it measures: "response (CAPS-5)" for a key that is a plain word, else the
/// scale ("HAM-D (25-item) change" for a `-change` key), then the time point; the key itself only when neither says more.
pub(super) fn sof_label(row: &SofRow) -> String {
    let what = match (plain_key(&row.outcome), row.scale.is_empty()) {
        (true, false) => format!("{} ({})", row.outcome, row.scale),
        (false, false) if row.outcome.ends_with("-change") => format!("{} change", row.scale),
        (false, false) => row.scale.clone(),
        (_, true) => row.outcome.clone(),
    };
    if row.timepoint.is_empty() { what } else { format!("{what}, {}", row.timepoint) }
}

/// Whether an outcome key reads as a word ("response", "remission"), not a code ("hamd-change").
pub(super) fn plain_key(key: &str) -> bool {
    key.chars().all(|c| c.is_alphabetic() || c == ' ')
}
