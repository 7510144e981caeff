//! Reviewer overrides of the GRADE algorithm (`grade.csv`, optional): for one outcome and condition, the
//! change a reviewer judges right for one certainty domain, and the reason (`outcome`, `condition`,
//! `domain`, `change`, `reason`).

use super::Catalog;
use super::problem::Problem;
use super::read::{FileText, Row, Table, show};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

const GRADE_COLUMNS: [&str; 5] = ["outcome", "condition", "domain", "change", "reason"];

/// A GRADE certainty domain: the five reasons to rate down, and rating up observational evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GradeDomain {
    RiskOfBias,
    Inconsistency,
    Indirectness,
    Imprecision,
    PublicationBias,
    /// Large effect, dose-response or plausible confounding (observational evidence only).
    Upgrade,
}

impl GradeDomain {
    pub const ALL: [GradeDomain; 6] = [
        GradeDomain::RiskOfBias,
        GradeDomain::Inconsistency,
        GradeDomain::Indirectness,
        GradeDomain::Imprecision,
        GradeDomain::PublicationBias,
        GradeDomain::Upgrade,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GradeDomain::RiskOfBias => "risk_of_bias",
            GradeDomain::Inconsistency => "inconsistency",
            GradeDomain::Indirectness => "indirectness",
            GradeDomain::Imprecision => "imprecision",
            GradeDomain::PublicationBias => "publication_bias",
            GradeDomain::Upgrade => "upgrade",
        }
    }

    /// "risk of bias", for footnotes.
    pub fn words(self) -> String {
        self.as_str().replace('_', " ")
    }

    /// The changes allowed: 0, -1, -2 to rate down; 0, +1, +2 to rate up.
    pub fn allowed(self) -> [i8; 3] {
        if self == GradeDomain::Upgrade { [0, 1, 2] } else { [0, -1, -2] }
    }
}

impl fmt::Display for GradeDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for GradeDomain {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().replace([' ', '-'], "_");
        GradeDomain::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(&s))
            .ok_or_else(|| format!("one of {}", GradeDomain::ALL.map(GradeDomain::as_str).join(", ")))
    }
}

/// One row of `grade.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct GradeOverride {
    /// As written in outcomes.csv (matched case-insensitively).
    pub outcome: String,
    /// A condition key.
    pub condition: String,
    pub domain: GradeDomain,
    pub change: i8,
    pub reason: String,
    #[serde(skip)]
    pub line: u64,
}

/// Read the optional `grade.csv` into `catalog.grade`, checking outcome, condition and domain.
pub(super) fn attach(catalog: &mut Catalog, grade: FileText, problems: &mut Vec<Problem>) {
    let name = grade.name.clone();
    let Some(input) = grade.reader() else { return };
    let Some(table) = Table::read(&name, input, &GRADE_COLUMNS, problems) else { return };
    for row in table.rows() {
        if let Some(o) = override_row(catalog, &row, problems) {
            catalog.grade.push(o);
        }
    }
}

fn override_row(catalog: &Catalog, row: &Row<'_>, problems: &mut Vec<Problem>) -> Option<GradeOverride> {
    let start = problems.len();
    let outcome = row.required("outcome", problems);
    if !outcome.is_empty() && !catalog.outcomes.iter().any(|o| o.outcome.eq_ignore_ascii_case(outcome)) {
        row.problem("outcome", format!("expected an outcome named in outcomes.csv, found {}", show(outcome)), problems);
    }
    let condition = row.required("condition", problems);
    let key = catalog.conditions.iter().find(|c| c.matches(condition)).map(|c| c.key.clone());
    if !condition.is_empty() && key.is_none() {
        let keys: Vec<&str> = catalog.conditions.iter().map(|c| c.key.as_str()).collect();
        row.problem(
            "condition",
            format!("expected a condition key ({}), found {}", keys.join(", "), show(condition)),
            problems,
        );
    }
    if let Some(key) = &key
        && problems.len() == start
        && !has_numbers(catalog, outcome, key)
    {
        let why = format!(
            "expected an outcome with numbers to pool for {key}, found {} (no row measuring {key} has counts or means)",
            show(outcome)
        );
        row.problem("outcome", why, problems);
    }
    let domain = match row.get("domain").parse::<GradeDomain>() {
        Ok(d) => Some(d),
        Err(allowed) => {
            row.problem("domain", format!("expected {allowed}, found {}", show(row.get("domain"))), problems);
            None
        }
    };
    let change = change(row, domain, problems);
    let reason = row.required("reason", problems);
    if problems.len() > start {
        return None;
    }
    let (Some(condition), Some(domain), Some(change)) = (key, domain, change) else { return None };
    Some(GradeOverride {
        outcome: outcome.to_string(),
        condition,
        domain,
        change,
        reason: reason.to_string(),
        line: row.line(),
    })
}

/// Whether some row of `outcome` measuring condition `key` (its own, else its trial's) has numbers,
/// so `sof` can pool it.
fn has_numbers(catalog: &Catalog, outcome: &str, key: &str) -> bool {
    catalog.trials.iter().any(|t| {
        catalog.outcomes_of(&t.id).any(|o| {
            o.outcome.eq_ignore_ascii_case(outcome) && o.has_numbers() && o.conditions_or(t).iter().any(|c| c == key)
        })
    })
}

fn change(row: &Row<'_>, domain: Option<GradeDomain>, problems: &mut Vec<Problem>) -> Option<i8> {
    let text = row.get("change");
    let allowed = domain.map_or([0, -1, -2, 1, 2].as_slice(), |d| match d {
        GradeDomain::Upgrade => &[0, 1, 2],
        _ => &[0, -1, -2],
    });
    match text.trim_start_matches('+').parse::<i8>() {
        Ok(c) if allowed.contains(&c) => Some(c),
        _ => {
            let list: Vec<String> =
                allowed.iter().map(|c| if *c > 0 { format!("+{c}") } else { c.to_string() }).collect();
            let which = domain.map_or(String::new(), |d| format!(" for {d}"));
            row.problem(
                "change",
                format!("expected one of {}{which}, found {}", list.join(", "), show(text)),
                problems,
            );
            None
        }
    }
}
