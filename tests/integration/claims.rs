//! The claims table: every quote is verbatim in its article; `evrev claims` filters and exports it.

use crate::common;

use std::collections::HashMap;

fn table(name: &str) -> Vec<HashMap<String, String>> {
    common::csv_file(common::repo(&format!("studies/{name}")))
}

fn evrev(args: &[&str]) -> (i32, String, String) {
    let run = common::evrev().args(args).run();
    (run.code, run.stdout, run.stderr)
}

#[test]
fn every_quote_is_verbatim_in_its_article() {
    let documents = table("documents.csv");
    let claims = table("claims.csv");
    assert_eq!(documents.len(), 5, "the five source articles");
    let Some(dir) = common::shared_sources() else { return };
    let mut checked = 0;
    for doc in &documents {
        let path = dir.join(&doc["file"]);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mine: Vec<_> = claims.iter().filter(|c| c["document"] == doc["id"]).collect();
        assert!(!mine.is_empty(), "no claims for {}", doc["id"]);
        for c in mine {
            assert!(text.contains(&c["quote"]), "{}: quote not verbatim in {}: {:?}", c["id"], doc["file"], c["quote"]);
            assert!(c["quote"].split_whitespace().count() <= 45, "{}: quote longer than about 40 words", c["id"]);
            checked += 1;
        }
    }
    assert_eq!(checked, claims.len(), "every claim's quote is checked against its article");
    eprintln!("{checked} quotes checked");
}

#[test]
fn claims_command_filters_and_exports() {
    let (code, all, err) = evrev(&["claims", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let n_all = all.lines().count() - 1;
    assert_eq!(n_all, table("claims.csv").len());
    let (_, wrong, _) = evrev(&["claims", "--verdict", "wrong", "--format", "csv"]);
    let wrong_rows = common::csv_rows(&wrong);
    let expected = table("claims.csv").iter().filter(|c| c["verdict"] == "wrong").count();
    assert!(expected > 0, "the catalog has claims judged wrong");
    assert_eq!(wrong_rows.len(), expected, "every wrong claim, and only those");
    assert!(wrong_rows.iter().all(|r| r["verdict"] == "wrong"));
    let (_, feder, _) = evrev(&["claims", "--trial", "feder-2021-ptsd", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&feder).unwrap();
    let feder_claims = json.as_array().unwrap();
    let expected = table("claims.csv").iter().filter(|c| c["trial"] == "feder-2021-ptsd").count();
    assert!(expected > 0 && feder_claims.len() == expected, "{} of {expected} Feder 2021 claims", feder_claims.len());
    assert!(feder_claims.iter().all(|c| c["trial"] == "feder-2021-ptsd"));
    let (_, export, _) = evrev(&["export", "--what", "claims", "-o", "-"]);
    assert_eq!(export, all);
    let (code, _, err) = evrev(&["claims", "--document", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown document \"nope\""), "{err}");
}
