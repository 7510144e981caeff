//! Meta-analysis pooling as R's metafor 3.8 computes it: effect sizes for pooling (`escalc`), the
//! inverse-variance fixed-effect and random-effects models (`rma`: DerSimonian-Laird, REML, Paule-Mandel,
//! Hartung-Knapp-Sidik-Jonkman), Mantel-Haenszel (`rma.mh`), heterogeneity (Q, I², H²), prediction
//! intervals, leave-one-out and the subgroup test. Pure functions over slices; no I/O.
//!
//! Every function is O(k) per pass (per iteration for REML and Paule-Mandel); leave-one-out is k fits.
//! Inputs are the effect sizes `y` (model scale: log for ratios, logit for proportions) and their
//! sampling variances `v`, which must be finite and at least [`VI_FLOOR`] (see [`check_studies`]).
//! A statistic that is not defined (a test with a zero standard error, I² without a usable typical
//! variance) is `None`, never NaN, and no NaN or infinity is passed to a distribution function.

use super::dist::{chi2_sf, normal_p_two_sided, t_p_two_sided, t_quantile};
pub use super::effect::{BinaryMeasure, ZeroCells, binary_effect};
use super::effect::{EffectSize, MeansSds, TwoByTwo};
use super::{Interval, Z95};
use std::fmt;

mod mh;
mod tau2;

pub use mh::*;
pub use tau2::*;

/// Convergence control of the REML Fisher scoring (metafor `control = list(threshold, maxiter)`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RemlControl {
    /// Stop when the change in τ² is at most this.
    pub threshold: f64,
    /// Fail after this many iterations.
    pub max_iter: u32,
}

impl Default for RemlControl {
    fn default() -> Self {
        RemlControl { threshold: 1e-10, max_iter: 1000 }
    }
}

/// The between-study variance estimator of a random-effects model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Estimator {
    /// DerSimonian-Laird method of moments.
    Dl,
    /// Restricted maximum likelihood.
    Reml,
    /// Paule-Mandel (generalised Q equal to its expectation).
    Pm,
}

/// An inverse-variance model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// Fixed (common) effect: τ² = 0.
    Fixed,
    Random(Estimator),
}

/// The Hartung-Knapp-Sidik-Jonkman rule for the CI and test of a random-effects fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hksj {
    /// Knapp & Hartung's ad hoc rule: the variance factor q = Σwᵢ(yᵢ - μ̂)²/(k - 1) is raised to 1 when
    /// below it, so the CI is never narrower than the Wald CI (metafor `test = "adhoc"`). Knapp G,
    /// Hartung J (2003), Improved tests for a random effects meta-regression with a single covariate,
    /// Stat Med 22:2693-2710.
    AdHoc,
    /// q as it is (metafor `test = "knha"`): zero, and the CI of zero width, when the effects are identical.
    Plain,
}

/// What a fit needs besides the data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    pub model: Model,
    /// Hartung-Knapp-Sidik-Jonkman CI (random effects only); `None`: Wald.
    pub hksj: Option<Hksj>,
    pub reml: RemlControl,
}

/// The smallest sampling variance pooled: weights 1/vᵢ stay at most 10¹⁰⁰, so REML's Σwᵢ³ and the
/// sums of squared weights stay finite for any k up to 10⁸. (An SD of 10⁻⁵⁰ gives vᵢ near 10⁻¹⁰⁰.)
pub const VI_FLOOR: f64 = 1e-100;

/// The smallest ratio of a study's variance to the largest one pooled with it: with weights further
/// apart, Σw - Σw²/Σw (DerSimonian-Laird, I²) cancels to rounding noise (relative error about
/// 2.2e-16 × 10¹⁰ ≈ 2e-6) and the fit is not reliable.
pub const VI_RATIO_FLOOR: f64 = 1e-10;

/// Why a fit could not be made. Messages are for people.
#[derive(Debug, Clone, PartialEq)]
pub enum PoolError {
    NoStudies,
    /// A study's effect size or variance is not finite, or its variance is not positive.
    BadStudy {
        index: usize,
        yi: f64,
        vi: f64,
    },
    /// A study's variance is below [`VI_FLOOR`] or [`VI_RATIO_FLOOR`] × the largest (`max_vi`).
    VarianceTooSmall {
        index: usize,
        vi: f64,
        max_vi: f64,
    },
    /// A quantity the fit needs came out infinite or NaN (e.g. effects so far apart that Q overflows).
    NotDefined(&'static str),
    /// REML's Fisher scoring did not converge within `max_iter` iterations.
    NotConverged {
        iterations: u32,
        tau2: f64,
    },
    /// Paule-Mandel: Q(τ²) is still above k - 1 at the search's upper bound.
    TauMaxTooLow {
        tau2_max: f64,
    },
    /// HKSJ needs k >= 2 (t with k - 1 df).
    HksjNeedsTwo,
    /// Mantel-Haenszel is not defined (e.g. no events in one arm of every study for RR).
    MhUndefined(&'static str),
}

impl fmt::Display for PoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PoolError::NoStudies => write!(f, "no studies to pool"),
            PoolError::BadStudy { index, yi, vi } => {
                write!(f, "study {} has yi = {yi}, vi = {vi}; pooling needs a finite yi and a positive vi", index + 1)
            }
            PoolError::VarianceTooSmall { index, vi, max_vi } => write!(
                f,
                "study {} has sampling variance {vi:e}, below the floor (at least {VI_FLOOR:e}, and at least {VI_RATIO_FLOOR:e} x the largest variance, {max_vi:e}): check its SDs or counts",
                index + 1
            ),
            PoolError::NotDefined(what) => write!(f, "{what} is not defined for these studies (not a finite number)"),
            PoolError::NotConverged { iterations, tau2 } => write!(
                f,
                "REML Fisher scoring did not converge in {iterations} iterations (last tau2 = {tau2}); try --method pm or dl"
            ),
            PoolError::TauMaxTooLow { tau2_max } => write!(
                f,
                "Paule-Mandel: Q(tau2) is still above k - 1 at tau2 = {tau2_max}, the search's upper bound; try --method reml or dl"
            ),
            PoolError::HksjNeedsTwo => write!(f, "the Hartung-Knapp-Sidik-Jonkman CI needs at least 2 studies"),
            PoolError::MhUndefined(why) => write!(f, "Mantel-Haenszel estimate not defined: {why}"),
        }
    }
}

impl std::error::Error for PoolError {}

/// Cochran's Q test and the I² and H² statistics; `None` = not defined.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Heterogeneity {
    /// Q = Σ wᵢ (yᵢ - μ̂)² with wᵢ = 1/vᵢ (μ̂ the fixed-effect mean, or the MH estimate for MH).
    pub q: Option<f64>,
    /// k - 1.
    pub df: usize,
    /// P(χ²_df > Q); 1 when k = 1.
    pub p: Option<f64>,
    /// I² in percent.
    pub i2: Option<f64>,
    pub h2: Option<f64>,
}

impl Heterogeneity {
    /// A single study: Q = 0, p = 1, I² = 0, H² = 1 (as metafor).
    const ONE: Heterogeneity = Heterogeneity { q: Some(0.0), df: 0, p: Some(1.0), i2: Some(0.0), h2: Some(1.0) };
}

/// `Some(x)` when x is a finite number.
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// A pooled estimate with everything around it. Values are on the model scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Number of studies (for MH: of 2x2 tables, double zeros included, as metafor's `k`).
    pub k: usize,
    pub estimate: f64,
    /// Standard error (the HKSJ-adjusted one when `t_df` is set).
    pub se: f64,
    pub ci: Interval,
    /// z, or t when `t_df` is set; `None` when not defined (a standard error of zero).
    pub statistic: Option<f64>,
    pub p: Option<f64>,
    /// Degrees of freedom of the t distribution (HKSJ: k - 1); `None` for z.
    pub t_df: Option<usize>,
    /// Between-study variance (0 for fixed effect and MH).
    pub tau2: f64,
    pub heterogeneity: Heterogeneity,
    /// Prediction interval (random effects, k >= 3).
    pub pi: Option<Interval>,
    /// Fisher scoring iterations (REML) or root-finding iterations (PM).
    pub iterations: Option<u32>,
}

// ---- effect sizes for pooling (metafor escalc) ----------------------------------------------

/// A table with no events in both arms, or only events in both arms (metafor's `drop00` test).
pub fn is_double_zero(t: &TwoByTwo) -> bool {
    super::effect::double_zero(t).is_some()
}

/// Logit of a single-arm proportion, `escalc(measure = "PLO", xi, ni, add = 1/2, to = "only0")`:
/// with x' = x, m' = n - x (each + 1/2 when x = 0 or x = n), yi = ln(x'/m'), vi = 1/x' + 1/m'.
/// `None` when n = 0.
pub fn logit_proportion(events: u32, n: u32) -> Option<EffectSize> {
    if n == 0 || events > n {
        return None;
    }
    let corrected = events == 0 || events == n;
    let add = if corrected { 0.5 } else { 0.0 };
    let x = f64::from(events) + add;
    let m = f64::from(n - events) + add;
    let nn = x + m;
    let p = x / nn;
    Some(EffectSize { yi: (x / m).ln(), vi: 1.0 / (nn * p * (1.0 - p)), corrected })
}

/// Mean difference (`escalc(measure = "MD")`); `None` when the variance is not positive.
pub fn mean_difference(m: &MeansSds) -> Option<EffectSize> {
    Some(m.mean_difference()).filter(|e| e.vi > 0.0 && e.vi.is_finite())
}

/// Hedges' g (`escalc(measure = "SMD")`, exact bias correction, `vtype = "LS"`).
pub fn standardized_mean_difference(m: &MeansSds) -> Option<EffectSize> {
    m.hedges_g().filter(|e| e.vi > 0.0 && e.vi.is_finite())
}

// ---- inverse-variance models (metafor rma.uni) ----------------------------------------------

/// What every fit checks first: k >= 1, equal lengths, finite yᵢ and vᵢ, and every vᵢ at least
/// [`VI_FLOOR`] and [`VI_RATIO_FLOOR`] × max(v). Callers with names for the studies call it first to
/// say which study; a subset of checked studies always passes (its largest variance is no larger).
pub fn check_studies(y: &[f64], v: &[f64]) -> Result<(), PoolError> {
    if y.len() != v.len() {
        return Err(PoolError::NotDefined("a fit with unequal numbers of effects and variances"));
    }
    if y.is_empty() {
        return Err(PoolError::NoStudies);
    }
    if let Some(index) = y.iter().zip(v).position(|(yi, vi)| !yi.is_finite() || !vi.is_finite() || *vi <= 0.0) {
        return Err(PoolError::BadStudy { index, yi: y[index], vi: v[index] });
    }
    let max_vi = v.iter().copied().fold(0.0, f64::max);
    let floor = VI_FLOOR.max(VI_RATIO_FLOOR * max_vi);
    match v.iter().position(|&vi| vi < floor) {
        Some(index) => Err(PoolError::VarianceTooSmall { index, vi: v[index], max_vi }),
        None => Ok(()),
    }
}

/// Weighted mean with weights 1/(vᵢ + τ²): returns (μ̂, Σw).
fn weighted_mean(y: &[f64], v: &[f64], tau2: f64) -> (f64, f64) {
    let (mut sw, mut swy) = (0.0, 0.0);
    for (yi, vi) in y.iter().zip(v) {
        let w = 1.0 / (vi + tau2);
        sw += w;
        swy += w * yi;
    }
    (swy / sw, sw)
}

/// Σ (yᵢ - μ)² / (vᵢ + τ²): Cochran's Q (τ² = 0) and its generalisation.
///
/// Cochran WG (1954), The combination of estimates from different experiments, Biometrics 10:101-129.
pub fn q_about(y: &[f64], v: &[f64], mu: f64, tau2: f64) -> f64 {
    y.iter().zip(v).map(|(yi, vi)| (yi - mu).powi(2) / (vi + tau2)).sum()
}

/// The generalised Q at τ², about its own weighted mean: Q(τ²) = Σ wᵢ (yᵢ - μ̂(τ²))², wᵢ = 1/(vᵢ + τ²).
pub fn q_generalised(y: &[f64], v: &[f64], tau2: f64) -> f64 {
    let (mu, _) = weighted_mean(y, v, tau2);
    q_about(y, v, mu, tau2)
}

/// Σw and Σw² of the fixed-effect weights 1/vᵢ.
fn fe_weight_sums(v: &[f64]) -> (f64, f64) {
    v.iter().fold((0.0, 0.0), |(s1, s2), vi| {
        let w = 1.0 / vi;
        (s1 + w, s2 + w * w)
    })
}

/// Heterogeneity of an inverse-variance fit, as metafor reports it.
///
/// Q about the fixed-effect mean with wᵢ = 1/vᵢ, p from χ²(k - 1). Fixed effect: I² = max(0, 100 (Q -
/// (k-1))/Q), H² = Q/(k-1) (Higgins JPT, Thompson SG (2002), Quantifying heterogeneity in a
/// meta-analysis, Stat Med 21:1539-1558). Random effects: from τ² and the "typical" within-study
/// variance s² = (k-1) Σw / ((Σw)² - Σw²): I² = 100 τ²/(τ² + s²), H² = (τ² + s²)/s². k = 1: Q = 0,
/// p = 1, I² = 0, H² = 1.
pub fn heterogeneity(y: &[f64], v: &[f64], model: Model, tau2: f64) -> Heterogeneity {
    let k = y.len();
    if k < 2 {
        return Heterogeneity::ONE;
    }
    let df = k - 1;
    let q = finite(q_generalised(y, v, 0.0));
    let (i2, h2) = match model {
        Model::Fixed => q_based_i2_h2(q, df),
        Model::Random(_) => {
            let (sw, sw2) = fe_weight_sums(v);
            let s2 = finite(df as f64 * sw / (sw * sw - sw2)).filter(|s2| *s2 > 0.0);
            let i2 = s2.and_then(|s2| finite(100.0 * tau2 / (s2 + tau2)));
            (i2, s2.and_then(|s2| finite(tau2 / s2 + 1.0)))
        }
    };
    Heterogeneity { q, df, p: q.and_then(|q| chi2_sf(q, df as f64)), i2, h2 }
}

/// I² = max(0, 100 (Q - df)/Q) and H² = Q/df (I² = 0 when Q = 0); `None` when Q is not defined.
fn q_based_i2_h2(q: Option<f64>, df: usize) -> (Option<f64>, Option<f64>) {
    let d = df as f64;
    let i2 = q.map(|q| if q > 0.0 { (100.0 * (q - d) / q).max(0.0) } else { 0.0 });
    (i2, q.and_then(|q| finite(q / d)))
}

/// Prediction interval for the effect in a new study: μ̂ ± t(0.975, k-2) √(τ² + SE²), k >= 3.
///
/// Higgins JPT, Thompson SG, Spiegelhalter DJ (2009), A re-evaluation of random-effects
/// meta-analysis, J R Stat Soc A 172:137-159; metafor `predict(pi.type = "riley")`.
pub fn prediction_interval(estimate: f64, se: f64, tau2: f64, k: usize) -> Option<Interval> {
    if k < 3 {
        return None;
    }
    let half = t_quantile(0.975, (k - 2) as f64)? * (tau2 + se * se).sqrt();
    Some(Interval { low: estimate - half, high: estimate + half })
}

/// Fit an inverse-variance model, as `metafor::rma(yi, vi, method, test)`.
///
/// μ̂ = Σwᵢyᵢ/Σwᵢ, wᵢ = 1/(vᵢ + τ²), SE = 1/√Σw, 95% Wald CI μ̂ ± z SE. With `hksj` (random effects):
/// SE = √(q/Σw), q = Σwᵢ(yᵢ - μ̂)²/(k-1) (raised to 1 when below it under [`Hksj::AdHoc`], metafor
/// `test = "adhoc"`; as it is under [`Hksj::Plain`], `test = "knha"`), and the CI and p use t with
/// k - 1 df (Hartung J, Knapp G (2001), Stat Med 20:3875-3889; Sidik K, Jonkman JN (2002), Stat Med
/// 21:3153-3159). A zero SE (plain HKSJ, identical effects) leaves the statistic and p `None`.
/// Heterogeneity by [`heterogeneity`]; prediction interval by [`prediction_interval`] for random effects.
pub fn fit(y: &[f64], v: &[f64], options: &Options) -> Result<Fit, PoolError> {
    check_studies(y, v)?;
    let k = y.len();
    let (tau2, iterations) = match options.model {
        Model::Fixed => (0.0, None),
        Model::Random(Estimator::Dl) => (tau2_dl(y, v), None),
        Model::Random(Estimator::Reml) => tau2_reml(y, v, options.reml).map(|(t, i)| (t, Some(i)))?,
        Model::Random(Estimator::Pm) => tau2_pm(y, v).map(|(t, i)| (t, Some(i)))?,
    };
    let tau2 = finite(tau2).ok_or(PoolError::NotDefined("tau²"))?;
    let (estimate, sw) = weighted_mean(y, v, tau2);
    let estimate = finite(estimate).ok_or(PoolError::NotDefined("the pooled estimate"))?;
    let hksj = options.hksj.filter(|_| matches!(options.model, Model::Random(_)));
    let (se, crit, t_df) = match hksj {
        Some(rule) => {
            if k < 2 {
                return Err(PoolError::HksjNeedsTwo);
            }
            let df = k - 1;
            let crit = t_quantile(0.975, df as f64).ok_or(PoolError::NotDefined("the t quantile"))?;
            ((hksj_factor(y, v, estimate, tau2, rule) / sw).sqrt(), crit, Some(df))
        }
        None => ((1.0 / sw).sqrt(), Z95, None),
    };
    let se = finite(se).ok_or(PoolError::NotDefined("the standard error"))?;
    let statistic = (se > 0.0).then(|| estimate / se).and_then(finite);
    let p = statistic.and_then(|z| match t_df {
        Some(df) => t_p_two_sided(z, df as f64),
        None => normal_p_two_sided(z),
    });
    let pi = match options.model {
        Model::Fixed => None,
        Model::Random(_) => prediction_interval(estimate, se, tau2, k),
    };
    Ok(Fit {
        k,
        estimate,
        se,
        ci: Interval { low: estimate - crit * se, high: estimate + crit * se },
        statistic,
        p,
        t_df,
        tau2,
        heterogeneity: heterogeneity(y, v, options.model, tau2),
        pi,
        iterations,
    })
}

/// The HKSJ variance factor q = Σwᵢ(yᵢ - μ̂)²/(k - 1), wᵢ = 1/(vᵢ + τ²) (0 when within rounding of
/// 0), raised to 1 under the ad hoc rule.
fn hksj_factor(y: &[f64], v: &[f64], estimate: f64, tau2: f64, rule: Hksj) -> f64 {
    let rss = q_about(y, v, estimate, tau2);
    let q = if rss <= f64::EPSILON { 0.0 } else { rss / (y.len() - 1) as f64 };
    match rule {
        Hksj::AdHoc => q.max(1.0),
        Hksj::Plain => q,
    }
}

/// Weights in percent of an inverse-variance fit: 100 wᵢ/Σw, wᵢ = 1/(vᵢ + τ²) (metafor `weights()`).
pub fn weights_percent(v: &[f64], tau2: f64) -> Vec<f64> {
    let sw: f64 = v.iter().map(|vi| 1.0 / (vi + tau2)).sum();
    v.iter().map(|vi| 100.0 / (vi + tau2) / sw).collect()
}

/// Leave-one-out: the fit without study i, for each i (metafor `leave1out`). k fits of k - 1
/// studies, so O(k²) in all: callers should bound k.
pub fn leave_one_out(y: &[f64], v: &[f64], options: &Options) -> Vec<Result<Fit, PoolError>> {
    let k = y.len();
    let mut ys = Vec::with_capacity(k.saturating_sub(1));
    let mut vs = Vec::with_capacity(k.saturating_sub(1));
    (0..k)
        .map(|i| {
            ys.clear();
            vs.clear();
            ys.extend_from_slice(&y[..i]);
            ys.extend_from_slice(&y[i + 1..]);
            vs.extend_from_slice(&v[..i]);
            vs.extend_from_slice(&v[i + 1..]);
            fit(&ys, &vs, options)
        })
        .collect()
}

/// The test for subgroup differences: Q between = Σ (bⱼ - b̄)²/SEⱼ², b̄ the fixed-effect mean of the
/// subgroup estimates bⱼ, df = groups - 1 (as `rma(b, sei = se, method = "FE")` on the subgroup fits).
///
/// Borenstein M, Hedges LV, Higgins JPT, Rothstein HR (2009), Introduction to Meta-Analysis, ch. 19.
/// Returns (Q, df, p); `None` with fewer than 2 groups, or when a group's SE is not finite and
/// positive (the test is not defined then).
pub fn subgroup_test(estimates: &[f64], ses: &[f64]) -> Option<(f64, usize, f64)> {
    if estimates.len() < 2 || estimates.len() != ses.len() || ses.iter().any(|s| !s.is_finite() || *s <= 0.0) {
        return None;
    }
    let v: Vec<f64> = ses.iter().map(|s| s * s).collect();
    let q = finite(q_generalised(estimates, &v, 0.0))?;
    let df = estimates.len() - 1;
    Some((q, df, chi2_sf(q, df as f64)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(model: Model, hksj: bool) -> Options {
        Options { model, hksj: hksj.then_some(Hksj::Plain), reml: RemlControl::default() }
    }

    /// metafor's dat.bcg, log risk ratios (escalc RR): the classic example.
    fn bcg() -> (Vec<f64>, Vec<f64>) {
        let tables = [
            (4, 123, 11, 139),
            (6, 306, 29, 303),
            (3, 231, 11, 220),
            (62, 13598, 248, 12867),
            (33, 5069, 47, 5808),
            (180, 1541, 372, 1451),
            (8, 2545, 10, 629),
            (505, 88391, 499, 88391),
            (29, 7499, 45, 7277),
            (17, 1716, 65, 1665),
            (186, 50634, 141, 27338),
            (5, 2498, 3, 2341),
            (27, 16913, 29, 17854),
        ];
        tables
            .iter()
            .map(|&(a, n1, c, n2)| {
                let e = binary_effect(
                    &TwoByTwo { events_t: a, n_t: n1, events_c: c, n_c: n2 },
                    BinaryMeasure::Rr,
                    ZeroCells::RATIO,
                )
                .unwrap();
                (e.yi, e.vi)
            })
            .unzip()
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-9 * b.abs().max(1e-12), "{a} vs {b}");
    }

    #[test]
    fn bcg_reml_matches_metafor() {
        let (y, v) = bcg();
        let f = fit(&y, &v, &opts(Model::Random(Estimator::Reml), false)).unwrap();
        // metafor 3.8-1: rma(yi, vi, data = dat.bcg RR, method = "REML", control = list(threshold = 1e-10)).
        close(f.estimate, -0.714_532_342_158_168);
        close(f.tau2, 0.313_243_258_136_793_5);
        close(f.se, 0.179_781_516_105_277_98);
    }

    #[test]
    fn dl_and_pm_match_metafor() {
        let (y, v) = bcg();
        close(tau2_dl(&y, &v), 0.308_760_262_862_376_2);
        close(tau2_pm(&y, &v).unwrap().0, 0.318_093_711_863_015_1);
    }

    #[test]
    fn no_heterogeneity_gives_tau2_zero_and_fixed_effect_estimate() {
        let y = [0.1, 0.1, 0.1];
        let v = [0.1, 0.2, 0.3];
        for e in [Estimator::Dl, Estimator::Reml, Estimator::Pm] {
            let f = fit(&y, &v, &opts(Model::Random(e), false)).unwrap();
            assert_eq!(f.tau2, 0.0);
            close(f.estimate, 0.1);
        }
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert_eq!(fit(&[], &[], &opts(Model::Fixed, false)), Err(PoolError::NoStudies));
        assert!(matches!(fit(&[0.1, 0.2], &[0.1, 0.0], &opts(Model::Fixed, false)), Err(PoolError::BadStudy { .. })));
        assert_eq!(fit(&[0.1], &[0.1], &opts(Model::Random(Estimator::Dl), true)), Err(PoolError::HksjNeedsTwo));
        // One iteration allowed: REML reports that it did not converge.
        let (y, v) = bcg();
        let o = Options {
            model: Model::Random(Estimator::Reml),
            hksj: None,
            reml: RemlControl { threshold: 1e-10, max_iter: 1 },
        };
        assert!(matches!(fit(&y, &v, &o), Err(PoolError::NotConverged { .. })));
    }

    #[test]
    fn identical_effects_under_hksj() {
        // metafor 3.8-1, rma(yi, vi, method = "REML", test = "adhoc" / "knha") on three identical log RRs
        // (tests/fixtures/metafor/ident): adhoc keeps the Wald SE with t(2); knha gives SE = 0.
        let y = [2f64.ln(); 3];
        let v = [0.2, 0.275, 0.1833333333333333];
        let adhoc =
            fit(&y, &v, &Options { hksj: Some(Hksj::AdHoc), ..opts(Model::Random(Estimator::Reml), false) }).unwrap();
        let wald = fit(&y, &v, &opts(Model::Random(Estimator::Reml), false)).unwrap();
        close(adhoc.se, wald.se);
        assert!(adhoc.ci.high - adhoc.ci.low > wald.ci.high - wald.ci.low);
        assert!(adhoc.statistic.is_some() && adhoc.p.is_some());
        let plain = fit(&y, &v, &opts(Model::Random(Estimator::Reml), true)).unwrap();
        assert_eq!(plain.se, 0.0);
        assert_eq!((plain.statistic, plain.p), (None, None), "a test with SE 0 is not defined");
        assert_eq!(plain.heterogeneity.q, Some(0.0));
        // The subgroup test is not defined with a zero SE (was Q = 0, p = 1 through .max(0.0)).
        assert_eq!(subgroup_test(&[0.1, 0.2], &[0.0, 0.1]), None);
    }

    #[test]
    fn variances_below_the_floor_are_refused() {
        let o = opts(Model::Random(Estimator::Dl), false);
        let e = fit(&[1.5, 1.7, 1.8], &[1e-201, 1e-241, 0.05], &o).unwrap_err();
        assert!(matches!(e, PoolError::VarianceTooSmall { index: 0, .. }), "{e:?}");
        let e = fit(&[1.5, 1.7], &[1e-201, 1e-201], &o).unwrap_err();
        assert!(matches!(e, PoolError::VarianceTooSmall { .. }), "absolute floor: {e:?}");
        let e = fit(&[1.5, 1.7], &[1e-12, 1.0], &o).unwrap_err();
        assert!(matches!(e, PoolError::VarianceTooSmall { index: 0, .. }), "relative floor: {e:?}");
        assert!(fit(&[1.5, 1.7], &[1e-9, 1.0], &o).is_ok());
        assert!(e.to_string().contains("below the floor"));
    }

    #[test]
    fn single_study_pools_to_itself() {
        let f = fit(&[0.5], &[0.04], &opts(Model::Random(Estimator::Reml), false)).unwrap();
        close(f.estimate, 0.5);
        close(f.se, 0.2);
        assert_eq!(f.heterogeneity.df, 0);
        assert!(f.pi.is_none());
    }

    #[test]
    fn brent_finds_roots() {
        let f = |x: f64| x * x - 2.0;
        let (r, _) = brent_zero(f, 0.0, 2.0, f(0.0), f(2.0), 1e-12, 100);
        assert!((r - 2f64.sqrt()).abs() < 1e-11);
    }

    #[test]
    fn mad_is_rs() {
        // R: mad(c(1, 2, 3, 10)) = 1.4826; mad(c(1, 2, 4)) = 1.4826.
        close(mad(&[1.0, 2.0, 3.0, 10.0]), 1.4826);
        close(mad(&[4.0, 1.0, 2.0]), 1.4826);
    }

    #[test]
    fn escalc_zero_cells() {
        let t = TwoByTwo { events_t: 0, n_t: 118, events_c: 0, n_c: 105 };
        assert!(binary_effect(&t, BinaryMeasure::Rr, ZeroCells::RATIO).is_none());
        // RD keeps the double zero, with 1/2 added (metafor default): zeros s15 in studies.csv.
        let rd = binary_effect(&t, BinaryMeasure::Rd, ZeroCells::POOLED_RD).unwrap();
        close(rd.yi, -0.000_515_300_459_806_564_1);
        close(rd.vi, 7.944_980_416_984_626e-5);
        let all = TwoByTwo { events_t: 5, n_t: 5, events_c: 7, n_c: 7 };
        assert!(is_double_zero(&all));
        assert!(logit_proportion(3, 0).is_none());
        let p = logit_proportion(12, 12).unwrap();
        close(p.yi, (12.5f64 / 0.5).ln());
    }
}
