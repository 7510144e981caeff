//! Risk of bias (`rob.csv`, optional): one RoB 2 assessment per randomized trial, in robvis' ROB2 shape
//! (`trial`, `d1`..`d5`, `overall`, `source`; optional `d1_support`..`d5_support`, `notes`).

use super::fnv::FnvMap;
use super::problem::Problem;
use super::read::{FileText, Row, Table, show};
use super::{Catalog, Text};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

const ROB_COLUMNS: [&str; 8] = ["trial", "d1", "d2", "d3", "d4", "d5", "overall", "source"];
const DOMAIN_COLUMNS: [&str; 5] = ["d1", "d2", "d3", "d4", "d5"];
const SUPPORT_COLUMNS: [&str; 5] = ["d1_support", "d2_support", "d3_support", "d4_support", "d5_support"];

/// RoB 2's five domains, in order (Sterne et al. 2019, BMJ 366:l4898).
pub const ROB_DOMAINS: [&str; 5] = [
    "Randomization process",
    "Deviations from intended interventions",
    "Missing outcome data",
    "Measurement of the outcome",
    "Selection of the reported result",
];

/// A RoB 2 judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Judgement {
    #[serde(rename = "low")]
    Low,
    #[serde(rename = "some concerns")]
    SomeConcerns,
    #[serde(rename = "high")]
    High,
    #[serde(rename = "no information")]
    NoInformation,
}

impl Judgement {
    pub const ALL: [Judgement; 4] =
        [Judgement::Low, Judgement::SomeConcerns, Judgement::High, Judgement::NoInformation];

    pub fn as_str(self) -> &'static str {
        match self {
            Judgement::Low => "low",
            Judgement::SomeConcerns => "some concerns",
            Judgement::High => "high",
            Judgement::NoInformation => "no information",
        }
    }

    /// The letter drawn in a traffic-light cell (robvis: + - X ?, here letters that read in grey print).
    pub fn letter(self) -> &'static str {
        match self {
            Judgement::Low => "L",
            Judgement::SomeConcerns => "S",
            Judgement::High => "H",
            Judgement::NoInformation => "?",
        }
    }

    /// RoB 2's overall rule: high if any domain is high, some concerns if any is, else low
    /// ("no information" counts as some concerns, as robvis does).
    pub fn overall_of(domains: &[Judgement; 5]) -> Judgement {
        if domains.contains(&Judgement::High) {
            Judgement::High
        } else if domains.iter().any(|d| matches!(d, Judgement::SomeConcerns | Judgement::NoInformation)) {
            Judgement::SomeConcerns
        } else {
            Judgement::Low
        }
    }
}

impl fmt::Display for Judgement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Judgement {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().replace('_', " ");
        Judgement::ALL
            .into_iter()
            .find(|j| j.as_str().eq_ignore_ascii_case(&s))
            .ok_or_else(|| format!("one of {}", Judgement::ALL.map(Judgement::as_str).join(", ")))
    }
}

/// One trial's RoB 2 assessment (one row of `rob.csv`).
#[derive(Debug, Clone)]
pub struct RobAssessment {
    pub trial: Text,
    /// Line in rob.csv.
    pub line: u64,
    pub domains: [Judgement; 5],
    /// The one-line support for each domain's judgement (empty when not given).
    pub support: [String; 5],
    pub overall: Judgement,
    /// What the judgements rest on (the paper's methods as read, a Cochrane review's table).
    pub source: String,
    pub notes: String,
}

/// The catalog's `rob.csv`: the file it came from and its assessments, in file order.
#[derive(Debug, Clone, Default)]
pub struct RobTable {
    pub file: String,
    pub rows: Vec<RobAssessment>,
    /// Trial id -> position in `rows`.
    index: FnvMap<Text, usize>,
}

impl RobTable {
    pub fn of(&self, trial: &str) -> Option<&RobAssessment> {
        self.index.get(trial).map(|&i| &self.rows[i])
    }

    fn push(&mut self, a: RobAssessment) {
        self.index.insert(a.trial.clone(), self.rows.len());
        self.rows.push(a);
    }
}

/// Read the optional `rob.csv` into `catalog.rob`; problems and warnings are appended.
pub(super) fn attach(catalog: &mut Catalog, rob: FileText, problems: &mut Vec<Problem>) {
    let name = rob.name.clone();
    let Some(input) = rob.reader() else { return };
    let Some(table) = Table::read(&name, input, &ROB_COLUMNS, problems) else { return };
    let mut out = RobTable { file: name, ..RobTable::default() };
    for row in table.rows() {
        if let Some(a) = assessment(catalog, &row, &out, problems) {
            out.push(a);
        }
    }
    catalog.rob = Some(out);
}

fn judgement(row: &Row<'_>, col: &'static str, problems: &mut Vec<Problem>) -> Option<Judgement> {
    match row.get(col).parse::<Judgement>() {
        Ok(j) => Some(j),
        Err(allowed) => {
            row.problem(col, format!("expected {allowed}, found {}", show(row.get(col))), problems);
            None
        }
    }
}

fn assessment(
    catalog: &mut Catalog,
    row: &Row<'_>,
    seen: &RobTable,
    problems: &mut Vec<Problem>,
) -> Option<RobAssessment> {
    let start = problems.len();
    let trial = row.required("trial", problems);
    let known = catalog.trial(trial).map(|t| (t.id.clone(), t.design));
    if !trial.is_empty() && known.is_none() {
        row.problem("trial", format!("expected an id from trials.csv, found \"{trial}\""), problems);
    }
    if let Some(first) = seen.of(trial) {
        row.problem(
            "trial",
            format!("expected one row per trial, found \"{trial}\" already on line {}", first.line),
            problems,
        );
    }
    let domains: Vec<Option<Judgement>> = DOMAIN_COLUMNS.iter().map(|c| judgement(row, c, problems)).collect();
    let overall = judgement(row, "overall", problems);
    let source = row.required("source", problems);
    if problems.len() > start {
        return None;
    }
    let (id, design) = known?;
    let domains: [Judgement; 5] = std::array::from_fn(|i| domains[i].unwrap_or(Judgement::NoInformation));
    let overall = overall?;
    let rule = Judgement::overall_of(&domains);
    if overall != rule {
        let why = format!(
            "expected \"{rule}\" by RoB 2's rule (high if any domain is high, some concerns if any is, else low), found \"{overall}\" (kept: a reviewer may judge several concerns as high)"
        );
        catalog.warnings.push(Problem::new(&seen.file, Some(row.line()), Some("overall"), why));
    }
    if !design.is_controlled() {
        let why = format!(
            "expected a randomized trial (RoB 2 assesses randomized trials), found design {design}; GRADE treats it as observational evidence whatever this row says"
        );
        catalog.warnings.push(Problem::new(&seen.file, Some(row.line()), Some("trial"), why));
    }
    Some(RobAssessment {
        trial: id,
        line: row.line(),
        domains,
        support: std::array::from_fn(|i| row.get(SUPPORT_COLUMNS[i]).to_string()),
        overall,
        source: source.to_string(),
        notes: row.get("notes").to_string(),
    })
}
