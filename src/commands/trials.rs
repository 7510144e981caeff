//! `evrev trials`: the evidence table, one row per trial.

use super::Ctx;
use crate::catalog::Trial;
use crate::error::{Error, Result};
use crate::report::trials::{records, view};
use crate::report::{self, Report};
use std::io::Write;

pub fn run(ctx: &Ctx<'_>, out: &mut dyn Write) -> Result<()> {
    let (catalog, filter, style) = (ctx.catalog, &ctx.filter, ctx.style);
    let trials: Vec<&Trial> = filter.trials(catalog).collect();
    let report = Report { records: records(catalog, &trials), json: None, views: vec![view(catalog, filter, &trials)] };
    report::emit(out, style, &report).map_err(Error::Io)
}
