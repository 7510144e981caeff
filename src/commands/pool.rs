//! `evrev pool`: meta-analysis of one outcome; per-study table with a text forest plot, the pooled
//! row, heterogeneity and the choices made; JSON and CSV at full precision; an SVG forest plot.

use super::Ctx;
use crate::analysis::bias::small_study_effects;
use crate::analysis::pool::{self, Better, Spec, StudyRow, SubgroupBy};
use crate::catalog::Catalog;
use crate::cli::{HksjRule, PoolArgs, SubgroupArg};
use crate::error::{Error, UsageError};
use crate::report::pool::{forest, funnel, pooled_row, provenance_marks, views};
use crate::report::{self, Format, Records, Report};
use crate::stats::pool::Hksj;
use anyhow::Result;
use std::io::Write;
use std::path::Path;

pub fn run(ctx: &Ctx<'_>, args: &PoolArgs, out: &mut dyn Write) -> Result<()> {
    let (catalog, filter, style) = (ctx.catalog, &ctx.filter, ctx.style);
    let spec = spec(catalog, args).map_err(Error::from)?;
    let mut result = pool::pool(catalog, filter, &spec).map_err(Error::from)?;
    if args.bias {
        let bias = small_study_effects(&result);
        result.notes.push(bias.egger_note.clone());
        result.bias = Some(bias);
    }
    if let Some(path) = &args.funnel {
        write_file(path, report::funnel_svg(&funnel(&result)).as_bytes())?;
    }
    let better = args.better.or_else(|| Better::by_name(&spec.outcome));
    if let Some(path) = &args.plot {
        let svg = report::forest_svg(&forest(&result, better));
        write_file(path, svg.as_bytes())?;
    }
    match style.format {
        Format::Json => {
            // The long lists in the order the result writes them: its studies, then its subgroups.
            let groups = result.subgroups.as_ref().map(|s| report::InParts(&s.groups));
            let mut lists: Vec<&dyn report::Elements> = vec![&result.studies];
            lists.extend(groups.as_ref().map(|g| g as &dyn report::Elements));
            report::write_json_in_parts(out, &result, &lists).map_err(Error::Io)?
        }
        Format::Csv => {
            let pooled = pooled_row(&result);
            report::write_csv::<StudyRow<'_>>(out, result.studies.iter().chain(std::iter::once(pooled)))
                .map_err(Error::Io)?
        }
        Format::Table | Format::Markdown => {
            let marks = provenance_marks(&result);
            let report = Report { records: Records::default(), json: None, views: views(&result, better, &marks) };
            report::emit(out, style, &report).map_err(Error::Io)?
        }
    }
    Ok(())
}

/// The typed request; `--subgroup` is checked against the catalog's columns.
fn spec(catalog: &Catalog, args: &PoolArgs) -> std::result::Result<Spec, UsageError> {
    let subgroup = match &args.subgroup {
        None => None,
        Some(by) => Some(match by {
            SubgroupArg::Condition => SubgroupBy::Condition,
            SubgroupArg::Design => SubgroupBy::Design,
            SubgroupArg::Drug => SubgroupBy::Drug,
            SubgroupArg::Comparator => SubgroupBy::Comparator,
            SubgroupArg::Column(s) => {
                let name = s.strip_prefix("column:").unwrap_or(s);
                match catalog.trial_columns.iter().position(|c| c == name) {
                    Some(index) => SubgroupBy::Column { name: name.to_string(), index },
                    None => {
                        return Err(UsageError::UnknownSubgroup {
                            name: s.clone(),
                            origin: catalog.origin.clone(),
                            columns: catalog.trial_columns.clone(),
                        });
                    }
                }
            }
        }),
    };
    Ok(Spec {
        outcome: args.outcome.trim().to_string(),
        measure: args.measure,
        method: args.method,
        hksj: args.hksj.then_some(match args.hksj_rule {
            HksjRule::Adhoc => Hksj::AdHoc,
            HksjRule::Knha => Hksj::Plain,
        }),
        subgroup,
        leave_one_out: args.leave_one_out,
    })
}

/// Write `bytes` to `path`, whole or not at all.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    super::output::write_atomically(path, |w| w.write_all(bytes))
}
