//! Reading in parts (`parts`) and in two stages (`pipeline`) gives what one pass gives: every
//! catalog of the test corpus, and catalogs made to be cut badly, loaded with their files cut at
//! every line end, compared with the catalog read in one part.

use super::Split;
use crate::catalog::load::load_split;
use crate::catalog::{Catalog, CatalogError, Source};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Everything a load gives, as text: the problems, or every trial, outcome row and warning.
fn dump(loaded: Result<Catalog, CatalogError>) -> String {
    let c = match loaded {
        Ok(c) => c,
        Err(e) => return format!("{e:?}"),
    };
    let mut out = String::new();
    for t in &c.trials {
        let raw: Vec<&str> = t.raw().iter().collect();
        let (id, year, design, n) = (&t.id, t.year, t.design, t.n_randomized);
        writeln!(out, "{id} {year} {design:?} {n:?} {:?} line {} {raw:?}", t.conditions, t.line()).unwrap();
        for o in c.outcomes_of(&t.id) {
            writeln!(out, "  {:?} line {}", o.line(), o.line()).unwrap();
        }
    }
    for o in &c.outcomes {
        writeln!(out, "{o:?} line {}", o.line()).unwrap();
    }
    writeln!(out, "{:?}", crate::catalog::warnings(&c)).unwrap();
    out
}

/// Every position just after a line end in the folder's trials.csv or outcomes.csv.
fn line_starts(dir: &Path) -> Vec<u64> {
    let mut cuts: Vec<u64> = ["trials.csv", "outcomes.csv"]
        .iter()
        .filter_map(|f| std::fs::read(dir.join(f)).ok())
        .flat_map(|b| b.iter().enumerate().filter(|(_, c)| **c == b'\n').map(|(i, _)| i as u64 + 1).collect::<Vec<_>>())
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// The folder loaded whole and with every cut (one, and two cuts around it), both ways of loading.
fn check_cuts(dir: &Path) {
    let source = Source::Dir(dir.to_path_buf());
    let cuts = line_starts(dir);
    for rows in [true, false] {
        let whole = dump(load_split(&source, rows, Split::Parts { parts: 1, min_bytes: u64::MAX }));
        for (i, &cut) in cuts.iter().enumerate() {
            let mut tries = vec![vec![cut]];
            if let Some(&next) = cuts.get(i + 2) {
                tries.push(vec![cut, next]);
            }
            for at in tries {
                let parts = dump(load_split(&source, rows, Split::At(at.clone())));
                assert_eq!(parts, whole, "{} cut at {at:?} (rows kept: {rows})", dir.display());
            }
        }
    }
}

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("studies")];
    for group in ["tests/catalogs", "tests/malformed"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(group))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("trials.csv").is_file())
            .collect();
        found.sort();
        dirs.extend(found);
    }
    dirs
}

#[test]
fn every_catalog_of_the_corpus_reads_the_same_in_parts() {
    let dirs = corpus();
    assert!(dirs.len() > 40, "{dirs:?}");
    for dir in dirs {
        check_cuts(&dir);
    }
}

const TRIALS: &str =
    "id,citation,title,year,condition,design,blinding,comparator,drug,route,n_randomized,doi,pmid,source,notes\n";
const OUTCOMES: &str = "trial,outcome,scale,definition,timepoint,days,primary,arm_t,events_t,n_t,arm_c,events_c,n_c,mean_t,sd_t,mean_c,sd_c,source,provenance,notes\n";

/// A catalog made to be cut badly: ids repeated far apart (valid and invalid rows), notes that span
/// lines inside quotes, blank lines, CRLF line ends, a bad byte, rows of the wrong width, unknown
/// trials, and warnings past the "first ten" of each kind.
/// With `valid`, the same without the problems: ids unique, every row loads.
fn awkward(dir: &Path, crlf: bool, valid: bool) {
    let mut trials = String::from(TRIALS);
    let mut outcomes = String::from(OUTCOMES);
    for i in 0..40 {
        let id = if valid { format!("t{i}") } else { format!("t{}", i % 17) };
        let year = if i % 9 == 4 && !valid { "20x0" } else { "2020" };
        let note = if i % 5 == 0 { "\"a note\nover two lines, \"\"quoted\"\"\"" } else { "" };
        writeln!(trials, "{id},C {i},T,{year},dep,parallel-rct,double,placebo,k,IV,{},,,abstract,{note}", 10 + i)
            .unwrap();
        if i % 7 == 3 {
            trials.push_str("\n\n");
        }
        if i % 13 == 6 && !valid {
            trials.push_str("x,too,short\n");
        }
        let prov = if i % 3 == 0 { "" } else { "reported" };
        let trial = if i % 11 == 10 && !valid { "nobody" } else { &id };
        writeln!(outcomes, "{trial},response,X,def,wk{i},7,yes,k,{},20,p,2,20,,,,,abstract,{prov},\"n\n{i}\"", i % 20)
            .unwrap();
        writeln!(outcomes, "{trial},score,X,def,wk1,7,no,k,,20,p,,20,1.5,0,1.0,{},abstract,{prov},", i % 2).unwrap();
    }
    let mut bytes = trials.into_bytes();
    if !valid {
        bytes.extend_from_slice(b"t99,C \xff,T,2020,dep,parallel-rct,double,placebo,k,IV,10,,,abstract,\n");
    }
    let (mut t, mut o) = (bytes, outcomes.into_bytes());
    if crlf {
        let to_crlf =
            |b: &[u8]| b.iter().flat_map(|&c| if c == b'\n' { vec![b'\r', b'\n'] } else { vec![c] }).collect();
        (t, o) = (to_crlf(&t), to_crlf(&o));
    }
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("trials.csv"), t).unwrap();
    std::fs::write(dir.join("outcomes.csv"), o).unwrap();
}

#[test]
fn a_catalog_made_to_be_cut_badly_reads_the_same_in_parts() {
    let root = std::env::temp_dir().join(format!("evrev-parts-{}", std::process::id()));
    for (name, crlf) in [("lf", false), ("crlf", true)] {
        for valid in [false, true] {
            let dir = root.join(format!("{name}-{valid}"));
            awkward(&dir, crlf, valid);
            let loaded = load_split(&Source::Dir(dir.clone()), true, Split::Parts { parts: 1, min_bytes: u64::MAX });
            assert_eq!(loaded.is_ok(), valid, "{}", dump(loaded));
            check_cuts(&dir);
        }
    }
    std::fs::remove_dir_all(&root).unwrap();
}

/// How many parts a file is read in when cut at `at`.
fn parts_read(path: &Path, at: Vec<u64>) -> usize {
    let file = crate::catalog::read::read_file(path).unwrap();
    let (_, parts) = super::read(file, &[], &Split::At(at), &|_| (), &|_: &mut (), _, _| {});
    parts.len()
}

#[test]
fn a_file_is_read_in_parts_unless_a_cut_falls_inside_a_record() {
    let dir = std::env::temp_dir().join(format!("evrev-cut-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("f.csv");
    std::fs::write(&path, "a,b\n1,\"x\ny\"\n2,z\n").unwrap();
    assert_eq!(parts_read(&path, vec![4]), 2); // after the header
    assert_eq!(parts_read(&path, vec![4, 12]), 3);
    assert_eq!(parts_read(&path, vec![4, 16]), 2); // the end of the file is no cut
    assert_eq!(parts_read(&path, vec![9]), 1); // inside the quoted field: read again whole
    assert_eq!(parts_read(&path, vec![1, 2]), 1); // not after a line end: the header is cut
    std::fs::remove_dir_all(&dir).unwrap();
}
