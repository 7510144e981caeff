//! Linking a sentence to the catalog trial it most likely describes: each trial's profile (journal,
//! rates, durations, comparator) computed once, a score per trial from the features that match, and
//! the best trial taken when it scores high enough and clearly ahead of the next.

use super::verdict::DURABLE;
use super::{Features, text_durations, words};
use crate::catalog::{ArmData, Catalog, Design, Trial};

/// A journal abbreviation as people write it out: "Am J Psychiatry" -> "american journal of psychiatry".
pub(super) fn expand_journal(abbrev: &str) -> Vec<String> {
    const WORDS: [(&str, &str); 16] = [
        ("am", "american"),
        ("j", "journal"),
        ("arch", "archives"),
        ("gen", "general"),
        ("biol", "biological"),
        ("int", "international"),
        ("clin", "clinical"),
        ("psychopharmacol", "psychopharmacology"),
        ("neuropsychopharmacol", "neuropsychopharmacology"),
        ("psychol", "psychological"),
        ("med", "medicine"),
        ("affect", "affective"),
        ("disord", "disorders"),
        ("aust", "australian"),
        ("z", "zealand"),
        ("n", "new"),
    ];
    words(abbrev)
        .into_iter()
        .map(|w| WORDS.iter().find(|(a, _)| *a == w).map_or(w.clone(), |(_, full)| full.to_string()))
        .collect()
}

/// The journal named in a citation "Author Year, Journal".
pub(super) fn journal_of(t: &Trial) -> Option<&str> {
    t.citation().split_once(", ").map(|(_, j)| j.trim()).filter(|j| !j.is_empty())
}

/// What the auditor compares sentences with, computed once per trial.
pub(super) struct Profile {
    /// The journal's name written out, without "of"/"the".
    pub(super) journal: Vec<String>,
    /// Rates in percent, and percentages in the outcome notes.
    pub(super) percents: Vec<f64>,
    /// Durations in days from the schedule, outcome days and time points.
    pub(super) durations: Vec<f64>,
    /// The comparator in lower case, and `n_doses` (looked up once, not per sentence).
    pub(super) comparator: String,
    pub(super) n_doses: Option<u32>,
}

impl Profile {
    pub(super) fn new(catalog: &Catalog, t: &Trial) -> Profile {
        let journal = journal_of(t)
            .map(|j| expand_journal(j).into_iter().filter(|w| w != "of" && w != "the").collect())
            .unwrap_or_default();
        let mut durations = text_durations(catalog.trial_field(t, "schedule"));
        durations.extend(catalog.outcomes_of(&t.id).filter_map(|o| o.days()));
        durations.extend(catalog.outcomes_of(&t.id).flat_map(|o| text_durations(&o.timepoint)));
        Profile {
            journal,
            percents: trial_percents(catalog, t),
            durations,
            comparator: t.comparator().to_lowercase(),
            n_doses: catalog.trial_field(t, "n_doses").parse().ok(),
        }
    }
}

pub(super) fn mentions_journal(f: &Features, p: &Profile) -> bool {
    let journal = &p.journal;
    // Every word of the name in the sentence (`has` is a filter lookup) before the windows are compared.
    !journal.is_empty()
        && journal.iter().all(|w| f.has(w))
        && f.significant.windows(journal.len()).any(|win| win.iter().zip(journal).all(|(&i, b)| f.words[i] == *b))
}

/// Whether any phrase of the sentence looks like a journal name of any trial.
pub(super) fn mentions_any_journal(f: &Features, profiles: &[Profile]) -> bool {
    f.has("journal") || profiles.iter().any(|p| mentions_journal(f, p))
}

/// Rates the catalog holds for a trial, in percent: from counts, from `pct_t`/`pct_c`, and in notes.
pub(super) fn trial_percents(catalog: &Catalog, t: &Trial) -> Vec<f64> {
    let mut out = Vec::new();
    for o in catalog.outcomes_of(&t.id) {
        for data in std::iter::once(&o.treatment.data).chain(o.control.as_ref().map(|c| &c.data)) {
            if let ArmData::Binary { events, n } = data {
                out.push(100.0 * f64::from(*events) / f64::from(*n));
            }
        }
        // Percentages reported without a count (pct_t, pct_c) are rates the catalog holds too.
        out.extend(o.pct_t().into_iter().chain(o.pct_c()));
        for w in words(&o.notes) {
            if let Some(p) = w.strip_suffix('%').and_then(|p| p.parse::<f64>().ok()) {
                out.push(p);
            }
        }
    }
    out
}

/// A trial's score for one sentence: points and the features that earned them.
#[derive(Default)]
pub(super) struct Score {
    pub(super) points: i32,
    pub(super) why: Vec<String>,
}

impl Score {
    fn add(&mut self, points: i32, why: String) {
        self.points += points;
        self.why.push(why);
    }
}

/// Score how well trial `t` fits the sentence: citation details, condition, arms, then numbers.
pub(super) fn score(catalog: &Catalog, f: &Features, t: &Trial, p: &Profile) -> Score {
    let mut s = Score::default();
    score_citation(f, t, p, &mut s);
    score_condition(catalog, f, t, &mut s);
    score_arms(f, t, p, &mut s);
    score_numbers(f, p, &mut s);
    s
}

/// Year (exact or within one: online-first), journal and sample size.
fn score_citation(f: &Features, t: &Trial, p: &Profile, s: &mut Score) {
    if f.years.contains(&t.year) {
        s.add(3, format!("year {}", t.year));
    } else if f.years.iter().any(|y| (y - t.year).abs() == 1) {
        s.add(2, format!("year within 1 of {}", t.year));
    }
    if mentions_journal(f, p) {
        s.add(4, format!("journal {}", journal_of(t).unwrap_or("")));
    }
    if let Some(n) = t.n_randomized
        && f.sizes.contains(&n)
    {
        s.add(4, format!("{n} participants"));
    }
}

/// Conditions the sentence shares with the trial; a condition the trial did not study costs points.
fn score_condition(catalog: &Catalog, f: &Features, t: &Trial, s: &mut Score) {
    let shared: Vec<&String> = f.conditions.iter().filter(|c| t.conditions.contains(c)).collect();
    if !shared.is_empty() {
        let labels: Vec<&str> = shared.iter().map(|c| catalog.label(c)).collect();
        s.add(2 * shared.len() as i32, format!("condition {}", labels.join(", ")));
    } else if !f.conditions.is_empty() {
        s.points -= 2; // the sentence is about a condition this trial did not study
    }
}

/// Comparator, drug form, number of doses and design words.
fn score_arms(f: &Features, t: &Trial, p: &Profile, s: &mut Score) {
    for word in ["midazolam", "saline", "placebo"] {
        if f.has(word) && p.comparator.contains(word) {
            s.add(2, format!("comparator {word}"));
        }
    }
    let esk = f.has_any(&["esketamine", "spravato"]);
    let trial_esk = t.drug().eq_ignore_ascii_case("esketamine");
    if esk && trial_esk {
        s.add(2, "esketamine".into());
    } else if esk != trial_esk && (esk || f.has("ketamine")) {
        s.points -= 2;
    }
    if let Some(n) = p.n_doses
        && f.doses.contains(&n)
    {
        s.add(2, format!("{n} doses"));
    }
    let design_hit = match t.design {
        Design::CrossoverRct => f.has("crossover"),
        Design::Retrospective => f.has_any(&["retrospective", "chart"]),
        Design::OpenLabel => f.has_any(&["open-label", "uncontrolled"]),
        Design::ParallelRct => false,
    } || (t.design.is_controlled()
        && f.has_any(&["randomized", "randomised", "double-blind", "controlled"]));
    if design_hit {
        s.add(1, format!("design {}", t.design));
    }
}

/// Durations and rates the trial's rows hold.
fn score_numbers(f: &Features, p: &Profile, s: &mut Score) {
    let known = &p.durations;
    if let Some(d) = f
        .durations
        .iter()
        .find(|d| known.iter().any(|k| (*k - **d).abs() <= 0.5 || (**d >= 28.0 && (*k - **d).abs() <= 3.0)))
    {
        s.add(2, format!("duration {} days", crate::text::fmt_num(*d)));
    }
    let matched: Vec<f64> = f.percents.iter().copied().filter(|x| holds_rate(p, *x)).collect();
    if !matched.is_empty() {
        let shown: Vec<String> = matched.iter().map(|x| format!("{x}%")).collect();
        s.add(2 * matched.len().min(2) as i32, format!("rate {}", shown.join(", ")));
    }
}

fn holds_rate(p: &Profile, pct: f64) -> bool {
    p.percents.iter().any(|r| (r - pct).abs() <= 1.0)
}

/// A rate only one trial of the catalog holds points to that trial more than a shared one does.
fn unique_rate_bonus(f: &Features, profiles: &[Profile], scores: &mut [Score]) {
    for pct in &f.percents {
        let holders: Vec<usize> = (0..profiles.len()).filter(|&i| holds_rate(&profiles[i], *pct)).collect();
        if let [only] = holders[..] {
            scores[only].add(2, format!("{pct}% is reported by this trial only"));
        }
    }
}

/// A sentence's link: the trial (none when no trial scores high enough), how sure, and why.
pub(super) struct Link<'a> {
    pub(super) trial: Option<&'a Trial>,
    /// high, medium, low (linked) or none.
    pub(super) confidence: &'static str,
    pub(super) reason: String,
    pub(super) score: i32,
    /// A general claim, judged against one trial of the conditions it names.
    pub(super) general: bool,
}

impl Link<'_> {
    pub(super) fn none(reason: &str, score: i32) -> Self {
        Link { trial: None, confidence: "none", reason: reason.to_string(), score, general: false }
    }
}

const NO_MATCH: &str = "no catalog trial matches the sentence's year, journal, size, condition or design";

/// Every trial's score for the sentence, best first (ties keep catalog order).
fn ranked<'a>(catalog: &'a Catalog, profiles: &[Profile], f: &Features) -> Vec<(Score, &'a Trial)> {
    let mut scores: Vec<Score> = catalog.trials.iter().zip(profiles).map(|(t, p)| score(catalog, f, t, p)).collect();
    unique_rate_bonus(f, profiles, &mut scores);
    let mut scored: Vec<(Score, &Trial)> = scores.into_iter().zip(&catalog.trials).collect();
    scored.sort_by_key(|x| std::cmp::Reverse(x.0.points));
    scored
}

/// The study a sentence names: the best-scoring trial when it scores at least 4; its confidence from
/// the score and the margin over the next best.
pub(super) fn best<'a>(catalog: &'a Catalog, profiles: &[Profile], f: &Features) -> Link<'a> {
    let scored = ranked(catalog, profiles, f);
    let runner_up = scored.get(1).map_or(0, |x| x.0.points);
    let Some((s, t)) = scored.first().filter(|(s, _)| s.points >= 4) else {
        return Link::none(NO_MATCH, scored.first().map_or(0, |x| x.0.points));
    };
    let margin = s.points - runner_up;
    let confidence = if s.points >= 8 && margin >= 3 {
        "high"
    } else if s.points >= 6 && margin >= 2 {
        "medium"
    } else {
        "low"
    };
    let mut reason = s.why.join(", ");
    if margin < 2 {
        reason.push_str(&format!(" (next best {} scores {runner_up})", scored[1].1.id));
    }
    Link { trial: Some(*t), confidence, reason, score: s.points, general: false }
}

/// Words of an effect claimed for a drug ("reduce", "relief", "effective", "works").
const EFFICACY: [&str; 22] = [
    "effective",
    "works",
    "work",
    "worked",
    "reduce",
    "reduces",
    "reduced",
    "reducing",
    "relief",
    "relieve",
    "alleviate",
    "alleviates",
    "alleviating",
    "improve",
    "improves",
    "improved",
    "improvement",
    "cure",
    "cured",
    "cures",
    "helps",
    "suicidality",
];

/// A general claim: a sentence (not a heading: it ends as sentences do, in six words or more) that
/// gives a ketamine drug an effect on a condition of the catalog, and describes no particular study
/// (no year, no sample size).
pub(super) fn is_general_claim(f: &Features) -> bool {
    let sentence = f.text.trim_end().ends_with(['.', '!', '?', '"', '”', '…']) && f.words.len() >= 6;
    sentence
        && f.has_any(&["ketamine", "esketamine", "spravato"])
        && (!f.conditions.is_empty() || !f.families.is_empty())
        && (f.has_any(&EFFICACY) || f.text.contains("response rate"))
        && f.years.is_empty()
        && f.sizes.is_empty()
}

/// The trial a general claim is judged against: the best-scoring trial of the conditions it names
/// (or of the family its words name); among equals, one whose primary result supports an effect,
/// then (for a durability claim) the one with the latest time point, then a controlled one, then the
/// larger. Always low confidence, and the reason says why.
pub(super) fn general<'a>(catalog: &'a Catalog, profiles: &[Profile], f: &Features) -> Option<Link<'a>> {
    let topic: &[String] = if f.conditions.is_empty() { &f.families } else { &f.conditions };
    // A durability claim is judged against the trial that followed its patients longest.
    let durable = f.has_any(&DURABLE);
    let timed = |t: &Trial| {
        let last = catalog.outcomes_of(&t.id).filter_map(|o| o.days()).reduce(f64::max);
        if durable { last.map_or(-1, |d| (d * 24.0).round() as i64) } else { 0 }
    };
    let supports = |t: &Trial| {
        super::verdict::primary_direction(catalog, t).is_some_and(|(r, _)| r == crate::catalog::PrimaryResult::Positive)
    };
    let mut scored: Vec<(Score, &Trial)> = ranked(catalog, profiles, f)
        .into_iter()
        .filter(|(_, t)| t.conditions.iter().any(|c| topic.contains(c)))
        .collect();
    scored.sort_by_cached_key(|(s, t)| {
        use std::cmp::Reverse;
        let controlled = t.design.is_controlled();
        (Reverse(s.points), Reverse(supports(t)), Reverse(timed(t)), Reverse(controlled), Reverse(t.n_randomized))
    });
    let (s, t) = scored.into_iter().next()?;
    let labels: Vec<&str> = topic.iter().map(|c| catalog.label(c)).collect();
    let why = if s.why.is_empty() { String::new() } else { format!("; {}", s.why.join(", ")) };
    Some(Link {
        trial: Some(t),
        confidence: "low",
        reason: format!(
            "a general claim about {}, no study named: judged against the best-matching trial of it{why}",
            labels.join(", ")
        ),
        score: s.points,
        general: true,
    })
}

/// A sentence about the FDA or an approval of a ketamine drug (Spravato named or not).
pub(super) fn is_regulatory(f: &Features) -> bool {
    (f.has("fda") || f.text.contains("approv")) && (f.text.contains("ketamine") || f.has("spravato"))
}

/// An approval sentence that describes no particular trial (no size, rate, journal or design words):
/// it gets the regulatory check only, no trial link.
pub(super) fn approval_only(f: &Features, mention: bool) -> bool {
    if !f.text.contains("approv") {
        return false;
    }
    let design = f.has_any(&["randomized", "randomised", "placebo", "double-blind", "placebo-controlled", "crossover"]);
    !(mention && (design || !f.sizes.is_empty() || !f.percents.is_empty() || f.has("journal")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_abbreviations_expand() {
        assert_eq!(expand_journal("Am J Psychiatry"), ["american", "journal", "psychiatry"]);
    }
}
