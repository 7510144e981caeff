//! conditions.csv: the catalog's vocabulary of conditions (key, label, aliases), or one derived from trials.csv.

use super::*;

/// Without `conditions.csv`, the vocabulary is the set of keys the trials use, in first-seen order.
pub(super) fn derive_conditions(trials: &[Trial]) -> Vec<Condition> {
    let mut out: Vec<Condition> = Vec::new();
    for key in trials.iter().flat_map(|t| t.conditions.iter()) {
        if !out.iter().any(|c| &c.key == key) {
            out.push(Condition { key: key.clone(), label: key.clone(), aliases: Vec::new() });
        }
    }
    out
}

pub(super) fn parse_conditions(table: &Table, problems: &mut Vec<Problem>) -> Vec<Condition> {
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
pub(super) fn check_names(row: &Row<'_>, c: &Condition, earlier: &[Condition], problems: &mut Vec<Problem>) {
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

pub(super) fn split_list(v: &str) -> Vec<String> {
    v.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Each name replaced by its key in `vocabulary`; a name the vocabulary lacks is a problem of the
/// `condition` column, worded by `expected` from the list of keys.
pub(super) fn to_keys(
    row: &Row<'_>,
    names: &mut [String],
    vocabulary: &[Condition],
    expected: impl Fn(&str) -> String,
    problems: &mut Vec<Problem>,
) {
    for c in names.iter_mut() {
        match vocabulary.iter().find(|v| v.matches(c)) {
            Some(v) => *c = v.key.clone(),
            None => {
                let keys = vocabulary.iter().map(|v| crate::text::sanitize(&v.key)).collect::<Vec<_>>().join(", ");
                row.problem("condition", format!("{}, found {}", expected(&keys), show(c)), problems);
            }
        }
    }
}

/// Each distinct `condition` cell resolved once: the rows that name the same list share one
/// [`Conditions`] (a million trials of one condition hold one list, not a million). A cell whose
/// resolution records a problem is not kept (each such row reports its own), and no more than
/// [`ConditionLists::MAX`] cells are kept.
#[derive(Default)]
pub(super) struct ConditionLists {
    lists: FnvMap<Box<str>, Conditions>,
    /// The cell met last (most rows repeat the row before).
    last: Option<(Box<str>, Conditions)>,
}

impl ConditionLists {
    const MAX: usize = 4096;

    pub(super) fn get(
        &mut self,
        cell: &str,
        resolve: impl FnOnce(&mut Vec<Problem>) -> Vec<String>,
        problems: &mut Vec<Problem>,
    ) -> Conditions {
        if let Some((last, list)) = &self.last
            && **last == *cell
        {
            return list.clone();
        }
        if let Some(list) = self.lists.get(cell) {
            self.last = Some((cell.into(), list.clone()));
            return list.clone();
        }
        let before = problems.len();
        let list: Conditions = resolve(problems).into();
        if problems.len() == before && self.lists.len() < Self::MAX {
            self.lists.insert(cell.into(), list.clone());
            self.last = Some((cell.into(), list.clone()));
        }
        list
    }
}
