#!/usr/bin/env python3
"""Re-run every `$ evrev ...` example in README.md's ```text blocks and paste its real output.

Usage: python3 scripts/readme_examples.py  (after `cargo build --release`). Tables are 120 columns wide.
An example may pipe into standard tools (| cut ...) and may read an article from stdin via a heredoc-free
form: the script runs each command line with bash, from the repository root, with `evrev` on PATH."""
import os, re, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
env = dict(os.environ, COLUMNS="120", PATH=os.path.join(root, "target", "release") + os.pathsep + os.environ["PATH"])
env.pop("EVREV_CATALOG", None)
text = open(os.path.join(root, "README.md"), encoding="utf-8").read()

# Figures the README shows, drawn by the real binary (the funnel plot is drawn by its text example too);
# each is also rendered to PNG when rsvg-convert is installed, to look at.
FIGURES = [
    "evrev rob --plot docs/rob.svg > /dev/null",
    "evrev --catalog tests/fixtures/metafor/magnesium pool --outcome event --measure or --bias --funnel docs/funnel-magnesium.svg > /dev/null",
]

def run(cmd):
    p = subprocess.run(["bash", "-c", cmd], cwd=root, env=env, capture_output=True, text=True)
    return (p.stdout + p.stderr).rstrip("\n")

def fill(block):
    out, lines, i = [], block.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line.startswith("$ evrev") or line.startswith("$ printf"):
            while i < len(lines) and not lines[i].startswith("$ "):
                i += 1  # drop the old output
            out.append(run(line[2:]))
    return "\n".join(out)

for cmd in FIGURES:
    subprocess.run(["bash", "-c", cmd], cwd=root, env=env, check=True)
    svg = cmd.split("--plot " if "--plot " in cmd else "--funnel ")[1].split()[0]
    subprocess.run(["bash", "-c", f"command -v rsvg-convert >/dev/null && rsvg-convert -o {svg[:-4]}.png {svg} || true"], cwd=root)

new = re.sub(r"(```text\n)(.*?)(\n```)", lambda m: m.group(1) + fill(m.group(2)) + m.group(3), text, flags=re.S)
open(os.path.join(root, "README.md"), "w", encoding="utf-8").write(new)
print("README examples refreshed", file=sys.stderr)
