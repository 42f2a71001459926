"""The LSTM cell, exactly as ``keras.layers.LSTM`` (default activations).

Contract: four gates read the input and the previous hidden state; the cell state c
is updated *additively*, which is what lets gradients survive long lags:

    z = x_t Wx + h_{t-1} Wh + b        (N, 4H), four blocks of H: z_i, z_f, z_g, z_o
    i = sigmoid(z_i)                   input gate: how much of the candidate to write
    f = sigmoid(z_f)                   forget gate: how much of the old cell state to keep
    g = tanh(z_g)                      candidate values
    o = sigmoid(z_o)                   output gate: how much of the cell state to show
    c_t = f * c_{t-1} + i * g
    h_t = o * tanh(c_t)

Shapes: N batch, T time steps, D input features, H hidden units.
Keras layout, gate order i, f, c (= g), o: Wx = kernel (D, 4H),
Wh = recurrent_kernel (H, 4H), b = bias (4H,).

This module is the textbook: the step functions hold the equations, and the sequence
functions loop over them. ``rnnlib.fast.lstm`` computes the same results faster.
"""
from typing import NamedTuple

import numpy as np

from ._checks import as_float_array, check_cache, check_dim, check_upstream
from ._weights import cell_inputs
from .activations import sigmoid
from .cells import LSTM


class LSTMStepCache(NamedTuple):
    """x (N, D), h_prev, c_prev, c (N, H), gates [i, f, g, o] (N, 4H) after activation,
    weights."""
    x: np.ndarray
    h_prev: np.ndarray
    c_prev: np.ndarray
    c: np.ndarray
    gates: np.ndarray
    Wx: np.ndarray
    Wh: np.ndarray


class LSTMCache(NamedTuple):
    """x (N, T, D), h0, c0 (N, H), h, c (N, T, H), gates [i, f, g, o] (N, T, 4H) after
    activation, weights."""
    x: np.ndarray
    h0: np.ndarray
    c0: np.ndarray
    h: np.ndarray
    c: np.ndarray
    gates: np.ndarray
    Wx: np.ndarray
    Wh: np.ndarray

    def step(self, t):
        """The LSTMStepCache of step t (0-based), rebuilt from the sequence cache."""
        h_prev = self.h0 if t == 0 else self.h[:, t - 1]
        c_prev = self.c0 if t == 0 else self.c[:, t - 1]
        return LSTMStepCache(self.x[:, t], h_prev, c_prev, self.c[:, t], self.gates[:, t],
                             self.Wx, self.Wh)


def _cell_state(name, c, h):
    """Validate a cell state `c` (N, H) against the hidden state `h` (N, H)."""
    c = as_float_array(name, c, ("N", "H"), dtype=h.dtype)
    for axis, letter in ((0, "N"), (1, "H")):
        check_dim(name, c, axis, letter, h.shape[axis])
    return c


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    """One LSTM step.

    Parameters
    ----------
    x : ndarray of shape (N, D)
    h_prev, c_prev : ndarrays of shape (N, H)
    Wx : (D, 4H), Wh : (H, 4H), b : (4H,)

    Returns
    -------
    h, c : ndarrays of shape (N, H)
    cache : LSTMStepCache for `lstm_step_backward`
    """
    x, h_prev, Wx, Wh, b = cell_inputs(LSTM, x, h_prev, Wx, Wh, b, ("N", "D"),
                                       h_name="h_prev")
    c_prev = _cell_state("c_prev", c_prev, h_prev)
    z = x @ Wx + h_prev @ Wh + b                          # (N, 4H)
    z_i, z_f, z_g, z_o = np.split(z, 4, axis=1)           # four (N, H) blocks
    i = sigmoid(z_i)
    f = sigmoid(z_f)
    g = np.tanh(z_g)
    o = sigmoid(z_o)
    c = f * c_prev + i * g                                # (N, H)
    h = o * np.tanh(c)                                    # (N, H)
    gates = np.concatenate([i, f, g, o], axis=1)          # (N, 4H), kept for the backward pass
    return h, c, LSTMStepCache(x, h_prev, c_prev, c, gates, Wx, Wh)


def lstm_step_backward(dh, dc, cache):
    """Backward pass of one LSTM step: the equations of `lstm_step_forward`, last first.

    dh, dc : ndarrays of shape (N, H), gradients of the loss with respect to h and c
        (everything that reaches them: from this step's output and from the next step).
    Returns dx (N, D), dh_prev (N, H), dc_prev (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,).
    """
    check_cache("cache", cache, LSTMStepCache, "lstm_step_forward")
    dh = check_upstream("dh", dh, cache.c, ("N", "H"))
    dc = check_upstream("dc", dc, cache.c, ("N", "H"))
    i, f, g, o = np.split(cache.gates, 4, axis=1)         # four (N, H) blocks
    tanh_c = np.tanh(cache.c)
    do = dh * tanh_c                                      # h = o * tanh(c)
    dc = dc + dh * o * (1 - tanh_c ** 2)                  #   ... and tanh' = 1 - tanh^2
    di = dc * g                                           # c = f * c_prev + i * g
    df = dc * cache.c_prev
    dg = dc * i
    dc_prev = dc * f
    dz_i = di * i * (1 - i)                               # i = sigmoid(z_i), sigmoid' = s (1 - s)
    dz_f = df * f * (1 - f)                               # f = sigmoid(z_f)
    dz_g = dg * (1 - g ** 2)                              # g = tanh(z_g)
    dz_o = do * o * (1 - o)                               # o = sigmoid(z_o)
    dz = np.concatenate([dz_i, dz_f, dz_g, dz_o], axis=1)  # (N, 4H)
    dx = dz @ cache.Wx.T                                  # z = x Wx + h_prev Wh + b
    dh_prev = dz @ cache.Wh.T
    dWx = cache.x.T @ dz
    dWh = cache.h_prev.T @ dz
    db = dz.sum(axis=0)
    return dx, dh_prev, dc_prev, dWx, dWh, db


def lstm_forward(x, h0, Wx, Wh, b, c0=None):
    """Run the LSTM over a whole sequence: `lstm_step_forward` at every step.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
    h0 : ndarray of shape (N, H); c0 : (N, H) or None for zeros
    Wx : (D, 4H), Wh : (H, 4H), b : (4H,)

    Returns
    -------
    h : ndarray of shape (N, T, H), the hidden state after every step
    cache : LSTMCache for `lstm_backward` (it also holds the cell states c (N, T, H)
        and the activated gates (N, T, 4H), handy for plotting); its h is the
        returned array
    """
    x, h0, Wx, Wh, b = cell_inputs(LSTM, x, h0, Wx, Wh, b, ("N", "T", "D"))
    c0 = np.zeros_like(h0) if c0 is None else _cell_state("c0", c0, h0)
    N, T, D = x.shape
    H = h0.shape[1]
    h = np.empty((N, T, H), dtype=x.dtype)
    c = np.empty((N, T, H), dtype=x.dtype)
    gates = np.empty((N, T, 4 * H), dtype=x.dtype)
    h_t, c_t = h0, c0
    for t in range(T):
        h_t, c_t, step = lstm_step_forward(x[:, t], h_t, c_t, Wx, Wh, b)
        h[:, t], c[:, t], gates[:, t] = h_t, c_t, step.gates
    return h, LSTMCache(x, h0, c0, h, c, gates, Wx, Wh)


def lstm_backward(dh, cache):
    """Backpropagation through time for `lstm_forward`: `lstm_step_backward` at every
    step, from the last to the first.

    Parameters
    ----------
    dh : ndarray of shape (N, T, H), the upstream gradient on every hidden state.
    cache : LSTMCache from `lstm_forward`

    Returns
    -------
    dx (N, T, D), dh0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,).
    (The gradient with respect to c0 is not returned, as the signature fixes.)

    h_t reaches the loss directly (dh[:, t]) and through step t + 1 (dh_next); c_t
    reaches it only through step t + 1 (dc_next). The weights are shared by every step,
    so their gradients are the sum of every step's share.
    """
    check_cache("cache", cache, LSTMCache, "lstm_forward")
    dh = check_upstream("dh", dh, cache.h, ("N", "T", "H"))
    N, T, H = dh.shape
    dx = np.empty_like(cache.x)
    dWx, dWh = np.zeros_like(cache.Wx), np.zeros_like(cache.Wh)
    db = np.zeros(4 * H, dtype=dh.dtype)
    dh_next = np.zeros((N, H), dtype=dh.dtype)            # nothing comes after the last step
    dc_next = np.zeros((N, H), dtype=dh.dtype)
    for t in reversed(range(T)):
        dx[:, t], dh_next, dc_next, dWx_t, dWh_t, db_t = lstm_step_backward(
            dh[:, t] + dh_next, dc_next, cache.step(t))
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dh_next, dWx, dWh, db                      # dh_next is now dL/dh0
