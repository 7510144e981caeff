//! Small-study effects of a pooled result: Egger's regression test over the pooled studies' effect sizes
//! (`stats::egger`), not run below 10 studies (Cochrane Handbook 13.3.5.4), and the funnel plot's data.

use super::pool::{Measure, PoolResult};
use crate::stats::egger::{EGGER_MIN_K, egger};
use serde::Serialize;

/// Egger's test as `pool --bias` reports it. The limit estimate (the effect as SE -> 0) is on the display
/// scale (a ratio for rr/or); every field is null when the test was not computed, and `egger_note` says why.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SmallStudyEffects {
    pub egger_t: Option<f64>,
    pub egger_df: Option<usize>,
    pub egger_p: Option<f64>,
    pub egger_limit: Option<f64>,
    pub egger_limit_low: Option<f64>,
    pub egger_limit_high: Option<f64>,
    /// How the test was done, or why it was not.
    pub egger_note: String,
}

/// The (effect, variance) pairs on the model scale of the studies that entered the fit.
pub fn pooled_effects(r: &PoolResult<'_>) -> Vec<(f64, f64)> {
    r.studies.iter().filter(|s| s.weight.is_some()).filter_map(|s| s.yi.zip(s.vi)).collect()
}

/// Egger's test on the studies of `r`.
pub fn small_study_effects(r: &PoolResult<'_>) -> SmallStudyEffects {
    let effects = pooled_effects(r);
    let k = effects.len();
    let none = |note: String| SmallStudyEffects {
        egger_t: None,
        egger_df: None,
        egger_p: None,
        egger_limit: None,
        egger_limit_low: None,
        egger_limit_high: None,
        egger_note: note,
    };
    if k < EGGER_MIN_K {
        return none(format!(
            "Egger's test not computed: {k} stud{} (it needs at least {EGGER_MIN_K}; with fewer the test has too little power to tell chance from small-study effects, Cochrane Handbook 13.3.5.4).",
            if k == 1 { "y" } else { "ies" }
        ));
    }
    let (y, v): (Vec<f64>, Vec<f64>) = effects.into_iter().unzip();
    let Some(e) = egger(&y, &v) else {
        return none(
            "Egger's test not computed: the regression is not defined (all standard errors equal, or a perfect fit)."
                .into(),
        );
    };
    let show = |x: f64| r.choice.measure.to_display(x);
    let scale = if r.choice.measure.is_ratio() { " (limit estimate back-transformed from the log scale)" } else { "" };
    SmallStudyEffects {
        egger_t: Some(e.t),
        egger_df: Some(e.df),
        egger_p: Some(e.p),
        egger_limit: Some(show(e.limit)),
        egger_limit_low: Some(show(e.limit_ci.low)),
        egger_limit_high: Some(show(e.limit_ci.high)),
        egger_note: format!(
            "Egger's test: weighted regression of the effect on its standard error with multiplicative dispersion (metafor regtest model = \"lm\"): t = {:.2} (df = {}), p {}; limit estimate (SE -> 0) {:.3} (95% CI {:.3} to {:.3}){scale}.",
            e.t,
            e.df,
            if e.p < 0.001 { "< 0.001".to_string() } else { format!("= {:.3}", e.p) },
            show(e.limit),
            show(e.limit_ci.low),
            show(e.limit_ci.high)
        ),
    }
}

/// The x-axis label of a funnel plot.
pub fn funnel_axis_label(m: Measure) -> String {
    if m.is_ratio() { format!("{} (log scale)", m.label()) } else { m.label().to_string() }
}
