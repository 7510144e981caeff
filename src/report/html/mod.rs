//! The evidence brief (`evrev brief`): one self-contained HTML page, a section per condition, built
//! with maud (every text escaped by default). Rendering only: the analyses arrive computed in a [`Brief`].
//!
//! The page has no scripts and asks for nothing over the network: CSS and SVG are inline and the
//! Content-Security-Policy forbids everything else; links go only to DOI, PubMed and trial registries.

mod answer;
mod claims;
pub mod date;
mod figures;
mod icons;
mod links;
mod methods;
mod outcome;
mod sof;
mod style;
mod trials;

use crate::analysis::audit::AuditRow;
use crate::analysis::pool::{Better, PoolResult};
use crate::analysis::rob::RobReport;
use crate::analysis::sof::SofReport;
use crate::analysis::summary::ConditionTotal;
use crate::catalog::{Catalog, Claim, PrimaryResult, Trial};
use maud::{DOCTYPE, Markup, PreEscaped, html};

pub use links::{ALLOWED_HOSTS, is_allowed_href};

/// Everything the page shows, computed before rendering.
pub struct Brief<'a> {
    pub catalog: &'a Catalog,
    /// One per condition, in catalog order.
    pub sections: Vec<Section<'a>>,
    /// The articles given with `--audit`, in the order given.
    pub audits: Vec<Audited>,
    pub stamp: Stamp,
}

/// Where the numbers come from and when the page was made.
pub struct Stamp {
    /// "embedded catalog" or the catalog folder.
    pub origin: String,
    pub bundled: bool,
    /// The catalog's content hash.
    pub hash: String,
    pub version: &'static str,
    /// `YYYY-MM-DD`, UTC.
    pub date: String,
    /// The date is `SOURCE_DATE_EPOCH`'s (a reproducible build), not today's.
    pub pinned: bool,
}

/// One condition's evidence.
pub struct Section<'a> {
    pub key: String,
    pub label: String,
    /// The selected trials of this condition, in catalog order.
    pub trials: Vec<&'a Trial>,
    /// Their number and participants (`evrev conditions`' totals).
    pub totals: ConditionTotal,
    /// The Summary of Findings, or why there is none (nothing to pool).
    pub sof: Result<SofTable, String>,
    /// The fit behind each SoF row, in the same order.
    pub pools: Vec<Pooled<'a>>,
    /// The trials none of whose rows entered a pooled SoF row, in catalog order (all of them when
    /// nothing pools), so the plain words do not hide them.
    pub unpooled: Vec<Unpooled<'a>>,
    pub rob: RobReport,
    /// claims.csv rows about this condition's trials (or naming the condition).
    pub claims: Vec<&'a Claim>,
    /// Sentences of the `--audit` articles linked to this condition's trials.
    pub audit: Vec<AuditEntry>,
}

/// The SoF report with its cells and notes as `evrev sof` writes them (GRADEpro's nine columns).
pub struct SofTable {
    pub report: SofReport,
    pub cells: Vec<Vec<String>>,
    pub notes: Vec<String>,
}

/// A trial of the condition that no SoF row rests on: what its paper found and why it is not pooled.
pub struct Unpooled<'a> {
    pub trial: &'a Trial,
    /// trials.csv `primary_result` (the paper's own verdict on its primary outcome), if recorded.
    pub result: Option<PrimaryResult>,
    /// The scale (else definition) of its primary outcome row, if the catalog marks one.
    pub primary: Option<String>,
    pub why: NotPooled,
}

/// Why a trial's rows entered no pooled SoF row, as a reader needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotPooled {
    /// The catalog has no outcome row of the trial for this condition.
    NoOutcomes,
    /// Every row has one arm only: nothing to compare with.
    SingleArm,
    /// Not randomized (open-label or records): GRADE's table here pools comparisons only.
    Uncontrolled,
    /// The rows carry no counts or means (the paper gives p-values, figures or model estimates).
    NoNumbers,
    /// The rows give percentages without counts.
    PercentagesOnly,
    /// It has numbers, but none that evrev could combine into a table row.
    NotCombinable,
}

/// A pooled outcome and which side of its forest plot is better for patients.
pub struct Pooled<'a> {
    pub result: PoolResult<'a>,
    pub better: Option<Better>,
}

/// An audited article: its name as given and its study sentences.
pub struct Audited {
    pub file: String,
    pub rows: Vec<AuditRow>,
}

/// One audited sentence and the article it is from.
pub struct AuditEntry {
    pub file: String,
    pub row: AuditRow,
}

/// The Content-Security-Policy the page declares: nothing may load but its inline styles and data: images.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// The whole page as HTML text.
pub fn page(b: &Brief<'_>) -> String {
    let title = title(b);
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content={ "evrev " (b.stamp.version) };
                title { (title) }
                style { (PreEscaped(style::CSS)) }
            }
            body {
                header {
                    h1 { (title) }
                    p.lede { (lede(b)) }
                    @if b.sections.len() > 1 { (contents(b)) }
                }
                main {
                    @for s in &b.sections { (section(b, s)) }
                }
            }
        }
    };
    markup.into_string()
}

fn title(b: &Brief<'_>) -> String {
    let labels: Vec<&str> = b.sections.iter().map(|s| s.label.as_str()).collect();
    match labels.as_slice() {
        [] => "Evidence brief".into(),
        [one] => format!("Evidence brief: ketamine for {one}"),
        _ => format!("Evidence brief: ketamine for {} conditions", labels.len()),
    }
}

fn lede(b: &Brief<'_>) -> String {
    let pinned = if b.stamp.pinned { " (SOURCE_DATE_EPOCH)" } else { "" };
    format!(
        "What the trials in evrev's catalog show, how sure we can be, and whether popular claims match them. \
         Numbers from the {}; made with evrev {} on {}{pinned}.",
        b.stamp.origin, b.stamp.version, b.stamp.date
    )
}

fn contents(b: &Brief<'_>) -> Markup {
    html! {
        nav aria-label="Conditions" {
            ul.contents {
                @for s in &b.sections { li { a href={ "#" (s.key) } { (s.label) } } }
            }
        }
    }
}

/// One condition: the six parts in the order a reader needs them.
fn section(b: &Brief<'_>, s: &Section<'_>) -> Markup {
    html! {
        section.condition id=(s.key) aria-labelledby={ "h-" (s.key) } {
            h2 id={ "h-" (s.key) } { (s.label) }
            (answer::render(b.catalog, s))
            (sof::render(b.catalog, s))
            (figures::render(s))
            (trials::render(b.catalog, s))
            (claims::render(b.catalog, s))
            (methods::render(b, s))
        }
    }
}
