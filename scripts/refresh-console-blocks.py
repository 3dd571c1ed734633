#!/usr/bin/env python3
"""Re-runs every `$ playbook ...` command in the ```console blocks of the
given Markdown pages and writes its real output (stderr, then stdout) back
into the page. The test suite checks the pages stay in sync."""
import os, subprocess, sys

binary = os.environ.get("PLAYBOOK_BIN", "target/debug/playbook")
for page in sys.argv[1:]:
    lines = open(page, encoding="utf-8").read().split("\n")
    out, i = [], 0
    while i < len(lines):
        out.append(lines[i])
        if lines[i].strip() == "```console" and i + 1 < len(lines) and lines[i + 1].startswith("$ playbook "):
            command = lines[i + 1]
            out.append(command)
            env = dict(os.environ, NO_COLOR="1", COLUMNS="100")
            env.pop("PLAYBOOK", None)
            run = subprocess.run([binary] + command[len("$ playbook "):].split(), capture_output=True, text=True, env=env)
            out.extend((run.stderr + run.stdout).rstrip("\n").split("\n"))
            i += 2
            while i < len(lines) and lines[i].strip() != "```":
                i += 1
            continue
        i += 1
    open(page, "w", encoding="utf-8").write("\n".join(out))
