//! Rendering computed results: terminal table, CSV, JSON and Markdown. Nothing here computes.
//!
//! Every report is two things: `Records` (the data, one row per item, full precision, for CSV and
//! JSON) and `View`s (what a person reads, for the terminal table and Markdown).

mod csv_out;
mod stream;
mod svg;
mod table;
mod text;

pub use stream::{TerminalSafe, write_csv, write_json};
pub use svg::{ForestPlot, ForestRow, forest_svg};
pub use text::{QUOTE_MAX, fmt_ci, fmt_num, fmt_pct, quote, sanitize, sanitize_message};

use serde::Serialize;
use serde_json::{Map, Value};
use std::io::{self, Write};

/// Output format of every report command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
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

/// A human-readable table: a title, headers, cells and footnotes.
#[derive(Debug, Clone, Default)]
pub struct View {
    pub title: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub notes: Vec<String>,
}

/// One report: the records for CSV, the JSON document, and the views for people.
pub struct Report {
    pub records: Records,
    /// The JSON document; `records.to_json()` when not set.
    pub json: Option<Value>,
    pub views: Vec<View>,
}

/// Write `report` in `format`.
pub fn emit(out: &mut dyn Write, format: Format, report: &Report) -> io::Result<()> {
    match format {
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
            table::write(out, v)
        }),
        Format::Markdown => report.views.iter().enumerate().try_for_each(|(i, v)| {
            if i > 0 {
                writeln!(out)?;
            }
            table::write_markdown(out, v)
        }),
    }
}
