//! `evrev audit`: links and flags on texts written for the tests, and on the source articles when present.

use crate::common;

use std::collections::HashMap;

fn audit(path: &str) -> Vec<HashMap<String, String>> {
    let out = common::command().args(["audit", path, "--format", "csv"]).env_remove("EVREV_CATALOG").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut r = csv::Reader::from_reader(&out.stdout[..]);
    let h = r.headers().unwrap().clone();
    assert_eq!(
        h.iter().take(7).collect::<Vec<_>>(),
        ["line", "sentence", "trial", "citation", "confidence", "verdict", "reasons"]
    );
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
    assert_eq!(feder["verdict"], "accurate", "{}", feder["reasons"]);
    assert!(feder["reasons"].contains("says 30 participants; catalog: 30 randomized (Feder 2021, trials.csv)"));

    let oliver = row(&rows, "A 2022 retrospective chart review");
    assert_eq!(oliver["trial"], "oliver-2022-depression");

    let ocd = row(&rows, "In a 2019 double-blind trial of 40 veterans with OCD");
    assert!(ocd["reasons"].contains("\"remission\" used for a >=50% reduction"), "{}", ocd["reasons"]);
    assert!(["", "rodriguez-2013-ocd"].contains(&ocd["trial"].as_str()), "linked to {}", ocd["trial"]);

    let glue = row(&rows, "The Otago open-label study of 2017");
    assert_eq!(glue["trial"], "glue-2017-gad-sad");
    assert_eq!(glue["verdict"], "accurate", "{}", glue["reasons"]);

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
    assert!(
        row(&rows, "In one study, 85% of patients")["reasons"].contains("\"remission\" used for a >=50% reduction")
    );
    let rows = audit(&format!("{dir}/001_e66f094a103bbd6e.txt"));
    assert!(row(&rows, "A 2017 study published")["reasons"].contains("says 2017; catalog: published 2018"));
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
    assert!(first["reasons"].contains("says Dépression majeure"), "{first:?}");
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

/// (sentence start, trial, verdict, a part of its reasons) for every study sentence of an article.
type Pinned<'a> = [(&'a str, &'a str, &'a str, &'a str)];

fn pin(file: &str, expect: &Pinned<'_>, sentences: usize) {
    let rows = audit(&common::repo(&format!("tests/articles/{file}")).to_string_lossy());
    for (starts, trial, verdict, reason) in expect {
        let r = row(&rows, starts);
        assert_eq!((r["trial"].as_str(), r["verdict"].as_str()), (*trial, *verdict), "{starts}: {}", r["reasons"]);
        assert!(r["reasons"].contains(reason), "{starts}: {reason:?} not in {}", r["reasons"]);
    }
    assert_eq!(rows.len(), sentences, "{rows:#?}");
}

#[test]
fn clinic_claims_text_verdicts_are_pinned() {
    pin(
        "clinic-claims.txt",
        &[
            (
                "A 2022 study of 158 veterans",
                "abdallah-2022-ptsd",
                "wrong",
                "catalog: primary result null (Abdallah 2022",
            ),
            (
                "In a 2021 randomized trial, two thirds",
                "feder-2021-ptsd",
                "accurate",
                "says two thirds; catalog: 67% (Feder 2021, feder-2021-ptsd/response)",
            ),
            (
                "In the same 2021 trial of 40 adults",
                "feder-2021-ptsd",
                "wrong",
                "says 40 participants; catalog: 30 randomized (Feder 2021, trials.csv)",
            ),
            (
                "A 2019 study of esketamine nasal spray",
                "popova-2019-transform2",
                "wrong",
                "says 95%; catalog: no such rate",
            ),
            (
                // An approval sentence: the regulatory check only, no trial link.
                "The FDA approved esketamine in 2019",
                "",
                "imprecise",
                "approved in 2019 for treatment-resistant depression, with an oral antidepressant (e001)",
            ),
            (
                "A 2018 crossover trial of 18 adolescents",
                "taylor-2018-sad",
                "wrong",
                "says adolescents; catalog: population adults",
            ),
            ("In a 2013 open-label study of 24 patients", "murrough-2013-repeated", "overstated", "says \"cured\""),
        ],
        7,
    );
}

/// Sentence context: a sentence that continues a study mention (an anaphor, or a follow-on result
/// right after it) inherits its link one confidence step lower; a paragraph, a heading or another
/// study named ends the context. The article is hard-wrapped, so sentences run over lines.
#[test]
fn context_claims_text_verdicts_are_pinned() {
    let expect: &Pinned<'_> = &[
        ("A 2021 randomized trial of 30 adults", "feder-2021-ptsd", "accurate", "says 30 participants"),
        ("Two thirds of them responded.", "feder-2021-ptsd", "accurate", "says two thirds; catalog: 67%"),
        (
            "These benefits lasted for six months",
            "feder-2021-ptsd",
            "overstated",
            "says lasting 180 days; catalog: the last outcome is at day 14",
        ),
        ("In a 2013 open-label study of 24 patients", "murrough-2013-repeated", "accurate", "says 24 participants"),
        ("They were cured of their depression.", "murrough-2013-repeated", "overstated", "says \"cured\""),
        ("Another study found that 3% of patients", "", "no trial", "says 3%; catalog: no trial reports that rate"),
    ];
    pin("context-claims.txt", expect, 6);
    let rows = audit(&common::repo("tests/articles/context-claims.txt").to_string_lossy());
    let by = |starts: &str| row(&rows, starts).clone();
    let (follow, these, they) = (by("Two thirds"), by("These benefits lasted"), by("They were cured"));
    assert_eq!((follow["line"].as_str(), follow["confidence"].as_str()), ("4", "medium"));
    assert!(follow["link"].starts_with("continues the study of line 3 (a follow-on result"), "{}", follow["link"]);
    assert!(these["link"].starts_with("continues the study of line 3 (refers back with \"these\")"));
    assert!(they["link"].starts_with("continues the study of line 10 (refers back with \"they\")"));
    // Reset: a new paragraph ("The patients also slept better"), another study ("Its participants"),
    // and a heading ("These benefits were the reason") end the context: no row inherits.
    for starts in ["The patients also slept", "Its participants were older", "These benefits were the reason"] {
        assert!(!rows.iter().any(|r| r["sentence"].starts_with(starts)), "{starts} inherited a link");
    }
}

#[test]
fn clinic_page_html_verdicts_are_pinned() {
    pin(
        "clinic-page.html",
        &[
            (
                "In a 2021 trial in the American Journal of Psychiatry, nine of ten",
                "feder-2021-ptsd",
                "wrong",
                "says nine of ten; catalog: no such rate; the nearest is 67%",
            ),
            ("A 2022 study of 158 veterans", "abdallah-2022-ptsd", "wrong", "primary result null"),
            ("The FDA approved esketamine nasal spray in 2019 for treatment-resistant", "", "accurate", "e001"),
            (
                "Ketamine itself is approved by the FDA",
                "",
                "wrong",
                "racemic ketamine is not approved for depression (e011)",
            ),
            (
                "A 2018 double-blind crossover trial of 18 adults",
                "taylor-2018-sad",
                "accurate",
                "says 18 participants; catalog: 18 randomized",
            ),
            (
                "In a 2022 chart review of 424 patients",
                "oliver-2022-depression",
                "accurate",
                "says 20%; catalog: 20% (Oliver 2022, oliver-2022-depression/remission)",
            ),
            (
                "Our doctors cite a 2013 open-label study",
                "murrough-2013-repeated",
                "overstated",
                "says \"cured\"; catalog: response and change scores, not cure",
            ),
            ("One 2018 study found that 80%", "grunebaum-2018-si", "wrong", "says 80%; catalog: no such rate"),
        ],
        8,
    );
    // Nothing from the script, style, header, nav, cookie banner, aside, noscript or footer.
    let rows = audit(&common::repo("tests/articles/clinic-page.html").to_string_lossy());
    for hidden in ["500 patients", "love them", "12 people", "Book a free", "Bright Path"] {
        assert!(!rows.iter().any(|r| r["sentence"].contains(hidden)), "{hidden}");
    }
    // Forced to text, the page is read as its raw markup.
    let out = common::command()
        .args([
            "audit",
            &common::repo("tests/articles/clinic-page.html").to_string_lossy(),
            "--input",
            "text",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("<p>"));
}

#[test]
fn json_carries_rows_and_a_summary() {
    let out = common::command()
        .args(["audit", &common::repo("tests/articles/clinic-claims.txt").to_string_lossy(), "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["sentences"], 7);
    assert_eq!(doc["summary"]["verdicts"]["wrong"], 4);
    assert!(doc["rows"][0]["reasons"].is_array());
    let table = common::command()
        .args(["audit", &common::repo("tests/articles/clinic-claims.txt").to_string_lossy()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&table.stdout).trim_end().ends_with("wrong 4, unverifiable 0, no trial 0."));
}

#[test]
fn an_html_page_with_no_visible_text_is_exit_65() {
    let out = common::evrev()
        .args(["audit", "-"])
        .stdin("<html><head><script>x()</script></head><body><nav>menu</nav></body></html>")
        .output();
    assert_eq!(out.status.code(), Some(65));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no visible text"));
}

/// Audit time grows linearly: 8x the text takes well under 8x squared the time (order of growth, not
/// a time limit), measured on repeats of the clinic article.
#[test]
fn audit_grows_linearly() {
    let catalog = evrev::catalog::embedded().unwrap();
    let base = std::fs::read_to_string(common::repo("tests/articles/clinic-claims.txt")).unwrap();
    let time = |k: usize| {
        let text = base.repeat(k);
        let start = std::time::Instant::now();
        let rows = evrev::analysis::audit::audit(&text, &catalog);
        assert_eq!(rows.len(), 7 * k);
        start.elapsed().as_secs_f64()
    };
    let (small, large) = (time(20), time(160));
    let ratio = large / small.max(1e-6);
    assert!(ratio < 24.0, "8x the text took {ratio:.1}x the time (linear ~8, quadratic ~64)");
}

/// Audit's reasons check themselves like claims.csv's explanations: every number after "catalog:"
/// appears in a row the reason names (the linked trial's trials.csv row and outcome rows, with their
/// whole-percent rates, or a named evidence.csv row).
#[test]
fn every_number_in_a_reason_is_in_the_rows_it_names() {
    let trials: HashMap<String, common::Row> =
        common::csv_file(common::repo("studies/trials.csv")).into_iter().map(|r| (r["id"].clone(), r)).collect();
    let outcomes = common::csv_file(common::repo("studies/outcomes.csv"));
    let evidence: HashMap<String, common::Row> =
        common::csv_file(common::repo("studies/evidence.csv")).into_iter().map(|r| (r["id"].clone(), r)).collect();
    let mut checked = 0;
    for file in ["clinic-claims.txt", "clinic-page.html", "own-words.txt"] {
        for r in audit(&common::repo(&format!("tests/articles/{file}")).to_string_lossy()) {
            let mut fields: Vec<String> = Vec::new();
            if let Some(t) = trials.get(&r["trial"]) {
                fields.extend(t.values().cloned());
                for o in outcomes.iter().filter(|o| o["trial"] == r["trial"]) {
                    fields.extend(o.values().cloned());
                    for (e, n) in [("events_t", "n_t"), ("events_c", "n_c")] {
                        if let (Ok(e), Ok(n)) = (o[e].parse::<f64>(), o[n].parse::<f64>()) {
                            fields.push(format!("{}", (100.0 * e / n).round()));
                        }
                    }
                }
            }
            for reason in r["reasons"].split("; says ") {
                let Some((_, catalog)) = reason.split_once("catalog: ") else { continue };
                let mut text = catalog.to_string();
                for (id, e) in &evidence {
                    if text.contains(id.as_str()) {
                        fields.extend(e.values().cloned());
                        text = text.replace(id.as_str(), " ");
                    }
                }
                text = text.replace(&r["trial"], " ").replace("trials.csv", " ").replace("outcomes.csv", " ");
                for num in text.split(|c: char| !c.is_ascii_digit() && c != '.').map(|n| n.trim_matches('.')) {
                    if num.is_empty() {
                        continue;
                    }
                    checked += 1;
                    assert!(
                        fields.iter().any(|f| f.contains(num)),
                        "{file} line {}: {num} in {reason:?} is in no named row",
                        r["line"]
                    );
                }
            }
        }
    }
    assert!(checked > 40, "only {checked} numbers checked");
}

#[test]
fn the_reasons_that_decide_the_verdict_come_first_and_say_their_verdict() {
    let rows = audit(&format!("{}/tests/articles/clinic-page.html", env!("CARGO_MANIFEST_DIR")));
    let abdallah = row(&rows, "A 2022 study of 158 veterans");
    assert_eq!(abdallah["verdict"], "wrong");
    let reasons: Vec<&str> = abdallah["reasons"].split("; says").collect();
    assert!(reasons[0].starts_with("wrong: says \"works\""), "{}", abdallah["reasons"]);
    // The agreeing assertions follow, unprefixed.
    assert!(
        abdallah["reasons"].contains("; says 158 participants; catalog: 158 randomized"),
        "{}",
        abdallah["reasons"]
    );
    for r in &rows {
        let verdict = &r["verdict"];
        if verdict != "accurate" && verdict != "no trial" {
            assert!(r["reasons"].starts_with(&format!("{verdict}: ")), "{verdict}: {}", r["reasons"]);
        }
    }
}
