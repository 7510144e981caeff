//! trials.csv rows into typed, checked `Trial`s (ids registered once, conditions resolved).

use super::*;

/// Trials from the table's rows, which are moved into the trials (`raw`), not copied, and the index of
/// every id written (valid row or not): id -> (first line, position in the trials or `usize::MAX`).
pub(super) fn parse_trials(
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
pub(super) fn trial_columns(table: &Table) -> std::sync::Arc<TrialColumns> {
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
