//! Mantel-Haenszel pooling of 2x2 tables (metafor rma.mh): weights, the pooled RR, OR and RD and their variances.

use super::*;

/// The Mantel-Haenszel weight of a 2x2 table (before normalising), as metafor's `weights.rma.mh`:
/// RR c n₁/N, OR b c/N, RD n₁ n₂/N.
pub fn mh_weight(t: &TwoByTwo, measure: BinaryMeasure) -> f64 {
    let (a, b, c, d) = raw_cells(t);
    let n = a + b + c + d;
    match measure {
        BinaryMeasure::Rr => c * (a + b) / n,
        BinaryMeasure::Or => b * c / n,
        BinaryMeasure::Rd => (a + b) * (c + d) / n,
    }
}

pub(super) fn raw_cells(t: &TwoByTwo) -> (f64, f64, f64, f64) {
    let (b, d) = (t.n_t.saturating_sub(t.events_t), t.n_c.saturating_sub(t.events_c));
    (f64::from(t.events_t), f64::from(b), f64::from(t.events_c), f64::from(d))
}

/// The Mantel-Haenszel estimate (log scale for RR, OR) and its standard error, from the raw tables
/// (no continuity correction; a double-zero table stays in: it adds nothing for RR and OR and
/// weight n₁n₂/N at difference 0 for RD), as `rma.mh` with its defaults.
///
/// Mantel N, Haenszel W (1959), JNCI 22:719-748. Variances: RR Greenland S, Robins JM (1985),
/// Biometrics 41:55-68; OR Robins J, Breslow N, Greenland S (1986), Biometrics 42:311-323; RD Sato T,
/// Greenland S, Robins JM (1989), Biometrics 45:1323-1324 (the Greenland-Robins form metafor uses).
pub fn mantel_haenszel(tables: &[TwoByTwo], measure: BinaryMeasure) -> Result<(f64, f64), PoolError> {
    if tables.is_empty() {
        return Err(PoolError::NoStudies);
    }
    match measure {
        BinaryMeasure::Rr => mh_risk_ratio(tables),
        BinaryMeasure::Or => mh_odds_ratio(tables),
        BinaryMeasure::Rd => Ok(mh_risk_difference(tables)),
    }
}

/// MH log risk ratio and its SE (Greenland-Robins variance, cited on [`mantel_haenszel`]).
pub(super) fn mh_risk_ratio(tables: &[TwoByTwo]) -> Result<(f64, f64), PoolError> {
    let (mut r, mut s, mut var_num, mut sum_a, mut sum_c) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for t in tables {
        let (a, b, c, d) = raw_cells(t);
        let (n1, n2) = (a + b, c + d);
        let n = n1 + n2;
        r += a * (n2 / n);
        s += c * (n1 / n);
        var_num += (n1 / n) * (n2 / n) * (a + c) - (a / n) * c;
        sum_a += a;
        sum_c += c;
    }
    if sum_a == 0.0 || sum_c == 0.0 {
        return Err(PoolError::MhUndefined("no events in the treatment arms or in the control arms"));
    }
    Ok(((r / s).ln(), (var_num / (r * s)).sqrt()))
}

/// MH log odds ratio and its SE (Robins-Breslow-Greenland variance, cited on [`mantel_haenszel`]).
pub(super) fn mh_odds_ratio(tables: &[TwoByTwo]) -> Result<(f64, f64), PoolError> {
    let (mut r, mut s, mut pr, mut ps_qr, mut qs) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for t in tables {
        let (a, b, c, d) = raw_cells(t);
        let n = a + b + c + d;
        let p = a / n + d / n;
        let q = b / n + c / n;
        let ri = (a / n) * d;
        let si = (b / n) * c;
        r += ri;
        s += si;
        pr += p * ri;
        ps_qr += p * si + q * ri;
        qs += q * si;
    }
    if r == 0.0 || s == 0.0 {
        return Err(PoolError::MhUndefined("the odds ratio's numerator or denominator sum is zero"));
    }
    let var = 0.5 * (pr / (r * r) + ps_qr / (r * s) + qs / (s * s));
    Ok(((r / s).ln(), var.sqrt()))
}

/// MH risk difference and its SE (the variance cited on [`mantel_haenszel`], as rma.mh computes it).
pub(super) fn mh_risk_difference(tables: &[TwoByTwo]) -> (f64, f64) {
    let (mut num, mut den) = (0.0, 0.0);
    for t in tables {
        let (a, b, c, d) = raw_cells(t);
        let (n1, n2) = (a + b, c + d);
        let n = n1 + n2;
        num += a * (n2 / n) - c * (n1 / n);
        den += n1 * (n2 / n);
    }
    let est = num / den;
    let (mut s1, mut s2) = (0.0, 0.0);
    for t in tables {
        let (a, b, c, d) = raw_cells(t);
        let (n1, n2) = (a + b, c + d);
        let n = n1 + n2;
        s1 += c * (n1 / n).powi(2) - a * (n2 / n).powi(2) + (n1 / n) * (n2 / n) * (n2 - n1) / 2.0;
        s2 += a * (n2 - c) / n + c * (n1 - a) / n;
    }
    let var = (est * s1 + s2 / 2.0) / (den * den);
    (est, var.sqrt())
}

/// A Mantel-Haenszel fit: estimate and z CI from [`mantel_haenszel`]; heterogeneity as `rma.mh`: Q
/// about the MH estimate with wᵢ = 1/vᵢ of the escalc values `y`, `v` (made with 1/2 added to zero
/// cells and double-zero tables dropped), df = len(y) - 1, I² and H² from Q.
pub fn fit_mh(tables: &[TwoByTwo], measure: BinaryMeasure, y: &[f64], v: &[f64]) -> Result<Fit, PoolError> {
    let (estimate, se) = mantel_haenszel(tables, measure)?;
    let estimate = finite(estimate).ok_or(PoolError::NotDefined("the Mantel-Haenszel estimate"))?;
    let se = finite(se).filter(|s| *s > 0.0).ok_or(PoolError::NotDefined("the Mantel-Haenszel standard error"))?;
    if !y.is_empty() {
        check_studies(y, v)?;
    }
    let heterogeneity = if y.len() > 1 {
        let df = y.len() - 1;
        let q = finite(q_about(y, v, estimate, 0.0));
        let (i2, h2) = q_based_i2_h2(q, df);
        Heterogeneity { q, df, p: q.and_then(|q| chi2_sf(q, df as f64)), i2, h2 }
    } else {
        Heterogeneity::ONE
    };
    let statistic = finite(estimate / se);
    Ok(Fit {
        k: tables.len(),
        estimate,
        se,
        ci: Interval { low: estimate - Z95 * se, high: estimate + Z95 * se },
        statistic,
        p: statistic.and_then(normal_p_two_sided),
        t_df: None,
        tau2: 0.0,
        heterogeneity,
        pi: None,
        iterations: None,
    })
}

// ---- sensitivity and subgroups --------------------------------------------------------------
