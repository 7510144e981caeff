//! One line per trial for evidence tables: what was compared, in how many, and the primary result.

use crate::catalog::{ArmData, Catalog, Outcome, Trial};
use crate::report::{fmt_num, fmt_pct};

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
    let primary = outcomes.iter().copied().find(|o| o.primary);
    let response = outcomes
        .iter()
        .copied()
        .filter(|o| o.outcome.eq_ignore_ascii_case("response"))
        .min_by_key(|o| primary.is_none_or(|p| o.days != p.days) as u8);
    let has_numbers = |o: &Outcome| !matches!(o.treatment.data, ArmData::Unreported { .. });
    let mut result = Vec::new();
    if let Some(p) = primary.filter(|p| has_numbers(p)) {
        result.push(format!("{} {}", p.outcome, arms(p)));
    }
    if let Some(r) = response.filter(|r| has_numbers(r) && primary.is_none_or(|p| !std::ptr::eq(*r, p))) {
        let when =
            if primary.is_some_and(|p| p.days == r.days) { String::new() } else { format!(" ({})", r.timepoint) };
        result.push(format!("response {}{when}", arms(r)));
    }
    if let Some(p) = primary.filter(|p| !has_numbers(p)) {
        result.push(format!("{}: no numbers in the catalog (see notes)", p.outcome));
    }
    let primary_outcome = match primary {
        Some(p) => [&*p.scale, &*p.outcome, &*p.timepoint]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", "),
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
        result: if result.is_empty() { "no outcome rows".into() } else { result.join("; ") },
    }
}

/// "10/15 (67%) vs 3/15 (20%)" or "-44.0 (SD 10.1, n 15) vs ..."; single-arm rows have no "vs".
fn arms(o: &Outcome) -> String {
    let one = |d: &ArmData| match *d {
        ArmData::Binary { events, n } => format!("{events}/{n} ({})", fmt_pct(f64::from(events) / f64::from(n))),
        ArmData::Continuous { mean, sd, n } => format!("{} (SD {}, n {n})", fmt_num(mean), fmt_num(sd)),
        ArmData::Unreported { .. } => "not reported".to_string(),
    };
    let unreported = |d: &ArmData| matches!(d, ArmData::Unreported { .. });
    match &o.control {
        Some(c) if unreported(&o.treatment.data) && unreported(&c.data) => {
            "no numbers in the catalog (see notes)".into()
        }
        None if unreported(&o.treatment.data) => "no numbers in the catalog (see notes)".into(),
        Some(c) => format!("{} vs {}", one(&o.treatment.data), one(&c.data)),
        None => format!("{} (single arm)", one(&o.treatment.data)),
    }
}
