//! `evrev export`: CSV of trials or summaries to a file, written whole or not at all.

use super::Ctx;
use crate::analysis::summary::summaries;
use crate::catalog::Trial;
use crate::cli::{ExportWhat, SummaryArgs};
use crate::error::{Error, Result};
use crate::report::{self, Format};
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
            let rows = summaries(catalog, filter, args.outcome.as_deref(), super::ci_method(args.ci));
            let write = |w: &mut dyn Write| super::summary::write_csv(w, catalog, filter, args, &rows);
            if path == Path::new("-") {
                return write(out).map_err(Error::Io);
            }
            return super::output::write_atomically(path, write);
        }
        ExportWhat::Claims => report::claims::report(catalog, &catalog.claims.iter().collect::<Vec<_>>()),
    };
    if path == Path::new("-") {
        return report::emit(out, style, &report).map_err(Error::Io);
    }
    super::output::write_atomically(path, |w| report::emit(w, style, &report))
}
