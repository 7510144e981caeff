//! Integrity of the bundled catalog: the rules every row must keep (studies/README.md).

use crate::common;

use std::collections::{HashMap, HashSet};

fn table(name: &str) -> Vec<HashMap<String, String>> {
    common::csv_file(common::repo(&format!("studies/{name}")))
}

#[test]
fn bundled_catalog_loads_without_problems() {
    let catalog = evrev::catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
    assert!(catalog.trials.len() >= 20, "the catalog covers at least twenty trials");
}

#[test]
fn ids_are_unique_and_every_trial_is_identified_and_judged() {
    let trials = table("trials.csv");
    let ids: HashSet<&str> = trials.iter().map(|t| t["id"].as_str()).collect();
    assert_eq!(ids.len(), trials.len(), "duplicate trial ids");
    for t in &trials {
        let id = &t["id"];
        assert!(
            !t["doi"].is_empty() || !t["pmid"].is_empty() || t["notes"].contains("DOI") || t["notes"].contains("PMID"),
            "{id}: neither DOI nor PMID, and no note saying why"
        );
        assert!(!t["source"].is_empty(), "{id}: no source");
        if t["n_randomized"].is_empty() {
            assert!(!t["notes"].is_empty(), "{id}: N missing without a note");
        }
    }
}

/// Risk of bias comes from studies/rob.csv (trials.csv's old risk_of_bias columns are not read): every
/// randomized trial has a row, every judgement a one-line support, every row a source.
#[test]
fn every_randomized_trial_has_a_supported_rob2_assessment() {
    let path = common::repo("studies/rob.csv");
    if !path.exists() {
        eprintln!("studies/rob.csv not in this tree yet: nothing to check");
        return;
    }
    let rob: HashMap<String, HashMap<String, String>> =
        common::csv_file(&path).into_iter().map(|r| (r["trial"].clone(), r)).collect();
    for t in table("trials.csv") {
        let id = &t["id"];
        if !["parallel-rct", "crossover-rct"].contains(&t["design"].as_str()) {
            assert!(!rob.contains_key(id), "{id}: a RoB 2 row for a non-randomized study");
            continue;
        }
        let r = rob.get(id).unwrap_or_else(|| panic!("{id}: randomized but no rob.csv row"));
        assert!(!r["source"].is_empty(), "{id}: rob.csv row without a source");
        for d in 1..=5 {
            assert!(!r[&format!("d{d}_support")].is_empty(), "{id}: d{d} without a support");
        }
    }
}

#[test]
fn every_outcome_row_has_a_source_and_possible_counts() {
    let trials: HashMap<String, HashMap<String, String>> =
        table("trials.csv").into_iter().map(|t| (t["id"].clone(), t)).collect();
    for o in table("outcomes.csv") {
        let what = format!("{} {} {}", o["trial"], o["outcome"], o["timepoint"]);
        assert!(trials.contains_key(&o["trial"]), "{what}: unknown trial");
        assert!(!o["source"].is_empty(), "{what}: no source");
        for arm in ["t", "c"] {
            if let (Ok(e), Ok(n)) = (o[&format!("events_{arm}")].parse::<u32>(), o[&format!("n_{arm}")].parse::<u32>())
            {
                assert!(e <= n, "{what}: events > n");
            }
        }
        let has_numbers = !o["events_t"].is_empty() || !o["mean_t"].is_empty();
        if !has_numbers {
            assert!(!o["notes"].is_empty(), "{what}: no numbers and no note saying why");
        }
        // A crossover trial records which periods its counts come from.
        if trials[&o["trial"]]["design"] == "crossover-rct" && has_numbers {
            let notes = o["notes"].to_lowercase();
            assert!(
                notes.contains("period") || notes.contains("phase"),
                "{what}: crossover counts without their periods"
            );
        }
    }
}

#[test]
fn one_trial_is_one_row_however_often_it_is_cited() {
    // The social anxiety trial cited as "2017 ... Neuropsychopharmacology" and "2018 ... 18 participants".
    let trials = table("trials.csv");
    let sad: Vec<_> = trials.iter().filter(|t| t["doi"] == "10.1038/npp.2017.194").collect();
    assert_eq!(sad.len(), 1);
    assert_eq!(sad[0]["n_randomized"], "18");
    // No invented "Yale GAD trial": every GAD trial in the catalog is an Otago study.
    assert!(
        trials
            .iter()
            .filter(|t| t["condition"].split(';').any(|c| c == "gad"))
            .all(|t| t["citation"].starts_with("Glue"))
    );
}
