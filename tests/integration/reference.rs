//! Statistics against R reference values (tests/fixtures/r, made by effects.R): 1e-6 relative.

use crate::common;

use evrev::stats::effect::{BinaryMeasure, MeansSds, TwoByTwo, ZeroCells, binary_effect};
use evrev::stats::proportion::{Proportion, clopper_pearson, wilson};
use std::collections::HashMap;

const TOL: f64 = 1e-6;

fn fixture(name: &str) -> Vec<HashMap<String, String>> {
    common::csv_file(common::repo(&format!("tests/fixtures/r/{name}")))
}

fn num(row: &HashMap<String, String>, key: &str) -> Option<f64> {
    let v = &row[key];
    (!v.is_empty()).then(|| v.parse().unwrap())
}

fn int(row: &HashMap<String, String>, key: &str) -> u32 {
    row[key].parse().unwrap()
}

/// Relative closeness, with an absolute floor for values at or near zero.
fn close(actual: f64, expected: f64, what: &str) {
    let scale = expected.abs().max(1e-12);
    assert!(
        (actual - expected).abs() <= TOL * scale || (actual - expected).abs() < 1e-12,
        "{what}: got {actual:.17}, R gives {expected:.17}"
    );
}

#[test]
fn wilson_and_clopper_pearson_match_r() {
    let rows = fixture("proportions.csv");
    assert!(rows.len() > 50);
    for row in rows {
        let p = Proportion::new(int(&row, "events"), int(&row, "n")).unwrap();
        let what = format!("{}/{}", p.events, p.n);
        let w = wilson(p);
        close(w.low, num(&row, "wilson_low").unwrap(), &format!("wilson low {what}"));
        close(w.high, num(&row, "wilson_high").unwrap(), &format!("wilson high {what}"));
        let e = clopper_pearson(p);
        close(e.low, num(&row, "exact_low").unwrap(), &format!("exact low {what}"));
        close(e.high, num(&row, "exact_high").unwrap(), &format!("exact high {what}"));
    }
}

#[test]
fn risk_ratio_odds_ratio_and_risk_difference_match_escalc() {
    let rows = fixture("effects.csv");
    assert!(rows.len() >= 10);
    for row in rows {
        let t = TwoByTwo {
            events_t: int(&row, "events_t"),
            n_t: int(&row, "n_t"),
            events_c: int(&row, "events_c"),
            n_c: int(&row, "n_c"),
        };
        let what = format!("{t:?}");
        match (binary_effect(&t, BinaryMeasure::Rr, ZeroCells::RATIO), num(&row, "rr_yi")) {
            (Some(rr), Some(yi)) => {
                close(rr.yi, yi, &format!("rr yi {what}"));
                close(rr.vi, num(&row, "rr_vi").unwrap(), &format!("rr vi {what}"));
                let e = rr.wald_exp();
                close(e.estimate, num(&row, "rr").unwrap(), &format!("rr {what}"));
                close(e.ci.low, num(&row, "rr_low").unwrap(), &format!("rr low {what}"));
                close(e.ci.high, num(&row, "rr_high").unwrap(), &format!("rr high {what}"));
                let or = binary_effect(&t, BinaryMeasure::Or, ZeroCells::RATIO).unwrap();
                close(or.yi, num(&row, "or_yi").unwrap(), &format!("or yi {what}"));
                close(or.vi, num(&row, "or_vi").unwrap(), &format!("or vi {what}"));
            }
            (None, None) => {}
            (ours, r) => panic!("{what}: estimability differs: ours {ours:?}, R {r:?}"),
        }
        let rd = binary_effect(&t, BinaryMeasure::Rd, ZeroCells::PLAIN).unwrap();
        close(rd.yi, num(&row, "rd_yi").unwrap(), &format!("rd {what}"));
        close(rd.vi, num(&row, "rd_vi").unwrap(), &format!("rd vi {what}"));
        let ci = rd.wald().ci;
        close(ci.low, num(&row, "rd_low").unwrap(), &format!("rd low {what}"));
        close(ci.high, num(&row, "rd_high").unwrap(), &format!("rd high {what}"));
    }
}

#[test]
fn mean_difference_and_hedges_g_match_escalc() {
    for row in fixture("continuous.csv") {
        let d = MeansSds {
            mean_t: num(&row, "mean_t").unwrap(),
            sd_t: num(&row, "sd_t").unwrap(),
            n_t: int(&row, "n_t"),
            mean_c: num(&row, "mean_c").unwrap(),
            sd_c: num(&row, "sd_c").unwrap(),
            n_c: int(&row, "n_c"),
        };
        let what = format!("{d:?}");
        let md = d.mean_difference();
        close(md.yi, num(&row, "md_yi").unwrap(), &format!("md {what}"));
        close(md.vi, num(&row, "md_vi").unwrap(), &format!("md vi {what}"));
        let g = d.hedges_g().unwrap();
        close(g.yi, num(&row, "smd_yi").unwrap(), &format!("smd {what}"));
        close(g.vi, num(&row, "smd_vi").unwrap(), &format!("smd vi {what}"));
    }
}
