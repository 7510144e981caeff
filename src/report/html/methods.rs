//! Part 6 of a condition: how the numbers were made (every method choice pool lists, the GRADE rules),
//! which numbers are derived (†) or secondary (‡), and where the catalog, program and date come from.

use super::{Brief, Pooled, Section};
use crate::analysis::audit::AuditSummary;
use crate::report::summary::provenance_legend;
use maud::{Markup, html};

pub(super) fn render(b: &Brief<'_>, s: &Section<'_>) -> Markup {
    html! {
        h3 { "Methods and provenance" }
        @for p in &s.pools { (choices(p)) }
        (marked(&s.pools))
        p {
            "Certainty is rated by evrev's GRADE algorithm (after Pollock et al. 2016): it starts high for randomized "
            "evidence and low otherwise, and each domain (risk of bias, inconsistency, indirectness, imprecision, "
            "publication bias) can rate it down; a reviewer's grade.csv row replaces the algorithm's figure for its domain. "
            "The footnotes of the table give each reason with its numbers."
        }
        (stamp(b))
    }
}

/// One pooled outcome's method choices, as `evrev pool` lists them under its table.
fn choices(p: &Pooled<'_>) -> Markup {
    let r = &p.result;
    html! {
        p.method-head { (r.outcome) " (" (r.choice.measure.label()) ", " (r.choice.method.label()) "):" }
        ul.method { @for n in &r.notes { li { (n) } } }
    }
}

/// The numbers that are not printed as such in the trial's paper: derived (†) or secondary (‡).
fn marked(pools: &[Pooled<'_>]) -> Markup {
    let mut lines: Vec<String> = Vec::new();
    let mut marks: Vec<&str> = Vec::new();
    for p in pools {
        for s in &p.result.studies {
            let Some(mark) = s.provenance.map(|v| v.mark()).filter(|m| !m.is_empty()) else { continue };
            marks.push(mark);
            let what = if mark == "†" { "derived" } else { "secondary" };
            lines.push(format!("{mark} {}, {} ({}): {what}", s.label, p.result.outcome, s.timepoint));
        }
    }
    html! {
        @if lines.is_empty() {
            p { "Every pooled number is reported as such in its source (none derived †, none secondary ‡)." }
        } @else {
            p { "Numbers not printed as such in the trial's paper: " (provenance_legend(marks).unwrap_or_default()) }
            ul.method { @for l in &lines { li { (l) } } }
        }
    }
}

/// Catalog, content hash, program version, date; and the articles audited in this run.
fn stamp(b: &Brief<'_>) -> Markup {
    let st = &b.stamp;
    let origin = if st.bundled {
        "the catalog bundled with evrev".to_string()
    } else {
        format!("the catalog folder {}", st.origin)
    };
    html! {
        ul.stamp {
            li { "Catalog: " (origin) "; content hash " code { (st.hash) } "." }
            li { "Program: evrev " (st.version) "." }
            li { "Date: " (st.date) " UTC" @if st.pinned { " (from SOURCE_DATE_EPOCH)" } "." }
            @for a in &b.audits {
                li { "Audited in this run: " (a.file) ": " (AuditSummary::of(&a.rows).line()) }
            }
        }
    }
}
