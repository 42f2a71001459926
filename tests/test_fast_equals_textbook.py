"""rnnlib.fast gives the textbook's results: every output, every cache field, every
gradient, on random shapes down to N = T = D = H = 1, in float64 and float32.

The two paths add the same terms in different orders (one matrix product over all
steps against one per step), so they agree to rounding: float64 to 1e-12, float32 to a
few units in the last place (ulps) of each field's largest entry. The weight gradients
dWx, dWh and db are sums over all N*T (example, step) pairs, added in a different order
by each path; their rounding grows like the square root of the number of terms, so
float32 allows them a few ulps times sqrt(N*T).

The fast path is tested twice in float32: with its fused numba kernels (whose exp and
tanh are float32 polynomials, accurate to about 1 ulp) and with its numpy kernels.

The recurrent weights are scaled to a norm between 0.5 and 1 per gate, the regime of
Keras's initialisation (orthogonal, norm 1) and of trained networks. With larger norms
the recurrence is chaotic: a difference of one rounding step grows exponentially with T,
between any two correct implementations (measured: 1.1e-6 of the scale in float32 at
T = 40 with norm near 6). Over 600 random cases with norms in [0.5, 1] the largest
float32 difference was 3.0 ulps (times sqrt(N*T) for the weight gradients).
"""
import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import KINDS, backward, forward, make_case
from rnnlib.fast import use_numba

GRADIENTS = ("dx", "dh0", "dWx", "dWh", "db")
SUMS_OVER_TIME = ("dWx", "dWh", "db")
ULPS = 4                     # float32: at most 4 ulps of the field's largest magnitude


def assert_same(name, fast, textbook, terms=1):
    """fast equals textbook in shape and dtype, and to rounding in value; `terms` is the
    number of products summed into each entry (N*T for the weight gradients)."""
    assert fast.shape == textbook.shape, (name, fast.shape, textbook.shape)
    assert fast.dtype == textbook.dtype, (name, fast.dtype, textbook.dtype)
    scale = max(1.0, float(np.abs(textbook).max(initial=0)))
    tol = 1e-12 if textbook.dtype == np.float64 else \
        ULPS * np.sqrt(terms) * np.finfo(np.float32).eps
    worst = float(np.abs(fast.astype(np.float64) - textbook).max(initial=0)) / scale
    assert worst <= tol, f"{name}: differs by {worst:.2e} of its scale (allowed {tol:.1e})"


def compare_paths(kind, N, T, D, H, dtype, seed, recurrent_norm=None, numba=True):
    case = make_case(kind, N, T, D, H, dtype=dtype, seed=seed)
    if recurrent_norm is not None:                   # each gate's (H, H) block scaled to it
        blocks = np.split(case["Wh"], case["Wh"].shape[1] // H, axis=1)
        case["Wh"] = np.concatenate([w * (recurrent_norm / np.linalg.norm(w, 2))
                                     for w in blocks], axis=1).astype(dtype)
    c0 = None
    if kind == "lstm":
        c0 = np.random.default_rng(seed + 1).normal(size=(N, H)).astype(dtype)
    h_book, cache_book = forward(kind, case, c0=c0)
    with use_numba(numba):
        h_fast, cache_fast = forward(kind, case, c0=c0, fast=True)
    assert type(cache_fast) is type(cache_book)
    assert_same("h", h_fast, h_book)
    for field in cache_book._fields:
        assert_same(f"cache.{field}", getattr(cache_fast, field), getattr(cache_book, field))
    grads_book = backward(kind, case["dh"], cache_book)
    with use_numba(numba):
        grads_fast = backward(kind, case["dh"], cache_fast, fast=True)
    for name, a, b in zip(GRADIENTS, grads_fast, grads_book):
        assert_same(name, a, b, terms=N * T if name in SUMS_OVER_TIME else 1)


dims = st.integers(1, 9)
# N = T = D = H = 1 for every cell, in float64, and in float32 with and without numba
EDGES = [dict(kind=kind, N=1, T=1, D=1, H=1, dtype=dtype, seed=0, recurrent_norm=1.0,
              numba=numba)
         for kind in KINDS
         for dtype, numba in ((np.float64, False), (np.float32, False), (np.float32, True))]


def at_the_edges(test):
    """Make hypothesis run `test` on every case of EDGES as well as on random ones."""
    for case in EDGES:
        test = example(**case)(test)
    return test


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(KINDS), N=dims, T=dims, D=dims, H=dims,
       dtype=st.sampled_from([np.float64, np.float32]), seed=st.integers(0, 2**16),
       recurrent_norm=st.floats(0.5, 1.0), numba=st.booleans())
@at_the_edges
def test_fast_equals_textbook(kind, N, T, D, H, dtype, seed, recurrent_norm, numba):
    compare_paths(kind, N, T, D, H, dtype, seed, recurrent_norm, numba)


def test_fast_equals_textbook_at_a_training_size(kind):
    """A longer sequence and a wider layer, where rounding has more steps to grow.

    The recurrent weights have norm 1 per gate, as Keras initialises them (orthogonal):
    with make_case's random Wh (norm near 6 at H = 32) the recurrence is chaotic and
    any two correct implementations drift apart exponentially with T (see above).
    """
    for dtype, numba in ((np.float64, False), (np.float32, False), (np.float32, True)):
        compare_paths(kind, 16, 40, 12, 32, dtype, seed=5, recurrent_norm=1.0, numba=numba)


def test_the_textbook_never_imports_the_fast_path():
    """rnnlib.fast imports the textbook modules (their caches), never the reverse."""
    import subprocess
    import sys
    code = ("import sys, rnnlib, rnnlib.rnn, rnnlib.lstm, rnnlib.gru, rnnlib.cells; "
            "print(sorted(m for m in sys.modules if m.startswith('rnnlib.fast')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]", out


def test_without_numba_the_fast_path_uses_numpy():
    """Where numba cannot be imported, rnnlib.fast runs its numpy kernels, same results."""
    import subprocess
    import sys
    code = """
import sys
sys.modules["numba"] = None                      # as if it were not installed
import numpy as np
import rnnlib, rnnlib.fast
rng = np.random.default_rng(0)
x, h0 = rng.normal(size=(3, 4, 2)).astype(np.float32), np.zeros((3, 5), np.float32)
Wx, Wh = (rng.normal(scale=0.5, size=s).astype(np.float32) for s in [(2, 20), (5, 20)])
b = np.zeros(20, np.float32)
h_fast, cache = rnnlib.fast.lstm_forward(x, h0, Wx, Wh, b)
rnnlib.fast.lstm_backward(np.ones_like(h_fast), cache)
h_book, _ = rnnlib.lstm_forward(x, h0, Wx, Wh, b)
print(rnnlib.fast.numba_available(), "numba" in sys.modules and sys.modules["numba"] is not None,
      float(np.abs(h_fast - h_book).max()))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[:2] == ["False", "False"], out
    assert float(out[2]) < 1e-6, out


def test_the_fused_kernels_are_used_where_numba_is_installed():
    """float32 runs the numba kernels when numba is installed (it is, under CI: rnnlib[all]),
    float64 and use_numba(False) the numpy ones."""
    import os

    import pytest
    from rnnlib.fast import numba_available
    from rnnlib.fast._fused import fused_kernels
    if not numba_available():
        if os.environ.get("CI"):
            pytest.fail("numba is part of rnnlib[all] and must be installed under CI")
        pytest.skip("numba is not installed: rnnlib.fast uses its numpy kernels only")
    assert fused_kernels(np.float32) is not None
    assert fused_kernels(np.float64) is None
    with use_numba(False):
        assert fused_kernels(np.float32) is None
