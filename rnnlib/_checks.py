"""Input validation shared by every public function.

Each check raises one clear error that names the argument, the expected shape in
the letters used throughout the package (N batch, T time steps, D input features,
H hidden units, G gates) and what was received, with a fix where one is known.
"""
import numpy as np


def as_float_array(name, value, shape, dtype=None):
    """Return `value` as a finite floating ndarray of rank ``len(shape)``.

    shape : tuple of str, the expected shape in letters, e.g. ``("N", "T", "D")``;
        only its length is checked here, the letters go into the message.
    dtype : numpy floating dtype to cast to, or None to keep the array's own.
    """
    expected = "(" + ", ".join(shape) + ")"
    if value is None:
        raise TypeError(f"{name} must be an array of shape {expected}, but got None.")
    if isinstance(value, np.ndarray):
        arr = value
    else:
        try:
            arr = np.asarray(value)
        except Exception as exc:  # ragged lists and other oddities
            raise TypeError(f"{name} must be an array of shape {expected}, "
                            f"but could not be converted to an array: {exc}") from None
    if not np.issubdtype(arr.dtype, np.floating):
        raise TypeError(
            f"{name} must be a floating-point array of shape {expected}, but has "
            f"dtype {arr.dtype}. Convert it first, e.g. {name}.astype('float32').")
    if arr.ndim != len(shape):
        hint = ""
        if arr.ndim == len(shape) - 1:
            hint = f" If it holds a single example, add the batch axis with {name}[None]."
        raise ValueError(f"{name} must have {len(shape)} dimensions {expected}, "
                         f"but has shape {arr.shape}.{hint}")
    if dtype is not None and arr.dtype != dtype:
        arr = arr.astype(dtype)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinity; every value of {name} "
                         f"{expected} must be finite. Check the data, or clip "
                         f"gradients and lower the learning rate if training diverged.")
    return arr


def check_int(name, value, low):
    """Return `value` as an int, or raise if it is not an integer >= `low` (bools rejected)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, but got {value!r}.")
    return int(value)


def check_dim(name, arr, axis, letter, size):
    """Raise if ``arr.shape[axis]`` is not ``size`` (the value of `letter`)."""
    if arr.shape[axis] != size:
        raise ValueError(f"{name} has shape {arr.shape}, but axis {axis} must be "
                         f"{letter} = {size} to match the other arguments.")


def _a(cell):
    """'an LSTM', 'a GRU', 'a SimpleRNN'."""
    return ("an " if cell == "LSTM" else "a ") + cell


def check_weights(cell, Wx, Wh, D, H, gates):
    """Check the Keras layout ``Wx (D, G*H)`` and ``Wh (H, G*H)`` for `cell`.

    Recognises weights of another cell (a different multiple of H) and the
    transposed PyTorch layout, and says how to fix each.
    """
    GH = gates * H
    names = {1: "SimpleRNN", 3: "GRU", 4: "LSTM"}
    for name, w, rows in (("Wx", Wx, D), ("Wh", Wh, H)):
        if w.shape == (rows, GH):
            continue
        want = f"({'D' if name == 'Wx' else 'H'}, {gates}H) = ({rows}, {GH})"
        msg = (f"{name} must have shape {want} for {_a(cell)} with "
               f"D = {D} and H = {H} (Keras layout), but has shape {w.shape}.")
        if w.shape == (GH, rows) and GH != rows:
            msg += (f" It looks transposed (PyTorch stores weight_ih/weight_hh as "
                    f"(G*H, D)); pass {name}.T instead.")
        elif w.shape[0] == rows and w.shape[1] % H == 0 and w.shape[1] // H in names:
            other = names[w.shape[1] // H]
            msg += (f" It has {w.shape[1] // H}H columns, the layout of {_a(other)}; "
                    f"{_a(cell)} needs {gates}H (use the {cell}'s own weights).")
        raise ValueError(msg)


def check_bias(b, shape, letters):
    """Check a bias against its expected `shape`, written as `letters` in messages."""
    if b.shape != shape:
        raise ValueError(f"b must have shape {letters} = {shape}, but has shape {b.shape}.")


def check_cache(name, cache, cache_type, producer):
    """Raise unless `cache` is the structure returned by `producer`."""
    if not isinstance(cache, cache_type):
        raise TypeError(f"{name} must be the cache returned by {producer} "
                        f"({cache_type.__name__}), but got {type(cache).__name__}.")


def check_upstream(name, grad, like, letters):
    """Return `grad` as an array of ``like``'s shape and dtype (e.g. dh (N, T, H))."""
    grad = as_float_array(name, grad, letters, dtype=like.dtype)
    if grad.shape != like.shape:
        raise ValueError(f"{name} must have the shape of the forward output "
                         f"{'(' + ', '.join(letters) + ')'} = {like.shape}, "
                         f"but has shape {grad.shape}.")
    return grad


def cell_inputs(cell, gates, x, h, Wx, Wh, b, x_letters, h_name="h0", gru_bias=False):
    """Validate the arguments shared by every cell; return them as arrays of x's dtype.

    x : (N, T, D) for a sequence (``x_letters=("N", "T", "D")``) or (N, D) for a step.
    h : (N, H) initial or previous hidden state, named `h_name` in messages.
    Wx : (D, G*H), Wh : (H, G*H), b : (G*H,), or (2, G*H) when `gru_bias` is set.
    """
    x = as_float_array("x", x, x_letters)
    h = as_float_array(h_name, h, ("N", "H"), dtype=x.dtype)
    N, D = x.shape[0], x.shape[-1]
    check_dim(h_name, h, 0, "N", N)
    H = h.shape[1]
    Wx = as_float_array("Wx", Wx, ("D", f"{gates}H"), dtype=x.dtype)
    Wh = as_float_array("Wh", Wh, ("H", f"{gates}H"), dtype=x.dtype)
    check_weights(cell, Wx, Wh, D, H, gates)
    if gru_bias:
        b = as_float_array("b", b, ("2", "3H"), dtype=x.dtype)
        check_bias(b, (2, gates * H), "(2, 3H): input bias, recurrent bias")
    else:
        b = as_float_array("b", b, (f"{gates}H",), dtype=x.dtype)
        check_bias(b, (gates * H,), f"({gates}H,)" if gates > 1 else "(H,)")
    return x, h, Wx, Wh, b
