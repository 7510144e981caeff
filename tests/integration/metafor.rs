//! `evrev pool` against R metafor 3.8-1 (tests/fixtures/metafor, made by pool.R): the real binary is run
//! on each fixture catalog with `--format json` and every number is compared at 1e-6 relative.

use crate::common;

use serde_json::Value;
use std::collections::HashMap;

const TOL: f64 = 1e-6;

fn fixtures() -> String {
    format!("{}/tests/fixtures/metafor", env!("CARGO_MANIFEST_DIR"))
}

fn read_csv(name: &str) -> Vec<HashMap<String, String>> {
    common::csv_file(format!("{}/{name}", fixtures()))
}

fn num(row: &HashMap<String, String>, key: &str) -> Option<f64> {
    let v = &row[key];
    (!v.is_empty()).then(|| v.parse().unwrap_or_else(|_| panic!("{key} = {v:?}")))
}

/// Run `evrev --catalog <fixture>/<dataset> pool ... --format json` and parse its output.
fn pool(dataset: &str, args: &[&str]) -> Value {
    let out = common::command()
        .arg("--catalog")
        .arg(format!("{}/{dataset}", fixtures()))
        .arg("pool")
        .args(args)
        .args(["--format", "json"])
        .env_remove("EVREV_CATALOG")
        .output()
        .expect("run evrev");
    assert!(out.status.success(), "evrev {dataset} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn outcome(dataset: &str) -> &'static str {
    if dataset.starts_with("cont") { "score" } else { "event" }
}

fn measure(m: &str) -> &'static str {
    match m {
        "RR" => "rr",
        "OR" => "or",
        "RD" => "rd",
        "MD" => "md",
        "SMD" => "smd",
        "PLO" => "pr",
        other => panic!("unknown measure {other}"),
    }
}

/// The fit's command-line arguments for a fixture row.
fn args(row: &HashMap<String, String>) -> Vec<String> {
    let mut a = vec![
        "--outcome".to_string(),
        outcome(&row["dataset"]).to_string(),
        "--measure".into(),
        measure(&row["measure"]).into(),
        "--method".into(),
        row["method"].to_lowercase(),
    ];
    // pool.R's hksj column: 0 Wald, 1 metafor test = "knha", 2 test = "adhoc" (what --hksj uses).
    match row.get("hksj").map(String::as_str) {
        Some("1") => a.extend(["--hksj".into(), "--hksj-rule".into(), "knha".into()]),
        Some("2") => a.push("--hksj".into()),
        _ => {}
    }
    a
}

/// Compares numbers and counts the comparisons made.
#[derive(Default)]
struct Checker {
    compared: usize,
    failures: Vec<String>,
}

impl Checker {
    /// `actual` (JSON number or null) against R's value (`None` = NA) at 1e-6 relative, with an
    /// absolute floor of 1e-12 for values at zero.
    fn check(&mut self, what: &str, actual: &Value, expected: Option<f64>) {
        self.compared += 1;
        match (actual.as_f64(), expected) {
            (None, None) => {}
            (Some(a), Some(e)) => {
                let diff = (a - e).abs();
                if !(diff <= TOL * e.abs() || diff < 1e-12) {
                    self.failures.push(format!("{what}: evrev {a:.17}, metafor {e:.17} (rel {:.2e})", diff / e.abs()));
                }
            }
            (a, e) => self.failures.push(format!("{what}: evrev {actual}, metafor {e:?} ({a:?})")),
        }
    }

    fn finish(self, name: &str, at_least: usize) -> usize {
        assert!(
            self.failures.is_empty(),
            "{} mismatches with metafor:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        assert!(self.compared >= at_least, "{name}: only {} comparisons", self.compared);
        eprintln!("{name}: {} numbers agree with metafor to 1e-6", self.compared);
        self.compared
    }
}

#[test]
fn pooled_estimates_match_metafor() {
    let rows = read_csv("pool.csv");
    assert_eq!(rows.len(), 204);
    let mut undefined_tests = 0;
    let mut c = Checker::default();
    for row in &rows {
        let a = args(row);
        let argv: Vec<&str> = a.iter().map(String::as_str).collect();
        let json = pool(&row["dataset"], &argv);
        let id = format!("{} {} {} hksj={}", row["dataset"], row["measure"], row["method"], row["hksj"]);
        let k: usize = row["k"].parse().unwrap();
        assert_eq!(json["k"].as_u64(), Some(k as u64), "{id}: k");
        assert_eq!(json["q_df"].as_u64(), Some(row["q_df"].parse().unwrap()), "{id}: q_df");
        // Plain HKSJ on identical effects: SE = 0, where metafor reports t = ±Inf (p = 0) or NaN (p = NA);
        // evrev says the test is not defined (null), never a p from an infinite or NaN statistic.
        if num(row, "se") == Some(0.0) {
            assert_eq!(row["hksj"], "1", "{id}: only plain HKSJ gives SE = 0");
            assert!(json["statistic"].is_null() && json["p_value"].is_null(), "{id}: {}", json["p_value"]);
            undefined_tests += 1;
        } else {
            c.check(&format!("{id}: p_value"), &json["p_value"], num(row, "pval"));
        }
        for (ours, theirs) in [
            ("model_estimate", "estimate"),
            ("se", "se"),
            ("model_ci_low", "ci_low"),
            ("model_ci_high", "ci_high"),
            ("tau2", "tau2"),
            ("tau", "tau"),
            ("i2", "i2"),
            ("h2", "h2"),
            ("q", "q"),
            ("q_p", "q_p"),
            ("model_pi_low", "pi_low"),
            ("model_pi_high", "pi_high"),
        ] {
            c.check(&format!("{id}: {ours}"), &json[ours], num(row, theirs));
        }
        // The display scale: exp for ratios, inverse logit for proportions.
        let back = |x: f64| match row["measure"].as_str() {
            "RR" | "OR" => x.exp(),
            "PLO" => 1.0 / (1.0 + (-x).exp()),
            _ => x,
        };
        for (ours, theirs) in [
            ("estimate", "estimate"),
            ("ci_low", "ci_low"),
            ("ci_high", "ci_high"),
            ("pi_low", "pi_low"),
            ("pi_high", "pi_high"),
        ] {
            c.check(&format!("{id}: {ours} (display)"), &json[ours], num(row, theirs).map(back));
        }
    }
    assert!(undefined_tests >= 10, "the identical-effects fixtures give {undefined_tests} zero-SE fits");
    c.finish("pool.csv", 204 * 17);
}

#[test]
fn per_study_effect_sizes_and_weights_match_metafor() {
    let rows = read_csv("studies.csv");
    let mut fits: Vec<(String, Vec<&HashMap<String, String>>)> = Vec::new();
    for row in &rows {
        let key = format!("{}|{}|{}|{}", row["dataset"], row["measure"], row["method"], row["hksj"]);
        match fits.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(row),
            None => fits.push((key, vec![row])),
        }
    }
    let mut c = Checker::default();
    for (key, study_rows) in &fits {
        let a = args(study_rows[0]);
        let argv: Vec<&str> = a.iter().map(String::as_str).collect();
        let json = pool(&study_rows[0]["dataset"], &argv);
        let studies = json["studies"].as_array().unwrap();
        assert_eq!(studies.len(), study_rows.len(), "{key}: every fixture study is listed");
        for r in study_rows {
            let s = studies
                .iter()
                .find(|s| s["trial"] == r["study"].as_str())
                .unwrap_or_else(|| panic!("{key}: {}", r["study"]));
            for col in ["yi", "vi", "weight"] {
                c.check(&format!("{key} {}: {col}", r["study"]), &s[col], num(r, col));
            }
        }
    }
    c.finish("studies.csv", 1000 * 3);
}

#[test]
fn leave_one_out_matches_metafor() {
    let rows = read_csv("leave1out.csv");
    let mut c = Checker::default();
    for spec in [("bcg", "RR", "REML"), ("bcg", "RR", "DL"), ("cont", "SMD", "REML")] {
        let json = pool(
            spec.0,
            &[
                "--outcome",
                outcome(spec.0),
                "--measure",
                measure(spec.1),
                "--method",
                &spec.2.to_lowercase(),
                "--leave-one-out",
            ],
        );
        let l1o = json["leave_one_out"].as_array().expect("leave_one_out");
        let expected: Vec<_> =
            rows.iter().filter(|r| r["dataset"] == spec.0 && r["measure"] == spec.1 && r["method"] == spec.2).collect();
        assert_eq!(l1o.len(), expected.len(), "{spec:?}");
        for r in expected {
            let l = l1o.iter().find(|l| l["omitted"] == r["omitted"].as_str()).unwrap();
            for (ours, theirs) in [
                ("model_estimate", "estimate"),
                ("se", "se"),
                ("model_ci_low", "ci_low"),
                ("model_ci_high", "ci_high"),
                ("tau2", "tau2"),
                ("i2", "i2"),
                ("q", "q"),
            ] {
                c.check(&format!("{spec:?} without {}: {ours}", r["omitted"]), &l[ours], num(r, theirs));
            }
        }
    }
    c.finish("leave1out.csv", 35 * 7);
}

#[test]
fn subgroups_match_metafor() {
    let rows = read_csv("subgroups.csv");
    let mut c = Checker::default();
    for method in ["FE", "DL", "REML"] {
        let json = pool(
            "bcg",
            &["--outcome", "event", "--measure", "rr", "--method", &method.to_lowercase(), "--subgroup", "subgroup"],
        );
        let sg = &json["subgroups"];
        assert_eq!(sg["by"], "subgroup");
        let groups = sg["groups"].as_array().unwrap();
        let expected: Vec<_> = rows.iter().filter(|r| r["method"] == method).collect();
        assert_eq!(groups.len(), expected.len());
        for (g, r) in groups.iter().zip(&expected) {
            assert_eq!(g["subgroup"], r["subgroup"].as_str(), "first-seen order, as R's unique()");
            assert_eq!(g["k"].as_u64(), Some(r["k"].parse().unwrap()));
            for (ours, theirs) in [("model_estimate", "estimate"), ("se", "se"), ("tau2", "tau2")] {
                c.check(&format!("{method} {}: {ours}", r["subgroup"]), &g[ours], num(r, theirs));
            }
            c.check(&format!("{method} {}: ci_low", r["subgroup"]), &g["ci_low"], num(r, "ci_low").map(f64::exp));
            c.check(&format!("{method} {}: ci_high", r["subgroup"]), &g["ci_high"], num(r, "ci_high").map(f64::exp));
            c.check(&format!("{method}: q_between"), &sg["q_between"], num(r, "q_between"));
            c.check(&format!("{method}: q_between_df"), &sg["q_between_df"], num(r, "q_between_df"));
            c.check(&format!("{method}: q_between_p"), &sg["q_between_p"], num(r, "q_between_p"));
        }
    }
    c.finish("subgroups.csv", 9 * 8);
}

#[test]
fn double_zero_study_is_listed_left_out_and_noted() {
    let json = pool("zeros", &["--outcome", "event", "--measure", "rr", "--method", "reml"]);
    let s15 = json["studies"].as_array().unwrap().iter().find(|s| s["trial"] == "s15").unwrap();
    assert!(s15["weight"].is_null() && s15["yi"].is_null());
    assert_eq!(s15["excluded"], "no events in either arm");
    let notes = json["notes"].as_array().unwrap();
    assert!(notes.iter().any(|n| n.as_str().unwrap().contains("Yucel 2004")), "{notes:?}");
}

// ---- evrev pool's behaviour beyond the numbers ------------------------------------------------

use common::Run;

fn run(catalog: &std::path::Path, args: &[&str]) -> Run {
    common::evrev().catalog(catalog).args(args).run()
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("{}/{name}", fixtures()))
}

use common::{OUTCOMES_HEADER, TRIALS_HEADER};

/// A catalog with a parallel RCT, a crossover RCT (two rows for the outcome, the second primary), an
/// open-label two-arm comparison and a single-arm study.
fn mixed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let trials = format!(
        "{TRIALS_HEADER}\
         par,Par 2020,t,2020,dep,parallel-rct,double,placebo,ketamine,IV,60,,,x\n\
         cross,Cross 2019,t,2019,dep,crossover-rct,double,placebo,ketamine,IV,20,,,x\n\
         open,Open 2018,t,2018,dep,open-label,open,none,ketamine,IV,40,,,x\n\
         single,Single 2021,t,2021,dep,open-label,open,none,ketamine,IV,12,,,x\n"
    );
    let outcomes = format!(
        "{OUTCOMES_HEADER}\
         par,response,s,d,day 1,1,yes,k,12,30,p,5,30,,,,,x,\n\
         cross,response,s,d,day 1,1,,k,6,20,p,2,20,,,,,x,\n\
         cross,response,s,d,day 7,7,yes,k,9,20,p,3,20,,,,,x,\n\
         open,response,s,d,day 1,1,yes,k,10,20,p,4,20,,,,,x,\n\
         single,response,s,d,day 1,1,yes,k,7,12,,,,,,,,x,\n"
    );
    std::fs::write(dir.path().join("trials.csv"), trials).unwrap();
    std::fs::write(dir.path().join("outcomes.csv"), outcomes).unwrap();
    dir
}

#[test]
fn rows_enter_by_design_and_every_choice_is_noted() {
    let dir = mixed();
    let r = run(dir.path(), &["pool", "--outcome", "response", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["measure"], "rr", "rr is the default for a binary outcome");
    assert_eq!(json["k"], 2, "the parallel and the crossover RCT; not the open-label or single-arm study");
    let studies = json["studies"].as_array().unwrap();
    let cross = studies.iter().find(|s| s["trial"] == "cross").unwrap();
    assert_eq!(cross["crossover"], true);
    assert_eq!(cross["events_t"], 9, "the primary row of the two");
    let notes: Vec<&str> = json["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    for needle in
        ["Crossover trials entered as if parallel", "uncontrolled designs", "Open 2018", "Single 2021", "REML"]
    {
        assert!(notes.iter().any(|n| n.contains(needle)), "no note with {needle:?}: {notes:#?}");
    }
    // Proportions use only the single-arm row.
    let r = run(dir.path(), &["pool", "--outcome", "response", "--measure", "pr", "--format", "json"]);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["k"], 1);
    assert!((json["estimate"].as_f64().unwrap() - 7.0 / 12.0).abs() < 1e-12);
    assert!(json["pi_low"].is_null(), "no prediction interval with k < 3");
}

#[test]
fn errors_say_what_to_do_with_the_right_exit_code() {
    let bcg = fixture("bcg");
    let nothing = run(&bcg, &["pool", "--outcome", "event", "--since", "2100"]);
    assert_eq!(nothing.code, 1, "nothing to pool is an analysis error");
    assert!(nothing.stderr.contains("nothing to pool") && nothing.stderr.contains("event"), "{}", nothing.stderr);
    let unknown = run(&bcg, &["pool", "--outcome", "remission"]);
    assert_eq!(unknown.code, 2, "an outcome name no row uses is a usage error");
    assert!(unknown.stderr.contains("unknown outcome \"remission\""), "{}", unknown.stderr);
    let mh = run(&fixture("cont"), &["pool", "--outcome", "score", "--method", "mh"]);
    assert_eq!(mh.code, 2);
    assert!(mh.stderr.contains("rr, or, rd"), "{}", mh.stderr);
    let hksj = run(&bcg, &["pool", "--outcome", "event", "--method", "fe", "--hksj"]);
    assert_eq!(hksj.code, 2);
    let sub = run(&bcg, &["pool", "--outcome", "event", "--subgroup", "nope"]);
    assert_eq!(sub.code, 2);
    assert!(sub.stderr.contains("subgroup") && sub.stderr.contains("comparator"), "{}", sub.stderr);
    let single = run(&fixture("prop"), &["pool", "--outcome", "event"]);
    assert_eq!(single.code, 2);
    assert!(single.stderr.contains("--measure pr"), "{}", single.stderr);
    let plot = run(&bcg, &["pool", "--outcome", "event", "--plot", "/nonexistent-dir/forest.svg"]);
    assert_eq!(plot.code, 73);
}

#[test]
fn table_csv_markdown_and_plot() {
    let bcg = fixture("bcg");
    let table = run(&bcg, &["pool", "--outcome", "event", "--better", "lower"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    for needle in [
        "Aronson 1948",
        "Pooled (random effects, REML)",
        "0.49 (0.34 to 0.70)",
        "Prediction interval",
        "Heterogeneity: tau² = 0.31, I² = 92.2%",
        "◆",
        "Favours treatment",
    ] {
        assert!(table.stdout.contains(needle), "no {needle:?} in\n{}", table.stdout);
    }
    let csv_run = run(&bcg, &["pool", "--outcome", "event", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_run.stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 14, "13 studies and the pooled row");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let pooled = rows.last().unwrap();
    assert_eq!(&pooled[col("trial")], "pooled");
    let est: f64 = pooled[col("estimate")].parse().unwrap();
    assert!((est - (-0.714_532_342_158_168f64).exp()).abs() < 1e-9);
    let md =
        run(&bcg, &["pool", "--outcome", "event", "--format", "markdown", "--leave-one-out", "--subgroup", "subgroup"]);
    assert!(
        md.stdout.contains("| Study |")
            && md.stdout.contains("### Leave one out")
            && md.stdout.contains("Test for subgroup differences")
    );
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("forest.svg");
    let r = run(&bcg, &["pool", "--outcome", "event", "--plot", svg.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("Comstock et al 1976") && text.contains("<polygon"));
}

// ---- hardening (issue 9): identical effects, all-event tables, near-zero variances -------------

/// A catalog of two-arm rows: (id, events_t, n_t, events_c, n_c) binary, or with means and SDs.
fn catalog_of(rows: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut trials = TRIALS_HEADER.to_string();
    let mut outcomes = OUTCOMES_HEADER.to_string();
    for (i, row) in rows.iter().enumerate() {
        let id = format!("t{i}");
        let design = if i % 2 == 0 { "parallel-rct" } else { "crossover-rct" };
        trials.push_str(&format!("{id},Trial {i} 2020,t,2020,dep,{design},double,placebo,ketamine,IV,40,,,x\n"));
        outcomes.push_str(&format!("{id},response,s,d,day 1,1,yes,k,{row},x,\n"));
    }
    std::fs::write(dir.path().join("trials.csv"), trials).unwrap();
    std::fs::write(dir.path().join("outcomes.csv"), outcomes).unwrap();
    dir
}

/// Binary row cells: events_t,n_t,arm_c,events_c,n_c and empty continuous columns.
fn binary(et: u32, nt: u32, ec: u32, nc: u32) -> String {
    format!("{et},{nt},p,{ec},{nc},,,,")
}

/// Continuous row cells: treatment mean `mt`, control mean 0, both SDs `sd`.
fn continuous(n: u32, mt: &str, sd: &str) -> String {
    format!(",{n},p,,{n},{mt},{sd},0,{sd}")
}

fn assert_no_nan(what: &str, text: &str) {
    for bad in ["NaN", "NA ", "inf", "∞"] {
        assert!(!text.contains(bad), "{what}: {bad:?} in\n{text}");
    }
}

#[test]
fn identical_effects_never_panic_under_hksj_subgroups_and_leave_one_out() {
    let null2 =
        catalog_of(&[&binary(5, 20, 5, 20), &binary(10, 40, 10, 40), &binary(5, 20, 5, 20), &binary(7, 28, 7, 28)]);
    let md = catalog_of(&[
        &continuous(20, "0", "5"),
        &continuous(40, "0", "5"),
        &continuous(30, "0", "5"),
        &continuous(10, "0", "5"),
    ]);
    for (dir, measure) in [(&null2, "rr"), (&null2, "or"), (&null2, "rd"), (&md, "md"), (&md, "smd")] {
        for method in ["dl", "reml", "pm"] {
            for rule in ["adhoc", "knha"] {
                let mut args = vec!["pool", "--outcome", "response", "--measure", measure, "--method", method];
                args.extend(["--hksj", "--hksj-rule", rule, "--subgroup", "design", "--leave-one-out"]);
                let r = run(dir.path(), &args);
                let what = format!("{measure} {method} {rule}");
                assert_eq!(r.code, 0, "{what}: {}", r.stderr);
                assert_no_nan(&what, &r.stdout);
                if rule == "knha" {
                    assert!(r.stdout.contains("t(3) = not defined, p not defined"), "{what}:\n{}", r.stdout);
                    assert!(r.stdout.contains("No test for subgroup differences"), "{what}:\n{}", r.stdout);
                } else {
                    assert!(r.stdout.contains("Test for subgroup differences: Q ="), "{what}:\n{}", r.stdout);
                }
                args.extend(["--format", "json"]);
                let json: Value = serde_json::from_str(&run(dir.path(), &args).stdout).unwrap();
                assert_eq!(json["p_value"].is_null(), rule == "knha", "{what}: {}", json["p_value"]);
            }
        }
    }
}

#[test]
fn hksj_uses_the_ad_hoc_rule_and_is_never_narrower_than_wald() {
    let ident = fixture("ident");
    let json = |extra: &[&str]| -> Value {
        let mut a = vec!["pool", "--outcome", "event", "--format", "json"];
        a.extend(extra);
        let r = run(&ident, &a);
        assert_eq!(r.code, 0, "{}", r.stderr);
        serde_json::from_str(&r.stdout).unwrap()
    };
    let width = |j: &Value| j["model_ci_high"].as_f64().unwrap() - j["model_ci_low"].as_f64().unwrap();
    let (wald, adhoc, knha) = (json(&[]), json(&["--hksj"]), json(&["--hksj", "--hksj-rule", "knha"]));
    assert_eq!(adhoc["hksj_rule"], "adhoc");
    assert!(width(&adhoc) >= width(&wald), "adhoc {} < wald {}", width(&adhoc), width(&wald));
    assert_eq!(width(&knha), 0.0, "plain HKSJ: zero width on identical effects (metafor knha)");
    let notes = adhoc["notes"].to_string();
    assert!(notes.contains("ad hoc rule") && notes.contains("test = \\\"adhoc\\\""), "{notes}");
    let table = run(&ident, &["pool", "--outcome", "event", "--hksj"]);
    assert!(table.stdout.contains("2.00 (0.64 to 6.29)"), "{}", table.stdout);
}

#[test]
fn a_table_with_every_participant_an_event_is_named_so() {
    let dir = catalog_of(&[&binary(20, 20, 20, 20), &binary(10, 20, 5, 20), &binary(0, 10, 0, 10)]);
    let r = run(dir.path(), &["pool", "--outcome", "response"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("left out: every participant had the event in both arms"), "{}", r.stdout);
    assert!(r.stdout.contains("left out: no events in either arm"), "{}", r.stdout);
    assert!(
        r.stdout.contains("no events in either arm or every participant had the event in both arms, so the risk ratio is not estimable"),
        "{}",
        r.stdout
    );
    let only = catalog_of(&[&binary(20, 20, 20, 20)]);
    let r = run(only.path(), &["pool", "--outcome", "response"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("1 stud(ies) not estimable (every participant had the event in both arms)"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("no events"), "{}", r.stderr);
}

#[test]
fn summary_and_pool_agree_on_an_all_event_table() {
    let dir = catalog_of(&[&binary(10, 10, 10, 10), &binary(10, 20, 5, 20)]);
    let s = run(dir.path(), &["summary", "--format", "csv"]);
    assert_eq!(s.code, 0, "{}", s.stderr);
    let rows = common::csv_rows(&s.stdout);
    let t0 = rows.iter().find(|r| r["trial"] == "t0").expect("t0 summarised");
    assert_eq!(t0["rr"], "", "10/10 vs 10/10: the risk ratio is not estimable in the summary either");
    let t1 = rows.iter().find(|r| r["trial"] == "t1").unwrap();
    assert!((t1["rr"].parse::<f64>().unwrap() - 2.0).abs() < 1e-12);
    let p = run(dir.path(), &["pool", "--outcome", "response", "--format", "json"]);
    let json: Value = serde_json::from_str(&p.stdout).unwrap();
    assert_eq!(json["k"], 1, "the all-event table is left out of the pool too");
}

#[test]
fn near_zero_variances_are_refused_naming_the_trial() {
    for sd in ["1e-100", "1e-155"] {
        let dir =
            catalog_of(&[&continuous(20, "1.5", sd), &continuous(20, "1.7", "1e-120"), &continuous(20, "1.8", "1")]);
        for method in ["dl", "reml", "fe"] {
            let r = run(dir.path(), &["pool", "--outcome", "response", "--measure", "md", "--method", method]);
            assert_eq!(r.code, 1, "{sd} {method}: {}", r.stdout);
            assert!(
                r.stderr.contains("study t0 (Trial 0 2020)") && r.stderr.contains("below the floor"),
                "{}",
                r.stderr
            );
            assert_no_nan(sd, &r.stderr);
        }
    }
    // Variances within the floor pool, and a huge Q is written with an exponent, not 200 digits.
    let dir = catalog_of(&[&continuous(20, "0", "1e-40"), &continuous(20, "1", "1e-40")]);
    let r = run(dir.path(), &["pool", "--outcome", "response", "--measure", "md", "--method", "fe"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Q = 5.00e80"), "{}", r.stdout);
    assert_no_nan("1e-40", &r.stdout);
}
