//! Helpers shared by the integration tests: CSV read back as rows of column -> value.
#![allow(dead_code)] // each test binary uses some of these

use std::collections::HashMap;
use std::path::Path;

/// One CSV row: column name -> value.
pub type Row = HashMap<String, String>;

/// Parse CSV text (with a header row) into rows.
pub fn csv_rows(text: &str) -> Vec<Row> {
    rows(csv::Reader::from_reader(text.as_bytes()))
}

/// Read a CSV file (with a header row) into rows.
pub fn csv_file(path: impl AsRef<Path>) -> Vec<Row> {
    let path = path.as_ref();
    rows(csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// A file of the repository, by its path from the root.
pub fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn rows<R: std::io::Read>(mut r: csv::Reader<R>) -> Vec<Row> {
    let header = r.headers().unwrap().clone();
    r.records()
        .map(|rec| header.iter().map(String::from).zip(rec.unwrap().iter().map(String::from)).collect())
        .collect()
}

/// `../shared/sources` (the source articles, beside the repository), or `None` when it is not
/// there. Under CI=true it must be there (CI lays a copy of shared/ beside the clone): a test that
/// needs it fails instead of passing with nothing checked.
pub fn shared_sources() -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sources");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {} is missing: the tests of the source articles cannot run",
        dir.display()
    );
    eprintln!("skipped: {} is not here (set CI=true to make this a failure)", dir.display());
    None
}
