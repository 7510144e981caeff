#!/usr/bin/env python3
"""Writes the malformed-catalog corpus: one folder per class, each with an `expect` file
(first line: exit code; further lines: text that must appear in stderr). Run from this folder."""
import os, shutil

TH = "id,citation,title,year,condition,design,blinding,comparator,drug,route,n_randomized,doi,pmid,source"
OH = "trial,outcome,scale,definition,timepoint,days,primary,arm_t,events_t,n_t,arm_c,events_c,n_c,mean_t,sd_t,mean_c,sd_c,source,notes"
T1 = "t1,T 2020,title,2020,anx,parallel-rct,db,placebo,ketamine,IV,20,,,abstract"
O1 = "t1,response,X,def,wk1,7,yes,k,5,10,p,2,10,,,,,abstract,"

def trial(**kw):
    cols = TH.split(","); vals = T1.split(",")
    return ",".join(kw.get(c, v) for c, v in zip(cols, vals))

def outcome(**kw):
    cols = OH.split(","); vals = O1.split(",")
    return ",".join(kw.get(c, v) for c, v in zip(cols, vals))

CASES = {}
def case(name, code, expect, trials=None, outcomes=None, extra=None):
    files = {"trials.csv": (TH + "\n" + T1 + "\n") if trials is None else trials,
             "outcomes.csv": (OH + "\n" + O1 + "\n") if outcomes is None else outcomes}
    files.update(extra or {})
    CASES[name] = (code, expect, files)

T = "trials.csv"; O = "outcomes.csv"
case("empty-file", 65, [f"{T}:1: expected a header row, found an empty file"], trials="")
case("whitespace-only", 65, [f"{T}:1: expected a header row"], trials="\n\n  \n")
case("header-only", 0, ["ok:", "0 trials, 0 outcome rows"], trials=TH + "\n", outcomes=OH + "\n")
case("missing-column", 65, [f"{T}:1: expected the required column(s) design"], trials=TH.replace(",design", "") + "\n")
case("duplicated-column", 65, [f"{T}:1: column year: expected each column once, found it twice"], trials=TH + ",year\n" + T1 + ",2020\n")
case("ragged-row", 65, [f"{T}:2: expected 14 fields as in the header, found 12"], trials=TH + "\n" + ",".join(T1.split(",")[:12]) + "\n")
case("unterminated-quote", 65, [f"{T}:2: expected 14 fields as in the header, found 2 (a quote opened on this line is never closed?)"], trials=TH + "\n" + T1.replace("T 2020", '"T 2020') + "\n")
case("invalid-utf8", 65, [f"{T}:2: column title: expected UTF-8 text, found an invalid byte"], trials=(TH + "\n" + T1.replace("title", "ti\udcfftle") + "\n"))
case("semicolon-separated", 65, ["the file looks semicolon-separated"], trials=TH.replace(",", ";") + "\n" + T1.replace(",", ";") + "\n")
case("year-not-a-number", 65, [f'{T}:2: column year: expected a whole number from 1900 to 2100, found "twenty"'], trials=TH + "\n" + trial(year="twenty") + "\n")
case("impossible-year", 65, [f'{T}:2: column year: expected a whole number from 1900 to 2100, found "3020"'], trials=TH + "\n" + trial(year="3020") + "\n")
case("negative-n", 65, [f'{T}:2: column n_randomized: expected a whole number from 1 to 100000000, found "-5"'], trials=TH + "\n" + trial(n_randomized="-5") + "\n")
case("zero-n", 65, [f'{T}:2: column n_randomized: expected a whole number from 1 to 100000000, found "0"'], trials=TH + "\n" + trial(n_randomized="0") + "\n")
case("huge-number", 65, [f'{T}:2: column n_randomized: expected a whole number from 1 to 100000000, found "99999999999999999999999"'], trials=TH + "\n" + trial(n_randomized="99999999999999999999999") + "\n")
case("fractional-n", 65, [f'{T}:2: column n_randomized: expected a whole number', 'found "20.5"'], trials=TH + "\n" + trial(n_randomized="20.5") + "\n")
case("unknown-design", 65, [f'{T}:2: column design: expected one of parallel-rct, crossover-rct, open-label, retrospective, found "cohort"'], trials=TH + "\n" + trial(design="cohort") + "\n")
case("duplicate-id", 65, [f'{T}:3: column id: expected a unique id, found "t1" already used on line 2'], trials=TH + "\n" + T1 + "\n" + T1 + "\n")
case("empty-id", 65, [f"{T}:2: column id: expected a value, found an empty field"], trials=TH + "\n" + trial(id="") + "\n", outcomes=OH + "\n")
case("missing-source", 65, [f"{T}:2: column source: expected a value, found an empty field"], trials=TH + "\n" + trial(source="") + "\n")
case("bad-pmid", 65, [f'{T}:2: column pmid: expected a PubMed id (digits only), found "PMID123"'], trials=TH + "\n" + trial(pmid="PMID123") + "\n")
case("bad-doi", 65, [f'{T}:2: column doi: expected a DOI starting with "10.", found "doi:10.1/x"'], trials=TH + "\n" + trial(doi="doi:10.1/x") + "\n")
case("unknown-condition-key", 65, [f'{T}:2: column condition: expected a key from conditions.csv (dep), found "anx"'], extra={"conditions.csv": "key,label,aliases\ndep,Depression,\n"})
case("duplicate-condition-key", 65, ['conditions.csv:3: column key: expected a unique key, found "anx" again'], extra={"conditions.csv": "key,label,aliases\nanx,Anxiety,\nanx,Anxiety again,\n"})
case("events-exceed-n", 65, [f"{O}:2: column events_t: expected events <= n_t (10), found 12"], outcomes=OH + "\n" + outcome(events_t="12") + "\n")
case("negative-events", 65, [f'{O}:2: column events_c: expected a whole number from 0 to 100000000, found "-1"'], outcomes=OH + "\n" + outcome(events_c="-1") + "\n")
case("events-without-n", 65, [f"{O}:2: column n_t: expected the number of participants in the arm"], outcomes=OH + "\n" + outcome(n_t="") + "\n")
case("nan-mean", 65, [f'{O}:2: column mean_t: expected a finite number, found "NaN"'], outcomes=OH + "\n" + outcome(events_t="", events_c="", mean_t="NaN", sd_t="1", mean_c="0", sd_c="1") + "\n")
case("infinite-sd", 65, [f'{O}:2: column sd_c: expected a finite number >= 0, found "inf"'], outcomes=OH + "\n" + outcome(events_t="", events_c="", mean_t="1", sd_t="1", mean_c="0", sd_c="inf") + "\n")
case("negative-sd", 65, [f'{O}:2: column sd_t: expected a finite number >= 0, found "-2"'], outcomes=OH + "\n" + outcome(events_t="", events_c="", mean_t="1", sd_t="-2", mean_c="0", sd_c="1") + "\n")
case("mean-without-sd", 65, [f"{O}:2: column sd_t: expected a value (a continuous outcome needs both mean and sd)"], outcomes=OH + "\n" + outcome(events_t="", events_c="", mean_t="1", mean_c="0", sd_c="1") + "\n")
case("events-and-mean", 65, [f"{O}:2: column mean_t: expected either events_t or mean_t/sd_t, found both"], outcomes=OH + "\n" + outcome(mean_t="1", sd_t="1") + "\n")
case("mixed-arms", 65, [f"{O}:2: column events_c: expected both arms binary (events) or both continuous"], outcomes=OH + "\n" + outcome(events_c="", mean_c="1", sd_c="1") + "\n")
case("no-numbers-no-note", 65, [f"{O}:2: column events_t: expected events_t (binary) or mean_t and sd_t (continuous), or a note"], outcomes=OH + "\n" + outcome(events_t="", events_c="") + "\n")
case("outcome-unknown-trial", 65, [f'{O}:2: column trial: expected an id from trials.csv, found "t9"'], outcomes=OH + "\n" + outcome(trial="t9") + "\n")
case("primary-not-yes-no", 65, [f'{O}:2: column primary: expected yes or no, found "maybe"'], outcomes=OH + "\n" + outcome(primary="maybe") + "\n")
case("negative-days", 65, [f'{O}:2: column days: expected a finite number >= 0, found "-3"'], outcomes=OH + "\n" + outcome(days="-3") + "\n")
case("missing-outcomes-file", 66, ["outcomes.csv: no such file"], outcomes=None, extra={})
del CASES["missing-outcomes-file"][2]["outcomes.csv"]
case("binary-junk", 65, [f"{T}:1: column #1: expected UTF-8 text", "found the header"], trials="\x00\x01\x02\udcfe\udcff PK\x03\x04 \x1b[31m junk\n\x00,\x00\n")
case("bad-verdict", 65, ['claims.csv:2: column verdict: expected one of accurate, imprecise, overstated, wrong, unverifiable, found "true"'],
     extra={"documents.csv": "id,file,title,publisher\nd1,a.txt,A,\n", "claims.csv": "id,document,quote,claim,trial,verdict,explanation\nc1,d1,q,c,t1,true,e\n"})
case("claim-unknown-document", 65, ['claims.csv:2: column document: expected an id from documents.csv, found "d9"'],
     extra={"documents.csv": "id,file,title,publisher\nd1,a.txt,A,\n", "claims.csv": "id,document,quote,claim,trial,verdict,explanation\nc1,d9,q,c,t1,wrong,e\n"})
case("many-problems-at-once", 65, [f"{T}:2: column year", f"{T}:2: column design", f"{O}:2: column primary"],
     trials=TH + "\n" + trial(year="x", design="y") + "\n", outcomes=OH + "\n" + outcome(primary="z") + "\n")
# Escape sequences in catalog values are quoted visibly, never sent raw to the terminal (issue 9).
ESC = "\x1b]0;owned\x07\x1b[2J"
SHOWN = "\\u{1b}]0;owned\\u{7}\\u{1b}[2J"
ESC_NO_SEMI = "\x1b[31mred\x07"  # conditions are ;-separated
SHOWN_NO_SEMI = "\\u{1b}[31mred\\u{7}"
case("escape-in-unknown-condition", 65, [f'{T}:2: column condition: expected a key from conditions.csv (dep), found "anx{SHOWN_NO_SEMI}"'],
     trials=TH + "\n" + trial(condition="anx" + ESC_NO_SEMI) + "\n", extra={"conditions.csv": "key,label,aliases\ndep,Depression,\n"})
case("escape-in-outcome-trial", 65, [f'{O}:2: column trial: expected an id from trials.csv, found "t9{SHOWN}"'], outcomes=OH + "\n" + outcome(trial="t9" + ESC) + "\n")
case("escape-in-duplicate-id", 65, [f'{T}:3: column id: expected a unique id, found "t1{SHOWN}" already used on line 2'],
     trials=TH + "\n" + trial(id="t1" + ESC) + "\n" + trial(id="t1" + ESC) + "\n", outcomes=OH + "\n" + outcome(trial="t1" + ESC) + "\n")
case("escape-in-duplicate-condition-key", 65, [f'conditions.csv:3: column key: expected a unique key, found "anx{SHOWN_NO_SEMI}" again'],
     trials=TH + "\n" + trial(condition="anx" + ESC_NO_SEMI) + "\n", extra={"conditions.csv": f"key,label,aliases\nanx{ESC_NO_SEMI},Anxiety,\nanx{ESC_NO_SEMI},Again,\n"})
# Spreadsheet exports that must load.
case("spreadsheet-bom-crlf", 0, ["ok:", "1 trials, 1 outcome rows"], trials="\ufeff" + (TH + "\n" + T1 + "\n").replace("\n", "\r\n"), outcomes="\ufeff" + (OH + "\n" + O1 + "\n").replace("\n", "\r\n"))
case("spreadsheet-quoted-numbers-blank-lines", 0, ["ok:", "1 trials, 1 outcome rows"],
     trials=TH + "\n" + trial(n_randomized='"20"', year='"2020"') + "\n\n\n" + "," * 13 + "\n", outcomes=OH + "\n" + outcome(events_t='" 5 "') + "\n\n")

# Old Mac exports: a bare CR inside a quoted cell (valid CSV), and CR alone as the line end.
case("spreadsheet-bare-cr-in-quoted-cell", 0, ["ok:", "1 trials, 1 outcome rows"],
     trials=TH + "\n" + trial(title='"old\rmac title"') + "\n", outcomes=OH + "\n" + outcome(notes='"line one\rline two"') + "\n")
case("spreadsheet-cr-line-ends", 0, ["ok:", "1 trials, 1 outcome rows"],
     trials=(TH + "\n" + trial(title='"old\rmac"') + "\n").replace("\n", "\r"), outcomes=(OH + "\n" + O1 + "\n").replace("\n", "\r"))

for name in os.listdir("."):
    if os.path.isdir(name):
        shutil.rmtree(name)
for name, (code, expect, files) in CASES.items():
    os.makedirs(name)
    for f, text in files.items():
        with open(os.path.join(name, f), "wb") as fh:
            fh.write(text.encode("utf-8", "surrogateescape"))
    with open(os.path.join(name, "expect"), "w") as fh:
        fh.write(f"{code}\n" + "\n".join(expect) + "\n")
print(len(CASES), "cases")
