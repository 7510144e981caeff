#!/usr/bin/env python3
"""Write the GRADE test catalogs tests/catalogs/grade-*/: each one triggers exactly one rule of
`evrev sof`'s algorithm (grade-none triggers none). Run from the repository root:
    python3 tests/catalogs/make_grade.py
Hand-made data, not real trials."""
import csv, os

HERE = os.path.dirname(os.path.abspath(__file__))
TRIAL_COLS = ["id", "citation", "title", "year", "condition", "design", "blinding", "comparator", "drug",
              "route", "n_randomized", "doi", "pmid", "source", "notes"]
OUT_COLS = ["trial", "outcome", "scale", "definition", "timepoint", "days", "primary", "arm_t", "events_t",
            "n_t", "arm_c", "events_c", "n_c", "mean_t", "sd_t", "mean_c", "sd_c", "source", "notes"]
ROB_COLS = ["trial", "d1", "d1_support", "d2", "d2_support", "d3", "d3_support", "d4", "d4_support", "d5",
            "d5_support", "overall", "source", "notes"]

# Four homogeneous trials, 60 + 60 each (480 participants), RR about 2, CI well away from 1.
BASE = [(30, 60, 15, 60), (28, 60, 14, 60), (32, 60, 16, 60), (29, 60, 15, 60)]


def write(path, cols, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([r.get(c, "") for c in cols])


def catalog(name, arms, design="parallel-rct", rob=None, scales=None, grade=None, single_arm=False):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    trials, outcomes, robs = [], [], []
    for i, (et, nt, ec, nc) in enumerate(arms):
        tid = f"t{i + 1:02d}"
        trials.append(dict(id=tid, citation=f"Trial {i + 1} 2020", title=f"{name} test trial {i + 1}", year=2020,
                           condition="dep", design=design, blinding="double-blind" if design != "open-label" else "open",
                           comparator="placebo", drug="ketamine", route="IV", n_randomized=nt + (0 if single_arm else nc),
                           source="hand-made test row", notes="no DOI: test row"))
        scale = (scales or {}).get(i, "MADRS")
        o = dict(trial=tid, outcome="response", scale=scale, definition=">=50% reduction", timepoint="week 1",
                 days=7, primary="yes", arm_t="ketamine", events_t=et, n_t=nt, source="hand-made test row")
        if not single_arm:
            o.update(arm_c="placebo", events_c=ec, n_c=nc)
        outcomes.append(o)
        j = (rob or {}).get(i, "low")
        robs.append(dict(trial=tid, d1="low", d1_support="computer-generated sequence", d2=j, d2_support="test",
                         d3="low", d3_support="test", d4="low", d4_support="test", d5="low", d5_support="test",
                         overall=j, source="hand-made test row"))
    write(os.path.join(d, "trials.csv"), TRIAL_COLS, trials)
    write(os.path.join(d, "outcomes.csv"), OUT_COLS, outcomes)
    write(os.path.join(d, "conditions.csv"), ["key", "label", "aliases"], [dict(key="dep", label="Depression", aliases="mdd")])
    write(os.path.join(d, "rob.csv"), ROB_COLS, robs)
    if grade:
        write(os.path.join(d, "grade.csv"), ["outcome", "condition", "domain", "change", "reason"], grade)


catalog("grade-none", BASE)
catalog("grade-rob-some", BASE, rob={0: "some concerns", 1: "some concerns"})
catalog("grade-rob-high", BASE, rob={0: "high", 1: "high"})
catalog("grade-inconsistency", [(55, 60, 10, 60), (20, 60, 18, 60), (50, 60, 12, 60), (22, 60, 17, 60)])
catalog("grade-indirectness", BASE, scales={3: "HAM-D"})
catalog("grade-imprecision", [(10, 20, 3, 20), (11, 20, 3, 20), (10, 20, 4, 20), (9, 20, 3, 20)])
catalog("grade-tiny", [(5, 10, 1, 10), (6, 10, 1, 10), (5, 10, 2, 10), (5, 10, 1, 10)])
# Uncontrolled single-arm studies (pooled as proportions): observational evidence starts low.
catalog("grade-observational", [(60, 120, 0, 0), (55, 110, 0, 0), (62, 120, 0, 0), (58, 115, 0, 0)],
        design="open-label", single_arm=True)
catalog("grade-null", [(30, 60, 28, 60), (28, 60, 29, 60), (32, 60, 30, 60), (29, 60, 28, 60)])
# Twelve trials: large ones with a modest effect, small ones with a large effect (funnel asymmetry).
SMALL_STUDY = [(120, 400, 80, 400), (118, 400, 82, 400), (60, 200, 41, 200), (62, 200, 40, 200),
               (33, 100, 20, 100), (31, 100, 21, 100), (20, 50, 10, 50), (21, 50, 10, 50),
               (14, 30, 5, 30), (13, 30, 5, 30), (10, 20, 3, 20), (11, 20, 3, 20)]
catalog("grade-pubbias", SMALL_STUDY)
catalog("grade-override", BASE, grade=[dict(outcome="response", condition="dep", domain="inconsistency", change="-1",
                                           reason="the trials' populations differ in ways I² cannot show")])
