//! Fuzz pooling on arbitrary small catalogs: 1 to 8 two-arm (or single-arm) studies made from the
//! input bytes, often identical, with near-zero SDs and all-event or no-event tables, non-ASCII
//! condition keys, pooled with every measure and method, with and without HKSJ (both rules),
//! subgroups and leave-one-out. Nothing may panic, and every number pooling returns is finite.
#![no_main]

use evrev::analysis::pool::{Measure, Method, PoolResult, Spec, SubgroupBy, pool};
use evrev::catalog::Filter;
use evrev::stats::pool::Hksj;
use libfuzzer_sys::fuzz_target;
use std::fmt::Write;

const TH: &str = "id,citation,title,year,condition,design,blinding,comparator,drug,route,n_randomized,doi,pmid,source\n";
const OH: &str = "trial,outcome,scale,definition,timepoint,days,primary,arm_t,events_t,n_t,arm_c,events_c,n_c,mean_t,sd_t,mean_c,sd_c,source,notes\n";
const CONDITIONS: &str = "key,label,aliases\ndépression,Dépression,\nanx,Anxiété,\nptsd,État de stress,\n";
const SDS: [&str; 8] = ["0", "1e-60", "1e-160", "0.5", "1", "5", "1e10", "3"];

/// The bytes as a stream of small numbers (0 when they run out).
struct Bytes<'a>(std::slice::Iter<'a, u8>);

impl Bytes<'_> {
    fn next(&mut self) -> u32 {
        self.0.next().copied().map_or(0, u32::from)
    }
    fn pick<'b, T>(&mut self, items: &'b [T]) -> &'b T {
        &items[self.next() as usize % items.len()]
    }
}

/// One outcome row's arm columns: binary (events/n in each arm), continuous, or single-arm.
fn arms(b: &mut Bytes<'_>, kind: u32) -> String {
    let n_t = 1 + b.next() % 60;
    let n_c = 1 + b.next() % 60;
    match kind {
        0 => {
            let e_t = [0, n_t, b.next() % (n_t + 1)][b.next() as usize % 3];
            let e_c = [0, n_c, b.next() % (n_c + 1)][b.next() as usize % 3];
            format!("{e_t},{n_t},p,{e_c},{n_c},,,,")
        }
        1 => {
            let (m_t, m_c) = (b.next() % 7, b.next() % 7);
            format!(",{n_t},p,,{n_c},{m_t},{},{m_c},{}", b.pick(&SDS), b.pick(&SDS))
        }
        _ => format!("{},{n_t},,,,,,,", b.next() % (n_t + 1)),
    }
}

fn catalog(b: &mut Bytes<'_>) -> (String, String) {
    let (mut trials, mut outcomes) = (TH.to_string(), OH.to_string());
    let k = 1 + b.next() % 8;
    let kind = b.next() % 3;
    let mut last = String::new();
    for i in 0..k {
        let design = *b.pick(&["parallel-rct", "crossover-rct", "open-label", "retrospective"]);
        let condition = *b.pick(&["dépression", "anx", "ptsd", "anx;dépression"]);
        let _ = writeln!(trials, "t{i},Étude {i} 2020,t,2020,{condition},{design},db,placebo,kétamine,IV,40,,,x");
        // Often the same numbers as the study before: identical effects.
        if i == 0 || b.next() % 3 != 0 {
            last = arms(b, kind);
        }
        let _ = writeln!(outcomes, "t{i},réponse,s,d,w,7,yes,k,{last},x,");
    }
    (trials, outcomes)
}

fn finite(x: f64) -> bool {
    x.is_finite()
}

/// Every number in the result is finite (undefined ones are `None`).
fn check(r: &PoolResult<'_>) {
    let must = [r.estimate, r.ci_low, r.ci_high, r.se, r.model_estimate, r.model_ci_low, r.model_ci_high];
    assert!(must.into_iter().all(finite), "{must:?}");
    let h = &r.heterogeneity;
    let may = [r.statistic, r.p_value, h.tau2, h.tau, h.i2, h.h2, h.q, h.q_p, h.pi_low, h.pi_high];
    assert!(may.into_iter().flatten().all(finite), "{may:?}");
    for s in &r.studies {
        assert!([s.yi, s.vi, s.estimate, s.ci_low, s.ci_high, s.weight].into_iter().flatten().all(finite));
    }
    if let Some(sg) = &r.subgroups {
        for g in &sg.groups {
            assert!([g.estimate, g.ci_low, g.ci_high, g.se, g.tau2, g.i2, g.q, g.q_p].into_iter().flatten().all(finite));
        }
        assert!([sg.q_between, sg.q_between_p].into_iter().flatten().all(finite));
    }
    for l in r.leave_one_out.iter().flatten() {
        assert!([l.estimate, l.ci_low, l.ci_high, l.se, l.tau2, l.i2, l.q, l.q_p].into_iter().flatten().all(finite));
    }
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data.iter());
    let (trials, outcomes) = catalog(&mut b);
    let Ok(catalog) = evrev::catalog::from_bytes(trials.as_bytes(), outcomes.as_bytes(), Some(CONDITIONS.as_bytes()))
    else {
        return;
    };
    let measures = [None, Some(Measure::Rr), Some(Measure::Or), Some(Measure::Rd), Some(Measure::Md), Some(Measure::Smd), Some(Measure::Pr)];
    let subgroups = [None, Some(SubgroupBy::Condition), Some(SubgroupBy::Design), Some(SubgroupBy::Drug)];
    for _ in 0..4 {
        let spec = Spec {
            outcome: "réponse".into(),
            measure: *b.pick(&measures),
            method: *b.pick(&[Method::Fe, Method::Mh, Method::Dl, Method::Reml, Method::Pm]),
            hksj: *b.pick(&[None, Some(Hksj::AdHoc), Some(Hksj::Plain)]),
            subgroup: b.pick(&subgroups).clone(),
            leave_one_out: b.next() % 2 == 0,
        };
        if let Ok(result) = pool(&catalog, &Filter::default(), &spec) {
            check(&result);
        }
    }
});
