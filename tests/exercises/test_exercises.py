"""The graded exercises, end to end through the commands teachers and learners use.

- the committed student notebooks and autograders are what `make exercises` makes now;
- student notebooks hold no solution code and no hidden test;
- graded with `tools/grade.py --dir` (what `make grade-all` runs), every set's solution
  scores full marks and every untouched student notebook scores zero;
- planted faulty submissions to set 01 each get a score and a readable reason within
  the time limit, partly correct ones exactly the points they earn, and no submission
  file is ever changed;
- in sets 2 to 5, an answer that runs rnnlib's own version of its function (called
  directly, aliased, found with getattr or importlib, re-exported, from rnnlib.fast)
  scores 0 on that question with the reason, while one using the allowed helpers
  scores full; in set 6, a model trained past its budget of optimiser steps loses
  the budget check.
"""
import copy
import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import exercises  # noqa: E402  (tools/exercises.py)

ALL_MASTERS = sorted(exercises.MASTERS.glob("*.ipynb"))
# Authors may limit a run to some sets: EXERCISE_SETS="01 03" (never set in CI).
ONLY = os.environ.get("EXERCISE_SETS", "").split()
MASTERS = [m for m in ALL_MASTERS if not ONLY or m.stem.split("_")[0] in ONLY]
SETS = [m.stem for m in MASTERS]


@pytest.fixture(scope="session")
def assigned(tmp_path_factory):
    """`otter assign` of every master now: {set: {"student", "solution", "zip_bytes", ...}}."""
    def one(master):
        d = tmp_path_factory.mktemp(master.stem)
        student_text, zip_bytes = exercises.generate(master, d, run_tests=False)
        return master.stem, {"student_text": student_text, "zip_bytes": zip_bytes,
                             "solution": d / "autograder" / f"{master.stem}.ipynb",
                             "student": ROOT / "exercises" / f"{master.stem}.ipynb"}
    tmp_path_factory.getbasetemp()    # made here once: two threads making it at once can clash
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, MASTERS))


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def grade_dir(folder, set_name, out, *extra):
    """Run the teacher's command on a folder; return ({notebook: row}, seconds)."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--dir",
                           str(folder), "--set", set_name, "--out", str(out), "--jobs", "2",
                           *extra], capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(out.with_suffix(".csv")) as f:
        rows = {r["notebook"]: r for r in csv.DictReader(f)}
    assert out.with_suffix(".md").read_text().startswith("# Gradebook")
    return rows, time.monotonic() - start


def assign(set_number, tmp_path_factory):
    """A set's solution and untouched student notebooks, made from its master now: (S, U)."""
    (master,) = exercises.MASTERS.glob(f"{set_number}_*.ipynb")
    d = tmp_path_factory.mktemp(f"assign{set_number}")
    text, _ = exercises.generate(master, d, run_tests=False)
    (d / "student.ipynb").write_text(text)
    return (nbformat.read(d / "autograder" / f"{master.stem}.ipynb", as_version=4),
            nbformat.read(d / "student.ipynb", as_version=4))


def grade_planted(makers, notebooks, set_number, tmp_path_factory):
    """Planted notebooks ``{name: make(S, U)}`` graded in one folder by the teacher's
    command: ({file name: gradebook row}, seconds)."""
    folder = tmp_path_factory.mktemp(f"planted{set_number}")
    for name, make in makers.items():
        nbformat.write(make(*notebooks), folder / f"{name}.ipynb")
    return grade_dir(folder, set_number, folder.parent / f"planted{set_number}-book")


def check_planted(row, scores, words, total=None):
    """A planted notebook's gradebook row: graded, out of 10, these points per question,
    this total (the sum of ``scores`` unless given) and ``words`` in the reasons."""
    assert row["status"] == "graded", row
    assert float(row["max"]) == 10, row
    assert {q: float(row[q]) for q in scores} == scores, row
    assert float(row["total"]) == (sum(scores.values()) if total is None else total), row
    assert words in row["reasons"], row


def test_every_set_is_listed_on_the_exercises_page():
    names = [m.stem for m in ALL_MASTERS]
    assert len(names) >= 8, f"expected at least eight exercise sets, found {names}"
    page = (ROOT / "exercises" / "README.md").read_text()
    unlisted = [n for n in names if f"]({n}.ipynb)" not in page]
    assert not unlisted, f"exercises/README.md does not list {unlisted}"


@pytest.mark.parametrize("set_name", SETS)
def test_generated_files_are_up_to_date(assigned, set_name):
    a = assigned[set_name]
    student = ROOT / "exercises" / f"{set_name}.ipynb"
    zip_path = ROOT / "exercises" / "autograder" / f"{set_name}.zip"
    assert student.is_file() and zip_path.is_file(), \
        f"{student} or {zip_path} is missing: run `make exercises` and commit"
    assert student.read_text() == a["student_text"], \
        f"{student} differs from its master: run `make exercises` and commit"
    assert zip_path.read_bytes() == a["zip_bytes"], \
        f"{zip_path} differs from its master: run `make exercises` and commit"


def solution_lines(master):
    """Distinctive solution lines of a master: inside SOLUTION blocks or marked # SOLUTION,
    and not also given to the learner elsewhere in the master."""
    nb = nbformat.read(master, as_version=4)
    lines, given, inside = [], set(), False
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            s = line.strip()
            if s.startswith("# BEGIN SOLUTION"):
                inside = True
            elif s.startswith("# END SOLUTION"):
                inside = False
            elif (inside or s.endswith("# SOLUTION")) and not s.startswith("#"):
                code = s.removesuffix("# SOLUTION").strip()
                if len(code) >= 12:
                    lines.append(code)
            else:
                given.add(s)
    return [s for s in lines if s not in given]


@pytest.mark.parametrize("set_name", SETS)
def test_student_notebook_has_no_solutions_and_no_hidden_tests(set_name):
    master = ROOT / "exercises" / "masters" / f"{set_name}.ipynb"
    student = nbformat.read(ROOT / "exercises" / f"{set_name}.ipynb", as_version=4)
    code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    leaked = [s for s in solution_lines(master) if s in code]
    assert solution_lines(master), f"{master} has no solution lines to look for"
    assert not leaked, f"solution code in the student notebook of {set_name}: {leaked[:3]}"
    tests = json.dumps(student.metadata["otter"]["tests"])
    assert "hidden=True" not in tests and "hidden=False" in tests


@pytest.fixture(scope="session")
def every_set_graded(assigned, tmp_path_factory):
    """Each set's solution and untouched student notebook, graded by the teacher's command."""
    results = {}
    for set_name in SETS:
        folder = tmp_path_factory.mktemp(f"sub-{set_name}")
        a = assigned[set_name]
        (folder / "solution.ipynb").write_bytes(a["solution"].read_bytes())
        (folder / "untouched.ipynb").write_bytes(a["student"].read_bytes())
        rows, seconds = grade_dir(folder, set_name, folder.parent / f"book-{set_name}")
        results[set_name] = (rows, seconds)
    return results


@pytest.mark.parametrize("set_name", SETS)
def test_solutions_score_full_marks(every_set_graded, set_name):
    row = every_set_graded[set_name][0]["solution.ipynb"]
    assert row["status"] == "graded" and float(row["total"]) == float(row["max"]) > 0, row


@pytest.mark.parametrize("set_name", SETS)
def test_untouched_student_notebook_scores_zero_everywhere(every_set_graded, set_name):
    row = every_set_graded[set_name][0]["untouched.ipynb"]
    questions = [k for k in row if re.fullmatch(r"q\d+\w*", k)]
    assert questions and all(float(row[q]) == 0 for q in questions), row
    assert row["status"] == "graded" and "not written yet" in row["reasons"], row


# ---------------------------------------------------------------- planted submissions

def edit(nb, old, new, count=1):
    """nb with `old` replaced by `new` in exactly `count` code cells."""
    nb = copy.deepcopy(nb)
    hits = 0
    for cell in nb.cells:
        if cell.cell_type == "code" and old in cell.source:
            cell.source = cell.source.replace(old, new)
            hits += 1
    assert hits == count, f"{old!r} found in {hits} cells, expected {count}"
    return nb


def add_cell(nb, after, source):
    """nb with a code cell holding `source` inserted after the first cell containing `after`."""
    nb = copy.deepcopy(nb)
    i = next(i for i, c in enumerate(nb.cells) if after in c.source)
    nb.cells.insert(i + 1, nbformat.v4.new_code_cell(source))
    return nb


def drop_cells(nb, *needles):
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not any(n in c.source for n in needles)]
    return nb


def with_answers(student, solution, questions):
    """The student notebook with the solution's answer cells for `questions` pasted in."""
    nb = copy.deepcopy(student)
    sol = [c for c in solution.cells if "otter_assign_solution_cell" in c.metadata.get("tags", [])]
    ans = [c for c in nb.cells if "otter_answer_cell" in c.metadata.get("tags", [])]
    assert len(sol) == len(ans)
    for s, a in zip(sol, ans):
        q = re.search(r'raise NotImplementedError\("(q\d+)', a.source)
        if q and q.group(1) in questions:
            a.source = s.source
    return nb


# name: (notebook maker, expected total out of 10, words expected in the reasons)
PLANTED = {
    "full": (lambda S, U: S, 10, ""),
    "partly_q1_q3": (lambda S, U: with_answers(U, S, {"q1", "q3"}), 3, "q2: `tanh` is not written yet"),
    "syntax_error": (lambda S, U: edit(S, "return np.maximum(z, 0)", "return np.maximum(z, 0"),
                     9, "syntax error"),
    "exception": (lambda S, U: edit(S, "return np.maximum(z, 0)", "raise ValueError('oops')\n    return np.maximum(z, 0)"),
                  9, "ValueError: oops"),
    "endless_function": (lambda S, U: edit(S, "e = np.exp(-2 * np.abs(z))", "while True:\n        pass"),
                         7, "did not return within"),
    "endless_cell": (lambda S, U: add_cell(S, 'grader.check("q4")', "while True:\n    pass"), 10, ""),
    "deleted_cells": (lambda S, U: drop_cells(S, "def tanh(z):", 'grader.check("q2")'),
                      7, "`tanh` is not defined"),
    "wrong_shape": (lambda S, U: edit(S, "return np.maximum(z, 0).astype(z.dtype)",
                                      "return np.maximum(z, 0).sum(axis=0)"), 9, "expected shape"),
    "wrong_dtype": (lambda S, U: edit(S, "e / (1 + e)).astype(z.dtype)", "e / (1 + e)).astype(np.float64)"),
                    9.5, "must be float32"),
    "nan_output": (lambda S, U: edit(S, "e = np.exp(-2 * np.abs(z))", "e = np.exp(-2 * np.abs(z)) * np.nan"),
                   7, "non-finite"),
    "huge_output": (lambda S, U: add_cell(S, 'grader.check("q1")', "for i in range(200_000):\n    print('x' * 100)"),
                    10, ""),
    "sys_exit": (lambda S, U: add_cell(S, 'grader.check("q1")', "import sys\nsys.exit(3)"), 10, ""),
    "kills_kernel": (lambda S, U: add_cell(S, 'grader.check("q5")', "import os\nos._exit(1)"),
                     0, "the notebook's kernel died"),
    "deletes_files": (lambda S, U: add_cell(S, 'grader.check("q5")',
                                            "import os, shutil\nfor f in os.listdir('.'):\n"
                                            "    shutil.rmtree(f) if os.path.isdir(f) else os.remove(f)"),
                      10, ""),
}


@pytest.fixture(scope="session")
def set01(assigned):
    """Set 01's generated files; the tests built on them skip when EXERCISE_SETS leaves it out."""
    if "01_activations" not in assigned:
        pytest.skip("set 01 not selected by EXERCISE_SETS")
    return assigned["01_activations"]


@pytest.fixture(scope="session")
def planted(set01, tmp_path_factory):
    """Set 01's planted submissions graded with `grade.py --dir`; hashes before and after."""
    a = set01
    S = nbformat.read(a["solution"], as_version=4)
    U = nbformat.read(a["student"], as_version=4)
    folder = tmp_path_factory.mktemp("planted")
    for name, (make, _, _) in PLANTED.items():
        nbformat.write(make(S, U), folder / f"{name}.ipynb")
    (folder / "not_a_notebook.ipynb").write_text("this is not JSON")
    wrong = copy.deepcopy(U)
    wrong.metadata["otter"]["assignment_name"] = "02_rnn_forward"
    nbformat.write(wrong, folder / "wrong_set.ipynb")
    before = {p.name: sha(p) for p in folder.iterdir()}
    rows, seconds = grade_dir(folder, "01", folder.parent / "planted-book",
                              "--cell-timeout", "15", "--timeout", "240")
    after = {p.name: sha(p) for p in folder.iterdir()}
    return rows, seconds, before, after


def test_grader_never_changes_a_submission(planted):
    rows, _, before, after = planted
    assert before == after and len(before) == len(PLANTED) + 2


@pytest.mark.parametrize("name", list(PLANTED))
def test_planted_submission_scores(planted, name):
    rows = planted[0]
    row = rows[f"{name}.ipynb"]
    _, total, words = PLANTED[name]
    assert float(row["max"]) == 10
    assert float(row["total"]) == total, row
    assert words in row["reasons"], row
    assert float(row["seconds"]) < 240


def test_unreadable_and_wrong_set_notebooks_get_a_reason(planted):
    rows = planted[0]
    assert rows["not_a_notebook.ipynb"]["status"] == "not graded"
    assert "not a readable notebook" in rows["not_a_notebook.ipynb"]["reasons"]
    assert "belongs to set '02_rnn_forward', not '01_activations'" in rows["wrong_set.ipynb"]["reasons"]


def test_whole_notebook_time_limit(set01, tmp_path):
    """A notebook that runs past the overall limit is stopped and scored, not waited for."""
    from grade import grade_one
    nb = add_cell(nbformat.read(set01["solution"], as_version=4),
                  'grader.check("q1")', "import time\ntime.sleep(600)")
    path = tmp_path / "slow.ipynb"
    nbformat.write(nb, path)
    start = time.monotonic()
    g = grade_one(path, ROOT / "exercises" / "autograder" / "01_activations.zip",
                  timeout=20, cell_timeout=300)
    assert time.monotonic() - start < 40
    assert g.status == "timeout" and g.score == 0
    assert "grading stopped after 20 s" in g.questions[0].reason


def test_learner_command_prints_a_table_without_hidden_details(set01, tmp_path):
    nb = edit(nbformat.read(set01["solution"], as_version=4),
              "e / (1 + e)).astype(z.dtype)", "e / (1 + e)).astype(np.float64)")
    path = tmp_path / "mine.ipynb"
    nbformat.write(nb, path)
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), str(path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert re.search(r"^q1\s+1.5/2\s+hidden test: a hidden test failed", done.stdout, re.M), done.stdout
    assert "float32" not in done.stdout          # the hidden test's details stay hidden
    assert re.search(r"^total\s+9.5/10", done.stdout, re.M), done.stdout


@pytest.mark.parametrize("args, words", [
    (["--dir", "no/such/folder", "--set", "01"], "--dir must be a folder"),
    (["--dir", "exercises", "--set", "99"], "--set must name one exercise set"),
    (["no/such.ipynb"], "does not exist"),
    (["--dir", "exercises"], "--set is needed with --dir"),
])
def test_bad_command_lines_get_a_clear_error(args, words):
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2 and words in done.stderr, done.stderr


# ------------------ sets 2 to 6: answers that hand back to rnnlib, and a training budget

BPTT_BODY = "    x, h0, h, Wx, Wh = cache\n    N, T, H = h.shape\n"
BPTT_CELL = "def rnn_backward(dh, cache):"


def body(nb, first_line, code, count=1):
    """nb with `code` (indented lines) put at the top of the body that starts with `first_line`."""
    return edit(nb, first_line, code + first_line, count)


def honest_bptt(nb):
    """q2 through the learner's own rnn_step_backward and rnnlib.rnn.RNNStepCache (allowed)."""
    return body(nb, BPTT_BODY, (
        "    from rnnlib.rnn import RNNStepCache\n"
        "    x, h0, h, Wx, Wh = cache\n"
        "    dx, dWx, dWh = np.zeros_like(x), np.zeros_like(Wx), np.zeros_like(Wh)\n"
        "    db, dh_next = np.zeros(h.shape[2], dtype=h.dtype), np.zeros_like(h0)\n"
        "    for t in reversed(range(h.shape[1])):\n"
        "        step = RNNStepCache(x[:, t], h0 if t == 0 else h[:, t - 1], h[:, t], Wx, Wh)\n"
        "        dx[:, t], dh_next, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dh_next, step)\n"
        "        dWx += dWx_t\n        dWh += dWh_t\n        db += db_t\n"
        "    return dx, dh_next, dWx, dWh, db\n"))


# set: {name: (notebook maker from the solution S, {question: points}, total, words in reasons)}
# Each answer that runs rnnlib's version of its function scores 0 on that question (in set 3,
# q3's check that dWh_analytic comes from your rnn_backward fails too: 0.5 of q3).
OWN = "runs rnnlib's own `rnnlib.rnn.rnn_backward`"
PLANTED_BY_SET = {
    "03_bptt": {
        "honest_with_helpers": (honest_bptt, {"q1": 3.5, "q2": 4.5, "q3": 2}, 10, ""),
        "direct_call": (lambda S: body(S, BPTT_BODY, "    import rnnlib\n    return rnnlib.rnn_backward(dh, cache)\n"),
                        {"q1": 3.5, "q2": 0}, 5, "q2: `rnn_backward` " + OWN),
        "alias": (lambda S: body(add_cell(S, "from rnnlib import rnn_step_forward",
                                          "from rnnlib import rnn_backward as f"),
                                 BPTT_BODY, "    return f(dh, cache)\n"),
                  {"q1": 3.5, "q2": 0}, 5, "q2: `rnn_backward` " + OWN),
        "getattr": (lambda S: body(S, BPTT_BODY, '    import rnnlib\n'
                                   '    return getattr(rnnlib, "rnn_" + "backward")(dh, cache)\n'),
                    {"q1": 3.5, "q2": 0}, 5, "q2: `rnn_backward` " + OWN),
        "import_module": (lambda S: body(S, BPTT_BODY, '    import importlib\n    return importlib.'
                                         'import_module("rnnlib.rnn").rnn_backward(dh, cache)\n'),
                          {"q1": 3.5, "q2": 0}, 5, "q2: `rnn_backward` " + OWN),
        "re_export": (lambda S: add_cell(S, BPTT_CELL, "import rnnlib\nrnn_backward = rnnlib.rnn_backward"),
                      {"q1": 3.5, "q2": 0}, 5, "q2: `rnn_backward` " + OWN),
        "fast": (lambda S: body(S, BPTT_BODY, "    import rnnlib.fast\n"
                                "    return rnnlib.fast.rnn_backward(dh, cache)\n"),
                 {"q1": 3.5, "q2": 0}, 5, "q2: `rnn_backward` runs rnnlib's own `rnnlib.fast.rnn.rnn_backward`"),
    },
    "02_rnn_forward": {
        "step_as_fast_sequence": (
            lambda S: body(S, "    h = np.tanh(x @ Wx + h_prev @ Wh + b)", (
                "    import rnnlib.fast\n    h, _ = rnnlib.fast.rnn_forward(x[:, None], h_prev, Wx, Wh, b)\n"
                "    return h[:, 0], None\n")),
            {"q1": 0, "q2": 4, "q3": 2}, 6,
            "q1: `rnn_step_forward` runs rnnlib's own `rnnlib.fast.rnn.rnn_forward`"),
        "count_params": (
            lambda S: body(S, "    return int(D * H + H * H + H)",
                           '    import rnnlib\n    return rnnlib.count_params("simple_rnn", D, H)\n'),
            {"q1": 4, "q2": 4, "q3": 0}, 8,
            "q3: `simple_rnn_params` runs rnnlib's own `rnnlib.cells.Cell.count_params`"),
    },
    "04_clipping": {
        "re_export": (lambda S: add_cell(S, "def global_norm(grads):", "global_norm = rnnlib.global_norm"),
                      {"q1": 0, "q2": 3, "q3": 2}, 8,
                      "q1: `global_norm` runs rnnlib's own `rnnlib.clip.global_norm`"),
    },
    "05_lstm_step": {
        "step_as_fast_sequence": (
            lambda S: body(S, "    i, f, g, o = lstm_gates(x, h_prev, Wx, Wh, b)\n", (
                "    import rnnlib.fast\n"
                "    h, cache = rnnlib.fast.lstm_forward(x[:, None], h_prev, Wx, Wh, b, c0=c_prev)\n"
                "    return h[:, 0], cache.c[:, 0], cache\n")),
            {"q1": 3, "q4": 0}, 7,
            "q4: `lstm_step_forward` runs rnnlib's own `rnnlib.fast.lstm.lstm_forward`"),
    },
    "06_keras_model": {     # the budget is in optimiser steps: 6 epochs of 47, then one more
        "trained_again": (lambda S: add_cell(S, "history = model.fit(",
                                             "model.fit(X_train, y_train, epochs=1, batch_size=64, verbose=0)"),
                          {"q5": 2, "q6": 1.5}, 9.5, "q6: `model` took 329 optimiser steps"),
    },
}


@pytest.fixture(scope="session")
def planted_by_set(assigned, tmp_path_factory):
    """The planted answers of sets 2 to 6, graded with `grade.py --dir`, one folder per set."""
    rows = {}
    for set_name, plants in PLANTED_BY_SET.items():
        if set_name not in assigned:
            continue
        S = nbformat.read(assigned[set_name]["solution"], as_version=4)
        folder = tmp_path_factory.mktemp(f"own-{set_name}")
        for name, (make, *_) in plants.items():
            nbformat.write(make(S), folder / f"{name}.ipynb")
        rows[set_name], _ = grade_dir(folder, set_name, folder.parent / f"own-book-{set_name}")
    return rows


@pytest.mark.parametrize("set_name, name", [(s, n) for s, plants in PLANTED_BY_SET.items()
                                            for n in plants])
def test_planted_answers_of_sets_2_to_6(planted_by_set, set_name, name):
    if set_name not in planted_by_set:
        pytest.skip(f"{set_name} not selected by EXERCISE_SETS")
    row = planted_by_set[set_name][f"{name}.ipynb"]
    _, scores, total, words = PLANTED_BY_SET[set_name][name]
    assert row["status"] == "graded", row
    assert {q: float(row[q]) for q in scores} == scores, row
    assert float(row["total"]) == total, row
    assert words in row["reasons"], row
