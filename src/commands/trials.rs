//! `evrev trials`: the evidence table, one row per trial.

use crate::catalog::{Catalog, Filter, Trial};
use crate::error::Result;
use crate::report::trials::{records, view};
use crate::report::{self, Report, Style};
use std::io::Write;

pub fn run(catalog: &Catalog, filter: &Filter, style: Style, out: &mut dyn Write) -> Result<()> {
    let trials: Vec<&Trial> = filter.trials(catalog).collect();
    let report = Report { records: records(catalog, &trials), json: None, views: vec![view(catalog, filter, &trials)] };
    Ok(report::emit(out, style, &report)?)
}
