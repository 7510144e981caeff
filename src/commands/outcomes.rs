//! `evrev outcomes`: the outcome names the selected rows use, with their scales, trials and rows.

use crate::catalog::{Catalog, Filter};
use crate::error::Result;
use crate::report::{self, Format, Records, Report, View};
use serde::Serialize;
use std::io::Write;

/// Trial ids listed per outcome name and scale before the rest are counted.
const LISTED: usize = 20;

/// One outcome name measured on one scale.
#[derive(Debug, Serialize)]
pub struct OutcomeName {
    pub outcome: String,
    pub scale: String,
    /// Number of trials with at least one such row.
    pub trials: usize,
    /// Number of outcome rows.
    pub rows: usize,
    /// The first trial ids, `;`-separated, then "and N more".
    pub trial_ids: String,
    /// The same trials' citations, bounded the same way.
    pub citations: String,
}

/// Outcome names x scales in first-seen order over the rows `filter` selects.
pub fn names(catalog: &Catalog, filter: &Filter) -> Vec<OutcomeName> {
    let mut groups: Vec<(String, String, Vec<(&str, &str)>, usize)> = Vec::new();
    for (t, o) in filter.rows(catalog) {
        let i = match groups.iter().position(|g| g.0 == *o.outcome && g.1 == *o.scale) {
            Some(i) => i,
            None => {
                groups.push((o.outcome.to_string(), o.scale.to_string(), Vec::new(), 0));
                groups.len() - 1
            }
        };
        let g = &mut groups[i];
        g.3 += 1;
        if g.2.last().is_none_or(|(id, _)| *id != &*t.id) {
            g.2.push((&t.id, t.citation()));
        }
    }
    let bounded = |items: Vec<&str>| {
        let more = items.len().saturating_sub(LISTED);
        let shown = items.into_iter().take(LISTED).collect::<Vec<_>>().join("; ");
        if more > 0 { format!("{shown} and {more} more") } else { shown }
    };
    groups.sort_by_key(|g| g.0.to_lowercase()); // one outcome name's scales together, in first-seen order
    groups
        .into_iter()
        .map(|(outcome, scale, trials, rows)| OutcomeName {
            outcome,
            scale,
            trials: trials.len(),
            rows,
            trial_ids: bounded(trials.iter().map(|t| t.0).collect()),
            citations: bounded(trials.iter().map(|t| t.1).collect()),
        })
        .collect()
}

pub fn run(catalog: &Catalog, filter: &Filter, format: Format, out: &mut dyn Write) -> Result<()> {
    let names = names(catalog, filter);
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
            .map(|n| vec![n.outcome.clone(), n.scale.clone(), n.trials.to_string(), n.rows.to_string(), n.citations.clone()])
            .collect(),
        notes: vec![note],
    };
    let columns = ["outcome", "scale", "trials", "rows", "trial_ids", "citations"];
    let report = Report { records: Records::from_serialize(&names, &columns), json: None, views: vec![view] };
    Ok(report::emit(out, format, &report)?)
}
