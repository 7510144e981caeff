//! CSV output: a header and rows at full precision, with spreadsheet formulas neutralised.

use super::Records;
use serde_json::Value;
use std::io::{self, Write};

pub(super) fn write(out: &mut dyn Write, records: &Records) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let to_io = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    };
    // A header even when there are no rows, so scripts can read an empty result (never a lone `""`).
    if !records.columns.is_empty() {
        w.write_record(records.columns.iter().map(|c| neutralise(c))).map_err(to_io)?;
    }
    for row in &records.rows {
        w.write_record(row.iter().map(cell)).map_err(to_io)?;
    }
    w.flush()
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
}
