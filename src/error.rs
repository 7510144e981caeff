//! User-facing errors and the exit code each maps to (sysexits.h numbers).

use crate::analysis::pool::PoolFailure;
use crate::catalog::CatalogError;
use std::fmt;
use std::io;

#[derive(Debug)]
pub enum Error {
    /// The catalog is malformed (65) or missing (66).
    Catalog(CatalogError),
    /// An input file (an article to audit) is missing or unreadable (66).
    Input { path: String, reason: String },
    /// An input file was read but is not usable text: empty, UTF-16 or binary (65).
    BadInput { path: String, reason: String },
    /// A value on the command line that the catalog does not know (2, as clap's usage errors).
    Usage(String),
    /// The output file could not be written (73).
    Output { path: String, source: io::Error },
    /// Writing to standard output failed (74; a closed pipe is not an error). Made explicitly where a
    /// command writes its report (`.map_err(Error::Io)`): there is no blanket `From<io::Error>`, so
    /// an error reading a file cannot come out as "cannot write output".
    Io(io::Error),
    /// The analysis cannot be done on these data, e.g. nothing to pool or a fit that fails (1).
    Analysis(String),
    /// The report was written and its answer is "they differ" (`evrev diff`, 1, as diff(1)).
    Differ(String),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Catalog(CatalogError::Invalid(_)) => 65,
            Error::Catalog(CatalogError::Missing { .. }) => 66,
            Error::Input { .. } => 66,
            Error::BadInput { .. } => 65,
            Error::Usage(_) => 2,
            Error::Output { .. } => 73,
            Error::Io(_) => 74,
            Error::Analysis(_) | Error::Differ(_) => 1,
        }
    }

    /// A closed pipe (`evrev summary | head -1`, `export -o /dev/stdout | head`): end quietly with success.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(e) | Error::Output { source: e, .. } if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Catalog(e) => write!(f, "{e}"),
            Error::Input { path, reason } => write!(f, "cannot read {path}: {reason}"),
            Error::BadInput { path, reason } => write!(f, "cannot audit {path}: {reason}"),
            Error::Usage(msg) => write!(f, "{msg}"),
            Error::Output { path, source } => write!(f, "cannot write {path}: {source}"),
            Error::Io(e) => write!(f, "cannot write output: {e}"),
            Error::Analysis(msg) | Error::Differ(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for Error {}

/// A request pool or sof cannot answer: a usage error (2) or an analysis that cannot be done (1).
impl From<PoolFailure> for Error {
    fn from(e: PoolFailure) -> Self {
        match e {
            PoolFailure::Usage(m) => Error::Usage(m),
            PoolFailure::Analysis(m) => Error::Analysis(m),
        }
    }
}

impl From<CatalogError> for Error {
    fn from(e: CatalogError) -> Self {
        Error::Catalog(e)
    }
}

pub type Result<T> = std::result::Result<T, Error>;
