//! Approval claims checked against evidence.csv, and doses against the trial's.

use super::*;

/// Regulatory assertions ("approved", "FDA"), checked against evidence.csv's regulatory rows: racemic
/// ketamine's (non-)approval, or esketamine's indications and approval years.
pub(in crate::analysis::audit) fn check_regulatory(catalog: &Catalog, f: &Features, out: &mut Vec<Check>) {
    if !crate::analysis::audit::link::is_regulatory(f) {
        return;
    }
    let ev = |id: &str| catalog.evidence_row(id).map(|e| e.citation.clone());
    let (Some(e001), e002, e011) = (ev("e001"), ev("e002"), ev("e011")) else { return };
    if f.has_any(&["esketamine", "spravato", "spray", "nasal", "derivative"]) {
        check_esketamine_indication(f, &e001, e002.as_deref(), out);
        check_approval_years(catalog, f, out);
    } else if let Some(e011) = e011 {
        check_racemic_approval(f, &e011, out);
    }
}

/// Racemic ketamine is FDA-approved as an anaesthetic: only an approval for a psychiatric use is wrong.
pub(in crate::analysis::audit) fn check_racemic_approval(f: &Features, e011: &str, out: &mut Vec<Check>) {
    let negated = f.text.contains("not fda")
        || f.text.contains("not approved")
        || f.text.contains("isn't approved")
        || f.text.contains("not been approved");
    let psychiatric =
        ["depress", "anxiety", "ptsd", "mental", "psychiatric", "suicid", "mood"].iter().any(|w| f.text.contains(w));
    if f.text.contains("anesthe") || f.text.contains("anaesthe") || !psychiatric {
        return;
    }
    if negated {
        out.push(check(
            AuditVerdict::Accurate,
            format!(
                "says ketamine is not approved; catalog: racemic ketamine not approved for depression (e011: {e011})"
            ),
        ));
    } else {
        out.push(check(AuditVerdict::Wrong, "says ketamine was approved; catalog: the FDA approved esketamine nasal spray (e001), racemic ketamine is not approved for depression (e011)".into()));
    }
}

/// Esketamine's indications: treatment-resistant depression (2019), depression with suicidality
/// (2020); "approved for depression" alone is imprecise.
pub(in crate::analysis::audit) fn check_esketamine_indication(
    f: &Features,
    e001: &str,
    e002: Option<&str>,
    out: &mut Vec<Check>,
) {
    let suicidal = f.text.contains("suicid");
    let resistant = f.text.contains("resistant")
        || f.text.contains("unresponsive")
        || f.text.contains("not benefited")
        || f.text.contains("not responded");
    if suicidal && let Some(e) = e002 {
        out.push(check(
            AuditVerdict::Accurate,
            format!("says approval for depression with suicidality; catalog: 2020 (e002: {e})"),
        ));
    }
    if resistant {
        out.push(check(
            AuditVerdict::Accurate,
            format!("says approval for treatment-resistant depression; catalog: 2019 (e001: {e001})"),
        ));
    } else if f.text.contains("depress") && !suicidal {
        out.push(check(AuditVerdict::Imprecise, "says approved for depression; catalog: approved in 2019 for treatment-resistant depression, with an oral antidepressant (e001)".into()));
    }
}

/// A year of approval that no regulatory row of evidence.csv has.
pub(in crate::analysis::audit) fn check_approval_years(catalog: &Catalog, f: &Features, out: &mut Vec<Check>) {
    let years: Vec<i32> = catalog
        .evidence
        .iter()
        .filter(|e| e.kind == crate::catalog::EvidenceKind::Regulatory)
        .filter_map(|e| e.year())
        .collect();
    for y in f.years.iter().filter(|y| !years.contains(y)) {
        out.push(check(
            AuditVerdict::Wrong,
            format!(
                "says approved in {y}; catalog: approvals in {} (evidence.csv)",
                years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
}

/// The mg/kg figures of a text: the numbers just before each "mg/kg", a list such as
/// "0.25, 0.5 or 1 mg/kg" or a range "0.5-1 mg/kg" included.
pub(in crate::analysis::audit) fn mg_per_kg(text: &str) -> Vec<f64> {
    let lower = text.to_lowercase().replace("mg/kg", " mg/kg ");
    let tokens: Vec<&str> = lower.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, tok) in tokens.iter().enumerate() {
        if *tok != "mg/kg" {
            continue;
        }
        for prev in tokens[..i].iter().rev() {
            let clean = prev.trim_matches(|c: char| !c.is_ascii_digit() && c != '.' && c != '-' && c != '–');
            if ["or", "and", "to", ","].contains(prev) {
                continue;
            }
            let nums: Vec<f64> = clean
                .split(['-', '–'])
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.trim_end_matches('.').parse::<f64>().ok())
                .collect();
            if nums.is_empty() || clean.is_empty() {
                break;
            }
            for n in nums {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
    }
    out
}

/// A dose stated in mg/kg against the trial's `dose` column (when it has mg/kg figures).
pub(in crate::analysis::audit) fn check_dose(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let said = mg_per_kg(&f.text);
    if said.is_empty() {
        return;
    }
    let dose = catalog.trial_field(t, "dose");
    let known = mg_per_kg(dose);
    if known.is_empty() {
        return;
    }
    let cite = short(t);
    for x in said {
        let shown = format!("{x}");
        if known.iter().any(|k| (k - x).abs() < 1e-9) {
            out.push(check(
                AuditVerdict::Accurate,
                format!("says {shown} mg/kg; catalog: {dose} ({cite}, trials.csv)"),
            ));
        } else {
            out.push(check(
                AuditVerdict::Imprecise,
                format!("says {shown} mg/kg; catalog: {dose} ({cite}, trials.csv)"),
            ));
        }
    }
}
