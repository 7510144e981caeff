//! `evrev outcomes`: the outcome names the selected rows use, with their scales, trials and rows.

use super::Ctx;
use crate::analysis::outcomes::names;
use crate::error::{Error, Result};
use crate::report::{self, Column, Records, Report, View};
use std::io::Write;

pub fn run(ctx: &Ctx<'_>, out: &mut dyn Write) -> Result<()> {
    let (catalog, filter, style) = (ctx.catalog, &ctx.filter, ctx.style);
    let names = names(catalog, filter);
    let note = if names.is_empty() {
        format!("No outcome rows for {} in the {}.", filter.describe(catalog), catalog.origin)
    } else {
        let rows: usize = names.iter().map(|n| n.rows).sum();
        format!(
            "{} outcome name(s) x scale, {rows} row(s) ({}); rows are selected by the condition they measure.",
            names.len(),
            filter.describe(catalog)
        )
    };
    let view = View {
        title: None,
        headers: ["Outcome", "Scale", "Trials", "Rows", "Trials (citations)"].map(String::from).to_vec(),
        rows: names
            .iter()
            .map(|n| {
                vec![n.outcome.clone(), n.scale.clone(), n.trials.to_string(), n.rows.to_string(), n.citations.clone()]
            })
            .collect(),
        notes: vec![note],
        ..View::default()
    }
    .column("Trials", Column::KEEP.no_wrap())
    .column("Rows", Column::KEEP.no_wrap());
    let report = Report { records: Records::of(&names).map_err(Error::serialize)?, json: None, views: vec![view] };
    report::emit(out, style, &report).map_err(Error::Io)
}
