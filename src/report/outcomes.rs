//! The outcomes report: each outcome name and scale with its trials and rows.

use super::{Column, Records, Report, View};
use crate::analysis::outcomes::OutcomeName;
use crate::catalog::{Catalog, Filter};

/// The report of `names` (the outcome names of the rows `filter` selects).
pub fn report(catalog: &Catalog, filter: &Filter, names: &[OutcomeName]) -> serde_json::Result<Report> {
    let note = if names.is_empty() {
        format!("No outcome rows for {} in the {}.", filter.describe(catalog), catalog.origin)
    } else {
        let rows: usize = names.iter().map(|n| n.rows).sum();
        format!(
            "{} outcome name(s) x scale, {rows} row(s) ({}); rows are selected by the condition they measure.",
            names.len(),
            filter.describe(catalog)
        )
    };
    let view = View {
        title: None,
        headers: ["Outcome", "Scale", "Trials", "Rows", "Trials (citations)"].map(String::from).to_vec(),
        rows: names
            .iter()
            .map(|n| {
                vec![n.outcome.clone(), n.scale.clone(), n.trials.to_string(), n.rows.to_string(), n.citations.clone()]
            })
            .collect(),
        notes: vec![note],
        ..View::default()
    }
    .column("Trials", Column::KEEP.no_wrap())
    .column("Rows", Column::KEEP.no_wrap());
    Ok(Report { records: Records::of(names)?, json: None, views: vec![view] })
}
