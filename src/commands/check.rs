//! `evrev check`: validate a catalog, listing every problem (exit 65) or a short inventory and the
//! warnings (rows it can use that a reviewer should look at: exit 0).

use super::Ctx;
use crate::catalog;
use crate::error::{Error, Result};
use crate::report;
use std::io::Write;

pub fn run(ctx: &Ctx<'_>, out: &mut dyn Write) -> Result<()> {
    let catalog = ctx.catalog;
    let unsourced: Vec<&str> = catalog
        .trials
        .iter()
        .filter(|t| t.doi().is_none() && t.pmid().is_none())
        .filter(|t| catalog.trial_columns.iter().position(|c| c == "notes").is_none_or(|i| t.raw()[i].is_empty()))
        .map(|t| &*t.id)
        .collect();
    let inventory = report::check::Inventory {
        catalog,
        warnings: catalog::warnings(catalog),
        notes: certainty_notes(catalog),
        unsourced,
    };
    report::check::write(out, &inventory).map_err(Error::Io)
}

/// How much of the catalog rob.csv covers, and the legacy trials.csv columns it replaces.
fn certainty_notes(catalog: &catalog::Catalog) -> Vec<String> {
    // Counted, not listed: a catalog of a million randomized trials would otherwise hold a million ids here.
    let randomized = || catalog.trials.iter().filter(|t| t.design.is_controlled());
    let total = randomized().count();
    let mut notes = vec![match &catalog.rob {
        None => format!("no rob.csv: none of the {total} randomized trials has a RoB 2 assessment"),
        Some(rob) => {
            let missing: Vec<&str> = randomized().filter(|t| rob.of(&t.id).is_none()).map(|t| &*t.id).collect();
            let list = if missing.is_empty() { String::new() } else { format!(" (not: {})", missing.join(", ")) };
            format!("rob.csv assesses {} of {total} randomized trials{list}", total - missing.len())
        }
    }];
    if catalog.trial_columns.iter().any(|c| c == "risk_of_bias" || c == "risk_of_bias_reason") {
        notes.push("trials.csv's risk_of_bias columns are no longer read: risk of bias comes from rob.csv".into());
    }
    notes
}
