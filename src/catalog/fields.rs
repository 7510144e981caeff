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
}

/// Fields built one at a time into buffers sized up front (the loader knows a record's byte length
/// and field count), so a row costs exactly two allocations and no reallocation.
pub struct FieldsBuilder {
    text: String,
    ends: Vec<u32>,
}

impl FieldsBuilder {
    pub fn with_capacity(bytes: usize, fields: usize) -> FieldsBuilder {
        FieldsBuilder { text: String::with_capacity(bytes), ends: Vec::with_capacity(fields) }
    }

    pub fn push(&mut self, field: &str) {
        self.text.push_str(field);
        self.ends.push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    /// The fields; trimming may have left spare capacity, which `into_boxed_str` gives back only
    /// when there is some (usually an in-place shrink).
    pub fn finish(self) -> Fields {
        Fields { text: self.text.into_boxed_str(), ends: self.ends.into_boxed_slice() }
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
}
