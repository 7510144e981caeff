//! Reading a catalog folder (or the embedded one) into typed, validated records, collecting every problem.

use super::fnv::{FnvMap, FnvSet};
use super::problem::{CatalogError, Problem};
use super::read::{Col, FileText, Row, Table, read_file, show};
use super::{Arm, ArmData, Catalog, Condition, Design, Outcome, Text, Trial, TrialColumns};
use std::path::{Path, PathBuf};

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
    match source {
        Source::Embedded => {
            let files = super::embedded::files();
            // An empty text is a file the bundled catalog does not have (build.rs: rob.csv, grade.csv).
            let get = |n: &str| match files.iter().find(|f| f.name == n) {
                Some(f) => FileText::embedded(f),
                None => FileText::bytes(&format!("<embedded>/studies/{n}"), None),
            };
            let mut catalog = parse("embedded catalog", get("trials.csv"), get("outcomes.csv"), get("conditions.csv"))?;
            let references = super::claims::attach(&mut catalog, get("documents.csv"), get("claims.csv"))?;
            super::attach_certainty(&mut catalog, get("rob.csv"), get("grade.csv"))?;
            super::evidence::attach(&mut catalog, get("evidence.csv"), &references)?;
            Ok(catalog)
        }
        Source::Dir(dir) => {
            if !dir.is_dir() {
                let reason = if dir.exists() { "not a folder" } else { "no such folder" };
                return Err(CatalogError::Missing { path: dir.display().to_string(), reason: reason.into() });
            }
            let read = |n: &str| read_file(&dir.join(n));
            let trials = read("trials.csv")?;
            let outcomes = read("outcomes.csv")?;
            let conditions = read("conditions.csv")?;
            for f in [&trials, &outcomes] {
                if !f.exists() {
                    return Err(CatalogError::Missing { path: f.name.clone(), reason: "no such file".into() });
                }
            }
            let mut catalog = parse(&dir.display().to_string(), trials, outcomes, conditions)?;
            let references = super::claims::attach(&mut catalog, read("documents.csv")?, read("claims.csv")?)?;
            super::attach_certainty(&mut catalog, read("rob.csv")?, read("grade.csv")?)?;
            super::evidence::attach(&mut catalog, read("evidence.csv")?, &references)?;
            Ok(catalog)
        }
    }
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

fn parse(origin: &str, trials: FileText, outcomes: FileText, conditions: FileText) -> Result<Catalog, CatalogError> {
    let mut problems = Vec::new();
    let name = conditions.name.clone();
    let conditions = conditions
        .reader()
        .and_then(|r| Table::read(&name, r, &CONDITION_COLUMNS, &mut problems))
        .map(|t| parse_conditions(&t, &mut problems));
    let name = trials.name.clone();
    let mut trial_table = trials.reader().and_then(|r| Table::read(&name, r, &TRIAL_COLUMNS, &mut problems));
    let (trial_list, index) = match trial_table.as_mut() {
        Some(t) => parse_trials(t, conditions.as_deref(), &mut problems),
        None => (Vec::new(), FnvMap::default()),
    };
    // Outcome rows may name any id written in trials.csv, even on a row with its own problems (the
    // index has every id), so one bad trial row is reported once, not again for each of its outcomes.
    // When trials.csv cannot be read at all, references are not checked. Outcome rows are parsed as
    // they are read (none kept); usually there is at least one per trial, so that much is reserved.
    let vocabulary = match &conditions {
        Some(c) => c.clone(),
        None => derive_conditions(&trial_list),
    };
    let outcomes_name = outcomes.name.clone();
    let mut outcome_list = Vec::with_capacity(trial_list.len());
    // Each outcome row's trial position, found while parsing (usize::MAX: not a valid trial).
    let mut owners: Vec<usize> = Vec::with_capacity(trial_list.len());
    {
        let checked = trial_table.is_some();
        // The trial's own id text, shared rather than copied into each of its outcome rows.
        // One lookup per row: the trial's own id text (shared, not copied) and its position.
        let resolve = |id: &str| index.get_key_value(id).map(|(k, &(_, at))| (k.clone(), at));
        let mut texts = Interner::default();
        let mut cols: Option<OutcomeColumns> = None;
        let mut on_row = |row: Row<'_>, problems: &mut Vec<Problem>| {
            let context = OutcomeContext { checked, resolve: &resolve, vocabulary: &vocabulary };
            let cols = cols.get_or_insert_with(|| OutcomeColumns::new(row.table));
            if let Some((o, at)) = parse_outcome(&row, cols, &context, &mut texts, problems) {
                owners.push(at);
                outcome_list.push(o);
            }
        };
        let name = outcomes_name.clone();
        if let Some(r) = outcomes.reader() {
            Table::stream(&name, r, &OUTCOME_COLUMNS, &mut problems, &mut on_row);
        }
    }

    if !problems.is_empty() {
        return Err(CatalogError::Invalid(in_file_order(problems)));
    }
    let columns = trial_table.map(|t| t.header).unwrap_or_default();
    let mut catalog = Catalog::new(origin.to_string(), vocabulary, columns, trial_list, outcome_list, index, owners);
    catalog.outcome_file = outcomes_name;
    Ok(catalog)
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

/// Without `conditions.csv`, the vocabulary is the set of keys the trials use, in first-seen order.
fn derive_conditions(trials: &[Trial]) -> Vec<Condition> {
    let mut out: Vec<Condition> = Vec::new();
    for key in trials.iter().flat_map(|t| &t.conditions) {
        if !out.iter().any(|c| &c.key == key) {
            out.push(Condition { key: key.clone(), label: key.clone(), aliases: Vec::new() });
        }
    }
    out
}

fn parse_conditions(table: &Table, problems: &mut Vec<Problem>) -> Vec<Condition> {
    let mut out: Vec<Condition> = Vec::new();
    for row in table.rows() {
        let key = row.required("key", problems);
        let label = row.optional("label").unwrap_or_else(|| key.to_string());
        let aliases = split_list(row.get("aliases"));
        let duplicate = !key.is_empty() && out.iter().any(|c| c.key.eq_ignore_ascii_case(key));
        if duplicate {
            row.problem("key", format!("expected a unique key, found {} again", show(key)), problems);
        }
        let condition = Condition { key: key.to_string(), label, aliases };
        if !duplicate {
            check_names(&row, &condition, &out, problems);
        }
        out.push(condition);
    }
    out
}

/// A condition's label and aliases must name it alone: an alias listed twice, or a label or alias
/// that is another condition's key, label or alias, would make `--condition` ambiguous.
fn check_names(row: &Row<'_>, c: &Condition, earlier: &[Condition], problems: &mut Vec<Problem>) {
    for (i, alias) in c.aliases.iter().enumerate() {
        if c.aliases[..i].iter().any(|a| a.eq_ignore_ascii_case(alias)) {
            row.problem("aliases", format!("expected each alias once, found {} twice", show(alias)), problems);
        }
    }
    let names = std::iter::once(("label", &c.label)).chain(c.aliases.iter().map(|a| ("aliases", a)));
    for (col, name) in names {
        if let Some(other) = earlier.iter().find(|o| o.matches(name)) {
            row.problem(
                col,
                format!(
                    "expected a name of this condition only, found {}, which already names condition {}",
                    show(name),
                    show(&other.key)
                ),
                problems,
            );
        }
    }
    // A later row's key that an earlier row uses as a label or alias.
    if let Some(other) = earlier.iter().find(|o| !o.key.eq_ignore_ascii_case(&c.key) && o.matches(&c.key)) {
        row.problem(
            "key",
            format!(
                "expected a key no other condition uses as a name, found {}, an alias of {}",
                show(&c.key),
                show(&other.key)
            ),
            problems,
        );
    }
}

fn split_list(v: &str) -> Vec<String> {
    v.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Trials from the table's rows, which are moved into the trials (`raw`), not copied, and the index of
/// every id written (valid row or not): id -> (first line, position in the trials or `usize::MAX`).
fn parse_trials(
    table: &mut Table,
    vocabulary: Option<&[Condition]>,
    problems: &mut Vec<Problem>,
) -> (Vec<Trial>, FnvMap<Text, (u64, usize)>) {
    let rows = std::mem::take(&mut table.rows);
    let shared = trial_columns(table);
    let cols = TrialCheckColumns::new(table);
    let mut out = Vec::with_capacity(rows.len());
    let mut seen: FnvMap<Text, (u64, usize)> = FnvMap::default();
    seen.reserve(rows.len());
    for (line, record) in rows {
        let row = Row { table, line, fields: record.view() };
        let start = problems.len();
        let id = row.required(cols.id, problems);
        // The id takes the next position now; a row that turns out invalid gives it back below.
        let fresh = register_id(&row, id, out.len(), &mut seen, problems);
        let checked = check_trial(&row, &cols, vocabulary, problems);
        let (Some((year, conditions, design, n)), false) = (checked, problems.len() > start) else {
            if fresh && let Some(v) = seen.get_mut(id) {
                v.1 = usize::MAX;
            }
            continue;
        };
        let id = seen.get_key_value(id).map_or_else(|| Text::from(id), |(k, _)| k.clone());
        out.push(Trial::new(id, year, conditions, design, n, record, shared.clone()));
    }
    (out, seen)
}

/// Where the text columns stand, shared by every trial of the file.
fn trial_columns(table: &Table) -> std::sync::Arc<TrialColumns> {
    let at = |c: &str| table.index(c).unwrap_or(0);
    std::sync::Arc::new(TrialColumns {
        citation: at("citation"),
        title: at("title"),
        blinding: at("blinding"),
        comparator: at("comparator"),
        drug: at("drug"),
        route: at("route"),
        doi: at("doi"),
        pmid: at("pmid"),
        source: at("source"),
        dose: table.index("dose"),
    })
}

/// The columns a trials.csv row is checked by, each found in the header once per file.
struct TrialCheckColumns {
    id: Col,
    citation: Col,
    year: Col,
    condition: Col,
    design: Col,
    drug: Col,
    n_randomized: Col,
    notes: Col,
    pmid: Col,
    doi: Col,
    source: Col,
}

impl TrialCheckColumns {
    fn new(t: &Table) -> TrialCheckColumns {
        TrialCheckColumns {
            id: t.col("id"),
            citation: t.col("citation"),
            year: t.col("year"),
            condition: t.col("condition"),
            design: t.col("design"),
            drug: t.col("drug"),
            n_randomized: t.col("n_randomized"),
            notes: t.col("notes"),
            pmid: t.col("pmid"),
            doi: t.col("doi"),
            source: t.col("source"),
        }
    }
}

/// Give a new id the position `next` (true); a repeated id is a problem naming its first line.
fn register_id(
    row: &Row<'_>,
    id: &str,
    next: usize,
    seen: &mut FnvMap<Text, (u64, usize)>,
    problems: &mut Vec<Problem>,
) -> bool {
    if id.is_empty() {
        return false;
    }
    match seen.entry(Text::from(id)) {
        std::collections::hash_map::Entry::Occupied(e) => {
            let first = e.get().0;
            let message = format!("expected a unique id, found {} already used on line {first}", show(id));
            row.problem("id", message, problems);
            false
        }
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert((row.line, next));
            true
        }
    }
}

/// A trial row's checked values (year, condition keys, design, N), `None` when one cannot be read;
/// every problem of the row is recorded.
fn check_trial(
    row: &Row<'_>,
    cols: &TrialCheckColumns,
    vocabulary: Option<&[Condition]>,
    problems: &mut Vec<Problem>,
) -> Option<(i32, Vec<String>, Design, Option<u32>)> {
    row.required(cols.citation, problems);
    let year = row.int(cols.year, 1900, 2100, problems);
    if row.get(cols.year).is_empty() {
        row.problem("year", "expected a year, found an empty field", problems);
    }
    let conditions = trial_conditions(row, cols.condition, vocabulary, problems);
    let design = match row.get(cols.design).parse::<Design>() {
        Ok(d) => Some(d),
        Err(expected) => {
            row.problem("design", format!("expected {expected}, found {}", show(row.get(cols.design))), problems);
            None
        }
    };
    row.required(cols.drug, problems);
    let n = row.int(cols.n_randomized, 1, MAX_N, problems);
    if row.get(cols.n_randomized).is_empty() && row.get(cols.notes).is_empty() {
        row.problem("n_randomized", "expected a whole number >= 1 (or, when the paper does not report it, a note saying so), found an empty field", problems);
    }
    let pmid = row.get(cols.pmid);
    if !pmid.bytes().all(|b| b.is_ascii_digit()) {
        row.problem("pmid", format!("expected a PubMed id (digits only), found {}", show(pmid)), problems);
    }
    let doi = row.get(cols.doi);
    if !doi.is_empty() && !doi.starts_with("10.") {
        row.problem("doi", format!("expected a DOI starting with \"10.\", found {}", show(doi)), problems);
    }
    row.required(cols.source, problems);
    Some((year? as i32, conditions, design?, n.map(|n| n as u32)))
}

/// The `condition` cell's keys, each resolved through the vocabulary when there is one.
fn trial_conditions(
    row: &Row<'_>,
    col: Col,
    vocabulary: Option<&[Condition]>,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let mut conditions = split_list(row.get(col));
    if conditions.is_empty() {
        row.problem(
            "condition",
            "expected one or more condition keys separated by ';', found an empty field",
            problems,
        );
    }
    let Some(vocab) = vocabulary else { return conditions };
    for c in conditions.iter_mut() {
        match vocab.iter().find(|v| v.matches(c)) {
            Some(v) => *c = v.key.clone(),
            None => row.problem(
                "condition",
                format!(
                    "expected a key from conditions.csv ({}), found {}",
                    vocab.iter().map(|v| crate::text::sanitize(&v.key)).collect::<Vec<_>>().join(", "),
                    show(c)
                ),
                problems,
            ),
        }
    }
    conditions
}

const MAX_N: i64 = 100_000_000;

/// One outcome row, or `None` when it has problems (recorded).
/// Each distinct text stored once (see `Text`).
#[derive(Default)]
struct Interner(FnvSet<Text>);

impl Interner {
    fn get(&mut self, s: &str) -> Text {
        if let Some(t) = self.0.get(s) {
            return t.clone();
        }
        let t: Text = s.into();
        self.0.insert(t.clone());
        t
    }
}

/// What an outcome row is checked against: trial ids (when trials.csv could be read) and conditions.
struct OutcomeContext<'a> {
    checked: bool,
    resolve: &'a dyn Fn(&str) -> Option<(Text, usize)>,
    vocabulary: &'a [Condition],
}

/// The columns of one arm (`_t` or `_c`) of outcomes.csv.
#[derive(Clone, Copy)]
struct ArmColumns {
    label: Col,
    n: Col,
    events: Col,
    mean: Col,
    sd: Col,
}

/// Every column an outcome row is read by, each found in the header once per file.
#[derive(Clone, Copy)]
struct OutcomeColumns {
    trial: Col,
    outcome: Col,
    scale: Col,
    definition: Col,
    timepoint: Col,
    days: Col,
    primary: Col,
    condition: Col,
    provenance: Col,
    pct_t: Col,
    pct_c: Col,
    source: Col,
    notes: Col,
    treatment: ArmColumns,
    control: ArmColumns,
}

impl OutcomeColumns {
    fn new(t: &Table) -> OutcomeColumns {
        let arm = |[label, n, events, mean, sd]: [&'static str; 5]| ArmColumns {
            label: t.col(label),
            n: t.col(n),
            events: t.col(events),
            mean: t.col(mean),
            sd: t.col(sd),
        };
        OutcomeColumns {
            trial: t.col("trial"),
            outcome: t.col("outcome"),
            scale: t.col("scale"),
            definition: t.col("definition"),
            timepoint: t.col("timepoint"),
            days: t.col("days"),
            primary: t.col("primary"),
            condition: t.col("condition"),
            provenance: t.col("provenance"),
            pct_t: t.col("pct_t"),
            pct_c: t.col("pct_c"),
            source: t.col("source"),
            notes: t.col("notes"),
            treatment: arm(["arm_t", "n_t", "events_t", "mean_t", "sd_t"]),
            control: arm(["arm_c", "n_c", "events_c", "mean_c", "sd_c"]),
        }
    }
}

/// The optional columns of an outcome row: its own conditions, provenance and percentages.
struct Extras {
    conditions: Vec<String>,
    provenance: Option<super::Provenance>,
    pct_t: Option<f64>,
    pct_c: Option<f64>,
}

fn extras(row: &Row<'_>, cols: &OutcomeColumns, vocabulary: &[Condition], problems: &mut Vec<Problem>) -> Extras {
    let mut conditions = split_list(row.get(cols.condition));
    for c in conditions.iter_mut() {
        match vocabulary.iter().find(|v| v.matches(c)) {
            Some(v) => *c = v.key.clone(),
            None => row.problem(
                "condition",
                format!(
                    "expected a condition key ({}) or nothing for the trial's conditions, found {}",
                    vocabulary.iter().map(|v| crate::text::sanitize(&v.key)).collect::<Vec<_>>().join(", "),
                    show(c)
                ),
                problems,
            ),
        }
    }
    conditions.dedup();
    let provenance = match row.get(cols.provenance) {
        "" => None,
        v => match v.parse::<super::Provenance>() {
            Ok(p) => Some(p),
            Err(allowed) => {
                row.problem("provenance", format!("expected {allowed} (or empty), found {}", show(v)), problems);
                None
            }
        },
    };
    let pct = |col: Col, problems: &mut Vec<Problem>| {
        let v = row.get(col);
        match v.parse::<f64>() {
            _ if v.is_empty() => None,
            Ok(x) if (0.0..=100.0).contains(&x) => Some(x),
            _ => {
                row.problem(col.name, format!("expected a percentage from 0 to 100, found {}", show(v)), problems);
                None
            }
        }
    };
    Extras { conditions, provenance, pct_t: pct(cols.pct_t, problems), pct_c: pct(cols.pct_c, problems) }
}

/// The `primary` cell: yes, no, or empty (not known).
fn primary(row: &Row<'_>, col: Col, problems: &mut Vec<Problem>) -> Option<bool> {
    let v = row.get(col);
    let yes_no = |words: [&str; 4]| words.iter().any(|w| v.eq_ignore_ascii_case(w));
    if v.is_empty() {
        None
    } else if yes_no(["yes", "y", "true", "1"]) {
        Some(true)
    } else if yes_no(["no", "n", "false", "0"]) {
        Some(false)
    } else {
        row.problem("primary", format!("expected yes or no, found {}", show(&v.to_ascii_lowercase())), problems);
        None
    }
}

/// One outcome row and its trial's position (`usize::MAX` when it names none), or `None` when the
/// row has problems (recorded): checked -> arms -> built from shared texts.
fn parse_outcome(
    row: &Row<'_>,
    cols: &OutcomeColumns,
    context: &OutcomeContext<'_>,
    texts: &mut Interner,
    problems: &mut Vec<Problem>,
) -> Option<(Outcome, usize)> {
    let start = problems.len();
    let trial = row.required(cols.trial, problems);
    let resolved = (context.resolve)(trial);
    if !trial.is_empty() && context.checked && resolved.is_none() {
        row.problem("trial", format!("expected an id from trials.csv, found {}", show(trial)), problems);
    }
    let outcome = row.required(cols.outcome, problems);
    let days = row.float(cols.days, 0.0, problems);
    let primary = primary(row, cols.primary, problems);
    let extras = extras(row, cols, context.vocabulary, problems);
    let source = row.required(cols.source, problems);
    let (treatment, control) = arms(row, cols, problems);
    if problems.len() > start {
        return None;
    }
    let (at, trial) = match resolved {
        Some((id, at)) => (at, id),
        None => (usize::MAX, texts.get(trial)),
    };
    let outcome = Outcome {
        trial,
        line: row.line,
        outcome: texts.get(outcome),
        scale: texts.get(row.get(cols.scale)),
        definition: texts.get(row.get(cols.definition)),
        timepoint: texts.get(row.get(cols.timepoint)),
        days,
        primary,
        conditions: extras.conditions,
        provenance: extras.provenance,
        pct_t: extras.pct_t,
        pct_c: extras.pct_c,
        treatment: labelled(row, treatment?, cols.treatment, texts),
        control: control.map(|c| labelled(row, c, cols.control, texts)),
        source: texts.get(source),
        notes: texts.get(row.get(cols.notes)),
    };
    Some((outcome, at))
}

fn labelled(row: &Row<'_>, data: ArmData, cols: ArmColumns, texts: &mut Interner) -> Arm {
    Arm { label: texts.get(row.get(cols.label)), data }
}

/// Both arms' data: the control arm is absent when all its columns are empty; both arms with
/// numbers must be of one kind (binary or continuous).
fn arms(row: &Row<'_>, cols: &OutcomeColumns, problems: &mut Vec<Problem>) -> (Option<ArmData>, Option<ArmData>) {
    let treatment = arm(row, cols.treatment, cols, problems);
    let c = cols.control;
    let control = if [c.label, c.events, c.n, c.mean, c.sd].iter().all(|&col| row.get(col).is_empty()) {
        None
    } else {
        arm(row, c, cols, problems)
    };
    if let (Some(t), Some(c)) = (&treatment, &control) {
        let reported = |d: &ArmData| !matches!(d, ArmData::Unreported { .. });
        if reported(t) && reported(c) && std::mem::discriminant(t) != std::mem::discriminant(c) {
            row.problem("events_c", "expected both arms binary (events) or both continuous (mean, sd)", problems);
        }
    }
    (treatment, control)
}

/// One arm's data: binary when `events_` is filled, continuous when `mean_` is.
fn arm(row: &Row<'_>, side: ArmColumns, cols: &OutcomeColumns, problems: &mut Vec<Problem>) -> Option<ArmData> {
    let start = problems.len();
    let n = row.int(side.n, 1, MAX_N, problems);
    let events = row.int(side.events, 0, MAX_N, problems);
    let mean = row.float(side.mean, f64::NEG_INFINITY, problems);
    let sd = row.float(side.sd, 0.0, problems);
    if problems.len() > start {
        return None;
    }
    let (n_col, events_col, mean_col, sd_col) = (side.n.name, side.events.name, side.mean.name, side.sd.name);
    let problem = |col: &str, message: String, problems: &mut Vec<Problem>| {
        row.problem(col, message, problems);
        None
    };
    match (events, mean, sd, n) {
        (Some(_), None, None, None) | (None, Some(_), Some(_), None) => problem(
            n_col,
            "expected the number of participants in the arm (>= 1), found an empty field".into(),
            problems,
        ),
        (Some(events), None, None, Some(n)) if events > n => {
            problem(events_col, format!("expected events <= {n_col} ({n}), found {events}"), problems)
        }
        (Some(events), None, None, Some(n)) => Some(ArmData::Binary { events: events as u32, n: n as u32 }),
        (None, Some(mean), Some(sd), Some(n)) => Some(ArmData::Continuous { mean, sd, n: n as u32 }),
        (None, None, None, n) => {
            let pct_given = !row.get(cols.pct_t).is_empty() || !row.get(cols.pct_c).is_empty();
            if row.get(cols.notes).is_empty() && !pct_given {
                let message = format!(
                    "expected {events_col} (binary) or {mean_col} and {sd_col} (continuous), or a note saying why the paper gives neither (or percentages in pct_t, pct_c); found none"
                );
                return problem(events_col, message, problems);
            }
            Some(ArmData::Unreported { n: n.map(|n| n as u32) })
        }
        (Some(_), _, _, _) => {
            problem(mean_col, format!("expected either {events_col} or {mean_col}/{sd_col}, found both"), problems)
        }
        (None, m, _, _) => problem(
            if m.is_none() { mean_col } else { sd_col },
            "expected a value (a continuous outcome needs both mean and sd), found an empty field".into(),
            problems,
        ),
    }
}
