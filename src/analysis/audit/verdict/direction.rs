//! The result a sentence claims (works, proof, cured, lasting) checked against the trial's primary result and time points.

use super::*;

pub(in crate::analysis::audit) const POSITIVE: [&str; 24] = [
    "worked",
    "works",
    "work",
    "effective",
    "efficacy",
    "proof",
    "proven",
    "proves",
    "prove",
    "cured",
    "cure",
    "cures",
    "recovered",
    "significant",
    "significantly",
    "improved",
    "improvement",
    "reduced",
    "reduce",
    "reduces",
    "relief",
    "helped",
    "help",
    "demonstrated",
];
pub(in crate::analysis::audit) const NEGATIVE: [&str; 8] =
    ["no difference", "failed", "did not", "didn't", "no better", "not effective", "no significant", "no effect"];
pub(in crate::analysis::audit) const HEDGES: [&str; 7] =
    ["may", "might", "could", "suggest", "suggests", "potentially", "possibly"];
pub(in crate::analysis::audit) const NEGATORS: [&str; 7] = ["not", "unlikely", "never", "no", "won't", "cannot", "nor"];

/// `word` occurs and is not negated: no negator in the four words before it, and no "unlikely" in the
/// sixteen before ("it is very unlikely that a single dose ... will cure").
pub(in crate::analysis::audit) fn asserted(f: &Features, word: &str) -> bool {
    f.words.iter().enumerate().any(|(i, w)| {
        w == word
            && !f.words[i.saturating_sub(4)..i].iter().any(|p| NEGATORS.contains(&p.as_str()) || p.ends_with("n't"))
            && !f.words[i.saturating_sub(16)..i].iter().any(|p| p == "unlikely")
    })
}

pub(in crate::analysis::audit) fn check_direction(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let negative = NEGATIVE.iter().find(|w| f.text.contains(*w)).copied();
    let positive = POSITIVE.iter().find(|w| asserted(f, w)).copied();
    let source = catalog.trial_field(t, "primary_result_source").to_lowercase();
    let says = match (negative, positive) {
        (Some(n), _) => Some((false, n)),
        (None, Some(p)) => Some((true, p)),
        _ => None,
    };
    let Some((pos, word)) = says else { return };
    if source.contains("moderator") {
        // The paper's own question (e.g. Salloum 2019: does anxiety moderate the effect?) is not the drug
        // against its control, so its primary result says nothing about the direction claimed.
        return;
    }
    let Some((result, basis)) = primary_direction(catalog, t) else {
        return;
    };
    // "may", "could", "suggest": a hedged claim of an effect fits a mixed primary result.
    let hedge = HEDGES.iter().find(|w| f.has(w));
    let v = match (pos, result) {
        (true, PrimaryResult::Positive) | (false, PrimaryResult::Null) => AuditVerdict::Accurate,
        (true, PrimaryResult::Null) | (false, PrimaryResult::Positive) => AuditVerdict::Wrong,
        (true, PrimaryResult::Mixed) if hedge.is_some() => AuditVerdict::Accurate,
        (_, PrimaryResult::Mixed) => AuditVerdict::Imprecise,
    };
    let claimed = match (pos, hedge) {
        (true, Some(h)) if result == PrimaryResult::Mixed => format!("a possible effect, hedged by \"{h}\""),
        (true, _) => "a positive result".to_string(),
        (false, _) => "no effect".to_string(),
    };
    out.push(check(v, format!("says \"{word}\" ({claimed}); catalog: primary result {result}{basis}")));
}

/// Whether a lower value of the row is the better one (relapse, harms; a change score on a symptom
/// scale, unless the row counts a reduction or improvement as positive).
pub(in crate::analysis::audit) fn lower_is_better(o: &Outcome, binary: bool) -> bool {
    let s = format!("{} {}", o.outcome, o.definition).to_lowercase();
    let harm = crate::analysis::pool::Better::names_a_harm(&s);
    if binary {
        harm
    } else {
        harm || !(s.contains("reduction") || s.contains("improvement") || s.contains("response"))
    }
}

/// The direction of a primary outcome row with usable numbers (both arms' counts, or both arms'
/// means and SDs): RR for a binary row, mean difference for a continuous one, as `summary` computes
/// them; positive when the 95% CI excludes no effect in the favourable direction, null when it
/// includes it. `None` without usable numbers, or when the CI excludes no effect the unfavourable way.
pub(in crate::analysis::audit) fn numeric_direction(o: &Outcome) -> Option<(PrimaryResult, f64, f64)> {
    let control = o.control.as_ref()?;
    let (binary, ci, null) = match (&o.treatment.data, &control.data) {
        (ArmData::Binary { events: et, n: nt }, ArmData::Binary { events: ec, n: nc }) => {
            let table = TwoByTwo { events_t: *et, n_t: *nt, events_c: *ec, n_c: *nc };
            let e = binary_effect(&table, BinaryMeasure::Rr, ZeroCells::RATIO)?.wald_exp();
            (true, e.ci, 1.0)
        }
        (ArmData::Continuous { mean: mt, sd: st, n: nt }, ArmData::Continuous { mean: mc, sd: sc, n: nc }) => {
            let data = MeansSds { mean_t: *mt, sd_t: *st, n_t: *nt, mean_c: *mc, sd_c: *sc, n_c: *nc };
            (false, data.mean_difference().wald().ci, 0.0)
        }
        _ => return None,
    };
    if !(ci.low.is_finite() && ci.high.is_finite()) {
        return None;
    }
    let lower = lower_is_better(o, binary);
    let r = if ci.low <= null && ci.high >= null {
        PrimaryResult::Null
    } else if (ci.high < null) == lower {
        PrimaryResult::Positive
    } else {
        return None;
    };
    Some((r, ci.low, ci.high))
}

/// A trial's primary result for direction checks, with the reason's basis: its primary outcome rows'
/// numbers where they exist (several rows that disagree are `mixed`), else trials.csv's
/// `primary_result`. A disagreement between the two is named.
pub(in crate::analysis::audit) fn primary_direction(catalog: &Catalog, t: &Trial) -> Option<(PrimaryResult, String)> {
    let cite = short(t);
    let stated = catalog.primary_result(t);
    let rows: Vec<(PrimaryResult, String)> = catalog
        .outcomes_of(&t.id)
        .filter(|o| o.is_primary())
        .filter_map(|o| {
            let (r, low, high) = numeric_direction(o)?;
            let excl = if r == PrimaryResult::Null { "includes" } else { "excludes" };
            let (a, b) = (crate::text::fmt_num(low), crate::text::fmt_num(high));
            Some((
                r,
                format!(
                    "primary outcome CI {a} to {b} {excl} no effect ({} {}, {}, outcomes.csv)",
                    t.id, o.outcome, o.timepoint
                ),
            ))
        })
        .collect();
    if rows.is_empty() {
        return stated.map(|r| (r, format!(" ({cite}, trials.csv primary_result)")));
    }
    let first = rows[0].0;
    let result = if rows.iter().all(|(r, _)| *r == first) { first } else { PrimaryResult::Mixed };
    let mut basis = format!(": {}", rows.into_iter().map(|(_, s)| s).collect::<Vec<_>>().join("; "));
    if let Some(s) = stated
        && s != result
    {
        basis.push_str(&format!("; trials.csv primary_result: {s}"));
    }
    Some((result, basis))
}

/// Strength words against the evidence: certainty, breadth, safety and durability.
pub(in crate::analysis::audit) fn check_strength(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    check_certainty(catalog, f, t, out);
    check_breadth(f, t, out);
    check_suicidal_acts(catalog, f, t, out);
    check_durability(catalog, f, t, out);
}

/// "cured", "recovered", "no longer had", "proof", "demonstrated" against what one trial can show.
pub(in crate::analysis::audit) fn check_certainty(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let result = primary_direction(catalog, t).map(|(r, _)| r);
    if let Some(w) = ["cured", "cure", "cures", "recovered"].iter().find(|w| asserted(f, w)) {
        out.push(check(
            AuditVerdict::Overstated,
            format!("says \"{w}\"; catalog: response and change scores, not cure ({cite}, outcomes.csv)"),
        ));
    }
    if f.text.contains("no longer had") || f.text.contains("no longer has") {
        out.push(check(
            AuditVerdict::Overstated,
            format!("says \"no longer had\"; catalog: response rates ({cite}, outcomes.csv)"),
        ));
    }
    let small = t.n_randomized.is_none_or(|n| n < 100) || !t.design.is_controlled();
    if let Some(w) = ["proof", "proven", "proves", "prove"].iter().find(|w| asserted(f, w))
        && small
        && result != Some(PrimaryResult::Null)
    {
        let n = t.n_randomized.map_or("N not reported".into(), |n| format!("{n} randomized"));
        out.push(check(
            AuditVerdict::Overstated,
            format!("says \"{w}\"; catalog: one study, {n}, {} ({cite}, trials.csv)", t.design),
        ));
    }
    if asserted(f, "demonstrated") && (!t.design.is_controlled() || result != Some(PrimaryResult::Positive)) {
        let r = result.map_or("not stated".to_string(), |r| r.to_string());
        out.push(check(
            AuditVerdict::Overstated,
            format!("says \"demonstrated\"; catalog: {}, primary result {r} ({cite}, trials.csv)", t.design),
        ));
    }
}

/// "remission" said of a >=50% reduction (the usual definition of response).
pub(in crate::analysis::audit) fn remission_for_response(f: &Features) -> bool {
    f.has("remission")
        && (f.definition_percents.iter().any(|p| (*p - 50.0).abs() < 0.5) || f.text.contains("50% reduction"))
}

pub(in crate::analysis::audit) const REMISSION_FOR_RESPONSE: &str =
    "\"remission\" used for a >=50% reduction, which is the usual definition of response";

/// "remission" for a response definition; "many patients", "high response rate".
pub(in crate::analysis::audit) fn check_breadth(f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    if remission_for_response(f) {
        out.push(check(AuditVerdict::Overstated, format!("{REMISSION_FOR_RESPONSE} (outcomes.csv)")));
    }
    for phrase in ["many patients", "high response rate"] {
        if f.text.contains(phrase) {
            out.push(check(
                AuditVerdict::Overstated,
                format!(
                    "says \"{phrase}\"; catalog: {} ({cite}, trials.csv)",
                    t.n_randomized.map_or("N not reported".into(), |n| format!("{n} randomized"))
                ),
            ));
        }
    }
}

/// Safety: suicidal behaviour when only ideation was measured.
pub(in crate::analysis::audit) fn check_suicidal_acts(
    catalog: &Catalog,
    f: &Features,
    t: &Trial,
    out: &mut Vec<Check>,
) {
    if !(f.text.contains("suicid")
        && !f.text.contains("approv")
        && (f.has_any(&["acts", "behavior", "behaviour", "attempts"]) || f.has("suicidality")))
    {
        return;
    }
    let behaviour = catalog.outcomes_of(&t.id).any(|o| {
        let s = format!("{} {}", o.outcome, o.definition).to_lowercase();
        s.contains("behavio") || s.contains("attempt")
    });
    if !behaviour {
        out.push(check(
            AuditVerdict::Overstated,
            format!(
                "says suicidality (thoughts and acts); catalog: suicidal ideation only ({}, outcomes.csv)",
                short(t)
            ),
        ));
    }
}

/// Words of a durability claim.
pub(in crate::analysis::audit) const DURABLE: [&str; 8] =
    ["remained", "lasting", "lasted", "last", "lasts", "sustained", "maintained", "persisted"];

/// A duration written without a number ("weeks", "months"), as the least it can mean, in days.
pub(in crate::analysis::audit) fn vague_duration(f: &Features) -> Option<(&'static str, f64)> {
    let w = &f.words;
    [("weeks", 14.0), ("months", 60.0)].into_iter().find(|(unit, _)| {
        w.iter().enumerate().any(|(i, x)| x == unit && (i == 0 || crate::analysis::audit::number(&w[i - 1]).is_none()))
    })
}

/// Durability beyond the last time point measured: overstated; a durability without a number
/// ("relief that can last weeks") where the catalog has one: imprecise.
pub(in crate::analysis::audit) fn check_durability(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let durable = f.has_any(&DURABLE);
    let Some(last) = catalog.outcomes_of(&t.id).filter_map(|o| o.days()).reduce(f64::max) else { return };
    if !durable {
        return;
    }
    let vague = vague_duration(f).filter(|_| f.durations.is_empty());
    let Some(d) = f.durations.iter().copied().reduce(f64::max).or(vague.map(|(_, d)| d)) else { return };
    let after_end = f.text.contains("after treatment");
    let cite = short(t);
    let said = vague.map_or(format!("{} days", d.round()), |(unit, _)| format!("{unit} (no number)"));
    let catalog_says = format!("catalog: the last outcome is at day {last} ({cite}, outcomes.csv)");
    if d > last + 3.0 || (after_end && d + 1.0 > last) {
        out.push(check(AuditVerdict::Overstated, format!("says lasting {said}; {catalog_says}")));
    } else if vague.is_some() {
        out.push(check(AuditVerdict::Imprecise, format!("says lasting {said}; {catalog_says}")));
    }
}

/// Scope words against the rows' own words: "both X and Y" where a row says "X and/or Y"; "some"
/// patients where a row names one patient.
pub(in crate::analysis::audit) fn check_scope_words(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let w = &f.words;
    let both = w.iter().position(|x| x == "both").and_then(|i| {
        let and = (i + 1..w.len().min(i + 5)).find(|&j| w[j] == "and")?;
        Some(w[i..=(and + 1).min(w.len() - 1)].join(" "))
    });
    if let Some(phrase) = both
        && let Some(o) = catalog.outcomes_of(&t.id).find(|o| o.definition.contains("and/or"))
    {
        out.push(check(
            AuditVerdict::Imprecise,
            format!("says \"{phrase}\"; catalog: {} ({cite}, {}/{})", o.definition, t.id, o.outcome),
        ));
    }
    let people = ["did", "patients", "participants", "people", "subjects", "of", "were", "had", "remained", "stayed"];
    let some = w.windows(2).any(|p| p[0] == "some" && people.contains(&p[1].as_str()));
    let one = |o: &&Outcome| {
        ["one patient", "one participant", "one subject"].iter().any(|x| o.notes.to_lowercase().contains(x))
    };
    if some && let Some(o) = catalog.outcomes_of(&t.id).find(one) {
        out.push(check(
            AuditVerdict::Imprecise,
            format!("says \"some\" (patients); catalog: one patient ({cite}, {}/{})", t.id, o.outcome),
        ));
    }
}
