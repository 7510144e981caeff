//! Part 1 of a condition: the answer in plain words (the SoF statements with their certainty), how
//! many trials and participants, what kind of studies they were, and the trials the statements
//! leave out (with what each found).

use super::{NotPooled, Section, Unpooled, outcome};
use crate::analysis::grade::Level;
use crate::catalog::{Catalog, Design, PrimaryResult, Trial};
use maud::{Markup, html};

pub(super) fn render(catalog: &Catalog, s: &Section<'_>) -> Markup {
    html! {
        h3 { "The answer in plain words" }
        @match &s.sof {
            Ok(t) => {
                ul.statements {
                    @for row in &t.report.rows {
                        li {
                            (row.statement) " "
                            (certainty(row.certainty))
                            span.detail { " " (outcome::sof_label(row)) ": " (studies(row.k, row.start == Level::High)) ", "
                                (row.participants) " participants." }
                        }
                    }
                }
            }
            Err(why) => {
                p.none { "No outcome of this condition can be pooled (for example, the trials have no comparison group, or report no numbers), so there is no Summary of Findings and no certainty rating." }
                p.technical { "Why, as evrev sof reports it: " (why) "." }
            }
        }
        p { (counts(catalog, s)) }
        (unpooled(s))
    }
}

/// The trials no statement rests on, each with its size, what its paper found and why it is not
/// pooled: a single small pooled trial must not read as all the evidence.
fn unpooled(s: &Section<'_>) -> Markup {
    let size = |t: &&Trial| t.n_randomized.map_or(0, u64::from);
    let left: u64 = s.unpooled.iter().map(|u| size(&u.trial)).sum();
    let pooled: u64 = s.trials.iter().filter(|t| !s.unpooled.iter().any(|u| u.trial.id == t.id)).map(size).sum();
    html! {
        @if !s.unpooled.is_empty() {
            @if s.sof.is_ok() {
                h4 { "Trials not in the table" }
                p {
                    "These trials of " (s.label) " are not part of the statements above or the Summary of Findings table: their results could not be pooled."
                    @if left > pooled { " Together they enrolled " (left) " participants; the trials behind the statements, " (pooled) "." }
                }
            } @else {
                h4 { "What each trial found" }
            }
            ul.unpooled {
                @for u in &s.unpooled {
                    li {
                        span.cite { (u.trial.citation()) } ", "
                        (u.trial.n_randomized.map_or("size not reported".to_string(), |n| format!("{n} participants")))
                        ": " (found(u)) ". "
                        span.why { "Not pooled: " (why(u.why)) "." }
                    }
                }
            }
        }
    }
}

/// "found no difference on its primary outcome (PCL-5)", from trials.csv `primary_result`.
pub(super) fn found(u: &Unpooled<'_>) -> String {
    let on = match &u.primary {
        Some(scale) => format!("on its primary outcome ({scale})"),
        None => "on its primary outcome".into(),
    };
    match u.result {
        Some(PrimaryResult::Positive) => format!("found a benefit {on}"),
        Some(PrimaryResult::Null) => format!("found no difference {on}"),
        Some(PrimaryResult::Mixed) => format!("had mixed results {on}"),
        None => "its primary result is not recorded in the catalog".into(),
    }
}

/// Why a trial is not pooled, in words.
fn why(w: NotPooled) -> &'static str {
    match w {
        NotPooled::NoOutcomes => "the catalog has no results from it for this condition",
        NotPooled::SingleArm => "single arm: no comparison group",
        NotPooled::Uncontrolled => "uncontrolled (not randomized), so it is not combined with the randomized trials",
        NotPooled::NoNumbers => "reported without numbers evrev can pool (counts, or means with SDs, per group)",
        NotPooled::PercentagesOnly => "reported as percentages without the counts evrev needs to pool",
        NotPooled::NotCombinable => "its numbers fit none of the pooled comparisons in the table",
    }
}

/// The certainty as GRADE's symbols and its word (never colour alone).
pub(super) fn certainty(level: Level) -> Markup {
    let class = format!("cert cert-{}", level.as_str().replace(' ', "-"));
    html! { span class=(class) { span.label { "Certainty: " } (level.symbols(false)) } }
}

/// "1 RCT", "3 RCTs", "2 studies".
fn studies(k: usize, randomized: bool) -> String {
    match (randomized, k) {
        (true, 1) => "1 randomized trial".into(),
        (true, k) => format!("{k} randomized trials"),
        (false, 1) => "1 study".into(),
        (false, k) => format!("{k} studies"),
    }
}

/// "3 trials, 229 participants randomized or enrolled: 2 parallel-group randomized trials, 1 crossover."
fn counts(catalog: &Catalog, s: &Section<'_>) -> String {
    let (key, trials, totals) = (&s.key, &s.trials, &s.totals);
    if trials.is_empty() {
        return "The catalog has no trial of this condition under this selection.".into();
    }
    let (known, unknown) = (totals.randomized, totals.n_unknown);
    let kinds: Vec<String> = Design::ALL
        .iter()
        .filter_map(|&d| {
            let n = trials.iter().filter(|t| t.design == d).count();
            (n > 0).then(|| design_words(d, n))
        })
        .collect();
    let missing = match unknown {
        0 => String::new(),
        1 => " (1 trial does not report its size)".to_string(),
        n => format!(" ({n} trials do not report their size)"),
    };
    let shared = trials.iter().filter(|t| t.conditions.len() > 1).count();
    let shared = match shared {
        0 => String::new(),
        n => format!(" {n} of them also enrolled people with another condition ({}).", others(catalog, key, trials)),
    };
    format!(
        "The evidence: {} trial{}, {known} participants randomized or enrolled{missing}: {}.{shared}",
        totals.trials,
        if totals.trials == 1 { "" } else { "s" },
        kinds.join(", ")
    )
}

/// The other conditions the trials enrolled, by label.
fn others(catalog: &Catalog, key: &str, trials: &[&Trial]) -> String {
    let mut labels: Vec<&str> = Vec::new();
    for t in trials {
        for c in t.conditions.iter().filter(|c| *c != key) {
            let l = catalog.label(c);
            if !labels.contains(&l) {
                labels.push(l);
            }
        }
    }
    labels.join(", ")
}

/// "2 parallel-group randomized trials".
pub(super) fn design_words(d: Design, n: usize) -> String {
    let (one, many) = match d {
        Design::ParallelRct => ("parallel-group randomized trial", "parallel-group randomized trials"),
        Design::CrossoverRct => ("randomized crossover trial", "randomized crossover trials"),
        Design::OpenLabel => ("open-label non-randomized study", "open-label non-randomized studies"),
        Design::Retrospective => ("retrospective study of records", "retrospective studies of records"),
    };
    format!("{n} {}", if n == 1 { one } else { many })
}
