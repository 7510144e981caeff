//! Text helpers every layer may use (they import nothing but `stats::Interval`): number formatting,
//! quoting user values in messages, and neutralising control characters.

use crate::stats::Interval;

/// Replace control characters (ESC, CR, BEL, ...) and Unicode bidi overrides by a visible escape,
/// so catalog text cannot move the cursor or recolour a terminal. Newlines, CRs and tabs become spaces.
pub fn sanitize(s: &str) -> String {
    // The usual cell is printable ASCII: nothing to replace (one pass over its bytes, one copy).
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\t' | '\r' => out.push(' '),
            c if c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c) => {
                out.push_str(&c.escape_unicode().to_string())
            }
            c => out.push(c),
        }
    }
    out
}

/// Longest stretch of a value quoted in a message; longer values are cut and named by their length.
pub const QUOTE_MAX: usize = 60;

/// A value from the input (a catalog cell, a command-line argument) as a message quotes it: in double
/// quotes, with control characters and bidi overrides made visible as by [`sanitize`], and cut after
/// [`QUOTE_MAX`] characters with its length named (a 20 MB cell is not printed whole). Every message
/// that quotes input goes through this one function.
pub fn quote(v: &str) -> String {
    let mut head = v.char_indices().map(|(i, _)| i);
    match head.nth(QUOTE_MAX) {
        Some(cut) => format!("\"{}...\" ({} characters)", sanitize(&v[..cut]), v.chars().count()),
        None => format!("\"{}\"", sanitize(v)),
    }
}

/// A whole message for standard error: every control character but the newline made visible, so
/// that nothing a message quotes can reach a terminal as an escape sequence (the last line of
/// defence behind [`quote`]).
pub fn sanitize_message(s: &str) -> String {
    s.split('\n').map(sanitize).collect::<Vec<_>>().join("\n")
}

/// A number for people: 3 significant digits, at most 2 decimals for values above 10; at a million
/// and above, 3 significant digits with an exponent (1.23e200, not a 200-digit integer).
pub fn fmt_num(x: f64) -> String {
    let mut buf = [0; FIXED_MAX];
    match fixed_num(x, &mut buf) {
        Some(s) => s.to_string(),
        None => Num(x).to_string(),
    }
}

/// [`fmt_num`] as a `Display` value, for writing the number into a formatter without a `String`.
#[derive(Debug, Clone, Copy)]
pub struct Num(pub f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let x = self.0;
        let mut buf = [0; FIXED_MAX];
        if let Some(s) = fixed_num(x, &mut buf) {
            return f.write_str(s);
        }
        if x.is_nan() {
            f.write_str("NA")
        } else if x.is_infinite() {
            f.write_str(if x > 0.0 { "∞" } else { "-∞" })
        } else {
            write!(f, "{x:.2e}")
        }
    }
}

/// The longest text of [`fixed_num`]: a sign, six digits, a point and two decimals.
const FIXED_MAX: usize = 16;

/// [`fmt_num`] of a finite number below a million in magnitude (`None` otherwise): 0, 1 or 2
/// decimals by its size, written as std's `{:.N}` writes it (the exact binary value rounded half to
/// even), without a negative sign on a number that rounds to zero. Std's exact float formatting
/// costs about 2,000 instructions a number; this, a multiplication, a shift and a few digits.
fn fixed_num(x: f64, buf: &mut [u8; FIXED_MAX]) -> Option<&str> {
    let a = x.abs();
    if a.is_nan() || a >= 1e6 {
        return None;
    }
    let decimals = if a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else {
        2
    };
    let q = scaled_rounded(a, decimals);
    let mut at = FIXED_MAX;
    let mut put = |b: u8| {
        at -= 1;
        buf[at] = b;
    };
    let mut rest = q;
    for _ in 0..decimals {
        put(b'0' + (rest % 10) as u8);
        rest /= 10;
    }
    if decimals > 0 {
        put(b'.');
    }
    loop {
        put(b'0' + (rest % 10) as u8);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if x.is_sign_negative() && q != 0 {
        put(b'-');
    }
    std::str::from_utf8(&buf[at..]).ok()
}

/// `a` (finite, non-negative, below a million) times `10^decimals` (`decimals` <= 2), rounded to an
/// integer half to even, in exact arithmetic on the binary value `m * 2^e`.
fn scaled_rounded(a: f64, decimals: u32) -> u64 {
    let bits = a.to_bits();
    let (biased, fraction) = ((bits >> 52) as i64, bits & ((1 << 52) - 1));
    let (m, e) = if biased == 0 { (fraction, -1074) } else { (fraction | 1 << 52, biased - 1075) };
    // m * 10^decimals < 2^53 * 100 < 2^60.
    let p = m * 10u64.pow(decimals);
    if e >= 0 {
        return p << e;
    }
    let k = -e;
    if k >= 62 {
        // Below 2^60 / 2^62 = 1/4: rounds to 0.
        return 0;
    }
    let (q, r, half) = (p >> k, p & ((1 << k) - 1), 1u64 << (k - 1));
    if r > half || (r == half && q & 1 == 1) { q + 1 } else { q }
}

/// A rate as a percentage with no decimals, e.g. "67%".
pub fn fmt_pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// "1.23 (0.45 to 6.78)".
pub fn fmt_ci(estimate: f64, ci: Interval) -> String {
    format!("{} ({} to {})", Num(estimate), Num(ci.low), Num(ci.high))
}

/// [`fmt_ci`] of numbers that may be missing: "—" unless estimate and both bounds are there.
pub fn fmt_opt_ci(estimate: Option<f64>, low: Option<f64>, high: Option<f64>) -> String {
    match (estimate, low, high) {
        (Some(e), Some(low), Some(high)) => fmt_ci(e, Interval { low, high }),
        _ => "—".into(),
    }
}

/// A whole number of people with a thousands separator: "1,000", "-1,250", "467".
pub fn fmt_people(n: i64) -> String {
    if n.abs() >= 1000 { format!("{},{:03}", n / 1000, (n % 1000).abs()) } else { n.to_string() }
}

/// "100 more", "20 fewer", "0 fewer".
pub fn fmt_more(d: i64) -> String {
    if d > 0 { format!("{} more", fmt_people(d)) } else { format!("{} fewer", fmt_people(-d)) }
}

/// The first letter upper-cased.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().collect::<String>() + c.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_sequences() {
        assert_eq!(sanitize("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(quote("a\u{1b}]0;title\u{7}"), "\"a\\u{1b}]0;title\\u{7}\"");
        let long = "é".repeat(100);
        assert_eq!(quote(&long), format!("\"{}...\" (100 characters)", "é".repeat(60)));
        assert_eq!(quote(&"x".repeat(60)), format!("\"{}\"", "x".repeat(60)));
        assert_eq!(sanitize_message("line 1 \u{1b}[2J\nline 2"), "line 1 \\u{1b}[2J\nline 2");
        assert_eq!(sanitize("x\ny"), "x y");
    }

    #[test]
    fn numbers() {
        assert_eq!(fmt_num(3.333_33), "3.33");
        assert_eq!(fmt_num(-0.001), "0.00");
        assert_eq!(fmt_num(12.34), "12.3");
        assert_eq!(fmt_pct(10.0 / 15.0), "67%");
        assert_eq!(fmt_opt_ci(Some(2.0), Some(0.64), Some(6.29)), "2.00 (0.64 to 6.29)");
        assert_eq!(fmt_opt_ci(Some(2.0), None, Some(6.29)), "—");
        assert_eq!(fmt_num(f64::NAN), "NA");
        assert_eq!(fmt_num(f64::NEG_INFINITY), "-∞");
        assert_eq!(fmt_num(-1.5e7), "-1.50e7");
        assert_eq!(fmt_num(0.125), "0.12", "a tie rounds to even, as std");
        assert_eq!(fmt_num(-0.005), "-0.01", "-0.005 is a little below it in binary");
    }

    /// `fmt_num` as it was written with std's fixed-precision formatting (the reference).
    fn fmt_num_std(x: f64) -> String {
        if !x.is_finite() {
            return if x.is_nan() {
                "NA".into()
            } else if x > 0.0 {
                "∞".into()
            } else {
                "-∞".into()
            };
        }
        let a = x.abs();
        let s = if a >= 1e6 {
            format!("{x:.2e}")
        } else if a >= 100.0 {
            format!("{x:.0}")
        } else if a >= 10.0 {
            format!("{x:.1}")
        } else {
            format!("{x:.2}")
        };
        if s == "-0.00" || s == "-0.0" || s == "-0" { s[1..].to_string() } else { s }
    }

    fn same_as_std(x: f64) {
        assert_eq!(fmt_num(x), fmt_num_std(x), "{x:e} ({:#x})", x.to_bits());
        assert_eq!(Num(x).to_string(), fmt_num_std(x), "{x:e}");
    }

    /// Every multiple of 1/128 up to 2,000 in magnitude (the ties of every precision among them),
    /// with its neighbours one bit away, every power of two and ten, and the branch boundaries.
    #[test]
    fn numbers_are_written_as_std_writes_them_at_ties_and_boundaries() {
        for i in -256_000..=256_000 {
            let x = f64::from(i) / 128.0;
            [x, x.next_up(), x.next_down()].into_iter().for_each(same_as_std);
        }
        for e in -1074..1024 {
            let x = 2f64.powi(e);
            [x, -x, x.next_up(), x.next_down()].into_iter().for_each(same_as_std);
        }
        for b in [0.0f64, 0.005, 0.05, 0.5, 9.995, 10.0, 99.95, 100.0, 999_999.5, 1e6, 1e-320, 5e-324] {
            [b, -b, b.next_up(), b.next_down(), -b.next_up()].into_iter().for_each(same_as_std);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_number_is_written_as_std_writes_it(bits in proptest::num::u64::ANY) {
            same_as_std(f64::from_bits(bits));
        }

        #[test]
        fn numbers_below_a_million_are_written_as_std_writes_them(x in -1.1e6..1.1e6f64, small in -20.0..20.0f64) {
            same_as_std(x);
            same_as_std(small);
            same_as_std(small / 1000.0);
        }
    }
}
