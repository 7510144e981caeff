//! The studies of a pooled result as the pool holds them (48 bytes each: trial, outcome row, effect,
//! weight, flags) and the [`StudyRow`] each is read as.

use super::{Measure, StudyRow};
use crate::catalog::{Outcome, Trial};
use crate::stats::effect::EffectSize;
use serde::Serialize;

/// One study as the pool holds it: its trial and outcome row, and what the pool computed for it. The
/// rest of its [`StudyRow`] (citation, arms, display-scale effect) is read from these when asked for,
/// so a million studies cost 48 bytes each, not a row of copies.
#[derive(Debug, Clone)]
pub struct Study<'a> {
    pub trial: &'a Trial,
    pub outcome: &'a Outcome,
    /// Effect size and sampling variance on the model scale, and the weight in percent: set when
    /// `flags` says so (`HAS_EFFECT`, `HAS_WEIGHT`).
    effect: (f64, f64),
    weight: f64,
    flags: u8,
    pub(super) excluded: Option<Excluded>,
}

/// Why a study is listed but not pooled (`StudyRow::excluded` is its text).
#[derive(Debug, Clone, Copy)]
pub(super) enum Excluded {
    NotDefined,
    NoSmd,
    DoubleZero(crate::stats::effect::DoubleZero),
}

impl Excluded {
    fn text(self) -> &'static str {
        match self {
            Excluded::NotDefined => "effect size not defined",
            Excluded::NoSmd => "effect size not defined (zero SD or too few participants)",
            Excluded::DoubleZero(kind) => kind.describe(),
        }
    }
}

const HAS_EFFECT: u8 = 1;
const HAS_WEIGHT: u8 = 2;
/// 1/2 added to every cell.
const CORRECTED: u8 = 4;

impl<'a> Study<'a> {
    /// A study not yet given an effect.
    pub(super) fn new(trial: &'a Trial, outcome: &'a Outcome) -> Study<'a> {
        Study { trial, outcome, effect: (0.0, 0.0), weight: 0.0, flags: 0, excluded: None }
    }

    /// (yi, vi) on the model scale.
    pub fn effect(&self) -> Option<(f64, f64)> {
        (self.flags & HAS_EFFECT != 0).then_some(self.effect)
    }

    pub fn weight(&self) -> Option<f64> {
        (self.flags & HAS_WEIGHT != 0).then_some(self.weight)
    }

    pub(super) fn set_effect(&mut self, yi: f64, vi: f64, corrected: bool) {
        self.effect = (yi, vi);
        self.flags |= HAS_EFFECT | if corrected { CORRECTED } else { 0 };
    }

    pub(super) fn set_weight(&mut self, weight: f64) {
        self.weight = weight;
        self.flags |= HAS_WEIGHT;
    }

    /// The study's row, its effect on the display scale of `measure` with its 95% Wald CI.
    pub fn row(&self, measure: Measure) -> StudyRow<'a> {
        let (t, o) = (self.trial, self.outcome);
        let mut row = StudyRow {
            trial: &t.id,
            label: t.citation(),
            year: Some(t.year),
            crossover: t.design == crate::catalog::Design::CrossoverRct,
            timepoint: &o.timepoint,
            n_t: o.treatment.data.n(),
            n_c: o.control.as_ref().and_then(|c| c.data.n()),
            weight: self.weight(),
            corrected: self.flags & CORRECTED != 0,
            excluded: self.excluded.map(Excluded::text),
            provenance: o.provenance,
            scale: &o.scale,
            definition: &o.definition,
            conditions: o.conditions_or(t),
            ..StudyRow::default()
        };
        use crate::catalog::ArmData::{Binary, Continuous};
        match (o.treatment.data, o.control.as_ref().map(|c| c.data)) {
            (Binary { events: et, .. }, Some(Binary { events: ec, .. })) => {
                (row.events_t, row.events_c) = (Some(et), Some(ec))
            }
            (Continuous { mean: mt, sd: st, .. }, Some(Continuous { mean: mc, sd: sc, .. })) => {
                (row.mean_t, row.sd_t, row.mean_c, row.sd_c) = (Some(mt), Some(st), Some(mc), Some(sc));
            }
            (Binary { events, .. }, None) => row.events_t = Some(events),
            _ => {}
        }
        if let Some((yi, vi)) = self.effect() {
            let wald = EffectSize { yi, vi, corrected: false }.wald();
            (row.yi, row.vi) = (Some(yi), Some(vi));
            row.estimate = Some(measure.to_display(wald.estimate));
            row.ci_low = Some(measure.to_display(wald.ci.low));
            row.ci_high = Some(measure.to_display(wald.ci.high));
        }
        row
    }
}

/// The studies of a pooled result, in order; read as [`StudyRow`]s (`iter`, `for s in &studies`),
/// serialized as the list of them.
#[derive(Debug, Clone)]
pub struct Studies<'a> {
    measure: Measure,
    items: Vec<Study<'a>>,
}

impl<'a> Studies<'a> {
    pub fn new(measure: Measure, items: Vec<Study<'a>>) -> Studies<'a> {
        Studies { measure, items }
    }

    pub fn iter(&self) -> Rows<'_, 'a> {
        Rows { measure: self.measure, items: self.items.iter() }
    }

    /// The rows of the studies at `range` (positions in `iter`'s order).
    pub fn rows_in(&self, range: std::ops::Range<usize>) -> Rows<'_, 'a> {
        Rows { measure: self.measure, items: self.items[range].iter() }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The rows of [`Studies`], made one at a time.
pub struct Rows<'s, 'a> {
    measure: Measure,
    items: std::slice::Iter<'s, Study<'a>>,
}

impl<'a> Iterator for Rows<'_, 'a> {
    type Item = StudyRow<'a>;
    fn next(&mut self) -> Option<StudyRow<'a>> {
        self.items.next().map(|s| s.row(self.measure))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.items.size_hint()
    }
}

impl<'s, 'a> IntoIterator for &'s Studies<'a> {
    type Item = StudyRow<'a>;
    type IntoIter = Rows<'s, 'a>;
    fn into_iter(self) -> Rows<'s, 'a> {
        self.iter()
    }
}

/// The list of rows, marked for `report::write_json_in_parts` (which writes a long list on two
/// threads, from `rows_in`); to any other serializer the mark is transparent: the list.
impl Serialize for Studies<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(crate::report::IN_PARTS, &AllRows(self))
    }
}

struct AllRows<'s, 'a>(&'s Studies<'a>);

impl Serialize for AllRows<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}
