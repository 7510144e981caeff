//! A large file's rows read in two stages on two threads: a second thread parses and decodes the
//! CSV records, this one takes the rows in order. For rows that are kept (outcome rows): they are
//! built once, in order, into one list, where rows read in parts (`catalog::parts`) would be built
//! into one list per part and copied into one at the end.

use super::fields::{FieldsBuilder, FieldsView};
use super::problem::Problem;
use super::read::{FileText, Row, Table};
use super::records::Records;
use std::sync::mpsc;

/// Rows decoded by the reading thread and handed on together: their fields' text end to end, their
/// fields' ends (each from its row's start), and the problems found while decoding them.
#[derive(Default)]
struct Batch {
    text: String,
    ends: Vec<u32>,
    problems: Vec<Problem>,
    records: Vec<Decoded>,
}

/// One record of a batch: where its text, ends and problems end in the batch, and whether it is a
/// row to take (not blank, as wide as the header).
struct Decoded {
    line: u64,
    text_end: usize,
    ends_end: usize,
    problems_end: usize,
    row: bool,
}

/// A batch is handed on when it holds this much text (or this many records).
const BATCH_TEXT: usize = 1 << 16;
const BATCH_RECORDS: usize = 1024;
/// Batches on their way at once (the reading thread waits when they are all full).
const IN_FLIGHT: usize = 8;

/// Read `file` (its `required` columns checked) as `Table::stream` does, handing each data row to
/// `take` in order, with problems in the same order; the records are read on a second thread when
/// the file is on disk and `split` reads a file of its size on more than one thread.
pub(super) fn read(
    file: FileText,
    required: &[&str],
    split: &super::parts::Split,
    problems: &mut Vec<Problem>,
    take: &mut dyn FnMut(Row<'_>, &mut Vec<Problem>),
) -> Option<Table> {
    let name = file.name.clone();
    let on_disk = matches!(file.content, super::read::Content::File(_));
    if !on_disk || file.size().is_none_or(|n| n < split.min_bytes().max(1)) {
        return file.reader().and_then(|r| Table::stream(&name, r, required, problems, take));
    }
    let (table, records) = Table::open(&name, file.reader()?, required, problems)?;
    let table = table?;
    let (full, batches) = mpsc::sync_channel::<Batch>(IN_FLIGHT);
    let (empty, recycled) = mpsc::channel::<Batch>();
    let (hand, handed) = mpsc::channel::<Records>();
    std::thread::scope(|scope| {
        let header = table.clone();
        let reading = move || {
            if let Ok(records) = handed.recv() {
                decode_all(records, &header, &full, &recycled);
            }
        };
        // The records go to the second thread once it runs; when the system refuses a thread (a
        // limit on processes), this one reads them as `Table::stream` would.
        let unsent = match std::thread::Builder::new().spawn_scoped(scope, reading) {
            Ok(_) => hand.send(records).err().map(|unsent| unsent.0),
            Err(_) => Some(records),
        };
        if let Some(mut records) = unsent {
            table.rows_of(&mut records, &mut FieldsBuilder::default(), take, problems);
            return;
        }
        for mut batch in batches {
            take_all(&table, &mut batch, problems, take);
            let _ = empty.send(batch); // the reading thread may have finished: the batch is dropped
        }
    });
    Some(table)
}

/// The reading thread: every record after the header decoded into batches, sent in order.
fn decode_all(mut records: Records, table: &Table, full: &mpsc::SyncSender<Batch>, recycled: &mpsc::Receiver<Batch>) {
    let mut fields = FieldsBuilder::default();
    let mut batch = Batch::default();
    while let Some(next) = table.next_row(&mut records, &mut fields, &mut batch.problems) {
        batch.push(next.unwrap_or(0), next.map(|_| fields.view()));
        if batch.text.len() >= BATCH_TEXT || batch.records.len() >= BATCH_RECORDS {
            let next = recycled.try_recv().map(Batch::cleared).unwrap_or_default();
            if full.send(std::mem::replace(&mut batch, next)).is_err() {
                return;
            }
        }
    }
    batch.push(0, None); // carries the problems of the end (an I/O error), if any
    let _ = full.send(batch);
}

/// This thread: a batch's problems and rows in their order, each row handed to `take`.
fn take_all(
    table: &Table,
    batch: &mut Batch,
    problems: &mut Vec<Problem>,
    take: &mut dyn FnMut(Row<'_>, &mut Vec<Problem>),
) {
    let Batch { text, ends, problems: found, records } = batch;
    let mut found = found.drain(..);
    let (mut text_start, mut ends_start, mut problems_start) = (0, 0, 0);
    for r in records.iter() {
        problems.extend(found.by_ref().take(r.problems_end - problems_start));
        if r.row {
            let fields = FieldsView { text: &text[text_start..r.text_end], ends: &ends[ends_start..r.ends_end] };
            take(Row { table, line: r.line, fields }, problems);
        }
        (text_start, ends_start, problems_start) = (r.text_end, r.ends_end, r.problems_end);
    }
}

impl Batch {
    fn push(&mut self, line: u64, row: Option<FieldsView<'_>>) {
        if let Some(row) = row {
            self.text.push_str(row.text);
            self.ends.extend_from_slice(row.ends);
        }
        self.records.push(Decoded {
            line,
            text_end: self.text.len(),
            ends_end: self.ends.len(),
            problems_end: self.problems.len(),
            row: row.is_some(),
        });
    }

    fn cleared(mut self) -> Batch {
        self.text.clear();
        self.ends.clear();
        self.problems.clear();
        self.records.clear();
        self
    }
}
