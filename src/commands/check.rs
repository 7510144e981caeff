//! `evrev check`: validate a catalog, listing every problem (exit 65) or a short inventory and the
//! warnings (rows it can use that a reviewer should look at: exit 0).

use crate::catalog::{self, Source};
use crate::error::Result;
use std::io::Write;

/// Warnings listed one by one before the rest are counted.
const MAX_WARNINGS: usize = 50;

pub fn run(source: &Source, out: &mut dyn Write) -> Result<()> {
    let catalog = catalog::load(source)?;
    let unsourced: Vec<&str> = catalog
        .trials
        .iter()
        .filter(|t| t.doi().is_none() && t.pmid().is_none())
        .filter(|t| catalog.trial_columns.iter().position(|c| c == "notes").is_none_or(|i| t.raw[i].is_empty()))
        .map(|t| &*t.id)
        .collect();
    writeln!(
        out,
        "ok: {}: {} trials, {} outcome rows, {} conditions",
        catalog.origin,
        catalog.trials.len(),
        catalog.outcomes.len(),
        catalog.conditions.len()
    )?;
    let warnings = catalog::warnings(&catalog);
    for w in warnings.iter().take(MAX_WARNINGS) {
        writeln!(out, "warning: {w}")?;
    }
    if warnings.len() > MAX_WARNINGS {
        writeln!(out, "warning: ... and {} more", warnings.len() - MAX_WARNINGS)?;
    }
    if !unsourced.is_empty() {
        let shown = unsourced.iter().take(10).copied().collect::<Vec<_>>().join(", ");
        let more = if unsourced.len() > 10 { format!(" and {} more", unsourced.len() - 10) } else { String::new() };
        writeln!(
            out,
            "note: {} trial(s) with neither DOI nor PMID and no notes saying why: {shown}{more}",
            unsourced.len()
        )?;
    }
    Ok(())
}
