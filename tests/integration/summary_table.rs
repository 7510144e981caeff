//! `evrev summary` as a newcomer reads it: binary rows that can be told apart (scale, and the
//! definition of two rows alike), totals of the trials the table shows, the NNT interval in one order
//! in the table and in CSV, and counts with the right noun.

use crate::common;
use common::{OUTCOMES_HEADER, TRIALS_HEADER};

/// The JSON document of `evrev ARGS --format json`.
fn json(args: &[&str]) -> serde_json::Value {
    let text = common::evrev().args(args).args(["--format", "json"]).run().ok();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The trials counted for `condition` in a JSON summary or conditions document.
fn trials_of(conditions: &serde_json::Value, condition: &str) -> u64 {
    let all = conditions.as_array().unwrap_or_else(|| panic!("{conditions}"));
    let c = all.iter().find(|c| c["condition"] == condition).unwrap_or_else(|| panic!("{condition}: {conditions}"));
    c["trials"].as_u64().unwrap()
}

/// A temporary catalog of three two-arm response rows at one time point: A harms (2/20 vs 10/20),
/// B is 5/20 vs `b_control_events`/20, C has a zero cell (6/20 vs 0/20).
fn three_trials(b_control_events: u32) -> tempfile::TempDir {
    let trials = format!(
        "{TRIALS_HEADER}a,A 2020,t,2020,anx,parallel-rct,db,pbo,ketamine,IV,40,,,abstract\n\
         b,B 2021,t,2021,anx,parallel-rct,db,pbo,ketamine,IV,40,,,abstract\n\
         c,C 2022,t,2022,anx,parallel-rct,db,pbo,ketamine,IV,40,,,abstract\n"
    );
    let outcomes = format!(
        "{OUTCOMES_HEADER}a,response,X,def,wk1,7,yes,k,2,20,p,10,20,,,,,abstract,\n\
         b,response,X,def,wk1,7,yes,k,5,20,p,{b_control_events},20,,,,,abstract,\n\
         c,response,X,def,wk1,7,yes,k,6,20,p,0,20,,,,,abstract,\n"
    );
    common::catalog(&[("trials.csv", trials.as_bytes()), ("outcomes.csv", outcomes.as_bytes())])
}

#[test]
fn binary_rows_name_their_scale_and_the_definition_that_tells_two_alike_apart() {
    // Taylor 2018: two "response / first 2 weeks" rows, one on the LSAS, one on the VAS.
    let sad = common::evrev().args(["summary", "--condition", "social-anxiety"]).env("COLUMNS", "400").run().ok();
    let taylor: Vec<&str> = sad.lines().filter(|l| l.contains("Taylor 2018") && l.contains("first 2 weeks")).collect();
    assert_eq!(taylor.len(), 2, "{sad}");
    assert!(taylor[0].contains("┆ response (LSAS) ") && taylor[0].contains("33.33% (reported %)"), "{sad}");
    assert!(taylor[1].contains("┆ response (VAS-Anxiety) ") && taylor[1].contains("16/18"), "{sad}");
    // Rows unlike any other keep the definition out of the cell.
    assert!(!taylor[0].contains("response (LSAS):"), "{sad}");

    // Daly 2019: two relapse rows of one trial, time point and scale; the definition tells them apart.
    let daly = common::evrev()
        .args(["summary", "--trial", "daly-2019-sustain1", "--outcome", "relapse"])
        .env("COLUMNS", "400")
        .run()
        .ok();
    let rows: Vec<&str> = daly.lines().filter(|l| l.contains("Daly 2019")).collect();
    assert_eq!(rows.len(), 2, "{daly}");
    assert!(rows[0].contains("relapse (MADRS, primary): relapse among patients in stable remission"), "{daly}");
    assert!(rows[1].contains("relapse (MADRS): relapse among patients in stable response without remission"), "{daly}");
}

#[test]
fn totals_count_the_trials_of_the_table_above_outcome_included() {
    // Only Daly 2019 and aan het Rot 2010 have relapse rows, both depression.
    let relapse = json(&["summary", "--outcome", "relapse"]);
    let trials: std::collections::BTreeSet<&str> =
        relapse["outcomes"].as_array().unwrap().iter().map(|r| r["trial"].as_str().unwrap()).collect();
    assert_eq!(trials.len(), 2, "{trials:?}");
    assert_eq!(trials_of(&relapse["conditions"], "depression"), 2);
    for other in ["social-anxiety", "gad", "ptsd", "ocd"] {
        assert_eq!(trials_of(&relapse["conditions"], other), 0, "{other}");
    }
    // Without --outcome every trial is listed (with rows, or among the trials without), as in
    // `conditions` and the brief, which count all trials of a condition.
    let all = json(&["summary"]);
    let conditions = json(&["conditions"]);
    for key in ["social-anxiety", "gad", "depression"] {
        assert_eq!(trials_of(&all["conditions"], key), trials_of(&conditions, key), "{key}");
    }
    // --trial narrows the totals as before.
    let one = json(&["summary", "--trial", "feder-2021-ptsd"]);
    assert_eq!(trials_of(&one["conditions"], "ptsd"), 1);
    // The table says what it counts.
    let table = common::evrev().args(["summary", "--outcome", "relapse"]).env("COLUMNS", "400").run().ok();
    assert!(
        table.contains("Trials: those with a row in the tables above (the same selection: filters and --outcome)."),
        "{table}"
    );
}

#[test]
fn the_nnt_interval_reads_in_one_order_in_the_table_and_in_csv() {
    // A: 2/20 vs 10/20 responders, RD -0.40, Wald SE sqrt(0.1*0.9/20 + 0.5*0.5/20): a harm, NNTH 2.5,
    // its interval 1/0.6555 to 1/0.1445 = 1.53 to 6.92, the smaller first in both.
    let dir = three_trials(0);
    let csv = common::evrev().args(["--catalog"]).arg(dir.path()).args(["summary", "--trial", "a", "--format", "csv"]);
    let rows = common::csv_rows(&csv.run().ok());
    let se = (0.1f64 * 0.9 / 20.0 + 0.5 * 0.5 / 20.0).sqrt();
    let (near, far) = (1.0 / (0.4 + 1.959964 * se), 1.0 / (0.4 - 1.959964 * se));
    let expected = format!("NNTH {near:.2} to NNTH {far:.2}");
    assert_eq!(rows[0]["nnt_ci"], expected);
    let table = common::evrev()
        .args(["--catalog"])
        .arg(dir.path())
        .args(["summary", "--trial", "a"])
        .env("COLUMNS", "400")
        .run()
        .ok();
    assert!(table.contains(&format!("NNTH 2.50 ({near:.2} to {far:.2})")), "{table}");
    // A benefit keeps its order: Feder 2021 NNTB 2.14 (1.28 to 6.50) and "NNTB 1.28 to NNTB 6.50".
    let feder =
        common::evrev().args(["summary", "--trial", "feder-2021-ptsd", "--outcome", "response", "--format", "csv"]);
    assert_eq!(common::csv_rows(&feder.run().ok())[0]["nnt_ci"], "NNTB 1.28 to NNTB 6.50");
}

#[test]
fn the_zero_cell_note_counts_studies_in_words() {
    // C has 0/20 control responders: one study corrected; with B at 0/20 too, two.
    let one = three_trials(3);
    let text = common::evrev().args(["--catalog"]).arg(one.path()).args(["pool", "--outcome", "response"]).run().ok();
    assert!(text.contains("; 1 study corrected."), "{text}");
    let dir = three_trials(0);
    let text = common::evrev().args(["--catalog"]).arg(dir.path()).args(["pool", "--outcome", "response"]).run().ok();
    assert!(text.contains("; 2 studies corrected."), "{text}");
    assert!(!text.contains("stud(ies)"), "{text}");
}
