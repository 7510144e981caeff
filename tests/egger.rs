//! Egger's regression test against R metafor 3.8-1 `regtest(fit, model = "lm")` (tests/fixtures/metafor/egger.R):
//! the statistic from the escalc values R used, and `evrev pool --bias` run on the fixture catalogs,
//! compared at 1e-6 relative.

mod common;

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
