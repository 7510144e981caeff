//! Integration tests: run the real `evrev` binary on the bundled catalog and on small test catalogs.

use crate::common;

use std::collections::HashMap;
use std::path::Path;

use common::Run;

fn evrev(args: &[&str]) -> Run {
    evrev_in(None, args)
}

fn evrev_in(dir: Option<&Path>, args: &[&str]) -> Run {
    let run = common::evrev().args(args);
    match dir {
        Some(d) => run.current_dir(d).run(),
        None => run.run(),
    }
}

fn small() -> String {
    format!("{}/tests/catalogs/small", env!("CARGO_MANIFEST_DIR"))
}

use common::csv_rows;

fn f(row: &HashMap<String, String>, key: &str) -> f64 {
    row[key].parse().unwrap_or_else(|_| panic!("{key} = {:?}", row[key]))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

use common::{OUTCOMES_HEADER, TRIALS_HEADER, catalog};

// ---- the bundled catalog -------------------------------------------------------------------

#[test]
fn ptsd_table_prints_the_2021_trial_responders_as_published() {
    let run = evrev(&["trials", "--condition", "ptsd"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Feder 2021"), "{}", run.stdout);
    // Feder 2021 (Am J Psychiatry): 67% vs 20% responders of 15 per arm, counts derived from the
    // percentages (marked †, with the legend under the table).
    assert!(run.stdout.contains("10/15† (67%) vs 3/15† (20%)"), "{}", run.stdout);
    assert!(run.stdout.contains("† derived:"), "{}", run.stdout);
    assert!(!run.stdout.contains("Taylor"), "a social anxiety trial in the PTSD table");
}

#[test]
fn bundled_catalog_passes_check_and_works_from_any_folder() {
    let elsewhere = tempfile::tempdir().unwrap();
    let run = evrev_in(Some(elsewhere.path()), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("ok: embedded catalog"), "{}", run.stdout);
}

#[test]
fn social_anxiety_trial_is_one_row_whatever_year_it_is_cited_under() {
    let run = evrev(&["trials", "--condition", "social anxiety", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = csv_rows(&run.stdout);
    let taylor: Vec<_> = rows.iter().filter(|r| r["citation"].starts_with("Taylor")).collect();
    assert_eq!(taylor.len(), 1);
    assert_eq!(taylor[0]["n_randomized"], "18");
    assert_eq!(taylor[0]["doi"], "10.1038/npp.2017.194");
}

#[test]
fn every_condition_the_articles_name_is_known_even_without_trials() {
    let run = evrev(&["conditions", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let keys: Vec<String> = csv_rows(&run.stdout).iter().map(|r| r["condition"].clone()).collect();
    for k in ["social-anxiety", "gad", "ptsd", "ocd", "depression", "suicidal-ideation"] {
        assert!(keys.contains(&k.to_string()), "{k} missing from {keys:?}");
    }
}

#[test]
fn an_empty_result_says_so() {
    let run = evrev(&["trials", "--condition", "ocd", "--since", "2030"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("No trial in the embedded catalog matches"), "{}", run.stdout);
}

#[test]
fn unknown_condition_lists_known_ones_and_suggests_the_nearest() {
    let run = evrev(&["trials", "--condition", "ptds"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown condition \"ptds\""), "{}", run.stderr);
    assert!(run.stderr.contains("social-anxiety"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean \"ptsd\""), "{}", run.stderr);
}

#[test]
fn trials_csv_has_the_export_columns_and_every_json_row_has_an_id() {
    let csv = evrev(&["trials", "--format", "csv"]).stdout;
    let export = evrev(&["export", "--what", "trials", "-o", "-"]).stdout;
    assert_eq!(csv, export);
    let header = csv.lines().next().unwrap();
    assert!(header.starts_with("id,citation,title,year,condition,design"), "{header}");
    let json: serde_json::Value = serde_json::from_str(&evrev(&["summary", "--format", "json"]).stdout).unwrap();
    let outcomes = json["outcomes"].as_array().unwrap();
    assert!(!outcomes.is_empty());
    assert!(outcomes.iter().all(|o| o["trial"].as_str().is_some_and(|s| !s.is_empty())));
}

// ---- a small hand-made catalog ---------------------------------------------------------------

#[test]
fn summary_values_are_hand_checked_and_match_r() {
    let run = evrev(&["--catalog", &small(), "export", "--what", "summary", "-o", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = csv_rows(&run.stdout);
    let required = [
        "trial",
        "condition",
        "outcome",
        "timepoint",
        "events_t",
        "n_t",
        "rate_t",
        "rate_t_low",
        "rate_t_high",
        "events_c",
        "n_c",
        "rate_c",
        "rate_c_low",
        "rate_c_high",
        "rr",
        "rr_low",
        "rr_high",
        "rd",
        "rd_low",
        "rd_high",
        "nnt",
    ];
    for c in required {
        assert!(rows[0].contains_key(c), "column {c} missing");
    }
    let alpha = rows.iter().find(|r| r["trial"] == "alpha-2021" && r["outcome"] == "response").unwrap();
    // By hand: 10/15 vs 3/15 -> RR 10/3, RD 7/15, NNT 15/7.
    assert!(close(f(alpha, "rate_t"), 10.0 / 15.0));
    assert!(close(f(alpha, "rr"), 10.0 / 3.0));
    assert!(close(f(alpha, "rd"), 7.0 / 15.0));
    assert!(close(f(alpha, "nnt"), 15.0 / 7.0));
    // R: prop.test(10, 15, correct = FALSE)$conf.int and escalc("RR") / Wald.
    assert!((f(alpha, "rate_t_low") - 0.41713547738519774).abs() < 1e-9, "{}", alpha["rate_t_low"]);
    assert!((f(alpha, "rr_low") - 1.1393481699087562).abs() < 1e-9);
    assert!((f(alpha, "rr_high") - 9.7521647943674097).abs() < 1e-9);
    assert!((f(alpha, "rd_low") - 0.15379918385422892).abs() < 1e-9);
    assert_eq!(alpha["condition"], "anx;dep");

    // A zero cell: 0.5 added to every cell for the RR (R escalc: 0.0909, 0.00569 to 1.453).
    let beta = rows.iter().find(|r| r["trial"] == "beta-2015").unwrap();
    assert!((f(beta, "rr") - 0.090909090909090939).abs() < 1e-9);
    assert!((f(beta, "rr_low") - 0.005686257833282948).abs() < 1e-9);
    assert_eq!(beta["rr_corrected"], "yes");
    assert!(close(f(beta, "rd"), -0.5));

    // Continuous row: MD -12 and Hedges' g from escalc("SMD").
    let score = rows.iter().find(|r| r["outcome"] == "score").unwrap();
    assert!(close(f(score, "md"), -12.0));
    assert!((f(score, "smd") - -0.93326851404980693).abs() < 1e-9);

    // Single arm: no comparator columns.
    let gamma = rows.iter().find(|r| r["trial"] == "gamma-2019").unwrap();
    assert_eq!(gamma["n_c"], "");
    assert_eq!(gamma["rr"], "");
}

#[test]
fn exact_intervals_on_request() {
    let run = evrev(&["--catalog", &small(), "summary", "--outcome", "response", "--ci", "exact", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = csv_rows(&run.stdout);
    let gamma = rows.iter().find(|r| r["trial"] == "gamma-2019").unwrap();
    // R: binom.test(9, 10)$conf.int = 0.5549839 0.9974714
    assert!((f(gamma, "rate_t_low") - 0.5549839).abs() < 1e-6, "{}", gamma["rate_t_low"]);
    assert!((f(gamma, "rate_t_high") - 0.9974714).abs() < 1e-6);
    assert!(rows.iter().all(|r| r["outcome"] == "response"));
}

#[test]
fn filters_combine_and_conditions_are_a_union() {
    let ids = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["--catalog", &small_owned(), "trials", "--format", "csv"]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        a.extend(args.iter().map(|s| s.to_string()));
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        csv_rows(&evrev(&a).stdout).iter().map(|r| r["id"].clone()).collect()
    };
    assert_eq!(ids(&["--condition", "worry"]), ["alpha-2021", "gamma-2019"]);
    assert_eq!(ids(&["--condition", "MDD", "--condition", "anx"]), ["alpha-2021", "beta-2015", "gamma-2019"]);
    assert_eq!(ids(&["--design", "crossover-rct"]), ["beta-2015"]);
    assert_eq!(ids(&["--drug", "Esketamine"]), ["gamma-2019"]);
    assert_eq!(ids(&["--since", "2019", "--min-n", "20"]), ["alpha-2021"]);
}

fn small_owned() -> String {
    small()
}

#[test]
fn totals_per_condition() {
    let run = evrev(&["--catalog", &small(), "summary", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let anx = json["conditions"].as_array().unwrap().iter().find(|c| c["condition"] == "anx").unwrap();
    assert_eq!(anx["trials"], 2);
    assert_eq!(anx["randomized"], 42);
    assert_eq!(anx["randomized_controlled"], 30);
    let ocd = json["conditions"].as_array().unwrap().iter().find(|c| c["condition"] == "ocd").unwrap();
    assert_eq!(ocd["trials"], 0);
}

#[test]
fn environment_variable_selects_the_catalog() {
    let out = common::command().args(["trials", "--format", "csv"]).env("EVREV_CATALOG", small()).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("alpha-2021"));
}

#[test]
fn export_writes_a_whole_file_and_markdown_pastes() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("summary.csv");
    let run = evrev(&["--catalog", &small(), "export", "--what", "summary", "-o", target.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(csv_rows(&text).len(), 4);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file was left behind");
    let md = evrev(&["--catalog", &small(), "trials", "--format", "markdown"]).stdout;
    assert!(md.lines().any(|l| l.starts_with("| Trial | Condition |")), "{md}");
}

#[test]
fn export_to_a_missing_folder_fails_cleanly() {
    let run = evrev(&["--catalog", &small(), "export", "--what", "trials", "-o", "/nonexistent/dir/x.csv"]);
    assert_eq!(run.code, 73, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write /nonexistent/dir/x.csv"), "{}", run.stderr);
}

#[test]
fn each_error_is_one_line_and_a_read_error_is_never_a_write_error() {
    let dir = tempfile::tempdir().unwrap();
    let plot = dir.path().join("no/such/folder/forest.svg");
    let cases: [(&[&str], i32, &str); 4] = [
        (&["--catalog", "/no/such/catalog", "trials"], 66, "cannot read /no/such/catalog"),
        (&["audit", "/no/such/article.txt"], 66, "cannot read /no/such/article.txt"),
        (&["export", "--what", "trials", "-o", "/nonexistent/dir/x.csv"], 73, "cannot write /nonexistent/dir/x.csv: "),
        (&["pool", "--outcome", "response", "--plot", plot.to_str().unwrap()], 73, "cannot write "),
    ];
    for (args, code, message) in cases {
        let run = evrev(args);
        assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with(&format!("evrev: {message}")), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.trim_end().lines().count(), 1, "{args:?}: one line: {}", run.stderr);
        if code == 66 {
            assert!(!run.stderr.contains("cannot write"), "{args:?}: {}", run.stderr);
        }
    }
}

// ---- bad input -------------------------------------------------------------------------------

#[test]
fn spreadsheet_csv_with_bom_crlf_quotes_and_blank_lines_loads() {
    let trials = format!(
        "\u{feff}{}\"s1\",\"S 2020, J\",\"T\",\"2020\",\"anx\",\"parallel-rct\",db,pbo,ketamine,IV,\" 40 \",,,abstract\r\n\r\n,,,,,,,,,,,,,\r\n",
        TRIALS_HEADER.replace('\n', "\r\n")
    );
    let outcomes = format!(
        "{}s1,response,X,def,wk1,7,yes,k,\"5\",20,p,2,20,,,,,abstract,\r\n\r\n",
        OUTCOMES_HEADER.replace('\n', "\r\n")
    );
    let dir = catalog(&[("trials.csv", trials.as_bytes()), ("outcomes.csv", outcomes.as_bytes())]);
    let run = evrev(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1 trials, 1 outcome rows"), "{}", run.stdout);
}

#[test]
fn every_problem_is_reported_with_file_line_and_column() {
    let trials = format!(
        "{TRIALS_HEADER}a,A 2020,t,2020,anx,parallel-rct,,,ketamine,IV,abc,,,src\n\
         a,A 2021,t,20x1,anx,cluster-rct,,,ketamine,IV,0,,,src\n\
         b,B 2021,t,2021,anx,open-label,,,ketamine,IV,10,,,\n"
    );
    let outcomes = format!(
        "{OUTCOMES_HEADER}a,response,X,d,t,1,yes,k,12,10,p,1,10,,,,,abs,\n\
         zz,response,X,d,t,1,yes,k,1,10,,,,,,,,abs,\n\
         b,response,X,d,t,1,maybe,k,NaN,10,,,,,,,,abs,\n"
    );
    let dir = catalog(&[("trials.csv", trials.as_bytes()), ("outcomes.csv", outcomes.as_bytes())]);
    let run = evrev(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 65, "{}", run.stderr);
    let t = dir.path().join("trials.csv").display().to_string();
    let o = dir.path().join("outcomes.csv").display().to_string();
    for expected in [
        format!("{t}:2: column n_randomized: expected a whole number from 1 to 100000000, found \"abc\""),
        format!("{t}:3: column id: expected a unique id, found \"a\" already used on line 2"),
        format!("{t}:3: column year: expected a whole number from 1900 to 2100, found \"20x1\""),
        format!(
            "{t}:3: column design: expected one of parallel-rct, crossover-rct, open-label, retrospective, found \"cluster-rct\""
        ),
        format!("{t}:3: column n_randomized: expected a whole number from 1 to 100000000, found \"0\""),
        format!("{t}:4: column source: expected a value, found an empty field"),
        format!("{o}:2: column events_t: expected events <= n_t (10), found 12"),
        format!("{o}:3: column trial: expected an id from trials.csv, found \"zz\""),
        format!("{o}:4: column primary: expected yes or no, found \"maybe\""),
        format!("{o}:4: column events_t: expected a whole number from 0 to 100000000, found \"NaN\""),
    ] {
        assert!(run.stderr.contains(&expected), "missing: {expected}\n--- stderr:\n{}", run.stderr);
    }
}

#[test]
fn missing_column_and_missing_files() {
    let trials = TRIALS_HEADER.replace(",design", "");
    let dir = catalog(&[("trials.csv", trials.as_bytes()), ("outcomes.csv", OUTCOMES_HEADER.as_bytes())]);
    let run = evrev(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 65);
    assert!(run.stderr.contains(":1: expected the required column(s) design"), "{}", run.stderr);

    let only_trials = catalog(&[("trials.csv", TRIALS_HEADER.as_bytes())]);
    let run = evrev(&["check", only_trials.path().to_str().unwrap()]);
    assert_eq!(run.code, 66);
    assert!(run.stderr.contains("outcomes.csv: no such file"), "{}", run.stderr);

    let run = evrev(&["--catalog", "/no/such/catalog", "trials"]);
    assert_eq!(run.code, 66);
    assert!(run.stderr.contains("/no/such/catalog: no such folder"), "{}", run.stderr);
}

#[test]
fn bad_usage_is_claps_exit_2() {
    assert_eq!(evrev(&["trials", "--design", "cohort"]).code, 2);
    assert_eq!(evrev(&["summary", "--ci", "bayes"]).code, 2);
    assert_eq!(evrev(&["frobnicate"]).code, 2);
}

#[test]
fn help_shows_an_example_for_each_command() {
    for cmd in ["trials", "summary", "conditions", "export", "check"] {
        let run = evrev(&[cmd, "--help"]);
        assert_eq!(run.code, 0);
        assert!(run.stdout.contains(&format!("evrev {cmd}")), "{cmd} --help has no example:\n{}", run.stdout);
    }
}

#[test]
fn pooling_warns_when_one_outcome_name_covers_different_scales() {
    // Over every condition, "response" is a MADRS response in Murrough 2013 and an SSI response in
    // Grunebaum 2018 (among others): the pooled output must say so.
    let notes = |args: &[&str]| -> Vec<String> {
        let run = evrev(args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        json["notes"].as_array().unwrap().iter().filter_map(|n| n.as_str().map(String::from)).collect()
    };
    let caution = |n: &String| n.starts_with("Caution: \"response\" is measured on different scales");
    let all = notes(&["pool", "--outcome", "response", "--format", "json"]);
    assert!(all.iter().any(caution), "{all:#?}");
    // The README's example pools like with like: Grunebaum's SSI response measures suicidal ideation
    // (its row's condition), so a depression pool leaves it out.
    let run = evrev(&["pool", "--condition", "depression", "--outcome", "response", "--format", "json"]);
    assert!(!run.stdout.contains("grunebaum-2018"), "{}", run.stdout);
    let dep = notes(&["pool", "--condition", "depression", "--outcome", "response", "--format", "json"]);
    assert!(!dep.iter().any(caution), "{dep:#?}");
}

/// Compare with tests/snapshots/NAME; `UPDATE_SNAPSHOTS=1 cargo test` rewrites them after a deliberate change.
fn snapshot(name: &str, actual: &str) {
    let path = common::repo(&format!("tests/snapshots/{name}"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing: run UPDATE_SNAPSHOTS=1 cargo test", path.display()));
    assert_eq!(actual, expected, "{name} differs from its snapshot (UPDATE_SNAPSHOTS=1 cargo test if deliberate)");
}

#[test]
fn table_csv_and_markdown_rendering_are_pinned() {
    let run = |args: &[&str]| {
        let out = common::command()
            .args(["--catalog", &small()])
            .args(args)
            .env("COLUMNS", "100")
            .env_remove("EVREV_CATALOG")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    snapshot("small-trials.txt", &run(&["trials"]));
    snapshot("small-summary.txt", &run(&["summary"]));
    snapshot("small-summary.csv", &run(&["summary", "--format", "csv"]));
    snapshot("small-trials.md", &run(&["trials", "--format", "markdown"]));
    snapshot("small-conditions.json", &run(&["conditions", "--format", "json"]));
}

#[test]
fn an_empty_csv_result_has_its_header() {
    let run = |args: &[&str]| {
        let out = common::command().args(args).env_remove("EVREV_CATALOG").output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let full = run(&["--catalog", &small(), "summary", "--format", "csv"]);
    let header = full.lines().next().unwrap();
    // The empty result's header (a fixed list) must be the header a real summary gets from its fields.
    for args in [
        vec!["summary", "--format", "csv", "--since", "2099"],
        vec!["export", "--what", "summary", "--since", "2099", "-o", "-"],
    ] {
        let empty = run(&args);
        assert_eq!(empty, format!("{header}\n"), "{args:?}: an empty result's header");
        let mut reader = csv::Reader::from_reader(empty.as_bytes());
        assert_eq!(reader.headers().unwrap().len(), 49);
        assert_eq!(reader.records().count(), 0);
    }
    let trials = run(&["trials", "--format", "csv", "--since", "2099"]);
    assert!(trials.starts_with("id,citation,") && trials.lines().count() == 1, "{trials}");
}

#[test]
fn trials_json_has_numbers_as_numbers() {
    let out = common::evrev().args(["trials", "--trial", "feder-2021-ptsd", "--format", "json"]).run().ok();
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc[0]["year"], 2021);
    assert_eq!(doc[0]["n_randomized"], 30);
    assert_eq!(doc[0]["n_doses"], 6);
    assert_eq!(doc[0]["pmid"], "", "identifiers stay text");
    // CSV writes the same cells as trials.csv has them.
    let csv = common::evrev().args(["trials", "--trial", "feder-2021-ptsd", "--format", "csv"]).run().ok();
    assert_eq!(common::csv_rows(&csv)[0]["n_randomized"], "30");
}

#[test]
fn the_result_column_names_a_response_time_point_that_is_not_the_primary_ones() {
    // Oliver 2022: primary PHQ-9 "over the infusion course" (no days); response rows "within 6 weeks"
    // (42 days) and "after 10 infusions" (no days). Neither is the primary's time point: the first is
    // shown, with its time point.
    let table =
        common::evrev().args(["trials", "--trial", "oliver-2022-depression", "--format", "markdown"]).run().ok();
    assert!(
        table.contains("response 50% (reported %) (single arm) (within 6 weeks of infusion initiation)"),
        "{table}"
    );
}

#[test]
fn fewer_relapses_is_a_benefit_nntb_not_harm() {
    // Daly 2019 (SUSTAIN-1): relapse 24/90 with esketamine vs 39/86 after switching to placebo; the
    // paper's "number needed to treat [NNT], 6" is a benefit.
    let out =
        common::evrev().args(["summary", "--trial", "daly-2019-sustain1", "--outcome", "relapse", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out.run().ok()).unwrap();
    let rows = doc["outcomes"].as_array().unwrap().clone();
    let primary = rows.iter().find(|r| r["primary"] == true).unwrap_or_else(|| panic!("{doc}"));
    let nnt = primary["nnt"].as_f64().unwrap();
    assert!((nnt - 5.35).abs() < 0.01, "{nnt}");
    assert!(primary["nnt_ci"].as_str().unwrap().starts_with("NNTB"), "{}", primary["nnt_ci"]);
    // Response keeps "more is better": Feder 2021's 10/15 vs 3/15 is NNTB 2.14.
    let out =
        common::evrev().args(["summary", "--trial", "feder-2021-ptsd", "--outcome", "response", "--format", "json"]);
    let text = out.run().ok();
    assert!(text.contains("\"nnt\": 2.142857"), "{text}");
}

#[test]
fn pooling_across_conditions_says_so() {
    let all = common::evrev().args(["pool", "--outcome", "response"]).env("COLUMNS", "400").run().ok();
    assert!(all.contains("Caution: the pooled studies measure 5 conditions ("), "{all}");
    let one = common::evrev().args(["pool", "--outcome", "response", "--condition", "depression"]).run().ok();
    assert!(!one.contains("pooled studies measure"), "{one}");
}

#[test]
fn the_svg_forest_plot_marks_derived_counts_and_says_what_the_mark_means() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("f.svg");
    common::evrev().args(["pool", "--outcome", "response", "--condition", "ptsd", "--plot"]).arg(&svg).run().ok();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains(">10/15†<") && text.contains(">3/15†<"), "Feder 2021's counts are derived from 67% and 20%");
    assert!(text.contains("† derived: computed from a reported percentage"), "the legend is in the footer");
}
