//! The funnel plot as SVG: each study's effect (x; log axis for ratios) against its standard error (y,
//! 0 at the top), the pooled estimate's line and 95% pseudo-confidence funnel, and contours around the
//! line of no effect where a study's p is .10-.05, .05-.01 and below .01 (Peters et al. 2008,
//! J Clin Epidemiol 61:991). Layout only: every value was computed before.

use super::svg::{FONT, esc, linear_ticks, log_ticks, tick_label};
use std::fmt::Write as _;

/// A funnel plot to draw. Effects are on the model scale (log for ratios).
#[derive(Debug, Clone, Default)]
pub struct FunnelPlot {
    pub title: String,
    /// E.g. "Odds ratio (log scale)".
    pub x_label: String,
    /// Label ticks with exp(x) (ratios).
    pub log_scale: bool,
    /// (effect, standard error) per study.
    pub points: Vec<(f64, f64)>,
    pub pooled: f64,
    /// No effect on the model scale (0), where the contours are centred; `None`: no contours.
    pub null_value: Option<f64>,
    /// Small print under the plot (Egger's test, model).
    pub footer: Vec<String>,
}

const W: f64 = 520.0;
const H: f64 = 360.0;
const LEFT: f64 = 70.0;
const TOP: f64 = 50.0;
/// z for two-sided p = .10, .05, .01.
const Z: [f64; 3] = [1.644_853_626_951_472, 1.959_963_984_540_054, 2.575_829_303_548_901];
const SHADES: [&str; 3] = ["#FFFFFF", "#9E9E9E", "#CFCFCF"];
/// Outside every contour: p < .01.
const OUTSIDE: &str = "#EFEFEF";

struct Frame {
    lo: f64,
    hi: f64,
    se_max: f64,
}

impl Frame {
    fn new(p: &FunnelPlot) -> Frame {
        let se_max = p.points.iter().map(|x| x.1).fold(0.0, f64::max).max(1e-9) * 1.05;
        let mut xs: Vec<f64> = p.points.iter().map(|x| x.0).collect();
        xs.extend([p.pooled - Z[1] * se_max, p.pooled + Z[1] * se_max]);
        if let Some(n) = p.null_value {
            xs.extend([n - Z[2] * se_max, n + Z[2] * se_max]);
        }
        let xs: Vec<f64> = xs.into_iter().filter(|x| x.is_finite()).collect();
        let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = ((hi - lo) * 0.03).max(1e-9);
        Frame { lo: lo - pad, hi: hi + pad, se_max }
    }
    fn x(&self, v: f64) -> f64 {
        LEFT + (v - self.lo) / (self.hi - self.lo) * W
    }
    fn y(&self, se: f64) -> f64 {
        TOP + se / self.se_max * H
    }
}

/// Draw `p` as a standalone SVG document.
pub fn funnel_svg(p: &FunnelPlot) -> String {
    let f = Frame::new(p);
    let width = LEFT + W + 30.0;
    let height = TOP + H + 60.0 + 16.0 * p.footer.len() as f64 + if p.null_value.is_some() { 22.0 } else { 0.0 };
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(s, r#"<text x="16" y="24" font-size="15" font-weight="bold">{}</text>"#, esc(&p.title));
    let _ = writeln!(s, r##"<rect x="{LEFT}" y="{TOP}" width="{W}" height="{H}" fill="{OUTSIDE}"/>"##);
    if let Some(n) = p.null_value {
        contours(&mut s, &f, n);
    }
    funnel(&mut s, &f, p.pooled);
    axes(&mut s, &f, p);
    for &(y, se) in &p.points {
        let _ = writeln!(
            s,
            r##"<circle cx="{:.2}" cy="{:.2}" r="4" fill="#000000" fill-opacity="0.75"/>"##,
            f.x(y),
            f.y(se)
        );
    }
    footer(&mut s, p, TOP + H + 58.0);
    s + "</svg>\n"
}

/// Triangles around `null`: outermost (p < .10 boundary) first, so inner ones paint over.
fn contours(s: &mut String, f: &Frame, null: f64) {
    let _ = writeln!(
        s,
        r#"<clipPath id="area"><rect x="{LEFT}" y="{TOP}" width="{W}" height="{H}"/></clipPath><g clip-path="url(#area)">"#
    );
    for i in [2usize, 1, 0] {
        let fill = SHADES[i];
        let (a, b) = (null - Z[i] * f.se_max, null + Z[i] * f.se_max);
        let _ = writeln!(
            s,
            r#"<polygon points="{:.2},{:.2} {:.2},{:.2} {:.2},{:.2}" fill="{fill}"/>"#,
            f.x(null),
            f.y(0.0),
            f.x(a),
            f.y(f.se_max),
            f.x(b),
            f.y(f.se_max)
        );
    }
    let _ = writeln!(s, "</g>");
}

fn funnel(s: &mut String, f: &Frame, mu: f64) {
    let (a, b) = (mu - Z[1] * f.se_max, mu + Z[1] * f.se_max);
    for end in [a, b] {
        let _ = writeln!(
            s,
            r##"<line x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="#333333" stroke-dasharray="5,4" clip-path="url(#area)"/>"##,
            f.x(mu),
            f.y(0.0),
            f.x(end),
            f.y(f.se_max)
        );
    }
    let _ = writeln!(
        s,
        r##"<line x1="{x:.2}" y1="{TOP}" x2="{x:.2}" y2="{}" stroke="#000000" stroke-width="1.5"/>"##,
        TOP + H,
        x = f.x(mu)
    );
}

fn axes(s: &mut String, f: &Frame, p: &FunnelPlot) {
    let bottom = TOP + H;
    let _ = writeln!(s, r##"<rect x="{LEFT}" y="{TOP}" width="{W}" height="{H}" fill="none" stroke="#333333"/>"##);
    let ticks: Vec<(f64, String)> = if p.log_scale {
        log_ticks(f.lo, f.hi).into_iter().map(|t| (t.ln(), tick_label(t))).collect()
    } else {
        linear_ticks(f.lo, f.hi).into_iter().map(|t| (t, tick_label(t))).collect()
    };
    for (v, text) in ticks {
        let x = f.x(v);
        let _ = writeln!(
            s,
            r##"<line x1="{x:.2}" y1="{bottom}" x2="{x:.2}" y2="{}" stroke="#333333"/><text x="{x:.2}" y="{}" text-anchor="middle">{text}</text>"##,
            bottom + 5.0,
            bottom + 18.0
        );
    }
    for t in linear_ticks(0.0, f.se_max) {
        let y = f.y(t);
        let _ = writeln!(
            s,
            r##"<line x1="{}" y1="{y:.2}" x2="{LEFT}" y2="{y:.2}" stroke="#333333"/><text x="{}" y="{:.2}" text-anchor="end">{}</text>"##,
            LEFT - 5.0,
            LEFT - 8.0,
            y + 4.0,
            tick_label(t)
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
        LEFT + W / 2.0,
        bottom + 38.0,
        esc(&p.x_label)
    );
    let _ = writeln!(
        s,
        r#"<text transform="translate(22 {}) rotate(-90)" text-anchor="middle">Standard error</text>"#,
        TOP + H / 2.0
    );
}

fn footer(s: &mut String, p: &FunnelPlot, mut y: f64) {
    if p.null_value.is_some() {
        let mut x = LEFT;
        for (i, label) in ["p > .10", ".10 > p > .05", ".05 > p > .01", "p < .01"].iter().enumerate() {
            let fill = if i < 3 { SHADES[i] } else { OUTSIDE };
            let _ = writeln!(
                s,
                r##"<rect x="{x}" y="{}" width="14" height="12" fill="{fill}" stroke="#333333"/><text x="{}" y="{y}">{}</text>"##,
                y - 10.0,
                x + 18.0,
                esc(label)
            );
            x += 30.0 + 6.6 * label.len() as f64;
        }
        let _ = writeln!(
            s,
            r##"<line x1="{x}" y1="{}" x2="{}" y2="{}" stroke="#333333" stroke-dasharray="5,4"/><text x="{}" y="{y}">95% pseudo-CI</text>"##,
            y - 4.0,
            x + 24.0,
            y - 4.0,
            x + 28.0
        );
        y += 22.0;
    }
    for line in &p.footer {
        let _ = writeln!(s, r##"<text x="16" y="{y}" font-size="11" fill="#333333">{}</text>"##, esc(line));
        y += 16.0;
    }
}
