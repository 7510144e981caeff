//! Reading a catalog folder (or the embedded one) into typed, validated records, collecting every problem.

use super::fnv::{FnvMap, FnvSet, WordMap};
use super::index::TrialIndex;
use super::parts::{self, Part, PartOf, Split};
use super::problem::{CatalogError, Problem};
use super::read::{Col, FileText, Row, Table, read_file, show};
use super::{Arm, ArmData, Catalog, Condition, Conditions, Design, Outcome, RowStore, Text, Trial, TrialColumns};
use super::{Described, OutcomeValues, RowWarnings, TrialStore, TrialValues};
use std::path::{Path, PathBuf};

mod conditions;
mod outcomes;
mod trials;

use conditions::*;
use outcomes::*;
use trials::*;

/// Required columns of `trials.csv`.
pub const TRIAL_COLUMNS: [&str; 14] = [
    "id",
    "citation",
    "title",
    "year",
    "condition",
    "design",
    "blinding",
    "comparator",
    "drug",
    "route",
    "n_randomized",
    "doi",
    "pmid",
    "source",
];
/// Required columns of `outcomes.csv` (`notes`, `condition`, `provenance`, `pct_t`, `pct_c` are optional).
pub const OUTCOME_COLUMNS: [&str; 18] = [
    "trial",
    "outcome",
    "scale",
    "definition",
    "timepoint",
    "days",
    "primary",
    "arm_t",
    "events_t",
    "n_t",
    "arm_c",
    "events_c",
    "n_c",
    "mean_t",
    "sd_t",
    "mean_c",
    "sd_c",
    "source",
];
const CONDITION_COLUMNS: [&str; 3] = ["key", "label", "aliases"];

/// Where a catalog comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The catalog bundled in the binary (`studies/`).
    Embedded,
    /// A folder given with `--catalog` or `EVREV_CATALOG`.
    Dir(PathBuf),
}

/// Load and validate a catalog, reporting every problem at once.
pub fn load(source: &Source) -> Result<Catalog, CatalogError> {
    load_keeping(source, Keep::Rows, &Split::per_core())
}

/// Validate a catalog as [`load`] does, for `evrev check`: outcomes.csv's rows are checked, counted
/// and their warnings gathered as they are read, but not kept (`outcomes` is empty; see
/// `Catalog::outcome_rows` and [`super::warnings`]) unless grade.csv or evidence.csv, which refer to
/// them, are present. A catalog of a million rows is then checked in the memory of its trials.
pub fn load_for_check(source: &Source) -> Result<Catalog, CatalogError> {
    load_keeping(source, Keep::CountOnly, &Split::per_core())
}

/// What the loader keeps of outcomes.csv.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    Rows,
    /// Rows checked, counted and warned about as read, then dropped (unless another file refers to them).
    CountOnly,
}

/// [`load`] (`rows`) or [`load_for_check`], with each large file read as `split` says.
#[cfg(test)]
pub(super) fn load_split(source: &Source, rows: bool, split: Split) -> Result<Catalog, CatalogError> {
    load_keeping(source, if rows { Keep::Rows } else { Keep::CountOnly }, &split)
}

fn load_keeping(source: &Source, keep: Keep, split: &Split) -> Result<Catalog, CatalogError> {
    match source {
        Source::Embedded => {
            let files = super::embedded::files();
            // An empty text is a file the bundled catalog does not have (build.rs: rob.csv, grade.csv).
            let get = |n: &str| match files.iter().find(|f| f.name == n) {
                Some(f) => Ok(FileText::embedded(f)),
                None => Ok(FileText::bytes(&format!("<embedded>/studies/{n}"), None)),
            };
            assemble("embedded catalog", get, keep, split)
        }
        Source::Dir(dir) => {
            if !dir.is_dir() {
                let reason = if dir.exists() { "not a folder" } else { "no such folder" };
                return Err(CatalogError::Missing { path: dir.display().to_string(), reason: reason.into() });
            }
            let read = |n: &str| {
                let file = read_file(&dir.join(n))?;
                if !file.exists() && (n == "trials.csv" || n == "outcomes.csv") {
                    return Err(CatalogError::Missing { path: file.name.clone(), reason: "no such file".into() });
                }
                Ok(file)
            };
            assemble(&dir.display().to_string(), read, keep, split)
        }
    }
}

/// The pipeline over a source's files (`get` gives each by name): parse trials, outcomes and
/// conditions, then attach claims, certainty and evidence.
fn assemble(
    origin: &str,
    get: impl Fn(&str) -> Result<FileText, CatalogError>,
    keep: Keep,
    split: &Split,
) -> Result<Catalog, CatalogError> {
    let (trials, outcomes, conditions) = (get("trials.csv")?, get("outcomes.csv")?, get("conditions.csv")?);
    let (grade, evidence) = (get("grade.csv")?, get("evidence.csv")?);
    // grade.csv and evidence.csv name outcome rows: checking them needs the rows.
    let keep = if grade.exists() || evidence.exists() { Keep::Rows } else { keep };
    let mut catalog = parse(origin, trials, outcomes, conditions, keep, split)?;
    let references = super::claims::attach(&mut catalog, get("documents.csv")?, get("claims.csv")?)?;
    super::attach_certainty(&mut catalog, get("rob.csv")?, grade)?;
    super::evidence::attach(&mut catalog, evidence, &references)?;
    Ok(catalog)
}

/// The bundled catalog, loaded and validated.
pub fn embedded() -> Result<Catalog, CatalogError> {
    load(&Source::Embedded)
}

/// Parse a catalog from CSV texts in memory (fuzzing, tests); `conditions` is optional as on disk.
pub fn from_bytes(trials: &[u8], outcomes: &[u8], conditions: Option<&[u8]>) -> Result<Catalog, CatalogError> {
    let file = |name: &str, bytes: Option<&[u8]>| FileText::bytes(name, bytes.map(|b| b.to_vec().into()));
    parse(
        "in-memory catalog",
        file("trials.csv", Some(trials)),
        file("outcomes.csv", Some(outcomes)),
        file("conditions.csv", conditions),
        Keep::Rows,
        &Split::per_core(),
    )
}

/// A CSV file read as text for field-by-field comparison (`evrev diff`): its header and its data
/// rows with their line numbers, fields trimmed. `Ok(None)` when the file does not exist.
pub struct RawTable {
    /// The file's name as messages show it.
    pub file: String,
    pub header: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Read `path` as a [`RawTable`] (the loader's CSV rules: BOM, CRLF, blank rows); `required` columns
/// must be present. A malformed file is a catalog error (65), an unreadable one a missing input (66).
pub fn read_raw(path: &Path, required: &[&str]) -> Result<Option<RawTable>, CatalogError> {
    let file = read_file(path)?;
    let name = file.name.clone();
    let mut problems = Vec::new();
    let Some(reader) = file.reader() else { return Ok(None) };
    let table = Table::read(&name, reader, required, &mut problems);
    match table {
        Some(t) if problems.is_empty() => Ok(Some(RawTable {
            file: name,
            rows: t.rows.iter().map(|(line, f)| (*line, f.iter().map(String::from).collect())).collect(),
            header: t.header,
        })),
        _ => Err(CatalogError::Invalid(problems)),
    }
}

fn parse(
    origin: &str,
    trials: FileText,
    outcomes: FileText,
    conditions: FileText,
    keep: Keep,
    split: &Split,
) -> Result<Catalog, CatalogError> {
    let mut problems = Vec::new();
    let name = conditions.name.clone();
    let conditions = conditions
        .reader()
        .and_then(|r| Table::read(&name, r, &CONDITION_COLUMNS, &mut problems))
        .map(|t| parse_conditions(&t, &mut problems));
    let TrialsRead { header, trials: trial_list, ids } =
        parse_trials(trials, conditions.as_deref(), split, &mut problems);
    // Outcome rows may name any id written in trials.csv, even on a row with its own problems (the
    // ids have every one), so one bad trial row is reported once, not again for each of its
    // outcomes. When trials.csv cannot be read at all, references are not checked.
    let vocabulary = match &conditions {
        Some(c) => c.clone(),
        None => derive_conditions(&trial_list),
    };
    let outcomes_name = outcomes.name.clone();
    let context = OutcomeContext { checked: header.is_some(), ids: &ids, trials: &trial_list, vocabulary: &vocabulary };
    let (outcome_list, owners, unkept) = read_outcomes(outcomes, &context, keep, split, &mut problems);
    if !problems.is_empty() {
        return Err(CatalogError::Invalid(in_file_order(problems)));
    }
    let columns = header.unwrap_or_default();
    let mut catalog =
        Catalog::new(origin.to_string(), vocabulary, columns, trial_list, outcome_list, ids.index, owners);
    catalog.outcome_file = outcomes_name;
    catalog.unkept = (keep == Keep::CountOnly).then_some(unkept);
    Ok(catalog)
}

/// outcomes.csv's rows: the rows kept, their trials' positions and, when rows are not kept, their
/// warnings; the file's problems appended to `problems`. Rows that are kept are read in two stages
/// (`catalog::pipeline`: one list, built in order); rows that are only checked, in parts
/// (`catalog::parts`), which is faster but would hold a second list per part for a moment.
fn read_outcomes(
    file: FileText,
    context: &OutcomeContext<'_>,
    keep: Keep,
    split: &Split,
    problems: &mut Vec<Problem>,
) -> (Vec<Outcome>, Vec<u32>, RowWarnings) {
    if keep == Keep::Rows {
        let mut part = OutcomePart::new(keep, context.trials.len());
        let mut take = |row: Row<'_>, problems: &mut Vec<Problem>| part.take(&row, context, keep, problems);
        super::pipeline::read(file, &OUTCOME_COLUMNS, split, problems, &mut take);
        return (part.outcomes, part.owners, part.unkept);
    }
    let init = |_: PartOf| OutcomePart::new(keep, context.trials.len());
    let take = |part: &mut OutcomePart, row: Row<'_>, problems: &mut Vec<Problem>| {
        part.take(&row, context, keep, problems);
    };
    let (_, parts) = parts::read(file, &OUTCOME_COLUMNS, split, &init, &take);
    let mut unkept = RowWarnings::default();
    for Part { state, problems: found } in parts {
        problems.extend(found);
        unkept.merge(state.unkept);
    }
    (Vec::new(), Vec::new(), unkept)
}

/// Problems grouped by file (in the order the files were read) and by line within each file.
fn in_file_order(mut problems: Vec<Problem>) -> Vec<Problem> {
    let mut files: Vec<String> = Vec::new();
    for p in &problems {
        if !files.contains(&p.file) {
            files.push(p.file.clone());
        }
    }
    problems.sort_by_key(|p| (files.iter().position(|f| *f == p.file), p.line.unwrap_or(0)));
    problems
}

pub(super) const MAX_N: i64 = 100_000_000;

/// Each distinct text stored once (see `Text`), each distinct `condition` cell's list, and each
/// distinct [`Described`] of outcome rows.
#[derive(Default)]
pub(super) struct Interner {
    texts: FnvSet<Text>,
    /// The texts met last, by a cheap slot of their bytes: a column that repeats its value row
    /// after row costs a comparison, not a hash and a lookup.
    recent: [Option<Text>; 32],
    lists: ConditionLists,
    /// Keyed by the addresses of its texts, which are shared (same text, same address).
    described: WordMap<[usize; 9], std::sync::Arc<Described>>,
    /// The last row's (rows of one trial or one kind often repeat it).
    last_described: Option<([usize; 9], std::sync::Arc<Described>)>,
}

impl Interner {
    pub(super) fn get(&mut self, s: &str) -> Text {
        self.shared(s).clone()
    }

    /// The shared copy of `s` (made when `s` is new).
    fn shared(&mut self, s: &str) -> &Text {
        let b = s.as_bytes();
        let byte = |c: Option<&u8>| c.map_or(0, |&c| usize::from(c));
        let slot = (b.len() ^ byte(b.first()).wrapping_mul(7) ^ byte(b.last()).wrapping_mul(31)) % 32;
        if self.recent[slot].as_ref().is_none_or(|t| **t != *s) {
            let t = match self.texts.get(s) {
                Some(t) => t.clone(),
                None => {
                    let t: Text = s.into();
                    self.texts.insert(t.clone());
                    t
                }
            };
            self.recent[slot] = Some(t);
        }
        self.recent[slot].get_or_insert_with(|| s.into()) // filled above: the closure does not run
    }

    /// The shared [`Described`] of these texts ([outcome, scale, definition, time point], source,
    /// [the two arms' labels, the notes]): found by the addresses of the texts' shared copies, and
    /// built (each text cloned) only when new. At most [`Interner::DESCRIBED`] are kept for
    /// sharing; a catalog with more distinct ones gives the rest their own.
    pub(super) fn described(
        &mut self,
        [outcome, scale, definition, timepoint]: [&str; 4],
        conditions: Conditions,
        source: &str,
        [arm_t, arm_c, notes]: [&str; 3],
    ) -> std::sync::Arc<Described> {
        let mut at = |s: &str| self.shared(s).as_ptr() as usize;
        let key = [
            at(outcome),
            at(scale),
            at(definition),
            at(timepoint),
            conditions.as_ptr() as usize,
            at(source),
            at(arm_t),
            at(arm_c),
            at(notes),
        ];
        if let Some((last, shared)) = &self.last_described
            && *last == key
        {
            return shared.clone();
        }
        if let Some(shared) = self.described.get(&key) {
            self.last_described = Some((key, shared.clone()));
            return shared.clone();
        }
        let d = std::sync::Arc::new(Described {
            outcome: self.get(outcome),
            scale: self.get(scale),
            definition: self.get(definition),
            timepoint: self.get(timepoint),
            conditions,
            source: self.get(source),
            arm_t: self.get(arm_t),
            arm_c: self.get(arm_c),
            notes: self.get(notes),
        });
        if self.described.len() < Self::DESCRIBED {
            self.described.insert(key, d.clone());
            self.last_described = Some((key, d.clone()));
        }
        d
    }

    const DESCRIBED: usize = 1 << 16;
}
