//! Audit's verdicts measured against the curated verdicts of claims.csv: every claim that names one
//! trial is judged as linked to that trial (the link itself is tested in tests/audit.rs), and the
//! table audit verdict x curated verdict is printed. Fails below 80% agreement.

use evrev::analysis::audit::judge;
use std::collections::BTreeMap;

#[test]
fn audit_agrees_with_the_curated_verdicts() {
    let catalog = evrev::catalog::embedded().unwrap();
    let mut table: BTreeMap<(String, String), usize> = BTreeMap::new();
    let (mut agree, mut total) = (0, 0);
    let mut disagreements = Vec::new();
    for c in catalog.claims.iter().filter(|c| c.trial.is_some()) {
        let (v, reasons) = judge(&c.quote, c.trial.as_deref(), &catalog);
        let (audit, curated) = (v.as_str().to_string(), c.verdict.as_str().to_string());
        total += 1;
        if audit == curated {
            agree += 1;
        } else {
            disagreements.push(format!(
                "{} {}: audit {audit}, curated {curated}: {}",
                c.id,
                c.trial.as_deref().unwrap_or(""),
                reasons.join("; ")
            ));
        }
        *table.entry((audit, curated)).or_default() += 1;
    }
    let verdicts = ["accurate", "imprecise", "overstated", "wrong", "unverifiable", "no trial"];
    println!("audit \\ curated | {}", verdicts[..5].join(" | "));
    for a in verdicts {
        let cells: Vec<String> = verdicts[..5]
            .iter()
            .map(|c| table.get(&(a.to_string(), c.to_string())).copied().unwrap_or(0).to_string())
            .collect();
        println!("{a} | {}", cells.join(" | "));
    }
    let pct = 100.0 * agree as f64 / total as f64;
    println!("agreement: {agree}/{total} = {pct:.1}%");
    for d in &disagreements {
        println!("  {d}");
    }
    assert!(pct >= 80.0, "agreement {pct:.1}% is below 80%");
}

#[test]
fn approvals_are_judged_by_evidence_rows() {
    let catalog = evrev::catalog::embedded().unwrap();
    let v = |s: &str| judge(s, None, &catalog);
    assert_eq!(v("The FDA approved esketamine in 2019 for depression.").0.as_str(), "imprecise");
    assert_eq!(v("Ketamine is FDA-approved for depression.").0.as_str(), "wrong");
    assert_eq!(v("Ketamine is not FDA-approved for depression.").0.as_str(), "accurate");
    // Racemic ketamine is approved as an anaesthetic: no verdict from the psychiatric approvals.
    assert_eq!(v("Ketamine, an FDA-approved anesthetic, is used off-label for depression.").0.as_str(), "no trial");
    assert_eq!(v("Esketamine was approved in 2017 for treatment-resistant depression.").0.as_str(), "wrong");
}
