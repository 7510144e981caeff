//! Output safety: spreadsheet formulas neutralised in CSV, terminal escapes neutralised in tables,
//! messages and (on a terminal) CSV and JSON, a closed pipe ends quietly, and a failed export leaves
//! no file behind.

use crate::common;
use std::io::Read;
use std::process::{Command, Stdio};

const TH: &str = common::TRIALS_HEADER.trim_ascii_end();
const OH: &str = common::OUTCOMES_HEADER.trim_ascii_end();

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
    let out = common::evrev().args(args).output();
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
    let mut child = common::command()
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
    // What any program creating a file here gets under the same umask (the test's, inherited by evrev).
    let plain = dir.path().join("plain");
    std::fs::write(&plain, b"x").unwrap();
    let expected = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode, expected,
        "export mode {mode:o}, an ordinary new file {expected:o} (the temporary file's 0600 leaked?)"
    );
    // A file that is replaced keeps its own permissions.
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let (code, _, err) = evrev(&["export", "--what", "trials", "-o", target.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640);
}

/// Raw control bytes that would act on a terminal (all but newline and tab).
fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

#[test]
fn command_line_values_are_quoted_visibly_in_errors() {
    let esc = "x\u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}";
    let long = format!("{esc}{}", "y".repeat(20_000));
    let nowhere = format!("/nonexistent/{esc}");
    let cases: Vec<Vec<&str>> = vec![
        vec!["trials", "--condition", esc],
        vec!["summary", "--condition", &long],
        vec!["pool", "--outcome", esc],
        vec!["pool", "--outcome", "response", "--subgroup", esc],
        vec!["claims", "--trial", esc],
        vec!["claims", "--document", esc],
        vec!["--catalog", &nowhere, "trials"],
        vec!["audit", &nowhere],
        vec!["export", "--what", "trials", "-o", &nowhere],
    ];
    for args in cases {
        let (code, _, err) = evrev(&args);
        assert_ne!(code, 0, "{args:?}");
        assert!(!has_control(&err) && !err.contains('\u{202e}'), "{args:?}: raw control characters in {err:?}");
        assert!(err.contains("\\u{1b}"), "{args:?}: the escape is shown visibly: {err}");
        assert!(err.len() < 3000, "{args:?}: a long value is cut, not echoed whole ({} bytes)", err.len());
    }
}

#[test]
fn a_huge_hostile_catalog_value_is_cut_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("\u{1b}[31m\u{7}{}", "z".repeat(20 << 20)); // no ';': conditions are ;-separated
    std::fs::write(dir.path().join("trials.csv"), format!("{TH}\nt1,T,t,2020,{big},parallel-rct,,,k,IV,20,,,s\n"))
        .unwrap();
    std::fs::write(dir.path().join("outcomes.csv"), format!("{OH}\nt1,r,X,d,w,7,yes,k,5,10,p,2,10,,,,,s,\n")).unwrap();
    std::fs::write(dir.path().join("conditions.csv"), "key,label,aliases\nanx,Anxiety,\n").unwrap();
    let (code, _, err) = evrev(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 65, "{}", &err[..err.len().min(500)]);
    assert!(err.len() < 2000, "{} bytes of stderr", err.len());
    assert!(!has_control(&err) && err.contains("(20971526 characters)"), "{err}");
}

/// Run `evrev ARGS` with standard output on a pseudo-terminal (util-linux `script`), returning what
/// the terminal received; `None` when `script` is not installed (a failure under CI=true).
fn on_a_terminal(args: &[&str]) -> Option<String> {
    let quoted: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_evrev"))
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let out = Command::new("script").args(["-qec", &quoted.join(" "), "/dev/null"]).stdin(Stdio::null()).output();
    match out {
        Ok(o) => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        Err(e) => {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true: `script` (util-linux) is needed: {e}");
            eprintln!("skipped: no `script` to make a pseudo-terminal ({e})");
            None
        }
    }
}

#[test]
fn csv_and_json_on_a_terminal_have_no_control_bytes_but_pipes_get_the_data() {
    let dir = hostile_catalog();
    let cat = dir.path().to_str().unwrap();
    for format in ["csv", "json", "table", "markdown"] {
        let args = ["--catalog", cat, "trials", "--format", format];
        if let Some(tty) = on_a_terminal(&args) {
            assert!(format == "table" || format == "markdown" || tty.contains("Evil"), "{format}: {tty:?}");
            // The pty turns \n into \r\n; nothing else may be a control character.
            let tty = tty.replace("\r\n", "\n");
            assert!(!has_control(&tty), "{format} on a terminal: {tty:?}");
        }
    }
    let (_, piped, _) = evrev(&["--catalog", cat, "trials", "--format", "csv"]);
    assert!(piped.contains("Evil \u{1b}[2J\u{1b}[31mred\u{7} title"), "a pipe gets the data as is: {piped:?}");
}

// ---- output files: never clobbered, never half-written (issue 9) ----------------------------

#[cfg(unix)]
#[test]
fn an_export_or_plot_through_a_symlink_writes_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("real");
    std::fs::create_dir(&sub).unwrap();
    for (name, args) in [
        ("trials.csv", vec!["export", "--what", "trials", "-o"]),
        ("forest.svg", vec!["pool", "--outcome", "response", "--plot"]),
    ] {
        let target = sub.join(name);
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join(format!("link-{name}"));
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let mut a = args.clone();
        a.push(link.to_str().unwrap());
        let (code, _, err) = evrev(&a);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "{name}: the link was replaced");
        let written = std::fs::read_to_string(&target).unwrap();
        assert!(written.len() > 100 && written != "old", "{name}: target not written");
        let left: Vec<_> = std::fs::read_dir(&sub).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 1 + usize::from(name == "forest.svg"), "{name}: temporary files left: {left:?}");
    }
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_dev_stdout_are_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let (code, _, err) = evrev(&["export", "--what", "trials", "-o", "/dev/full"]);
    assert_eq!(code, 73, "{err}");
    assert!(err.contains("No space left"), "{err}");
    let (code, _, err) = evrev(&["export", "--what", "trials", "-o", "/dev/null"]);
    assert_eq!(code, 0, "{err}");
    for dev in ["/dev/full", "/dev/null"] {
        assert!(std::fs::metadata(dev).unwrap().file_type().is_char_device(), "{dev} is no longer a device");
    }
    let (code, out, err) = evrev(&["export", "--what", "trials", "-o", "/dev/stdout"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("id,citation,"), "{out}");
    // A FIFO: written for its reader, not replaced by a file.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.csv");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let (code, _, err) = evrev(&["export", "--what", "trials", "-o", fifo.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(reader.join().unwrap().starts_with("id,citation,"));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO was replaced");
}

#[cfg(unix)]
#[test]
fn a_catalog_file_that_is_a_fifo_is_refused_not_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("outcomes.csv"), format!("{OH}\n")).unwrap();
    assert!(Command::new("mkfifo").arg(dir.path().join("trials.csv")).status().unwrap().success());
    let start = std::time::Instant::now();
    let (code, _, err) = evrev(&["--catalog", dir.path().to_str().unwrap(), "trials"]);
    assert_eq!(code, 66, "{err}");
    assert!(err.contains("trials.csv: not a regular file"), "{err}");
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
}

/// Start a long export of `n` trials, wait for its temporary file to appear, send `signal`: nothing may be
/// left. `false` when the export finished before the signal reached it (a race on a loaded machine: the
/// caller retries with a larger catalog).
#[cfg(unix)]
fn kill_an_export_while_it_writes(signal: &str, n: usize) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let rows: String =
        (0..n).map(|i| format!("t{i},T {i},title,2020,anx,parallel-rct,,,ketamine,IV,20,,,src\n")).collect();
    let outs: String = (0..n).map(|i| format!("t{i},response,X,d,w,7,yes,k,5,10,p,2,10,,,,,src,\n")).collect();
    std::fs::write(dir.path().join("trials.csv"), format!("{TH}\n{rows}")).unwrap();
    std::fs::write(dir.path().join("outcomes.csv"), format!("{OH}\n{outs}")).unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("summary.csv");
    let mut child = common::command()
        .args(["--catalog", dir.path().to_str().unwrap(), "export", "--what", "summary", "-o"])
        .arg(&target)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let partial = || {
        std::fs::read_dir(&out_dir)
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().starts_with(".evrev-output"))
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !partial() {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{signal}: the export failed before it was signalled: {status:?}");
            return false; // finished before its temporary file was seen
        }
        assert!(std::time::Instant::now() < deadline, "no temporary file within 120 s");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let _ = Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    if status.success() {
        assert!(target.exists(), "{signal}: exit 0 without its output");
        return false; // finished between the look and the signal
    }
    use std::os::unix::process::ExitStatusExt;
    assert!(status.signal().is_some() || status.code().is_some_and(|c| c > 128), "{signal}: {status:?}");
    let left: Vec<_> = std::fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "{signal}: left behind {left:?}");
    true
}

/// Each signal must reach an export mid-write at least once: the catalog grows until it does.
#[cfg(unix)]
fn signal_an_export(signal: &str) {
    let caught = [15_000, 45_000, 135_000].into_iter().any(|n| kill_an_export_while_it_writes(signal, n));
    assert!(caught, "{signal}: every export finished before the signal reached it");
}

#[cfg(unix)]
#[test]
fn sigterm_and_sigint_during_an_export_leave_no_partial_file() {
    signal_an_export("-TERM");
    signal_an_export("-INT");
}

#[test]
fn write_errors_name_the_folder_or_file_never_a_temporary_name() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/folder/out.csv");
    let run = common::evrev().args(["export", "--what", "trials", "-o"]).arg(&missing).run().code(73);
    assert!(run.stderr.contains("there is no folder"), "{}", run.stderr);
    assert!(!run.stderr.contains(".evrev-output"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("kept.csv");
    std::fs::write(&target, "mine\n").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = common::evrev().args(["export", "--what", "trials", "-o"]).arg(&target).run().code(73);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
}
