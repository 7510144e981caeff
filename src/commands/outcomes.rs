//! `evrev outcomes`: the outcome names the selected rows use, with their scales, trials and rows.

use super::Ctx;
use crate::analysis::outcomes::names;
use crate::error::{Error, Result};
use crate::report;
use std::io::Write;

pub fn run(ctx: &Ctx<'_>, out: &mut dyn Write) -> Result<()> {
    let (catalog, filter, style) = (ctx.catalog, &ctx.filter, ctx.style);
    let names = names(catalog, filter);
    let report = report::outcomes::report(catalog, filter, &names).map_err(Error::serialize)?;
    report::emit(out, style, &report).map_err(Error::Io)
}
