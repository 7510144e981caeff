//! `evrev export`: CSV of trials or summaries to a file, written whole or not at all.

use crate::catalog::{Catalog, Filter, Trial};
use crate::cli::{ExportWhat, SummaryArgs};
use crate::error::{Error, Result};
use crate::report::{self, Format};
use std::io::Write;
use std::path::Path;

pub fn run(
    catalog: &Catalog,
    filter: &Filter,
    args: &SummaryArgs,
    what: ExportWhat,
    path: &Path,
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
        return Ok(report::emit(out, Format::Csv, &report)?);
    }
    write_atomically(path, |w| report::emit(w, Format::Csv, &report))
}

/// Write to a temporary file beside `path`, then rename it into place: the file is whole or absent.
fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let fail = |source| Error::Output { path: path.display().to_string(), source };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new().prefix(".evrev-export").tempfile_in(dir).map_err(fail)?;
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buf).map_err(fail)?;
        buf.flush().map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
