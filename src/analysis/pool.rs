//! Pooling one outcome across trials: which outcome rows enter and as what effect size, the fit
//! (`stats::pool`), per-study weights, leave-one-out and subgroups, and a note for every choice made.
//!
//! Controlled and uncontrolled evidence are never mixed: RR, OR, RD, MD and SMD use two-arm rows of
//! randomized trials (parallel or crossover), PR uses single-arm rows only.
//!
//! `pool` is a pipeline of named steps, each in its own file: choose the rows and the measure
//! (`select`), the study effects (`effects`), the fit and its heterogeneity (`fit`), the notes (`notes`),
//! and the optional refits (`extras`: subgroups, leave-one-out).

mod data;
mod effects;
mod extras;
mod fit;
mod notes;
mod select;
mod studies;

use crate::catalog::{Catalog, Filter, Outcome, Provenance, Trial};
use crate::stats::pool::{BinaryMeasure, Estimator, Fit, Hksj, Model};
use data::RowKind;
pub use fit::HeterogeneityReport;
use serde::Serialize;
use std::borrow::Cow;
use studies::Excluded;
pub use studies::{Rows, Studies, Study};

/// Leave-one-out is k fits of k - 1 studies; above this many studies it is refused (O(k²)).
pub const LEAVE_ONE_OUT_MAX: usize = 10_000;

/// The effect measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Risk ratio (pooled on the log scale)
    Rr,
    /// Odds ratio (pooled on the log scale)
    Or,
    /// Risk difference
    Rd,
    /// Mean difference
    Md,
    /// Standardized mean difference (Hedges' g)
    Smd,
    /// Single-arm proportion (pooled on the logit scale)
    Pr,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Rr => "rr",
            Measure::Or => "or",
            Measure::Rd => "rd",
            Measure::Md => "md",
            Measure::Smd => "smd",
            Measure::Pr => "pr",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Measure::Rr => "Risk ratio",
            Measure::Or => "Odds ratio",
            Measure::Rd => "Risk difference",
            Measure::Md => "Mean difference",
            Measure::Smd => "Hedges' g (SMD)",
            Measure::Pr => "Proportion",
        }
    }

    /// Binary data (events/N per arm).
    pub fn binary_like(self) -> bool {
        matches!(self, Measure::Rr | Measure::Or | Measure::Rd | Measure::Pr)
    }

    /// Pooled on the log scale and shown as a ratio.
    pub fn is_ratio(self) -> bool {
        matches!(self, Measure::Rr | Measure::Or)
    }

    fn binary(self) -> Option<BinaryMeasure> {
        match self {
            Measure::Rr => Some(BinaryMeasure::Rr),
            Measure::Or => Some(BinaryMeasure::Or),
            Measure::Rd => Some(BinaryMeasure::Rd),
            _ => None,
        }
    }

    /// From the model scale (log, logit or identity) to the scale people read.
    pub fn to_display(self, x: f64) -> f64 {
        match self {
            Measure::Rr | Measure::Or => x.exp(),
            Measure::Pr => 1.0 / (1.0 + (-x).exp()),
            _ => x,
        }
    }

    /// The value of no effect on the display scale (none for a proportion).
    pub fn null_value(self) -> Option<f64> {
        match self {
            Measure::Rr | Measure::Or => Some(1.0),
            Measure::Pr => None,
            _ => Some(0.0),
        }
    }

    fn kind(self) -> RowKind {
        match self {
            Measure::Rr | Measure::Or | Measure::Rd => RowKind::TwoArmBinary,
            Measure::Md | Measure::Smd => RowKind::TwoArmContinuous,
            Measure::Pr => RowKind::SingleArmBinary,
        }
    }
}

/// Which direction of the outcome is good for patients (labels the sides of a forest plot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// Higher is better (e.g. response, remission)
    Higher,
    /// Lower is better (e.g. relapse, symptom scores, adverse events)
    Lower,
}

impl Better {
    /// The direction an outcome's name implies: more responders, remissions, recoveries are better;
    /// fewer relapses, adverse events, dropouts, deaths are better. `None` for a name that says
    /// neither (a score's direction depends on its scale).
    pub fn by_name(outcome: &str) -> Option<Better> {
        let o = outcome.to_ascii_lowercase();
        if ["respon", "remission", "remit", "improv", "recover", "abstin"].iter().any(|w| o.contains(w)) {
            Some(Better::Higher)
        } else if Better::names_a_harm(&o) {
            Some(Better::Lower)
        } else {
            None
        }
    }

    /// Whether `text` (lower case) names an event patients want fewer of: relapse, adverse events,
    /// dropouts, discontinuation, side effects, suicide attempts, death.
    pub fn names_a_harm(text: &str) -> bool {
        const HARMS: [&str; 9] = [
            "relapse",
            "adverse",
            "dropout",
            "drop-out",
            "discontinu",
            "side effect",
            "side-effect",
            "attempt",
            "death",
        ];
        HARMS.iter().any(|w| text.contains(w))
    }
}

/// How the studies are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Fixed (common) effect, inverse variance
    Fe,
    /// Mantel-Haenszel (rr, or, rd only)
    Mh,
    /// Random effects, DerSimonian-Laird tau²
    Dl,
    /// Random effects, restricted maximum likelihood tau²
    #[default]
    Reml,
    /// Random effects, Paule-Mandel tau²
    Pm,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Fe => "fe",
            Method::Mh => "mh",
            Method::Dl => "dl",
            Method::Reml => "reml",
            Method::Pm => "pm",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Method::Fe => "fixed effect (inverse variance)",
            Method::Mh => "fixed effect (Mantel-Haenszel)",
            Method::Dl => "random effects (DerSimonian-Laird)",
            Method::Reml => "random effects (REML)",
            Method::Pm => "random effects (Paule-Mandel)",
        }
    }

    pub fn is_random(self) -> bool {
        matches!(self, Method::Dl | Method::Reml | Method::Pm)
    }

    fn model(self) -> Model {
        match self {
            Method::Fe | Method::Mh => Model::Fixed,
            Method::Dl => Model::Random(Estimator::Dl),
            Method::Reml => Model::Random(Estimator::Reml),
            Method::Pm => Model::Random(Estimator::Pm),
        }
    }
}

/// What defines subgroups: a trial attribute, or any extra column of `trials.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubgroupBy {
    Condition,
    Design,
    Drug,
    Comparator,
    /// A `trials.csv` column: its name and index in the header.
    Column {
        name: String,
        index: usize,
    },
}

impl SubgroupBy {
    pub fn name(&self) -> &str {
        match self {
            SubgroupBy::Condition => "condition",
            SubgroupBy::Design => "design",
            SubgroupBy::Drug => "drug",
            SubgroupBy::Comparator => "comparator",
            SubgroupBy::Column { name, .. } => name,
        }
    }

    /// The subgroup of one outcome row: its trial's value, except `condition`, which is the condition
    /// the row measures (its own, else its trial's), as `--condition` selects rows.
    /// Borrowed from the catalog (no copy per study), but for a row of several conditions.
    fn value<'a>(&self, catalog: &'a Catalog, t: &'a Trial, o: &'a Outcome) -> Cow<'a, str> {
        let v = match self {
            SubgroupBy::Condition => match o.conditions_or(t) {
                [one] => Cow::Borrowed(catalog.label(one)),
                several => Cow::Owned(several.iter().map(|c| catalog.label(c)).collect::<Vec<_>>().join("; ")),
            },
            SubgroupBy::Design => Cow::Borrowed(t.design.as_str()),
            SubgroupBy::Drug => Cow::Borrowed(t.drug()),
            SubgroupBy::Comparator => Cow::Borrowed(t.comparator()),
            SubgroupBy::Column { index, .. } => Cow::Borrowed(t.raw().get(*index).unwrap_or_default()),
        };
        if v.is_empty() { Cow::Borrowed("(blank)") } else { v }
    }
}

/// A pooling request, typed.
#[derive(Debug, Clone)]
pub struct Spec {
    pub outcome: String,
    /// `None`: rr for binary rows, smd for continuous ones.
    pub measure: Option<Measure>,
    pub method: Method,
    /// Hartung-Knapp-Sidik-Jonkman CI and test (`--hksj`: the ad hoc rule).
    pub hksj: Option<Hksj>,
    pub subgroup: Option<SubgroupBy>,
    pub leave_one_out: bool,
}

/// Why pooling could not be done (rendered in `crate::error`).
pub use crate::error::PoolFailure;

/// One study (an outcome row of one trial) as it enters the pool, or is listed but left out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StudyRow<'a> {
    pub trial: &'a str,
    /// The trial's citation.
    pub label: &'a str,
    pub year: Option<i32>,
    /// A crossover trial entered as if parallel (within-person correlation ignored).
    pub crossover: bool,
    pub timepoint: &'a str,
    pub events_t: Option<u32>,
    pub n_t: Option<u32>,
    pub mean_t: Option<f64>,
    pub sd_t: Option<f64>,
    pub events_c: Option<u32>,
    pub n_c: Option<u32>,
    pub mean_c: Option<f64>,
    pub sd_c: Option<f64>,
    /// Effect size on the model scale (log for rr/or, logit for pr) and its sampling variance, as
    /// metafor's escalc gives them (for mh: those of the heterogeneity test).
    pub yi: Option<f64>,
    pub vi: Option<f64>,
    /// Effect and 95% Wald CI on the display scale (ratio for rr/or, proportion for pr).
    pub estimate: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Weight in percent (inverse variance, or Mantel-Haenszel for mh).
    pub weight: Option<f64>,
    /// 1/2 added to every cell (a zero cell).
    pub corrected: bool,
    /// Why the study is listed but not pooled.
    pub excluded: Option<&'static str>,
    /// Where the row's numbers come from (reported, derived, secondary); `None` when not stated.
    pub provenance: Option<Provenance>,
    /// The outcome row's scale and definition (for `sof`'s indirectness; not in pool's CSV or JSON).
    #[serde(skip)]
    pub scale: &'a str,
    #[serde(skip)]
    pub definition: &'a str,
    /// The conditions the row measures (its own, else its trial's).
    #[serde(skip)]
    pub conditions: &'a [String],
}

/// One subgroup's own fit.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SubgroupRow<'a> {
    pub subgroup: Cow<'a, str>,
    pub k: usize,
    pub estimate: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Model scale.
    pub model_estimate: Option<f64>,
    pub se: Option<f64>,
    pub tau2: Option<f64>,
    pub i2: Option<f64>,
    pub q: Option<f64>,
    pub q_p: Option<f64>,
    /// Why the subgroup could not be fitted (serialized as its message); boxed, as few rows have
    /// one (a row is 184 bytes, not 288: 100,000 subgroups of one study each).
    #[serde(serialize_with = "crate::error::as_message")]
    pub error: Option<Box<crate::error::AnalysisError>>,
}

fn in_parts<S: serde::Serializer>(rows: &[SubgroupRow<'_>], s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&crate::report::InParts(rows), s)
}

/// Subgroup fits and the test for subgroup differences.
#[derive(Debug, Clone, Serialize)]
pub struct Subgroups<'a> {
    pub by: String,
    /// Marked for `report::write_json_in_parts`, which writes a long list on two threads.
    #[serde(serialize_with = "in_parts")]
    pub groups: Vec<SubgroupRow<'a>>,
    /// Q between subgroups: fixed-effect Q of the subgroup estimates (null with fewer than 2 fitted).
    pub q_between: Option<f64>,
    pub q_between_df: Option<usize>,
    pub q_between_p: Option<f64>,
}

/// The fit without one study.
#[derive(Debug, Clone, Serialize)]
pub struct LeaveOneOutRow<'a> {
    pub omitted: &'a str,
    pub label: &'a str,
    pub k: usize,
    pub estimate: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub model_estimate: Option<f64>,
    pub se: Option<f64>,
    pub model_ci_low: Option<f64>,
    pub model_ci_high: Option<f64>,
    pub tau2: Option<f64>,
    pub i2: Option<f64>,
    pub q: Option<f64>,
    pub q_p: Option<f64>,
    /// Why the refit failed (serialized as its message).
    #[serde(serialize_with = "crate::error::as_message")]
    pub error: Option<crate::error::AnalysisError>,
}

/// The pooled result. Display scale: ratio for rr/or, proportion for pr; `model_*` and `se` are on
/// the model scale (log for rr/or, logit for pr). `None` (JSON null) = not defined.
#[derive(Debug, Clone, Serialize)]
pub struct PoolResult<'a> {
    pub outcome: String,
    /// The measure, the estimator and the HKSJ rule (in JSON: `measure`, `measure_label`, `method`,
    /// `method_label`, `hksj`, `hksj_rule`).
    #[serde(flatten)]
    pub choice: Choice,
    /// Number of studies pooled (mh: 2x2 tables, double zeros included, as metafor).
    pub k: usize,
    pub estimate: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub se: f64,
    pub model_estimate: f64,
    pub model_ci_low: f64,
    pub model_ci_high: f64,
    /// z, or t with `t_df` degrees of freedom (HKSJ); null when not defined (a standard error of 0).
    pub statistic: Option<f64>,
    pub t_df: Option<usize>,
    pub p_value: Option<f64>,
    /// τ², I², H², Q and the prediction interval (their fields appear here, at this level, in JSON).
    #[serde(flatten)]
    pub heterogeneity: HeterogeneityReport,
    /// REML Fisher scoring or Paule-Mandel root-finding iterations.
    pub iterations: Option<u32>,
    pub studies: Studies<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subgroups: Option<Subgroups<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leave_one_out: Option<Vec<LeaveOneOutRow<'a>>>,
    /// Every methodological choice, and which rows were left out and why.
    pub notes: Vec<String>,
    /// Egger's test (`pool --bias`): its fields appear only when asked for.
    #[serde(flatten)]
    pub bias: Option<super::bias::SmallStudyEffects>,
}

/// What a pool used: the measure, the estimator and the HKSJ rule, typed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Choice {
    pub measure: Measure,
    pub method: Method,
    pub hksj: Option<Hksj>,
}

/// The six fields JSON has: each key and its label, whether HKSJ was used and its rule ("adhoc":
/// variance factor at least 1, metafor `test = "adhoc"`; "knha"; null without HKSJ).
impl Serialize for Choice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Choice", 6)?;
        st.serialize_field("measure", self.measure.as_str())?;
        st.serialize_field("measure_label", self.measure.label())?;
        st.serialize_field("method", self.method.as_str())?;
        st.serialize_field("method_label", self.method.label())?;
        st.serialize_field("hksj", &self.hksj.is_some())?;
        st.serialize_field("hksj_rule", &self.hksj.map(notes::hksj_name))?;
        st.end()
    }
}

/// Pool `spec.outcome` over the trials passing `filter`: the steps in order.
pub fn pool<'a>(catalog: &'a Catalog, filter: &Filter, spec: &Spec) -> Result<PoolResult<'a>, PoolFailure> {
    let selection = select::choose_rows(catalog, filter, spec)?;
    let (measure, measure_note) = select::choose_measure(catalog, filter, spec, &selection)?;
    select::check_request(spec, measure)?;
    let mut fx = effects::study_effects(catalog, spec, measure, &selection.candidates, selection.several);
    let (fit, options) = fit::fit(catalog, filter, spec, measure, &mut fx)?;
    let notes = notes::notes(spec, measure, &fit, &fx, measure_note);
    let (method, data) = (spec.method, &fx.data);
    let subgroups = spec
        .subgroup
        .as_ref()
        .map(|by| extras::subgroups(by, &fx.subgroup_of_row, &fx.studies, data, method, measure, &options));
    let leave_one_out =
        spec.leave_one_out.then(|| extras::leave_one_out_rows(&fx.studies, data, method, measure, &options));
    let mut result = assemble(spec, measure, &fit, fx.studies, notes);
    (result.subgroups, result.leave_one_out) = (subgroups, leave_one_out);
    Ok(result)
}

/// The result from the fit (display and model scales) and the steps' outputs.
fn assemble<'a>(
    spec: &Spec,
    measure: Measure,
    fit: &Fit,
    studies: Vec<Study<'a>>,
    notes: Vec<String>,
) -> PoolResult<'a> {
    let show = |x: f64| measure.to_display(x);
    PoolResult {
        outcome: spec.outcome.clone(),
        choice: Choice { measure, method: spec.method, hksj: spec.hksj },
        k: fit.k,
        estimate: show(fit.estimate),
        ci_low: show(fit.ci.low),
        ci_high: show(fit.ci.high),
        se: fit.se,
        model_estimate: fit.estimate,
        model_ci_low: fit.ci.low,
        model_ci_high: fit.ci.high,
        statistic: fit.statistic,
        t_df: fit.t_df,
        p_value: fit.p,
        heterogeneity: fit::heterogeneity(fit, spec.method, measure),
        iterations: fit.iterations,
        studies: Studies::new(measure, studies),
        subgroups: None,
        leave_one_out: None,
        notes,
        bias: None,
    }
}
