"""Grade exercise notebooks with the set's otter-grader autograder (public and hidden tests).

    python tools/grade.py NOTEBOOK [--set 02]          one notebook: a score table
    python tools/grade.py --dir DIR --set 02 [--out F]  every notebook in DIR: a gradebook
    python tools/grade.py --dir DIR --set 02 --canvas   ... and a CSV for Canvas's import

Each notebook is copied into a private temporary folder and graded there by
``otter run`` in a process of its own, with a time limit per cell (the cell is
interrupted and grading goes on) and one for the whole notebook (the process is
killed). The submission itself is never written to: its SHA-256 is checked before
and after. Every notebook gets a score and, for each question, a readable reason.

No submission can stop the gradebook: whatever a file named *.ipynb in DIR holds
(not JSON, not UTF-8, not a notebook, nbformat 3, a folder, a link), it gets a row
with status "not graded" and a reason naming the file, what was expected and what
was found. A symbolic link is followed only to a file inside DIR.

Canvas (--canvas) writes GRADEBOOK-canvas.csv (GRADEBOOK: --out, or gradebook-SET
next to DIR) in the layout of Canvas's gradebook export, which its gradebook import
accepts (Grades > Import): the columns Student, ID, SIS User ID, SIS Login ID, Section
and one column for the set (named by
--canvas-column, default the set's name, e.g. 01_activations; name it "Title (id)"
as in a Canvas export to fill an existing assignment), a second row
"    Points Possible" with the set's maximum, then one row per notebook holding its
total (the same total as the gradebook; 0 for a notebook that was not graded).
The student is read from the file name:
  - Canvas's "Download Submissions" names, NAME_[LATE_]USERID_SUBMISSIONID_FILE.ipynb:
    Student = NAME, ID = USERID (the Canvas user id Canvas matches rows on);
  - any other name, STEM.ipynb: Student = STEM and SIS Login ID = STEM (so name the
    files by each student's SIS login, e.g. jdoe.ipynb).
SIS User ID and Section are left empty. Canvas matches a row by ID, SIS User ID or
SIS Login ID and lists rows it cannot match before anything is imported.
"""
import argparse
import ast
import copy
import csv
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
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


BOM = b"\xef\xbb\xbf"


def display_name(path):
    """The file's name as printable text (undecodable bytes and control characters escaped)."""
    raw = os.fsencode(Path(path).name).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in raw)


def _kind(value):
    """A JSON value's type in words, for reasons: 'a number (5)', 'a list', ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"true/false ({json.dumps(value)})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"text ({value[:40]!r})" if len(value) <= 40 else "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def file_problem(path, folder=None):
    """Why `path` is not a file the grader may read, or None.

    With `folder` (the submissions folder), a symbolic link is followed only to a
    file inside that folder.
    """
    path, name = Path(path), display_name(path)
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if folder is not None and not target.is_relative_to(os.path.realpath(folder)):
            return (f"{name} is a symbolic link to {target}, outside the submissions folder; "
                    f"the grader reads only files inside the folder (copy the notebook in)")
        if not target.exists():
            return f"{name} is a symbolic link to {target}, which does not exist"
    if not path.exists():
        return f"{name} does not exist (file not found)"
    if path.is_dir():
        return f"{name} is a folder, but a submission must be one notebook file"
    if not path.is_file():
        return f"{name} is not a regular file (a pipe or a device?), so it was not read"
    return None


def read_notebook(path):
    """(notebook as parsed JSON, its bytes as graded, problem): problem is None if readable.

    The bytes as graded are the file's bytes without a UTF-8 byte-order mark.
    """
    name = display_name(path)
    unreadable = f"{name} is not a readable notebook:"
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, b"", f"{name} could not be read ({exc.strerror or exc})"
    data = data.removeprefix(BOM)
    if not data.strip():
        return None, data, f"{unreadable} the file is empty, but a notebook is JSON text"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, data, (f"{unreadable} a notebook is JSON text in UTF-8, but byte "
                            f"{exc.start} of the file is {data[exc.start]:#04x}, which is not "
                            f"UTF-8 (was it saved in another encoding, or is it not a notebook?)")
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, data, (f"{unreadable} a notebook is JSON text, but this is not JSON "
                            f"(line {exc.lineno}, column {exc.colno}: {exc.msg})")
    except RecursionError:
        return None, data, f"{unreadable} its JSON is nested too deeply to be a notebook"
    return nb, data, None


def _structure_problem(nb):
    """What makes parsed JSON `nb` unlike an nbformat 4 notebook, in words, or None."""
    if not isinstance(nb, dict):
        return (f"a notebook is a JSON object with 'cells', 'metadata' and 'nbformat', "
                f"but the file holds {_kind(nb)}")
    version = nb.get("nbformat")
    if isinstance(version, int) and not isinstance(version, bool) and version != 4:
        return (f"it is an nbformat {version} notebook, but the grader reads nbformat 4 "
                f"(open it in Jupyter and save it again)")
    if not isinstance(nb.get("cells"), list):
        found = _kind(nb["cells"]) if "cells" in nb else "missing"
        return f"its 'cells' must be a list of cells, but it is {found}"
    if "nbformat" not in nb:
        return "a notebook has an 'nbformat' version number (4), but this JSON has none"
    if version != 4:
        return f"its 'nbformat' must be the number 4, but it is {_kind(version)}"
    for i, cell in enumerate(nb["cells"], 1):
        if not isinstance(cell, dict):
            return f"its cell {i} must be a JSON object, but it is {_kind(cell)}"
        kind = cell.get("cell_type")
        if not (isinstance(kind, str) and kind in ("code", "markdown", "raw")):
            found = _kind(kind) if "cell_type" in cell else "missing"
            return f"the cell_type of its cell {i} must be 'code', 'markdown' or 'raw', but it is {found}"
        source = cell.get("source")
        if isinstance(source, list):
            source = next((s for s in source if not isinstance(s, str)), "")
            where = "a line of the source"
        else:
            where = "the source"
        if not isinstance(source, str):
            found = _kind(source) if "source" in cell else "missing"
            return (f"{where} of its cell {i} must be text (a string, or a list of strings), "
                    f"but it is {found}")
    metadata = nb.get("metadata")
    if not isinstance(metadata, dict):
        found = _kind(metadata) if "metadata" in nb else "missing"
        return f"its 'metadata' must be a JSON object, but it is {found}"
    otter = metadata.get("otter", {})
    if not isinstance(otter, dict):
        return f"its metadata 'otter' must be a JSON object, but it is {_kind(otter)}"
    assignment = otter.get("assignment_name")
    if assignment is not None and not isinstance(assignment, str):
        return f"its metadata otter.assignment_name must be text, but it is {_kind(assignment)}"
    return None


def _schema_problem(nb):
    """Where `nb` breaks the nbformat 4 schema (what otter reads), in words, or None."""
    import nbformat
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nbformat.validate(copy.deepcopy(nb))
    except nbformat.ValidationError as exc:
        keys = list(exc.absolute_path)
        where = ""
        if keys[:1] == ["cells"] and len(keys) > 1 and isinstance(keys[1], int):
            where, keys = f"in its cell {keys[1] + 1}", keys[2:]
        if keys:
            where += (" at " if where else "at ") + "/".join(map(str, keys))
        message = exc.message if len(exc.message) <= 160 else exc.message[:157] + "..."
        return f"it breaks the nbformat 4 schema {where or 'at the top level'}: {message}"
    except Exception as exc:      # a validator failure is still a reason, never a crash
        return f"it could not be checked against the nbformat 4 schema ({type(exc).__name__})"
    return None


def check_notebook(nb, set_name, name):
    """(reason the parsed notebook `nb` cannot be graded or None, notes about it)."""
    problem = _structure_problem(nb) or _schema_problem(nb)
    if problem:
        return f"{name} is not a readable notebook: {problem}", []
    assignment = nb["metadata"].get("otter", {}).get("assignment_name")
    if assignment is not None and assignment != set_name:
        return f"{name}: this notebook belongs to set {assignment!r}, not {set_name!r}", []
    notes = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        lines = [ln for ln in src.splitlines() if not ln.lstrip().startswith(("%", "!"))]
        try:
            ast.parse("\n".join(lines))
        except SyntaxError as exc:
            notes.append(f"code cell {i + 1} has a syntax error on its line {exc.lineno}: "
                         f"{exc.msg}; nothing in that cell ran")
        except (ValueError, RecursionError, MemoryError) as exc:
            notes.append(f"code cell {i + 1} could not be read as Python "
                         f"({type(exc).__name__}); nothing in that cell ran")
    return None, notes


def notebook_problems(path, set_name, folder=None):
    """Reasons the notebook cannot be graded at all (None if it can), and notes about it.

    Never raises for anything the file holds; every reason is a sentence that names the
    file, what was expected and what was found.
    """
    problem = file_problem(path, folder)
    if problem:
        return problem, []
    nb, _, problem = read_notebook(path)
    if problem:
        return problem, []
    return check_notebook(nb, set_name, display_name(path))


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


def _kill(proc):
    """Kill the grading process and everything it started (its kernel included)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _run_otter(data, set_name, autograder, plan, *, timeout, cell_timeout, show_hidden):
    """(status, questions) from grading notebook bytes `data` with otter in a private folder."""
    blank = lambda why: [Question(q, 0.0, m, why) for q, (m, _) in plan.items()]
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        work, out = Path(tmp, "work"), Path(tmp, "out")
        work.mkdir()
        out.mkdir()
        graded = work / f"{set_name}.ipynb"        # otter grades this copy only
        graded.write_bytes(data)
        log = Path(tmp, "log.txt")
        with open(log, "w") as log_file:
            proc = subprocess.Popen(
                [sys.executable, str(RUNNER), str(graded), "--autograder", str(autograder),
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
            return status, blank(f"grading stopped after {timeout:g} s: the notebook did not "
                                 f"finish (a loop that never ends, or far too much work?)")
        if proc.returncode != 0 or not results.is_file():
            text = log.read_text(errors="replace")
            if "DeadKernelError" in text:
                why = ("the notebook's kernel died while it ran (does it call os._exit, "
                       "or use more memory than the machine has?)")
            else:
                why = ("the grader could not run this notebook: "
                       + " | ".join(text.strip().splitlines()[-3:]))
            return "not graded", blank(why)
        return status, read_results(results, plan, show_hidden)


def grade_one(path, autograder, *, timeout=600, cell_timeout=120, show_hidden=True,
              folder=None):
    """Grade one notebook; never raises for anything the file holds.

    Returns a Grade whose questions list every question of the set, each with its
    points and reason; status says whether grading finished within `timeout` s.
    With `folder` (the submissions folder), a link out of that folder is not followed.
    """
    path, autograder = Path(path), Path(autograder)
    set_name = set_name_of(autograder)
    plan = question_plan(autograder)
    start = time.monotonic()

    def not_graded(why, notes=()):
        return Grade(str(path), "not graded", [Question(q, 0.0, m, why) for q, (m, _) in plan.items()],
                     list(notes), time.monotonic() - start)

    problem = file_problem(path, folder)
    if problem:
        return not_graded(problem)
    nb, data, problem = read_notebook(path)
    if problem:
        return not_graded(problem)
    before = hashlib.sha256(data).hexdigest()
    problem, notes = check_notebook(nb, set_name, display_name(path))
    if problem:
        return not_graded(problem, notes)
    status, questions = _run_otter(data, set_name, autograder, plan, timeout=timeout,
                                   cell_timeout=cell_timeout, show_hidden=show_hidden)
    try:
        changed = hashlib.sha256(path.read_bytes().removeprefix(BOM)).hexdigest() != before
    except OSError:
        changed = True
    if changed:   # only the copy is graded: someone else wrote to the file meanwhile
        notes.append(f"{display_name(path)} changed on disk while it was graded; this score "
                     f"is for the version read before grading: grade it again")
    return Grade(str(path), status, questions, notes, time.monotonic() - start)


def grade_safely(path, autograder, **options):
    """grade_one, but a grader bug on one notebook gives that notebook a row, not a crash."""
    try:
        return grade_one(path, autograder, **options)
    except Exception as exc:
        traceback.print_exc()
        why = (f"the grader failed on {display_name(path)} ({type(exc).__name__}: {exc}); "
               f"this is a bug in tools/grade.py: please report it with the notebook")
        return Grade(str(path), "not graded",
                     [Question(q, 0.0, m, why) for q, (m, _) in question_plan(autograder).items()])


def format_table(grade):
    """A score table for one notebook, one row per question."""
    width = max([len(q.name) for q in grade.questions] + [8])
    reasons = {q.reason for q in grade.questions}
    once = grade.status != "graded" and len(reasons) == 1     # say a whole-notebook reason once
    rows = [f"{'question':<{width}}  points  reason"]
    for q in grade.questions:
        rows.append(f"{q.name:<{width}}  {q.points:g}/{q.max_points:g}".ljust(width + 10)
                    + ("  (see below)" if once else f"  {q.reason}"))
    total = sum(q.max_points for q in grade.questions)
    rows.append(f"{'total':<{width}}  {grade.score:g}/{total:g}")
    if once:
        rows.append(f"reason: {reasons.pop()}")
    rows += [f"note: {n}" for n in grade.notes]
    if grade.status != "graded":
        rows.append(f"status: {grade.status}")
    return "\n".join(rows)


def _reasons(grade):
    """The reasons for the points a notebook lost, and its notes, as one line."""
    lost = [q for q in grade.questions if q.points < q.max_points]
    if grade.status != "graded" and lost and len({q.reason for q in lost}) == 1:
        reasons = [lost[0].reason]           # one reason for the whole notebook: say it once
    else:
        reasons = [f"{q.name}: {q.reason}" for q in lost]
    return "; ".join(reasons + grade.notes)


def write_gradebook(grades, csv_path, md_path, skipped=()):
    """A CSV with one row per notebook and a readable summary (Markdown), both UTF-8."""
    names = [q.name for q in grades[0].questions] if grades else []
    maxes = [q.max_points for q in grades[0].questions] if grades else []
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["notebook", *names, "total", "max", "status", "seconds", "reasons"])
        for g in grades:
            w.writerow([display_name(g.path), *[f"{q.points:g}" for q in g.questions],
                        f"{g.score:g}", f"{sum(maxes):g}", g.status, f"{g.seconds:.1f}",
                        _reasons(g)])
    cell = lambda text: text.replace("|", r"\|")
    lines = [f"# Gradebook: {len(grades)} notebooks", "",
             "| notebook | " + " | ".join(f"{n} ({m:g})" for n, m in zip(names, maxes))
             + f" | total ({sum(maxes):g}) | status | seconds |",
             "|---" * (len(names) + 4) + "|"]
    for g in grades:
        lines.append(f"| {cell(display_name(g.path))} | "
                     + " | ".join(f"{q.points:g}" for q in g.questions)
                     + f" | {g.score:g} | {g.status} | {g.seconds:.1f} |")
    if skipped:
        lines += ["", "Not graded because their names do not end in .ipynb: "
                  + ", ".join(f"`{display_name(x)}`" for x in skipped) + "."]
    for g in grades:
        lines += ["", f"## {display_name(g.path)}: {g.score:g}/{sum(maxes):g}", ""]
        lines += [f"- {q.name} ({q.points:g}/{q.max_points:g}): {q.reason}" for q in g.questions]
        lines += [f"- note: {n}" for n in g.notes]
    Path(md_path).write_text("\n".join(lines) + "\n", encoding="utf-8")


# Canvas's "Download Submissions" names files NAME_[LATE_]USERID_SUBMISSIONID_FILENAME.
CANVAS_FILE_NAME = re.compile(r"(?P<student>[^_]+)_(?:LATE_)?(?P<id>\d+)_\d+_.")
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def canvas_identity(name):
    """{Canvas column: value} naming the student of a submission file `name` (see --canvas)."""
    m = CANVAS_FILE_NAME.match(name)
    if m:
        return {"Student": m["student"], "ID": m["id"]}
    stem = name[:-len(".ipynb")] if name.lower().endswith(".ipynb") else name
    return {"Student": stem, "SIS Login ID": stem}


def write_canvas_csv(grades, csv_path, column):
    """The totals as a CSV in the layout Canvas's gradebook import accepts.

    Returns the file names whose student identity is not unique in the file.
    """
    total = sum(q.max_points for q in grades[0].questions) if grades else 0
    seen, clashes = {}, []
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(CANVAS_COLUMNS + [column])
        w.writerow(["    Points Possible", "", "", "", "", f"{total:g}"])
        for g in grades:
            name = display_name(g.path)
            who = canvas_identity(name)
            key = (who.get("ID", ""), who.get("SIS Login ID", ""))
            if key in seen:
                clashes += [seen[key], name]
            seen[key] = name
            w.writerow([who.get(c, "") for c in CANVAS_COLUMNS] + [f"{g.score:g}"])
    return sorted(set(clashes))


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
    p.add_argument("--canvas", action="store_true",
                   help="with --dir, also write GRADEBOOK-canvas.csv for Canvas's gradebook "
                        "import (columns and student names: see above)")
    p.add_argument("--canvas-column", help="the assignment column's title in the Canvas CSV "
                   "(default: the set's name); 'Title (id)' fills an existing assignment")
    args = p.parse_args(argv)
    if args.jobs < 1:
        p.error(f"--jobs must be at least 1, but got {args.jobs}")
    if bool(args.notebook) == bool(args.dir):
        p.error("give one notebook, or --dir with a folder of notebooks (not both)")
    if (args.canvas or args.canvas_column) and not args.dir:
        p.error("--canvas and --canvas-column go with --dir (a folder of notebooks)")
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
        entries = sorted(folder.iterdir())
        paths = [x for x in entries if x.name.lower().endswith(".ipynb")]
        skipped = [x for x in entries if x not in paths]
        if not paths:
            p.error(f"--dir {folder} holds no .ipynb files")
        if skipped:
            print(f"Skipped {len(skipped)} file(s) whose names do not end in .ipynb: "
                  + ", ".join(display_name(x) for x in skipped), flush=True)

        def one(path):
            g = grade_safely(path, autograder, timeout=args.timeout,
                             cell_timeout=args.cell_timeout, folder=folder)
            print(f"{display_name(path)}: {g.score:g} ({g.status}, {g.seconds:.0f} s)", flush=True)
            return g

        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            grades = list(pool.map(one, paths))
        stem = Path(args.out) if args.out else folder.resolve().parent / f"gradebook-{autograder.stem}"
        csv_path, md_path = Path(f"{stem}.csv"), Path(f"{stem}.md")
        write_gradebook(grades, csv_path, md_path, skipped)
        print(f"Gradebook: {csv_path} and {md_path}")
        missed = [display_name(g.path) for g in grades if g.status == "not graded"]
        if missed:
            print(f"Not graded ({len(missed)}; the reasons are in the gradebook): "
                  + ", ".join(missed))
        if args.canvas or args.canvas_column:
            canvas = Path(f"{stem}-canvas.csv")
            clashes = write_canvas_csv(grades, canvas, args.canvas_column or set_name_of(autograder))
            print(f"Canvas gradebook import: {canvas}")
            if clashes:
                print("Warning: these files name the same student, so Canvas will see one "
                      "student twice: " + ", ".join(clashes))
        return 0
    path = Path(args.notebook)
    if not (path.exists() or path.is_symlink()):
        p.error(f"the notebook to grade must be a file, but {path} does not exist")
    if path.is_dir():
        p.error(f"the notebook to grade must be a file, but {path} is a folder")
    set_name = args.set
    if set_name is None:
        nb, _, problem = read_notebook(path) if path.is_file() else (None, b"", "not a file")
        try:
            set_name = nb["metadata"]["otter"]["assignment_name"]
            assert isinstance(set_name, str)
        except Exception:
            p.error(f"could not tell which set {path} belongs to; pass --set (e.g. --set 02)")
    try:
        autograder = find_autograder(set_name)
    except ValueError as exc:
        p.error(str(exc))
    g = grade_safely(path, autograder, timeout=args.timeout,
                     cell_timeout=args.cell_timeout, show_hidden=False)
    print(format_table(g))
    return 0


if __name__ == "__main__":
    sys.exit(main())
