//! evidence.csv, trials' primary_result and claims.csv's `rows`: loaded and checked, and the
//! explanation self-check (the fact-checker's rule in /work/research/check_claims.py, ported): every
//! reference in `rows` resolves, and every number an explanation quotes appears in the rows it names.

use crate::common;
use std::collections::{HashMap, HashSet};

fn studies(name: &str) -> Vec<common::Row> {
    common::csv_file(common::repo(&format!("studies/{name}")))
}

/// Remove every match of a simple pattern from `text`, replacing it with a space. The patterns are
/// those of check_claims.py's IGNORE list, written as small scanners (no regex dependency).
fn strip_ids(text: &str, trial_ids: &[String]) -> String {
    let mut t = text.to_string();
    // Trial ids, longest first.
    let mut ids: Vec<&String> = trial_ids.iter().collect();
    ids.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for id in ids {
        t = t.replace(id.as_str(), " ");
    }
    let mut out = String::with_capacity(t.len());
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    let word_start = |i: usize| i == 0 || !chars[i - 1].is_alphanumeric();
    let starts = |i: usize, p: &str, ci: bool| {
        let s: String = chars[i..].iter().take(p.chars().count()).collect();
        if ci { s.eq_ignore_ascii_case(p) } else { s == p }
    };
    while i < chars.len() {
        let skip_until = |mut j: usize, stop: &dyn Fn(char) -> bool| {
            while j < chars.len() && !stop(chars[j]) {
                j += 1;
            }
            j
        };
        let digits_from = |j: usize| {
            let mut k = j;
            while k < chars.len() && chars[k].is_ascii_digit() {
                k += 1;
            }
            k
        };
        if word_start(i) {
            // DOI: 10.NNNN/...
            if starts(i, "10.", false) && digits_from(i + 3) >= i + 7 && chars.get(digits_from(i + 3)) == Some(&'/') {
                i = skip_until(i, &|c| c.is_whitespace() || matches!(c, ',' | ';' | ')'));
                out.push(' ');
                continue;
            }
            let mut matched = false;
            for p in ["NCT", "ACTRN", "PMC"] {
                if starts(i, p, true) && digits_from(i + p.len()) > i + p.len() {
                    i = digits_from(i + p.len());
                    matched = true;
                    break;
                }
            }
            if !matched {
                for p in ["PMID:", "PMID", "PubMed"] {
                    if starts(i, p, true) {
                        let mut j = i + p.len();
                        while j < chars.len() && chars[j].is_whitespace() {
                            j += 1;
                        }
                        if digits_from(j) > j {
                            i = digits_from(j);
                            matched = true;
                            break;
                        }
                    }
                }
            }
            if !matched && matches!(chars[i], 'e' | 'c') && digits_from(i + 1) == i + 4 {
                let end = i + 4;
                if end >= chars.len() || !chars[end].is_alphanumeric() {
                    i = end;
                    matched = true;
                }
            }
            if !matched && starts(i, "rob:", false) {
                i = skip_until(i + 4, &|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
                matched = true;
            }
            if matched {
                out.push(' ');
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The numbers `\d+(?:\.\d+)?` of `text`.
fn numbers(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
                i += 1;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
            out.push(text[s..i].to_string());
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn every_number_in_an_explanation_is_in_the_rows_it_names() {
    let trials: HashMap<String, common::Row> =
        studies("trials.csv").into_iter().map(|r| (r["id"].clone(), r)).collect();
    let outcomes = studies("outcomes.csv");
    let rob: HashMap<String, common::Row> = studies("rob.csv").into_iter().map(|r| (r["trial"].clone(), r)).collect();
    let evidence: HashMap<String, common::Row> =
        studies("evidence.csv").into_iter().map(|r| (r["id"].clone(), r)).collect();
    let ids: Vec<String> = trials.keys().cloned().collect();
    let mut errors = Vec::new();
    let claims = studies("claims.csv");
    for c in &claims {
        let cid = &c["id"];
        let refs: Vec<&str> = c["rows"].split(';').map(str::trim).filter(|r| !r.is_empty()).collect();
        let mut fields: Vec<String> = vec![c["quote"].clone(), c["claim"].clone()];
        let (mut pcts, mut years) = (HashSet::new(), HashSet::new());
        for r in &refs {
            let row_fields: Option<Vec<String>> = if let Some(t) = r.strip_prefix("rob:") {
                rob.get(t).map(|x| x.values().cloned().collect())
            } else if let Some((t, o)) = r.split_once('/') {
                let hit: Vec<&common::Row> = outcomes.iter().filter(|x| x["trial"] == t && x["outcome"] == o).collect();
                for x in &hit {
                    for (e, n) in [("events_t", "n_t"), ("events_c", "n_c")] {
                        if let (Ok(e), Ok(n)) = (x[e].parse::<f64>(), x[n].parse::<f64>())
                            && n > 0.0
                        {
                            // Python's round(): half to even.
                            pcts.insert(format!("{}", (100.0 * e / n).round_ties_even()));
                        }
                    }
                }
                (!hit.is_empty()).then(|| hit.iter().flat_map(|x| x.values().cloned()).collect())
            } else if evrev::catalog::is_evidence_id(r) {
                evidence.get(*r).map(|x| x.values().cloned().collect())
            } else {
                trials.get(*r).map(|x| {
                    years.insert(x["year"].clone());
                    x.values().cloned().collect()
                })
            };
            match row_fields {
                Some(f) => fields.extend(f),
                None => errors.push(format!("{cid}: {r} names no row")),
            }
        }
        if c["verdict"] != "unverifiable" && refs.is_empty() {
            errors.push(format!("{cid}: verdict {} but no rows", c["verdict"]));
        }
        if c["verdict"] == "unverifiable" && c["searched"].trim().is_empty() {
            errors.push(format!("{cid}: unverifiable but `searched` is empty"));
        }
        for n in numbers(&strip_ids(&c["explanation"], &ids)) {
            if !(pcts.contains(&n) || years.contains(&n) || fields.iter().any(|f| f.contains(&n))) {
                errors.push(format!("{cid}: number {n} not in its rows"));
            }
        }
    }
    assert!(errors.is_empty(), "{} claims; problems:\n{}", claims.len(), errors.join("\n"));
}

#[test]
fn the_check_catches_a_number_not_in_the_rows() {
    assert_eq!(numbers(&strip_ids("e001 says 2019; NCT02083926 and 10.1038/npp.2017.194, 3.5", &[])), ["2019", "3.5"]);
    assert_eq!(numbers(&strip_ids("feder-2021-ptsd had 30", &["feder-2021-ptsd".into()])), ["30"]);
}

const TRIALS: &str = "id,citation,title,year,condition,design,blinding,comparator,drug,route,n_randomized,doi,pmid,source,primary_result\n\
t1,Smith 2020,A trial,2020,depression,parallel-rct,double-blind,saline,ketamine,IV,20,,,test,positive\n";
const OUTCOMES: &str = "trial,outcome,scale,definition,timepoint,days,primary,arm_t,events_t,n_t,arm_c,events_c,n_c,mean_t,sd_t,mean_c,sd_c,source\n\
t1,response,MADRS,>=50%,day 1,1,yes,ketamine,5,10,saline,2,10,,,,,src\n";
const DOCS: &str = "id,file,title,publisher\nd1,a.txt,A,\n";

fn run_check(files: &[(&str, &[u8])]) -> (Option<i32>, String) {
    let dir = common::catalog(files);
    let out = common::command().args(["--catalog", &dir.path().to_string_lossy(), "check"]).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn bad_evidence_rows_and_references_are_catalog_errors() {
    let evidence = "id,kind,citation,doi,pmid,document,date,statement,source,notes\n\
e001,regulatory,FDA,,,,2019-03-05,approved,http://x,\n\
e001,label,PI,,,,2019,says,http://y,\n\
e002,rumour,Blog,,,,2019,says,http://z,\n";
    let claims = "id,document,quote,claim,trial,verdict,explanation,rows,searched\n\
c001,d1,q,c,t1,accurate,Fine.,t1;t1/response;e001,\n\
c002,d1,q,c,t1,accurate,Fine.,t9;t1/remission;e404;rob:t1,\n";
    let (code, err) = run_check(&[
        ("trials.csv", TRIALS.as_bytes()),
        ("outcomes.csv", OUTCOMES.as_bytes()),
        ("documents.csv", DOCS.as_bytes()),
        ("claims.csv", claims.as_bytes()),
        ("evidence.csv", evidence.as_bytes()),
    ]);
    assert_eq!(code, Some(65), "{err}");
    for part in [
        "evidence.csv:3: column id: expected a unique id, found \"e001\" again",
        "evidence.csv:4: column kind: expected one of regulatory, label, meta-analysis, review, preclinical, found \"rumour\"",
        "claims.csv:3: column rows: \"t9\" names no trials.csv row",
        "claims.csv:3: column rows: \"t1/remission\" names no outcomes.csv row",
        "claims.csv:3: column rows: \"e404\" names no evidence.csv row",
        "claims.csv:3: column rows: \"rob:t1\" names no rob.csv row",
    ] {
        assert!(err.contains(part), "missing {part:?} in\n{err}");
    }
    assert!(!err.contains("claims.csv:2:"), "{err}");
}

#[test]
fn a_bad_primary_result_is_a_catalog_error() {
    let trials = TRIALS.replace(",positive\n", ",worked\n");
    let (code, err) = run_check(&[("trials.csv", trials.as_bytes()), ("outcomes.csv", OUTCOMES.as_bytes())]);
    assert_eq!(code, Some(65), "{err}");
    assert!(err.contains("trials.csv:2: column primary_result: expected one of positive, null, mixed"), "{err}");
}

#[test]
fn the_bundled_catalog_fills_primary_result_or_says_why_not() {
    let catalog = evrev::catalog::embedded().unwrap();
    assert!(catalog.evidence.len() >= 10);
    for t in &catalog.trials {
        let source = catalog.trial_field(t, "primary_result_source");
        assert!(catalog.primary_result(t).is_some() || !source.is_empty(), "{}", t.id);
    }
}
