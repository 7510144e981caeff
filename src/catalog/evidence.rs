//! Sourced non-trial evidence (`evidence.csv`, optional: approvals, labels, reviews), the trials'
//! `primary_result` (what the paper's primary comparison found, for audit's direction checks), and the
//! check that every reference in `claims.csv`'s `rows` column names a row that exists.

use super::claims::RowReferences;
use super::problem::{CatalogError, Problem};
use super::read::{FileText, Row, Table, show};
use super::{Catalog, Trial};
use serde::Serialize;
use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

const EVIDENCE_COLUMNS: [&str; 5] = ["id", "kind", "citation", "statement", "source"];

/// What kind of source an evidence row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    Regulatory,
    Label,
    MetaAnalysis,
    Review,
    Preclinical,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 5] = [
        EvidenceKind::Regulatory,
        EvidenceKind::Label,
        EvidenceKind::MetaAnalysis,
        EvidenceKind::Review,
        EvidenceKind::Preclinical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Regulatory => "regulatory",
            EvidenceKind::Label => "label",
            EvidenceKind::MetaAnalysis => "meta-analysis",
            EvidenceKind::Review => "review",
            EvidenceKind::Preclinical => "preclinical",
        }
    }
}

impl FromStr for EvidenceKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EvidenceKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| format!("one of {}", EvidenceKind::ALL.map(EvidenceKind::as_str).join(", ")))
    }
}

/// One row of `evidence.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub id: String,
    pub kind: EvidenceKind,
    pub citation: String,
    pub doi: String,
    pub pmid: String,
    pub document: String,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as the source shows it.
    pub date: String,
    /// The sentence the evidence rests on, verbatim.
    pub statement: String,
    pub source: String,
    pub notes: String,
}

impl Evidence {
    /// The year of `date`, when it starts with one.
    pub fn year(&self) -> Option<i32> {
        self.date.get(..4).and_then(|y| y.parse().ok())
    }

    /// Every field, for the explanation self-check (a number quoted must appear in one).
    pub fn fields(&self) -> [&str; 10] {
        [
            &self.id,
            self.kind.as_str(),
            &self.citation,
            &self.doi,
            &self.pmid,
            &self.document,
            &self.date,
            &self.statement,
            &self.source,
            &self.notes,
        ]
    }
}

/// A trial's primary result as the paper reports it (trials.csv `primary_result`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PrimaryResult {
    /// The primary comparison favours the drug (CI excludes the null, or significance reported).
    Positive,
    Null,
    /// Co-primary or registered-vs-reported outcomes disagree.
    Mixed,
}

impl PrimaryResult {
    pub fn as_str(self) -> &'static str {
        match self {
            PrimaryResult::Positive => "positive",
            PrimaryResult::Null => "null",
            PrimaryResult::Mixed => "mixed",
        }
    }
}

impl fmt::Display for PrimaryResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PrimaryResult {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "positive" => Ok(PrimaryResult::Positive),
            "null" => Ok(PrimaryResult::Null),
            "mixed" => Ok(PrimaryResult::Mixed),
            _ => Err("one of positive, null, mixed, or an empty field".into()),
        }
    }
}

impl Catalog {
    /// The trial's `primary_result` (`None` when the column is absent or empty; validated at load).
    pub fn primary_result(&self, t: &Trial) -> Option<PrimaryResult> {
        self.trial_field(t, "primary_result").parse().ok()
    }

    /// A trials.csv column of `t` by name ("" when the catalog has no such column).
    pub fn trial_field<'a>(&self, t: &'a Trial, name: &str) -> &'a str {
        self.trial_columns.iter().position(|c| c == name).and_then(|i| t.raw().get(i)).unwrap_or("")
    }

    pub fn evidence_row(&self, id: &str) -> Option<&Evidence> {
        self.evidence.iter().find(|e| e.id == id)
    }
}

/// Read `evidence.csv` into `catalog`, check every trial's `primary_result`, and check that each
/// reference in claims.csv's `rows` cells (kept by `claims::attach`) exists.
pub(super) fn attach(
    catalog: &mut Catalog,
    evidence: FileText,
    references: &RowReferences,
) -> Result<(), CatalogError> {
    let mut problems = Vec::new();
    read_evidence(catalog, evidence, &mut problems);
    check_primary_results(catalog, &mut problems);
    check_references(catalog, references, &mut problems);
    if problems.is_empty() { Ok(()) } else { Err(CatalogError::Invalid(problems)) }
}

fn read_evidence(catalog: &mut Catalog, evidence: FileText, problems: &mut Vec<Problem>) {
    let name = evidence.name.clone();
    let Some(input) = evidence.reader() else { return };
    let Some(table) = Table::read(&name, input, &EVIDENCE_COLUMNS, problems) else { return };
    let mut seen = HashSet::new();
    for row in table.rows() {
        if let Some(e) = evidence_row(&row, &mut seen, problems) {
            catalog.evidence.push(e);
        }
    }
}

/// One evidence.csv row, or `None` when it has problems (recorded).
fn evidence_row(row: &Row<'_>, seen: &mut HashSet<String>, problems: &mut Vec<Problem>) -> Option<Evidence> {
    let start = problems.len();
    let id = row.required("id", problems);
    if !id.is_empty() && !seen.insert(id.to_string()) {
        row.problem("id", format!("expected a unique id, found {} again", show(id)), problems);
    }
    let kind = row.get("kind").parse::<EvidenceKind>();
    if let Err(expected) = &kind {
        row.problem("kind", format!("expected {expected}, found {}", show(row.get("kind"))), problems);
    }
    for col in ["citation", "statement", "source"] {
        row.required(col, problems);
    }
    let date = row.get("date");
    let valid_date = date.is_empty()
        || (date.len() >= 4
            && date.get(..4).is_some_and(|y| y.parse::<u16>().is_ok())
            && matches!(date.len(), 4 | 7 | 10));
    if !valid_date {
        row.problem("date", format!("expected YYYY, YYYY-MM or YYYY-MM-DD, found {}", show(date)), problems);
    }
    let (Ok(kind), true) = (kind, problems.len() == start) else { return None };
    Some(Evidence {
        id: id.to_string(),
        kind,
        citation: row.get("citation").to_string(),
        doi: row.get("doi").to_string(),
        pmid: row.get("pmid").to_string(),
        document: row.get("document").to_string(),
        date: date.to_string(),
        statement: row.get("statement").to_string(),
        source: row.get("source").to_string(),
        notes: row.get("notes").to_string(),
    })
}

/// Each `rows` reference of claims.csv must name a row of the catalog.
fn check_references(catalog: &Catalog, references: &RowReferences, problems: &mut Vec<Problem>) {
    for (line, cell) in &references.cells {
        for r in cell.split(';').map(str::trim).filter(|r| !r.is_empty()) {
            if let Some(why) = missing_reference(catalog, r) {
                problems.push(Problem::new(&references.file, Some(*line), Some("rows"), format!("{} {why}", show(r))));
            }
        }
    }
}

fn check_primary_results(catalog: &Catalog, problems: &mut Vec<Problem>) {
    if !catalog.trial_columns.iter().any(|c| c == "primary_result") {
        return;
    }
    let file = if catalog.origin == "embedded catalog" {
        "<embedded>/studies/trials.csv".to_string()
    } else {
        format!("{}/trials.csv", catalog.origin.trim_end_matches('/'))
    };
    for t in &catalog.trials {
        let v = catalog.trial_field(t, "primary_result");
        if !v.is_empty()
            && let Err(expected) = v.parse::<PrimaryResult>()
        {
            let line = t.line();
            problems.push(Problem::new(
                &file,
                Some(line),
                Some("primary_result"),
                format!("expected {expected}, found {}", show(v)),
            ));
        }
    }
}

/// Why a `rows` reference does not resolve, or `None` when it does.
fn missing_reference(catalog: &Catalog, r: &str) -> Option<String> {
    if let Some(t) = r.strip_prefix("rob:") {
        let ok = catalog.rob.as_ref().is_some_and(|rob| rob.of(t).is_some());
        return (!ok).then(|| "names no rob.csv row".to_string());
    }
    if let Some((t, o)) = r.split_once('/') {
        if catalog.trial(t).is_none() {
            return Some("names no trials.csv row".into());
        }
        let ok = catalog.outcomes_of(t).any(|x| &*x.outcome == o);
        return (!ok).then(|| "names no outcomes.csv row of that trial with that outcome".to_string());
    }
    if is_evidence_id(r) {
        return catalog.evidence_row(r).is_none().then(|| "names no evidence.csv row".to_string());
    }
    catalog.trial(r).is_none().then(|| "names no trials.csv row or evidence.csv id".to_string())
}

/// `e` followed by three digits.
pub fn is_evidence_id(r: &str) -> bool {
    r.len() == 4 && r.starts_with('e') && r[1..].bytes().all(|b| b.is_ascii_digit())
}
