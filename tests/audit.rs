//! `evrev audit`: links and flags on texts written for the tests, and on the source articles when present.

mod common;

use std::collections::HashMap;
use std::process::Command;

fn audit(path: &str) -> Vec<HashMap<String, String>> {
    let out = Command::new(env!("CARGO_BIN_EXE_evrev"))
        .args(["audit", path, "--format", "csv"])
        .env_remove("EVREV_CATALOG")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut r = csv::Reader::from_reader(&out.stdout[..]);
    let h = r.headers().unwrap().clone();
    assert_eq!(h.iter().take(6).collect::<Vec<_>>(), ["line", "sentence", "trial", "confidence", "reason", "flags"]);
    r.records().map(|rec| h.iter().map(String::from).zip(rec.unwrap().iter().map(String::from)).collect()).collect()
}

fn row<'a>(rows: &'a [HashMap<String, String>], starts: &str) -> &'a HashMap<String, String> {
    rows.iter()
        .find(|r| r["sentence"].starts_with(starts))
        .unwrap_or_else(|| panic!("no row for {starts:?} in {rows:#?}"))
}

#[test]
fn own_words_article() {
    let rows = audit(&format!("{}/tests/articles/own-words.txt", env!("CARGO_MANIFEST_DIR")));
    let feder = row(&rows, "Researchers in New York");
    assert_eq!(feder["trial"], "feder-2021-ptsd");
    assert_eq!(feder["confidence"], "high");
    assert_eq!(feder["line"], "3");
    assert!(feder["flags"].is_empty(), "{}", feder["flags"]);

    let oliver = row(&rows, "A 2022 retrospective chart review");
    assert_eq!(oliver["trial"], "oliver-2022-depression");

    let ocd = row(&rows, "In a 2019 double-blind trial of 40 veterans with OCD");
    assert!(ocd["flags"].contains("\"remission\" used for a >=50% reduction"), "{}", ocd["flags"]);
    assert!(["", "rodriguez-2013-ocd"].contains(&ocd["trial"].as_str()), "linked to {}", ocd["trial"]);

    let glue = row(&rows, "The Otago open-label study of 2017");
    assert_eq!(glue["trial"], "glue-2017-gad-sad");
    assert!(glue["flags"].is_empty(), "{}", glue["flags"]);

    assert!(!rows.iter().any(|r| r["sentence"].starts_with("Ketamine is an anaesthetic")), "not a study sentence");
    let yale = row(&rows, "A placebo-controlled Yale trial");
    assert_eq!(yale["trial"], "", "no catalog trial studied mania");
}

#[test]
fn source_articles_link_their_trial_mentions() {
    let dir = format!("{}/../shared/sources", env!("CARGO_MANIFEST_DIR"));
    if !std::path::Path::new(&dir).is_dir() {
        eprintln!("skipped: {dir} is not here");
        return;
    }
    let expect = [
        ("000_c3f58000434968e9.txt", "A 2018 study compared", "taylor-2018-sad"),
        ("001_e66f094a103bbd6e.txt", "A 2017 study published in Neuropsychopharmacology", "taylor-2018-sad"),
        ("001_e66f094a103bbd6e.txt", "A 2021 randomized controlled trial", "feder-2021-ptsd"),
        ("001_e66f094a103bbd6e.txt", "Another notable trial from Yale University", ""),
        (
            "004_e1422bbb4aa97365.txt",
            "A small study that appeared in the Journal of Psychopharmacology",
            "glue-2018-gad-sad-maintenance",
        ),
        ("004_e1422bbb4aa97365.txt", "A study that appeared in the American Journal of Psychiatry", "feder-2021-ptsd"),
        (
            "004_e1422bbb4aa97365.txt",
            "In one of the early published reports of this from 2000",
            "berman-2000-depression",
        ),
        ("004_e1422bbb4aa97365.txt", "In a 2022 study, people with depression", "oliver-2022-depression"),
    ];
    for (file, starts, trial) in expect {
        let rows = audit(&format!("{dir}/{file}"));
        assert_eq!(row(&rows, starts)["trial"], trial, "{file}: {starts}");
    }
    let rows = audit(&format!("{dir}/004_e1422bbb4aa97365.txt"));
    assert!(row(&rows, "In one study, 85% of patients")["flags"].contains("\"remission\" used for a >=50% reduction"));
    let rows = audit(&format!("{dir}/001_e66f094a103bbd6e.txt"));
    assert!(row(&rows, "A 2017 study published")["flags"].contains("cited as 2017; published 2018"));
}

#[test]
fn missing_article_is_exit_66() {
    let out = Command::new(env!("CARGO_BIN_EXE_evrev")).args(["audit", "/no/such/article.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(66));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /no/such/article.txt"));
}

#[test]
fn a_line_of_abbreviations_is_not_quadratic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("abbrev.txt");
    std::fs::write(&path, "Dr. A. B. ".repeat(50_000)).unwrap();
    let start = std::time::Instant::now();
    let _ = audit(path.to_str().unwrap());
    assert!(start.elapsed() < std::time::Duration::from_secs(10), "took {:?}", start.elapsed());
}

#[test]
fn a_catalog_with_non_ascii_condition_keys_is_audited_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.txt");
    std::fs::write(
        &path,
        "En 2020, un essai randomisé de 40 patients atteints de dépression et d’anxiété sociale (Ünal 2020, Rev Méd) : 25 % ont répondu.\nÉtat de stress post-traumatique : Çelik 2022, essai croisé, dépressif.\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_evrev"))
        .args(["--catalog", &common::repo("tests/catalogs/unicode").to_string_lossy(), "audit"])
        .arg(&path)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let rows = common::csv_rows(&String::from_utf8(out.stdout).unwrap());
    let first = row(&rows, "En 2020");
    assert_eq!(first["trial"], "étude-a");
    assert!(first["flags"].contains("claims about Dépression majeure"), "{first:?}");
}
