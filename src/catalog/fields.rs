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
        FieldsView { text: &self.text, ends: &self.ends }
    }
}

/// A borrowed row of fields: a held [`Fields`] or the row a [`FieldsBuilder`] is building.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldsView<'a> {
    pub(crate) text: &'a str,
    pub(crate) ends: &'a [u32],
}

impl<'a> FieldsView<'a> {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn get(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..end)
    }

    /// The row, copied into two allocations of exactly its size.
    pub(crate) fn to_fields(self) -> Fields {
        Fields { text: self.text.into(), ends: self.ends.into() }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
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

    /// A whole row at once: `text` holds its fields end to end, `ends` their end offsets.
    pub(crate) fn set(&mut self, text: &str, ends: &[usize]) {
        self.clear();
        self.text.push_str(text);
        self.ends.extend(ends.iter().map(|&e| u32::try_from(e).unwrap_or(u32::MAX)));
    }

    pub(crate) fn view(&self) -> FieldsView<'_> {
        FieldsView { text: &self.text, ends: &self.ends }
    }

    /// The row, copied into two allocations of exactly its size.
    #[cfg(test)]
    pub(crate) fn to_fields(&self) -> Fields {
        self.view().to_fields()
    }
}

impl Index<usize> for FieldsView<'_> {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
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
