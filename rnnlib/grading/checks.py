"""Checks used by the graded exercises' tests: one readable failure message each.

A test calls the learner's function through `call` (which names a missing or
unfinished function, refuses one that hands the work to rnnlib's own version, see
`own_work`, and stops an endless loop after a time limit) and compares
what came back with `check_array` (None, wrong type, dtype, shape, NaN and wrong
values each get their own message with the expected and received values and a hint).
Failures raise AssertionError, which otter-grader reports as a failed test.
numpy only.
"""
import signal
import threading
from contextlib import contextmanager

import numpy as np

from .own_work import refuse, watching

_ENDLESS = []   # functions already stopped once: later calls fail at once, not after `limit`


class _Alarm(BaseException):
    """Raised by the timer; a BaseException so that `except Exception` in the learner's
    code cannot swallow it."""


@contextmanager
def _time_limit(seconds):
    """Raise _Alarm in the main thread when the block runs longer than `seconds`
    (no limit where SIGALRM is unavailable: Windows, or a non-main thread)."""
    usable = (hasattr(signal, "SIGALRM")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def stop(signum, frame):
        raise _Alarm

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def call(fn, *args, name, limit=10.0, **kwargs):
    """Call the learner's function ``fn(*args, **kwargs)`` and return its result.

    Parameters
    ----------
    fn : the object the learner's notebook defines under `name` (None if undefined)
    name : str, the function's name as the exercise spells it, used in messages
    limit : float, seconds before the call is stopped as an endless loop

    If `name` is in `own_work.OWN_WORK`, the call is watched: an answer that runs
    rnnlib's own version of the function (by any route) fails, with that reason.

    Raises
    ------
    AssertionError with a message saying what went wrong: `name` is not defined
    (its cell was not run or was deleted), is not a function, is not written yet
    (NotImplementedError), ran rnnlib's own version of itself, or did not return
    within `limit` seconds. Other
    exceptions from the learner's code propagate unchanged, with their traceback.
    """
    if fn is None:
        raise AssertionError(f"`{name}` is not defined. Run the cell that defines it "
                             f"(or restore it, if it was deleted), then check again.")
    if not callable(fn):
        raise AssertionError(f"`{name}` must be a function, but it is a "
                             f"{type(fn).__name__}: was the name reused for a value?")
    if any(fn is f for f in _ENDLESS):
        raise AssertionError(f"`{name}` did not return within {limit:g} s in an earlier "
                             f"check, so it was not called again. Is there an endless loop?")
    seen = []
    try:
        with watching(name) as seen, _time_limit(limit):
            result = fn(*args, **kwargs)
    except _Alarm:                            # it may land in the profiler and unset it
        refuse(name, [used for used in seen if used != "sys.setprofile"])
        _ENDLESS.append(fn)
        raise AssertionError(f"`{name}` did not return within {limit:g} s. Is there a loop "
                             f"that never ends (a `while` whose condition never changes)?"
                             ) from None
    except NotImplementedError as exc:
        raise AssertionError(f"`{name}` is not written yet ({exc}). Replace the "
                             f"`raise NotImplementedError(...)` line with your code.") from None
    except BaseException:
        refuse(name, seen)                    # an error after using rnnlib's twin: say that
        raise
    refuse(name, seen)
    return result


def _show(a):
    """A short printable form of an array: the whole thing if small, else its summary."""
    a = np.asarray(a)
    if a.size <= 8:
        return np.array2string(a, precision=6, separator=", ")
    return f"array of shape {a.shape}, first entries {a.ravel()[:4]}"


def check_array(got, want, *, what, rtol=1e-7, atol=1e-9, hint=""):
    """Raise AssertionError unless `got` equals the array `want` within tolerances.

    Parameters
    ----------
    got : what the learner's code returned (anything)
    want : array-like, the expected values; its shape is the expected shape
    what : str, names the value in messages, e.g. "sigmoid(z) for z of shape (5,)"
    rtol, atol : float, as in `numpy.allclose` (never printed-output comparison)
    hint : str, appended to value mismatches: the idea the learner may have missed

    Returns
    -------
    got as a numpy array (so a test can go on checking it)
    """
    want = np.asarray(want)
    tail = f" Hint: {hint}" if hint else ""
    if got is Ellipsis:
        raise AssertionError(f"{what} is still `...`: replace the `...` with your answer.")
    if got is None:
        raise AssertionError(f"{what}: expected an array of shape {want.shape}, but got "
                             f"None. Did the function end without `return`?")
    if isinstance(got, tuple) and want.ndim > 0:
        raise AssertionError(f"{what}: expected one array of shape {want.shape}, but got a "
                             f"tuple of {len(got)} items. Return only the array asked for.")
    try:
        arr = np.asarray(got)
    except Exception as exc:
        raise AssertionError(f"{what}: expected an array of shape {want.shape}, but got "
                             f"a {type(got).__name__} that numpy cannot read ({exc}).") from None
    if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise AssertionError(f"{what}: expected numbers, but got dtype {arr.dtype} "
                             f"({type(got).__name__}).")
    if arr.shape != want.shape:
        raise AssertionError(f"{what}: expected shape {want.shape}, but got shape "
                             f"{arr.shape}. Check which axis you sum or index over.")
    bad = ~np.isfinite(arr) & np.isfinite(want)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise AssertionError(f"{what}: got {arr[idx]} at index {idx} where {want[idx]} "
                             f"was expected ({int(bad.sum())} non-finite values in all). "
                             f"Look for an overflow in exp or a division by zero.{tail}")
    close = np.isclose(arr, want, rtol=rtol, atol=atol, equal_nan=True)
    if not close.all():
        idx = tuple(int(i) for i in np.argwhere(~close)[0])
        err = float(np.max(np.abs(np.where(close, 0, arr.astype(float) - want))))
        raise AssertionError(f"{what}: expected {_show(want)}, but got {_show(arr)}; the "
                             f"first wrong entry is at index {idx} (got {arr[idx]}, expected "
                             f"{want[idx]}), largest error {err:.3g}.{tail}")
    return arr
