//! What "467 more per 1,000" looks like: per SoF outcome with absolute effects, an icon array of 100
//! squares per group (one square = 10 people), as inline SVG with a text alternative.

use crate::analysis::sof::{SofReport, SofRow};
use crate::text::{capitalise, fmt_people as people};
use maud::{Markup, html};

const COLS: i64 = 20;
const ROWS: i64 = 5;
const CELL: i64 = 11;
const GROUP_W: i64 = COLS * CELL;
const TOP: i64 = 22;

/// An icon array per outcome with absolute effects; none where the comparator group had no events
/// (a relative effect times a risk of 0 is 0 for everyone, which would picture no effect).
pub(super) fn render(r: &SofReport) -> Markup {
    let rows: Vec<&SofRow> = r.rows.iter().filter(|x| x.per1000_t.is_some()).collect();
    html! {
        @for row in rows {
            @if row.per1000_c == Some(0) {
                p.none { "No icon array for " (row.outcome) ": nobody in the comparator groups had it, so the relative effect gives no absolute numbers (see the forest plot for the counts)." }
            } @else {
                (figure(row))
            }
        }
    }
}

/// One group of an icon array: who, how many per 1,000, and the 95% CI when it has one.
struct Group {
    label: String,
    n: i64,
    ci: Option<(i64, i64)>,
}

/// The groups of one outcome: the comparator (when there is one), then the intervention.
fn groups(row: &SofRow) -> Vec<Group> {
    let mut g = Vec::new();
    if let Some(n) = row.per1000_c {
        g.push(Group { label: "Comparator".into(), n, ci: None });
    }
    if let Some(n) = row.per1000_t {
        let ci = row.per1000_t_low.zip(row.per1000_t_high);
        let who = if row.intervention.is_empty() { "intervention" } else { &row.intervention };
        g.push(Group { label: capitalise(who), n, ci });
    }
    g
}

/// The text alternative: every number the picture shows.
fn alt(row: &SofRow) -> String {
    let parts: Vec<String> = groups(row)
        .iter()
        .map(|Group { label, n, ci }| {
            let ci = ci.map_or(String::new(), |(lo, hi)| format!(" (95% CI {} to {})", people(lo), people(hi)));
            format!("{label}: {} in 1,000 people with {}{ci}", people(*n), row.outcome)
        })
        .collect();
    let diff = row.per1000_diff.map_or(String::new(), |d| format!("; {} per 1,000", crate::text::fmt_more(d)));
    format!("{}{diff}. One square stands for 10 people.", parts.join("; "))
}

/// The groups side by side (one SVG each, so they stack on a narrow screen); the text alternative
/// is the container's, the pictures themselves hidden from screen readers.
fn figure(row: &SofRow) -> Markup {
    let groups = groups(row);
    let (width, height) = (GROUP_W + 8, TOP + ROWS * CELL + 6);
    let alt = alt(row);
    html! {
        figure.icons {
            div.icon-row role="img" aria-label=(alt) {
                @for g in &groups {
                    svg xmlns="http://www.w3.org/2000/svg" aria-hidden="true" width=(width) height=(height)
                        viewBox={ "0 0 " (width) " " (height) } font-family="Helvetica, Arial, sans-serif" font-size="12" {
                        (group(4, &g.label, g.n, g.ci))
                    }
                }
            }
            figcaption {
                (row.outcome) ", per 1,000 people: " (alt)
                @if groups.iter().any(|g| g.ci.is_some()) { " Dark squares: the estimate; light squares: the rest of its 95% confidence interval." }
            }
        }
    }
}

/// One group's label and its 100 squares: dark up to the estimate, light to the CI's upper bound.
fn group(x0: i64, label: &str, n: i64, ci: Option<(i64, i64)>) -> Markup {
    let dark = (n + 5) / 10;
    let light = ci.map_or(dark, |(_, hi)| (hi + 5) / 10).max(dark);
    html! {
        text x=(x0) y="14" font-weight="bold" { (label) ": " (people(n)) " per 1,000" }
        @for k in 0..(COLS * ROWS) {
            @let (fill, stroke) = if k < dark { ("#2b5d8a", "#2b5d8a") } else if k < light { ("#b9d3ea", "#2b5d8a") } else { ("#ffffff", "#8a8a8a") };
            rect x=(x0 + (k % COLS) * CELL) y=(TOP + (k / COLS) * CELL) width=(CELL - 2) height=(CELL - 2)
                fill=(fill) stroke=(stroke) stroke-width="0.8" {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_fills_one_square_per_ten_people() {
        let svg = group(0, "Comparator", 200, None).into_string();
        assert_eq!(svg.matches("<rect").count(), 100);
        assert_eq!(svg.matches("fill=\"#2b5d8a\"").count(), 20);
        let svg = group(0, "Ketamine", 667, Some((228, 1000))).into_string();
        assert_eq!(svg.matches("fill=\"#2b5d8a\"").count(), 67);
        assert_eq!(svg.matches("fill=\"#b9d3ea\"").count(), 33);
        assert!(svg.contains("Ketamine: 667 per 1,000"));
    }
}
