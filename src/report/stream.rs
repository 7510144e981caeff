//! The writer that keeps data bytes from acting on a terminal (standard output when it is one).

use std::io::{self, Write};

/// A writer for standard output when it is a terminal: every control character but newline and tab
/// (ESC, BEL, CR, C1 controls such as U+009B) and every bidi override is written as a visible
/// `\u{..}` escape, and a byte that is not UTF-8 as `\x..`, so CSV or JSON data such as
/// `ESC]0;...BEL` cannot set the window title or move the cursor. Text split across writes is held
/// until its character is whole. To a file or a pipe, evrev writes the data as is (no wrapper).
pub struct TerminalSafe<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> TerminalSafe<W> {
    pub fn new(inner: W) -> Self {
        TerminalSafe { inner, pending: Vec::new() }
    }

    /// Write the whole characters of `pending`, escaped; keep an incomplete trailing one.
    fn drain(&mut self) -> io::Result<()> {
        let mut start = 0;
        let mut out = String::new();
        while start < self.pending.len() {
            match std::str::from_utf8(&self.pending[start..]) {
                Ok(text) => {
                    escape_into(text, &mut out);
                    start = self.pending.len();
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    escape_into(std::str::from_utf8(&self.pending[start..start + good]).unwrap_or_default(), &mut out);
                    start += good;
                    let Some(bad) = e.error_len() else { break };
                    for b in &self.pending[start..start + bad] {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                    start += bad;
                }
            }
        }
        self.pending.drain(..start);
        self.inner.write_all(out.as_bytes())
    }
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        let bidi = ('\u{202A}'..='\u{202E}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c);
        if (c.is_control() && c != '\n' && c != '\t') || bidi {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.drain()?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_output_has_no_control_bytes_even_split_across_writes() {
        let mut t = TerminalSafe::new(Vec::new());
        let data = "a,\u{1b}]0;owned\u{7},\r\u{9b}2J é\u{202e}x\tz\n".as_bytes();
        for chunk in data.chunks(1) {
            t.write_all(chunk).unwrap();
        }
        t.write_all(b"bad \xff byte").unwrap();
        let out = String::from_utf8(t.inner).unwrap();
        assert_eq!(out, "a,\\u{1b}]0;owned\\u{7},\\u{d}\\u{9b}2J é\\u{202e}x\tz\nbad \\xff byte");
        assert!(!out.bytes().any(|b| b < 0x20 && b != b'\n' && b != b'\t'));
    }
}
