#!/usr/bin/env bash
# Audit throughput: a 10 MB plain-text article (the test articles repeated, plus filler prose) through
# `evrev audit --format csv`, best of 3 runs, reported in MB/s with the CPU model.
# Usage: scripts/bench_audit.sh [MB]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
mb="${1:-10}"
cargo build --release --quiet
bin=target/release/evrev
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
article="$tmp/article.txt"
python3 - "$mb" "$article" <<'PY'
import sys
mb, path = int(sys.argv[1]), sys.argv[2]
parts = [open("tests/articles/clinic-claims.txt", encoding="utf-8").read(),
         open("tests/articles/own-words.txt", encoding="utf-8").read(),
         "Patients often ask how long the effect lasts and what the sessions feel like. "
         "Our staff explain the procedure, the monitoring and the costs before the first visit.\n" * 20]
block = "\n".join(parts)
with open(path, "w", encoding="utf-8") as f:
    size = 0
    while size < mb * 1_000_000:
        f.write(block)
        size += len(block.encode("utf-8"))
PY
bytes=$(stat -c %s "$article")
best=""
for _ in 1 2 3; do
  start=$(date +%s.%N)
  "$bin" audit "$article" --format csv > "$tmp/out.csv"
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc -l)
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
done
rows=$(($(wc -l < "$tmp/out.csv") - 1))
cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
printf 'audit: %.1f MB in %.2f s (best of 3) = %.1f MB/s; %d study sentences; CPU: %s (%s cores)\n' \
  "$(echo "$bytes / 1000000" | bc -l)" "$best" "$(echo "$bytes / 1000000 / $best" | bc -l)" "$rows" "$cpu" "$(nproc)"
