"""The tanh RNN's sequence passes, fast: the same results as ``rnnlib.rnn``, which is
the version to read (the equations and the loop over steps are written out there).

What makes this one faster: the input part x_t Wx + b of every step is one matrix
product before the loop, the loop works time-major and in place (no array allocated
per step), and the backward pass collects every step's pre-activation gradient and
takes the weight gradients in one matrix product each after the loop.
"""
import numpy as np

from .._checks import check_cache, check_upstream
from .._weights import cell_inputs
from ..cells import SIMPLE_RNN
from ..rnn import RNNCache
from ._time_major import batch_major, project


def rnn_forward(x, h0, Wx, Wh, b):
    """Same result as `rnnlib.rnn_forward`; read that first. This is the fast kernel.

    x (N, T, D), h0 (N, H), Wx (D, H), Wh (H, H), b (H,) -> h (N, T, H), RNNCache.

    The work is done time-major, (T, N, H), so that each step reads and writes one
    contiguous block, and in place: the input part x_t Wx + b of every step is
    computed at once, and step t turns its block into h_t with two in-place ufuncs
    after the recurrent product. No array is allocated inside the loop.
    """
    x, h0, Wx, Wh, b = cell_inputs(SIMPLE_RNN, x, h0, Wx, Wh, b, ("N", "T", "D"))
    h = project(x.swapaxes(0, 1), Wx)        # (T, N, H): the input part, all steps at once
    h += b
    hWh = np.empty(h0.shape, dtype=h.dtype)  # (N, H) the recurrent part of one step
    h_t = h0
    for t in range(h.shape[0]):              # only the recurrence is sequential
        np.matmul(h_t, Wh, out=hWh)
        h_t = h[t]
        np.add(h_t, hWh, out=h_t)            # x_t Wx + b + h_{t-1} Wh
        np.tanh(h_t, out=h_t)
    h = batch_major(h)                       # (N, T, H), returned and cached
    return h, RNNCache(x, h0, h, Wx, Wh)


def rnn_backward(dh, cache):
    """Same result as `rnnlib.rnn_backward`; read that first. This is the fast kernel.

    dh (N, T, H), RNNCache -> dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,).

    The weights are shared by every step, so their gradients are sums over time:
    collect the pre-activation gradients da_t for all t, then reduce once.
    """
    check_cache("cache", cache, RNNCache, "rnn_forward")
    dh = check_upstream("dh", dh, cache.h, ("N", "T", "H"))
    x, h0, h, Wx, Wh = cache
    N, T, H = h.shape
    da = np.empty_like(h)                    # (N, T, H)
    dh_next = np.zeros_like(h0)              # gradient arriving from step t + 1
    Wh_T = np.ascontiguousarray(Wh.T)        # (H, H), read row by row: faster
    for t in reversed(range(T)):
        da[:, t] = (dh[:, t] + dh_next) * (1 - h[:, t] ** 2)
        dh_next = da[:, t] @ Wh_T
    h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)  # (N, T, H)
    da2 = da.reshape(N * T, H)
    dWx = x.reshape(N * T, -1).T @ da2
    dWh = h_prev.reshape(N * T, H).T @ da2
    return project(da, Wx.T), dh_next, dWx, dWh, da2.sum(axis=0)
