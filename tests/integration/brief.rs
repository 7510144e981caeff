//! `evrev brief`: the page's structure read back with an HTML5 parser (sections, SoF rows, DOI links),
//! that it is self-contained and escapes hostile catalog text, reproducible with SOURCE_DATE_EPOCH,
//! written atomically, and (when Chromium is here) rendered cleanly by a real browser.

use crate::common::{self, evrev};
use scraper::{ElementRef, Html, Selector};
use std::path::Path;

const HOSTILE: &str = "tests/catalogs/brief-hostile";
/// 2026-12-01T00:00:00Z.
const EPOCH: &str = "1796083200";

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// `evrev brief ARGS` to standard output, with the date pinned.
fn brief(args: &[&str]) -> String {
    evrev().arg("brief").args(args).env("SOURCE_DATE_EPOCH", EPOCH).run().ok()
}

fn hostile_brief() -> String {
    evrev().catalog(common::repo(HOSTILE)).arg("brief").env("SOURCE_DATE_EPOCH", EPOCH).run().ok()
}

fn sections(doc: &Html) -> Vec<ElementRef<'_>> {
    doc.select(&sel("section.condition")).collect()
}

#[test]
fn one_section_per_condition_with_its_sof_rows() {
    let page = brief(&[]);
    let doc = Html::parse_document(&page);
    let conditions = common::csv_rows(&evrev().args(["conditions", "--format", "csv"]).run().ok());
    let with_trials: Vec<&str> =
        conditions.iter().filter(|c| c["trials"] != "0").map(|c| c["condition"].as_str()).collect();
    let ids: Vec<String> = sections(&doc).iter().map(|s| s.value().attr("id").unwrap().to_string()).collect();
    assert_eq!(ids, with_trials, "one <section> per condition with trials, in catalog order");
    for s in sections(&doc) {
        let key = s.value().attr("id").unwrap();
        let totals = conditions.iter().find(|c| c["condition"] == key).unwrap();
        let plain: String = s.text().collect();
        let trials = format!("The evidence: {} trial", totals["trials"]);
        assert!(plain.contains(&trials), "{key}: lacks {trials:?}");
        assert!(plain.contains(&format!("{} participants randomized or enrolled", totals["randomized"])), "{key}");
        let sof = evrev().args(["sof", "--condition", key, "--format", "csv"]).run();
        let rows = s.select(&sel("table.sof tbody tr")).count();
        if sof.code == 0 {
            let expected = common::csv_rows(&sof.stdout);
            assert_eq!(rows, expected.len(), "{key}: SoF rows");
            for (tr, row) in s.select(&sel("table.sof tbody tr")).zip(&expected) {
                let text: String = tr.text().collect();
                assert!(text.contains(&row["outcome"]), "{key}: row {text} lacks outcome {}", row["outcome"]);
                assert!(text.contains(&row["certainty"]), "{key}: row {text} lacks certainty {}", row["certainty"]);
            }
            let answer: String = s.select(&sel("ul.statements")).flat_map(|u| u.text()).collect();
            for row in &expected {
                assert!(answer.contains(&row["statement"]), "{key}: plain words lack {:?}", row["statement"]);
            }
            assert_footnotes_and_icons(key, s);
        } else {
            assert_eq!(rows, 0, "{key}: a table though sof has nothing to pool");
        }
        let headings: Vec<String> = s.select(&sel("h3")).map(|h| h.text().collect()).collect();
        let expected = [
            "The answer in plain words",
            "Summary of Findings",
            "Forest plots and risk of bias",
            "The trials",
            "What the articles claim",
            "Methods and provenance",
        ];
        assert_eq!(headings, expected, "{key}: the six parts in order");
    }
}

/// Every SoF footnote under the table, and an icon array (with its numbers as text) per outcome
/// whose comparator risk is not zero.
fn assert_footnotes_and_icons(key: &str, s: ElementRef<'_>) {
    let json = evrev().args(["sof", "--condition", key, "--format", "json"]).run().ok();
    let sof: serde_json::Value = serde_json::from_str(&json).unwrap();
    let notes: String = s.select(&sel("ul.notes li")).flat_map(|li| li.text()).collect();
    let labels: Vec<&str> =
        s.select(&sel("figure.icons [role=img]")).filter_map(|f| f.value().attr("aria-label")).collect();
    let mut pictured = 0;
    for row in sof["rows"].as_array().unwrap() {
        for f in row["footnotes"].as_array().unwrap() {
            assert!(notes.contains(f["text"].as_str().unwrap()), "{key}: footnote {f} missing");
        }
        if let Some(c) = row["per1000_c"].as_i64().filter(|&c| c > 0) {
            let t = row["per1000_t"].as_i64().unwrap();
            let label = labels.get(pictured).unwrap_or_else(|| panic!("{key}: no icon array for {}", row["outcome"]));
            assert!(label.contains(&format!("Comparator: {} in 1,000", people(c))), "{key}: {label}");
            assert!(label.contains(&format!(": {} in 1,000", people(t))), "{key}: {label}");
            pictured += 1;
        }
    }
    assert_eq!(labels.len(), pictured, "{key}: icon arrays");
}

/// "1,000" for 1000, as the page writes counts per 1,000.
fn people(n: i64) -> String {
    if n >= 1000 { format!("{},{:03}", n / 1000, n % 1000) } else { n.to_string() }
}

#[test]
fn every_trial_with_a_doi_is_linked_to_it_under_each_of_its_conditions() {
    let doc = Html::parse_document(&brief(&[]));
    let trials = common::csv_file(common::repo("studies/trials.csv"));
    let mut checked = 0;
    for t in &trials {
        for key in t["condition"].split(';') {
            let section =
                doc.select(&sel(&format!("section#{key}"))).next().expect("section of a condition with trials");
            let hrefs: Vec<&str> =
                section.select(&sel("table.trials a")).filter_map(|a| a.value().attr("href")).collect();
            if !t["doi"].is_empty() {
                let doi = format!("https://doi.org/{}", t["doi"]);
                assert!(hrefs.contains(&doi.as_str()), "{key}: no link {doi} for {}", t["id"]);
                checked += 1;
            } else if !t["pmid"].is_empty() {
                let pubmed = format!("https://pubmed.ncbi.nlm.nih.gov/{}/", t["pmid"]);
                assert!(hrefs.contains(&pubmed.as_str()), "{key}: no link {pubmed} for {}", t["id"]);
            }
        }
    }
    assert!(checked >= 20, "only {checked} DOI links checked");
}

/// The host of an absolute URL, by hand (not with the code under test).
fn host(url: &str) -> Option<&str> {
    url.strip_prefix("https://").map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""))
}

/// What every brief must be: no scripts, nothing loaded, links only to DOI, PubMed and registries,
/// the CSP declared, headings in order, tables with captions and header cells.
fn assert_self_contained(page: &str) {
    let doc = Html::parse_document(page);
    let allowed =
        ["doi.org", "pubmed.ncbi.nlm.nih.gov", "clinicaltrials.gov", "www.clinicaltrials.gov", "www.anzctr.org.au"];
    for el in doc.root_element().descendants().filter_map(ElementRef::wrap) {
        let name = el.value().name();
        assert!(!["script", "iframe", "object", "embed", "link", "img", "base", "form"].contains(&name), "<{name}>");
        for (attr, value) in el.value().attrs() {
            assert!(!attr.starts_with("on"), "event handler {attr}={value:?} on <{name}>");
            if attr == "src" || attr == "srcset" || attr == "xlink:href" {
                assert!(value.starts_with("data:"), "<{name} {attr}={value:?}> points outside the page");
            }
            if attr == "href" && !value.starts_with('#') {
                assert!(host(value).is_some_and(|h| allowed.contains(&h)), "external href {value:?} on <{name}>");
            }
        }
    }
    assert!(!page.contains("url("), "CSS url() would load something");
    let csp = doc.select(&sel(r#"meta[http-equiv="Content-Security-Policy"]"#)).next().expect("CSP meta");
    assert_eq!(csp.value().attr("content").unwrap(), "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    let levels: Vec<u8> =
        doc.select(&sel("h1, h2, h3, h4, h5, h6")).map(|h| h.value().name()[1..].parse().unwrap()).collect();
    assert_eq!(levels.first(), Some(&1));
    assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1, "one h1");
    assert!(levels.windows(2).all(|w| w[1] <= w[0] + 1), "a heading level skipped: {levels:?}");
    for table in doc.select(&sel("table")) {
        assert!(table.select(&sel("caption")).next().is_some(), "table without caption");
        assert!(table.select(&sel("thead th[scope=col]")).next().is_some(), "table without column headers");
        assert!(table.select(&sel("tbody th[scope=row]")).next().is_some(), "table without row headers");
    }
}

#[test]
fn the_page_is_self_contained_accessible_and_links_only_to_allowed_hosts() {
    assert_self_contained(&brief(&[]));
    assert_self_contained(&hostile_brief());
}

#[test]
fn hostile_catalog_text_comes_out_as_text() {
    let page = hostile_brief();
    assert_self_contained(&page);
    assert!(!page.contains("<script"), "a raw <script> tag in the page");
    assert!(
        !page.contains("<iframe") && !page.contains("<img") && !page.contains("<b>"),
        "raw markup from the catalog"
    );
    let doc = Html::parse_document(&page);
    let text: String = doc.root_element().text().collect();
    for shown in [
        "Anxiety \"'><script>alert(1)</script>",
        "<script>alert(1)</script> Alpha 2021, J \"Test'><",
        "\"'><img src=x onerror=alert(1)>",
        "placebo <iframe src=\"https://evil.example/\"></iframe>",
        "Ketamine cures anxiety <script>alert(6)</script> \"'><",
        "One small trial <b>only</b> \"'><",
        "<script>alert(5)</script> Clinic \"page'><",
    ] {
        assert!(text.contains(shown), "{shown:?} is not shown as text");
    }
    // The forest plot's study label (drawn by report::svg) is escaped too.
    let svg_text: String = doc.select(&sel("figure.plot svg text")).flat_map(|t| t.text()).collect();
    assert!(svg_text.contains("<script>alert(1)</script> Alpha 2021"), "forest plot label: {svg_text}");
    // A hostile DOI stays inside doi.org, percent-encoded; registry text that is not an identifier is not linked.
    let hrefs: Vec<&str> = doc.select(&sel("a")).filter_map(|a| a.value().attr("href")).collect();
    assert!(hrefs.contains(&"https://doi.org/10.1000/alpha%22%3E%3Cscript%3Ealert(2)%3C/script%3E"), "{hrefs:?}");
    assert!(hrefs.contains(&"https://clinicaltrials.gov/study/NCT01234567"));
    assert!(hrefs.contains(&"https://www.anzctr.org.au/ACTRN12615000617561.aspx"));
    assert!(!hrefs.iter().any(|h| h.contains("javascript")));
    // claims.csv: the claim about a trial, and the trial-less one that names the condition by its alias.
    let anx = doc.select(&sel("section#anx")).next().unwrap();
    let verdicts: Vec<String> = anx.select(&sel(".claim .verdict")).map(|v| v.text().collect()).collect();
    assert_eq!(verdicts, ["Verdict: overstated", "Verdict: unverifiable"]);
}

#[test]
fn source_date_epoch_makes_the_page_reproducible() {
    let a = evrev().args(["brief", "--condition", "ptsd"]).env("SOURCE_DATE_EPOCH", EPOCH).output();
    let b = evrev().args(["brief", "--condition", "ptsd"]).env("SOURCE_DATE_EPOCH", EPOCH).output();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout, "two runs with the same SOURCE_DATE_EPOCH differ");
    let page = String::from_utf8(a.stdout).unwrap();
    assert!(page.contains("2026-12-01 (from SOURCE_DATE_EPOCH)"));
    assert!(page.contains(&format!("evrev {}", env!("CARGO_PKG_VERSION"))));
    let hash = evrev::catalog::fingerprint(&evrev::catalog::Source::Embedded).unwrap().hex();
    assert!(page.contains(&hash), "the catalog's content hash {hash}");
    let dir = evrev().catalog(common::repo(HOSTILE)).args(["brief"]).env("SOURCE_DATE_EPOCH", EPOCH).run().ok();
    assert!(dir.contains("the catalog folder") && !dir.contains(&hash), "a folder catalog has its own hash");
    evrev()
        .args(["brief", "--condition", "ptsd"])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .run()
        .code(2)
        .stderr_has("SOURCE_DATE_EPOCH");
}

#[test]
fn output_file_is_written_whole_and_errors_exit_as_other_commands() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("ptsd.html");
    std::fs::write(&target, "old contents").unwrap();
    let out = evrev().args(["brief", "--condition", "ptsd", "-o"]).arg(&target).env("SOURCE_DATE_EPOCH", EPOCH).run();
    assert_eq!(out.ok(), "", "nothing on standard output when -o names a file");
    let written = std::fs::read_to_string(&target).unwrap();
    assert_eq!(written, brief(&["--condition", "ptsd", "-o", "-"]), "-o FILE and -o - write the same page");
    assert!(written.starts_with("<!DOCTYPE html>") && written.trim_end().ends_with("</html>"));
    let names = |d: &Path| std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name()).collect::<Vec<_>>();
    assert_eq!(names(dir.path()).len(), 1, "temporary file left behind");
    // A folder in the way: exit 73, nothing left behind.
    let folder = dir.path().join("folder.html");
    std::fs::create_dir(&folder).unwrap();
    evrev().args(["brief", "-o"]).arg(&folder).run().code(73).stderr_has("cannot write");
    assert_eq!(names(dir.path()).len(), 2, "left behind: {:?}", names(dir.path()));
    evrev().args(["brief", "-o"]).arg(dir.path().join("missing/x.html")).run().code(73);
    evrev().args(["brief", "--condition", "ocdd"]).run().code(2).stderr_has("ocd");
    evrev().args(["brief", "--audit", "no-such-article.txt"]).run().code(66);
    evrev().args(["brief", "--condition", "ptsd", "--since", "2100"]).run().code(1).stderr_has("nothing to brief");
}

#[test]
fn audited_articles_show_their_verdicts_under_the_condition() {
    let article = common::repo("tests/articles/clinic-claims.txt");
    let page = evrev()
        .args(["brief", "--condition", "social anxiety", "--audit"])
        .arg(&article)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .run()
        .ok();
    let doc = Html::parse_document(&page);
    let audit = common::csv_rows(&evrev().arg("audit").arg(&article).args(["--format", "csv"]).run().ok());
    let taylor: Vec<_> = audit.iter().filter(|r| r["trial"] == "taylor-2018-sad").collect();
    assert!(!taylor.is_empty(), "the article names Taylor 2018");
    let claims: Vec<String> = doc.select(&sel(".claim")).map(|c| c.text().collect()).collect();
    for row in taylor {
        let shown = claims.iter().find(|c| c.contains(&row["sentence"])).expect("audited sentence shown");
        assert!(shown.contains(&format!("Verdict: {}", row["verdict"])), "{shown}");
        assert!(shown.contains("clinic-claims.txt, line"), "{shown}");
    }
    assert!(page.contains("Audited in this run:"), "the article's summary in the methods");
    // An HTML article is read as its visible text, as `evrev audit` reads it.
    let html = common::repo("tests/articles/clinic-page.html");
    let page = evrev().args(["brief", "--audit"]).arg(&html).env("SOURCE_DATE_EPOCH", EPOCH).run().ok();
    let summary = evrev().arg("audit").arg(&html).run().ok();
    let line = summary.lines().last().unwrap();
    assert!(page.contains(&format!("clinic-page.html: {line}")), "{line}");
}

#[test]
fn catalogs_without_claims_or_risk_of_bias_still_make_a_page() {
    for dir in ["tests/catalogs/small", "tests/catalogs/unicode", "tests/catalogs/required-only"] {
        let page = evrev().catalog(common::repo(dir)).arg("brief").env("SOURCE_DATE_EPOCH", EPOCH).run().ok();
        assert_self_contained(&page);
        let doc = Html::parse_document(&page);
        assert!(!sections(&doc).is_empty(), "{dir}: no section");
        for s in sections(&doc) {
            assert_eq!(s.select(&sel("h3")).count(), 6, "{dir}: six parts in every section");
        }
    }
}

/// Chromium for the rendering test: required under CI (which installs it), else optional.
fn chromium() -> Option<&'static Path> {
    let path = Path::new("/usr/bin/chromium");
    if path.exists() {
        return Some(path);
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but {} is missing", path.display());
    eprintln!("skipped: no {} (CI installs it; set CI=true to make this a failure)", path.display());
    None
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let b = std::fs::read(path).unwrap();
    assert!(b.starts_with(b"\x89PNG\r\n\x1a\n") && &b[12..16] == b"IHDR", "{} is not a PNG", path.display());
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (be(16), be(20))
}

/// Pages of a PDF: its `/Type /Page` objects (not the `/Type /Pages` tree nodes).
fn pdf_pages(path: &Path) -> usize {
    let b = std::fs::read(path).unwrap();
    assert!(b.starts_with(b"%PDF-"), "{} is not a PDF", path.display());
    let text = String::from_utf8_lossy(&b);
    text.match_indices("/Type")
        .filter(|(i, _)| {
            let rest = text[i + 5..].trim_start();
            rest.starts_with("/Page") && !rest[5..].starts_with(|c: char| c.is_ascii_alphanumeric())
        })
        .count()
}

#[test]
fn chromium_renders_the_brief_cleanly_at_both_widths_and_on_a4() {
    let Some(_) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("ptsd.html");
    evrev().args(["brief", "--condition", "ptsd", "-o"]).arg(&html).env("SOURCE_DATE_EPOCH", EPOCH).run().ok();
    let shots = dir.path().join("shots");
    let script = common::repo("scripts/screenshot.sh");
    let run = std::process::Command::new("bash").arg(&script).arg(&html).arg(&shots).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "screenshot.sh failed (console errors or blocked requests?):\n{stderr}");
    assert_eq!(png_size(&shots.join("brief-1280.png")).0, 1280);
    assert_eq!(png_size(&shots.join("brief-360.png")).0, 360);
    let pages = pdf_pages(&shots.join("brief.pdf"));
    assert!((3..=10).contains(&pages), "{pages} A4 pages for one condition");
    let dom = std::fs::read_to_string(shots.join("dom.html")).unwrap();
    assert!(dom.contains("Methods and provenance") && dom.contains("</html>"), "Chromium did not load the whole page");
    // The control: a page that breaks the policy makes the same script fail, so the check above saw
    // Chromium's log rather than nothing.
    let bad = dir.path().join("bad.html");
    std::fs::write(&bad, format!("<!DOCTYPE html><meta http-equiv=\"Content-Security-Policy\" content=\"{}\"><img src=\"https://example.invalid/x.png\"><p>x</p>", evrev::report::html::CSP)).unwrap();
    let run = std::process::Command::new("bash")
        .arg(&script)
        .arg(&bad)
        .arg(dir.path().join("bad"))
        .args(["600", "600"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "a blocked image went unnoticed:\n{stderr}");
    assert!(stderr.contains("Content Security Policy"), "{stderr}");
}
