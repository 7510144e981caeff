//! The benchmark's floor (issue 13): read a catalog's trials.csv and outcomes.csv with the csv crate
//! (one reused ByteRecord, every field checked as UTF-8, every integer field parsed) and do nothing
//! else. `scripts/bench.sh` reports evrev's times as ratios to this program's, measured in the same run.
//!
//!     cargo build --release --example floor && target/release/examples/floor DIR

use std::io::Write;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: floor CATALOG_DIR");
    let mut checksum: i64 = 0;
    let mut rows = 0u64;
    for (file, ints) in [
        ("trials.csv", &["year", "n_randomized"][..]),
        ("outcomes.csv", &["days", "events_t", "n_t", "events_c", "n_c"][..]),
    ] {
        let path = std::path::Path::new(&dir).join(file);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(&path).expect("open");
        let header = reader.byte_headers().expect("header").clone();
        let cols: Vec<usize> = ints.iter().filter_map(|c| header.iter().position(|h| h == c.as_bytes())).collect();
        let mut record = csv::ByteRecord::new();
        while reader.read_byte_record(&mut record).expect("well-formed CSV") {
            rows += 1;
            for f in record.iter() {
                checksum += std::str::from_utf8(f).map_or(1, |s| s.len() as i64 & 1);
            }
            for &c in &cols {
                let f = record.get(c).unwrap_or(b"");
                if let Ok(n) = std::str::from_utf8(f).unwrap_or("").trim().parse::<i64>() {
                    checksum = checksum.wrapping_add(n);
                }
            }
        }
    }
    let _ = writeln!(std::io::stdout(), "{rows} rows, checksum {checksum}");
}
