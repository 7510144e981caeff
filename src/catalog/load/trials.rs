//! trials.csv rows into typed, checked `Trial`s (ids registered once, conditions resolved).

use super::*;

/// What reading trials.csv gives: its header (`None` when the file could not be read), the trials
/// and their ids.
pub(super) struct TrialsRead {
    pub(super) header: Option<Vec<String>>,
    pub(super) trials: Vec<Trial>,
    pub(super) ids: Ids,
}

/// Every id written in trials.csv: those of valid rows indexed by position, those of rows with a
/// problem by their first line (an outcome row naming one is not reported again, nor is a later
/// row with the same id reported as anything but a repeat).
#[derive(Default)]
pub(super) struct Ids {
    pub(super) index: TrialIndex,
    rejected: FnvMap<Text, u64>,
}

impl Ids {
    /// The id's shared text and its trial's position (`usize::MAX` for a rejected row's id).
    pub(super) fn resolve(&self, id: &str, trials: &[Trial]) -> Option<(Text, usize)> {
        match self.index.get(id, trials) {
            Some(at) => Some((trials[at].id.clone(), at)),
            None => self.rejected.get_key_value(id).map(|(k, _)| (k.clone(), usize::MAX)),
        }
    }

    /// The line an id was first written on.
    fn first_line(&self, id: &str, trials: &[Trial]) -> Option<u64> {
        match self.index.get(id, trials) {
            Some(at) => Some(trials[at].line()),
            None => self.rejected.get(id).copied(),
        }
    }
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
    let mut ids = Ids::default();
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
        sizing.reserve(store, &mut trials, &mut ids);
        let Some(v) = parse_trial(&row, cols, vocabulary, &mut lists, (&mut ids, &trials), problems) else { return };
        match store.rows.push(row.fields) {
            Some(at) => {
                trials.push(Trial::new(TrialValues { row: at, ..v }, placeholder.clone()));
                ids.index.insert(trials.len() - 1, &trials);
            }
            _ => row.problem("id", "expected trials.csv to hold at most 4 GiB of text, found more", problems),
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
    TrialsRead { header: table.map(|t| t.header), trials, ids }
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
    fn reserve(&mut self, store: &mut TrialStore, trials: &mut Vec<Trial>, ids: &mut Ids) {
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
        ids.index.reserve(more, trials);
    }
}

/// One row: its id checked for repeats, its values checked; `None` when the row has a problem (its
/// id is then remembered as rejected).
fn parse_trial(
    row: &Row<'_>,
    cols: &TrialCheckColumns,
    vocabulary: Option<&[Condition]>,
    lists: &mut ConditionLists,
    (ids, trials): (&mut Ids, &[Trial]),
    problems: &mut Vec<Problem>,
) -> Option<TrialValues> {
    let start = problems.len();
    let id = row.required(cols.id, problems);
    let fresh = !id.is_empty() && !repeated(row, id, ids, trials, problems);
    let checked = check_trial(row, cols, vocabulary, lists, problems);
    let (Some((year, conditions, design, n)), false) = (checked, problems.len() > start) else {
        if fresh {
            ids.rejected.insert(Text::from(id), row.line);
        }
        return None;
    };
    let line = u32::try_from(row.line).unwrap_or(u32::MAX);
    Some(TrialValues { id: Text::from(id), year, conditions, design, n_randomized: n, row: 0, line })
}

/// Whether `id` was written on an earlier row (a problem naming that row's line).
fn repeated(row: &Row<'_>, id: &str, ids: &Ids, trials: &[Trial], problems: &mut Vec<Problem>) -> bool {
    let Some(first) = ids.first_line(id, trials) else { return false };
    row.problem("id", format!("expected a unique id, found {} already used on line {first}", show(id)), problems);
    true
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
    if let Some(vocab) = vocabulary {
        to_keys(row, &mut conditions, vocab, |keys| format!("expected a key from conditions.csv ({keys})"), problems);
    }
    conditions
}
