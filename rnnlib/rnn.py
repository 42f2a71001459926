"""The vanilla (tanh) RNN, exactly as ``keras.layers.SimpleRNN``.

Contract: at every step the cell mixes the current input with the previous hidden
state through the *same* weights and squashes the result,

    h_t = tanh(x_t Wx + h_{t-1} Wh + b)

Shapes: N batch, T time steps, D input features, H hidden units.
Weights in Keras's layout: Wx = kernel (D, H), Wh = recurrent_kernel (H, H), b = bias (H,).
"""
from typing import NamedTuple

import numpy as np

from ._checks import cell_inputs, check_cache, check_upstream
from ._linalg import project


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
        (``return_sequences=True`` in Keras)
    cache : RNNCache for `rnn_backward`
    """
    x, h0, Wx, Wh, b = cell_inputs("SimpleRNN", 1, x, h0, Wx, Wh, b, ("N", "T", "D"))
    N, T, _ = x.shape
    xw = project(x, Wx) + b                  # (N, T, H): the input part, all steps at once
    h = np.empty((N, T, h0.shape[1]), dtype=x.dtype)
    h_t = h0
    for t in range(T):                       # only the recurrence is sequential
        h_t = h[:, t] = np.tanh(xw[:, t] + h_t @ Wh)
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
