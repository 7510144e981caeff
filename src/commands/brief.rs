//! `evrev brief`: the evidence brief, one self-contained HTML page with a section per condition
//! (glue: each condition's SoF, pools, RoB and claims from `analysis`, the page from `report::html`).

use super::Ctx;
use crate::analysis::audit::{AuditRow, audit};
use crate::analysis::pool::{Better, Method, PoolResult};
use crate::analysis::rob::rob;
use crate::analysis::sof::{SofSpec, sof_with_pools};
use crate::analysis::summary::condition_totals;
use crate::catalog::{self, Catalog, Claim, Filter, Outcome, Source, Trial};
use crate::error::{AnalysisError, Error, Result, UsageError};
use crate::report::html::{self, AuditEntry, Audited, Brief, NotPooled, Pooled, Section, SofTable, Stamp, Unpooled};
use std::io::Write;
use std::path::{Path, PathBuf};

/// `evrev brief`'s own flags (the filter is in `Ctx`).
pub struct Args {
    /// Articles to audit in the same run.
    pub audit: Vec<PathBuf>,
    /// `None` or `-`: standard output.
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &Ctx<'_>, args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let catalog = ctx.catalog;
    let audits = args.audit.iter().map(|f| audited(catalog, f)).collect::<Result<Vec<_>>>()?;
    let keys = conditions(catalog, &ctx.filter);
    if keys.is_empty() {
        return Err(Error::Analysis(AnalysisError::NothingToBrief { filter: ctx.filter.describe(catalog) }).into());
    }
    let sections = keys.iter().map(|k| section(catalog, &ctx.filter, k, &audits)).collect();
    let brief = Brief { catalog, sections, audits, stamp: stamp(catalog, ctx.source)? };
    let page = html::page(&brief);
    super::output::write_to(args.output.as_deref(), out, |w| w.write_all(page.as_bytes()))
}

/// The filter's conditions, else every condition of the vocabulary that has a selected trial.
fn conditions(catalog: &Catalog, filter: &Filter) -> Vec<String> {
    let keys: Vec<String> = if filter.conditions.is_empty() {
        catalog.conditions.iter().map(|c| c.key.clone()).collect()
    } else {
        filter.conditions.clone()
    };
    keys.into_iter().filter(|k| only(filter, k).trials(catalog).next().is_some()).collect()
}

/// `filter` narrowed to one condition.
fn only(filter: &Filter, key: &str) -> Filter {
    Filter { conditions: vec![key.to_string()], ..filter.clone() }
}

fn section<'a>(catalog: &'a Catalog, filter: &Filter, key: &str, audits: &[Audited]) -> Section<'a> {
    let filter = only(filter, key);
    let trials: Vec<&Trial> = catalog.trials.iter().filter(|t| filter.matches(t)).collect();
    let spec = SofSpec { outcomes: Vec::new(), measure: None, method: Method::Reml, hksj: None };
    // The fits the SoF rows rest on, drawn as forest plots: made once, by sof.
    let (sof, pools) = match sof_with_pools(catalog, &filter, &spec) {
        Ok((report, fits)) => {
            let better = |r: &PoolResult<'a>| Better::by_name(&r.outcome);
            (Ok(report), fits.into_iter().map(|result| Pooled { better: better(&result), result }).collect())
        }
        Err(e) => (Err(e.to_string()), Vec::new()),
    };
    let sof = sof.map(|report| SofTable {
        cells: report.rows.iter().map(|x| crate::report::sof::cells(x, false)).collect(),
        // The outcomes left out are drawn in words by the page, not as the terminal's list of keys.
        notes: crate::report::sof::table_notes(&report),
        report,
    });
    let ids: Vec<&str> = trials.iter().map(|t| &*t.id).collect();
    let audit = audits
        .iter()
        .flat_map(|a| a.rows.iter().map(move |row| (a, row)))
        .filter(|(_, row)| row.trial.as_deref().is_some_and(|t| ids.contains(&t)))
        .map(|(a, row)| AuditEntry { file: a.file.clone(), row: row.clone() })
        .collect();
    let unpooled = unpooled(catalog, key, &trials, &pools);
    Section {
        unpooled,
        key: key.to_string(),
        label: catalog.label(key).to_string(),
        claims: claims(catalog, key, &ids),
        rob: rob(catalog, &filter),
        totals: condition_totals(catalog, &filter, &[key.to_string()]).remove(0),
        trials,
        sof,
        pools,
        audit,
    }
}

/// The trials none of whose rows a pooled SoF row rests on, with their paper's primary result.
fn unpooled<'a>(catalog: &'a Catalog, key: &str, trials: &[&'a Trial], pools: &[Pooled<'_>]) -> Vec<Unpooled<'a>> {
    let pooled: Vec<&str> = pools.iter().flat_map(|p| p.result.studies.iter().map(|s| s.trial)).collect();
    trials
        .iter()
        .filter(|t| !pooled.contains(&&*t.id))
        .map(|&t| {
            let rows: Vec<&Outcome> =
                catalog.outcomes_of(&t.id).filter(|o| o.conditions_or(t).iter().any(|c| c == key)).collect();
            let primary = rows.iter().find(|o| o.is_primary()).map(|o| {
                let name = if o.scale.is_empty() { &o.definition } else { &o.scale };
                name.to_string()
            });
            Unpooled { trial: t, result: catalog.primary_result(t), primary, why: not_pooled(t, &rows) }
        })
        .collect()
}

/// Why no pooled row uses `rows` (the trial's rows for the condition), first reason first.
fn not_pooled(t: &Trial, rows: &[&Outcome]) -> NotPooled {
    if rows.is_empty() {
        NotPooled::NoOutcomes
    } else if rows.iter().all(|o| o.control.is_none()) {
        NotPooled::SingleArm
    } else if !rows.iter().any(|o| o.has_numbers()) {
        if rows.iter().any(|o| o.pct_t().is_some() || o.pct_c().is_some()) {
            NotPooled::PercentagesOnly
        } else {
            NotPooled::NoNumbers
        }
    } else if !t.design.is_controlled() {
        NotPooled::Uncontrolled
    } else {
        NotPooled::NotCombinable
    }
}

/// Claims about the condition: those about one of its trials, and trial-less ones naming it.
fn claims<'a>(catalog: &'a Catalog, key: &str, ids: &[&str]) -> Vec<&'a Claim> {
    let names: Vec<String> = catalog.condition(key).map_or_else(
        || vec![key.to_lowercase()],
        |c| {
            let all = std::iter::once(&c.label).chain(&c.aliases).chain(std::iter::once(&c.key));
            all.filter(|n| n.len() >= 4).map(|n| n.to_lowercase()).collect()
        },
    );
    let names_it = |c: &Claim| {
        let text = format!("{} {}", c.claim, c.quote).to_lowercase();
        names.iter().any(|n| crate::analysis::audit::has_word(&text, n))
    };
    catalog
        .claims
        .iter()
        .filter(|c| match c.trial.as_deref() {
            Some(t) => ids.contains(&t),
            None => names_it(c),
        })
        .collect()
}

/// Read and audit one `--audit` article (HTML detected by its content, as `evrev audit` does).
fn audited(catalog: &Catalog, file: &Path) -> Result<Audited> {
    let text = super::audit::article(file, crate::analysis::audit::html::InputKind::Auto)?;
    let rows: Vec<AuditRow> = audit(&text, catalog);
    Ok(Audited { file: file.display().to_string(), rows })
}

/// The catalog's origin and content hash, evrev's version, and the date: `SOURCE_DATE_EPOCH`'s when
/// set (reproducible builds), else today's (UTC).
fn stamp(catalog: &Catalog, source: &Source) -> Result<Stamp> {
    let hash = catalog::fingerprint(source)?.hex();
    let (secs, pinned) = match std::env::var("SOURCE_DATE_EPOCH") {
        // reproducible-builds.org: a non-negative integer of seconds; a date past year 9999 is no date.
        Ok(v) => match v.trim().parse::<i64>() {
            Ok(secs) if (0..=253_402_300_799).contains(&secs) => (secs, true),
            _ => return Err(UsageError::BadSourceDateEpoch { value: v.clone() }.into()),
        },
        Err(_) => {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            (i64::try_from(now.as_secs()).unwrap_or(i64::MAX), false)
        }
    };
    Ok(Stamp {
        origin: catalog.origin.clone(),
        bundled: matches!(source, Source::Embedded),
        hash,
        version: env!("CARGO_PKG_VERSION"),
        date: html::date::civil_date(secs),
        pinned,
    })
}
