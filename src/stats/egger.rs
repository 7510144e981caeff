//! Egger's regression test for small-study effects: weighted least squares of the effect on its
//! standard error with multiplicative dispersion (Egger et al. 1997, BMJ 315:629), exactly R metafor's
//! `regtest(fit, model = "lm", predictor = "sei")`, i.e. `lm(yi ~ sei, weights = 1/vi)`.

use super::Interval;
use super::dist::{t_p_two_sided, t_quantile};

/// Below this many studies the test is not run (Cochrane Handbook 13.3.5.4: too little power).
pub const EGGER_MIN_K: usize = 10;

/// The test's result, on the model scale (log for ratios).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Egger {
    /// t statistic of the slope on the standard error (metafor `zval`).
    pub t: f64,
    /// Residual degrees of freedom, k - 2 (metafor `dfs`).
    pub df: usize,
    /// Two-sided p-value of `t` (metafor `pval`).
    pub p: f64,
    /// The limit estimate: the intercept, the effect of a study with standard error 0 (metafor `est`).
    pub limit: f64,
    /// Its 95% CI with t on k - 2 df (metafor `ci.lb`, `ci.ub`).
    pub limit_ci: Interval,
}

/// Egger's test over effects `y` with sampling variances `v`; `None` when the regression is not defined
/// (fewer than 3 studies, a non-positive or non-finite variance, all standard errors equal, or a perfect fit).
/// Callers apply `EGGER_MIN_K`; this function computes whenever the algebra allows.
pub fn egger(y: &[f64], v: &[f64]) -> Option<Egger> {
    let k = y.len();
    if k < 3 || v.len() != k || v.iter().any(|&vi| !(vi > 0.0 && vi.is_finite())) || y.iter().any(|x| !x.is_finite()) {
        return None;
    }
    // Weighted means, then centred sums: numerically steadier than the normal equations.
    let w: Vec<f64> = v.iter().map(|vi| 1.0 / vi).collect();
    let x: Vec<f64> = v.iter().map(|vi| vi.sqrt()).collect();
    let sw: f64 = w.iter().sum();
    let xbar = w.iter().zip(&x).map(|(w, x)| w * x).sum::<f64>() / sw;
    let ybar = w.iter().zip(y).map(|(w, y)| w * y).sum::<f64>() / sw;
    let sxx: f64 = w.iter().zip(&x).map(|(w, x)| w * (x - xbar).powi(2)).sum();
    let sxy: f64 = w.iter().zip(&x).zip(y).map(|((w, x), y)| w * (x - xbar) * (y - ybar)).sum();
    if sxx.is_nan() || sxx <= 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let intercept = ybar - slope * xbar;
    let rss: f64 = w.iter().zip(&x).zip(y).map(|((w, x), y)| w * (y - intercept - slope * x).powi(2)).sum();
    let df = k - 2;
    let syy: f64 = w.iter().zip(y).map(|(w, y)| w * (y - ybar).powi(2)).sum();
    let sigma2 = rss / df as f64;
    // A perfect fit (residuals at rounding level) has no residual variance to test against.
    if !(rss > 1e-20 * syy && sigma2 > 0.0) {
        return None;
    }
    let se_slope = (sigma2 / sxx).sqrt();
    let se_intercept = (sigma2 * (1.0 / sw + xbar * xbar / sxx)).sqrt();
    let t = slope / se_slope;
    let p = t_p_two_sided(t, df as f64)?;
    let q = t_quantile(0.975, df as f64)?;
    let limit_ci = Interval { low: intercept - q * se_intercept, high: intercept + q * se_intercept };
    Some(Egger { t, df, p, limit: intercept, limit_ci })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_cases() {
        assert!(egger(&[0.1, 0.2], &[0.1, 0.2]).is_none());
        assert!(egger(&[0.1, 0.2, 0.3], &[0.1, 0.1, 0.1]).is_none(), "all SEs equal");
        assert!(egger(&[0.1, 0.2, 0.3], &[0.1, 0.0, 0.1]).is_none(), "zero variance");
        assert!(egger(&[0.1, 0.2, f64::NAN], &[0.1, 0.2, 0.3]).is_none());
    }

    /// Order does not matter; a constant added to every effect moves the limit estimate by it and
    /// leaves the slope's test unchanged (the regression's intercept absorbs it).
    #[test]
    fn invariances() {
        let y = [0.9, 0.4, -0.1, 0.6, 1.3, 0.2, 0.8, 0.05, 0.5, 1.1];
        let v = [0.30, 0.10, 0.02, 0.12, 0.45, 0.05, 0.20, 0.03, 0.08, 0.40];
        let e = egger(&y, &v).unwrap();
        let (mut yr, mut vr) = (y, v);
        yr.reverse();
        vr.reverse();
        let r = egger(&yr, &vr).unwrap();
        assert!((e.t - r.t).abs() < 1e-12 && (e.limit - r.limit).abs() < 1e-12);
        let shifted: Vec<f64> = y.iter().map(|x| x + 2.0).collect();
        let s = egger(&shifted, &v).unwrap();
        assert!((s.t - e.t).abs() < 1e-9 && (s.limit - e.limit - 2.0).abs() < 1e-12);
        assert_eq!(e.df, 8);
    }

    /// Exactly on a line: zero residual variance, no test.
    #[test]
    fn perfect_fit_is_not_a_test() {
        let v = [0.01, 0.04, 0.09];
        let y: Vec<f64> = v.iter().map(|v: &f64| 0.5 + 2.0 * v.sqrt()).collect();
        assert!(egger(&y, &v).is_none());
    }
}
