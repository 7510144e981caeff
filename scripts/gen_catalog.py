#!/usr/bin/env python3
"""Write a synthetic evrev catalog of N two-arm binary trials (outcome "response") for benchmarks.

Usage: scripts/gen_catalog.py N DIR [SEED]

Columns as in studies/ (trials: registration, notes; outcomes: condition, provenance, pct_t, pct_c), so
that the loader does the work the bundled catalog asks of it. Each trial: 20-200 per arm, control risk ~ U(0.05, 0.5), true log risk ratio ~ N(0.4, 0.3^2),
events drawn binomially (so some studies have zero cells). Deterministic for a given seed.
"""
import csv
import math
import os
import random
import sys

TRIALS = ["id", "citation", "title", "year", "condition", "design", "blinding", "comparator", "drug", "route",
          "n_randomized", "doi", "pmid", "source", "registration", "notes"]
OUTCOMES = ["trial", "outcome", "scale", "definition", "timepoint", "days", "primary", "arm_t", "events_t", "n_t",
            "arm_c", "events_c", "n_c", "mean_t", "sd_t", "mean_c", "sd_c", "source", "notes",
            "condition", "provenance", "pct_t", "pct_c"]


def binomial(rng, n, p):
    # Normal approximation is not good enough for small n*p; count Bernoulli draws in chunks.
    if n * p < 30 or n * (1 - p) < 30:
        return sum(1 for _ in range(n) if rng.random() < p)
    return max(0, min(n, round(rng.gauss(n * p, math.sqrt(n * p * (1 - p))))))


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20240601
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "trials.csv"), "w", newline="") as ft, \
         open(os.path.join(out, "outcomes.csv"), "w", newline="") as fo:
        wt, wo = csv.writer(ft, lineterminator="\n"), csv.writer(fo, lineterminator="\n")
        wt.writerow(TRIALS)
        wo.writerow(OUTCOMES)
        for i in range(1, n + 1):
            tid = f"t{i:07d}"
            nt, nc = rng.randint(20, 200), rng.randint(20, 200)
            pc = rng.uniform(0.05, 0.5)
            pt = min(0.95, pc * math.exp(rng.gauss(0.4, 0.3)))
            et, ec = binomial(rng, nt, pt), binomial(rng, nc, pc)
            wt.writerow([tid, f"Synthetic {i} {2000 + i % 25}", f"Synthetic trial {i}", 2000 + i % 25, "depression",
                         "parallel-rct", "double-blind", "placebo", "ketamine", "IV", nt + nc, "", "", "synthetic",
                         f"NCT{i:08d}", "synthetic trial: no DOI or PMID"])
            wo.writerow([tid, "response", "MADRS", ">=50% reduction", "day 1", 1, "yes", "ketamine", et, nt,
                         "placebo", ec, nc, "", "", "", "", "synthetic", "", "", "reported", "", ""])


if __name__ == "__main__":
    main()
