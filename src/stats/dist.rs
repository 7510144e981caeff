//! Quantiles and tail probabilities of the normal, Student t and chi-squared distributions: thin
//! wrappers over statrs that return `None` where R would return `NaN`. No NaN or infinity ever reaches
//! statrs (some of its functions panic on them): every argument is checked here, at the one door.

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

/// Two-sided p-value of a z statistic: 2 (1 - Φ(|z|)), as R's `2 * pnorm(abs(z), lower.tail = FALSE)`;
/// `None` when z is not finite (a test that is not defined).
pub fn normal_p_two_sided(z: f64) -> Option<f64> {
    if !z.is_finite() {
        return None;
    }
    Some(2.0 * Normal::standard().sf(z.abs()))
}

/// A usable degrees-of-freedom value: finite and positive.
fn good_df(df: f64) -> bool {
    df.is_finite() && df > 0.0
}

/// The t quantile `qt(p, df)`; `None` when `df <= 0` or not finite (R: `NaN`).
pub fn t_quantile(p: f64, df: f64) -> Option<f64> {
    if !good_df(df) || !(0.0..=1.0).contains(&p) {
        return None;
    }
    StudentsT::new(0.0, 1.0, df).ok().map(|t| t.inverse_cdf(p))
}

/// Two-sided p-value of a t statistic with `df` degrees of freedom: `2 * pt(abs(t), df, lower.tail = FALSE)`;
/// `None` when t is not finite or df is not usable.
pub fn t_p_two_sided(t: f64, df: f64) -> Option<f64> {
    if !t.is_finite() || !good_df(df) {
        return None;
    }
    StudentsT::new(0.0, 1.0, df).ok().map(|d| 2.0 * d.sf(t.abs()))
}

/// Upper tail of the chi-squared distribution: `pchisq(x, df, lower.tail = FALSE)`; `None` when `df <= 0`
/// or x is not finite.
pub fn chi2_sf(x: f64, df: f64) -> Option<f64> {
    if !x.is_finite() || !good_df(df) {
        return None;
    }
    if x <= 0.0 {
        return Some(1.0);
    }
    ChiSquared::new(df).ok().map(|d| d.sf(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R 4.2.2: `sprintf("%.17g", qt(0.975, c(1, 2, 3, 11, 12, 16)))`.
    #[test]
    fn t_quantiles_match_r() {
        let r = [
            (1.0, 12.706_204_736_174_694),
            (2.0, 4.302_652_729_749_462),
            (3.0, 3.182_446_305_283_708),
            (11.0, 2.200_985_160_091_639),
            (12.0, 2.178_812_829_667_228),
            (16.0, 2.119_905_299_221_254),
        ];
        for (df, q) in r {
            let got = t_quantile(0.975, df).unwrap();
            assert!((got - q).abs() <= 1e-12 * q, "qt(.975, {df}) = {got}, R {q}");
        }
        assert!(t_quantile(0.975, 0.0).is_none());
    }

    #[test]
    fn chi2_tail_matches_r() {
        // pchisq(152.23300808237329, 12, lower.tail = FALSE) = 1.9967645908459738e-26 (pool.csv, bcg RR).
        let p = chi2_sf(152.233_008_082_373_3, 12.0).unwrap();
        assert!((p - 1.996_764_590_845_973_8e-26).abs() <= 1e-9 * 1.996_764_590_845_973_8e-26, "{p}");
        assert_eq!(chi2_sf(0.0, 3.0), Some(1.0));
        assert!(chi2_sf(1.0, 0.0).is_none());
    }

    /// statrs panics (`XOutOfRange`) on some NaN arguments: none may get through.
    #[test]
    fn nan_and_infinity_give_none_not_a_panic() {
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(normal_p_two_sided(x), None);
            assert_eq!(t_p_two_sided(x, 2.0), None);
            assert_eq!(t_p_two_sided(1.0, x), None);
            assert_eq!(chi2_sf(x, 2.0), None);
            assert_eq!(chi2_sf(1.0, x), None);
            assert_eq!(t_quantile(0.975, x), None);
            assert_eq!(t_quantile(x, 2.0), None);
        }
    }
}
