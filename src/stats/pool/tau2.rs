//! The between-study variance τ²: DerSimonian-Laird, REML (Fisher scoring, as metafor), Paule-Mandel (Brent's zero finder, after R's zeroin).

use super::*;

/// DerSimonian-Laird: τ² = max(0, (Q - (k - 1)) / (Σw - Σw²/Σw)), wᵢ = 1/vᵢ.
///
/// DerSimonian R, Laird N (1986), Meta-analysis in clinical trials, Control Clin Trials 7:177-188.
pub fn tau2_dl(y: &[f64], v: &[f64]) -> f64 {
    let k = y.len();
    if k < 2 {
        return 0.0;
    }
    let (sw, sw2) = fe_weight_sums(v);
    let q = q_generalised(y, v, 0.0);
    let tau2 = (q - (k - 1) as f64) / (sw - sw2 / sw);
    // Truncation at 0 is part of the estimator; a NaN (never from checked studies) stays NaN for `fit`.
    if tau2 < 0.0 { 0.0 } else { tau2 }
}

/// The restricted log-likelihood of the intercept-only model at τ² (as metafor's `ll0check`):
/// -½(k-1) ln 2π - ½ Σ ln(vᵢ + τ²) - ½ ln Σwᵢ - ½ Σ wᵢ (yᵢ - μ̂)².
pub(super) fn reml_loglik(y: &[f64], v: &[f64], tau2: f64) -> f64 {
    let (mu, sw) = weighted_mean(y, v, tau2);
    let (mut slog, mut rss) = (0.0, 0.0);
    for (yi, vi) in y.iter().zip(v) {
        slog += (vi + tau2).ln();
        rss += (yi - mu).powi(2) / (vi + tau2);
    }
    let k = y.len() as f64;
    -0.5 * (k - 1.0) * (2.0 * std::f64::consts::PI).ln() - 0.5 * slog - 0.5 * sw.ln() - 0.5 * rss
}

/// REML τ² by Fisher scoring, as metafor's `rma(method = "REML")`.
///
/// Start: the Hedges (HE) estimate max(0, (Σ(yᵢ - ȳ)² - (1 - 1/k) Σvᵢ)/(k - 1)). Step:
/// τ² ← τ² + (y'PPy - tr P)/tr(PP), with wᵢ = 1/(vᵢ + τ²), P = W - ww'/Σw, so that
/// y'PPy = Σ wᵢ² (yᵢ - μ̂)², tr P = Σw - Σw²/Σw, tr(PP) = Σw² - 2Σw³/Σw + (Σw²)²/(Σw)² (O(k) per
/// step); the step is halved while it would make τ² negative. Converged when |Δτ²| <= threshold.
/// Afterwards, as metafor's `ll0check`, τ² is set to 0 when the likelihood at 0 is higher by more
/// than ε^¼ (a local maximum). Viechtbauer W (2005), Bias and efficiency of meta-analytic variance
/// estimators in the random-effects model, J Educ Behav Stat 30:261-293.
///
/// Returns (τ², iterations).
pub fn tau2_reml(y: &[f64], v: &[f64], control: RemlControl) -> Result<(f64, u32), PoolError> {
    let k = y.len();
    if k < 2 {
        return Ok((0.0, 0));
    }
    let kf = k as f64;
    let ybar = y.iter().sum::<f64>() / kf;
    let rss: f64 = y.iter().map(|yi| (yi - ybar).powi(2)).sum();
    let trpv = (1.0 - 1.0 / kf) * v.iter().sum::<f64>();
    let start = (rss - trpv) / (kf - 1.0);
    if start.is_nan() {
        return Err(PoolError::NotDefined("the REML starting value of tau²"));
    }
    let mut tau2 = start.max(0.0);
    let mut iter = 0u32;
    let mut change = control.threshold + 1.0;
    while change > control.threshold {
        iter += 1;
        let old = tau2;
        let (mut sw, mut sw2, mut sw3, mut swy) = (0.0, 0.0, 0.0, 0.0);
        for (yi, vi) in y.iter().zip(v) {
            let w = 1.0 / (vi + tau2);
            let w2 = w * w;
            sw += w;
            sw2 += w2;
            sw3 += w2 * w;
            swy += w * yi;
        }
        let mu = swy / sw;
        let y_ppy: f64 = y.iter().zip(v).map(|(yi, vi)| ((yi - mu) / (vi + tau2)).powi(2)).sum();
        let tr_p = sw - sw2 / sw;
        let tr_pp = sw2 - 2.0 * sw3 / sw + (sw2 / sw).powi(2);
        let mut adj = (y_ppy - tr_p) / tr_pp;
        if adj.is_nan() {
            adj = 0.0;
        }
        let mut halvings = 0;
        while tau2 + adj < 0.0 {
            adj /= 2.0;
            halvings += 1;
            if halvings > 1100 {
                adj = 0.0;
            }
        }
        tau2 += adj;
        change = (old - tau2).abs();
        if iter > control.max_iter {
            return Err(PoolError::NotConverged { iterations: iter - 1, tau2 });
        }
    }
    let tol = f64::EPSILON.powf(0.25);
    if tau2 > control.threshold && reml_loglik(y, v, 0.0) - reml_loglik(y, v, tau2) > tol {
        tau2 = 0.0;
    }
    Ok((tau2, iter))
}

/// R's `mad(x)`: 1.4826 × median(|xᵢ - median(x)|). O(k) (selection, not sorting).
pub(super) fn mad(x: &[f64]) -> f64 {
    fn median(buf: &mut [f64]) -> f64 {
        let n = buf.len();
        let (_, hi, _) = buf.select_nth_unstable_by(n / 2, f64::total_cmp);
        let hi = *hi;
        if n % 2 == 1 {
            hi
        } else {
            let lo = buf[..n / 2].iter().copied().fold(f64::NEG_INFINITY, f64::max);
            (lo + hi) / 2.0
        }
    }
    if x.is_empty() {
        return f64::NAN;
    }
    let mut buf = x.to_vec();
    let m = median(&mut buf);
    for (b, xi) in buf.iter_mut().zip(x) {
        *b = (xi - m).abs();
    }
    1.4826 * median(&mut buf)
}

/// Paule-Mandel τ²: the root of Q(τ²) = k - 1 (see [`q_generalised`]); 0 when Q(0) < k - 1.
///
/// Found as metafor does, with R's `uniroot` (Brent's method) on [0, max(100, 10 mad(y)²)] and
/// tolerance ε^¼, so the root agrees with metafor's to far better than that tolerance.
/// Paule RC, Mandel J (1982), Consensus values and weighting factors, J Res Natl Bur Stand 87:377-385.
///
/// Returns (τ², iterations).
pub fn tau2_pm(y: &[f64], v: &[f64]) -> Result<(f64, u32), PoolError> {
    let k = y.len();
    if k < 2 {
        return Ok((0.0, 0));
    }
    let target = (k - 1) as f64;
    let f = |t: f64| q_generalised(y, v, t) - target;
    let f0 = f(0.0);
    if f0 < 0.0 {
        return Ok((0.0, 0));
    }
    let upper = 100f64.max(10.0 * mad(y).powi(2));
    let fu = f(upper);
    if fu > 0.0 {
        return Err(PoolError::TauMaxTooLow { tau2_max: upper });
    }
    let (root, iterations) = brent_zero(f, 0.0, upper, f0, fu, f64::EPSILON.powf(0.25), 100);
    Ok((root, iterations))
}

/// A zero of `f` in [a, b] where f(a) and f(b) have opposite signs, by Brent's method (inverse
/// quadratic interpolation, secant and bisection steps), step for step as R's `uniroot` (`zeroin2`),
/// so that results agree with R's to rounding. Returns (root, iterations); after `max_iter`
/// iterations the current best point is returned.
///
/// Brent RP (1973), Algorithms for Minimization without Derivatives, ch. 4 (procedure *zero*);
/// Forsythe GE, Malcolm MA, Moler CB (1977), Computer Methods for Mathematical Computations, `zeroin`.
pub fn brent_zero(f: impl Fn(f64) -> f64, a: f64, b: f64, fa: f64, fb: f64, tol: f64, max_iter: u32) -> (f64, u32) {
    let (mut a, mut b, mut fa, mut fb) = (a, b, fa, fb);
    let (mut c, mut fc) = (a, fa);
    if fa == 0.0 {
        return (a, 0);
    }
    if fb == 0.0 {
        return (b, 0);
    }
    for iter in 0..=max_iter {
        let prev_step = b - a;
        if fc.abs() < fb.abs() {
            // Make b the best approximation so far.
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol_act = 2.0 * f64::EPSILON * b.abs() + tol / 2.0;
        let mut new_step = (c - b) / 2.0;
        if new_step.abs() <= tol_act || fb == 0.0 {
            return (b, iter);
        }
        if prev_step.abs() >= tol_act && fa.abs() > fb.abs() {
            let cb = c - b;
            let (mut p, mut q);
            if a == c {
                // Two distinct points: secant step.
                let t1 = fb / fa;
                p = cb * t1;
                q = 1.0 - t1;
            } else {
                // Inverse quadratic interpolation.
                let qq = fa / fc;
                let t1 = fb / fc;
                let t2 = fb / fa;
                p = t2 * (cb * qq * (qq - t1) - (b - a) * (t1 - 1.0));
                q = (qq - 1.0) * (t1 - 1.0) * (t2 - 1.0);
            }
            if p > 0.0 {
                q = -q;
            } else {
                p = -p;
            }
            if p < 0.75 * cb * q - (tol_act * q).abs() / 2.0 && p < (prev_step * q / 2.0).abs() {
                new_step = p / q;
            }
        }
        if new_step.abs() < tol_act {
            new_step = if new_step > 0.0 { tol_act } else { -tol_act };
        }
        a = b;
        fa = fb;
        b += new_step;
        fb = f(b);
        if (fb > 0.0 && fc > 0.0) || (fb < 0.0 && fc < 0.0) {
            c = a;
            fc = fa;
        }
    }
    (b, max_iter)
}
