//! `evrev export`: CSV of trials or summaries to a file, written whole or not at all.

use super::Ctx;
use crate::catalog::Trial;
use crate::cli::{ExportWhat, SummaryArgs};
use crate::error::Error;
use crate::report::{self, Format};
use anyhow::Result;
use std::io::Write;
use std::path::Path;

pub fn run(ctx: &Ctx<'_>, args: &SummaryArgs, what: ExportWhat, path: &Path, out: &mut dyn Write) -> Result<()> {
    let (catalog, filter) = (ctx.catalog, &ctx.filter);
    // Always CSV, whatever --format would say (export has no --format).
    let style = ctx.style.with_format(Format::Csv);
    let report = match what {
        ExportWhat::Trials => {
            let trials: Vec<&Trial> = filter.trials(catalog).collect();
            report::Report { records: report::trials::records(catalog, &trials), json: None, views: Vec::new() }
        }
        ExportWhat::Summary => {
            let (outcome, method) = (args.outcome.as_deref(), super::ci_method(args.ci));
            let write = |w: &mut dyn Write| super::summary::write_csv(w, ctx, outcome, method);
            return super::output::write_to(Some(path), out, write);
        }
        ExportWhat::Claims => {
            report::claims::report(catalog, &catalog.claims.iter().collect::<Vec<_>>()).map_err(Error::serialize)?
        }
    };
    super::output::write_to(Some(path), out, |w| report::emit(w, style, &report))
}
