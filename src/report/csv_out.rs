//! The one CSV writer: a header and rows at full precision, with spreadsheet formulas neutralised.
//! Two entry points write the same cells: `write` for `Records` (the table every report holds) and
//! `write_rows` for serializable row structs, each written from the struct as it comes (a serde
//! serializer of cells, no JSON value). Either way the header is the row type's field names
//! (`header`), so it cannot drift from the struct.

use super::Records;
use serde::ser::{Impossible, Serialize, SerializeMap, SerializeStruct, Serializer};
use serde_json::Value;
use serde_json::ser::{CompactFormatter, Formatter};
use std::borrow::Borrow;
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

/// CSV of serializable rows, streamed: each row is written from its struct as it comes (no row held,
/// no JSON value built), into a buffer handed to `out` 64 KiB at a time. The header is the type's
/// field names, also with no rows; cells as in `write` (empty for null and non-finite numbers, yes/no,
/// numbers as JSON writes them, text neutralised against formulas). A row that does not serialize to
/// a record of named fields, or a cell that is not a scalar (a list, a record), is an error.
pub fn write_rows<T: Serialize + Default>(
    out: &mut dyn Write,
    rows: impl IntoIterator<Item = impl Borrow<T>>,
) -> io::Result<()> {
    let mut line = Line::default();
    line.header::<T>()?;
    line.rows::<T>(rows, FLUSH_AT, &mut |bytes| out.write_all(bytes))?;
    out.write_all(&line.bytes)?;
    out.flush()
}

/// [`write_rows`] of the rows of `parts` in order (`rows` of each), formatted on two threads when
/// there are several parts: this thread streams the even parts to `out`; a second thread formats
/// the odd ones into buffers of up to [`HELD_AT`] bytes (a usual part whole), each sent over a
/// channel and written by this thread after the part before it. The second thread runs at most a
/// buffer ahead (memory stays a few buffers, whatever the parts hold); buffers go back to it to be
/// reused. The bytes are `write_rows`' of all the rows.
pub fn write_rows_in_parts<T, P, I>(out: &mut dyn Write, parts: &[P], rows: impl Fn(&P) -> I + Sync) -> io::Result<()>
where
    T: Serialize + Default,
    P: Sync,
    I: IntoIterator<Item: Borrow<T>>,
{
    let mut line = Line::default();
    line.header::<T>()?;
    std::thread::scope(|scope| -> io::Result<()> {
        // A buffer of an odd part, and whether it ends the part.
        let (formatted, ready) = std::sync::mpsc::sync_channel::<io::Result<(Vec<u8>, bool)>>(1);
        let (spent, reuse) = std::sync::mpsc::channel::<Vec<u8>>();
        let rows = &rows;
        // A thread the system refuses (a limit on processes): every part formatted here.
        let second = parts.len() > 1
            && std::thread::Builder::new()
                .spawn_scoped(scope, move || format_odd_parts::<T, P, I>(parts, rows, &formatted, &reuse))
                .is_ok();
        for (i, part) in parts.iter().enumerate() {
            if i % 2 == 0 || !second {
                line.rows::<T>(rows(part), FLUSH_AT, &mut |bytes| out.write_all(bytes))?;
                continue;
            }
            out.write_all(&line.bytes)?;
            line.clear();
            loop {
                // A closed channel: the other thread panicked (the scope passes the panic on).
                let (mut bytes, last) =
                    ready.recv().map_err(|_| io::Error::other("the formatting thread stopped"))??;
                out.write_all(&bytes)?;
                bytes.clear();
                let _ = spent.send(bytes);
                if last {
                    break;
                }
            }
        }
        Ok(())
    })?;
    out.write_all(&line.bytes)?;
    out.flush()
}

/// The second thread of [`write_rows_in_parts`]: the odd parts' rows, sent over `formatted` in
/// buffers (taken back from `reuse`), each with whether it ends its part.
fn format_odd_parts<T, P, I>(
    parts: &[P],
    rows: &impl Fn(&P) -> I,
    formatted: &std::sync::mpsc::SyncSender<io::Result<(Vec<u8>, bool)>>,
    reuse: &std::sync::mpsc::Receiver<Vec<u8>>,
) where
    T: Serialize,
    I: IntoIterator<Item: Borrow<T>>,
{
    let mut held = Line::default();
    for part in parts.iter().skip(1).step_by(2) {
        let send = |bytes: &mut Vec<u8>, last| {
            let next = reuse.try_recv().unwrap_or_default();
            // An error: these parts are no longer wanted (the writing failed).
            formatted.send(Ok((std::mem::replace(bytes, next), last))).map_err(|_| io::ErrorKind::BrokenPipe)
        };
        let done = held.rows::<T>(rows(part), HELD_AT, &mut |bytes| Ok(send(bytes, false)?));
        let sent = match done {
            Ok(()) => send(&mut held.bytes, true).map(|()| held.clear()),
            Err(e) => formatted.send(Err(e)).map_err(|_| io::ErrorKind::BrokenPipe),
        };
        if sent.is_err() {
            return;
        }
    }
}

/// A part formatted on the second thread is sent on in buffers of about this size.
const HELD_AT: usize = 8 << 20;

/// The bytes that make the csv crate quote a field.
const QUOTED: [bool; 256] = {
    let mut t = [false; 256];
    (t[b',' as usize], t[b'"' as usize], t[b'\n' as usize], t[b'\r' as usize]) = (true, true, true, true);
    t
};

/// Whether the csv crate would quote `b`: eight bytes at a time (a word with any of `,` `"` LF CR).
fn needs_quotes(b: &[u8]) -> bool {
    const LO: u64 = u64::from_ne_bytes([1; 8]);
    const HI: u64 = u64::from_ne_bytes([0x80; 8]);
    let zero = |x: u64| x.wrapping_sub(LO) & !x & HI;
    let words = b.chunks_exact(8);
    let tail = words.remainder();
    for w in words {
        let x = u64::from_ne_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        let hit = [b',', b'"', b'\n', b'\r'].iter().fold(0, |a, &c| a | zero(x ^ (LO * u64::from(c))));
        if hit != 0 {
            return true;
        }
    }
    tail.iter().any(|&c| QUOTED[usize::from(c)])
}

/// Output is handed on in pieces of about this size.
const FLUSH_AT: usize = 1 << 16;

/// CSV being written: whole records, and the cells of the current one.
#[derive(Default)]
struct Line {
    bytes: Vec<u8>,
    /// Cells written in the current record, and where it starts.
    cells: usize,
    start: usize,
    scratch: String,
}

impl Line {
    /// Append `rows`, handing the bytes to `hand_on` whenever they reach `at` bytes.
    fn rows<T: Serialize>(
        &mut self,
        rows: impl IntoIterator<Item = impl Borrow<T>>,
        at: usize,
        hand_on: &mut dyn FnMut(&mut Vec<u8>) -> io::Result<()>,
    ) -> io::Result<()> {
        for row in rows {
            row.borrow().serialize(&mut *self)?;
            self.end();
            if self.bytes.len() >= at {
                hand_on(&mut self.bytes)?;
                self.clear();
            }
        }
        Ok(())
    }

    /// Forget the bytes written (handed on).
    fn clear(&mut self) {
        self.bytes.clear();
        (self.cells, self.start) = (0, 0);
    }

    /// The header record of row type `T` (its field names).
    fn header<T: Serialize + Default>(&mut self) -> serde_json::Result<()> {
        for name in header::<T>()? {
            self.text(&name);
        }
        self.end();
        Ok(())
    }

    fn separate(&mut self) {
        if self.cells > 0 {
            self.bytes.push(b',');
        }
        self.cells += 1;
    }

    /// A text cell, neutralised, quoted as the csv crate quotes (only when it holds a comma, a quote,
    /// CR or LF; quotes doubled).
    fn text(&mut self, s: &str) {
        self.separate();
        let b = s.as_bytes();
        let prefix: &[u8] =
            if matches!(b.first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')) { b"'" } else { b"" };
        if !needs_quotes(b) {
            self.bytes.extend_from_slice(prefix);
            self.bytes.extend_from_slice(b);
            return;
        }
        self.bytes.push(b'"');
        self.bytes.extend_from_slice(prefix);
        for chunk in b.split_inclusive(|&c| c == b'"') {
            self.bytes.extend_from_slice(chunk);
            if chunk.last() == Some(&b'"') {
                self.bytes.push(b'"');
            }
        }
        self.bytes.push(b'"');
    }

    /// A number (or yes/no, or an empty cell): never quoted.
    fn raw(&mut self, write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> serde_json::Result<()> {
        self.separate();
        write(&mut self.bytes).map_err(serde_json::Error::io)
    }

    /// End the record: a record with no bytes (one empty cell) is written `""`, as the csv crate does.
    fn end(&mut self) {
        if self.bytes.len() == self.start {
            self.bytes.extend_from_slice(b"\"\"");
        }
        self.bytes.push(b'\n');
        (self.cells, self.start) = (0, self.bytes.len());
    }
}

fn not_a_record() -> serde_json::Error {
    serde::ser::Error::custom("a CSV row must serialize to a record of named fields")
}

fn not_a_cell() -> serde_json::Error {
    serde::ser::Error::custom("a CSV cell must be a number, text, yes/no or empty")
}

/// Serializer methods that refuse their kind of value with `$err`.
macro_rules! refuse {
    ($err:ident: $($name:ident($($arg:ty),*) -> $ret:ty;)*) => {
        $(fn $name(self, $(_: $arg),*) -> serde_json::Result<$ret> { Err($err()) })*
    };
}

/// A row: a struct or map whose values are the cells.
impl Serializer for &mut Line {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Impossible<(), serde_json::Error>;
    type SerializeTuple = Impossible<(), serde_json::Error>;
    type SerializeTupleStruct = Impossible<(), serde_json::Error>;
    type SerializeTupleVariant = Impossible<(), serde_json::Error>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), serde_json::Error>;

    fn serialize_struct(self, _: &'static str, _: usize) -> serde_json::Result<Self> {
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> serde_json::Result<Self> {
        Ok(self)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> serde_json::Result<()> {
        Err(not_a_record())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> serde_json::Result<()> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> serde_json::Result<()> {
        Err(not_a_record())
    }
    refuse! { not_a_record:
        serialize_bool(bool) -> (); serialize_i8(i8) -> (); serialize_i16(i16) -> (); serialize_i32(i32) -> ();
        serialize_i64(i64) -> (); serialize_u8(u8) -> (); serialize_u16(u16) -> (); serialize_u32(u32) -> ();
        serialize_u64(u64) -> (); serialize_f32(f32) -> (); serialize_f64(f64) -> (); serialize_char(char) -> ();
        serialize_str(&str) -> (); serialize_bytes(&[u8]) -> (); serialize_none() -> (); serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> (); serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq; serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}

impl SerializeStruct for &mut Line {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, _: &'static str, value: &T) -> serde_json::Result<()> {
        value.serialize(Cell(self))
    }
    fn end(self) -> serde_json::Result<()> {
        Ok(())
    }
}

impl SerializeMap for &mut Line {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, _: &T) -> serde_json::Result<()> {
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> serde_json::Result<()> {
        value.serialize(Cell(self))
    }
    fn end(self) -> serde_json::Result<()> {
        Ok(())
    }
}

/// One cell of a row.
struct Cell<'l>(&'l mut Line);

impl Cell<'_> {
    fn number(
        self,
        write: impl FnOnce(&mut CompactFormatter, &mut Vec<u8>) -> io::Result<()>,
    ) -> serde_json::Result<()> {
        self.0.raw(|b| write(&mut CompactFormatter, b))
    }
}

impl Serializer for Cell<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Impossible<(), serde_json::Error>;
    type SerializeTuple = Impossible<(), serde_json::Error>;
    type SerializeTupleStruct = Impossible<(), serde_json::Error>;
    type SerializeTupleVariant = Impossible<(), serde_json::Error>;
    type SerializeMap = Impossible<(), serde_json::Error>;
    type SerializeStruct = Impossible<(), serde_json::Error>;
    type SerializeStructVariant = Impossible<(), serde_json::Error>;

    fn serialize_bool(self, v: bool) -> serde_json::Result<()> {
        self.0.raw(|b| b.write_all(if v { b"yes" } else { b"no" }))
    }
    fn serialize_i8(self, v: i8) -> serde_json::Result<()> {
        self.number(|f, b| f.write_i8(b, v))
    }
    fn serialize_i16(self, v: i16) -> serde_json::Result<()> {
        self.number(|f, b| f.write_i16(b, v))
    }
    fn serialize_i32(self, v: i32) -> serde_json::Result<()> {
        self.number(|f, b| f.write_i32(b, v))
    }
    fn serialize_i64(self, v: i64) -> serde_json::Result<()> {
        self.number(|f, b| f.write_i64(b, v))
    }
    fn serialize_u8(self, v: u8) -> serde_json::Result<()> {
        self.number(|f, b| f.write_u8(b, v))
    }
    fn serialize_u16(self, v: u16) -> serde_json::Result<()> {
        self.number(|f, b| f.write_u16(b, v))
    }
    fn serialize_u32(self, v: u32) -> serde_json::Result<()> {
        self.number(|f, b| f.write_u32(b, v))
    }
    fn serialize_u64(self, v: u64) -> serde_json::Result<()> {
        self.number(|f, b| f.write_u64(b, v))
    }
    /// As a JSON value: an f32 is held as the f64 it widens to; not finite is null (an empty cell).
    fn serialize_f32(self, v: f32) -> serde_json::Result<()> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> serde_json::Result<()> {
        if v.is_finite() { self.number(|f, b| f.write_f64(b, v)) } else { self.0.raw(|_| Ok(())) }
    }
    fn serialize_char(self, v: char) -> serde_json::Result<()> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> serde_json::Result<()> {
        self.0.text(v);
        Ok(())
    }
    fn serialize_none(self) -> serde_json::Result<()> {
        self.0.raw(|_| Ok(()))
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> serde_json::Result<()> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> serde_json::Result<()> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> serde_json::Result<()> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> serde_json::Result<()> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> serde_json::Result<()> {
        v.serialize(self)
    }
    /// Text made by `Display` goes through one reused buffer.
    fn collect_str<T: ?Sized + std::fmt::Display>(self, v: &T) -> serde_json::Result<()> {
        use std::fmt::Write as _;
        let mut scratch = std::mem::take(&mut self.0.scratch);
        scratch.clear();
        write!(scratch, "{v}").map_err(serde::ser::Error::custom)?;
        self.0.text(&scratch);
        self.0.scratch = scratch;
        Ok(())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> serde_json::Result<()> {
        Err(not_a_cell())
    }
    refuse! { not_a_cell:
        serialize_bytes(&[u8]) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq; serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
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
    use serde::Serialize;

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
        write_rows::<Row>(&mut buf, &rows).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "name,x,ok\n'=a,-0.5,yes\nb,,no\n");
        let mut empty = Vec::new();
        write_rows::<Row>(&mut empty, &Vec::<Row>::new()).unwrap();
        assert_eq!(String::from_utf8(empty).unwrap(), "name,x,ok\n", "no rows: the header alone");
    }

    #[derive(Serialize, Default, Clone)]
    struct Wide {
        text: String,
        other: Option<String>,
        n: Option<i64>,
        x: f64,
        y: Option<f32>,
        ok: Option<bool>,
        kind: Option<crate::catalog::Provenance>,
    }

    /// The cells as the csv crate writes the record of JSON values (the path every other report takes).
    fn via_records(rows: &[Wide]) -> String {
        let mut buf = Vec::new();
        write(&mut buf, &Records::of(rows).unwrap()).unwrap();
        String::from_utf8(buf).unwrap()
    }

    proptest::proptest! {
        #[test]
        fn streamed_cells_are_the_csv_crates_cells(
            text in "[=+@ a,\"\r\n\t-é]{0,20}",
            other in proptest::option::of("[\"x,\n]{0,3}"),
            n in proptest::option::of(proptest::num::i64::ANY),
            x in proptest::num::f64::ANY,
            y in proptest::option::of(proptest::num::f32::ANY),
            ok in proptest::option::of(proptest::bool::ANY),
        ) {
            let kind = n.map(|n| crate::catalog::Provenance::ALL[n.unsigned_abs() as usize % 3]);
            let rows = vec![Wide { text, other, n, x, y, ok, kind }, Wide::default()];
            let mut buf = Vec::new();
            write_rows::<Wide>(&mut buf, &rows).unwrap();
            proptest::prop_assert_eq!(String::from_utf8(buf).unwrap(), via_records(&rows));
        }
    }

    proptest::proptest! {
        #[test]
        fn words_need_quotes_as_their_bytes_do(b in proptest::collection::vec(proptest::num::u8::ANY, 0..40)) {
            proptest::prop_assert_eq!(needs_quotes(&b), b.iter().any(|&c| QUOTED[usize::from(c)]));
        }
    }

    proptest::proptest! {
        #[test]
        fn rows_in_parts_are_the_rows_written_whole(
            parts in proptest::collection::vec(proptest::collection::vec(("[a,\"]{0,4}", proptest::option::of(-1e3..1e3f64)), 0..4), 0..6),
        ) {
            let row = |(name, x): &(String, Option<f64>)| Wide { text: name.clone(), x: x.unwrap_or(0.5), y: None, ..Wide::default() };
            let mut whole = Vec::new();
            write_rows::<Wide>(&mut whole, parts.iter().flatten().map(row)).unwrap();
            let mut split = Vec::new();
            let parts: Vec<&[_]> = parts.iter().map(Vec::as_slice).collect();
            write_rows_in_parts::<Wide, _, _>(&mut split, &parts, |&p| p.iter().map(row)).unwrap();
            proptest::prop_assert_eq!(String::from_utf8(split).unwrap(), String::from_utf8(whole).unwrap());
        }
    }

    #[test]
    fn parts_larger_than_a_flush_are_written_in_order() {
        let rows: Vec<Wide> = (0..40_000)
            .map(|i| Wide { text: format!("row {i}, part {}", i / 3000), x: f64::from(i) / 7.0, ..Wide::default() })
            .collect();
        let mut whole = Vec::new();
        write_rows::<Wide>(&mut whole, &rows).unwrap();
        let parts: Vec<&[Wide]> = rows.chunks(3000).collect();
        let mut split = Vec::new();
        write_rows_in_parts::<Wide, _, _>(&mut split, &parts, |&p| p.iter()).unwrap();
        assert!(whole.len() > 8 * FLUSH_AT);
        assert!(split == whole, "the parts' rows, in order, as written whole");
    }

    #[test]
    fn a_part_larger_than_a_held_buffer_is_sent_in_several() {
        let text = "x".repeat(60);
        let rows: Vec<Wide> =
            (0..200_000).map(|i| Wide { text: text.clone(), x: f64::from(i), ..Wide::default() }).collect();
        let mut whole = Vec::new();
        write_rows::<Wide>(&mut whole, &rows).unwrap();
        let parts: Vec<&[Wide]> = vec![&rows[..10], &rows[10..190_000], &rows[190_000..]];
        let mut split = Vec::new();
        write_rows_in_parts::<Wide, _, _>(&mut split, &parts, |&p| p.iter()).unwrap();
        assert!(parts[1].len() * 60 > HELD_AT, "the second thread's part needs more than one buffer");
        assert!(split == whole);
    }

    #[test]
    fn a_record_of_one_empty_cell_is_quoted_as_the_csv_crate_does() {
        #[derive(Serialize, Default)]
        struct One {
            a: &'static str,
        }
        let mut buf = Vec::new();
        write_rows::<One>(&mut buf, [One { a: "" }, One { a: "x" }]).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "a\n\"\"\nx\n");
    }
}
