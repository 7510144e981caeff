//! GRADE certainty of a body of evidence by an explicit algorithm (after Pollock et al. 2016, J Clin
//! Epidemiol 70:106, and the GRADE handbook), so a rating is reproducible; a reviewer's override
//! (`grade.csv`) replaces the algorithm's figure for one domain, and every change carries its reason.
//!
//! The rules, as `evrev sof` applies them:
//! - start: high when every pooled study is randomized, low otherwise;
//! - risk of bias: share of participants in studies whose overall RoB 2 judgement is low; >= 50% of
//!   participants in studies at high risk -> -2; else < 75% at low risk -> -1 (no rob.csv row = not low);
//! - inconsistency: one study -> not assessable (0); I² > 75% -> -1;
//! - indirectness: -1 when the pooled rows measure the outcome on different scales or definitions;
//! - imprecision: participants < 100 -> -2, 100-199 -> -1; and -1 if the 95% CI includes the null
//!   (the two add up, at most -2);
//! - publication bias: k >= 10 and Egger p < 0.10 -> -1; k < 10 -> not assessable (0);
//! - the level: high, moderate, low, very low, never below very low (nor above high).

use crate::catalog::{GradeDomain, GradeOverride};
use serde::Serialize;

/// A GRADE certainty level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Level {
    #[serde(rename = "very low")]
    VeryLow = 1,
    #[serde(rename = "low")]
    Low = 2,
    #[serde(rename = "moderate")]
    Moderate = 3,
    #[serde(rename = "high")]
    High = 4,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::VeryLow => "very low",
            Level::Low => "low",
            Level::Moderate => "moderate",
            Level::High => "high",
        }
    }

    fn from_points(p: i32) -> Level {
        match p {
            i32::MIN..=1 => Level::VeryLow,
            2 => Level::Low,
            3 => Level::Moderate,
            _ => Level::High,
        }
    }

    /// GRADE's symbols, `⊕⊕⊕⊝ moderate`, or `++-- moderate` where the terminal cannot show them.
    pub fn symbols(self, ascii: bool) -> String {
        let n = self as usize;
        let (on, off) = if ascii { ("+", "-") } else { ("⊕", "⊝") };
        format!("{}{} {}", on.repeat(n), off.repeat(4 - n), self.as_str())
    }
}

/// What the algorithm reads about one pooled body of evidence.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Studies pooled.
    pub k: usize,
    pub participants: u64,
    /// Every pooled study is a randomized trial.
    pub randomized: bool,
    /// Participants in studies whose overall RoB 2 judgement is low / high; studies without a rob.csv row.
    pub participants_low: u64,
    pub participants_high: u64,
    pub participants_unassessed: u64,
    pub unassessed: usize,
    pub i2: f64,
    /// I² could be computed (false e.g. when every study has the same effect and Q = 0 with HKSJ).
    pub i2_defined: bool,
    /// The 95% CI of the pooled effect includes the null (1 for ratios, 0 for differences).
    pub ci_includes_null: bool,
    /// Egger's p, when computed (k >= 10).
    pub egger_p: Option<f64>,
    /// The distinct scales and definitions the pooled rows use (more than one of either: indirectness).
    pub scales: Vec<String>,
    pub definitions: Vec<String>,
}

/// One domain's rating: the change to the level and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rating {
    pub change: i8,
    pub reason: String,
    /// `algorithm` or `reviewer`.
    pub source: &'static str,
}

/// The rating of every domain (JSON: domain -> rating).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Downgrades {
    pub risk_of_bias: Rating,
    pub inconsistency: Rating,
    pub indirectness: Rating,
    pub imprecision: Rating,
    pub publication_bias: Rating,
    /// Rating up (large effect, dose-response, confounding): only by a reviewer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upgrade: Option<Rating>,
}

impl Downgrades {
    /// (domain, rating) in the order of the SoF footnotes.
    pub fn iter(&self) -> impl Iterator<Item = (GradeDomain, &Rating)> {
        [
            (GradeDomain::RiskOfBias, Some(&self.risk_of_bias)),
            (GradeDomain::Inconsistency, Some(&self.inconsistency)),
            (GradeDomain::Indirectness, Some(&self.indirectness)),
            (GradeDomain::Imprecision, Some(&self.imprecision)),
            (GradeDomain::PublicationBias, Some(&self.publication_bias)),
            (GradeDomain::Upgrade, self.upgrade.as_ref()),
        ]
        .into_iter()
        .filter_map(|(d, r)| r.map(|r| (d, r)))
    }
}

/// The certainty of one body of evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certainty {
    pub start: Level,
    pub level: Level,
    pub downgrades: Downgrades,
}

fn algorithm(change: i8, reason: String) -> Rating {
    Rating { change, reason, source: "algorithm" }
}

/// Rate `e`, then apply the overrides that name this outcome and condition.
pub fn rate(e: &Evidence, overrides: &[&GradeOverride]) -> Certainty {
    let mut d = Downgrades {
        risk_of_bias: risk_of_bias(e),
        inconsistency: inconsistency(e),
        indirectness: indirectness(e),
        imprecision: imprecision(e),
        publication_bias: publication_bias(e),
        upgrade: None,
    };
    for o in overrides {
        let r = Rating { change: o.change, reason: format!("reviewer's judgement: {}", o.reason), source: "reviewer" };
        match o.domain {
            GradeDomain::RiskOfBias => d.risk_of_bias = r,
            GradeDomain::Inconsistency => d.inconsistency = r,
            GradeDomain::Indirectness => d.indirectness = r,
            GradeDomain::Imprecision => d.imprecision = r,
            GradeDomain::PublicationBias => d.publication_bias = r,
            GradeDomain::Upgrade => d.upgrade = Some(r),
        }
    }
    let start = if e.randomized { Level::High } else { Level::Low };
    let points = start as i32 + d.iter().map(|(_, r)| i32::from(r.change)).sum::<i32>();
    Certainty { start, level: Level::from_points(points), downgrades: d }
}

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 { 0.0 } else { 100.0 * part as f64 / whole as f64 }
}

fn risk_of_bias(e: &Evidence) -> Rating {
    let (low, high) = (pct(e.participants_low, e.participants), pct(e.participants_high, e.participants));
    let none = pct(e.participants_unassessed, e.participants);
    let some = (100.0 - low - high - none).max(0.0);
    let unassessed = match e.unassessed {
        0 => String::new(),
        n => format!(
            ", not assessed {none:.0}% ({n} stud{} without a rob.csv row, counted as not low)",
            if n == 1 { "y" } else { "ies" }
        ),
    };
    let mix = format!("low {low:.0}%, some concerns or no information {some:.0}%, high {high:.0}%{unassessed}");
    if high >= 50.0 {
        algorithm(-2, format!("{high:.0}% of participants in trials at high risk of bias (>= 50%; {mix})"))
    } else if low < 75.0 {
        algorithm(-1, format!("{low:.0}% of participants in trials at low risk of bias (< 75%; {mix})"))
    } else {
        algorithm(0, format!("{low:.0}% of participants in trials at low risk of bias ({mix})"))
    }
}

fn inconsistency(e: &Evidence) -> Rating {
    if e.k <= 1 {
        algorithm(0, "not assessable: one study".into())
    } else if !e.i2_defined {
        algorithm(0, "not assessable: I² is not defined for these studies".into())
    } else if e.i2 > 75.0 {
        algorithm(-1, format!("I² = {:.0}% (> 75%)", e.i2))
    } else {
        algorithm(0, format!("I² = {:.0}%", e.i2))
    }
}

fn indirectness(e: &Evidence) -> Rating {
    if e.scales.len() > 1 || e.definitions.len() > 1 {
        let mut what = Vec::new();
        if e.scales.len() > 1 {
            what.push(format!("scales {}", e.scales.join(", ")));
        }
        if e.definitions.len() > 1 {
            what.push(format!("definitions {}", e.definitions.join("; ")));
        }
        algorithm(-1, format!("the pooled rows measure the outcome differently ({})", what.join("; ")))
    } else {
        algorithm(0, "one scale and definition".into())
    }
}

fn imprecision(e: &Evidence) -> Rating {
    let n = e.participants;
    let (size, size_why) = match n {
        0..=99 => (-2, format!("only {n} participants (< 100)")),
        100..=199 => (-1, format!("only {n} participants (100-199)")),
        _ => (0, format!("{n} participants")),
    };
    let (ci, ci_why) = if e.ci_includes_null {
        (-1, "the 95% CI includes no effect")
    } else {
        (0, "the 95% CI is clear of no effect")
    };
    let change = (size + ci).max(-2);
    algorithm(change, format!("{size_why}; {ci_why}"))
}

/// "= 0.042" or "< 0.001".
fn p_text(p: f64) -> String {
    if p < 0.001 { "< 0.001".into() } else { format!("= {p:.3}") }
}

fn publication_bias(e: &Evidence) -> Rating {
    match e.egger_p {
        _ if e.k < 10 => algorithm(
            0,
            format!(
                "not assessable: {} stud{} (Egger's test needs at least 10)",
                e.k,
                if e.k == 1 { "y" } else { "ies" }
            ),
        ),
        None => algorithm(0, "not assessable: Egger's regression is not defined for these studies".into()),
        Some(p) if p < 0.10 => {
            algorithm(-1, format!("Egger's test p {} (< 0.10) suggests small-study effects", p_text(p)))
        }
        Some(p) => algorithm(0, format!("Egger's test p {}", p_text(p))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean() -> Evidence {
        Evidence {
            k: 4,
            participants: 400,
            randomized: true,
            participants_low: 400,
            i2: 10.0,
            i2_defined: true,
            scales: vec!["madrs".into()],
            definitions: vec![">=50%".into()],
            ..Evidence::default()
        }
    }

    #[test]
    fn no_rule_triggered_is_high() {
        let c = rate(&clean(), &[]);
        assert_eq!(c.level, Level::High);
        assert!(c.downgrades.iter().all(|(_, r)| r.change == 0));
    }

    #[test]
    fn each_rule_alone() {
        type Case = (fn(&mut Evidence), GradeDomain, i8);
        let cases: [Case; 8] = [
            (|e| e.participants_low = 290, GradeDomain::RiskOfBias, -1),
            (|e| e.participants_high = 200, GradeDomain::RiskOfBias, -2),
            (|e| e.i2 = 80.0, GradeDomain::Inconsistency, -1),
            (|e| e.scales.push("ham-d".into()), GradeDomain::Indirectness, -1),
            (|e| e.ci_includes_null = true, GradeDomain::Imprecision, -1),
            (
                |e| {
                    e.participants = 150;
                    e.participants_low = 150
                },
                GradeDomain::Imprecision,
                -1,
            ),
            (
                |e| {
                    e.participants = 150;
                    e.participants_low = 150;
                    e.ci_includes_null = true
                },
                GradeDomain::Imprecision,
                -2,
            ),
            (
                |e| {
                    e.k = 12;
                    e.egger_p = Some(0.05)
                },
                GradeDomain::PublicationBias,
                -1,
            ),
        ];
        for (edit, domain, change) in cases {
            let mut e = clean();
            edit(&mut e);
            let c = rate(&e, &[]);
            for (d, r) in c.downgrades.iter() {
                assert_eq!(r.change, if d == domain { change } else { 0 }, "{domain}: {d} {r:?}");
            }
            assert_eq!(c.level as i32, 4 + i32::from(change));
        }
    }

    #[test]
    fn floor_and_observational_start() {
        let mut e = clean();
        (e.participants, e.participants_low, e.participants_high, e.i2) = (50, 0, 50, 90.0);
        assert_eq!(rate(&e, &[]).level, Level::VeryLow);
        let mut e = clean();
        e.randomized = false;
        assert_eq!(rate(&e, &[]).start, Level::Low);
        assert_eq!(Level::Moderate.symbols(false), "⊕⊕⊕⊝ moderate");
        assert_eq!(Level::Low.symbols(true), "++-- low");
    }

    #[test]
    fn a_reviewer_override_replaces_the_figure_and_says_so() {
        let o = GradeOverride {
            outcome: "response".into(),
            condition: "dep".into(),
            domain: GradeDomain::Inconsistency,
            change: -1,
            reason: "effects in opposite directions".into(),
            line: 2,
        };
        let c = rate(&clean(), &[&o]);
        assert_eq!(c.level, Level::Moderate);
        assert_eq!(c.downgrades.inconsistency.source, "reviewer");
        assert_eq!(c.downgrades.inconsistency.reason, "reviewer's judgement: effects in opposite directions");
    }
}
