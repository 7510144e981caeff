//! Forest plots as SVG, by plain string building: one row per study with its label, numbers per arm,
//! effect and CI as text and as a line with a square sized by weight; the pooled diamond; the
//! prediction interval; an axis (logarithmic for ratios) with the line of no effect and "favours"
//! labels under it. Layout only: every number drawn was computed before.

use std::fmt::Write as _;

/// A forest plot to draw. Values are on the display scale (ratios as ratios).
#[derive(Debug, Clone, Default)]
pub struct ForestPlot {
    pub title: String,
    /// E.g. "Risk ratio (95% CI)".
    pub effect_header: String,
    /// Headers of the per-arm columns (e.g. "Treatment", "Control"); each row has as many `arms`.
    pub arm_headers: Vec<String>,
    /// Draw the x axis on a log scale (ratios).
    pub log_scale: bool,
    /// Where the vertical line of no effect goes (1 for ratios, 0 for differences).
    pub null_value: Option<f64>,
    pub rows: Vec<ForestRow>,
    /// Pooled estimates, drawn as diamonds under the studies.
    pub pooled: Vec<ForestRow>,
    /// The prediction interval (drawn as a bar on its own row).
    pub prediction: Option<(f64, f64)>,
    /// Text under the axis, left and right of the line of no effect.
    pub left_label: Option<String>,
    pub right_label: Option<String>,
    /// Small print under the plot (heterogeneity, methods).
    pub footer: Vec<String>,
}

/// One row: a study, or a pooled estimate (then `weight` is ignored and a diamond is drawn).
#[derive(Debug, Clone, Default)]
pub struct ForestRow {
    pub label: String,
    pub arms: Vec<String>,
    pub estimate: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Weight in percent (square size).
    pub weight: Option<f64>,
    /// E.g. "0.41 (0.13 to 1.26)".
    pub effect_text: String,
    /// E.g. "5.1%".
    pub weight_text: String,
}

pub(super) const FONT: &str = "Helvetica, Arial, sans-serif";
const ROW_H: f64 = 22.0;
const CHAR_W: f64 = 6.6;
const PLOT_W: f64 = 300.0;

/// Escape text for SVG.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn text_w(s: &str) -> f64 {
    s.chars().count() as f64 * CHAR_W
}

/// The x axis: the data range (in transformed units) and its tick values.
struct Axis {
    log: bool,
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Axis {
    fn t(&self, v: f64) -> f64 {
        if self.log { v.ln() } else { v }
    }

    fn new(plot: &ForestPlot) -> Axis {
        let log = plot.log_scale;
        let tr = |v: f64| if log { v.ln() } else { v };
        let ok = |v: &f64| v.is_finite() && (!log || *v > 0.0);
        // The core: study estimates, pooled intervals, prediction interval and the null value.
        let mut core: Vec<f64> = plot.rows.iter().filter_map(|r| r.estimate).collect();
        for p in &plot.pooled {
            core.extend([p.estimate, p.low, p.high].into_iter().flatten());
        }
        if let Some((a, b)) = plot.prediction {
            core.extend([a, b]);
        }
        core.extend(plot.null_value);
        let core: Vec<f64> = core.into_iter().filter(ok).map(tr).collect();
        let (mut lo, mut hi) = min_max(&core).unwrap_or((-1.0, 1.0));
        let span = (hi - lo).max(if log { 0.2 } else { 1e-9 });
        // Study CIs widen the range, but at most by one core span on each side (beyond: arrows).
        let ends: Vec<f64> = plot.rows.iter().flat_map(|r| [r.low, r.high]).flatten().filter(ok).map(tr).collect();
        if let Some((a, b)) = min_max(&ends) {
            lo = lo.min(a.max(lo - span));
            hi = hi.max(b.min(hi + span));
        }
        if hi - lo < 1e-12 {
            lo -= 0.5;
            hi += 0.5;
        }
        let pad = (hi - lo) * 0.04;
        let (lo, hi) = (lo - pad, hi + pad);
        let ticks = if log { log_ticks(lo, hi) } else { linear_ticks(lo, hi) };
        Axis { log, lo, hi, ticks }
    }

    /// Pixel x of a display value (clamped to the plot area).
    fn x(&self, x0: f64, v: f64) -> f64 {
        let f = (self.t(v) - self.lo) / (self.hi - self.lo);
        x0 + f.clamp(0.0, 1.0) * PLOT_W
    }

    fn inside(&self, v: f64) -> bool {
        v.is_finite() && (!self.log || v > 0.0) && (self.lo..=self.hi).contains(&self.t(v))
    }
}

fn min_max(v: &[f64]) -> Option<(f64, f64)> {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (lo.is_finite() && hi.is_finite()).then_some((lo, hi))
}

/// Ticks on a log axis, given the range in ln units: 1-2-5 per decade, thinned or refined to 3-8 ticks.
pub(super) fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (dlo, dhi) = ((lo / std::f64::consts::LN_10).floor() as i32, (hi / std::f64::consts::LN_10).ceil() as i32);
    let make = |mantissas: &[f64]| -> Vec<f64> {
        (dlo..=dhi)
            .flat_map(|d| mantissas.iter().map(move |m| m * 10f64.powi(d)))
            .filter(|v| (lo..=hi).contains(&v.ln()))
            .collect()
    };
    for m in [&[1.0, 2.0, 5.0][..], &[1.0][..]] {
        let t = make(m);
        if (3..=8).contains(&t.len()) {
            return t;
        }
    }
    let fine = make(&[1.0, 1.5, 2.0, 3.0, 5.0, 7.0]);
    if fine.len() >= 3 {
        return fine;
    }
    let t = make(&[1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0]);
    if t.len() >= 2 { t } else { vec![lo.exp(), ((lo + hi) / 2.0).exp(), hi.exp()] }
}

/// 4-8 ticks at 1, 2 or 5 × 10^n steps.
pub(super) fn linear_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = hi - lo;
    let base = 10f64.powf((span / 5.0).log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * base).find(|s| span / s <= 8.0).unwrap_or(10.0 * base);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    // Round to the step's decimals, so 3 × 0.1 is 0.3.
    let scale = 10f64.powi((-step.log10().floor()).max(0.0) as i32);
    (first..=last).map(|i| (i as f64 * step * scale).round() / scale).collect()
}

/// A tick label: as few digits as the value needs.
pub(super) fn tick_label(v: f64) -> String {
    let s = if v.abs() >= 100.0 || v == v.round() {
        format!("{v:.0}")
    } else if (v * 10.0 - (v * 10.0).round()).abs() < 1e-9 {
        format!("{v:.1}")
    } else if (v * 100.0 - (v * 100.0).round()).abs() < 1e-9 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    };
    if s == "-0" { "0".into() } else { s }
}

/// Draw `plot` as a standalone SVG document: the layout, then each part in drawing order.
pub fn forest_svg(plot: &ForestPlot) -> String {
    let axis = Axis::new(plot);
    let l = layout(plot);
    let mut s = String::with_capacity(4096 + 400 * (plot.rows.len() + 4));
    write_header(&mut s, plot, &l);
    write_guides(&mut s, plot, &axis, &l);
    write_studies(&mut s, plot, &axis, &l);
    write_pooled(&mut s, plot, &axis, &l);
    write_axis(&mut s, &axis, &l);
    write_labels(&mut s, plot, &axis, &l);
    s.push_str("</svg>\n");
    s
}

/// Where everything goes: column positions (x) and row positions (y), in SVG user units.
struct Layout {
    margin: f64,
    x_arms: f64,
    x_plot: f64,
    x_effect: f64,
    x_weight_right: f64,
    width: f64,
    title_y: f64,
    header_y: f64,
    first_row_y: f64,
    sep_y: f64,
    pooled_y0: f64,
    body_end: f64,
    axis_y: f64,
    favours_y: f64,
    footer_y0: f64,
    height: f64,
    /// Width of each arm column.
    arm_w: Vec<f64>,
}

/// The columns sized to their widest text, the rows stacked: studies, separator, pooled rows, the
/// prediction interval, the axis, the favours labels and the footer.
fn layout(plot: &ForestPlot) -> Layout {
    let all_rows = plot.rows.iter().chain(&plot.pooled);
    let margin = 16.0;
    let label_w = all_rows.clone().map(|r| text_w(&r.label)).fold(text_w("Study"), f64::max).clamp(90.0, 330.0) + 14.0;
    let arm_w: Vec<f64> = (0..plot.arm_headers.len())
        .map(|i| {
            all_rows
                .clone()
                .filter_map(|r| r.arms.get(i))
                .map(|s| text_w(s))
                .fold(text_w(&plot.arm_headers[i]), f64::max)
                + 18.0
        })
        .collect();
    let x_arms = margin + label_w;
    let x_plot = x_arms + arm_w.iter().sum::<f64>() + 10.0;
    let x_effect = x_plot + PLOT_W + 18.0;
    let effect_w = all_rows.clone().map(|r| text_w(&r.effect_text)).fold(text_w(&plot.effect_header), f64::max) + 16.0;
    let x_weight_right = x_effect + effect_w + text_w("Weight");
    let width = (x_weight_right + margin).ceil();

    let title_y = 24.0;
    let header_y = title_y + 28.0;
    let first_row_y = header_y + ROW_H;
    let n_rows = plot.rows.len();
    let sep_y = first_row_y + n_rows as f64 * ROW_H - ROW_H / 2.0 + 4.0;
    let pooled_y0 = sep_y + ROW_H / 2.0 + 4.0;
    let pi_rows = usize::from(plot.prediction.is_some());
    let body_end = pooled_y0 + (plot.pooled.len() + pi_rows) as f64 * ROW_H - ROW_H / 2.0;
    let axis_y = body_end + 8.0;
    let favours_y = axis_y + 36.0;
    let footer_y0 = favours_y + if plot.left_label.is_some() || plot.right_label.is_some() { 26.0 } else { 6.0 };
    let height = (footer_y0 + plot.footer.len() as f64 * 16.0 + 8.0).ceil();

    Layout {
        margin,
        x_arms,
        x_plot,
        x_effect,
        x_weight_right,
        width,
        title_y,
        header_y,
        first_row_y,
        sep_y,
        pooled_y0,
        body_end,
        axis_y,
        favours_y,
        footer_y0,
        height,
        arm_w,
    }
}

/// The document element, background, title and column headers.
fn write_header(s: &mut String, plot: &ForestPlot, l: &Layout) {
    let &Layout { margin, x_arms, x_effect, x_weight_right, width, title_y, header_y, height, ref arm_w, .. } = l;
    let arm_w: &[f64] = arm_w;
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="{margin}" y="{title_y}" font-size="15" font-weight="bold">{}</text>"#,
        esc(&plot.title)
    );

    // Column headers.
    let _ = writeln!(s, r#"<g font-weight="bold">"#);
    let _ = writeln!(s, r#"<text x="{margin}" y="{header_y}">Study</text>"#);
    let mut x = x_arms;
    for (h, w) in plot.arm_headers.iter().zip(arm_w) {
        let _ = writeln!(s, r#"<text x="{:.1}" y="{header_y}" text-anchor="end">{}</text>"#, x + w - 18.0, esc(h));
        x += w;
    }
    let _ = writeln!(s, r#"<text x="{x_effect:.1}" y="{header_y}">{}</text>"#, esc(&plot.effect_header));
    let _ = writeln!(s, r#"<text x="{x_weight_right:.1}" y="{header_y}" text-anchor="end">Weight</text>"#);
    let _ = writeln!(s, "</g>");
    let _ = writeln!(
        s,
        r##"<line x1="{margin}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#999" stroke-width="0.8"/>"##,
        header_y + 7.0,
        width - margin,
        header_y + 7.0
    );
}

/// The line of no effect and the dashed line through the pooled estimate, behind the marks.
fn write_guides(s: &mut String, plot: &ForestPlot, axis: &Axis, l: &Layout) {
    let &Layout { x_plot, header_y, body_end, axis_y, .. } = l;
    // Line of no effect, behind the marks.
    let top = header_y + 10.0;
    if let Some(nv) = plot.null_value.filter(|v| axis.inside(*v)) {
        let nx = axis.x(x_plot, nv);
        let _ = writeln!(
            s,
            r##"<line x1="{nx:.1}" y1="{top:.1}" x2="{nx:.1}" y2="{axis_y:.1}" stroke="#444" stroke-width="1"/>"##
        );
    }
    // Dashed line through the first pooled estimate.
    if let Some(e) = plot.pooled.first().and_then(|p| p.estimate).filter(|v| axis.inside(*v)) {
        let px = axis.x(x_plot, e);
        let _ = writeln!(
            s,
            r##"<line x1="{px:.1}" y1="{top:.1}" x2="{px:.1}" y2="{body_end:.1}" stroke="#2b5d8a" stroke-width="0.8" stroke-dasharray="4 3"/>"##
        );
    }
}

/// A row's text columns: label, arms, effect and weight (bold for pooled rows).
fn write_text_cols(s: &mut String, l: &Layout, r: &ForestRow, y: f64, bold: bool) {
    let &Layout { margin, x_arms, x_effect, x_weight_right, ref arm_w, .. } = l;
    let arm_w: &[f64] = arm_w;
    let weight = if bold { r#" font-weight="bold""# } else { "" };
    let _ = writeln!(s, r#"<text x="{margin}" y="{:.1}"{weight}>{}</text>"#, y + 4.0, esc(&r.label));
    let mut x = x_arms;
    for (a, w) in r.arms.iter().zip(arm_w) {
        let _ = writeln!(s, r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#, x + w - 18.0, y + 4.0, esc(a));
        x += w;
    }
    let _ = writeln!(s, r#"<text x="{x_effect:.1}" y="{:.1}"{weight}>{}</text>"#, y + 4.0, esc(&r.effect_text));
    let _ = writeln!(
        s,
        r#"<text x="{x_weight_right:.1}" y="{:.1}" text-anchor="end"{weight}>{}</text>"#,
        y + 4.0,
        esc(&r.weight_text)
    );
}

/// Each study: its text, its interval and a square sized by its weight; then the separator.
fn write_studies(s: &mut String, plot: &ForestPlot, axis: &Axis, l: &Layout) {
    let &Layout { margin, x_plot, width, first_row_y, sep_y, .. } = l;
    let max_w = plot.rows.iter().filter_map(|r| r.weight).fold(0.0, f64::max);
    // Studies.
    for (i, r) in plot.rows.iter().enumerate() {
        let y = first_row_y + i as f64 * ROW_H;
        write_text_cols(s, l, r, y, false);
        if let (Some(lo), Some(hi)) = (r.low, r.high) {
            ci_line(s, axis, x_plot, lo, hi, y, "#222");
        }
        if let Some(e) = r.estimate.filter(|v| axis.inside(*v)) {
            let side = match (r.weight, max_w > 0.0) {
                (Some(w), true) => 4.0 + 10.0 * (w / max_w).sqrt(),
                _ => 5.0,
            };
            let ex = axis.x(x_plot, e);
            let _ = writeln!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{side:.1}" height="{side:.1}" fill="#2b5d8a"/>"##,
                ex - side / 2.0,
                y - side / 2.0
            );
        }
    }
    let _ = writeln!(
        s,
        r##"<line x1="{margin}" y1="{sep_y:.1}" x2="{:.1}" y2="{sep_y:.1}" stroke="#999" stroke-width="0.8"/>"##,
        width - margin
    );
}

/// The pooled diamonds and the prediction interval.
fn write_pooled(s: &mut String, plot: &ForestPlot, axis: &Axis, l: &Layout) {
    let &Layout { margin, x_plot, x_effect, pooled_y0, .. } = l;
    // Pooled diamonds and the prediction interval.
    for (i, p) in plot.pooled.iter().enumerate() {
        let y = pooled_y0 + i as f64 * ROW_H;
        write_text_cols(s, l, p, y, true);
        if let (Some(e), Some(lo), Some(hi)) = (p.estimate, p.low, p.high) {
            let (xl, xe, xh) = (axis.x(x_plot, lo), axis.x(x_plot, e), axis.x(x_plot, hi));
            let _ = writeln!(
                s,
                r##"<polygon points="{xl:.1},{y:.1} {xe:.1},{:.1} {xh:.1},{y:.1} {xe:.1},{:.1}" fill="#b33a3a" stroke="#7a1f1f" stroke-width="0.8"/>"##,
                y - 7.0,
                y + 7.0
            );
        }
    }
    if let Some((lo, hi)) = plot.prediction {
        let y = pooled_y0 + plot.pooled.len() as f64 * ROW_H;
        let _ = writeln!(s, r#"<text x="{margin}" y="{:.1}" font-style="italic">Prediction interval</text>"#, y + 4.0);
        let _ = writeln!(
            s,
            r#"<text x="{x_effect:.1}" y="{:.1}" font-style="italic">{} to {}</text>"#,
            y + 4.0,
            esc(&tick_label_precise(lo)),
            esc(&tick_label_precise(hi))
        );
        ci_line(s, axis, x_plot, lo, hi, y, "#b33a3a");
        for v in [lo, hi].into_iter().filter(|v| axis.inside(*v)) {
            let vx = axis.x(x_plot, v);
            let _ = writeln!(
                s,
                r##"<line x1="{vx:.1}" y1="{:.1}" x2="{vx:.1}" y2="{:.1}" stroke="#b33a3a" stroke-width="1.5"/>"##,
                y - 5.0,
                y + 5.0
            );
        }
    }
}

/// The axis line, its ticks and their labels.
fn write_axis(s: &mut String, axis: &Axis, l: &Layout) {
    let &Layout { x_plot, axis_y, .. } = l;
    // Axis.
    let _ = writeln!(
        s,
        r##"<line x1="{x_plot:.1}" y1="{axis_y:.1}" x2="{:.1}" y2="{axis_y:.1}" stroke="#222" stroke-width="1"/>"##,
        x_plot + PLOT_W
    );
    for &t in &axis.ticks {
        let tx = axis.x(x_plot, t);
        let _ = writeln!(
            s,
            r##"<line x1="{tx:.1}" y1="{axis_y:.1}" x2="{tx:.1}" y2="{:.1}" stroke="#222" stroke-width="1"/>"##,
            axis_y + 5.0
        );
        let _ = writeln!(
            s,
            r#"<text x="{tx:.1}" y="{:.1}" text-anchor="middle" font-size="11">{}</text>"#,
            axis_y + 18.0,
            tick_label(t)
        );
    }
}

/// The favours labels either side of the line of no effect, and the footer lines.
fn write_labels(s: &mut String, plot: &ForestPlot, axis: &Axis, l: &Layout) {
    let &Layout { margin, x_plot, favours_y, footer_y0, .. } = l;
    // Favours labels, either side of the line of no effect.
    let split = plot.null_value.filter(|v| axis.inside(*v)).map_or(x_plot + PLOT_W / 2.0, |v| axis.x(x_plot, v));
    if let Some(l) = &plot.left_label {
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{favours_y:.1}" text-anchor="end" font-size="11" fill="#333">← {}</text>"##,
            split - 6.0,
            esc(l)
        );
    }
    if let Some(r) = &plot.right_label {
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{favours_y:.1}" font-size="11" fill="#333">{} →</text>"##,
            split + 6.0,
            esc(r)
        );
    }
    for (i, line) in plot.footer.iter().enumerate() {
        let _ = writeln!(
            s,
            r##"<text x="{margin}" y="{:.1}" font-size="11" fill="#444">{}</text>"##,
            footer_y0 + i as f64 * 16.0,
            esc(line)
        );
    }
}

fn tick_label_precise(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// A horizontal CI line from `lo` to `hi` at height `y`, with an arrowhead where it leaves the axis.
fn ci_line(s: &mut String, axis: &Axis, x0: f64, lo: f64, hi: f64, y: f64, colour: &str) {
    let below = |v: f64| !v.is_finite() || (axis.log && v <= 0.0) || axis.t(v) < axis.lo;
    let above = |v: f64| v.is_finite() && (!axis.log || v > 0.0) && axis.t(v) > axis.hi;
    let (clipped_lo, clipped_hi) = (below(lo), above(hi) || hi == f64::INFINITY);
    let (xl, xh) = (axis.x(x0, lo), axis.x(x0, hi));
    let _ = writeln!(
        s,
        r#"<line x1="{xl:.1}" y1="{y:.1}" x2="{xh:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="1.3"/>"#
    );
    if clipped_lo {
        let _ = writeln!(
            s,
            r#"<polygon points="{xl:.1},{y:.1} {:.1},{:.1} {:.1},{:.1}" fill="{colour}"/>"#,
            xl + 6.0,
            y - 3.5,
            xl + 6.0,
            y + 3.5
        );
    }
    if clipped_hi {
        let _ = writeln!(
            s,
            r#"<polygon points="{xh:.1},{y:.1} {:.1},{:.1} {:.1},{:.1}" fill="{colour}"/>"#,
            xh - 6.0,
            y - 3.5,
            xh - 6.0,
            y + 3.5
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_draws_every_row() {
        let plot = ForestPlot {
            title: "A <b> & \"c\"".into(),
            effect_header: "Risk ratio (95% CI)".into(),
            arm_headers: vec!["Treatment".into(), "Control".into()],
            log_scale: true,
            null_value: Some(1.0),
            rows: vec![
                ForestRow {
                    label: "Study 1".into(),
                    arms: vec!["4/123".into(), "11/139".into()],
                    estimate: Some(0.41),
                    low: Some(0.13),
                    high: Some(1.26),
                    weight: Some(40.0),
                    effect_text: "0.41 (0.13 to 1.26)".into(),
                    weight_text: "40%".into(),
                },
                ForestRow { label: "Study 2 (excluded)".into(), ..Default::default() },
            ],
            pooled: vec![ForestRow {
                label: "Pooled".into(),
                estimate: Some(0.5),
                low: Some(0.3),
                high: Some(0.8),
                ..Default::default()
            }],
            prediction: Some((0.1, 2.5)),
            left_label: Some("Favours treatment".into()),
            right_label: Some("Favours control".into()),
            footer: vec!["Heterogeneity: I² = 92%".into()],
        };
        let svg = forest_svg(&plot);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("A &lt;b&gt; &amp; &quot;c&quot;"));
        assert!(svg.contains("Study 2 (excluded)"));
        assert!(svg.contains("<polygon"));
        assert!(svg.contains("Favours treatment"));
        assert_eq!(svg.matches("<rect").count(), 2, "background and one square");
    }

    #[test]
    fn ticks() {
        assert_eq!(log_ticks(0.1f64.ln(), 10f64.ln()), vec![0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0]);
        assert_eq!(linear_ticks(-0.3, 0.45), vec![-0.2, -0.1, 0.0, 0.1, 0.2, 0.3, 0.4]);
        assert_eq!(linear_ticks(-2.9, 0.8), vec![-2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5]);
        assert_eq!(tick_label(0.5), "0.5");
        assert_eq!(tick_label(2.0), "2");
    }
}
