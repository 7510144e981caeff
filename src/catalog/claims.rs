//! The claims audit: `documents.csv` (the articles) and `claims.csv` (what they claim, and the verdict).

use super::Catalog;
use super::problem::{CatalogError, Problem};
use super::read::{FileText, Row, Table};
use serde::Serialize;
use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

const DOCUMENT_COLUMNS: [&str; 4] = ["id", "file", "title", "publisher"];
const CLAIM_COLUMNS: [&str; 7] = ["id", "document", "quote", "claim", "trial", "verdict", "explanation"];

/// How a claim compares with what the trial found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Accurate,
    Imprecise,
    Overstated,
    Wrong,
    Unverifiable,
}

impl Verdict {
    pub const ALL: [Verdict; 5] =
        [Verdict::Accurate, Verdict::Imprecise, Verdict::Overstated, Verdict::Wrong, Verdict::Unverifiable];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accurate => "accurate",
            Verdict::Imprecise => "imprecise",
            Verdict::Overstated => "overstated",
            Verdict::Wrong => "wrong",
            Verdict::Unverifiable => "unverifiable",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Verdict {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Verdict::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("one of {}", Verdict::ALL.map(Verdict::as_str).join(", ")))
    }
}

/// One article (`documents.csv`).
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub id: String,
    /// The article's file name in the sources folder.
    pub file: String,
    pub title: String,
    pub publisher: String,
}

/// One audited claim (`claims.csv`).
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    pub id: String,
    pub document: String,
    /// Verbatim from the article.
    pub quote: String,
    pub claim: String,
    /// The catalog trial it refers to, when one can be identified.
    pub trial: Option<String>,
    pub verdict: Verdict,
    pub explanation: String,
}

/// The `rows` cells of claims.csv (what each explanation relies on), kept while claims.csv is read
/// so that `evidence::attach` checks them once the evidence and rob rows are in, without reading
/// the file a second time.
#[derive(Default)]
pub(super) struct RowReferences {
    pub(super) file: String,
    /// (line, the `rows` cell) of each claim that has one.
    pub(super) cells: Vec<(u64, String)>,
}

/// Read the optional claims files into `catalog`, validating references against it; the claims'
/// `rows` cells are returned for checking once the rest of the catalog is loaded.
pub(super) fn attach(
    catalog: &mut Catalog,
    documents: FileText,
    claims: FileText,
) -> Result<RowReferences, CatalogError> {
    let mut problems = Vec::new();
    read_documents(catalog, documents, &mut problems);
    let references = read_claims(catalog, claims, &mut problems);
    if problems.is_empty() { Ok(references) } else { Err(CatalogError::Invalid(problems)) }
}

fn read_documents(catalog: &mut Catalog, documents: FileText, problems: &mut Vec<Problem>) {
    let name = documents.name.clone();
    let Some(input) = documents.reader() else { return };
    let Some(table) = Table::read(&name, input, &DOCUMENT_COLUMNS, problems) else { return };
    let mut seen = HashSet::new();
    for row in table.rows() {
        let id = row.required("id", problems);
        if !id.is_empty() && !seen.insert(id) {
            row.problem("id", format!("expected a unique id, found {} again", crate::text::quote(id)), problems);
        }
        catalog.documents.push(Document {
            id: id.to_string(),
            file: row.required("file", problems).to_string(),
            title: row.get("title").to_string(),
            publisher: row.get("publisher").to_string(),
        });
    }
}

fn read_claims(catalog: &mut Catalog, claims: FileText, problems: &mut Vec<Problem>) -> RowReferences {
    let name = claims.name.clone();
    let mut references = RowReferences { file: name.clone(), cells: Vec::new() };
    let Some(input) = claims.reader() else { return references };
    let Some(table) = Table::read(&name, input, &CLAIM_COLUMNS, problems) else { return references };
    let mut seen = HashSet::new();
    for row in table.rows() {
        if let Some(cell) = row.optional("rows") {
            references.cells.push((row.line(), cell));
        }
        if let Some(claim) = claim(&row, catalog, &mut seen, problems) {
            catalog.claims.push(claim);
        }
    }
    references
}

/// One claims.csv row, or `None` when it has problems (recorded).
fn claim<'a>(
    row: &Row<'a>,
    catalog: &Catalog,
    seen: &mut HashSet<&'a str>,
    problems: &mut Vec<Problem>,
) -> Option<Claim> {
    let start = problems.len();
    let id = row.required("id", problems);
    if !id.is_empty() && !seen.insert(id) {
        row.problem("id", format!("expected a unique id, found {} again", crate::text::quote(id)), problems);
    }
    let document = row.required("document", problems);
    if !document.is_empty() && !catalog.documents.iter().any(|d| d.id == document) {
        let found = crate::text::quote(document);
        row.problem("document", format!("expected an id from documents.csv, found {found}"), problems);
    }
    let trial = row.optional("trial");
    if let Some(t) = &trial
        && catalog.trial(t).is_none()
    {
        let found = crate::text::quote(t);
        row.problem("trial", format!("expected an id from trials.csv or an empty field, found {found}"), problems);
    }
    let verdict = match row.get("verdict").parse::<Verdict>() {
        Ok(v) => Some(v),
        Err(expected) => {
            let found = super::read::show(row.get("verdict"));
            row.problem("verdict", format!("expected {expected}, found {found}"), problems);
            None
        }
    };
    let quote = row.required("quote", problems);
    let explanation = row.required("explanation", problems);
    if problems.len() > start {
        return None;
    }
    Some(Claim {
        id: id.to_string(),
        document: document.to_string(),
        quote: quote.to_string(),
        claim: row.get("claim").to_string(),
        trial,
        verdict: verdict?,
        explanation: explanation.to_string(),
    })
}
