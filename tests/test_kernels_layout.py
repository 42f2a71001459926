"""Layout, dtype and aliasing of the sequence passes, on both paths (the fast kernels
work time-major inside).

Returned arrays are ordinary C-contiguous arrays of the documented shapes; the caches
hold the documented shapes (h is the returned array; in the fast path the other states
are views of the kernels' time-major arrays); the backward pass leaves the cache
untouched and also accepts a cache built from plain arrays.
"""
import warnings

import numpy as np
import pytest

import rnnlib
from conftest import backward, forward, make_case
from rnnlib.cells import CELLS

CACHE_SHAPES = {
    "simple_rnn": {"x": "NTD", "h0": "NH", "h": "NTH"},
    "lstm": {"x": "NTD", "h0": "NH", "c0": "NH", "h": "NTH", "c": "NTH", "gates": "NTG"},
    "gru": {"x": "NTD", "h0": "NH", "h": "NTH", "z": "NTH", "r": "NTH", "n": "NTH",
            "hh": "NTH"},
}


def _sizes(kind, N=3, T=5, D=4, H=6):
    return dict(N=N, T=T, D=D, H=H, G=CELLS[kind].G * H)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_outputs_are_c_contiguous_with_documented_shapes_and_dtype(kind, dtype, fast):
    case = make_case(kind, dtype=dtype)
    s = _sizes(kind)
    h, cache = forward(kind, case, fast=fast)
    assert h.shape == (s["N"], s["T"], s["H"]) and h.dtype == dtype
    assert h.flags.c_contiguous
    grads = backward(kind, case["dh"], cache, fast=fast)
    G = s["G"]
    b_shape = CELLS[kind].bias_shape(s["H"])
    shapes = [(s["N"], s["T"], s["D"]), (s["N"], s["H"]), (s["D"], G), (s["H"], G), b_shape]
    for name, g, shape in zip(("dx", "dh0", "dWx", "dWh", "db"), grads, shapes):
        assert g.shape == shape, name
        assert g.dtype == dtype, name
        assert g.flags.c_contiguous, name


def test_cache_fields_have_documented_shapes(kind, fast):
    case = make_case(kind)
    s = _sizes(kind)
    h, cache = forward(kind, case, fast=fast)
    for field, letters in CACHE_SHAPES[kind].items():
        assert getattr(cache, field).shape == tuple(s[k] for k in letters), field
    assert cache.h is h                               # no second copy of the states
    assert cache.x is case["x"]                       # the caller's input, not a copy


def test_backward_leaves_the_cache_unchanged_and_can_run_twice(kind, fast):
    case = make_case(kind, seed=3)
    _, cache = forward(kind, case, fast=fast)
    before = [np.array(a, copy=True) for a in cache]
    first = backward(kind, case["dh"], cache, fast=fast)
    for a, b in zip(cache, before):
        np.testing.assert_array_equal(a, b)
    second = backward(kind, case["dh"], cache, fast=fast)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_backward_accepts_a_cache_of_plain_batch_major_arrays(kind, fast):
    """A cache rebuilt from C-contiguous copies (e.g. unpickled) gives the same gradients."""
    case = make_case(kind, seed=4)
    _, cache = forward(kind, case, fast=fast)
    plain = type(cache)(*[np.ascontiguousarray(a) for a in cache])
    for a, b in zip(backward(kind, case["dh"], cache, fast=fast),
                    backward(kind, case["dh"], plain, fast=fast)):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)


def test_non_contiguous_inputs_give_the_same_results(kind, fast):
    case = make_case(kind, seed=5)
    h, cache = forward(kind, case, fast=fast)
    grads = backward(kind, case["dh"], cache, fast=fast)
    odd = {k: np.asfortranarray(v) for k, v in case.items()}
    odd["x"] = np.ascontiguousarray(case["x"].swapaxes(0, 1)).swapaxes(0, 1)   # a view
    h2, cache2 = forward(kind, odd, fast=fast)
    np.testing.assert_allclose(h2, h, rtol=1e-13, atol=1e-15)
    dh = np.ascontiguousarray(case["dh"].swapaxes(0, 1)).swapaxes(0, 1)
    for a, b in zip(backward(kind, dh, cache2, fast=fast), grads):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_saturated_gates_are_exact_and_silent(kind, dtype, fast):
    """Huge pre-activations: the gates reach exactly 0 or 1, with no overflow warning."""
    case = make_case(kind, dtype=dtype, seed=6)
    for k in ("Wx", "Wh", "b"):
        case[k] = case[k] * dtype(1e3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h, cache = forward(kind, case, fast=fast)
        grads = backward(kind, case["dh"], cache, fast=fast)
    assert np.isfinite(h).all() and all(np.isfinite(g).all() for g in grads)
    if kind != "simple_rnn":
        gates = cache.gates if kind == "lstm" else np.concatenate([cache.z, cache.r], -1)
        assert ((gates == 0) | (gates == 1)).any()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_limits_dtype_and_no_warnings(dtype):
    z = np.array([-1e4, -800.0, -100.0, -30.0, 0.0, 30.0, 100.0, 1e4], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = rnnlib.sigmoid(z)
        g = rnnlib.sigmoid_grad(z)
    assert s.dtype == dtype and g.dtype == dtype
    assert s[0] == 0 and s[-1] == 1 and s[4] == 0.5 and g[4] == 0.25
    assert np.all(np.diff(s) >= 0) and np.isfinite(g).all()
    z = np.linspace(-80, 30, 221).astype(dtype)             # full relative precision,
    exact = 1 / (1 + np.exp(-z.astype(np.longdouble)))      # also for tiny values
    np.testing.assert_allclose(rnnlib.sigmoid(z), exact.astype(dtype),
                               rtol=4 * np.finfo(dtype).eps)
    assert np.ndim(rnnlib.sigmoid(0.0)) == 0 and rnnlib.sigmoid(2).dtype == np.float64


def test_sigmoid_does_not_modify_its_input():
    z = np.linspace(-3, 3, 7)
    before = z.copy()
    rnnlib.sigmoid(z)
    np.testing.assert_array_equal(z, before)


def test_forward_does_not_modify_h0_or_c0(fast):
    """The forward writes only into its own arrays: h0 and c0 are not overwritten."""
    case = make_case("lstm", seed=7)
    c0 = np.random.default_rng(8).normal(size=case["h0"].shape)
    h0, c0_before = case["h0"].copy(), c0.copy()
    forward("lstm", case, c0=c0, fast=fast)
    np.testing.assert_array_equal(case["h0"], h0)
    np.testing.assert_array_equal(c0, c0_before)


def test_keras_order_of_the_stored_gates(fast):
    """cache.gates is [i, f, g, o] in Keras's order, as split_gates expects."""
    case = make_case("lstm", N=2, T=1, D=3, H=4, seed=9)
    _, cache = forward("lstm", case, fast=fast)
    z = case["x"][:, 0] @ case["Wx"] + case["h0"] @ case["Wh"] + case["b"]
    H = 4
    expected = np.concatenate([rnnlib.sigmoid(z[:, :2 * H]), np.tanh(z[:, 2 * H:3 * H]),
                               rnnlib.sigmoid(z[:, 3 * H:])], axis=-1)
    np.testing.assert_allclose(cache.gates[:, 0], expected, rtol=1e-14)
