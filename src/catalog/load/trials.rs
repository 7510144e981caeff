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
    /// Positions of valid rows whose id an earlier row has (left out of the trials).
    repeats: Vec<usize>,
}

impl Ids {
    /// The id's shared text and its trial's position (`usize::MAX` for a rejected row's id).
    pub(super) fn resolve(&self, id: &str, trials: &[Trial]) -> Option<(Text, usize)> {
        match self.index.get(id, trials) {
            Some(at) => Some((trials[at].id.clone(), at)),
            None => self.rejected.get_key_value(id).map(|(k, _)| (k.clone(), usize::MAX)),
        }
    }

    /// [`Ids::resolve`], trying the trial at `near` and the next one first (outcome rows usually
    /// follow their trials' order); `near` becomes the position found.
    pub(super) fn resolve_near(&self, id: &str, trials: &[Trial], near: &mut usize) -> Option<(Text, usize)> {
        // Every trial is indexed and their ids are unique: a trial with this id is the one.
        for at in [*near, *near + 1] {
            if let Some(t) = trials.get(at)
                && *t.id == *id
            {
                *near = at;
                return Some((t.id.clone(), at));
            }
        }
        let found = self.resolve(id, trials);
        if let Some((_, at)) = found
            && at != usize::MAX
        {
            *near = at;
        }
        found
    }

    /// The line an id was first written on.
    fn first_line(&self, id: &str, trials: &[Trial]) -> Option<u64> {
        match self.index.get(id, trials) {
            Some(at) => Some(trials[at].line()),
            None => self.rejected.get(id).copied(),
        }
    }
}

/// trials.csv read row by row (in parts on a multi-core machine, `catalog::parts`): each row checked
/// as it is read and, when valid, its fields appended to its part's one [`RowStore`] (no
/// allocation per row but its id); then, in the file's order, every id checked for repeats.
pub(super) fn parse_trials(
    file: FileText,
    vocabulary: Option<&[Condition]>,
    split: &Split,
    problems: &mut Vec<Problem>,
) -> TrialsRead {
    let name = file.name.clone();
    // Trials point at a placeholder store while theirs is filled (see `Ids::check`).
    let placeholder = std::sync::Arc::new(TrialStore::default());
    let init = TrialPart::new;
    let take = |part: &mut TrialPart, row: Row<'_>, problems: &mut Vec<Problem>| {
        part.take(&row, vocabulary, &placeholder, problems);
    };
    let (table, parts) = parts::read(file, &TRIAL_COLUMNS, split, &init, &take);
    let mut trials: Vec<Trial> = Vec::new();
    let mut ids = Ids::default();
    ids.index.reserve(parts.iter().map(|p| p.state.trials.len()).sum(), &[]);
    for part in parts {
        let checked = ids.check(&name, part.state, &mut trials, part.problems);
        problems.extend(checked);
    }
    ids.drop_repeats(&mut trials);
    TrialsRead { header: table.map(|t| t.header), trials, ids }
}

/// One part of trials.csv as read: its valid trials (their ids not yet checked for repeats), the
/// store of their rows, and the rows with a problem that name an id.
struct TrialPart {
    sizing: Sizing,
    trials: Vec<Trial>,
    store: Option<TrialStore>,
    /// Rows with a problem: their id, line, and where in the part's problems a repeat of the id goes.
    rejected: Vec<(Text, u64, usize)>,
    lists: ConditionLists,
    cols: Option<TrialCheckColumns>,
}

impl TrialPart {
    fn new(of: PartOf) -> TrialPart {
        TrialPart {
            sizing: Sizing::new(of),
            trials: Vec::new(),
            store: None,
            rejected: Vec::new(),
            lists: ConditionLists::default(),
            cols: None,
        }
    }

    fn take(
        &mut self,
        row: &Row<'_>,
        vocabulary: Option<&[Condition]>,
        placeholder: &std::sync::Arc<TrialStore>,
        problems: &mut Vec<Problem>,
    ) {
        let cols = self.cols.get_or_insert_with(|| TrialCheckColumns::new(row.table));
        let store = self.store.get_or_insert_with(|| TrialStore {
            cols: trial_columns(row.table),
            rows: RowStore::new(row.table.header.len()),
        });
        self.sizing.reserve(store, &mut self.trials);
        match parse_trial(row, cols, vocabulary, &mut self.lists, problems) {
            Ok(v) => match store.rows.push(row.fields) {
                Some(at) => self.trials.push(Trial::new(TrialValues { row: at, ..v }, placeholder.clone())),
                None => row.problem("id", "expected trials.csv to hold at most 4 GiB of text, found more", problems),
            },
            Err(Some((id, mark))) => self.rejected.push((Text::from(id), row.line, mark)),
            Err(None) => {}
        }
    }
}

impl Ids {
    /// A part's ids checked for repeats in line order, after the parts before it: the part's trials
    /// appended to `trials` (a repeat is marked for [`Ids::drop_repeats`]), their ids indexed, the
    /// ids of its rows with a problem remembered; its problems returned with each repeat's in place.
    fn check(&mut self, file: &str, part: TrialPart, trials: &mut Vec<Trial>, problems: Vec<Problem>) -> Vec<Problem> {
        let store = std::sync::Arc::new(part.store.map(shrunk).unwrap_or_default());
        let base = trials.len();
        if trials.is_empty() {
            *trials = part.trials; // the first part's trials are not copied (their room was reserved)
        } else {
            trials.extend(part.trials);
        }
        let mut repeats: Vec<(usize, Problem)> = Vec::new();
        let mut rejected = part.rejected.into_iter().peekable();
        // Where a problem of the valid row being checked goes: after those of earlier lines.
        let mut at = 0;
        for i in base..trials.len() {
            trials[i].set_store(store.clone());
            let line = trials[i].line();
            while let Some(row) = rejected.next_if(|r| r.1 < line) {
                self.check_rejected(file, row, trials, &mut repeats);
            }
            while problems.get(at).is_some_and(|p| p.line.is_some_and(|l| l < line)) {
                at += 1;
            }
            // An id is either indexed or rejected, never both (see `first_line`).
            let earlier = match self.rejected.get(&*trials[i].id) {
                Some(&first) => Some(first),
                None => self.index.insert_new(i, trials).err().map(|first| trials[first].line()),
            };
            if let Some(first) = earlier {
                repeats.push((at, repeat(file, &trials[i].id, line, first)));
                self.repeats.push(i);
            }
        }
        for row in rejected {
            self.check_rejected(file, row, trials, &mut repeats);
        }
        with_inserted(problems, repeats)
    }

    /// A row with a problem: a repeat of an earlier id (its problem goes at `mark`), or the first
    /// row with its id.
    fn check_rejected(
        &mut self,
        file: &str,
        (id, line, mark): (Text, u64, usize),
        trials: &[Trial],
        repeats: &mut Vec<(usize, Problem)>,
    ) {
        match self.first_line(&id, trials) {
            Some(first) => repeats.push((mark, repeat(file, &id, line, first))),
            None => {
                self.rejected.insert(id, line);
            }
        }
    }

    /// The trials whose id repeats an earlier row's left out (the index rebuilt for the rest).
    fn drop_repeats(&mut self, trials: &mut Vec<Trial>) {
        if self.repeats.is_empty() {
            return;
        }
        let mut repeats = std::mem::take(&mut self.repeats).into_iter().peekable();
        let mut i = 0;
        trials.retain(|_| {
            let keep = repeats.next_if_eq(&i).is_none();
            i += 1;
            keep
        });
        self.index = TrialIndex::default();
        self.index.reserve(trials.len(), &[]);
        for i in 0..trials.len() {
            self.index.insert(i, trials);
        }
    }
}

fn shrunk(mut store: TrialStore) -> TrialStore {
    store.rows.shrink();
    store
}

/// The problem of a row whose id an earlier row has.
fn repeat(file: &str, id: &str, line: u64, first: u64) -> Problem {
    let msg = format!("expected a unique id, found {} already used on line {first}", show(id));
    Problem::new(file, Some(line), Some("id"), msg)
}

/// `problems` with each of `inserts` placed before the problem at its position.
fn with_inserted(problems: Vec<Problem>, mut inserts: Vec<(usize, Problem)>) -> Vec<Problem> {
    if inserts.is_empty() {
        return problems;
    }
    inserts.sort_by_key(|(at, _)| *at);
    let mut inserts = inserts.into_iter().peekable();
    let mut out = Vec::with_capacity(problems.len() + inserts.len());
    for (i, p) in problems.into_iter().enumerate() {
        while let Some((_, q)) = inserts.next_if(|(at, _)| *at <= i) {
            out.push(q);
        }
        out.push(p);
    }
    out.extend(inserts.map(|(_, q)| q));
    out
}

/// Memory for a large trials.csv reserved once, from its size and its first rows, instead of
/// buffers that double as they fill (the old and the new one held at once, then half unused).
struct Sizing {
    of: PartOf,
    done: bool,
}

impl Sizing {
    /// Rows read before the estimate is made.
    const SAMPLE: usize = 256;

    fn new(of: PartOf) -> Sizing {
        Sizing { of, done: false }
    }

    /// After the sample: rows ~ bytes / bytes per row so far (text + a separator per field), plus
    /// 5%: room in the part's store for the part, and in the first part's trials for the whole
    /// file (the other parts' trials are appended to them).
    fn reserve(&mut self, store: &mut TrialStore, trials: &mut Vec<Trial>) {
        let rows = store.rows.rows();
        if self.done || rows < Self::SAMPLE {
            return;
        }
        self.done = true;
        let Some(bytes) = self.of.bytes else { return };
        let per_row = (store.rows.text_len() / rows + store.rows.width()).max(1) as u64;
        let estimate = |bytes: u64| (bytes / per_row + bytes / per_row / 20) as usize;
        let more = estimate(bytes);
        let text = (bytes as usize).saturating_sub(store.rows.text_len());
        store.rows.reserve(more, text.min(more.saturating_mul(per_row as usize)));
        let file = self.of.file_bytes.filter(|_| self.of.index == 0).unwrap_or(bytes);
        trials.reserve(estimate(file));
    }
}

/// One row's values, checked, its id not yet checked for repeats; `Err` when the row has a
/// problem: its id, if any, and where in `problems` a repeat of the id is reported (after a
/// problem with the id itself, before the others).
fn parse_trial<'a>(
    row: &Row<'a>,
    cols: &TrialCheckColumns,
    vocabulary: Option<&[Condition]>,
    lists: &mut ConditionLists,
    problems: &mut Vec<Problem>,
) -> Result<TrialValues, Option<(&'a str, usize)>> {
    let start = problems.len();
    let id = row.required(cols.id, problems);
    let mark = problems.len();
    let checked = check_trial(row, cols, vocabulary, lists, problems);
    let (Some((year, conditions, design, n)), false) = (checked, problems.len() > start) else {
        return Err((!id.is_empty()).then_some((id, mark)));
    };
    let line = u32::try_from(row.line).unwrap_or(u32::MAX);
    Ok(TrialValues { id: Text::from(id), year, conditions, design, n_randomized: n, row: 0, line })
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
