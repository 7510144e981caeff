//! `evrev rob`: the risk-of-bias traffic-light table (trial x RoB 2 domain), with the support for each
//! judgement in CSV, JSON and Markdown; `--plot` writes robvis' traffic-light and summary figures (SVG).

use super::Ctx;
use crate::analysis::rob::{RobReport, RobRow, rob};
use crate::catalog::{Catalog, Filter, Judgement, ROB_DOMAINS};
use crate::error::{AnalysisError, Error, NoAssessment};
use crate::report::{self, Column, Format, Records, Report, View};
use anyhow::Result;
use std::io::Write;
use std::path::Path;

pub fn run(ctx: &Ctx<'_>, plot: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let (catalog, filter, style) = (ctx.catalog, &ctx.filter, ctx.style);
    let r = rob(catalog, filter);
    if let Some(path) = plot {
        if r.rows.is_empty() {
            return Err(Error::Analysis(AnalysisError::NothingToPlot(nothing(catalog, filter, &r))).into());
        }
        let svg = report::rob_svg(&r);
        super::output::write_atomically(path, |w| w.write_all(svg.as_bytes()))?;
    }
    let json = serde_json::to_value(&r).map_err(Error::serialize)?;
    let mut views = vec![traffic_light(catalog, filter, &r, style.format == Format::Table)];
    if style.format == Format::Markdown && !r.rows.is_empty() {
        views.push(support(&r));
    }
    let report = Report { records: Records::of(&r.rows).map_err(Error::serialize)?, json: Some(json), views };
    Ok(report::emit(out, style, &report).map_err(Error::Io)?)
}

fn nothing(catalog: &Catalog, filter: &Filter, r: &RobReport) -> NoAssessment {
    match &r.file {
        None => NoAssessment::NoRobFile { origin: catalog.origin.clone() },
        Some(f) => NoAssessment::NoneSelected { file: f.clone(), filter: filter.describe(catalog) },
    }
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

fn traffic_light(catalog: &Catalog, filter: &Filter, r: &RobReport, compact: bool) -> View {
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
        notes = vec![format!("No RoB 2 assessments: {}.", nothing(catalog, filter, r))];
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
