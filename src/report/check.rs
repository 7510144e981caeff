//! The `check` report: the catalog's inventory, its warnings (the first fifty, then a count), what
//! rob.csv covers, and the trials without a DOI, PMID or a note saying why.

use crate::catalog::{Catalog, Problem};
use std::io::{self, Write};

/// Warnings listed one by one before the rest are counted.
const MAX_WARNINGS: usize = 50;

/// What `check` found in a catalog that loads.
pub struct Inventory<'a> {
    pub catalog: &'a Catalog,
    pub warnings: Vec<Problem>,
    /// What rob.csv covers, and legacy columns it replaces.
    pub notes: Vec<String>,
    /// Trials with neither DOI nor PMID and no notes saying why.
    pub unsourced: Vec<&'a str>,
}

/// The inventory as lines: `ok: ...`, then `warning: ...` and `note: ...`.
pub fn write(out: &mut dyn Write, i: &Inventory<'_>) -> io::Result<()> {
    let catalog = i.catalog;
    writeln!(
        out,
        "ok: {}: {} trials, {} outcome rows, {} conditions",
        catalog.origin,
        catalog.trials.len(),
        catalog.outcome_rows(),
        catalog.conditions.len()
    )?;
    for w in i.warnings.iter().take(MAX_WARNINGS) {
        writeln!(out, "warning: {w}")?;
    }
    if i.warnings.len() > MAX_WARNINGS {
        writeln!(out, "warning: ... and {} more", i.warnings.len() - MAX_WARNINGS)?;
    }
    for note in &i.notes {
        writeln!(out, "note: {note}")?;
    }
    if !i.unsourced.is_empty() {
        let shown = i.unsourced.iter().take(10).copied().collect::<Vec<_>>().join(", ");
        let more = if i.unsourced.len() > 10 { format!(" and {} more", i.unsourced.len() - 10) } else { String::new() };
        writeln!(
            out,
            "note: {} trial(s) with neither DOI nor PMID and no notes saying why: {shown}{more}",
            i.unsourced.len()
        )?;
    }
    Ok(())
}
