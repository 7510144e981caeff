//! Many CSV rows of one width held compactly (a large trials.csv): their text end to end in one
//! buffer, each row's start, and each field's end as 2 bytes from its row's start.

use super::fields::FieldsView;
use super::fnv::FnvMap;
use std::ops::Index;

/// The rows of one file. A million trials.csv rows of 16 fields cost their text and 36 bytes each
/// (a row start and 16 two-byte ends), not two allocations a row; a row of more than 64 KiB keeps
/// its ends at 4 bytes apiece, apart. The text may reach 4 GiB ([`RowStore::push`] refuses more).
#[derive(Debug, Default)]
pub struct RowStore {
    width: usize,
    text: String,
    starts: Vec<u32>,
    ends: Vec<u16>,
    /// Rows too long for 2-byte ends: their ends from the row's start.
    wide: FnvMap<u32, Box<[u32]>>,
}

impl RowStore {
    pub(crate) fn new(width: usize) -> RowStore {
        RowStore { width, ..RowStore::default() }
    }

    pub(crate) fn width(&self) -> usize {
        self.width
    }

    pub fn rows(&self) -> usize {
        self.starts.len()
    }

    /// Bytes of text held.
    pub(crate) fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Append a row of `width` fields: its position, or `None` when the store is full (4 GiB of
    /// text or 2^32 - 1 rows) or the row has another width.
    pub(crate) fn push(&mut self, row: FieldsView<'_>) -> Option<u32> {
        let at = u32::try_from(self.rows()).ok().filter(|&at| at < u32::MAX)?;
        if row.len() != self.width {
            return None;
        }
        let len = row.ends.last().copied().unwrap_or(0);
        let start = u32::try_from(self.text.len()).ok()?;
        start.checked_add(len)?;
        self.text.push_str(row.text.get(..len as usize)?);
        self.starts.push(start);
        match u16::try_from(len) {
            Ok(_) => self.ends.extend(row.ends.iter().map(|&e| e as u16)),
            Err(_) => {
                self.ends.extend(std::iter::repeat_n(0, self.width));
                self.wide.insert(at, row.ends.into());
            }
        }
        Some(at)
    }

    /// Row `at` (an empty row when there is no such row).
    pub fn row(&self, at: u32) -> StoredRow<'_> {
        let empty = StoredRow { text: "", ends: Ends::Narrow(&[]) };
        let (i, w) = (at as usize, self.width);
        let Some(&start) = self.starts.get(i) else { return empty };
        let end = self.starts.get(i + 1).map_or(self.text.len(), |&e| e as usize);
        let text = self.text.get(start as usize..end).unwrap_or("");
        let ends = match self.wide.get(&at) {
            Some(wide) => Ends::Wide(wide),
            None => Ends::Narrow(self.ends.get(i * w..(i + 1) * w).unwrap_or(&[])),
        };
        StoredRow { text, ends }
    }

    /// Make room for `rows` more rows of `text` more bytes in all (a large file's store then grows
    /// once instead of doubling, which would hold the old and the new buffer at once).
    pub(crate) fn reserve(&mut self, rows: usize, text: usize) {
        self.text.reserve(text);
        self.starts.reserve(rows);
        self.ends.reserve(rows.saturating_mul(self.width));
    }

    /// Give back the spare capacity of a store that is complete.
    pub(crate) fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// Field ends of one stored row, from the row's start.
#[derive(Debug, Clone, Copy)]
enum Ends<'a> {
    Narrow(&'a [u16]),
    Wide(&'a [u32]),
}

/// One row of a [`RowStore`]: its fields by position, as written (trimmed).
#[derive(Debug, Clone, Copy)]
pub struct StoredRow<'a> {
    text: &'a str,
    ends: Ends<'a>,
}

impl<'a> StoredRow<'a> {
    pub fn len(&self) -> usize {
        match self.ends {
            Ends::Narrow(e) => e.len(),
            Ends::Wide(e) => e.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn end(&self, i: usize) -> Option<usize> {
        match self.ends {
            Ends::Narrow(e) => e.get(i).map(|&e| usize::from(e)),
            Ends::Wide(e) => e.get(i).map(|&e| e as usize),
        }
    }

    pub fn get(&self, i: usize) -> Option<&'a str> {
        let end = self.end(i)?;
        let start = if i == 0 { 0 } else { self.end(i - 1)? };
        self.text.get(start..end)
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let row = *self;
        (0..row.len()).map(move |i| row.get(i).unwrap_or(""))
    }
}

impl Index<usize> for StoredRow<'_> {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::fields::FieldsBuilder;

    fn store(rows: &[&[&str]]) -> RowStore {
        let mut store = RowStore::new(rows[0].len());
        let mut b = FieldsBuilder::default();
        for row in rows {
            b.clear();
            row.iter().for_each(|f| b.push(f));
            assert!(store.push(b.view()).is_some());
        }
        store
    }

    #[test]
    fn rows_come_back_as_pushed() {
        let long = "x".repeat(70_000);
        let s = store(&[&["a", "bb"], &["", ""], &[&long, "d"], &["ccc", "d"]]);
        assert_eq!(s.rows(), 4);
        assert_eq!(s.row(0).iter().collect::<Vec<_>>(), ["a", "bb"]);
        assert_eq!(s.row(1).iter().collect::<Vec<_>>(), ["", ""]);
        assert_eq!(s.row(2).iter().collect::<Vec<_>>(), [long.as_str(), "d"]);
        assert_eq!(&s.row(3)[0], "ccc");
        assert!(s.row(4).is_empty());
    }

    #[test]
    fn a_row_of_another_width_is_refused() {
        let mut s = store(&[&["a", "b"]]);
        let mut b = FieldsBuilder::default();
        b.push("one");
        assert_eq!(s.push(b.view()), None);
        assert_eq!(s.rows(), 1);
    }
}
