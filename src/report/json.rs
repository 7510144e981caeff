//! Streaming JSON for results too large to hold as a JSON tree (a pooled analysis of a million
//! studies), serialized straight from the result structs, byte for byte as serde_json's pretty
//! printer writes it. (Streaming CSV is `csv_out::write_rows`; the terminal-safe writer `stream`.)

use serde::ser::{
    Serialize, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple,
    SerializeTupleStruct, SerializeTupleVariant, Serializer,
};
use serde_json::ser::{CompactFormatter, Formatter};
use std::io::{self, Write};

mod parts;
pub use parts::{ElementWriter, Elements, IN_PARTS, InParts, PART, write_json_in_parts};

/// Pretty-printed JSON of `value`, then a newline: byte for byte what `serde_json::to_writer_pretty`
/// writes (two-space indent, its number and string encodings), by a serializer that writes each
/// value as it comes into a buffer handed to `out` 64 KiB at a time (a million studies are written
/// without a JSON tree, and without a call through `out` per key, quote and number).
pub fn write_json<T: ?Sized + Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    write_json_in_parts(out, value, &[])
}

/// Output is handed on in pieces of about this size.
const FLUSH_AT: usize = 1 << 16;

/// ",\n" and the indentation of the deepest level written without a loop.
const BREAK: &[u8; 2 + 2 * 32] = b",\n                                                                ";

/// The serializer: the bytes not yet handed on, the nesting level, and the struct fields' keys as
/// written (so a field of the millionth study costs one copy, not a line, an indent and an escaped key).
struct Pretty<'o> {
    /// `None`: the bytes are held (a part formatted on another thread).
    out: Option<&'o mut dyn Write>,
    bytes: Vec<u8>,
    level: usize,
    keys: Vec<Key>,
    /// The elements of the arrays marked [`IN_PARTS`] not yet met, in order.
    elements: &'o [&'o dyn Elements],
}

/// How many struct field keys are kept written (a slot per level and field position).
const KEY_SLOTS: usize = 256;

/// A struct field's key as written: the line before it and `"name": `, for one name (its address
/// and length: field names are `&'static str`), level and position (first or not).
/// The bytes sit in a fixed-size array when they fit, so the copy is a few moves, not a `memcpy` call.
#[derive(Default)]
struct Key {
    at: (usize, usize, usize),
    bytes: Vec<u8>,
    short: Option<([u8; SHORT], usize)>,
}

/// No keys written yet.
fn written_keys() -> Vec<Key> {
    std::iter::repeat_with(Key::default).take(KEY_SLOTS).collect()
}

/// A key this long (line and indent included) is copied as a fixed-size array.
const SHORT: usize = 48;

/// A new line at `level`, after a comma unless `first`.
fn line(bytes: &mut Vec<u8>, level: usize, first: bool) {
    let from = usize::from(first);
    match BREAK.get(from..2 + 2 * level) {
        Some(s) => bytes.extend_from_slice(s),
        None => {
            bytes.extend_from_slice(&BREAK[from..2]);
            (0..level).for_each(|_| bytes.extend_from_slice(b"  "));
        }
    }
}

/// The bytes serde_json escapes in a string: control characters, `"` and `\`.
const ESCAPED: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    (t[b'"' as usize], t[b'\\' as usize]) = (true, true);
    t
};

/// Whether serde_json escapes anything in `b`: eight bytes at a time (a word with a control
/// character, `"` or `\`).
fn needs_escapes(b: &[u8]) -> bool {
    const LO: u64 = u64::from_ne_bytes([1; 8]);
    const HI: u64 = u64::from_ne_bytes([0x80; 8]);
    let below = |x: u64, n: u8| x.wrapping_sub(LO * u64::from(n)) & !x & HI;
    let words = b.chunks_exact(8);
    let tail = words.remainder();
    for w in words {
        let x = u64::from_ne_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        if below(x, 0x20) | below(x ^ (LO * u64::from(b'"')), 1) | below(x ^ (LO * u64::from(b'\\')), 1) != 0 {
            return true;
        }
    }
    tail.iter().any(|&c| ESCAPED[usize::from(c)])
}

impl<'o> Pretty<'o> {
    fn new(out: Option<&'o mut dyn Write>, level: usize) -> Pretty<'o> {
        Pretty { out, bytes: Vec::with_capacity(FLUSH_AT + 4096), level, keys: written_keys(), elements: &[] }
    }

    /// Hand every byte on (to `out`; held when there is none).
    fn hand_on_all(&mut self) -> io::Result<()> {
        if let Some(out) = self.out.as_deref_mut() {
            out.write_all(&self.bytes)?;
            self.bytes.clear();
        }
        Ok(())
    }

    fn line(&mut self, first: bool) {
        line(&mut self.bytes, self.level, first);
    }

    /// The line and key of a struct field, from the kept bytes when this name was written here before.
    /// The usual case (kept) is small enough to inline into every field; writing the key is apart.
    #[inline(always)]
    fn field_key(&mut self, key: &'static str, position: usize) -> serde_json::Result<()> {
        // The slot is one level's and position's, so whether the key is the first is known.
        let at = (key.as_ptr() as usize, key.len(), self.level);
        let index = (self.level * 32 + position) % KEY_SLOTS;
        let slot = &self.keys[index];
        if slot.at != at || slot.bytes.is_empty() {
            self.keep_key(key, index, position == 0)?;
        }
        let slot = &self.keys[index];
        match &slot.short {
            Some((a, len)) => {
                let end = self.bytes.len() + len;
                self.bytes.extend_from_slice(a);
                self.bytes.truncate(end);
            }
            None => self.bytes.extend_from_slice(&slot.bytes),
        }
        Ok(())
    }

    /// Write `key`'s line and name into slot `index` (see `field_key`).
    #[cold]
    #[inline(never)]
    fn keep_key(&mut self, key: &'static str, index: usize, first: bool) -> serde_json::Result<()> {
        let slot = &mut self.keys[index];
        slot.bytes.clear();
        line(&mut slot.bytes, self.level, first);
        serde_json::to_writer(&mut slot.bytes, key)?;
        slot.bytes.extend_from_slice(b": ");
        slot.at = (key.as_ptr() as usize, key.len(), self.level);
        slot.short = slot.bytes.get(..SHORT).is_none().then(|| {
            let mut a = [0; SHORT];
            a[..slot.bytes.len()].copy_from_slice(&slot.bytes);
            (a, slot.bytes.len())
        });
        Ok(())
    }

    /// `[` or `{`, one level in.
    fn open(&mut self, bracket: u8, len: Option<usize>) -> Compound<'_, Self> {
        self.bytes.push(bracket);
        if len == Some(0) {
            self.bytes.push(bracket + 2);
            return Compound { ser: self, state: State::Closed, fields: 0, close: bracket + 2, variant: false };
        }
        self.level += 1;
        Compound { ser: self, state: State::First, fields: 0, close: bracket + 2, variant: false }
    }

    /// `{"variant": ` of an enum variant holding data (closed by `Compound::end`).
    fn variant(&mut self, variant: &str) -> serde_json::Result<()> {
        self.bytes.push(b'{');
        self.level += 1;
        self.line(true);
        self.key(variant)
    }

    fn key(&mut self, key: &str) -> serde_json::Result<()> {
        serde_json::to_writer(&mut self.bytes, key)?;
        self.bytes.extend_from_slice(b": ");
        Ok(())
    }

    /// Close one level: a new line and `close` when it held something.
    fn close(&mut self, close: u8, held: bool) {
        self.level -= 1;
        if held {
            self.line(true);
        }
        self.bytes.push(close);
    }

    fn number(
        &mut self,
        write: impl FnOnce(&mut CompactFormatter, &mut Vec<u8>) -> io::Result<()>,
    ) -> serde_json::Result<()> {
        write(&mut CompactFormatter, &mut self.bytes).map_err(serde_json::Error::io)
    }

    fn hand_on(&mut self) -> serde_json::Result<()> {
        if self.bytes.len() >= FLUSH_AT {
            self.hand_on_all().map_err(serde_json::Error::io)?;
        }
        Ok(())
    }
}

#[derive(PartialEq)]
enum State {
    /// Nothing written inside yet.
    First,
    Rest,
    /// Written whole (`[]` or `{}` of a known empty length).
    Closed,
}

/// An array or object being written; `variant`: inside `{"variant": ...}`, closed with it.
struct Compound<'a, S> {
    ser: &'a mut S,
    state: State,
    /// Struct fields written.
    fields: usize,
    close: u8,
    variant: bool,
}

impl<'a, 'o> Compound<'a, Pretty<'o>> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> serde_json::Result<()> {
        self.ser.line(self.state == State::First);
        self.state = State::Rest;
        value.serialize(&mut *self.ser)?;
        self.ser.hand_on()
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> serde_json::Result<()> {
        self.ser.field_key(key, self.fields)?;
        self.fields += 1;
        self.state = State::Rest;
        // A struct has few fields: its arrays hand the bytes on, element by element.
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> serde_json::Result<()> {
        if self.state != State::Closed {
            self.ser.close(self.close, self.state == State::Rest);
        }
        if self.variant {
            self.ser.close(b'}', true);
        }
        Ok(())
    }
}

impl<'a, 'o> Serializer for &'a mut Pretty<'o> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Compound<'a, Pretty<'o>>;
    type SerializeTuple = Compound<'a, Pretty<'o>>;
    type SerializeTupleStruct = Compound<'a, Pretty<'o>>;
    type SerializeTupleVariant = Compound<'a, Pretty<'o>>;
    type SerializeMap = Compound<'a, Pretty<'o>>;
    type SerializeStruct = Compound<'a, Pretty<'o>>;
    type SerializeStructVariant = Compound<'a, Pretty<'o>>;

    fn serialize_bool(self, v: bool) -> serde_json::Result<()> {
        self.number(|f, b| f.write_bool(b, v))
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
    fn serialize_i128(self, v: i128) -> serde_json::Result<()> {
        self.number(|f, b| f.write_i128(b, v))
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
    fn serialize_u128(self, v: u128) -> serde_json::Result<()> {
        self.number(|f, b| f.write_u128(b, v))
    }
    /// Not finite: null, as serde_json.
    fn serialize_f32(self, v: f32) -> serde_json::Result<()> {
        if v.is_finite() { self.number(|f, b| f.write_f32(b, v)) } else { self.serialize_unit() }
    }
    fn serialize_f64(self, v: f64) -> serde_json::Result<()> {
        if v.is_finite() { self.number(|f, b| f.write_f64(b, v)) } else { self.serialize_unit() }
    }
    fn serialize_char(self, v: char) -> serde_json::Result<()> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    /// Text without a character to escape is copied; other text is escaped by serde_json.
    fn serialize_str(self, v: &str) -> serde_json::Result<()> {
        if needs_escapes(v.as_bytes()) {
            return serde_json::to_writer(&mut self.bytes, v);
        }
        self.bytes.push(b'"');
        self.bytes.extend_from_slice(v.as_bytes());
        self.bytes.push(b'"');
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> serde_json::Result<()> {
        let mut seq = self.serialize_seq(Some(v.len()))?;
        v.iter().try_for_each(|b| seq.element(b))?;
        seq.end()
    }
    fn serialize_none(self) -> serde_json::Result<()> {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> serde_json::Result<()> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> serde_json::Result<()> {
        self.bytes.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> serde_json::Result<()> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> serde_json::Result<()> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, name: &'static str, v: &T) -> serde_json::Result<()> {
        match self.elements.split_first() {
            Some((&elements, rest)) if name == IN_PARTS => {
                self.elements = rest;
                if elements.len() > PART { self.array_in_parts(elements) } else { v.serialize(self) }
            }
            _ => v.serialize(self),
        }
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> serde_json::Result<()> {
        self.variant(variant)?;
        v.serialize(&mut *self)?;
        self.close(b'}', true);
        Ok(())
    }
    fn serialize_seq(self, len: Option<usize>) -> serde_json::Result<Self::SerializeSeq> {
        Ok(self.open(b'[', len))
    }
    fn serialize_tuple(self, len: usize) -> serde_json::Result<Self::SerializeTuple> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> serde_json::Result<Self::SerializeTupleStruct> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> serde_json::Result<Self::SerializeTupleVariant> {
        self.variant(variant)?;
        Ok(Compound { variant: true, ..self.open(b'[', Some(len)) })
    }
    fn serialize_map(self, len: Option<usize>) -> serde_json::Result<Self::SerializeMap> {
        Ok(self.open(b'{', len))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> serde_json::Result<Self::SerializeStruct> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> serde_json::Result<Self::SerializeStructVariant> {
        self.variant(variant)?;
        Ok(Compound { variant: true, ..self.open(b'{', Some(len)) })
    }
}

/// The array kinds: each element on its own line.
macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl $trait for Compound<'_, Pretty<'_>> {
            type Ok = ();
            type Error = serde_json::Error;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> serde_json::Result<()> {
                self.element(value)
            }
            fn end(self) -> serde_json::Result<()> {
                Compound::end(self)
            }
        }
    )*};
}
elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The object kinds of named fields.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl $trait for Compound<'_, Pretty<'_>> {
            type Ok = ();
            type Error = serde_json::Error;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> serde_json::Result<()> {
                self.field(key, value)
            }
            fn end(self) -> serde_json::Result<()> {
                Compound::end(self)
            }
        }
    )*};
}
fields!(SerializeStruct, SerializeStructVariant);

/// A map's keys are strings; a number or yes/no key is quoted, as serde_json writes it.
impl SerializeMap for Compound<'_, Pretty<'_>> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> serde_json::Result<()> {
        self.ser.line(self.state == State::First);
        self.state = State::Rest;
        let at = self.ser.bytes.len();
        serde_json::to_writer(&mut self.ser.bytes, key)?;
        match self.ser.bytes.get(at) {
            Some(b'"') => {}
            Some(b'0'..=b'9' | b'-' | b't' | b'f') => {
                self.ser.bytes.insert(at, b'"');
                self.ser.bytes.push(b'"');
            }
            _ => return Err(serde::ser::Error::custom("key must be a string")),
        }
        self.ser.bytes.extend_from_slice(b": ");
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> serde_json::Result<()> {
        value.serialize(&mut *self.ser)?;
        self.ser.hand_on()
    }
    fn end(self) -> serde_json::Result<()> {
        Compound::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    fn both<T: Serialize>(value: &T) -> (String, String) {
        let mut ours = Vec::new();
        write_json(&mut ours, value).unwrap();
        let mut theirs = serde_json::to_vec_pretty(value).unwrap();
        theirs.push(b'\n');
        (String::from_utf8(ours).unwrap(), String::from_utf8(theirs).unwrap())
    }

    fn value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            "[a\"\\\n\t\u{1}\u{1f} \u{7f}é\u{2028}]{0,20}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                proptest::collection::vec(("[k\"\n]{0,3}", inner), 0..5)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn pretty_json_is_serde_jsons_byte_for_byte(v in value()) {
            let (ours, theirs) = both(&v);
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    proptest::proptest! {
        #[test]
        fn words_need_escapes_as_their_bytes_do(b in proptest::collection::vec(proptest::num::u8::ANY, 0..40)) {
            proptest::prop_assert_eq!(needs_escapes(&b), b.iter().any(|&c| ESCAPED[usize::from(c)]));
        }
    }

    /// Rows of a list long enough to be written in parts, marked as `analysis::pool::Studies` marks its own.
    struct Many(Vec<Flat2>);

    #[derive(Serialize, Clone)]
    struct Flat2 {
        name: String,
        x: Option<f64>,
        inner: Vec<u8>,
    }

    impl Serialize for Many {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            struct All<'a>(&'a [Flat2]);
            impl Serialize for All<'_> {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.collect_seq(self.0)
                }
            }
            s.serialize_newtype_struct(IN_PARTS, &All(&self.0))
        }
    }

    impl Elements for Many {
        fn len(&self) -> usize {
            self.0.len()
        }
        fn write(&self, range: std::ops::Range<usize>, w: &mut ElementWriter<'_, '_>) -> serde_json::Result<()> {
            self.0[range].iter().try_for_each(|e| w.element(e))
        }
    }

    #[derive(Serialize)]
    struct Holder<'a> {
        k: usize,
        rows: &'a Many,
        after: [u8; 2],
    }

    #[test]
    fn an_array_written_in_parts_is_the_array_written_whole() {
        for n in [0, 1, PART, PART + 1, 3 * PART + 17, 4 * PART] {
            let rows = (0..n)
                .map(|i| Flat2 {
                    name: format!("r\"{i}"),
                    x: (i % 3 != 0).then(|| i as f64 / 7.0),
                    inner: vec![1; i % 3],
                })
                .collect();
            let many = Many(rows);
            let holder = Holder { k: n, rows: &many, after: [1, 2] };
            let nested = [(), ()].map(|()| Holder { k: 0, rows: &many, after: [3, 4] });
            for value in [&holder as &dyn erased::Value, &nested] {
                let mut ours = Vec::new();
                value.write(&mut ours, &[&many]).unwrap();
                let mut theirs = value.pretty();
                theirs.push(b'\n');
                assert!(ours == theirs, "{n} rows: {}", String::from_utf8_lossy(&ours[..ours.len().min(300)]));
            }
        }
    }

    #[test]
    fn every_marked_array_is_written_from_its_own_elements() {
        #[derive(Serialize)]
        struct Two<'a> {
            first: InParts<'a, u32>,
            between: &'a str,
            second: InParts<'a, (u8, Option<f64>)>,
        }
        for (n, m) in [(0, 0), (PART + 1, 3), (2 * PART + 5, 3 * PART + 1)] {
            let a: Vec<u32> = (0..n as u32).collect();
            let b: Vec<(u8, Option<f64>)> = (0..m).map(|i| (i as u8, (i % 3 > 0).then_some(i as f64 / 7.0))).collect();
            let two = Two { first: InParts(&a), between: "x", second: InParts(&b) };
            let mut ours = Vec::new();
            write_json_in_parts(&mut ours, &two, &[&InParts(&a), &InParts(&b)]).unwrap();
            let mut theirs = serde_json::to_vec_pretty(&two).unwrap();
            theirs.push(b'\n');
            assert!(ours == theirs, "{n}, {m}");
        }
    }

    /// A value written by `write_json_in_parts` and by serde_json, whatever its type.
    mod erased {
        pub trait Value {
            fn write(&self, out: &mut Vec<u8>, elements: &[&dyn super::Elements]) -> std::io::Result<()>;
            fn pretty(&self) -> Vec<u8>;
        }
        impl<T: serde::Serialize> Value for T {
            fn write(&self, out: &mut Vec<u8>, elements: &[&dyn super::Elements]) -> std::io::Result<()> {
                super::write_json_in_parts(out, self, elements)
            }
            fn pretty(&self) -> Vec<u8> {
                serde_json::to_vec_pretty(self).unwrap()
            }
        }
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        New(Option<f32>),
        Pair(i128, char),
        Empty(),
        Named { a: u8, b: Vec<Shape>, c: std::collections::BTreeMap<i32, bool> },
    }

    #[derive(Serialize)]
    struct Flat {
        x: f64,
        #[serde(flatten)]
        inner: std::collections::BTreeMap<String, Shape>,
        #[serde(with = "serde_bytes_like")]
        bytes: Vec<u8>,
        empty: Vec<u8>,
        unit: (),
    }

    mod serde_bytes_like {
        pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(v)
        }
    }

    #[test]
    fn every_kind_of_value_is_written_as_serde_json_writes_it() {
        let shapes = vec![
            Shape::Unit,
            Shape::New(Some(0.1)),
            Shape::New(Some(f32::NAN)),
            Shape::Pair(-(1 << 100), '"'),
            Shape::Empty(),
            Shape::Named { a: 1, b: vec![Shape::Unit, Shape::Empty()], c: [(-1, true), (2, false)].into() },
            Shape::Named { a: 2, b: Vec::new(), c: Default::default() },
        ];
        let (ours, theirs) = both(&shapes);
        assert_eq!(ours, theirs);
        let inner = [("k".to_string(), Shape::New(None)), ("z".to_string(), Shape::Pair(3, 'é'))].into();
        let flat = Flat { x: f64::INFINITY, inner, bytes: vec![0, 255], empty: Vec::new(), unit: () };
        let (ours, theirs) = both(&flat);
        assert_eq!(ours, theirs);
        let deep: serde_json::Value = (0..40).fold(serde_json::json!([1]), |v, _| serde_json::json!({ "d": [v] }));
        let (ours, theirs) = both(&deep);
        assert_eq!(ours, theirs, "deeper than the indentation written without a loop");
    }
}
