//! The data contract of issue 8: required columns only, unambiguous condition names, outcome rows
//! with their own condition, provenance and percentages, and what the reports say about a trial.
//! Runs the real binary on the small catalogs under tests/catalogs/ and reads CSV back as data.

use crate::common;

use common::{Row, csv_rows, repo};

use common::Run;

fn evrev(catalog: &str, args: &[&str]) -> Run {
    let mut run = common::evrev();
    if !catalog.is_empty() {
        run = run.catalog(repo(&format!("tests/catalogs/{catalog}")));
    }
    run.args(args).run()
}

fn csv(catalog: &str, args: &[&str]) -> Vec<Row> {
    let mut all = args.to_vec();
    all.extend(["--format", "csv"]);
    let run = evrev(catalog, &all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    csv_rows(&run.stdout)
}

/// A catalog folder written for one test.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn check(dir: &std::path::Path) -> Run {
    let out = common::command().arg("check").arg(dir).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

const TRIALS: &str = "id,citation,title,year,condition,design,blinding,comparator,drug,route,n_randomized,doi,pmid,source\n\
                      t1,\"T 2020, J\",T,2020,dep,parallel-rct,,placebo,ketamine,IV,30,,,test\n";
const OUTCOMES: &str = "trial,outcome,scale,definition,timepoint,days,primary,arm_t,events_t,n_t,arm_c,events_c,n_c,mean_t,sd_t,mean_c,sd_c,source";

// ---- section 1: the contract as documented -------------------------------------------------

#[test]
fn a_catalog_with_only_the_required_columns_loads() {
    let run = evrev("", &["check", &repo("tests/catalogs/required-only").display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = csv("required-only", &["summary"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["events_t"], "10");
    assert_eq!(rows[0]["notes"], "");
}

#[test]
fn an_alias_naming_another_condition_or_listed_twice_is_a_catalog_error() {
    let conditions = "key,label,aliases\ndep,Depression,mdd\nptsd,PTSD,dep\n";
    let dir = folder(&[("trials.csv", TRIALS), ("outcomes.csv", OUTCOMES), ("conditions.csv", conditions)]);
    let run = check(dir.path());
    assert_eq!(run.code, 65, "{}", run.stdout);
    assert!(run.stderr.contains("conditions.csv:3: column aliases:"), "{}", run.stderr);
    assert!(run.stderr.contains("\"dep\", which already names condition \"dep\""), "{}", run.stderr);

    let twice = "key,label,aliases\ndep,Depression,mdd;MDD\n";
    let dir = folder(&[("trials.csv", TRIALS), ("outcomes.csv", OUTCOMES), ("conditions.csv", twice)]);
    let run = check(dir.path());
    assert_eq!(run.code, 65);
    assert!(run.stderr.contains("conditions.csv:2: column aliases: expected each alias once, found \"MDD\" twice"));
}

// ---- section 2: outcome rows carry their own condition -------------------------------------

#[test]
fn a_trial_of_two_conditions_contributes_only_the_matching_rows() {
    // both-2018 studies dep and si: its SSI response measures si, its POMS response dep.
    let dep = csv("contract", &["summary", "--condition", "dep", "--outcome", "response"]);
    let scales: Vec<(&str, &str)> = dep.iter().map(|r| (r["trial"].as_str(), r["scale"].as_str())).collect();
    assert_eq!(scales, [("both-2018", "POMS"), ("dep-2013", "MADRS"), ("pct-2018", "LSAS")]);
    assert!(dep.iter().all(|r| r["condition"] == "dep"));
    let si = csv("contract", &["summary", "--condition", "suicidality", "--outcome", "response"]);
    assert_eq!(si.len(), 1);
    assert_eq!((si[0]["scale"].as_str(), si[0]["condition"].as_str()), ("SSI", "si"));

    // pool and export select the same rows.
    let pool = evrev("contract", &["pool", "--condition", "dep", "--outcome", "response", "--format", "json"]);
    assert_eq!(pool.code, 0, "{}", pool.stderr);
    let json: serde_json::Value = serde_json::from_str(&pool.stdout).unwrap();
    let text = json.to_string();
    assert!(!text.contains("SSI"), "the SSI row entered a depression pool: {text}");
    let export = evrev("contract", &["export", "--what", "summary", "--condition", "si", "-o", "-"]);
    assert_eq!(csv_rows(&export.stdout).iter().map(|r| r["scale"].as_str()).collect::<Vec<_>>(), ["SSI"]);

    // trials still selects trials by the trial's conditions.
    let trials = csv("contract", &["trials", "--condition", "si"]);
    assert_eq!(trials.iter().map(|r| r["id"].as_str()).collect::<Vec<_>>(), ["both-2018"]);
}

#[test]
fn an_outcome_condition_outside_the_vocabulary_is_an_error_with_its_place() {
    let outcomes = format!("{OUTCOMES},condition\nt1,response,,,,,,k,1,2,p,1,2,,,,,abstract,ocd\n");
    let dir = folder(&[("trials.csv", TRIALS), ("outcomes.csv", &outcomes)]);
    let run = check(dir.path());
    assert_eq!(run.code, 65);
    assert!(run.stderr.contains("outcomes.csv:2: column condition: expected a condition key (dep)"), "{}", run.stderr);
    assert!(run.stderr.contains("found \"ocd\""), "{}", run.stderr);
}

// ---- section 3: provenance and percentages -------------------------------------------------

#[test]
fn provenance_is_marked_in_tables_and_carried_in_csv_and_json() {
    let run = evrev("contract", &["summary", "--condition", "dep", "--outcome", "response"]);
    assert!(run.stdout.contains("18/40†"), "{}", run.stdout);
    assert!(run.stdout.contains("30/47‡"), "{}", run.stdout);
    assert!(run.stdout.contains("† derived:") && run.stdout.contains("‡ secondary:"), "{}", run.stdout);
    // No legend when no marked row is shown.
    let plain = evrev("contract", &["summary", "--trial", "pct-2018", "--outcome", "vas-response"]);
    assert!(!plain.stdout.contains("† derived"), "{}", plain.stdout);

    let pool = evrev("contract", &["pool", "--condition", "dep", "--outcome", "response"]);
    assert!(pool.stdout.contains("18/40†") && pool.stdout.contains("30/47‡"), "{}", pool.stdout);
    assert!(pool.stdout.contains("† derived:"), "{}", pool.stdout);

    let rows = csv("contract", &["summary"]);
    let by = |scale: &str| rows.iter().find(|r| r["scale"] == scale).unwrap();
    assert_eq!(by("POMS")["provenance"], "derived");
    assert_eq!(by("MADRS")["provenance"], "secondary");
    assert_eq!(by("VAS")["provenance"], "");
    let json = evrev("contract", &["summary", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let vas = doc["outcomes"].as_array().unwrap().iter().find(|o| o["scale"] == "VAS").unwrap();
    assert!(vas["provenance"].is_null());
}

#[test]
fn percentages_are_shown_exported_checked_and_never_pooled() {
    let run = evrev("contract", &["summary", "--trial", "pct-2018", "--outcome", "response"]);
    assert!(run.stdout.contains("33.33% (reported %)"), "{}", run.stdout);
    let rows = csv("contract", &["summary", "--trial", "pct-2018", "--outcome", "response"]);
    assert_eq!(
        (rows[0]["pct_t"].as_str(), rows[0]["pct_c"].as_str(), rows[0]["events_t"].as_str()),
        ("33.33", "0", "")
    );
    // Percentages alone are nothing to pool.
    let pool = evrev("contract", &["pool", "--trial", "pct-2018", "--outcome", "response"]);
    assert_eq!(pool.code, 1, "{}", pool.stdout);
    // Counts and percentages that disagree beyond rounding, and a row without provenance, are warnings.
    let run = evrev("", &["check", &repo("tests/catalogs/contract").display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "outcomes.csv:6: column pct_c: expected the percentage to match the counts (9/17 = 52.94%), found 50%"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("column pct_t"), "89% is 16/18 rounded: {}", run.stdout);
    assert!(
        run.stdout.contains("outcomes.csv: column provenance: 1 outcome row(s) without provenance (reported, derived or secondary), on line(s) 6\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_bad_provenance_or_percentage_is_a_catalog_error() {
    let outcomes = format!("{OUTCOMES},provenance,pct_t\nt1,response,,,,,,k,1,2,p,1,2,,,,,abstract,guessed,101\n");
    let dir = folder(&[("trials.csv", TRIALS), ("outcomes.csv", &outcomes)]);
    let run = check(dir.path());
    assert_eq!(run.code, 65);
    assert!(
        run.stderr
            .contains("column provenance: expected one of reported, derived, secondary (or empty), found \"guessed\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("column pct_t: expected a percentage from 0 to 100, found \"101\""), "{}", run.stderr);
}

// ---- section 5: what the commands say about a trial ----------------------------------------

#[test]
fn trials_shows_a_row_with_numbers_of_any_kind() {
    let rows = evrev("contract", &["trials", "--trial", "pct-2018", "--trial", "none-2006"]);
    assert!(rows.stdout.contains("response 33.33% (reported %) vs 0% (reported %)"), "{}", rows.stdout);
    assert!(rows.stdout.contains("no outcome rows"), "{}", rows.stdout);
    // The bundled catalog: no trial that has rows with numbers reads "no outcome rows".
    let bundled = evrev("", &["trials", "--condition", "social anxiety"]);
    assert!(bundled.stdout.contains("Taylor 2018"), "{}", bundled.stdout);
    let taylor = bundled.stdout.lines().find(|l| l.contains("Taylor 2018")).unwrap();
    assert!(!taylor.contains("no outcome rows"), "{taylor}");
}

#[test]
fn summary_lists_trials_without_rows_and_keeps_unknown_primary_unknown() {
    let rows = csv("contract", &["summary"]);
    let none: Vec<&Row> = rows.iter().filter(|r| r["trial"] == "none-2006").collect();
    assert_eq!(none.len(), 1);
    assert_eq!(none[0]["outcome"], "");
    assert!(none[0]["notes"].contains("no outcome rows"));
    let trials: std::collections::HashSet<&str> = rows.iter().map(|r| r["trial"].as_str()).collect();
    assert_eq!(trials.len(), 4, "every trial counted by `conditions` appears");
    let dep = rows.iter().find(|r| r["trial"] == "dep-2013").unwrap();
    assert_eq!(dep["primary"], "", "an empty primary is unknown, not no");
    assert_eq!(dep["days"], "1", "days print as integers");
    let table = evrev("contract", &["summary"]);
    assert!(table.stdout.contains("Trials without outcome rows"), "{}", table.stdout);
}

#[test]
fn unknown_outcome_and_trial_are_usage_errors_naming_the_nearest() {
    let run = evrev("contract", &["summary", "--outcome", "respons"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown outcome \"respons\"") && run.stderr.contains("did you mean \"response\""));
    let run = evrev("contract", &["pool", "--outcome", "vas-respose"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean \"vas-response\""), "{}", run.stderr);
    let run = evrev("contract", &["trials", "--trial", "dep-2031"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown trial \"dep-2031\"") && run.stderr.contains("did you mean \"dep-2013\""));
    let run = evrev("", &["claims", "--trial", "feder-2021-ptsd", "--trial", "feder-2012-ptsd"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn trial_filters_every_report() {
    let ids = |rows: Vec<Row>| rows.iter().map(|r| r["trial"].clone()).collect::<std::collections::HashSet<_>>();
    assert_eq!(ids(csv("contract", &["summary", "--trial", "dep-2013"])), ["dep-2013".to_string()].into());
    let trials = csv("contract", &["trials", "--trial", "dep-2013", "--trial", "both-2018"]);
    assert_eq!(trials.len(), 2);
    let names = csv("contract", &["outcomes", "--trial", "both-2018"]);
    assert!(names.iter().all(|r| r["trial_ids"] == "both-2018"));
}

#[test]
fn outcomes_lists_names_with_scales_trials_and_rows() {
    let rows = csv("contract", &["outcomes"]);
    let response: Vec<&Row> = rows.iter().filter(|r| r["outcome"] == "response").collect();
    let scales: Vec<&str> = response.iter().map(|r| r["scale"].as_str()).collect();
    assert_eq!(scales, ["SSI", "POMS", "MADRS", "LSAS"]);
    assert!(response.iter().all(|r| r["trials"] == "1" && r["rows"] == "1"));
    let dep = csv("contract", &["outcomes", "--condition", "dep"]);
    assert!(!dep.iter().any(|r| r["scale"] == "SSI"), "rows are selected by the condition they measure");
    let md = evrev("contract", &["outcomes", "--format", "markdown"]);
    assert!(md.stdout.contains("| Outcome | Scale | Trials | Rows |"), "{}", md.stdout);
}

#[test]
fn audit_matches_a_sentence_percentage_against_a_rows_reported_percentage() {
    let text = "In a 2018 crossover trial of 18 patients with depression, 33% responded to ketamine and 0% to saline.\n\
                In a 2018 crossover trial of 18 patients with depression, 71% responded to ketamine.\n";
    let out = common::evrev()
        .catalog(repo("tests/catalogs/contract"))
        .args(["audit", "-", "--format", "csv"])
        .stdin(text)
        .run();
    let rows = csv_rows(&out.stdout);
    // pct-2018 holds 33.33% and 0% only as percentages (pct_t, pct_c): they count as its rates.
    assert_eq!(rows[0]["trial"], "pct-2018");
    assert!(rows[0]["link"].contains("rate 33%"), "{:?}", rows[0]);
    assert_eq!(rows[0]["verdict"], "accurate", "{:?}", rows[0]);
    assert!(rows[1]["reasons"].contains("says 71%; catalog: no such rate"), "{:?}", rows[1]);
    assert_eq!(rows[1]["verdict"], "wrong", "{:?}", rows[1]);
}

#[test]
fn pool_subgroups_by_the_condition_a_row_measures_and_carries_its_provenance() {
    let run = evrev("contract", &["pool", "--outcome", "response", "--subgroup", "condition", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let groups: Vec<(&str, u64)> = json["subgroups"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["subgroup"].as_str().unwrap(), g["k"].as_u64().unwrap()))
        .collect();
    // both-2018 lists dep;si, but its pooled response row (SSI) measures suicidal ideation only.
    assert_eq!(groups, [("Suicidal ideation", 1), ("Depression", 1)]);
    let provenance: Vec<(&str, &str)> = json["studies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["trial"].as_str().unwrap(), s["provenance"].as_str().unwrap()))
        .collect();
    assert_eq!(provenance, [("both-2018", "reported"), ("dep-2013", "secondary")]);
    let csv = csv("contract", &["pool", "--outcome", "response"]);
    assert_eq!(csv.iter().map(|r| r["provenance"].as_str()).collect::<Vec<_>>(), ["reported", "secondary", ""]);
}
