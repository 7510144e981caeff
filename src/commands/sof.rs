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
    let report = report::sof::report(catalog, filter, &r, ascii(), compact).map_err(Error::serialize)?;
    report::emit(out, style, &report).map_err(Error::Io)
}

/// Whether the terminal's character set cannot show GRADE's ⊕⊝ (a locale that is set and not UTF-8).
fn ascii() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .is_some_and(|l| !l.to_ascii_lowercase().replace('-', "").contains("utf8"))
}
