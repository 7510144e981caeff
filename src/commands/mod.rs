//! One module per subcommand; each is glue: resolve arguments, compute with `analysis`, render with `report`.

mod audit;
mod brief;
mod check;
mod claims;
mod conditions;
mod diff;
mod export;
mod outcomes;
mod output;
mod pool;
mod rob;
mod shell;
mod sof;
mod summary;
mod trials;

use crate::catalog::{self, Catalog, Filter, Source};
use crate::cli::{CiArg, Cli, Command, FilterArgs, OutputArgs};
use crate::error::UsageError;
use crate::report::Style;
use crate::stats::proportion::CiMethod;
use anyhow::Result;
use std::io::Write;

pub use shell::version_text;

/// What every command that reads the catalog is given: the catalog (loaded once, in [`run`]), the
/// filter its flags resolve to (everything, for a command without filter flags) and how to render.
pub struct Ctx<'a> {
    pub catalog: &'a Catalog,
    /// Where the catalog was read from (for its content hash: `catalog::fingerprint`).
    pub source: &'a Source,
    pub filter: Filter,
    pub style: Style,
}

/// Run the parsed command line, writing reports to `out`. `terminal` is what the environment says
/// about the terminal (`COLUMNS`, the locale), read once by `main`: each report takes its format from
/// its flags and the rest from it. The error is a chain: context
/// from the file and stream edges around a typed [`crate::error::Error`] (which sets the exit code).
pub fn run(cli: Cli, terminal: Style, out: &mut dyn Write) -> Result<()> {
    let style = |o: &OutputArgs| terminal.with_format(o.format);
    let mut source = cli.catalog.clone().map_or(Source::Embedded, Source::Dir);
    let command = match cli.command {
        // diff reads two catalogs of its own; check validates the folder it is given, if any.
        Command::Diff { a, b, tol, output } => return Ok(diff::run(&a, &b, tol, style(&output), out)?),
        Command::Completions { shell } => return Ok(shell::completions(shell, out)?),
        Command::Man => return Ok(shell::man(out)?),
        Command::Check { dir: Some(dir) } => {
            source = Source::Dir(dir);
            Command::Check { dir: None }
        }
        command => command,
    };
    // check only validates: its outcome rows are counted and warned about as read, not kept.
    let load = if matches!(command, Command::Check { .. }) { catalog::load_for_check } else { catalog::load };
    let catalog = load(&source).map_err(crate::error::Error::Catalog)?;
    let result = dispatch(&catalog, &source, command, &style, out);
    // The process ends next: freeing a catalog of a million trials (tens of millions of strings)
    // would add seconds for nothing.
    std::mem::forget(catalog);
    result
}

/// One command on the loaded catalog: its flags become typed config (filter, outcome checked), then
/// the command runs.
fn dispatch(
    catalog: &Catalog,
    source: &Source,
    command: Command,
    style: &dyn Fn(&OutputArgs) -> Style,
    out: &mut dyn Write,
) -> Result<()> {
    let ctx = |filter: Option<&FilterArgs>, style: Style| -> crate::error::Result<Ctx<'_>> {
        let filter = filter.map_or(Ok(Filter::default()), |f| resolve(catalog, f))?;
        Ok(Ctx { catalog, source, filter, style })
    };
    match command {
        Command::Trials { filter, output } => trials::run(&ctx(Some(&filter), style(&output))?, out)?,
        Command::Summary { filter, summary, output } => {
            summary.outcome.as_deref().map_or(Ok(()), |o| check_outcome(catalog, o))?;
            summary::run(&ctx(Some(&filter), style(&output))?, &summary, out)?
        }
        Command::Conditions { output } => conditions::run(&ctx(None, style(&output))?, out)?,
        Command::Export { filter, summary, what, output } => {
            summary.outcome.as_deref().map_or(Ok(()), |o| check_outcome(catalog, o))?;
            export::run(&ctx(Some(&filter), style(&OutputArgs::default()))?, &summary, what, &output, out)?
        }
        Command::Claims { document, verdict, trial, output } => {
            let filter = claims::ClaimFilter { document, verdict, trial };
            claims::run(&ctx(None, style(&output))?, &filter, out)?
        }
        Command::Audit { file, input, output } => audit::run(&ctx(None, style(&output))?, &file, input, out)?,
        Command::Pool { filter, pool, output } => {
            check_outcome(catalog, &pool.outcome)?;
            pool::run(&ctx(Some(&filter), style(&output))?, &pool, out)?
        }
        Command::Outcomes { filter, output } => outcomes::run(&ctx(Some(&filter), style(&output))?, out)?,
        Command::Rob { filter, plot, output } => rob::run(&ctx(Some(&filter), style(&output))?, plot.as_deref(), out)?,
        Command::Sof { filter, outcomes, measure, method, hksj, output } => {
            let hksj = hksj.then_some(crate::stats::pool::Hksj::AdHoc);
            let spec = crate::analysis::sof::SofSpec { outcomes, measure, method, hksj };
            sof::run(&ctx(Some(&filter), style(&output))?, &spec, out)?
        }
        Command::Brief { filter, audit, output } => {
            brief::run(&ctx(Some(&filter), Style::default())?, &brief::Args { audit, output }, out)?
        }
        Command::Check { .. } => check::run(&ctx(None, Style::default())?, out)?,
        Command::Diff { .. } | Command::Completions { .. } | Command::Man => {
            unreachable!("diff, completions and man run before the catalog is loaded")
        }
    }
    Ok(())
}

/// Turn filter flags into a `Filter` of catalog keys and ids; an unknown condition or trial id is a
/// usage error naming the nearest.
fn resolve(catalog: &Catalog, args: &FilterArgs) -> crate::error::Result<Filter> {
    Ok(Filter {
        conditions: catalog::resolve_conditions(catalog, &args.conditions)
            .map_err(|u| unknown_condition(catalog, u))?,
        ids: trial_ids(catalog, &args.trials)?,
        design: args.design,
        drug: args.drug.clone(),
        since: args.since,
        min_n: args.min_n,
    })
}

fn unknown_condition(catalog: &Catalog, u: catalog::Unknown) -> UsageError {
    UsageError::UnknownCondition { name: u.name, origin: catalog.origin.clone(), known: u.known, nearest: u.nearest }
}

/// `--trial` values checked against the catalog's ids (an unknown one is a usage error naming the nearest).
fn trial_ids(catalog: &Catalog, ids: &[String]) -> std::result::Result<Vec<String>, UsageError> {
    catalog::resolve_trials(catalog, ids).map_err(|u| UsageError::UnknownTrial {
        id: u.name,
        origin: catalog.origin.clone(),
        nearest: u.nearest,
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
fn check_outcome(catalog: &Catalog, name: &str) -> crate::error::Result<()> {
    let name = name.trim();
    if catalog.outcomes.iter().any(|o| o.outcome.eq_ignore_ascii_case(name)) {
        return Ok(());
    }
    let mut known: Vec<String> = Vec::new();
    for o in &catalog.outcomes {
        if !known.iter().any(|k| **k == *o.outcome) {
            known.push(o.outcome.to_string());
        }
    }
    let nearest = catalog::nearest(name, known.iter().map(String::as_str)).map(str::to_string);
    Err(UsageError::UnknownOutcome { name: name.to_string(), origin: catalog.origin.clone(), known, nearest }.into())
}
