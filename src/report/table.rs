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
        if let Some(width) = width {
            table.set_width(width);
        } else if table.width() == Some(0) {
            table.set_width(80); // a pseudo-terminal that reports no size
        }
        let headers: Vec<String> = view.headers.iter().map(|h| sanitize(h)).collect();
        let rows: Vec<Vec<String>> = view.rows.iter().map(|r| r.iter().map(|c| sanitize(c)).collect()).collect();
        let fit = fit(view, &headers, &rows, table.width().filter(|w| *w > 0).map(usize::from));
        // No width to fit (a pipe, a file): every column as wide as its content, drawn here.
        let columns: Vec<(usize, Option<usize>)> =
            fit.needs.iter().map(|&(i, need)| (i, view.column_at(i).wrap.then_some(usize::from(need)))).collect();
        if table.width().is_none()
            && let Some(drawn) = draw(&headers, &rows, &columns)
        {
            writeln!(out, "{drawn}")?;
            return write_notes(out, view, &[], width);
        }
        table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
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
    write_notes(out, view, &dropped, width)
}

/// The view's notes, and the columns left out at this width, each wrapped to the width.
fn write_notes(out: &mut dyn Write, view: &View, dropped: &[String], width: Option<u16>) -> io::Result<()> {
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

/// `rows` under `headers` as comfy-table draws them in `UTF8_FULL_CONDENSED` when it has no width
/// to fit (byte for byte: see the tests), without building its per-cell structures (the table was
/// most of a bundled-catalog command's instructions). `columns`: which columns, in order, each at
/// least as wide as its `Some(need)` (a wrapping column's longest word) and as its widest line.
/// `None` for a column wider than comfy-table holds (it is drawn by comfy-table then).
fn draw(headers: &[String], rows: &[Vec<String>], columns: &[(usize, Option<usize>)]) -> Option<String> {
    let widest = |text: &str| text.split('\n').map(display_width).max().unwrap_or(0);
    let widths: Vec<usize> = columns
        .iter()
        .map(|&(i, need)| {
            let content = std::iter::once(widest(&headers[i])).chain(rows.iter().map(|r| widest(cell(r, i))));
            content.max().unwrap_or(0).max(need.unwrap_or(0)).max(1)
        })
        .collect();
    // comfy-table holds widths in 16 bits and breaks a longer line even with no width to fit.
    if widths.iter().any(|&w| w > usize::from(u16::MAX) - 2) {
        return None;
    }
    let mut out = String::new();
    let rule = |out: &mut String, [left, fill, junction, right]: [char; 4]| {
        out.push(left);
        for (k, w) in widths.iter().enumerate() {
            if k > 0 {
                out.push(junction);
            }
            out.extend(std::iter::repeat_n(fill, w + 2));
        }
        out.push(right);
    };
    let line = |out: &mut String, row: &[String]| {
        let lines: Vec<Vec<&str>> = columns.iter().map(|&(i, _)| cell(row, i).split('\n').collect()).collect();
        let height = lines.iter().map(Vec::len).max().unwrap_or(1);
        for n in 0..height {
            out.push('\n');
            out.push('│');
            for (k, (parts, w)) in lines.iter().zip(&widths).enumerate() {
                if k > 0 {
                    out.push('┆');
                }
                let part = parts.get(n).copied().unwrap_or("");
                out.push(' ');
                out.push_str(part);
                spaces(out, w.saturating_sub(display_width(part)) + 1);
            }
            out.push('│');
        }
    };
    rule(&mut out, ['┌', '─', '┬', '┐']);
    line(&mut out, headers);
    out.push('\n');
    rule(&mut out, ['╞', '═', '╪', '╡']);
    for row in rows {
        line(&mut out, row);
    }
    out.push('\n');
    rule(&mut out, ['└', '─', '┴', '┘']);
    Some(out)
}

/// The width comfy-table measures a line by (`unicode-width`); a line of printable ASCII is as
/// wide as it is long, which is most cells.
fn display_width(line: &str) -> usize {
    if line.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        line.len()
    } else {
        unicode_width::UnicodeWidthStr::width(line)
    }
}

/// `n` spaces.
fn spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// Cell `i` of a row (empty when the row is shorter).
fn cell(row: &[String], i: usize) -> &str {
    row.get(i).map_or("", String::as_str)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The table as comfy-table draws it with no width to fit, the constraints `write` sets.
    fn by_comfy(headers: &[String], rows: &[Vec<String>], columns: &[(usize, Option<usize>)]) -> String {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
        table.set_header(columns.iter().map(|&(i, _)| headers[i].clone()));
        for row in rows {
            table.add_row(columns.iter().map(|&(i, _)| row.get(i).cloned().unwrap_or_default()));
        }
        for (k, &(_, need)) in columns.iter().enumerate() {
            let c = table.column_mut(k).unwrap();
            c.set_constraint(match need {
                Some(n) => ColumnConstraint::LowerBoundary(Width::Fixed(n as u16 + 2)),
                None => ColumnConstraint::ContentWidth,
            });
        }
        assert_eq!(table.width(), None, "tests run without a terminal on stdout");
        table.to_string()
    }

    fn text() -> impl Strategy<Value = String> {
        // ASCII, wide (CJK), zero-width (combining), an em dash, a line end, and empty cells.
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("Zz 9"),
                Just("—"),
                Just("漢字"),
                Just("e\u{301}"),
                Just(" "),
                Just("\n"),
                Just("")
            ],
            0..6,
        )
        .prop_map(|parts| parts.concat())
    }

    #[test]
    fn a_column_wider_than_comfy_table_holds_is_left_to_it() {
        let wide = vec!["x".repeat(70_000)];
        assert_eq!(draw(&["h".to_string()], &[wide], &[(0, None)]), None);
        assert!(draw(&["h".to_string()], &[vec!["x".repeat(65_533)]], &[(0, None)]).is_some());
    }

    proptest! {
        #[test]
        fn draws_what_comfy_table_draws(
            headers in proptest::collection::vec(text(), 1..5),
            rows in proptest::collection::vec(proptest::collection::vec(text(), 0..6), 1..5),
            needs in proptest::collection::vec(proptest::option::of(0usize..12), 5),
            order in proptest::collection::vec(0usize..5, 1..5),
        ) {
            let columns: Vec<(usize, Option<usize>)> =
                order.iter().map(|&i| i % headers.len()).map(|i| (i, needs[i])).collect();
            prop_assert_eq!(draw(&headers, &rows, &columns), Some(by_comfy(&headers, &rows, &columns)));
        }
    }
}
