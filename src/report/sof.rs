//! The Summary of Findings report: the GRADEpro-layout table (compact on a terminal), its footnotes
//! and notes, and the flat CSV row per outcome (each domain's rating in three columns).

use super::{Column, Records, Report, View, fmt_ci};
use crate::analysis::grade::Level;
use crate::analysis::pool::Measure;
use crate::analysis::sof::{SofReport, SofRow};
use crate::catalog::{Catalog, Filter};
use crate::stats::Interval;
use crate::text::fmt_num;
use crate::text::{fmt_more as more, fmt_people as people};
use serde_json::{Map, Value, json};

/// The report of `r` (computed for `filter`): records and JSON for the data formats, the table for
/// people; `ascii` writes certainty without ⊕⊝, `compact` (a terminal) moves the statements under it.
pub fn report(
    catalog: &Catalog,
    filter: &Filter,
    r: &SofReport,
    ascii: bool,
    compact: bool,
) -> serde_json::Result<Report> {
    let json = serde_json::to_value(r)?;
    Ok(Report { records: records(r), json: Some(json), views: vec![view(catalog, filter, r, ascii, compact)] })
}

/// CSV: one flat row per outcome, each domain's rating in three columns (the header is the first
/// row's keys: sof always has a row, an empty table being an error).
fn records(r: &SofReport) -> Records {
    let rows: Vec<Map<String, Value>> = r.rows.iter().map(flat).collect();
    let columns = rows.first().map(|m| m.keys().cloned().collect()).unwrap_or_default();
    Records { columns, rows: rows.into_iter().map(|m| m.into_iter().map(|(_, v)| v).collect()).collect() }
}

fn flat(row: &SofRow) -> Map<String, Value> {
    let fields = [
        ("outcome", json!(row.outcome)),
        ("condition", json!(row.condition)),
        ("timepoint", json!(row.timepoint)),
        ("scale", json!(row.scale)),
        ("k", json!(row.k)),
        ("participants", json!(row.participants)),
        ("measure", json!(row.pooled_as.measure.as_str())),
        ("estimate", json!(row.estimate)),
        ("ci_low", json!(row.ci_low)),
        ("ci_high", json!(row.ci_high)),
        ("control_risk", json!(row.control_risk)),
        ("per1000_c", json!(row.per1000_c)),
        ("per1000_t", json!(row.per1000_t)),
        ("per1000_t_low", json!(row.per1000_t_low)),
        ("per1000_t_high", json!(row.per1000_t_high)),
        ("per1000_diff", json!(row.per1000_diff)),
        ("per1000_diff_low", json!(row.per1000_diff_low)),
        ("per1000_diff_high", json!(row.per1000_diff_high)),
        ("certainty", json!(row.certainty.as_str())),
    ];
    let mut map: Map<String, Value> = fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    for (d, rating) in row.downgrades.iter() {
        map.insert(format!("{d}_change"), json!(rating.change));
        map.insert(format!("{d}_reason"), json!(rating.reason));
        map.insert(format!("{d}_source"), json!(rating.source));
    }
    map.insert("statement".into(), json!(row.statement));
    let notes: Vec<String> = row.footnotes.iter().map(|f| format!("{}. {}", f.letter, f.text)).collect();
    map.insert("footnotes".into(), json!(notes.join(" ")));
    map
}

/// The distinct values of one list field over the rows.
fn words(r: &SofReport, f: fn(&SofRow) -> &[String]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for w in r.rows.iter().flat_map(f).filter(|s| !s.is_empty()) {
        if !v.iter().any(|x| x.eq_ignore_ascii_case(w)) {
            v.push(w.to_string());
        }
    }
    v
}

fn title(catalog: &Catalog, filter: &Filter, r: &SofReport) -> String {
    let comparators = words(r, |x| &x.comparators);
    let comparator =
        if comparators.len() <= 2 { comparators.join(" or ") } else { "control (comparators below)".into() };
    let conditions: Vec<&str> = filter.conditions.iter().map(|c| catalog.label(c)).collect();
    let population = if conditions.is_empty() { String::new() } else { format!(" for {}", conditions.join(" or ")) };
    format!(
        "Summary of findings: {} compared with {comparator}{population}",
        words(r, |x| &x.interventions).join(" or ")
    )
}

/// The full table's headers (Markdown, and the HTML brief).
pub const HEADERS: [&str; 9] = [
    "Outcome",
    "Participants (studies)",
    "Relative effect (95% CI)",
    "Risk with comparator",
    "Risk with intervention (95% CI)",
    "Difference (95% CI)",
    "Certainty",
    "What happens",
    "Comments",
];

/// A terminal's headers: shorter, "per 1,000" said once, the statements under the table.
const COMPACT_HEADERS: [&str; 8] = [
    "Outcome",
    "N (studies)",
    "Relative (95% CI)",
    "Control per 1,000",
    "Intervention per 1,000 (95% CI)",
    "Difference per 1,000 (95% CI)",
    "Certainty",
    "Notes",
];

/// The SoF table; `compact` (a terminal) moves the statements under the table to save a column.
fn view(catalog: &Catalog, filter: &Filter, r: &SofReport, ascii: bool, compact: bool) -> View {
    let mut rows: Vec<Vec<String>> = r.rows.iter().map(|x| cells(x, ascii)).collect();
    let mut notes: Vec<String> = Vec::new();
    if compact {
        for (row, x) in rows.iter_mut().zip(&r.rows) {
            row.remove(7);
            for cell in &mut row[3..6] {
                *cell = cell.replace(" per 1,000", "");
            }
            notes.push(format!("What happens ({}): {}", x.outcome, x.statement));
        }
    }
    notes.extend(table_notes(r));
    notes.extend(skipped_note(r));
    let headers = if compact { COMPACT_HEADERS.to_vec() } else { HEADERS.to_vec() };
    let headers = headers.into_iter().map(String::from).collect();
    let view = View { title: Some(title(catalog, filter, r)), headers, rows, notes, columns: Vec::new() };
    if !compact {
        return view;
    }
    view.column("Difference per 1,000 (95% CI)", Column::droppable(1)).column("Notes", Column::droppable(2))
}

/// The footnotes, then how the numbers were made (what the table leaves out: `skipped_note`).
pub fn table_notes(r: &SofReport) -> Vec<String> {
    let mut notes: Vec<String> = r
        .rows
        .iter()
        .flat_map(|x| x.footnotes.iter().map(|f| format!("{}. {}: {}", f.letter, x.outcome, f.text)))
        .collect();
    notes.push("Risk with comparator: control events / control participants of the pooled studies (GRADEpro's study population); risk with intervention from the pooled relative effect and its 95% CI; per 1,000, rounded to whole people.".into());
    notes.push("Certainty (GRADE): high ⊕⊕⊕⊕, moderate ⊕⊕⊕⊝, low ⊕⊕⊝⊝, very low ⊕⊝⊝⊝; rated by evrev's documented algorithm (README, evrev sof --help) unless a reviewer's judgement in grade.csv says otherwise.".into());
    let mut labels: Vec<&str> = Vec::new();
    for l in r.rows.iter().map(|x| x.pooled_as.measure.label()) {
        if !labels.contains(&l) {
            labels.push(l);
        }
    }
    notes.push(format!(
        "Pooled with evrev pool's {} fit ({}); `evrev pool --outcome O` shows each forest plot.",
        r.rows[0].pooled_as.method.as_str(),
        labels.join(", ")
    ));
    let capped: Vec<&str> = r.rows.iter().filter(|x| x.per1000_capped).map(|x| x.outcome.as_str()).collect();
    if !capped.is_empty() {
        notes.push(format!(
            "Kept at 0 or 1,000 per 1,000: a bound of the relative effect times the comparator risk falls outside 0-1 ({}).",
            capped.join(", ")
        ));
    }
    let comparators = words(r, |x| &x.comparators);
    if comparators.len() > 2 {
        notes.push(format!("Comparators: {}.", comparators.join("; ")));
    }
    notes
}

/// The outcomes left out of the table, by key (the brief says them in words instead).
fn skipped_note(r: &SofReport) -> Option<String> {
    let names: Vec<&str> = r.skipped.iter().map(|s| s.outcome.as_str()).collect();
    (!names.is_empty()).then(|| {
        format!(
            "Not in the table (nothing to pool under this selection; `evrev pool --outcome O` says why): {}.",
            names.join(", ")
        )
    })
}

/// One row's cells under [`HEADERS`]; `ascii` writes certainty without ⊕⊝.
pub fn cells(x: &SofRow, ascii: bool) -> Vec<String> {
    let mut outcome = x.outcome.clone();
    let detail: Vec<&str> = [x.scale.as_str(), x.timepoint.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
    if !detail.is_empty() {
        outcome += &format!(" ({})", detail.join("; "));
    }
    // The algorithm starts high exactly when every pooled study is randomized.
    let randomized = x.start == Level::High;
    let studies = match (randomized, x.k) {
        (true, 1) => "1 RCT".to_string(),
        (true, k) => format!("{k} RCTs"),
        (false, 1) => "1 study".into(),
        (false, k) => format!("{k} studies"),
    };
    let two_arm_binary = matches!(x.pooled_as.measure, Measure::Rr | Measure::Or | Measure::Rd);
    let ci = |e: f64, low: f64, high: f64| fmt_ci(e, Interval { low, high });
    let relative = if two_arm_binary {
        format!("{} {}", x.pooled_as.measure.as_str().to_uppercase(), ci(x.estimate, x.ci_low, x.ci_high))
    } else {
        "—".into()
    };
    let per = |n: Option<i64>| n.map_or("—".to_string(), |n| format!("{} per 1,000", people(n)));
    let interval = |t: i64, lo: i64, hi: i64| format!("{} per 1,000 ({} to {})", people(t), people(lo), people(hi));
    let risk_t = match (x.per1000_t, x.per1000_t_low, x.per1000_t_high) {
        (Some(t), Some(lo), Some(hi)) => interval(t, lo, hi),
        _ => "—".into(),
    };
    let diff = match (x.per1000_diff, x.per1000_diff_low, x.per1000_diff_high) {
        (Some(d), Some(lo), Some(hi)) => format!("{} per 1,000 ({} to {})", more(d), more(lo), more(hi)),
        _ if x.pooled_as.measure == Measure::Pr => "— (no comparator)".into(),
        _ if !two_arm_binary => continuous(x),
        _ => "—".into(),
    };
    let letters: Vec<&str> = x.footnotes.iter().map(|f| f.letter.as_str()).collect();
    vec![
        outcome,
        format!("{} ({studies})", x.participants),
        relative,
        per(x.per1000_c),
        risk_t,
        diff,
        x.certainty.symbols(ascii),
        x.statement.clone(),
        letters.join(", "),
    ]
}

/// "MD 5.2 higher (1.1 higher to 9.3 higher)".
fn continuous(x: &SofRow) -> String {
    let name = x.pooled_as.measure.as_str().to_uppercase();
    let side = |v: f64| if v >= 0.0 { format!("{} higher", fmt_num(v)) } else { format!("{} lower", fmt_num(-v)) };
    format!("{name} {} ({} to {})", side(x.estimate), side(x.ci_low), side(x.ci_high))
}
