//! Part 1 of a condition: the answer in plain words (the SoF statements with their certainty), how
//! many trials and participants, and what kind of studies they were.

use super::Section;
use crate::analysis::grade::Level;
use crate::catalog::{Catalog, Design, Trial};
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
                            span.detail { " " (row.outcome) ": " (studies(row.k, row.start == Level::High)) ", "
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
    let missing = if unknown > 0 { format!(" ({unknown} trial(s) do not report their size)") } else { String::new() };
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
