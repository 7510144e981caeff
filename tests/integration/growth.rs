//! Order of growth (issue 13): each command on N/10 and N synthetic two-arm trials (N = 10,000 so that
//! a debug build stays within seconds; EVREV_GROWTH_ROWS=30000 for the size). Linear work takes
//! about 10x as long on 10x the rows, quadratic work about 100x; the bound, 40x, catches the second on a
//! loaded machine without timing anything in absolute terms.

use super::common::command;
use std::path::Path;
use std::time::{Duration, Instant};

/// A catalog of `n` two-arm binary trials (the columns of scripts/gen_catalog.py), deterministic.
fn write_catalog(dir: &Path, n: usize) {
    use std::fmt::Write;
    let mut trials = String::from(
        "id,citation,title,year,condition,design,blinding,comparator,drug,route,n_randomized,doi,pmid,source,registration,notes\n",
    );
    let mut outcomes = String::from(
        "trial,outcome,scale,definition,timepoint,days,primary,arm_t,events_t,n_t,arm_c,events_c,n_c,mean_t,sd_t,mean_c,sd_c,source,notes,condition,provenance,pct_t,pct_c\n",
    );
    for i in 1..=n {
        let (nt, nc) = (20 + i * 7 % 180, 20 + i * 13 % 180);
        let (et, ec) = (i * 5 % (nt / 2), i * 3 % (nc / 3));
        let _ = writeln!(
            trials,
            "t{i:07},Synthetic {i},Synthetic trial {i},{},depression,parallel-rct,double-blind,placebo,ketamine,IV,{},,,synthetic,NCT{i:08},synthetic",
            2000 + i % 25,
            nt + nc
        );
        let _ = writeln!(
            outcomes,
            "t{i:07},response,MADRS,>=50% reduction,day 1,1,yes,ketamine,{et},{nt},placebo,{ec},{nc},,,,,synthetic,,,reported,,"
        );
    }
    std::fs::write(dir.join("trials.csv"), trials).unwrap();
    std::fs::write(dir.join("outcomes.csv"), outcomes).unwrap();
}

/// The faster of `runs` runs of `evrev ARGS` (with `{}` replaced by the catalog folder).
fn time(args: &[&str], dir: &Path, runs: usize) -> Duration {
    let args: Vec<String> = args.iter().map(|a| a.replace("{}", &dir.display().to_string())).collect();
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            let out = command().args(&args).output().unwrap();
            assert!(
                out.status.code().is_some_and(|c| c <= 1),
                "evrev {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            start.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn every_command_grows_linearly() {
    let (small, large) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let n: usize = std::env::var("EVREV_GROWTH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    write_catalog(small.path(), n / 10);
    write_catalog(large.path(), n);
    let out = tempfile::tempdir().unwrap();
    let export = out.path().join("export.csv");
    let export = export.to_str().unwrap();
    let commands: [&[&str]; 16] = [
        &["--catalog", "{}", "check"],
        &["--catalog", "{}", "pool", "--outcome", "response", "--format", "json"],
        &["--catalog", "{}", "pool", "--outcome", "response", "--subgroup", "id", "--format", "json"],
        &["--catalog", "{}", "pool", "--outcome", "response", "--method", "mh", "--format", "csv"],
        &["--catalog", "{}", "pool", "--outcome", "response", "--subgroup", "condition", "--format", "json"],
        &["--catalog", "{}", "summary", "--format", "csv"],
        // Tables: the summary table once looked for each row's twin among all rows (quadratic).
        &["--catalog", "{}", "summary"],
        &["--catalog", "{}", "pool", "--outcome", "response"],
        &["--catalog", "{}", "summary", "--format", "json"],
        &["--catalog", "{}", "export", "--what", "summary", "-o", export],
        &["--catalog", "{}", "export", "--what", "trials", "-o", export],
        &["--catalog", "{}", "trials", "--format", "csv"],
        &["--catalog", "{}", "outcomes", "--format", "csv"],
        &["--catalog", "{}", "sof", "--condition", "depression", "--format", "json"],
        &["--catalog", "{}", "conditions", "--format", "csv"],
        &["diff", "{}", "{}"],
    ];
    for args in commands {
        // The small run twice (its start-up noise matters most), the large once.
        let (t_small, t_large) = (time(args, small.path(), 2), time(args, large.path(), 1));
        let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-3);
        assert!(
            ratio < 40.0,
            "evrev {args:?}: {t_small:?} at {} rows, {t_large:?} at {n} ({ratio:.0}x for 10x the rows)",
            n / 10
        );
    }
}
