//! Catalog errors: every problem found, each with file, line and column, and the exit code they map to.

use std::fmt;

/// One problem in a catalog file: `FILE:LINE: column: what was expected, what was found`.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: String,
    /// 1-based line number; `None` for a problem with the whole file.
    pub line: Option<u64>,
    /// Column name (as in the header), when the problem is in one column.
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn new(file: &str, line: Option<u64>, column: Option<&str>, message: impl Into<String>) -> Self {
        Problem { file: file.to_string(), line, column: column.map(str::to_string), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(col) = &self.column {
            write!(f, ": column {col}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Why a catalog could not be used.
#[derive(Debug)]
pub enum CatalogError {
    /// The data is malformed: every problem found (exit 65, EX_DATAERR).
    Invalid(Vec<Problem>),
    /// A folder or required file is missing or unreadable (exit 66, EX_NOINPUT).
    Missing { path: String, reason: String },
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogError::Invalid(problems) => {
                let n = problems.len();
                writeln!(f, "the catalog has {n} problem{}:", if n == 1 { "" } else { "s" })?;
                for p in problems {
                    writeln!(f, "  {p}")?;
                }
                write!(f, "fix these rows, then run `evrev check` to validate the catalog")
            }
            CatalogError::Missing { path, reason } => write!(
                f,
                "cannot read {path}: {reason} (a catalog is a folder with trials.csv and outcomes.csv; \
                 give it with --catalog DIR or EVREV_CATALOG)"
            ),
        }
    }
}

impl std::error::Error for CatalogError {}
