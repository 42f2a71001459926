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

from ._checks import check_cache, check_upstream
from ._layout import cell_inputs
from ._linalg import batch_major, project, step_inputs
from .activations import _sigmoid_of_negated, sigmoid


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
    h : ndarray of shape (N, T, H), the hidden state after every step, C-contiguous
    cache : GRUCache for `gru_backward` (holds the gates z, r (N, T, H) too); its h
        is the returned array, its z, r, n, hh transposed views of the time-major
        arrays the loop wrote

    Notes
    -----
    The work is done time-major, (T, N, .), so that each step reads and writes one
    contiguous block, and in place, with no array allocated inside the loop: the
    input part [xz, xr, xh] of every step is computed at once into one (T, N, 3H)
    array, and step t turns its block into [z, r, n] there.
    The gates z, r are 1 / (1 + e^u) with u = -(xz + hz); negating their columns of
    Wx, Wh and b once (exact) makes the products give u directly, and the
    recurrent bias of z and r is added to the input part before the loop.
    """
    x, h0, Wx, Wh, b = cell_inputs("GRU", 3, x, h0, Wx, Wh, b,
                                   ("N", "T", "D"), gru_bias=True)
    N, T, _ = x.shape
    H = h0.shape[1]
    sign = np.ones(3 * H, dtype=x.dtype)
    sign[:2 * H] = -1                                         # z, r: -(.); candidate: as is
    bias = b[0] * sign                                        # the input bias, and for z and r
    bias[:2 * H] -= b[1, :2 * H]                              # also their recurrent bias
    zrn = project(x.swapaxes(0, 1), Wx * sign)                # (T, N, 3H) all steps at once
    zrn += bias                                               # [-(xz+bz), -(xr+br), xh+bh_x]
    Wh_u = Wh * sign                                          # a copy; the cache keeps Wh
    b_hh = b[1, 2 * H:]                                       # recurrent bias of the candidate
    h = np.empty((T, N, H), dtype=x.dtype)
    hh = np.empty_like(h)
    hW = np.empty((N, 3 * H), dtype=x.dtype)                  # the recurrent part of one step
    tmp = np.empty((N, H), dtype=x.dtype)
    h_t = h0
    with np.errstate(over="ignore"):                          # e^u = inf: gate 0, exact
        for t in range(T):
            a = zrn[t]                                        # (N, 3H), becomes [z, r, n]
            np.matmul(h_t, Wh_u, out=hW)
            zr = np.add(a[:, :2 * H], hW[:, :2 * H], out=a[:, :2 * H])
            _sigmoid_of_negated(zr)
            z, r, n = a[:, :H], a[:, H:2 * H], a[:, 2 * H:]
            np.add(hW[:, 2 * H:], b_hh, out=hh[t])            # hh = h_{t-1} Wh_h + b_h
            np.add(n, np.multiply(r, hh[t], out=tmp), out=n)
            np.tanh(n, out=n)                                 # n = tanh(xh + r * hh)
            h_prev, h_t = h_t, h[t]
            np.multiply(z, h_prev, out=h_t)                   # h_t = z h_{t-1} + (1 - z) n
            np.subtract(1, z, out=tmp)
            np.add(h_t, np.multiply(tmp, n, out=tmp), out=h_t)
    z, r, n = (zrn[..., k * H:(k + 1) * H].swapaxes(0, 1) for k in range(3))
    h = batch_major(h)                                        # (N, T, H), returned and cached
    return h, GRUCache(x, h0, h, z, r, n, hh.swapaxes(0, 1), Wx, Wh)


def gru_backward(dh, cache):
    """Backpropagation through time for `gru_forward`.

    Parameters
    ----------
    dh : ndarray of shape (N, T, H), the upstream gradient on every hidden state.
    cache : GRUCache from `gru_forward`

    Returns
    -------
    dx (N, T, D), dh0 (N, H), dWx (D, 3H), dWh (H, 3H), db (2, 3H), C-contiguous.

    Notes
    -----
    With dh_t the total gradient on h_t (upstream plus the one from step t + 1),

        dz = dh_t (h_{t-1} - n) z (1 - z)      dn = dh_t (1 - z) (1 - n^2)
        dr = dn hh r (1 - r)                    dh_{t-1} = dh_t z + [dz, dr, dn r] Wh^T

    Each step reads its blocks of the time-major cache once and writes its block of
    one (T, N, 4H) array as [dz, dr, dn r, dn], in place (computing the factors in
    whole-sequence passes instead costs more here: each pass streams an array far
    larger than the processor's cache through memory). The first 3H columns are the
    gradient of the recurrent projection h_{t-1} Wh + b[1]; once dWh is taken, dn is
    copied over dn r and the same columns are the gradient of the input projection
    x_t Wx + b[0], [dz, dr, dn]. The weights are shared by every step, so their
    gradients are sums over time: [db[1]; dWh] is one matrix product of [1, h_{t-1}]
    for all steps with the first, [dWx; db[0]] one of [x_t, 1] with the second, and
    dx is another.
    """
    check_cache("cache", cache, GRUCache, "gru_forward")
    dh = check_upstream("dh", dh, cache.h, ("N", "T", "H"))
    x, h0, h, z, r, n, hh, Wx, Wh = cache
    h, z, r, n, hh, dh = (a.swapaxes(0, 1) for a in (h, z, r, n, hh, dh))   # (T, N, H) views
    T, N, H = h.shape
    D = x.shape[2]
    inputs = step_inputs(x, h0, h)                           # [x_t, 1, h_{t-1}], (T*N, D+1+H)
    h_prev = inputs.reshape(T, N, D + 1 + H)[..., D + 1:]    # (T, N, H) view, time-major
    grads = np.empty((T, N, 4 * H), dtype=h.dtype)           # [dz, dr, dn r, dn] per step
    dh_t = np.empty((N, H), dtype=h.dtype)                   # total gradient on h_t
    one_minus_z = np.empty_like(dh_t)
    dhW = np.empty_like(dh_t)
    dh_next = np.zeros_like(dh_t)                            # dh_{t+1} from step t + 1
    for t in reversed(range(T)):
        z_t, r_t, n_t, g = z[t], r[t], n[t], grads[t]
        dz, dr, dnr, dn = g[:, :H], g[:, H:2 * H], g[:, 2 * H:3 * H], g[:, 3 * H:]
        np.add(dh[t], dh_next, out=dh_t)
        np.subtract(1, z_t, out=one_minus_z)
        np.multiply(n_t, n_t, out=dn)                        # dn = dh_t (1 - z) (1 - n^2)
        np.subtract(1, dn, out=dn)
        dn *= one_minus_z
        np.subtract(h_prev[t], n_t, out=dz)                  # dz = dh_t (h_prev - n) z (1 - z)
        dz *= z_t
        dz *= one_minus_z
        dz_dn = g.reshape(N, 4, H)[:, ::3]                   # (N, 2, H) view of dz, dn
        np.multiply(dz_dn, dh_t[:, None], out=dz_dn)
        np.subtract(1, r_t, out=dr)                          # dr = dn hh r (1 - r)
        dr *= r_t
        dr *= hh[t]
        dr *= dn
        np.multiply(dn, r_t, out=dnr)
        np.matmul(g[:, :3 * H], Wh.T, out=dhW)
        np.add(np.multiply(dh_t, z_t, out=dh_next), dhW, out=dh_next)
    dG = grads[..., :3 * H].reshape(T * N, 3 * H)            # a view: [dz, dr, dn r]
    dWh = inputs[:, D:].T @ dG                               # [db[1]; dWh]
    np.copyto(grads[..., 2 * H:3 * H], grads[..., 3 * H:])   # now [dz, dr, dn]
    dWx = inputs[:, :D + 1].T @ dG                           # [dWx; db[0]]
    db = np.stack([dWx[D], dWh[0]])
    return batch_major(project(grads[..., :3 * H], Wx.T)), dh_next, dWx[:D], dWh[1:], db
