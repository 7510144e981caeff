//! Property tests of the statistics: intervals contain their estimate, rates stay in [0, 1],
//! swapping arms inverts the RR and negates the RD.

use evrev::stats::effect::{BinaryMeasure, MeansSds, TwoByTwo, ZeroCells, binary_effect};
use evrev::stats::proportion::{CiMethod, Proportion};
use proptest::prelude::*;

fn table() -> impl Strategy<Value = TwoByTwo> {
    (1u32..500, 1u32..500).prop_flat_map(|(n_t, n_c)| {
        (0..=n_t, 0..=n_c).prop_map(move |(events_t, events_c)| TwoByTwo { events_t, n_t, events_c, n_c })
    })
}

proptest! {
    #[test]
    fn rate_intervals_contain_the_rate_and_stay_in_unit_interval(n in 1u32..5000, frac in 0.0f64..=1.0) {
        let events = ((f64::from(n) * frac).round() as u32).min(n);
        let p = Proportion::new(events, n).unwrap();
        for method in [CiMethod::Wilson, CiMethod::Exact] {
            let e = p.estimate(method);
            prop_assert!((0.0..=1.0).contains(&e.estimate));
            prop_assert!(0.0 <= e.ci.low && e.ci.high <= 1.0, "{:?}", e);
            prop_assert!(e.ci.low <= e.estimate + 1e-12 && e.estimate <= e.ci.high + 1e-12, "{:?} {:?}", method, e);
        }
    }

    #[test]
    fn effect_intervals_contain_their_estimate(t in table()) {
        if let Some(rr) = binary_effect(&t, BinaryMeasure::Rr, ZeroCells::RATIO) {
            let e = rr.wald_exp();
            prop_assert!(e.ci.low <= e.estimate && e.estimate <= e.ci.high);
            prop_assert!(e.estimate > 0.0 && e.estimate.is_finite());
        }
        let rd = binary_effect(&t, BinaryMeasure::Rd, ZeroCells::PLAIN).unwrap().wald();
        prop_assert!(rd.ci.low <= rd.estimate && rd.estimate <= rd.ci.high);
        prop_assert!((-1.0..=1.0).contains(&rd.estimate));
    }

    #[test]
    fn swapping_arms_inverts_rr_and_or_and_negates_rd(t in table()) {
        let s = TwoByTwo { events_t: t.events_c, n_t: t.n_c, events_c: t.events_t, n_c: t.n_t };
        match (binary_effect(&t, BinaryMeasure::Rr, ZeroCells::RATIO), binary_effect(&s, BinaryMeasure::Rr, ZeroCells::RATIO)) {
            (Some(a), Some(b)) => {
                prop_assert!((a.yi + b.yi).abs() < 1e-9);
                prop_assert!((a.vi - b.vi).abs() < 1e-9 * a.vi.max(1.0));
            }
            (None, None) => {}
            other => prop_assert!(false, "estimability differs: {:?}", other),
        }
        if let (Some(a), Some(b)) = (binary_effect(&t, BinaryMeasure::Or, ZeroCells::RATIO), binary_effect(&s, BinaryMeasure::Or, ZeroCells::RATIO)) {
            prop_assert!((a.yi + b.yi).abs() < 1e-9);
        }
        prop_assert!((binary_effect(&t, BinaryMeasure::Rd, ZeroCells::PLAIN).unwrap().yi + binary_effect(&s, BinaryMeasure::Rd, ZeroCells::PLAIN).unwrap().yi).abs() < 1e-12);
    }

    #[test]
    fn swapping_arms_negates_the_smd(m1 in -50.0f64..50.0, m2 in -50.0f64..50.0, s1 in 0.1f64..30.0, s2 in 0.1f64..30.0, n1 in 2u32..300, n2 in 2u32..300) {
        let a = MeansSds { mean_t: m1, sd_t: s1, n_t: n1, mean_c: m2, sd_c: s2, n_c: n2 };
        let b = MeansSds { mean_t: m2, sd_t: s2, n_t: n2, mean_c: m1, sd_c: s1, n_c: n1 };
        let (ga, gb) = (a.hedges_g().unwrap(), b.hedges_g().unwrap());
        prop_assert!((ga.yi + gb.yi).abs() < 1e-9);
        prop_assert!((ga.vi - gb.vi).abs() < 1e-9);
    }

    #[test]
    fn the_loader_never_panics(trials in proptest::collection::vec(any::<u8>(), 0..400), outcomes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = evrev::catalog::from_bytes(&trials, &outcomes, None);
    }

    #[test]
    fn the_auditor_never_panics(text in "\\PC{0,400}") {
        let catalog = evrev::catalog::embedded().unwrap();
        let _ = evrev::analysis::audit::audit(&text, &catalog);
    }

    /// The same on a catalog whose condition keys, labels, ids and citations are not ASCII, with text
    /// made of its own words (so sentences do name its conditions) and arbitrary characters.
    #[test]
    fn the_auditor_never_panics_on_a_non_ascii_catalog(
        words in proptest::collection::vec(
            prop_oneof![
                Just("dépression"), Just("dépressif"), Just("anxiété-sociale"), Just("Anxiété sociale"),
                Just("ptsd"), Just("TSPT"), Just("Ünal 2020"), Just("Rev Méd"), Just("40 patients"),
                Just("25 %"), Just("essai randomisé"), Just("2021"), Just("étude-a"), Just("é"), Just("."),
            ],
            0..40,
        ),
        noise in "\\PC{0,40}",
    ) {
        let text = format!("{} {noise}", words.join(" "));
        let _ = evrev::analysis::audit::audit(&text, unicode_catalog());
    }
}

/// tests/catalogs/unicode: non-ASCII keys and ids, and studies with identical effects.
fn unicode_catalog() -> &'static evrev::catalog::Catalog {
    static CATALOG: std::sync::OnceLock<evrev::catalog::Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/catalogs/unicode");
        let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
        evrev::catalog::from_bytes(&read("trials.csv"), &read("outcomes.csv"), Some(&read("conditions.csv"))).unwrap()
    })
}

mod pooling {
    use evrev::stats::pool::{Estimator, Hksj, Model, Options, RemlControl, fit};
    use proptest::prelude::*;

    fn studies() -> impl Strategy<Value = Vec<(f64, f64)>> {
        proptest::collection::vec((-3.0f64..3.0, 0.01f64..2.0), 2..40)
    }

    fn options(model: Model) -> Options {
        Options { model, hksj: None, reml: RemlControl::default() }
    }

    /// Studies with one shared effect: every statistic is a finite number or `None`, never NaN.
    fn identical() -> impl Strategy<Value = (f64, Vec<f64>)> {
        (-3.0f64..3.0, proptest::collection::vec(0.01f64..2.0, 1..12))
    }

    const MODELS: [Model; 4] =
        [Model::Fixed, Model::Random(Estimator::Dl), Model::Random(Estimator::Reml), Model::Random(Estimator::Pm)];

    proptest! {
        #[test]
        fn a_pooled_estimate_lies_between_the_smallest_and_largest_study_effect(s in studies()) {
            let (y, v): (Vec<f64>, Vec<f64>) = s.into_iter().unzip();
            let (lo, hi) = y.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            for model in MODELS {
                if let Ok(f) = fit(&y, &v, &options(model)) {
                    prop_assert!(lo - 1e-9 <= f.estimate && f.estimate <= hi + 1e-9, "{model:?}: {} not in [{lo}, {hi}]", f.estimate);
                    prop_assert!(f.ci.low <= f.estimate && f.estimate <= f.ci.high);
                    prop_assert!(f.tau2 >= 0.0);
                    prop_assert!(f.heterogeneity.i2.is_some_and(|i2| (0.0..=100.0).contains(&i2)));
                }
            }
        }

        #[test]
        fn pooling_does_not_depend_on_row_order(s in studies(), seed in any::<u64>()) {
            let (y, v): (Vec<f64>, Vec<f64>) = s.iter().copied().unzip();
            // A deterministic shuffle from the seed.
            let mut order: Vec<usize> = (0..s.len()).collect();
            let mut state = seed | 1;
            for i in (1..order.len()).rev() {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17;
                order.swap(i, (state % (i as u64 + 1)) as usize);
            }
            let ys: Vec<f64> = order.iter().map(|&i| y[i]).collect();
            let vs: Vec<f64> = order.iter().map(|&i| v[i]).collect();
            for model in MODELS {
                match (fit(&y, &v, &options(model)), fit(&ys, &vs, &options(model))) {
                    (Ok(a), Ok(b)) => {
                        let tol = 1e-7 * (1.0 + a.estimate.abs());
                        prop_assert!((a.estimate - b.estimate).abs() <= tol, "{model:?}: {} vs {}", a.estimate, b.estimate);
                        prop_assert!((a.tau2 - b.tau2).abs() <= 1e-7 * (1.0 + a.tau2), "{model:?}: tau2 {} vs {}", a.tau2, b.tau2);
                        let (qa, qb) = (a.heterogeneity.q.expect("Q defined"), b.heterogeneity.q.expect("Q defined"));
                        prop_assert!((qa - qb).abs() <= 1e-7 * (1.0 + qa));
                    }
                    (Err(_), Err(_)) => {}
                    (a, b) => prop_assert!(false, "{model:?}: one order fits, the other not: {a:?} / {b:?}"),
                }
            }
        }

        #[test]
        fn identical_effects_give_finite_statistics_or_none_under_every_rule((effect, v) in identical()) {
            let y = vec![effect; v.len()];
            for model in MODELS {
                for hksj in [None, Some(Hksj::AdHoc), Some(Hksj::Plain)] {
                    let o = Options { model, hksj, reml: RemlControl::default() };
                    let Ok(f) = fit(&y, &v, &o) else {
                        prop_assert!(hksj.is_some() && y.len() < 2, "{model:?} {hksj:?} failed on k = {}", y.len());
                        continue;
                    };
                    let h = f.heterogeneity;
                    let values = [Some(f.estimate), Some(f.se), Some(f.tau2), f.statistic, f.p, h.q, h.p, h.i2, h.h2];
                    prop_assert!(values.iter().flatten().all(|x| x.is_finite()), "{model:?} {hksj:?}: {f:?}");
                    prop_assert!((f.estimate - effect).abs() <= 1e-9 * (1.0 + effect.abs()));
                    if hksj == Some(Hksj::AdHoc) && matches!(model, Model::Random(_)) {
                        let wald = fit(&y, &v, &Options { hksj: None, ..o }).unwrap();
                        prop_assert!(f.se >= wald.se * (1.0 - 1e-12), "ad hoc SE {} < Wald {}", f.se, wald.se);
                        prop_assert!(f.p.is_some());
                    }
                }
            }
        }
    }
}
