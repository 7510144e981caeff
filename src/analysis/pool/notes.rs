//! Pooling step 6: the notes, every methodological choice and which rows were left out and why.

use super::effects::{LeftOut, StudyEffects};
use super::{Measure, Method, Spec};
use crate::stats::effect::DoubleZero;
use crate::stats::pool::{Fit, Hksj};

/// Step 6: all notes, in the order people read them (measure, caution, methods, rows left out).
pub(super) fn notes(
    spec: &Spec,
    measure: Measure,
    fit: &Fit,
    fx: &StudyEffects<'_>,
    measure_note: Option<String>,
) -> Vec<String> {
    let mut notes: Vec<String> = measure_note.into_iter().collect();
    notes.extend(fx.caution.clone());
    notes.extend(method_notes(measure, spec, fit, fx.corrected));
    notes.extend(left_out_notes(spec.method, measure, &fx.left_out));
    notes
}

fn left_out_notes(method: Method, measure: Measure, l: &LeftOut) -> Vec<String> {
    let mut notes = Vec::new();
    if !l.double_zero.is_empty() {
        notes.push(match (method, measure) {
            (Method::Mh, _) => format!(
                "Studies with no events (or only events) in both arms: {}. They stay in the Mantel-Haenszel sums (weight 0 for rr and or) but not in the heterogeneity test (metafor rma.mh drop00).",
                l.double_zero
            ),
            (_, Measure::Rd) => unreachable!("rd keeps double zeros"),
            _ => format!(
                "Left out: {} — {}, so the {} is not estimable (metafor escalc drop00 = TRUE).",
                l.double_zero,
                double_zero_words(&l.zero_kinds),
                measure.label().to_lowercase()
            ),
        });
    }
    if !l.undefined.is_empty() {
        notes.push(format!(
            "Left out: {} — effect size not defined (zero SD or fewer than 3 participants).",
            l.undefined
        ));
    }
    if !l.crossover.is_empty() {
        notes.push(format!(
            "Crossover trials entered as if parallel (marked; the within-person correlation is ignored, so their CIs are too wide): {}.",
            l.crossover
        ));
    }
    if !l.uncontrolled.is_empty() {
        notes.push(format!(
            "Left out: two-arm rows of uncontrolled designs (not pooled with randomized comparisons): {}.",
            l.uncontrolled
        ));
    }
    if !l.other_shape.is_empty() {
        let hint = if measure == Measure::Pr {
            "pr pools single-arm rows only; two-arm rows are pooled with rr, or, rd, md or smd"
        } else {
            "single-arm rows are pooled only with --measure pr; binary and continuous rows need different measures"
        };
        notes.push(format!(
            "Left out: rows of another kind than {} takes ({hint}): {}.",
            measure.as_str(),
            l.other_shape
        ));
    }
    if !l.no_numbers.is_empty() {
        notes.push(format!("Left out: rows without usable numbers (see their notes): {}.", l.no_numbers));
    }
    if !l.several.is_empty() {
        notes.push(format!("Trials with several rows for this outcome (one used each): {}.", l.several));
    }
    notes
}

/// The notes that say how the numbers were made.
fn method_notes(measure: Measure, spec: &Spec, fit: &Fit, corrected: usize) -> Vec<String> {
    let mut notes = Vec::new();
    notes.push(match measure {
        Measure::Rr | Measure::Or => format!(
            "{} pooled on the log scale and shown back-transformed; per-study CIs are 95% Wald CIs on the log scale.",
            measure.label()
        ),
        Measure::Rd => "Risk difference (treatment minus control); per-study 95% Wald CIs.".into(),
        Measure::Md => "Mean difference (treatment minus control); per-study 95% Wald CIs.".into(),
        Measure::Smd => "Hedges' g (treatment minus control) with the exact small-sample correction, variance 1/n1 + 1/n2 + g²/(2(n1 + n2)) (metafor escalc SMD).".into(),
        Measure::Pr => "Proportions pooled on the logit scale (metafor PLO) and shown back-transformed; single-arm rows only.".into(),
    });
    if measure.binary().is_some() || measure == Measure::Pr {
        let which = if measure == Measure::Pr {
            "both cells of a study with 0 or n events"
        } else {
            "all four cells of a study with a zero cell"
        };
        notes.push(format!(
            "Zero cells: 1/2 added to {which} (metafor escalc add = 1/2, to = \"only0\"){}.",
            if corrected > 0 {
                format!("; {corrected} {} corrected", if corrected == 1 { "study" } else { "studies" })
            } else {
                "; none needed".into()
            }
        ));
    }
    notes.push(model_note(measure, spec.method, fit));
    notes.extend(test_notes(spec, fit));
    notes
}

/// How the studies were combined.
fn model_note(measure: Measure, method: Method, fit: &Fit) -> String {
    match method {
        Method::Fe => "Model: fixed (common) effect, inverse-variance weights (metafor rma method = \"FE\").".into(),
        Method::Mh => {
            let var = match measure {
                Measure::Rr => "Greenland-Robins variance",
                Measure::Or => "Robins-Breslow-Greenland variance",
                _ => "Sato/Greenland-Robins variance",
            };
            format!("Model: Mantel-Haenszel fixed effect on the raw 2x2 tables (no continuity correction), {var} (metafor rma.mh). Heterogeneity: Q about the MH estimate with inverse-variance weights of the corrected effect sizes, double zeros dropped; I² and H² from Q.")
        }
        Method::Dl => "Model: random effects; tau² by DerSimonian-Laird (metafor rma method = \"DL\").".into(),
        Method::Reml => format!(
            "Model: random effects; tau² by REML, Fisher scoring to |change| <= 1e-10 (at most 1000 iterations; {} used), step halving at 0 (metafor rma method = \"REML\").",
            fit.iterations.unwrap_or(0)
        ),
        Method::Pm => "Model: random effects; tau² by Paule-Mandel, Q(tau²) = k - 1 solved by Brent's method as R's uniroot (metafor rma method = \"PM\").".into(),
    }
}

/// The CI and test, what is not defined, heterogeneity and the prediction interval.
fn test_notes(spec: &Spec, fit: &Fit) -> Vec<String> {
    let mut notes = Vec::new();
    notes.push(match spec.hksj {
        Some(Hksj::AdHoc) => format!(
            "CI and test: Hartung-Knapp-Sidik-Jonkman, t with k - 1 = {} df, with Knapp & Hartung's ad hoc rule: the variance factor is raised to 1 when below it, so the CI is never narrower than the Wald CI (metafor test = \"adhoc\").",
            fit.t_df.unwrap_or(0)
        ),
        Some(Hksj::Plain) => format!(
            "CI and test: Hartung-Knapp-Sidik-Jonkman, t with k - 1 = {} df, variance factor not truncated at 1 (metafor test = \"knha\").",
            fit.t_df.unwrap_or(0)
        ),
        None => "CI and test: Wald, normal quantile 1.96.".into(),
    });
    if fit.statistic.is_none() {
        notes.push("Not defined: the test for the overall effect (the standard error is 0: the studies' effects are identical and the HKSJ variance factor is 0; the ad hoc rule, --hksj without --hksj-rule knha, avoids this).".into());
    }
    if fit.heterogeneity.i2.is_none() || fit.heterogeneity.q.is_none() {
        notes.push(
            "Not defined: some heterogeneity statistics (shown as —): they are not finite numbers for these studies."
                .into(),
        );
    }
    if spec.method.is_random() {
        notes.push("I² = 100 tau²/(tau² + s²) and H² = (tau² + s²)/s², s² the typical within-study variance (k-1)Σw/((Σw)² - Σw²) (metafor); Q and its p from fixed-effect weights.".into());
        notes.push(match fit.pi {
            Some(_) => format!(
                "Prediction interval: estimate ± t(0.975, k - 2 = {} df) × sqrt(tau² + SE²) (Higgins, Thompson & Spiegelhalter 2009).",
                fit.k - 2
            ),
            None => "No prediction interval: it needs k >= 3.".into(),
        });
    } else {
        notes.push("I² = max(0, (Q - df)/Q) and H² = Q/df. No prediction interval for a fixed-effect model.".into());
    }
    notes
}

/// metafor's name of an HKSJ rule.
pub(super) fn hksj_name(rule: Hksj) -> &'static str {
    match rule {
        Hksj::AdHoc => "adhoc",
        Hksj::Plain => "knha",
    }
}

/// "no events in either arm", "every participant had the event in both arms", or both joined.
pub(super) fn double_zero_words(kinds: &[DoubleZero]) -> String {
    let none = kinds.contains(&DoubleZero::NoEvents);
    let all = kinds.contains(&DoubleZero::AllEvents);
    match (none, all) {
        (true, true) => format!("{} or {}", DoubleZero::NoEvents.describe(), DoubleZero::AllEvents.describe()),
        (false, true) => DoubleZero::AllEvents.describe().into(),
        _ => DoubleZero::NoEvents.describe().into(),
    }
}
