//! outcomes.csv rows into typed, checked `Outcome`s (arms, counts, means, the optional columns).

use super::*;

/// What an outcome row is checked against: trial ids (checked when trials.csv could be read) and conditions.
pub(super) struct OutcomeContext<'a> {
    pub(super) checked: bool,
    pub(super) ids: &'a Ids,
    pub(super) trials: &'a [Trial],
    pub(super) vocabulary: &'a [Condition],
}

/// One part of outcomes.csv as read (`catalog::parts`): its rows and their trials' positions
/// (`u32::MAX`: not a valid trial), or, when rows are not kept, their warnings.
pub(super) struct OutcomePart {
    pub(super) outcomes: Vec<Outcome>,
    pub(super) owners: Vec<u32>,
    pub(super) unkept: RowWarnings,
    texts: Interner,
    cols: Option<OutcomeColumns>,
    /// The last row's trial position: rows are usually grouped by trial, in the trials' order.
    near: usize,
}

impl OutcomePart {
    /// A part whose rows are kept when `keep` says so (then read in one part, by the pipeline):
    /// room for about one row per trial.
    pub(super) fn new(keep: Keep, trials: usize) -> OutcomePart {
        let reserve = if keep == Keep::Rows { trials } else { 0 };
        OutcomePart {
            outcomes: Vec::with_capacity(reserve),
            owners: Vec::with_capacity(reserve),
            unkept: RowWarnings::default(),
            texts: Interner::default(),
            cols: None,
            near: 0,
        }
    }

    pub(super) fn take(
        &mut self,
        row: &Row<'_>,
        context: &OutcomeContext<'_>,
        keep: Keep,
        problems: &mut Vec<Problem>,
    ) {
        let cols = self.cols.get_or_insert_with(|| OutcomeColumns::new(row.table));
        let parsed = parse_outcome(row, cols, context, (&mut self.texts, &mut self.near), problems);
        let Some((o, at)) = parsed else { return };
        if keep == Keep::CountOnly {
            self.unkept.add(&o);
        } else if self.outcomes.len() >= u32::MAX as usize {
            row.problem("trial", "expected at most 2^32 - 1 outcome rows, found more", problems);
        } else {
            self.owners.push(u32::try_from(at).unwrap_or(u32::MAX));
            self.outcomes.push(o);
        }
    }
}

/// The columns of one arm (`_t` or `_c`) of outcomes.csv.
#[derive(Clone, Copy)]
pub(super) struct ArmColumns {
    label: Col,
    n: Col,
    events: Col,
    mean: Col,
    sd: Col,
}

/// Every column an outcome row is read by, each found in the header once per file.
#[derive(Clone, Copy)]
pub(super) struct OutcomeColumns {
    trial: Col,
    outcome: Col,
    scale: Col,
    definition: Col,
    timepoint: Col,
    days: Col,
    primary: Col,
    condition: Col,
    provenance: Col,
    pct_t: Col,
    pct_c: Col,
    source: Col,
    notes: Col,
    treatment: ArmColumns,
    control: ArmColumns,
}

impl OutcomeColumns {
    pub(super) fn new(t: &Table) -> OutcomeColumns {
        let arm = |[label, n, events, mean, sd]: [&'static str; 5]| ArmColumns {
            label: t.col(label),
            n: t.col(n),
            events: t.col(events),
            mean: t.col(mean),
            sd: t.col(sd),
        };
        OutcomeColumns {
            trial: t.col("trial"),
            outcome: t.col("outcome"),
            scale: t.col("scale"),
            definition: t.col("definition"),
            timepoint: t.col("timepoint"),
            days: t.col("days"),
            primary: t.col("primary"),
            condition: t.col("condition"),
            provenance: t.col("provenance"),
            pct_t: t.col("pct_t"),
            pct_c: t.col("pct_c"),
            source: t.col("source"),
            notes: t.col("notes"),
            treatment: arm(["arm_t", "n_t", "events_t", "mean_t", "sd_t"]),
            control: arm(["arm_c", "n_c", "events_c", "mean_c", "sd_c"]),
        }
    }
}

/// The optional columns of an outcome row: its own conditions, provenance and percentages.
pub(super) struct Extras {
    conditions: Conditions,
    provenance: Option<crate::catalog::Provenance>,
    pct_t: Option<f64>,
    pct_c: Option<f64>,
}

pub(super) fn extras(
    row: &Row<'_>,
    cols: &OutcomeColumns,
    vocabulary: &[Condition],
    texts: &mut Interner,
    problems: &mut Vec<Problem>,
) -> Extras {
    let resolve = |problems: &mut Vec<Problem>| {
        let mut conditions = split_list(row.get(cols.condition));
        let expected = |keys: &str| format!("expected a condition key ({keys}) or nothing for the trial's conditions");
        to_keys(row, &mut conditions, vocabulary, expected, problems);
        conditions.dedup();
        conditions
    };
    let conditions = texts.lists.get(row.get(cols.condition), resolve, problems);
    let provenance = match row.get(cols.provenance) {
        "" => None,
        v => match v.parse::<crate::catalog::Provenance>() {
            Ok(p) => Some(p),
            Err(allowed) => {
                row.problem("provenance", format!("expected {allowed} (or empty), found {}", show(v)), problems);
                None
            }
        },
    };
    let pct = |col: Col, problems: &mut Vec<Problem>| {
        let v = row.get(col);
        match v.parse::<f64>() {
            _ if v.is_empty() => None,
            Ok(x) if (0.0..=100.0).contains(&x) => Some(x),
            _ => {
                row.problem(col.name, format!("expected a percentage from 0 to 100, found {}", show(v)), problems);
                None
            }
        }
    };
    Extras { conditions, provenance, pct_t: pct(cols.pct_t, problems), pct_c: pct(cols.pct_c, problems) }
}

/// The `primary` cell: yes, no, or empty (not known).
pub(super) fn primary(row: &Row<'_>, col: Col, problems: &mut Vec<Problem>) -> Option<bool> {
    let v = row.get(col);
    let yes_no = |words: [&str; 4]| words.iter().any(|w| v.eq_ignore_ascii_case(w));
    if v.is_empty() {
        None
    } else if yes_no(["yes", "y", "true", "1"]) {
        Some(true)
    } else if yes_no(["no", "n", "false", "0"]) {
        Some(false)
    } else {
        row.problem("primary", format!("expected yes or no, found {}", show(&v.to_ascii_lowercase())), problems);
        None
    }
}

/// One outcome row and its trial's position (`usize::MAX` when it names none), or `None` when the
/// row has problems (recorded): checked -> arms -> built from shared texts.
pub(super) fn parse_outcome(
    row: &Row<'_>,
    cols: &OutcomeColumns,
    context: &OutcomeContext<'_>,
    (texts, near): (&mut Interner, &mut usize),
    problems: &mut Vec<Problem>,
) -> Option<(Outcome, usize)> {
    let start = problems.len();
    let trial = row.required(cols.trial, problems);
    let resolved = context.ids.resolve_near(trial, context.trials, near);
    if !trial.is_empty() && context.checked && resolved.is_none() {
        row.problem("trial", format!("expected an id from trials.csv, found {}", show(trial)), problems);
    }
    let outcome = row.required(cols.outcome, problems);
    let days = row.float(cols.days, 0.0, problems);
    let primary = primary(row, cols.primary, problems);
    let extras = extras(row, cols, context.vocabulary, texts, problems);
    let source = row.required(cols.source, problems);
    let (treatment, control) = arms(row, cols, problems);
    if problems.len() > start {
        return None;
    }
    let (at, trial) = match resolved {
        Some((id, at)) => (at, id),
        None => (usize::MAX, texts.get(trial)),
    };
    let labels = [row.get(cols.treatment.label), row.get(cols.control.label), row.get(cols.notes)];
    let described = texts.described(
        [outcome, row.get(cols.scale), row.get(cols.definition), row.get(cols.timepoint)],
        extras.conditions,
        source,
        labels,
    );
    let outcome = Outcome::new(OutcomeValues {
        trial,
        line: u32::try_from(row.line).unwrap_or(u32::MAX),
        described,
        days,
        primary,
        provenance: extras.provenance,
        pct_t: extras.pct_t,
        pct_c: extras.pct_c,
        treatment: Arm { data: treatment? },
        control: control.map(|data| Arm { data }),
    });
    Some((outcome, at))
}

/// Both arms' data: the control arm is absent when all its columns are empty; both arms with
/// numbers must be of one kind (binary or continuous).
pub(super) fn arms(
    row: &Row<'_>,
    cols: &OutcomeColumns,
    problems: &mut Vec<Problem>,
) -> (Option<ArmData>, Option<ArmData>) {
    let treatment = arm(row, cols.treatment, cols, problems);
    let c = cols.control;
    let control = if [c.label, c.events, c.n, c.mean, c.sd].iter().all(|&col| row.get(col).is_empty()) {
        None
    } else {
        arm(row, c, cols, problems)
    };
    if let (Some(t), Some(c)) = (&treatment, &control) {
        let reported = |d: &ArmData| !matches!(d, ArmData::Unreported { .. });
        if reported(t) && reported(c) && std::mem::discriminant(t) != std::mem::discriminant(c) {
            row.problem("events_c", "expected both arms binary (events) or both continuous (mean, sd)", problems);
        }
    }
    (treatment, control)
}

/// One arm's data: binary when `events_` is filled, continuous when `mean_` is.
pub(super) fn arm(
    row: &Row<'_>,
    side: ArmColumns,
    cols: &OutcomeColumns,
    problems: &mut Vec<Problem>,
) -> Option<ArmData> {
    let start = problems.len();
    let n = row.int(side.n, 1, MAX_N, problems);
    let events = row.int(side.events, 0, MAX_N, problems);
    let mean = row.float(side.mean, f64::NEG_INFINITY, problems);
    let sd = row.float(side.sd, 0.0, problems);
    if problems.len() > start {
        return None;
    }
    let (n_col, events_col, mean_col, sd_col) = (side.n.name, side.events.name, side.mean.name, side.sd.name);
    let problem = |col: &str, message: String, problems: &mut Vec<Problem>| {
        row.problem(col, message, problems);
        None
    };
    match (events, mean, sd, n) {
        (Some(_), None, None, None) | (None, Some(_), Some(_), None) => problem(
            n_col,
            "expected the number of participants in the arm (>= 1), found an empty field".into(),
            problems,
        ),
        (Some(events), None, None, Some(n)) if events > n => {
            problem(events_col, format!("expected events <= {n_col} ({n}), found {events}"), problems)
        }
        (Some(events), None, None, Some(n)) => Some(ArmData::Binary { events: events as u32, n: n as u32 }),
        (None, Some(mean), Some(sd), Some(n)) => Some(ArmData::Continuous { mean, sd, n: n as u32 }),
        (None, None, None, n) => {
            let pct_given = !row.get(cols.pct_t).is_empty() || !row.get(cols.pct_c).is_empty();
            if row.get(cols.notes).is_empty() && !pct_given {
                let message = format!(
                    "expected {events_col} (binary) or {mean_col} and {sd_col} (continuous), or a note saying why the paper gives neither (or percentages in pct_t, pct_c); found none"
                );
                return problem(events_col, message, problems);
            }
            Some(ArmData::Unreported { n: n.map(|n| n as u32) })
        }
        (Some(_), _, _, _) => {
            problem(mean_col, format!("expected either {events_col} or {mean_col}/{sd_col}, found both"), problems)
        }
        (None, m, _, _) => problem(
            if m.is_none() { mean_col } else { sd_col },
            "expected a value (a continuous outcome needs both mean and sd), found an empty field".into(),
            problems,
        ),
    }
}
