//! CSV records from a buffered byte stream: csv-core's parser with the csv crate's default rules
//! (RFC 4180 quotes, CRLF/LF/CR terminators, empty lines skipped, rows of any length), its tables
//! built once per thread and reused from file to file (building them for each file read cost more
//! instructions than parsing the bundled catalog's eight files). A record's line is the line its
//! first byte is on (the csv crate counts only the lines before the end of the previous record, so
//! after a blank line or a CRLF it names an earlier line).

use std::io::{self, BufRead};

thread_local! {
    /// The parser of the last file read, kept for the next one. Not copied: csv-core's `Clone` for
    /// its DFA copies the transition table only, and a copy misreads every record.
    static PARSER: std::cell::Cell<Option<csv_core::Reader>> = const { std::cell::Cell::new(None) };
}

/// A parser in its initial state: the one kept from an earlier file, reset, or a new one.
fn parser() -> csv_core::Reader {
    match PARSER.take() {
        Some(mut p) => {
            p.reset();
            p
        }
        None => csv_core::Reader::new(),
    }
}

/// Where records come from: CSV bytes, or a bundled file's records split at build time (build.rs:
/// each record its line number, its fields' end offsets and its fields' bytes, separated by US 0x1F
/// and ended by RS 0x1E).
pub(super) enum Input {
    Csv(Box<dyn BufRead + Send>),
    Split(&'static str),
}

/// The records of one input, read one at a time into buffers reused from record to record.
pub(super) struct Records {
    /// Always `Some` until the records are dropped (then it goes back to `PARSER`); `None` for split input.
    core: Option<csv_core::Reader>,
    input: Input,
    /// The current record's field bytes (unescaped) and each field's end offset in them.
    bytes: Vec<u8>,
    ends: Vec<usize>,
    done: bool,
    /// The last record was ended by the end of the input, not by a line end (see [`Records::cut`]).
    cut: bool,
}

/// One record: the line it starts on (as the csv crate counts it) and its fields.
pub(super) struct Record<'a> {
    pub(super) line: u64,
    bytes: &'a [u8],
    ends: &'a [usize],
}

impl<'a> Record<'a> {
    /// Every field's bytes, concatenated, and each field's end in them.
    pub(super) fn parts(&self) -> (&'a [u8], &'a [usize]) {
        (self.bytes, self.ends)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let (bytes, ends) = (self.bytes, self.ends);
        (0..ends.len()).map(move |i| &bytes[if i == 0 { 0 } else { ends[i - 1] }..ends[i]])
    }
}

impl Records {
    pub(super) fn new(input: Input) -> Records {
        Records::at_line(input, 1)
    }

    /// Records of an input that starts on line `line` of its file, at the start of a record (a
    /// part of a file read on its own, `catalog::parts`).
    pub(super) fn at_line(input: Input, line: u64) -> Records {
        let core = matches!(input, Input::Csv(_)).then(|| {
            let mut core = parser();
            core.set_line(line);
            core
        });
        Records { core, input, bytes: vec![0; 1024], ends: vec![0; 32], done: false, cut: false }
    }

    /// Whether the input ended inside a record: a quoted field still open, or a last line with no
    /// line end. A part of a file that ends with a line end and is cut so ends inside a quoted
    /// field: the whole file's records do not break there.
    pub(super) fn cut(&self) -> bool {
        self.cut
    }

    /// Whether the input has no more records.
    pub(super) fn finished(&self) -> bool {
        self.done
    }

    /// The next record, `Ok(None)` at the end of the input; after an I/O error, no more records.
    pub(super) fn next_record(&mut self) -> io::Result<Option<Record<'_>>> {
        if self.done {
            return Ok(None);
        }
        match &mut self.input {
            Input::Split(rest) => Ok(next_split(rest, &mut self.ends)),
            Input::Csv(_) => self.next_csv(),
        }
    }

    fn next_csv(&mut self) -> io::Result<Option<Record<'_>>> {
        use csv_core::ReadRecordResult::{End, InputEmpty, OutputEndsFull, OutputFull, Record as Done};
        let (Some(core), Input::Csv(input)) = (self.core.as_mut(), &mut self.input) else { return Ok(None) };
        if let Err(e) = skip_line_ends(core, input) {
            self.done = true;
            return Err(e);
        }
        let line = core.line();
        let (mut out, mut end) = (0, 0);
        loop {
            let buffer = match input.fill_buf() {
                Ok(buffer) => buffer,
                Err(e) => {
                    self.done = true;
                    return Err(e);
                }
            };
            let at_end = buffer.is_empty();
            let (result, read, wrote, ended) = core.read_record(buffer, &mut self.bytes[out..], &mut self.ends[end..]);
            input.consume(read);
            out += wrote;
            end += ended;
            match result {
                InputEmpty => {}
                OutputFull => self.bytes.resize(self.bytes.len() * 2, 0),
                OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Done => {
                    self.cut = at_end;
                    return Ok(Some(Record { line, bytes: &self.bytes[..out], ends: &self.ends[..end] }));
                }
                End => {
                    self.done = true;
                    return Ok(None);
                }
            }
        }
    }
}

/// Consume the line ends before the next record, counting its lines: between records the parser
/// discards them (empty lines, the LF of a CRLF), but counts them only as it does, after the record
/// has begun. `core` is between records here.
fn skip_line_ends(core: &mut csv_core::Reader, input: &mut Box<dyn BufRead + Send>) -> io::Result<()> {
    loop {
        let buffer = input.fill_buf()?;
        let skip = buffer.iter().position(|&b| b != b'\n' && b != b'\r').unwrap_or(buffer.len());
        if skip == 0 {
            return Ok(());
        }
        let lines = buffer[..skip].iter().filter(|&&b| b == b'\n').count() as u64;
        core.set_line(core.line() + lines);
        input.consume(skip);
    }
}

/// The next split record of `rest` (advanced past it): its fields are a slice of the embedded text,
/// their ends read into `ends`; `None` at the end (or on text build.rs did not write).
fn next_split<'a>(rest: &mut &'static str, ends: &'a mut Vec<usize>) -> Option<Record<'a>> {
    let (record, after) = rest.split_once('\u{1e}')?;
    *rest = after;
    let (line, record) = record.split_once('\u{1f}')?;
    let (list, fields) = record.split_once('\u{1f}')?;
    ends.clear();
    let mut end = 0usize;
    for &b in list.as_bytes() {
        match b {
            b',' => ends.push(std::mem::take(&mut end)),
            b'0'..=b'9' => end = end.checked_mul(10)?.checked_add(usize::from(b - b'0'))?,
            _ => return None,
        }
    }
    if !list.is_empty() {
        ends.push(end);
    }
    Some(Record { line: line.parse().ok()?, bytes: fields.as_bytes(), ends })
}

impl Drop for Records {
    /// The parser goes back for the next file.
    fn drop(&mut self) {
        if let Some(core) = self.core.take() {
            PARSER.set(Some(core));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records and fields as the csv crate reads them (`has_headers(false)`, flexible), each with the
    /// line its first byte is on: the csv crate's position is where its read began, before the
    /// line ends it skipped.
    fn by_csv(text: &str) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let read_from = record.position().unwrap().byte() as usize;
            let skipped = text.as_bytes()[read_from..].iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
            let line = 1 + text.as_bytes()[..read_from + skipped].iter().filter(|&&b| b == b'\n').count() as u64;
            out.push((line, record.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    fn by_records(text: &str) -> Vec<(u64, Vec<Vec<u8>>)> {
        read_all(Input::Csv(Box::new(std::io::Cursor::new(text.to_string().into_bytes()))))
    }

    fn read_all(input: Input) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut records = Records::new(input);
        let mut out = Vec::new();
        while let Some(r) = records.next_record().unwrap() {
            out.push((r.line, r.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    #[test]
    fn same_records_and_lines_as_the_csv_crate() {
        let long = "x".repeat(5000);
        let wide = vec!["f"; 100].join(",");
        for text in [
            "a,b\n1,2\n",
            "a,b\r\n\r\n\n1,\"two\nlines\"\r\n3,\"say \"\"hi\"\"\"\n",
            "\n\na,b,c\n1\n1,2,3,4\n",
            "a,\"unclosed\n1,2\n",
            "h\r\n1\r\n\r\n\r\n2\r\n",
            "h\r1\r\r2\r",
            "\r\n\n\rh\n\n\n1\n",
            "",
            "only",
            &format!("a,{long}\n{wide}\n"),
        ] {
            assert_eq!(by_records(text), by_csv(text), "{text:?}");
        }
    }

    #[test]
    fn bundled_files_split_at_build_time_read_as_their_csv() {
        for file in crate::catalog::embedded::files() {
            if !file.split.is_empty() {
                assert_eq!(read_all(Input::Split(file.split)), by_csv(file.csv), "{}", file.name);
            }
        }
        assert!(crate::catalog::embedded::files().iter().any(|f| !f.split.is_empty()));
    }
}
