//! Auditing an article: find the sentences that describe a study, link each to the catalog trial it
//! most likely describes, and flag what a reviewer would. Rules over the catalog's own fields only.

pub mod html;
pub mod verdict;

use crate::catalog::{ArmData, Catalog, Design, Trial};
use serde::Serialize;
pub use verdict::AuditVerdict;

/// One study-describing sentence, linked (or not) to a trial, with its verdict and reasons.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRow {
    /// 1-based line of the article where the sentence starts.
    pub line: usize,
    pub sentence: String,
    /// The linked trial's id, when a trial scores high enough.
    pub trial: Option<String>,
    pub citation: Option<String>,
    /// high, medium, low (linked) or none.
    pub confidence: &'static str,
    /// The sentence's verdict (claims.csv's vocabulary, plus `no trial`).
    pub verdict: AuditVerdict,
    /// One per assertion: the sentence's words, the catalog's value and the row it rests on.
    pub reasons: Vec<String>,
    /// Why the link was made: the features that matched.
    pub link: String,
    pub score: i32,
}

/// The article as a whole: sentences describing studies, how many linked, and the count per verdict.
#[derive(Debug, Clone, Serialize)]
pub struct AuditSummary {
    pub sentences: usize,
    pub linked: usize,
    /// Verdict -> number of sentences, every verdict listed (zero included), in a fixed order.
    pub verdicts: serde_json::Map<String, serde_json::Value>,
}

impl AuditSummary {
    pub fn of(rows: &[AuditRow]) -> AuditSummary {
        let verdicts = AuditVerdict::ALL
            .iter()
            .map(|v| (v.as_str().to_string(), rows.iter().filter(|r| r.verdict == *v).count().into()))
            .collect();
        AuditSummary { sentences: rows.len(), linked: rows.iter().filter(|r| r.trial.is_some()).count(), verdicts }
    }

    /// "12 sentence(s) describe a study; 9 linked; accurate 4, imprecise 2, ...".
    pub fn line(&self) -> String {
        let counts: Vec<String> = self.verdicts.iter().map(|(k, v)| format!("{k} {v}")).collect();
        format!(
            "{} sentence(s) describe a study; {} linked to a catalog trial; {}.",
            self.sentences,
            self.linked,
            counts.join(", ")
        )
    }
}

/// The verdict on one sentence taken as linked to `trial` (or to none): the agreement measurement
/// compares this with claims.csv's curated verdicts.
pub fn judge(sentence: &str, trial: Option<&str>, catalog: &Catalog) -> (AuditVerdict, Vec<String>) {
    let f = features(sentence, catalog);
    let t = trial.and_then(|id| catalog.trial(id));
    let checks = verdict::checks(catalog, &f, t);
    (verdict::combine(&checks, t.is_some()), checks.into_iter().map(|c| c.reason).collect())
}

/// What a sentence says about a study, as found by the rules.
#[derive(Debug, Default)]
struct Features {
    years: Vec<i32>,
    percents: Vec<f64>,
    /// Percentages that are part of a definition ("a 50% reduction"), not results.
    definition_percents: Vec<f64>,
    sizes: Vec<u32>,
    doses: Vec<u32>,
    /// Durations named in the sentence, in days ("72 hours" = 3, "two weeks" = 14, "three-month" = 90).
    durations: Vec<f64>,
    conditions: Vec<String>,
    words: Vec<String>,
    text: String,
}

impl Features {
    fn has(&self, w: &str) -> bool {
        self.words.iter().any(|x| x == w)
    }
    fn has_any(&self, ws: &[&str]) -> bool {
        ws.iter().any(|w| self.has(w))
    }
    /// The sentence talks about a study: a year, a journal-like phrase, or a study word.
    fn is_study_mention(&self, journal: bool) -> bool {
        let study_word = self.has_any(&["study", "studies", "trial", "trials", "report", "randomized", "randomised"]);
        let details = [
            !self.years.is_empty(),
            journal,
            !self.percents.is_empty(),
            !self.sizes.is_empty(),
            !self.doses.is_empty(),
            !self.conditions.is_empty(),
            self.has_any(&[
                "placebo",
                "midazolam",
                "saline",
                "double-blind",
                "crossover",
                "retrospective",
                "randomized",
                "randomised",
                "controlled",
                "participants",
                "infusions",
            ]),
        ];
        // A study word needs one detail; a bare year or journal needs one more ("the 2018 cave rescue").
        let n = details.iter().filter(|d| **d).count();
        if study_word { n >= 1 } else { (!self.years.is_empty() || journal) && n >= 2 }
    }
}

const NUMBER_WORDS: [(&str, u32); 28] = [
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("single", 1),
];
const PEOPLE: [&str; 9] =
    ["participants", "patients", "subjects", "people", "adults", "individuals", "veterans", "persons", "volunteers"];

fn number(word: &str) -> Option<u32> {
    word.parse::<u32>().ok().or_else(|| NUMBER_WORDS.iter().find(|(w, _)| *w == word).map(|(_, n)| *n))
}

/// Split a word stream out of text: lowercase, letters/digits/'%'/'-' kept, other characters separate.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '%' || c == '-' || c == '.'))
        .map(|w| w.trim_matches(|c: char| c == '.' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn features(sentence: &str, catalog: &Catalog) -> Features {
    let w = words(sentence);
    let mut f = Features { text: sentence.to_lowercase(), ..Features::default() };
    for (i, word) in w.iter().enumerate() {
        let next = w.get(i + 1).map(String::as_str).unwrap_or("");
        let prev = if i > 0 { w[i - 1].as_str() } else { "" };
        if word.len() == 4
            && let Ok(y) = word.parse::<i32>()
            && (1950..=2035).contains(&y)
        {
            f.years.push(y);
        }
        let third = w.get(i + 3).map(String::as_str).unwrap_or("");
        let range_pct = next == "to" && (third == "percent" || w.get(i + 2).is_some_and(|x| x.ends_with('%')));
        let pct = word.strip_suffix('%').or(if next == "percent" || range_pct { Some(word.as_str()) } else { None });
        if let Some(p) = pct.and_then(|p| p.parse::<f64>().ok()) {
            let after: Vec<&str> = w.iter().skip(i + 1).take(3).map(String::as_str).collect();
            if after.iter().any(|a| matches!(*a, "reduction" | "improvement" | "decrease" | "or")) || prev == "least" {
                f.definition_percents.push(p);
            } else {
                f.percents.push(p);
            }
        }
        if let Some((n, unit)) = word.split_once('-').and_then(|(a, b)| number(a).map(|n| (n, b)))
            && let Some(d) = unit_days(unit)
        {
            f.durations.push(f64::from(n) * d);
        }
        if let Some(n) = number(word) {
            let ahead: Vec<&str> = w.iter().skip(i + 1).take(4).map(String::as_str).collect();
            if ahead
                .first()
                .is_some_and(|a| matches!(*a, "million" | "thousand" | "hundred" | "billion" | "percent" | "to"))
            {
                continue;
            }
            if let Some(d) = ahead.first().and_then(|a| unit_days(a)) {
                f.durations.push(f64::from(n) * d);
            }
            let year_like = word.len() == 4 && (1950..=2035).contains(&n);
            if ahead.iter().take(2).any(|a| PEOPLE.contains(a)) && n > 1 && !year_like {
                f.sizes.push(n);
            }
            if ahead
                .first()
                .is_some_and(|a| matches!(*a, "infusions" | "infusion" | "doses" | "dose" | "injections" | "iv"))
            {
                f.doses.push(n);
            }
        }
        if (word == "n" || word == "n=") && next.parse::<u32>().is_ok() {
            f.sizes.push(next.parse().unwrap_or(0));
        }
    }
    for c in &catalog.conditions {
        let names = std::iter::once(c.key.replace('-', " ")).chain([c.label.clone()]).chain(c.aliases.iter().cloned());
        for name in names {
            // Short names (SAD, SI, OCD) count only as written in capitals, so "sad" the word does not.
            let hit = if name.chars().count() <= 4 {
                contains_word(sentence, &name.to_uppercase())
            } else {
                contains_word(&f.text, &name.to_lowercase())
            };
            if hit && !f.conditions.contains(&c.key) {
                f.conditions.push(c.key.clone());
            }
        }
    }
    f.words = w;
    f
}

/// Days in one `unit` ("hours" -> 1/24), if it is a unit of time.
fn unit_days(unit: &str) -> Option<f64> {
    match unit {
        "hour" | "hours" | "h" => Some(1.0 / 24.0),
        "day" | "days" => Some(1.0),
        "week" | "weeks" => Some(7.0),
        "month" | "months" => Some(30.0),
        _ => None,
    }
}

/// Durations (in days) written in a free-text field of the catalog, e.g. a schedule "for 3 months".
fn text_durations(text: &str) -> Vec<f64> {
    let w = words(text);
    let mut out = Vec::new();
    for (i, word) in w.iter().enumerate() {
        let (n, unit) = match word.split_once('-') {
            Some((a, b)) => (number(a), Some(b)),
            None => (number(word), w.get(i + 1).map(String::as_str)),
        };
        if let (Some(n), Some(d)) = (n, unit.and_then(unit_days)) {
            out.push(f64::from(n) * d);
        }
    }
    out
}

/// `needle` occurs in `hay` between non-alphanumeric characters.
fn contains_word(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let mut start = 0;
    while let Some(pos) = hay[start..].find(needle) {
        let at = start + pos;
        let before = hay[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = hay[at + needle.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            return true;
        }
        start = at + needle.len().max(1);
    }
    false
}

/// A journal abbreviation as people write it out: "Am J Psychiatry" -> "american journal of psychiatry".
fn expand_journal(abbrev: &str) -> Vec<String> {
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
fn journal_of(t: &Trial) -> Option<&str> {
    t.citation().split_once(", ").map(|(_, j)| j.trim()).filter(|j| !j.is_empty())
}

/// What the auditor compares sentences with, computed once per trial.
struct Profile {
    /// The journal's name written out, without "of"/"the".
    journal: Vec<String>,
    /// Rates in percent, and percentages in the outcome notes.
    percents: Vec<f64>,
    /// Durations in days from the schedule, outcome days and time points.
    durations: Vec<f64>,
    /// The comparator in lower case, and `n_doses` (looked up once, not per sentence).
    comparator: String,
    n_doses: Option<u32>,
}

impl Profile {
    fn new(catalog: &Catalog, t: &Trial) -> Profile {
        let journal = journal_of(t)
            .map(|j| expand_journal(j).into_iter().filter(|w| w != "of" && w != "the").collect())
            .unwrap_or_default();
        let mut durations = text_durations(column(catalog, t, "schedule"));
        durations.extend(catalog.outcomes_of(&t.id).filter_map(|o| o.days));
        durations.extend(catalog.outcomes_of(&t.id).flat_map(|o| text_durations(&o.timepoint)));
        Profile {
            journal,
            percents: trial_percents(catalog, t),
            durations,
            comparator: t.comparator().to_lowercase(),
            n_doses: column(catalog, t, "n_doses").parse().ok(),
        }
    }
}

fn mentions_journal(f: &Features, p: &Profile) -> bool {
    let significant = &p.journal;
    let text: Vec<&String> = f.words.iter().filter(|w| *w != "of" && *w != "the").collect();
    !significant.is_empty()
        && text.windows(significant.len()).any(|win| win.iter().zip(significant.iter()).all(|(a, b)| *a == b))
}

/// Whether any phrase of the sentence looks like a journal name of any trial.
fn mentions_any_journal(f: &Features, profiles: &[Profile]) -> bool {
    f.has("journal") || profiles.iter().any(|p| mentions_journal(f, p))
}

/// Rates the catalog holds for a trial, in percent: from counts, from `pct_t`/`pct_c`, and in notes.
fn trial_percents(catalog: &Catalog, t: &Trial) -> Vec<f64> {
    let mut out = Vec::new();
    for o in catalog.outcomes_of(&t.id) {
        for data in std::iter::once(&o.treatment.data).chain(o.control.as_ref().map(|c| &c.data)) {
            if let ArmData::Binary { events, n } = data {
                out.push(100.0 * f64::from(*events) / f64::from(*n));
            }
        }
        // Percentages reported without a count (pct_t, pct_c) are rates the catalog holds too.
        out.extend(o.pct_t.into_iter().chain(o.pct_c));
        for w in words(&o.notes) {
            if let Some(p) = w.strip_suffix('%').and_then(|p| p.parse::<f64>().ok()) {
                out.push(p);
            }
        }
    }
    out
}

fn column<'a>(catalog: &Catalog, t: &'a Trial, name: &str) -> &'a str {
    catalog.trial_columns.iter().position(|c| c == name).map_or("", |i| &t.raw[i])
}

/// Score how well trial `t` fits the sentence; return the score and the reasons.
fn score(catalog: &Catalog, f: &Features, t: &Trial, p: &Profile) -> (i32, Vec<String>) {
    let mut s = 0;
    let mut why = Vec::new();
    if f.years.contains(&t.year) {
        s += 3;
        why.push(format!("year {}", t.year));
    } else if f.years.iter().any(|y| (y - t.year).abs() == 1) {
        s += 2;
        why.push(format!("year within 1 of {}", t.year));
    }
    if mentions_journal(f, p) {
        s += 4;
        why.push(format!("journal {}", journal_of(t).unwrap_or("")));
    }
    if let Some(n) = t.n_randomized
        && f.sizes.contains(&n)
    {
        s += 4;
        why.push(format!("{n} participants"));
    }
    let shared: Vec<&String> = f.conditions.iter().filter(|c| t.conditions.contains(c)).collect();
    if !shared.is_empty() {
        s += 2 * shared.len() as i32;
        why.push(format!("condition {}", shared.iter().map(|c| catalog.label(c)).collect::<Vec<_>>().join(", ")));
    } else if !f.conditions.is_empty() {
        s -= 2; // the sentence is about a condition this trial did not study
    }
    for word in ["midazolam", "saline", "placebo"] {
        if f.has(word) && p.comparator.contains(word) {
            s += 2;
            why.push(format!("comparator {word}"));
        }
    }
    let esk = f.has_any(&["esketamine", "spravato"]);
    if esk && t.drug().eq_ignore_ascii_case("esketamine") {
        s += 2;
        why.push("esketamine".into());
    } else if esk != t.drug().eq_ignore_ascii_case("esketamine") && (esk || f.has("ketamine")) {
        s -= 2;
    }
    if let Some(n) = p.n_doses
        && f.doses.contains(&n)
    {
        s += 2;
        why.push(format!("{n} doses"));
    }
    let design_hit = match t.design {
        Design::CrossoverRct => f.has("crossover"),
        Design::Retrospective => f.has_any(&["retrospective", "chart"]),
        Design::OpenLabel => f.has_any(&["open-label", "uncontrolled"]),
        Design::ParallelRct => false,
    } || (t.design.is_controlled()
        && f.has_any(&["randomized", "randomised", "double-blind", "controlled"]));
    if design_hit {
        s += 1;
        why.push(format!("design {}", t.design));
    }
    let known = &p.durations;
    if let Some(d) = f
        .durations
        .iter()
        .find(|d| known.iter().any(|k| (*k - **d).abs() <= 0.5 || (**d >= 28.0 && (*k - **d).abs() <= 3.0)))
    {
        s += 2;
        why.push(format!("duration {} days", crate::text::fmt_num(*d)));
    }
    let rates = &p.percents;
    let matched: Vec<f64> = f.percents.iter().copied().filter(|p| rates.iter().any(|r| (r - p).abs() <= 1.0)).collect();
    if !matched.is_empty() {
        s += 2 * matched.len().min(2) as i32;
        why.push(format!("rate {}", matched.iter().map(|p| format!("{p}%")).collect::<Vec<_>>().join(", ")));
    }
    (s, why)
}

/// Split an article into sentences with the 1-based line each starts on.
pub fn sentences(text: &str) -> Vec<(usize, String)> {
    const ABBREV: [&str; 12] = ["dr", "e.g", "i.e", "vs", "al", "u.s", "mr", "ms", "no", "fig", "st", "approx"];
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut start = 0;
        for j in 0..chars.len() {
            let end = matches!(chars[j], '.' | '!' | '?');
            let next_is_start = chars.get(j + 1).is_some_and(|c| c.is_whitespace())
                && chars
                    .get(j + 2)
                    .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '(') || c.is_ascii_digit());
            if end && next_is_start {
                // The word before the stop, read backwards (not the whole sentence, which would make a
                // line of many abbreviations quadratic).
                let mut k = j;
                while k > start && matches!(chars[k], '.' | '!' | '?') {
                    k -= 1;
                }
                let mut b = k;
                while b > start && !chars[b - 1].is_whitespace() {
                    b -= 1;
                }
                let last: String = chars[b..=k.max(b)].iter().collect::<String>().to_lowercase();
                let initial = last.chars().count() == 1 && last.chars().all(char::is_alphabetic);
                if ABBREV.contains(&last.as_str()) || initial {
                    continue;
                }
                push(&mut out, i + 1, &chars[start..=j].iter().collect::<String>());
                start = j + 1;
            }
        }
        push(&mut out, i + 1, &chars[start..].iter().collect::<String>());
    }
    out
}

fn push(out: &mut Vec<(usize, String)>, line: usize, s: &str) {
    let s = s.trim();
    if !s.is_empty() {
        out.push((line, s.to_string()));
    }
}

/// Audit `text` against `catalog`: one row per study-describing sentence.
pub fn audit(text: &str, catalog: &Catalog) -> Vec<AuditRow> {
    let mut rows = Vec::new();
    let profiles: Vec<Profile> = catalog.trials.iter().map(|t| Profile::new(catalog, t)).collect();
    for (line, sentence) in sentences(text) {
        let f = features(&sentence, catalog);
        let regulatory = (f.has("fda") || f.text.contains("approv")) && f.text.contains("ketamine");
        if !regulatory && !f.is_study_mention(mentions_any_journal(&f, &profiles)) {
            continue;
        }
        let mut scored: Vec<(i32, Vec<String>, &Trial, &Profile)> = catalog
            .trials
            .iter()
            .zip(&profiles)
            .map(|(t, p)| {
                let (s, w) = score(catalog, &f, t, p);
                (s, w, t, p)
            })
            .collect();
        scored.sort_by_key(|x| std::cmp::Reverse(x.0));
        let best = scored.first().filter(|(s, _, _, _)| *s >= 4);
        let runner_up = scored.get(1).map_or(0, |x| x.0);
        let (trial, confidence, reason, score) = match best {
            Some((s, why, t, prof)) => {
                let margin = s - runner_up;
                let conf = if *s >= 8 && margin >= 3 {
                    "high"
                } else if *s >= 6 && margin >= 2 {
                    "medium"
                } else {
                    "low"
                };
                let mut reason = why.join(", ");
                if margin < 2 {
                    reason.push_str(&format!(" (next best {} scores {runner_up})", scored[1].2.id));
                }
                (Some((*t, *prof)), conf, reason, *s)
            }
            None => (
                None,
                "none",
                "no catalog trial matches the sentence's year, journal, size, condition or design".to_string(),
                scored.first().map_or(0, |x| x.0),
            ),
        };
        let trial = trial.map(|(t, _)| t);
        let checks = verdict::checks(catalog, &f, trial);
        let verdict = verdict::combine(&checks, trial.is_some());
        let mut reasons: Vec<String> = checks.into_iter().map(|c| c.reason).collect();
        if trial.is_none() {
            reasons.extend(no_trial_reasons(catalog, &f, &profiles));
        }
        rows.push(AuditRow {
            line,
            sentence,
            trial: trial.map(|t| t.id.to_string()),
            citation: trial.map(|t| t.citation().to_string()),
            confidence,
            verdict,
            reasons,
            link: reason,
            score,
        });
    }
    rows
}

/// Why a sentence links to no trial: the catalog's trials of the conditions it names, and its
/// percentages that no trial reports.
fn no_trial_reasons(catalog: &Catalog, f: &Features, profiles: &[Profile]) -> Vec<String> {
    let mut out = Vec::new();
    if f.has("remission")
        && (f.definition_percents.iter().any(|p| (*p - 50.0).abs() < 0.5) || f.text.contains("50% reduction"))
    {
        out.push("\"remission\" used for a >=50% reduction, which is the usual definition of response".into());
    }
    for key in &f.conditions {
        let same: Vec<&str> = catalog
            .trials
            .iter()
            .filter(|t| t.conditions.contains(key))
            .map(|t| t.citation().split(',').next().unwrap_or(t.citation()))
            .collect();
        let label = catalog.label(key);
        out.push(match same.len() {
            0 => format!("no catalog trial matches; the catalog has no trial of {label}"),
            1..=3 => format!("no catalog trial matches; the catalog's trials of {label}: {}", same.join(", ")),
            n => format!("no catalog trial matches; the catalog has {n} trials of {label}"),
        });
    }
    for p in &f.percents {
        if !profiles.iter().flat_map(|pr| &pr.percents).any(|r| (r - p).abs() <= 1.0) {
            out.push(format!("says {p}%; catalog: no trial reports that rate (outcomes.csv)"));
        }
    }
    if out.is_empty() {
        out.push("no catalog trial matches the sentence's year, journal, size, condition or design".into());
    }
    out
}

/// Whether one of trial `t`'s outcome rows measures condition `key` (e.g. suicidal ideation as an
/// outcome of a depression study), though the trial did not enrol for it.
fn measures(catalog: &Catalog, t: &Trial, key: &str) -> bool {
    let c = catalog.condition(key);
    catalog.outcomes_of(&t.id).any(|o| {
        let text = format!("{} {} {}", o.outcome, o.scale, o.definition).to_lowercase();
        c.is_some_and(|c| c.aliases.iter().chain([&c.label]).any(|a| a.len() > 4 && text.contains(&a.to_lowercase())))
            || (key.chars().count() > 2
                && text.contains(&key.chars().take(2).collect::<String>())
                && text.contains(key.split('-').next().unwrap_or(key)))
            || text.split(|ch: char| !ch.is_alphanumeric()).any(|w| w.eq_ignore_ascii_case(&initials(key)))
    })
}

/// "suicidal-ideation" -> "si".
fn initials(key: &str) -> String {
    key.split('-').filter_map(|p| p.chars().next()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_but_not_abbreviations() {
        let s = sentences("Dr. Smith et al. found it. A 2018 trial with 18 people.\nSecond line here.");
        let texts: Vec<&str> = s.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["Dr. Smith et al. found it.", "A 2018 trial with 18 people.", "Second line here."]);
        assert_eq!(s[2].0, 2);
    }

    #[test]
    fn journal_abbreviations_expand() {
        assert_eq!(expand_journal("Am J Psychiatry"), ["american", "journal", "psychiatry"]);
    }
}
