//! trials.csv rows into typed, checked `Trial`s (ids registered once, conditions resolved).

use super::*;

/// What reading trials.csv gives: its header (`None` when the file could not be read), the trials,
/// and the index of every id written (valid row or not): id -> (first line, position in the trials
/// or `usize::MAX`).
pub(super) struct TrialsRead {
    pub(super) header: Option<Vec<String>>,
    pub(super) trials: Vec<Trial>,
    pub(super) index: FnvMap<Text, (u64, usize)>,
}

/// trials.csv read row by row: each row checked as it is read and, when valid, its fields appended
/// to the file's one [`RowStore`] (no allocation per row but its id).
pub(super) fn parse_trials(
    file: FileText,
    vocabulary: Option<&[Condition]>,
    problems: &mut Vec<Problem>,
) -> TrialsRead {
    let mut sizing = Sizing::new(file.size());
    let mut trials: Vec<Trial> = Vec::new();
    let mut seen: FnvMap<Text, (u64, usize)> = FnvMap::default();
    let mut store: Option<TrialStore> = None;
    // Trials point at a placeholder store while theirs is filled (see below).
    let placeholder = std::sync::Arc::new(TrialStore::default());
    let mut cols: Option<TrialCheckColumns> = None;
    let mut lists = ConditionLists::default();
    let mut on_row = |row: Row<'_>, problems: &mut Vec<Problem>| {
        let cols = cols.get_or_insert_with(|| TrialCheckColumns::new(row.table));
        let store = store.get_or_insert_with(|| TrialStore {
            cols: trial_columns(row.table),
            rows: RowStore::new(row.table.header.len()),
        });
        sizing.reserve(store, &mut trials, &mut seen);
        if let Some(v) = parse_trial(&row, cols, vocabulary, &mut lists, trials.len(), &mut seen, problems) {
            match store.rows.push(row.fields) {
                Some(at) => trials.push(Trial::new(TrialValues { row: at, ..v }, placeholder.clone())),
                None => row.problem("id", "expected trials.csv to hold at most 4 GiB of text, found more", problems),
            }
        }
    };
    let name = file.name.clone();
    let table = file.reader().and_then(|r| Table::stream(&name, r, &TRIAL_COLUMNS, problems, &mut on_row));
    let mut store = store.unwrap_or_default();
    store.rows.shrink();
    let store = std::sync::Arc::new(store);
    for t in &mut trials {
        t.set_store(store.clone());
    }
    TrialsRead { header: table.map(|t| t.header), trials, index: seen }
}

/// Memory for a large trials.csv reserved once, from its size and its first rows, instead of
/// buffers that double as they fill (the old and the new one held at once, then half unused).
struct Sizing {
    file_bytes: Option<u64>,
    done: bool,
}

impl Sizing {
    /// Rows read before the estimate is made.
    const SAMPLE: usize = 256;

    fn new(file_bytes: Option<u64>) -> Sizing {
        Sizing { file_bytes, done: false }
    }

    /// After the sample: rows ~ file bytes / bytes per row so far (text + a separator per field), plus 5%.
    fn reserve(&mut self, store: &mut TrialStore, trials: &mut Vec<Trial>, seen: &mut FnvMap<Text, (u64, usize)>) {
        let rows = store.rows.rows();
        if self.done || rows < Self::SAMPLE {
            return;
        }
        self.done = true;
        let Some(bytes) = self.file_bytes else { return };
        let per_row = (store.rows.text_len() / rows + store.rows.width()).max(1) as u64;
        let more = (bytes / per_row + bytes / per_row / 20) as usize;
        let text = (bytes as usize).saturating_sub(store.rows.text_len());
        store.rows.reserve(more, text.min(more.saturating_mul(per_row as usize)));
        trials.reserve(more);
        seen.reserve(more);
    }
}

/// One row: its id registered (taking position `next`), its values checked; `None` when the row has
/// a problem (its id then gives the position back).
fn parse_trial(
    row: &Row<'_>,
    cols: &TrialCheckColumns,
    vocabulary: Option<&[Condition]>,
    lists: &mut ConditionLists,
    next: usize,
    seen: &mut FnvMap<Text, (u64, usize)>,
    problems: &mut Vec<Problem>,
) -> Option<TrialValues> {
    let start = problems.len();
    let id = row.required(cols.id, problems);
    // The id takes the next position now; a row that turns out invalid gives it back below.
    let fresh = register_id(row, id, next, seen, problems);
    let checked = check_trial(row, cols, vocabulary, lists, problems);
    let (Some((year, conditions, design, n)), false) = (checked, problems.len() > start) else {
        if fresh && let Some(v) = seen.get_mut(id) {
            v.1 = usize::MAX;
        }
        return None;
    };
    let id = seen.get_key_value(id).map_or_else(|| Text::from(id), |(k, _)| k.clone());
    Some(TrialValues { id, year, conditions, design, n_randomized: n, row: 0 })
}

/// Where the text columns stand, shared by every trial of the file.
fn trial_columns(table: &Table) -> TrialColumns {
    let at = |c: &str| table.index(c).unwrap_or(0);
    TrialColumns {
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
    }
}

/// The columns a trials.csv row is checked by, each found in the header once per file.
pub(super) struct TrialCheckColumns {
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
pub(super) fn register_id(
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
pub(super) fn check_trial(
    row: &Row<'_>,
    cols: &TrialCheckColumns,
    vocabulary: Option<&[Condition]>,
    lists: &mut ConditionLists,
    problems: &mut Vec<Problem>,
) -> Option<(i32, Conditions, Design, Option<u32>)> {
    row.required(cols.citation, problems);
    let year = row.int(cols.year, 1900, 2100, problems);
    if row.get(cols.year).is_empty() {
        row.problem("year", "expected a year, found an empty field", problems);
    }
    let conditions = lists.get(
        row.get(cols.condition),
        |problems| trial_conditions(row, cols.condition, vocabulary, problems),
        problems,
    );
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
pub(super) fn trial_conditions(
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
