"""The GRU cell, exactly as ``keras.layers.GRU`` with its default ``reset_after=True``.

Contract: an update gate z chooses, per unit, between keeping the old state and
taking a candidate; a reset gate r decides how much of the old state the candidate
sees. With reset_after, r multiplies the recurrent projection *after* the matmul:

    [xz, xr, xh] = x_t Wx + b[0]           the input part, three blocks of H
    [hz, hr, hh] = h_{t-1} Wh + b[1]       the recurrent part
    z = sigmoid(xz + hz)                   update gate
    r = sigmoid(xr + hr)                   reset gate
    n = tanh(xh + r * hh)                  candidate
    h_t = z * h_{t-1} + (1 - z) * n

Shapes: N batch, T time steps, D input features, H hidden units.
Keras layout, gate order z, r, h: Wx = kernel (D, 3H), Wh = recurrent_kernel (H, 3H),
b = bias (2, 3H) holding the input bias and the recurrent bias.

This module is the textbook: the step functions hold the equations, and the sequence
functions loop over them. ``rnnlib.fast.gru`` computes the same results faster.
"""
from typing import NamedTuple

import numpy as np

from ._checks import check_cache, check_upstream
from ._weights import cell_inputs
from .activations import sigmoid
from .cells import GRU


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

    def step(self, t):
        """The GRUStepCache of step t (0-based), rebuilt from the sequence cache."""
        h_prev = self.h0 if t == 0 else self.h[:, t - 1]
        return GRUStepCache(self.x[:, t], h_prev, self.z[:, t], self.r[:, t], self.n[:, t],
                            self.hh[:, t], self.Wx, self.Wh)


def gru_step_forward(x, h_prev, Wx, Wh, b):
    """One GRU step.

    Parameters
    ----------
    x : ndarray of shape (N, D)
    h_prev : ndarray of shape (N, H)
    Wx : (D, 3H), Wh : (H, 3H), b : (2, 3H)

    Returns
    -------
    h : ndarray of shape (N, H), the new hidden state
    cache : GRUStepCache for `gru_step_backward`
    """
    x, h_prev, Wx, Wh, b = cell_inputs(GRU, x, h_prev, Wx, Wh, b, ("N", "D"),
                                       h_name="h_prev")
    xz, xr, xh = np.split(x @ Wx + b[0], 3, axis=1)       # three (N, H) blocks
    hz, hr, hh = np.split(h_prev @ Wh + b[1], 3, axis=1)
    z = sigmoid(xz + hz)
    r = sigmoid(xr + hr)
    n = np.tanh(xh + r * hh)
    h = z * h_prev + (1 - z) * n                          # (N, H)
    return h, GRUStepCache(x, h_prev, z, r, n, hh, Wx, Wh)


def gru_step_backward(dh, cache):
    """Backward pass of one GRU step: the equations of `gru_step_forward`, last first.

    dh : ndarray of shape (N, H), the gradient of the loss with respect to h (everything
        that reaches it: from this step's output and from the next step).
    Returns dx (N, D), dh_prev (N, H), dWx (D, 3H), dWh (H, 3H), db (2, 3H).
    """
    check_cache("cache", cache, GRUStepCache, "gru_step_forward")
    dh = check_upstream("dh", dh, cache.h_prev, ("N", "H"))
    x, h_prev, z, r, n, hh, Wx, Wh = cache
    dz = dh * (h_prev - n)                                # h = z * h_prev + (1 - z) * n
    dn = dh * (1 - z)
    dh_direct = dh * z                                    #   ... the path that skips the gates
    dxh = dn * (1 - n ** 2)                               # n = tanh(xh + r * hh)
    dr = dxh * hh
    dhh = dxh * r
    dxz = dz * z * (1 - z)                                # z = sigmoid(xz + hz)
    dxr = dr * r * (1 - r)                                # r = sigmoid(xr + hr)
    dx_part = np.concatenate([dxz, dxr, dxh], axis=1)     # (N, 3H), of x Wx + b[0]
    dh_part = np.concatenate([dxz, dxr, dhh], axis=1)     # (N, 3H), of h_prev Wh + b[1]
    dx = dx_part @ Wx.T
    dh_prev = dh_direct + dh_part @ Wh.T
    dWx = x.T @ dx_part
    dWh = h_prev.T @ dh_part
    db = np.stack([dx_part.sum(axis=0), dh_part.sum(axis=0)])
    return dx, dh_prev, dWx, dWh, db


def gru_forward(x, h0, Wx, Wh, b):
    """Run the GRU over a whole sequence: `gru_step_forward` at every step.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
    h0 : ndarray of shape (N, H)
    Wx : (D, 3H), Wh : (H, 3H), b : (2, 3H)

    Returns
    -------
    h : ndarray of shape (N, T, H), the hidden state after every step
    cache : GRUCache for `gru_backward` (holds the gates z, r, the candidate n and the
        recurrent part hh (N, T, H) too); its h is the returned array
    """
    x, h0, Wx, Wh, b = cell_inputs(GRU, x, h0, Wx, Wh, b, ("N", "T", "D"))
    N, T, D = x.shape
    H = h0.shape[1]
    h, z, r, n, hh = (np.empty((N, T, H), dtype=x.dtype) for _ in range(5))
    h_t = h0
    for t in range(T):
        h_t, step = gru_step_forward(x[:, t], h_t, Wx, Wh, b)
        h[:, t], z[:, t], r[:, t], n[:, t], hh[:, t] = h_t, step.z, step.r, step.n, step.hh
    return h, GRUCache(x, h0, h, z, r, n, hh, Wx, Wh)


def gru_backward(dh, cache):
    """Backpropagation through time for `gru_forward`: `gru_step_backward` at every
    step, from the last to the first.

    Parameters
    ----------
    dh : ndarray of shape (N, T, H), the upstream gradient on every hidden state.
    cache : GRUCache from `gru_forward`

    Returns
    -------
    dx (N, T, D), dh0 (N, H), dWx (D, 3H), dWh (H, 3H), db (2, 3H).

    h_t reaches the loss directly (dh[:, t]) and through step t + 1 (dh_next). The
    weights are shared by every step, so their gradients are the sum of every step's share.
    """
    check_cache("cache", cache, GRUCache, "gru_forward")
    dh = check_upstream("dh", dh, cache.h, ("N", "T", "H"))
    N, T, H = dh.shape
    dx = np.empty_like(cache.x)
    dWx, dWh = np.zeros_like(cache.Wx), np.zeros_like(cache.Wh)
    db = np.zeros((2, 3 * H), dtype=dh.dtype)
    dh_next = np.zeros((N, H), dtype=dh.dtype)            # nothing comes after the last step
    for t in reversed(range(T)):
        dx[:, t], dh_next, dWx_t, dWh_t, db_t = gru_step_backward(dh[:, t] + dh_next,
                                                                   cache.step(t))
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dh_next, dWx, dWh, db                      # dh_next is now dL/dh0
