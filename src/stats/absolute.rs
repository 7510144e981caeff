//! Anticipated absolute effects for a Summary of Findings table: the risk with the intervention from the
//! assumed comparator risk (ACR) and a relative effect, and per-1,000 counts (GRADE handbook 5.2.5;
//! GRADEpro's "study population" ACR is the pooled control events over control participants).

/// The relative effect behind an absolute one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Relative {
    /// Risk ratio: risk = RR x ACR.
    Rr(f64),
    /// Odds ratio: risk = ACR·OR / (1 − ACR + ACR·OR).
    Or(f64),
    /// Risk difference: risk = ACR + RD.
    Rd(f64),
}

/// Whether the formula's risk falls outside [0, 1] (so `risk_with_intervention` kept it at the bound):
/// RR x ACR above 1, or ACR + RD outside [0, 1]; never for an OR.
pub fn out_of_range(acr: f64, effect: Relative) -> bool {
    // An odds ratio keeps a proportion within [0, 1]: never out of range.
    !matches!(effect, Relative::Or(_)) && !(0.0..=1.0).contains(&raw_risk(acr, effect))
}

/// The risk with the intervention before it is kept within [0, 1].
fn raw_risk(acr: f64, effect: Relative) -> f64 {
    match effect {
        Relative::Rr(rr) => rr * acr,
        Relative::Or(or) => acr * or / (1.0 - acr + acr * or),
        Relative::Rd(rd) => acr + rd,
    }
}

/// The risk with the intervention, kept within [0, 1]; `None` when `acr` is not a proportion or the
/// effect is not finite.
pub fn risk_with_intervention(acr: f64, effect: Relative) -> Option<f64> {
    if !(0.0..=1.0).contains(&acr) {
        return None;
    }
    let risk = raw_risk(acr, effect);
    risk.is_finite().then(|| risk.clamp(0.0, 1.0))
}

/// A risk as whole people per 1,000 (half rounds away from zero).
pub fn per_1000(risk: f64) -> i64 {
    (1000.0 * risk).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// By hand: ACR 20/100 = 0.2. RR 1.5 -> 0.3 = 300 per 1,000. OR 2 -> 0.4/1.2 = 1/3 -> 333.
    /// RD 0.1 -> 0.3. RR 6 -> 1.2, kept at 1 (1,000).
    #[test]
    fn hand_computed() {
        let acr = 20.0 / 100.0;
        assert_eq!(per_1000(acr), 200);
        assert_eq!(risk_with_intervention(acr, Relative::Rr(1.5)).map(per_1000), Some(300));
        let or = risk_with_intervention(acr, Relative::Or(2.0)).unwrap();
        assert!((or - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(per_1000(or), 333);
        assert_eq!(risk_with_intervention(acr, Relative::Rd(0.1)).map(per_1000), Some(300));
        assert_eq!(risk_with_intervention(acr, Relative::Rr(6.0)), Some(1.0));
        assert!(out_of_range(acr, Relative::Rr(6.0)) && !out_of_range(acr, Relative::Rr(5.0)));
        assert!(out_of_range(acr, Relative::Rd(-0.3)) && !out_of_range(acr, Relative::Or(1e6)));
        assert_eq!(risk_with_intervention(1.5, Relative::Rr(1.0)), None);
        assert_eq!(per_1000(0.0125), 13);
    }
}
