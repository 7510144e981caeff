//! Rendering computed results: terminal table, CSV, JSON and Markdown. Nothing here computes.
//!
//! Every report is two things: `Records` (the data, one row per item, full precision, for CSV and
//! JSON) and `View`s (what a person reads, for the terminal table and Markdown).

pub mod claims;
mod csv_out;
mod funnel_svg;
pub mod html;
pub mod pool;
mod rob_svg;
mod stream;
pub mod summary;
mod svg;
mod table;

pub mod trials;

pub use crate::text::{QUOTE_MAX, fmt_ci, fmt_num, fmt_pct, quote, sanitize, sanitize_message};
pub use csv_out::write_rows as write_csv;
pub use funnel_svg::{FunnelPlot, funnel_svg};
pub use rob_svg::rob_svg;
pub use stream::{TerminalSafe, write_json};
pub use svg::{ForestPlot, ForestRow, forest_svg};

use serde::Serialize;
use serde_json::{Map, Value};
use std::io::{self, Write};

/// Output format of every report command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A table fitted to the terminal width.
    #[default]
    Table,
    /// CSV with a header row, numbers at full precision.
    Csv,
    /// JSON, numbers at full precision.
    Json,
    /// A Markdown table to paste into a report.
    Markdown,
}

/// How a report is rendered: its format and, for tables, the width to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub format: Format,
    /// The width tables fit: `COLUMNS` (read once, by `main`), at least 40. `None`: the terminal's
    /// width when there is one, else none (in a pipe or file a table keeps its long lines).
    pub width: Option<u16>,
}

impl Style {
    /// `format`, fitted to `columns` (the value of `COLUMNS`, if set and a number).
    pub fn new(format: Format, columns: Option<&str>) -> Style {
        Style { format, width: columns.and_then(|c| c.parse::<u16>().ok()).map(|w| w.max(40)) }
    }

    /// This style in another format (same width).
    pub fn with_format(self, format: Format) -> Style {
        Style { format, ..self }
    }
}

/// Data rows with named columns, in order. Cells are JSON values (null for "not defined").
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Records {
    /// Records from serializable structs; the columns are the first struct's fields, in order.
    pub fn from_serialize<T: Serialize>(items: &[T], columns_if_empty: &[&str]) -> Records {
        let mut columns: Vec<String> = columns_if_empty.iter().map(|c| c.to_string()).collect();
        let mut rows = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let Ok(Value::Object(map)) = serde_json::to_value(item) else { continue };
            if i == 0 {
                columns = map.keys().cloned().collect();
            }
            rows.push(map.into_iter().map(|(_, v)| v).collect());
        }
        Records { columns, rows }
    }

    fn objects(&self) -> Vec<Value> {
        self.rows
            .iter()
            .map(|row| Value::Object(self.columns.iter().cloned().zip(row.iter().cloned()).collect::<Map<_, _>>()))
            .collect()
    }

    /// The rows as a JSON array of objects.
    pub fn to_json(&self) -> Value {
        Value::Array(self.objects())
    }
}

/// A human-readable table: a title, headers, cells and footnotes, and how each column behaves in a
/// narrow terminal.
#[derive(Debug, Clone, Default)]
pub struct View {
    pub title: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub notes: Vec<String>,
    /// One per header, in order; a missing entry is [`Column::KEEP`]. Set with [`View::column`].
    pub columns: Vec<Column>,
}

/// How a table column behaves when the table is wider than the terminal (report/table.rs fits it).
///
/// Every column is first given the width of its longest word (so text wraps between words, never
/// inside one), or its whole longest line when it may not wrap. While the table is still too wide,
/// the column with the highest `drop` is left out (the rightmost of equals), and the table's notes
/// say which; `drop = 0` columns are never left out. A table that fits is untouched, and output to
/// a pipe or file (no `COLUMNS`, not a terminal) keeps its long lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Priority to leave the column out: 0 never; higher numbers go first.
    pub drop: u8,
    /// Whether cells may wrap at word boundaries (false for numbers, intervals kept on one line, plots).
    pub wrap: bool,
    /// At least this many characters wide (0: the longest word decides).
    pub min_width: u16,
}

impl Column {
    /// Never left out; wraps between words.
    pub const KEEP: Column = Column { drop: 0, wrap: true, min_width: 0 };

    /// Left out with priority `drop` (higher first); wraps between words.
    pub const fn droppable(drop: u8) -> Column {
        Column { drop, wrap: true, min_width: 0 }
    }

    /// The same column, kept on one line (its cells never wrap).
    pub const fn no_wrap(self) -> Column {
        Column { wrap: false, ..self }
    }

    /// The same column, at least `width` characters wide.
    pub const fn min(self, width: u16) -> Column {
        Column { min_width: width, ..self }
    }
}

impl View {
    /// Set the behaviour of the column headed `header` (which must be one of the headers).
    pub fn column(mut self, header: &str, column: Column) -> View {
        let Some(i) = self.headers.iter().position(|h| h == header) else {
            debug_assert!(false, "no column {header:?} in {:?}", self.headers);
            return self;
        };
        if self.columns.len() <= i {
            self.columns.resize(self.headers.len(), Column::KEEP);
        }
        self.columns[i] = column;
        self
    }

    /// The behaviour of column `i`.
    pub fn column_at(&self, i: usize) -> Column {
        self.columns.get(i).copied().unwrap_or(Column::KEEP)
    }
}

/// One report: the records for CSV, the JSON document, and the views for people.
pub struct Report {
    pub records: Records,
    /// The JSON document; `records.to_json()` when not set.
    pub json: Option<Value>,
    pub views: Vec<View>,
}

/// Write `report` in `style`.
pub fn emit(out: &mut dyn Write, style: Style, report: &Report) -> io::Result<()> {
    match style.format {
        Format::Csv => csv_out::write(out, &report.records),
        Format::Json => {
            let doc = report.json.clone().unwrap_or_else(|| report.records.to_json());
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
        Format::Table => report.views.iter().enumerate().try_for_each(|(i, v)| {
            if i > 0 {
                writeln!(out)?;
            }
            table::write(out, v, style.width)
        }),
        Format::Markdown => report.views.iter().enumerate().try_for_each(|(i, v)| {
            if i > 0 {
                writeln!(out)?;
            }
            table::write_markdown(out, v)
        }),
    }
}
