//! Long JSON arrays written in parts on two threads (`pool --format json` of a million studies):
//! the arrays a value marks, their elements, and the pretty writer's part of the work.

use super::{Compound, Pretty, State, written_keys};
use serde::ser::Serialize;
use std::io::{self, Write};

/// [`write_json`](super::write_json), with the arrays that `value` marks as [`IN_PARTS`] (newtype structs of that
/// name) written from `elements` (the first marked array from the first, and so on), [`PART`]
/// elements at a time on two threads: this thread streams one part while a second formats the
/// next into a buffer written after it. The bytes are `write_json`'s. An array with no `elements`
/// left, or with fewer than two parts, is written as itself.
pub fn write_json_in_parts<'o, T: ?Sized + Serialize>(
    out: &'o mut dyn Write,
    value: &T,
    elements: &'o [&'o dyn Elements],
) -> io::Result<()> {
    let mut pretty = Pretty::new(Some(out), 0);
    pretty.elements = elements;
    value.serialize(&mut pretty)?;
    pretty.bytes.push(b'\n');
    pretty.hand_on_all()
}

/// The name of the newtype struct that marks an array [`write_json_in_parts`] writes from its
/// [`Elements`] (to any other serializer, a newtype struct is the value inside it). The marked
/// value must serialize as that array.
pub const IN_PARTS: &str = "$evrev::json::in_parts";

/// A list marked [`IN_PARTS`] for [`write_json_in_parts`], and its elements (to every other
/// serializer, the list itself).
pub struct InParts<'s, T>(pub &'s [T]);

impl<T: Serialize> Serialize for InParts<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct All<'a, T>(&'a [T]);
        impl<T: Serialize> Serialize for All<'_, T> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0)
            }
        }
        s.serialize_newtype_struct(IN_PARTS, &All(self.0))
    }
}

impl<T: Serialize + Sync> Elements for InParts<'_, T> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn write(&self, range: std::ops::Range<usize>, w: &mut ElementWriter<'_, '_>) -> serde_json::Result<()> {
        self.0[range].iter().try_for_each(|e| w.element(e))
    }
}

/// Elements of an array per part: this many.
pub const PART: usize = 4096;

/// An array's elements, any run of which can be written apart (on another thread) by `write`.
pub trait Elements: Sync {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Write elements `range` with `w.element`, in order.
    fn write(&self, range: std::ops::Range<usize>, w: &mut ElementWriter<'_, '_>) -> serde_json::Result<()>;
}

/// Where [`Elements::write`] writes: the elements of an array, each on its own line.
pub struct ElementWriter<'a, 'o> {
    seq: Compound<'a, Pretty<'o>>,
}

impl ElementWriter<'_, '_> {
    pub fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> serde_json::Result<()> {
        self.seq.element(value)
    }
}

impl Pretty<'_> {
    /// The array of `elements` (see [`write_json_in_parts`]): as `collect_seq` writes it. This
    /// thread writes the even parts; a second thread, with a `Pretty` of its own, formats the odd
    /// ones into buffers sent over a channel (at most one ahead; buffers come back to be reused),
    /// each written here after the part before it.
    pub(super) fn array_in_parts(&mut self, elements: &dyn Elements) -> serde_json::Result<()> {
        let len = elements.len();
        let parts: Vec<_> = (0..len).step_by(PART).map(|start| start..len.min(start + PART)).collect();
        let level = self.level + 1;
        let mut w = ElementWriter { seq: self.open(b'[', Some(len)) };
        std::thread::scope(|scope| -> serde_json::Result<()> {
            let (formatted, ready) = std::sync::mpsc::sync_channel::<serde_json::Result<Vec<u8>>>(1);
            let (spent, reuse) = std::sync::mpsc::channel::<Vec<u8>>();
            let odd = &parts;
            let formatting = move || {
                let mut ser = Pretty { out: None, bytes: Vec::new(), level, keys: written_keys(), elements: &[] };
                for range in odd.iter().skip(1).step_by(2) {
                    ser.bytes = reuse.try_recv().unwrap_or_default();
                    let seq = Compound { ser: &mut ser, state: State::Rest, fields: 0, close: b']', variant: false };
                    let done = elements.write(range.clone(), &mut ElementWriter { seq });
                    // An error: this thread's parts are no longer wanted (the writing failed).
                    if formatted.send(done.map(|()| std::mem::take(&mut ser.bytes))).is_err() {
                        return;
                    }
                }
            };
            // A thread the system refuses (a limit on processes): every part written here.
            if std::thread::Builder::new().spawn_scoped(scope, formatting).is_err() {
                return elements.write(0..len, &mut w);
            }
            for (i, range) in parts.iter().enumerate() {
                if i % 2 == 0 {
                    elements.write(range.clone(), &mut w)?;
                    continue;
                }
                // A closed channel: the other thread panicked (the scope passes the panic on).
                let stopped = || serde::ser::Error::custom("the formatting thread stopped");
                let mut bytes = ready.recv().map_err(|_| stopped())??;
                w.seq.ser.hand_on_bytes(&bytes).map_err(serde_json::Error::io)?;
                bytes.clear();
                let _ = spent.send(bytes);
            }
            Ok(())
        })?;
        w.seq.end()
    }

    /// Hand every byte on, then `more` (held after them when there is no `out`).
    fn hand_on_bytes(&mut self, more: &[u8]) -> io::Result<()> {
        self.hand_on_all()?;
        match self.out.as_deref_mut() {
            Some(out) => out.write_all(more),
            None => {
                self.bytes.extend_from_slice(more);
                Ok(())
            }
        }
    }
}
