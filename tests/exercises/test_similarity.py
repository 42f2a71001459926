"""tools/similarity.py on a planted folder of set 03 (backpropagation through time).

The learners: the master's solution (`master`), five answers written independently of it and
of each other in different styles (`ind_*`: unpacked cache and a step function, einsum over
the whole sequence, a loop over the examples, a stack of the states, and the own parts of
`copy_partial`), and copies of the master: exact, with every variable renamed, reformatted
(comments, blank lines, independent statements in another order), the renamed one pasted
into a new notebook (new cell ids and a scratch cell: answers found by content), one with a
syntax error, and `copy_partial`, whose q2 alone is the master's (its q1 and q3 are its own).
Untouched student notebooks and malformed files are in the folder too.

Checked through the teacher's command (`similarity.py --dir`): the flagged pairs are exactly
the pairs of copies, so no pair of independent answers and no pair of untouched notebooks
is flagged; every malformed file has a line saying why it was skipped; the report holds
the matching lines of a flagged pair and loads nothing from another host. Every
independent answer is checked to be correct first (against rnnlib, in float64 and float32).
"""
import copy
import csv
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from hypothesis import example, given, settings, strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import exercises  # noqa: E402  (tools/exercises.py)
import similarity  # noqa: E402  (tools/similarity.py)

SET = "03_bptt"
STUDENT = ROOT / "exercises" / f"{SET}.ipynb"
ANSWER_IDS = [cell_id for _, cell_id, _ in similarity.starter_answers(json.loads(STUDENT.read_text()))]
Q1_DEF = ('def rnn_step_backward(dh, cache):\n'
          '    """Backward pass of one tanh RNN step: dh (N, H) -> dx, dh_prev, dWx, dWh, db."""\n')
Q2_DEF = ('def rnn_backward(dh, cache):\n'
          '    """BPTT for rnn_forward: dh (N, T, H) -> dx, dh0, dWx, dWh, db."""\n')

# ---------------------------------------------------------------- independent answers
# Each: (q1 cell, q2 cell, q3 lines that replace the starter's three `... = ...` lines).

IND_STEP_CALLS = (Q1_DEF + """\
    x, h_prev, h, Wx, Wh = cache
    dtanh = 1.0 - np.square(h)
    g = dh * dtanh
    grads = (g.dot(Wx.T), g.dot(Wh.T), x.T.dot(g), h_prev.T.dot(g), np.sum(g, axis=0))
    return grads
""", """\
from rnnlib.rnn import RNNStepCache


""" + Q2_DEF + """\
    x, h0, h, Wx, Wh = cache
    n, steps, hidden = h.shape
    grad_x = np.empty_like(x)
    grad_Wx = np.zeros_like(Wx)
    grad_Wh = np.zeros_like(Wh)
    grad_b = np.zeros(hidden, dtype=h.dtype)
    carry = np.zeros((n, hidden), dtype=h.dtype)
    for step in range(steps - 1, -1, -1):
        prev = h[:, step - 1] if step > 0 else h0
        one = RNNStepCache(x[:, step], prev, h[:, step], Wx, Wh)
        grad_x[:, step], carry, gWx, gWh, gb = rnn_step_backward(dh[:, step] + carry, one)
        grad_Wx += gWx
        grad_Wh += gWh
        grad_b += gb
    return grad_x, carry, grad_Wx, grad_Wh, grad_b
""", """\
dWh_analytic = rnn_backward(dh_chk, cache_chk)[3]

def h_for(W):
    h, _ = rnn_forward(x_chk, h0_chk, Wx_chk, W, b_chk)
    return h

dWh_numeric = numerical_gradient(h_for, Wh_chk.copy(), df=dh_chk)
dWh_rel_error = rel_error(dWh_analytic, dWh_numeric)
""")

IND_EINSUM = (Q1_DEF + """\
    local = (1 - cache.h * cache.h) * dh
    dWx = np.einsum("nd,nh->dh", cache.x, local)
    dWh = np.einsum("nk,nh->kh", cache.h_prev, local)
    return np.matmul(local, cache.Wx.T), np.matmul(local, cache.Wh.T), dWx, dWh, local.sum(0)
""", Q2_DEF + """\
    T = dh.shape[1]
    das = np.zeros_like(cache.h)
    running = np.zeros_like(cache.h0)
    t = T - 1
    while t >= 0:
        das[:, t] = (dh[:, t] + running) * (1 - cache.h[:, t] ** 2)
        running = das[:, t] @ cache.Wh.T
        t -= 1
    previous = np.concatenate([cache.h0[:, None, :], cache.h[:, :-1, :]], axis=1)   # (N, T, H)
    dx = das @ cache.Wx.T
    dWx = np.einsum("ntd,nth->dh", cache.x, das)
    dWh = np.einsum("ntk,nth->kh", previous, das)
    db = das.sum(axis=(0, 1))
    return dx, running, dWx, dWh, db
""", """\
dWh_analytic = rnn_backward(dh_chk, cache_chk)[3]
dWh_numeric = numerical_gradient(lambda Wh: rnn_forward(x_chk, h0_chk, Wx_chk, Wh, b_chk)[0],
                                 Wh_chk.copy(), df=dh_chk)
dWh_rel_error = float(rel_error(dWh_analytic, dWh_numeric))
""")

IND_PER_EXAMPLE = (Q1_DEF + """\
    slope = 1 - cache.h ** 2                # tanh'(a), from the output
    delta = slope * dh
    dWx = np.zeros_like(cache.Wx)
    dWh = np.zeros_like(cache.Wh)
    for n in range(delta.shape[0]):         # one example at a time
        dWx += np.outer(cache.x[n], delta[n])
        dWh += np.outer(cache.h_prev[n], delta[n])
    db = delta.sum(axis=0)
    dx = delta @ cache.Wx.T
    dh_prev = delta @ cache.Wh.T
    return dx, dh_prev, dWx, dWh, db
""", Q2_DEF + """\
    N, T, H = cache.h.shape
    grads = [None] * T
    dWx = np.zeros_like(cache.Wx)
    dWh = np.zeros_like(cache.Wh)
    db = np.zeros_like(cache.h0[0])
    upstream = np.zeros_like(cache.h0)
    for k in range(T):
        t = T - 1 - k
        before = cache.h0 if t == 0 else cache.h[:, t - 1]
        delta = (1 - cache.h[:, t] ** 2) * (dh[:, t] + upstream)
        grads[t] = delta @ cache.Wx.T
        dWx = dWx + cache.x[:, t].T @ delta
        dWh = dWh + before.T @ delta
        db = db + delta.sum(axis=0)
        upstream = delta @ cache.Wh.T
    return np.stack(grads, axis=1), upstream, dWx, dWh, db
""", """\
grads_chk = rnn_backward(dh_chk, cache_chk)
dWh_analytic = grads_chk[3]
f = lambda W: rnn_forward(x_chk, h0_chk, Wx_chk, W, b_chk)[0]
dWh_numeric = numerical_gradient(f, Wh_chk.copy(), df=dh_chk)
dWh_rel_error = rel_error(dWh_analytic, dWh_numeric)
""")

IND_STATES = (Q1_DEF + """\
    x, h_prev, h, Wx, Wh = cache.x, cache.h_prev, cache.h, cache.Wx, cache.Wh
    da = dh - dh * h * h
    return da.dot(Wx.T), da.dot(Wh.T), x.T.dot(da), h_prev.T.dot(da), da.sum(axis=0)
""", Q2_DEF + """\
    states = np.concatenate((cache.h0[:, None], cache.h), axis=1)   # (N, T+1, H): h0, h_1, ...
    dx = np.zeros_like(cache.x)
    dh0 = np.zeros_like(cache.h0)
    dWx, dWh = np.zeros_like(cache.Wx), np.zeros_like(cache.Wh)
    db = np.zeros(cache.Wh.shape[0], cache.h.dtype)
    for t in range(dh.shape[1])[::-1]:
        da = (dh[:, t] + dh0) * (1 - states[:, t + 1] ** 2)
        dx[:, t] = da.dot(cache.Wx.T)
        dh0 = da.dot(cache.Wh.T)
        dWx += cache.x[:, t].T.dot(da)
        dWh += states[:, t].T.dot(da)
        db += da.sum(0)
    return dx, dh0, dWx, dWh, db
""", """\
dWh_analytic = rnn_backward(dh_chk, cache_chk)[3]


def hidden_states(W):
    return rnn_forward(x_chk, h0_chk, Wx_chk, W, b_chk)[0]


dWh_numeric = numerical_gradient(hidden_states, Wh_chk.copy(), df=dh_chk)
dWh_rel_error = rel_error(dWh_analytic, dWh_numeric)
""")

# copy_partial's own q1 and q3 (its q2 is the master's)
OWN_Q1 = Q1_DEF + """\
    x, h_prev, h, Wx, Wh = cache
    local_grad = dh * (1.0 - h) * (1.0 + h)       # tanh' = (1 - h)(1 + h)
    return (np.dot(local_grad, Wx.T),
            np.dot(local_grad, Wh.T),
            np.dot(x.T, local_grad),
            np.dot(h_prev.T, local_grad),
            np.sum(local_grad, axis=0))
"""
OWN_Q3 = """\
analytic = rnn_backward(dh_chk, cache_chk)
dWh_analytic = analytic[3]
dWh_numeric = numerical_gradient(lambda Wh_try: rnn_forward(x_chk, h0_chk, Wx_chk, Wh_try, b_chk)[0],
                                 Wh_chk.copy(), df=dh_chk)
dWh_rel_error = rel_error(dWh_analytic, dWh_numeric)
"""

# ---------------------------------------------------------------- copies of the master

RENAMED = ('''\
def rnn_step_backward(upstream, saved):
    """Backward pass of one tanh RNN step: dh (N, H) -> dx, dh_prev, dWx, dWh, db."""
    g = upstream * (1 - saved.h ** 2)                  # (N, H), through the tanh
    grad_in = g @ saved.Wx.T                          # (N, H)(H, D) -> (N, D)
    grad_state = g @ saved.Wh.T                     # (N, H)(H, H) -> (N, H)
    grad_W_in = saved.x.T @ g                          # (D, N)(N, H) -> (D, H)
    grad_W_rec = saved.h_prev.T @ g                     # (H, N)(N, H) -> (H, H)
    grad_bias = g.sum(axis=0)                           # (H,)
    return grad_in, grad_state, grad_W_in, grad_W_rec, grad_bias
''', '''\
def rnn_backward(upstream, saved):
    """BPTT for rnn_forward: dh (N, T, H) -> dx, dh0, dWx, dWh, db."""
    inp, init, states, W_in, W_rec = saved
    n_batch, n_steps, n_hidden = states.shape
    g_in = np.zeros_like(inp)                         # (N, T, D)
    g_W_in, g_W_rec = np.zeros_like(W_in), np.zeros_like(W_rec)
    g_bias = np.zeros(n_hidden, dtype=states.dtype)
    carry = np.zeros_like(init)                   # nothing comes from after the last step
    for step in reversed(range(n_steps)):
        before = init if step == 0 else states[:, step - 1]
        g = (upstream[:, step] + carry) * (1 - states[:, step] ** 2)   # (N, H)
        g_in[:, step] = g @ W_in.T
        g_W_in += inp[:, step].T @ g
        g_W_rec += before.T @ g
        g_bias += g.sum(axis=0)
        carry = g @ W_rec.T                       # sent to step t - 1
    return g_in, carry, g_W_in, g_W_rec, g_bias
''', '''\
dWh_analytic = rnn_backward(dh_chk, cache_chk)[3]
dWh_numeric = numerical_gradient(lambda M: rnn_forward(x_chk, h0_chk, Wx_chk, M, b_chk)[0], Wh_chk.copy(), df=dh_chk)
dWh_rel_error = rel_error(dWh_analytic, dWh_numeric)
''')

REFORMATTED = (Q1_DEF + """\
    # gradient through tanh first

    da = dh * (1 - cache.h ** 2)

    # the weights
    dWh = cache.h_prev.T @ da
    dWx = cache.x.T @ da
    db = da.sum(axis=0)

    # the inputs
    dh_prev = da @ cache.Wh.T
    dx = da @ cache.Wx.T
    return dx, dh_prev, dWx, dWh, db
""", Q2_DEF + """\
    x, h0, h, Wx, Wh = cache
    N, T, H = h.shape

    dh_next = np.zeros_like(h0)
    db = np.zeros(H, dtype=h.dtype)
    dWx, dWh = np.zeros_like(Wx), np.zeros_like(Wh)
    dx = np.zeros_like(x)

    for t in reversed(range(T)):
        # the state before this step
        h_prev = h0 if t == 0 else h[:, t - 1]
        da = (dh[:, t] + dh_next) * (1 - h[:, t] ** 2)

        db += da.sum(axis=0)
        dWh += h_prev.T @ da
        dWx += x[:, t].T @ da
        dx[:, t] = da @ Wx.T

        dh_next = da @ Wh.T
    return dx, dh_next, dWx, dWh, db
""", """\

# my answers
dWh_analytic = rnn_backward(dh_chk, cache_chk)[3]   # analytic

dWh_numeric = numerical_gradient(lambda W: rnn_forward(x_chk, h0_chk, Wx_chk, W, b_chk)[0], Wh_chk.copy(), df=dh_chk)
dWh_rel_error = rel_error(dWh_analytic, dWh_numeric)
""")

INDEPENDENT = {"ind_step_calls": IND_STEP_CALLS, "ind_einsum": IND_EINSUM,
               "ind_per_example": IND_PER_EXAMPLE, "ind_states": IND_STATES}
COPIES = ["copy_exact", "copy_renamed", "copy_reformatted", "copy_new_ids", "copy_broken",
          "copy_partial"]
UNTOUCHED = ["untouched_1", "untouched_2"]
# file name: (contents, words in the reason it was not compared)
MALFORMED = {
    "not_json.ipynb": (b'{"cells": [', "not JSON"),
    "empty.ipynb": (b"", "the file is empty"),
    "cells_is_5.ipynb": (b'{"cells": 5}', "'cells' must be a list"),
    "nbformat_3.ipynb": (json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                                     "worksheets": []}).encode(), "nbformat 3"),
    "latin1.ipynb": ('{"cells": [], "x": "é"}'.encode("latin-1"), "not UTF-8"),
    "<img src=http:evil.example>.ipynb": (b"{", "not JSON"),     # a name the report must not run
}


# ---------------------------------------------------------------- building the notebooks

def learner_source(solution_cell):
    """The master's answer as a learner would have written it: otter's markers taken out."""
    src = re.sub(r'    """ # BEGIN PROMPT.*?""" # END PROMPT\n', "", solution_cell, flags=re.S)
    lines = [ln for ln in src.splitlines() if ln.strip() not in
             ("# BEGIN SOLUTION NO PROMPT", "# BEGIN SOLUTION", "# END SOLUTION")]
    return "\n".join(ln.split("  # SOLUTION")[0] for ln in lines) + "\n"


def master_answers(tmp_path_factory):
    """(q1, q2, q3) of the master's solution, from `otter assign` of the master now."""
    out = tmp_path_factory.mktemp("assign-03")
    exercises.generate(ROOT / "exercises" / "masters" / f"{SET}.ipynb", out, run_tests=False)
    S = nbformat.read(out / "autograder" / f"{SET}.ipynb", as_version=4)
    q1, q2, q3 = [learner_source(c.source) for c in S.cells
                  if "otter_assign_solution_cell" in c.metadata.get("tags", [])]
    return q1, q2, q3.split("\n\n", 1)[1]       # q3: the starter's data lines, then the answer


def filled(answers):
    """The student notebook with its three answer cells replaced: (q1, q2, q3 answer lines)."""
    nb = nbformat.read(STUDENT, as_version=4)
    cells = [c for c in nb.cells if similarity.is_answer_cell(c)]
    assert len(cells) == 3, [c.source[:40] for c in cells]
    q1, q2, q3 = answers
    cells[0].source, cells[1].source = q1, q2
    given = [ln for ln in cells[2].source.splitlines() if not ln.rstrip().endswith("= ...")]
    cells[2].source = "\n".join(given).rstrip() + "\n\n" + q3
    return nb


def plant(folder, master):
    """Write every planted notebook into `folder`; return {name: notebook} of the readable ones."""
    q1, q2, q3 = master
    books = {"master": filled(master), "copy_exact": filled(master),
             "copy_renamed": filled(RENAMED), "copy_reformatted": filled(REFORMATTED),
             "copy_partial": filled((OWN_Q1, q2, OWN_Q3)),
             "copy_broken": filled((q1, q2.replace("db = np.zeros(H, dtype=h.dtype)",
                                                   "db = np.zeros(H, dtype=h.dtype"), q3)),
             "untouched_1": nbformat.read(STUDENT, as_version=4),
             "untouched_2": nbformat.read(STUDENT, as_version=4)}
    books.update({name: filled(answers) for name, answers in INDEPENDENT.items()})
    books["copy_new_ids"] = copy.deepcopy(books["copy_renamed"])    # pasted into a new notebook
    books["copy_new_ids"].cells.insert(3, nbformat.v4.new_code_cell("scratch = np.ones(3)\nprint(scratch)"))
    for i, c in enumerate(books["copy_new_ids"].cells):
        c.id = f"fresh{i:03d}"
    for c in books["untouched_2"].cells:        # run, and the given lines touched, no answer
        c.source = (c.source.replace("cache):", "cache) :").replace("default_rng(7)", "default_rng( 7 )")
                    .replace("3, 3\n", "3, 3   # sizes\n"))
    assert books["untouched_2"] != books["untouched_1"]
    for name, nb in books.items():
        nbformat.write(nb, folder / f"{name}.ipynb")
    for name, (data, _) in MALFORMED.items():
        (folder / name).write_bytes(data)
    other = json.loads((ROOT / "exercises" / "02_rnn_forward.ipynb").read_text())
    (folder / "other_set.ipynb").write_text(json.dumps(other))
    (folder / "folder.ipynb").mkdir()
    (folder / "readme.txt").write_text("not a notebook")
    return books


def run(folder, out, *extra):
    """The teacher's command on `folder`: ({(a, b): CSV row}, report text, stdout)."""
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "similarity.py"), "--dir",
                           str(folder), "--set", "03", "--out", str(out), *extra],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(out.with_suffix(".csv"), encoding="utf-8") as f:
        rows = {frozenset((r["notebook_a"], r["notebook_b"])): r for r in csv.DictReader(f)}
    return rows, out.with_suffix(".md").read_text(encoding="utf-8"), done.stdout


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("planted-03")
    books = plant(folder, master_answers(tmp_path_factory))
    rows, report, stdout = run(folder, folder.parent / "similarity-planted-03")
    return books, rows, report, stdout


def nb_names(*stems):
    return [f"{s}.ipynb" for s in stems]


# ---------------------------------------------------------------- the checks

@pytest.mark.parametrize("name", list(INDEPENDENT) + ["copy_partial"])
def test_independent_answers_are_correct(planted, name):
    """Each answer written here computes what rnnlib computes (float64 and float32, T = 1)."""
    import rnnlib
    books = planted[0]
    space = {}
    for c in books[name].cells:
        if c.id in ANSWER_IDS or c.source.startswith("import numpy"):
            exec(c.source, space)
    rng = np.random.default_rng(3)
    for (N, T, D, H), dtype in itertools.product([(2, 5, 3, 4), (1, 1, 1, 1)], (np.float64, np.float32)):
        args = [rng.normal(size=s).astype(dtype) for s in ((N, T, D), (N, H), (D, H), (H, H), (H,))]
        dh = rng.normal(size=(N, T, H)).astype(dtype)
        _, cache = rnnlib.rnn_forward(*args)
        for got, want in zip(space["rnn_backward"](dh, cache), rnnlib.rnn_backward(dh, cache)):
            assert got.dtype == dtype and got.shape == want.shape
            np.testing.assert_allclose(got, want, rtol=1e-4 if dtype == np.float32 else 1e-10, atol=1e-6)
        step = cache.step(T - 1)
        for got, want in zip(space["rnn_step_backward"](dh[:, -1], step),
                             rnnlib.rnn_step_backward(dh[:, -1], step)):
            np.testing.assert_allclose(got, want, rtol=1e-4 if dtype == np.float32 else 1e-10, atol=1e-6)
    assert space["dWh_rel_error"] < 1e-6


def test_flagged_pairs_are_exactly_the_copies(planted):
    """Every pair of copies is flagged (the master and its copies, the partial one included);
    no pair of independent answers, of an independent and a copy, or of untouched notebooks."""
    _, rows, _, _ = planted
    copies = nb_names("master", *COPIES)
    expected = {frozenset(p) for p in itertools.combinations(copies, 2)}
    flagged = {pair for pair, r in rows.items() if r["flagged"] == "yes"}
    scores = {tuple(sorted(p)): float(rows[p]["score"]) for p in rows}
    assert flagged == expected, (sorted(map(sorted, flagged ^ expected)), scores)


def test_no_fingerprint_touches_a_line_the_starter_gives():
    """A run of tokens that starts in the given `def` line and ends in the answer is left out."""
    starter = similarity.starter_parts(json.loads(STUDENT.read_text()))
    answer = Q1_DEF + "    da = dh * (1 - cache.h ** 2)\n    return da @ cache.Wx.T, da, da, da, da\n"
    sub = similarity.fingerprint("one", {"q1": answer}, starter.given, starter.hashes)
    assert sub.where and all(first >= 3 for places in sub.where.values() for _, first, _ in places)


def test_every_pair_of_readable_notebooks_is_in_the_csv_in_order(planted):
    """One row per pair of readable notebooks, flagged ones first, then by score."""
    books, rows, _, _ = planted
    assert len(rows) == len(books) * (len(books) - 1) // 2
    assert set().union(*rows) == set(nb_names(*books))
    keys = [(r["flagged"] == "no", -float(r["score"])) for r in rows.values()]
    assert keys == sorted(keys)


def test_untouched_notebooks_share_nothing(planted):
    """The starter is subtracted: an untouched notebook has no fingerprint left."""
    _, rows, report, _ = planted
    for other in rows:
        if any(n.startswith("untouched") for n in other):
            assert float(rows[other]["score"]) == 0 and rows[other]["shared"] == "0", rows[other]
    for name in UNTOUCHED:
        assert f"{name}.ipynb: no answer code beyond the starter" in report


def test_copies_score_high_and_independent_answers_low(planted):
    """Whole copies score near 1 (the partial one above the threshold); independent ones well below."""
    _, rows, _, _ = planted
    row = lambda a, b: rows[frozenset(nb_names(a, b))]
    score = lambda a, b: float(row(a, b)["score"])
    both = lambda a, b: min(float(row(a, b)["a_in_b"]), float(row(a, b)["b_in_a"]))
    assert both("master", "copy_exact") == 1.0 and both("copy_renamed", "copy_new_ids") == 1.0
    for name in ["copy_renamed", "copy_reformatted", "copy_broken"]:
        assert both("master", name) >= 0.8, row("master", name)
    assert score("master", "copy_partial") >= similarity.THRESHOLD
    for a, b in itertools.combinations(["master", "copy_partial", *INDEPENDENT], 2):
        if {a, b} != {"master", "copy_partial"}:
            assert score(a, b) < similarity.THRESHOLD - 0.1, (a, b, score(a, b))


def test_malformed_files_are_reported_not_crashed_on(planted):
    _, _, report, stdout = planted
    skipped = report.split("## Not compared")[1].split("\n## ")[0]
    expected = {**{n: w for n, (_, w) in MALFORMED.items()},
                "other_set.ipynb": "belongs to set '02_rnn_forward'",
                "folder.ipynb": "is a folder", "readme.txt": "does not end in .ipynb"}
    for name, words in expected.items():
        line = next((ln for ln in skipped.splitlines() if ln.startswith(f"- {similarity.md(name)}")), None)
        assert line is not None and words in line, (name, skipped)
    assert f"{len(expected)} not compared" in stdout


def test_cell_ids_changed_are_found_by_content(planted):
    _, _, report, _ = planted
    notes = [ln for ln in report.splitlines() if ln.startswith("- copy_new_ids.ipynb:")]
    assert len(notes) == 3 and all("found by its first line" in n for n in notes), notes
    assert not any(ln.startswith("- master.ipynb:") for ln in report.splitlines())


def test_report_shows_matching_lines_of_both_and_loads_nothing(planted):
    _, _, report, _ = planted
    header = re.search(r"^## Pair \d+: (master|copy_renamed)\.ipynb and (master|copy_renamed)\.ipynb, "
                       r"score 1\.00$", report, re.M)
    section = report[header.end():].split("\n## ")[0]
    assert "g_W_rec += before.T @ g" in section            # the copy's line ...
    assert "dWh += h_prev.T @ da" in section               # ... and the master's
    assert "### answer 2 (rnn_backward)" in section
    assert not re.search(r"https?://|<(img|script|link|iframe)|!\[|@import", report)
    assert "&lt;img src=http:evil.example&gt;.ipynb is not a readable notebook" in report


def test_bad_arguments_get_a_clear_error(tmp_path):
    for args, words in [(["--dir", str(tmp_path / "nope"), "--set", "03"], "--dir must be a folder"),
                        (["--dir", str(tmp_path), "--set", "99"], "--set must name one exercise set"),
                        (["--dir", str(tmp_path), "--set", "03", "--threshold", "1.5"],
                         "--threshold must be a share between 0")]:
        done = subprocess.run([sys.executable, str(ROOT / "tools" / "similarity.py"), *args],
                              capture_output=True, text=True)
        assert done.returncode == 2 and words in done.stderr, done.stderr


def test_normalised_tokens_ignore_names_comments_and_docstrings():
    a = 'def f(x):\n    """Doc."""\n    y = x.T @ x  # square\n    return y.sum(axis=0)\n'
    b = "def g(inp):\n\n    out = inp.T @ inp\n    return out.sum(axis=1)\n"
    texts = lambda src: [t.text for t in similarity.tokens(src)]
    assert texts(a) == texts(b)
    assert "T" in texts(a) and "sum" in texts(a)           # attribute names stay


def test_code_python_cannot_read_is_still_tokenised():
    src = 'x = 1\ns = """never closed\ny = f(x\nz = 3\n'
    lines = {t.line for t in similarity.tokens(src)}
    assert 1 in lines and 4 in lines


@settings(max_examples=300, deadline=None)
@example("    x = 1\n  y = 2\n")                 # an unindent Python cannot match
@example("x = (1,\ny = 2\n")                     # a bracket never closed
@example('s = """never closed\ny = 2\n')          # a string never closed
@example("a\x00b = 1\n")                          # a null byte
@given(st.lists(st.sampled_from(list("()[]{}'\"#\\:=.,@ \t\n\x0c\r%!xyz019_é\x00")
                                + ["def ", '"""', "    ", "f'{", "\n    "]), max_size=60).map("".join))
def test_any_text_in_an_answer_cell_is_fingerprinted_without_error(source):
    """Whatever an answer cell holds (unclosed brackets and strings, bad indents, null bytes),
    it gets tokens and fingerprints, each on a line of the cell."""
    sub = similarity.fingerprint("any", {"q1": source}, frozenset(), frozenset(), k=2, window=2)
    n_lines = len(source.splitlines())
    assert all(1 <= first <= last <= n_lines for places in sub.where.values() for _, first, last in places)
