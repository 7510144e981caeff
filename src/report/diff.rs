//! The `diff` report: each disagreement between two catalogs with where it is on both sides, and the
//! agreement per field (percent and Cohen's kappa).

use super::{Column, Records, Report, View};
use crate::analysis::diff::DiffResult;
use crate::text::fmt_num;

/// The report of `r`: the disagreements as records; the disagreements and the agreement per field as views.
pub fn report(r: &DiffResult) -> serde_json::Result<Report> {
    let records = Records::of(&r.disagreements)?;
    let json = Some(serde_json::to_value(r)?);
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
