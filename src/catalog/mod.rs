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
pub(crate) mod fnv;
mod grade;
mod index;
mod load;
mod parts;
mod pipeline;
mod problem;
mod read;
mod records;
mod rob;
mod store;
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
pub use load::{RawTable, Source, from_bytes, load, load_for_check, read_raw};
pub use problem::{CatalogError, Problem};
pub use rob::{Judgement, ROB_DOMAINS, RobAssessment, RobTable};
pub use store::{RowStore, StoredRow};
pub use warnings::{RowWarnings, warnings};

use index::TrialIndex;
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
        let s = s.trim();
        Design::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(s))
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

/// One row of `trials.csv`. Every column as written (trimmed), in header order, is kept in the
/// file's [`RowStore`] (`raw()`); the text columns are read from it (`citation()`, ...) rather than
/// copied, so a large catalog stays small.
#[derive(Debug, Clone)]
pub struct Trial {
    pub id: Text,
    pub year: i32,
    /// Condition keys (the `condition` column split on `;`), shared by the trials that list the same.
    pub conditions: Conditions,
    pub design: Design,
    /// `None` when the paper does not report it (the row's notes say why).
    pub n_randomized: Option<u32>,
    /// The row's position in `store`.
    row: u32,
    /// Line in trials.csv (for messages; a line past 2^32 - 1 is shown as that).
    line: u32,
    /// Shared by every trial of one trials.csv.
    store: std::sync::Arc<TrialStore>,
}

/// A list of condition keys, shared between the rows that name the same list.
pub type Conditions = std::sync::Arc<[String]>;

/// The rows of one trials.csv and where its text columns stand in them.
#[derive(Debug, Default)]
pub(crate) struct TrialStore {
    pub cols: TrialColumns,
    pub rows: RowStore,
}

/// Where a trial's text columns stand in its row (the same for every row of one trials.csv).
#[derive(Debug, Clone, Copy, Default)]
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

/// A trial's checked values, before its file's store is complete (see [`Trial::new`]).
pub(crate) struct TrialValues {
    pub id: Text,
    pub year: i32,
    pub conditions: Conditions,
    pub design: Design,
    pub n_randomized: Option<u32>,
    pub row: u32,
    pub line: u32,
}

impl Trial {
    pub(crate) fn new(v: TrialValues, store: std::sync::Arc<TrialStore>) -> Trial {
        let TrialValues { id, year, conditions, design, n_randomized, row, line } = v;
        Trial { id, year, conditions, design, n_randomized, row, line, store }
    }

    /// The trial's line in trials.csv.
    pub fn line(&self) -> u64 {
        u64::from(self.line)
    }

    /// Point at the store the trial's row was kept in, once it is complete.
    pub(crate) fn set_store(&mut self, store: std::sync::Arc<TrialStore>) {
        self.store = store;
    }

    /// Every column of the row as written (trimmed), in the header's order (`Catalog::trial_columns`).
    pub fn raw(&self) -> StoredRow<'_> {
        self.store.rows.row(self.row)
    }

    fn column(&self, i: usize) -> &str {
        self.raw().get(i).unwrap_or("")
    }

    fn optional(&self, i: Option<usize>) -> Option<&str> {
        i.map(|i| self.column(i)).filter(|v| !v.is_empty())
    }

    /// "Feder 2021, Am J Psychiatry".
    pub fn citation(&self) -> &str {
        self.column(self.store.cols.citation)
    }
    pub fn title(&self) -> &str {
        self.column(self.store.cols.title)
    }
    pub fn blinding(&self) -> &str {
        self.column(self.store.cols.blinding)
    }
    pub fn comparator(&self) -> &str {
        self.column(self.store.cols.comparator)
    }
    pub fn drug(&self) -> &str {
        self.column(self.store.cols.drug)
    }
    pub fn route(&self) -> &str {
        self.column(self.store.cols.route)
    }
    /// Where the bibliographic facts and N were read.
    pub fn source(&self) -> &str {
        self.column(self.store.cols.source)
    }
    pub fn doi(&self) -> Option<&str> {
        self.optional(Some(self.store.cols.doi))
    }
    pub fn pmid(&self) -> Option<&str> {
        self.optional(Some(self.store.cols.pmid))
    }
    pub fn dose(&self) -> Option<&str> {
        self.optional(self.store.cols.dose)
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

/// One arm of an outcome row: its data (its label is shared with the rows that name the arms the
/// same: `Described::arm_t`, `arm_c`).
#[derive(Debug, Clone)]
pub struct Arm {
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
        let s = s.trim();
        Provenance::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("one of {}", Provenance::ALL.map(Provenance::as_str).join(", ")))
    }
}

/// One row of `outcomes.csv`: a trial x outcome x time point. What it measured, how and where it
/// was read ([`Described`]) is shared with the rows that say the same, and read through the row
/// (`row.outcome`, `row.scale`, ...): a million rows of one outcome hold those texts once.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub trial: Text,
    /// Line in outcomes.csv (for messages; a line past 2^32 - 1 is shown as that): `line()`.
    line: u32,
    described: std::sync::Arc<Described>,
    /// `days()`, NaN when the cell is empty (the loader refuses a non-finite number).
    days: f64,
    /// `None` when the `primary` cell is empty: not known, which is not the same as "no".
    pub primary: Option<bool>,
    /// `None` when the `provenance` cell is empty (a `check` warning).
    pub provenance: Option<Provenance>,
    /// `pct_t()`, `pct_c()`, NaN when empty.
    pct_t: f64,
    pct_c: f64,
    pub treatment: Arm,
    /// `None` for a single-arm study.
    pub control: Option<Arm>,
}

/// The columns of an outcome row that many rows share: the outcome, its scale, definition and time
/// point, the conditions it measures, where the numbers were read, what the arms are called, and
/// the row's notes (often empty or repeated).
#[derive(Debug)]
pub struct Described {
    pub outcome: Text,
    pub scale: Text,
    pub definition: Text,
    pub timepoint: Text,
    /// The condition keys this row measures (the `condition` column); empty = the trial's conditions.
    pub conditions: Conditions,
    pub source: Text,
    /// The arms' labels (`arm_c` is empty for a single-arm study).
    pub arm_t: Text,
    pub arm_c: Text,
    pub notes: Text,
}

impl std::ops::Deref for Outcome {
    type Target = Described;
    fn deref(&self) -> &Described {
        &self.described
    }
}

/// An outcome row's values before it is built (the loader's `parse_outcome`).
pub(crate) struct OutcomeValues {
    pub trial: Text,
    pub line: u32,
    pub described: std::sync::Arc<Described>,
    pub days: Option<f64>,
    pub primary: Option<bool>,
    pub provenance: Option<Provenance>,
    pub pct_t: Option<f64>,
    pub pct_c: Option<f64>,
    pub treatment: Arm,
    pub control: Option<Arm>,
}

impl Outcome {
    /// The row's line in outcomes.csv.
    pub fn line(&self) -> u64 {
        u64::from(self.line)
    }

    pub(crate) fn new(v: OutcomeValues) -> Outcome {
        let OutcomeValues { trial, line, described, days, primary, provenance, pct_t, pct_c, treatment, control } = v;
        let (days, pct_t, pct_c) = (days.unwrap_or(f64::NAN), pct_t.unwrap_or(f64::NAN), pct_c.unwrap_or(f64::NAN));
        Outcome { trial, line, described, days, primary, provenance, pct_t, pct_c, treatment, control }
    }

    /// The time point in days (the `days` column), `None` when not given.
    pub fn days(&self) -> Option<f64> {
        Some(self.days).filter(|d| !d.is_nan())
    }

    /// Percentages (0-100) reported without an honest count (`pct_t`, `pct_c`); shown and audited, never pooled.
    pub fn pct_t(&self) -> Option<f64> {
        Some(self.pct_t).filter(|p| !p.is_nan())
    }

    pub fn pct_c(&self) -> Option<f64> {
        Some(self.pct_c).filter(|p| !p.is_nan())
    }

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
    /// When outcomes.csv's rows were read for `check` only ([`load_for_check`]): they are not in
    /// `outcomes`; their count and warnings are here.
    pub(crate) unkept: Option<RowWarnings>,
    /// Trial id -> position in `trials`.
    trial_index: TrialIndex,
    /// Outcomes grouped by trial: the outcomes of trial i are `outcome_order[outcome_start[i]..outcome_start[i + 1]]`,
    /// in file order (two flat arrays instead of a list per trial).
    outcome_start: Vec<u32>,
    outcome_order: Vec<u32>,
}

/// Read the optional certainty files (`rob.csv`, `grade.csv`) into `catalog`, reporting every problem.
fn attach_certainty(catalog: &mut Catalog, rob: read::FileText, grade: read::FileText) -> Result<(), CatalogError> {
    let mut problems = Vec::new();
    rob::attach(catalog, rob, &mut problems);
    grade::attach(catalog, grade, &mut problems);
    if problems.is_empty() { Ok(()) } else { Err(CatalogError::Invalid(problems)) }
}

impl Catalog {
    /// A catalog from the loader's parts: the id index (id -> position in `trials`) and each
    /// outcome row's trial position (`u32::MAX` when it names no valid trial), both found while parsing.
    pub(crate) fn new(
        origin: String,
        conditions: Vec<Condition>,
        trial_columns: Vec<String>,
        trials: Vec<Trial>,
        outcomes: Vec<Outcome>,
        trial_index: TrialIndex,
        owners: Vec<u32>,
    ) -> Catalog {
        // Counting sort of outcome rows by trial (rows whose trial is unknown are not indexed);
        // 32-bit positions: the loader refuses more than 2^32 - 1 trials or outcome rows.
        let of = |&t: &u32| (t as usize) < trials.len();
        let mut outcome_start = vec![0u32; trials.len() + 1];
        for &t in owners.iter().filter(|t| of(t)) {
            outcome_start[t as usize + 1] += 1;
        }
        for i in 0..trials.len() {
            outcome_start[i + 1] += outcome_start[i];
        }
        let mut next = outcome_start.clone();
        let mut outcome_order = vec![0u32; outcome_start[trials.len()] as usize];
        for (o, t) in owners.iter().enumerate().filter(|(_, t)| of(t)) {
            outcome_order[next[*t as usize] as usize] = o as u32;
            next[*t as usize] += 1;
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
            unkept: None,
            trial_index,
            outcome_start,
            outcome_order,
        }
    }

    /// The number of outcome rows read (kept in `outcomes`, or only counted: [`load_for_check`]).
    pub fn outcome_rows(&self) -> usize {
        self.unkept.as_ref().map_or(self.outcomes.len(), |u| u.rows)
    }

    pub fn trial(&self, id: &str) -> Option<&Trial> {
        self.trial_index.get(id, &self.trials).and_then(|i| self.trials.get(i))
    }

    pub fn condition(&self, key: &str) -> Option<&Condition> {
        self.conditions.iter().find(|c| c.key == key)
    }

    /// The label of a condition key, or the key itself when the vocabulary has no entry.
    pub fn label<'a>(&'a self, key: &'a str) -> &'a str {
        self.condition(key).map_or(key, |c| c.label.as_str())
    }

    /// The outcome rows of the trial with this id.
    pub fn outcomes_of<'a>(&'a self, trial: &str) -> impl Iterator<Item = &'a Outcome> + 'a {
        self.outcomes_at(self.trial_index.get(trial, &self.trials))
    }

    /// The outcome rows of `trial`: found by its place in `trials` when it is one of this
    /// catalog's (no lookup of its id: at a million trials each lookup is a cache miss), else by id.
    pub fn outcomes_for<'a>(&'a self, trial: &Trial) -> impl Iterator<Item = &'a Outcome> + 'a {
        let (base, at) = (self.trials.as_ptr() as usize, std::ptr::from_ref(trial) as usize);
        let here = self.trials.as_ptr_range().contains(&std::ptr::from_ref(trial));
        let position = if here { Some((at - base) / std::mem::size_of::<Trial>()) } else { None };
        self.outcomes_at(position.or_else(|| self.trial_index.get(&trial.id, &self.trials)))
    }

    fn outcomes_at(&self, position: Option<usize>) -> impl Iterator<Item = &Outcome> + '_ {
        let idx = match position {
            Some(t) if t < self.trials.len() => {
                &self.outcome_order[self.outcome_start[t] as usize..self.outcome_start[t + 1] as usize]
            }
            _ => &[][..],
        };
        idx.iter().map(|&i| &self.outcomes[i as usize])
    }
}

#[cfg(test)]
mod size_tests {
    /// A large catalog holds a million of each: their size is its memory (issue 13).
    #[test]
    fn rows_stay_small() {
        let sizes = [
            std::mem::size_of::<super::Trial>(),
            std::mem::size_of::<super::Outcome>(),
            std::mem::size_of::<super::Arm>(),
            std::mem::size_of::<super::ArmData>(),
        ];
        eprintln!("Trial, Outcome, Arm, ArmData: {sizes:?}");
        assert!(sizes[0] <= 64 && sizes[1] <= 104, "{sizes:?}");
    }
}
