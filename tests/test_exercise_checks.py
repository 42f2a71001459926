"""rnnlib.grading: each failure of a learner's answer gets its own message."""
import time

import numpy as np
import pytest

from rnnlib.grading import call, check_array


def test_call_returns_the_result():
    assert call(lambda a, b=0: a + b, 2, b=3, name="add") == 5


@pytest.mark.parametrize("fn, words", [
    (None, "`f` is not defined"),
    (3.0, "must be a function, but it is a float"),
])
def test_call_missing_or_not_a_function(fn, words):
    with pytest.raises(AssertionError, match=words):
        call(fn, name="f")


def test_call_unfinished_stub():
    def f():
        raise NotImplementedError("q1: write f")
    with pytest.raises(AssertionError, match=r"`f` is not written yet \(q1: write f\)"):
        call(f, name="f")


def test_call_stops_an_endless_loop_once_then_fails_fast():
    def f():
        while True:
            try:
                time.sleep(0.01)
            except Exception:        # the learner's own except cannot swallow the stop
                pass
    start = time.monotonic()
    with pytest.raises(AssertionError, match="did not return within 0.3 s"):
        call(f, name="f", limit=0.3)
    with pytest.raises(AssertionError, match="in an earlier check"):
        call(f, name="f", limit=0.3)
    assert time.monotonic() - start < 1.5


def test_call_lets_other_errors_through():
    def f():
        raise ValueError("learner bug")
    with pytest.raises(ValueError, match="learner bug"):
        call(f, name="f")


def test_check_array_accepts_close_values_and_returns_an_array():
    got = check_array([1.0, 2.0 + 1e-12], [1.0, 2.0], what="x")
    assert isinstance(got, np.ndarray)


@pytest.mark.parametrize("got, words", [
    (None, "got None. Did the function end without `return`"),
    (Ellipsis, "is still `...`"),
    ((np.zeros(2), np.zeros(2)), "got a tuple of 2 items"),
    (np.array(["a", "b"]), "expected numbers, but got dtype <U1"),
    (np.zeros(3), r"expected shape \(2,\), but got shape \(3,\)"),
    (np.array([np.nan, 1.0]), "got nan at index \\(0,\\).*non-finite"),
    (np.array([1.0, 2.5]), r"first wrong entry is at index \(1,\) \(got 2.5, expected 2.0\).*Hint: h"),
])
def test_check_array_messages(got, words):
    with pytest.raises(AssertionError, match=words):
        check_array(got, [1.0, 2.0], what="x", hint="h")


def test_check_array_scalar():
    check_array(0.25, 0.25, what="slope")
    with pytest.raises(AssertionError, match="expected 0.25"):
        check_array(0.5, 0.25, what="slope")


# ---------------------------------------------------------------- own work (OWN_WORK)

import functools
import importlib
import inspect
import threading

import rnnlib
import rnnlib.fast
from rnnlib import rnn_backward as _aliased
from rnnlib.grading import OWN_WORK


def _bptt_case():
    rng = np.random.default_rng(0)
    N, T, D, H = 2, 3, 2, 3
    _, cache = rnnlib.rnn_forward(rng.normal(size=(N, T, D)), rng.normal(size=(N, H)),
                                  rng.normal(size=(D, H)), rng.normal(size=(H, H)),
                                  rng.normal(size=H))
    return rng.normal(size=(N, T, H)), cache


def _honest_rnn_backward(dh, cache):
    """BPTT written out, calling only the allowed rnnlib.rnn.RNNStepCache and numpy."""
    x, h0, h, Wx, Wh = cache
    dx, dWx, dWh = np.zeros_like(x), np.zeros_like(Wx), np.zeros_like(Wh)
    db, dh_next = np.zeros(h.shape[2]), np.zeros_like(h0)
    for t in reversed(range(h.shape[1])):
        step = rnnlib.rnn.RNNStepCache(x[:, t], h0 if t == 0 else h[:, t - 1], h[:, t], Wx, Wh)
        da = (dh[:, t] + dh_next) * (1 - step.h ** 2)
        dx[:, t], dh_next = da @ Wx.T, da @ Wh.T
        dWx += step.x.T @ da
        dWh += step.h_prev.T @ da
        db += da.sum(axis=0)
    return dx, dh_next, dWx, dWh, db


def _in_a_thread(dh, cache):
    out = []
    worker = threading.Thread(target=lambda: out.append(rnnlib.rnn_backward(dh, cache)))
    worker.start()
    worker.join()
    return out[0]


_copy_ns = {"np": np}
exec(inspect.getsource(rnnlib.rnn.rnn_backward), vars(rnnlib.rnn) | _copy_ns, _copy_ns)

TRICKS = {
    "direct call": lambda dh, cache: rnnlib.rnn_backward(dh, cache),
    "alias": lambda dh, cache: _aliased(dh, cache),
    "getattr": lambda dh, cache: getattr(rnnlib, "rnn_" + "backward")(dh, cache),
    "import_module": lambda dh, cache: importlib.import_module("rnnlib.rnn").rnn_backward(dh, cache),
    "re-export": rnnlib.rnn_backward,
    "rnnlib.fast": lambda dh, cache: rnnlib.fast.rnn_backward(dh, cache),
    "partial": functools.partial(rnnlib.rnn.rnn_backward),
    "another rnnlib function": lambda dh, cache: rnnlib.training.truncated.rnn_backward(dh, cache),
    "thread": _in_a_thread,
    "copy of its source": _copy_ns["rnn_backward"],
}


@pytest.mark.parametrize("trick", list(TRICKS))
def test_call_refuses_rnnlibs_own_version(trick):
    import rnnlib.training.truncated  # noqa: F401  (for the "another rnnlib function" trick)
    dh, cache = _bptt_case()
    want = rnnlib.rnn_backward(dh, cache)
    if trick != "thread":               # each trick does give the right answer...
        np.testing.assert_allclose(TRICKS[trick](dh, cache)[2], want[2])
    with pytest.raises(AssertionError, match=r"`rnn_backward` runs rnnlib's own "
                                             r"`rnnlib\.(fast\.)?rnn\.rnn_backward`.*scores 0"):
        call(TRICKS[trick], dh, cache, name="rnn_backward")   # ...and is refused


def test_call_accepts_own_work_and_allowed_helpers():
    dh, cache = _bptt_case()
    got = call(_honest_rnn_backward, dh, cache, name="rnn_backward")
    for g, w in zip(got, rnnlib.rnn_backward(dh, cache)):
        np.testing.assert_allclose(g, w)
    # set 3 q2 may use a step backward: rnnlib's is not the function q2 asks for
    call(lambda dh, c: rnnlib.rnn_step_backward(dh[:, -1], c.step(c.h.shape[1] - 1)),
         dh, cache, name="rnn_backward")
    # a name no exercise asks for is not watched
    assert call(rnnlib.rnn_backward, dh, cache, name="not_an_exercise")[0].shape == cache.x.shape


def test_call_refuses_turning_the_watch_off():
    import sys

    def sneaky(dh, cache):
        sys.setprofile(None)
        return rnnlib.rnn_backward(dh, cache)
    with pytest.raises(AssertionError, match="turned off the grader's profiler"):
        call(sneaky, *_bptt_case(), name="rnn_backward")
    assert sys.getprofile() is None


def test_call_reports_the_twin_even_if_the_answer_then_fails():
    def half(dh, cache):
        rnnlib.rnn_backward(dh, cache)
        raise ValueError("oops")
    with pytest.raises(AssertionError, match="runs rnnlib's own"):
        call(half, *_bptt_case(), name="rnn_backward")


@pytest.mark.parametrize("name, cheat, args", [
    ("sigmoid", lambda z: rnnlib.sigmoid(z), (np.ones(3),)),
    ("sigmoid", lambda z: rnnlib.activations._sigmoid_of_negated(-z), (np.ones(3),)),
    ("tanh", rnnlib.tanh, (np.ones(3),)),
    ("relu", rnnlib.relu, (np.ones(3),)),
    ("sigmoid_grad", rnnlib.sigmoid_grad, (np.ones(3),)),
    ("tanh_grad", rnnlib.tanh_grad, (np.ones(3),)),
    ("relu_grad", rnnlib.relu_grad, (np.ones(3),)),
    ("rnn_step_forward", lambda x, h, Wx, Wh, b: rnnlib.fast.rnn_forward(x[:, None], h, Wx, Wh, b),
     (np.ones((2, 3)), np.ones((2, 4)), np.ones((3, 4)), np.ones((4, 4)), np.ones(4))),
    ("rnn_forward", rnnlib.rnn_forward,
     (np.ones((2, 5, 3)), np.ones((2, 4)), np.ones((3, 4)), np.ones((4, 4)), np.ones(4))),
    ("global_norm", lambda g: rnnlib.clip_by_global_norm(g, 1.0)[1], ([np.ones(3)],)),
    ("clip_by_global_norm", rnnlib.clip_by_global_norm, ([np.ones(3)], 1.0)),
    ("lstm_gates", lambda x, h, Wx, Wh, b: rnnlib.lstm_forward(x[:, None], h, Wx, Wh, b),
     (np.ones((2, 3)), np.ones((2, 4)), np.ones((3, 16)), np.ones((4, 16)), np.ones(16))),
    ("lstm_step_forward", rnnlib.lstm_step_forward,
     (np.ones((2, 3)), np.ones((2, 4)), np.ones((2, 4)), np.ones((3, 16)), np.ones((4, 16)), np.ones(16))),
    ("gru_params", lambda D, H: rnnlib.count_params("gru", D, H), (8, 32)),
    ("lstm_params", lambda D, H: rnnlib.cells.CELLS["lstm"].count_params(D, H), (8, 32)),
])
def test_every_exercise_function_is_watched(name, cheat, args):
    assert name in OWN_WORK
    with pytest.raises(AssertionError, match=f"`{name}` runs rnnlib's own"):
        call(cheat, *args, name=name)


def test_a_watched_endless_loop_is_reported_as_one():
    def spin(dh, cache):
        while True:
            np.zeros(1).sum()                # Python-level calls: the profiler runs all along
    with pytest.raises(AssertionError, match="did not return within 0.3 s"):
        call(spin, *_bptt_case(), name="rnn_backward", limit=0.3)
    import sys
    assert sys.getprofile() is None
