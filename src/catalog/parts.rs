//! A large catalog file read in parts, one per core: the file cut at line ends, each part's rows
//! handed to its own state on its own thread, and every cut checked to fall between two records
//! (a cut inside a quoted field that spans lines: the file is read again in one part).

use super::fields::FieldsBuilder;
use super::problem::Problem;
use super::read::{Content, FileText, Row, Table, csv_input};
use super::records::{Input, Records};
use std::fs::File;
use std::io::{self, BufReader, Read};

/// How a file is read: in one part, or in up to `parts` parts when it has at least `min_bytes`.
#[derive(Debug, Clone)]
pub(super) enum Split {
    /// One part per core (at most [`MAX_PARTS`]), the cores counted only for a file that large.
    PerCore { min_bytes: u64 },
    /// Up to `parts` parts (tests).
    #[cfg(test)]
    Parts { parts: usize, min_bytes: u64 },
    /// Cut exactly at these positions (each must follow a line end; tests).
    #[cfg(test)]
    At(Vec<u64>),
}

/// At most this many parts, whatever the number of cores.
const MAX_PARTS: usize = 8;

impl Split {
    /// One part per core for a file of 8 MiB or more; a smaller file is read in one part (a thread
    /// and a second parser cost more than they save there).
    pub(super) fn per_core() -> Split {
        Split::PerCore { min_bytes: 8 << 20 }
    }

    /// The size from which a file is read by more than one thread (`u64::MAX`: never).
    pub(super) fn min_bytes(&self) -> u64 {
        match self {
            Split::PerCore { min_bytes } if self.parts() > 1 => *min_bytes,
            #[cfg(test)]
            Split::Parts { min_bytes, .. } if self.parts() > 1 => *min_bytes,
            #[cfg(test)]
            Split::At(_) => 0,
            _ => u64::MAX,
        }
    }

    /// Parts to read a large file in (counting the cores is a few system calls: asked once needed).
    fn parts(&self) -> usize {
        match self {
            Split::PerCore { .. } => {
                static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
                *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get))
            }
            .min(MAX_PARTS),
            #[cfg(test)]
            Split::Parts { parts, .. } => *parts,
            #[cfg(test)]
            Split::At(at) => at.len() + 1,
        }
    }
}

/// What a part's state is made from.
#[derive(Debug, Clone, Copy)]
pub(super) struct PartOf {
    /// The part's position among the file's parts (0: the first, which holds the header).
    pub(super) index: usize,
    /// Bytes of the part and of its whole file, when known.
    pub(super) bytes: Option<u64>,
    pub(super) file_bytes: Option<u64>,
}

/// One part's rows as read: the state its rows were handed to and the problems found in them.
pub(super) struct Part<S> {
    pub(super) state: S,
    pub(super) problems: Vec<Problem>,
}

/// Makes a part's state.
pub(super) type Init<'a, S> = &'a (dyn Fn(PartOf) -> S + Sync);
/// Takes each data row of a part, with the part's state and problems.
pub(super) type Take<'a, S> = &'a (dyn Fn(&mut S, Row<'_>, &mut Vec<Problem>) + Sync);

/// Read `file` (its `required` columns checked) in parts as `split` says, handing each data row to
/// `take` with its part's state: the header (`None` when the file is absent or cannot be used) and
/// the parts in the file's order. The parts' rows, taken in order, are the rows of the whole file,
/// with the same line numbers and problems.
pub(super) fn read<S: Send>(
    file: FileText,
    required: &[&str],
    split: &Split,
    init: Init<'_, S>,
    take: Take<'_, S>,
) -> (Option<Table>, Vec<Part<S>>) {
    if let Some(read) = cuts(&file, split).and_then(|cuts| in_parts(&file, required, &cuts, init, take)) {
        return read;
    }
    let mut state = init(PartOf { index: 0, bytes: file.size(), file_bytes: file.size() });
    let mut problems = Vec::new();
    let name = file.name.clone();
    let mut on_row = |row: Row<'_>, problems: &mut Vec<Problem>| take(&mut state, row, problems);
    let table = file.reader().and_then(|r| Table::stream(&name, r, required, &mut problems, &mut on_row));
    (table, vec![Part { state, problems }])
}

/// Where the parts of a file on disk begin, and its end: `[0, c1, .., len]`; `None` for one part.
fn cuts(file: &FileText, split: &Split) -> Option<Vec<u64>> {
    let Content::File(f) = &file.content else { return None };
    let len = f.metadata().ok()?.len();
    let cuts = match split {
        #[cfg(test)]
        Split::At(at) => std::iter::once(0).chain(at.iter().copied().filter(|&c| c > 0 && c < len)).collect(),
        _ if len < split.min_bytes().max(1) => return None,
        _ => {
            let mut cuts = vec![0];
            for at in balanced(len, split.parts()) {
                let last = *cuts.last()?;
                if let Some(cut) = line_start(f, at.max(last + 1), len) {
                    cuts.push(cut);
                }
            }
            cuts
        }
    };
    let cuts: Vec<u64> = cuts.into_iter().chain(std::iter::once(len)).collect();
    (cuts.len() > 2).then_some(cuts)
}

/// Counting a byte's line ends costs about this share of parsing it (measured: 50 ms for 88 MB,
/// against 270 ms to parse them).
const COUNT_COST: f64 = 0.18;

/// Where to cut `len` bytes into `parts` parts of equal work: part k parses its own bytes and
/// first counts the line ends of all the bytes before it, so later parts are shorter. Part k's work
/// is COUNT_COST * c_k + (c_k+1 - c_k) = W for every part: c_1 = W, c_k+1 = c_k (1 - COUNT_COST) + W.
fn balanced(len: u64, parts: usize) -> Vec<u64> {
    let mut at = vec![1.0];
    for _ in 2..=parts {
        let last = at[at.len() - 1];
        at.push(last * (1.0 - COUNT_COST) + 1.0);
    }
    let scale = len as f64 / at.pop().unwrap_or(1.0);
    at.iter().map(|c| (c * scale) as u64).collect()
}

/// The first position after `from` (within 1 MiB) that follows a line end and is not the end of
/// the file, nor the start of a byte-order mark's bytes (the parser would drop those at a part's start).
fn line_start(f: &File, from: u64, len: u64) -> Option<u64> {
    let mut buffer = vec![0; 1 << 16];
    let mut at = from;
    while at < len.min(from + (1 << 20)) {
        let n = read_at(f, &mut buffer, at).ok()?;
        if n == 0 {
            return None;
        }
        for i in buffer[..n].iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i) {
            let cut = at + i as u64 + 1;
            let mut head = [0; 3];
            let got = read_at(f, &mut head, cut).ok()?;
            if cut < len && head[..got] != b"\xEF\xBB\xBF"[..got] {
                return Some(cut);
            }
        }
        at += n as u64;
    }
    None
}

/// The parts read side by side: the first (with the header) on this thread, each other on its own.
/// `None` when the cuts do not all fall between records, or the first part holds no header.
fn in_parts<S: Send>(
    file: &FileText,
    required: &[&str],
    cuts: &[u64],
    init: Init<'_, S>,
    take: Take<'_, S>,
) -> Option<(Option<Table>, Vec<Part<S>>)> {
    let Content::File(f) = &file.content else { return None };
    let part_of =
        |index: usize| PartOf { index, bytes: Some(cuts[index + 1] - cuts[index]), file_bytes: cuts.last().copied() };
    let input = csv_input(BufReader::with_capacity(1 << 16, Range::new(f, 0, cuts[1])?));
    let mut problems = Vec::new();
    let Some((table, records)) = Table::open(&file.name, input, required, &mut problems) else {
        return Some((None, vec![Part { state: init(part_of(0)), problems }])); // UTF-16
    };
    if records.cut() || (table.is_none() && records.finished()) {
        return None; // the header is not within the first part
    }
    let Some(table) = table else { return Some((None, vec![Part { state: init(part_of(0)), problems }])) };
    let done = std::thread::scope(|scope| {
        // A thread the system refuses (a limit on processes) leaves its part unread: read again whole.
        let later: Vec<_> = (1..cuts.len() - 1)
            .map(|k| {
                let table = table.clone();
                let part = move || later_part(f, &table, (cuts[k], cuts[k + 1]), init(part_of(k)), take);
                std::thread::Builder::new().spawn_scoped(scope, part).ok()
            })
            .collect();
        if later.iter().any(Option::is_none) {
            return vec![None];
        }
        let first = rows(records, &table, init(part_of(0)), problems, take);
        let mut done = vec![Some(first)];
        let join = |h: std::thread::ScopedJoinHandle<'_, _>| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        done.extend(later.into_iter().flatten().map(join));
        done
    });
    let last = done.len() - 1;
    let mut parts = Vec::with_capacity(done.len());
    for (k, part) in done.into_iter().enumerate() {
        match part {
            Some((part, cut)) if !cut || k == last => parts.push(part),
            // A part that ends inside a record (the next one began inside it), or one not read.
            _ => return None,
        }
    }
    Some((Some(table), parts))
}

/// A part after the first: its first line found by counting the line ends before it.
fn later_part<S>(
    f: &File,
    table: &Table,
    (from, to): (u64, u64),
    state: S,
    take: Take<'_, S>,
) -> Option<(Part<S>, bool)> {
    let line = 1 + line_ends(f, from).ok()?;
    let input = Input::Csv(Box::new(BufReader::with_capacity(1 << 16, Range::new(f, from, to)?)));
    Some(rows(Records::at_line(input, line), table, state, Vec::new(), take))
}

/// A part's data rows handed to `take`; with whether the part ended inside a record.
fn rows<S>(
    mut records: Records,
    table: &Table,
    mut state: S,
    mut problems: Vec<Problem>,
    take: Take<'_, S>,
) -> (Part<S>, bool) {
    let mut on_row = |row: Row<'_>, problems: &mut Vec<Problem>| take(&mut state, row, problems);
    table.rows_of(&mut records, &mut FieldsBuilder::default(), &mut on_row, &mut problems);
    let cut = records.cut();
    (Part { state, problems }, cut)
}

/// The number of line ends (LF) in the first `to` bytes of `f`.
fn line_ends(f: &File, to: u64) -> io::Result<u64> {
    let mut buffer = vec![0; 1 << 20];
    let (mut at, mut count) = (0, 0);
    while at < to {
        let want = buffer.len().min((to - at) as usize);
        let n = read_at(f, &mut buffer[..want], at)?;
        if n == 0 {
            break;
        }
        count += buffer[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        at += n as u64;
    }
    Ok(count)
}

/// Bytes `from..to` of a file, read by position (the parts share one open file, not its cursor).
struct Range {
    file: File,
    at: u64,
    to: u64,
}

impl Range {
    fn new(file: &File, from: u64, to: u64) -> Option<Range> {
        Some(Range { file: file.try_clone().ok()?, at: from, to })
    }
}

impl Read for Range {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let want = buffer.len().min(usize::try_from(self.to.saturating_sub(self.at)).unwrap_or(usize::MAX));
        let n = read_at(&self.file, &mut buffer[..want], self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

#[cfg(unix)]
fn read_at(f: &File, buffer: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(f, buffer, at)
}

#[cfg(windows)]
fn read_at(f: &File, buffer: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(f, buffer, at)
}

/// Elsewhere a file is read in one part.
#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<usize> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
#[test]
fn cuts_give_later_parts_less_to_parse() {
    assert_eq!(balanced(1000, 1), Vec::<u64>::new());
    let two = balanced(1000, 2);
    assert_eq!(two, vec![549]); // 0.18 * 549 + 451 = 549.8
    let four = balanced(1_000_000, 4);
    let work: Vec<f64> = std::iter::once(0)
        .chain(four.iter().copied())
        .zip(four.iter().copied().chain(std::iter::once(1_000_000)))
        .map(|(a, b)| COUNT_COST * a as f64 + (b - a) as f64)
        .collect();
    assert!(work.iter().all(|w| (w - work[0]).abs() < 2.0), "{work:?}");
}
