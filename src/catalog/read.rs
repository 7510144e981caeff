//! The read step of the catalog pipeline (read -> typed rows -> validate -> index): a catalog file's
//! bytes (embedded or on disk), its CSV rows with the header checked, and typed accessors on a row that
//! record problems instead of failing. `load`, `claims`, `rob` and `grade` build on it; it knows none of them.

use super::Fields;
use super::fields::FieldsBuilder;
use super::fnv::FnvMap;
use super::problem::{CatalogError, Problem};
use std::io::Read;
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
}

impl FileText {
    pub(super) fn bytes(name: &str, bytes: Option<std::borrow::Cow<'static, [u8]>>) -> FileText {
        FileText { name: name.to_string(), content: bytes.map_or(Content::Absent, Content::Bytes) }
    }

    pub(super) fn exists(&self) -> bool {
        !matches!(self.content, Content::Absent)
    }

    /// A reader over the file's bytes with a leading UTF-8 BOM removed; `None` when it does not exist.
    pub(super) fn reader(self) -> Option<Box<dyn Read>> {
        let mut inner: Box<dyn Read> = match self.content {
            Content::Absent => return None,
            Content::Bytes(b) => Box::new(std::io::Cursor::new(b)),
            Content::File(f) => Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
        };
        let mut head = [0u8; 3];
        let mut got = 0;
        while got < 3 {
            match inner.read(&mut head[got..]) {
                Ok(0) | Err(_) => break,
                Ok(n) => got += n,
            }
        }
        let keep = if head[..got] == *b"\xEF\xBB\xBF" { 0 } else { got };
        Some(Box::new(std::io::Cursor::new(head[..keep].to_vec()).chain(inner)))
    }
}

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
    pub(super) fn read(file: &str, input: impl Read, required: &[&str], problems: &mut Vec<Problem>) -> Option<Table> {
        Table::scan(file, input, required, problems, None)
    }

    /// Read a CSV file and hand each data row to `on_row` as it is read, keeping none (memory stays
    /// at one row); the returned table has the header only.
    pub(super) fn stream(
        file: &str,
        input: impl Read,
        required: &[&str],
        problems: &mut Vec<Problem>,
        on_row: OnRow<'_>,
    ) -> Option<Table> {
        Table::scan(file, input, required, problems, Some(on_row))
    }

    fn scan(
        file: &str,
        input: impl Read,
        required: &[&str],
        problems: &mut Vec<Problem>,
        mut on_row: Option<OnRow<'_>>,
    ) -> Option<Table> {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input);
        let mut table: Option<Table> = None;
        let mut record = csv::ByteRecord::new();
        let before = problems.len();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map(|p| p.line());
                    problems.push(Problem::new(file, line, None, format!("expected well-formed CSV, found: {e}")));
                    break;
                }
            }
            let line = record.position().map_or(0, |p| p.line());
            // One allocation each for the row's text and its field ends, sized from the record.
            let mut parts = FieldsBuilder::with_capacity(record.as_slice().len(), record.len());
            for (i, raw) in record.iter().enumerate() {
                match std::str::from_utf8(raw) {
                    Ok(s) => parts.push(s.trim()),
                    Err(e) => {
                        let col = table
                            .as_ref()
                            .and_then(|t| t.header.get(i))
                            .cloned()
                            .unwrap_or_else(|| format!("#{}", i + 1));
                        problems.push(Problem::new(
                            file,
                            Some(line),
                            Some(&col),
                            format!("expected UTF-8 text, found an invalid byte at offset {}", e.valid_up_to()),
                        ));
                        parts.push("");
                    }
                }
            }
            let fields = parts.finish();
            let Some(t) = &mut table else {
                if fields.iter().all(str::is_empty) {
                    continue; // blank lines before the header
                }
                table = Some(Table::head(file, fields.iter().map(String::from).collect(), required, problems));
                if problems.len() > before {
                    return None; // a header that cannot be used: its rows cannot be read either
                }
                continue;
            };
            if fields.iter().all(str::is_empty) {
                continue; // blank or all-empty row (spreadsheets write these)
            }
            let width = t.header.len();
            if fields.len() != width {
                let unclosed = fields.iter().any(|f| f.contains('\n') || (fields.len() < width && f.contains(',')));
                let hint = if unclosed { " (a quote opened on this line is never closed?)" } else { "" };
                let msg = format!("expected {width} fields as in the header, found {}{hint}", fields.len());
                problems.push(Problem::new(file, Some(line), None, msg));
                continue;
            }
            match on_row.as_mut() {
                Some(f) => f(Row { table: t, line, fields: &fields }, problems),
                None => t.rows.push((line, fields)),
            }
        }
        if table.is_none() && problems.len() == before {
            problems.push(Problem::new(file, Some(1), None, "expected a header row, found an empty file"));
        }
        table
    }

    /// A table with its header checked: each column once, the required ones present.
    fn head(file: &str, header: Vec<String>, required: &[&str], problems: &mut Vec<Problem>) -> Table {
        let mut columns = FnvMap::default();
        for (i, name) in header.iter().enumerate() {
            if columns.insert(name.clone(), i).is_some() {
                problems.push(Problem::new(file, Some(1), Some(name), "expected each column once, found it twice"));
            }
        }
        let missing: Vec<&str> = required.iter().copied().filter(|c| !columns.contains_key(*c)).collect();
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
        self.rows.iter().map(move |(line, fields)| Row { table: self, line: *line, fields })
    }
}

/// One data row with typed accessors that record problems instead of failing.
pub(super) struct Row<'a> {
    pub(super) table: &'a Table,
    pub(super) line: u64,
    pub(super) fields: &'a Fields,
}

impl<'a> Row<'a> {
    pub(super) fn line(&self) -> u64 {
        self.line
    }

    pub(super) fn get(&self, col: &'static str) -> &'a str {
        self.table.resolve(col).and_then(|i| self.fields.get(i)).unwrap_or("")
    }

    pub(super) fn problem(&self, col: &str, message: impl Into<String>, problems: &mut Vec<Problem>) {
        problems.push(Problem::new(&self.table.file, Some(self.line), Some(col), message));
    }

    /// The value of a column that may not be empty (an empty one is recorded as a problem).
    pub(super) fn required(&self, col: &'static str, problems: &mut Vec<Problem>) -> &'a str {
        let v = self.get(col);
        if v.is_empty() {
            self.problem(col, "expected a value, found an empty field", problems);
        }
        v
    }

    pub(super) fn optional(&self, col: &'static str) -> Option<String> {
        Some(self.get(col)).filter(|v| !v.is_empty()).map(str::to_string)
    }

    pub(super) fn int(&self, col: &'static str, min: i64, max: i64, problems: &mut Vec<Problem>) -> Option<i64> {
        let v = self.get(col);
        if v.is_empty() {
            return None;
        }
        match v.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.problem(col, format!("expected a whole number from {min} to {max}, found {}", show(v)), problems);
                None
            }
        }
    }

    pub(super) fn float(&self, col: &'static str, min: f64, problems: &mut Vec<Problem>) -> Option<f64> {
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
                self.problem(col, format!("expected {what}, found {}", show(v)), problems);
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
