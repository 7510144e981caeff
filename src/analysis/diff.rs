//! Dual extraction compared: two catalogs of the same trials, field by field (`evrev diff A B`).
//!
//! Trials are matched by id, else DOI, else PMID; outcome rows by trial + outcome + time point (rows
//! repeating one key pair in file order); `rob.csv` rows by trial. Every disagreement keeps both values
//! and their file:line; each field gets its percent agreement and, for categorical fields, Cohen's kappa.

use crate::catalog::RawTable;
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};

/// Columns compared as numbers (within the tolerance); others are text, compared after trimming.
const NUMERIC: [&str; 14] = [
    "year",
    "n_randomized",
    "n_doses",
    "days",
    "events_t",
    "n_t",
    "events_c",
    "n_c",
    "mean_t",
    "sd_t",
    "mean_c",
    "sd_c",
    "pct_t",
    "pct_c",
];

/// Categorical columns: compared case-insensitively, with Cohen's kappa.
const CATEGORICAL: [&str; 10] =
    ["design", "blinding", "primary", "provenance", "d1", "d2", "d3", "d4", "d5", "overall"];

/// The two catalogs' files, `None` where a file is absent (only rob.csv may be).
pub struct Side {
    pub trials: RawTable,
    pub outcomes: RawTable,
    pub rob: Option<RawTable>,
}

/// One difference between the catalogs.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    /// `value` (both have the field, values differ), `row only in A`/`B`, `column only in A`/`B`,
    /// `file only in A`/`B` (rob.csv).
    pub kind: String,
    pub file: String,
    /// The trial (A's id when matched).
    pub trial: String,
    /// For outcome rows: "outcome @ time point"; empty otherwise.
    pub row: String,
    pub field: String,
    /// The value in A: a number for a numeric column, else text (`None` for a row or column in one only).
    pub value_a: Option<Value>,
    /// "DIR_A/trials.csv:3".
    pub at_a: Option<String>,
    pub value_b: Option<Value>,
    pub at_b: Option<String>,
}

/// Agreement on one field over the matched rows where at least one side has a value.
#[derive(Debug, Clone, Serialize)]
pub struct FieldAgreement {
    pub file: String,
    pub field: String,
    pub compared: usize,
    pub agree: usize,
    /// 100 x agree / compared; `None` when nothing was compared.
    pub percent: Option<f64>,
    /// Cohen's unweighted kappa over the pairs with both values present (categorical fields only);
    /// `None` when not categorical, no pair, or chance agreement is 1 (kappa undefined).
    pub kappa: Option<f64>,
    /// Pairs behind the kappa.
    pub kappa_pairs: usize,
}

/// The comparison: disagreements, per-field agreement, and the totals.
#[derive(Debug, Clone, Serialize)]
pub struct DiffResult {
    pub disagreements: Vec<Disagreement>,
    pub fields: Vec<FieldAgreement>,
    pub compared: usize,
    pub agree: usize,
    /// 100 x agree / compared over every field; `None` when nothing was compared.
    pub percent: Option<f64>,
    pub trials_a: usize,
    pub trials_b: usize,
    pub trials_matched: usize,
    /// Absolute tolerance used for numbers.
    pub tolerance: f64,
}

impl DiffResult {
    pub fn differ(&self) -> bool {
        !self.disagreements.is_empty()
    }
}

/// Cohen's (1960) unweighted kappa of paired ratings: (p_o - p_e) / (1 - p_e), p_o the observed
/// agreement and p_e = sum over categories of the product of the two raters' marginal proportions.
/// `None` for no pairs, or when p_e = 1 (both raters used one and the same category throughout).
pub fn cohen_kappa<S: AsRef<str>>(pairs: &[(S, S)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.is_empty() {
        return None;
    }
    let mut a: HashMap<&str, f64> = HashMap::new();
    let mut b: HashMap<&str, f64> = HashMap::new();
    let mut agree = 0.0;
    for (x, y) in pairs {
        *a.entry(x.as_ref()).or_default() += 1.0;
        *b.entry(y.as_ref()).or_default() += 1.0;
        if x.as_ref() == y.as_ref() {
            agree += 1.0;
        }
    }
    let po = agree / n;
    let pe: f64 = a.iter().map(|(k, na)| na / n * b.get(k).copied().unwrap_or(0.0) / n).sum();
    (pe < 1.0 - 1e-12).then(|| (po - pe) / (1.0 - pe))
}

/// Compare catalog `a` with catalog `b`, numbers within `tol` (absolute).
pub fn diff(a: &Side, b: &Side, tol: f64) -> DiffResult {
    let mut acc = Tally { tol, out: Vec::new(), fields: Vec::new() };
    let matched = match_trials(&a.trials, &b.trials);
    let id = |t: &RawTable, r: usize| cell(t, r, "id").to_string();
    let mut in_a = vec![false; b.trials.rows.len()];
    let mut keyed: Vec<Keyed> = Vec::with_capacity(matched.len());
    for &(i, j) in &matched {
        if let Some(j) = j {
            in_a[j] = true;
        }
        keyed.push(Keyed { trial: id(&a.trials, i), row: String::new(), a: Some(i), b: j });
    }
    for j in (0..b.trials.rows.len()).filter(|&j| !in_a[j]) {
        keyed.push(Keyed { trial: id(&b.trials, j), row: String::new(), a: None, b: Some(j) });
    }
    acc.compare("trials.csv", &a.trials, &b.trials, &keyed, &[]);
    // Trial ids of B as A names them, so outcome and rob rows of B key on A's ids.
    let b_id_to_a: HashMap<String, String> =
        matched.iter().filter_map(|&(i, j)| j.map(|j| (id(&b.trials, j), id(&a.trials, i)))).collect();
    let rename = |id: &str| b_id_to_a.get(id).cloned().unwrap_or_else(|| id.to_string());
    let keyed = pair_rows(&a.outcomes, &b.outcomes, &["trial", "outcome", "timepoint"], &rename);
    acc.compare("outcomes.csv", &a.outcomes, &b.outcomes, &keyed, &["trial"]);
    match (&a.rob, &b.rob) {
        (Some(ra), Some(rb)) => {
            let keyed = pair_rows(ra, rb, &["trial"], &rename);
            acc.compare("rob.csv", ra, rb, &keyed, &["trial"]);
        }
        (Some(t), None) | (None, Some(t)) => acc.file_in_one("rob.csv", t, a.rob.is_some()),
        (None, None) => {}
    }
    acc.finish(a.trials.rows.len(), b.trials.rows.len(), b_id_to_a.len())
}

/// A cell as data: a number in a numeric column (so CSV and JSON carry it as one), else text.
fn value(column: &str, v: &str) -> Value {
    if NUMERIC.contains(&column) {
        if let Ok(i) = v.parse::<i64>() {
            return Value::from(i);
        }
        if let Some(n) = v.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(v.to_string())
}

fn col(t: &RawTable, name: &str) -> Option<usize> {
    t.header.iter().position(|h| h == name)
}

fn cell<'a>(t: &'a RawTable, row: usize, name: &str) -> &'a str {
    col(t, name).and_then(|c| t.rows[row].1.get(c)).map_or("", String::as_str)
}

/// Each trial of A with its match in B (by id, else DOI, else PMID; each B trial used once). B is
/// indexed once per key, so matching takes linear time.
fn match_trials(a: &RawTable, b: &RawTable) -> Vec<(usize, Option<usize>)> {
    const KEYS: [&str; 3] = ["id", "doi", "pmid"];
    let mut index: [HashMap<String, VecDeque<usize>>; 3] = Default::default();
    for (k, map) in KEYS.iter().zip(index.iter_mut()) {
        for j in 0..b.rows.len() {
            let v = cell(b, j, k);
            if !v.is_empty() {
                map.entry(v.to_lowercase()).or_default().push_back(j);
            }
        }
    }
    let mut used = vec![false; b.rows.len()];
    let mut out = Vec::with_capacity(a.rows.len());
    for i in 0..a.rows.len() {
        let mut found = None;
        for (k, map) in KEYS.iter().zip(index.iter_mut()) {
            let v = cell(a, i, k);
            if let Some(queue) = map.get_mut(&v.to_lowercase()).filter(|_| !v.is_empty()) {
                while let Some(j) = queue.pop_front() {
                    if !used[j] {
                        found = Some(j);
                        break;
                    }
                }
            }
            if found.is_some() {
                break;
            }
        }
        if let Some(j) = found {
            used[j] = true;
        }
        out.push((i, found));
    }
    out
}

/// A pair of rows (either may be absent) under one key.
struct Keyed {
    trial: String,
    row: String,
    a: Option<usize>,
    b: Option<usize>,
}

/// Pair the rows of two tables by the values of `key` columns (B's trial ids renamed to A's; other
/// key columns ignoring case), rows repeating one key pairing in file order; linear time.
fn pair_rows(a: &RawTable, b: &RawTable, key: &[&str], rename: &dyn Fn(&str) -> String) -> Vec<Keyed> {
    let key_of = |t: &RawTable, r: usize, renamed: bool| -> Vec<String> {
        key.iter()
            .map(|k| match (*k, renamed) {
                ("trial", true) => rename(cell(t, r, k)),
                ("trial", false) => cell(t, r, k).to_string(),
                _ => cell(t, r, k).to_lowercase(),
            })
            .collect()
    };
    let mut b_rows: HashMap<Vec<String>, VecDeque<usize>> = HashMap::new();
    for j in 0..b.rows.len() {
        b_rows.entry(key_of(b, j, true)).or_default().push_back(j);
    }
    let mut used = vec![false; b.rows.len()];
    // The row as people read it: its key columns after the trial, as written.
    let label = |t: &RawTable, r: usize| key[1..].iter().map(|k| cell(t, r, k)).collect::<Vec<_>>().join(" @ ");
    let mut out = Vec::with_capacity(a.rows.len());
    for i in 0..a.rows.len() {
        let k = key_of(a, i, false);
        let j = b_rows.get_mut(&k).and_then(|c| take_closest(a, i, b, c));
        if let Some(j) = j {
            used[j] = true;
        }
        out.push(Keyed { trial: k[0].clone(), row: label(a, i), a: Some(i), b: j });
    }
    for j in (0..b.rows.len()).filter(|&j| !used[j]) {
        let k = key_of(b, j, true);
        out.push(Keyed { trial: k[0].clone(), row: label(b, j), a: None, b: Some(j) });
    }
    out
}

/// Of B's rows with A's row's key, take the one that agrees with it on the most cells (the first of
/// equals). Two rows of one trial can share trial + outcome + time point (Taylor 2018's LSAS and
/// VAS response, Daly 2019's relapse among remitters and among responders): taking them in file order
/// would compare LSAS with VAS when one extraction lists them the other way round. A key's candidates
/// are few, so this stays linear in the rows.
fn take_closest(a: &RawTable, i: usize, b: &RawTable, candidates: &mut VecDeque<usize>) -> Option<usize> {
    let agreeing =
        |j: usize| a.header.iter().filter(|h| cell(a, i, h).trim().eq_ignore_ascii_case(cell(b, j, h).trim())).count();
    let best = (0..candidates.len()).rev().max_by_key(|&p| agreeing(candidates[p]))?;
    candidates.remove(best)
}

/// Disagreements and per-field counts as they are found.
struct Tally {
    tol: f64,
    out: Vec<Disagreement>,
    fields: Vec<(FieldAgreement, Vec<(String, String)>)>,
}

impl Tally {
    /// Compare the paired rows of one file over the columns both have (`skip`: key columns).
    fn compare(&mut self, file: &str, a: &RawTable, b: &RawTable, rows: &[Keyed], skip: &[&str]) {
        let at = |t: &RawTable, r: usize| format!("{}:{}", t.file, t.rows[r].0);
        self.columns_in_one(file, a, b);
        let common: Vec<&String> = a.header.iter().filter(|h| b.header.contains(h)).collect();
        for c in &common {
            if !skip.contains(&c.as_str()) {
                self.field(file, c);
            }
        }
        for k in rows {
            let (i, j) = match (k.a, k.b) {
                (Some(i), Some(j)) => (i, j),
                (i, j) => {
                    let only = if i.is_some() { "A" } else { "B" };
                    self.out.push(Disagreement {
                        kind: format!("row only in {only}"),
                        file: file.to_string(),
                        trial: k.trial.clone(),
                        row: k.row.clone(),
                        field: String::new(),
                        value_a: None,
                        at_a: i.map(|i| at(a, i)),
                        value_b: None,
                        at_b: j.map(|j| at(b, j)),
                    });
                    continue;
                }
            };
            for c in common.iter().filter(|c| !skip.contains(&c.as_str())) {
                let (va, vb) = (cell(a, i, c), cell(b, j, c));
                if va.is_empty() && vb.is_empty() {
                    continue;
                }
                let same = self.same(c, va, vb);
                self.count(file, c, va, vb, same);
                if !same {
                    self.out.push(Disagreement {
                        kind: "value".into(),
                        file: file.to_string(),
                        trial: k.trial.clone(),
                        row: k.row.clone(),
                        field: c.to_string(),
                        value_a: Some(value(c, va)),
                        at_a: Some(at(a, i)),
                        value_b: Some(value(c, vb)),
                        at_b: Some(at(b, j)),
                    });
                }
            }
        }
    }

    fn file_in_one(&mut self, file: &str, t: &RawTable, in_a: bool) {
        let at = Some(format!("{}:1", t.file));
        self.out.push(Disagreement {
            kind: format!("file only in {}", if in_a { "A" } else { "B" }),
            file: file.to_string(),
            trial: String::new(),
            row: String::new(),
            field: String::new(),
            value_a: None,
            at_a: if in_a { at.clone() } else { None },
            value_b: None,
            at_b: if in_a { None } else { at },
        });
    }

    fn columns_in_one(&mut self, file: &str, a: &RawTable, b: &RawTable) {
        for (side, t, other) in [("A", a, b), ("B", b, a)] {
            for c in t.header.iter().filter(|h| !other.header.contains(h)) {
                self.out.push(Disagreement {
                    kind: format!("column only in {side}"),
                    file: file.to_string(),
                    trial: String::new(),
                    row: String::new(),
                    field: c.clone(),
                    value_a: None,
                    at_a: (side == "A").then(|| format!("{}:1", t.file)),
                    value_b: None,
                    at_b: (side == "B").then(|| format!("{}:1", t.file)),
                });
            }
        }
    }

    fn same(&self, column: &str, a: &str, b: &str) -> bool {
        if NUMERIC.contains(&column)
            && let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>())
        {
            return (x - y).abs() <= self.tol + 1e-12 * x.abs().max(y.abs());
        }
        // DOIs are case-insensitive (DOI Handbook 2.4).
        if CATEGORICAL.contains(&column) || column == "doi" { a.eq_ignore_ascii_case(b) } else { a == b }
    }

    fn field(&mut self, file: &str, field: &str) {
        let f = FieldAgreement {
            file: file.to_string(),
            field: field.to_string(),
            compared: 0,
            agree: 0,
            percent: None,
            kappa: None,
            kappa_pairs: 0,
        };
        self.fields.push((f, Vec::new()));
    }

    fn count(&mut self, file: &str, field: &str, a: &str, b: &str, same: bool) {
        let Some((f, pairs)) = self.fields.iter_mut().find(|(f, _)| f.file == file && f.field == field) else {
            return;
        };
        f.compared += 1;
        f.agree += usize::from(same);
        if CATEGORICAL.contains(&field) && !a.is_empty() && !b.is_empty() {
            pairs.push((a.to_lowercase(), b.to_lowercase()));
        }
    }

    fn finish(self, trials_a: usize, trials_b: usize, trials_matched: usize) -> DiffResult {
        let percent = |agree: usize, n: usize| (n > 0).then(|| 100.0 * agree as f64 / n as f64);
        let fields: Vec<FieldAgreement> = self
            .fields
            .into_iter()
            .filter(|(f, _)| f.compared > 0)
            .map(|(mut f, pairs)| {
                f.percent = percent(f.agree, f.compared);
                if CATEGORICAL.contains(&f.field.as_str()) {
                    f.kappa = cohen_kappa(&pairs);
                    f.kappa_pairs = pairs.len();
                }
                f
            })
            .collect();
        let compared = fields.iter().map(|f| f.compared).sum();
        let agree = fields.iter().map(|f| f.agree).sum();
        DiffResult {
            disagreements: self.out,
            fields,
            compared,
            agree,
            percent: percent(agree, compared),
            trials_a,
            trials_b,
            trials_matched,
            tolerance: self.tol,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_by_hand() {
        // 10 pairs: 4 low/low, 2 low/high, 4 high/high. A: 6 low, 4 high; B: 4 low, 6 high.
        // p_o = 0.8; p_e = 0.6 x 0.4 + 0.4 x 0.6 = 0.48; kappa = 0.32 / 0.52 = 8/13.
        let mut pairs = vec![("low", "low"); 4];
        pairs.extend([("low", "high"); 2]);
        pairs.extend([("high", "high"); 4]);
        let k = cohen_kappa(&pairs).unwrap();
        assert!((k - 8.0 / 13.0).abs() < 1e-12, "{k}");
        assert_eq!(cohen_kappa::<&str>(&[]), None);
        assert_eq!(cohen_kappa(&[("a", "a"), ("a", "a")]), None); // p_e = 1: undefined
    }
}
