"""Grade exercise notebooks with the set's otter-grader autograder (public and hidden tests).

    python tools/grade.py NOTEBOOK [--set 02]          one notebook: a score table
    python tools/grade.py --dir DIR --set 02 [--out F]  every notebook in DIR: a gradebook

Each notebook is copied into a private temporary folder and graded there by
``otter run`` in a process of its own, with a time limit per cell (the cell is
interrupted and grading goes on) and one for the whole notebook (the process is
killed). The submission itself is never written to: its SHA-256 is checked before
and after. Every notebook gets a score and, for each question, a readable reason.
"""
import argparse
import ast
import csv
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUTOGRADERS = ROOT / "exercises" / "autograder"
RUNNER = Path(__file__).resolve().parent / "otter_run_limited.py"


@dataclass
class Question:
    name: str
    points: float
    max_points: float
    reason: str


@dataclass
class Grade:
    """The result of grading one notebook."""
    path: str
    status: str                       # "graded", "timeout" or "not graded"
    questions: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def score(self):
        return sum(q.points for q in self.questions)


def find_autograder(set_name):
    """The autograder zip of a set given as '02' or '02_rnn_forward'."""
    zips = sorted(AUTOGRADERS.glob("*.zip"))
    names = [z.stem for z in zips]
    hits = [z for z in zips if z.stem == set_name or z.stem.split("_")[0] == set_name]
    if len(hits) != 1:
        raise ValueError(f"--set must name one exercise set, one of {names} (or its number), "
                         f"but got {set_name!r}. Run `make exercises` if the list is empty.")
    return hits[0]


def set_name_of(autograder):
    """The assignment name stored in the autograder zip (otter_config.json)."""
    with zipfile.ZipFile(autograder) as zf:
        return json.loads(zf.read("otter_config.json"))["assignment_name"]


def question_plan(autograder):
    """{question: (max points, [hidden flag of each test case])} from the autograder zip."""
    plan = {}
    with zipfile.ZipFile(autograder) as zf:
        for name in sorted(zf.namelist()):
            if name.startswith("tests/") and name.endswith(".py"):
                src = zf.read(name).decode()
                points = float(re.search(r"^points = ([\d.]+)", src, re.M).group(1))
                hidden = [h == "True" for h in re.findall(r"hidden=(True|False)", src)]
                plan[Path(name).stem] = (points, hidden)
    return plan


def notebook_problems(path, set_name):
    """Reasons the notebook cannot be graded at all, else notes about it (syntax errors)."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        cells = nb["cells"]
    except Exception as exc:  # not JSON, not a notebook
        return f"not a readable notebook ({type(exc).__name__}: {exc})", []
    assignment = nb.get("metadata", {}).get("otter", {}).get("assignment_name")
    if assignment is not None and assignment != set_name:
        return f"this notebook belongs to set {assignment!r}, not {set_name!r}", []
    notes = []
    for i, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        src = "".join(cell.get("source", ""))
        lines = [ln for ln in src.splitlines() if not ln.lstrip().startswith(("%", "!"))]
        try:
            ast.parse("\n".join(lines))
        except SyntaxError as exc:
            notes.append(f"code cell {i + 1} has a syntax error on its line {exc.lineno}: "
                         f"{exc.msg}; nothing in that cell ran")
    return None, notes


def _case_messages(output):
    """[(passed, message)] for each test case, in order, from otter's per-question output."""
    blocks = re.split(r"^\s*\S+ - \d+ result:\s*$", output, flags=re.M)[1:]
    cases = []
    for block in blocks:
        lines = [ln.strip() for ln in block.strip().splitlines()]
        passed = bool(lines) and "passed" in lines[0]
        # failed: ["❌ Test case failed", "Error at line ...", <code line>, <exception>...]
        message = " ".join(lines[3:]) if len(lines) > 3 else " ".join(lines[1:])
        message = message.removeprefix("AssertionError: ")
        cases.append((passed, message))
    return cases


def read_results(results_path, plan, show_hidden):
    """Per-question Question records from otter's results.json."""
    by_name = {t["name"]: t for t in json.loads(Path(results_path).read_text())["tests"]}
    if not set(plan) & set(by_name):      # otter ran the notebook but got no test results
        error = by_name.get("Autograder Exception", {}).get("output", "").strip()
        last = error.splitlines()[-1] if error else "no details"
        return [Question(name, 0.0, max_points, f"the tests could not be run on this "
                         f"notebook ({last})") for name, (max_points, _) in plan.items()]
    questions = []
    for name, (max_points, hidden) in plan.items():
        entry = by_name.get(name)
        if entry is None:
            questions.append(Question(name, 0.0, max_points, "not graded (no result)"))
            continue
        failures = [(hidden[i] if i < len(hidden) else False, msg)
                    for i, (ok, msg) in enumerate(_case_messages(entry.get("output", "")))
                    if not ok]
        if not failures:
            reason = "all tests passed"
        else:
            is_hidden, msg = next(((h, m) for h, m in failures if not h), failures[0])
            more = f" (+{len(failures) - 1} more failing)" if len(failures) > 1 else ""
            if is_hidden and not show_hidden:
                msg = "a hidden test failed (its details are for the teacher)"
            reason = ("hidden test: " if is_hidden else "") + msg + more
        questions.append(Question(name, float(entry["score"]), max_points, reason))
    return questions


def _sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _kill(proc):
    """Kill the grading process and everything it started (its kernel included)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def grade_one(path, autograder, *, timeout=600, cell_timeout=120, show_hidden=True):
    """Grade one notebook; never raises for anything the notebook does.

    Returns a Grade whose questions list every question of the set, each with its
    points and reason; status says whether grading finished within `timeout` s.
    """
    path, autograder = Path(path), Path(autograder)
    set_name = set_name_of(autograder)
    plan = question_plan(autograder)
    blank = lambda why: [Question(q, 0.0, m, why) for q, (m, _) in plan.items()]
    start = time.monotonic()
    if not path.is_file():
        return Grade(str(path), "not graded", blank("file not found"))
    before = _sha256(path)
    problem, notes = notebook_problems(path, set_name)
    if problem:
        return Grade(str(path), "not graded", blank(problem), notes)
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        work, out = Path(tmp, "work"), Path(tmp, "out")
        work.mkdir()
        out.mkdir()
        copy = work / f"{set_name}.ipynb"          # otter grades the copy only
        shutil.copyfile(path, copy)
        log = Path(tmp, "log.txt")
        with open(log, "w") as log_file:
            proc = subprocess.Popen(
                [sys.executable, str(RUNNER), str(copy), "--autograder", str(autograder),
                 "--out", str(out), "--cell-timeout", str(cell_timeout)],
                cwd=work, stdout=log_file, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
            try:
                proc.wait(timeout=timeout)
                status = "graded"
            except subprocess.TimeoutExpired:
                _kill(proc)
                status = "timeout"
        results = out / "results.json"
        if status == "timeout":
            questions = blank(f"grading stopped after {timeout:g} s: the notebook did not "
                              f"finish (a loop that never ends, or far too much work?)")
        elif proc.returncode != 0 or not results.is_file():
            text = log.read_text(errors="replace")
            status = "not graded"
            if "DeadKernelError" in text:
                why = ("the notebook's kernel died while it ran (does it call os._exit, "
                       "or use more memory than the machine has?)")
            else:
                why = ("the grader could not run this notebook: "
                       + " | ".join(text.strip().splitlines()[-3:]))
            questions = blank(why)
        else:
            questions = read_results(results, plan, show_hidden)
    if _sha256(path) != before:   # cannot happen: only the copy is graded
        raise RuntimeError(f"{path} changed while it was graded; this is a grader bug.")
    return Grade(str(path), status, questions, notes, time.monotonic() - start)


def format_table(grade):
    """A score table for one notebook, one row per question."""
    width = max([len(q.name) for q in grade.questions] + [8])
    rows = [f"{'question':<{width}}  points  reason"]
    for q in grade.questions:
        rows.append(f"{q.name:<{width}}  {q.points:g}/{q.max_points:g}".ljust(width + 10)
                    + f"  {q.reason}")
    total = sum(q.max_points for q in grade.questions)
    rows.append(f"{'total':<{width}}  {grade.score:g}/{total:g}")
    rows += [f"note: {n}" for n in grade.notes]
    if grade.status != "graded":
        rows.append(f"status: {grade.status}")
    return "\n".join(rows)


def write_gradebook(grades, csv_path, md_path):
    """A CSV with one row per notebook and a readable summary (Markdown)."""
    names = [q.name for q in grades[0].questions] if grades else []
    maxes = [q.max_points for q in grades[0].questions] if grades else []
    with open(csv_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["notebook", *names, "total", "max", "status", "seconds", "reasons"])
        for g in grades:
            reasons = "; ".join([f"{q.name}: {q.reason}" for q in g.questions
                                 if q.points < q.max_points] + g.notes)
            w.writerow([Path(g.path).name, *[f"{q.points:g}" for q in g.questions],
                        f"{g.score:g}", f"{sum(maxes):g}", g.status, f"{g.seconds:.1f}",
                        reasons])
    lines = [f"# Gradebook: {len(grades)} notebooks", "",
             "| notebook | " + " | ".join(f"{n} ({m:g})" for n, m in zip(names, maxes))
             + f" | total ({sum(maxes):g}) | status | seconds |",
             "|---" * (len(names) + 4) + "|"]
    for g in grades:
        lines.append(f"| {Path(g.path).name} | " + " | ".join(f"{q.points:g}" for q in g.questions)
                     + f" | {g.score:g} | {g.status} | {g.seconds:.1f} |")
    for g in grades:
        lines += ["", f"## {Path(g.path).name}: {g.score:g}/{sum(maxes):g}", ""]
        lines += [f"- {q.name} ({q.points:g}/{q.max_points:g}): {q.reason}" for q in g.questions]
        lines += [f"- note: {n}" for n in g.notes]
    Path(md_path).write_text("\n".join(lines) + "\n")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("notebook", nargs="?", help="one notebook to grade")
    p.add_argument("--dir", help="grade every .ipynb in this folder")
    p.add_argument("--set", help="exercise set, e.g. 02; for one notebook, read from it if omitted")
    p.add_argument("--out", help="gradebook path without extension (default: next to --dir)")
    p.add_argument("--timeout", type=float, default=600, help="seconds per notebook")
    p.add_argument("--cell-timeout", type=int, default=120, help="seconds per cell")
    p.add_argument("--jobs", type=int, default=1, help="notebooks graded at once (with --dir)")
    args = p.parse_args(argv)
    if args.jobs < 1:
        p.error(f"--jobs must be at least 1, but got {args.jobs}")
    if bool(args.notebook) == bool(args.dir):
        p.error("give one notebook, or --dir with a folder of notebooks (not both)")
    if args.dir:
        folder = Path(args.dir)
        if not folder.is_dir():
            p.error(f"--dir must be a folder of .ipynb files, but {folder} is not a folder")
        if not args.set:
            p.error("--set is needed with --dir, e.g. --set 02")
        try:
            autograder = find_autograder(args.set)
        except ValueError as exc:
            p.error(str(exc))
        paths = sorted(x for x in folder.iterdir() if x.suffix == ".ipynb")
        if not paths:
            p.error(f"--dir {folder} holds no .ipynb files")
        def one(path):
            g = grade_one(path, autograder, timeout=args.timeout, cell_timeout=args.cell_timeout)
            print(f"{path.name}: {g.score:g} ({g.status}, {g.seconds:.0f} s)", flush=True)
            return g

        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            grades = list(pool.map(one, paths))
        stem = Path(args.out) if args.out else folder.resolve().parent / f"gradebook-{autograder.stem}"
        write_gradebook(grades, stem.with_suffix(".csv"), stem.with_suffix(".md"))
        print(f"Gradebook: {stem.with_suffix('.csv')} and {stem.with_suffix('.md')}")
        return 0
    path = Path(args.notebook)
    if not path.is_file():
        p.error(f"the notebook to grade must be a file, but {path} does not exist")
    set_name = args.set
    if set_name is None:
        try:
            set_name = json.loads(path.read_text())["metadata"]["otter"]["assignment_name"]
        except Exception:
            p.error(f"could not tell which set {path} belongs to; pass --set (e.g. --set 02)")
    try:
        autograder = find_autograder(set_name)
    except ValueError as exc:
        p.error(str(exc))
    g = grade_one(path, autograder, timeout=args.timeout,
                  cell_timeout=args.cell_timeout, show_hidden=False)
    print(format_table(g))
    return 0


if __name__ == "__main__":
    sys.exit(main())
