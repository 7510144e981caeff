//! Build script: the bundled catalog (studies/*.csv) is embedded twice over: each file's CSV text
//! (what `check` and the error messages read, and the fallback), and its records already split by
//! the csv crate (`NAME.split`: each record is its line number, US 0x1F, each field's end offset in
//! decimal, comma-separated, US, the fields' bytes concatenated, then RS 0x1E), so a start-up reads
//! the bundled files without running a CSV parser, and takes each record's fields without copying them.
//! A file the split form cannot hold (not UTF-8, or a field with a US/RS byte) gets an empty split
//! and is parsed as CSV at run time. rob.csv and grade.csv are optional: an absent one is embedded
//! as empty text, which the loader treats as no file. `bundled.rs` holds what `--version` says of
//! the bundled catalog, computed here once: its SHA-256 (src/catalog/fingerprint/digest.rs, shared
//! with the library) and its numbers of trials and outcome rows. On Linux (GNU) the `evrev` binary
//! is linked as a position-dependent executable (`-no-pie`): the dynamic loader then has ~15,000
//! fewer relative relocations to apply and the pages holding them are not copied at each start.

use std::path::Path;

#[path = "src/catalog/fingerprint/digest.rs"]
mod digest;

const FILES: [&str; 8] = [
    "documents.csv",
    "claims.csv",
    "evidence.csv",
    "trials.csv",
    "outcomes.csv",
    "conditions.csv",
    "rob.csv",
    "grade.csv",
];

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=studies");
    println!("cargo:rerun-if-changed=src/catalog/fingerprint/digest.rs");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo:rustc-link-arg-bin=evrev=-no-pie");
    }
    let mut texts = Vec::new();
    for name in FILES {
        let src = Path::new("studies").join(name);
        println!("cargo:rerun-if-changed={}", src.display());
        let bytes = std::fs::read(&src).unwrap_or_default();
        if matches!(name, "rob.csv" | "grade.csv") {
            std::fs::write(Path::new(&out).join(name), &bytes).expect("write to OUT_DIR");
        }
        let split = split(&bytes).unwrap_or_default();
        std::fs::write(Path::new(&out).join(format!("{name}.split")), split).expect("write to OUT_DIR");
        texts.push((name, bytes));
    }
    std::fs::write(Path::new(&out).join("bundled.rs"), bundled(&texts)).expect("write to OUT_DIR");
}

/// The constants of `bundled.rs`: the catalog's SHA-256 over the files as embedded (an empty text is
/// no file, as the library reads it), and its data rows in trials.csv and outcomes.csv.
fn bundled(texts: &[(&str, Vec<u8>)]) -> String {
    let sha = digest::sha256_of_files(texts.iter().map(|(n, b)| (*n, (!b.is_empty()).then_some(&b[..]))));
    let rows = |name: &str| texts.iter().find(|(n, _)| *n == name).map_or(0, |(_, b)| data_rows(b));
    format!(
        "/// SHA-256 of the bundled catalog's files (build.rs).\npub(crate) const SHA256: [u8; 32] = {sha:?};\n\
         /// Data rows of the bundled trials.csv and outcomes.csv (build.rs).\n\
         pub(crate) const ROWS: (usize, usize) = ({}, {});\n",
        rows("trials.csv"),
        rows("outcomes.csv")
    )
}

/// The records after the header that have a non-blank field (the loader skips blank rows).
fn data_rows(bytes: &[u8]) -> usize {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let filled = reader.byte_records().filter_map(Result::ok).filter(|r| r.iter().any(|f| !f.trim_ascii().is_empty()));
    filled.count().saturating_sub(1)
}

/// The records as the loader's reader yields them (csv crate defaults, no header row, rows of any
/// length, a leading BOM dropped), or `None` when they cannot be held in the split form.
fn split(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut out = String::new();
    while reader.read_byte_record(&mut record).ok()? {
        let fields = record.iter().map(std::str::from_utf8).collect::<Result<Vec<&str>, _>>().ok()?;
        if fields.iter().any(|f| f.contains(['\u{1f}', '\u{1e}'])) {
            return None;
        }
        let mut end = 0;
        let ends: Vec<String> = fields
            .iter()
            .map(|f| {
                end += f.len();
                end.to_string()
            })
            .collect();
        // The line the record's first byte is on (as the loader's reader counts it): the csv crate's
        // position is where its read began, before the line ends it skipped.
        let read_from = usize::try_from(record.position()?.byte()).ok()?;
        let skipped = bytes.get(read_from..)?.iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
        let line = 1 + bytes[..read_from + skipped].iter().filter(|&&b| b == b'\n').count();
        out.push_str(&format!("{line}\u{1f}{}\u{1f}{}\u{1e}", ends.join(","), fields.concat()));
    }
    Some(out)
}
