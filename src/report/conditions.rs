//! The conditions report: the catalog's vocabulary (key, label, aliases) with trial and participant counts.

use super::{Column, Records, Report, View};
use crate::analysis::summary::ConditionTotal;
use crate::catalog::Catalog;
use serde::Serialize;

/// A condition's totals and its aliases, for CSV and JSON.
#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    total: &'a ConditionTotal,
    aliases: String,
}

/// The row of no condition (its fields name the CSV header).
impl Default for Row<'_> {
    fn default() -> Self {
        static NONE: ConditionTotal = ConditionTotal {
            condition: String::new(),
            label: String::new(),
            trials: 0,
            randomized: 0,
            controlled_trials: 0,
            randomized_controlled: 0,
            n_unknown: 0,
        };
        Row { total: &NONE, aliases: String::new() }
    }
}

/// The report of `totals` (every condition of `catalog`), with each condition's aliases.
pub fn report(catalog: &Catalog, totals: &[ConditionTotal]) -> serde_json::Result<Report> {
    let rows: Vec<Row> = totals
        .iter()
        .map(|t| Row {
            total: t,
            aliases: catalog.condition(&t.condition).map(|c| c.aliases.join(";")).unwrap_or_default(),
        })
        .collect();
    let view = View {
        title: None,
        headers: ["Key", "Condition", "Trials", "Participants", "Controlled trials", "Randomized in controlled"]
            .map(String::from)
            .to_vec(),
        rows: totals
            .iter()
            .map(|t| [t.condition.clone(), t.label.clone()].into_iter().chain(super::summary::total_cells(t)).collect())
            .collect(),
        notes: vec![format!(
            "{} trials in the {}; a trial of several conditions counts under each. Participants: randomized, or enrolled in an uncontrolled study (CSV/JSON: randomized). --condition also takes labels and aliases (see --format csv).",
            catalog.trials.len(),
            catalog.origin
        )],
        ..View::default()
    }
    .column("Controlled trials", Column::droppable(2))
    .column("Randomized in controlled", Column::droppable(1));
    Ok(Report { records: Records::of(&rows)?, json: None, views: vec![view] })
}
