//! robvis' two risk-of-bias figures as one SVG: the traffic-light grid (trial x RoB 2 domain, a filled
//! circle per judgement with its letter, so it reads in grey print) and the weighted summary bars (share
//! of participants per judgement per domain). Colours are viridis stops: colour-blind safe and ordered in
//! lightness. Layout only: every share was computed before (`analysis::rob`).

use super::svg::{FONT, esc, text_w};
use crate::analysis::rob::RobReport;
use crate::catalog::{Judgement, ROB_DOMAINS};
use std::fmt::Write as _;

const CELL: f64 = 34.0;
const BAR_W: f64 = 420.0;
const MARGIN: f64 = 16.0;

/// Fill and letter colour of a judgement.
fn colours(j: Judgement) -> (&'static str, &'static str) {
    match j {
        Judgement::Low => ("#FDE725", "#000000"),
        Judgement::SomeConcerns => ("#21918C", "#FFFFFF"),
        Judgement::High => ("#440154", "#FFFFFF"),
        Judgement::NoInformation => ("#D9D9D9", "#000000"),
    }
}

fn label(j: Judgement) -> &'static str {
    match j {
        Judgement::Low => "Low",
        Judgement::SomeConcerns => "Some concerns",
        Judgement::High => "High",
        Judgement::NoInformation => "No information",
    }
}

/// Both figures, one above the other.
pub fn rob_svg(r: &RobReport) -> String {
    let label_w = r.rows.iter().map(|x| text_w(&x.citation)).fold(text_w("Study"), f64::max).min(300.0) + 12.0;
    let grid_w = label_w + 6.0 * CELL;
    let summary_label_w = text_w("D5: Selection of the reported result") + 12.0;
    let width = (MARGIN * 2.0 + grid_w.max(summary_label_w + BAR_W + 10.0).max(560.0)).ceil();
    let mut s = String::new();
    let grid_end = traffic_light(&mut s, r, label_w);
    let legend_end = legend(&mut s, grid_end + 10.0);
    let height = summary_bars(&mut s, r, legend_end + 40.0, summary_label_w) + 16.0;
    let head = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12">
<rect width="100%" height="100%" fill="white"/>
"#
    );
    head + &s + "</svg>\n"
}

/// The grid; returns the y below it.
fn traffic_light(s: &mut String, r: &RobReport, label_w: f64) -> f64 {
    let _ = writeln!(
        s,
        r#"<text x="{MARGIN}" y="24" font-size="15" font-weight="bold">Risk of bias (RoB 2): traffic-light plot</text>"#
    );
    let y0 = 56.0;
    let x0 = MARGIN + label_w;
    for (i, h) in ["D1", "D2", "D3", "D4", "D5", "Overall"].iter().enumerate() {
        let x = x0 + CELL * (i as f64 + 0.5);
        let _ = writeln!(s, r#"<text x="{x}" y="{y0}" text-anchor="middle" font-weight="bold">{h}</text>"#);
    }
    let _ = writeln!(s, r#"<text x="{MARGIN}" y="{y0}" font-weight="bold">Study</text>"#);
    for (k, row) in r.rows.iter().enumerate() {
        let cy = y0 + 12.0 + CELL * (k as f64 + 0.5);
        let _ =
            writeln!(s, r#"<text x="{MARGIN}" y="{}">{}</text>"#, cy + 4.0, esc(&clip(&row.citation, label_w - 12.0)));
        for (i, j) in row.judgements().into_iter().enumerate() {
            let cx = x0 + CELL * (i as f64 + 0.5);
            let (fill, ink) = colours(j);
            let _ = writeln!(
                s,
                r##"<rect x="{}" y="{}" width="{CELL}" height="{CELL}" fill="none" stroke="#BBBBBB"/><circle cx="{cx}" cy="{cy}" r="12" fill="{fill}" stroke="#333333"/><text x="{cx}" y="{}" text-anchor="middle" font-weight="bold" fill="{ink}">{}</text>"##,
                cx - CELL / 2.0,
                cy - CELL / 2.0,
                cy + 4.0,
                esc(j.letter())
            );
        }
    }
    y0 + 12.0 + CELL * r.rows.len() as f64
}

fn clip(text: &str, width: f64) -> String {
    // Half a pixel of slack: the label column is the longest label's width plus 12, and taking the 12
    // off again must not clip that label by floating-point rounding.
    if text_w(text) <= width + 0.5 {
        return text.to_string();
    }
    let keep = (width / text_w("x")) as usize;
    text.chars().take(keep.saturating_sub(1)).collect::<String>() + "…"
}

/// The domain names and the judgement key; returns the y below them.
fn legend(s: &mut String, y: f64) -> f64 {
    let mut y = y + 8.0;
    for (i, d) in ROB_DOMAINS.iter().enumerate() {
        let _ = writeln!(s, r##"<text x="{MARGIN}" y="{y}" fill="#333333">D{}: {}</text>"##, i + 1, esc(d));
        y += 15.0;
    }
    y += 6.0;
    let mut x = MARGIN;
    for j in Judgement::ALL {
        let (fill, ink) = colours(j);
        let _ = writeln!(
            s,
            r##"<circle cx="{}" cy="{}" r="8" fill="{fill}" stroke="#333333"/><text x="{}" y="{}" text-anchor="middle" font-size="10" font-weight="bold" fill="{ink}">{}</text><text x="{}" y="{}">{}</text>"##,
            x + 8.0,
            y - 4.0,
            x + 8.0,
            y - 0.5,
            esc(j.letter()),
            x + 20.0,
            y,
            label(j)
        );
        x += 28.0 + text_w(label(j));
    }
    y
}

/// The weighted summary; returns the y below it.
fn summary_bars(s: &mut String, r: &RobReport, y0: f64, label_w: f64) -> f64 {
    let _ = writeln!(
        s,
        r#"<text x="{MARGIN}" y="{y0}" font-size="15" font-weight="bold">Risk of bias (RoB 2): weighted summary (share of participants)</text>"#
    );
    let x0 = MARGIN + label_w;
    let mut y = y0 + 18.0;
    let names = ROB_DOMAINS
        .iter()
        .enumerate()
        .map(|(i, d)| format!("D{}: {d}", i + 1))
        .chain(["Overall risk of bias".to_string()]);
    for (share, name) in r.summary.iter().zip(names) {
        let _ = writeln!(s, r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#, x0 - 8.0, y + 15.0, esc(&name));
        let mut x = x0;
        for j in Judgement::ALL {
            let w = BAR_W * share.share(j) / 100.0;
            if w <= 0.0 {
                continue;
            }
            let (fill, ink) = colours(j);
            let _ = writeln!(
                s,
                r##"<rect x="{x:.2}" y="{y}" width="{w:.2}" height="22" fill="{fill}" stroke="#333333" stroke-width="0.5"/>"##
            );
            if w >= 34.0 {
                let _ = writeln!(
                    s,
                    r#"<text x="{:.2}" y="{}" text-anchor="middle" font-size="11" fill="{ink}">{} {:.0}%</text>"#,
                    x + w / 2.0,
                    y + 15.0,
                    j.letter(),
                    share.share(j)
                );
            }
            x += w;
        }
        y += 28.0;
    }
    for p in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let x = x0 + BAR_W * p / 100.0;
        let _ = writeln!(
            s,
            r##"<line x1="{x}" y1="{y}" x2="{x}" y2="{}" stroke="#333333"/><text x="{x}" y="{}" text-anchor="middle" font-size="11">{p:.0}%</text>"##,
            y + 4.0,
            y + 16.0
        );
    }
    let _ = writeln!(s, r##"<line x1="{x0}" y1="{y}" x2="{}" y2="{y}" stroke="#333333"/>"##, x0 + BAR_W);
    if r.rows.iter().any(|x| x.n.is_none()) {
        let _ = writeln!(
            s,
            r##"<text x="{MARGIN}" y="{}" font-size="11" fill="#333333">Trials without a reported N weigh nothing in the summary.</text>"##,
            y + 34.0
        );
        return y + 40.0;
    }
    y + 22.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_label_sets_the_column_and_is_not_clipped() {
        let long = "Abdallah 2022, Neuropsychopharmacology";
        let w = text_w(long) + 12.0;
        assert_eq!(clip(long, w - 12.0), long);
        assert!(clip(long, w - 30.0).ends_with('…'));
    }
}
