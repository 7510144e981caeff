//! Risk of bias of the selected trials: the traffic-light rows (trial x RoB 2 domain, with support) and
//! robvis' weighted summary (share of participants per judgement per domain).

use crate::catalog::{Catalog, Filter, Judgement, RobAssessment, Trial};
use serde::Serialize;

/// One assessed trial: its judgements per domain with their support.
#[derive(Debug, Clone, Serialize)]
pub struct RobRow {
    pub trial: String,
    pub citation: String,
    pub design: String,
    /// Participants randomized (the summary's weight); null when the paper does not report it.
    pub n: Option<u32>,
    pub d1: Judgement,
    pub d1_support: String,
    pub d2: Judgement,
    pub d2_support: String,
    pub d3: Judgement,
    pub d3_support: String,
    pub d4: Judgement,
    pub d4_support: String,
    pub d5: Judgement,
    pub d5_support: String,
    pub overall: Judgement,
    /// The overall judgement RoB 2's rule gives from the domains (differs when the reviewer judged otherwise).
    pub overall_by_rule: Judgement,
    pub source: String,
    pub notes: String,
}

/// A row of no trial (its fields name the CSV header).
impl Default for RobRow {
    fn default() -> Self {
        let none = Judgement::NoInformation;
        RobRow {
            trial: String::new(),
            citation: String::new(),
            design: String::new(),
            n: None,
            d1: none,
            d1_support: String::new(),
            d2: none,
            d2_support: String::new(),
            d3: none,
            d3_support: String::new(),
            d4: none,
            d4_support: String::new(),
            d5: none,
            d5_support: String::new(),
            overall: none,
            overall_by_rule: none,
            source: String::new(),
            notes: String::new(),
        }
    }
}

impl RobRow {
    /// The five domain judgements, then the overall one.
    pub fn judgements(&self) -> [Judgement; 6] {
        [self.d1, self.d2, self.d3, self.d4, self.d5, self.overall]
    }

    pub fn supports(&self) -> [&str; 5] {
        [&self.d1_support, &self.d2_support, &self.d3_support, &self.d4_support, &self.d5_support]
    }
}

/// Shares of participants per judgement in one domain (D1..D5 or overall), in percent.
#[derive(Debug, Clone, Serialize)]
pub struct DomainShare {
    pub domain: String,
    pub low: f64,
    pub some_concerns: f64,
    pub high: f64,
    pub no_information: f64,
}

impl DomainShare {
    pub fn share(&self, j: Judgement) -> f64 {
        match j {
            Judgement::Low => self.low,
            Judgement::SomeConcerns => self.some_concerns,
            Judgement::High => self.high,
            Judgement::NoInformation => self.no_information,
        }
    }
}

/// The risk-of-bias report of a selection of trials.
#[derive(Debug, Clone, Serialize)]
pub struct RobReport {
    /// The rob.csv read, or null when the catalog has none.
    pub file: Option<String>,
    pub rows: Vec<RobRow>,
    /// Weighted by participants randomized (trials without N weigh nothing).
    pub summary: Vec<DomainShare>,
    /// Randomized trials of the selection that rob.csv does not assess.
    pub unassessed: Vec<String>,
    /// Non-randomized studies of the selection (RoB 2 does not apply; GRADE treats them as observational).
    pub observational: Vec<String>,
}

/// Risk of bias of the trials passing `filter`.
pub fn rob(catalog: &Catalog, filter: &Filter) -> RobReport {
    let mut report = RobReport {
        file: catalog.rob.as_ref().map(|r| r.file.clone()),
        rows: Vec::new(),
        summary: Vec::new(),
        unassessed: Vec::new(),
        observational: Vec::new(),
    };
    for t in filter.trials(catalog) {
        match catalog.rob.as_ref().and_then(|r| r.of(&t.id)) {
            Some(a) => report.rows.push(row(t, a)),
            None if t.design.is_controlled() => report.unassessed.push(t.citation().to_string()),
            None => report.observational.push(format!("{} ({})", t.citation(), t.design)),
        }
    }
    report.summary = summary(&report.rows);
    report
}

fn row(t: &Trial, a: &RobAssessment) -> RobRow {
    let [d1, d2, d3, d4, d5] = a.domains;
    let s = |i: usize| a.support[i].clone();
    RobRow {
        trial: t.id.to_string(),
        citation: t.citation().to_string(),
        design: t.design.to_string(),
        n: t.n_randomized,
        d1,
        d1_support: s(0),
        d2,
        d2_support: s(1),
        d3,
        d3_support: s(2),
        d4,
        d4_support: s(3),
        d5,
        d5_support: s(4),
        overall: a.overall,
        overall_by_rule: Judgement::overall_of(&a.domains),
        source: a.source.clone(),
        notes: a.notes.clone(),
    }
}

/// robvis' weighted summary: per domain, the share of participants in trials with each judgement.
pub fn summary(rows: &[RobRow]) -> Vec<DomainShare> {
    let names = ["D1", "D2", "D3", "D4", "D5", "Overall"];
    let total: f64 = rows.iter().map(|r| f64::from(r.n.unwrap_or(0))).sum();
    (0..6)
        .map(|d| {
            let pct = |j: Judgement| {
                let n: f64 = rows.iter().filter(|r| r.judgements()[d] == j).map(|r| f64::from(r.n.unwrap_or(0))).sum();
                if total > 0.0 { 100.0 * n / total } else { 0.0 }
            };
            DomainShare {
                domain: names[d].to_string(),
                low: pct(Judgement::Low),
                some_concerns: pct(Judgement::SomeConcerns),
                high: pct(Judgement::High),
                no_information: pct(Judgement::NoInformation),
            }
        })
        .collect()
}
