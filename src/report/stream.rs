//! Streaming JSON and CSV for results too large to hold as a JSON tree (a pooled analysis of a
//! million studies): serialized straight from the result structs, one row at a time.

use serde::Serialize;
use serde_json::Value;
use std::io::{self, Write};

/// Pretty-printed JSON of `value`, then a newline.
pub fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// CSV of serializable rows: the header is the first row's field names; cells as `Format::Csv`
/// writes them everywhere else (empty for null, yes/no, text neutralised against formulas).
pub fn write_csv<T: Serialize>(out: &mut dyn Write, rows: impl IntoIterator<Item = T>) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = false;
    let mut cells: Vec<String> = Vec::new();
    for row in rows {
        let Value::Object(map) = serde_json::to_value(&row)? else { continue };
        if !header {
            w.write_record(map.keys().map(|k| super::csv_out::neutralise(k))).map_err(to_io)?;
            header = true;
        }
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
        Value::String(s) => super::csv_out::neutralise(s),
        other => super::csv_out::neutralise(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        name: &'static str,
        x: Option<f64>,
        ok: bool,
    }

    #[test]
    fn csv_rows_stream_with_one_header() {
        let mut buf = Vec::new();
        let rows = [Row { name: "=a", x: Some(-0.5), ok: true }, Row { name: "b", x: None, ok: false }];
        write_csv(&mut buf, rows).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "name,x,ok\n'=a,-0.5,yes\nb,,no\n");
    }
}
