//! Terminal tables (comfy-table, fitted to the terminal width by each column's `report::Column` rules:
//! words kept whole, low-priority columns left out first) and Markdown tables.

use super::View;
use crate::text::sanitize;
use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};
use std::io::{self, Write};

/// `view` as a terminal table fitted to `width` (else the terminal's; see `Style::width`).
pub(super) fn write(out: &mut dyn Write, view: &View, width: Option<u16>) -> io::Result<()> {
    if let Some(title) = &view.title {
        for line in wrap_words(&sanitize(title), width.map(usize::from).or_else(terminal_width)) {
            writeln!(out, "{line}")?;
        }
    }
    let mut dropped = Vec::new();
    if !view.rows.is_empty() {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(width) = width {
            table.set_width(width);
        } else if table.width() == Some(0) {
            table.set_width(80); // a pseudo-terminal that reports no size
        }
        let headers: Vec<String> = view.headers.iter().map(|h| sanitize(h)).collect();
        let rows: Vec<Vec<String>> = view.rows.iter().map(|r| r.iter().map(|c| sanitize(c)).collect()).collect();
        let fit = fit(view, &headers, &rows, table.width().filter(|w| *w > 0).map(usize::from));
        table.set_header(fit.kept.iter().map(|&i| headers[i].clone()));
        for row in &rows {
            table.add_row(fit.kept.iter().map(|&i| row.get(i).cloned().unwrap_or_default()));
        }
        for (col, &(i, need)) in fit.needs.iter().enumerate() {
            let Some(c) = table.column_mut(col) else { continue };
            c.set_constraint(if view.column_at(i).wrap {
                // comfy-table's widths include the two padding spaces.
                ColumnConstraint::LowerBoundary(Width::Fixed(need.saturating_add(2)))
            } else {
                ColumnConstraint::ContentWidth
            });
        }
        writeln!(out, "{table}")?;
        dropped = fit.dropped.iter().map(|&i| headers[i].clone()).collect();
    }
    let mut notes: Vec<String> = view.notes.iter().map(|n| sanitize(n)).collect();
    if !dropped.is_empty() {
        notes.push(format!(
            "Not shown at this width: {} (a wider terminal, or --format csv, shows them).",
            dropped.join(", ")
        ));
    }
    let width = width.map(usize::from).or_else(terminal_width);
    for note in &notes {
        for line in wrap_words(note, width) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// The terminal's width as comfy-table sees it (none in a pipe).
fn terminal_width() -> Option<usize> {
    Table::new().width().map(|w| if w == 0 { 80 } else { usize::from(w) })
}

/// `text` broken into lines of at most `width` characters between words (a longer word stays whole
/// on its own line); the whole text as one line when there is no width.
fn wrap_words(text: &str, width: Option<usize>) -> Vec<String> {
    let Some(width) = width else { return vec![text.to_string()] };
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let (l, w) = (line.chars().count(), word.chars().count());
        if l > 0 && l + 1 + w > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// Longest word a wrapping column is sized for; a longer one (a URL) may still be broken.
const LONGEST_WORD: usize = 30;

/// Which columns are shown, each with the width it needs, and which were left out.
struct Fit {
    kept: Vec<usize>,
    needs: Vec<(usize, u16)>,
    dropped: Vec<usize>,
}

/// Fit `view` to `width` (see [`super::Column`]): each column needs its longest word (wrapping) or its
/// longest line (not wrapping), plus 3 characters of border; columns with the highest drop priority
/// are left out until the table fits or only undroppable ones remain. A table still too wide then
/// sizes wrapping columns for shorter words (down to 12 characters): only then is a long word broken.
fn fit(view: &View, headers: &[String], rows: &[Vec<String>], width: Option<usize>) -> Fit {
    let need = |i: usize, cap: usize| -> usize {
        let col = view.column_at(i);
        let cells = std::iter::once(&headers[i]).chain(rows.iter().filter_map(|r| r.get(i)));
        let widest = cells.flat_map(|c| c.lines()).map(|line| line_need(line, col.wrap, cap)).max().unwrap_or(0);
        widest.max(usize::from(col.min_width)).max(1)
    };
    let needs =
        |cap: usize, cols: &[usize]| -> Vec<(usize, usize)> { cols.iter().map(|&i| (i, need(i, cap))).collect() };
    let total = |k: &[(usize, usize)]| k.iter().map(|(_, n)| n + 3).sum::<usize>() + 1;
    let mut kept = needs(LONGEST_WORD, &(0..headers.len()).collect::<Vec<_>>());
    let mut dropped = Vec::new();
    if let Some(width) = width {
        while total(&kept) > width {
            let candidate = kept
                .iter()
                .enumerate()
                .filter(|(_, (i, _))| view.column_at(*i).drop > 0)
                .max_by_key(|(pos, (i, _))| (view.column_at(*i).drop, *pos));
            let Some((pos, _)) = candidate else { break };
            dropped.push(kept.remove(pos).0);
        }
        let cols: Vec<usize> = kept.iter().map(|(i, _)| *i).collect();
        let mut cap = LONGEST_WORD;
        while total(&kept) > width && cap > 12 {
            cap -= 1;
            kept = needs(cap, &cols);
        }
    }
    dropped.sort_unstable();
    let needs = kept.iter().map(|&(i, n)| (i, u16::try_from(n).unwrap_or(u16::MAX))).collect();
    Fit { kept: kept.iter().map(|(i, _)| *i).collect(), needs, dropped }
}

/// The width one line of a cell needs: its longest word (at most `cap`) when it may wrap, else all of it.
fn line_need(line: &str, wrap: bool, cap: usize) -> usize {
    let len = |s: &str| s.chars().count();
    if wrap { line.split_whitespace().map(len).max().unwrap_or(0).min(cap) } else { len(line) }
}

pub(super) fn write_markdown(out: &mut dyn Write, view: &View) -> io::Result<()> {
    let cell = |s: &str| sanitize(s).replace('|', "\\|");
    if let Some(title) = &view.title {
        writeln!(out, "### {}\n", cell(title))?;
    }
    if !view.rows.is_empty() {
        writeln!(out, "| {} |", view.headers.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "))?;
        writeln!(out, "|{}", "---|".repeat(view.headers.len()))?;
        for row in &view.rows {
            writeln!(out, "| {} |", row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "))?;
        }
    }
    if !view.notes.is_empty() {
        writeln!(out)?;
        for note in &view.notes {
            writeln!(out, "{}", cell(note))?;
        }
    }
    Ok(())
}
