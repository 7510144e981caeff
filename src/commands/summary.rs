//! `evrev summary`: per-outcome rates and effects, then totals per condition.

use super::Ctx;
use super::ci_method;
use crate::analysis::summary::{OutcomeSummary, condition_totals_of_rows, summaries, summaries_of, trial_parts};
use crate::cli::SummaryArgs;
use crate::error::{Error, Result};
use crate::report::{self, Format};
use crate::stats::proportion::CiMethod;
use std::io::{self, Write};

pub fn run(ctx: &Ctx<'_>, args: &SummaryArgs, out: &mut dyn Write) -> Result<()> {
    let (catalog, filter, style) = (ctx.catalog, &ctx.filter, ctx.style);
    let (outcome, method) = (args.outcome.as_deref(), ci_method(args.ci));
    // CSV and JSON write each row as it is computed; the table and Markdown lay out all of them.
    let rows = || summaries(catalog, filter, outcome, method);
    let written = match style.format {
        Format::Csv => write_csv(out, ctx, outcome, method),
        Format::Json => {
            let totals = condition_totals_of_rows(catalog, filter, &filter.conditions, outcome);
            report::summary::write_json(out, method, rows, &totals)
        }
        Format::Table | Format::Markdown => {
            let rows: Vec<OutcomeSummary<'_>> = rows().collect();
            let totals = condition_totals_of_rows(catalog, filter, &filter.conditions, outcome);
            let report = report::summary::report(catalog, filter, outcome, method, &rows, &totals);
            report::emit(out, style, &report)
        }
    };
    written.map_err(Error::Io)
}

/// The summary rows as CSV (`summary --format csv`, `export --what summary`): formatted in runs of
/// trials, two at a time on two threads.
pub(super) fn write_csv(out: &mut dyn Write, ctx: &Ctx<'_>, outcome: Option<&str>, method: CiMethod) -> io::Result<()> {
    let (catalog, filter) = (ctx.catalog, &ctx.filter);
    let parts = trial_parts(catalog);
    report::write_csv_in_parts::<OutcomeSummary<'_>, _, _>(out, &parts, |part| {
        summaries_of(catalog, filter, part, outcome, method)
    })
}
