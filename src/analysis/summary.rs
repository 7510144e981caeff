//! Per-outcome summaries (rates with CIs, RR, RD, NNT, MD, SMD) and per-condition totals.

use crate::catalog::{ArmData, Catalog, Filter, Outcome, Provenance, Trial};
use crate::stats::effect::{BinaryMeasure, MeansSds, TwoByTwo, ZeroCells, binary_effect, nnt};
use crate::stats::proportion::{CiMethod, Proportion};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// One outcome row summarised. Rates are fractions; ratios on the natural scale; `None` = not defined.
/// Text is borrowed from the catalog (a row costs no copies of it).
#[derive(Debug, Clone, Default, Serialize)]
pub struct OutcomeSummary<'a> {
    pub trial: &'a str,
    /// The conditions the row measures (its own `condition`, else the trial's), `;`-separated.
    pub condition: Keys<'a>,
    pub outcome: &'a str,
    pub timepoint: &'a str,
    pub events_t: Option<u32>,
    pub n_t: Option<u32>,
    pub rate_t: Option<f64>,
    pub rate_t_low: Option<f64>,
    pub rate_t_high: Option<f64>,
    pub events_c: Option<u32>,
    pub n_c: Option<u32>,
    pub rate_c: Option<f64>,
    pub rate_c_low: Option<f64>,
    pub rate_c_high: Option<f64>,
    pub rr: Option<f64>,
    pub rr_low: Option<f64>,
    pub rr_high: Option<f64>,
    pub rd: Option<f64>,
    pub rd_low: Option<f64>,
    pub rd_high: Option<f64>,
    /// Treat this many for one more patient to benefit (negative: to be harmed): 1/RD when more events
    /// are better (response), -1/RD when fewer are (relapse, adverse events, dropouts:
    /// `analysis::pool::Better::by_name`); an outcome whose name says neither is read as "more is better".
    pub nnt: Option<f64>,
    /// The NNT's CI (1/rd_high, 1/rd_low) when the RD interval excludes zero; empty otherwise.
    pub nnt_low: Option<f64>,
    pub nnt_high: Option<f64>,
    /// The NNT's CI as Altman gives it (serialized as his text, e.g. "NNTB 2.1 to NNTB 9.5" or
    /// "NNTH 20 to ∞ to NNTB 4.0", by `report::summary`).
    pub nnt_ci: Option<NntCi>,
    /// Whether 0.5 was added to every cell of the 2x2 table for the RR (a zero cell).
    pub rr_corrected: bool,
    pub mean_t: Option<f64>,
    pub sd_t: Option<f64>,
    pub mean_c: Option<f64>,
    pub sd_c: Option<f64>,
    /// Percentages (0-100) the paper reports without an honest count: shown, never computed with.
    #[serde(serialize_with = "whole_as_integer")]
    pub pct_t: Option<f64>,
    #[serde(serialize_with = "whole_as_integer")]
    pub pct_c: Option<f64>,
    /// `reported`, `derived` (from a percentage and a known denominator) or `secondary`; null when not stated.
    pub provenance: Option<Provenance>,
    pub md: Option<f64>,
    pub md_low: Option<f64>,
    pub md_high: Option<f64>,
    /// Hedges' g (treatment minus control).
    pub smd: Option<f64>,
    pub smd_low: Option<f64>,
    pub smd_high: Option<f64>,
    pub ci_method: &'static str,
    pub design: &'static str,
    pub citation: &'a str,
    pub scale: &'a str,
    pub definition: &'a str,
    /// Days after the first dose; whole days are written as integers.
    #[serde(serialize_with = "whole_as_integer")]
    pub days: Option<f64>,
    /// `None`: the catalog does not say (not the same as "no").
    pub primary: Option<bool>,
    pub arm_t: &'a str,
    pub arm_c: Option<&'a str>,
    pub source: &'a str,
    /// The row's notes (derivations, or why numbers are missing).
    pub notes: Cow<'a, str>,
    /// A trial listed without an outcome row (it has none the filters select): not a data row.
    #[serde(skip)]
    pub no_rows: bool,
}

/// Condition keys, written `;`-separated (in CSV and JSON, text).
#[derive(Debug, Clone, Copy, Default)]
pub struct Keys<'a>(pub &'a [String]);

impl fmt::Display for Keys<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, key) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(";")?;
            }
            f.write_str(key)?;
        }
        Ok(())
    }
}

impl Serialize for Keys<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            [one] => s.serialize_str(one),
            _ => s.collect_str(self),
        }
    }
}

/// The confidence interval of a number needed to treat (Altman DG, BMJ 1998;317:1309-12), from
/// the RD's interval: NNT bounds are 1/RD_high and 1/RD_low. Numbers only: `report::summary`
/// writes the text (and serializes it as that text).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NntCi {
    /// The RD interval lies above zero: NNTB `from` to NNTB `to` (1/RD_high, 1/RD_low).
    Benefit { from: f64, to: f64 },
    /// The RD interval lies below zero: NNTH `from` to NNTH `to` (-1/RD_low, -1/RD_high), the
    /// smaller number first as for a benefit and in the table.
    Harm { from: f64, to: f64 },
    /// The RD interval includes zero: from `from` (1/RD_low) through infinity to `to` (1/RD_high);
    /// each is an NNTB when positive, an NNTH (its magnitude) when negative, infinite at an RD bound of 0.
    Spans { from: f64, to: f64 },
}

impl NntCi {
    /// The interval of `nnt` (`stats::effect::nnt`).
    fn of(n: &crate::stats::effect::Nnt) -> NntCi {
        let (a, b) = (n.bound_a, n.bound_b);
        if n.crosses_zero {
            NntCi::Spans { from: b, to: a }
        } else if a > 0.0 {
            NntCi::Benefit { from: a, to: b }
        } else {
            NntCi::Harm { from: -b, to: -a }
        }
    }
}

/// `14.0` as `14`: days and percentages are usually whole, and should read as they were written.
fn whole_as_integer<S: serde::Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match *x {
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => s.serialize_i64(v as i64),
        Some(v) => s.serialize_f64(v),
        None => s.serialize_none(),
    }
}

/// Trials, participants and controlled participants for one condition.
#[derive(Debug, Clone, Serialize)]
pub struct ConditionTotal {
    pub condition: String,
    pub label: String,
    pub trials: usize,
    pub randomized: u64,
    pub controlled_trials: usize,
    pub randomized_controlled: u64,
    /// Trials whose number randomized is not reported (not in the sums).
    pub n_unknown: usize,
}

/// A row for `trial` with nothing filled in but the trial's facts (a trial without outcome rows).
fn blank(trial: &Trial, method: CiMethod) -> OutcomeSummary<'_> {
    OutcomeSummary {
        trial: &trial.id,
        condition: Keys(&trial.conditions),
        ci_method: method.name(),
        design: trial.design.as_str(),
        citation: trial.citation(),
        ..OutcomeSummary::default()
    }
}

/// Summarise one outcome row of `trial`.
pub fn summarise<'a>(trial: &'a Trial, o: &'a Outcome, method: CiMethod) -> OutcomeSummary<'a> {
    let mut s = OutcomeSummary {
        condition: Keys(o.conditions_or(trial)),
        outcome: &o.outcome,
        timepoint: &o.timepoint,
        n_t: o.treatment.data.n(),
        n_c: o.control.as_ref().and_then(|c| c.data.n()),
        pct_t: o.pct_t(),
        pct_c: o.pct_c(),
        provenance: o.provenance,
        scale: &o.scale,
        definition: &o.definition,
        days: o.days(),
        primary: o.primary,
        arm_t: &o.arm_t,
        arm_c: o.control.as_ref().map(|_| &*o.arm_c),
        source: &o.source,
        notes: Cow::Borrowed(&o.notes),
        ..blank(trial, method)
    };
    let rate = |events, n| Proportion::new(events, n).map(|p| p.estimate(method));
    match (o.treatment.data, o.control.as_ref().map(|c| c.data)) {
        (ArmData::Binary { events: et, n: nt }, control) => {
            s.events_t = Some(et);
            if let Some(r) = rate(et, nt) {
                (s.rate_t, s.rate_t_low, s.rate_t_high) = (Some(r.estimate), Some(r.ci.low), Some(r.ci.high));
            }
            if let Some(ArmData::Binary { events: ec, n: nc }) = control {
                s.events_c = Some(ec);
                if let Some(r) = rate(ec, nc) {
                    (s.rate_c, s.rate_c_low, s.rate_c_high) = (Some(r.estimate), Some(r.ci.low), Some(r.ci.high));
                }
                let fewer_is_better = super::pool::Better::by_name(&o.outcome) == Some(super::pool::Better::Lower);
                two_by_two(&mut s, &TwoByTwo { events_t: et, n_t: nt, events_c: ec, n_c: nc }, fewer_is_better);
            }
        }
        (ArmData::Continuous { mean: mt, sd: st, n: nt }, control) => {
            (s.mean_t, s.sd_t) = (Some(mt), Some(st));
            if let Some(ArmData::Continuous { mean: mc, sd: sc, n: nc }) = control {
                (s.mean_c, s.sd_c) = (Some(mc), Some(sc));
                let data = MeansSds { mean_t: mt, sd_t: st, n_t: nt, mean_c: mc, sd_c: sc, n_c: nc };
                let md = data.mean_difference().wald();
                (s.md, s.md_low, s.md_high) = (Some(md.estimate), Some(md.ci.low), Some(md.ci.high));
                if let Some(g) = data.hedges_g() {
                    let g = g.wald();
                    (s.smd, s.smd_low, s.smd_high) = (Some(g.estimate), Some(g.ci.low), Some(g.ci.high));
                }
            }
        }
        (ArmData::Unreported { .. }, _) => {}
    }
    s
}

/// The comparison of a two-arm binary row: RR (log scale, Wald CI, 0.5 added to a zero cell), RD
/// (Wald CI) and the NNT with Altman's interval.
fn two_by_two(s: &mut OutcomeSummary<'_>, table: &TwoByTwo, fewer_is_better: bool) {
    if let Some(rr) = binary_effect(table, BinaryMeasure::Rr, ZeroCells::RATIO) {
        let e = rr.wald_exp();
        (s.rr, s.rr_low, s.rr_high, s.rr_corrected) = (Some(e.estimate), Some(e.ci.low), Some(e.ci.high), rr.corrected);
    }
    let Some(rd) = binary_effect(table, BinaryMeasure::Rd, ZeroCells::PLAIN).map(|e| e.wald()) else {
        return;
    };
    (s.rd, s.rd_low, s.rd_high) = (Some(rd.estimate), Some(rd.ci.low), Some(rd.ci.high));
    // Benefit is fewer events for a relapse-like outcome: the NNT of the RD's mirror image.
    let n = if fewer_is_better {
        nnt(crate::stats::Effect {
            estimate: -rd.estimate,
            ci: crate::stats::Interval { low: -rd.ci.high, high: -rd.ci.low },
        })
    } else {
        nnt(rd)
    };
    s.nnt = n.estimate.is_finite().then_some(n.estimate);
    s.nnt_ci = Some(NntCi::of(&n));
    if !n.crosses_zero {
        (s.nnt_low, s.nnt_high) = (Some(n.bound_a), Some(n.bound_b));
    }
}

/// Summaries of the outcome rows `filter` selects (and named `outcome`, if given), by the condition
/// each row measures, computed one at a time as the iterator is read (nothing held). Without
/// `outcome`, every trial the filter selects by its own conditions that has no selected row is listed
/// too (`no_rows`), so the trials counted agree with `conditions`.
pub fn summaries<'a>(
    catalog: &'a Catalog,
    filter: &'a Filter,
    outcome: Option<&'a str>,
    method: CiMethod,
) -> impl Iterator<Item = OutcomeSummary<'a>> + 'a {
    summaries_of(catalog, filter, &catalog.trials, outcome, method)
}

/// [`summaries`] of the rows of `trials` (a run of the catalog's trials, e.g. one of [`trial_parts`]):
/// the summaries of consecutive runs, one after the other, are `summaries`.
pub fn summaries_of<'a>(
    catalog: &'a Catalog,
    filter: &'a Filter,
    trials: &'a [Trial],
    outcome: Option<&'a str>,
    method: CiMethod,
) -> impl Iterator<Item = OutcomeSummary<'a>> + 'a {
    trials
        .iter()
        .filter(|t| filter.matches_besides_condition(t))
        .flat_map(move |t| trial_summaries(catalog, filter, t, outcome, method))
}

/// The catalog's trials in consecutive runs of about 4,096 outcome rows on average (at most 2,048
/// trials), for summarising the runs apart (on two threads) and writing them in order: a run's
/// rows are usually a megabyte or two of CSV.
pub fn trial_parts(catalog: &Catalog) -> Vec<&[Trial]> {
    let per_trial = catalog.outcomes.len().div_ceil(catalog.trials.len().max(1)).max(1);
    catalog.trials.chunks((4096 / per_trial).clamp(1, 2048)).collect()
}

/// The rows of one trial that `summaries` lists: its selected rows, or the listing of a trial without any.
fn trial_summaries<'a>(
    catalog: &'a Catalog,
    filter: &'a Filter,
    t: &'a Trial,
    outcome: Option<&'a str>,
    method: CiMethod,
) -> impl Iterator<Item = OutcomeSummary<'a>> + 'a {
    let mut rows = selected_rows(catalog, filter, t, outcome).peekable();
    let listing = (rows.peek().is_none() && outcome.is_none() && filter.matches(t)).then(|| {
        let notes = if catalog.outcomes_for(t).next().is_some() {
            format!("no outcome rows for {} (the trial's rows measure other conditions)", filter.describe(catalog))
        } else {
            "no outcome rows in the catalog".to_string()
        };
        OutcomeSummary { notes: Cow::Owned(notes), no_rows: true, ..blank(t, method) }
    });
    rows.map(move |o| summarise(t, o, method)).chain(listing)
}

/// The outcome rows of `t` that `filter` selects and named `outcome` (if given).
fn selected_rows<'a>(
    catalog: &'a Catalog,
    filter: &'a Filter,
    t: &'a Trial,
    outcome: Option<&'a str>,
) -> impl Iterator<Item = &'a Outcome> + 'a {
    catalog
        .outcomes_for(t)
        .filter(move |o| filter.selects(t, o) && outcome.is_none_or(|name| o.outcome.eq_ignore_ascii_case(name)))
}

/// Totals per condition over the trials passing `filter`: every condition in `keys` (all of the
/// catalog's when empty), even those with no trial. A trial of two conditions counts in both.
pub fn condition_totals(catalog: &Catalog, filter: &Filter, keys: &[String]) -> Vec<ConditionTotal> {
    totals_of(catalog, filter.trials(catalog).collect(), keys)
}

/// Totals per condition over the trials passing `filter` that `summaries` lists (with an outcome row,
/// or as a trial without rows): the trials of the summary table, so `--outcome` narrows them as it
/// narrows the rows. Conditions as in `condition_totals`.
pub fn condition_totals_of_rows(
    catalog: &Catalog,
    filter: &Filter,
    keys: &[String],
    outcome: Option<&str>,
) -> Vec<ConditionTotal> {
    let listed = |t: &&Trial| {
        filter.matches_besides_condition(t)
            && (selected_rows(catalog, filter, t, outcome).next().is_some() || (outcome.is_none() && filter.matches(t)))
    };
    totals_of(catalog, filter.trials(catalog).filter(listed).collect(), keys)
}

/// Totals of `trials` per condition in `keys` (all of the catalog's when empty).
fn totals_of(catalog: &Catalog, trials: Vec<&Trial>, keys: &[String]) -> Vec<ConditionTotal> {
    let keys: Vec<&str> = if keys.is_empty() {
        catalog.conditions.iter().map(|c| c.key.as_str()).collect()
    } else {
        keys.iter().map(String::as_str).collect()
    };
    keys.into_iter()
        .map(|key| {
            let trials: Vec<&Trial> =
                trials.iter().copied().filter(|t| t.conditions.iter().any(|c| c == key)).collect();
            let controlled: Vec<&&Trial> = trials.iter().filter(|t| t.design.is_controlled()).collect();
            ConditionTotal {
                condition: key.to_string(),
                label: catalog.label(key).to_string(),
                trials: trials.len(),
                randomized: trials.iter().filter_map(|t| t.n_randomized).map(u64::from).sum(),
                controlled_trials: controlled.len(),
                randomized_controlled: controlled.iter().filter_map(|t| t.n_randomized).map(u64::from).sum(),
                n_unknown: trials.iter().filter(|t| t.n_randomized.is_none()).count(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::effect::nnt;
    use crate::stats::{Effect, Interval};

    #[test]
    fn the_nnt_interval_keeps_altmans_bounds_and_their_kind() {
        let ci = |low, high| NntCi::of(&nnt(Effect { estimate: 0.1, ci: Interval { low, high } }));
        assert_eq!(ci(-0.05, 0.25), NntCi::Spans { from: -20.0, to: 4.0 });
        assert_eq!(ci(0.1, 0.5), NntCi::Benefit { from: 2.0, to: 10.0 });
        assert_eq!(ci(-0.5, -0.1), NntCi::Harm { from: 2.0, to: 10.0 });
    }
}
