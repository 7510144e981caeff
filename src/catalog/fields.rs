//! A CSV row held compactly: its fields' text in one allocation and their end offsets in another.

use std::ops::Index;

/// The trimmed fields of one CSV row. Two allocations and 4 bytes of bookkeeping per field (a
/// `csv::StringRecord` takes three and 8), which counts when a catalog has a million rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    text: Box<str>,
    ends: Box<[u32]>,
}

impl Fields {
    /// Fields from an iterator of strings. A row longer than 4 GiB cannot be held (the loader
    /// never builds one: its input is bounded far below that).
    pub fn new<'a>(fields: impl IntoIterator<Item = &'a str>) -> Fields {
        let mut text = String::new();
        let mut ends = Vec::new();
        for f in fields {
            text.push_str(f);
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        Fields { text: text.into_boxed_str(), ends: ends.into_boxed_slice() }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..end)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or(""))
    }

    pub(crate) fn view(&self) -> FieldsView<'_> {
        FieldsView { text: &self.text, start: 0, ends: &self.ends }
    }
}

/// A borrowed row of fields: a held [`Fields`], a row of a [`RowStore`] or the row a
/// [`FieldsBuilder`] is building.
#[derive(Debug, Clone, Copy)]
pub struct FieldsView<'a> {
    text: &'a str,
    /// Where the first field starts in `text` (0 but in a [`RowStore`]).
    start: u32,
    ends: &'a [u32],
}

impl<'a> FieldsView<'a> {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { self.start as usize } else { self.ends[i - 1] as usize };
        self.text.get(start..end)
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let view = *self;
        (0..view.len()).map(move |i| view.get(i).unwrap_or(""))
    }
}

/// Fields built one at a time into buffers reused from row to row: a row that is only looked at
/// (an outcome row, parsed as it is read) costs no allocation, and a row that is kept is copied once
/// into a [`Fields`] of exactly its size.
#[derive(Default)]
pub(crate) struct FieldsBuilder {
    text: String,
    ends: Vec<u32>,
}

impl FieldsBuilder {
    /// Start a new row.
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    pub(crate) fn push(&mut self, field: &str) {
        self.text.push_str(field);
        self.ends.push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    pub(crate) fn view(&self) -> FieldsView<'_> {
        FieldsView { text: &self.text, start: 0, ends: &self.ends }
    }

    /// The row, copied into two allocations of exactly its size.
    pub(crate) fn to_fields(&self) -> Fields {
        Fields { text: self.text.as_str().into(), ends: self.ends.as_slice().into() }
    }
}

impl Index<usize> for FieldsView<'_> {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }
}

/// Many rows of one width held in two allocations in all: their text end to end and every field's
/// end offset. A million trials.csv rows cost their text and 4 bytes a field, not two allocations
/// a row. Offsets are 32-bit: [`RowStore::push`] refuses a row that would take the text past 4 GiB.
#[derive(Debug, Default)]
pub struct RowStore {
    width: usize,
    text: String,
    ends: Vec<u32>,
}

impl RowStore {
    pub(crate) fn new(width: usize) -> RowStore {
        RowStore { width, text: String::new(), ends: Vec::new() }
    }

    pub(crate) fn width(&self) -> usize {
        self.width
    }

    pub fn rows(&self) -> usize {
        self.ends.len().checked_div(self.width).unwrap_or(0)
    }

    /// Append a row of `width` fields: its position, or `None` when the store is full (4 GiB of
    /// text or 2^32 rows) or the row has another width.
    pub(crate) fn push(&mut self, row: FieldsView<'_>) -> Option<u32> {
        let at = u32::try_from(self.rows()).ok()?;
        if row.len() != self.width {
            return None;
        }
        let (first, last) = (row.start as usize, row.ends.last().copied().unwrap_or(row.start) as usize);
        let base = u32::try_from(self.text.len()).ok()?;
        u32::try_from(self.text.len() + (last - first)).ok()?;
        self.text.push_str(row.text.get(first..last)?);
        self.ends.extend(row.ends.iter().map(|&e| base + (e - row.start)));
        Some(at)
    }

    /// Row `at` (an empty row when there is no such row).
    pub fn row(&self, at: u32) -> FieldsView<'_> {
        let (from, to) = (at as usize * self.width, (at as usize + 1) * self.width);
        let Some(ends) = self.ends.get(from..to) else { return FieldsView { text: "", start: 0, ends: &[] } };
        let start = if from == 0 { 0 } else { self.ends[from - 1] };
        FieldsView { text: &self.text, start, ends }
    }

    /// Make room for `rows` more rows of `text` more bytes in all (a large file's store then grows
    /// once instead of doubling, which would hold the old and the new buffer at once).
    pub(crate) fn reserve(&mut self, rows: usize, text: usize) {
        self.text.reserve(text);
        self.ends.reserve(rows.saturating_mul(self.width));
    }

    /// Bytes of text held.
    pub(crate) fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Give back the spare capacity of a store that is complete.
    pub(crate) fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

impl Index<usize> for Fields {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let f = Fields::new(["a", "", "ccc"]);
        assert_eq!(f.len(), 3);
        assert_eq!(f.iter().collect::<Vec<_>>(), ["a", "", "ccc"]);
        assert_eq!(&f[2], "ccc");
        assert_eq!(f.get(3), None);
    }

    #[test]
    fn store_holds_rows_end_to_end() {
        let mut store = RowStore::new(2);
        let mut b = FieldsBuilder::default();
        for row in [["a", "bb"], ["", ""], ["ccc", "d"]] {
            b.clear();
            row.iter().for_each(|f| b.push(f));
            assert!(store.push(b.view()).is_some());
        }
        b.clear();
        b.push("too few");
        assert_eq!(store.push(b.view()), None);
        assert_eq!(store.rows(), 3);
        assert_eq!(store.row(2).iter().collect::<Vec<_>>(), ["ccc", "d"]);
        assert_eq!(store.row(1).iter().collect::<Vec<_>>(), ["", ""]);
        assert_eq!(&store.row(0)[1], "bb");
        assert!(store.row(3).is_empty());
    }

    #[test]
    fn builder_reuses_its_buffers() {
        let mut b = FieldsBuilder::default();
        for row in [["a", "bb"], ["", "c"]] {
            b.clear();
            row.iter().for_each(|f| b.push(f));
            assert_eq!(b.view().iter().collect::<Vec<_>>(), row);
            assert_eq!(b.to_fields(), Fields::new(row));
        }
    }
}
