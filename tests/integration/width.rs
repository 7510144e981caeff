//! Tables at 80 and 120 columns: every line fits, words are never broken (each word of a table at a
//! width is a whole word of the same table unwrapped), low-priority columns go first and are named;
//! piped output keeps its long lines. Snapshots pin both widths (UPDATE_SNAPSHOTS=1 to refresh).

use crate::common;

use std::collections::HashSet;

/// `evrev ARGS` with `COLUMNS` set (or unset: as in a pipe), standard output as text.
fn run(columns: Option<usize>, args: &[&str]) -> String {
    let mut run = common::evrev().args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    if let Some(c) = columns {
        run = run.env("COLUMNS", c.to_string());
    }
    let out = run.output();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A path from the repository root (the tests run there, so snapshots do not name the checkout).
fn catalog(name: &str) -> String {
    assert!(common::repo(name).exists(), "{name}");
    name.to_string()
}

/// The words of a table's cells: box-drawing characters removed, split at whitespace, punctuation
/// around a word trimmed.
fn words(text: &str) -> Vec<String> {
    let cleaned: String = text.chars().map(|c| if "│┆┌┐└┘├┤┬┴┼─═╞╡╪┄".contains(c) { ' ' } else { c }).collect();
    cleaned
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| ",.;:()\"".contains(c)).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// At `width`, no line is longer, and every word is a whole word of the unwrapped table (a word
/// longer than 12 characters may be split only when nothing else fits).
fn check_width(args: &[&str], width: usize) -> String {
    let narrow = run(Some(width), args);
    let wide = run(None, args);
    for line in narrow.lines() {
        assert!(
            line.chars().count() <= width,
            "{args:?} at {width}: a line of {} characters:\n{line}",
            line.chars().count()
        );
    }
    let dropped_note = "Not shown at this width: (a wider terminal, or --format csv, shows them).";
    let reference: HashSet<String> = words(&wide).into_iter().chain(words(dropped_note)).collect();
    for w in words(&narrow) {
        let whole =
            reference.contains(&w) || reference.iter().any(|r| r.chars().count() > 12 && r.contains(w.as_str()));
        // Notes wrap too: a note's words are whole words of the same note unwrapped.
        assert!(whole, "{args:?} at {width}: {w:?} is a piece of a word, not a word\n{narrow}");
    }
    narrow
}

const SMALL: &str = "tests/catalogs/small";
const UNICODE: &str = "tests/catalogs/unicode";
const BCG: &str = "tests/fixtures/metafor/bcg";

#[test]
fn every_table_fits_80_and_120_columns_without_breaking_words() {
    let small = catalog(SMALL);
    let unicode = catalog(UNICODE);
    let bcg = catalog(BCG);
    let article = catalog("tests/articles/own-words.txt");
    let contract = catalog("tests/catalogs/contract");
    let diff_a = catalog("tests/catalogs/diff-a");
    let cases: Vec<Vec<&str>> = vec![
        vec!["trials"],
        vec!["trials", "--condition", "ocd"],
        vec!["summary"],
        vec!["summary", "--condition", "ptsd"],
        vec!["conditions"],
        vec!["claims"],
        vec!["audit", &article],
        vec!["pool", "--condition", "depression", "--outcome", "response", "--subgroup", "design", "--leave-one-out"],
        vec!["--catalog", &small, "trials"],
        vec!["--catalog", &small, "summary"],
        vec!["--catalog", &unicode, "pool", "--outcome", "réponse", "--hksj", "--leave-one-out"],
        vec!["--catalog", &bcg, "pool", "--outcome", "event", "--subgroup", "subgroup", "--leave-one-out"],
        // Issue 8: the outcome names, provenance marks and reported percentages, and diff's tables.
        vec!["outcomes"],
        vec!["--catalog", &contract, "summary"],
        vec!["--catalog", &contract, "trials"],
        vec!["diff", &diff_a, &diff_a],
    ];
    for args in &cases {
        for width in [80, 120] {
            check_width(args, width);
        }
    }
}

#[test]
fn at_80_columns_low_priority_columns_go_first_and_are_named() {
    let out = run(Some(80), &["trials", "--condition", "ocd"]);
    assert!(out.contains("Rodriguez") && out.contains("Neuropsychopharmacology"), "{out}");
    assert!(out.contains("Not shown at this width: Condition, Design, Comparator, Primary outcome"), "{out}");
    assert!(!out.contains("Rodrigue\n") && !out.contains("respons "), "{out}");
    let wide = run(Some(200), &["trials", "--condition", "ocd"]);
    assert!(!wide.contains("Not shown"), "{wide}");
    // A pipe keeps the long lines: one table line per trial row, no wrapping.
    let piped = run(None, &["trials"]);
    assert!(piped.lines().any(|l| l.chars().count() > 200), "piped output was wrapped");
}

/// Compare with tests/snapshots/NAME; `UPDATE_SNAPSHOTS=1 cargo test --test width` rewrites them.
fn snapshot(name: &str, actual: &str) {
    let path = common::repo(&format!("tests/snapshots/{name}"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing: run UPDATE_SNAPSHOTS=1 cargo test --test width", path.display()));
    assert_eq!(actual, expected, "{name} differs from its snapshot (UPDATE_SNAPSHOTS=1 if deliberate)");
}

#[test]
fn tables_at_80_and_120_columns_are_pinned() {
    let small = catalog(SMALL);
    let unicode = catalog(UNICODE);
    let bcg = catalog(BCG);
    let article = catalog("tests/articles/unicode.txt");
    let cases: [(&str, Vec<&str>); 6] = [
        ("small-trials", vec!["--catalog", &small, "trials"]),
        ("small-summary", vec!["--catalog", &small, "summary"]),
        // A relative path (cargo runs tests from the package root): the note names the catalog, and a
        // snapshot must not depend on where the repository is checked out.
        ("small-conditions", vec!["--catalog", SMALL, "conditions"]),
        ("unicode-pool", vec!["--catalog", &unicode, "pool", "--outcome", "réponse", "--hksj", "--subgroup", "design"]),
        ("unicode-audit", vec!["--catalog", &unicode, "audit", &article]),
        (
            "bcg-pool",
            vec!["--catalog", &bcg, "pool", "--outcome", "event", "--subgroup", "subgroup", "--leave-one-out"],
        ),
    ];
    for (name, args) in &cases {
        for width in [80, 120] {
            snapshot(&format!("{name}-{width}.txt"), &check_width(args, width));
        }
    }
}
