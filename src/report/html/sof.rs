//! Part 2 of a condition: the Summary of Findings table (`evrev sof`'s cells and footnotes, as real
//! table markup) and, per outcome with absolute effects, what its per-1,000 numbers look like.

use super::{Section, SofTable, answer, icons, outcome};
use crate::catalog::Catalog;
use crate::report::sof::HEADERS;
use maud::{Markup, html};

/// The column of the certainty cell (drawn with its word, not only symbols).
const CERTAINTY: usize = 6;

pub(super) fn render(catalog: &Catalog, s: &Section<'_>) -> Markup {
    html! {
        h3 { "Summary of Findings" }
        @match &s.sof {
            Ok(t) => {
                (table(s, t, skipped(catalog, s, t)))
                (icons::render(&t.report))
            }
            Err(_) => p.none { "No Summary of Findings: nothing to pool (see above). The trials are listed below." }
        }
    }
}

fn caption(s: &Section<'_>, t: &SofTable) -> String {
    let mut drugs: Vec<&str> = Vec::new();
    let mut comparators: Vec<&str> = Vec::new();
    for r in &t.report.rows {
        for d in &r.interventions {
            if !drugs.contains(&d.as_str()) {
                drugs.push(d);
            }
        }
        for c in &r.comparators {
            if !comparators.contains(&c.as_str()) {
                comparators.push(c);
            }
        }
    }
    let comparator = match comparators.len() {
        0 => "no comparator".to_string(),
        1 | 2 => comparators.join(" or "),
        _ => "control (comparators in the notes)".into(),
    };
    format!("Summary of findings: {} compared with {comparator} for {}", drugs.join(" or "), s.label)
}

/// The table, the outcomes left out of it, then its footnotes and notes.
fn table(s: &Section<'_>, t: &SofTable, left_out: Markup) -> Markup {
    html! {
        div.scroll role="region" aria-label="Summary of Findings table" tabindex="0" {
            table.sof.reflow {
                caption { (caption(s, t)) }
                thead { tr { @for h in HEADERS { th scope="col" { (h) } } } }
                tbody {
                    @for (row, cells) in t.report.rows.iter().zip(&t.cells) {
                        tr {
                            @for (i, cell) in cells.iter().enumerate() {
                                @if i == 0 {
                                    th scope="row" {
                                        (outcome::sof_label(row))
                                        @if !outcome::plain_key(&row.outcome) { " " span.technical.key { "(" (row.outcome) ")" } }
                                    }
                                } @else if i == CERTAINTY {
                                    td data-label=(HEADERS[i]) { (answer::certainty(row.certainty)) }
                                } @else {
                                    td data-label=(HEADERS.get(i).copied().unwrap_or("")) { (cell) }
                                }
                            }
                        }
                    }
                }
            }
        }
        (left_out)
        ul.notes aria-label="Footnotes and notes to the table" {
            @for n in &t.notes { li { (n) } }
        }
    }
}

/// The outcomes measured but with nothing to pool, by scale (the keys in small print).
fn skipped(catalog: &Catalog, s: &Section<'_>, t: &SofTable) -> Markup {
    let keys: Vec<&str> = t.report.skipped.iter().map(|k| k.outcome.as_str()).collect();
    html! {
        @if !keys.is_empty() {
            p.skipped {
                "Also measured, but not in the table because nothing could be pooled (no numbers, or no comparison group): "
                @for (i, k) in keys.iter().enumerate() {
                    @if i > 0 { "; " }
                    (outcome::key_in_words(catalog, &s.key, k))
                }
                ". "
                span.technical { "Outcome keys: " (keys.join(", ")) "; evrev pool --outcome KEY says why each is not pooled." }
            }
        }
    }
}
