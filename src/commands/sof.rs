//! `evrev sof`: the Summary of Findings table with GRADE certainty, one row per outcome, in the
//! GRADEpro layout; footnotes say why each domain was rated as it was.

use super::Ctx;
use crate::analysis::sof::{SofSpec, sof};
use crate::error::{Error, Result};
use crate::report::{self, Format};
use std::io::Write;

pub fn run(ctx: &Ctx<'_>, spec: &SofSpec, out: &mut dyn Write) -> Result<()> {
    let (catalog, filter, style) = (ctx.catalog, &ctx.filter, ctx.style);
    let r = sof(catalog, filter, spec)?;
    let compact = style.format == Format::Table;
    let report = report::sof::report(catalog, filter, &r, style.ascii, compact).map_err(Error::serialize)?;
    report::emit(out, style, &report).map_err(Error::Io)
}
