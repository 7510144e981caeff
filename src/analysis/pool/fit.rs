//! Pooling steps 4 and 5: the fit (`stats::pool`) with per-study weights, after the checks that it can be
//! made; then the heterogeneity statistics and prediction interval as reported.

use super::data::Data;
use super::effects::StudyEffects;
use super::{LEAVE_ONE_OUT_MAX, Measure, Method, PoolFailure, Spec, Study};
use crate::catalog::{Catalog, Filter};
use crate::error::{AnalysisError, LeftOut, NothingToPool};
use crate::stats::pool::{self, Fit, Options, PoolError, RemlControl};
use serde::Serialize;
use std::borrow::Cow;

/// Step 4: fit the pooled studies and set each one's weight in percent.
pub(super) fn fit(
    catalog: &Catalog,
    filter: &Filter,
    spec: &Spec,
    measure: Measure,
    fx: &mut StudyEffects<'_>,
) -> Result<(Fit, Options), PoolFailure> {
    let k = if spec.method == Method::Mh { fx.data.tables.len() } else { fx.data.y.len() };
    if k == 0 {
        return Err(nothing_to_pool(catalog, filter, spec, measure, fx));
    }
    if spec.leave_one_out && k > LEAVE_ONE_OUT_MAX {
        return Err(AnalysisError::LeaveOneOutTooMany { k, limit: LEAVE_ONE_OUT_MAX }.into());
    }
    check_variances(&fx.data, &fx.studies)?;
    let options = Options { model: spec.method.model(), hksj: spec.hksj, reml: RemlControl::default() };
    let fit = fx
        .data
        .fit_all(spec.method, measure, &options)
        .map_err(|source| fx.data.failure(source, &fx.data.all(spec.method), &fx.studies))?;
    set_weights(fx, spec.method, measure, &fit);
    Ok((fit, options))
}

fn set_weights(fx: &mut StudyEffects<'_>, method: Method, measure: Measure, fit: &Fit) {
    if method == Method::Mh {
        let bm = measure.binary().expect("binary");
        let w: Vec<f64> = fx.data.tables.iter().map(|t| pool::mh_weight(t, bm)).collect();
        let total: f64 = w.iter().sum();
        for (wi, &r) in w.iter().zip(&fx.data.table_row) {
            fx.studies[r].set_weight(100.0 * wi / total);
        }
    } else {
        for (wi, &r) in pool::weights_percent(&fx.data.v, fit.tau2).iter().zip(&fx.data.row) {
            fx.studies[r].set_weight(*wi);
        }
    }
}

/// Why no study could be pooled, counting each reason.
fn nothing_to_pool(
    catalog: &Catalog,
    filter: &Filter,
    spec: &Spec,
    measure: Measure,
    fx: &StudyEffects<'_>,
) -> PoolFailure {
    let l = &fx.left_out;
    let mut reasons = Vec::new();
    if !l.other_shape.is_empty() {
        reasons.push(LeftOut::OtherShape { count: l.other_shape.len(), names: l.other_shape.to_string() });
    }
    if !l.uncontrolled.is_empty() {
        reasons.push(LeftOut::Uncontrolled { count: l.uncontrolled.len() });
    }
    if !l.no_numbers.is_empty() {
        reasons.push(LeftOut::NoNumbers { count: l.no_numbers.len() });
    }
    if !l.double_zero.is_empty() {
        let words = super::notes::double_zero_words(&l.zero_kinds);
        reasons.push(LeftOut::NotEstimable { count: l.double_zero.len(), words });
    }
    super::select::nothing(catalog, filter, spec, NothingToPool::LeftOut { measure: measure.as_str(), reasons })
}

/// Step 5: heterogeneity and the prediction interval as `PoolResult` reports them (display scale for
/// the interval; tau² on the model scale, null for Mantel-Haenszel).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct HeterogeneityReport {
    /// Between-study variance on the model scale (0 for fe; null for mh).
    pub tau2: Option<f64>,
    pub tau: Option<f64>,
    /// I² in percent; I², H², Q and its p are null when not defined.
    pub i2: Option<f64>,
    pub h2: Option<f64>,
    pub q: Option<f64>,
    pub q_df: usize,
    pub q_p: Option<f64>,
    /// 95% prediction interval (random effects with k >= 3; null otherwise).
    pub pi_low: Option<f64>,
    pub pi_high: Option<f64>,
    pub model_pi_low: Option<f64>,
    pub model_pi_high: Option<f64>,
}

pub(super) fn heterogeneity(fit: &Fit, method: Method, measure: Measure) -> HeterogeneityReport {
    let is_mh = method == Method::Mh;
    let h = &fit.heterogeneity;
    HeterogeneityReport {
        tau2: (!is_mh).then_some(fit.tau2),
        tau: (!is_mh).then_some(fit.tau2.sqrt()),
        i2: h.i2,
        h2: h.h2,
        q: h.q,
        q_df: h.df,
        q_p: h.p,
        pi_low: fit.pi.map(|i| measure.to_display(i.low)),
        pi_high: fit.pi.map(|i| measure.to_display(i.high)),
        model_pi_low: fit.pi.map(|i| i.low),
        model_pi_high: fit.pi.map(|i| i.high),
    }
}

/// Refuse a study whose sampling variance is below the floor (`stats::pool::check_studies`), naming it.
fn check_variances(data: &Data, studies: &[Study<'_>]) -> Result<(), PoolFailure> {
    let (v, rows): (Cow<'_, [f64]>, Cow<'_, [usize]>) = if data.tables.is_empty() {
        (Cow::Borrowed(&data.v), Cow::Borrowed(&data.row))
    } else {
        let (v, rows): (Vec<f64>, Vec<usize>) =
            data.table_es.iter().zip(&data.table_row).filter_map(|(e, &r)| e.map(|(_, vi)| (vi, r))).unzip();
        (Cow::Owned(v), Cow::Owned(rows))
    };
    if v.is_empty() {
        return Ok(());
    }
    let y = vec![0.0; v.len()];
    match pool::check_studies(&y, &v) {
        Err(PoolError::VarianceTooSmall { index, vi, max_vi }) => {
            let s = &studies[rows[index]];
            Err(AnalysisError::VarianceFloor {
                trial: s.trial.id.to_string(),
                label: s.trial.citation().to_string(),
                vi,
                max_vi,
            }
            .into())
        }
        _ => Ok(()),
    }
}
