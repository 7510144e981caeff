//! Reading a catalog folder (or the embedded one) into typed, validated records, collecting every problem.

use super::problem::{CatalogError, Problem};
use super::{Arm, ArmData, Catalog, Condition, Design, Outcome, Trial};
use std::collections::{HashMap, HashSet};
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
/// Required columns of `outcomes.csv`.
pub const OUTCOME_COLUMNS: [&str; 19] = [
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
    "notes",
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

/// The text of one catalog file: its display name and bytes (`None` when the file does not exist).
pub(super) struct FileText {
    pub(super) name: String,
    pub(super) bytes: Option<Vec<u8>>,
}

/// Load and validate a catalog, reporting every problem at once.
pub fn load(source: &Source) -> Result<Catalog, CatalogError> {
    match source {
        Source::Embedded => {
            let files = super::embedded::files();
            let get = |n: &str| FileText {
                name: format!("<embedded>/studies/{n}"),
                bytes: files.iter().find(|(f, _)| *f == n).map(|(_, t)| t.as_bytes().to_vec()),
            };
            let mut catalog = parse("embedded catalog", get("trials.csv"), get("outcomes.csv"), get("conditions.csv"))?;
            super::claims::attach(&mut catalog, get("documents.csv"), get("claims.csv"))?;
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
                if f.bytes.is_none() {
                    return Err(CatalogError::Missing { path: f.name.clone(), reason: "no such file".into() });
                }
            }
            let mut catalog = parse(&dir.display().to_string(), trials, outcomes, conditions)?;
            super::claims::attach(&mut catalog, read("documents.csv")?, read("claims.csv")?)?;
            Ok(catalog)
        }
    }
}

/// Parse a catalog from CSV texts in memory (fuzzing, tests); `conditions` is optional as on disk.
pub fn from_bytes(trials: &[u8], outcomes: &[u8], conditions: Option<&[u8]>) -> Result<Catalog, CatalogError> {
    let file = |name: &str, bytes: Option<&[u8]>| FileText { name: name.to_string(), bytes: bytes.map(<[u8]>::to_vec) };
    parse(
        "in-memory catalog",
        file("trials.csv", Some(trials)),
        file("outcomes.csv", Some(outcomes)),
        file("conditions.csv", conditions),
    )
}

fn read_file(path: &Path) -> Result<FileText, CatalogError> {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => Ok(FileText { name, bytes: Some(bytes) }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FileText { name, bytes: None }),
        Err(e) => Err(CatalogError::Missing { path: name, reason: e.to_string() }),
    }
}

fn parse(origin: &str, trials: FileText, outcomes: FileText, conditions: FileText) -> Result<Catalog, CatalogError> {
    let mut problems = Vec::new();
    let conditions = conditions
        .bytes
        .as_deref()
        .and_then(|b| Table::read(&conditions.name, b, &CONDITION_COLUMNS, &mut problems))
        .map(|t| parse_conditions(&t, &mut problems));
    let trial_table =
        Table::read(&trials.name, trials.bytes.as_deref().unwrap_or_default(), &TRIAL_COLUMNS, &mut problems);
    let outcome_table =
        Table::read(&outcomes.name, outcomes.bytes.as_deref().unwrap_or_default(), &OUTCOME_COLUMNS, &mut problems);

    let trial_list =
        trial_table.as_ref().map(|t| parse_trials(t, conditions.as_deref(), &mut problems)).unwrap_or_default();
    // Outcome rows may name any id written in trials.csv, even on a row with its own problems, so one
    // bad trial row is reported once, not again for each of its outcomes. When trials.csv cannot be
    // read at all, references are not checked.
    let ids: Option<HashSet<&str>> = trial_table.as_ref().map(|t| {
        let i = t.columns.get("id").copied().unwrap_or(0);
        t.rows.iter().map(|(_, f)| f.get(i).unwrap_or("")).collect()
    });
    let outcome_list = outcome_table
        .as_ref()
        .map(|t| parse_outcomes(t, &|id| ids.as_ref().is_none_or(|ids| ids.contains(id)), &mut problems))
        .unwrap_or_default();

    if !problems.is_empty() {
        return Err(CatalogError::Invalid(problems));
    }
    let conditions = conditions.unwrap_or_else(|| derive_conditions(&trial_list));
    let columns = trial_table.map(|t| t.header).unwrap_or_default();
    Ok(Catalog::new(origin.to_string(), conditions, columns, trial_list, outcome_list))
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

/// A CSV file read as text: header and data rows with their line numbers, fields trimmed.
pub(super) struct Table {
    file: String,
    header: Vec<String>,
    columns: HashMap<String, usize>,
    /// Data rows: line number and the trimmed fields, held in one record (two allocations a row).
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    /// Read a CSV file; `None` when it cannot be used at all (problems recorded).
    pub(super) fn read(file: &str, bytes: &[u8], required: &[&str], problems: &mut Vec<Problem>) -> Option<Table> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            problems.push(Problem::new(file, Some(1), None, "expected a header row, found an empty file"));
            return None;
        }
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
        let mut header: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        let mut record = csv::ByteRecord::new();
        let before = problems.len();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map(|p| p.line());
                    problems.push(Problem::new(file, line, None, format!("expected well-formed CSV, found: {e}")));
                    break;
                }
            }
            let line = record.position().map_or(0, |p| p.line());
            let mut fields = csv::StringRecord::with_capacity(record.as_slice().len(), record.len());
            for (i, raw) in record.iter().enumerate() {
                match std::str::from_utf8(raw) {
                    Ok(s) => fields.push_field(s.trim()),
                    Err(e) => {
                        let col =
                            header.as_ref().and_then(|h| h.get(i)).cloned().unwrap_or_else(|| format!("#{}", i + 1));
                        problems.push(Problem::new(
                            file,
                            Some(line),
                            Some(&col),
                            format!("expected UTF-8 text, found an invalid byte at offset {}", e.valid_up_to()),
                        ));
                        fields.push_field("");
                    }
                }
            }
            match &header {
                None => header = Some(fields.iter().map(String::from).collect::<Vec<String>>()),
                Some(h) => {
                    if fields.iter().all(str::is_empty) {
                        continue; // blank or all-empty row (spreadsheets write these)
                    }
                    if fields.len() != h.len() {
                        let hint =
                            if fields.iter().any(|f| f.contains('\n') || (fields.len() < h.len() && f.contains(','))) {
                                " (a quote opened on this line is never closed?)"
                            } else {
                                ""
                            };
                        let (want, got) = (h.len(), fields.len());
                        let msg = format!("expected {want} fields as in the header, found {got}{hint}");
                        problems.push(Problem::new(file, Some(line), None, msg));
                        continue;
                    }
                    rows.push((line, fields));
                }
            }
        }
        let header = header?;
        let mut columns = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            if columns.insert(name.clone(), i).is_some() {
                problems.push(Problem::new(file, Some(1), Some(name), "expected each column once, found it twice"));
            }
        }
        let missing: Vec<&str> = required.iter().copied().filter(|c| !columns.contains_key(*c)).collect();
        if !missing.is_empty() {
            let hint = if header.len() == 1 && header[0].contains(';') {
                " (the file looks semicolon-separated; evrev reads comma-separated CSV)"
            } else {
                ""
            };
            problems.push(Problem::new(
                file,
                Some(1),
                None,
                format!(
                    "expected the required column(s) {}, found the header {}{hint}",
                    missing.join(", "),
                    show(&header.join(","))
                ),
            ));
        }
        if problems.len() > before {
            return None;
        }
        Some(Table { file: file.to_string(), header, columns, rows })
    }

    pub(super) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |(line, fields)| Row { table: self, line: *line, fields })
    }
}

/// One data row with typed accessors that record problems instead of failing.
pub(super) struct Row<'a> {
    table: &'a Table,
    line: u64,
    fields: &'a csv::StringRecord,
}

impl<'a> Row<'a> {
    pub(super) fn get(&self, col: &str) -> &'a str {
        self.table.columns.get(col).and_then(|&i| self.fields.get(i)).unwrap_or("")
    }

    pub(super) fn problem(&self, col: &str, message: impl Into<String>, problems: &mut Vec<Problem>) {
        problems.push(Problem::new(&self.table.file, Some(self.line), Some(col), message));
    }

    pub(super) fn required(&self, col: &str, problems: &mut Vec<Problem>) -> String {
        let v = self.get(col);
        if v.is_empty() {
            self.problem(col, "expected a value, found an empty field", problems);
        }
        v.to_string()
    }

    pub(super) fn optional(&self, col: &str) -> Option<String> {
        Some(self.get(col)).filter(|v| !v.is_empty()).map(str::to_string)
    }

    fn int(&self, col: &str, min: i64, max: i64, problems: &mut Vec<Problem>) -> Option<i64> {
        let v = self.get(col);
        if v.is_empty() {
            return None;
        }
        match v.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.problem(col, format!("expected a whole number from {min} to {max}, found {}", show(v)), problems);
                None
            }
        }
    }

    fn float(&self, col: &str, min: f64, problems: &mut Vec<Problem>) -> Option<f64> {
        let v = self.get(col);
        if v.is_empty() {
            return None;
        }
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= min => Some(x),
            _ => {
                let what = if min == f64::NEG_INFINITY {
                    "a finite number".to_string()
                } else {
                    format!("a finite number >= {min}")
                };
                self.problem(col, format!("expected {what}, found {}", show(v)), problems);
                None
            }
        }
    }
}

/// A found value as shown in a message: quoted, and cut when long.
pub(super) fn show(v: &str) -> String {
    let clean: String = v.chars().map(|c| if c.is_control() { '?' } else { c }).collect();
    if clean.chars().count() > 60 {
        format!("\"{}...\" ({} characters)", clean.chars().take(60).collect::<String>(), v.chars().count())
    } else {
        format!("\"{clean}\"")
    }
}

fn parse_conditions(table: &Table, problems: &mut Vec<Problem>) -> Vec<Condition> {
    let mut out: Vec<Condition> = Vec::new();
    for row in table.rows() {
        let key = row.required("key", problems);
        let label = row.optional("label").unwrap_or_else(|| key.clone());
        let aliases = split_list(row.get("aliases"));
        if !key.is_empty() && out.iter().any(|c| c.key.eq_ignore_ascii_case(&key)) {
            row.problem("key", format!("expected a unique key, found \"{key}\" again"), problems);
        }
        out.push(Condition { key, label, aliases });
    }
    out
}

fn split_list(v: &str) -> Vec<String> {
    v.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

fn parse_trials(table: &Table, vocabulary: Option<&[Condition]>, problems: &mut Vec<Problem>) -> Vec<Trial> {
    let mut out = Vec::with_capacity(table.rows.len());
    let mut seen: HashMap<String, u64> = HashMap::with_capacity(table.rows.len());
    for row in table.rows() {
        let start = problems.len();
        let id = row.required("id", problems);
        if !id.is_empty()
            && let Some(first) = seen.insert(id.clone(), row.line)
        {
            row.problem("id", format!("expected a unique id, found \"{id}\" already used on line {first}"), problems);
        }
        let citation = row.required("citation", problems);
        let title = row.get("title").to_string();
        let year = row.int("year", 1900, 2100, problems);
        if row.get("year").is_empty() {
            row.problem("year", "expected a year, found an empty field", problems);
        }
        let mut conditions = split_list(row.get("condition"));
        if conditions.is_empty() {
            row.problem(
                "condition",
                "expected one or more condition keys separated by ';', found an empty field",
                problems,
            );
        }
        if let Some(vocab) = vocabulary {
            for c in conditions.iter_mut() {
                match vocab.iter().find(|v| v.matches(c)) {
                    Some(v) => *c = v.key.clone(),
                    None => row.problem(
                        "condition",
                        format!(
                            "expected a key from conditions.csv ({}), found \"{c}\"",
                            vocab.iter().map(|v| v.key.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                        problems,
                    ),
                }
            }
        }
        let design = match row.get("design").parse::<Design>() {
            Ok(d) => Some(d),
            Err(expected) => {
                row.problem("design", format!("expected {expected}, found {}", show(row.get("design"))), problems);
                None
            }
        };
        let drug = row.required("drug", problems);
        let n = row.int("n_randomized", 1, MAX_N, problems);
        if row.get("n_randomized").is_empty() && row.get("notes").is_empty() {
            row.problem("n_randomized", "expected a whole number >= 1 (or, when the paper does not report it, a note saying so), found an empty field", problems);
        }
        let pmid = row.optional("pmid");
        if let Some(p) = &pmid
            && !p.bytes().all(|b| b.is_ascii_digit())
        {
            row.problem("pmid", format!("expected a PubMed id (digits only), found {}", show(p)), problems);
        }
        let doi = row.optional("doi");
        if let Some(d) = &doi
            && !d.starts_with("10.")
        {
            row.problem("doi", format!("expected a DOI starting with \"10.\", found {}", show(d)), problems);
        }
        let source = row.required("source", problems);
        if problems.len() > start {
            continue;
        }
        let (Some(year), Some(design)) = (year, design) else { continue };
        out.push(Trial {
            id,
            citation,
            title,
            year: year as i32,
            conditions,
            design,
            blinding: row.get("blinding").to_string(),
            comparator: row.get("comparator").to_string(),
            drug,
            route: row.get("route").to_string(),
            n_randomized: n.map(|n| n as u32),
            doi,
            pmid,
            source,
            dose: row.optional("dose"),
            raw: row.fields.iter().map(String::from).collect(),
        });
    }
    out
}

const MAX_N: i64 = 100_000_000;

fn parse_outcomes(table: &Table, known: &dyn Fn(&str) -> bool, problems: &mut Vec<Problem>) -> Vec<Outcome> {
    let mut out = Vec::with_capacity(table.rows.len());
    for row in table.rows() {
        let start = problems.len();
        let trial = row.required("trial", problems);
        if !trial.is_empty() && !known(&trial) {
            row.problem("trial", format!("expected an id from trials.csv, found \"{trial}\""), problems);
        }
        let outcome = row.required("outcome", problems);
        let days = row.float("days", 0.0, problems);
        let primary = match row.get("primary").to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "1" => true,
            "no" | "n" | "false" | "0" | "" => false,
            other => {
                row.problem("primary", format!("expected yes or no, found {}", show(other)), problems);
                false
            }
        };
        let source = row.required("source", problems);
        let treatment = arm(&row, "t", problems);
        let control = if ["arm_c", "events_c", "n_c", "mean_c", "sd_c"].iter().all(|c| row.get(c).is_empty()) {
            None
        } else {
            arm(&row, "c", problems)
        };
        if let (Some(t), Some(c)) = (&treatment, &control) {
            let reported = |d: &ArmData| !matches!(d, ArmData::Unreported { .. });
            if reported(&t.data)
                && reported(&c.data)
                && std::mem::discriminant(&t.data) != std::mem::discriminant(&c.data)
            {
                row.problem("events_c", "expected both arms binary (events) or both continuous (mean, sd)", problems);
            }
        }
        if problems.len() > start {
            continue;
        }
        let Some(treatment) = treatment else { continue };
        out.push(Outcome {
            trial,
            outcome,
            scale: row.get("scale").to_string(),
            definition: row.get("definition").to_string(),
            timepoint: row.get("timepoint").to_string(),
            days,
            primary,
            treatment,
            control,
            source,
            notes: row.get("notes").to_string(),
        });
    }
    out
}

/// One arm (`t` or `c`) of an outcome row: binary when `events_` is filled, continuous when `mean_` is.
fn arm(row: &Row<'_>, side: &str, problems: &mut Vec<Problem>) -> Option<Arm> {
    // Column names without an allocation per use: `name_side`.
    const COLUMNS: [&str; 10] =
        ["n_t", "events_t", "mean_t", "sd_t", "arm_t", "n_c", "events_c", "mean_c", "sd_c", "arm_c"];
    let col = |name: &str| -> &'static str {
        COLUMNS.into_iter().find(|c| c.strip_suffix(side).and_then(|c| c.strip_suffix('_')) == Some(name)).unwrap_or("")
    };
    let start = problems.len();
    let n = row.int(col("n"), 1, MAX_N, problems);
    let events = row.int(col("events"), 0, MAX_N, problems);
    let mean = row.float(col("mean"), f64::NEG_INFINITY, problems);
    let sd = row.float(col("sd"), 0.0, problems);
    let label = row.get(col("arm")).to_string();
    let data = match (events, mean, sd, n) {
        _ if problems.len() > start => return None,
        (Some(_), None, None, None) | (None, Some(_), Some(_), None) => {
            row.problem(
                col("n"),
                "expected the number of participants in the arm (>= 1), found an empty field",
                problems,
            );
            return None;
        }
        (Some(events), None, None, Some(n)) => {
            if events > n {
                row.problem(
                    col("events"),
                    format!("expected events <= {} ({}), found {events}", col("n"), n),
                    problems,
                );
                return None;
            }
            ArmData::Binary { events: events as u32, n: n as u32 }
        }
        (None, Some(mean), Some(sd), Some(n)) => ArmData::Continuous { mean, sd, n: n as u32 },
        (None, None, None, n) => {
            if row.get("notes").is_empty() {
                row.problem(col("events"), format!("expected {} (binary) or {} and {} (continuous), or a note saying why the paper gives neither; found none", col("events"), col("mean"), col("sd")), problems);
                return None;
            }
            ArmData::Unreported { n: n.map(|n| n as u32) }
        }
        (Some(_), _, _, _) => {
            row.problem(
                col("mean"),
                format!("expected either {} or {}/{}, found both", col("events"), col("mean"), col("sd")),
                problems,
            );
            return None;
        }
        (None, m, _, _) => {
            let missing = if m.is_none() { col("mean") } else { col("sd") };
            row.problem(
                missing,
                "expected a value (a continuous outcome needs both mean and sd), found an empty field",
                problems,
            );
            return None;
        }
    };
    Some(Arm { label, data })
}
