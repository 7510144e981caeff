//! `evrev audit FILE`: link an article's study sentences to catalog trials and flag what looks wrong.

use crate::analysis::audit::html::{self, InputKind};
use crate::analysis::audit::{AuditRow, AuditSummary, audit};
use crate::error::{Error, Result};
use crate::report::{self, Column, Format, Records, Report, View};
use std::io::{Read, Write};
use std::path::Path;

/// Articles larger than this are refused (memory stays bounded; real articles are far smaller).
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The text to audit of `file` (or `-`): read with the input checks, an HTML page reduced to its
/// visible text (detected by content unless `input` says); a page with no visible text is an error.
pub(super) fn article(file: &Path, input: InputKind) -> Result<String> {
    let text = read(file)?;
    let text = match input {
        InputKind::Html => html::visible_text(&text),
        InputKind::Auto if html::looks_like_html(&text) => html::visible_text(&text),
        InputKind::Auto | InputKind::Text => text,
    };
    if text.trim().is_empty() {
        let path = if file == Path::new("-") { "standard input".to_string() } else { file.display().to_string() };
        return Err(Error::BadInput {
            path,
            reason: "an HTML page with no visible text: there is nothing to audit".into(),
        });
    }
    Ok(text)
}

pub fn run(ctx: &super::Ctx<'_>, file: &Path, input: InputKind, out: &mut dyn Write) -> Result<()> {
    let (catalog, style, format) = (ctx.catalog, ctx.style, ctx.style.format);
    let rows = audit(&article(file, input)?, catalog);
    let summary = AuditSummary::of(&rows);
    let flat: Vec<FlatRow> = if format == Format::Json { Vec::new() } else { rows.iter().map(FlatRow::from).collect() };
    let view = View {
        title: None,
        headers: ["Line", "Sentence", "Linked trial", "Verdict", "Reasons", "Confidence", "Why linked"]
            .map(String::from)
            .to_vec(),
        rows: if matches!(format, Format::Csv | Format::Json) {
            Vec::new()
        } else {
            rows.iter().map(view_row).collect()
        },
        notes: vec![summary.line()],
        ..View::default()
    }
    .column("Why linked", Column::droppable(2))
    .column("Confidence", Column::droppable(1));
    // Built only for the format asked (a long article's rows are large as JSON values).
    let json = (format == Format::Json).then(|| serde_json::json!({ "rows": rows, "summary": summary }));
    let records =
        if format == Format::Json { Records::default() } else { Records::of(&flat).map_err(Error::serialize)? };
    let report = Report { records, json, views: vec![view] };
    report::emit(out, style, &report).map_err(Error::Io)
}

/// A row as CSV has it: the reasons `; `-joined.
#[derive(serde::Serialize, Default)]
struct FlatRow<'a> {
    line: usize,
    sentence: &'a str,
    trial: Option<&'a str>,
    citation: Option<&'a str>,
    confidence: &'a str,
    verdict: &'a str,
    reasons: String,
    link: &'a str,
    score: i32,
}

impl<'a> From<&'a AuditRow> for FlatRow<'a> {
    fn from(r: &'a AuditRow) -> Self {
        FlatRow {
            line: r.line,
            sentence: &r.sentence,
            trial: r.trial.as_deref(),
            citation: r.citation.as_deref(),
            confidence: r.confidence,
            verdict: r.verdict.as_str(),
            reasons: r.reasons.join("; "),
            link: &r.link,
            score: r.score,
        }
    }
}

fn view_row(r: &AuditRow) -> Vec<String> {
    vec![
        r.line.to_string(),
        r.sentence.clone(),
        r.citation.clone().unwrap_or_else(|| "—".into()),
        r.verdict.to_string(),
        r.reasons.join("; "),
        r.confidence.to_string(),
        r.link.clone(),
    ]
}

fn read(file: &Path) -> Result<String> {
    let fail = |reason: String| Error::Input { path: file.display().to_string(), reason };
    let mut bytes = Vec::new();
    if file == Path::new("-") {
        std::io::stdin().take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(|e| fail(e.to_string()))?;
    } else {
        let f = std::fs::File::open(file).map_err(|e| fail(e.to_string()))?;
        f.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(|e| fail(e.to_string()))?;
    }
    if bytes.len() as u64 > MAX_BYTES {
        return Err(fail(format!("larger than {} MiB; audit takes one article at a time", MAX_BYTES >> 20)));
    }
    let name = if file == Path::new("-") { "standard input".to_string() } else { file.display().to_string() };
    let (text, bad_lines) = decode(&bytes).map_err(|reason| Error::BadInput { path: name, reason })?;
    warn_replaced(file, &bad_lines);
    Ok(text)
}

/// The article as text: UTF-8 (a UTF-8 BOM dropped), invalid bytes replaced by U+FFFD (the lines
/// where that happened are returned, to warn about). Refused with a reason (exit 65): empty or blank
/// input, UTF-16 (by its byte-order mark, or NULs beside printable bytes: `encoding::utf16`), and binary data (a NUL
/// byte, or more than 10% control bytes in the first 8 KiB).
pub(crate) fn decode(bytes: &[u8]) -> std::result::Result<(String, Vec<usize>), String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("UTF-16 text (it starts with a UTF-16 byte-order mark): save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8) and audit that".into());
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty: there is no text to audit".into());
    }
    let head = &bytes[..bytes.len().min(8192)];
    let nuls = head.iter().filter(|&&b| b == 0).count();
    if nuls > 0 {
        let utf16 = crate::catalog::encoding::utf16(head).is_some();
        return Err(if utf16 {
            "UTF-16 text without a byte-order mark (NUL bytes between letters): save it as UTF-8 and audit that".into()
        } else {
            "binary data, not text (it has NUL bytes): audit takes a plain-text article".into()
        });
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    if controls * 10 > head.len() {
        return Err(format!("binary data, not text ({controls} control bytes in the first {} bytes)", head.len()));
    }
    let mut bad_lines = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if std::str::from_utf8(line).is_err() {
            bad_lines.push(i + 1);
        }
    }
    Ok((String::from_utf8_lossy(bytes).into_owned(), bad_lines))
}

/// One warning on standard error naming the lines whose invalid UTF-8 was replaced (the first 10).
fn warn_replaced(file: &Path, lines: &[usize]) {
    if lines.is_empty() {
        return;
    }
    let shown: Vec<String> = lines.iter().take(10).map(usize::to_string).collect();
    let more = if lines.len() > 10 { format!(" and {} more", lines.len() - 10) } else { String::new() };
    let name = if file == Path::new("-") { "standard input".to_string() } else { file.display().to_string() };
    let msg = format!("evrev: warning: {name}: invalid UTF-8 replaced by U+FFFD on line(s) {}{more}", shown.join(", "));
    let _ = writeln!(std::io::stderr(), "{}", report::sanitize_message(&msg));
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn refuses_what_is_not_text_and_names_bad_lines() {
        assert!(decode(b"").unwrap_err().starts_with("empty"));
        assert!(decode(b" \n\t\n").unwrap_err().starts_with("empty"));
        assert!(decode(&[0xFF, 0xFE, b'A', 0]).unwrap_err().starts_with("UTF-16"));
        assert!(decode(&[b'A', 0, b'B', 0, b'C', 0, b'D', 0]).unwrap_err().starts_with("UTF-16 text without"));
        assert!(decode(&[0x7F, b'E', b'L', b'F', 0, 1, 2, 3, 0, 0]).unwrap_err().starts_with("binary"));
        assert!(decode(&[1, 2, 3, 4, 5, b'a']).unwrap_err().starts_with("binary"));
        let (text, bad) = decode(b"\xEF\xBB\xBFok\nbad \xFF here\nfine\n\xC3\n").unwrap();
        assert!(text.starts_with("ok\n") && text.contains('\u{FFFD}'));
        assert_eq!(bad, vec![2, 4]);
    }
}
