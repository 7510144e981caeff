#!/usr/bin/env bash
# Issue 13's benchmark, in one run: the floor (scripts/floor.rs, a bare csv ByteRecord parse of the same
# two files), evrev's commands on synthetic catalogs, a hello-world process start for the bundled-catalog
# commands, and R metafor at 1,000 trials for the peer ratio. Every target is a ratio to a baseline
# measured in the same hyperfine session, so the numbers travel between machines; absolute times are
# "on this machine", with its CPU named.
#
#   scripts/bench.sh                 # everything except metafor at 5k (writes scripts/BENCH_RESULTS.md)
#   METAFOR_5K=1 scripts/bench.sh    # also metafor at 5,000 trials (given up after 400 s)
#   RUNS=5 BIG=1000000 SUMMARY_N=100000 scripts/bench.sh
#
# Whole processes, stdout to /dev/null, hyperfine -N (no shell), median of RUNS runs; peak RSS from one
# more run under /usr/bin/time. Data are written under target/bench/ by scripts/gen_catalog.py.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
BIG=${BIG:-1000000}
SUMMARY_N=${SUMMARY_N:-100000}
SUB_N=${SUB_N:-100000}
DATA=target/bench
OUT=${BENCH_MD:-scripts/BENCH_RESULTS.md}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cargo build --release --quiet
cargo build --release --quiet --example floor
# Timed as installed copies: a binary the linker has just written starts ~0.5 ms slower than a copy of
# the same bytes (measured in session 3, cause not found), which is noise at start-up scale.
cp target/release/evrev target/release/examples/floor "$TMP/"
BIN=$TMP/evrev
FLOOR=$TMP/floor
for n in 1000 5000 "$SUMMARY_N" "$SUB_N" "$BIG"; do
    [ -f "$DATA/k$n/outcomes.csv" ] || python3 scripts/gen_catalog.py "$n" "$DATA/k$n"
done
# A 10 MB article for audit's throughput (the test articles repeated, as scripts/bench_audit.sh makes it).
ARTICLE=$DATA/article-10mb.txt
[ -f "$ARTICLE" ] || python3 - "$ARTICLE" <<'PY'
import sys
parts = [open("tests/articles/clinic-claims.txt", encoding="utf-8").read(),
         open("tests/articles/own-words.txt", encoding="utf-8").read(),
         "Patients often ask how long the effect lasts and what the sessions feel like. "
         "Our staff explain the procedure, the monitoring and the costs before the first visit.\n" * 20]
block = "\n".join(parts)
with open(sys.argv[1], "w", encoding="utf-8") as f:
    size = 0
    while size < 10_000_000:
        f.write(block)
        size += len(block.encode("utf-8"))
PY
HELLO=$TMP/hello
printf 'fn main() { println!("hello"); }\n' > "$TMP/hello.rs"
rustc -O -o "$HELLO" "$TMP/hello.rs"

# session NAME CMD...: one hyperfine session (the first command is the baseline), then one RSS run each.
session() {
    local name=$1
    shift
    hyperfine -N -i --style none --runs "$RUNS" --warmup 1 --output=null --export-json "$TMP/$name.json" "$@" > /dev/null
    for c in "$@"; do
        # shellcheck disable=SC2086
        /usr/bin/time -f "%M" -o "$TMP/rss" $c > /dev/null 2>&1 || true
        printf '%s\t%s\n' "$c" "$(tail -1 "$TMP/rss")" >> "$TMP/$name.rss"
    done
}

B=$DATA/k$BIG S=$DATA/k$SUMMARY_N G=$DATA/k$SUB_N
session big "$FLOOR $B" "$BIN --catalog $B pool --outcome response --method reml --format json" "$BIN --catalog $B check"
session summary "$FLOOR $S" "$BIN --catalog $S export --what summary -o $TMP/summary.csv" "$BIN --catalog $S summary --format csv"
session subgroup "$BIN --catalog $G pool --outcome response --method reml --format json" \
    "$BIN --catalog $G pool --outcome response --method reml --subgroup id --format json"
# Start-up times are a few milliseconds: more runs than the large sessions. audit reads a clinic's web
# page (1.9 KB, the tool's everyday input): its fixed cost is what start-up measures; its cost per byte
# is the throughput row (a 10 MB article, >= 5 MB/s), and a 77 KB text such as README.md takes ~15 ms
# at 5 MB/s by itself.
RUNS=${BUNDLED_RUNS:-30} session bundled "$HELLO" "$BIN --version" "$BIN trials" "$BIN summary" "$BIN pool --outcome response" "$BIN check" "$BIN claims" \
    "$BIN sof" "$BIN rob" "$BIN outcomes" "$BIN conditions" "$BIN brief --condition ptsd" "$BIN audit tests/articles/clinic-page.html"
RUNS=${AUDIT_RUNS:-3} session audit "$BIN audit $ARTICLE --format csv"
session peer "$BIN --catalog $DATA/k1000 pool --outcome response --method reml --format json" \
    "Rscript scripts/metafor_bench.R $DATA/k1000"
M5K_LIMIT=${M5K_LIMIT:-400}
if [ "${METAFOR_5K:-0}" = 1 ]; then
    start=$(date +%s.%N)
    if timeout "$M5K_LIMIT" Rscript scripts/metafor_bench.R "$DATA/k5000" > "$TMP/m5k" 2>&1; then
        echo "$start $(date +%s.%N)" | awk '{printf "%.1f", $2 - $1}' > "$TMP/m5k.ok"
    fi
fi

python3 - "$TMP" "$OUT" "$(lscpu | grep 'Model name' | cut -d: -f2 | xargs)" "$(nproc)" \
    "$(git rev-parse --short HEAD)" "$BIG" "$SUMMARY_N" "$SUB_N" "$(du -cb "$B"/trials.csv "$B"/outcomes.csv | tail -1 | cut -f1)" \
    "$(du -cb "$S"/trials.csv "$S"/outcomes.csv | tail -1 | cut -f1)" "${METAFOR_5K:-0}" "$M5K_LIMIT" "$(uptime | sed 's/.*load average: //')" \
    "$(stat -c %s "$ARTICLE")" <<'PY'
import json, os, statistics, sys
tmp, out, cpu, cores, rev, big, sn, gn, big_bytes, s_bytes, m5k, m5k_limit, loadavg, article_bytes = sys.argv[1:]
big_bytes, s_bytes = int(big_bytes), int(s_bytes)
def load(name):
    res = json.load(open(f"{tmp}/{name}.json"))["results"]
    rss = dict(l.rstrip("\n").split("\t") for l in open(f"{tmp}/{name}.rss"))
    return [(r["command"], statistics.median(r["times"]), int(rss.get(r["command"], "0") or 0) * 1024) for r in res]
rows = []
def add(label, t, base, target, rss=None, limit_bytes=None, peer=False):
    ratio = t / base
    met = ratio >= target if peer else ratio <= target
    mem = ""
    if rss is not None:
        mem = f"{rss / 2**20:,.0f} MiB"
        if limit_bytes:
            mem += f" ({rss / limit_bytes:.2f}x the CSV)"
            met = met and rss <= 2 * limit_bytes
    wall = f"{t * 1000:.2f} ms" if t < 0.1 else f"{t:.3f} s"
    rows.append(f"| {label} | {ratio:,.1f}x | {'>=' if peer else '<='} {target}x | {wall} | {mem} | {'yes' if met else '**no**'} |")
big_r, sum_r, sub_r, bun_r, aud_r, peer_r = (load(n) for n in ["big", "summary", "subgroup", "bundled", "audit", "peer"])
f = big_r[0][1]
rows.append(f"| floor: bare csv parse, {int(big):,} trials | 1.0x | | {f:.3f} s | {big_r[0][2] / 2**20:,.0f} MiB | |")
add(f"pool --method reml --format json, {int(big):,} trials", big_r[1][1], f, 3, big_r[1][2], big_bytes)
add(f"check, {int(big):,} trials", big_r[2][1], f, 2, big_r[2][2], big_bytes)
fs = sum_r[0][1]
rows.append(f"| floor, {int(sn):,} trials | 1.0x | | {fs:.3f} s | | |")
add(f"export --what summary -o FILE, {int(sn):,} outcome rows", sum_r[1][1], fs, 3, sum_r[1][2], s_bytes)
add(f"summary --format csv, {int(sn):,} outcome rows", sum_r[2][1], fs, 3, sum_r[2][2], s_bytes)
add(f"pool --subgroup id vs plain pool, {int(gn):,} studies", sub_r[1][1], sub_r[0][1], 1.5)
h = bun_r[0][1]
rows.append(f"| hello-world process (Rust, println) | 1.0x | | {h * 1000:.2f} ms | | |")
for cmd, t, rss in bun_r[1:]:
    add(f"bundled catalog: `evrev {cmd.split('/evrev ', 1)[1]}`", t, h, 3)
mbs = int(article_bytes) / 1e6 / aud_r[0][1]
rows.append(f"| `audit` of a {int(article_bytes) / 1e6:.0f} MB article (--format csv) | {mbs:,.1f} MB/s | >= 5 MB/s | {aud_r[0][1]:.3f} s | {aud_r[0][2] / 2**20:,.0f} MiB | {'yes' if mbs >= 5 else '**no**'} |")
add("R metafor (read.csv, escalc, rma REML) vs evrev pool, 1,000 trials (metafor's time)", peer_r[1][1], peer_r[0][1], 200, peer=True)
if m5k != "1":
    m5 = f"not run in this run (METAFOR_5K=1 runs it, {m5k_limit} s limit)"
elif os.path.exists(f"{tmp}/m5k.ok"):
    m5 = f"finished in {open(f'{tmp}/m5k.ok').read()} s"
else:
    m5 = f"did not finish in {m5k_limit} s"
text = f"""# Benchmark (issue 13)

Written by `scripts/bench.sh` (do not edit by hand). Machine: **{cpu}**, {cores} cores, load average
{loadavg} when the run ended (the machine is shared); evrev at {rev}
(`cargo build --release`). Synthetic catalogs from `scripts/gen_catalog.py` (seed 20240601); the
{int(big):,}-trial catalog is {big_bytes / 1e6:.0f} MB of CSV. Whole processes, `hyperfine -N`, median of
the runs; each ratio is to the baseline measured in the same hyperfine session (the floor, plain `pool`,
a hello-world process, or metafor). Peak RSS from one more run under `/usr/bin/time`. Absolute times
are on this machine only.

| run | ratio | target | median wall | peak RSS | met? |
|---|---|---|---|---|---|
""" + "\n".join(rows) + f"""

R metafor at 5,000 trials: {m5}.
"""
prev = open(out).read() if os.path.exists(out) else ""
keep = prev.split("\n## ", 1)[1] if "\n## " in prev else ""
open(out, "w").write(text + ("\n## " + keep if keep else ""))
print(text)
PY
