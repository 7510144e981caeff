//! User-facing errors and the exit code each maps to (sysexits.h numbers). Every message is written
//! here, once, from the data the error carries; `main` prints the chain (`anyhow` context from the
//! file and stream edges, then these) and takes the exit code from the `Error` underneath.

use crate::catalog::CatalogError;
use crate::stats::pool::{PoolError, VI_FLOOR, VI_RATIO_FLOOR};
use crate::text::{quote, sanitize};
use std::fmt;
use std::io;
use std::path::PathBuf;

#[derive(Debug)]
pub enum Error {
    /// The catalog is malformed (65) or missing (66).
    Catalog(CatalogError),
    /// An input file (an article to audit) is missing or unreadable (66).
    Input { path: String, reason: String },
    /// An input file was read but is not usable text: empty, UTF-16 or binary (65).
    BadInput { path: String, reason: String },
    /// A value on the command line that the catalog or the data cannot take (2, as clap's usage errors).
    Usage(UsageError),
    /// The output file could not be written (73). The file's name is the `anyhow` context around it
    /// (`commands::output::write_atomically`); this is the system's reason.
    Output(io::Error),
    /// Writing to standard output failed (74; a closed pipe is not an error). Made explicitly where a
    /// command writes its report (`.map_err(Error::Io)`): there is no blanket `From<io::Error>`, so
    /// an error reading a file cannot come out as "cannot write output".
    Io(io::Error),
    /// A result could not be serialized for output (74, as a failed write: nothing was written).
    Serialize(String),
    /// The analysis cannot be done on these data, e.g. nothing to pool or a fit that fails (1).
    Analysis(AnalysisError),
    /// The report was written and its answer is "they differ" (`evrev diff`, 1, as diff(1)).
    Differ { disagreements: usize, a: PathBuf, b: PathBuf },
}

/// A command-line value the catalog does not know, or a request the data cannot meet (exit 2).
#[derive(Debug, Clone, PartialEq)]
pub enum UsageError {
    /// `--condition NAME`: `known` are the catalog's condition keys, `nearest` the closest key.
    UnknownCondition { name: String, origin: String, known: Vec<String>, nearest: Option<String> },
    /// `--trial ID`.
    UnknownTrial { id: String, origin: String, nearest: Option<String> },
    /// `--outcome NAME`: `known` are every outcome name of the catalog, first-seen order.
    UnknownOutcome { name: String, origin: String, known: Vec<String>, nearest: Option<String> },
    /// `claims --document NAME`: `known` are the document ids.
    UnknownDocument { name: String, known: Vec<String> },
    /// `pool --subgroup column:NAME`: `columns` are trials.csv's columns.
    UnknownSubgroup { name: String, origin: String, columns: Vec<String> },
    /// `diff --tol` that is negative or not a number.
    BadTolerance(f64),
    /// `SOURCE_DATE_EPOCH` (for `brief`'s date) that is not whole seconds.
    BadSourceDateEpoch { value: String },
    /// An outcome whose rows are all single-arm, pooled without `--measure pr`.
    OnlySingleArm { outcome: String, rows: usize },
    /// `--method mh` with a measure that is not a binary two-arm one (`Measure::as_str`: this module
    /// sits below `analysis`, so it holds the names, not the enums).
    MhNeedsBinary { measure: &'static str },
    /// `--hksj` with a fixed-effect method (`Method::as_str`).
    HksjNeedsRandom { method: &'static str },
}

/// Why an analysis cannot be done on these data (exit 1).
#[derive(Debug, Clone, PartialEq)]
pub enum AnalysisError {
    /// Pooling `outcome` in `origin` under `filter` (its description) found nothing to pool.
    NothingToPool { outcome: String, origin: String, filter: String, why: NothingToPool },
    /// `sof` found nothing to pool for any outcome: each outcome with its reason.
    NothingForSof { filter: String, skipped: Vec<(String, PoolFailure)> },
    /// `--leave-one-out` with more than `limit` studies.
    LeaveOneOutTooMany { k: usize, limit: usize },
    /// A study's sampling variance is below the floor evrev pools (`stats::pool::check_studies`).
    VarianceFloor { trial: String, label: String, vi: f64, max_vi: f64 },
    /// The fit failed; `trial` is the study it names, by id, when the failure is about one study.
    Fit { trial: Option<String>, source: PoolError },
    /// `rob --plot` with no assessed trial.
    NothingToPlot(NoAssessment),
    /// `brief` with a filter (described) no trial passes.
    NothingToBrief { filter: String },
}

/// Which of the three ways there was nothing to pool.
#[derive(Debug, Clone, PartialEq)]
pub enum NothingToPool {
    /// No outcome row has the name.
    NoRows,
    /// `rows` rows have the name, none with numbers.
    NoNumbers { rows: usize },
    /// Rows were found but every one was left out for the measure named `measure`, for these reasons.
    LeftOut { measure: &'static str, reasons: Vec<LeftOut> },
}

/// One reason rows were left out of a pool, with how many.
#[derive(Debug, Clone, PartialEq)]
pub enum LeftOut {
    /// Rows of another shape than the measure needs; `names` lists the first few.
    OtherShape { count: usize, names: String },
    /// Two-arm rows from uncontrolled designs.
    Uncontrolled { count: usize },
    /// Rows without numbers.
    NoNumbers { count: usize },
    /// Studies not estimable (double zeros); `words` say which kind.
    NotEstimable { count: usize, words: String },
}

/// Why no trial has a RoB 2 assessment to show.
#[derive(Debug, Clone, PartialEq)]
pub enum NoAssessment {
    /// The catalog has no rob.csv.
    NoRobFile { origin: String },
    /// `file` assesses none of the trials the filter (described) selects.
    NoneSelected { file: String, filter: String },
}

/// A request pool or sof cannot answer: a usage error (2) or an analysis that cannot be done (1).
#[derive(Debug, Clone, PartialEq)]
pub enum PoolFailure {
    Usage(UsageError),
    Analysis(AnalysisError),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Catalog(e) => catalog_code(e),
            Error::Input { .. } => 66,
            Error::BadInput { .. } => 65,
            Error::Usage(_) => 2,
            Error::Output(_) => 73,
            Error::Io(_) | Error::Serialize(_) => 74,
            Error::Analysis(_) | Error::Differ { .. } => 1,
        }
    }

    /// A result that did not serialize (a row type that is not a record, a number serde cannot write).
    pub fn serialize(e: serde_json::Error) -> Error {
        Error::Serialize(e.to_string())
    }

    /// A closed pipe (`evrev summary | head -1`, `export -o /dev/stdout | head`): end quietly with success.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(e) | Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// A malformed catalog is 65 (EX_DATAERR), a missing one 66 (EX_NOINPUT).
fn catalog_code(e: &CatalogError) -> u8 {
    match e {
        CatalogError::Invalid(_) => 65,
        CatalogError::Missing { .. } => 66,
    }
}

/// The exit code of an error chain: the typed error's underneath its `anyhow` context; 1 when there
/// is none (a failure no variant describes is still a failure).
pub fn exit_code(e: &anyhow::Error) -> u8 {
    if let Some(e) = e.downcast_ref::<Error>() {
        e.exit_code()
    } else if e.downcast_ref::<UsageError>().is_some() {
        2
    } else if let Some(e) = e.downcast_ref::<CatalogError>() {
        catalog_code(e)
    } else if let Some(PoolFailure::Usage(_)) = e.downcast_ref::<PoolFailure>() {
        2
    } else {
        1
    }
}

/// Whether the chain is a closed pipe underneath (then evrev ends quietly with success).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<Error>().is_some_and(Error::is_broken_pipe)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Catalog(e) => write!(f, "{e}"),
            Error::Input { path, reason } => write!(f, "cannot read {path}: {reason}"),
            Error::BadInput { path, reason } => write!(f, "cannot audit {path}: {reason}"),
            Error::Usage(e) => write!(f, "{e}"),
            Error::Output(e) => write!(f, "{e}"),
            Error::Io(e) => write!(f, "cannot write output: {e}"),
            Error::Serialize(e) => write!(f, "cannot serialize the report: {e}"),
            Error::Analysis(e) => write!(f, "{e}"),
            Error::Differ { disagreements, a, b } => {
                write!(f, "the catalogs differ: {disagreements} disagreement(s) ({} and {})", a.display(), b.display())
            }
        }
    }
}

/// Serialize an error as its message: result structs that keep a failure beside their numbers (an
/// outcome sof skipped, a subgroup that could not be fitted) hold it typed, and JSON shows its text.
pub fn message<E: fmt::Display, S: serde::Serializer>(e: &E, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(e)
}

/// [`message`] of an optional error (`null` when there is none).
pub fn as_message<E: fmt::Display, S: serde::Serializer>(e: &Option<E>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match e {
        Some(e) => message(e, s),
        None => s.serialize_none(),
    }
}

/// "; did you mean "x"?" when there is a nearest name.
fn did_you_mean(nearest: &Option<String>) -> String {
    nearest.as_deref().map(|n| format!("; did you mean {}?", quote(n))).unwrap_or_default()
}

fn sanitized(names: &[String]) -> String {
    names.iter().map(|n| sanitize(n)).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::UnknownCondition { name, origin, known, nearest } => write!(
                f,
                "unknown condition {} in {origin}: known conditions are {}{}",
                quote(name),
                sanitized(known),
                did_you_mean(nearest)
            ),
            UsageError::UnknownTrial { id, origin, nearest } => write!(
                f,
                "unknown trial {} in {origin}{} (`evrev trials --format csv` lists the ids)",
                quote(id),
                did_you_mean(nearest)
            ),
            UsageError::UnknownOutcome { name, origin, known, nearest } => {
                const SHOWN: usize = 20;
                let shown = sanitized(&known[..known.len().min(SHOWN)]);
                let more =
                    if known.len() > SHOWN { format!(" and {} more", known.len() - SHOWN) } else { String::new() };
                write!(
                    f,
                    "unknown outcome {} in {origin}: the outcome names are {shown}{more}{} (`evrev outcomes` lists them with their scales)",
                    quote(name),
                    did_you_mean(nearest)
                )
            }
            UsageError::UnknownDocument { name, known } => {
                write!(f, "unknown document {}: known documents are {}", quote(name), sanitized(known))
            }
            UsageError::UnknownSubgroup { name, origin, columns } => write!(
                f,
                "unknown --subgroup {}: expected condition, design, drug, comparator, or a trials.csv column of {origin} ({})",
                quote(name),
                columns.join(", ")
            ),
            UsageError::BadTolerance(tol) => write!(f, "--tol expects a finite number >= 0, found {tol}"),
            UsageError::BadSourceDateEpoch { value } => {
                write!(f, "SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, found {}", quote(value))
            }
            UsageError::OnlySingleArm { outcome, rows } => write!(
                f,
                "outcome {} has only single-arm rows ({rows}): pool them as proportions with --measure pr",
                quote(outcome)
            ),
            UsageError::MhNeedsBinary { measure } => {
                write!(f, "--method mh needs a binary two-arm measure (rr, or, rd), not {measure}")
            }
            UsageError::HksjNeedsRandom { method } => {
                write!(f, "--hksj adjusts a random-effects CI: use it with --method dl, reml or pm, not {method}")
            }
        }
    }
}

impl fmt::Display for AnalysisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnalysisError::NothingToPool { outcome, origin, filter, why } => match why {
                NothingToPool::NoRows => {
                    write!(f, "nothing to pool: no outcome rows named {} in the {origin} ({filter})", quote(outcome))
                }
                NothingToPool::NoNumbers { rows } => write!(
                    f,
                    "nothing to pool: the {rows} outcome rows named {} in the {origin} ({filter}) have no numbers",
                    quote(outcome)
                ),
                NothingToPool::LeftOut { measure, reasons } => {
                    write!(f, "no studies to pool for outcome {} as {measure} ({filter})", quote(outcome))?;
                    let why: Vec<String> = reasons.iter().map(|r| r.describe(measure)).collect();
                    if !why.is_empty() {
                        write!(f, ": {}", why.join("; "))?;
                    }
                    Ok(())
                }
            },
            AnalysisError::NothingForSof { filter, skipped } => {
                let each: Vec<String> = skipped.iter().map(|(o, why)| format!("{o}: {why}")).collect();
                write!(f, "nothing to pool for a Summary of Findings ({filter}): {}", each.join("; "))
            }
            AnalysisError::LeaveOneOutTooMany { k, limit } => write!(
                f,
                "leave-one-out refits the model once per study: with k = {k} that is too many (limit {limit}); drop --leave-one-out or narrow the selection"
            ),
            AnalysisError::VarianceFloor { trial, label, vi, max_vi } => write!(
                f,
                "study {trial} ({label}): sampling variance {vi:e} is below the floor evrev pools (at least {VI_FLOOR:e}, and at least {VI_RATIO_FLOOR:e} x the largest variance, here {max_vi:e}); its SDs or counts are implausibly small: check the catalog row"
            ),
            AnalysisError::Fit { trial, source } => fit_failure(f, trial.as_deref(), source),
            AnalysisError::NothingToPlot(why) => write!(f, "nothing to plot: {why}"),
            AnalysisError::NothingToBrief { filter } => write!(f, "no trial matches ({filter}): nothing to brief"),
        }
    }
}

/// A failed fit; a failure about one study names it by trial id (its position means nothing to a reader).
fn fit_failure(f: &mut fmt::Formatter<'_>, trial: Option<&str>, source: &PoolError) -> fmt::Result {
    match (trial, source) {
        (Some(t), PoolError::BadStudy { yi, vi, .. }) => {
            write!(f, "study {t} has yi = {yi}, vi = {vi}; pooling needs a finite yi and a positive vi")
        }
        (Some(t), PoolError::VarianceTooSmall { vi, max_vi, .. }) => write!(
            f,
            "study {t} has sampling variance {vi:e}, below the floor (at least {VI_FLOOR:e}, and at least {VI_RATIO_FLOOR:e} x the largest variance, {max_vi:e}): check its SDs or counts"
        ),
        _ => write!(f, "{source}"),
    }
}

impl LeftOut {
    fn describe(&self, measure: &str) -> String {
        match self {
            LeftOut::OtherShape { count, names } => {
                format!("{count} row(s) are of another kind than {measure} needs ({names})")
            }
            LeftOut::Uncontrolled { count } => format!("{count} two-arm row(s) come from uncontrolled designs"),
            LeftOut::NoNumbers { count } => format!("{count} row(s) have no numbers"),
            LeftOut::NotEstimable { count, words } => format!("{count} stud(ies) not estimable ({words})"),
        }
    }
}

impl fmt::Display for NoAssessment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoAssessment::NoRobFile { origin } => {
                write!(f, "{origin} has no rob.csv, so no trial has a RoB 2 assessment")
            }
            NoAssessment::NoneSelected { file, filter } => {
                write!(f, "{file} assesses none of the selected trials ({filter})")
            }
        }
    }
}

impl fmt::Display for PoolFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PoolFailure::Usage(e) => write!(f, "{e}"),
            PoolFailure::Analysis(e) => write!(f, "{e}"),
        }
    }
}

// No `source()`: each message already says its cause (the chain `main` prints would repeat it).
impl std::error::Error for Error {}
impl std::error::Error for UsageError {}
impl std::error::Error for AnalysisError {}
impl std::error::Error for PoolFailure {}

impl From<PoolFailure> for Error {
    fn from(e: PoolFailure) -> Self {
        match e {
            PoolFailure::Usage(e) => Error::Usage(e),
            PoolFailure::Analysis(e) => Error::Analysis(e),
        }
    }
}

impl From<UsageError> for PoolFailure {
    fn from(e: UsageError) -> Self {
        PoolFailure::Usage(e)
    }
}

impl From<AnalysisError> for PoolFailure {
    fn from(e: AnalysisError) -> Self {
        PoolFailure::Analysis(e)
    }
}

impl From<UsageError> for Error {
    fn from(e: UsageError) -> Self {
        Error::Usage(e)
    }
}

impl From<AnalysisError> for Error {
    fn from(e: AnalysisError) -> Self {
        Error::Analysis(e)
    }
}

impl From<CatalogError> for Error {
    fn from(e: CatalogError) -> Self {
        Error::Catalog(e)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn the_exit_code_comes_from_the_typed_error_under_the_context() {
        let denied = io::Error::new(io::ErrorKind::PermissionDenied, "permission denied");
        let e = Err::<(), _>(Error::Output(denied)).context("cannot write out.csv").unwrap_err();
        assert_eq!(exit_code(&e), 73);
        assert_eq!(format!("{e:#}"), "cannot write out.csv: permission denied");
        let pipe = anyhow::Error::from(Error::Io(io::Error::from(io::ErrorKind::BrokenPipe)));
        assert!(is_broken_pipe(&pipe));
        assert_eq!(exit_code(&anyhow::Error::from(UsageError::BadTolerance(-1.0))), 2);
        let missing = CatalogError::Missing { path: "x".into(), reason: "no such folder".into() };
        assert_eq!(exit_code(&anyhow::Error::from(Error::Catalog(missing))), 66);
    }

    #[test]
    fn a_fit_failure_names_the_trial_not_its_position() {
        let source = PoolError::BadStudy { index: 2, yi: f64::NAN, vi: 0.1 };
        let e = AnalysisError::Fit { trial: Some("dep-2013".into()), source: source.clone() };
        assert_eq!(e.to_string(), "study dep-2013 has yi = NaN, vi = 0.1; pooling needs a finite yi and a positive vi");
        let unnamed = AnalysisError::Fit { trial: None, source: PoolError::HksjNeedsTwo };
        assert_eq!(unnamed.to_string(), PoolError::HksjNeedsTwo.to_string());
    }

    #[test]
    fn unknown_names_list_what_is_known_and_the_nearest() {
        let e = UsageError::UnknownCondition {
            name: "ptds".into(),
            origin: "embedded catalog".into(),
            known: vec!["ptsd".into(), "ocd".into()],
            nearest: Some("ptsd".into()),
        };
        assert_eq!(
            e.to_string(),
            "unknown condition \"ptds\" in embedded catalog: known conditions are ptsd, ocd; did you mean \"ptsd\"?"
        );
        let known: Vec<String> = (0..25).map(|i| format!("o{i}")).collect();
        let e = UsageError::UnknownOutcome { name: "x".into(), origin: "c".into(), known, nearest: None };
        assert!(e.to_string().contains("o19 and 5 more (`evrev outcomes`"), "{e}");
    }
}
