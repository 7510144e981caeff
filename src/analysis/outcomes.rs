//! The outcome names a selection of rows uses, each with its scale, trials and rows (`evrev outcomes`).

use crate::catalog::{Catalog, Filter};
use serde::Serialize;

/// Trial ids listed per outcome name and scale before the rest are counted.
const LISTED: usize = 20;

/// One outcome name measured on one scale.
#[derive(Debug, Default, Serialize)]
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

/// The rows of one outcome name and scale while they are counted: trials as (id, citation).
struct Group<'a> {
    outcome: &'a str,
    scale: &'a str,
    trials: Vec<(&'a str, &'a str)>,
    rows: usize,
}

/// Outcome names x scales in first-seen order over the rows `filter` selects.
pub fn names(catalog: &Catalog, filter: &Filter) -> Vec<OutcomeName> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for (t, o) in filter.rows(catalog) {
        let i = match groups.iter().position(|g| *g.outcome == *o.outcome && *g.scale == *o.scale) {
            Some(i) => i,
            None => {
                groups.push(Group { outcome: &o.outcome, scale: &o.scale, trials: Vec::new(), rows: 0 });
                groups.len() - 1
            }
        };
        let g = &mut groups[i];
        g.rows += 1;
        if g.trials.last().is_none_or(|(id, _)| *id != &*t.id) {
            g.trials.push((&t.id, t.citation()));
        }
    }
    let bounded = |items: Vec<&str>| {
        let more = items.len().saturating_sub(LISTED);
        let shown = items.into_iter().take(LISTED).collect::<Vec<_>>().join("; ");
        if more > 0 { format!("{shown} and {more} more") } else { shown }
    };
    groups.sort_by_key(|g| g.outcome.to_lowercase()); // one outcome name's scales together, in first-seen order
    groups
        .into_iter()
        .map(|g| OutcomeName {
            outcome: g.outcome.to_string(),
            scale: g.scale.to_string(),
            trials: g.trials.len(),
            rows: g.rows,
            trial_ids: bounded(g.trials.iter().map(|t| t.0).collect()),
            citations: bounded(g.trials.iter().map(|t| t.1).collect()),
        })
        .collect()
}
