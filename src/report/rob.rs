//! The risk-of-bias report: the traffic-light table (trial x RoB 2 domain) and, in Markdown, the
//! support for each judgement; CSV and JSON hold every row with its support and source.

use super::{Column, Format, Records, Report, View};
use crate::analysis::rob::{RobReport, RobRow};
use crate::catalog::{Judgement, ROB_DOMAINS};
use crate::error::NoAssessment;

/// The report of `r` in `format`; `none` says why there are no rows, if there are none.
pub fn report(r: &RobReport, none: &NoAssessment, format: Format) -> serde_json::Result<Report> {
    let json = serde_json::to_value(r)?;
    let mut views = vec![traffic_light(r, none, format == Format::Table)];
    if format == Format::Markdown && !r.rows.is_empty() {
        views.push(support(r));
    }
    Ok(Report { records: Records::of(&r.rows)?, json: Some(json), views })
}

fn word(j: Judgement) -> String {
    let w = j.as_str();
    w[..1].to_uppercase() + &w[1..]
}

/// A terminal cell: short enough for seven columns in 80 characters.
fn short(j: Judgement) -> String {
    match j {
        Judgement::SomeConcerns => "Some".into(),
        Judgement::NoInformation => "No info".into(),
        j => word(j),
    }
}

fn traffic_light(r: &RobReport, none: &NoAssessment, compact: bool) -> View {
    let cell = if compact { short } else { word };
    let mut headers = vec!["Study".to_string()];
    headers.extend(["D1", "D2", "D3", "D4", "D5", "Overall"].map(String::from));
    let rows = r
        .rows
        .iter()
        .map(|x| {
            let mut row = vec![x.citation.clone()];
            row.extend(x.judgements().map(cell));
            if x.overall != x.overall_by_rule {
                row[6] += &format!(" (rule: {})", x.overall_by_rule);
            }
            row
        })
        .collect();
    let mut notes: Vec<String> = ROB_DOMAINS.iter().enumerate().map(|(i, d)| format!("D{}: {d}.", i + 1)).collect();
    if compact {
        notes.push("Some = some concerns; No info = no information.".into());
    }
    if r.rows.is_empty() {
        notes = vec![format!("No RoB 2 assessments: {none}.")];
    }
    if !r.unassessed.is_empty() {
        notes.push(format!(
            "Randomized but not assessed in rob.csv (GRADE counts them as not at low risk): {}.",
            r.unassessed.join(", ")
        ));
    }
    if !r.observational.is_empty() {
        notes.push(format!(
            "Not randomized, so not assessed with RoB 2 (observational evidence for GRADE): {}.",
            r.observational.join(", ")
        ));
    }
    let view = View {
        title: Some(format!("Risk of bias (RoB 2), {} trial(s)", r.rows.len())),
        headers,
        rows,
        notes,
        columns: Vec::new(),
    };
    ["D1", "D2", "D3", "D4", "D5", "Overall"].into_iter().fold(view, |v, h| v.column(h, Column::KEEP.no_wrap()))
}

/// Markdown only: each judgement with the reason the reviewer gave and the source it rests on.
fn support(r: &RobReport) -> View {
    let rows = r.rows.iter().flat_map(support_rows).collect();
    let headers = ["Study", "Domain", "Judgement", "Support", "Source"].map(String::from).to_vec();
    View { title: Some("Support for judgement".into()), headers, rows, notes: Vec::new(), columns: Vec::new() }
        .column("Source", Column::droppable(1))
}

fn support_rows(x: &RobRow) -> Vec<Vec<String>> {
    let j = x.judgements();
    (0..5)
        .map(|i| {
            vec![
                x.citation.clone(),
                format!("D{}: {}", i + 1, ROB_DOMAINS[i]),
                word(j[i]),
                x.supports()[i].to_string(),
                x.source.clone(),
            ]
        })
        .collect()
}
