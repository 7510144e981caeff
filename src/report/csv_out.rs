//! The one CSV writer: a header and rows at full precision, with spreadsheet formulas neutralised.
//! Two entry points share the cells: `write` for `Records` (the table every report holds) and
//! `write_rows` for serializable row structs streamed one at a time. Either way the header is the
//! row type's field names (`header`), so it cannot drift from the struct.

use super::Records;
use serde::Serialize;
use serde_json::Value;
use std::io::{self, Write};

/// The CSV header of row type `T`: its field names in serialization order, read from `T::default()`
/// (so an empty result has the same header as a full one, and the header cannot drift from the struct).
pub fn header<T: Serialize + Default>() -> serde_json::Result<Vec<String>> {
    Ok(record(&T::default())?.into_iter().map(|(k, _)| k).collect())
}

/// One row as named cells; a row that is not a record of named fields (a struct or map) is an error.
pub(super) fn record<T: Serialize>(row: &T) -> serde_json::Result<serde_json::Map<String, Value>> {
    match serde_json::to_value(row)? {
        Value::Object(map) => Ok(map),
        _ => Err(serde::ser::Error::custom("a CSV row must serialize to a record of named fields")),
    }
}

/// `records` as CSV: the header (even with no rows, so scripts can read an empty result), then the rows.
pub(super) fn write(out: &mut dyn Write, records: &Records) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    // A header even when there are no rows, so scripts can read an empty result (never a lone `""`).
    if !records.columns.is_empty() {
        w.write_record(records.columns.iter().map(|c| neutralise(c))).map_err(to_io)?;
    }
    for row in &records.rows {
        w.write_record(row.iter().map(cell)).map_err(to_io)?;
    }
    w.flush()
}

/// CSV of serializable rows, streamed (no row held as JSON values beyond the one being written): the
/// header is the type's field names, also with no rows; cells as in `write` (empty for null, yes/no,
/// text neutralised against formulas). A row that does not serialize to a record (a struct or map)
/// is an error, not a dropped line.
pub fn write_rows<'a, T: Serialize + Default + 'a>(
    out: &mut dyn Write,
    rows: impl IntoIterator<Item = &'a T>,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header::<T>()?.iter().map(|k| neutralise(k))).map_err(to_io)?;
    let mut cells: Vec<String> = Vec::new();
    for row in rows {
        let map = record(row)?;
        cells.clear();
        cells.extend(map.values().map(cell));
        w.write_record(&cells).map_err(to_io)?;
    }
    w.flush()
}

fn to_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => neutralise(s),
        other => neutralise(&other.to_string()),
    }
}

/// OWASP CSV-injection advice: a text cell starting with `=`, `+`, `-`, `@`, tab or CR gets a
/// leading `'` so a spreadsheet shows it as text. Numbers are written by `cell` and stay numbers.
pub fn neutralise(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell(&serde_json::json!(-0.5)), "-0.5");
        assert_eq!(cell(&serde_json::json!("plain")), "plain");
    }

    #[derive(Serialize, Default)]
    struct Row {
        name: &'static str,
        x: Option<f64>,
        ok: bool,
    }

    #[test]
    fn csv_rows_stream_with_one_header() {
        let mut buf = Vec::new();
        let rows = [Row { name: "=a", x: Some(-0.5), ok: true }, Row { name: "b", x: None, ok: false }];
        write_rows(&mut buf, &rows).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "name,x,ok\n'=a,-0.5,yes\nb,,no\n");
        let mut empty = Vec::new();
        write_rows(&mut empty, &Vec::<Row>::new()).unwrap();
        assert_eq!(String::from_utf8(empty).unwrap(), "name,x,ok\n", "no rows: the header alone");
    }
}
