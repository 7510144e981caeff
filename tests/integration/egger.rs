//! Egger's regression test against R metafor 3.8-1 `regtest(fit, model = "lm")` (tests/fixtures/metafor/egger.R):
//! the statistic from the escalc values R used, and `evrev pool --bias` run on the fixture catalogs,
//! compared at 1e-6 relative.

use crate::common;

use common::Row;
use evrev::stats::egger::egger;

const TOL: f64 = 1e-6;

fn fixture(name: &str) -> Vec<Row> {
    common::csv_file(common::repo(&format!("tests/fixtures/metafor/{name}")))
}

fn num(row: &Row, key: &str) -> f64 {
    row[key].parse().unwrap_or_else(|_| panic!("{key} = {:?}", row[key]))
}

/// Relative error of `got` against R's `want` (absolute below 1).
fn rel(got: f64, want: f64) -> f64 {
    (got - want).abs() / want.abs().max(1.0)
}

#[test]
fn egger_matches_metafor_on_the_escalc_values() {
    let studies = fixture("egger-studies.csv");
    let mut worst: f64 = 0.0;
    for r in fixture("egger.csv").iter().filter(|r| r["method"] == "REML") {
        let of = |s: &&Row| s["dataset"] == r["dataset"] && s["measure"] == r["measure"];
        let y: Vec<f64> = studies.iter().filter(of).map(|s| num(s, "yi")).collect();
        let v: Vec<f64> = studies.iter().filter(of).map(|s| num(s, "vi")).collect();
        let e = egger(&y, &v).expect("defined");
        assert_eq!(e.df as f64, num(r, "df"));
        for (name, got) in [
            ("t", e.t),
            ("p", e.p),
            ("model_limit", e.limit),
            ("model_limit_low", e.limit_ci.low),
            ("model_limit_high", e.limit_ci.high),
        ] {
            let err = rel(got, num(r, name));
            worst = worst.max(err);
            assert!(err <= TOL, "{} {} {name}: evrev {got}, metafor {}", r["dataset"], r["measure"], r[name]);
        }
    }
    eprintln!("largest relative error against metafor: {worst:e}");
}

fn evrev(catalog: &str, args: &[&str]) -> std::process::Output {
    common::evrev().catalog(common::repo(&format!("tests/fixtures/metafor/{catalog}"))).args(args).output()
}

fn outcome(dataset: &str) -> &'static str {
    if dataset == "curtis" { "score" } else { "event" }
}

#[test]
fn pool_bias_reports_metafor_values_for_every_method() {
    let mut worst: f64 = 0.0;
    for r in fixture("egger.csv") {
        let (measure, method) = (r["measure"].to_lowercase(), r["method"].to_lowercase());
        let args = ["pool", "--outcome", outcome(&r["dataset"]), "--measure", &measure, "--method", &method];
        let out = evrev(&r["dataset"], &[&args[..], &["--bias", "--format", "json"]].concat());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["k"].as_f64(), Some(num(&r, "k")));
        assert_eq!(json["egger_df"].as_f64(), Some(num(&r, "df")));
        for (field, col) in [
            ("egger_t", "t"),
            ("egger_p", "p"),
            ("egger_limit", "limit"),
            ("egger_limit_low", "limit_low"),
            ("egger_limit_high", "limit_high"),
        ] {
            let got = json[field].as_f64().unwrap_or_else(|| panic!("{field} missing"));
            let err = rel(got, num(&r, col));
            worst = worst.max(err);
            assert!(err <= TOL, "{} {measure} {method} {field}: evrev {got}, metafor {}", r["dataset"], r[col]);
        }
    }
    eprintln!("largest relative error against metafor (pool --bias): {worst:e}");
}

#[test]
fn fewer_than_ten_studies_leave_the_test_out_and_say_why() {
    let out = evrev("cont", &["pool", "--outcome", "score", "--measure", "md", "--bias", "--format", "json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for f in ["egger_t", "egger_df", "egger_p", "egger_limit", "egger_limit_low", "egger_limit_high"] {
        assert!(json[f].is_null(), "{f} should be null");
    }
    assert!(json["egger_note"].as_str().unwrap().contains("at least 10"), "{}", json["egger_note"]);
    let table = evrev("cont", &["pool", "--outcome", "score", "--bias"]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("Egger's test not computed: 9 studies"));
    let plain = evrev("cont", &["pool", "--outcome", "score", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(json.get("egger_t").is_none(), "without --bias the fields are absent");
}

#[test]
fn funnel_plot_draws_every_study_on_a_log_axis() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("funnel.svg");
    let args = ["pool", "--outcome", "event", "--measure", "or", "--bias", "--funnel", path.to_str().unwrap()];
    let out = evrev("magnesium", &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches("<circle").count(), 16, "one point per study");
    assert!(svg.contains("Odds ratio (log scale)") && svg.contains("Egger&#39;s test"));
}
