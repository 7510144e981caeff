//! Summary of Findings: per outcome, the pooled relative effect (`pool`), the anticipated absolute
//! effects per 1,000 (`stats::absolute`), the GRADE certainty (`grade`) with a footnote per judgement,
//! and a plain-language statement in the wording of GRADE's informative statements (Santesso et al.
//! 2020, J Clin Epidemiol 119:126).

use super::bias::small_study_effects;
use super::grade::{Certainty, Downgrades, Evidence, Level, rate};
use super::pool::{self, Measure, Method, PoolFailure, PoolResult, Spec, StudyRow};
use crate::catalog::{Catalog, Filter, GradeDomain, Judgement, Trial};
use crate::error::AnalysisError;
use crate::stats::absolute::{Relative, out_of_range, per_1000, risk_with_intervention};
use crate::text::capitalise;
use serde::Serialize;

/// What to summarise.
#[derive(Debug, Clone, Default)]
pub struct SofSpec {
    /// Empty: every outcome with poolable rows under the filter.
    pub outcomes: Vec<String>,
    pub measure: Option<Measure>,
    pub method: Method,
    pub hksj: Option<crate::stats::pool::Hksj>,
}

/// A footnote: the reason for one domain's rating.
#[derive(Debug, Clone, Serialize)]
pub struct Footnote {
    pub letter: String,
    pub domain: GradeDomain,
    pub change: i8,
    pub text: String,
}

/// One SoF row (GRADEpro layout). Effects on the display scale; per-1,000 fields are null for a
/// continuous outcome (its difference is the MD or SMD itself).
#[derive(Debug, Clone, Serialize)]
pub struct SofRow {
    pub outcome: String,
    /// Condition key(s) of the evidence, `;`-separated.
    pub condition: String,
    pub timepoint: String,
    pub scale: String,
    pub k: usize,
    pub participants: u64,
    /// The pool's measure and estimator (in JSON: `measure`, `measure_label`, `method`).
    #[serde(flatten)]
    pub pooled_as: PooledAs,
    pub estimate: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// Control events / control participants of the pooled studies.
    pub control_risk: Option<f64>,
    pub per1000_c: Option<i64>,
    pub per1000_t: Option<i64>,
    pub per1000_t_low: Option<i64>,
    pub per1000_t_high: Option<i64>,
    /// Risk difference per 1,000 (intervention minus comparator) and its 95% CI, from the rounded counts.
    pub per1000_diff: Option<i64>,
    pub per1000_diff_low: Option<i64>,
    pub per1000_diff_high: Option<i64>,
    /// A bound of the relative effect gave a risk outside 0-1,000 per 1,000, kept at the bound.
    pub per1000_capped: bool,
    pub certainty: Level,
    pub start: Level,
    pub downgrades: Downgrades,
    pub footnotes: Vec<Footnote>,
    pub statement: String,
    /// The drug(s) and comparator(s) of the pooled trials, as the catalog names them ("a or b").
    pub intervention: String,
    pub comparator: String,
    /// The same, one entry per distinct name.
    #[serde(skip)]
    pub interventions: Vec<String>,
    #[serde(skip)]
    pub comparators: Vec<String>,
}

/// The measure and estimator of a SoF row's pool, typed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PooledAs {
    pub measure: Measure,
    pub method: Method,
}

impl Serialize for PooledAs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("PooledAs", 3)?;
        st.serialize_field("measure", self.measure.as_str())?;
        st.serialize_field("measure_label", self.measure.label())?;
        st.serialize_field("method", self.method.as_str())?;
        st.end()
    }
}

/// An outcome of the selection left out of the table, and why (pool's message).
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub outcome: String,
    /// Serialized as its message (`crate::error` renders it).
    #[serde(serialize_with = "crate::error::message")]
    pub reason: PoolFailure,
}

/// The SoF table and the outcomes left out of it.
#[derive(Debug, Clone, Serialize)]
pub struct SofReport {
    pub rows: Vec<SofRow>,
    /// Outcomes under the filter with nothing to pool.
    pub skipped: Vec<Skipped>,
}

/// Build the SoF table for the trials passing `filter`.
pub fn sof(catalog: &Catalog, filter: &Filter, spec: &SofSpec) -> Result<SofReport, PoolFailure> {
    sof_with_pools(catalog, filter, spec).map(|(report, _)| report)
}

/// [`sof`], and the fit behind each row (in row order), for a caller that draws them (the brief).
pub fn sof_with_pools<'a>(
    catalog: &'a Catalog,
    filter: &Filter,
    spec: &SofSpec,
) -> Result<(SofReport, Vec<PoolResult<'a>>), PoolFailure> {
    let explicit = !spec.outcomes.is_empty();
    let outcomes = if explicit { spec.outcomes.clone() } else { outcome_names(catalog, filter) };
    let mut report = SofReport { rows: Vec::new(), skipped: Vec::new() };
    let mut pools = Vec::new();
    for outcome in outcomes {
        let pool_spec = Spec {
            outcome: outcome.clone(),
            measure: spec.measure,
            method: spec.method,
            hksj: spec.hksj,
            subgroup: None,
            leave_one_out: false,
        };
        match pool::pool(catalog, filter, &pool_spec) {
            Ok(r) => {
                report.rows.push(row(catalog, filter, &r));
                pools.push(r);
            }
            Err(e) if explicit => return Err(e),
            Err(reason) => report.skipped.push(Skipped { outcome, reason }),
        }
    }
    // Footnote letters run through the whole table, as in GRADEpro.
    for (i, f) in report.rows.iter_mut().flat_map(|r| r.footnotes.iter_mut()).enumerate() {
        f.letter = letter(i);
    }
    if report.rows.is_empty() {
        let skipped = report.skipped.iter().map(|s| (s.outcome.clone(), s.reason.clone())).collect();
        return Err(AnalysisError::NothingForSof { filter: filter.describe(catalog), skipped }.into());
    }
    Ok((report, pools))
}

/// Outcome names of the selected rows, first-seen order, case-insensitively distinct.
fn outcome_names(catalog: &Catalog, filter: &Filter) -> Vec<String> {
    distinct(filter.rows(catalog).map(|(_, o)| &*o.outcome))
}

/// A pooled study with its trial.
struct Pooled<'a> {
    trial: &'a Trial,
    study: StudyRow<'a>,
}

fn pooled<'a>(catalog: &'a Catalog, r: &'a PoolResult<'a>) -> Vec<Pooled<'a>> {
    r.studies
        .iter()
        .filter(|s| s.weight.is_some())
        .filter_map(|s| Some(Pooled { trial: catalog.trial(s.trial)?, study: s }))
        .collect()
}

/// The people a pooled row rests on: both arms of a parallel trial; in a crossover the same people
/// are in both arms, so the larger arm (Taylor 2018: 16/18 vs 9/17 is 18 people, not 35).
fn participants(s: &Pooled<'_>) -> u64 {
    let (t, c) = (u64::from(s.study.n_t.unwrap_or(0)), u64::from(s.study.n_c.unwrap_or(0)));
    if s.trial.design == crate::catalog::Design::CrossoverRct { t.max(c) } else { t + c }
}

/// Distinct values (case-insensitive), first-seen order, blanks left out.
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values.map(str::trim).filter(|v| !v.is_empty()) {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(v)) {
            out.push(v.to_string());
        }
    }
    out
}

fn evidence(catalog: &Catalog, r: &PoolResult<'_>, studies: &[Pooled<'_>]) -> Evidence {
    let judged = |s: &Pooled<'_>| catalog.rob.as_ref().and_then(|t| t.of(&s.trial.id)).map(|a| a.overall);
    let sum_where = |j: Judgement| studies.iter().filter(|s| judged(s) == Some(j)).map(|s| participants(s)).sum();
    let null = r.choice.measure.null_value();
    Evidence {
        k: r.k,
        participants: studies.iter().map(|s| participants(s)).sum(),
        randomized: studies.iter().all(|s| s.trial.design.is_controlled()),
        participants_low: sum_where(Judgement::Low),
        participants_high: sum_where(Judgement::High),
        participants_unassessed: studies.iter().filter(|s| judged(s).is_none()).map(|s| participants(s)).sum(),
        unassessed: studies.iter().filter(|s| judged(s).is_none()).count(),
        i2: r.heterogeneity.i2.unwrap_or(0.0),
        i2_defined: r.heterogeneity.i2.is_some(),
        ci_includes_null: null.is_some_and(|n| r.ci_low <= n && n <= r.ci_high),
        egger_p: small_study_effects(r).egger_p,
        scales: distinct(studies.iter().map(|s| s.study.scale)),
        definitions: distinct(studies.iter().map(|s| s.study.definition)),
    }
}

/// The condition key(s) of a row: the filter's, else those the pooled rows measure.
fn condition(filter: &Filter, studies: &[Pooled<'_>]) -> Vec<String> {
    if !filter.conditions.is_empty() {
        return filter.conditions.clone();
    }
    distinct(studies.iter().flat_map(|s| s.study.conditions.iter().map(String::as_str)))
}

fn row(catalog: &Catalog, filter: &Filter, r: &PoolResult<'_>) -> SofRow {
    let studies = pooled(catalog, r);
    let e = evidence(catalog, r, &studies);
    let conditions = condition(filter, &studies);
    let overrides: Vec<_> = catalog
        .grade
        .iter()
        .filter(|o| o.outcome.eq_ignore_ascii_case(&r.outcome) && conditions == [o.condition.clone()])
        .collect();
    let certainty = rate(&e, &overrides);
    let interventions: Vec<String> =
        distinct(studies.iter().map(|s| s.trial.drug())).iter().map(|d| d.to_lowercase()).collect();
    let intervention = interventions.join(" or ");
    let comparators = distinct(studies.iter().map(|s| s.trial.comparator()));
    let absolute = absolute(r, &studies);
    SofRow {
        outcome: r.outcome.clone(),
        condition: conditions.join(";"),
        timepoint: summarise(distinct(studies.iter().map(|s| s.study.timepoint))),
        scale: summarise(e.scales.clone()),
        k: r.k,
        participants: e.participants,
        pooled_as: PooledAs { measure: r.choice.measure, method: r.choice.method },
        estimate: r.estimate,
        ci_low: r.ci_low,
        ci_high: r.ci_high,
        control_risk: absolute.acr,
        per1000_c: absolute.acr.map(per_1000),
        per1000_t: absolute.t.map(per_1000),
        per1000_t_low: absolute.low.map(per_1000),
        per1000_t_high: absolute.high.map(per_1000),
        per1000_diff: difference(absolute.acr, absolute.t),
        per1000_diff_low: difference(absolute.acr, absolute.low),
        per1000_diff_high: difference(absolute.acr, absolute.high),
        per1000_capped: absolute.capped,
        statement: statement(
            &certainty,
            r,
            e.ci_includes_null,
            &intervention,
            &summarise(e.scales.clone()),
            absolute.t,
        ),
        footnotes: footnotes(&certainty),
        certainty: certainty.level,
        start: certainty.start,
        downgrades: certainty.downgrades,
        intervention,
        comparator: comparators.join(" or "),
        interventions,
        comparators,
    }
}

/// "a", "a; b" or "a; b; and 3 more".
fn summarise(values: Vec<String>) -> String {
    match values.len() {
        0..=3 => values.join("; "),
        n => format!("{}; and {} more", values[..3].join("; "), n - 3),
    }
}

/// Risks (proportions) with comparator and intervention, and the intervention's CI.
#[derive(Default)]
struct Absolute {
    acr: Option<f64>,
    t: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    /// A risk was kept at 0 or 1 (see `stats::absolute::out_of_range`).
    capped: bool,
}

fn absolute(r: &PoolResult<'_>, studies: &[Pooled<'_>]) -> Absolute {
    let relative: fn(f64) -> Relative = match r.choice.measure {
        Measure::Rr => Relative::Rr,
        Measure::Or => Relative::Or,
        Measure::Rd => Relative::Rd,
        // Single-arm studies: the pooled proportion itself, with no comparator.
        Measure::Pr => {
            return Absolute {
                acr: None,
                t: Some(r.estimate),
                low: Some(r.ci_low),
                high: Some(r.ci_high),
                capped: false,
            };
        }
        Measure::Md | Measure::Smd => return Absolute::default(),
    };
    let events: u64 = studies.iter().map(|s| u64::from(s.study.events_c.unwrap_or(0))).sum();
    let n: u64 = studies.iter().map(|s| u64::from(s.study.n_c.unwrap_or(0))).sum();
    if n == 0 {
        return Absolute::default();
    }
    let acr = events as f64 / n as f64;
    let at = |x: f64| risk_with_intervention(acr, relative(x));
    let capped = [r.estimate, r.ci_low, r.ci_high].into_iter().any(|x| out_of_range(acr, relative(x)));
    Absolute { acr: Some(acr), t: at(r.estimate), low: at(r.ci_low), high: at(r.ci_high), capped }
}

/// Intervention minus comparator, per 1,000 (of the rounded counts, so the table's numbers add up).
fn difference(acr: Option<f64>, risk: Option<f64>) -> Option<i64> {
    Some(per_1000(risk?) - per_1000(acr?))
}

fn footnotes(c: &Certainty) -> Vec<Footnote> {
    let shown = c
        .downgrades
        .iter()
        .filter(|(_, r)| r.change != 0 || r.source == "reviewer" || r.reason.starts_with("not assessable"));
    shown
        .enumerate()
        .map(|(i, (domain, r))| {
            let how = match r.change {
                0 => "not rated down".to_string(),
                -1 => "rated down one level".into(),
                -2 => "rated down two levels".into(),
                1 => "rated up one level".into(),
                c => format!("rated up {c} levels"),
            };
            let letter = letter(i);
            let text = format!("{}: {how}: {}.", capitalise(&domain.words()), r.reason);
            Footnote { letter, domain, change: r.change, text }
        })
        .collect()
}

/// What a statement says changes, in words rather than the outcome's key: a score outcome is the
/// scale's scores ("MADRS scores", not "madrs-change"); an event outcome is its name, on its scale
/// when one scale measured it ("response on the CAPS-5").
fn outcome_words(r: &PoolResult<'_>, scale: &str) -> String {
    let scale = scale.trim();
    let name = r.outcome.replace(['-', '_'], " ");
    let several = scale.contains(';');
    match (!r.choice.measure.binary_like(), scale.is_empty(), several) {
        (true, true, _) => format!("{name} scores"),
        (true, false, false) => format!("{scale} scores"),
        (true, false, true) => format!("symptom scores ({scale})"),
        (false, false, false) => format!("{name} on the {scale}"),
        (false, _, _) => name,
    }
}

/// a, b, ..., z, aa, ab, ...
fn letter(i: usize) -> String {
    let c = |n: usize| char::from(b'a' + (n % 26) as u8);
    if i < 26 { c(i).to_string() } else { format!("{}{}", c(i / 26 - 1), c(i)) }
}

/// GRADE's informative statement (Santesso et al. 2020): certainty sets the verb's hedge, the CI and
/// direction its content.
pub fn statement(
    c: &Certainty,
    r: &PoolResult<'_>,
    ci_includes_null: bool,
    intervention: &str,
    scale: &str,
    risk: Option<f64>,
) -> String {
    let who = if intervention.is_empty() { "the intervention" } else { intervention };
    let outcome = &outcome_words(r, scale);
    if r.choice.measure == Measure::Pr {
        let hedge = match c.level {
            Level::High => "",
            Level::Moderate => "probably ",
            Level::Low => "may ",
            Level::VeryLow => "(very uncertain) ",
        };
        let n = risk.map_or("an unknown number".into(), |p| per_1000(p).to_string());
        let verb = if hedge == "may " { "have" } else { "has" };
        return format!(
            "In uncontrolled studies, about {n} in 1,000 people given {who} {hedge}{verb} {outcome}; with no comparator this does not show an effect of {who}."
        );
    }
    let up = r.choice.measure.null_value().is_none_or(|n| r.estimate >= n);
    let (verb_s, verb) = if up { ("increases", "increase") } else { ("reduces", "reduce") };
    let text = match (c.level, ci_includes_null) {
        (Level::High, true) => format!("{who} makes little or no difference to {outcome}"),
        (Level::Moderate, true) => format!("{who} probably makes little or no difference to {outcome}"),
        (Level::High, false) => format!("{who} {verb_s} {outcome}"),
        (Level::Moderate, false) => format!("{who} probably {verb_s} {outcome}"),
        (Level::Low, _) => format!("{who} may {verb} {outcome}"),
        (Level::VeryLow, _) => format!("we are very uncertain whether {who} {verb_s} {outcome}"),
    };
    capitalise(&text) + "."
}
