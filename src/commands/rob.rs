//! `evrev rob`: the risk-of-bias traffic-light table (trial x RoB 2 domain), with the support for each
//! judgement in CSV, JSON and Markdown; `--plot` writes robvis' traffic-light and summary figures (SVG).

use super::Ctx;
use crate::analysis::rob::{RobReport, rob};
use crate::catalog::{Catalog, Filter};
use crate::error::{AnalysisError, Error, NoAssessment};
use crate::report;
use anyhow::Result;
use std::io::Write;
use std::path::Path;

pub fn run(ctx: &Ctx<'_>, plot: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let (catalog, filter, style) = (ctx.catalog, &ctx.filter, ctx.style);
    let r = rob(catalog, filter);
    if let Some(path) = plot {
        if r.rows.is_empty() {
            return Err(Error::Analysis(AnalysisError::NothingToPlot(nothing(catalog, filter, &r))).into());
        }
        let svg = report::rob_svg(&r);
        super::output::write_atomically(path, |w| w.write_all(svg.as_bytes()))?;
    }
    let report = report::rob::report(&r, &nothing(catalog, filter, &r), style.format).map_err(Error::serialize)?;
    Ok(report::emit(out, style, &report).map_err(Error::Io)?)
}

fn nothing(catalog: &Catalog, filter: &Filter, r: &RobReport) -> NoAssessment {
    match &r.file {
        None => NoAssessment::NoRobFile { origin: catalog.origin.clone() },
        Some(f) => NoAssessment::NoneSelected { file: f.clone(), filter: filter.describe(catalog) },
    }
}
