#!/usr/bin/env bash
# Benchmark `evrev pool` (REML, JSON out) on synthetic catalogs of 1,000 and 1,000,000 two-arm binary
# trials, and R metafor (escalc + rma REML) on the same 1,000 trials, in one run.
#
#   scripts/bench.sh            # all of it (generating the 1M catalog takes ~15 s the first time)
#   RUNS=20 scripts/bench.sh    # more repetitions of the small runs
#
# Times are whole processes (start-up, reading the CSV files, pooling, writing JSON to /dev/null),
# measured with wait4(): wall-clock median of RUNS runs, and the peak resident set size (max RSS).
# Data are written under target/bench/ (not committed). Needs cargo, python3, and Rscript with metafor
# for the comparison (skipped with a note if absent).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
BIG_RUNS=${BIG_RUNS:-3}
R_RUNS=${R_RUNS:-3}
DATA=target/bench

cargo build --release --quiet
BIN=target/release/evrev

for n in 1000 1000000; do
    [ -f "$DATA/k$n/outcomes.csv" ] || python3 scripts/gen_catalog.py "$n" "$DATA/k$n"
done

# time_cmd LABEL RUNS CMD...: median wall time and max RSS over RUNS runs (stdout to /dev/null).
time_cmd() {
    python3 - "$@" <<'PY'
import os, statistics, subprocess, sys, time
label, runs, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
walls, rss = [], 0
for _ in range(runs):
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    walls.append(time.perf_counter() - t)
    rss = max(rss, usage.ru_maxrss)  # KiB on Linux
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{label}: {cmd} failed")
med = statistics.median(walls)
print(f"{label:<34} median {med:9.4f} s  (min {min(walls):.4f}, max {max(walls):.4f}, {runs} runs)  max RSS {rss / 1024:8.1f} MiB")
with open(os.environ["BENCH_OUT"], "a") as f:
    f.write(f"{label}\t{med}\t{rss}\n")
PY
}

export BENCH_OUT
BENCH_OUT=$(mktemp)
trap 'rm -f "$BENCH_OUT"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "evrev $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $($BIN --version)"
echo
time_cmd "evrev pool, 1,000 trials" "$RUNS" $BIN --catalog "$DATA/k1000" pool --outcome response --method reml --format json
time_cmd "evrev pool, 1,000,000 trials" "$BIG_RUNS" $BIN --catalog "$DATA/k1000000" pool --outcome response --method reml --format json

R_SCRIPT=$(mktemp --suffix .R)
trap 'rm -f "$BENCH_OUT" "$R_SCRIPT"' EXIT
cat > "$R_SCRIPT" <<'R'
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(metafor))
t0 <- proc.time()[["elapsed"]]
d <- read.csv(file.path(args[1], "outcomes.csv"))
d <- d[d$outcome == "response", ]
dat <- escalc(measure = "RR", ai = events_t, n1i = n_t, ci = events_c, n2i = n_c, data = d, drop00 = TRUE)
res <- rma(yi, vi, data = dat, method = "REML", control = list(threshold = 1e-10, maxiter = 1000))
t1 <- proc.time()[["elapsed"]]
cat(sprintf("metafor %s: k = %d, log RR = %.12f, tau2 = %.12f; read + escalc + rma inside R: %.3f s\n",
            packageVersion("metafor"), res$k, as.numeric(res$beta), res$tau2, t1 - t0))
R
if command -v Rscript > /dev/null && Rscript -e 'library(metafor)' > /dev/null 2>&1; then
    time_cmd "Rscript metafor REML, 1,000 trials" "$R_RUNS" Rscript "$R_SCRIPT" "$DATA/k1000"
    echo
    Rscript "$R_SCRIPT" "$DATA/k1000"
    $BIN --catalog "$DATA/k1000" pool --outcome response --method reml --format json |
        python3 -c 'import json, sys; r = json.load(sys.stdin); print("evrev:         k = %d, log RR = %.12f, tau2 = %.12f" % (r["k"], r["model_estimate"], r["tau2"]))'
    python3 - "$BENCH_OUT" <<'PY'
import sys
rows = {l.split("\t")[0]: float(l.split("\t")[1]) for l in open(sys.argv[1])}
e, r = rows["evrev pool, 1,000 trials"], rows["Rscript metafor REML, 1,000 trials"]
print(f"\nevrev is {r / e:.0f}x faster than R metafor on 1,000 trials (whole processes, medians)")
PY
else
    echo "Rscript with metafor not found: no comparison"
fi
