"""Run every chapter notebook several times with nbval and report the cells that flake.

    python tools/repro_check.py [--runs 5] [notebook ...]

Each run executes every notebook from a clean kernel, offline (tools/offline.sh), and
compares each cell's output with the committed one, as `make test-notebooks` does.
Passing every run means every run reproduced the committed values in every compared
cell. Prints one line per run, then each failing cell with how many runs it failed in;
writes _build/repro/summary.json; exits 1 if any run failed.
"""
import argparse
import json
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "repro"


def one_run(i, notebooks):
    """One nbval pass; returns (seconds, passed, {test id: first line of its failure})."""
    xml = OUT / f"run{i}.xml"
    cmd = [str(ROOT / "tools" / "offline.sh"), sys.executable, "-m", "pytest", "--nbval",
           "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
           "-q", "-p", "no:cacheprovider", f"--junitxml={xml}", *notebooks]
    xml.unlink(missing_ok=True)              # never read an earlier run's report
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    if not xml.exists():
        return seconds, 0, {"(pytest did not run)": "no report written"}
    failed, passed = {}, 0
    for case in ET.parse(xml).getroot().iter("testcase"):
        bad = case.find("failure") if case.find("failure") is not None else case.find("error")
        name = f"{case.get('classname')}::{case.get('name')}"
        if bad is None:
            passed += case.find("skipped") is None
        else:
            failed[name] = ((bad.get("message") or "").splitlines() or [""])[0][:120]
    return seconds, passed, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="how many runs (default 5)")
    parser.add_argument("notebooks", nargs="*", default=["chapters"],
                        help="notebooks or folders (default: chapters)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    OUT.mkdir(parents=True, exist_ok=True)
    runs, flaky = [], {}
    for i in range(1, args.runs + 1):
        seconds, passed, failed = one_run(i, args.notebooks)
        runs.append({"run": i, "seconds": round(seconds, 1), "passed": passed,
                     "failed": sorted(failed)})
        print(f"run {i}/{args.runs}: {passed} cells passed, {len(failed)} failed, "
              f"{seconds:.0f} s", flush=True)
        for name, message in failed.items():
            flaky.setdefault(name, []).append(i)
            print(f"    {name}: {message}", flush=True)
    (OUT / "summary.json").write_text(json.dumps({"runs": runs, "failing_cells": flaky}, indent=1))
    ok = sum(not r["failed"] for r in runs)
    print(f"{ok} of {args.runs} runs passed every cell" +
          "".join(f"\n  {name} failed in runs {where}" for name, where in flaky.items()))
    sys.exit(0 if ok == args.runs else 1)


if __name__ == "__main__":
    main()
