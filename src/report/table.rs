//! Terminal tables (comfy-table, fitted to the terminal width) and Markdown tables.

use super::View;
use super::text::sanitize;
use comfy_table::{ContentArrangement, Table, presets};
use std::io::{self, Write};

pub(super) fn write(out: &mut dyn Write, view: &View) -> io::Result<()> {
    if let Some(title) = &view.title {
        writeln!(out, "{}", sanitize(title))?;
    }
    if !view.rows.is_empty() {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(width) = width() {
            table.set_width(width);
        }
        table.set_header(view.headers.iter().map(|h| sanitize(h)));
        for row in &view.rows {
            table.add_row(row.iter().map(|c| sanitize(c)));
        }
        // A text forest plot is a picture: it keeps its width instead of wrapping.
        if let Some(i) = view.headers.iter().position(|h| h == "Forest plot")
            && let Some(col) = table.column_mut(i)
        {
            col.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
        writeln!(out, "{table}")?;
    }
    for note in &view.notes {
        writeln!(out, "{}", sanitize(note))?;
    }
    Ok(())
}

/// The width to fit: `COLUMNS` when set, else the terminal's, else none (no wrapping in a pipe).
fn width() -> Option<u16> {
    if let Some(w) = std::env::var("COLUMNS").ok().and_then(|c| c.parse::<u16>().ok()) {
        return Some(w.max(40));
    }
    None
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
