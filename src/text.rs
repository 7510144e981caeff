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

/// A rate as a percentage with no decimals, e.g. "67%".
pub fn fmt_pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// "1.23 (0.45 to 6.78)".
pub fn fmt_ci(estimate: f64, ci: Interval) -> String {
    format!("{} ({} to {})", fmt_num(estimate), fmt_num(ci.low), fmt_num(ci.high))
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
    }
}
