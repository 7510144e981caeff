//! The verdict on one study sentence: read its assertions (numbers, shares, design, population, drug
//! form, direction, strength, approvals) and compare each with the linked trial's catalog rows or with
//! `evidence.csv`. Each assertion gives a check with a reason naming the row it rests on; the sentence's
//! verdict is the most serious check (wrong > overstated > imprecise > unverifiable > accurate), the
//! tie-break of studies/README.md "Claim verdicts".

use crate::analysis::audit::Features;
use crate::catalog::{ArmData, Catalog, Design, Outcome, PrimaryResult, Trial};
use crate::stats::effect::{BinaryMeasure, MeansSds, TwoByTwo, ZeroCells, binary_effect};
use serde::Serialize;
use std::fmt;

mod design;
mod direction;
mod regulatory;
mod shares;

pub(super) use design::*;
pub(super) use direction::*;
pub(super) use regulatory::*;
pub(super) use shares::*;

/// A sentence's verdict: claims.csv's vocabulary, plus `no trial`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum AuditVerdict {
    #[serde(rename = "accurate")]
    Accurate,
    #[serde(rename = "no trial")]
    NoTrial,
    #[serde(rename = "unverifiable")]
    Unverifiable,
    #[serde(rename = "imprecise")]
    Imprecise,
    #[serde(rename = "overstated")]
    Overstated,
    #[serde(rename = "wrong")]
    Wrong,
}

impl AuditVerdict {
    pub const ALL: [AuditVerdict; 6] = [
        AuditVerdict::Accurate,
        AuditVerdict::Imprecise,
        AuditVerdict::Overstated,
        AuditVerdict::Wrong,
        AuditVerdict::Unverifiable,
        AuditVerdict::NoTrial,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditVerdict::Accurate => "accurate",
            AuditVerdict::Imprecise => "imprecise",
            AuditVerdict::Overstated => "overstated",
            AuditVerdict::Wrong => "wrong",
            AuditVerdict::Unverifiable => "unverifiable",
            AuditVerdict::NoTrial => "no trial",
        }
    }
}

impl fmt::Display for AuditVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One assertion compared with the catalog.
#[derive(Debug, Clone)]
pub struct Check {
    pub verdict: AuditVerdict,
    /// `says ...; catalog: ... (Citation, row)`.
    pub reason: String,
}

fn check(verdict: AuditVerdict, reason: String) -> Check {
    Check { verdict, reason }
}

/// The sentence's verdict from its checks. A check that could not be made (direction with no primary
/// result) counts only when nothing else was checked.
pub fn combine(checks: &[Check], linked: bool) -> AuditVerdict {
    match checks.iter().map(|c| c.verdict).max() {
        Some(v) => v,
        None if linked => AuditVerdict::Accurate,
        None => AuditVerdict::NoTrial,
    }
}

/// Every check of a sentence linked to trial `t`. A general claim (`general`) is judged against one
/// trial of the conditions it names, so the conditions it names beyond that trial's are not errors.
pub(super) fn checks(catalog: &Catalog, f: &Features, t: Option<&Trial>, general: bool) -> Vec<Check> {
    let mut out = Vec::new();
    check_regulatory(catalog, f, &mut out);
    if let Some(t) = t {
        check_size_year(f, t, &mut out);
        check_design(catalog, f, t, &mut out);
        if !general {
            check_conditions(catalog, f, t, &mut out);
        }
        check_shares(catalog, f, t, &mut out);
        check_direction(catalog, f, t, &mut out);
        check_dose(catalog, f, t, &mut out);
        check_strength(catalog, f, t, &mut out);
        check_scope_words(catalog, f, t, &mut out);
        if out.is_empty() {
            // Linked, but nothing it asserts is in the catalog: not "accurate", which a reader takes as verified.
            let reason = format!(
                "nothing the sentence asserts (a number, share, year, design, comparator or result) could be checked against {}",
                t.citation()
            );
            out.push(check(AuditVerdict::Unverifiable, reason));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::audit::judge;

    fn catalog() -> Catalog {
        crate::catalog::embedded().unwrap()
    }

    #[test]
    fn most_is_a_share_of_people_not_a_superlative() {
        let c = catalog();
        let lex = super::super::Lexicon::new(&c);
        let share_words =
            |s: &str| shares(&super::super::features(s, &lex)).into_iter().map(|x| x.words).collect::<Vec<_>>();
        assert!(share_words("Ketamine is most effective for anxiety when it is paired with therapy.").is_empty());
        assert!(share_words("The most notable trial was small.").is_empty());
        assert_eq!(share_words("Most patients responded within a day."), ["most"]);
        assert_eq!(share_words("Most of them responded."), ["most"]);
    }

    #[test]
    fn a_linked_sentence_with_nothing_checkable_is_unverifiable_not_accurate() {
        let c = catalog();
        let (v, reasons) = judge(
            "Patients will call me up and say they don't want any other medication.",
            Some("feder-2021-ptsd"),
            &c,
        );
        assert_eq!(v, AuditVerdict::Unverifiable);
        assert_eq!(reasons.len(), 1);
        assert!(reasons[0].starts_with("nothing the sentence asserts"), "{reasons:?}");
        // Unlinked, it stays "no trial".
        assert_eq!(judge("Patients will call me up.", None, &c).0, AuditVerdict::NoTrial);
    }

    fn primary_row(c: &mut Catalog, trial: &str) -> usize {
        c.outcomes.iter().position(|o| &*o.trial == trial && o.is_primary()).unwrap()
    }

    #[test]
    fn direction_comes_from_the_primary_outcome_numbers() {
        let mut c = catalog();
        // Positive continuous: MADRS change -15.7 vs -12.4, lower is better.
        let t = c.trial("ionescu-2021-aspire2").unwrap().clone();
        let (r, basis) = primary_direction(&c, &t).unwrap();
        assert_eq!(r, PrimaryResult::Positive, "{basis}");
        assert!(
            basis.contains(
                "excludes no effect (ionescu-2021-aspire2 madrs-change, 24 h after first dose, outcomes.csv)"
            ),
            "{basis}"
        );
        assert!(!basis.contains("trials.csv"), "agrees with primary_result: {basis}");
        // Positive binary: relapse 24/90 vs 39/86, RR < 1 is favourable.
        let t = c.trial("daly-2019-sustain1").unwrap().clone();
        assert_eq!(primary_direction(&c, &t).unwrap().0, PrimaryResult::Positive);
        // A null trial with numbers: the CI includes no effect; trials.csv's "positive" is named.
        let i = primary_row(&mut c, "ionescu-2021-aspire2");
        c.outcomes[i].treatment.data = ArmData::Continuous { mean: -12.9, sd: 11.56, n: 115 };
        let t = c.trial("ionescu-2021-aspire2").unwrap().clone();
        let (r, basis) = primary_direction(&c, &t).unwrap();
        assert_eq!(r, PrimaryResult::Null, "{basis}");
        assert!(
            basis.contains("includes no effect") && basis.ends_with("; trials.csv primary_result: positive"),
            "{basis}"
        );
        let (v, reasons) = judge("The trial showed the spray worked.", Some("ionescu-2021-aspire2"), &c);
        assert_eq!(v, AuditVerdict::Wrong, "{reasons:?}");
        // Only primary_result (no usable numbers on the primary row).
        let t = c.trial("murrough-2015-si").unwrap().clone();
        let (r, basis) = primary_direction(&c, &t).unwrap();
        assert_eq!(r, PrimaryResult::Null);
        assert_eq!(basis, " (Murrough 2015, trials.csv primary_result)");
    }

    #[test]
    fn mg_per_kg_figures_are_read() {
        assert_eq!(mg_per_kg("ascending 0.25, 0.5, 1 mg/kg"), [1.0, 0.5, 0.25]);
        assert_eq!(mg_per_kg("0.5 mg/kg (standard dose); second active arm 0.2 mg/kg (low dose)"), [0.5, 0.2]);
        assert_eq!(mg_per_kg("ketamine hydrochloride 0.5 mg/kg IV (abstract: '.5 mg/kg')"), [0.5]);
        assert_eq!(mg_per_kg("0.5mg/kg over 40 min"), [0.5]);
        assert!(mg_per_kg("esketamine 56 or 84 mg nasal spray").is_empty());
    }

    #[test]
    fn a_dose_not_in_the_catalog_is_imprecise() {
        let c = catalog();
        let (v, reasons) = judge("Patients received 1 mg/kg of ketamine.", Some("feder-2021-ptsd"), &c);
        assert_eq!(v, AuditVerdict::Imprecise, "{reasons:?}");
        assert!(
            reasons.contains(&"says 1 mg/kg; catalog: 0.5 mg/kg (Feder 2021, trials.csv)".to_string()),
            "{reasons:?}"
        );
        let (v, reasons) = judge("Patients received 0.5 mg/kg of ketamine.", Some("feder-2021-ptsd"), &c);
        assert_eq!(v, AuditVerdict::Accurate, "{reasons:?}");
        assert!(reasons.iter().any(|r| r.starts_with("says 0.5 mg/kg; catalog: 0.5 mg/kg")), "{reasons:?}");
        // A trial with no mg/kg dose: nothing to check.
        let (_, reasons) = judge("Patients received 1 mg/kg.", Some("fu-2020-aspire1"), &c);
        assert!(!reasons.iter().any(|r| r.contains("mg/kg")), "{reasons:?}");
    }
}
