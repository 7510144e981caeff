//! `evrev export`: CSV of trials or summaries to a file, written whole or not at all.

use crate::catalog::{Catalog, Filter, Trial};
use crate::cli::{ExportWhat, SummaryArgs};
use crate::error::Result;
use crate::report::{self, Style};
use std::io::Write;
use std::path::Path;

pub fn run(
    catalog: &Catalog,
    filter: &Filter,
    args: &SummaryArgs,
    what: ExportWhat,
    path: &Path,
    style: Style,
    out: &mut dyn Write,
) -> Result<()> {
    let report = match what {
        ExportWhat::Trials => {
            let trials: Vec<&Trial> = filter.trials(catalog).collect();
            report::Report { records: super::trials::records(catalog, &trials), json: None, views: Vec::new() }
        }
        ExportWhat::Summary => super::summary::build(catalog, filter, args),
        ExportWhat::Claims => super::claims::build(catalog, &super::claims::ClaimFilter::default())?,
    };
    if path == Path::new("-") {
        return Ok(report::emit(out, style, &report)?);
    }
    super::output::write_atomically(path, |w| report::emit(w, style, &report))
}
