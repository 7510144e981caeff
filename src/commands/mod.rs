//! One module per subcommand; each is glue: resolve arguments, compute with `analysis`, render with `report`.

mod audit;
mod check;
mod claims;
mod conditions;
mod export;
mod output;
mod pool;
mod rob;
mod sof;
mod summary;
mod trials;

use crate::catalog::{self, Catalog, Filter, Source};
use crate::cli::{CiArg, Cli, Command, FilterArgs};
use crate::error::{Error, Result};
use crate::stats::proportion::CiMethod;
use std::io::Write;

/// Run the parsed command line, writing reports to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let source = cli.catalog.clone().map_or(Source::Embedded, Source::Dir);
    match cli.command {
        Command::Trials { filter, output } => {
            let catalog = catalog::load(&source)?;
            trials::run(&catalog, &resolve(&catalog, &filter)?, output.format, out)
        }
        Command::Summary { filter, summary, output } => {
            let catalog = catalog::load(&source)?;
            summary::run(&catalog, &resolve(&catalog, &filter)?, &summary, output.format, out)
        }
        Command::Conditions { output } => conditions::run(&catalog::load(&source)?, output.format, out),
        Command::Export { filter, summary, what, output } => {
            let catalog = catalog::load(&source)?;
            export::run(&catalog, &resolve(&catalog, &filter)?, &summary, what, &output, out)
        }
        Command::Claims { document, verdict, trial, output } => {
            let catalog = catalog::load(&source)?;
            let filter = claims::ClaimFilter { document, verdict, trial };
            claims::run(&catalog, &filter, output.format, out)
        }
        Command::Audit { file, output } => audit::run(&catalog::load(&source)?, &file, output.format, out),
        Command::Pool { filter, pool, output } => {
            let catalog = catalog::load(&source)?;
            let result = pool::run(&catalog, &resolve(&catalog, &filter)?, &pool, output.format, out);
            // The process ends next: freeing a catalog of a million trials (tens of millions of
            // strings) would add seconds for nothing.
            std::mem::forget(catalog);
            result
        }
        Command::Rob { filter, plot, output } => {
            let catalog = catalog::load(&source)?;
            rob::run(&catalog, &resolve(&catalog, &filter)?, plot.as_deref(), output.format, out)
        }
        Command::Sof { filter, outcomes, measure, method, hksj, output } => {
            let catalog = catalog::load(&source)?;
            let hksj = hksj.then_some(crate::stats::pool::Hksj::AdHoc);
            let spec = crate::analysis::sof::SofSpec { outcomes, measure, method, hksj };
            sof::run(&catalog, &resolve(&catalog, &filter)?, &spec, output.format, out)
        }
        Command::Check { dir } => check::run(&dir.map_or(source, Source::Dir), out),
    }
}

/// Turn filter flags into a `Filter` of catalog keys; an unknown condition is a usage error.
fn resolve(catalog: &Catalog, args: &FilterArgs) -> Result<Filter> {
    Ok(Filter {
        conditions: catalog::resolve_conditions(catalog, &args.conditions).map_err(Error::Usage)?,
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
