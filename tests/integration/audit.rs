//! `evrev audit`: links and flags on texts written for the tests, and on the source articles when present.

use crate::common;

use std::collections::HashMap;

fn audit(path: &str) -> Vec<HashMap<String, String>> {
    let out = common::command().args(["audit", path, "--format", "csv"]).env_remove("EVREV_CATALOG").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut r = csv::Reader::from_reader(&out.stdout[..]);
    let h = r.headers().unwrap().clone();
    assert_eq!(h.iter().take(6).collect::<Vec<_>>(), ["line", "sentence", "trial", "confidence", "reason", "flags"]);
    r.records().map(|rec| h.iter().map(String::from).zip(rec.unwrap().iter().map(String::from)).collect()).collect()
}

fn row<'a>(rows: &'a [HashMap<String, String>], starts: &str) -> &'a HashMap<String, String> {
    rows.iter()
        .find(|r| r["sentence"].starts_with(starts))
        .unwrap_or_else(|| panic!("no row for {starts:?} in {rows:#?}"))
}

#[test]
fn own_words_article() {
    let rows = audit(&format!("{}/tests/articles/own-words.txt", env!("CARGO_MANIFEST_DIR")));
    let feder = row(&rows, "Researchers in New York");
    assert_eq!(feder["trial"], "feder-2021-ptsd");
    assert_eq!(feder["confidence"], "high");
    assert_eq!(feder["line"], "3");
    assert!(feder["flags"].is_empty(), "{}", feder["flags"]);

    let oliver = row(&rows, "A 2022 retrospective chart review");
    assert_eq!(oliver["trial"], "oliver-2022-depression");

    let ocd = row(&rows, "In a 2019 double-blind trial of 40 veterans with OCD");
    assert!(ocd["flags"].contains("\"remission\" used for a >=50% reduction"), "{}", ocd["flags"]);
    assert!(["", "rodriguez-2013-ocd"].contains(&ocd["trial"].as_str()), "linked to {}", ocd["trial"]);

    let glue = row(&rows, "The Otago open-label study of 2017");
    assert_eq!(glue["trial"], "glue-2017-gad-sad");
    assert!(glue["flags"].is_empty(), "{}", glue["flags"]);

    assert!(!rows.iter().any(|r| r["sentence"].starts_with("Ketamine is an anaesthetic")), "not a study sentence");
    let yale = row(&rows, "A placebo-controlled Yale trial");
    assert_eq!(yale["trial"], "", "no catalog trial studied mania");
}

#[test]
fn source_articles_link_their_trial_mentions() {
    let Some(dir) = common::shared_sources() else { return };
    let dir = dir.to_string_lossy().into_owned();
    let expect = [
        ("000_c3f58000434968e9.txt", "A 2018 study compared", "taylor-2018-sad"),
        ("001_e66f094a103bbd6e.txt", "A 2017 study published in Neuropsychopharmacology", "taylor-2018-sad"),
        ("001_e66f094a103bbd6e.txt", "A 2021 randomized controlled trial", "feder-2021-ptsd"),
        ("001_e66f094a103bbd6e.txt", "Another notable trial from Yale University", ""),
        (
            "004_e1422bbb4aa97365.txt",
            "A small study that appeared in the Journal of Psychopharmacology",
            "glue-2018-gad-sad-maintenance",
        ),
        ("004_e1422bbb4aa97365.txt", "A study that appeared in the American Journal of Psychiatry", "feder-2021-ptsd"),
        (
            "004_e1422bbb4aa97365.txt",
            "In one of the early published reports of this from 2000",
            "berman-2000-depression",
        ),
        ("004_e1422bbb4aa97365.txt", "In a 2022 study, people with depression", "oliver-2022-depression"),
    ];
    for (file, starts, trial) in expect {
        let rows = audit(&format!("{dir}/{file}"));
        assert_eq!(row(&rows, starts)["trial"], trial, "{file}: {starts}");
    }
    let rows = audit(&format!("{dir}/004_e1422bbb4aa97365.txt"));
    assert!(row(&rows, "In one study, 85% of patients")["flags"].contains("\"remission\" used for a >=50% reduction"));
    let rows = audit(&format!("{dir}/001_e66f094a103bbd6e.txt"));
    assert!(row(&rows, "A 2017 study published")["flags"].contains("cited as 2017; published 2018"));
}

#[test]
fn missing_article_is_exit_66() {
    let out = common::command().args(["audit", "/no/such/article.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(66));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /no/such/article.txt"));
}

#[test]
fn a_line_of_abbreviations_is_not_quadratic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("abbrev.txt");
    std::fs::write(&path, "Dr. A. B. ".repeat(50_000)).unwrap();
    let start = std::time::Instant::now();
    let _ = audit(path.to_str().unwrap());
    assert!(start.elapsed() < std::time::Duration::from_secs(10), "took {:?}", start.elapsed());
}

#[test]
fn a_catalog_with_non_ascii_condition_keys_is_audited_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.txt");
    std::fs::write(
        &path,
        "En 2020, un essai randomisé de 40 patients atteints de dépression et d’anxiété sociale (Ünal 2020, Rev Méd) : 25 % ont répondu.\nÉtat de stress post-traumatique : Çelik 2022, essai croisé, dépressif.\n",
    )
    .unwrap();
    let out = common::command()
        .args(["--catalog", &common::repo("tests/catalogs/unicode").to_string_lossy(), "audit"])
        .arg(&path)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let rows = common::csv_rows(&String::from_utf8(out.stdout).unwrap());
    let first = row(&rows, "En 2020");
    assert_eq!(first["trial"], "étude-a");
    assert!(first["flags"].contains("claims about Dépression majeure"), "{first:?}");
}

/// `evrev audit` of `bytes` given as a file (`as_file`) or on standard input: (exit code, stdout, stderr).
fn audit_bytes(bytes: &[u8], as_file: bool) -> (i32, String, String) {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.txt");
    std::fs::write(&path, bytes).unwrap();
    let arg = if as_file { path.to_str().unwrap() } else { "-" };
    let mut child = common::command()
        .args(["audit", arg, "--format", "csv"])
        .env_remove("EVREV_CATALOG")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    if !as_file {
        stdin.write_all(bytes).unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn empty_utf16_and_binary_input_is_refused_with_exit_65() {
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("A 2021 trial".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let utf16_no_bom: Vec<u8> = "A 2021 trial of 30 patients".encode_utf16().flat_map(u16::to_be_bytes).collect();
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00";
    let cases: [(&[u8], &str); 6] = [
        (b"", "empty: there is no text to audit"),
        (b"  \n\n\t", "empty: there is no text to audit"),
        (&utf16, "UTF-16 text (it starts with a UTF-16 byte-order mark)"),
        (&utf16_no_bom, "UTF-16 text without a byte-order mark"),
        (png, "binary data, not text"),
        (&[1, 2, 3, 4, 5, 6, 7, 8, b'a', b'b'], "binary data, not text"),
    ];
    for (bytes, message) in cases {
        for as_file in [true, false] {
            let (code, stdout, stderr) = audit_bytes(bytes, as_file);
            assert_eq!(code, 65, "{message} (file: {as_file}): {stderr}");
            assert!(stderr.contains(message), "{stderr}");
            assert!(as_file || stderr.contains("cannot audit standard input"), "{stderr}");
            assert!(stdout.is_empty(), "no \"0 sentence(s)\" report: {stdout}");
        }
    }
}

#[test]
fn invalid_utf8_in_text_is_replaced_with_a_warning_naming_the_line() {
    let (code, stdout, stderr) =
        audit_bytes(b"Intro.\nA 2021 randomized trial of 30 adults with PTSD \xff\xfe found 67% responded.\n", true);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning:") && stderr.contains("invalid UTF-8 replaced by U+FFFD on line(s) 2"),
        "{stderr}"
    );
    let rows = common::csv_rows(&stdout);
    assert_eq!(row(&rows, "A 2021 randomized trial")["trial"], "feder-2021-ptsd");
}

#[test]
fn an_article_over_16_mib_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    std::fs::write(&path, "A 2021 trial. ".repeat((16 << 20) / 14 + 10)).unwrap();
    let out = common::command().arg("audit").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(66));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("larger than 16 MiB"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
