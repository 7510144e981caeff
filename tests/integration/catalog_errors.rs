//! Catalog files a newcomer gets wrong: UTF-16 instead of UTF-8, a misspelt required column, and a
//! standard deviation of 0; plus `audit` telling a binary file from UTF-16 text.

use crate::common::{self, OUTCOMES_HEADER, TRIALS_HEADER};

const TRIAL_ROW: &str = "a,A 2020,t,2020,anx,parallel-rct,,,ketamine,IV,20,,,src\n";

fn trials() -> String {
    format!("{TRIALS_HEADER}{TRIAL_ROW}")
}

fn outcomes(row: &str) -> String {
    format!("{OUTCOMES_HEADER}{row}")
}

/// UTF-16 code units of `text`, little- or big-endian, after `bom`.
fn utf16(text: &str, little_endian: bool, bom: &[u8]) -> Vec<u8> {
    let units = text.encode_utf16().flat_map(|u| if little_endian { u.to_le_bytes() } else { u.to_be_bytes() });
    bom.iter().copied().chain(units).collect()
}

/// `evrev check` on a catalog of these files: (exit code, stdout, stderr).
fn check(files: &[(&str, &[u8])]) -> (tempfile::TempDir, common::Run) {
    let dir = common::catalog(files);
    let run = common::evrev().arg("check").arg(dir.path()).run();
    (dir, run)
}

#[test]
fn a_utf16_catalog_file_is_one_error_that_says_how_to_convert_it() {
    let cases: [(bool, &[u8], &str); 3] = [
        (true, &[0xFF, 0xFE], "UTF-16 text (byte-order mark FF FE); save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8"),
        (false, &[0xFE, 0xFF], "UTF-16 text (byte-order mark FE FF); save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8"),
        (
            true,
            &[],
            "UTF-16 text (no byte-order mark, a NUL byte beside each letter); save it as UTF-8 (e.g. iconv -f UTF-16LE -t UTF-8",
        ),
    ];
    let good = outcomes("a,response,X,d,t,1,yes,k,5,10,p,2,10,,,,,abs,\n");
    for (little_endian, bom, expected) in cases {
        let bytes = utf16(&trials(), little_endian, bom);
        let (dir, run) = check(&[("trials.csv", &bytes), ("outcomes.csv", good.as_bytes())]);
        let file = dir.path().join("trials.csv").display().to_string();
        let run = run.code(65).stderr_has("the catalog has 1 problem:");
        let line = format!("{file}: trials.csv is {expected} trials.csv > trials-utf8.csv)");
        assert!(run.stderr.contains(&line), "expected {line:?} in\n{}", run.stderr);
        assert!(!run.stderr.contains("\\u{0}") && !run.stderr.contains("offset"), "{}", run.stderr);
    }
    // Any catalog file: outcomes.csv too, big-endian without a mark.
    let bytes = utf16(&good, false, &[]);
    let (_dir, run) = check(&[("trials.csv", trials().as_bytes()), ("outcomes.csv", &bytes)]);
    run.code(65)
        .stderr_has("the catalog has 1 problem:")
        .stderr_has("outcomes.csv is UTF-16 text (no byte-order mark, a NUL byte beside each letter); save it as UTF-8 (e.g. iconv -f UTF-16BE -t UTF-8 outcomes.csv > outcomes-utf8.csv)");
}

#[test]
fn a_misspelt_required_column_is_named_with_the_column_meant() {
    let header = OUTCOMES_HEADER.replace("events_c", "event_c");
    let body = format!("{header}a,response,X,d,t,1,yes,k,5,10,p,2,10,,,,,abs,\n");
    let (dir, run) = check(&[("trials.csv", trials().as_bytes()), ("outcomes.csv", body.as_bytes())]);
    let file = dir.path().join("outcomes.csv").display().to_string();
    let run = run.code(65);
    let line = format!("{file}:1: missing required column events_c; the header has event_c (did you mean events_c?)");
    assert!(run.stderr.contains(&line), "expected {line:?} in\n{}", run.stderr);
    assert!(!run.stderr.contains("expected the required column(s)"), "{}", run.stderr);
    // A column simply left out (nothing like it in the header) keeps the plain message.
    let trials = TRIALS_HEADER.replace(",design", "");
    let (_dir, run) = check(&[("trials.csv", trials.as_bytes()), ("outcomes.csv", OUTCOMES_HEADER.as_bytes())]);
    run.code(65).stderr_has(":1: expected the required column(s) design, found the header");
}

#[test]
fn a_standard_deviation_of_0_is_a_warning_naming_line_and_column() {
    let rows = outcomes(
        "a,madrs,MADRS,d,t,1,yes,k,,10,p,,10,10,0,15,4,abs,\n\
         a,hamd,HAMD,d,t,1,no,k,,10,p,,10,10,3,15,0,abs,\n",
    );
    let (dir, run) = check(&[("trials.csv", trials().as_bytes()), ("outcomes.csv", rows.as_bytes())]);
    let file = dir.path().join("outcomes.csv").display().to_string();
    let run = run.code(0);
    let all = format!("{}{}", run.stdout, run.stderr);
    for (line, col) in [(2, "sd_t"), (3, "sd_c")] {
        let expected = format!(
            "{file}:{line}: column {col}: {col} is 0: a standard deviation of 0 gives no confidence interval; check the source"
        );
        assert!(all.contains(&expected), "expected {expected:?} in\n{all}");
    }
    // Many such rows: the first 10 one by one, the rest in one line.
    let rows: String = (0..12).map(|i| format!("a,o{i},X,d,t,1,no,k,,10,p,,10,10,0,15,4,abs,\n")).collect();
    let (_dir, run) = check(&[("trials.csv", trials().as_bytes()), ("outcomes.csv", outcomes(&rows).as_bytes())]);
    let run = run.code(0);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(all.matches("sd_t is 0:").count(), 10, "{all}");
    assert!(all.contains("2 more standard deviation(s) of 0, on line(s) 12, 13"), "{all}");
}

#[test]
fn audit_calls_a_binary_file_binary_not_utf16() {
    let Ok(elf) = std::fs::read("/bin/ls") else { return }; // no /bin/ls here: nothing to test with
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bin.txt");
    std::fs::write(&path, &elf[..elf.len().min(3000)]).unwrap();
    let run = common::evrev().arg("audit").arg(&path).run().code(65).stderr_has("binary data, not text");
    assert!(!run.stderr.contains("UTF-16"), "{}", run.stderr);
}
