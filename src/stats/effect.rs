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

/// A binary effect measure of two arms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryMeasure {
    /// Log risk ratio.
    Rr,
    /// Log odds ratio.
    Or,
    /// Risk difference.
    Rd,
}

/// The zero-cell rules of a binary effect, stated by each caller (metafor `escalc`'s `add`, `to` and
/// `drop00`). Summary and pooling use the same function with these rules, so they agree on every table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZeroCells {
    /// Add 1/2 to all four cells of a table with a zero cell (`add = 1/2, to = "only0"`); `false`: no
    /// correction (`to = "none"`), so a ratio of a table with a zero cell is not defined.
    pub add_half: bool,
    /// A double-zero table (see [`double_zero`]) has no effect (`drop00 = TRUE`).
    pub drop_double_zero: bool,
}

impl ZeroCells {
    /// RR and OR, everywhere: 1/2 added to a table with a zero cell, double zeros not estimable.
    pub const RATIO: ZeroCells = ZeroCells { add_half: true, drop_double_zero: true };
    /// RD as metafor pools it by default: 1/2 added, double zeros kept.
    pub const POOLED_RD: ZeroCells = ZeroCells { add_half: true, drop_double_zero: false };
    /// RD as a plain difference of the observed rates (`to = "none"`), as the summary reports it.
    pub const PLAIN: ZeroCells = ZeroCells { add_half: false, drop_double_zero: false };
}

/// Why a 2x2 table carries no information on a ratio (metafor's `drop00` test:
/// `ai == 0 & ci == 0 | bi == 0 & di == 0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoubleZero {
    /// No participant had the event, in either arm.
    NoEvents,
    /// Every participant had the event, in both arms.
    AllEvents,
}

impl DoubleZero {
    /// Plain words for a note.
    pub fn describe(self) -> &'static str {
        match self {
            DoubleZero::NoEvents => "no events in either arm",
            DoubleZero::AllEvents => "every participant had the event in both arms",
        }
    }
}

/// Whether a 2x2 table is a double zero, and of which kind.
pub fn double_zero(t: &TwoByTwo) -> Option<DoubleZero> {
    if t.events_t == 0 && t.events_c == 0 {
        Some(DoubleZero::NoEvents)
    } else if t.events_t == t.n_t && t.events_c == t.n_c {
        Some(DoubleZero::AllEvents)
    } else {
        None
    }
}

/// The one effect size of a 2x2 table, as `escalc(measure, ai, n1i, ci, n2i, add, to, drop00)` computes
/// it with the caller's [`ZeroCells`] rules. `None` when it is not defined: a dropped double zero, an
/// arm with n = 0 or events > n, a ratio of a table with a zero cell and no correction.
///
/// RR: yi = ln(a/n₁) - ln(c/n₂), vi = 1/a - 1/n₁ + 1/c - 1/n₂; OR: yi = ln(ad/bc), vi = 1/a + 1/b +
/// 1/c + 1/d; RD: yi = a/n₁ - c/n₂, vi = p₁(1-p₁)/n₁ + p₂(1-p₂)/n₂ (escalc's RD, `vtype = "LS"`).
/// Viechtbauer W (2010), J Stat Softw 36(3), doi:10.18637/jss.v036.i03.
pub fn binary_effect(t: &TwoByTwo, measure: BinaryMeasure, rules: ZeroCells) -> Option<EffectSize> {
    if t.n_t == 0 || t.n_c == 0 || t.events_t > t.n_t || t.events_c > t.n_c {
        return None;
    }
    if rules.drop_double_zero && double_zero(t).is_some() {
        return None;
    }
    let raw = [t.events_t, t.n_t - t.events_t, t.events_c, t.n_c - t.events_c];
    let corrected = rules.add_half && raw.contains(&0);
    let add = if corrected { 0.5 } else { 0.0 };
    let [a, b, c, d] = raw.map(|x| f64::from(x) + add);
    let (n1, n2) = (a + b, c + d);
    let (yi, vi) = match measure {
        BinaryMeasure::Rr => ((a / n1).ln() - (c / n2).ln(), 1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n2),
        BinaryMeasure::Or => ((a * d / (b * c)).ln(), 1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d),
        BinaryMeasure::Rd => {
            let (p1, p2) = (a / n1, c / n2);
            (p1 - p2, p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2)
        }
    };
    (yi.is_finite() && vi.is_finite()).then_some(EffectSize { yi, vi, corrected })
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
        assert_eq!(double_zero(&t), Some(DoubleZero::NoEvents));
        assert!(binary_effect(&t, BinaryMeasure::Rr, ZeroCells::RATIO).is_none());
        assert!(binary_effect(&t, BinaryMeasure::Or, ZeroCells::RATIO).is_none());
        assert_eq!(binary_effect(&t, BinaryMeasure::Rd, ZeroCells::PLAIN).unwrap().yi, 0.0);
        let all = TwoByTwo { events_t: 10, n_t: 10, events_c: 10, n_c: 10 };
        assert_eq!(double_zero(&all), Some(DoubleZero::AllEvents));
        assert!(binary_effect(&all, BinaryMeasure::Rr, ZeroCells::RATIO).is_none());
        assert_eq!(DoubleZero::AllEvents.describe(), "every participant had the event in both arms");
    }

    #[test]
    fn a_ratio_without_correction_of_a_zero_cell_is_not_defined() {
        let t = TwoByTwo { events_t: 0, n_t: 10, events_c: 3, n_c: 10 };
        assert!(binary_effect(&t, BinaryMeasure::Rr, ZeroCells::PLAIN).is_none());
        let rr = binary_effect(&t, BinaryMeasure::Rr, ZeroCells::RATIO).unwrap();
        assert!(rr.corrected);
        assert!(
            binary_effect(&TwoByTwo { events_t: 1, n_t: 0, events_c: 0, n_c: 1 }, BinaryMeasure::Rd, ZeroCells::PLAIN)
                .is_none()
        );
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
