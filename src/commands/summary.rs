//! `evrev summary`: per-outcome rates and effects, then totals per condition.

use super::Ctx;
use super::ci_method;
use crate::analysis::summary::{condition_totals, summaries};
use crate::catalog::{Catalog, Filter};
use crate::cli::SummaryArgs;
use crate::error::{Error, Result};
use crate::report::{self, Format, Report};
use std::io::Write;

pub fn run(ctx: &Ctx<'_>, args: &SummaryArgs, out: &mut dyn Write) -> Result<()> {
    let (catalog, filter, style) = (ctx.catalog, &ctx.filter, ctx.style);
    if style.format == Format::Csv {
        let rows = summaries(catalog, filter, args.outcome.as_deref(), ci_method(args.ci));
        return write_csv(out, catalog, filter, args, &rows).map_err(Error::Io);
    }
    report::emit(out, style, &build(catalog, filter, args, style.format)).map_err(Error::Io)
}

/// The outcome rows as CSV, streamed (no record of JSON values held per row: at 100k rows those
/// were most of the memory); with no rows, the report's header-only CSV.
pub(super) fn write_csv(
    out: &mut dyn Write,
    catalog: &Catalog,
    filter: &Filter,
    args: &SummaryArgs,
    rows: &[crate::analysis::summary::OutcomeSummary],
) -> std::io::Result<()> {
    if rows.is_empty() {
        let style = report::Style { format: Format::Csv, width: None };
        return report::emit(out, style, &build(catalog, filter, args, Format::Csv));
    }
    report::write_csv(out, rows)
}

/// Compute the summaries and totals `args` ask for and lay them out.
fn build(catalog: &Catalog, filter: &Filter, args: &SummaryArgs, format: Format) -> Report {
    let method = ci_method(args.ci);
    let rows = summaries(catalog, filter, args.outcome.as_deref(), method);
    let totals = condition_totals(catalog, filter, &filter.conditions);
    report::summary::report(catalog, filter, args.outcome.as_deref(), method, &rows, &totals, format)
}
