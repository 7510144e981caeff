//! `evrev conditions`: the catalog's vocabulary with trial and participant counts.

use crate::analysis::summary::condition_totals;
use crate::catalog::{Catalog, Filter};
use crate::error::Result;
use crate::report::{self, Format, Records, Report, View};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Row<'a> {
    condition: &'a str,
    label: &'a str,
    aliases: String,
    trials: usize,
    randomized: u64,
    controlled_trials: usize,
    randomized_controlled: u64,
    n_unknown: usize,
}

pub fn run(catalog: &Catalog, format: Format, out: &mut dyn Write) -> Result<()> {
    let totals = condition_totals(catalog, &Filter::default(), &[]);
    let rows: Vec<Row> = totals
        .iter()
        .map(|t| Row {
            condition: &t.condition,
            label: &t.label,
            aliases: catalog.condition(&t.condition).map(|c| c.aliases.join(";")).unwrap_or_default(),
            trials: t.trials,
            randomized: t.randomized,
            controlled_trials: t.controlled_trials,
            randomized_controlled: t.randomized_controlled,
            n_unknown: t.n_unknown,
        })
        .collect();
    let view = View {
        title: None,
        headers: ["Key", "Condition", "Trials", "Randomized", "Controlled trials", "Randomized in controlled"]
            .map(String::from)
            .to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.condition.to_string(),
                    r.label.to_string(),
                    r.trials.to_string(),
                    if r.n_unknown > 0 {
                        format!("{} (+{} not reported)", r.randomized, r.n_unknown)
                    } else {
                        r.randomized.to_string()
                    },
                    r.controlled_trials.to_string(),
                    r.randomized_controlled.to_string(),
                ]
            })
            .collect(),
        notes: vec![format!(
            "{} trials in the {}; a trial of several conditions counts under each. --condition also takes labels and aliases (see --format csv).",
            catalog.trials.len(),
            catalog.origin
        )],
    };
    let columns = [
        "condition",
        "label",
        "aliases",
        "trials",
        "randomized",
        "controlled_trials",
        "randomized_controlled",
        "n_unknown",
    ];
    let report = Report { records: Records::from_serialize(&rows, &columns), json: None, views: vec![view] };
    Ok(report::emit(out, format, &report)?)
}
