//! Part 5 of a condition: what the articles claim (claims.csv, each quote with its verdict and the
//! reason) and the verdicts of the articles audited in this run (`--audit`).

use super::{AuditEntry, Section};
use crate::catalog::{Catalog, Claim};
use maud::{Markup, html};

pub(super) fn render(catalog: &Catalog, s: &Section<'_>) -> Markup {
    html! {
        h3 { "What the articles claim" }
        @if s.claims.is_empty() {
            p.none { "The catalog's claims audit (claims.csv) has no claim about this condition's trials." }
        } @else {
            p { (s.claims.len()) (if s.claims.len() == 1 { " claim" } else { " claims" }) " from popular articles, checked against the trials by a reviewer (claims.csv)." }
            @for c in &s.claims { (claim(catalog, c)) }
        }
        @if !s.audit.is_empty() {
            p { (s.audit.len()) (if s.audit.len() == 1 { " sentence of the articles audited in this run (evrev audit) describes" } else { " sentences of the articles audited in this run (evrev audit) describe" }) " this condition's trials." }
            @for e in &s.audit { (audited(e)) }
        }
    }
}

/// A verdict as a word in a tinted box (the word carries the meaning; the tint only repeats it).
fn verdict(word: &str) -> Markup {
    let class = format!("verdict v-{}", word.replace(' ', "-"));
    html! { span class=(class) { "Verdict: " (word) } }
}

fn claim(catalog: &Catalog, c: &Claim) -> Markup {
    let document = catalog.documents.iter().find(|d| d.id == c.document);
    let source =
        document.map_or(c.document.as_str(), |d| if d.title.is_empty() { d.id.as_str() } else { d.title.as_str() });
    let trial = c.trial.as_deref().and_then(|t| catalog.trial(t));
    html! {
        div.claim {
            blockquote { (c.quote) }
            p.source {
                "— " (source)
                @if let Some(t) = trial { " (about " (t.citation()) ")" }
            }
            p { (verdict(c.verdict.as_str())) " " (c.explanation) }
        }
    }
}

fn audited(e: &AuditEntry) -> Markup {
    let r = &e.row;
    html! {
        div.claim {
            blockquote { (r.sentence) }
            p.source {
                "— " (e.file) ", line " (r.line)
                @if let Some(c) = &r.citation { " (linked to " (c) ", " (r.confidence) " confidence)" }
            }
            p {
                (verdict(r.verdict.as_str())) " "
                @if r.reasons.is_empty() { "No assertion of the sentence could be checked against the catalog." }
                @else { (r.reasons.join("; ")) }
            }
        }
    }
}
