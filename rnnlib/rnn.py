"""The vanilla (tanh) RNN, exactly as ``keras.layers.SimpleRNN``.

Contract: at every step the cell mixes the current input with the previous hidden
state through the *same* weights and squashes the result,

    h_t = tanh(x_t Wx + h_{t-1} Wh + b)

Shapes: N batch, T time steps, D input features, H hidden units.
Weights in Keras's layout: Wx = kernel (D, H), Wh = recurrent_kernel (H, H), b = bias (H,).
"""
from typing import NamedTuple

import numpy as np

from ._checks import check_cache, check_upstream
from ._layout import cell_inputs
from ._linalg import batch_major, project


class RNNStepCache(NamedTuple):
    """What `rnn_step_backward` needs: x (N, D), h_prev (N, H), h (N, H), weights."""
    x: np.ndarray
    h_prev: np.ndarray
    h: np.ndarray
    Wx: np.ndarray
    Wh: np.ndarray


class RNNCache(NamedTuple):
    """What `rnn_backward` needs: x (N, T, D), h0 (N, H), h (N, T, H), weights."""
    x: np.ndarray
    h0: np.ndarray
    h: np.ndarray
    Wx: np.ndarray
    Wh: np.ndarray


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    """One step of the tanh RNN.

    Parameters
    ----------
    x : ndarray of shape (N, D)
    h_prev : ndarray of shape (N, H)
    Wx : (D, H), Wh : (H, H), b : (H,)

    Returns
    -------
    h : ndarray of shape (N, H), the new hidden state
    cache : RNNStepCache for `rnn_step_backward`
    """
    x, h_prev, Wx, Wh, b = cell_inputs("SimpleRNN", 1, x, h_prev, Wx, Wh, b,
                                       ("N", "D"), h_name="h_prev")
    h = np.tanh(x @ Wx + h_prev @ Wh + b)                     # (N, H)
    return h, RNNStepCache(x, h_prev, h, Wx, Wh)


def rnn_step_backward(dh, cache):
    """Backward pass of one step.

    dh : ndarray of shape (N, H), the gradient of the loss with respect to h.
    Returns dx (N, D), dh_prev (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    check_cache("cache", cache, RNNStepCache, "rnn_step_forward")
    dh = check_upstream("dh", dh, cache.h, ("N", "H"))
    da = dh * (1 - cache.h ** 2)                              # (N, H) through tanh
    return (da @ cache.Wx.T, da @ cache.Wh.T,
            cache.x.T @ da, cache.h_prev.T @ da, da.sum(axis=0))


def rnn_forward(x, h0, Wx, Wh, b):
    """Run the tanh RNN over a whole sequence.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
    h0 : ndarray of shape (N, H), the initial hidden state
    Wx : (D, H), Wh : (H, H), b : (H,)

    Returns
    -------
    h : ndarray of shape (N, T, H), the hidden state after every step
        (``return_sequences=True`` in Keras), C-contiguous
    cache : RNNCache for `rnn_backward`; its h is the returned array

    Notes
    -----
    The work is done time-major, (T, N, H), so that each step reads and writes one
    contiguous block, and in place: the input part x_t Wx + b of every step is
    computed at once, and step t turns its block into h_t with two in-place ufuncs
    after the recurrent product. No array is allocated inside the loop.
    """
    x, h0, Wx, Wh, b = cell_inputs("SimpleRNN", 1, x, h0, Wx, Wh, b, ("N", "T", "D"))
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
    """Backpropagation through time for `rnn_forward`.

    dh : ndarray of shape (N, T, H), the upstream gradient on every hidden state.
    Returns dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,).

    The weights are shared by every step, so their gradients are sums over time:
    collect the pre-activation gradients da_t for all t, then reduce once.
    """
    check_cache("cache", cache, RNNCache, "rnn_forward")
    dh = check_upstream("dh", dh, cache.h, ("N", "T", "H"))
    x, h0, h, Wx, Wh = cache
    N, T, H = h.shape
    da = np.empty_like(h)                    # (N, T, H)
    dh_next = np.zeros_like(h0)              # gradient arriving from step t + 1
    for t in reversed(range(T)):
        da[:, t] = (dh[:, t] + dh_next) * (1 - h[:, t] ** 2)
        dh_next = da[:, t] @ Wh.T
    h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)  # (N, T, H)
    da2 = da.reshape(N * T, H)
    dWx = x.reshape(N * T, -1).T @ da2
    dWh = h_prev.reshape(N * T, H).T @ da2
    return project(da, Wx.T), dh_next, dWx, dWh, da2.sum(axis=0)
