"""The vanilla (tanh) RNN, exactly as ``keras.layers.SimpleRNN``.

Contract: at every step the cell mixes the current input with the previous hidden
state through the *same* weights and squashes the result,

    a_t = x_t Wx + h_{t-1} Wh + b          the pre-activation
    h_t = tanh(a_t)

Shapes: N batch, T time steps, D input features, H hidden units.
Weights in Keras's layout: Wx = kernel (D, H), Wh = recurrent_kernel (H, H), b = bias (H,).

This module is the textbook: the step functions hold the equations, and the sequence
functions loop over them. ``rnnlib.fast.rnn`` computes the same results faster.
"""
from typing import NamedTuple

import numpy as np

from ._checks import check_cache, check_upstream
from ._weights import cell_inputs
from .cells import SIMPLE_RNN


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

    def step(self, t):
        """The RNNStepCache of step t (0-based), rebuilt from the sequence cache."""
        h_prev = self.h0 if t == 0 else self.h[:, t - 1]
        return RNNStepCache(self.x[:, t], h_prev, self.h[:, t], self.Wx, self.Wh)


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
    x, h_prev, Wx, Wh, b = cell_inputs(SIMPLE_RNN, x, h_prev, Wx, Wh, b, ("N", "D"),
                                       h_name="h_prev")
    a = x @ Wx + h_prev @ Wh + b                              # (N, H)
    h = np.tanh(a)                                            # (N, H)
    return h, RNNStepCache(x, h_prev, h, Wx, Wh)


def rnn_step_backward(dh, cache):
    """Backward pass of one step.

    dh : ndarray of shape (N, H), the gradient of the loss with respect to h.
    Returns dx (N, D), dh_prev (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    check_cache("cache", cache, RNNStepCache, "rnn_step_forward")
    dh = check_upstream("dh", dh, cache.h, ("N", "H"))
    da = dh * (1 - cache.h ** 2)              # h = tanh(a), and tanh'(a) = 1 - tanh(a)^2
    dx = da @ cache.Wx.T                      # a = x Wx + h_prev Wh + b
    dh_prev = da @ cache.Wh.T
    dWx = cache.x.T @ da
    dWh = cache.h_prev.T @ da
    db = da.sum(axis=0)
    return dx, dh_prev, dWx, dWh, db


def rnn_forward(x, h0, Wx, Wh, b):
    """Run the tanh RNN over a whole sequence: `rnn_step_forward` at every step.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
    h0 : ndarray of shape (N, H), the initial hidden state
    Wx : (D, H), Wh : (H, H), b : (H,)

    Returns
    -------
    h : ndarray of shape (N, T, H), the hidden state after every step
        (``return_sequences=True`` in Keras)
    cache : RNNCache for `rnn_backward`; its h is the returned array
    """
    x, h0, Wx, Wh, b = cell_inputs(SIMPLE_RNN, x, h0, Wx, Wh, b, ("N", "T", "D"))
    N, T, D = x.shape
    H = h0.shape[1]
    h = np.empty((N, T, H), dtype=x.dtype)
    h_t = h0
    for t in range(T):
        h_t, _ = rnn_step_forward(x[:, t], h_t, Wx, Wh, b)
        h[:, t] = h_t
    return h, RNNCache(x, h0, h, Wx, Wh)


def rnn_backward(dh, cache):
    """Backpropagation through time for `rnn_forward`: `rnn_step_backward` at every
    step, from the last to the first.

    dh : ndarray of shape (N, T, H), the upstream gradient on every hidden state.
    Returns dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,).

    h_t reaches the loss twice: directly (dh[:, t]) and through step t + 1, which hands
    back dh_next. The weights are shared by every step, so their gradients are the sum
    of every step's share.
    """
    check_cache("cache", cache, RNNCache, "rnn_forward")
    dh = check_upstream("dh", dh, cache.h, ("N", "T", "H"))
    N, T, H = dh.shape
    dx = np.empty_like(cache.x)
    dWx, dWh = np.zeros_like(cache.Wx), np.zeros_like(cache.Wh)
    db = np.zeros(H, dtype=dh.dtype)
    dh_next = np.zeros((N, H), dtype=dh.dtype)            # nothing comes after the last step
    for t in reversed(range(T)):
        dx[:, t], dh_next, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dh_next,
                                                                   cache.step(t))
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dh_next, dWx, dWh, db                      # dh_next is now dL/dh0
