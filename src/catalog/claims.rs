//! The claims audit: `documents.csv` (the articles) and `claims.csv` (what they claim, and the verdict).

use super::Catalog;
use super::problem::CatalogError;
use super::read::{FileText, Table};
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

/// Read the optional claims files into `catalog`, validating references against it.
pub(super) fn attach(catalog: &mut Catalog, documents: FileText, claims: FileText) -> Result<(), CatalogError> {
    let mut problems = Vec::new();
    let name = documents.name.clone();
    if let Some(input) = documents.reader()
        && let Some(table) = Table::read(&name, input, &DOCUMENT_COLUMNS, &mut problems)
    {
        let mut seen = HashSet::new();
        for row in table.rows() {
            let id = row.required("id", &mut problems);
            if !id.is_empty() && !seen.insert(id) {
                row.problem(
                    "id",
                    format!("expected a unique id, found {} again", crate::text::quote(id)),
                    &mut problems,
                );
            }
            catalog.documents.push(Document {
                id: id.to_string(),
                file: row.required("file", &mut problems).to_string(),
                title: row.get("title").to_string(),
                publisher: row.get("publisher").to_string(),
            });
        }
    }
    let name = claims.name.clone();
    if let Some(input) = claims.reader()
        && let Some(table) = Table::read(&name, input, &CLAIM_COLUMNS, &mut problems)
    {
        let mut seen = HashSet::new();
        for row in table.rows() {
            let start = problems.len();
            let id = row.required("id", &mut problems);
            if !id.is_empty() && !seen.insert(id) {
                row.problem(
                    "id",
                    format!("expected a unique id, found {} again", crate::text::quote(id)),
                    &mut problems,
                );
            }
            let document = row.required("document", &mut problems);
            if !document.is_empty() && !catalog.documents.iter().any(|d| d.id == document) {
                row.problem(
                    "document",
                    format!("expected an id from documents.csv, found {}", crate::text::quote(document)),
                    &mut problems,
                );
            }
            let trial = row.optional("trial");
            if let Some(t) = &trial
                && catalog.trial(t).is_none()
            {
                row.problem(
                    "trial",
                    format!("expected an id from trials.csv or an empty field, found {}", crate::text::quote(t)),
                    &mut problems,
                );
            }
            let verdict = match row.get("verdict").parse::<Verdict>() {
                Ok(v) => Some(v),
                Err(expected) => {
                    let found = super::read::show(row.get("verdict"));
                    row.problem("verdict", format!("expected {expected}, found {found}"), &mut problems);
                    None
                }
            };
            let quote = row.required("quote", &mut problems);
            let explanation = row.required("explanation", &mut problems);
            if problems.len() > start {
                continue;
            }
            let Some(verdict) = verdict else { continue };
            catalog.claims.push(Claim {
                id: id.to_string(),
                document: document.to_string(),
                quote: quote.to_string(),
                claim: row.get("claim").to_string(),
                trial,
                verdict,
                explanation: explanation.to_string(),
            });
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(CatalogError::Invalid(problems)) }
}
