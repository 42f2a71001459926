"""The GRU cell, exactly as ``keras.layers.GRU`` with its default ``reset_after=True``.

Contract: an update gate z chooses, per unit, between keeping the old state and
taking a candidate; a reset gate r decides how much of the old state the candidate
sees. With reset_after, r multiplies the recurrent projection *after* the matmul:

    [xz, xr, xh] = x_t Wx + b[0]          [hz, hr, hh] = h_{t-1} Wh + b[1]
    z = sigmoid(xz + hz)    r = sigmoid(xr + hr)    n = tanh(xh + r * hh)
    h_t = z * h_{t-1} + (1 - z) * n

Shapes: N batch, T time steps, D input features, H hidden units.
Keras layout, gate order z, r, h: Wx = kernel (D, 3H), Wh = recurrent_kernel (H, 3H),
b = bias (2, 3H) holding the input bias and the recurrent bias.
"""
from typing import NamedTuple

import numpy as np

from ._checks import cell_inputs, check_cache, check_upstream
from ._linalg import project
from .activations import sigmoid


class GRUStepCache(NamedTuple):
    """x (N, D), h_prev (N, H), z, r, n, hh (N, H) (hh = recurrent candidate part), weights."""
    x: np.ndarray
    h_prev: np.ndarray
    z: np.ndarray
    r: np.ndarray
    n: np.ndarray
    hh: np.ndarray
    Wx: np.ndarray
    Wh: np.ndarray


class GRUCache(NamedTuple):
    """x (N, T, D), h0 (N, H), h, z, r, n, hh (N, T, H), weights."""
    x: np.ndarray
    h0: np.ndarray
    h: np.ndarray
    z: np.ndarray
    r: np.ndarray
    n: np.ndarray
    hh: np.ndarray
    Wx: np.ndarray
    Wh: np.ndarray


def _step(xw, h_prev, Wh, b_h):
    """One step from the input projection xw = x Wx + b[0] (N, 3H); returns h, z, r, n, hh."""
    H = h_prev.shape[1]
    hw = h_prev @ Wh + b_h                                   # (N, 3H)
    zr = sigmoid(xw[:, :2 * H] + hw[:, :2 * H])
    z, r = zr[:, :H], zr[:, H:]
    hh = hw[:, 2 * H:]
    n = np.tanh(xw[:, 2 * H:] + r * hh)
    return z * h_prev + (1 - z) * n, z, r, n, hh


def _step_grads(dh, h_prev, z, r, n, hh):
    """Gradients of one step (all (N, H) inputs) with respect to
    the input projection (N, 3H), the recurrent projection (N, 3H), and h_prev directly."""
    dn = dh * (1 - z) * (1 - n ** 2)                         # through the candidate's tanh
    dz = dh * (h_prev - n) * z * (1 - z)
    dr = dn * hh * r * (1 - r)
    dxw = np.concatenate([dz, dr, dn], axis=-1)
    dhw = np.concatenate([dz, dr, dn * r], axis=-1)
    return dxw, dhw, dh * z


def gru_step_forward(x, h_prev, Wx, Wh, b):
    """One GRU step: x (N, D), h_prev (N, H), Wx (D, 3H), Wh (H, 3H), b (2, 3H).

    Returns h (N, H) and a GRUStepCache.
    """
    x, h_prev, Wx, Wh, b = cell_inputs("GRU", 3, x, h_prev, Wx, Wh, b,
                                       ("N", "D"), h_name="h_prev", gru_bias=True)
    h, *parts = _step(x @ Wx + b[0], h_prev, Wh, b[1])
    return h, GRUStepCache(x, h_prev, *parts, Wx, Wh)


def gru_step_backward(dh, cache):
    """Backward pass of one GRU step; dh (N, H).

    Returns dx (N, D), dh_prev (N, H), dWx (D, 3H), dWh (H, 3H), db (2, 3H).
    """
    check_cache("cache", cache, GRUStepCache, "gru_step_forward")
    dh = check_upstream("dh", dh, cache.h_prev, ("N", "H"))
    x, h_prev, z, r, n, hh, Wx, Wh = cache
    dxw, dhw, dh_direct = _step_grads(dh, h_prev, z, r, n, hh)
    db = np.stack([dxw.sum(axis=0), dhw.sum(axis=0)])
    return dxw @ Wx.T, dh_direct + dhw @ Wh.T, x.T @ dxw, h_prev.T @ dhw, db


def gru_forward(x, h0, Wx, Wh, b):
    """Run the GRU over a whole sequence.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
    h0 : ndarray of shape (N, H)
    Wx : (D, 3H), Wh : (H, 3H), b : (2, 3H)

    Returns
    -------
    h : ndarray of shape (N, T, H), the hidden state after every step
    cache : GRUCache for `gru_backward` (holds the gates z, r (N, T, H) too)
    """
    x, h0, Wx, Wh, b = cell_inputs("GRU", 3, x, h0, Wx, Wh, b,
                                   ("N", "T", "D"), gru_bias=True)
    N, T, _ = x.shape
    xw = project(x, Wx) + b[0]                               # (N, T, 3H) all steps at once
    h, z, r, n, hh = (np.empty((N, T, h0.shape[1]), dtype=x.dtype) for _ in range(5))
    h_t = h0
    for t in range(T):
        h_t, z[:, t], r[:, t], n[:, t], hh[:, t] = _step(xw[:, t], h_t, Wh, b[1])
        h[:, t] = h_t
    return h, GRUCache(x, h0, h, z, r, n, hh, Wx, Wh)


def gru_backward(dh, cache):
    """Backpropagation through time for `gru_forward`.

    dh : ndarray of shape (N, T, H), the upstream gradient on every hidden state.
    Returns dx (N, T, D), dh0 (N, H), dWx (D, 3H), dWh (H, 3H), db (2, 3H).
    """
    check_cache("cache", cache, GRUCache, "gru_forward")
    dh = check_upstream("dh", dh, cache.h, ("N", "T", "H"))
    x, h0, h, z, r, n, hh, Wx, Wh = cache
    N, T, H = h.shape
    h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)   # (N, T, H)
    dxw = np.empty((N, T, 3 * H), dtype=h.dtype)
    dhw = np.empty_like(dxw)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        dxw[:, t], dhw[:, t], dh_direct = _step_grads(
            dh[:, t] + dh_next, h_prev[:, t], z[:, t], r[:, t], n[:, t], hh[:, t])
        dh_next = dh_direct + dhw[:, t] @ Wh.T
    dxw2, dhw2 = dxw.reshape(N * T, 3 * H), dhw.reshape(N * T, 3 * H)
    dWx = x.reshape(N * T, -1).T @ dxw2
    dWh = h_prev.reshape(N * T, H).T @ dhw2
    db = np.stack([dxw2.sum(axis=0), dhw2.sum(axis=0)])
    return project(dxw, Wx.T), dh_next, dWx, dWh, db
