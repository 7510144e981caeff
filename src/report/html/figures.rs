//! Part 3 of a condition: a forest plot per pooled outcome and the RoB 2 traffic light, the SVG of
//! `report::svg` and `report::rob_svg` inline (their text is escaped where they are drawn).

use super::{Pooled, Section};
use crate::report::{fmt_num, forest_svg, pool::forest, rob_svg};
use maud::{Markup, PreEscaped, html};

pub(super) fn render(s: &Section<'_>) -> Markup {
    html! {
        h3 { "Forest plots and risk of bias" }
        @if s.pools.is_empty() {
            p.none { "No forest plot: no outcome of this condition could be pooled." }
        }
        @for p in &s.pools { (forest_figure(p)) }
        @if s.rob.rows.is_empty() {
            p.none { "No risk-of-bias (RoB 2) assessment in the catalog for these trials." }
        } @else {
            (rob_figure(s))
        }
    }
}

/// "Forest plot of response: risk ratio 3.33 (95% CI 1.14 to 9.75) from 1 study."
fn forest_alt(p: &Pooled<'_>) -> String {
    let r = &p.result;
    let studies: Vec<String> = r
        .studies
        .iter()
        .map(|s| match (s.estimate, s.ci_low, s.ci_high) {
            (Some(e), Some(l), Some(h)) => format!("{} {} ({} to {})", s.label, fmt_num(e), fmt_num(l), fmt_num(h)),
            _ => format!("{} not estimable", s.label),
        })
        .collect();
    format!(
        "Forest plot of {}: pooled {} {} (95% CI {} to {}) from {} stud{} ({}). Studies: {}.",
        r.outcome,
        r.measure_label.to_lowercase(),
        fmt_num(r.estimate),
        fmt_num(r.ci_low),
        fmt_num(r.ci_high),
        r.k,
        if r.k == 1 { "y" } else { "ies" },
        r.method_label,
        studies.join("; ")
    )
}

fn forest_figure(p: &Pooled<'_>) -> Markup {
    let alt = forest_alt(p);
    // forest_svg escapes every text it draws (report::svg::esc), so its output is safe to embed.
    let svg = forest_svg(&forest(&p.result, p.better));
    html! {
        figure.plot {
            div.svg role="img" aria-label=(alt) { (PreEscaped(svg)) }
            p.swipe aria-hidden="true" { "Swipe sideways to see the whole plot." }
            figcaption { (alt) }
        }
    }
}

fn rob_alt(s: &Section<'_>) -> String {
    let per: Vec<String> =
        s.rob.rows.iter().map(|r| format!("{}: overall {}", r.citation, r.overall.as_str())).collect();
    format!("Risk of bias (RoB 2), traffic-light plot and weighted summary. {}.", per.join("; "))
}

fn rob_figure(s: &Section<'_>) -> Markup {
    let alt = rob_alt(s);
    // rob_svg escapes the citations it draws; its other text is fixed.
    let svg = rob_svg(&s.rob);
    html! {
        figure.plot {
            div.svg role="img" aria-label=(alt) { (PreEscaped(svg)) }
            p.swipe aria-hidden="true" { "Swipe sideways to see the whole figure." }
            figcaption {
                (alt) " Each circle carries its letter (L low, S some concerns, H high, ? no information), so it reads without colour."
            }
        }
    }
}
