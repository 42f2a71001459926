"""The LSTM cell, exactly as ``keras.layers.LSTM`` (default activations).

Contract: four gates read the input and the previous hidden state; the cell state c
is updated *additively*, which is what lets gradients survive long lags:

    [i, f, g, o] = x_t Wx + h_{t-1} Wh + b          split into four blocks of H
    i, f, o = sigmoid(.)    g = tanh(.)             input, forget, output gates; candidate
    c_t = f * c_{t-1} + i * g
    h_t = o * tanh(c_t)

Shapes: N batch, T time steps, D input features, H hidden units.
Keras layout, gate order i, f, c (= g), o: Wx = kernel (D, 4H),
Wh = recurrent_kernel (H, 4H), b = bias (4H,).
"""
from typing import NamedTuple

import numpy as np

from ._checks import as_float_array, cell_inputs, check_cache, check_dim, check_upstream
from ._linalg import project
from .activations import sigmoid


class LSTMStepCache(NamedTuple):
    """x (N, D), h_prev, c_prev, c (N, H), gates (N, 4H) after activation, weights."""
    x: np.ndarray
    h_prev: np.ndarray
    c_prev: np.ndarray
    c: np.ndarray
    gates: np.ndarray
    Wx: np.ndarray
    Wh: np.ndarray


class LSTMCache(NamedTuple):
    """x (N, T, D), h0, c0 (N, H), h, c (N, T, H), gates (N, T, 4H) activated, weights."""
    x: np.ndarray
    h0: np.ndarray
    c0: np.ndarray
    h: np.ndarray
    c: np.ndarray
    gates: np.ndarray
    Wx: np.ndarray
    Wh: np.ndarray


def _activate(z):
    """Pre-activations z (..., 4H) -> gates (..., 4H): sigmoid on i, f, o; tanh on g."""
    H = z.shape[-1] // 4
    gates = sigmoid(z)
    gates[..., 2 * H:3 * H] = np.tanh(z[..., 2 * H:3 * H])
    return gates


def _gate_grads(dc, dh, c_prev, gates, tanh_c):
    """Gradients of one step's pre-activations (N, 4H) and of c_prev (N, H).

    dc : (N, H) gradient on c_t from later steps; dh : (N, H) total gradient on h_t.
    """
    i, f, g, o = np.split(gates, 4, axis=-1)
    dc = dc + dh * o * (1 - tanh_c ** 2)                       # (N, H)
    dz = np.concatenate([dc * g * i * (1 - i),                 # input gate
                         dc * c_prev * f * (1 - f),            # forget gate
                         dc * i * (1 - g ** 2),                # candidate
                         dh * tanh_c * o * (1 - o)], axis=-1)  # output gate
    return dz, dc * f


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
    x, h_prev, Wx, Wh, b = cell_inputs("LSTM", 4, x, h_prev, Wx, Wh, b,
                                       ("N", "D"), h_name="h_prev")
    c_prev = _cell_state("c_prev", c_prev, h_prev)
    gates = _activate(x @ Wx + h_prev @ Wh + b)              # (N, 4H)
    i, f, g, o = np.split(gates, 4, axis=-1)
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    return h, c, LSTMStepCache(x, h_prev, c_prev, c, gates, Wx, Wh)


def lstm_step_backward(dh, dc, cache):
    """Backward pass of one LSTM step.

    dh, dc : ndarrays of shape (N, H), gradients of the loss with respect to h and c.
    Returns dx (N, D), dh_prev (N, H), dc_prev (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,).
    """
    check_cache("cache", cache, LSTMStepCache, "lstm_step_forward")
    dh = check_upstream("dh", dh, cache.c, ("N", "H"))
    dc = check_upstream("dc", dc, cache.c, ("N", "H"))
    dz, dc_prev = _gate_grads(dc, dh, cache.c_prev, cache.gates, np.tanh(cache.c))
    return (dz @ cache.Wx.T, dz @ cache.Wh.T, dc_prev,
            cache.x.T @ dz, cache.h_prev.T @ dz, dz.sum(axis=0))


def lstm_forward(x, h0, Wx, Wh, b, c0=None):
    """Run the LSTM over a whole sequence.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
    h0 : ndarray of shape (N, H); c0 : (N, H) or None for zeros
    Wx : (D, 4H), Wh : (H, 4H), b : (4H,)

    Returns
    -------
    h : ndarray of shape (N, T, H), the hidden state after every step
    cache : LSTMCache for `lstm_backward` (it also holds the cell states c (N, T, H)
        and the activated gates (N, T, 4H), handy for plotting)
    """
    x, h0, Wx, Wh, b = cell_inputs("LSTM", 4, x, h0, Wx, Wh, b, ("N", "T", "D"))
    c0 = np.zeros_like(h0) if c0 is None else _cell_state("c0", c0, h0)
    N, T, _ = x.shape
    H = h0.shape[1]
    xw = project(x, Wx) + b                                   # (N, T, 4H) all steps at once
    gates = np.empty_like(xw)
    h = np.empty((N, T, H), dtype=x.dtype)
    c = np.empty_like(h)
    h_t, c_t = h0, c0
    for t in range(T):
        gates[:, t] = _activate(xw[:, t] + h_t @ Wh)
        i, f, g, o = np.split(gates[:, t], 4, axis=-1)
        c_t = c[:, t] = f * c_t + i * g
        h_t = h[:, t] = o * np.tanh(c_t)
    return h, LSTMCache(x, h0, c0, h, c, gates, Wx, Wh)


def lstm_backward(dh, cache):
    """Backpropagation through time for `lstm_forward`.

    dh : ndarray of shape (N, T, H), the upstream gradient on every hidden state.
    Returns dx (N, T, D), dh0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,).
    (The gradient with respect to c0 is not returned, as the signature fixes.)
    """
    check_cache("cache", cache, LSTMCache, "lstm_forward")
    dh = check_upstream("dh", dh, cache.h, ("N", "T", "H"))
    x, h0, c0, h, c, gates, Wx, Wh = cache
    N, T, H = h.shape
    c_prev = np.concatenate([c0[:, None], c[:, :-1]], axis=1)   # (N, T, H)
    tanh_c = np.tanh(c)                                         # (N, T, H)
    dz = np.empty_like(gates)                                   # (N, T, 4H)
    dh_next = np.zeros_like(h0)
    dc_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        dz[:, t], dc_next = _gate_grads(dc_next, dh[:, t] + dh_next,
                                        c_prev[:, t], gates[:, t], tanh_c[:, t])
        dh_next = dz[:, t] @ Wh.T
    h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)   # (N, T, H)
    dz2 = dz.reshape(N * T, 4 * H)
    dWx = x.reshape(N * T, -1).T @ dz2
    dWh = h_prev.reshape(N * T, H).T @ dz2
    return project(dz, Wx.T), dh_next, dWx, dWh, dz2.sum(axis=0)
