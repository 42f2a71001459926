"""Which per-step kernels the fast LSTM and GRU use: numba's fused ones, or numpy's.

For float32, when numba is installed (``pip install 'rnnlib[fast]'``), each time step's
elementwise work is one call of a compiled kernel (``_numba_steps``) instead of about
twenty numpy operations. Otherwise, for float64, or inside ``use_numba(False)``, the
kernels fall back to numpy; both give the textbook's results (tests pin all three equal).
"""
import contextlib
import functools

import numpy as np

_enabled = [True]


@functools.cache
def numba_available():
    """True when numba can be imported (the fused float32 kernels can be used)."""
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


@contextlib.contextmanager
def use_numba(enabled):
    """Inside this block the fused numba kernels are used (True) or not (False)."""
    before = _enabled[0]
    _enabled[0] = bool(enabled)
    try:
        yield
    finally:
        _enabled[0] = before


def fused_kernels(dtype):
    """The module of fused step kernels for arrays of `dtype`, or None for numpy's.

    Only float32 has fused kernels (their exp and tanh are float32 polynomials). The
    first use imports numba and compiles the kernels, or loads them from numba's
    on-disk cache.
    """
    if dtype != np.float32 or not _enabled[0] or not numba_available():
        return None
    from . import _numba_steps
    return _numba_steps
