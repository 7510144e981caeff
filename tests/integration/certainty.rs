//! Certainty of the evidence, run through the real binary: `evrev rob` (rob.csv), `evrev sof` (GRADE
//! rules one test catalog each, per-1,000 effects against hand-computed values, grade.csv overrides) and
//! the catalog errors of rob.csv and grade.csv.

use crate::common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

fn catalogs(name: &str) -> PathBuf {
    common::repo(&format!("tests/catalogs/{name}"))
}

fn evrev(catalog: &Path, args: &[&str]) -> Output {
    common::evrev()
        .catalog(catalog)
        .args(args)
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .output()
}

fn json(catalog: &Path, args: &[&str]) -> Value {
    let out = evrev(catalog, &[args, &["--format", "json"]].concat());
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const DOMAINS: [&str; 5] = ["risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias"];

/// Each test catalog triggers exactly one rule (grade-none: none); the footnote states the numbers.
#[test]
fn each_grade_rule_is_triggered_alone_by_its_catalog() {
    /// (catalog, extra arguments, the domain rated, its change, the level, words the row must contain)
    type Case<'a> = (&'a str, &'a [&'a str], &'a str, i64, &'a str, &'a str);
    let cases: [Case; 11] = [
        ("grade-none", &[], "", 0, "high", "Ketamine increases response on the MADRS."),
        (
            "grade-rob-some",
            &[],
            "risk_of_bias",
            -1,
            "moderate",
            "50% of participants in trials at low risk of bias (< 75%; low 50%, some concerns or no information 50%, high 0%)",
        ),
        (
            "grade-rob-high",
            &[],
            "risk_of_bias",
            -2,
            "low",
            "50% of participants in trials at high risk of bias (>= 50%;",
        ),
        ("grade-inconsistency", &[], "inconsistency", -1, "moderate", "I² = 89% (> 75%)"),
        ("grade-indirectness", &[], "indirectness", -1, "moderate", "scales MADRS, HAM-D"),
        ("grade-imprecision", &[], "imprecision", -1, "moderate", "only 160 participants (100-199)"),
        ("grade-tiny", &[], "imprecision", -2, "low", "only 80 participants (< 100)"),
        ("grade-null", &[], "imprecision", -1, "moderate", "the 95% CI includes no effect"),
        ("grade-pubbias", &[], "publication_bias", -1, "moderate", "Egger's test p < 0.001 (< 0.10)"),
        (
            "grade-override",
            &[],
            "inconsistency",
            -1,
            "moderate",
            "reviewer's judgement: the trials' populations differ",
        ),
        ("grade-observational", &["--measure", "pr"], "", 0, "low", "In uncontrolled studies, about 505 in 1,000"),
    ];
    for (name, extra, domain, change, level, words) in cases {
        let doc = json(&catalogs(name), &[&["sof"][..], extra].concat());
        let row = &doc["rows"][0];
        for d in DOMAINS {
            let want = if d == domain { change } else { 0 };
            assert_eq!(row["downgrades"][d]["change"].as_i64(), Some(want), "{name}: {d}: {}", row["downgrades"][d]);
        }
        assert_eq!(row["certainty"], level, "{name}");
        let text = serde_json::to_string(row).unwrap();
        assert!(text.contains(words), "{name}: no {words:?} in {text}");
        let source = if name == "grade-override" { "reviewer" } else { "algorithm" };
        if !domain.is_empty() {
            assert_eq!(row["downgrades"][domain]["source"], source, "{name}");
        }
    }
}

#[test]
fn the_null_result_at_moderate_certainty_reads_little_or_no_difference() {
    let doc = json(&catalogs("grade-null"), &["sof"]);
    assert_eq!(
        doc["rows"][0]["statement"],
        "Ketamine probably makes little or no difference to response on the MADRS."
    );
    let doc = json(&catalogs("grade-tiny"), &["sof"]);
    assert_eq!(doc["rows"][0]["statement"], "Ketamine may increase response on the MADRS.");
}

#[test]
fn statements_name_what_changes_in_words_not_the_outcome_key() {
    // The bundled catalog: a score outcome reads as the scale's scores, an event outcome with its scale.
    let out = common::evrev().args(["sof", "--condition", "depression", "--format", "json"]).run().ok();
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let statement = |outcome: &str| {
        let rows = doc["rows"].as_array().unwrap();
        let row = rows.iter().find(|r| r["outcome"] == outcome).unwrap_or_else(|| panic!("no {outcome} row"));
        row["statement"].as_str().unwrap().to_string()
    };
    assert_eq!(statement("madrs-change"), "Esketamine probably reduces MADRS scores.");
    assert_eq!(statement("hamd-change"), "We are very uncertain whether ketamine reduces HAM-D (25-item) scores.");
    assert_eq!(statement("response"), "We are very uncertain whether ketamine increases response on the MADRS.");
    for row in doc["rows"].as_array().unwrap() {
        assert!(!row["statement"].as_str().unwrap().contains("-change"), "{}", row["statement"]);
    }
}

/// One trial, 30/60 vs 15/60: by hand, ACR = 0.25 (250 per 1,000); RR = 2 with 95% CI
/// exp(ln 2 ± 1.96 √(1/30 − 1/60 + 1/15 − 1/60)) = 1.2057 to 3.3175, so 500 (301 to 829) per 1,000;
/// OR = 3 (1.3849 to 6.4989), risk = 0.25·OR / (0.75 + 0.25·OR) = 0.5 (0.316 to 0.684).
#[test]
fn per_1000_matches_hand_computed_values() {
    let dir = tempfile::tempdir().unwrap();
    let base = catalogs("grade-none");
    for f in ["trials.csv", "conditions.csv", "rob.csv"] {
        std::fs::copy(base.join(f), dir.path().join(f)).unwrap();
    }
    let outcomes = std::fs::read_to_string(base.join("outcomes.csv")).unwrap();
    let one: Vec<&str> = outcomes.lines().take(2).collect();
    std::fs::write(dir.path().join("outcomes.csv"), one.join("\n") + "\n").unwrap();
    for (measure, t, lo, hi) in [("rr", 500, 301, 829), ("or", 500, 316, 684)] {
        let row = json(dir.path(), &["sof", "--measure", measure])["rows"][0].clone();
        assert_eq!(row["control_risk"].as_f64(), Some(0.25));
        assert_eq!(row["per1000_c"].as_i64(), Some(250));
        assert_eq!(
            [row["per1000_t"].as_i64(), row["per1000_t_low"].as_i64(), row["per1000_t_high"].as_i64()],
            [Some(t), Some(lo), Some(hi)],
            "{measure}"
        );
        assert_eq!(row["participants"].as_i64(), Some(120));
    }
    let table = stdout(&evrev(dir.path(), &["sof"]));
    assert!(table.contains("500 (301 to 829)") && table.contains("250 more (51 more to 579 more)"), "{table}");
    let md = stdout(&evrev(dir.path(), &["sof", "--format", "markdown"]));
    assert!(
        md.contains("| 250 per 1,000 | 500 per 1,000 (301 to 829) | 250 more per 1,000 (51 more to 579 more) |"),
        "{md}"
    );
}

#[test]
fn certainty_symbols_fall_back_to_ascii_outside_utf8() {
    let out = common::command()
        .arg("--catalog")
        .arg(catalogs("grade-rob-some"))
        .args(["sof"])
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .output()
        .unwrap();
    assert!(stdout(&out).contains("+++- moderate"), "{}", stdout(&out));
    assert!(stdout(&evrev(&catalogs("grade-rob-some"), &["sof"])).contains("⊕⊕⊕⊝ moderate"));
}

#[test]
fn sof_csv_and_markdown_carry_every_domain_and_footnote() {
    let out = evrev(&catalogs("grade-rob-high"), &["sof", "--format", "csv"]);
    let rows = common::csv_rows(&stdout(&out));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["risk_of_bias_change"], "-2");
    assert_eq!(rows[0]["certainty"], "low");
    assert!(rows[0]["footnotes"].starts_with("a. Risk of bias: rated down two levels"));
    let md = stdout(&evrev(&catalogs("grade-rob-high"), &["sof", "--format", "markdown"]));
    assert!(md.contains("| Outcome |") && md.contains("a. response: Risk of bias"), "{md}");
}

#[test]
fn an_outcome_with_nothing_to_pool_is_an_analysis_error() {
    let out = evrev(&catalogs("grade-none"), &["sof", "--outcome", "remission"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no outcome rows named \"remission\""), "{}", stderr(&out));
}

#[test]
fn rob_table_csv_json_and_plot() {
    let dir = catalogs("rob-small");
    let table = stdout(&evrev(&dir, &["rob"]));
    assert!(table.contains("Some ") && table.contains("No info") && table.contains("Some = some concerns"), "{table}");
    assert!(table.contains("Not randomized, so not assessed with RoB 2"), "{table}");
    let rows = common::csv_rows(&stdout(&evrev(&dir, &["rob", "--format", "csv"])));
    assert_eq!(rows[1]["d2"], "high");
    assert_eq!(rows[1]["d2_support"], "Per-protocol analysis after dropouts");
    // Weighted summary, by hand: D2 is some concerns for alpha (30 randomized), high for beta (18).
    let doc = json(&dir, &["rob"]);
    let d2 = &doc["summary"][1];
    assert!((d2["some_concerns"].as_f64().unwrap() - 62.5).abs() < 1e-12, "{d2}");
    assert!((d2["high"].as_f64().unwrap() - 37.5).abs() < 1e-12, "{d2}");
    let md = stdout(&evrev(&dir, &["rob", "--format", "markdown"]));
    assert!(md.contains("| Alpha 2021, J Test | D2: Deviations from intended interventions | Some concerns | Ketamine's dissociation may unblind participants |"), "{md}");
    let out = tempfile::tempdir().unwrap();
    let svg = out.path().join("rob.svg");
    assert!(evrev(&dir, &["rob", "--plot", svg.to_str().unwrap()]).status.success());
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("traffic-light") && text.contains("weighted summary"));
}

#[test]
fn rob_without_rob_csv_says_so() {
    let out = evrev(&catalogs("small"), &["rob"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("has no rob.csv"), "{}", stdout(&out));
    let plot = evrev(&catalogs("small"), &["rob", "--plot", "/nonexistent/x.svg"]);
    assert_eq!(plot.status.code(), Some(1));
}

#[test]
fn check_warns_when_overall_departs_from_the_rule() {
    let dir = copy_of("rob-small");
    let rob = std::fs::read_to_string(dir.path().join("rob.csv")).unwrap();
    std::fs::write(
        dir.path().join("rob.csv"),
        rob.replacen("Prespecified in the registry,some concerns", "Prespecified in the registry,high", 1),
    )
    .unwrap();
    let out = evrev(dir.path(), &["check"]);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("rob.csv:2: column overall: expected \"some concerns\" by RoB 2's rule"),
        "{}",
        stdout(&out)
    );
}

fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(catalogs(name)).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    dir
}

/// A malformed rob.csv or grade.csv: exit 65 and FILE:LINE: column NAME: expected ..., found ...
#[test]
fn bad_rob_and_grade_rows_are_catalog_errors() {
    let cases = [
        (
            "rob.csv",
            "alpha-2021,Low,x,moderate,x,low,x,low,x,low,x,low,src,",
            "rob.csv:2: column d2: expected one of low, some concerns, high, no information, found \"moderate\"",
        ),
        (
            "rob.csv",
            "nobody-2020,low,x,low,x,low,x,low,x,low,x,low,src,",
            "rob.csv:2: column trial: expected an id from trials.csv, found \"nobody-2020\"",
        ),
        (
            "grade.csv",
            "response,dep,consistency,-1,why",
            "grade.csv:2: column domain: expected one of risk_of_bias, inconsistency, indirectness, imprecision, publication_bias, upgrade, found \"consistency\"",
        ),
        (
            "grade.csv",
            "sleep,dep,imprecision,-1,why",
            "grade.csv:2: column outcome: expected an outcome named in outcomes.csv, found \"sleep\"",
        ),
        (
            "grade.csv",
            "response,ocd,imprecision,-1,why",
            "grade.csv:2: column condition: expected a condition key (dep), found \"ocd\"",
        ),
        (
            "grade.csv",
            "response,dep,imprecision,+1,why",
            "grade.csv:2: column change: expected one of 0, -1, -2 for imprecision, found \"+1\"",
        ),
        (
            "grade.csv",
            "response,dep,imprecision,-1,",
            "grade.csv:2: column reason: expected a value, found an empty field",
        ),
    ];
    for (file, line, message) in cases {
        let dir = copy_of(if file == "rob.csv" { "rob-small" } else { "grade-none" });
        let header = match file {
            "rob.csv" => {
                "trial,d1,d1_support,d2,d2_support,d3,d3_support,d4,d4_support,d5,d5_support,overall,source,notes"
            }
            _ => "outcome,condition,domain,change,reason",
        };
        std::fs::write(dir.path().join(file), format!("{header}\n{line}\n")).unwrap();
        let out = evrev(dir.path(), &["sof"]);
        assert_eq!(out.status.code(), Some(65), "{line}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{line}: {}", stderr(&out));
    }
}

/// A study without a rob.csv row counts as not at low risk; without a rob.csv no study is low.
#[test]
fn studies_without_a_rob_row_are_not_low() {
    let dir = copy_of("grade-none");
    let rob = std::fs::read_to_string(dir.path().join("rob.csv")).unwrap();
    let kept: Vec<&str> = rob.lines().take(3).collect(); // header + t01, t02
    std::fs::write(dir.path().join("rob.csv"), kept.join("\n") + "\n").unwrap();
    let row = json(dir.path(), &["sof"])["rows"][0].clone();
    assert_eq!(row["downgrades"]["risk_of_bias"]["change"], -1);
    let reason = row["downgrades"]["risk_of_bias"]["reason"].as_str().unwrap();
    assert!(reason.contains("not assessed 50% (2 studies without a rob.csv row, counted as not low)"), "{reason}");
    std::fs::remove_file(dir.path().join("rob.csv")).unwrap();
    let row = json(dir.path(), &["sof"])["rows"][0].clone();
    assert_eq!(row["downgrades"]["risk_of_bias"]["change"], -1, "no rob.csv: 0% at low risk");
    assert_eq!(row["certainty"], "moderate");
}

/// Compare with tests/snapshots/NAME; `UPDATE_SNAPSHOTS=1 cargo test --test certainty` rewrites them.
fn snapshot(name: &str, actual: &str) {
    let path = common::repo(&format!("tests/snapshots/{name}"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} missing", path.display()));
    assert_eq!(actual, expected, "{name} differs from its snapshot (UPDATE_SNAPSHOTS=1 if deliberate)");
}

fn at_width(catalog: &Path, args: &[&str], width: u16) -> String {
    let out = common::command()
        .arg("--catalog")
        .arg(catalog)
        .args(args)
        .env_remove("EVREV_CATALOG")
        .env("LANG", "en_US.UTF-8")
        .env("COLUMNS", width.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    let text = stdout(&out);
    for line in text.lines() {
        assert!(line.chars().count() <= usize::from(width), "{args:?} at {width}: {line}");
    }
    text
}

#[test]
fn rob_and_sof_tables_are_pinned_at_80_and_120_columns() {
    for width in [80, 120] {
        snapshot(&format!("rob-small-{width}.txt"), &at_width(&catalogs("rob-small"), &["rob"], width));
        snapshot(&format!("sof-grade-rob-some-{width}.txt"), &at_width(&catalogs("grade-rob-some"), &["sof"], width));
    }
    snapshot("sof-grade-rob-some.csv", &stdout(&evrev(&catalogs("grade-rob-some"), &["sof", "--format", "csv"])));
    snapshot("rob-small.md", &stdout(&evrev(&catalogs("rob-small"), &["rob", "--format", "markdown"])));
}

#[test]
fn sof_json_rows_have_the_documented_fields() {
    let doc = json(&catalogs("grade-none"), &["sof"]);
    let row = doc["rows"][0].as_object().unwrap();
    for key in [
        "outcome",
        "condition",
        "k",
        "participants",
        "measure",
        "estimate",
        "ci_low",
        "ci_high",
        "control_risk",
        "per1000_c",
        "per1000_t",
        "per1000_t_low",
        "per1000_t_high",
        "certainty",
        "downgrades",
        "statement",
    ] {
        assert!(row.contains_key(key), "no {key} in {row:?}");
    }
    for d in DOMAINS {
        let r = &row["downgrades"][d];
        assert!(r["change"].is_i64() && r["reason"].is_string() && r["source"] == "algorithm", "{d}: {r}");
    }
    assert_eq!(row["condition"], "dep");
}

#[test]
fn check_says_how_much_rob_csv_covers() {
    let out = stdout(&evrev(&catalogs("rob-small"), &["check"]));
    assert!(out.contains("note: rob.csv assesses 2 of 2 randomized trials"), "{out}");
    let out = stdout(&evrev(&catalogs("small"), &["check"]));
    assert!(out.contains("note: no rob.csv: none of the 2 randomized trials"), "{out}");
}

/// grade.csv may not override an outcome that has nothing to pool for its condition.
#[test]
fn an_override_for_an_outcome_with_nothing_to_pool_is_a_catalog_error() {
    let dir = copy_of("rob-small");
    std::fs::write(
        dir.path().join("grade.csv"),
        "outcome,condition,domain,change,reason\nresponse,ocd,imprecision,-1,why\n",
    )
    .unwrap();
    let out = evrev(dir.path(), &["sof"]);
    assert_eq!(out.status.code(), Some(65), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "grade.csv:2: column outcome: expected an outcome with numbers to pool for ocd, found \"response\""
        ),
        "{}",
        stderr(&out)
    );
}

/// Rating up observational evidence (the `upgrade` domain) is a reviewer's judgement, footnoted.
#[test]
fn a_reviewer_can_rate_up_observational_evidence() {
    let dir = copy_of("grade-observational");
    std::fs::write(
        dir.path().join("grade.csv"),
        "outcome,condition,domain,change,reason\nresponse,dep,upgrade,+1,large effect in every study\n",
    )
    .unwrap();
    let row = json(dir.path(), &["sof", "--measure", "pr"])["rows"][0].clone();
    assert_eq!(row["certainty"], "moderate");
    assert_eq!(row["downgrades"]["upgrade"]["change"], 1);
    assert_eq!(row["downgrades"]["upgrade"]["source"], "reviewer");
    let text = serde_json::to_string(&row["footnotes"]).unwrap();
    assert!(text.contains("Upgrade: rated up one level: reviewer's judgement: large effect in every study"), "{text}");
}

#[test]
fn a_crossover_trial_counts_its_people_once() {
    // Taylor 2018 (crossover-rct, 18 randomized): its response row is 16/18 vs 9/17, the same people in
    // both periods: 18 participants, not 35 (and GRADE's imprecision counts 18).
    let out = common::evrev().args(["sof", "--condition", "social-anxiety", "--format", "json"]).run().ok();
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let row = &doc["rows"][0];
    assert_eq!(row["outcome"], "response");
    assert_eq!(row["participants"], 18);
    assert!(row["downgrades"]["imprecision"]["reason"].as_str().unwrap().starts_with("only 18 participants"));
}
