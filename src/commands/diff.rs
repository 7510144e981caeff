//! `evrev diff A B`: two extractions of the same trials compared field by field (exit 1 when they differ).

use crate::analysis::diff::{DiffResult, Side, diff};
use crate::catalog::{self, CatalogError, OUTCOME_COLUMNS, Source, TRIAL_COLUMNS};
use crate::error::{Error, Result, UsageError};
use crate::report::{self, Column, Records, Report, Style, View, fmt_num};
use std::io::Write;
use std::path::Path;

pub fn run(a: &Path, b: &Path, tol: f64, style: Style, out: &mut dyn Write) -> Result<()> {
    if !(tol.is_finite() && tol >= 0.0) {
        return Err(UsageError::BadTolerance(tol).into());
    }
    let result = diff(&side(a)?, &side(b)?, tol);
    report::emit(out, style, &build(&result)?).map_err(Error::Io)?;
    if result.differ() {
        let (a, b) = (a.to_path_buf(), b.to_path_buf());
        return Err(Error::Differ { disagreements: result.disagreements.len(), a, b });
    }
    Ok(())
}

/// One catalog folder: validated as any catalog (65/66), then read as text for the comparison.
fn side(dir: &Path) -> Result<Side> {
    catalog::load(&Source::Dir(dir.to_path_buf()))?;
    let required = |name: &str, cols: &[&str]| -> Result<catalog::RawTable> {
        catalog::read_raw(&dir.join(name), cols)?.ok_or_else(|| {
            Error::Catalog(CatalogError::Missing {
                path: dir.join(name).display().to_string(),
                reason: "no such file".into(),
            })
        })
    };
    Ok(Side {
        trials: required("trials.csv", &TRIAL_COLUMNS)?,
        outcomes: required("outcomes.csv", &OUTCOME_COLUMNS)?,
        rob: catalog::read_raw(&dir.join("rob.csv"), &["trial"])?,
    })
}

fn build(r: &DiffResult) -> Result<Report> {
    let records = Records::of(&r.disagreements).map_err(Error::serialize)?;
    let json = serde_json::to_value(r).ok();
    Ok(Report { records, json, views: vec![disagreements(r), fields(r)] })
}

fn disagreements(r: &DiffResult) -> View {
    let side = |v: &Option<serde_json::Value>, at: &Option<String>| match (v, at) {
        (Some(serde_json::Value::String(v)), Some(at)) if v.is_empty() => format!("(empty) ({at})"),
        (Some(serde_json::Value::String(v)), Some(at)) => format!("{v} ({at})"),
        (Some(v), Some(at)) => format!("{v} ({at})"),
        (None, Some(at)) => format!("present ({at})"),
        _ => "absent".into(),
    };
    let note = if r.differ() {
        format!("{} disagreement(s).", r.disagreements.len())
    } else {
        "The catalogs agree on every field compared.".into()
    };
    View {
        title: Some("Disagreements".into()),
        headers: ["Trial", "File", "Row", "Field", "A", "B"].map(String::from).to_vec(),
        rows: r
            .disagreements
            .iter()
            .map(|d| {
                let field = if d.kind == "value" {
                    d.field.clone()
                } else {
                    format!("{} {}", d.kind, d.field).trim().to_string()
                };
                vec![
                    d.trial.clone(),
                    d.file.clone(),
                    d.row.clone(),
                    field,
                    side(&d.value_a, &d.at_a),
                    side(&d.value_b, &d.at_b),
                ]
            })
            .collect(),
        notes: vec![note],
        ..View::default()
    }
    .column("File", Column::droppable(1))
}

fn fields(r: &DiffResult) -> View {
    let pct = |p: Option<f64>| p.map_or("—".into(), |p| format!("{p:.1}%"));
    let overall = match r.percent {
        Some(p) => format!("Overall agreement: {p:.1}% ({} of {} fields compared agree).", r.agree, r.compared),
        None => "Overall agreement: nothing to compare.".into(),
    };
    View {
        title: Some("Agreement per field".into()),
        headers: ["File", "Field", "Compared", "Agree", "Agreement", "Kappa"].map(String::from).to_vec(),
        rows: r
            .fields
            .iter()
            .map(|f| {
                vec![
                    f.file.clone(),
                    f.field.clone(),
                    f.compared.to_string(),
                    f.agree.to_string(),
                    pct(f.percent),
                    match (f.kappa, f.kappa_pairs) {
                        (Some(k), n) => format!("{} (n {n})", fmt_num(k)),
                        (None, 0) => String::new(),
                        (None, _) => "— (one category)".into(),
                    },
                ]
            })
            .collect(),
        notes: vec![
            overall,
            format!(
                "Trials: {} in A, {} in B, {} matched (by id, else DOI, else PMID). Numbers agree within {}; text after trimming; categorical fields ignoring case. A field empty on both sides is not counted.",
                r.trials_a,
                r.trials_b,
                r.trials_matched,
                r.tolerance
            ),
            "Kappa: Cohen's unweighted kappa over the pairs with both values present (categorical fields: design, blinding, primary, provenance, rob.csv d1-d5 and overall); — when both extractions used one and the same category (kappa undefined).".into(),
        ],
        ..View::default()
    }
    .column("Compared", Column::KEEP.no_wrap())
    .column("Agree", Column::KEEP.no_wrap())
    .column("Agreement", Column::KEEP.no_wrap())
}
