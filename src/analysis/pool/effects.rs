//! Pooling step 3: each candidate row as a study effect (metafor escalc's rules), or listed with the
//! reason it is left out.

use super::data::{Data, MeasuredAs, Names, RowKind, row_kind};
use super::{Excluded, Measure, Method, Spec, Study};
use crate::catalog::{ArmData, Catalog, Design, Outcome, Trial};
use crate::stats::effect::{self, DoubleZero, EffectSize, MeansSds, TwoByTwo};
use crate::stats::pool::{self, BinaryMeasure, ZeroCells, binary_effect};

/// Rows listed but not pooled, by reason, and other facts the notes report.
#[derive(Debug, Default)]
pub(super) struct LeftOut {
    pub no_numbers: Names,
    pub other_shape: Names,
    pub uncontrolled: Names,
    pub undefined: Names,
    pub double_zero: Names,
    pub zero_kinds: Vec<DoubleZero>,
    pub crossover: Names,
    pub several: Names,
}

/// The study rows (pooled or listed), the fit's input, and what the notes need.
pub(super) struct StudyEffects<'a> {
    pub studies: Vec<Study<'a>>,
    pub data: Data,
    pub left_out: LeftOut,
    /// Studies with 1/2 added to their cells.
    pub corrected: usize,
    /// Each study row's subgroup (with `--subgroup`).
    pub subgroup_of_row: Vec<std::borrow::Cow<'a, str>>,
    /// The caution when one outcome name covers several scales, or the rows several conditions.
    pub caution: Option<String>,
}

/// Step 3: the effect of every candidate row under `measure`.
pub(super) fn study_effects<'a>(
    catalog: &'a Catalog,
    spec: &Spec,
    measure: Measure,
    candidates: &[(&'a Trial, &'a Outcome)],
    several: Names,
) -> StudyEffects<'a> {
    let mut fx = StudyEffects {
        studies: Vec::with_capacity(candidates.len()),
        data: Data::default(),
        left_out: LeftOut { several, ..LeftOut::default() },
        corrected: 0,
        subgroup_of_row: Vec::new(),
        caution: None,
    };
    fx.data.reserve(spec.method, candidates.len());
    let mut measured_as = MeasuredAs::default();
    let mut conditions: Vec<&str> = Vec::new();
    for &(t, o) in candidates {
        if !fx.admit(t, o, measure.kind()) {
            continue;
        }
        let mut row = Study::new(t, o);
        let es = fx.effect(&mut row, t, o, spec.method, measure);
        fx.enter(&mut row, es, spec.method);
        if t.design == Design::CrossoverRct {
            fx.left_out.crossover.push(|| t.citation().to_string());
        }
        if let Some(by) = &spec.subgroup {
            fx.subgroup_of_row.push(by.value(catalog, t, o));
        }
        if row.effect().is_some() {
            measured_as.note(&o.scale, &o.definition, t.citation());
            for c in o.conditions_or(t) {
                if !conditions.contains(&c.as_str()) {
                    conditions.push(c);
                }
            }
        }
        fx.studies.push(row);
    }
    let cautions: Vec<String> =
        [measured_as.warning(&spec.outcome), conditions_caution(catalog, &conditions)].into_iter().flatten().collect();
    fx.caution = (!cautions.is_empty()).then(|| cautions.join(" "));
    fx
}

/// Rows of several conditions pooled together answer "does it help in any of these", not in one:
/// said, with the flag that selects one.
fn conditions_caution(catalog: &Catalog, keys: &[&str]) -> Option<String> {
    (keys.len() > 1).then(|| {
        let labels: Vec<&str> = keys.iter().map(|k| catalog.label(k)).collect();
        format!(
            "Caution: the pooled studies measure {} conditions ({}); one effect across conditions is not the effect in any one of them (--condition selects one).",
            keys.len(),
            labels.join("; ")
        )
    })
}

impl<'a> StudyEffects<'a> {
    /// Whether a row can enter under this kind of measure; the reason noted when not.
    fn admit(&mut self, t: &Trial, o: &Outcome, kind: RowKind) -> bool {
        let rk = row_kind(o);
        let reason = match rk {
            None => &mut self.left_out.no_numbers,
            Some(k) if k != kind => &mut self.left_out.other_shape,
            _ if kind != RowKind::SingleArmBinary && !t.design.is_controlled() => {
                self.left_out.uncontrolled.push(|| format!("{} ({})", t.citation(), t.design));
                return false;
            }
            _ => return true,
        };
        reason.push(|| t.citation().to_string());
        false
    }

    /// The row's effect size (and, for Mantel-Haenszel, its 2x2 table in the fit's data).
    fn effect(
        &mut self,
        row: &mut Study<'a>,
        t: &Trial,
        o: &Outcome,
        method: Method,
        measure: Measure,
    ) -> Option<EffectSize> {
        match (o.treatment.data, o.control.as_ref().map(|c| c.data)) {
            (ArmData::Binary { events: et, n: nt }, Some(ArmData::Binary { events: ec, n: nc })) => {
                let table = TwoByTwo { events_t: et, n_t: nt, events_c: ec, n_c: nc };
                self.binary(row, t, table, method, measure)
            }
            (
                ArmData::Continuous { mean: mt, sd: st, n: nt },
                Some(ArmData::Continuous { mean: mc, sd: sc, n: nc }),
            ) => {
                let m = MeansSds { mean_t: mt, sd_t: st, n_t: nt, mean_c: mc, sd_c: sc, n_c: nc };
                let es = if measure == Measure::Md {
                    pool::mean_difference(&m)
                } else {
                    pool::standardized_mean_difference(&m)
                };
                if es.is_none() {
                    row.excluded = Some(Excluded::NoSmd);
                    self.left_out.undefined.push(|| t.citation().to_string());
                }
                es
            }
            (ArmData::Binary { events, n }, None) => pool::logit_proportion(events, n),
            _ => unreachable!("row kind checked"),
        }
    }

    fn binary(
        &mut self,
        row: &mut Study<'a>,
        t: &Trial,
        table: TwoByTwo,
        method: Method,
        measure: Measure,
    ) -> Option<EffectSize> {
        let bm = measure.binary().expect("binary kind");
        let dz = effect::double_zero(&table);
        if let Some(kind) = dz {
            self.left_out.zero_kinds.push(kind);
        }
        if method == Method::Mh {
            let mh_es = binary_effect(&table, bm, ZeroCells::RATIO);
            self.data.tables.push(table);
            self.data.table_row.push(self.studies.len());
            self.data.table_es.push(mh_es.map(|e| (e.yi, e.vi)));
            if dz.is_some() {
                self.left_out.double_zero.push(|| t.citation().to_string());
            }
            return mh_es;
        }
        let rules = if bm == BinaryMeasure::Rd { ZeroCells::POOLED_RD } else { ZeroCells::RATIO };
        let es = binary_effect(&table, bm, rules);
        if es.is_none() {
            row.excluded = Some(dz.map_or(Excluded::NotDefined, Excluded::DoubleZero));
            self.left_out.double_zero.push(|| t.citation().to_string());
        }
        es
    }

    /// Record an effect on the study (its row shows it on the display scale with its 95% Wald CI)
    /// and in the fit's data.
    fn enter(&mut self, row: &mut Study<'a>, es: Option<EffectSize>, method: Method) {
        let Some(e) = es else { return };
        row.set_effect(e.yi, e.vi, e.corrected);
        self.corrected += usize::from(e.corrected);
        if method != Method::Mh {
            self.data.y.push(e.yi);
            self.data.v.push(e.vi);
            self.data.row.push(self.studies.len());
        }
    }
}
