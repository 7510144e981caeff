//! Output safety: spreadsheet formulas neutralised in CSV, terminal escapes neutralised in tables,
//! a closed pipe ends quietly, and a failed export leaves no file behind.

use std::io::Read;
use std::process::{Command, Stdio};

const TH: &str = "id,citation,title,year,condition,design,blinding,comparator,drug,route,n_randomized,doi,pmid,source";
const OH: &str = "trial,outcome,scale,definition,timepoint,days,primary,arm_t,events_t,n_t,arm_c,events_c,n_c,mean_t,sd_t,mean_c,sd_c,source,notes";

fn hostile_catalog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let trials = format!(
        "{TH}\nt1,\"=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",\"Evil \u{1b}[2J\u{1b}[31mred\u{7} title\",2020,anx,parallel-rct,,\"+cmd|' /C calc'!A0\",ketamine,IV,20,,,\"@SUM(1+1)\"\n"
    );
    let outcomes = format!("{OH}\nt1,response,-X,def,wk1,7,yes,k,5,10,p,2,10,,,,,abstract,\n");
    std::fs::write(dir.path().join("trials.csv"), trials).unwrap();
    std::fs::write(dir.path().join("outcomes.csv"), outcomes).unwrap();
    dir
}

fn evrev(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_evrev")).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn csv_exports_neutralise_formulas_but_keep_numbers() {
    let dir = hostile_catalog();
    let cat = dir.path().to_str().unwrap();
    let (code, trials, err) = evrev(&["--catalog", cat, "export", "--what", "trials", "-o", "-"]);
    assert_eq!(code, 0, "{err}");
    let mut r = csv::Reader::from_reader(trials.as_bytes());
    let row = r.records().next().unwrap().unwrap();
    assert!(row[1].starts_with("'=HYPERLINK"), "{}", &row[1]);
    assert!(row[7].starts_with("'+cmd"), "{}", &row[7]);
    assert!(row[13].starts_with("'@SUM"), "{}", &row[13]);
    let (_, summary, _) = evrev(&["--catalog", cat, "export", "--what", "summary", "-o", "-"]);
    let mut r = csv::Reader::from_reader(summary.as_bytes());
    let h = r.headers().unwrap().clone();
    let row = r.records().next().unwrap().unwrap();
    let col = |name: &str| row[h.iter().position(|c| c == name).unwrap()].to_string();
    assert!(col("rd").parse::<f64>().is_ok(), "a number stays a number: {}", col("rd"));
    assert_eq!(col("scale"), "'-X");
    // A negative number is written as a number, not text.
    assert!(!summary.contains("'-0."), "numbers were neutralised");
}

#[test]
fn terminal_output_has_no_escape_sequences() {
    let dir = hostile_catalog();
    for format in ["table", "markdown"] {
        let (code, out, err) = evrev(&["--catalog", dir.path().to_str().unwrap(), "trials", "--format", format]);
        assert_eq!(code, 0, "{err}");
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{format}: raw control characters in {out:?}");
    }
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    // Enough output to fill the pipe, so evrev is still writing when the reader goes away.
    let dir = tempfile::tempdir().unwrap();
    let rows: String =
        (0..5000).map(|i| format!("t{i},T {i},title,2020,anx,parallel-rct,,,ketamine,IV,20,,,src\n")).collect();
    let outs: String = (0..5000).map(|i| format!("t{i},response,X,d,w,7,yes,k,5,10,p,2,10,,,,,src,\n")).collect();
    std::fs::write(dir.path().join("trials.csv"), format!("{TH}\n{rows}")).unwrap();
    std::fs::write(dir.path().join("outcomes.csv"), format!("{OH}\n{outs}")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_evrev"))
        .args(["--catalog", dir.path().to_str().unwrap(), "summary", "--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take()); // the reader goes away, as `head -1` does
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(status.success(), "exit {status:?}, stderr {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_failed_export_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.csv");
    std::fs::create_dir(&target).unwrap(); // the target is a folder: the rename fails
    let (code, _, err) = evrev(&["export", "--what", "summary", "-o", target.to_str().unwrap()]);
    assert_eq!(code, 73, "{err}");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "left behind: {names:?}");
}

#[cfg(unix)]
#[test]
fn an_export_has_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("trials.csv");
    let (code, _, err) = evrev(&["export", "--what", "trials", "-o", target.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_ne!(mode, 0o600, "the temporary file's private mode leaked into the export");
    assert!(mode & 0o044 != 0 || mode & 0o400 != 0, "mode {mode:o}");
}
