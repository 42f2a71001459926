"""Backward passes equal numeric gradients (float64), and steps equal sequences, on
both paths (the textbook modules and rnnlib.fast)."""
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rnnlib
from conftest import KINDS, backward, forward, make_case
from rnnlib.cells import CELLS


def numeric_grads(kind, case, c0=None, fast=False):
    """Numeric gradients of sum(h * dh) with respect to x, h0, Wx, Wh, b."""
    def h_of(_):
        return forward(kind, case, c0=c0, fast=fast)[0]
    return [rnnlib.numerical_gradient(h_of, case[k], df=case["dh"])
            for k in ("x", "h0", "Wx", "Wh", "b")]


def assert_grads_match(kind, case, c0=None, roundoff_floor=False, fast=False):
    """Every entry within relative error 1e-6 of the numeric gradient.

    With `roundoff_floor`, entries far smaller than the largest one are allowed the
    numeric reference's own absolute error: centred differences with h = 1e-5 carry a
    rounding error of about eps * |loss| / h ~ 1e-11 * |loss|, which for an entry a
    million times smaller than the largest is a relative error near 1e-6 by itself.
    """
    _, cache = forward(kind, case, c0=c0, fast=fast)
    ours = backward(kind, case["dh"], cache, fast=fast)
    numeric = numeric_grads(kind, case, c0, fast)
    for name, a, b in zip(("dx", "dh0", "dWx", "dWh", "db"), ours, numeric):
        assert a.shape == b.shape, name
        err = rnnlib.rel_error(a, b)
        floor = 1e-10 * np.abs(b).max() if roundoff_floor else 0.0
        ok = np.abs(a - b) <= 1e-6 * (np.abs(a) + np.abs(b)) + floor
        assert ok.all(), f"{kind} {name}: relative error {err:.2e}"


def test_backward_equals_numeric_gradients(kind, fast):
    c0 = np.random.default_rng(9).normal(size=(2, 4)) if kind == "lstm" else None
    assert_grads_match(kind, make_case(kind, N=2, T=4, D=3, H=4, seed=5), c0, fast=fast)


def test_backward_with_every_dimension_one(kind, fast):
    assert_grads_match(kind, make_case(kind, N=1, T=1, D=1, H=1, seed=6), fast=fast)


shapes = st.tuples(*[st.integers(1, 3)] * 4)   # N, T, D, H, each from 1 (edge) to 3


@example(kind="gru", shape=(1, 1, 3, 1), seed=3)   # an entry 4e5 times below the largest
@settings(max_examples=25, deadline=None)
@given(kind=st.sampled_from(KINDS), shape=shapes, seed=st.integers(0, 2**16))
def test_backward_equals_numeric_gradients_any_small_shape(kind, shape, seed):
    N, T, D, H = shape
    assert_grads_match(kind, make_case(kind, N, T, D, H, seed=seed), roundoff_floor=True)


def run_steps(kind, case, c0):
    """Loop the step functions over time: h (N, T, H) and the accumulated gradients."""
    x, h_t, Wx, Wh, b, dh = (case[k] for k in ("x", "h0", "Wx", "Wh", "b", "dh"))
    c_t, hs, caches = c0, [], []
    for t in range(x.shape[1]):
        if kind == "lstm":
            h_t, c_t, cache = rnnlib.lstm_step_forward(x[:, t], h_t, c_t, Wx, Wh, b)
        else:
            h_t, cache = CELLS[kind].step_forward(x[:, t], h_t, Wx, Wh, b)
        hs.append(h_t)
        caches.append(cache)
    dxs, dWx, dWh, db = [], 0, 0, 0
    dh_next, dc_next = np.zeros_like(h_t), np.zeros_like(h_t)
    for t in reversed(range(x.shape[1])):
        if kind == "lstm":
            dx, dh_next, dc_next, gWx, gWh, gb = rnnlib.lstm_step_backward(
                dh[:, t] + dh_next, dc_next, caches[t])
        else:
            dx, dh_next, gWx, gWh, gb = CELLS[kind].step_backward(dh[:, t] + dh_next, caches[t])
        dxs.insert(0, dx)
        dWx, dWh, db = dWx + gWx, dWh + gWh, db + gb
    return np.stack(hs, axis=1), [np.stack(dxs, axis=1), dh_next, dWx, dWh, db]


@settings(max_examples=20, deadline=None)
@given(kind=st.sampled_from(KINDS), shape=shapes, seed=st.integers(0, 2**16),
       fast=st.booleans())
def test_steps_agree_with_sequence(kind, shape, seed, fast):
    N, T, D, H = shape
    case = make_case(kind, N, T, D, H, seed=seed)
    c0 = np.random.default_rng(seed).normal(size=(N, H)) if kind == "lstm" else None
    h, cache = forward(kind, case, c0=c0, fast=fast)
    h_steps, grads_steps = run_steps(kind, case, np.zeros((N, H)) if c0 is None else c0)
    np.testing.assert_allclose(h_steps, h, rtol=1e-12, atol=1e-14)
    for a, b in zip(backward(kind, case["dh"], cache, fast=fast), grads_steps):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_follows_input(kind, dtype, fast):
    case = make_case(kind, dtype=dtype)
    h, cache = forward(kind, case, fast=fast)
    assert h.dtype == dtype
    assert all(g.dtype == dtype for g in backward(kind, case["dh"], cache, fast=fast))


def test_lstm_c0_none_means_zeros(fast):
    case = make_case("lstm")
    h_none, _ = forward("lstm", case, c0=None, fast=fast)
    h_zero, _ = forward("lstm", case, c0=np.zeros_like(case["h0"]), fast=fast)
    np.testing.assert_array_equal(h_none, h_zero)


def test_numerical_gradient_restores_x_and_handles_scalars():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = x.copy()
    g = rnnlib.numerical_gradient(lambda v: np.sum(v ** 3), x)
    np.testing.assert_allclose(g, 3 * before ** 2, rtol=1e-8)
    np.testing.assert_array_equal(x, before)
    with pytest.raises(ZeroDivisionError):
        rnnlib.numerical_gradient(lambda v: 1 / 0, x)
    np.testing.assert_array_equal(x, before)                 # restored even when f raises


def test_rel_error():
    assert rnnlib.rel_error([1.0, 2.0], [1.0, 2.0]) == 0
    assert rnnlib.rel_error([1.0], [3.0]) == pytest.approx(0.5)
    assert rnnlib.rel_error([0.0], [1e-12]) < 1e-3           # the 1e-8 floor near zero


def test_activation_gradients_are_numeric_derivatives():
    z = np.linspace(-4, 4, 41) + 0.05                        # avoid relu's kink at 0
    for f, df in ((rnnlib.sigmoid, rnnlib.sigmoid_grad), (rnnlib.tanh, rnnlib.tanh_grad),
                  (rnnlib.relu, rnnlib.relu_grad)):
        assert rnnlib.rel_error(df(z), rnnlib.numerical_gradient(f, z.copy())) < 1e-7


def test_tanh_is_two_sigmoid_of_two_z_minus_one():
    z = np.linspace(-10, 10, 201)
    np.testing.assert_allclose(rnnlib.tanh(z), 2 * rnnlib.sigmoid(2 * z) - 1, atol=1e-15)
    assert rnnlib.sigmoid_grad(0.0) == 0.25 and rnnlib.tanh_grad(0.0) == 1.0
    assert np.isfinite(rnnlib.sigmoid(np.array([-1000.0, 1000.0]))).all()
