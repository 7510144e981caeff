//! Size, year, design words, comparator, drug form, schedule, population and conditions checked against trials.csv.

use super::*;

pub(in crate::analysis::audit) fn check_size_year(f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let enrolled = if t.design.is_controlled() { "randomized" } else { "enrolled" };
    if let Some(n) = t.n_randomized {
        let denominators = share_denominators(f);
        for s in &f.sizes {
            if *s == n {
                out.push(check(
                    AuditVerdict::Accurate,
                    format!("says {s} participants; catalog: {n} {enrolled} ({cite}, trials.csv)"),
                ));
            } else if !denominators.contains(s) && *s > n / 2 + 1 {
                out.push(check(
                    AuditVerdict::Wrong,
                    format!("says {s} participants; catalog: {n} {enrolled} ({cite}, trials.csv)"),
                ));
            }
        }
    }
    for y in &f.years {
        let v = match (y - t.year).abs() {
            0 => AuditVerdict::Accurate,
            1 => AuditVerdict::Imprecise,
            _ => AuditVerdict::Wrong,
        };
        let note = if v == AuditVerdict::Imprecise { " (an online-first year?)" } else { "" };
        out.push(check(v, format!("says {y}; catalog: published {}{note} ({cite}, trials.csv)", t.year)));
    }
}

/// Design, comparator, drug form, schedule and population words against trials.csv.
pub(in crate::analysis::audit) fn check_design(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    check_design_words(catalog, f, t, out);
    check_comparator(f, t, out);
    check_drug_form(catalog, f, t, out);
    check_schedule(catalog, f, t, out);
    check_population(catalog, f, t, out);
}

pub(in crate::analysis::audit) fn says<'a>(f: &Features, ws: &[&'a str]) -> Option<&'a str> {
    ws.iter().find(|w| f.has(w)).copied()
}

/// "randomized", "double-blind", "crossover", "open-label" against the design and blinding.
pub(in crate::analysis::audit) fn check_design_words(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let claimed_control = says(f, &["randomized", "randomised", "placebo-controlled", "double-blind", "controlled"]);
    if let Some(w) = claimed_control {
        if !t.design.is_controlled() {
            out.push(check(
                AuditVerdict::Wrong,
                format!("says {w}; catalog: {} (uncontrolled) ({cite}, trials.csv)", t.design),
            ));
        } else if w == "double-blind"
            && !catalog.trial_field(t, "blinding").contains("double")
            && !catalog.trial_field(t, "blinding").contains("riple")
        {
            out.push(check(
                AuditVerdict::Wrong,
                format!(
                    "says double-blind; catalog: blinding {} ({cite}, trials.csv)",
                    catalog.trial_field(t, "blinding")
                ),
            ));
        } else {
            out.push(check(AuditVerdict::Accurate, format!("says {w}; catalog: {} ({cite}, trials.csv)", t.design)));
        }
    } else if f.has("trial") && !t.design.is_controlled() {
        out.push(check(
            AuditVerdict::Imprecise,
            format!("says trial; catalog: {} (uncontrolled) ({cite}, trials.csv)", t.design),
        ));
    }
    if f.has("crossover") && t.design != Design::CrossoverRct {
        out.push(check(AuditVerdict::Wrong, format!("says crossover; catalog: {} ({cite}, trials.csv)", t.design)));
    }
    if let Some(w) = says(f, &["open-label", "retrospective", "chart", "uncontrolled"])
        && t.design.is_controlled()
    {
        out.push(check(AuditVerdict::Wrong, format!("says {w}; catalog: {} ({cite}, trials.csv)", t.design)));
    }
}

/// "midazolam" or "placebo" against the comparator.
pub(in crate::analysis::audit) fn check_comparator(f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let comparator = t.comparator().to_lowercase();
    if f.has("midazolam") && !comparator.contains("midazolam") {
        out.push(check(
            AuditVerdict::Wrong,
            format!("says midazolam; catalog: comparator {} ({cite}, trials.csv)", t.comparator()),
        ));
    } else if f.has_any(&["placebo", "saline", "placebo-controlled"])
        && comparator.contains("midazolam")
        && !f.has("midazolam")
    {
        out.push(check(
            AuditVerdict::Imprecise,
            format!("says placebo; catalog: comparator {} ({cite}, trials.csv)", t.comparator()),
        ));
    }
}

/// Drug form: esketamine nasal spray vs racemic ketamine.
pub(in crate::analysis::audit) fn check_drug_form(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let esk = t.drug().eq_ignore_ascii_case("esketamine");
    if !esk && f.has_any(&["spray", "nasal", "esketamine", "spravato", "intranasal"]) {
        out.push(check(
            AuditVerdict::Wrong,
            format!(
                "says esketamine nasal spray; catalog: {} {} ({cite}, trials.csv)",
                t.drug(),
                catalog.trial_field(t, "route")
            ),
        ));
    } else if esk && f.has_any(&["infusion", "infusions", "iv", "intravenous"]) {
        out.push(check(
            AuditVerdict::Wrong,
            format!("says an infusion; catalog: {} {} ({cite}, trials.csv)", t.drug(), catalog.trial_field(t, "route")),
        ));
    }
}

/// Schedule: "weekly" for "once or twice weekly".
pub(in crate::analysis::audit) fn check_schedule(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let schedule = catalog.trial_field(t, "schedule").to_lowercase();
    if f.has("weekly")
        && !f.has_any(&["twice", "two"])
        && (schedule.contains("one or two weekly") || schedule.contains("once or twice"))
    {
        out.push(check(
            AuditVerdict::Imprecise,
            format!("says weekly; catalog: schedule {schedule} ({cite}, trials.csv)"),
        ));
    }
}

/// Population words (veterans, adolescents, inpatients ...) against the population column.
pub(in crate::analysis::audit) fn check_population(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let population = catalog.trial_field(t, "population").to_lowercase();
    for (w, stem) in [
        ("veterans", "veteran"),
        ("adolescents", "adolescent"),
        ("teens", "adolescent"),
        ("children", "child"),
        ("inpatients", "hospitali"),
        ("elderly", "older"),
    ] {
        if f.has(w) && !population.is_empty() {
            let alias = match stem {
                "hospitali" => "inpatient",
                "veteran" => "military",
                _ => stem,
            };
            let v = if population.contains(stem) || population.contains(alias) {
                AuditVerdict::Accurate
            } else {
                AuditVerdict::Wrong
            };
            let full = catalog.trial_field(t, "population");
            let shown = full.split([';', '(']).next().unwrap_or(full).trim();
            out.push(check(v, format!("says {w}; catalog: population {shown} ({cite}, trials.csv)")));
        }
    }
}

pub(in crate::analysis::audit) fn check_conditions(catalog: &Catalog, f: &Features, t: &Trial, out: &mut Vec<Check>) {
    let cite = short(t);
    let studied: Vec<&str> = t.conditions.iter().map(|c| catalog.label(c)).collect();
    let rates = rates(catalog, t);
    for c in &f.conditions {
        if t.conditions.contains(c) {
            continue;
        }
        let measured = crate::analysis::audit::measures(catalog, t, c);
        let numbered = shares(f).iter().any(|s| rates.iter().any(|r| r.pct >= s.lo - 0.5 && r.pct <= s.hi + 0.5));
        if measured && numbered {
            continue;
        }
        let (v, how) = if measured {
            (AuditVerdict::Imprecise, format!(" ({} was an outcome, not who was enrolled)", catalog.label(c)))
        } else {
            (AuditVerdict::Wrong, String::new())
        };
        out.push(check(
            v,
            format!(
                "says {}; catalog: the trial studied {}{how} ({cite}, trials.csv)",
                catalog.label(c),
                studied.join(", ")
            ),
        ));
    }
}
