//! Text that is not UTF-8 but UTF-16, told apart from binary data: shared by the catalog reader
//! and `audit`, so both name the same encodings the same way.

/// How a file's first bytes show it is UTF-16, when they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Utf16 {
    /// It starts with this byte-order mark (FF FE little-endian, FE FF big-endian).
    Bom([u8; 2]),
    /// No byte-order mark, but most bytes of one parity are NUL and the rest mostly printable.
    Bare { little_endian: bool },
}

impl Utf16 {
    /// The encoding name `iconv -f` takes for it.
    pub(crate) fn iconv_name(self) -> &'static str {
        match self {
            Utf16::Bom(_) => "UTF-16",
            Utf16::Bare { little_endian: true } => "UTF-16LE",
            Utf16::Bare { little_endian: false } => "UTF-16BE",
        }
    }

    /// How it was recognized, for a message: `byte-order mark FF FE`, or the NULs between letters.
    pub(crate) fn evidence(self) -> String {
        match self {
            Utf16::Bom([a, b]) => format!("byte-order mark {a:02X} {b:02X}"),
            Utf16::Bare { .. } => "no byte-order mark, a NUL byte beside each letter".to_string(),
        }
    }
}

/// Whether `head` (a file's first bytes; 8 KiB are looked at) is UTF-16: by its byte-order mark, or, without one, when
/// at least 90% of the odd (little-endian) or even (big-endian) bytes are NUL and at least 90% of
/// the other half are printable (ASCII letters, digits, punctuation, whitespace, or Latin-1 letters).
/// Binary data has NULs in both halves and control bytes among the rest, so it is not UTF-16.
pub(crate) fn utf16(head: &[u8]) -> Option<Utf16> {
    if let [a @ (0xFF | 0xFE), b @ (0xFF | 0xFE), ..] = *head
        && a != b
    {
        return Some(Utf16::Bom([a, b]));
    }
    let head = &head[..head.len().min(8192)];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (even, odd): (Vec<u8>, Vec<u8>) = head.chunks_exact(2).map(|p| (p[0], p[1])).unzip();
    let mostly = |count: usize| count * 10 >= pairs * 9;
    let nul = |half: &[u8]| mostly(half.iter().filter(|&&b| b == 0).count());
    let printable = |half: &[u8]| mostly(half.iter().filter(|&&b| is_printable(b)).count());
    if nul(&odd) && printable(&even) {
        Some(Utf16::Bare { little_endian: true })
    } else if nul(&even) && printable(&odd) {
        Some(Utf16::Bare { little_endian: false })
    } else {
        None
    }
}

/// A byte that is a printable character on its own in ASCII or Latin-1 (a UTF-16 code unit's low byte).
fn is_printable(b: u8) -> bool {
    b.is_ascii_graphic() || matches!(b, b' ' | b'\t' | b'\n' | b'\r') || b >= 0xA0
}

#[cfg(test)]
mod tests {
    use super::{Utf16, utf16};

    #[test]
    fn utf16_by_mark_or_by_nuls_beside_printable_bytes() {
        assert_eq!(utf16(&[0xFF, 0xFE, b'A', 0]), Some(Utf16::Bom([0xFF, 0xFE])));
        assert_eq!(utf16(&[0xFE, 0xFF, 0, b'A']), Some(Utf16::Bom([0xFE, 0xFF])));
        assert_eq!(utf16(b"A\0B\0C\0D\0"), Some(Utf16::Bare { little_endian: true }));
        assert_eq!(utf16(b"\0A\0B\0C\0D"), Some(Utf16::Bare { little_endian: false }));
        assert_eq!(utf16(b"id,title\n"), None);
        assert_eq!(utf16(&[0x7F, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), None);
        assert_eq!(utf16(&[1, 0, 2, 0, 3, 0, 4, 0]), None); // NULs beside control bytes: binary
    }
}
