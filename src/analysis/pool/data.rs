//! The working data of a pooling run: the shape of an outcome row, the vectors entering the fit, names
//! for notes, and the scales behind the pooled rows.

use super::{Measure, Method};
use crate::catalog::{ArmData, Outcome};
use crate::error::AnalysisError;
use crate::stats::effect::TwoByTwo;
use crate::stats::pool::{self, Fit, Options, PoolError};
use std::fmt;

/// The shape of an outcome row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RowKind {
    TwoArmBinary,
    TwoArmContinuous,
    SingleArmBinary,
}

pub(super) fn row_kind(o: &Outcome) -> Option<RowKind> {
    match (&o.treatment.data, o.control.as_ref().map(|c| &c.data)) {
        (ArmData::Binary { .. }, Some(ArmData::Binary { .. })) => Some(RowKind::TwoArmBinary),
        (ArmData::Continuous { .. }, Some(ArmData::Continuous { .. })) => Some(RowKind::TwoArmContinuous),
        (ArmData::Binary { .. }, None) => Some(RowKind::SingleArmBinary),
        _ => None,
    }
}

/// The data entering the fit: parallel vectors over pooled studies, with their row in `studies`.
#[derive(Default)]
pub(super) struct Data {
    /// Inverse-variance effect sizes (rr/or: double zeros dropped; rd: kept, corrected).
    pub y: Vec<f64>,
    pub v: Vec<f64>,
    pub row: Vec<usize>,
    /// Mantel-Haenszel: every 2x2 table, its row, and its escalc value with double zeros dropped.
    pub tables: Vec<TwoByTwo>,
    pub table_row: Vec<usize>,
    pub table_es: Vec<Option<(f64, f64)>>,
}

impl Data {
    /// Room for `n` studies in the vectors `method` uses.
    pub(super) fn reserve(&mut self, method: Method, n: usize) {
        if method == Method::Mh {
            self.tables.reserve(n);
            self.table_row.reserve(n);
            self.table_es.reserve(n);
        } else {
            self.y.reserve(n);
            self.v.reserve(n);
            self.row.reserve(n);
        }
    }

    /// Fit the studies whose row passes `keep`.
    pub(super) fn fit_where(
        &self,
        method: Method,
        measure: Measure,
        options: &Options,
        keep: impl Fn(usize) -> bool,
    ) -> Result<Fit, PoolError> {
        let rows = if method == Method::Mh { &self.table_row } else { &self.row };
        let at: Vec<usize> = rows.iter().enumerate().filter(|&(_, &r)| keep(r)).map(|(i, _)| i).collect();
        self.fit_at(method, measure, options, &at)
    }

    /// Fit every study: the vectors as they are (no copy of them) for inverse variance.
    pub(super) fn fit_all(&self, method: Method, measure: Measure, options: &Options) -> Result<Fit, PoolError> {
        if method == Method::Mh {
            self.fit_at(method, measure, options, &self.all(method))
        } else {
            pool::fit(&self.y, &self.v, options)
        }
    }

    /// The study row a failed fit of the studies at positions `at` (as [`Data::fit_at`] takes them) is
    /// about, if the failure names one study: its index is a position in the vectors that fit used.
    pub(super) fn row_of(&self, e: &PoolError, at: &[usize]) -> Option<usize> {
        let (PoolError::BadStudy { index, .. } | PoolError::VarianceTooSmall { index, .. }) = *e else {
            return None;
        };
        if self.tables.is_empty() {
            at.get(index).map(|&i| self.row[i])
        } else {
            // Mantel-Haenszel fits its tables; the inverse-variance vectors are the estimable ones.
            at.iter().filter(|&&i| self.table_es[i].is_some()).nth(index).map(|&i| self.table_row[i])
        }
    }

    /// Positions of every study in the vectors `method` fits.
    pub(super) fn all(&self, method: Method) -> Vec<usize> {
        (0..if method == Method::Mh { self.table_row.len() } else { self.row.len() }).collect()
    }

    /// The failure of a fit of the studies at `at`, naming the trial it is about.
    pub(super) fn failure(&self, source: PoolError, at: &[usize], studies: &[super::Study<'_>]) -> AnalysisError {
        let trial = self.row_of(&source, at).and_then(|r| studies.get(r)).map(|s| s.trial.id.to_string());
        AnalysisError::Fit { trial, source }
    }

    /// Fit the studies at positions `at` of the vectors `method` uses (`table_row` for
    /// Mantel-Haenszel, `row` otherwise), in that order. Costs O(at.len()), so a caller that
    /// splits the studies into groups pays for each study once (`--subgroup`).
    pub(super) fn fit_at(
        &self,
        method: Method,
        measure: Measure,
        options: &Options,
        at: &[usize],
    ) -> Result<Fit, PoolError> {
        if method == Method::Mh {
            let bm = measure.binary().expect("mh is checked to be binary");
            let mut tables = Vec::with_capacity(at.len());
            let (mut y, mut v) = (Vec::new(), Vec::new());
            for &i in at {
                tables.push(self.tables[i]);
                if let Some((yi, vi)) = self.table_es[i] {
                    y.push(yi);
                    v.push(vi);
                }
            }
            pool::fit_mh(&tables, bm, &y, &v)
        } else {
            self.fit_at_in(options, at, &mut (Vec::new(), Vec::new()))
        }
    }

    /// [`Data::fit_at`] for a method other than MH, the studies' effects gathered into `scratch`
    /// (kept from fit to fit: a hundred thousand subgroups need no allocation each).
    pub(super) fn fit_at_in(
        &self,
        options: &Options,
        at: &[usize],
        (y, v): &mut (Vec<f64>, Vec<f64>),
    ) -> Result<Fit, PoolError> {
        y.clear();
        v.clear();
        y.extend(at.iter().map(|&i| self.y[i]));
        v.extend(at.iter().map(|&i| self.v[i]));
        pool::fit(y, v, options)
    }
}

/// Names for a note: the first few kept, all counted (a million left-out rows cost no memory).
#[derive(Debug, Default)]
pub(super) struct Names {
    first: Vec<String>,
    count: usize,
}

impl Names {
    const SHOWN: usize = 8;

    pub(super) fn push(&mut self, name: impl FnOnce() -> String) {
        if self.first.len() < Self::SHOWN {
            self.first.push(name());
        }
        self.count += 1;
    }

    /// `other`'s names after these (as if pushed here).
    pub(super) fn append(&mut self, other: Names) {
        let room = Self::SHOWN.saturating_sub(self.first.len());
        self.first.extend(other.first.into_iter().take(room));
        self.count += other.count;
    }

    pub(super) fn is_empty(&self) -> bool {
        self.count == 0
    }

    pub(super) fn len(&self) -> usize {
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

/// The scales and definitions behind the pooled rows, to warn when one outcome name covers several
/// (a "response" on a depression scale and one on a suicidal-ideation scale are not the same event).
#[derive(Default)]
pub(super) struct MeasuredAs<'a> {
    /// (scale, definition) -> the first few studies using it; at most 8 kinds are kept.
    kinds: Vec<((&'a str, &'a str), Vec<&'a str>)>,
}

impl<'a> MeasuredAs<'a> {
    pub(super) fn note(&mut self, scale: &'a str, definition: &'a str, study: &'a str) {
        if let Some(i) = self.kinds.iter().position(|(k, _)| *k == (scale, definition)) {
            if self.kinds[i].1.len() < 3 {
                self.kinds[i].1.push(study);
            }
        } else if self.kinds.len() < 8 {
            self.kinds.push(((scale, definition), vec![study]));
        }
    }

    pub(super) fn warning(&self, outcome: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_appended_are_the_names_pushed_in_order() {
        for (a, b) in [(0, 0), (3, 2), (5, 9), (8, 1), (12, 4)] {
            let name = |i: usize| move || format!("n{i}");
            let mut whole = Names::default();
            (0..a + b).for_each(|i| whole.push(name(i)));
            let (mut first, mut second) = (Names::default(), Names::default());
            (0..a).for_each(|i| first.push(name(i)));
            (a..a + b).for_each(|i| second.push(name(i)));
            first.append(second);
            assert_eq!((first.to_string(), first.len()), (whole.to_string(), whole.len()));
        }
    }

    #[test]
    fn a_study_is_held_in_48_bytes() {
        assert!(std::mem::size_of::<crate::analysis::pool::Study<'_>>() <= 48);
    }

    #[test]
    fn a_failure_about_one_study_names_its_row_whatever_the_positions_fitted() {
        // Studies a, b, c, d (rows 0-3); a and c pooled by inverse variance: positions 0, 1 are rows 0, 2.
        let iv = Data { y: vec![0.1, 0.2], v: vec![0.1, 0.1], row: vec![0, 2], ..Data::default() };
        let bad = |index| PoolError::BadStudy { index, yi: f64::NAN, vi: 0.1 };
        assert_eq!(iv.row_of(&bad(1), &iv.all(Method::Dl)), Some(2));
        // Leave-one-out without position 0: the refit's first study is c.
        assert_eq!(iv.row_of(&bad(0), &[1]), Some(2));
        assert_eq!(iv.row_of(&PoolError::HksjNeedsTwo, &[0, 1]), None);
        // Mantel-Haenszel: tables of a, b, d; b is a double zero (no inverse-variance effect), so the
        // second estimable study is d.
        let table = TwoByTwo { events_t: 1, n_t: 10, events_c: 2, n_c: 10 };
        let mh = Data {
            tables: vec![table; 3],
            table_row: vec![0, 1, 3],
            table_es: vec![Some((0.1, 0.1)), None, Some((0.2, 0.1))],
            ..Data::default()
        };
        assert_eq!(mh.row_of(&bad(1), &mh.all(Method::Mh)), Some(3));
    }
}
