//! Auditing an article: find the sentences that describe a study, link each to the catalog trial it
//! most likely describes, and flag what a reviewer would. Rules over the catalog's own fields only.

mod context;
mod features;
pub mod html;
mod link;
pub mod verdict;

use crate::catalog::{Catalog, Trial};
use context::Context;
pub use context::sentences;
/// Whether `needle` occurs in `hay` as a whole word (no letter or digit on either side).
pub(crate) use features::contains_word as has_word;
use features::{Features, Lexicon, contains_word, features, number, text_durations, words};
use link::{Link, Profile};
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
    let f = features(sentence, &Lexicon::new(catalog));
    let t = trial.and_then(|id| catalog.trial(id));
    let checks = verdict::checks(catalog, &f, t, false);
    (verdict::combine(&checks, t.is_some()), checks.into_iter().map(|c| c.reason).collect())
}

/// Audit `text` against `catalog`: one row per study-describing sentence. A pipeline: sentences with
/// their paragraph -> features -> link (the sentence's own study, or the one it continues) -> checks
/// -> row.
pub fn audit(text: &str, catalog: &Catalog) -> Vec<AuditRow> {
    let profiles: Vec<Profile> = catalog.trials.iter().map(|t| Profile::new(catalog, t)).collect();
    let lexicon = Lexicon::new(catalog);
    let mut context = Context::default();
    let mut rows = Vec::new();
    for s in context::placed_sentences(text) {
        context.enter(s.paragraph);
        let f = features(&s.text, &lexicon);
        if let Some(link) = sentence_link(catalog, &profiles, &f, &mut context, s.line) {
            rows.push(row(catalog, &profiles, &f, s, link));
        }
    }
    rows
}

const APPROVAL_ONLY: &str = "an approval sentence: judged against evidence.csv's regulatory rows, not a trial";

/// How a sentence links: a study it names, a study mention it continues (within its paragraph), or
/// none; `None` when the sentence describes no study at all.
fn sentence_link<'a>(
    catalog: &'a Catalog,
    profiles: &[Profile],
    f: &Features,
    context: &mut Context<'a>,
    line: usize,
) -> Option<Link<'a>> {
    let regulatory = link::is_regulatory(f);
    let mention = f.is_study_mention(link::mentions_any_journal(f, profiles));
    if regulatory && link::approval_only(f, mention) {
        context.clear();
        return Some(Link::none(APPROVAL_ONLY, 0));
    }
    let cue = context.cue(f);
    let own = (mention || regulatory).then(|| link::best(catalog, profiles, f));
    match (own, cue) {
        (Some(own), cue) if own.trial.is_some() && (cue.is_none() || own.confidence == "high") => {
            context.set(&own, line);
            Some(own)
        }
        (_, Some(cue)) => context.inherit(&cue),
        (Some(own), None) => {
            context.set(&own, line);
            Some(own)
        }
        (None, None) if link::is_general_claim(f) => link::general(catalog, profiles, f),
        (None, None) => None,
    }
}

/// The row of a linked (or unlinked) study sentence: its checks, verdict and reasons.
fn row(catalog: &Catalog, profiles: &[Profile], f: &Features, s: context::Placed, link: Link<'_>) -> AuditRow {
    let trial = link.trial;
    let checks = verdict::checks(catalog, f, trial, link.general);
    let verdict = verdict::combine(&checks, trial.is_some());
    let mut reasons = reasons_in_order(checks);
    if trial.is_none() && link.reason != APPROVAL_ONLY {
        reasons.extend(no_trial_reasons(catalog, f, profiles));
    }
    AuditRow {
        line: s.line,
        sentence: s.text,
        trial: trial.map(|t| t.id.to_string()),
        citation: trial.map(|t| t.citation().to_string()),
        confidence: link.confidence,
        verdict,
        reasons,
        link: link.reason,
        score: link.score,
    }
}

/// The reasons a reader needs first come first: the checks that decide the verdict (most serious
/// first, each prefixed with its own verdict: "wrong: says veterans; catalog: ..."), then the
/// assertions that agree (unprefixed, in the sentence's order).
fn reasons_in_order(mut checks: Vec<verdict::Check>) -> Vec<String> {
    checks.sort_by_key(|c| std::cmp::Reverse(c.verdict)); // stable: equals keep the sentence's order
    checks
        .into_iter()
        .map(|c| match c.verdict {
            AuditVerdict::Accurate => c.reason,
            v => format!("{}: {}", v.as_str(), c.reason),
        })
        .collect()
}

/// Why a sentence links to no trial: the catalog's trials of the conditions it names, and its
/// percentages that no trial reports.
fn no_trial_reasons(catalog: &Catalog, f: &Features, profiles: &[Profile]) -> Vec<String> {
    let mut out = Vec::new();
    if verdict::remission_for_response(f) {
        out.push(verdict::REMISSION_FOR_RESPONSE.into());
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
}
