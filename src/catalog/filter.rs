//! Selecting trials: condition (resolved against the catalog's vocabulary), design, drug, year, size.

use super::{Catalog, Design, Trial};

/// A resolved trial filter: conditions are catalog keys; an empty list means all.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub conditions: Vec<String>,
    pub design: Option<Design>,
    pub drug: Option<String>,
    pub since: Option<i32>,
    pub min_n: Option<u32>,
}

impl Filter {
    pub fn matches(&self, trial: &Trial) -> bool {
        (self.conditions.is_empty() || trial.conditions.iter().any(|c| self.conditions.contains(c)))
            && self.design.is_none_or(|d| trial.design == d)
            && self.drug.as_deref().is_none_or(|d| trial.drug().eq_ignore_ascii_case(d))
            && self.since.is_none_or(|y| trial.year >= y)
            && self.min_n.is_none_or(|n| trial.n_randomized.is_some_and(|x| x >= n))
    }

    /// The trials that pass, in catalog order.
    pub fn trials<'a>(&'a self, catalog: &'a Catalog) -> impl Iterator<Item = &'a Trial> + 'a {
        catalog.trials.iter().filter(move |t| self.matches(t))
    }

    /// A short description for "no trials match" messages, e.g. "condition ocd, since 2020".
    pub fn describe(&self, catalog: &Catalog) -> String {
        let mut parts = Vec::new();
        if !self.conditions.is_empty() {
            let labels: Vec<&str> = self.conditions.iter().map(|c| catalog.label(c)).collect();
            parts.push(format!("condition {}", labels.join(" or ")));
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
pub fn resolve_conditions(catalog: &Catalog, names: &[String]) -> Result<Vec<String>, String> {
    let mut keys = Vec::new();
    for name in names {
        match catalog.conditions.iter().find(|c| c.matches(name)) {
            Some(c) => {
                if !keys.contains(&c.key) {
                    keys.push(c.key.clone());
                }
            }
            None => {
                let known: Vec<String> = catalog.conditions.iter().map(|c| crate::report::sanitize(&c.key)).collect();
                let nearest = catalog
                    .conditions
                    .iter()
                    .flat_map(|c| {
                        std::iter::once(&c.key).chain(std::iter::once(&c.label)).chain(&c.aliases).map(move |n| (c, n))
                    })
                    .map(|(c, n)| (strsim::normalized_damerau_levenshtein(&n.to_lowercase(), &name.to_lowercase()), c))
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .filter(|(score, _)| *score >= 0.4)
                    .map(|(_, c)| format!("; did you mean {}?", crate::report::quote(&c.key)))
                    .unwrap_or_default();
                return Err(format!(
                    "unknown condition {} in {}: known conditions are {}{nearest}",
                    crate::report::quote(name),
                    catalog.origin,
                    known.join(", ")
                ));
            }
        }
    }
    Ok(keys)
}
