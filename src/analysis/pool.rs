//! Pooling one outcome across trials: which outcome rows enter and as what effect size, the fit
//! (`stats::pool`), per-study weights, leave-one-out and subgroups, and a note for every choice made.
//!
//! Controlled and uncontrolled evidence are never mixed: RR, OR, RD, MD and SMD use two-arm rows of
//! randomized trials (parallel or crossover), PR uses single-arm rows only.

use crate::catalog::{ArmData, Catalog, Design, Filter, Outcome, Trial};
use crate::stats::Z95;
use crate::stats::effect::{self, DoubleZero, EffectSize, MeansSds, TwoByTwo};
use crate::stats::pool::{
    self, BinaryMeasure, Estimator, Fit, Hksj, Model, Options, PoolError, RemlControl, ZeroCells, binary_effect,
};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// Leave-one-out is k fits of k - 1 studies; above this many studies it is refused (O(k²)).
pub const LEAVE_ONE_OUT_MAX: usize = 10_000;

/// The effect measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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

/// How the studies are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
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

    fn value(&self, catalog: &Catalog, t: &Trial) -> String {
        let v = match self {
            SubgroupBy::Condition => t.conditions.iter().map(|c| catalog.label(c)).collect::<Vec<_>>().join("; "),
            SubgroupBy::Design => t.design.to_string(),
            SubgroupBy::Drug => t.drug().to_string(),
            SubgroupBy::Comparator => t.comparator().to_string(),
            SubgroupBy::Column { index, .. } => t.raw.get(*index).unwrap_or_default().to_string(),
        };
        if v.is_empty() { "(blank)".into() } else { v }
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

/// Why pooling could not be done.
#[derive(Debug, Clone, PartialEq)]
pub enum PoolFailure {
    /// The request does not fit the data (e.g. `--method mh` with a continuous outcome): exit 2.
    Usage(String),
    /// Nothing to pool, or the fit failed: exit 1.
    Analysis(String),
}

impl fmt::Display for PoolFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PoolFailure::Usage(m) | PoolFailure::Analysis(m) => f.write_str(m),
        }
    }
}

/// One study (an outcome row of one trial) as it enters the pool, or is listed but left out.
#[derive(Debug, Clone, Serialize)]
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
}

/// One subgroup's own fit.
#[derive(Debug, Clone, Serialize)]
pub struct SubgroupRow {
    pub subgroup: String,
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
    /// Why the subgroup could not be fitted.
    pub error: Option<String>,
}

/// Subgroup fits and the test for subgroup differences.
#[derive(Debug, Clone, Serialize)]
pub struct Subgroups {
    pub by: String,
    pub groups: Vec<SubgroupRow>,
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
    pub error: Option<String>,
}

/// The pooled result. Display scale: ratio for rr/or, proportion for pr; `model_*` and `se` are on
/// the model scale (log for rr/or, logit for pr). `None` (JSON null) = not defined.
#[derive(Debug, Clone, Serialize)]
pub struct PoolResult<'a> {
    pub outcome: String,
    pub measure: &'static str,
    pub measure_label: &'static str,
    pub method: &'static str,
    pub method_label: &'static str,
    pub hksj: bool,
    /// The HKSJ rule: "adhoc" (variance factor at least 1, metafor test = "adhoc") or "knha"; null without HKSJ.
    pub hksj_rule: Option<&'static str>,
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
    /// REML Fisher scoring or Paule-Mandel root-finding iterations.
    pub iterations: Option<u32>,
    pub studies: Vec<StudyRow<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subgroups: Option<Subgroups>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leave_one_out: Option<Vec<LeaveOneOutRow<'a>>>,
    /// Every methodological choice, and which rows were left out and why.
    pub notes: Vec<String>,
    #[serde(skip)]
    pub measure_kind: Measure,
    #[serde(skip)]
    pub method_kind: Method,
}

/// The shape of an outcome row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    TwoArmBinary,
    TwoArmContinuous,
    SingleArmBinary,
}

fn row_kind(o: &Outcome) -> Option<RowKind> {
    match (&o.treatment.data, o.control.as_ref().map(|c| &c.data)) {
        (ArmData::Binary { .. }, Some(ArmData::Binary { .. })) => Some(RowKind::TwoArmBinary),
        (ArmData::Continuous { .. }, Some(ArmData::Continuous { .. })) => Some(RowKind::TwoArmContinuous),
        (ArmData::Binary { .. }, None) => Some(RowKind::SingleArmBinary),
        _ => None,
    }
}

/// The data entering the fit: parallel vectors over pooled studies, with their row in `studies`.
#[derive(Default)]
struct Data {
    /// Inverse-variance effect sizes (rr/or: double zeros dropped; rd: kept, corrected).
    y: Vec<f64>,
    v: Vec<f64>,
    row: Vec<usize>,
    /// Mantel-Haenszel: every 2x2 table, its row, and its escalc value with double zeros dropped.
    tables: Vec<TwoByTwo>,
    table_row: Vec<usize>,
    table_es: Vec<Option<(f64, f64)>>,
}

impl Data {
    /// Fit the studies whose row passes `keep`.
    fn fit_where(
        &self,
        method: Method,
        measure: Measure,
        options: &Options,
        keep: impl Fn(usize) -> bool,
    ) -> Result<Fit, PoolError> {
        if method == Method::Mh {
            let bm = measure.binary().expect("mh is checked to be binary");
            let mut tables = Vec::new();
            let (mut y, mut v) = (Vec::new(), Vec::new());
            for ((t, &r), es) in self.tables.iter().zip(&self.table_row).zip(&self.table_es) {
                if keep(r) {
                    tables.push(*t);
                    if let Some((yi, vi)) = es {
                        y.push(*yi);
                        v.push(*vi);
                    }
                }
            }
            pool::fit_mh(&tables, bm, &y, &v)
        } else {
            let (mut y, mut v) = (Vec::new(), Vec::new());
            for ((yi, vi), &r) in self.y.iter().zip(&self.v).zip(&self.row) {
                if keep(r) {
                    y.push(*yi);
                    v.push(*vi);
                }
            }
            pool::fit(&y, &v, options)
        }
    }
}

/// Names for a note: the first few kept, all counted (a million left-out rows cost no memory).
#[derive(Debug, Default)]
struct Names {
    first: Vec<String>,
    count: usize,
}

impl Names {
    const SHOWN: usize = 8;

    fn push(&mut self, name: impl FnOnce() -> String) {
        if self.first.len() < Self::SHOWN {
            self.first.push(name());
        }
        self.count += 1;
    }

    fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn len(&self) -> usize {
        self.count
    }
}

/// "a, b, c", or "a, ..., h and 12 more".
impl fmt::Display for Names {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.first.join(", "))?;
        if self.count > self.first.len() {
            write!(f, " and {} more", self.count - self.first.len())?;
        }
        Ok(())
    }
}

/// Pool `spec.outcome` over the trials passing `filter`.
/// The scales and definitions behind the pooled rows, to warn when one outcome name covers several
/// (a "response" on a depression scale and one on a suicidal-ideation scale are not the same event).
#[derive(Default)]
struct MeasuredAs<'a> {
    /// (scale, definition) -> the first few studies using it; at most 8 kinds are kept.
    kinds: Vec<((&'a str, &'a str), Vec<&'a str>)>,
}

impl<'a> MeasuredAs<'a> {
    fn note(&mut self, scale: &'a str, definition: &'a str, study: &'a str) {
        if let Some(i) = self.kinds.iter().position(|(k, _)| *k == (scale, definition)) {
            if self.kinds[i].1.len() < 3 {
                self.kinds[i].1.push(study);
            }
        } else if self.kinds.len() < 8 {
            self.kinds.push(((scale, definition), vec![study]));
        }
    }

    fn warning(&self, outcome: &str) -> Option<String> {
        let scales: std::collections::BTreeSet<String> =
            self.kinds.iter().map(|((s, _), _)| s.to_lowercase()).collect();
        (scales.len() > 1).then(|| {
            let kinds: Vec<String> = self
                .kinds
                .iter()
                .map(|((s, d), studies)| format!("{s} {d} ({})", studies.join("; ")))
                .collect();
            format!(
                "Caution: \"{outcome}\" is measured on different scales in the pooled studies: {}. Pool them only if they describe the same clinical event.",
                kinds.join(", ")
            )
        })
    }
}

pub fn pool<'a>(catalog: &'a Catalog, filter: &Filter, spec: &Spec) -> Result<PoolResult<'a>, PoolFailure> {
    let mut notes = Vec::new();
    // Candidate rows: one per trial (the primary row when a trial has several for the outcome).
    let mut candidates: Vec<(&'a Trial, &'a Outcome)> = Vec::new();
    let mut several = Names::default();
    // Rows are selected by the condition each measures (its own, else the trial's): see Filter::selects.
    for t in catalog.trials.iter().filter(|t| filter.matches_besides_condition(t)) {
        let mut rows = catalog
            .outcomes_of(&t.id)
            .filter(|o| o.outcome.eq_ignore_ascii_case(&spec.outcome) && filter.selects(t, o));
        let Some(first) = rows.next() else { continue };
        let Some(second) = rows.next() else {
            candidates.push((t, first));
            continue;
        };
        let all: Vec<&'a Outcome> = [first, second].into_iter().chain(rows).collect();
        let primary = all.iter().copied().find(|o| o.is_primary() && row_kind(o).is_some());
        match primary.or_else(|| all.iter().copied().find(|o| row_kind(o).is_some())) {
            Some(chosen) => {
                let why = if primary.is_some() { "the primary row" } else { "the first row with numbers" };
                several.push(|| {
                    format!("{} ({} rows; used {why}, time point \"{}\")", t.citation(), all.len(), chosen.timepoint)
                });
                candidates.push((t, chosen));
            }
            None => candidates.push((t, first)),
        }
    }
    if candidates.is_empty() {
        return Err(PoolFailure::Analysis(format!(
            "nothing to pool: no outcome rows named {} in the {} ({})",
            crate::report::quote(&spec.outcome),
            catalog.origin,
            filter.describe(catalog)
        )));
    }
    let controlled = |t: &Trial| t.design.is_controlled();
    let count = |kind: RowKind| {
        candidates
            .iter()
            .filter(|(t, o)| row_kind(o) == Some(kind) && (kind == RowKind::SingleArmBinary || controlled(t)))
            .count()
    };
    let measure = match spec.measure {
        Some(m) => m,
        None => {
            let (nb, nc, ns) =
                (count(RowKind::TwoArmBinary), count(RowKind::TwoArmContinuous), count(RowKind::SingleArmBinary));
            if nb > 0 && nb >= nc {
                notes.push("Measure: risk ratio (the default for a binary outcome; --measure to choose).".into());
                Measure::Rr
            } else if nc > 0 {
                notes.push("Measure: standardized mean difference (the default for a continuous outcome; --measure to choose).".into());
                Measure::Smd
            } else if ns > 0 {
                return Err(PoolFailure::Usage(format!(
                    "outcome {} has only single-arm rows ({ns}): pool them as proportions with --measure pr",
                    crate::report::quote(&spec.outcome)
                )));
            } else {
                return Err(PoolFailure::Analysis(format!(
                    "nothing to pool: the {} outcome rows named {} in the {} ({}) have no numbers",
                    candidates.len(),
                    crate::report::quote(&spec.outcome),
                    catalog.origin,
                    filter.describe(catalog)
                )));
            }
        }
    };
    if spec.method == Method::Mh && measure.binary().is_none() {
        return Err(PoolFailure::Usage(format!(
            "--method mh needs a binary two-arm measure (rr, or, rd), not {}",
            measure.as_str()
        )));
    }
    if spec.hksj.is_some() && !spec.method.is_random() {
        return Err(PoolFailure::Usage(format!(
            "--hksj adjusts a random-effects CI: use it with --method dl, reml or pm, not {}",
            spec.method.as_str()
        )));
    }
    let kind = measure.kind();

    // Which rows enter.
    let mut studies: Vec<StudyRow<'a>> = Vec::with_capacity(candidates.len());
    let mut measured_as = MeasuredAs::default();
    let mut data = Data::default();
    if spec.method == Method::Mh {
        data.tables.reserve(candidates.len());
        data.table_row.reserve(candidates.len());
        data.table_es.reserve(candidates.len());
    } else {
        data.y.reserve(candidates.len());
        data.v.reserve(candidates.len());
        data.row.reserve(candidates.len());
    }
    let mut subgroup_of_row: Vec<String> = Vec::new();
    let mut zero_kinds: Vec<DoubleZero> = Vec::new();
    let (
        mut no_numbers,
        mut other_shape,
        mut uncontrolled,
        mut undefined,
        mut double_zero,
        mut corrected,
        mut crossover,
    ) = (
        Names::default(),
        Names::default(),
        Names::default(),
        Names::default(),
        Names::default(),
        0usize,
        Names::default(),
    );
    for &(t, o) in &candidates {
        let rk = row_kind(o);
        if rk.is_none() {
            no_numbers.push(|| t.citation().to_string());
            continue;
        }
        if rk != Some(kind) {
            other_shape.push(|| t.citation().to_string());
            continue;
        }
        if kind != RowKind::SingleArmBinary && !controlled(t) {
            uncontrolled.push(|| format!("{} ({})", t.citation(), t.design));
            continue;
        }
        let mut row = StudyRow {
            trial: &t.id,
            label: t.citation(),
            year: Some(t.year),
            crossover: t.design == Design::CrossoverRct,
            timepoint: &o.timepoint,
            events_t: None,
            n_t: o.treatment.data.n(),
            mean_t: None,
            sd_t: None,
            events_c: None,
            n_c: o.control.as_ref().and_then(|c| c.data.n()),
            mean_c: None,
            sd_c: None,
            yi: None,
            vi: None,
            estimate: None,
            ci_low: None,
            ci_high: None,
            weight: None,
            corrected: false,
            excluded: None,
        };
        let index = studies.len();
        let es: Option<EffectSize>;
        match (o.treatment.data, o.control.as_ref().map(|c| c.data)) {
            (ArmData::Binary { events: et, n: nt }, Some(ArmData::Binary { events: ec, n: nc })) => {
                (row.events_t, row.events_c) = (Some(et), Some(ec));
                let table = TwoByTwo { events_t: et, n_t: nt, events_c: ec, n_c: nc };
                let bm = measure.binary().expect("binary kind");
                let dz = effect::double_zero(&table);
                if let Some(kind) = dz {
                    zero_kinds.push(kind);
                }
                if spec.method == Method::Mh {
                    let mh_es = binary_effect(&table, bm, ZeroCells::RATIO);
                    data.tables.push(table);
                    data.table_row.push(index);
                    data.table_es.push(mh_es.map(|e| (e.yi, e.vi)));
                    es = mh_es;
                    if dz.is_some() {
                        double_zero.push(|| t.citation().to_string());
                    }
                } else {
                    let rules = if bm == BinaryMeasure::Rd { ZeroCells::POOLED_RD } else { ZeroCells::RATIO };
                    es = binary_effect(&table, bm, rules);
                    if es.is_none() {
                        row.excluded = Some(dz.map_or("effect size not defined", DoubleZero::describe));
                        double_zero.push(|| t.citation().to_string());
                    }
                }
            }
            (
                ArmData::Continuous { mean: mt, sd: st, n: nt },
                Some(ArmData::Continuous { mean: mc, sd: sc, n: nc }),
            ) => {
                (row.mean_t, row.sd_t, row.mean_c, row.sd_c) = (Some(mt), Some(st), Some(mc), Some(sc));
                let m = MeansSds { mean_t: mt, sd_t: st, n_t: nt, mean_c: mc, sd_c: sc, n_c: nc };
                es = if measure == Measure::Md {
                    pool::mean_difference(&m)
                } else {
                    pool::standardized_mean_difference(&m)
                };
                if es.is_none() {
                    row.excluded = Some("effect size not defined (zero SD or too few participants)");
                    undefined.push(|| t.citation().to_string());
                }
            }
            (ArmData::Binary { events, n }, None) => {
                row.events_t = Some(events);
                es = pool::logit_proportion(events, n);
            }
            _ => unreachable!("row kind checked"),
        }
        if let Some(e) = es {
            row.yi = Some(e.yi);
            row.vi = Some(e.vi);
            let half = Z95 * e.vi.sqrt();
            row.estimate = Some(measure.to_display(e.yi));
            row.ci_low = Some(measure.to_display(e.yi - half));
            row.ci_high = Some(measure.to_display(e.yi + half));
            row.corrected = e.corrected;
            if e.corrected {
                corrected += 1;
            }
            if spec.method != Method::Mh {
                data.y.push(e.yi);
                data.v.push(e.vi);
                data.row.push(index);
            }
        }
        if row.crossover {
            crossover.push(|| t.citation().to_string());
        }
        if let Some(by) = &spec.subgroup {
            subgroup_of_row.push(by.value(catalog, t));
        }
        if row.yi.is_some() {
            measured_as.note(&o.scale, &o.definition, t.citation());
        }
        studies.push(row);
    }
    if let Some(warning) = measured_as.warning(&spec.outcome) {
        notes.push(warning);
    }

    let k_pooled = if spec.method == Method::Mh { data.tables.len() } else { data.y.len() };
    if k_pooled == 0 {
        let mut why = Vec::new();
        if !other_shape.is_empty() {
            why.push(format!(
                "{} row(s) are of another kind than {} needs ({})",
                other_shape.len(),
                measure.as_str(),
                other_shape
            ));
        }
        if !uncontrolled.is_empty() {
            why.push(format!("{} two-arm row(s) come from uncontrolled designs", uncontrolled.len()));
        }
        if !no_numbers.is_empty() {
            why.push(format!("{} row(s) have no numbers", no_numbers.len()));
        }
        if !double_zero.is_empty() {
            why.push(format!("{} stud(ies) not estimable ({})", double_zero.len(), double_zero_words(&zero_kinds)));
        }
        return Err(PoolFailure::Analysis(format!(
            "no studies to pool for outcome {} as {} ({}){}",
            crate::report::quote(&spec.outcome),
            measure.as_str(),
            filter.describe(catalog),
            if why.is_empty() { String::new() } else { format!(": {}", why.join("; ")) }
        )));
    }

    if spec.leave_one_out && k_pooled > LEAVE_ONE_OUT_MAX {
        return Err(PoolFailure::Analysis(format!(
            "leave-one-out refits the model once per study: with k = {k_pooled} that is too many (limit {LEAVE_ONE_OUT_MAX}); drop --leave-one-out or narrow the selection"
        )));
    }
    check_variances(&data, &studies)?;
    let options = Options { model: spec.method.model(), hksj: spec.hksj, reml: RemlControl::default() };
    let fit =
        data.fit_where(spec.method, measure, &options, |_| true).map_err(|e| PoolFailure::Analysis(e.to_string()))?;

    // Weights.
    if spec.method == Method::Mh {
        let bm = measure.binary().expect("binary");
        let w: Vec<f64> = data.tables.iter().map(|t| pool::mh_weight(t, bm)).collect();
        let total: f64 = w.iter().sum();
        for (wi, &r) in w.iter().zip(&data.table_row) {
            studies[r].weight = Some(100.0 * wi / total);
        }
    } else {
        for (wi, &r) in pool::weights_percent(&data.v, fit.tau2).iter().zip(&data.row) {
            studies[r].weight = Some(*wi);
        }
    }

    notes.extend(method_notes(measure, spec, &fit, corrected));
    if !double_zero.is_empty() {
        notes.push(match (spec.method, measure) {
            (Method::Mh, _) => format!(
                "Studies with no events (or only events) in both arms: {}. They stay in the Mantel-Haenszel sums (weight 0 for rr and or) but not in the heterogeneity test (metafor rma.mh drop00).",
                double_zero
            ),
            (_, Measure::Rd) => unreachable!("rd keeps double zeros"),
            _ => format!(
                "Left out: {} — {}, so the {} is not estimable (metafor escalc drop00 = TRUE).",
                double_zero,
                double_zero_words(&zero_kinds),
                measure.label().to_lowercase()
            ),
        });
    }
    if !undefined.is_empty() {
        notes
            .push(format!("Left out: {} — effect size not defined (zero SD or fewer than 3 participants).", undefined));
    }
    if !crossover.is_empty() {
        notes.push(format!(
            "Crossover trials entered as if parallel (marked; the within-person correlation is ignored, so their CIs are too wide): {}.",
            crossover
        ));
    }
    if !uncontrolled.is_empty() {
        notes.push(format!(
            "Left out: two-arm rows of uncontrolled designs (not pooled with randomized comparisons): {}.",
            uncontrolled
        ));
    }
    if !other_shape.is_empty() {
        let hint = match kind {
            RowKind::TwoArmBinary | RowKind::TwoArmContinuous => {
                "single-arm rows are pooled only with --measure pr; binary and continuous rows need different measures"
            }
            RowKind::SingleArmBinary => {
                "pr pools single-arm rows only; two-arm rows are pooled with rr, or, rd, md or smd"
            }
        };
        notes.push(format!(
            "Left out: rows of another kind than {} takes ({hint}): {}.",
            measure.as_str(),
            other_shape
        ));
    }
    if !no_numbers.is_empty() {
        notes.push(format!("Left out: rows without usable numbers (see their notes): {}.", no_numbers));
    }
    if !several.is_empty() {
        notes.push(format!("Trials with several rows for this outcome (one used each): {}.", several));
    }

    let subgroups =
        spec.subgroup.as_ref().map(|by| subgroups(by, &subgroup_of_row, &data, spec.method, measure, &options));
    let leave_one_out = spec.leave_one_out.then(|| leave_one_out_rows(&studies, &data, spec.method, measure, &options));

    let show = |x: f64| measure.to_display(x);
    let is_mh = spec.method == Method::Mh;
    Ok(PoolResult {
        outcome: spec.outcome.clone(),
        measure: measure.as_str(),
        measure_label: measure.label(),
        method: spec.method.as_str(),
        method_label: spec.method.label(),
        hksj: spec.hksj.is_some(),
        hksj_rule: spec.hksj.map(hksj_name),
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
        tau2: (!is_mh).then_some(fit.tau2),
        tau: (!is_mh).then_some(fit.tau2.sqrt()),
        i2: fit.heterogeneity.i2,
        h2: fit.heterogeneity.h2,
        q: fit.heterogeneity.q,
        q_df: fit.heterogeneity.df,
        q_p: fit.heterogeneity.p,
        pi_low: fit.pi.map(|i| show(i.low)),
        pi_high: fit.pi.map(|i| show(i.high)),
        model_pi_low: fit.pi.map(|i| i.low),
        model_pi_high: fit.pi.map(|i| i.high),
        iterations: fit.iterations,
        studies,
        subgroups,
        leave_one_out,
        notes,
        measure_kind: measure,
        method_kind: spec.method,
    })
}

/// The notes that say how the numbers were made.
fn method_notes(measure: Measure, spec: &Spec, fit: &Fit, corrected: usize) -> Vec<String> {
    let mut notes = Vec::new();
    notes.push(match measure {
        Measure::Rr | Measure::Or => format!(
            "{} pooled on the log scale and shown back-transformed; per-study CIs are 95% Wald CIs on the log scale.",
            measure.label()
        ),
        Measure::Rd => "Risk difference (treatment minus control); per-study 95% Wald CIs.".into(),
        Measure::Md => "Mean difference (treatment minus control); per-study 95% Wald CIs.".into(),
        Measure::Smd => "Hedges' g (treatment minus control) with the exact small-sample correction, variance 1/n1 + 1/n2 + g²/(2(n1 + n2)) (metafor escalc SMD).".into(),
        Measure::Pr => "Proportions pooled on the logit scale (metafor PLO) and shown back-transformed; single-arm rows only.".into(),
    });
    if measure.binary().is_some() || measure == Measure::Pr {
        let which = if measure == Measure::Pr {
            "both cells of a study with 0 or n events"
        } else {
            "all four cells of a study with a zero cell"
        };
        notes.push(format!(
            "Zero cells: 1/2 added to {which} (metafor escalc add = 1/2, to = \"only0\"){}.",
            if corrected > 0 { format!("; {corrected} stud(ies) corrected") } else { "; none needed".into() }
        ));
    }
    notes.push(match spec.method {
        Method::Fe => "Model: fixed (common) effect, inverse-variance weights (metafor rma method = \"FE\").".into(),
        Method::Mh => {
            let var = match measure {
                Measure::Rr => "Greenland-Robins variance",
                Measure::Or => "Robins-Breslow-Greenland variance",
                _ => "Sato/Greenland-Robins variance",
            };
            format!("Model: Mantel-Haenszel fixed effect on the raw 2x2 tables (no continuity correction), {var} (metafor rma.mh). Heterogeneity: Q about the MH estimate with inverse-variance weights of the corrected effect sizes, double zeros dropped; I² and H² from Q.")
        }
        Method::Dl => "Model: random effects; tau² by DerSimonian-Laird (metafor rma method = \"DL\").".into(),
        Method::Reml => format!(
            "Model: random effects; tau² by REML, Fisher scoring to |change| <= 1e-10 (at most 1000 iterations; {} used), step halving at 0 (metafor rma method = \"REML\").",
            fit.iterations.unwrap_or(0)
        ),
        Method::Pm => "Model: random effects; tau² by Paule-Mandel, Q(tau²) = k - 1 solved by Brent's method as R's uniroot (metafor rma method = \"PM\").".into(),
    });
    notes.push(match spec.hksj {
        Some(Hksj::AdHoc) => format!(
            "CI and test: Hartung-Knapp-Sidik-Jonkman, t with k - 1 = {} df, with Knapp & Hartung's ad hoc rule: the variance factor is raised to 1 when below it, so the CI is never narrower than the Wald CI (metafor test = \"adhoc\").",
            fit.t_df.unwrap_or(0)
        ),
        Some(Hksj::Plain) => format!(
            "CI and test: Hartung-Knapp-Sidik-Jonkman, t with k - 1 = {} df, variance factor not truncated at 1 (metafor test = \"knha\").",
            fit.t_df.unwrap_or(0)
        ),
        None => "CI and test: Wald, normal quantile 1.96.".into(),
    });
    if fit.statistic.is_none() {
        notes.push("Not defined: the test for the overall effect (the standard error is 0: the studies' effects are identical and the HKSJ variance factor is 0; the ad hoc rule, --hksj without --hksj-rule knha, avoids this).".into());
    }
    if fit.heterogeneity.i2.is_none() || fit.heterogeneity.q.is_none() {
        notes.push(
            "Not defined: some heterogeneity statistics (shown as —): they are not finite numbers for these studies."
                .into(),
        );
    }
    if spec.method.is_random() {
        notes.push("I² = 100 tau²/(tau² + s²) and H² = (tau² + s²)/s², s² the typical within-study variance (k-1)Σw/((Σw)² - Σw²) (metafor); Q and its p from fixed-effect weights.".into());
        notes.push(match fit.pi {
            Some(_) => format!(
                "Prediction interval: estimate ± t(0.975, k - 2 = {} df) × sqrt(tau² + SE²) (Higgins, Thompson & Spiegelhalter 2009).",
                fit.k - 2
            ),
            None => "No prediction interval: it needs k >= 3.".into(),
        });
    } else {
        notes.push("I² = max(0, (Q - df)/Q) and H² = Q/df. No prediction interval for a fixed-effect model.".into());
    }
    notes
}

/// metafor's name of an HKSJ rule.
fn hksj_name(rule: Hksj) -> &'static str {
    match rule {
        Hksj::AdHoc => "adhoc",
        Hksj::Plain => "knha",
    }
}

/// "no events in either arm", "every participant had the event in both arms", or both joined.
fn double_zero_words(kinds: &[DoubleZero]) -> String {
    let none = kinds.contains(&DoubleZero::NoEvents);
    let all = kinds.contains(&DoubleZero::AllEvents);
    match (none, all) {
        (true, true) => format!("{} or {}", DoubleZero::NoEvents.describe(), DoubleZero::AllEvents.describe()),
        (false, true) => DoubleZero::AllEvents.describe().into(),
        _ => DoubleZero::NoEvents.describe().into(),
    }
}

/// Refuse a study whose sampling variance is below the floor (`stats::pool::check_studies`), naming it.
fn check_variances(data: &Data, studies: &[StudyRow<'_>]) -> Result<(), PoolFailure> {
    let (v, rows): (Vec<f64>, Vec<usize>) = if data.tables.is_empty() {
        (data.v.clone(), data.row.clone())
    } else {
        data.table_es.iter().zip(&data.table_row).filter_map(|(e, &r)| e.map(|(_, vi)| (vi, r))).unzip()
    };
    if v.is_empty() {
        return Ok(());
    }
    let y = vec![0.0; v.len()];
    match pool::check_studies(&y, &v) {
        Err(PoolError::VarianceTooSmall { index, vi, max_vi }) => {
            let s = &studies[rows[index]];
            Err(PoolFailure::Analysis(format!(
                "study {} ({}): sampling variance {vi:e} is below the floor evrev pools (at least {:e}, and at least {:e} x the largest variance, here {max_vi:e}); its SDs or counts are implausibly small: check the catalog row",
                s.trial,
                s.label,
                pool::VI_FLOOR,
                pool::VI_RATIO_FLOOR
            )))
        }
        _ => Ok(()),
    }
}

fn subgroups(
    by: &SubgroupBy,
    group_of_row: &[String],
    data: &Data,
    method: Method,
    measure: Measure,
    options: &Options,
) -> Subgroups {
    // Groups in first-seen order (as R's unique()), over the pooled studies.
    let rows: &[usize] = if method == Method::Mh { &data.table_row } else { &data.row };
    let mut names: Vec<&str> = Vec::new();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut group_id = vec![usize::MAX; group_of_row.len()];
    for &r in rows {
        let g = group_of_row[r].as_str();
        let next = names.len();
        let id = *ids.entry(g).or_insert(next);
        if id == next {
            names.push(g);
        }
        group_id[r] = id;
    }
    let mut groups = Vec::new();
    let (mut est, mut ses) = (Vec::new(), Vec::new());
    for (gi, g) in names.iter().enumerate() {
        let keep = |r: usize| group_id[r] == gi;
        let row = match data.fit_where(method, measure, options, keep) {
            Ok(f) => {
                est.push(f.estimate);
                ses.push(f.se);
                SubgroupRow {
                    subgroup: g.to_string(),
                    k: f.k,
                    estimate: Some(measure.to_display(f.estimate)),
                    ci_low: Some(measure.to_display(f.ci.low)),
                    ci_high: Some(measure.to_display(f.ci.high)),
                    model_estimate: Some(f.estimate),
                    se: Some(f.se),
                    tau2: (method != Method::Mh).then_some(f.tau2),
                    i2: f.heterogeneity.i2,
                    q: f.heterogeneity.q,
                    q_p: f.heterogeneity.p,
                    error: None,
                }
            }
            Err(e) => SubgroupRow {
                subgroup: g.to_string(),
                k: rows.iter().filter(|&&r| keep(r)).count(),
                estimate: None,
                ci_low: None,
                ci_high: None,
                model_estimate: None,
                se: None,
                tau2: None,
                i2: None,
                q: None,
                q_p: None,
                error: Some(e.to_string()),
            },
        };
        groups.push(row);
    }
    let test = pool::subgroup_test(&est, &ses);
    Subgroups {
        by: by.name().to_string(),
        groups,
        q_between: test.map(|t| t.0),
        q_between_df: test.map(|t| t.1),
        q_between_p: test.map(|t| t.2),
    }
}

fn leave_one_out_rows<'a>(
    studies: &[StudyRow<'a>],
    data: &Data,
    method: Method,
    measure: Measure,
    options: &Options,
) -> Vec<LeaveOneOutRow<'a>> {
    let fits: Vec<(usize, Result<Fit, PoolError>)> = if method == Method::Mh {
        data.table_row.iter().map(|&r| (r, data.fit_where(method, measure, options, |x| x != r))).collect()
    } else {
        data.row.iter().copied().zip(pool::leave_one_out(&data.y, &data.v, options)).collect()
    };
    let show = |x: f64| measure.to_display(x);
    let total = fits.len();
    fits.into_iter()
        .map(|(r, f)| {
            let s = &studies[r];
            match f {
                Ok(f) => LeaveOneOutRow {
                    omitted: s.trial,
                    label: s.label,
                    k: f.k,
                    estimate: Some(show(f.estimate)),
                    ci_low: Some(show(f.ci.low)),
                    ci_high: Some(show(f.ci.high)),
                    model_estimate: Some(f.estimate),
                    se: Some(f.se),
                    model_ci_low: Some(f.ci.low),
                    model_ci_high: Some(f.ci.high),
                    tau2: (method != Method::Mh).then_some(f.tau2),
                    i2: f.heterogeneity.i2,
                    q: f.heterogeneity.q,
                    q_p: f.heterogeneity.p,
                    error: None,
                },
                Err(e) => LeaveOneOutRow {
                    omitted: s.trial,
                    label: s.label,
                    k: total - 1,
                    estimate: None,
                    ci_low: None,
                    ci_high: None,
                    model_estimate: None,
                    se: None,
                    model_ci_low: None,
                    model_ci_high: None,
                    tau2: None,
                    i2: None,
                    q: None,
                    q_p: None,
                    error: Some(e.to_string()),
                },
            }
        })
        .collect()
}
