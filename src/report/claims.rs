//! The claims view: each claim with its document, quote, trial and verdict, and the count by verdict.

use super::{Column, Records, Report, View};
use crate::catalog::{Catalog, Claim, Verdict};
use serde::Serialize;

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

/// The row of no claim (its fields name the CSV header).
impl Default for Row<'_> {
    fn default() -> Self {
        Row {
            id: "",
            document: "",
            file: "",
            quote: "",
            claim: "",
            trial: None,
            citation: None,
            verdict: Verdict::ALL[0],
            explanation: "",
        }
    }
}

/// The report of `claims` (CSV and JSON: one record per claim joined with its document and trial).
pub fn report(catalog: &Catalog, claims: &[&Claim]) -> serde_json::Result<Report> {
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
    Ok(Report { records: Records::of(&rows)?, json: None, views: vec![view] })
}
