//! `evrev trials`: the evidence table, one row per trial.

use crate::catalog::{Catalog, Filter, Trial};
use crate::error::Result;
use crate::report::trials::line;
use crate::report::{self, Column, Records, Report, Style, View};
use serde_json::Value;
use std::io::Write;

pub fn run(catalog: &Catalog, filter: &Filter, style: Style, out: &mut dyn Write) -> Result<()> {
    let trials: Vec<&Trial> = filter.trials(catalog).collect();
    let report = Report { records: records(catalog, &trials), json: None, views: vec![view(catalog, filter, &trials)] };
    Ok(report::emit(out, style, &report)?)
}

/// The trials.csv columns, as written, of `trials` (what `export --what trials` writes too).
pub fn records(catalog: &Catalog, trials: &[&Trial]) -> Records {
    Records {
        columns: catalog.trial_columns.clone(),
        rows: trials.iter().map(|t| t.raw.iter().map(|v| Value::String(v.to_string())).collect()).collect(),
    }
}

fn view(catalog: &Catalog, filter: &Filter, trials: &[&Trial]) -> View {
    let rows: Vec<Vec<String>> = trials
        .iter()
        .map(|t| {
            let l = line(catalog, t);
            vec![
                l.citation,
                l.conditions,
                l.design,
                l.intervention,
                l.comparator,
                l.n_randomized.map_or("not reported".into(), |n| n.to_string()),
                l.primary_outcome,
                l.result,
            ]
        })
        .collect();
    let total: u64 = trials.iter().filter_map(|t| t.n_randomized).map(u64::from).sum();
    let mut notes = if trials.is_empty() {
        vec![format!("No trial in the {} matches {}.", catalog.origin, filter.describe(catalog))]
    } else {
        vec![format!("{} trial(s), {} participants randomized ({}).", trials.len(), total, filter.describe(catalog))]
    };
    let marks = ["†", "‡"].into_iter().filter(|m| rows.iter().any(|r| r[7].contains(m)));
    notes.extend(super::summary::provenance_legend(marks));
    View {
        title: None,
        headers: ["Trial", "Condition", "Design", "Intervention", "Comparator", "N", "Primary outcome", "Result"]
            .map(String::from)
            .to_vec(),
        rows,
        notes,
        ..View::default()
    }
    .column("Primary outcome", Column::droppable(6))
    .column("Comparator", Column::droppable(5))
    .column("Design", Column::droppable(4).no_wrap())
    .column("Condition", Column::droppable(3))
    .column("Intervention", Column::droppable(2))
    .column("N", Column::KEEP.no_wrap())
}
