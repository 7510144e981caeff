//! Pooling steps 1 and 2: choose the rows (one per trial) and the measure, and refuse a request the
//! data cannot meet.

use super::data::{Names, RowKind, row_kind};
use super::{Measure, Method, PoolFailure, Spec};
use crate::catalog::{Catalog, Filter, Outcome, Trial};
use crate::error::{AnalysisError, NothingToPool, UsageError};

/// The candidate rows: one per trial of the selection that has the outcome.
pub(super) struct Selection<'a> {
    pub candidates: Vec<(&'a Trial, &'a Outcome)>,
    /// Trials with several rows for the outcome, and which one was used.
    pub several: Names,
    /// Candidates of each kind (two-arm binary and continuous rows of controlled trials, single-arm
    /// binary rows), counted as they are chosen, for `choose_measure`.
    pub kinds: Kinds,
}

#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Kinds {
    binary: usize,
    continuous: usize,
    single_arm: usize,
}

impl Kinds {
    fn count(&mut self, t: &Trial, o: &Outcome) {
        match row_kind(o) {
            Some(RowKind::TwoArmBinary) if t.design.is_controlled() => self.binary += 1,
            Some(RowKind::TwoArmContinuous) if t.design.is_controlled() => self.continuous += 1,
            Some(RowKind::SingleArmBinary) => self.single_arm += 1,
            _ => {}
        }
    }

    fn add(&mut self, other: Kinds) {
        (self.binary, self.continuous, self.single_arm) =
            (self.binary + other.binary, self.continuous + other.continuous, self.single_arm + other.single_arm);
    }
}

/// Step 1: the trials passing `filter` that report `spec.outcome`, one row each (the primary row, else
/// the first with numbers, when a trial has several). A large catalog's trials are looked at in two
/// halves on two threads (finding a trial's rows is a probe of the catalog's id index, a cache miss
/// each at a million trials), the second half's rows and notes after the first's.
pub(super) fn choose_rows<'a>(
    catalog: &'a Catalog,
    filter: &Filter,
    spec: &Spec,
) -> Result<Selection<'a>, PoolFailure> {
    const SPLIT_AT: usize = 1 << 16;
    let trials = &catalog.trials[..];
    let sel = if trials.len() < SPLIT_AT {
        rows_of(catalog, filter, spec, trials)
    } else {
        let (first, second) = trials.split_at(trials.len() / 2);
        std::thread::scope(|scope| {
            let Ok(later) = std::thread::Builder::new().spawn_scoped(scope, || rows_of(catalog, filter, spec, second))
            else {
                return rows_of(catalog, filter, spec, trials); // the system refused a thread
            };
            let mut sel = rows_of(catalog, filter, spec, first);
            let later = later.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            sel.candidates.extend(later.candidates);
            sel.several.append(later.several);
            sel.kinds.add(later.kinds);
            sel
        })
    };
    if sel.candidates.is_empty() {
        return Err(nothing(catalog, filter, spec, NothingToPool::NoRows));
    }
    Ok(sel)
}

/// [`choose_rows`] among `trials` (a run of the catalog's).
fn rows_of<'a>(catalog: &'a Catalog, filter: &Filter, spec: &Spec, trials: &'a [Trial]) -> Selection<'a> {
    let mut sel = Selection { candidates: Vec::new(), several: Names::default(), kinds: Kinds::default() };
    // Rows are selected by the condition each measures (its own, else the trial's): see Filter::selects.
    for t in trials.iter().filter(|t| filter.matches_besides_condition(t)) {
        let mut rows =
            catalog.outcomes_for(t).filter(|o| o.outcome.eq_ignore_ascii_case(&spec.outcome) && filter.selects(t, o));
        let Some(first) = rows.next() else { continue };
        // Most trials have one row: a list is built only for a trial with several.
        let chosen = match rows.next() {
            None => first,
            Some(second) => {
                let all: Vec<&'a Outcome> = [first, second].into_iter().chain(rows).collect();
                one_of_several(t, &all, &mut sel.several)
            }
        };
        sel.kinds.count(t, chosen);
        sel.candidates.push((t, chosen));
    }
    sel
}

/// The row a trial with several rows for the outcome contributes, the choice noted.
fn one_of_several<'a>(t: &Trial, rows: &[&'a Outcome], several: &mut Names) -> &'a Outcome {
    let primary = rows.iter().copied().find(|o| o.is_primary() && row_kind(o).is_some());
    match primary.or_else(|| rows.iter().copied().find(|o| row_kind(o).is_some())) {
        Some(chosen) => {
            let why = if primary.is_some() { "the primary row" } else { "the first row with numbers" };
            several.push(|| {
                format!("{} ({} rows; used {why}, time point \"{}\")", t.citation(), rows.len(), chosen.timepoint)
            });
            chosen
        }
        None => rows[0],
    }
}

/// Step 2: the measure asked for, or the default for the rows' kind (with a note saying so).
pub(super) fn choose_measure(
    catalog: &Catalog,
    filter: &Filter,
    spec: &Spec,
    sel: &Selection<'_>,
) -> Result<(Measure, Option<String>), PoolFailure> {
    if let Some(m) = spec.measure {
        return Ok((m, None));
    }
    let Kinds { binary: nb, continuous: nc, single_arm: ns } = sel.kinds;
    if nb > 0 && nb >= nc {
        Ok((Measure::Rr, Some("Measure: risk ratio (the default for a binary outcome; --measure to choose).".into())))
    } else if nc > 0 {
        let note = "Measure: standardized mean difference (the default for a continuous outcome; --measure to choose).";
        Ok((Measure::Smd, Some(note.into())))
    } else if ns > 0 {
        Err(UsageError::OnlySingleArm { outcome: spec.outcome.clone(), rows: ns }.into())
    } else {
        Err(nothing(catalog, filter, spec, NothingToPool::NoNumbers { rows: sel.candidates.len() }))
    }
}

/// Nothing to pool for `spec.outcome` under `filter`, for reason `why`.
pub(super) fn nothing(catalog: &Catalog, filter: &Filter, spec: &Spec, why: NothingToPool) -> PoolFailure {
    AnalysisError::NothingToPool {
        outcome: spec.outcome.clone(),
        origin: catalog.origin.clone(),
        filter: filter.describe(catalog),
        why,
    }
    .into()
}

/// Method and measure must fit together: Mantel-Haenszel is for binary two-arm measures, HKSJ for
/// random effects.
pub(super) fn check_request(spec: &Spec, measure: Measure) -> Result<(), PoolFailure> {
    if spec.method == Method::Mh && measure.binary().is_none() {
        return Err(UsageError::MhNeedsBinary { measure: measure.as_str() }.into());
    }
    if spec.hksj.is_some() && !spec.method.is_random() {
        return Err(UsageError::HksjNeedsRandom { method: spec.method.as_str() }.into());
    }
    Ok(())
}
