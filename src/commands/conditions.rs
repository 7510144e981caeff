//! `evrev conditions`: the catalog's vocabulary with trial and participant counts.

use super::Ctx;
use crate::analysis::summary::condition_totals;
use crate::catalog::Filter;
use crate::error::{Error, Result};
use crate::report;
use std::io::Write;

pub fn run(ctx: &Ctx<'_>, out: &mut dyn Write) -> Result<()> {
    let (catalog, style) = (ctx.catalog, ctx.style);
    let totals = condition_totals(catalog, &Filter::default(), &[]);
    let report = report::conditions::report(catalog, &totals).map_err(Error::serialize)?;
    report::emit(out, style, &report).map_err(Error::Io)
}
