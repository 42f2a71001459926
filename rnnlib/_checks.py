"""Input validation shared by every public function.

Each check raises one clear error that names the argument, the expected shape in
the letters used throughout the package (N batch, T time steps, D input features,
H hidden units, G gates) and what was received, with a fix where one is known.
Wrong Python types raise TypeError, wrong values or shapes ValueError. The layout
of the cells' weights is checked in ``_weights``.
"""
import math
import numbers

import numpy as np


def letters(shape):
    """The shape in letters as written in messages: ("N", "T") -> "(N, T)", ("L",) -> "(L,)"."""
    return "(" + ", ".join(shape) + ("," if len(shape) == 1 else "") + ")"


def as_float_array(name, value, shape, dtype=None, ints=False, finite=True, hint=None):
    """Return `value` as a finite floating ndarray of rank ``len(shape)``.

    shape : tuple of str, the expected shape in letters, e.g. ``("N", "T", "D")``;
        only its length is checked here, the letters go into the messages.
        None accepts any shape.
    dtype : numpy floating dtype to cast to, or None to keep the array's own.
    ints : also accept integer and bool arrays (cast to `dtype` when it is given).
    finite : reject NaN and infinity.
    hint : callable taking the received shape and returning text appended to the
        rank error (e.g. which other layout that shape is).
    An ndarray that passes is returned as it is, without a copy, unless cast.
    """
    expected = "" if shape is None else " " + letters(shape)
    of_shape = expected and " of shape" + expected
    if value is None:
        raise TypeError(f"{name} must be an array{of_shape}, but got None.")
    if isinstance(value, np.ndarray):
        arr = value
    else:
        try:
            arr = np.asarray(value)
        except Exception as exc:  # ragged lists and other oddities
            raise TypeError(f"{name} must be an array{of_shape}, "
                            f"but could not be converted to an array: {exc}") from None
    if not (arr.dtype.kind == "f" or (ints and arr.dtype.kind in "biu")):
        what = "a numeric (integer or floating-point)" if ints else "a floating-point"
        raise TypeError(
            f"{name} must be {what} array{of_shape}, but has "
            f"dtype {arr.dtype}. Convert it first, e.g. {name}.astype('float32').")
    if shape is not None and arr.ndim != len(shape):
        extra = hint(arr.shape) if hint else ""
        if not extra and shape[0] == "N" and arr.ndim == len(shape) - 1:
            extra = f" If it holds a single example, add the batch axis with {name}[None]."
        raise ValueError(f"{name} must have {len(shape)} dimension"
                         f"{'s' if len(shape) > 1 else ''}{expected}, "
                         f"but has shape {arr.shape}.{extra}")
    if dtype is not None and arr.dtype != dtype:
        arr = arr.astype(dtype)
    if finite and arr.dtype.kind == "f" and not np.isfinite(arr).all():
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise ValueError(f"{name} contains NaN or infinity ({arr[where]} at index {where}); "
                         f"every value of {name}{expected} must be finite. Check the data, "
                         f"or clip gradients and lower the learning rate if training diverged.")
    return arr


def check_int(name, value, low):
    """Return `value` as an int, or raise if it is not an integer >= `low` (bools rejected)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, but got {value!r}.")
    return int(value)


def check_real(name, value, low, high=None, closed=False, note=""):
    """Return `value` as a float in the interval from `low` to `high`, or raise.

    The interval is (low, high], or [low, high] when `closed`; high None means no
    upper bound (and then the number must be finite). `note` follows the interval
    in the message, e.g. " (0 means argmax)". Non-numbers raise TypeError; bools,
    NaN and numbers outside the interval ValueError.
    """
    if high is None:
        interval = f"a finite number {'>=' if closed else '>'} {low}"
    else:
        interval = f"a number in {'[' if closed else '('}{low}, {high}]"
    if not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {interval}{note}, but got {type(value).__name__}.")
    if isinstance(value, bool) or not math.isfinite(value) or \
            not (value >= low if closed else value > low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {interval}{note}, but got {value!r}.")
    return float(value)


def check_choice(name, value, options):
    """Raise unless `value` is one of the str `options` (e.g. a dict of kinds)."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {sorted(options)}, but got {value!r}.")
    return value


def check_dtype(name, dtype, floating=False):
    """Return ``np.dtype(dtype)``, or raise if it is no dtype (or, with `floating`, not a float)."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{name} must be a numpy dtype such as np.float32, "
                        f"but got {dtype!r}.") from None
    if floating and dt.kind != "f":
        raise TypeError(f"{name} must be a floating-point dtype such as np.float32 or "
                        f"np.float64, but got {dt}; weights of another dtype cannot learn.")
    return dt


def check_random_state(name, value):
    """A numpy Generator from `value`: None (fresh entropy), an int seed >= 0, or a
    Generator, which is returned as it is (so its stream goes on)."""
    if value is None or isinstance(value, np.random.Generator):
        return np.random.default_rng(value)
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, a numpy.random.Generator or None, "
                        f"but got {type(value).__name__}.")
    if value < 0:
        raise ValueError(f"{name} must be an int >= 0, a numpy.random.Generator or None, "
                         f"but got {value}.")
    return np.random.default_rng(value)


def check_callable(name, value, what="callable"):
    """Raise unless `value` is callable; `what` describes it, e.g. "a callable taking a str"."""
    if not callable(value):
        raise TypeError(f"{name} must be {what}, but got {type(value).__name__}.")


def check_ids(name, ids, size):
    """ids as an integer ndarray (any shape) with every entry in [0, size)."""
    arr = np.asarray(ids)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must be an array of integer token ids, but has dtype "
                        f"{arr.dtype}. Make ids with rnnlib.data.text.encode.")
    if arr.size and (arr.min() < 0 or arr.max() >= size):
        bad = arr[(arr < 0) | (arr >= size)].flat[0]
        raise ValueError(f"{name} must hold ids from 0 to {size - 1} (a vocabulary of "
                         f"{size} tokens), but contains {bad}.")
    return arr


def check_dim(name, arr, axis, letter, size, other="the other arguments"):
    """Raise if ``arr.shape[axis]`` is not ``size`` (the value of `letter` in `other`)."""
    if arr.shape[axis] != size:
        raise ValueError(f"{name} has shape {arr.shape}, but axis {axis} must be "
                         f"{letter} = {size} to match {other}.")


def check_cache(name, cache, cache_type, producer):
    """Raise unless `cache` is the structure returned by `producer`."""
    if not isinstance(cache, cache_type):
        raise TypeError(f"{name} must be the cache returned by {producer} "
                        f"({cache_type.__name__}), but got {type(cache).__name__}.")


def check_upstream(name, grad, like, shape):
    """Return `grad` as an array of ``like``'s shape and dtype (e.g. dh (N, T, H))."""
    grad = as_float_array(name, grad, shape, dtype=like.dtype)
    if grad.shape != like.shape:
        raise ValueError(f"{name} must have the shape of the forward output "
                         f"{letters(shape)} = {like.shape}, but has shape {grad.shape}.")
    return grad


def check_axes(name, ax):
    """Raise unless `ax` is None or a matplotlib Axes (matplotlib is imported only then)."""
    if ax is not None:
        from ._optional import require
        if not isinstance(ax, require("matplotlib.axes", "plot").Axes):
            raise TypeError(f"{name} must be a matplotlib Axes or None, but got "
                            f"{type(ax).__name__}.")
