//! Audit's verdicts measured against the curated verdicts of claims.csv: every claim that names one
//! trial is judged as linked to that trial (the link itself is tested in tests/audit.rs), and the
//! table audit verdict x curated verdict is printed. Fails below 80% agreement. The same for a full
//! run, where audit finds and links the sentences itself.

use evrev::analysis::audit::{AuditRow, judge};
use std::collections::BTreeMap;

/// Counts of (audit verdict, curated verdict).
type Table = BTreeMap<(String, String), usize>;

/// Print the table, rows `audit` verdicts (with "no trial"/"no row" where asked), columns the five
/// curated verdicts.
fn print_table(title: &str, table: &Table, rows: &[&str]) {
    let curated = ["accurate", "imprecise", "overstated", "wrong", "unverifiable"];
    println!("{title}audit \\ curated | {}", curated.join(" | "));
    for a in rows {
        let cells: Vec<String> = curated
            .iter()
            .map(|c| table.get(&(a.to_string(), c.to_string())).copied().unwrap_or(0).to_string())
            .collect();
        println!("{a} | {}", cells.join(" | "));
    }
}

#[test]
fn audit_agrees_with_the_curated_verdicts() {
    let catalog = evrev::catalog::embedded().unwrap();
    let mut table = Table::new();
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
    print_table("", &table, &["accurate", "imprecise", "overstated", "wrong", "unverifiable", "no trial"]);
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

/// The words of a text, lowercased, letters and digits only.
fn word_set(s: &str) -> std::collections::HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Audit's rows for the five source articles, read as `evrev audit` reads them.
fn source_rows(dir: &std::path::Path, catalog: &evrev::catalog::Catalog) -> Vec<AuditRow> {
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut rows = Vec::new();
    for f in files.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let raw = String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned();
        let text = if evrev::analysis::audit::html::looks_like_html(&raw) {
            evrev::analysis::audit::html::visible_text(&raw)
        } else {
            raw
        };
        rows.extend(evrev::analysis::audit::audit(&text, catalog));
    }
    rows
}

/// The row whose sentence contains the quote (or that the quote contains), else the one sharing
/// most of its words (at least half).
fn row_for<'a>(rows: &'a [AuditRow], quote: &str) -> Option<&'a AuditRow> {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let (q, qw) = (norm(quote), word_set(quote));
    rows.iter().find(|r| norm(&r.sentence).contains(&q) || q.contains(&norm(&r.sentence))).or_else(|| {
        rows.iter()
            .map(|r| (word_set(&r.sentence).intersection(&qw).count(), r))
            .filter(|(n, _)| *n * 2 >= qw.len())
            .max_by_key(|(n, _)| *n)
            .map(|(_, r)| r)
    })
}

/// Audit run on the five source articles (as `evrev audit` reads them): each claim of claims.csv that
/// names one trial is matched to the audit row whose sentence contains its quote (else overlaps it
/// most), and the verdicts are compared. The table and every disagreement are printed; fails below
/// 80% agreement.
#[test]
fn full_run_on_the_source_articles_against_the_curated_verdicts() {
    let Some(dir) = crate::common::shared_sources() else { return };
    let catalog = evrev::catalog::embedded().unwrap();
    let rows = source_rows(&dir, &catalog);
    assert!(!rows.is_empty());
    let mut table = Table::new();
    let (mut agree, mut total, mut unmatched) = (0, 0, 0);
    for c in catalog.claims.iter().filter(|c| c.trial.is_some()) {
        let best = row_for(&rows, &c.quote);
        let audit = best.map_or("no row".to_string(), |r| r.verdict.as_str().to_string());
        unmatched += usize::from(best.is_none());
        let curated = c.verdict.as_str().to_string();
        total += 1;
        if audit == curated {
            agree += 1;
        } else {
            let (trial, why) = best.map_or(("", String::new()), |r| {
                (r.trial.as_deref().unwrap_or("no trial"), format!("{} [link: {}]", r.reasons.join("; "), r.link))
            });
            println!(
                "  {} {}: audit {audit} ({trial}), curated {curated}: {why}",
                c.id,
                c.trial.as_deref().unwrap_or("")
            );
        }
        *table.entry((audit, curated)).or_default() += 1;
    }
    let shown = ["accurate", "imprecise", "overstated", "wrong", "unverifiable", "no trial", "no row"];
    print_table("full run: ", &table, &shown);
    let pct = 100.0 * agree as f64 / total.max(1) as f64;
    println!(
        "full-run agreement: {agree}/{total} = {pct:.1}% ({unmatched} claims matched no row: audit did not take \
         their sentence as a study mention; {agree}/{} of the matched)",
        total - unmatched
    );
    assert!(total > 0);
    assert!(pct >= 80.0, "full-run agreement {pct:.1}% is below 80%");
}
