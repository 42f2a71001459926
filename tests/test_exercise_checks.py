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
