"""Set 07 (the LSTM backward pass): planted faulty submissions, graded by the teacher's command.

Each planted notebook is the set's solution with one mistake, graded with `tools/grade.py
--dir` (what `make grade-all` runs). A slip in q1 costs every question built on it; a
missing carry of the cell state's gradient costs q3 only; a float64 sum costs q3's float32
check; and an answer that runs rnnlib's own LSTM backward pass (directly, through
`getattr`, from `rnnlib.fast`) scores 0 on its question (`rnnlib.grading.own_work`).
"""
import pytest
import nbformat

from test_exercises import ROOT, body, edit, grade_dir

SET = "07_lstm_backward"
STEP_BODY = "    dz, dc_prev = lstm_gate_grads(dh, dc, cache)       # (N, 4H), (N, H)\n"
SEQ_BODY = "    N, T, H = cache.h.shape\n"
OWN = "runs rnnlib's own"

# name: (notebook maker from the solution S, {question: points}, total, words in the reasons)
PLANTED = {
    "full": (lambda S: S, {"q1": 3, "q2": 4, "q3": 3}, 10, ""),
    # q1 counts only the gradient from outside the step on c_t, not the path through h_t
    "no_dh_path": (lambda S: edit(S, "dc_total = dc + dh * o * (1 - tanh_c ** 2)", "dc_total = dc"),
                   {"q1": 0, "q2": 0, "q3": 0}, 0, "your dz_i uses only dc"),
    # q3 never carries the cell state's gradient back to the step before
    "no_dc_carry": (lambda S: edit(S, "dh[:, t] + dh_next, dc_next, cache.step(t))",
                                   "dh[:, t] + dh_next, np.zeros_like(dc_next), cache.step(t))"),
                    {"q1": 3, "q2": 4, "q3": 0}, 7, "is not carried back"),
    # q3 sums db in float64 whatever the cache's dtype
    "float64_sum": (lambda S: edit(S, "db = np.zeros(4 * H, dtype=cache.h.dtype)", "db = np.zeros(4 * H)"),
                    {"q1": 3, "q2": 4, "q3": 2.25}, 9.25, "must be float32"),
    # q2 hands the step to rnnlib (q3, built on it, runs rnnlib's step backward too)
    "step_direct_call": (lambda S: body(S, STEP_BODY, "    import rnnlib\n"
                                        "    return rnnlib.lstm_step_backward(dh, dc, cache)\n"),
                         {"q1": 3, "q2": 0, "q3": 0}, 3,
                         "q2: `lstm_step_backward` " + OWN + " `rnnlib.lstm.lstm_step_backward`"),
    "sequence_getattr": (lambda S: body(S, SEQ_BODY, '    import rnnlib\n'
                                        '    return getattr(rnnlib, "lstm_" + "backward")(dh, cache)\n'),
                         {"q1": 3, "q2": 4, "q3": 0}, 7,
                         "q3: `lstm_backward` " + OWN + " `rnnlib.lstm.lstm_backward`"),
    "sequence_fast": (lambda S: body(S, SEQ_BODY, "    import rnnlib.fast\n"
                                     "    return rnnlib.fast.lstm_backward(dh, cache)\n"),
                      {"q1": 3, "q2": 4, "q3": 0}, 7,
                      "q3: `lstm_backward` " + OWN + " `rnnlib.fast.lstm.lstm_backward`"),
    # q1 takes dz from rnnlib's step backward one example at a time (its db is that example's dz)
    "gates_from_db": (lambda S: body(S, "    i, f, g, o = np.split(cache.gates, 4, axis=1)      # (N, H) each, after activation\n",
                                     "    import rnnlib\n"
                                     "    dz = np.stack([rnnlib.lstm_step_backward(dh[n:n+1], dc[n:n+1], cache._replace(\n"
                                     "        x=cache.x[n:n+1], h_prev=cache.h_prev[n:n+1], c_prev=cache.c_prev[n:n+1],\n"
                                     "        c=cache.c[n:n+1], gates=cache.gates[n:n+1]))[5] for n in range(len(dh))])\n"
                                     "    return dz, rnnlib.lstm_step_backward(dh, dc, cache)[2]\n"),
                      {"q1": 0, "q2": 0, "q3": 0}, 0,     # q2 and q3 run it too, through q1
                      "q1: `lstm_gate_grads` " + OWN + " `rnnlib.lstm.lstm_step_backward`"),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every planted notebook of set 07, graded in one folder: {file name: gradebook row}."""
    import exercises  # tools/exercises.py, on sys.path through test_exercises
    out = tmp_path_factory.mktemp("assign-07")
    exercises.generate(ROOT / "exercises" / "masters" / f"{SET}.ipynb", out, run_tests=False)
    S = nbformat.read(out / "autograder" / f"{SET}.ipynb", as_version=4)
    folder = tmp_path_factory.mktemp("planted-07")
    for name, (make, *_) in PLANTED.items():
        nbformat.write(make(S), folder / f"{name}.ipynb")
    rows, _ = grade_dir(folder, "07", folder.parent / "planted-07-book")
    return rows


@pytest.mark.parametrize("name", list(PLANTED))
def test_planted_submission_of_set_07(graded, name):
    _, scores, total, words = PLANTED[name]
    row = graded[f"{name}.ipynb"]
    assert row["status"] == "graded", row
    assert float(row["max"]) == 10, row
    assert {q: float(row[q]) for q in scores} == scores, row
    assert float(row["total"]) == total, row
    assert words in row["reasons"], row
