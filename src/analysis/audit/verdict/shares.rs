//! Shares a sentence gives ("67%", "two thirds", "nine of ten") checked against the trial's rates.

use super::*;

/// A share written in words or digits: the words as written and the range of percentages they mean.
#[derive(Debug, Clone)]
pub struct Share {
    pub words: String,
    pub lo: f64,
    pub hi: f64,
    /// Written as a digit percentage ("67%"): compared within rounding, not a range.
    pub exact: bool,
}

pub(in crate::analysis::audit) const FRACTIONS: [(&str, f64, f64); 14] = [
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
pub(in crate::analysis::audit) fn most_is_a_share(words: &[String]) -> bool {
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
pub(in crate::analysis::audit) fn shares(f: &Features) -> Vec<Share> {
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
        if crate::analysis::audit::contains_word(text, w)
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
            (crate::analysis::audit::number(x), crate::analysis::audit::number(y), w[i].clone())
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
            let b = w.get(j).and_then(|x| crate::analysis::audit::number(x));
            (crate::analysis::audit::number(&w[i]), b, w[i..=j.min(w.len() - 1)].join(" "))
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
pub(in crate::analysis::audit) fn share_denominators(f: &Features) -> Vec<u32> {
    let w = &f.words;
    (2..w.len())
        .filter(|&i| matches!(w[i - 1].as_str(), "of" | "in") && crate::analysis::audit::number(&w[i - 2]).is_some())
        .filter_map(|i| crate::analysis::audit::number(&w[i]))
        .collect()
}

/// A rate the catalog holds for a trial, with the row it comes from.
pub(in crate::analysis::audit) struct Rate {
    pub(super) pct: f64,
    /// `trial/outcome`.
    pub(super) row: String,
    /// From a count or pct column (a share of patients), not a percentage in the notes.
    pub(super) share: bool,
    /// The outcome row is a continuous change (its notes' percentages are mean reductions).
    pub(super) continuous: bool,
}

pub(in crate::analysis::audit) fn rates(catalog: &Catalog, t: &Trial) -> Vec<Rate> {
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
        for p in o.pct_t().into_iter().chain(o.pct_c()) {
            binary = true;
            out.push(Rate { pct: p, row: row.clone(), share: true, continuous: false });
        }
        // Only a word ending in '%' is a rate: notes without one are not split into words.
        let notes = if o.notes.contains('%') { crate::analysis::audit::words(&o.notes) } else { Vec::new() };
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

pub(in crate::analysis::audit) fn short(t: &Trial) -> &str {
    t.citation().split(',').next().unwrap_or(t.citation())
}

pub(in crate::analysis::audit) const PEOPLE_SHARE: [&str; 6] =
    ["of patients", "of participants", "of people", "of those", "of subjects", "of the patients"];

pub(in crate::analysis::audit) fn check_shares(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
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

pub(in crate::analysis::audit) fn dist(p: f64, s: &Share) -> f64 {
    if p < s.lo {
        s.lo - p
    } else if p > s.hi {
        p - s.hi
    } else {
        0.0
    }
}
