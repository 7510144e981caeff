//! One module per subcommand; each is glue: resolve arguments, compute with `analysis`, render with `report`.

mod audit;
mod check;
mod claims;
mod conditions;
mod diff;
mod export;
mod outcomes;
mod output;
mod pool;
mod rob;
mod sof;
mod summary;
mod trials;

use crate::catalog::{self, Catalog, Filter, Source};
use crate::cli::{CiArg, Cli, Command, FilterArgs};
use crate::error::{Error, Result};
use crate::report::Style;
use crate::stats::proportion::CiMethod;
use std::io::Write;

/// Run the parsed command line, writing reports to `out`.
/// `columns` is the value of `COLUMNS` (the one place the environment decides how tables are fitted).
pub fn run(cli: Cli, columns: Option<&str>, out: &mut dyn Write) -> Result<()> {
    let source = cli.catalog.clone().map_or(Source::Embedded, Source::Dir);
    let style = |o: &crate::cli::OutputArgs| Style::new(o.format, columns);
    match cli.command {
        Command::Trials { filter, output } => {
            let catalog = catalog::load(&source)?;
            trials::run(&catalog, &resolve(&catalog, &filter)?, style(&output), out)
        }
        Command::Summary { filter, summary, output } => {
            let catalog = catalog::load(&source)?;
            summary.outcome.as_deref().map_or(Ok(()), |o| check_outcome(&catalog, o))?;
            summary::run(&catalog, &resolve(&catalog, &filter)?, &summary, style(&output), out)
        }
        Command::Conditions { output } => conditions::run(&catalog::load(&source)?, style(&output), out),
        Command::Export { filter, summary, what, output } => {
            let catalog = catalog::load(&source)?;
            summary.outcome.as_deref().map_or(Ok(()), |o| check_outcome(&catalog, o))?;
            export::run(
                &catalog,
                &resolve(&catalog, &filter)?,
                &summary,
                what,
                &output,
                Style::new(crate::report::Format::Csv, columns),
                out,
            )
        }
        Command::Claims { document, verdict, trial, output } => {
            let catalog = catalog::load(&source)?;
            let filter = claims::ClaimFilter { document, verdict, trial };
            claims::run(&catalog, &filter, style(&output), out)
        }
        Command::Audit { file, output } => audit::run(&catalog::load(&source)?, &file, style(&output), out),
        Command::Pool { filter, pool, output } => {
            let catalog = catalog::load(&source)?;
            check_outcome(&catalog, &pool.outcome)?;
            let result = pool::run(&catalog, &resolve(&catalog, &filter)?, &pool, style(&output), out);
            // The process ends next: freeing a catalog of a million trials (tens of millions of
            // strings) would add seconds for nothing.
            std::mem::forget(catalog);
            result
        }
        Command::Outcomes { filter, output } => {
            let catalog = catalog::load(&source)?;
            outcomes::run(&catalog, &resolve(&catalog, &filter)?, style(&output), out)
        }
        Command::Diff { a, b, tol, output } => diff::run(&a, &b, tol, style(&output), out),
        Command::Rob { filter, plot, output } => {
            let catalog = catalog::load(&source)?;
            rob::run(&catalog, &resolve(&catalog, &filter)?, plot.as_deref(), style(&output), out)
        }
        Command::Sof { filter, outcomes, measure, method, hksj, output } => {
            let catalog = catalog::load(&source)?;
            let hksj = hksj.then_some(crate::stats::pool::Hksj::AdHoc);
            let spec = crate::analysis::sof::SofSpec { outcomes, measure, method, hksj };
            sof::run(&catalog, &resolve(&catalog, &filter)?, &spec, style(&output), out)
        }
        Command::Check { dir } => check::run(&dir.map_or(source, Source::Dir), out),
    }
}

/// Turn filter flags into a `Filter` of catalog keys and ids; an unknown condition or trial id is a
/// usage error naming the nearest.
fn resolve(catalog: &Catalog, args: &FilterArgs) -> Result<Filter> {
    Ok(Filter {
        conditions: catalog::resolve_conditions(catalog, &args.conditions).map_err(Error::Usage)?,
        ids: catalog::resolve_trials(catalog, &args.trials).map_err(Error::Usage)?,
        design: args.design,
        drug: args.drug.clone(),
        since: args.since,
        min_n: args.min_n,
    })
}

fn ci_method(arg: CiArg) -> CiMethod {
    match arg {
        CiArg::Wilson => CiMethod::Wilson,
        CiArg::Exact => CiMethod::Exact,
    }
}

/// Check an `--outcome` name against the catalog's outcome names: one that no row uses is a usage
/// error suggesting the nearest (a name the filters leave without rows is not an error: it is reported).
fn check_outcome(catalog: &Catalog, name: &str) -> Result<()> {
    let name = name.trim();
    if catalog.outcomes.iter().any(|o| o.outcome.eq_ignore_ascii_case(name)) {
        return Ok(());
    }
    let mut known: Vec<&str> = Vec::new();
    for o in &catalog.outcomes {
        if !known.contains(&&*o.outcome) {
            known.push(&o.outcome);
        }
    }
    let hint = catalog::nearest(name, known.iter().copied())
        .map(|n| format!("; did you mean {}?", crate::report::quote(n)))
        .unwrap_or_default();
    let shown = known.iter().take(20).map(|n| crate::report::sanitize(n)).collect::<Vec<_>>().join(", ");
    let more = if known.len() > 20 { format!(" and {} more", known.len() - 20) } else { String::new() };
    Err(Error::Usage(format!(
        "unknown outcome {} in {}: the outcome names are {shown}{more}{hint} (`evrev outcomes` lists them with their scales)",
        crate::report::quote(name),
        catalog.origin
    )))
}
