//! `evrev summary`: per-outcome rates and effects, then totals per condition.

use super::Ctx;
use super::ci_method;
use crate::analysis::summary::{condition_totals_of_rows, summaries};
use crate::catalog::{Catalog, Filter};
use crate::cli::SummaryArgs;
use crate::error::{Error, Result};
use crate::report::{self, Format, Report};
use std::io::Write;

pub fn run(ctx: &Ctx<'_>, args: &SummaryArgs, out: &mut dyn Write) -> Result<()> {
    let (catalog, filter, style) = (ctx.catalog, &ctx.filter, ctx.style);
    if style.format == Format::Csv {
        let rows = summaries(catalog, filter, args.outcome.as_deref(), ci_method(args.ci));
        return report::write_csv(out, &rows).map_err(Error::Io);
    }
    report::emit(out, style, &build(catalog, filter, args, style.format)?).map_err(Error::Io)
}

/// Compute the summaries and totals `args` ask for and lay them out.
fn build(catalog: &Catalog, filter: &Filter, args: &SummaryArgs, format: Format) -> Result<Report> {
    let method = ci_method(args.ci);
    let rows = summaries(catalog, filter, args.outcome.as_deref(), method);
    let totals = condition_totals_of_rows(catalog, filter, &filter.conditions, &rows);
    report::summary::report(catalog, filter, args.outcome.as_deref(), method, &rows, &totals, format)
        .map_err(Error::serialize)
}
