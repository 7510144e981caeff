//! Two-arm effect sizes as metafor's `escalc` computes them: risk ratio, risk difference, odds ratio,
//! mean difference and Hedges' g, each as (yi, vi) on its model scale, plus the NNT.

use super::{Effect, Interval, Z95};
use statrs::function::gamma::ln_gamma;

/// A 2x2 table: events and totals in the treatment and control arms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwoByTwo {
    pub events_t: u32,
    pub n_t: u32,
    pub events_c: u32,
    pub n_c: u32,
}

/// Summary data of a continuous outcome in two arms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeansSds {
    pub mean_t: f64,
    pub sd_t: f64,
    pub n_t: u32,
    pub mean_c: f64,
    pub sd_c: f64,
    pub n_c: u32,
}

/// An effect size on its model scale (log for ratios) with its sampling variance, as `escalc`'s yi, vi.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EffectSize {
    pub yi: f64,
    pub vi: f64,
    /// Whether 0.5 was added to the cells (a zero cell).
    pub corrected: bool,
}

impl EffectSize {
    /// Estimate and 95% Wald CI on the model scale.
    pub fn wald(&self) -> Effect {
        let half = Z95 * self.vi.sqrt();
        Effect { estimate: self.yi, ci: Interval { low: self.yi - half, high: self.yi + half } }
    }

    /// Estimate and 95% Wald CI back-transformed from the log scale (for RR and OR).
    pub fn wald_exp(&self) -> Effect {
        let e = self.wald();
        Effect { estimate: e.estimate.exp(), ci: Interval { low: e.ci.low.exp(), high: e.ci.high.exp() } }
    }
}

impl TwoByTwo {
    fn is_double_zero(&self) -> bool {
        self.events_t == 0 && self.events_c == 0
    }

    /// Cells a, b, c, d with 0.5 added to each when any is zero (metafor `add = 1/2, to = "only0"`).
    fn cells(&self) -> ([f64; 4], bool) {
        let raw = [self.events_t, self.n_t - self.events_t, self.events_c, self.n_c - self.events_c];
        let corrected = raw.contains(&0);
        let add = if corrected { 0.5 } else { 0.0 };
        (raw.map(|x| f64::from(x) + add), corrected)
    }

    /// Log risk ratio and its variance. `None` when neither arm has an event (not estimable, as RevMan).
    ///
    /// yi = ln(a/(a+b)) - ln(c/(c+d)); vi = 1/a - 1/(a+b) + 1/c - 1/(c+d) (metafor `escalc(measure = "RR")`).
    pub fn log_risk_ratio(&self) -> Option<EffectSize> {
        if self.is_double_zero() {
            return None;
        }
        let ([a, b, c, d], corrected) = self.cells();
        let yi = (a / (a + b)).ln() - (c / (c + d)).ln();
        let vi = 1.0 / a - 1.0 / (a + b) + 1.0 / c - 1.0 / (c + d);
        Some(EffectSize { yi, vi, corrected })
    }

    /// Log odds ratio and its variance; `None` when neither arm has an event.
    ///
    /// yi = ln(ad/bc); vi = 1/a + 1/b + 1/c + 1/d (metafor `escalc(measure = "OR")`).
    pub fn log_odds_ratio(&self) -> Option<EffectSize> {
        if self.is_double_zero() {
            return None;
        }
        let ([a, b, c, d], corrected) = self.cells();
        Some(EffectSize { yi: (a * d / (b * c)).ln(), vi: 1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d, corrected })
    }

    /// Risk difference: the plain difference of rates, with the Wald variance (no correction).
    ///
    /// yi = p_t - p_c; vi = p_t(1-p_t)/n_t + p_c(1-p_c)/n_c (metafor `escalc(measure = "RD", to = "none")`).
    pub fn risk_difference(&self) -> EffectSize {
        let (nt, nc) = (f64::from(self.n_t), f64::from(self.n_c));
        let pt = f64::from(self.events_t) / nt;
        let pc = f64::from(self.events_c) / nc;
        EffectSize { yi: pt - pc, vi: pt * (1.0 - pt) / nt + pc * (1.0 - pc) / nc, corrected: false }
    }
}

impl MeansSds {
    /// Raw mean difference; vi = sd_t²/n_t + sd_c²/n_c (metafor `escalc(measure = "MD")`).
    pub fn mean_difference(&self) -> EffectSize {
        let (nt, nc) = (f64::from(self.n_t), f64::from(self.n_c));
        EffectSize {
            yi: self.mean_t - self.mean_c,
            vi: self.sd_t.powi(2) / nt + self.sd_c.powi(2) / nc,
            corrected: false,
        }
    }

    /// Hedges' g with the exact small-sample correction; `None` when it is not defined
    /// (fewer than 3 participants in all, or a pooled SD of zero).
    ///
    /// Hedges LV (1981), J Educ Stat 6:107-128; metafor `escalc(measure = "SMD")`:
    /// g = c(m) (m_t - m_c) / s_pooled, c(m) = Γ(m/2) / (sqrt(m/2) Γ((m-1)/2)), m = n_t + n_c - 2;
    /// vi = 1/n_t + 1/n_c + g² / (2 (n_t + n_c)).
    pub fn hedges_g(&self) -> Option<EffectSize> {
        let (nt, nc) = (f64::from(self.n_t), f64::from(self.n_c));
        let m = nt + nc - 2.0;
        if m < 2.0 {
            return None;
        }
        let sp = (((nt - 1.0) * self.sd_t.powi(2) + (nc - 1.0) * self.sd_c.powi(2)) / m).sqrt();
        if sp <= 0.0 || !sp.is_finite() {
            return None;
        }
        let cm = (ln_gamma(m / 2.0) - 0.5 * (m / 2.0).ln() - ln_gamma((m - 1.0) / 2.0)).exp();
        let g = cm * (self.mean_t - self.mean_c) / sp;
        Some(EffectSize { yi: g, vi: 1.0 / nt + 1.0 / nc + g * g / (2.0 * (nt + nc)), corrected: false })
    }
}

/// Number needed to treat from a risk difference (Altman DG, BMJ 1998;317:1309-12).
///
/// `estimate` = 1/RD (positive: treat this many for one more event; negative: one fewer; infinite
/// when RD = 0). `bound_a` = 1/RD_high and `bound_b` = 1/RD_low. When the RD interval excludes zero,
/// they are the NNT's CI; when it crosses zero the interval runs from `bound_a` (NNT benefit) through
/// infinity to `bound_b` (negative: NNT harm), which `crosses_zero` marks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nnt {
    pub estimate: f64,
    pub bound_a: f64,
    pub bound_b: f64,
    pub crosses_zero: bool,
}

pub fn nnt(rd: Effect) -> Nnt {
    let inv = |x: f64| if x == 0.0 { f64::INFINITY } else { 1.0 / x };
    Nnt {
        estimate: inv(rd.estimate),
        bound_a: inv(rd.ci.high),
        bound_b: inv(rd.ci.low),
        crosses_zero: rd.ci.low <= 0.0 && rd.ci.high >= 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_zero_is_not_estimable() {
        let t = TwoByTwo { events_t: 0, n_t: 10, events_c: 0, n_c: 12 };
        assert!(t.log_risk_ratio().is_none());
        assert!(t.log_odds_ratio().is_none());
        assert_eq!(t.risk_difference().yi, 0.0);
    }

    #[test]
    fn nnt_crossing_zero() {
        let n = nnt(Effect { estimate: 0.1, ci: Interval { low: -0.05, high: 0.25 } });
        assert!(n.crosses_zero);
        assert!((n.estimate - 10.0).abs() < 1e-12);
        assert!((n.bound_a - 4.0).abs() < 1e-12);
        assert!((n.bound_b + 20.0).abs() < 1e-12);
    }
}
