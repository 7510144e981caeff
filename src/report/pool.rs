//! The pool report's views: the per-study table with its text forest plot, the pooled row(s),
//! heterogeneity and the choices made, leave-one-out and subgroups; the SVG forest and funnel plots'
//! data; the CSV row of the pooled estimate.

use super::{Column, ForestPlot, ForestRow, FunnelPlot, View};
use crate::analysis::bias::{funnel_axis_label, pooled_effects};
use crate::analysis::pool::{Better, LeaveOneOutRow, Measure, Method, PoolResult, StudyRow, Subgroups};
use crate::stats::pool::Hksj;
use crate::text::{fmt_num, fmt_opt_ci as ci_text};

/// Labels for the sides of the line of no effect.
fn sides(measure: Measure, better: Option<Better>) -> (Option<String>, Option<String>) {
    if measure.null_value().is_none() {
        return (None, None);
    }
    match better {
        Some(Better::Higher) => (Some("Favours control".into()), Some("Favours treatment".into())),
        Some(Better::Lower) => (Some("Favours treatment".into()), Some("Favours control".into())),
        None => (Some("Lower with treatment".into()), Some("Higher with treatment".into())),
    }
}

fn arms(r: &StudyRow<'_>) -> Vec<String> {
    let one = |e: Option<u32>, n: Option<u32>, m: Option<f64>, sd: Option<f64>| match (e, n, m, sd) {
        (Some(e), Some(n), _, _) => format!("{e}/{n}"),
        (None, Some(n), Some(m), Some(sd)) => format!("{} ({}), {n}", fmt_num(m), fmt_num(sd)),
        _ => "—".into(),
    };
    let mut v = vec![one(r.events_t, r.n_t, r.mean_t, r.sd_t)];
    if r.n_c.is_some() {
        v.push(one(r.events_c, r.n_c, r.mean_c, r.sd_c));
    }
    v
}

fn arm_headers(measure: Measure) -> Vec<String> {
    match measure {
        Measure::Pr => vec!["Events/N".into()],
        Measure::Md | Measure::Smd => vec!["Treatment mean (SD), N".into(), "Control mean (SD), N".into()],
        _ => vec!["Treatment events/N".into(), "Control events/N".into()],
    }
}

/// Totals per arm for the pooled row (binary outcomes only).
fn totals(r: &PoolResult<'_>) -> Vec<String> {
    let [events_t, n_t, events_c, n_c] = arm_sums(r);
    let one = |e: Option<u64>, n: Option<u64>| match (e, n) {
        (Some(e), Some(n)) => format!("{e}/{n}"),
        (None, Some(n)) => format!("N = {n}"),
        _ => String::new(),
    };
    let mut v = vec![one(events_t, n_t)];
    if r.choice.measure != Measure::Pr {
        v.push(one(events_c, n_c));
    }
    v
}

/// The pooled studies' events and participants (treatment events, N, control events, N), in one
/// pass; each `None` when a pooled study has none.
fn arm_sums(r: &PoolResult<'_>) -> [Option<u64>; 4] {
    let mut sums = [Some(0u64); 4];
    for s in r.studies.iter().filter(|s| s.weight.is_some()) {
        for (sum, x) in sums.iter_mut().zip([s.events_t, s.n_t, s.events_c, s.n_c]) {
            *sum = sum.zip(x).map(|(a, b)| a + u64::from(b));
        }
    }
    sums
}

fn pooled_label(r: &PoolResult<'_>) -> String {
    let method = match r.choice.method {
        Method::Fe => "fixed effect",
        Method::Mh => "Mantel-Haenszel",
        Method::Dl => "random effects, DL",
        Method::Reml => "random effects, REML",
        Method::Pm => "random effects, PM",
    };
    format!("Pooled ({method}{})", if r.choice.hksj.is_some() { ", HKSJ" } else { "" })
}

fn heterogeneity_line(r: &PoolResult<'_>) -> String {
    let tau = match r.heterogeneity.tau2 {
        Some(t) => format!("tau² = {}, ", fmt_small(t)),
        None => String::new(),
    };
    format!(
        "Heterogeneity: {tau}I² = {}, H² = {}, Q = {} (df = {}, p {})",
        fmt_pct(r.heterogeneity.i2),
        opt_num(r.heterogeneity.h2),
        opt_num(r.heterogeneity.q),
        r.heterogeneity.q_df,
        fmt_p(r.heterogeneity.q_p)
    )
}

/// A number, or "not defined".
fn opt_num(x: Option<f64>) -> String {
    x.map_or("not defined".into(), fmt_num)
}

/// A percentage with one decimal, or "not defined".
fn fmt_pct(x: Option<f64>) -> String {
    x.map_or("not defined".into(), |i| format!("{i:.1}%"))
}

fn effect_line(r: &PoolResult<'_>) -> String {
    let stat = match r.t_df {
        Some(df) => format!("t({df}) = {}", opt_num(r.statistic)),
        None => format!("z = {}", opt_num(r.statistic)),
    };
    format!("Test for overall effect: {stat}, p {}", fmt_p(r.p_value))
}

fn fmt_p(p: Option<f64>) -> String {
    match p {
        None => "not defined".into(),
        Some(p) if p < 0.001 => "< 0.001".into(),
        Some(p) => format!("= {p:.3}"),
    }
}

/// Small numbers (tau²) with 3 significant digits and no exponent: 0.00855.
fn fmt_small(x: f64) -> String {
    if x == 0.0 || !x.is_finite() || x.abs() >= 0.01 {
        return fmt_num(x);
    }
    let decimals = (-x.abs().log10().floor()) as usize + 2;
    format!("{x:.decimals$}")
}

/// A text forest plot column: `width` characters over the model-scale range [lo, hi].
struct TextAxis {
    lo: f64,
    hi: f64,
    null: Option<f64>,
}

const BAR_W: usize = 25;

impl TextAxis {
    fn new(r: &PoolResult<'_>) -> TextAxis {
        let m = r.choice.measure;
        let to_model = |x: f64| match m {
            Measure::Rr | Measure::Or => x.ln(),
            Measure::Pr => (x / (1.0 - x)).ln(),
            _ => x,
        };
        let mut core: Vec<f64> = r.studies.iter().filter_map(|s| s.yi).collect();
        core.extend([r.model_ci_low, r.model_ci_high]);
        let null = m.null_value().map(to_model);
        core.extend(null);
        let core: Vec<f64> = core.into_iter().filter(|x| x.is_finite()).collect();
        let lo = core.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = core.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = ((hi - lo) * 0.1).max(1e-9);
        TextAxis { lo: lo - pad, hi: hi + pad, null }
    }

    fn pos(&self, x: f64) -> Option<usize> {
        let f = (x - self.lo) / (self.hi - self.lo);
        (0.0..=1.0).contains(&f).then(|| ((f * (BAR_W - 1) as f64).round() as usize).min(BAR_W - 1))
    }

    /// `├──■──┤`-like bar; `<`/`>` where the CI leaves the range; `│` at no effect.
    fn bar(&self, est: f64, lo: f64, hi: f64, mark: char) -> String {
        let mut cells = vec![' '; BAR_W];
        if let Some(p) = self.null.and_then(|n| self.pos(n)) {
            cells[p] = '│';
        }
        let clamp = |x: f64| {
            let f = ((x - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
            ((f * (BAR_W - 1) as f64).round() as usize).min(BAR_W - 1)
        };
        let (a, b) = (clamp(lo), clamp(hi));
        for c in cells.iter_mut().take(b + 1).skip(a) {
            *c = '─';
        }
        if lo < self.lo {
            cells[0] = '<';
        }
        if hi > self.hi {
            cells[BAR_W - 1] = '>';
        }
        if let Some(p) = self.pos(est) {
            cells[p] = mark;
        }
        cells.into_iter().collect()
    }
}

/// Each study's provenance mark (`†` derived, `‡` secondary, "" reported or not stated), from the
/// provenance its outcome row carries.
pub fn provenance_marks(r: &PoolResult<'_>) -> Vec<&'static str> {
    r.studies.iter().map(|s| s.provenance.map_or("", |p| p.mark())).collect()
}

/// The views of a pool result: the main table (studies, pooled row, text forest plot, notes), then
/// subgroups and leave-one-out when asked for.
pub fn views(r: &PoolResult<'_>, better: Option<Better>, marks: &[&'static str]) -> Vec<View> {
    let mut views = vec![main_view(r, better, marks)];
    views.extend(r.subgroups.as_ref().map(|sg| subgroup_view(r, sg)));
    views.extend(r.leave_one_out.as_ref().map(|l1o| leave_one_out_view(r, l1o)));
    views
}

/// The effect column's header: "RR (95% CI)".
fn effect_header(r: &PoolResult<'_>) -> String {
    format!("{} (95% CI)", r.choice.measure.label())
}

/// The per-study table with its pooled row, prediction interval and notes, and its column rules.
fn main_view(r: &PoolResult<'_>, better: Option<Better>, marks: &[&'static str]) -> View {
    let axis = TextAxis::new(r);
    let mut headers = vec!["Study".to_string()];
    headers.extend(arm_headers(r.choice.measure));
    headers.extend([effect_header(r), "Weight".into(), "Forest plot".into()]);
    let mut rows = study_rows(r, marks, &axis);
    rows.extend(pooled_rows(r, &axis));
    let main = View {
        title: Some(format!("{} ({})", studies_title(r), r.choice.method.label())),
        headers,
        rows,
        notes: main_notes(r, better, marks),
        ..View::default()
    };
    main_columns(r, main)
}

/// One row per study: label, arms (with provenance marks), effect, weight and its bar.
fn study_rows(r: &PoolResult<'_>, marks: &[&'static str], axis: &TextAxis) -> Vec<Vec<String>> {
    r.studies
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut row = vec![study_label(&s)];
            let mark = marks.get(i).copied().unwrap_or("");
            row.extend(arms(&s).into_iter().map(|a| if a == "—" { a } else { a + mark }));
            row.push(match s.excluded {
                Some(why) => format!("left out: {why}"),
                None => ci_text(s.estimate, s.ci_low, s.ci_high) + if s.corrected { " *" } else { "" },
            });
            row.push(s.weight.map_or("—".into(), |w| format!("{w:.1}%")));
            row.push(match (s.yi, s.vi) {
                (Some(y), Some(v)) => {
                    let h = crate::stats::Z95 * v.sqrt();
                    axis.bar(y, y - h, y + h, '■')
                }
                _ => String::new(),
            });
            row
        })
        .collect()
}

/// The pooled row (totals of the arms for binary measures, the diamond) and the prediction interval.
fn pooled_rows(r: &PoolResult<'_>, axis: &TextAxis) -> Vec<Vec<String>> {
    let mut pooled = vec![pooled_label(r)];
    pooled.extend(if r.choice.measure.binary_like() {
        totals(r)
    } else {
        vec![String::new(); arm_headers(r.choice.measure).len()]
    });
    pooled.extend([
        ci_text(Some(r.estimate), Some(r.ci_low), Some(r.ci_high)),
        "100%".into(),
        axis.bar(r.model_estimate, r.model_ci_low, r.model_ci_high, '◆'),
    ]);
    let mut rows = vec![pooled];
    if let (Some(lo), Some(hi), Some(mlo), Some(mhi)) =
        (r.heterogeneity.pi_low, r.heterogeneity.pi_high, r.heterogeneity.model_pi_low, r.heterogeneity.model_pi_high)
    {
        let mut pi = vec!["Prediction interval".to_string()];
        pi.extend(vec![String::new(); arm_headers(r.choice.measure).len()]);
        pi.extend([format!("({} to {})", fmt_num(lo), fmt_num(hi)), String::new(), axis.bar(f64::NAN, mlo, mhi, ' ')]);
        rows.push(pi);
    }
    rows
}

/// Heterogeneity, the test of the effect, the plot's legend, provenance marks and the fit's notes.
fn main_notes(r: &PoolResult<'_>, better: Option<Better>, marks: &[&'static str]) -> Vec<String> {
    let (left, right) = sides(r.choice.measure, better);
    let mut notes = vec![heterogeneity_line(r), effect_line(r)];
    if let (Some(l), Some(rt)) = (left, right) {
        notes.push(format!("Forest plot: ← {l} | {rt} →; │ = no effect; * = 1/2 added to the cells (a zero cell)."));
    }
    notes.extend(super::summary::provenance_legend(marks.iter().copied()));
    notes.extend(r.notes.iter().cloned());
    notes
}

/// Narrow terminals: the arms go first, then the picture; study, effect and weight stay.
fn main_columns(r: &PoolResult<'_>, mut main: View) -> View {
    for (i, h) in arm_headers(r.choice.measure).iter().enumerate() {
        main = main.column(h, Column::droppable(2 + u8::from(i > 0)));
    }
    // An interval reads best on one line: the effect column is as wide as the widest of them.
    let widest =
        main.rows.iter().filter_map(|row| row.get(main.headers.len() - 3)).filter(|c| !c.starts_with("left out"));
    let widest = widest.map(|c| c.chars().count()).max().unwrap_or(0);
    let main = main.column(&effect_header(r), Column::KEEP.min(u16::try_from(widest).unwrap_or(u16::MAX)));
    main.column("Weight", Column::KEEP.no_wrap()).column("Forest plot", Column::droppable(1).no_wrap())
}

/// One row per subgroup, and the test for subgroup differences.
fn subgroup_view(r: &PoolResult<'_>, sg: &Subgroups<'_>) -> View {
    View {
        title: Some(format!("Subgroups by {}", sg.by)),
        headers: ["Subgroup", "k", &effect_header(r), "tau²", "I²"].map(String::from).to_vec(),
        rows: sg
            .groups
            .iter()
            .map(|g| {
                vec![
                    g.subgroup.to_string(),
                    g.k.to_string(),
                    g.error.as_ref().map_or_else(|| ci_text(g.estimate, g.ci_low, g.ci_high), ToString::to_string),
                    g.tau2.map_or("—".into(), fmt_small),
                    g.i2.map_or("—".into(), |i| format!("{i:.1}%")),
                ]
            })
            .collect(),
        notes: vec![match (sg.q_between, sg.q_between_df, sg.q_between_p) {
            (Some(q), Some(df), Some(p)) => format!(
                "Test for subgroup differences: Q = {} (df = {df}, p {}); fixed-effect Q of the subgroup estimates, each fitted with the same method.",
                fmt_num(q),
                fmt_p(Some(p))
            ),
            _ => "No test for subgroup differences: it needs at least 2 subgroups with a fit and a positive, finite standard error.".into(),
        }],
        ..View::default()
    }
    .column("tau²", Column::droppable(1))
}

/// The fit without each study in turn.
fn leave_one_out_view(r: &PoolResult<'_>, l1o: &[LeaveOneOutRow<'_>]) -> View {
    View {
        title: Some("Leave one out".into()),
        headers: ["Omitted", "k", &effect_header(r), "tau²", "I²", "Q"].map(String::from).to_vec(),
        rows: l1o.iter().map(leave_one_out_row).collect(),
        notes: Vec::new(),
        ..View::default()
    }
    .column("Q", Column::droppable(3))
    .column("tau²", Column::droppable(2))
    .column("k", Column::droppable(1))
}

fn leave_one_out_row(l: &LeaveOneOutRow<'_>) -> Vec<String> {
    vec![
        l.label.to_string(),
        l.k.to_string(),
        l.error.as_ref().map_or_else(|| ci_text(l.estimate, l.ci_low, l.ci_high), ToString::to_string),
        l.tau2.map_or("—".into(), fmt_small),
        l.i2.map_or("—".into(), |i| format!("{i:.1}%")),
        l.q.map_or("—".into(), fmt_num),
    ]
}

/// The pooled row for CSV: trial "pooled", yi/vi = the pooled estimate and its SE² (model scale).
pub fn pooled_row<'a>(r: &PoolResult<'a>) -> StudyRow<'a> {
    let [events_t, n_t, events_c, n_c] = arm_sums(r).map(|x| x.and_then(|x| u32::try_from(x).ok()));
    StudyRow {
        trial: "pooled",
        label: "",
        year: None,
        crossover: false,
        timepoint: "",
        events_t,
        n_t,
        mean_t: None,
        sd_t: None,
        events_c,
        n_c,
        mean_c: None,
        sd_c: None,
        yi: Some(r.model_estimate),
        vi: Some(r.se * r.se),
        estimate: Some(r.estimate),
        ci_low: Some(r.ci_low),
        ci_high: Some(r.ci_high),
        weight: Some(100.0),
        corrected: false,
        excluded: None,
        provenance: None,
        scale: "",
        definition: "",
        conditions: &[],
    }
}

pub fn forest(r: &PoolResult<'_>, better: Option<Better>) -> ForestPlot {
    let (left_label, right_label) = sides(r.choice.measure, better);
    ForestPlot {
        title: format!("{}, {}", studies_title(r), r.choice.method.label()),
        effect_header: effect_header(r),
        arm_headers: arm_headers(r.choice.measure),
        log_scale: r.choice.measure.is_ratio(),
        null_value: r.choice.measure.null_value(),
        rows: forest_rows(r),
        pooled: vec![forest_pooled(r)],
        prediction: r.heterogeneity.pi_low.zip(r.heterogeneity.pi_high),
        left_label,
        right_label,
        footer: forest_footer(r),
    }
}

/// "response: RR, 5 studies": the start of both the table's and the plot's title.
fn studies_title(r: &PoolResult<'_>) -> String {
    format!("{}: {}, {} stud{}", r.outcome, r.choice.measure.label(), r.k, if r.k == 1 { "y" } else { "ies" })
}

/// A study's label, marked when it is a crossover trial.
fn study_label(s: &StudyRow<'_>) -> String {
    format!("{}{}", s.label, if s.crossover { " (crossover)" } else { "" })
}

/// The plot's study rows.
fn forest_rows(r: &PoolResult<'_>) -> Vec<ForestRow> {
    r.studies
        .iter()
        .map(|s| ForestRow {
            label: study_label(&s),
            // The arms carry their provenance mark, as in the text table (the footer says what it means).
            arms: arms(&s)
                .into_iter()
                .map(|a| if a == "—" { a } else { a + s.provenance.map_or("", |p| p.mark()) })
                .collect(),
            estimate: s.estimate,
            low: s.ci_low,
            high: s.ci_high,
            weight: s.weight,
            effect_text: match s.excluded {
                Some(_) => "not estimable".into(),
                None => ci_text(s.estimate, s.ci_low, s.ci_high),
            },
            weight_text: s.weight.map_or(String::new(), |w| format!("{w:.1}%")),
        })
        .collect()
}

/// The plot's pooled row (the arms' totals for binary measures).
fn forest_pooled(r: &PoolResult<'_>) -> ForestRow {
    let mut arms_pooled = if r.choice.measure.binary_like() { totals(r) } else { Vec::new() };
    arms_pooled.resize(arm_headers(r.choice.measure).len(), String::new());
    ForestRow {
        label: pooled_label(r),
        arms: arms_pooled,
        estimate: Some(r.estimate),
        low: Some(r.ci_low),
        high: Some(r.ci_high),
        weight: None,
        effect_text: ci_text(Some(r.estimate), Some(r.ci_low), Some(r.ci_high)),
        weight_text: "100%".into(),
    }
}

/// The plot's footer: heterogeneity, the effect's test, the model and its intervals.
fn forest_footer(r: &PoolResult<'_>) -> Vec<String> {
    let mut footer = vec![heterogeneity_line(r), effect_line(r)];
    let ci = match r.choice.hksj {
        Some(Hksj::AdHoc) => "Hartung-Knapp-Sidik-Jonkman CI, ad hoc rule (never narrower than Wald)",
        Some(Hksj::Plain) => "Hartung-Knapp-Sidik-Jonkman CI",
        None => "Wald CIs",
    };
    let pi = match (r.heterogeneity.pi_low, r.choice.method.is_random()) {
        (Some(_), _) => format!("; prediction interval with t on {} df", r.k - 2),
        (None, true) => "; no prediction interval (k < 3)".into(),
        (None, false) => String::new(),
    };
    let scale = if r.choice.measure.is_ratio() { "; pooled on the log scale" } else { "" };
    footer.push(format!("Model: {}; {ci}{scale}{pi}.", r.choice.method.label()));
    if r.studies.iter().any(|s| s.crossover) {
        footer.push("Crossover trials entered as if parallel.".into());
    }
    footer.extend(super::summary::provenance_legend(provenance_marks(r)));
    footer
}

/// The funnel plot of the pooled studies, on the model scale; Egger's test in its footer when computed.
pub fn funnel(r: &PoolResult<'_>) -> FunnelPlot {
    let points = pooled_effects(r).into_iter().map(|(y, v)| (y, v.sqrt())).collect();
    let to_model = |x: f64| if r.choice.measure.is_ratio() { x.ln() } else { x };
    let mut footer = vec![format!("Pooled: {}; dashed: pooled ± 1.96 SE.", r.choice.method.label())];
    if let Some(b) = &r.bias
        && let (Some(t), Some(df), Some(p), Some(l), Some(lo), Some(hi)) =
            (b.egger_t, b.egger_df, b.egger_p, b.egger_limit, b.egger_limit_low, b.egger_limit_high)
    {
        footer.push(format!(
            "Egger's test (metafor regtest, model = \"lm\"): t = {} (df = {df}), p {}; limit estimate {} (95% CI {} to {}).",
            fmt_num(t),
            fmt_p(Some(p)),
            fmt_num(l),
            fmt_num(lo),
            fmt_num(hi)
        ));
    }
    FunnelPlot {
        title: format!("{}: funnel plot, {} stud{}", r.outcome, r.k, if r.k == 1 { "y" } else { "ies" }),
        x_label: funnel_axis_label(r.choice.measure),
        log_scale: r.choice.measure.is_ratio(),
        points,
        pooled: r.model_estimate,
        null_value: r.choice.measure.null_value().map(to_model),
        footer,
    }
}

/// A pool's studies as JSON elements: a run of them is written on another thread by
/// `write_json_in_parts` (`pool --format json` of a large catalog).
impl super::Elements for crate::analysis::pool::Studies<'_> {
    fn len(&self) -> usize {
        crate::analysis::pool::Studies::len(self)
    }
    fn write(&self, range: std::ops::Range<usize>, w: &mut super::ElementWriter<'_, '_>) -> serde_json::Result<()> {
        self.rows_in(range).try_for_each(|row| w.element(&row))
    }
}
