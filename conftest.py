"""pytest hooks for every run from the repository root.

After nbval has re-run notebooks, print how long each one took, slowest first
(kernel start-up included), flag any over the course's 90 s budget, and write the
same to _build/notebook_times.json, so that a slow notebook is found at once.
"""
import collections
import json
from pathlib import Path

BUDGET_S = 90
_seconds = collections.defaultdict(float)


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _seconds[path] += report.duration


def pytest_terminal_summary(terminalreporter):
    if not _seconds:
        return
    tr = terminalreporter
    tr.section("notebook run times, slowest first")
    for path, s in sorted(_seconds.items(), key=lambda kv: -kv[1]):
        flag = f"   over the {BUDGET_S} s budget" if s > BUDGET_S else ""
        tr.write_line(f"{s:7.1f} s  {path}{flag}")
    tr.write_line(f"{sum(_seconds.values()):7.1f} s  all {len(_seconds)} notebooks")
    out = Path(__file__).parent / "_build" / "notebook_times.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(dict(sorted(_seconds.items(), key=lambda kv: -kv[1])),
                              indent=1) + "\n")
