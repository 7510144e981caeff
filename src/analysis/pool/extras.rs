//! Refits of a pooled result: one per subgroup (with the test for subgroup differences) and one without
//! each study in turn (leave-one-out).

use super::data::Data;
use super::{LeaveOneOutRow, Measure, Method, Study, SubgroupBy, SubgroupRow, Subgroups};
use crate::catalog::fnv::FnvMap;
use crate::error::AnalysisError;
use crate::stats::pool::{self, Fit, Options, PoolError};
use std::borrow::Cow;

pub(super) fn subgroups<'a>(
    by: &SubgroupBy,
    group_of_row: &[Cow<'a, str>],
    studies: &[Study<'_>],
    data: &Data,
    method: Method,
    measure: Measure,
    options: &Options,
) -> Subgroups<'a> {
    // Groups in first-seen order (as R's unique()), over the pooled studies.
    let rows: &[usize] = if method == Method::Mh { &data.table_row } else { &data.row };
    let groups = Groups::of(rows.iter().map(|&r| &group_of_row[r]));
    let fit = |name: &Cow<'a, str>, at: &[usize], scratch: &mut Scratch| {
        let fitted = match method {
            Method::Mh => data.fit_at(method, measure, options, at),
            _ => data.fit_at_in(options, at, scratch),
        };
        subgroup_row(name, at.len(), fitted.map_err(|e| data.failure(e, at, studies)), method, measure)
    };
    let rows = groups.rows(&fit);
    // A fitted subgroup's row holds its model-scale estimate and standard error.
    let (est, ses): (Vec<f64>, Vec<f64>) = rows.iter().filter_map(|r| Some((r.model_estimate?, r.se?))).unzip();
    let test = pool::subgroup_test(&est, &ses);
    Subgroups {
        by: by.name().to_string(),
        groups: rows,
        q_between: test.map(|t| t.0),
        q_between_df: test.map(|t| t.1),
        q_between_p: test.map(|t| t.2),
    }
}

/// Each group's studies, as positions in the fit's vectors, found in one pass over the studies
/// and held as one list sorted by group (was a list per group): the refits together cost O(k)
/// however many groups there are (a pass per group was quadratic with `--subgroup id`).
struct Groups<'g, 'a> {
    /// In first-seen order.
    names: Vec<&'g Cow<'a, str>>,
    /// Group g's studies are `members[starts[g]..starts[g + 1]]`.
    starts: Vec<usize>,
    members: Vec<usize>,
}

impl<'g, 'a> Groups<'g, 'a> {
    /// The groups of the studies, whose groups are given in order.
    fn of(group_of_study: impl Iterator<Item = &'g Cow<'a, str>>) -> Groups<'g, 'a> {
        let mut names: Vec<&Cow<'a, str>> = Vec::new();
        let mut ids: FnvMap<&str, usize> = FnvMap::default();
        let group: Vec<usize> = group_of_study
            .map(|g| {
                let next = names.len();
                let id = *ids.entry(g.as_ref()).or_insert(next);
                if id == next {
                    names.push(g);
                }
                id
            })
            .collect();
        let mut starts = vec![0; names.len() + 1];
        for &g in &group {
            starts[g + 1] += 1;
        }
        for g in 0..names.len() {
            starts[g + 1] += starts[g];
        }
        let mut next = starts.clone();
        let mut members = vec![0; group.len()];
        for (at, &g) in group.iter().enumerate() {
            members[next[g]] = at;
            next[g] += 1;
        }
        Groups { names, starts, members }
    }

    /// Every group's row made by `fit`, in order; with many groups, the second half (by studies)
    /// made on a second thread into the same list (made first, so its memory is this thread's:
    /// rows made apart and copied after were slower than one thread).
    fn rows(&self, fit: &FitGroup<'_, 'a>) -> Vec<SubgroupRow<'a>> {
        let fill = |slots: &mut [SubgroupRow<'a>], from: usize| {
            let mut scratch = Scratch::default();
            for (slot, g) in slots.iter_mut().zip(from..) {
                *slot = fit(self.names[g], &self.members[self.starts[g]..self.starts[g + 1]], &mut scratch);
            }
        };
        let n = self.names.len();
        let mut rows: Vec<SubgroupRow<'a>> = std::iter::repeat_with(SubgroupRow::default).take(n).collect();
        if n < GROUPS_IN_TWO {
            fill(&mut rows, 0);
            return rows;
        }
        let half = self.starts.partition_point(|&s| s < self.members.len() / 2).clamp(1, n - 1);
        let (first, second) = rows.split_at_mut(half);
        let second_done = std::thread::scope(|scope| {
            let later = std::thread::Builder::new().spawn_scoped(scope, || fill(second, half));
            fill(first, 0);
            later.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).is_ok()
        });
        if !second_done {
            fill(&mut rows[half..], half); // the system refused a thread (a limit on processes)
        }
        rows
    }
}

/// Buffers a subgroup's fit gathers its studies' effects into, kept from fit to fit.
type Scratch = (Vec<f64>, Vec<f64>);

/// A group's row from its name and studies.
type FitGroup<'f, 'a> = dyn Fn(&Cow<'a, str>, &[usize], &mut Scratch) -> SubgroupRow<'a> + Sync + 'f;

/// From this many groups on, the second half of them is fitted on a second thread.
const GROUPS_IN_TWO: usize = 4096;

/// One subgroup's row: its fit, or why it has none.
fn subgroup_row<'a>(
    g: &Cow<'a, str>,
    k: usize,
    fitted: Result<Fit, AnalysisError>,
    method: Method,
    measure: Measure,
) -> SubgroupRow<'a> {
    match fitted {
        Ok(f) => SubgroupRow {
            subgroup: g.clone(),
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
        },
        Err(e) => SubgroupRow {
            subgroup: g.clone(),
            k,
            estimate: None,
            ci_low: None,
            ci_high: None,
            model_estimate: None,
            se: None,
            tau2: None,
            i2: None,
            q: None,
            q_p: None,
            error: Some(Box::new(e)),
        },
    }
}

pub(super) fn leave_one_out_rows<'a>(
    studies: &[Study<'a>],
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
    // The positions each refit used: every study but the one left out (the `omit`-th).
    let without = |omit: usize| -> Vec<usize> { data.all(method).into_iter().filter(|&i| i != omit).collect() };
    let show = |x: f64| measure.to_display(x);
    let total = fits.len();
    fits.into_iter()
        .enumerate()
        .map(|(omit, (r, f))| {
            let s = &studies[r];
            match f {
                Ok(f) => LeaveOneOutRow {
                    omitted: &s.trial.id,
                    label: s.trial.citation(),
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
                    omitted: &s.trial.id,
                    label: s.trial.citation(),
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
                    error: Some(data.failure(e, &without(omit), studies)),
                },
            }
        })
        .collect()
}
