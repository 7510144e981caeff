//! The catalog data contract: typed trials, outcome rows and the condition vocabulary.
//!
//! A catalog is a folder of CSV files (`trials.csv`, `outcomes.csv`, optional `conditions.csv`);
//! a pipeline: `read` (bytes -> CSV rows, header checked) -> `load` (typed rows, validated, indexed),
//! then `claims`, `rob`, `grade` attach their files; `embedded` is only the bundled files' text.

mod claims;
mod embedded;
pub(crate) mod encoding;
mod evidence;
mod fields;
mod filter;
mod fingerprint;
mod fnv;
mod grade;
mod load;
mod problem;
mod read;
mod records;
mod rob;
mod warnings;

pub use claims::{Claim, Document, Verdict};
/// (trials, outcome rows) of the bundled catalog, counted at build time (build.rs).
pub(crate) use embedded::ROWS as BUNDLED_ROWS;
pub use evidence::{Evidence, EvidenceKind, PrimaryResult, is_evidence_id};
pub use fields::Fields;
pub use filter::{Filter, Unknown, nearest, resolve_conditions, resolve_trials};
pub use fingerprint::{Fingerprint, fingerprint};
pub use grade::{GradeDomain, GradeOverride};
pub use load::embedded;
pub use load::{OUTCOME_COLUMNS, TRIAL_COLUMNS};
pub use load::{RawTable, Source, from_bytes, load, read_raw};
pub use problem::{CatalogError, Problem};
pub use rob::{Judgement, ROB_DOMAINS, RobAssessment, RobTable};
pub use warnings::warnings;

use fnv::FnvMap;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Study design, as the `design` column spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Design {
    #[serde(rename = "parallel-rct")]
    ParallelRct,
    #[serde(rename = "crossover-rct")]
    CrossoverRct,
    #[serde(rename = "open-label")]
    OpenLabel,
    #[serde(rename = "retrospective")]
    Retrospective,
}

impl Design {
    pub const ALL: [Design; 4] = [Design::ParallelRct, Design::CrossoverRct, Design::OpenLabel, Design::Retrospective];

    pub fn as_str(self) -> &'static str {
        match self {
            Design::ParallelRct => "parallel-rct",
            Design::CrossoverRct => "crossover-rct",
            Design::OpenLabel => "open-label",
            Design::Retrospective => "retrospective",
        }
    }

    /// Randomized against a comparator (parallel or crossover).
    pub fn is_controlled(self) -> bool {
        matches!(self, Design::ParallelRct | Design::CrossoverRct)
    }

    pub fn allowed() -> String {
        Design::ALL.map(Design::as_str).join(", ")
    }
}

impl fmt::Display for Design {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Design {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Design::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("one of {}", Design::allowed()))
    }
}

/// One row of `conditions.csv`: the catalog's own vocabulary.
#[derive(Debug, Clone, Serialize)]
pub struct Condition {
    pub key: String,
    pub label: String,
    pub aliases: Vec<String>,
}

impl Condition {
    /// Whether `name` is this condition's key, label or one of its aliases (case-insensitive).
    pub fn matches(&self, name: &str) -> bool {
        let name = name.trim();
        std::iter::once(&self.key)
            .chain(std::iter::once(&self.label))
            .chain(&self.aliases)
            .any(|n| n.eq_ignore_ascii_case(name))
    }
}

/// One row of `trials.csv`. `raw` keeps every column as written (trimmed), in header order; the text
/// columns are read from it (`citation()`, ...) rather than copied, so a large catalog stays small.
#[derive(Debug, Clone)]
pub struct Trial {
    pub id: Text,
    pub year: i32,
    /// Condition keys (the `condition` column split on `;`).
    pub conditions: Vec<String>,
    pub design: Design,
    /// `None` when the paper does not report it (the row's notes say why).
    pub n_randomized: Option<u32>,
    pub raw: Fields,
    /// Shared by every trial of one trials.csv.
    cols: std::sync::Arc<TrialColumns>,
}

/// Where a trial's text columns stand in `raw` (the same for every row of one trials.csv).
#[derive(Debug, Clone, Copy)]
pub(crate) struct TrialColumns {
    pub citation: usize,
    pub title: usize,
    pub blinding: usize,
    pub comparator: usize,
    pub drug: usize,
    pub route: usize,
    pub doi: usize,
    pub pmid: usize,
    pub source: usize,
    /// `dose` is a recommended column, not a required one.
    pub dose: Option<usize>,
}

impl Trial {
    pub(crate) fn new(
        id: Text,
        year: i32,
        conditions: Vec<String>,
        design: Design,
        n_randomized: Option<u32>,
        raw: Fields,
        cols: std::sync::Arc<TrialColumns>,
    ) -> Trial {
        Trial { id, year, conditions, design, n_randomized, raw, cols }
    }

    fn column(&self, i: usize) -> &str {
        self.raw.get(i).unwrap_or("")
    }

    fn optional(&self, i: Option<usize>) -> Option<&str> {
        i.map(|i| self.column(i)).filter(|v| !v.is_empty())
    }

    /// "Feder 2021, Am J Psychiatry".
    pub fn citation(&self) -> &str {
        self.column(self.cols.citation)
    }
    pub fn title(&self) -> &str {
        self.column(self.cols.title)
    }
    pub fn blinding(&self) -> &str {
        self.column(self.cols.blinding)
    }
    pub fn comparator(&self) -> &str {
        self.column(self.cols.comparator)
    }
    pub fn drug(&self) -> &str {
        self.column(self.cols.drug)
    }
    pub fn route(&self) -> &str {
        self.column(self.cols.route)
    }
    /// Where the bibliographic facts and N were read.
    pub fn source(&self) -> &str {
        self.column(self.cols.source)
    }
    pub fn doi(&self) -> Option<&str> {
        self.optional(Some(self.cols.doi))
    }
    pub fn pmid(&self) -> Option<&str> {
        self.optional(Some(self.cols.pmid))
    }
    pub fn dose(&self) -> Option<&str> {
        self.optional(self.cols.dose)
    }
}

/// The data of one arm of an outcome row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArmData {
    /// `events` of `n` participants.
    Binary { events: u32, n: u32 },
    /// Mean and standard deviation over `n` participants.
    Continuous { mean: f64, sd: f64, n: u32 },
    /// The paper gives no usable numbers for this arm (the row's notes say why); `n` when known.
    Unreported { n: Option<u32> },
}

impl ArmData {
    pub fn n(&self) -> Option<u32> {
        match *self {
            ArmData::Binary { n, .. } | ArmData::Continuous { n, .. } => Some(n),
            ArmData::Unreported { n } => n,
        }
    }
}

/// One arm of an outcome row: its label and data.
#[derive(Debug, Clone)]
pub struct Arm {
    pub label: Text,
    pub data: ArmData,
}

/// Text shared between rows: outcome rows repeat their trial id, outcome name, scale, definition, time
/// point, arm labels and source, so each distinct value is stored once and shared.
pub type Text = std::sync::Arc<str>;

/// Where an outcome row's numbers come from (the `provenance` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provenance {
    /// The counts are printed in the source.
    Reported,
    /// Computed from a reported percentage and a known denominator (the notes show the arithmetic).
    Derived,
    /// Read in another paper, a registry or a web page (named in `source`).
    Secondary,
}

impl Provenance {
    pub const ALL: [Provenance; 3] = [Provenance::Reported, Provenance::Derived, Provenance::Secondary];

    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Reported => "reported",
            Provenance::Derived => "derived",
            Provenance::Secondary => "secondary",
        }
    }

    /// The mark tables put after a derived (`†`) or secondary (`‡`) number; none for reported ones.
    pub fn mark(self) -> &'static str {
        match self {
            Provenance::Reported => "",
            Provenance::Derived => "†",
            Provenance::Secondary => "‡",
        }
    }
}

impl FromStr for Provenance {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Provenance::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("one of {}", Provenance::ALL.map(Provenance::as_str).join(", ")))
    }
}

/// One row of `outcomes.csv`: a trial x outcome x time point.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub trial: Text,
    /// Line in outcomes.csv (for messages).
    pub line: u64,
    pub outcome: Text,
    pub scale: Text,
    pub definition: Text,
    pub timepoint: Text,
    pub days: Option<f64>,
    /// `None` when the `primary` cell is empty: not known, which is not the same as "no".
    pub primary: Option<bool>,
    /// The condition keys this row measures (the `condition` column); empty = the trial's conditions.
    pub conditions: Vec<String>,
    /// `None` when the `provenance` cell is empty (a `check` warning).
    pub provenance: Option<Provenance>,
    /// Percentages (0-100) reported without an honest count; shown and audited, never pooled.
    pub pct_t: Option<f64>,
    pub pct_c: Option<f64>,
    pub treatment: Arm,
    /// `None` for a single-arm study.
    pub control: Option<Arm>,
    pub source: Text,
    pub notes: Text,
}

impl Outcome {
    /// Whether the row is known to be the paper's primary outcome (an empty cell is not).
    pub fn is_primary(&self) -> bool {
        self.primary == Some(true)
    }

    /// The conditions this row measures: its own `condition` column, else its trial's conditions.
    pub fn conditions_or<'a>(&'a self, trial: &'a Trial) -> &'a [String] {
        if self.conditions.is_empty() { &trial.conditions } else { &self.conditions }
    }

    /// Whether either arm has numbers (events or mean/SD).
    pub fn has_numbers(&self) -> bool {
        let reported = |d: &ArmData| !matches!(d, ArmData::Unreported { .. });
        reported(&self.treatment.data) || self.control.as_ref().is_some_and(|c| reported(&c.data))
    }
}

/// A loaded, validated catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Where it came from, for messages ("embedded catalog" or a folder).
    pub origin: String,
    /// The name of its outcomes.csv as messages show it (e.g. "dir/outcomes.csv").
    pub outcome_file: String,
    pub conditions: Vec<Condition>,
    /// The header of `trials.csv`, in file order (export keeps these columns).
    pub trial_columns: Vec<String>,
    pub trials: Vec<Trial>,
    pub outcomes: Vec<Outcome>,
    /// The articles whose claims are audited (`documents.csv`, optional).
    pub documents: Vec<Document>,
    /// The claims audit (`claims.csv`, optional).
    pub claims: Vec<Claim>,
    /// Sourced non-trial evidence (`evidence.csv`, optional).
    pub evidence: Vec<Evidence>,
    /// Risk of bias (`rob.csv`, optional; `None` when the catalog has no such file).
    pub rob: Option<RobTable>,
    /// Reviewer overrides of the GRADE algorithm (`grade.csv`, optional).
    pub grade: Vec<GradeOverride>,
    /// Things `check` reports without refusing the catalog (e.g. an overall RoB 2 judgement that departs from the rule).
    pub warnings: Vec<Problem>,
    /// Trial id -> (line in trials.csv, index in `trials`).
    trial_index: FnvMap<Text, (u64, usize)>,
    /// Outcomes grouped by trial: the outcomes of trial i are `outcome_order[outcome_start[i]..outcome_start[i + 1]]`,
    /// in file order (two flat arrays instead of a list per trial).
    outcome_start: Vec<usize>,
    outcome_order: Vec<usize>,
}

/// Read the optional certainty files (`rob.csv`, `grade.csv`) into `catalog`, reporting every problem.
fn attach_certainty(catalog: &mut Catalog, rob: read::FileText, grade: read::FileText) -> Result<(), CatalogError> {
    let mut problems = Vec::new();
    rob::attach(catalog, rob, &mut problems);
    grade::attach(catalog, grade, &mut problems);
    if problems.is_empty() { Ok(()) } else { Err(CatalogError::Invalid(problems)) }
}

impl Catalog {
    /// A catalog from the loader's parts: the id index (id -> (line, position in `trials`)) and each
    /// outcome row's trial position (`usize::MAX` when it names no valid trial), both found while parsing.
    pub(crate) fn new(
        origin: String,
        conditions: Vec<Condition>,
        trial_columns: Vec<String>,
        trials: Vec<Trial>,
        outcomes: Vec<Outcome>,
        trial_index: FnvMap<Text, (u64, usize)>,
        owners: Vec<usize>,
    ) -> Catalog {
        // Counting sort of outcome rows by trial (rows whose trial is unknown are not indexed).
        let owner: Vec<Option<usize>> = owners.into_iter().map(|i| (i < trials.len()).then_some(i)).collect();
        let mut outcome_start = vec![0usize; trials.len() + 1];
        for &t in owner.iter().flatten() {
            outcome_start[t + 1] += 1;
        }
        for i in 0..trials.len() {
            outcome_start[i + 1] += outcome_start[i];
        }
        let mut next = outcome_start.clone();
        let mut outcome_order = vec![0usize; outcome_start[trials.len()]];
        for (o, t) in owner.iter().enumerate() {
            if let Some(t) = *t {
                outcome_order[next[t]] = o;
                next[t] += 1;
            }
        }
        Catalog {
            origin,
            outcome_file: String::new(),
            conditions,
            trial_columns,
            trials,
            outcomes,
            documents: Vec::new(),
            claims: Vec::new(),
            evidence: Vec::new(),
            rob: None,
            grade: Vec::new(),
            warnings: Vec::new(),
            trial_index,
            outcome_start,
            outcome_order,
        }
    }

    pub fn trial(&self, id: &str) -> Option<&Trial> {
        self.trial_index.get(id).and_then(|&(_, i)| self.trials.get(i))
    }

    pub fn condition(&self, key: &str) -> Option<&Condition> {
        self.conditions.iter().find(|c| c.key == key)
    }

    /// The label of a condition key, or the key itself when the vocabulary has no entry.
    pub fn label<'a>(&'a self, key: &'a str) -> &'a str {
        self.condition(key).map_or(key, |c| c.label.as_str())
    }

    pub fn outcomes_of<'a>(&'a self, trial: &str) -> impl Iterator<Item = &'a Outcome> + 'a {
        let idx = match self.trial_index.get(trial) {
            Some(&(_, t)) if t < self.trials.len() => {
                &self.outcome_order[self.outcome_start[t]..self.outcome_start[t + 1]]
            }
            _ => &[][..],
        };
        idx.iter().map(|&i| &self.outcomes[i])
    }
}
