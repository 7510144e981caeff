//! Where a sentence sits in the article: sentences with their line and paragraph, and the context rule
//! by which a sentence that continues a study mention ("these benefits", "the patients", a follow-on
//! result) inherits that mention's trial link.

use super::Features;
use super::link::Link;
use crate::catalog::Trial;

/// Split an article into sentences with the 1-based line each starts on.
pub fn sentences(text: &str) -> Vec<(usize, String)> {
    placed_sentences(text).into_iter().map(|p| (p.line, p.text)).collect()
}

/// One sentence of the article: the line it starts on and the paragraph it belongs to.
pub(super) struct Placed {
    pub(super) line: usize,
    pub(super) paragraph: usize,
    pub(super) text: String,
}

/// The sentences of `text` with their paragraph. In hard-wrapped text (most lines end mid-sentence)
/// a paragraph's lines are joined, so a sentence may run over lines, and a paragraph ends at a blank
/// line, after a heading (a short line alone, without closing punctuation, before a capital) and
/// before a list item; otherwise (a saved web page, one block or one sentence per line) every line
/// is its own paragraph.
pub(super) fn placed_sentences(text: &str) -> Vec<Placed> {
    let mut out = Vec::new();
    for (paragraph, unit) in units(text).iter().enumerate() {
        split(unit, paragraph, &mut out);
    }
    out
}

/// A paragraph's text, its lines joined by a space, with the character offset where each line starts.
#[derive(Default)]
struct Unit {
    chars: Vec<char>,
    /// (offset in `chars`, 1-based line).
    starts: Vec<(usize, usize)>,
}

fn units(text: &str) -> Vec<Unit> {
    let paragraph_of_line = paragraphs(text);
    let mut out: Vec<Unit> = Vec::new();
    let mut current = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if current != Some(paragraph_of_line[i]) {
            out.push(Unit::default());
            current = Some(paragraph_of_line[i]);
        }
        let Some(unit) = out.last_mut() else { continue };
        if !unit.chars.is_empty() {
            unit.chars.push(' ');
        }
        unit.starts.push((unit.chars.len(), i + 1));
        unit.chars.extend(line.chars());
    }
    out
}

/// Split one paragraph at sentence stops that are not abbreviations or initials.
fn split(unit: &Unit, paragraph: usize, out: &mut Vec<Placed>) {
    const ABBREV: [&str; 12] = ["dr", "e.g", "i.e", "vs", "al", "u.s", "mr", "ms", "no", "fig", "st", "approx"];
    let chars = &unit.chars;
    let mut start = 0;
    for j in 0..chars.len() {
        let end = matches!(chars[j], '.' | '!' | '?');
        let next_is_start = chars.get(j + 1).is_some_and(|c| c.is_whitespace())
            && chars.get(j + 2).is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '(') || c.is_ascii_digit());
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
            // A word of more than 6 characters is neither an initial nor one of ABBREV (lowercasing
            // never shortens a word): no need to build its lowercase copy.
            let short = k.max(b) - b < 6;
            let last: String =
                if short { chars[b..=k.max(b)].iter().collect::<String>().to_lowercase() } else { String::new() };
            let initial = last.chars().count() == 1 && last.chars().all(char::is_alphabetic);
            if short && (ABBREV.contains(&last.as_str()) || initial) {
                continue;
            }
            push(out, unit, paragraph, start, j + 1);
            start = j + 1;
        }
    }
    push(out, unit, paragraph, start, chars.len());
}

fn push(out: &mut Vec<Placed>, unit: &Unit, paragraph: usize, from: usize, to: usize) {
    let raw = &unit.chars[from..to];
    let lead = raw.iter().take_while(|c| c.is_whitespace()).count();
    let text = raw.iter().collect::<String>().trim().to_string();
    if text.is_empty() {
        return;
    }
    let at = from + lead;
    let line = unit.starts[unit.starts.partition_point(|(offset, _)| *offset <= at).saturating_sub(1)].1;
    out.push(Placed { line, paragraph, text });
}

const CLOSING: [char; 9] = ['.', '!', '?', ',', ';', ':', '"', '”', ')'];

/// The paragraph number of each line (0-based lines).
fn paragraphs(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let filled: Vec<&&str> = lines.iter().filter(|l| !l.is_empty()).collect();
    let open_ended = filled.iter().filter(|l| !l.ends_with(CLOSING)).count();
    let wrapped = open_ended * 2 > filled.len();
    let heading: Vec<bool> = (0..lines.len()).map(|i| is_heading(&lines, i)).collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut n = 0;
    for (i, line) in lines.iter().enumerate() {
        let prev = if i > 0 { lines[i - 1] } else { "" };
        let item = line.starts_with(['•', '-', '*', '·']);
        if i > 0 && (!wrapped || prev.is_empty() || heading[i] || heading[i - 1] || item) {
            n += 1;
        }
        out.push(n);
    }
    out
}

/// A heading: a short line of a few words without closing punctuation, opening with a capital, after
/// a blank line or a finished sentence, and before a blank line or a capital.
fn is_heading(lines: &[&str], i: usize) -> bool {
    let line = lines[i];
    let capital = |l: &str| l.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let after_stop = i == 0 || lines[i - 1].is_empty() || lines[i - 1].ends_with(CLOSING);
    let before_start = lines.get(i + 1).is_none_or(|next| next.is_empty() || capital(next));
    !line.is_empty()
        && line.chars().count() < 60
        && line.split_whitespace().count() <= 8
        && !line.ends_with(CLOSING)
        && capital(line)
        && after_stop
        && before_start
}

/// The link of the last study mention in the current paragraph, which a continuing sentence inherits.
#[derive(Default)]
pub(super) struct Context<'a> {
    paragraph: usize,
    last: Option<Prior<'a>>,
    /// Sentences since the last linked one (1 = it was the sentence just before).
    since: usize,
}

struct Prior<'a> {
    trial: &'a Trial,
    line: usize,
    confidence: &'static str,
    reason: String,
    score: i32,
}

/// Words that make a sentence about a new or a general body of studies, not the one just mentioned.
const NEW_STUDY: [&str; 8] =
    ["another", "other", "studies", "trials", "research", "meta-analysis", "review", "reviews"];
const STUDY_NOUNS: [&str; 8] = ["study", "trial", "research", "group", "paper", "report", "patients", "participants"];
/// Words that refer back to the study just described, when they open the sentence.
const ANAPHORS: [&str; 9] =
    ["they", "these", "those", "participants", "patients", "subjects", "researchers", "authors", "investigators"];
/// Words of a follow-on result ("Patients relapsed 19 days after").
const RESULT_WORDS: [&str; 13] = [
    "improved",
    "reduced",
    "relapsed",
    "responded",
    "remained",
    "lasted",
    "persisted",
    "remission",
    "response",
    "relapse",
    "benefits",
    "effects",
    "improvement",
];

impl<'a> Context<'a> {
    /// Move to the next sentence, in `paragraph`: a new paragraph forgets the last mention.
    pub(super) fn enter(&mut self, paragraph: usize) {
        if paragraph != self.paragraph {
            self.paragraph = paragraph;
            self.last = None;
        }
        self.since += 1;
    }

    /// A sentence that names its own study: it becomes the mention later sentences continue (or, with
    /// no trial linked, there is nothing to continue).
    pub(super) fn set(&mut self, link: &Link<'a>, line: usize) {
        self.last = link.trial.map(|trial| Prior {
            trial,
            line,
            confidence: link.confidence,
            reason: link.reason.clone(),
            score: link.score,
        });
        self.since = 0;
    }

    pub(super) fn clear(&mut self) {
        self.last = None;
    }

    /// Why the sentence continues the last mention ("opens with \"these\""), if it does: it refers
    /// back with an anaphor within two sentences, or reports a follow-on result (a number, a share, a
    /// duration or a result word) right after it, and it names no other study.
    pub(super) fn cue(&self, f: &Features) -> Option<String> {
        let prior = self.last.as_ref()?;
        if f.has_any(&NEW_STUDY) || names_a_study(f) || f.years.iter().any(|y| (y - prior.trial.year).abs() > 1) {
            return None;
        }
        let opening = &f.words[..f.words.len().min(6)];
        let anaphor = opening.iter().find(|w| ANAPHORS.contains(&w.as_str())).cloned().or_else(|| {
            opening.windows(2).find_map(|p| {
                (matches!(p[0].as_str(), "the" | "this" | "that") && STUDY_NOUNS.contains(&p[1].as_str()))
                    .then(|| p.join(" "))
            })
        });
        if let Some(w) = anaphor
            && self.since <= 2
        {
            return Some(format!("refers back with \"{w}\""));
        }
        let result = f.words.iter().find(|w| RESULT_WORDS.contains(&w.as_str()));
        let numbers = !f.percents.is_empty() || !f.durations.is_empty() || !super::verdict::shares(f).is_empty();
        if self.since == 1 && (numbers || result.is_some()) {
            let what = result.map_or("a number".to_string(), |w| format!("\"{w}\""));
            return Some(format!("a follow-on result ({what}) right after it"));
        }
        None
    }

    /// The link a continuing sentence takes: the mention's trial, one confidence step lower, with a
    /// reason that says where it comes from.
    pub(super) fn inherit(&mut self, cue: &str) -> Option<Link<'a>> {
        let prior = self.last.as_ref()?;
        self.since = 0;
        let confidence = match prior.confidence {
            "high" => "medium",
            _ => "low",
        };
        Some(Link {
            trial: Some(prior.trial),
            confidence,
            reason: format!("continues the study of line {} ({cue}); linked there by {}", prior.line, prior.reason),
            score: prior.score,
            general: false,
        })
    }
}

/// "a study", "one trial", "an earlier report": the sentence introduces a study of its own.
fn names_a_study(f: &Features) -> bool {
    f.words.windows(2).any(|p| {
        matches!(p[0].as_str(), "a" | "an" | "one")
            && matches!(p[1].as_str(), "study" | "trial" | "report" | "paper" | "review")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_break_at_blank_lines_headings_and_items() {
        // Hard-wrapped: blank lines, a heading standing alone and a list item end a paragraph.
        let wrapped =
            "Heading\nA first line that wraps\nand goes on\nto its end.\n\nSecond one\nends.\n• an item\nof text";
        assert_eq!(paragraphs(wrapped), [0, 1, 1, 1, 1, 2, 2, 3, 3]);
        // One sentence or block per line: every line is a paragraph.
        assert_eq!(paragraphs("a b.\nc d.\n\ne f."), [0, 1, 2, 3]);
    }
}
