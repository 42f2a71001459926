"""Numeric gradients by centred differences, and the relative error used to compare."""
import numpy as np

from ._checks import as_float_array, check_callable, check_real


def numerical_gradient(f, x, df=None, h=1e-5):
    """Centred-difference gradient of ``sum(f(x) * df)`` with respect to x.

    Parameters
    ----------
    f : callable taking x and returning an array (or a scalar) of any shape M
    x : float ndarray of any shape; perturbed in place one entry at a time and
        always restored, even if f raises
    df : ndarray of shape M, the upstream gradient; None means ones (so for a
        scalar f this is simply df/dx)
    h : step size

    Returns
    -------
    grad : ndarray of the shape of x, (f(x + h e_i) - f(x - h e_i)) . df / 2h for each i
    """
    check_callable("f", f, "a callable taking x")
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise TypeError("x must be a floating-point ndarray (it is perturbed in place), "
                        f"but got {type(x).__name__} with dtype {getattr(x, 'dtype', None)}.")
    as_float_array("x", x, None)
    if df is not None:
        df = as_float_array("df", df, None, ints=True)
    check_real("h", h, 0)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        try:
            x[idx] = old + h
            plus = np.array(f(x), dtype=np.float64)
            x[idx] = old - h
            minus = np.array(f(x), dtype=np.float64)
        finally:
            x[idx] = old
        weight = np.ones_like(plus) if df is None else np.asarray(df, dtype=np.float64)
        if weight.shape != plus.shape:
            raise ValueError(f"df must have the shape of f(x), {plus.shape}, "
                             f"but has shape {weight.shape}.")
        grad[idx] = np.sum((plus - minus) * weight) / (2 * h)
    return grad


def rel_error(a, b):
    """Largest relative error max |a - b| / max(1e-8, |a| + |b|) over all entries.

    a, b : finite numeric arrays (or numbers) of the same shape.
    """
    a, b = (as_float_array(name, v, None, dtype=np.float64, ints=True)
            for name, v in (("a", a), ("b", b)))
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, but got {a.shape} and {b.shape}.")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
