//! Rendering computed results: terminal table, CSV, JSON and Markdown. Nothing here computes.
//!
//! Every report is two things: `Records` (the data, one row per item, full precision, for CSV and
//! JSON) and `View`s (what a person reads, for the terminal table and Markdown).

pub mod check;
pub mod claims;
pub mod conditions;
mod csv_out;
pub mod diff;
mod funnel_svg;
pub mod html;
mod json;
pub mod outcomes;
pub mod pool;
pub mod rob;
mod rob_svg;
pub mod sof;
mod stream;
pub mod summary;
mod svg;
mod table;

pub mod trials;

pub use crate::text::{QUOTE_MAX, fmt_ci, fmt_num, fmt_pct, quote, sanitize, sanitize_message};
pub use csv_out::{write_rows as write_csv, write_rows_in_parts as write_csv_in_parts};
pub use funnel_svg::{FunnelPlot, funnel_svg};
pub use json::{ElementWriter, Elements, IN_PARTS, InParts, write_json, write_json_in_parts};
pub use rob_svg::rob_svg;
pub use stream::TerminalSafe;
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

/// How a report is rendered: its format and, for tables, the width to fit and the characters the
/// terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub format: Format,
    /// The width tables fit: `COLUMNS` (read once, by `main`), at least 40. `None`: the terminal's
    /// width when there is one, else none (in a pipe or file a table keeps its long lines).
    pub width: Option<u16>,
    /// The locale's character set cannot show GRADE's ⊕⊝ (a locale that is set and not UTF-8).
    pub ascii: bool,
}

impl Style {
    /// The terminal's style (table format) from the environment's values, which `main` reads:
    /// `columns` is `COLUMNS` (used if a number), `locale` the first of `LC_ALL`, `LC_CTYPE`, `LANG`
    /// that is set and not empty.
    pub fn for_terminal(columns: Option<&str>, locale: Option<&str>) -> Style {
        Style {
            format: Format::Table,
            width: columns.and_then(|c| c.parse::<u16>().ok()).map(|w| w.max(40)),
            ascii: locale.is_some_and(|l| !l.to_ascii_lowercase().replace('-', "").contains("utf8")),
        }
    }

    /// This style in another format (same width and character set).
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
    /// Records from serializable rows; the columns are the row type's fields, in order (from
    /// `T::default()`, so an empty result has its header: `csv_out::header`). A row that does not
    /// serialize to a record of named fields is an error, not a dropped line.
    pub fn of<T: Serialize + Default>(items: &[T]) -> serde_json::Result<Records> {
        let columns = csv_out::header::<T>()?;
        let mut rows = Vec::with_capacity(items.len());
        for item in items {
            rows.push(csv_out::record(item)?.into_iter().map(|(_, v)| v).collect());
        }
        Ok(Records { columns, rows })
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
            write_json(out, &doc)
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
