//! Part 4 of a condition: the trials, each citation linked to its DOI (or PubMed) page, with design,
//! size, comparator, primary result and the overall risk of bias in words.

use super::{Section, links, outcome};
use crate::catalog::{Catalog, Design, Trial};
use crate::report::trials::line;
use maud::{Markup, html};

pub(super) fn render(catalog: &Catalog, s: &Section<'_>) -> Markup {
    html! {
        h3 { "The trials" }
        @if s.trials.is_empty() {
            p.none { "No trial of this condition under this selection." }
        } @else {
            div.scroll role="region" aria-label={ "Trials of " (s.label) } tabindex="0" {
                table.trials.reflow {
                    caption { "Trials of " (s.label) " in the catalog (" (s.trials.len()) ")" }
                    thead {
                        tr {
                            @for h in ["Trial", "Design", "N", "Comparator", "Primary outcome and result", "Risk of bias (overall)"] {
                                th scope="col" { (h) }
                            }
                        }
                    }
                    tbody { @for t in &s.trials { (row(catalog, t)) } }
                }
            }
        }
    }
}

fn row(catalog: &Catalog, t: &Trial) -> Markup {
    let l = line(catalog, t);
    let rob = catalog.rob.as_ref().and_then(|r| r.of(&t.id)).map(|a| a.overall);
    html! {
        tr {
            th scope="row" {
                (citation(t))
                span.title { (t.title()) }
                (registry(catalog, t))
            }
            td data-label="Design" { (design(t.design)) }
            td.num data-label="N" { (l.n_randomized.map_or("not reported".to_string(), |n| n.to_string())) }
            td data-label="Comparator" { (l.comparator) }
            td.primary data-label="Primary outcome and result" { (outcome::primary_cell(catalog, t)) }
            td data-label="Risk of bias (overall)" {
                @match rob {
                    Some(j) => span class={ "rob rob-" (j.letter().replace('?', "ni")) } { (j.letter()) " " (j.as_str()) },
                    None if t.design.is_controlled() => "not assessed",
                    None => "not randomized: RoB 2 does not apply",
                }
            }
        }
    }
}

/// The citation, linked to the DOI page (else PubMed); PubMed as a second link when both exist.
fn citation(t: &Trial) -> Markup {
    let doi = t.doi().and_then(links::doi);
    let pubmed = t.pmid().and_then(links::pubmed);
    html! {
        @match (&doi, &pubmed) {
            (Some(d), _) => a.cite href=(d) { (t.citation()) },
            (None, Some(p)) => a.cite href=(p) { (t.citation()) },
            (None, None) => span.cite { (t.citation()) },
        }
        @if let (Some(_), Some(p)) = (&doi, &pubmed) { " " a.pm href=(p) { "PubMed" } }
    }
}

fn registry(catalog: &Catalog, t: &Trial) -> Markup {
    let regs = links::registrations(catalog.trial_field(t, "registration"));
    html! {
        @if !regs.is_empty() {
            span.reg {
                "Registered: "
                @for (i, (id, url)) in regs.iter().enumerate() {
                    @if i > 0 { ", " }
                    a href=(url) { (id) }
                }
            }
        }
    }
}

/// The design as a reader says it (trials.csv's keys are for the catalog).
fn design(d: Design) -> &'static str {
    match d {
        Design::ParallelRct => "Randomized, parallel groups",
        Design::CrossoverRct => "Randomized crossover",
        Design::OpenLabel => "Open-label, not randomized",
        Design::Retrospective => "Retrospective (records)",
    }
}
