//! The read step of the catalog pipeline (read -> typed rows -> validate -> index): a catalog file's
//! bytes (embedded or on disk), its CSV rows with the header checked, and typed accessors on a row that
//! record problems instead of failing. `load`, `claims`, `rob` and `grade` build on it; it knows none of them.

use super::Fields;
use super::fields::{FieldsBuilder, FieldsView};
use super::fnv::FnvMap;
use super::problem::{CatalogError, Problem};
use super::records::{Input, Record, Records};
use std::io::BufRead;
use std::path::Path;

/// One catalog file: its display name and where its bytes come from.
pub(super) struct FileText {
    pub(super) name: String,
    pub(super) content: Content,
}

pub(super) enum Content {
    /// The file does not exist.
    Absent,
    /// Bytes in memory (the embedded catalog, fuzzing).
    Bytes(std::borrow::Cow<'static, [u8]>),
    /// An open file, read as a stream so that a large catalog is never held in memory whole.
    File(std::fs::File),
    /// A bundled file's records, split at build time (build.rs).
    Split(&'static str),
}

impl FileText {
    pub(super) fn bytes(name: &str, bytes: Option<std::borrow::Cow<'static, [u8]>>) -> FileText {
        FileText { name: name.to_string(), content: bytes.map_or(Content::Absent, Content::Bytes) }
    }

    /// A bundled file: its records split at build time when build.rs could, else its CSV text.
    pub(super) fn embedded(file: &super::embedded::Embedded) -> FileText {
        let name = format!("<embedded>/studies/{}", file.name);
        let content = match (file.csv.is_empty(), file.split.is_empty()) {
            (true, _) => Content::Absent,
            (false, false) => Content::Split(file.split),
            (false, true) => Content::Bytes(file.csv.as_bytes().into()),
        };
        FileText { name, content }
    }

    /// The file's size in bytes when known without reading it (for reserving memory once).
    pub(super) fn size(&self) -> Option<u64> {
        match &self.content {
            Content::Absent => None,
            Content::Bytes(b) => Some(b.len() as u64),
            Content::File(f) => f.metadata().ok().map(|m| m.len()),
            Content::Split(text) => Some(text.len() as u64),
        }
    }

    pub(super) fn exists(&self) -> bool {
        !matches!(self.content, Content::Absent)
    }

    /// The file's records to read: a buffered reader over its bytes with a leading UTF-8 BOM
    /// removed, or its split records; `None` when it does not exist. Bytes in memory are read in
    /// place (no copy, no second buffer).
    pub(super) fn reader(self) -> Option<Input> {
        let csv = |reader: Box<dyn BufRead + Send>| Some(Input::Csv(reader));
        match self.content {
            Content::Absent => None,
            Content::Split(text) => Some(Input::Split(text)),
            Content::Bytes(b) => {
                let skip = if b.starts_with(BOM) { BOM.len() } else { 0 };
                let mut cursor = std::io::Cursor::new(b);
                cursor.set_position(skip as u64);
                csv(Box::new(cursor))
            }
            Content::File(f) => Some(csv_input(std::io::BufReader::with_capacity(1 << 16, f))),
        }
    }
}

/// CSV input from a buffered reader, a leading UTF-8 byte-order mark removed.
pub(super) fn csv_input<R: std::io::Read + Send + 'static>(mut reader: std::io::BufReader<R>) -> Input {
    if reader.fill_buf().is_ok_and(|head| head.starts_with(BOM)) {
        reader.consume(BOM.len());
    }
    Input::Csv(Box::new(reader))
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) fn read_file(path: &Path) -> Result<FileText, CatalogError> {
    let name = path.display().to_string();
    // Checked before opening: opening a FIFO blocks until something writes to it.
    if let Ok(m) = std::fs::metadata(path)
        && !m.is_file()
        && !m.is_dir()
    {
        return Err(CatalogError::Missing {
            path: name,
            reason: "not a regular file (a FIFO, device or socket)".into(),
        });
    }
    match std::fs::File::open(path) {
        Ok(f) if f.metadata().is_ok_and(|m| m.is_dir()) => {
            Err(CatalogError::Missing { path: name, reason: "a folder, not a file".into() })
        }
        Ok(f) => Ok(FileText { name, content: Content::File(f) }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FileText { name, content: Content::Absent }),
        Err(e) => Err(CatalogError::Missing { path: name, reason: e.to_string() }),
    }
}

/// A CSV file read as text: header and data rows with their line numbers, fields trimmed.
#[derive(Clone)]
pub(super) struct Table {
    pub(super) file: String,
    pub(super) header: Vec<String>,
    columns: FnvMap<String, usize>,
    /// Data rows: line number and the trimmed fields, held in one record (two allocations a row).
    pub(super) rows: Vec<(u64, Fields)>,
    /// Column positions already looked up, by the name's (address, length) (see `resolve`).
    resolved: [std::cell::Cell<Resolved>; RESOLVED],
}

/// Slots of `Table::resolved`: more than the columns a file is read by, so collisions are rare
/// (a collision only costs a header scan).
const RESOLVED: usize = 64;
/// A memo slot: the name's (address, length) and its position in the header.
type Resolved = ((usize, usize), Option<usize>);

/// What to do with each data row while a table is read.
pub(super) type OnRow<'f> = &'f mut dyn FnMut(Row<'_>, &mut Vec<Problem>);

impl Table {
    /// Read a CSV file, keeping its rows; `None` when it cannot be used at all (problems recorded).
    pub(super) fn read(file: &str, input: Input, required: &[&str], problems: &mut Vec<Problem>) -> Option<Table> {
        Table::scan(file, input, required, problems, None)
    }

    /// Read a CSV file and hand each data row to `on_row` as it is read, keeping none (memory stays
    /// at one row); the returned table has the header only.
    pub(super) fn stream(
        file: &str,
        input: Input,
        required: &[&str],
        problems: &mut Vec<Problem>,
        on_row: OnRow<'_>,
    ) -> Option<Table> {
        Table::scan(file, input, required, problems, Some(on_row))
    }

    /// The read step: records -> decoded, trimmed fields -> the header, then each data row of the
    /// header's width kept or handed on.
    fn scan(
        file: &str,
        input: Input,
        required: &[&str],
        problems: &mut Vec<Problem>,
        on_row: Option<OnRow<'_>>,
    ) -> Option<Table> {
        let (table, mut records) = Table::open(file, input, required, problems)?;
        let mut table = table?;
        let mut fields = FieldsBuilder::default();
        match on_row {
            Some(on_row) => table.rows_of(&mut records, &mut fields, on_row, problems),
            None => {
                let mut rows = Vec::new();
                table.rows_of(
                    &mut records,
                    &mut fields,
                    &mut |row, _| rows.push((row.line, row.fields.to_fields())),
                    problems,
                );
                table.rows = rows;
            }
        }
        Some(table)
    }

    /// A file's records after its header, and the header (`None` when there is none or it cannot
    /// be used; problems recorded); `None` for a UTF-16 file, whose bytes are not the text of a
    /// header or rows (nothing more is said about them).
    pub(super) fn open(
        file: &str,
        mut input: Input,
        required: &[&str],
        problems: &mut Vec<Problem>,
    ) -> Option<(Option<Table>, Records)> {
        if let Some(problem) = not_utf8(file, &mut input) {
            problems.push(problem);
            return None;
        }
        let mut records = Records::new(input);
        let table = Table::head_of(file, &mut records, &mut FieldsBuilder::default(), required, problems);
        Some((table, records))
    }

    /// The header: the first record with a field that is not empty (blank rows before it are
    /// skipped); `None` when there is none or it cannot be used (problems recorded).
    fn head_of(
        file: &str,
        records: &mut Records,
        fields: &mut FieldsBuilder,
        required: &[&str],
        problems: &mut Vec<Problem>,
    ) -> Option<Table> {
        let before = problems.len();
        loop {
            let record = match records.next_record() {
                Ok(Some(record)) => record,
                Ok(None) => break,
                Err(e) => {
                    problems.push(Problem::new(file, None, None, format!("expected well-formed CSV, found: {e}")));
                    return None;
                }
            };
            decode(file, &record, None, fields, problems);
            let row = fields.view();
            if row.text.is_empty() {
                continue; // blank or all-empty row (spreadsheets write these)
            }
            let table = Table::head(file, row.iter().map(String::from).collect(), required, problems);
            // A header that cannot be used: its rows cannot be read either.
            return (problems.len() == before).then_some(table);
        }
        if problems.len() == before {
            problems.push(Problem::new(file, Some(1), None, "expected a header row, found an empty file"));
        }
        None
    }

    /// Each data row of the header's width, after the header, handed to `on_row` (rows of another
    /// width and blank rows are not: the first are problems, the second are skipped).
    pub(super) fn rows_of(
        &self,
        records: &mut Records,
        fields: &mut FieldsBuilder,
        on_row: OnRow<'_>,
        problems: &mut Vec<Problem>,
    ) {
        while let Some(next) = self.next_row(records, fields, problems) {
            if let Some(line) = next {
                on_row(Row { table: self, line, fields: fields.view() }, problems);
            }
        }
    }

    /// The next record after the header decoded into `fields`: `Some(Some(line))` for a data row
    /// of the header's width, `Some(None)` for a record that is none (blank, or of another width:
    /// a problem), `None` at the end of the input (after an I/O error: recorded).
    pub(super) fn next_row(
        &self,
        records: &mut Records,
        fields: &mut FieldsBuilder,
        problems: &mut Vec<Problem>,
    ) -> Option<Option<u64>> {
        let record = match records.next_record() {
            Ok(record) => record?,
            Err(e) => {
                let msg = format!("expected well-formed CSV, found: {e}");
                problems.push(Problem::new(&self.file, None, None, msg));
                return None;
            }
        };
        let line = record.line;
        decode(&self.file, &record, Some(&self.header), fields, problems);
        let row = fields.view();
        // Every field empty once trimmed: the row's text is empty.
        Some((!row.text.is_empty() && self.has_width(line, row, problems)).then_some(line))
    }

    /// Whether a data row has as many fields as the header (a problem recorded when not).
    fn has_width(&self, line: u64, row: FieldsView<'_>, problems: &mut Vec<Problem>) -> bool {
        let width = self.header.len();
        if row.len() == width {
            return true;
        }
        let unclosed = row.iter().any(|f| f.contains('\n') || (row.len() < width && f.contains(',')));
        let hint = if unclosed { " (a quote opened on this line is never closed?)" } else { "" };
        let msg = format!("expected {width} fields as in the header, found {}{hint}", row.len());
        problems.push(Problem::new(&self.file, Some(line), None, msg));
        false
    }

    /// A table with its header checked: each column once, the required ones present.
    fn head(file: &str, header: Vec<String>, required: &[&str], problems: &mut Vec<Problem>) -> Table {
        let mut columns = FnvMap::default();
        for (i, name) in header.iter().enumerate() {
            if columns.insert(name.clone(), i).is_some() {
                problems.push(Problem::new(file, Some(1), Some(name), "expected each column once, found it twice"));
            }
        }
        let mut missing: Vec<&str> = required.iter().copied().filter(|c| !columns.contains_key(*c)).collect();
        missing.retain(|col| !misspelt(file, col, &header, required, problems));
        if !missing.is_empty() {
            let hint = if header.len() == 1 && header[0].contains(';') {
                " (the file looks semicolon-separated; evrev reads comma-separated CSV)"
            } else {
                ""
            };
            problems.push(Problem::new(
                file,
                Some(1),
                None,
                format!(
                    "expected the required column(s) {}, found the header {}{hint}",
                    missing.join(", "),
                    show(&header.join(","))
                ),
            ));
        }
        let resolved = std::array::from_fn(|_| std::cell::Cell::new(((0, usize::MAX), None)));
        Table { file: file.to_string(), header, columns, rows: Vec::new(), resolved }
    }

    /// The position of column `col`: a scan of a short header (cheaper than hashing), the map otherwise.
    pub(super) fn index(&self, col: &str) -> Option<usize> {
        if self.header.len() <= 48 {
            // Length, then first and last byte, before the full comparison: most same-length names
            // (n_t, n_c; mean_t, mean_c) differ in their last byte, so memcmp is rarely called.
            let c = col.as_bytes();
            self.header.iter().position(|h| {
                let h = h.as_bytes();
                h.len() == c.len() && h.first() == c.first() && h.last() == c.last() && h == c
            })
        } else {
            self.columns.get(col).copied()
        }
    }

    /// The position of column `col`, found in the header once per table and name: column names
    /// are string constants, so their address identifies them, and a row's lookups after the first
    /// cost one comparison of two words (a header scan per field was 13% of a large load).
    fn resolve(&self, col: &'static str) -> Option<usize> {
        let key = (col.as_ptr() as usize, col.len());
        let slot = &self.resolved[(key.0 ^ (key.0 >> 7) ^ key.1) % RESOLVED];
        match slot.get() {
            (k, at) if k == key => at,
            _ => {
                let at = self.index(col);
                slot.set((key, at));
                at
            }
        }
    }

    pub(super) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |(line, fields)| Row { table: self, line: *line, fields: fields.view() })
    }
}

/// Whether required column `col`, missing from `header`, looks misspelt there: a header column
/// that is not required is near it (the problem is recorded then, naming both).
fn misspelt(file: &str, col: &str, header: &[String], required: &[&str], problems: &mut Vec<Problem>) -> bool {
    let unknown = header.iter().map(String::as_str).filter(|h| !h.is_empty() && !required.contains(h));
    // Nearer than `filter::nearest` asks of a typed name: a header also has optional columns, and
    // one of those is not offered for a required column that is simply absent.
    let Some(near) = super::filter::nearest(col, unknown)
        .filter(|h| strsim::normalized_damerau_levenshtein(&h.to_lowercase(), col) >= 0.6)
    else {
        return false;
    };
    let plain = near.bytes().all(|b| b.is_ascii_graphic());
    let near = if plain { near.to_string() } else { show(near) };
    let msg = format!("missing required column {col}; the header has {near} (did you mean {col}?)");
    problems.push(Problem::new(file, Some(1), None, msg));
    true
}

/// The one problem of a file that is UTF-16 rather than UTF-8 (by its first bytes, not consumed),
/// with the command that converts it; `None` for any other file.
fn not_utf8(file: &str, input: &mut Input) -> Option<Problem> {
    let Input::Csv(reader) = input else { return None };
    let utf16 = super::encoding::utf16(reader.fill_buf().ok()?)?;
    let base = Path::new(file).file_name().map_or(file.into(), |n| n.to_string_lossy());
    let stem = base.strip_suffix(".csv").unwrap_or(&base);
    let msg = format!(
        "{base} is UTF-16 text ({}); save it as UTF-8 (e.g. iconv -f {} -t UTF-8 {base} > {stem}-utf8.csv)",
        utf16.evidence(),
        utf16.iconv_name()
    );
    Some(Problem::new(file, None, None, msg))
}

/// A record's fields as trimmed UTF-8 text into `fields` (cleared first); a field that is not
/// UTF-8 is recorded as a problem, named by its header column when there is one, and read as empty.
fn decode(
    file: &str,
    record: &Record<'_>,
    header: Option<&[String]>,
    fields: &mut FieldsBuilder,
    problems: &mut Vec<Problem>,
) {
    fields.clear();
    // Usually the whole record is checked at once: valid as a whole, and each field end on a
    // character boundary, means every field is valid.
    let (bytes, ends) = record.parts();
    if let Ok(text) = std::str::from_utf8(bytes)
        && ends.iter().all(|&e| text.is_char_boundary(e))
    {
        // Most records have nothing to trim: copied whole, not field by field.
        if untrimmed(text.as_bytes(), ends) {
            return fields.set(text, ends);
        }
        let mut start = 0;
        for &end in ends {
            fields.push(trim(&text[start..end]));
            start = end;
        }
        return;
    }
    for (i, raw) in record.iter().enumerate() {
        match std::str::from_utf8(raw) {
            Ok(s) => fields.push(trim(s)),
            Err(e) => {
                let col = header.and_then(|h| h.get(i)).cloned().unwrap_or_else(|| format!("#{}", i + 1));
                let msg = format!("expected UTF-8 text, found an invalid byte at offset {}", e.valid_up_to());
                problems.push(Problem::new(file, Some(record.line), Some(&col), msg));
                fields.push("");
            }
        }
    }
}

/// Whether no field of a record (its bytes, its fields' ends) has anything for [`trim`] to remove.
fn untrimmed(bytes: &[u8], ends: &[usize]) -> bool {
    let visible = |b: u8| (0x21..0x80).contains(&b);
    let mut start = 0;
    ends.iter().all(|&end| {
        let clean = start == end || (visible(bytes[start]) && visible(bytes[end - 1]));
        start = end;
        clean
    })
}

/// `str::trim`, without its character decoding for the usual field that starts and ends with a
/// visible ASCII character (nothing to trim).
fn trim(s: &str) -> &str {
    // 0x21..=0x7F: no whitespace (ASCII or Unicode) starts with such a byte.
    let visible = |b: Option<&u8>| b.is_some_and(|b| (0x21..0x80).contains(b));
    let b = s.as_bytes();
    if b.is_empty() || (visible(b.first()) && visible(b.last())) { s } else { s.trim() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn trim_is_str_trim() {
        for s in ["", "a", " a ", "a\u{b}", "\u{a0}x\u{2003}", "x\u{85}", "\tx y\r\n", "é", " é ", "\u{1f}"] {
            assert_eq!(super::trim(s), s.trim(), "{s:?}");
        }
    }
}

/// A column of one table, its position found once (for a file read row by row, such as a large
/// outcomes.csv, instead of a lookup per field of every row).
#[derive(Debug, Clone, Copy)]
pub(super) struct Col {
    pub(super) name: &'static str,
    at: Option<usize>,
}

impl Table {
    pub(super) fn col(&self, name: &'static str) -> Col {
        Col { name, at: self.index(name) }
    }
}

/// What a row's accessors take: a column name (its position memoized per table) or a [`Col`].
pub(super) trait Column: Copy {
    fn name(self) -> &'static str;
    fn position(self, table: &Table) -> Option<usize>;
}

impl Column for &'static str {
    fn name(self) -> &'static str {
        self
    }
    fn position(self, table: &Table) -> Option<usize> {
        table.resolve(self)
    }
}

impl Column for Col {
    fn name(self) -> &'static str {
        self.name
    }
    fn position(self, _: &Table) -> Option<usize> {
        self.at
    }
}

/// One data row with typed accessors that record problems instead of failing.
pub(super) struct Row<'a> {
    pub(super) table: &'a Table,
    pub(super) line: u64,
    pub(super) fields: FieldsView<'a>,
}

impl<'a> Row<'a> {
    pub(super) fn line(&self) -> u64 {
        self.line
    }

    pub(super) fn get(&self, col: impl Column) -> &'a str {
        col.position(self.table).and_then(|i| self.fields.get(i)).unwrap_or("")
    }

    pub(super) fn problem(&self, col: &str, message: impl Into<String>, problems: &mut Vec<Problem>) {
        problems.push(Problem::new(&self.table.file, Some(self.line), Some(col), message));
    }

    /// The value of a column that may not be empty (an empty one is recorded as a problem).
    pub(super) fn required(&self, col: impl Column, problems: &mut Vec<Problem>) -> &'a str {
        let v = self.get(col);
        if v.is_empty() {
            self.problem(col.name(), "expected a value, found an empty field", problems);
        }
        v
    }

    pub(super) fn optional(&self, col: impl Column) -> Option<String> {
        Some(self.get(col)).filter(|v| !v.is_empty()).map(str::to_string)
    }

    pub(super) fn int(&self, col: impl Column, min: i64, max: i64, problems: &mut Vec<Problem>) -> Option<i64> {
        let v = self.get(col);
        if v.is_empty() {
            return None;
        }
        match v.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.problem(
                    col.name(),
                    format!("expected a whole number from {min} to {max}, found {}", show(v)),
                    problems,
                );
                None
            }
        }
    }

    pub(super) fn float(&self, col: impl Column, min: f64, problems: &mut Vec<Problem>) -> Option<f64> {
        let v = self.get(col);
        if v.is_empty() {
            return None;
        }
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= min => Some(x),
            _ => {
                let what = if min == f64::NEG_INFINITY {
                    "a finite number".to_string()
                } else {
                    format!("a finite number >= {min}")
                };
                self.problem(col.name(), format!("expected {what}, found {}", show(v)), problems);
                None
            }
        }
    }
}

/// A found value as shown in a message: quoted, control characters made visible, cut when long
/// (the one sanitizer, `text::quote`).
pub(super) fn show(v: &str) -> String {
    crate::text::quote(v)
}
