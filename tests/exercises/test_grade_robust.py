"""No submission can sink the gradebook, and the Canvas CSV (issue 17).

- a property-based fuzz test (hypothesis) of malformed notebooks: wrong types at every
  level of the nbformat structure, missing keys, nbformat 3, non-UTF-8 bytes, any file
  name. The row-building path (`grade_one` with otter replaced by a stub) never raises,
  gives every question a reason that names the file, never changes the file, and hands
  otter only notebooks that nbformat reads as valid nbformat 4;
- one real `grade.py --dir --canvas` run on a planted folder: a good submission, an
  untouched one, malformed files, a folder, links in and out of the folder, a pipe, names
  with spaces, non-ASCII and non-UTF-8 bytes. Every .ipynb gets one row, the good
  scores are what they are alone, no file changes, and the Canvas CSV has the documented
  columns and student identities;
- `grade.py NOTEBOOK` on a malformed notebook prints a table with the reason, no traceback.
"""
import copy
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from unittest import mock

import nbformat
import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import grade  # noqa: E402  (tools/grade.py)

AUTOGRADER = ROOT / "exercises" / "autograder" / "01_activations.zip"
STUDENT = ROOT / "exercises" / "01_activations.ipynb"
BASE = json.loads(STUDENT.read_text(encoding="utf-8"))
PLAN = grade.question_plan(AUTOGRADER)


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# ---------------------------------------------------------------- the issue's two files

ISSUE_FILES = {
    "cells_is_5": (b'{"cells": 5}', "its 'cells' must be a list of cells, but it is a number (5)"),
    "source_is_a_number": (
        json.dumps({**BASE, "cells": [{**BASE["cells"][0], "source": 5}] + BASE["cells"][1:]}).encode(),
        "the source of its cell 1 must be text (a string, or a list of strings), but it is a number (5)"),
}


@pytest.mark.parametrize("name", list(ISSUE_FILES))
def test_issue_files_get_a_reason_not_a_traceback(tmp_path, name):
    """Before the fix: TypeError in notebook_problems ('int' object is not iterable;
    can only join an iterable)."""
    data, words = ISSUE_FILES[name]
    path = tmp_path / f"{name}.ipynb"
    path.write_bytes(data)
    problem, notes = grade.notebook_problems(path, "01_activations")
    assert problem == f"{name}.ipynb is not a readable notebook: {words}"
    assert notes == []


# ---------------------------------------------------------------- the fuzz test

def _paths(node, at=()):
    """Every path (tuple of keys and indexes) into a JSON tree, the root included."""
    yield at
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, at + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, at + (i,))


BY_DEPTH = {}
for _p in _paths(BASE):
    BY_DEPTH.setdefault(len(_p), []).append(_p)
# depth 0: the notebook; 1: cells, metadata, nbformat...; 2: a cell; 3: its source,
# outputs, metadata; 4+: a line of source, an output, a tag...
some_path = st.sampled_from(sorted(BY_DEPTH)).flatmap(lambda d: st.sampled_from(BY_DEPTH[d]))

json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6)


def _parent(nb, at):
    node = nb
    for k in at[:-1]:
        node = node[k]
    return node


@st.composite
def malformed_notebook(draw):
    """Bytes of a file named *.ipynb: the set's notebook broken in one or a few ways."""
    nb = copy.deepcopy(BASE)
    for step in range(draw(st.integers(1, 3))):
        at = draw(some_path if step == 0 else st.sampled_from(list(_paths(nb))))
        how = draw(st.sampled_from(["replace", "delete", "insert", "nbformat3"]))
        if how == "nbformat3":
            nb = {"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                  "worksheets": [{"cells": [], "metadata": {}}]} if draw(st.booleans()) \
                else {**nb, "nbformat": 3} if isinstance(nb, dict) else nb
        elif at == ():
            nb = draw(json_value)
        else:
            parent = _parent(nb, at)
            if how == "replace":
                parent[at[-1]] = draw(json_value)
            elif how == "delete":
                del parent[at[-1]]
            elif isinstance(parent, list):
                parent.insert(at[-1], draw(json_value))
            else:
                parent[draw(st.text(max_size=6))] = draw(json_value)
        if not isinstance(nb, (dict, list)):
            break
    text = json.dumps(nb, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1])))
    data = text.encode("utf-8")
    damage = draw(st.sampled_from(["none", "none", "latin-1", "bytes", "truncate", "bom"]))
    if damage == "latin-1":        # non-UTF-8: a byte that cannot start a UTF-8 character
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\xe9" + data[at:]
    elif damage == "bytes":
        data = draw(st.binary(max_size=64))
    elif damage == "truncate":
        data = data[:draw(st.integers(0, len(data)))]
    elif damage == "bom":
        data = grade.BOM + data
    return data


file_name = st.one_of(
    st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
            min_size=1, max_size=30).map(lambda s: s + ".ipynb"),
    st.binary(min_size=1, max_size=20).filter(lambda b: b"/" not in b and b"\x00" not in b)
    .map(lambda b: os.fsdecode(b + b".ipynb")))       # any bytes, not only UTF-8


def _stub_otter(data, set_name, autograder, plan, **options):
    """What the grader hands otter must be a valid nbformat 4 notebook; score it full."""
    with warnings.catch_warnings():      # a 4.5 cell without an id: nbformat adds one
        warnings.simplefilter("ignore")
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    assert nb.nbformat == 4
    return "graded", [grade.Question(q, m, m, "all tests passed") for q, (m, _) in plan.items()]


def _assert_row(g, path, before):
    name = grade.display_name(path)
    assert g.status in {"graded", "not graded"}, g.status
    assert [q.name for q in g.questions] == list(PLAN)
    assert all(isinstance(q.reason, str) and q.reason for q in g.questions)
    if g.status == "not graded":
        assert g.score == 0
        assert all(q.reason.startswith(name) for q in g.questions), (name, g.questions[0].reason)
    assert sha(path) == before, "the grader changed a submission"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=malformed_notebook(), name=file_name)
def test_fuzzed_submissions_always_get_a_row_and_a_reason(data, name):
    with tempfile.TemporaryDirectory() as tmp, \
            mock.patch.object(grade, "_run_otter", side_effect=_stub_otter) as otter:
        folder = Path(tmp)
        path = folder / name
        try:
            path.write_bytes(data)
        except OSError:                 # a name the file system refuses (too long)
            return
        before = sha(path)
        problem, notes = grade.notebook_problems(path, "01_activations", folder)
        assert problem is None or (isinstance(problem, str) and problem.startswith(grade.display_name(path)))
        assert all(isinstance(n, str) for n in notes)
        g = grade.grade_one(path, AUTOGRADER, folder=folder)
        event(g.status)
        _assert_row(g, path, before)
        assert (g.status == "graded") == (problem is None) == otter.called
        # the gradebook: one row per submission, the good one's score unchanged
        good = grade.Grade("good.ipynb", "graded",
                           [grade.Question(q, m, m, "all tests passed") for q, (m, _) in PLAN.items()])
        grade.write_gradebook([good, g], folder / "book.csv", folder / "book.md")
        with open(folder / "book.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert [r["notebook"] for r in rows] == ["good.ipynb", grade.display_name(path)]
        assert rows[0]["total"] == "10" and rows[1]["status"] == g.status
        assert (folder / "book.md").read_text(encoding="utf-8").count("\n## ") == 2


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(BY_DEPTH)).flatmap(lambda d: st.sampled_from(BY_DEPTH[d])), json_value)
def test_a_wrong_value_anywhere_is_caught_before_otter(at, value):
    """Every level of the structure: the notebook, cells, a cell, its source, a line..."""
    nb = copy.deepcopy(BASE)
    if at == ():
        nb = value
    else:
        _parent(nb, at)[at[-1]] = value
    problem, _ = grade.check_notebook(nb, "01_activations", "x.ipynb")
    if problem is None:              # accepted: then nbformat must read it as valid
        nbformat.validate(nbformat.reads(json.dumps(nb), as_version=4))
    else:
        assert problem.startswith("x.ipynb")


# ---------------------------------------------------------------- one real run

@pytest.fixture(scope="module")
def solution(tmp_path_factory):
    """Set 01's solution notebook, made from its master by `otter assign`."""
    out = tmp_path_factory.mktemp("assign")
    subprocess.run([str(Path(sys.executable).parent / "otter"), "assign",
                    str(ROOT / "exercises" / "masters" / "01_activations.ipynb"), str(out),
                    "--no-run-tests"], check=True, capture_output=True, timeout=300)
    return (out / "autograder" / "01_activations.ipynb").read_bytes()


GOOD = "Zoë Müller (late) 1.ipynb"                           # spaces, non-ASCII
CANVAS_NAMED = "doejane_LATE_12345_67890_01_activations.ipynb"  # Canvas's download name
NON_UTF8_NAME = os.fsdecode(b"caf\xe9 \xff.ipynb")


@pytest.fixture(scope="module")
def graded_folder(solution, tmp_path_factory):
    """A planted folder graded by `grade.py --dir --canvas`, as `make grade-all` runs it."""
    base = tmp_path_factory.mktemp("robust")
    folder = base / "submissions"
    folder.mkdir()
    outside = base / "outside.ipynb"
    outside.write_bytes(solution)
    (folder / GOOD).write_bytes(solution)
    (folder / CANVAS_NAMED).write_bytes(STUDENT.read_bytes())
    (folder / "cells is 5.ipynb").write_bytes(ISSUE_FILES["cells_is_5"][0])
    (folder / "source is a number.ipynb").write_bytes(ISSUE_FILES["source_is_a_number"][0])
    (folder / "nbformat 3.ipynb").write_text(json.dumps(
        {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": []}]}))
    (folder / "latin-1.ipynb").write_bytes(STUDENT.read_text(encoding="utf-8")
                                           .replace("Exercise set 1", "Exercice é")
                                           .encode("latin-1", "replace"))
    (folder / NON_UTF8_NAME).write_bytes(b'{"cells": [], "nbformat": "4"}')
    (folder / "a folder.ipynb").mkdir()
    (folder / "link out.ipynb").symlink_to(outside)
    (folder / "link in.ipynb").symlink_to(folder / GOOD)
    (folder / "dangling.ipynb").symlink_to(folder / "nowhere.ipynb")
    os.mkfifo(folder / "pipe.ipynb")
    (folder / "notes.txt").write_text("not a submission")
    files = [p for p in folder.iterdir() if p.is_file() and not p.is_symlink()]
    before = {p.name: sha(p) for p in files + [outside]}
    listing = sorted(os.listdir(folder))
    out = base / "book"
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--dir", str(folder),
                           "--set", "01", "--out", str(out), "--jobs", "2", "--canvas",
                           "--cell-timeout", "60", "--timeout", "240"],
                          capture_output=True, text=True, timeout=600)
    after = {p.name: sha(p) for p in files + [outside]}
    with open(f"{out}.csv", encoding="utf-8") as f:
        rows = {r["notebook"]: r for r in csv.DictReader(f)}
    with open(f"{out}-canvas.csv", encoding="utf-8", newline="") as f:
        canvas = list(csv.reader(f))
    return dict(done=done, rows=rows, canvas=canvas, before=before, after=after,
                listing=listing, listing_after=sorted(os.listdir(folder)),
                md=Path(f"{out}.md").read_text(encoding="utf-8"))


def test_grade_all_finishes_and_writes_a_row_per_submission(graded_folder):
    done = graded_folder["done"]
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stdout + done.stderr
    ipynb = [n for n in graded_folder["listing"] if n.endswith(".ipynb")]
    assert sorted(graded_folder["rows"]) == sorted(grade.display_name(n) for n in ipynb)
    assert len(ipynb) == 12
    assert "notes.txt" in done.stdout and "`notes.txt`" in graded_folder["md"]


def test_good_submissions_keep_their_scores(graded_folder):
    rows = graded_folder["rows"]
    for name, total in [(GOOD, "10"), ("link in.ipynb", "10"), (CANVAS_NAMED, "0")]:
        assert rows[name]["status"] == "graded" and rows[name]["total"] == total, rows[name]
    assert "not written yet" in rows[CANVAS_NAMED]["reasons"]


@pytest.mark.parametrize("name, words", [
    ("cells is 5.ipynb", "its 'cells' must be a list of cells, but it is a number (5)"),
    ("source is a number.ipynb", "the source of its cell 1 must be text"),
    ("nbformat 3.ipynb", "it is an nbformat 3 notebook, but the grader reads nbformat 4"),
    ("latin-1.ipynb", "is 0xe9, which is not UTF-8"),
    ("caf\\xe9 \\xff.ipynb", "its 'nbformat' must be the number 4, but it is text ('4')"),
    ("a folder.ipynb", "is a folder, but a submission must be one notebook file"),
    ("link out.ipynb", "outside the submissions folder; the grader reads only files inside"),
    ("dangling.ipynb", "nowhere.ipynb, which does not exist"),
    ("pipe.ipynb", "is not a regular file"),
])
def test_malformed_submissions_get_a_reason_naming_the_file(graded_folder, name, words):
    row = graded_folder["rows"][name]
    assert row["status"] == "not graded" and row["total"] == "0", row
    assert row["reasons"].startswith(name) and words in row["reasons"], row
    assert row["reasons"].count(words) == 1          # said once, not once per question


def test_no_submission_is_changed(graded_folder):
    assert graded_folder["before"] == graded_folder["after"]
    assert graded_folder["listing"] == graded_folder["listing_after"]


def test_canvas_csv(graded_folder):
    canvas, rows = graded_folder["canvas"], graded_folder["rows"]
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "01_activations"]
    assert canvas[1] == ["    Points Possible", "", "", "", "", "10"]
    body = {tuple(r[:5]): r[5] for r in canvas[2:]}
    assert len(canvas) - 2 == len(rows) == len(body)
    assert body[("doejane", "12345", "", "", "")] == "0"           # Canvas's download name
    assert body[("Zoë Müller (late) 1", "", "", "Zoë Müller (late) 1", "")] == "10"
    stem = grade.display_name(NON_UTF8_NAME)[:-len(".ipynb")]
    assert body[(stem, "", "", stem, "")] == "0"
    for name, row in rows.items():     # every row carries the gradebook's total
        who = grade.canvas_identity(name)
        assert body[tuple(who.get(c, "") for c in grade.CANVAS_COLUMNS)] == row["total"], name


def test_canvas_identity_rules():
    assert grade.canvas_identity("smithjohn_4321_99_hw.ipynb") == {"Student": "smithjohn", "ID": "4321"}
    assert grade.canvas_identity("smithjohn_LATE_4321_99_hw.ipynb") == {"Student": "smithjohn", "ID": "4321"}
    assert grade.canvas_identity("jdoe.ipynb") == {"Student": "jdoe", "SIS Login ID": "jdoe"}
    assert grade.canvas_identity("a_b.ipynb") == {"Student": "a_b", "SIS Login ID": "a_b"}


def test_canvas_csv_warns_about_one_student_twice(tmp_path):
    g = lambda name: grade.Grade(name, "graded", [grade.Question("q1", 1, 1, "ok")])
    clashes = grade.write_canvas_csv([g("a_1_2_x.ipynb"), g("b_1_3_y.ipynb"), g("c.ipynb")],
                                     tmp_path / "c.csv", "Set 1 (77)")
    assert clashes == ["a_1_2_x.ipynb", "b_1_3_y.ipynb"]
    assert (tmp_path / "c.csv").read_text(encoding="utf-8").splitlines()[0].endswith(",Set 1 (77)")


# ---------------------------------------------------------------- one notebook (make grade)

def test_learner_command_on_a_malformed_notebook_prints_a_reason(tmp_path):
    path = tmp_path / "mine.ipynb"
    path.write_bytes(ISSUE_FILES["source_is_a_number"][0])
    before = sha(path)
    run = lambda *a: subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), str(path), *a],
                                    capture_output=True, text=True, timeout=120)
    done = run()               # the set is read from the notebook's metadata
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert sha(path) == before
    assert "reason: mine.ipynb is not a readable notebook: the source of its cell 1" in done.stdout
    assert "total     0/10" in done.stdout
    path.write_bytes(ISSUE_FILES["cells_is_5"][0])
    done = run()               # no metadata to read the set from: a clear error
    assert done.returncode == 2 and "pass --set" in done.stderr, done.stderr
    done = run("--set", "01")
    assert done.returncode == 0 and "its 'cells' must be a list" in done.stdout, done.stdout
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "is a folder" in done.stderr, done.stderr
