"""Set 8 (attention, forward and backward): planted submissions graded as they should be.

Each planted notebook is the set's solution with one mistake a learner makes (a softmax that
overflows, a fully masked row that does not raise, a backward pass without the 1/sqrt(D)
scale or with the softmax's Jacobian left out, float64 out of float32 in), or with an answer
that hands its question back to rnnlib. They are graded with `tools/grade.py --dir` (what
`make grade-all` runs) and each must score exactly the points it earns, with the reason.
The answers that run rnnlib's own function score 0 on their question
(`rnnlib.grading.own_work.OWN_WORK` names set 8's functions); `test_call_refuses_rnnlib_twins`
checks, in process, that `call` refuses them and accepts the solutions.
"""
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_exercises import ROOT, add_cell, assign, body, check_planted, edit, grade_planted, with_answers  # noqa: E402

SET = "08_attention"
ONLY = os.environ.get("EXERCISE_SETS", "").split()
pytestmark = pytest.mark.skipif(bool(ONLY) and "08" not in ONLY,
                                reason="set 08 not selected by EXERCISE_SETS")

STABLE = "    shifted = scores - scores.max(axis=-1, keepdims=True)"
SCALE = "    scale = q.shape[-1] ** -0.5"
BACK = "    q, k, v, A, scale = cache\n"
OWN = "runs rnnlib's own "

# name: (notebook maker from the solution S and the student notebook U,
#        {question: points}, total, words in the reasons, whether it tests the own-work rule)
PLANTED = {
    "full": (lambda S, U: S, {"q1": 3, "q2": 3, "q3": 4}, 10, "", False),
    "untouched": (lambda S, U: U, {"q1": 0, "q2": 0, "q3": 0}, 0,
                  "q1: `masked_softmax` is not written yet", False),
    "only_q1": (lambda S, U: with_answers(U, S, {"q1"}), {"q1": 3, "q2": 0, "q3": 0}, 3,
                "q2: `attention_forward` is not written yet", False),
    # q3's hidden checks build their caches with rnnlib, so q3 counts without q2
    "q1_q3_without_q2": (lambda S, U: with_answers(U, S, {"q1", "q3"}),
                         {"q1": 3, "q2": 0, "q3": 4}, 7, "q2: `attention_forward` is not written", False),
    # no max subtracted: exp(1000) overflows, in q1's hidden check and q2's large scores
    "softmax_overflows": (lambda S, U: edit(S, STABLE, "    shifted = scores"),
                          {"q1": 2, "q2": 2.5, "q3": 4}, 8.5, "hidden test", False),
    # a fully masked row comes out as nan instead of raising ValueError
    "empty_row_no_error": (lambda S, U: edit(S, "        if empty.any():", "        if False:"),
                           {"q1": 2.5, "q2": 2.5, "q3": 4}, 9, "hidden test", False),
    # 1/sqrt(D) as a numpy float64 turns float32 into float64 (numpy 2)
    "forward_float64_scale": (lambda S, U: edit(S, SCALE, "    scale = 1 / np.sqrt(q.shape[-1])"),
                              {"q1": 3, "q2": 2, "q3": 4}, 9, "hidden test", False),
    "backward_without_scale": (lambda S, U: edit(edit(S, "    dq = dS @ k * scale", "    dq = dS @ k"),
                                                 "    dk = dS.transpose(0, 2, 1) @ q * scale",
                                                 "    dk = dS.transpose(0, 2, 1) @ q"),
                               {"q1": 3, "q2": 3, "q3": 0}, 6, "dq of attention_backward", False),
    "backward_softmax_as_elementwise": (
        lambda S, U: edit(S, "    dS = A * (dA - (dA * A).sum(axis=-1, keepdims=True))", "    dS = A * dA"),
        {"q1": 3, "q2": 3, "q3": 0}, 6, "dq of attention_backward", False),
    "backward_float64": (lambda S, U: edit(S, "    return dq, dk, dv\n",
                                           "    return dq.astype(np.float64), dk.astype(np.float64), "
                                           "dv.astype(np.float64)\n"),
                         {"q1": 3, "q2": 3, "q3": 3}, 9, "hidden test", False),
    # answers that hand the question back to rnnlib
    "softmax_from_rnnlib": (lambda S, U: body(S, STABLE,
                                              "    from rnnlib.losses import softmax\n    return softmax(scores)\n"),
                            {"q1": 0, "q2": 3, "q3": 4}, 7,
                            "q1: `masked_softmax` " + OWN + "`rnnlib.losses.softmax`", True),
    "forward_from_rnnlib": (lambda S, U: body(S, SCALE, "    from rnnlib.attention import "
                                              "attention_forward as f\n    return f(q, k, v, mask)\n"),
                            {"q1": 3, "q2": 0, "q3": 4}, 7,
                            "q2: `attention_forward` " + OWN + "`rnnlib.attention.attention_forward`", True),
    "backward_re_exported": (lambda S, U: add_cell(S, "def attention_backward(dout, cache):",
                                                   "import rnnlib.attention\n"
                                                   "attention_backward = rnnlib.attention.attention_backward"),
                             {"q1": 3, "q2": 3, "q3": 0}, 6,
                             "q3: `attention_backward` " + OWN + "`rnnlib.attention.attention_backward`", True),
    "backward_by_getattr": (lambda S, U: body(S, BACK, "    import importlib\n    m = importlib.import_module("
                                              "'rnnlib.' + 'attention')\n"
                                              "    return getattr(m, 'attention_' + 'backward')(dout, cache)\n"),
                            {"q1": 3, "q2": 3, "q3": 0}, 6,
                            "q3: `attention_backward` " + OWN + "`rnnlib.attention.attention_backward`", True),
}


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    """Set 8's solution and student notebooks, made from the master now."""
    return assign("08", tmp_path_factory)


@pytest.fixture(scope="module")
def graded(notebooks, tmp_path_factory):
    return grade_planted({name: make for name, (make, *_) in PLANTED.items()}, notebooks, "08",
                         tmp_path_factory)


@pytest.mark.parametrize("name", list(PLANTED))
def test_planted_submission_scores(graded, name):
    _, scores, total, words, _ = PLANTED[name]
    check_planted(graded[0][f"{name}.ipynb"], scores, words, total)


def test_grading_is_fast(graded):
    rows, seconds = graded
    assert all(float(r["seconds"]) < 60 for r in rows.values()), rows


def test_call_refuses_rnnlib_twins():
    """`call` refuses each route to rnnlib's twin of set 8's functions, in process,
    and lets the solutions' functions (which use AttentionCache and numpy) through."""
    import numpy as np
    import rnnlib.attention as att
    import rnnlib.losses as losses
    from rnnlib.grading import call
    rng = np.random.default_rng(0)
    q, k, v = (rng.normal(size=s) for s in [(2, 3, 4), (2, 5, 4), (2, 5, 2)])
    out, cache = att.attention_forward(q, k, v)
    twins = {"masked_softmax": (lambda s, m=None: losses.softmax(s), (q[0] @ k[0].T,)),
             "attention_forward": (lambda *a: att.attention_forward(*a), (q, k, v)),
             "attention_backward": (lambda d, c: att.attention_backward(d, c), (out, cache))}
    for name, (fn, args) in twins.items():
        with pytest.raises(AssertionError, match=f"`{name}` runs rnnlib's own"):
            call(fn, *args, name=name)

    def attention_backward(dout, cache):          # the solution's, with numpy only
        q, k, v, A, scale = cache
        dA = dout @ v.transpose(0, 2, 1)
        dS = A * (dA - (dA * A).sum(axis=-1, keepdims=True))
        return dS @ k * scale, dS.transpose(0, 2, 1) @ q * scale, A.transpose(0, 2, 1) @ dout

    got = call(attention_backward, out, cache, name="attention_backward")
    want = att.attention_backward(out, cache)
    assert all(np.allclose(g, w) for g, w in zip(got, want))
    got = call(lambda q, k, v: att.AttentionCache(q, k, v, None, 0.5), q, k, v,
               name="attention_forward")
    assert got.scale == 0.5
