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
    assert!(page.contains("2026-12-01 UTC (from SOURCE_DATE_EPOCH)"));
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
    // Negative, or past year 9999: no date (reproducible-builds.org: a non-negative integer).
    for bad in ["-100000000000000", "253402300800"] {
        evrev().args(["brief", "--condition", "ptsd"]).env("SOURCE_DATE_EPOCH", bad).run().code(2);
    }
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

/// The `li` texts of a section's "trials not in the table" list.
fn unpooled_items(page: &str, key: &str) -> Vec<String> {
    let doc = Html::parse_document(page);
    let section = doc.select(&sel(&format!("section#{key}"))).next().unwrap_or_else(|| panic!("no section {key}"));
    section.select(&sel("ul.unpooled li")).map(|li| li.text().collect::<String>()).collect()
}

#[test]
fn plain_words_list_the_ptsd_trials_the_table_leaves_out_with_their_results() {
    let items = unpooled_items(&brief(&["--condition", "ptsd"]), "ptsd");
    assert_eq!(items.len(), 2, "{items:#?}");
    let abdallah = items.iter().find(|i| i.contains("Abdallah 2022")).expect("Abdallah 2022 listed");
    assert!(abdallah.contains("158 participants"), "{abdallah}");
    assert!(abdallah.contains("found no difference on its primary outcome (PCL-5)"), "{abdallah}");
    assert!(abdallah.contains("reported without numbers evrev can pool"), "{abdallah}");
    let feder = items.iter().find(|i| i.contains("Feder 2014")).expect("Feder 2014 listed");
    assert!(feder.contains("41 participants") && feder.contains("found a benefit on its primary outcome"), "{feder}");
    assert!(!items.iter().any(|i| i.contains("Feder 2021")), "Feder 2021 is in the SoF table");
    let page = brief(&["--condition", "ptsd"]);
    assert!(page.contains("Together they enrolled 199 participants; the trials behind the statements, 30."));
}

const UNPOOLED_TRIALS: &str = "id,citation,title,year,condition,design,blinding,comparator,drug,route,n_randomized,doi,pmid,source,primary_result,notes
p1,\"Pool 2020, J A\",Pooled one,2020,dep,parallel-rct,double-blind,placebo,ketamine,IV,30,,,t,positive,
p2,\"Pool 2021, J A\",Pooled two,2021,dep,parallel-rct,double-blind,placebo,ketamine,IV,40,,,t,positive,
n1,\"Null 2022, J B\",No numbers,2022,dep,parallel-rct,double-blind,placebo,ketamine,IV,150,,,t,null,
s1,\"Single 2019, J C\",One arm,2019,dep,open-label,open,none,ketamine,IV,25,,,t,positive,
m1,\"Pct 2018, J D\",Percentages,2018,dep,parallel-rct,double-blind,placebo,ketamine,IV,60,,,t,mixed,
e1,\"Empty 2017, J E\",No rows,2017,dep,crossover-rct,double-blind,placebo,ketamine,IV,,,,t,,size not in the abstract
";
const UNPOOLED_OUTCOMES: &str = "trial,outcome,scale,definition,timepoint,days,primary,arm_t,events_t,n_t,arm_c,events_c,n_c,mean_t,sd_t,mean_c,sd_c,source,pct_t,pct_c,notes
p1,response,MADRS,>=50% reduction,week 2,14,yes,ketamine,10,15,placebo,3,15,,,,,t,,,
p2,response,MADRS,>=50% reduction,week 2,14,yes,ketamine,12,20,placebo,5,20,,,,,t,,,
n1,madrs-change,MADRS,mean change,week 2,14,yes,ketamine,,,placebo,,,,,,,t,,,p-value only
s1,response,HAM-D,>=50% reduction,week 1,7,yes,ketamine,9,25,,,,,,,,t,,,
m1,remission,,MADRS <= 10,week 4,28,yes,ketamine,,,placebo,,,,,,,t,40,20,
";

#[test]
fn each_left_out_trial_says_what_it_found_and_why_it_is_not_pooled() {
    let dir =
        common::catalog(&[("trials.csv", UNPOOLED_TRIALS.as_bytes()), ("outcomes.csv", UNPOOLED_OUTCOMES.as_bytes())]);
    let page = evrev().catalog(dir.path()).arg("brief").env("SOURCE_DATE_EPOCH", EPOCH).run().ok();
    let items = unpooled_items(&page, "dep");
    let expected = [
        (
            "Null 2022",
            "150 participants: found no difference on its primary outcome (MADRS)",
            "reported without numbers",
        ),
        ("Single 2019", "25 participants: found a benefit on its primary outcome (HAM-D)", "single arm"),
        ("Pct 2018", "60 participants: had mixed results on its primary outcome (MADRS <= 10)", "percentages without"),
        ("Empty 2017", "size not reported: its primary result is not recorded", "no results from it"),
    ];
    assert_eq!(items.len(), expected.len(), "p1 and p2 are pooled, the rest listed: {items:#?}");
    for ((cite, found, why), item) in expected.iter().zip(&items) {
        assert!(item.starts_with(cite) && item.contains(found) && item.contains(why), "{item}\nwanted {found} / {why}");
    }
    assert!(page.contains("Together they enrolled 235 participants; the trials behind the statements, 70."));
}

/// The text of an element without its `.technical` small print.
fn reader_text(e: ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in e.descendants() {
        let in_small_print = node
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().has_class("technical", scraper::CaseSensitivity::CaseSensitive));
        if let Some(t) = node.value().as_text().filter(|_| !in_small_print) {
            out.push_str(t);
        }
    }
    out
}

#[test]
fn primary_results_and_left_out_outcomes_read_as_scales_not_keys() {
    let page = brief(&["--condition", "ptsd"]);
    assert!(!page.contains("see notes"), "a brief has no notes to see");
    let doc = Html::parse_document(&page);
    let cells: Vec<String> =
        doc.select(&sel("table.trials td[data-label='Primary outcome and result']")).map(reader_text).collect();
    let keys = ["ies-r-change", "caps5-change", "pcl5-change", "madrs-change"];
    for c in &cells {
        assert!(!keys.iter().any(|k| c.contains(k)), "outcome key in {c}");
    }
    let [feder14, feder21, abdallah] = &cells[..] else { panic!("three PTSD trials: {cells:#?}") };
    let designs: Vec<String> =
        doc.select(&sel("table.trials td[data-label='Design']")).map(|e| e.text().collect()).collect();
    assert_eq!(designs, ["Randomized crossover", "Randomized, parallel groups", "Randomized, parallel groups"]);
    assert!(feder14.starts_with("IES-R (mean change from baseline), 24 h after infusion: reported without numbers."));
    assert!(feder14.ends_with("The paper's primary result: a benefit."), "{feder14}");
    assert!(feder21.contains("Response (>=30% reduction from baseline (CAPS-5)): 10/15† (67%) vs 3/15† (20%)."));
    assert!(abdallah.starts_with("PCL-5 (") && abdallah.contains("reported without numbers"), "{abdallah}");
    assert!(abdallah.ends_with("The paper's primary result: no difference."), "{abdallah}");
    let skipped = doc.select(&sel("p.skipped")).next().expect("the outcomes not in the table");
    let words = reader_text(skipped);
    assert!(words.contains("IES-R, 1 trial; CAPS-5, 2 trials; MADRS, 2 trials; PCL-5, 1 trial."), "{words}");
    assert!(!keys.iter().any(|k| words.contains(k)), "keys outside the small print: {words}");
    let small: String = skipped.select(&sel(".technical")).flat_map(|e| e.text()).collect();
    assert!(keys.iter().all(|k| small.contains(k)), "{small}");
    let notes: String = doc.select(&sel("ul.notes")).flat_map(|e| e.text()).collect();
    assert!(!notes.contains("Not in the table"), "the list of keys is replaced, not repeated: {notes}");
}

#[test]
fn sof_rows_and_statement_details_name_the_scale_with_codes_only_in_small_print() {
    let doc = Html::parse_document(&brief(&["--condition", "depression"]));
    let rows: Vec<String> = doc.select(&sel("table.sof tbody th")).map(|e| reader_text(e).trim().to_string()).collect();
    assert!(rows.iter().any(|r| r == "MADRS change, 24 h after first dose"), "{rows:#?}");
    assert!(rows.iter().any(|r| r == "remission (MADRS), end of treatment"), "{rows:#?}");
    let codes: Vec<String> = doc.select(&sel("table.sof tbody th .technical")).map(|e| e.text().collect()).collect();
    assert!(codes.contains(&"(madrs-change)".to_string()), "{codes:?}");
    let details: String = doc.select(&sel("ul.statements .detail")).flat_map(|e| e.text()).collect();
    assert!(
        details.contains("MADRS change, 24 h after first dose: 1 randomized trial, 230 participants."),
        "{details}"
    );
    assert!(!details.contains("madrs-change") && !details.contains("hamd-change"), "{details}");
}
