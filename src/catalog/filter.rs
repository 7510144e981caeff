//! Selecting trials and outcome rows: condition (resolved against the catalog's vocabulary), trial
//! id, design, drug, year, size.
//!
//! Reports of trials (`trials`, `conditions`) select a trial by its own conditions; reports of outcome
//! rows (`summary`, `pool`, `export --what summary`, `outcomes`) select each row by the conditions it
//! measures (its `condition` column, else its trial's), so a trial of two conditions contributes only
//! the rows of the condition asked for.

use super::{Catalog, Design, Outcome, Trial};

/// A resolved trial filter: conditions are catalog keys, ids are trial ids; an empty list means all.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub conditions: Vec<String>,
    /// Trial ids (`--trial`, repeatable).
    pub ids: Vec<String>,
    pub design: Option<Design>,
    pub drug: Option<String>,
    pub since: Option<i32>,
    pub min_n: Option<u32>,
}

impl Filter {
    /// Whether a trial passes, its own conditions meeting `--condition`.
    pub fn matches(&self, trial: &Trial) -> bool {
        self.wants(&trial.conditions) && self.matches_besides_condition(trial)
    }

    /// Whether a trial passes every criterion but the condition (outcome-row reports test that per row).
    pub fn matches_besides_condition(&self, trial: &Trial) -> bool {
        (self.ids.is_empty() || self.ids.iter().any(|id| **id == *trial.id))
            && self.design.is_none_or(|d| trial.design == d)
            && self.drug.as_deref().is_none_or(|d| trial.drug().eq_ignore_ascii_case(d))
            && self.since.is_none_or(|y| trial.year >= y)
            && self.min_n.is_none_or(|n| trial.n_randomized.is_some_and(|x| x >= n))
    }

    /// Whether an outcome row of `trial` passes: the trial passes the other criteria and the row's
    /// conditions (its own, else the trial's) meet `--condition`.
    pub fn selects(&self, trial: &Trial, row: &Outcome) -> bool {
        self.wants(row.conditions_or(trial)) && self.matches_besides_condition(trial)
    }

    fn wants(&self, conditions: &[String]) -> bool {
        self.conditions.is_empty() || conditions.iter().any(|c| self.conditions.contains(c))
    }

    /// The trials that pass, in catalog order.
    pub fn trials<'a>(&'a self, catalog: &'a Catalog) -> impl Iterator<Item = &'a Trial> + 'a {
        catalog.trials.iter().filter(move |t| self.matches(t))
    }

    /// The outcome rows that pass, with their trials, in catalog order (trials, then rows in file order).
    pub fn rows<'a>(&'a self, catalog: &'a Catalog) -> impl Iterator<Item = (&'a Trial, &'a Outcome)> + 'a {
        catalog
            .trials
            .iter()
            .filter(move |t| self.matches_besides_condition(t))
            .flat_map(move |t| catalog.outcomes_for(t).map(move |o| (t, o)))
            .filter(move |(t, o)| self.wants(o.conditions_or(t)))
    }

    /// A short description for "no trials match" messages, e.g. "condition ocd, since 2020".
    pub fn describe(&self, catalog: &Catalog) -> String {
        let mut parts = Vec::new();
        if !self.conditions.is_empty() {
            let labels: Vec<&str> = self.conditions.iter().map(|c| catalog.label(c)).collect();
            parts.push(format!("condition {}", labels.join(" or ")));
        }
        if !self.ids.is_empty() {
            parts.push(format!("trial {}", self.ids.join(" or ")));
        }
        if let Some(d) = self.design {
            parts.push(format!("design {d}"));
        }
        if let Some(d) = &self.drug {
            parts.push(format!("drug {d}"));
        }
        if let Some(y) = self.since {
            parts.push(format!("since {y}"));
        }
        if let Some(n) = self.min_n {
            parts.push(format!("at least {n} randomized"));
        }
        if parts.is_empty() { "no filter".into() } else { parts.join(", ") }
    }
}

/// Turn what the user typed (`--condition` values) into catalog keys, matching key, label or alias
/// case-insensitively. An unknown name is an error listing the known ones and the nearest.
pub fn resolve_conditions(catalog: &Catalog, names: &[String]) -> Result<Vec<String>, Unknown> {
    let mut keys = Vec::new();
    for name in names {
        match catalog.conditions.iter().find(|c| c.matches(name)) {
            Some(c) => {
                if !keys.contains(&c.key) {
                    keys.push(c.key.clone());
                }
            }
            None => {
                // The nearest key, label or alias, reported as its condition's key.
                let names = catalog.conditions.iter().flat_map(|c| {
                    std::iter::once(c.key.as_str())
                        .chain(std::iter::once(c.label.as_str()))
                        .chain(c.aliases.iter().map(String::as_str))
                });
                let nearest = nearest(name, names)
                    .and_then(|n| catalog.conditions.iter().find(|c| c.matches(n)))
                    .map(|c| c.key.clone());
                let known = catalog.conditions.iter().map(|c| c.key.clone()).collect();
                return Err(Unknown { name: name.clone(), known, nearest });
            }
        }
    }
    Ok(keys)
}

/// A name the catalog does not know: the nearest it does, and (for conditions) every one it knows.
/// Rendered for the user by the error module's `UsageError` (the catalog imports nothing above it).
#[derive(Debug, Clone, PartialEq)]
pub struct Unknown {
    pub name: String,
    pub known: Vec<String>,
    pub nearest: Option<String>,
}

/// Check `--trial` values against the catalog's ids: an unknown one is an error naming the nearest id.
pub fn resolve_trials(catalog: &Catalog, ids: &[String]) -> Result<Vec<String>, Unknown> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        let id = id.trim();
        if catalog.trial(id).is_none() {
            let nearest = nearest(id, catalog.trials.iter().map(|t| &*t.id)).map(str::to_string);
            return Err(Unknown { name: id.to_string(), known: Vec::new(), nearest });
        }
        if !out.iter().any(|o| o == id) {
            out.push(id.to_string());
        }
    }
    Ok(out)
}

/// The candidate most like `name` (normalized Damerau-Levenshtein, case-insensitive), if any is close.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(&c.to_lowercase(), &name), c))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score >= 0.4)
        .map(|(_, c)| c)
}
