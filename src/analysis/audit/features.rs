//! What a sentence says, read by rules: years, shares, sizes, doses, durations, conditions and words.

use crate::catalog::Catalog;

/// What a sentence says about a study, as found by the rules.
#[derive(Debug, Default)]
pub(super) struct Features {
    pub(super) years: Vec<i32>,
    pub(super) percents: Vec<f64>,
    /// Percentages that are part of a definition ("a 50% reduction"), not results.
    pub(super) definition_percents: Vec<f64>,
    pub(super) sizes: Vec<u32>,
    pub(super) doses: Vec<u32>,
    /// Durations named in the sentence, in days ("72 hours" = 3, "two weeks" = 14, "three-month" = 90).
    pub(super) durations: Vec<f64>,
    pub(super) conditions: Vec<String>,
    /// Conditions named only through a shared word of their labels ("anxiety"), for general claims.
    pub(super) families: Vec<String>,
    pub(super) words: Vec<String>,
    /// Positions in `words` of the words other than "of" and "the" (what a journal name is matched on).
    pub(super) significant: Vec<usize>,
    /// A 256-bit filter of `words` (see `word_bit`): `has` scans the words only when a word's bit is set.
    seen: [u64; 4],
    pub(super) text: String,
}

impl Features {
    pub(super) fn has(&self, w: &str) -> bool {
        let bit = word_bit(w);
        self.seen[bit / 64] & (1 << (bit % 64)) != 0 && self.words.iter().any(|x| x == w)
    }
    pub(super) fn has_any(&self, ws: &[&str]) -> bool {
        ws.iter().any(|w| self.has(w))
    }
    /// The sentence talks about a study: a year, a journal-like phrase, or a study word.
    pub(super) fn is_study_mention(&self, journal: bool) -> bool {
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

pub(super) const NUMBER_WORDS: [(&str, u32); 28] = [
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
pub(super) const PEOPLE: [&str; 9] =
    ["participants", "patients", "subjects", "people", "adults", "individuals", "veterans", "persons", "volunteers"];

pub(super) fn number(word: &str) -> Option<u32> {
    // The number words have 3 to 9 letters: a word of another length is not looked up.
    let named = || NUMBER_WORDS.iter().find(|(w, _)| *w == word).map(|(_, n)| *n);
    word.parse::<u32>().ok().or_else(|| if (3..=9).contains(&word.len()) { named() } else { None })
}

/// Split a word stream out of text: lowercase, letters/digits/'%'/'-' kept, other characters separate.
pub(super) fn words(text: &str) -> Vec<String> {
    words_of_lowercase(&lowercase(text))
}

/// `text` in lower case; ASCII text by the byte-wise conversion (the same result, a fraction of the cost).
fn lowercase(text: &str) -> String {
    if text.is_ascii() { text.to_ascii_lowercase() } else { text.to_lowercase() }
}

/// The words of text already in lower case (see `words`).
fn words_of_lowercase(lower: &str) -> Vec<String> {
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == '%' || c == '-' || c == '.'))
        .map(|w| w.trim_matches(|c: char| c == '.' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Read a sentence's features: numbers word by word, then the catalog's conditions it names.
pub(super) fn features(sentence: &str, lexicon: &Lexicon) -> Features {
    let text = lowercase(sentence);
    let w = words_of_lowercase(&text);
    let mut f = Features { text, ..Features::default() };
    for i in 0..w.len() {
        read_year_and_percent(&w, i, &mut f);
        read_counts(&w, i, &mut f);
    }
    read_conditions(sentence, lexicon, &mut f);
    f.significant = (0..w.len()).filter(|&i| w[i] != "of" && w[i] != "the").collect();
    for word in &w {
        let bit = word_bit(word);
        f.seen[bit / 64] |= 1 << (bit % 64);
    }
    f.words = w;
    read_families(lexicon, &mut f);
    f
}

/// A word's bit in `Features::seen`: from its length and first and last bytes (equal words, equal bits).
fn word_bit(w: &str) -> usize {
    let b = w.as_bytes();
    let (first, last) = (b.first().copied().unwrap_or(0), b.last().copied().unwrap_or(0));
    (b.len().wrapping_mul(31) ^ usize::from(first).wrapping_mul(7) ^ usize::from(last).wrapping_mul(131)) % 256
}

/// The catalog's condition names as the rules look for them, computed once per audit: each name in
/// lower case, or in capitals when short (SAD, SI, OCD), and the words of each label.
pub(super) struct Lexicon {
    /// (condition key, name as searched, short).
    names: Vec<(String, String, bool)>,
    /// (condition key, the words of its label).
    labels: Vec<(String, Vec<String>)>,
}

impl Lexicon {
    pub(super) fn new(catalog: &Catalog) -> Lexicon {
        let mut names = Vec::new();
        for c in &catalog.conditions {
            let all =
                std::iter::once(c.key.replace('-', " ")).chain([c.label.clone()]).chain(c.aliases.iter().cloned());
            for name in all {
                let short = name.chars().count() <= 4;
                let shown = if short { name.to_uppercase() } else { name.to_lowercase() };
                names.push((c.key.clone(), shown, short));
            }
        }
        let labels = catalog.conditions.iter().map(|c| (c.key.clone(), words(&c.label))).collect();
        Lexicon { names, labels }
    }
}

/// A year (1950-2035) and a percentage, with "a 50% reduction" kept apart as a definition.
fn read_year_and_percent(w: &[String], i: usize, f: &mut Features) {
    let word = &w[i];
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
        let after = &w[(i + 1).min(w.len())..(i + 4).min(w.len())];
        if after.iter().any(|a| matches!(a.as_str(), "reduction" | "improvement" | "decrease" | "or"))
            || prev == "least"
        {
            f.definition_percents.push(p);
        } else {
            f.percents.push(p);
        }
    }
}

/// Durations ("two weeks", "three-month"), sample sizes ("thirty adults", "n = 18") and doses.
fn read_counts(w: &[String], i: usize, f: &mut Features) {
    let word = &w[i];
    let next = w.get(i + 1).map(String::as_str).unwrap_or("");
    if let Some((n, unit)) = word.split_once('-').and_then(|(a, b)| number(a).map(|n| (n, b)))
        && let Some(d) = unit_days(unit)
    {
        f.durations.push(f64::from(n) * d);
    }
    if (word == "n" || word == "n=") && next.parse::<u32>().is_ok() {
        f.sizes.push(next.parse().unwrap_or(0));
    }
    let Some(n) = number(word) else { return };
    let ahead = &w[(i + 1).min(w.len())..(i + 3).min(w.len())];
    let first = ahead.first().map_or("", String::as_str);
    if matches!(first, "million" | "thousand" | "hundred" | "billion" | "percent" | "to") {
        return;
    }
    if let Some(d) = unit_days(first) {
        f.durations.push(f64::from(n) * d);
    }
    let year_like = word.len() == 4 && (1950..=2035).contains(&n);
    if ahead.iter().any(|a| PEOPLE.contains(&a.as_str())) && n > 1 && !year_like {
        f.sizes.push(n);
    }
    if matches!(first, "infusions" | "infusion" | "doses" | "dose" | "injections" | "iv") {
        f.doses.push(n);
    }
}

/// The catalog's conditions named by key, label or alias.
fn read_conditions(sentence: &str, lexicon: &Lexicon, f: &mut Features) {
    for (key, name, short) in &lexicon.names {
        // Short names (SAD, SI, OCD) count only as written in capitals, so "sad" the word does not.
        let hit = if *short { contains_word(sentence, name) } else { contains_word(&f.text, name) };
        if hit && !f.conditions.contains(key) {
            f.conditions.push(key.clone());
        }
    }
}

/// Conditions reached through a word that several condition labels share ("anxiety" for social
/// anxiety disorder and generalized anxiety disorder): used to link a general claim, not checked.
fn read_families(lexicon: &Lexicon, f: &mut Features) {
    if !f.text.contains("ketamine") {
        return; // only general claims about a ketamine drug use them
    }
    for w in &f.words {
        if w == "disorder" || w.len() < 5 {
            continue;
        }
        let holders = || lexicon.labels.iter().filter(|(_, l)| l.contains(w)).map(|(k, _)| k.as_str());
        if holders().nth(1).is_some() {
            for key in holders() {
                if !f.families.iter().any(|k| k == key) {
                    f.families.push(key.to_string());
                }
            }
        }
    }
}

/// Days in one `unit` ("hours" -> 1/24), if it is a unit of time.
pub(super) fn unit_days(unit: &str) -> Option<f64> {
    match unit {
        "hour" | "hours" | "h" => Some(1.0 / 24.0),
        "day" | "days" => Some(1.0),
        "week" | "weeks" => Some(7.0),
        "month" | "months" => Some(30.0),
        _ => None,
    }
}

/// Durations (in days) written in a free-text field of the catalog, e.g. a schedule "for 3 months".
pub(super) fn text_durations(text: &str) -> Vec<f64> {
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
pub(crate) fn contains_word(hay: &str, needle: &str) -> bool {
    // `str::contains` first: its vectorised scan rejects most (name, sentence) pairs at a fraction of
    // the byte-by-byte search's cost; the search below then only runs where the needle occurs.
    if needle.is_empty() || !hay.contains(needle) {
        return false;
    }
    let mut start = 0;
    while let Some(pos) = find(&hay.as_bytes()[start..], needle.as_bytes()) {
        // A match of valid UTF-8 in valid UTF-8 starts and ends on character boundaries.
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

/// The first position of `needle` in `hay` by a first-byte scan: for the short names and sentences
/// searched here, cheaper than building `str::find`'s two-way searcher on every call.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let last_start = hay.len().checked_sub(needle.len())?;
    (0..=last_start).find(|&i| hay[i] == first && &hay[i..i + needle.len()] == needle)
}
