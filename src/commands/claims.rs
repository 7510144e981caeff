//! `evrev claims`: the audit of the articles' claims, as an evidence table.

use super::Ctx;
use crate::catalog::{Catalog, Claim, Verdict};
use crate::error::{Error, Result, UsageError};
use crate::report::{self};
use std::io::Write;

/// Which claims to show; document and trial are checked against the catalog.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    pub document: Option<String>,
    pub verdict: Option<Verdict>,
    /// Trial ids (empty: all).
    pub trial: Vec<String>,
}

pub fn run(ctx: &Ctx<'_>, filter: &ClaimFilter, out: &mut dyn Write) -> Result<()> {
    let (catalog, style) = (ctx.catalog, ctx.style);
    let report = report::claims::report(catalog, &select(catalog, filter)?).map_err(Error::serialize)?;
    report::emit(out, style, &report).map_err(Error::Io)
}

/// The claims `filter` selects, in catalog order.
fn select<'a>(catalog: &'a Catalog, filter: &ClaimFilter) -> Result<Vec<&'a Claim>> {
    let document = match &filter.document {
        Some(d) => Some(
            catalog
                .documents
                .iter()
                .find(|doc| doc.id.eq_ignore_ascii_case(d) || doc.file.eq_ignore_ascii_case(d))
                .map(|doc| doc.id.as_str())
                .ok_or_else(|| {
                    let known = catalog.documents.iter().map(|d| d.id.clone()).collect();
                    UsageError::UnknownDocument { name: d.clone(), known }
                })?,
        ),
        None => None,
    };
    let trials = super::trial_ids(catalog, &filter.trial)?;
    let claims: Vec<&Claim> = catalog
        .claims
        .iter()
        .filter(|c| document.is_none_or(|d| c.document == d))
        .filter(|c| filter.verdict.is_none_or(|v| c.verdict == v))
        .filter(|c| trials.is_empty() || c.trial.as_deref().is_some_and(|t| trials.iter().any(|x| x == t)))
        .collect();
    Ok(claims)
}
