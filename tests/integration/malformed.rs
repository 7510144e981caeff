//! The malformed-catalog corpus (tests/malformed/*, made by make.py): each class gives its documented
//! exit code and a message naming file, line and column; nothing panics or hangs.

use crate::common;
use std::path::Path;
use std::time::{Duration, Instant};

fn check(dir: &Path) -> (i32, String, String, Duration) {
    let start = Instant::now();
    let out = common::command().arg("check").arg(dir).output().unwrap();
    let took = start.elapsed();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
        took,
    )
}

#[test]
fn every_corpus_class_gives_its_exit_code_and_message() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed");
    let mut classes = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        classes += 1;
        let expect = std::fs::read_to_string(dir.join("expect")).unwrap();
        let mut lines = expect.lines();
        let code: i32 = lines.next().unwrap().parse().unwrap();
        let (got, stdout, stderr, _) = check(&dir);
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        assert_eq!(got, code, "{name}: exit code\nstdout: {stdout}\nstderr: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: panic\n{stderr}");
        assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{7}'), "{name}: raw escape bytes in\n{stderr:?}");
        let output = if code == 0 { &stdout } else { &stderr };
        for needle in lines.filter(|l| !l.is_empty()) {
            assert!(output.contains(needle), "{name}: expected {needle:?} in\n{output}");
        }
    }
    assert!(classes >= 30, "only {classes} classes in the corpus");
}

/// A catalog folder written at test time (for inputs too big to commit).
fn catalog(trials: &[u8], outcomes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("trials.csv"), trials).unwrap();
    std::fs::write(dir.path().join("outcomes.csv"), outcomes).unwrap();
    dir
}

const TH: &str = common::TRIALS_HEADER.trim_ascii_end();
const OH: &str = common::OUTCOMES_HEADER;

#[test]
fn a_field_of_megabytes_loads_and_is_cut_in_messages() {
    let big = "x".repeat(8 << 20);
    let trials = format!("{TH}\nt1,T,{big},2020,anx,parallel-rct,,,ketamine,IV,{big},,,src\n");
    let dir = catalog(trials.as_bytes(), OH.as_bytes());
    let (code, _, stderr, took) = check(dir.path());
    assert_eq!(code, 65);
    assert!(
        stderr.contains("column n_randomized: expected a whole number from 1 to 100000000, found \"xxxx"),
        "{}",
        &stderr[..stderr.len().min(500)]
    );
    assert!(stderr.len() < 2000, "the message repeats the huge field");
    assert!(took < Duration::from_secs(20));
}

#[test]
fn thousands_of_columns_load() {
    let extra: String = (0..5000).map(|i| format!(",x{i}")).collect();
    let values: String = (0..5000).map(|i| format!(",{i}")).collect();
    let trials = format!("{TH}{extra}\nt1,T,t,2020,anx,parallel-rct,,,ketamine,IV,20,,,src{values}\n");
    let dir = catalog(trials.as_bytes(), OH.as_bytes());
    let (code, stdout, stderr, _) = check(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 trials"));
}

#[test]
fn many_bad_rows_are_all_reported_quickly() {
    let rows: String =
        (0..20_000).map(|i| format!("t{i},T,t,20x0,anx,parallel-rct,,,ketamine,IV,20,,,src\n")).collect();
    let dir = catalog(format!("{TH}\n{rows}").as_bytes(), OH.as_bytes());
    let (code, _, stderr, took) = check(dir.path());
    assert_eq!(code, 65);
    assert_eq!(stderr.matches("column year").count(), 20_000);
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn a_missing_folder_and_a_file_in_place_of_a_folder_are_66() {
    let (code, _, stderr, _) = check(Path::new("/no/such/folder"));
    assert_eq!(code, 66);
    assert!(stderr.contains("/no/such/folder: no such folder"), "{stderr}");
    let file = tempfile::NamedTempFile::new().unwrap();
    let (code, _, stderr, _) = check(file.path());
    assert_eq!(code, 66);
    assert!(stderr.contains("not a folder"), "{stderr}");
}
