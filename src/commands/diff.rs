//! `evrev diff A B`: two extractions of the same trials compared field by field (exit 1 when they differ).

use crate::analysis::diff::{Side, diff};
use crate::catalog::{self, CatalogError, OUTCOME_COLUMNS, Source, TRIAL_COLUMNS};
use crate::error::{Error, Result, UsageError};
use crate::report::{self, Style};
use std::io::Write;
use std::path::Path;

pub fn run(a: &Path, b: &Path, tol: f64, style: Style, out: &mut dyn Write) -> Result<()> {
    if !(tol.is_finite() && tol >= 0.0) {
        return Err(UsageError::BadTolerance(tol).into());
    }
    let result = diff(&side(a)?, &side(b)?, tol);
    report::emit(out, style, &report::diff::report(&result).map_err(Error::serialize)?).map_err(Error::Io)?;
    if result.differ() {
        let (a, b) = (a.to_path_buf(), b.to_path_buf());
        return Err(Error::Differ { disagreements: result.disagreements.len(), a, b });
    }
    Ok(())
}

/// One catalog folder: validated as any catalog (65/66), then read as text for the comparison.
fn side(dir: &Path) -> Result<Side> {
    catalog::load(&Source::Dir(dir.to_path_buf()))?;
    let required = |name: &str, cols: &[&str]| -> Result<catalog::RawTable> {
        catalog::read_raw(&dir.join(name), cols)?.ok_or_else(|| {
            Error::Catalog(CatalogError::Missing {
                path: dir.join(name).display().to_string(),
                reason: "no such file".into(),
            })
        })
    };
    Ok(Side {
        trials: required("trials.csv", &TRIAL_COLUMNS)?,
        outcomes: required("outcomes.csv", &OUTCOME_COLUMNS)?,
        rob: catalog::read_raw(&dir.join("rob.csv"), &["trial"])?,
    })
}
