//! The harness every integration test uses: run the real `evrev` binary (always without
//! `EVREV_CATALOG` and `COLUMNS` from the caller's environment), capture stdout, stderr and the exit
//! code, and read CSV output back as rows of column -> value.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One CSV row: column name -> value.
pub type Row = HashMap<String, String>;

/// The header rows of a catalog's two required files, as a test writes them into a temporary catalog.
pub const TRIALS_HEADER: &str =
    "id,citation,title,year,condition,design,blinding,comparator,drug,route,n_randomized,doi,pmid,source\n";
pub const OUTCOMES_HEADER: &str = "trial,outcome,scale,definition,timepoint,days,primary,arm_t,events_t,n_t,arm_c,events_c,n_c,mean_t,sd_t,mean_c,sd_c,source,notes\n";

/// A run of `evrev` being put together: `evrev().args([...]).env(k, v).stdin(b"...").run()`.
pub struct Evrev {
    cmd: Command,
    stdin: Option<Vec<u8>>,
}

/// A new run of the `evrev` binary, with `EVREV_CATALOG` and `COLUMNS` removed from its environment
/// (a test that wants them sets them with [`Evrev::env`]).
pub fn evrev() -> Evrev {
    Evrev { cmd: command(), stdin: None }
}

/// The `evrev` binary as a bare [`Command`] (environment cleared as in [`evrev`]), for the tests that
/// spawn it themselves (closed pipes, signals, terminals).
pub fn command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_evrev"));
    cmd.env_remove("EVREV_CATALOG").env_remove("COLUMNS");
    cmd
}

impl Evrev {
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.cmd.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd.args(args);
        self
    }

    /// `--catalog <dir>`.
    pub fn catalog(self, dir: impl AsRef<OsStr>) -> Self {
        self.arg("--catalog").arg(dir)
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Self {
        self.cmd.env_remove(key);
        self
    }

    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    /// Bytes written to the binary's stdin (otherwise stdin is null).
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(bytes.into());
        self
    }

    /// The command as built so far, for a test that spawns it itself.
    pub fn into_command(self) -> Command {
        self.cmd
    }

    /// Run to completion and capture what it printed (stdout and stderr must be UTF-8).
    pub fn run(self) -> Run {
        let out = self.output();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Run to completion and return the raw [`std::process::Output`] (bytes, status).
    pub fn output(mut self) -> std::process::Output {
        self.cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        self.cmd.stdin(if self.stdin.is_some() { Stdio::piped() } else { Stdio::null() });
        let mut child = self.cmd.spawn().expect("run evrev");
        if let Some(bytes) = self.stdin {
            // A binary that exits before reading everything closes the pipe: that is its answer, not ours.
            let _ = child.stdin.take().expect("piped stdin").write_all(&bytes);
        }
        child.wait_with_output().expect("wait for evrev")
    }
}

/// What a finished run printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Assert the exit code (printing stderr when it differs) and pass the run on.
    #[track_caller]
    pub fn code(self, code: i32) -> Self {
        assert_eq!(self.code, code, "exit code; stderr:\n{}", self.stderr);
        self
    }

    /// Assert exit 0 and return stdout.
    #[track_caller]
    pub fn ok(self) -> String {
        self.code(0).stdout
    }

    /// Assert stdout exactly.
    #[track_caller]
    pub fn stdout_is(self, expected: &str) -> Self {
        assert_eq!(self.stdout, expected);
        self
    }

    /// Assert stderr contains `part`.
    #[track_caller]
    pub fn stderr_has(self, part: &str) -> Self {
        assert!(self.stderr.contains(part), "stderr lacks {part:?}:\n{}", self.stderr);
        self
    }
}

/// Parse CSV text (with a header row) into rows.
pub fn csv_rows(text: &str) -> Vec<Row> {
    rows(csv::Reader::from_reader(text.as_bytes()))
}

/// Read a CSV file (with a header row) into rows.
pub fn csv_file(path: impl AsRef<Path>) -> Vec<Row> {
    let path = path.as_ref();
    rows(csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// A file of the repository, by its path from the root.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A temporary catalog folder with the given files.
pub fn catalog(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn rows<R: std::io::Read>(mut r: csv::Reader<R>) -> Vec<Row> {
    let header = r.headers().unwrap().clone();
    r.records()
        .map(|rec| header.iter().map(String::from).zip(rec.unwrap().iter().map(String::from)).collect())
        .collect()
}

/// `../shared/sources` (the source articles, beside the repository), or `None` when it is not
/// there. Under CI=true it must be there (CI lays a copy of shared/ beside the clone): a test that
/// needs it fails instead of passing with nothing checked.
pub fn shared_sources() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sources");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {} is missing: the tests of the source articles cannot run",
        dir.display()
    );
    eprintln!("skipped: {} is not here (set CI=true to make this a failure)", dir.display());
    None
}

#[test]
fn the_headers_are_the_catalogs_columns() {
    // The required columns come from the catalog module; the harness adds the optional `notes`.
    assert_eq!(TRIALS_HEADER.trim_end(), evrev::catalog::TRIAL_COLUMNS.join(","));
    assert_eq!(OUTCOMES_HEADER.trim_end(), format!("{},notes", evrev::catalog::OUTCOME_COLUMNS.join(",")));
}
