//! `evrev diff A B` on two small catalogs with known disagreements (tests/catalogs/diff-a, diff-b).

use crate::common;

use common::{csv_rows, repo};

fn diff(args: &[&str]) -> (i32, String, String) {
    let a = repo("tests/catalogs/diff-a");
    let b = repo("tests/catalogs/diff-b");
    let out = common::command().env_remove("COLUMNS").arg("diff").args([&a, &b]).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn every_disagreement_is_listed_with_both_values_and_places() {
    let (code, stdout, stderr) = diff(&["--format", "csv"]);
    assert_eq!(code, 1, "the catalogs differ: {stderr}");
    let rows = csv_rows(&stdout);
    let found: Vec<(String, String, String, String)> =
        rows.iter().map(|r| (r["kind"].clone(), r["file"].clone(), r["trial"].clone(), r["field"].clone())).collect();
    let expect =
        |k: &str, f: &str, t: &str, field: &str| (k.to_string(), f.to_string(), t.to_string(), field.to_string());
    assert_eq!(
        found,
        [
            // t2 is matched by DOI (10.1000/two = 10.1000/TWO: DOIs ignore case), so its id differs.
            expect("value", "trials.csv", "t2", "id"),
            expect("value", "trials.csv", "t3", "design"),
            expect("row only in A", "trials.csv", "t4", ""),
            expect("row only in B", "trials.csv", "t5", ""),
            expect("column only in B", "outcomes.csv", "", "provenance"),
            expect("value", "outcomes.csv", "t1", "events_t"),
            expect("value", "outcomes.csv", "t1", "mean_t"),
            expect("row only in A", "outcomes.csv", "t1", ""),
            expect("row only in A", "outcomes.csv", "t4", ""),
            expect("row only in B", "outcomes.csv", "t5", ""),
            // B's t2-renamed is A's t2: its rob.csv row is compared with t2's.
            expect("value", "rob.csv", "t2", "d1"),
        ]
    );
    let events = &rows[5];
    assert_eq!((events["value_a"].as_str(), events["value_b"].as_str()), ("10", "11"));
    assert!(events["at_a"].ends_with("diff-a/outcomes.csv:2"), "{}", events["at_a"]);
    assert!(events["at_b"].ends_with("diff-b/outcomes.csv:2"), "{}", events["at_b"]);
    assert_eq!(events["row"], "response @ week 2");
    // A negative number is a number in the CSV, not text guarded against formulas.
    assert_eq!(rows[6]["value_a"], "-20");
}

#[test]
fn agreement_and_kappa_match_the_hand_computed_values() {
    let (code, stdout, _) = diff(&["--format", "json"]);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let field = |file: &str, name: &str| {
        doc["fields"].as_array().unwrap().iter().find(|f| f["file"] == file && f["field"] == name).unwrap().clone()
    };
    // design over the 3 matched trials: A parallel, crossover, parallel; B parallel, crossover, crossover.
    // p_o = 2/3; p_e = (2/3)(1/3) + (1/3)(2/3) = 4/9; kappa = (2/3 - 4/9) / (1 - 4/9) = 0.4.
    let design = field("trials.csv", "design");
    assert_eq!((design["compared"].as_u64(), design["agree"].as_u64()), (Some(3), Some(2)));
    assert!((design["kappa"].as_f64().unwrap() - 0.4).abs() < 1e-12, "{design}");
    // rob d1: low/low, low/some concerns, high/high: p_o = 2/3, p_e = (2/3)(1/3) + (1/3)(1/3) = 1/3, kappa = 0.5.
    let d1 = field("rob.csv", "d1");
    assert!((d1["kappa"].as_f64().unwrap() - 0.5).abs() < 1e-12, "{d1}");
    // d2: every judgement "low" on both sides: chance agreement 1, kappa undefined.
    assert!(field("rob.csv", "d2")["kappa"].is_null());
    assert!(field("trials.csv", "citation")["kappa"].is_null(), "kappa only for categorical fields");
    let (agree, compared) = (doc["agree"].as_u64().unwrap(), doc["compared"].as_u64().unwrap());
    assert_eq!(compared - agree, 5, "id, design, events_t, mean_t, d1");
    assert!((doc["percent"].as_f64().unwrap() - 100.0 * agree as f64 / compared as f64).abs() < 1e-12);
}

#[test]
fn numbers_agree_within_the_tolerance() {
    let (_, stdout, _) = diff(&["--tol", "0.05", "--format", "csv"]);
    let rows = csv_rows(&stdout);
    assert!(!rows.iter().any(|r| r["field"] == "mean_t"), "-20 and -20.04 agree within 0.05");
    assert!(rows.iter().any(|r| r["field"] == "events_t"), "10 and 11 do not");
    let (_, stdout, _) = diff(&["--tol", "1", "--format", "csv"]);
    assert!(!csv_rows(&stdout).iter().any(|r| r["field"] == "events_t"));
}

#[test]
fn a_catalog_compared_with_itself_agrees_and_exits_0() {
    let a = repo("tests/catalogs/diff-a");
    let out = common::command().arg("diff").args([&a, &a]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("The catalogs agree") && stdout.contains("Overall agreement: 100.0%"), "{stdout}");
    let md = common::command().arg("diff").args([&a, &a]).args(["--format", "markdown"]).output().unwrap();
    assert!(String::from_utf8(md.stdout).unwrap().contains("| File | Field | Compared | Agree | Agreement | Kappa |"));
}

#[test]
fn bad_input_gives_its_exit_code() {
    let a = repo("tests/catalogs/diff-a");
    let run = |b: &std::path::Path, extra: &[&str]| {
        let out = common::command().arg("diff").arg(&a).arg(b).args(extra).output().unwrap();
        (out.status.code().unwrap_or(-1), String::from_utf8(out.stderr).unwrap())
    };
    let (code, stderr) = run(std::path::Path::new("/no/such/catalog"), &[]);
    assert_eq!(code, 66, "{stderr}");
    let malformed = repo("tests/malformed/unknown-design");
    let (code, stderr) = run(&malformed, &[]);
    assert_eq!(code, 65, "{stderr}");
    assert!(stderr.contains("column design"), "{stderr}");
    let (code, _) = run(&a, &["--tol", "-1"]);
    assert_eq!(code, 2);
}

#[test]
fn a_rob_file_in_one_catalog_only_is_a_difference() {
    let a = repo("tests/catalogs/diff-a");
    let b = tempfile::tempdir().unwrap();
    for f in ["trials.csv", "outcomes.csv"] {
        std::fs::copy(a.join(f), b.path().join(f)).unwrap();
    }
    let out = common::command().arg("diff").arg(&a).arg(b.path()).args(["--format", "csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let rows = csv_rows(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0]["kind"].as_str(), rows[0]["file"].as_str()), ("file only in A", "rob.csv"));
    assert!(rows[0]["at_a"].ends_with("diff-a/rob.csv:1"));
}

#[test]
fn rows_sharing_trial_outcome_and_time_point_pair_by_content_not_file_order() {
    // The bundled catalog has two such pairs (Taylor 2018 LSAS and VAS response; Daly 2019 relapse
    // among remitters and among responders). Listing them the other way round is no disagreement.
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for f in ["trials.csv", "conditions.csv"] {
        std::fs::copy(repo(&format!("studies/{f}")), a.path().join(f)).unwrap();
        std::fs::copy(repo(&format!("studies/{f}")), b.path().join(f)).unwrap();
    }
    let text = std::fs::read_to_string(repo("studies/outcomes.csv")).unwrap();
    std::fs::write(a.path().join("outcomes.csv"), &text).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    for prefix in ["daly-2019-sustain1,relapse,", "taylor-2018-sad,response,"] {
        let at: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].starts_with(prefix)).collect();
        assert_eq!(at.len(), 2, "{prefix}");
        lines.swap(at[0], at[1]);
    }
    std::fs::write(b.path().join("outcomes.csv"), lines.join("\n") + "\n").unwrap();
    let out = common::evrev().args(["diff"]).arg(a.path()).arg(b.path()).run();
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("Overall agreement: 100.0%"), "{}", out.stdout);
}
