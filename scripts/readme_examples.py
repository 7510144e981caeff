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

new = re.sub(r"(```text\n)(.*?)(\n```)", lambda m: m.group(1) + fill(m.group(2)) + m.group(3), text, flags=re.S)
open(os.path.join(root, "README.md"), "w", encoding="utf-8").write(new)
print("README examples refreshed", file=sys.stderr)
