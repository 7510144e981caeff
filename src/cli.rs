//! Command-line definitions (clap derive): what the user types, before it becomes typed configuration.

use crate::analysis::pool::{Better, Measure, Method};
use crate::catalog::{Design, Verdict};
use crate::report::Format;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "evrev",
    version,
    about = "Evidence review from the data: trials, rates, effects and claims about ketamine for anxiety, PTSD, depression and suicidal ideation",
    long_about = "evrev reads a catalog of clinical trials (a folder of CSV files; the bundled one covers ketamine and \
                  esketamine for anxiety disorders, PTSD, depression and suicidal ideation) and prints evidence \
                  tables, per-trial summaries with confidence intervals, and exports.",
    after_help = "Examples:\n  evrev trials --condition ptsd\n  evrev summary --condition \"social anxiety\" --outcome response\n  evrev export --what summary -o summary.csv\n  evrev sof --condition depression\n  evrev brief --condition ptsd -o ptsd.html\n  evrev outcomes --condition depression\n  evrev diff extraction-a/ extraction-b/\n  evrev check my-catalog/\n\nExit codes: 0 success, 1 analysis not possible (e.g. nothing to pool) or `diff` found differences, 2 bad usage, 65 malformed catalog, 66 missing catalog, file or article, 73 cannot write the output file, 74 I/O error."
)]
pub struct Cli {
    /// Catalog folder to use instead of the bundled one: trials.csv and outcomes.csv, optionally
    /// conditions.csv, rob.csv, grade.csv, documents.csv, claims.csv, evidence.csv
    #[arg(long, global = true, env = "EVREV_CATALOG", value_name = "DIR")]
    pub catalog: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Parse the command line. `--version` also names the bundled catalog (its trial count and content
    /// hash); that costs a catalog load, so it is computed only when the version is asked for.
    pub fn parse_args() -> Cli {
        let mut command = Cli::command();
        if std::env::args_os().skip(1).any(|a| a == "--version" || a == "-V") {
            command = command.version(crate::commands::version_text());
        }
        let matches = command.get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evidence table: one row per trial, with its primary outcome and result
    #[command(after_help = "Example:\n  evrev trials --condition ptsd --design parallel-rct")]
    Trials {
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Per-outcome rates with 95% CIs, risk ratio, risk difference, NNT, MD and SMD; totals per condition
    #[command(after_help = "Example:\n  evrev summary --condition depression --outcome response --ci exact")]
    Summary {
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        summary: SummaryArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// The catalog's conditions, with their numbers of trials and participants
    #[command(after_help = "Example:\n  evrev conditions --format markdown")]
    Conditions {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Write trials, summaries or claims as CSV to a file (or - for standard output)
    #[command(after_help = "Example:\n  evrev export --what summary --condition ptsd -o ptsd-summary.csv")]
    Export {
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        summary: SummaryArgs,
        /// What to export
        #[arg(long, value_enum)]
        what: ExportWhat,
        /// Output file; - for standard output
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// The claims audit: what the popular articles say about the trials, and how it compares with the data
    #[command(
        after_help = "Example:\n  evrev claims --verdict overstated\n  evrev claims --trial feder-2021-ptsd --format markdown"
    )]
    Claims {
        /// Only claims from this document (its id, or the article's file name)
        #[arg(long, value_name = "D")]
        document: Option<String>,
        /// Only claims with this verdict
        #[arg(long, value_name = "V", value_parser = parse_verdict)]
        verdict: Option<Verdict>,
        /// Only claims about this trial (its id; repeat for several)
        #[arg(long, value_name = "ID")]
        trial: Vec<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Check any article: find the sentences that describe a study and compare them with the catalog
    #[command(
        after_help = "Example:\n  evrev audit article.txt\n  evrev audit page.html --format json\n  curl -s URL | evrev audit - --input html --format csv"
    )]
    Audit {
        /// A text, Markdown or HTML file, or - for standard input
        file: PathBuf,
        /// How to read FILE: auto detects HTML by its content
        #[arg(long, value_enum, default_value_t)]
        input: crate::analysis::audit::html::InputKind,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Meta-analysis of one outcome across trials: pooled effect, heterogeneity, forest plot
    #[command(
        after_help = "Examples:\n  evrev pool --condition depression --outcome response --measure rr\n  evrev pool --outcome response --method dl --hksj --leave-one-out\n  evrev pool --outcome response --subgroup design --plot forest.svg\n  evrev --catalog tests/fixtures/metafor/magnesium pool --outcome event --measure or --bias --funnel funnel.svg\n  evrev --catalog tests/fixtures/metafor/bcg pool --outcome event --subgroup subgroup --better lower\n\nMethods match R's metafor 3.8 (rma, rma.mh); every choice made is listed under the table (notes in JSON).\nExit codes: 0 success, 1 nothing to pool or the fit failed, 2 bad usage, 65/66 catalog, 73 cannot write the plot."
    )]
    Pool {
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pool: PoolArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Risk of bias (RoB 2) per trial and domain, from the catalog's rob.csv; robvis figures with --plot
    #[command(
        after_help = "Examples:\n  evrev rob --condition ptsd\n  evrev rob --format markdown\n  evrev rob --plot rob.svg\n\nDomains: D1 randomization process, D2 deviations from intended interventions, D3 missing outcome data, D4 measurement of the outcome, D5 selection of the reported result."
    )]
    Rob {
        #[command(flatten)]
        filter: FilterArgs,
        /// Write robvis' traffic-light and weighted summary figures (SVG) to this file
        #[arg(long, value_name = "FILE.svg")]
        plot: Option<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Summary of Findings with GRADE certainty: per outcome, relative and absolute effects, certainty, footnotes, a plain-language statement
    #[command(
        after_help = "Examples:\n  evrev sof --condition ptsd\n  evrev sof --condition depression --outcome response --outcome remission --format markdown\n\nGRADE algorithm (after Pollock et al. 2016; every change is footnoted with its numbers):\n  start          high when every pooled study is randomized, low otherwise\n  risk of bias   >= 50% of participants in trials at high risk (rob.csv overall) -2; else < 75% at low risk -1 (no rob.csv row = not low)\n  inconsistency  I² > 75% -1 (one study: not assessable)\n  indirectness   pooled rows on different scales or definitions -1\n  imprecision    < 100 participants -2, 100-199 -1; 95% CI includes no effect -1; at most -2\n  publication    k >= 10 and Egger p < 0.10 -1 (k < 10: not assessable)\nA grade.csv row (outcome, condition, domain, change, reason) replaces the algorithm's figure for its domain."
    )]
    Sof {
        #[command(flatten)]
        filter: FilterArgs,
        /// Outcome(s) to summarise (repeat for several) [default: every outcome with rows to pool]
        #[arg(long = "outcome", value_name = "O")]
        outcomes: Vec<String>,
        /// Effect measure [default: rr for a binary outcome, smd for a continuous one]
        #[arg(long, value_enum)]
        measure: Option<Measure>,
        /// How to pool
        #[arg(long, value_enum, default_value_t = Method::Reml)]
        method: Method,
        /// Hartung-Knapp-Sidik-Jonkman CI (random-effects methods only)
        #[arg(long)]
        hksj: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// A one-page evidence brief per condition as a self-contained HTML file: the answer in plain words, Summary of Findings, forest plots, risk of bias, trials, claims, methods
    #[command(
        after_help = "Examples:\n  evrev brief --condition ptsd -o ptsd.html\n  evrev brief -o brief.html --audit article.txt\n  SOURCE_DATE_EPOCH=1796083200 evrev brief --condition depression -o depression.html\n\nThe page loads nothing (inline CSS and SVG, no scripts; Content-Security-Policy default-src 'none') and links only to DOI, PubMed and trial-registry pages. SOURCE_DATE_EPOCH sets its date, so a brief can be reproduced byte for byte."
    )]
    Brief {
        #[command(flatten)]
        filter: FilterArgs,
        /// Also audit this article (text, Markdown or HTML) and show its verdicts under each condition (repeat for several)
        #[arg(long = "audit", value_name = "FILE")]
        audit: Vec<PathBuf>,
        /// Output file, written whole or not at all; - or none for standard output
        #[arg(short = 'o', long = "output", value_name = "FILE.html")]
        output: Option<PathBuf>,
    },
    /// The outcome names of the selected rows, with their scales, trials and rows
    #[command(
        after_help = "Example:\n  evrev outcomes --condition depression\n  evrev summary --outcome response --condition depression"
    )]
    Outcomes {
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Compare two extractions of the same trials field by field (dual extraction): disagreements, agreement, kappa
    #[command(
        after_help = "Example:\n  evrev diff extraction-anna/ extraction-ben/\n  evrev diff a/ b/ --tol 0.05 --format csv\n\nTrials are matched by id, else DOI, else PMID; outcome rows by trial + outcome + time point; rob.csv rows by trial.\nExit codes: 0 the catalogs agree, 1 they differ, 2 bad usage, 65 a malformed catalog, 66 a missing folder or file."
    )]
    Diff {
        /// The first catalog folder (A)
        a: PathBuf,
        /// The second catalog folder (B)
        b: PathBuf,
        /// Numbers agree when they differ by at most this much (absolute)
        #[arg(long, default_value_t = 0.0, value_name = "X")]
        tol: f64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Validate a catalog and list every problem, not only the first
    #[command(after_help = "Example:\n  evrev check studies/")]
    Check {
        /// Catalog folder (default: --catalog, EVREV_CATALOG, or the bundled catalog)
        dir: Option<PathBuf>,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) to standard output
    #[command(
        after_help = "Install:\n  bash: evrev completions bash > ~/.local/share/bash-completion/completions/evrev\n  zsh:  evrev completions zsh > ~/.zfunc/_evrev   (with fpath+=~/.zfunc before compinit)\n  fish: evrev completions fish > ~/.config/fish/completions/evrev.fish\n  powershell: evrev completions powershell >> $PROFILE"
    )]
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output
    #[command(after_help = "Install:\n  evrev man > ~/.local/share/man/man1/evrev.1 && man evrev")]
    Man,
}

/// Which trials (and outcome rows) to include.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Condition key, label or alias (repeat for several: union), e.g. ptsd, "social anxiety". Trial
    /// reports (trials) select trials by their conditions; outcome reports (summary, pool, export
    /// --what summary, outcomes) select outcome rows by the condition each measures (its own
    /// `condition` column, else its trial's)
    #[arg(long = "condition", short = 'c', value_name = "C", value_hint = clap::ValueHint::Other)]
    pub conditions: Vec<String>,
    /// Only this trial (its id; repeat for several)
    #[arg(long = "trial", value_name = "ID")]
    pub trials: Vec<String>,
    /// Study design
    #[arg(long, value_name = "D", value_parser = parse_design)]
    pub design: Option<Design>,
    /// Drug, e.g. ketamine or esketamine
    #[arg(long, value_name = "D")]
    pub drug: Option<String>,
    /// Only trials published in or after this year
    #[arg(long, value_name = "YEAR")]
    pub since: Option<i32>,
    /// Only trials with at least N participants (randomized, or enrolled in an uncontrolled study)
    #[arg(long = "min-n", value_name = "N")]
    pub min_n: Option<u32>,
}

fn parse_verdict(s: &str) -> Result<Verdict, String> {
    s.parse::<Verdict>().map_err(|allowed| format!("expected {allowed}"))
}

fn parse_design(s: &str) -> Result<Design, String> {
    s.parse::<Design>().map_err(|allowed| format!("expected {allowed}"))
}

#[derive(Debug, Args, Clone, Default)]
pub struct SummaryArgs {
    /// Only this outcome (e.g. response, remission)
    #[arg(long, value_name = "O")]
    pub outcome: Option<String>,
    /// Confidence interval for rates: Wilson score or Clopper-Pearson exact
    #[arg(long, value_enum, default_value_t = CiArg::Wilson)]
    pub ci: CiArg,
}

/// The rule for the HKSJ variance factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HksjRule {
    /// Raised to 1 when below it (never narrower than Wald)
    Adhoc,
    /// As it is
    Knha,
}

#[derive(Debug, Args, Clone)]
pub struct PoolArgs {
    /// The outcome to pool (e.g. response, remission)
    #[arg(long, value_name = "O")]
    pub outcome: String,
    /// Effect measure [default: rr for a binary outcome, smd for a continuous one]
    #[arg(long, value_enum)]
    pub measure: Option<Measure>,
    /// How to pool
    #[arg(long, value_enum, default_value_t = Method::Reml)]
    pub method: Method,
    /// Hartung-Knapp-Sidik-Jonkman CI (t with k - 1 df; random-effects methods only), with Knapp &
    /// Hartung's ad hoc rule so it is never narrower than the Wald CI (see --hksj-rule)
    #[arg(long)]
    pub hksj: bool,
    /// The HKSJ variance factor: adhoc = raised to 1 when below (metafor test = "adhoc"); knha = as it
    /// is (metafor test = "knha"; a zero-width CI when the effects are identical)
    #[arg(long, value_enum, value_name = "RULE", default_value_t = HksjRule::Adhoc, requires = "hksj")]
    pub hksj_rule: HksjRule,
    /// Subgroups by condition, design, drug, comparator, or any other trials.csv column (column:NAME or NAME)
    #[arg(long, value_name = "BY", value_parser = parse_subgroup)]
    pub subgroup: Option<SubgroupArg>,
    /// Also refit without each study in turn
    #[arg(long = "leave-one-out")]
    pub leave_one_out: bool,
    /// Write a forest plot (SVG) to this file
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    /// Small-study effects: Egger's regression test (metafor regtest model = "lm"; needs at least 10 studies)
    #[arg(long)]
    pub bias: bool,
    /// Write a contour-enhanced funnel plot (SVG) to this file
    #[arg(long, value_name = "FILE.svg")]
    pub funnel: Option<PathBuf>,
    /// Whether higher values of the outcome are better (labels the forest plot's sides) [default: higher
    /// for response, remission and similar outcomes, otherwise the sides are not labelled as favouring]
    #[arg(long, value_enum, value_name = "DIRECTION")]
    pub better: Option<Better>,
}

/// `--subgroup` as typed: a named grouping, or a trials.csv column (checked against the catalog
/// when the pool request is built, since the columns are the catalog's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubgroupArg {
    Condition,
    Design,
    Drug,
    Comparator,
    /// `column:NAME` or any other `NAME`, as typed (trimmed).
    Column(String),
}

fn parse_subgroup(s: &str) -> Result<SubgroupArg, std::convert::Infallible> {
    let s = s.trim();
    Ok(match s.to_ascii_lowercase().as_str() {
        "condition" => SubgroupArg::Condition,
        "design" => SubgroupArg::Design,
        "drug" => SubgroupArg::Drug,
        "comparator" => SubgroupArg::Comparator,
        _ => SubgroupArg::Column(s.to_string()),
    })
}

#[derive(Debug, Args, Clone, Default)]
pub struct OutputArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum CiArg {
    #[default]
    Wilson,
    Exact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportWhat {
    /// The trials.csv columns of the selected trials
    Trials,
    /// The per-outcome summary (rates, RR, RD, NNT, MD, SMD)
    Summary,
    /// The claims audit (claims.csv joined with documents and trials)
    Claims,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}

// ---- domain enums as command-line values ------------------------------------------------------
// `analysis` and `report` know nothing of clap: their enums become `--measure`, `--method` and
// `--format` values here (names and help as the user sees them in `--help`).

/// `impl ValueEnum` for a domain enum: each variant with its command-line name and help.
macro_rules! value_enum {
    ($ty:ty { $($variant:ident => $name:literal, $help:literal;)* }) => {
        impl ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                &[$(<$ty>::$variant),*]
            }
            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(match self {
                    $(<$ty>::$variant => clap::builder::PossibleValue::new($name).help($help),)*
                })
            }
        }
    };
}

value_enum!(Measure {
    Rr => "rr", "Risk ratio (pooled on the log scale)";
    Or => "or", "Odds ratio (pooled on the log scale)";
    Rd => "rd", "Risk difference";
    Md => "md", "Mean difference";
    Smd => "smd", "Standardized mean difference (Hedges' g)";
    Pr => "pr", "Single-arm proportion (pooled on the logit scale)";
});

value_enum!(Method {
    Fe => "fe", "Fixed (common) effect, inverse variance";
    Mh => "mh", "Mantel-Haenszel (rr, or, rd only)";
    Dl => "dl", "Random effects, DerSimonian-Laird tau²";
    Reml => "reml", "Random effects, restricted maximum likelihood tau²";
    Pm => "pm", "Random effects, Paule-Mandel tau²";
});

value_enum!(Better {
    Higher => "higher", "Higher is better (e.g. response, remission)";
    Lower => "lower", "Lower is better (e.g. relapse, symptom scores, adverse events)";
});

value_enum!(Format {
    Table => "table", "A table fitted to the terminal width";
    Csv => "csv", "CSV with a header row, numbers at full precision";
    Json => "json", "JSON, numbers at full precision";
    Markdown => "markdown", "A Markdown table to paste into a report";
});
