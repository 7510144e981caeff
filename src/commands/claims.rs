//! `evrev claims`: the audit of the articles' claims, as an evidence table.

use crate::catalog::{Catalog, Claim, Verdict};
use crate::error::{Error, Result};
use crate::report::{self, Column, Records, Report, Style, View};
use serde::Serialize;
use std::io::Write;

/// Which claims to show; document and trial are checked against the catalog.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    pub document: Option<String>,
    pub verdict: Option<Verdict>,
    /// Trial ids (empty: all).
    pub trial: Vec<String>,
}

/// One claim joined with its document and trial, for export.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    document: &'a str,
    file: &'a str,
    quote: &'a str,
    claim: &'a str,
    trial: Option<&'a str>,
    citation: Option<&'a str>,
    verdict: Verdict,
    explanation: &'a str,
}

pub fn run(catalog: &Catalog, filter: &ClaimFilter, style: Style, out: &mut dyn Write) -> Result<()> {
    Ok(report::emit(out, style, &build(catalog, filter)?)?)
}

pub fn build(catalog: &Catalog, filter: &ClaimFilter) -> Result<Report> {
    let document = match &filter.document {
        Some(d) => Some(
            catalog
                .documents
                .iter()
                .find(|doc| doc.id.eq_ignore_ascii_case(d) || doc.file.eq_ignore_ascii_case(d))
                .map(|doc| doc.id.as_str())
                .ok_or_else(|| {
                    let known: Vec<String> = catalog.documents.iter().map(|d| report::sanitize(&d.id)).collect();
                    Error::Usage(format!(
                        "unknown document {}: known documents are {}",
                        report::quote(d),
                        known.join(", ")
                    ))
                })?,
        ),
        None => None,
    };
    let trials = crate::catalog::resolve_trials(catalog, &filter.trial).map_err(Error::Usage)?;
    let claims: Vec<&Claim> = catalog
        .claims
        .iter()
        .filter(|c| document.is_none_or(|d| c.document == d))
        .filter(|c| filter.verdict.is_none_or(|v| c.verdict == v))
        .filter(|c| trials.is_empty() || c.trial.as_deref().is_some_and(|t| trials.iter().any(|x| x == t)))
        .collect();
    let rows: Vec<Row> = claims
        .iter()
        .map(|c| Row {
            id: &c.id,
            document: &c.document,
            file: catalog.documents.iter().find(|d| d.id == c.document).map_or("", |d| d.file.as_str()),
            quote: &c.quote,
            claim: &c.claim,
            trial: c.trial.as_deref(),
            citation: c.trial.as_deref().and_then(|t| catalog.trial(t)).map(|t| t.citation()),
            verdict: c.verdict,
            explanation: &c.explanation,
        })
        .collect();
    let mut counts: Vec<String> = Verdict::ALL
        .iter()
        .map(|v| (v, claims.iter().filter(|c| c.verdict == *v).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(v, n)| format!("{n} {v}"))
        .collect();
    if counts.is_empty() {
        counts.push(if catalog.claims.is_empty() {
            "the catalog has no claims table".into()
        } else {
            "no claim matches".into()
        });
    }
    let view = View {
        title: None,
        headers: ["Claim", "Document", "Quote", "Trial", "Verdict", "Why"].map(String::from).to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.id.to_string(),
                    r.document.to_string(),
                    format!("\"{}\"", r.quote),
                    r.citation.unwrap_or("—").to_string(),
                    r.verdict.to_string(),
                    r.explanation.to_string(),
                ]
            })
            .collect(),
        notes: vec![format!("{} claim(s): {}.", rows.len(), counts.join(", "))],
        ..View::default()
    }
    .column("Document", Column::droppable(2))
    .column("Trial", Column::droppable(1));
    let columns = ["id", "document", "file", "quote", "claim", "trial", "citation", "verdict", "explanation"];
    Ok(Report { records: Records::from_serialize(&rows, &columns), json: None, views: vec![view] })
}
