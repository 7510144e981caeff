//! The verdict on one study sentence: read its assertions (numbers, shares, design, population, drug
//! form, direction, strength, approvals) and compare each with the linked trial's catalog rows or with
//! `evidence.csv`. Each assertion gives a check with a reason naming the row it rests on; the sentence's
//! verdict is the most serious check (wrong > overstated > imprecise > unverifiable > accurate), the
//! tie-break of studies/README.md "Claim verdicts".

use super::Features;
use crate::catalog::{ArmData, Catalog, Design, Outcome, PrimaryResult, Trial};
use crate::stats::effect::{BinaryMeasure, MeansSds, TwoByTwo, ZeroCells, binary_effect};
use serde::Serialize;
use std::fmt;

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

/// A share written in words or digits: the words as written and the range of percentages they mean.
#[derive(Debug, Clone)]
pub struct Share {
    pub words: String,
    pub lo: f64,
    pub hi: f64,
    /// Written as a digit percentage ("67%"): compared within rounding, not a range.
    pub exact: bool,
}

const FRACTIONS: [(&str, f64, f64); 14] = [
    ("almost everyone", 90.0, 100.0),
    ("nearly everyone", 90.0, 100.0),
    ("nearly all", 90.0, 100.0),
    ("almost all", 90.0, 100.0),
    ("two thirds", 62.0, 72.0),
    ("two-thirds", 62.0, 72.0),
    ("three quarters", 72.0, 78.0),
    ("one third", 30.0, 36.0),
    ("a third", 30.0, 36.0),
    ("one quarter", 22.0, 28.0),
    ("a quarter", 22.0, 28.0),
    ("half", 45.0, 55.0),
    ("most", 50.5, 100.0),
    ("majority", 50.5, 100.0),
];

/// "most patients", "most of them" are shares; "most effective", "the most notable" are not.
fn most_is_a_share(words: &[String]) -> bool {
    const PEOPLE: [&str; 12] = [
        "of",
        "patients",
        "participants",
        "people",
        "subjects",
        "responders",
        "adults",
        "veterans",
        "individuals",
        "users",
        "clients",
        "those",
    ];
    words.windows(2).any(|p| p[0] == "most" && PEOPLE.contains(&p[1].as_str()))
}

/// Shares in the sentence: "67%", "two thirds", "one in five", "nine of ten", "9/10", "half", "most".
pub(super) fn shares(f: &Features) -> Vec<Share> {
    let mut out: Vec<Share> =
        f.percents.iter().map(|p| Share { words: format!("{p}%"), lo: *p, hi: *p, exact: true }).collect();
    // "60 to 70%": one range, not two exact shares.
    let w = &f.words;
    for i in 0..w.len().saturating_sub(2) {
        let hi = w[i + 2]
            .strip_suffix('%')
            .or((w.get(i + 3).map(String::as_str) == Some("percent")).then_some(w[i + 2].as_str()));
        if w[i + 1] == "to"
            && let (Ok(lo), Some(Ok(hi))) = (w[i].parse::<f64>(), hi.map(str::parse::<f64>))
            && lo < hi
        {
            out.retain(|s| !(s.exact && (s.lo == lo || s.lo == hi)));
            let words = format!("{lo} to {hi}%");
            out.push(Share { words, lo: lo - 0.5, hi: hi + 0.5, exact: false });
        }
    }
    let text = &f.text;
    for (w, lo, hi) in FRACTIONS {
        if super::contains_word(text, w)
            && (w != "most" || most_is_a_share(&f.words))
            && !out.iter().any(|s| s.words.contains(w) || w.contains(&s.words))
        {
            // "half of patients" is a share; "a 50% reduction ... half" is caught as a percent already.
            out.push(Share { words: w.to_string(), lo, hi, exact: false });
        }
    }
    let w = &f.words;
    for i in 0..w.len() {
        // "one in five", "nine of ten", "9 out of 10", "9/10"
        let (a, b, words) = if let Some((x, y)) = w[i].split_once('/') {
            (super::number(x), super::number(y), w[i].clone())
        } else {
            let sep = w.get(i + 1).map(String::as_str);
            let (j, ok) = match sep {
                Some("in") | Some("of") => (i + 2, true),
                Some("out") if w.get(i + 2).map(String::as_str) == Some("of") => (i + 3, true),
                _ => (i, false),
            };
            if !ok {
                continue;
            }
            let b = w.get(j).and_then(|x| super::number(x));
            (super::number(&w[i]), b, w[i..=j.min(w.len() - 1)].join(" "))
        };
        if let (Some(a), Some(b)) = (a, b)
            && b > 1
            && a <= b
            && b <= 100
        {
            let p = 100.0 * f64::from(a) / f64::from(b);
            out.push(Share { words, lo: p - 0.5, hi: p + 0.5, exact: false });
        }
    }
    out
}

/// The denominators of "X of N" / "X in N" shares, which are not sample sizes.
pub(super) fn share_denominators(f: &Features) -> Vec<u32> {
    let w = &f.words;
    (2..w.len())
        .filter(|&i| matches!(w[i - 1].as_str(), "of" | "in") && super::number(&w[i - 2]).is_some())
        .filter_map(|i| super::number(&w[i]))
        .collect()
}

/// A rate the catalog holds for a trial, with the row it comes from.
struct Rate {
    pct: f64,
    /// `trial/outcome`.
    row: String,
    /// From a count or pct column (a share of patients), not a percentage in the notes.
    share: bool,
    /// The outcome row is a continuous change (its notes' percentages are mean reductions).
    continuous: bool,
}

fn rates(catalog: &Catalog, t: &Trial) -> Vec<Rate> {
    let mut out = Vec::new();
    for o in catalog.outcomes_of(&t.id) {
        let row = format!("{}/{}", t.id, o.outcome);
        let mut binary = false;
        for data in std::iter::once(&o.treatment.data).chain(o.control.as_ref().map(|c| &c.data)) {
            if let ArmData::Binary { events, n } = data {
                binary = true;
                out.push(Rate {
                    pct: 100.0 * f64::from(*events) / f64::from(*n),
                    row: row.clone(),
                    share: true,
                    continuous: false,
                });
            }
        }
        for p in o.pct_t.into_iter().chain(o.pct_c) {
            binary = true;
            out.push(Rate { pct: p, row: row.clone(), share: true, continuous: false });
        }
        let notes = super::words(&o.notes);
        for (i, w) in notes.iter().enumerate() {
            // "95% CI" is an interval's level, not a result.
            let level = notes.get(i + 1).is_some_and(|n| n == "ci" || n == "confidence");
            if let Some(p) = w.strip_suffix('%').and_then(|p| p.parse::<f64>().ok())
                && !level
            {
                out.push(Rate { pct: p, row: row.clone(), share: false, continuous: !binary });
            }
        }
    }
    out
}

fn short(t: &Trial) -> &str {
    t.citation().split(',').next().unwrap_or(t.citation())
}

const PEOPLE_SHARE: [&str; 6] =
    ["of patients", "of participants", "of people", "of those", "of subjects", "of the patients"];

fn check_shares(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let rates = rates(catalog, t);
    let defs = &f.definition_percents;
    for s in shares(f) {
        if s.exact && defs.contains(&s.lo) {
            continue;
        }
        let cite = short(t);
        if rates.is_empty() {
            out.push(check(
                AuditVerdict::Unverifiable,
                format!("says {}; catalog: no rate or percentage for {cite} (outcomes.csv)", s.words),
            ));
            continue;
        }
        let within = |r: &Rate| {
            if s.exact {
                (r.pct - s.lo).abs() <= 0.5 || r.pct.round() == s.lo.round()
            } else {
                r.pct >= s.lo && r.pct <= s.hi
            }
        };
        if let Some(r) = rates.iter().find(|r| within(r) && r.share) {
            out.push(check(
                AuditVerdict::Accurate,
                format!("says {}; catalog: {}% ({cite}, {})", s.words, r.pct.round(), r.row),
            ));
            continue;
        }
        if let Some(r) = rates.iter().find(|r| within(r)) {
            let as_share = PEOPLE_SHARE.iter().any(|p| f.text.contains(&format!("{}{}", s.words, &format!(" {p}"))));
            if as_share {
                let what = if r.continuous { "a mean change in scores" } else { "a figure in the notes" };
                out.push(check(
                    AuditVerdict::Wrong,
                    format!(
                        "says {} of patients; catalog: {} is {what}, not a share of patients ({cite}, {})",
                        s.words, s.words, r.row
                    ),
                ));
            } else {
                out.push(check(
                    AuditVerdict::Accurate,
                    format!("says {}; catalog: {} in the notes ({cite}, {})", s.words, s.words, r.row),
                ));
            }
            continue;
        }
        let nearest =
            rates.iter().min_by(|a, b| dist(a.pct, &s).total_cmp(&dist(b.pct, &s))).expect("rates is not empty");
        let d = dist(nearest.pct, &s);
        let v = if d <= 7.0 { AuditVerdict::Imprecise } else { AuditVerdict::Wrong };
        let what = if v == AuditVerdict::Imprecise { "the nearest" } else { "no such rate; the nearest" };
        out.push(check(
            v,
            format!("says {}; catalog: {what} is {}% ({cite}, {})", s.words, nearest.pct.round(), nearest.row),
        ));
    }
}

fn dist(p: f64, s: &Share) -> f64 {
    if p < s.lo {
        s.lo - p
    } else if p > s.hi {
        p - s.hi
    } else {
        0.0
    }
}

fn check_size_year(f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let enrolled = if t.design.is_controlled() { "randomized" } else { "enrolled" };
    if let Some(n) = t.n_randomized {
        let denominators = share_denominators(f);
        for s in &f.sizes {
            if *s == n {
                out.push(check(
                    AuditVerdict::Accurate,
                    format!("says {s} participants; catalog: {n} {enrolled} ({cite}, trials.csv)"),
                ));
            } else if !denominators.contains(s) && *s > n / 2 + 1 {
                out.push(check(
                    AuditVerdict::Wrong,
                    format!("says {s} participants; catalog: {n} {enrolled} ({cite}, trials.csv)"),
                ));
            }
        }
    }
    for y in &f.years {
        let v = match (y - t.year).abs() {
            0 => AuditVerdict::Accurate,
            1 => AuditVerdict::Imprecise,
            _ => AuditVerdict::Wrong,
        };
        let note = if v == AuditVerdict::Imprecise { " (an online-first year?)" } else { "" };
        out.push(check(v, format!("says {y}; catalog: published {}{note} ({cite}, trials.csv)", t.year)));
    }
}

/// Design, comparator, drug form, schedule and population words against trials.csv.
fn check_design(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    check_design_words(catalog, f, t, out);
    check_comparator(f, t, out);
    check_drug_form(catalog, f, t, out);
    check_schedule(catalog, f, t, out);
    check_population(catalog, f, t, out);
}

fn says<'a>(f: &Features, ws: &[&'a str]) -> Option<&'a str> {
    ws.iter().find(|w| f.has(w)).copied()
}

/// "randomized", "double-blind", "crossover", "open-label" against the design and blinding.
fn check_design_words(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let claimed_control = says(f, &["randomized", "randomised", "placebo-controlled", "double-blind", "controlled"]);
    if let Some(w) = claimed_control {
        if !t.design.is_controlled() {
            out.push(check(
                AuditVerdict::Wrong,
                format!("says {w}; catalog: {} (uncontrolled) ({cite}, trials.csv)", t.design),
            ));
        } else if w == "double-blind"
            && !catalog.trial_field(t, "blinding").contains("double")
            && !catalog.trial_field(t, "blinding").contains("riple")
        {
            out.push(check(
                AuditVerdict::Wrong,
                format!(
                    "says double-blind; catalog: blinding {} ({cite}, trials.csv)",
                    catalog.trial_field(t, "blinding")
                ),
            ));
        } else {
            out.push(check(AuditVerdict::Accurate, format!("says {w}; catalog: {} ({cite}, trials.csv)", t.design)));
        }
    } else if f.has("trial") && !t.design.is_controlled() {
        out.push(check(
            AuditVerdict::Imprecise,
            format!("says trial; catalog: {} (uncontrolled) ({cite}, trials.csv)", t.design),
        ));
    }
    if f.has("crossover") && t.design != Design::CrossoverRct {
        out.push(check(AuditVerdict::Wrong, format!("says crossover; catalog: {} ({cite}, trials.csv)", t.design)));
    }
    if let Some(w) = says(f, &["open-label", "retrospective", "chart", "uncontrolled"])
        && t.design.is_controlled()
    {
        out.push(check(AuditVerdict::Wrong, format!("says {w}; catalog: {} ({cite}, trials.csv)", t.design)));
    }
}

/// "midazolam" or "placebo" against the comparator.
fn check_comparator(f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let comparator = t.comparator().to_lowercase();
    if f.has("midazolam") && !comparator.contains("midazolam") {
        out.push(check(
            AuditVerdict::Wrong,
            format!("says midazolam; catalog: comparator {} ({cite}, trials.csv)", t.comparator()),
        ));
    } else if f.has_any(&["placebo", "saline", "placebo-controlled"])
        && comparator.contains("midazolam")
        && !f.has("midazolam")
    {
        out.push(check(
            AuditVerdict::Imprecise,
            format!("says placebo; catalog: comparator {} ({cite}, trials.csv)", t.comparator()),
        ));
    }
}

/// Drug form: esketamine nasal spray vs racemic ketamine.
fn check_drug_form(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let esk = t.drug().eq_ignore_ascii_case("esketamine");
    if !esk && f.has_any(&["spray", "nasal", "esketamine", "spravato", "intranasal"]) {
        out.push(check(
            AuditVerdict::Wrong,
            format!(
                "says esketamine nasal spray; catalog: {} {} ({cite}, trials.csv)",
                t.drug(),
                catalog.trial_field(t, "route")
            ),
        ));
    } else if esk && f.has_any(&["infusion", "infusions", "iv", "intravenous"]) {
        out.push(check(
            AuditVerdict::Wrong,
            format!("says an infusion; catalog: {} {} ({cite}, trials.csv)", t.drug(), catalog.trial_field(t, "route")),
        ));
    }
}

/// Schedule: "weekly" for "once or twice weekly".
fn check_schedule(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let schedule = catalog.trial_field(t, "schedule").to_lowercase();
    if f.has("weekly")
        && !f.has_any(&["twice", "two"])
        && (schedule.contains("one or two weekly") || schedule.contains("once or twice"))
    {
        out.push(check(
            AuditVerdict::Imprecise,
            format!("says weekly; catalog: schedule {schedule} ({cite}, trials.csv)"),
        ));
    }
}

/// Population words (veterans, adolescents, inpatients ...) against the population column.
fn check_population(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let population = catalog.trial_field(t, "population").to_lowercase();
    for (w, stem) in [
        ("veterans", "veteran"),
        ("adolescents", "adolescent"),
        ("teens", "adolescent"),
        ("children", "child"),
        ("inpatients", "hospitali"),
        ("elderly", "older"),
    ] {
        if f.has(w) && !population.is_empty() {
            let alias = match stem {
                "hospitali" => "inpatient",
                "veteran" => "military",
                _ => stem,
            };
            let v = if population.contains(stem) || population.contains(alias) {
                AuditVerdict::Accurate
            } else {
                AuditVerdict::Wrong
            };
            let full = catalog.trial_field(t, "population");
            let shown = full.split([';', '(']).next().unwrap_or(full).trim();
            out.push(check(v, format!("says {w}; catalog: population {shown} ({cite}, trials.csv)")));
        }
    }
}

fn check_conditions(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let studied: Vec<&str> = t.conditions.iter().map(|c| catalog.label(c)).collect();
    let rates = rates(catalog, t);
    for c in &f.conditions {
        if t.conditions.contains(c) {
            continue;
        }
        let measured = super::measures(catalog, t, c);
        let numbered = shares(f).iter().any(|s| rates.iter().any(|r| r.pct >= s.lo - 0.5 && r.pct <= s.hi + 0.5));
        if measured && numbered {
            continue;
        }
        let (v, how) = if measured {
            (AuditVerdict::Imprecise, format!(" ({} was an outcome, not who was enrolled)", catalog.label(c)))
        } else {
            (AuditVerdict::Wrong, String::new())
        };
        out.push(check(
            v,
            format!(
                "says {}; catalog: the trial studied {}{how} ({cite}, trials.csv)",
                catalog.label(c),
                studied.join(", ")
            ),
        ));
    }
}

const POSITIVE: [&str; 24] = [
    "worked",
    "works",
    "work",
    "effective",
    "efficacy",
    "proof",
    "proven",
    "proves",
    "prove",
    "cured",
    "cure",
    "cures",
    "recovered",
    "significant",
    "significantly",
    "improved",
    "improvement",
    "reduced",
    "reduce",
    "reduces",
    "relief",
    "helped",
    "help",
    "demonstrated",
];
const NEGATIVE: [&str; 8] =
    ["no difference", "failed", "did not", "didn't", "no better", "not effective", "no significant", "no effect"];
const HEDGES: [&str; 7] = ["may", "might", "could", "suggest", "suggests", "potentially", "possibly"];
const NEGATORS: [&str; 7] = ["not", "unlikely", "never", "no", "won't", "cannot", "nor"];

/// `word` occurs and is not negated: no negator in the four words before it, and no "unlikely" in the
/// sixteen before ("it is very unlikely that a single dose ... will cure").
fn asserted(f: &Features, word: &str) -> bool {
    f.words.iter().enumerate().any(|(i, w)| {
        w == word
            && !f.words[i.saturating_sub(4)..i].iter().any(|p| NEGATORS.contains(&p.as_str()) || p.ends_with("n't"))
            && !f.words[i.saturating_sub(16)..i].iter().any(|p| p == "unlikely")
    })
}

fn check_direction(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let negative = NEGATIVE.iter().find(|w| f.text.contains(*w)).copied();
    let positive = POSITIVE.iter().find(|w| asserted(f, w)).copied();
    let source = catalog.trial_field(t, "primary_result_source").to_lowercase();
    let says = match (negative, positive) {
        (Some(n), _) => Some((false, n)),
        (None, Some(p)) => Some((true, p)),
        _ => None,
    };
    let Some((pos, word)) = says else { return };
    if source.contains("moderator") {
        // The paper's own question (e.g. Salloum 2019: does anxiety moderate the effect?) is not the drug
        // against its control, so its primary result says nothing about the direction claimed.
        return;
    }
    let Some((result, basis)) = primary_direction(catalog, t) else {
        return;
    };
    // "may", "could", "suggest": a hedged claim of an effect fits a mixed primary result.
    let hedge = HEDGES.iter().find(|w| f.has(w));
    let v = match (pos, result) {
        (true, PrimaryResult::Positive) | (false, PrimaryResult::Null) => AuditVerdict::Accurate,
        (true, PrimaryResult::Null) | (false, PrimaryResult::Positive) => AuditVerdict::Wrong,
        (true, PrimaryResult::Mixed) if hedge.is_some() => AuditVerdict::Accurate,
        (_, PrimaryResult::Mixed) => AuditVerdict::Imprecise,
    };
    let claimed = match (pos, hedge) {
        (true, Some(h)) if result == PrimaryResult::Mixed => format!("a possible effect, hedged by \"{h}\""),
        (true, _) => "a positive result".to_string(),
        (false, _) => "no effect".to_string(),
    };
    out.push(check(v, format!("says \"{word}\" ({claimed}); catalog: primary result {result}{basis}")));
}

/// Whether a lower value of the row is the better one (relapse, harms; a change score on a symptom
/// scale, unless the row counts a reduction or improvement as positive).
fn lower_is_better(o: &Outcome, binary: bool) -> bool {
    let s = format!("{} {}", o.outcome, o.definition).to_lowercase();
    let harm = ["relapse", "adverse", "dropout", "discontinu", "attempt", "death"].iter().any(|w| s.contains(w));
    if binary {
        harm
    } else {
        harm || !(s.contains("reduction") || s.contains("improvement") || s.contains("response"))
    }
}

/// The direction of a primary outcome row with usable numbers (both arms' counts, or both arms'
/// means and SDs): RR for a binary row, mean difference for a continuous one, as `summary` computes
/// them; positive when the 95% CI excludes no effect in the favourable direction, null when it
/// includes it. `None` without usable numbers, or when the CI excludes no effect the unfavourable way.
pub(super) fn numeric_direction(o: &Outcome) -> Option<(PrimaryResult, f64, f64)> {
    let control = o.control.as_ref()?;
    let (binary, ci, null) = match (&o.treatment.data, &control.data) {
        (ArmData::Binary { events: et, n: nt }, ArmData::Binary { events: ec, n: nc }) => {
            let table = TwoByTwo { events_t: *et, n_t: *nt, events_c: *ec, n_c: *nc };
            let e = binary_effect(&table, BinaryMeasure::Rr, ZeroCells::RATIO)?.wald_exp();
            (true, e.ci, 1.0)
        }
        (ArmData::Continuous { mean: mt, sd: st, n: nt }, ArmData::Continuous { mean: mc, sd: sc, n: nc }) => {
            let data = MeansSds { mean_t: *mt, sd_t: *st, n_t: *nt, mean_c: *mc, sd_c: *sc, n_c: *nc };
            (false, data.mean_difference().wald().ci, 0.0)
        }
        _ => return None,
    };
    if !(ci.low.is_finite() && ci.high.is_finite()) {
        return None;
    }
    let lower = lower_is_better(o, binary);
    let r = if ci.low <= null && ci.high >= null {
        PrimaryResult::Null
    } else if (ci.high < null) == lower {
        PrimaryResult::Positive
    } else {
        return None;
    };
    Some((r, ci.low, ci.high))
}

/// A trial's primary result for direction checks, with the reason's basis: its primary outcome rows'
/// numbers where they exist (several rows that disagree are `mixed`), else trials.csv's
/// `primary_result`. A disagreement between the two is named.
pub(super) fn primary_direction(catalog: &Catalog, t: &Trial) -> Option<(PrimaryResult, String)> {
    let cite = short(t);
    let stated = catalog.primary_result(t);
    let rows: Vec<(PrimaryResult, String)> = catalog
        .outcomes_of(&t.id)
        .filter(|o| o.is_primary())
        .filter_map(|o| {
            let (r, low, high) = numeric_direction(o)?;
            let excl = if r == PrimaryResult::Null { "includes" } else { "excludes" };
            let (a, b) = (crate::text::fmt_num(low), crate::text::fmt_num(high));
            Some((
                r,
                format!(
                    "primary outcome CI {a} to {b} {excl} no effect ({} {}, {}, outcomes.csv)",
                    t.id, o.outcome, o.timepoint
                ),
            ))
        })
        .collect();
    if rows.is_empty() {
        return stated.map(|r| (r, format!(" ({cite}, trials.csv primary_result)")));
    }
    let first = rows[0].0;
    let result = if rows.iter().all(|(r, _)| *r == first) { first } else { PrimaryResult::Mixed };
    let mut basis = format!(": {}", rows.into_iter().map(|(_, s)| s).collect::<Vec<_>>().join("; "));
    if let Some(s) = stated
        && s != result
    {
        basis.push_str(&format!("; trials.csv primary_result: {s}"));
    }
    Some((result, basis))
}

/// Strength words against the evidence: certainty, breadth, safety and durability.
fn check_strength(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    check_certainty(catalog, f, t, out);
    check_breadth(f, t, out);
    check_suicidal_acts(catalog, f, t, out);
    check_durability(catalog, f, t, out);
}

/// "cured", "recovered", "no longer had", "proof", "demonstrated" against what one trial can show.
fn check_certainty(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let result = primary_direction(catalog, t).map(|(r, _)| r);
    if let Some(w) = ["cured", "cure", "cures", "recovered"].iter().find(|w| asserted(f, w)) {
        out.push(check(
            AuditVerdict::Overstated,
            format!("says \"{w}\"; catalog: response and change scores, not cure ({cite}, outcomes.csv)"),
        ));
    }
    if f.text.contains("no longer had") || f.text.contains("no longer has") {
        out.push(check(
            AuditVerdict::Overstated,
            format!("says \"no longer had\"; catalog: response rates ({cite}, outcomes.csv)"),
        ));
    }
    let small = t.n_randomized.is_none_or(|n| n < 100) || !t.design.is_controlled();
    if let Some(w) = ["proof", "proven", "proves", "prove"].iter().find(|w| asserted(f, w))
        && small
        && result != Some(PrimaryResult::Null)
    {
        let n = t.n_randomized.map_or("N not reported".into(), |n| format!("{n} randomized"));
        out.push(check(
            AuditVerdict::Overstated,
            format!("says \"{w}\"; catalog: one study, {n}, {} ({cite}, trials.csv)", t.design),
        ));
    }
    if asserted(f, "demonstrated") && (!t.design.is_controlled() || result != Some(PrimaryResult::Positive)) {
        let r = result.map_or("not stated".to_string(), |r| r.to_string());
        out.push(check(
            AuditVerdict::Overstated,
            format!("says \"demonstrated\"; catalog: {}, primary result {r} ({cite}, trials.csv)", t.design),
        ));
    }
}

/// "remission" for a response definition; "many patients", "high response rate".
fn check_breadth(f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    if f.has("remission")
        && (f.definition_percents.iter().any(|p| (*p - 50.0).abs() < 0.5) || f.text.contains("50% reduction"))
    {
        out.push(check(
            AuditVerdict::Overstated,
            "\"remission\" used for a >=50% reduction, which is the usual definition of response (outcomes.csv)".into(),
        ));
    }
    for phrase in ["many patients", "high response rate"] {
        if f.text.contains(phrase) {
            out.push(check(
                AuditVerdict::Overstated,
                format!(
                    "says \"{phrase}\"; catalog: {} ({cite}, trials.csv)",
                    t.n_randomized.map_or("N not reported".into(), |n| format!("{n} randomized"))
                ),
            ));
        }
    }
}

/// Safety: suicidal behaviour when only ideation was measured.
fn check_suicidal_acts(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    if !(f.text.contains("suicid")
        && !f.text.contains("approv")
        && (f.has_any(&["acts", "behavior", "behaviour", "attempts"]) || f.has("suicidality")))
    {
        return;
    }
    let behaviour = catalog.outcomes_of(&t.id).any(|o| {
        let s = format!("{} {}", o.outcome, o.definition).to_lowercase();
        s.contains("behavio") || s.contains("attempt")
    });
    if !behaviour {
        out.push(check(
            AuditVerdict::Overstated,
            format!(
                "says suicidality (thoughts and acts); catalog: suicidal ideation only ({}, outcomes.csv)",
                short(t)
            ),
        ));
    }
}

/// Words of a durability claim.
pub(super) const DURABLE: [&str; 8] =
    ["remained", "lasting", "lasted", "last", "lasts", "sustained", "maintained", "persisted"];

/// A duration written without a number ("weeks", "months"), as the least it can mean, in days.
fn vague_duration(f: &Features) -> Option<(&'static str, f64)> {
    let w = &f.words;
    [("weeks", 14.0), ("months", 60.0)].into_iter().find(|(unit, _)| {
        w.iter().enumerate().any(|(i, x)| x == unit && (i == 0 || super::number(&w[i - 1]).is_none()))
    })
}

/// Durability beyond the last time point measured: overstated; a durability without a number
/// ("relief that can last weeks") where the catalog has one: imprecise.
fn check_durability(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let durable = f.has_any(&DURABLE);
    let Some(last) = catalog.outcomes_of(&t.id).filter_map(|o| o.days).reduce(f64::max) else { return };
    if !durable {
        return;
    }
    let vague = vague_duration(f).filter(|_| f.durations.is_empty());
    let Some(d) = f.durations.iter().copied().reduce(f64::max).or(vague.map(|(_, d)| d)) else { return };
    let after_end = f.text.contains("after treatment");
    let cite = short(t);
    let said = vague.map_or(format!("{} days", d.round()), |(unit, _)| format!("{unit} (no number)"));
    let catalog_says = format!("catalog: the last outcome is at day {last} ({cite}, outcomes.csv)");
    if d > last + 3.0 || (after_end && d + 1.0 > last) {
        out.push(check(AuditVerdict::Overstated, format!("says lasting {said}; {catalog_says}")));
    } else if vague.is_some() {
        out.push(check(AuditVerdict::Imprecise, format!("says lasting {said}; {catalog_says}")));
    }
}

/// Scope words against the rows' own words: "both X and Y" where a row says "X and/or Y"; "some"
/// patients where a row names one patient.
fn check_scope_words(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let w = &f.words;
    let both = w.iter().position(|x| x == "both").and_then(|i| {
        let and = (i + 1..w.len().min(i + 5)).find(|&j| w[j] == "and")?;
        Some(w[i..=(and + 1).min(w.len() - 1)].join(" "))
    });
    if let Some(phrase) = both
        && let Some(o) = catalog.outcomes_of(&t.id).find(|o| o.definition.contains("and/or"))
    {
        out.push(check(
            AuditVerdict::Imprecise,
            format!("says \"{phrase}\"; catalog: {} ({cite}, {}/{})", o.definition, t.id, o.outcome),
        ));
    }
    let people = ["did", "patients", "participants", "people", "subjects", "of", "were", "had", "remained", "stayed"];
    let some = w.windows(2).any(|p| p[0] == "some" && people.contains(&p[1].as_str()));
    let one = |o: &&Outcome| {
        ["one patient", "one participant", "one subject"].iter().any(|x| o.notes.to_lowercase().contains(x))
    };
    if some && let Some(o) = catalog.outcomes_of(&t.id).find(one) {
        out.push(check(
            AuditVerdict::Imprecise,
            format!("says \"some\" (patients); catalog: one patient ({cite}, {}/{})", t.id, o.outcome),
        ));
    }
}

/// Regulatory assertions ("approved", "FDA"), checked against evidence.csv's regulatory rows: racemic
/// ketamine's (non-)approval, or esketamine's indications and approval years.
pub(super) fn check_regulatory(catalog: &Catalog, f: &Features, out: &mut Vec<Check>) {
    if !(f.has("fda") || f.text.contains("approv")) || !f.text.contains("ketamine") && !f.has("spravato") {
        return;
    }
    let ev = |id: &str| catalog.evidence_row(id).map(|e| e.citation.clone());
    let (Some(e001), e002, e011) = (ev("e001"), ev("e002"), ev("e011")) else { return };
    if f.has_any(&["esketamine", "spravato", "spray", "nasal", "derivative"]) {
        check_esketamine_indication(f, &e001, e002.as_deref(), out);
        check_approval_years(catalog, f, out);
    } else if let Some(e011) = e011 {
        check_racemic_approval(f, &e011, out);
    }
}

/// Racemic ketamine is FDA-approved as an anaesthetic: only an approval for a psychiatric use is wrong.
fn check_racemic_approval(f: &Features, e011: &str, out: &mut Vec<Check>) {
    let negated = f.text.contains("not fda")
        || f.text.contains("not approved")
        || f.text.contains("isn't approved")
        || f.text.contains("not been approved");
    let psychiatric =
        ["depress", "anxiety", "ptsd", "mental", "psychiatric", "suicid", "mood"].iter().any(|w| f.text.contains(w));
    if f.text.contains("anesthe") || f.text.contains("anaesthe") || !psychiatric {
        return;
    }
    if negated {
        out.push(check(
            AuditVerdict::Accurate,
            format!(
                "says ketamine is not approved; catalog: racemic ketamine not approved for depression (e011: {e011})"
            ),
        ));
    } else {
        out.push(check(AuditVerdict::Wrong, "says ketamine was approved; catalog: the FDA approved esketamine nasal spray (e001), racemic ketamine is not approved for depression (e011)".into()));
    }
}

/// Esketamine's indications: treatment-resistant depression (2019), depression with suicidality
/// (2020); "approved for depression" alone is imprecise.
fn check_esketamine_indication(f: &Features, e001: &str, e002: Option<&str>, out: &mut Vec<Check>) {
    let suicidal = f.text.contains("suicid");
    let resistant = f.text.contains("resistant")
        || f.text.contains("unresponsive")
        || f.text.contains("not benefited")
        || f.text.contains("not responded");
    if suicidal && let Some(e) = e002 {
        out.push(check(
            AuditVerdict::Accurate,
            format!("says approval for depression with suicidality; catalog: 2020 (e002: {e})"),
        ));
    }
    if resistant {
        out.push(check(
            AuditVerdict::Accurate,
            format!("says approval for treatment-resistant depression; catalog: 2019 (e001: {e001})"),
        ));
    } else if f.text.contains("depress") && !suicidal {
        out.push(check(AuditVerdict::Imprecise, "says approved for depression; catalog: approved in 2019 for treatment-resistant depression, with an oral antidepressant (e001)".into()));
    }
}

/// A year of approval that no regulatory row of evidence.csv has.
fn check_approval_years(catalog: &Catalog, f: &Features, out: &mut Vec<Check>) {
    let years: Vec<i32> = catalog
        .evidence
        .iter()
        .filter(|e| e.kind == crate::catalog::EvidenceKind::Regulatory)
        .filter_map(|e| e.year())
        .collect();
    for y in f.years.iter().filter(|y| !years.contains(y)) {
        out.push(check(
            AuditVerdict::Wrong,
            format!(
                "says approved in {y}; catalog: approvals in {} (evidence.csv)",
                years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
}

/// The mg/kg figures of a text: the numbers just before each "mg/kg", a list such as
/// "0.25, 0.5 or 1 mg/kg" or a range "0.5-1 mg/kg" included.
pub(super) fn mg_per_kg(text: &str) -> Vec<f64> {
    let lower = text.to_lowercase().replace("mg/kg", " mg/kg ");
    let tokens: Vec<&str> = lower.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, tok) in tokens.iter().enumerate() {
        if *tok != "mg/kg" {
            continue;
        }
        for prev in tokens[..i].iter().rev() {
            let clean = prev.trim_matches(|c: char| !c.is_ascii_digit() && c != '.' && c != '-' && c != '–');
            if ["or", "and", "to", ","].contains(prev) {
                continue;
            }
            let nums: Vec<f64> = clean
                .split(['-', '–'])
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.trim_end_matches('.').parse::<f64>().ok())
                .collect();
            if nums.is_empty() || clean.is_empty() {
                break;
            }
            for n in nums {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
    }
    out
}

/// A dose stated in mg/kg against the trial's `dose` column (when it has mg/kg figures).
fn check_dose(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let said = mg_per_kg(&f.text);
    if said.is_empty() {
        return;
    }
    let dose = catalog.trial_field(t, "dose");
    let known = mg_per_kg(dose);
    if known.is_empty() {
        return;
    }
    let cite = short(t);
    for x in said {
        let shown = format!("{x}");
        if known.iter().any(|k| (k - x).abs() < 1e-9) {
            out.push(check(
                AuditVerdict::Accurate,
                format!("says {shown} mg/kg; catalog: {dose} ({cite}, trials.csv)"),
            ));
        } else {
            out.push(check(
                AuditVerdict::Imprecise,
                format!("says {shown} mg/kg; catalog: {dose} ({cite}, trials.csv)"),
            ));
        }
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
