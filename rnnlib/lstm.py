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

from ._checks import as_float_array, check_cache, check_dim, check_upstream
from ._layout import cell_inputs
from ._linalg import batch_major, project, step_inputs
from .activations import _sigmoid_of_negated, sigmoid


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
    h : ndarray of shape (N, T, H), the hidden state after every step, C-contiguous
    cache : LSTMCache for `lstm_backward` (it also holds the cell states c (N, T, H)
        and the activated gates (N, T, 4H), handy for plotting); its h is the
        returned array, its c and gates transposed views of the time-major arrays
        the loop wrote

    Notes
    -----
    The work is done time-major, (T, N, .), so that each step reads and writes one
    contiguous block, and in place, with no array allocated inside the loop: the
    input part x_t Wx + b of every step is computed at once into the gates array,
    and step t adds h_{t-1} Wh to its block and activates it there.
    The sigmoid gates i, f, o are 1 / (1 + e^u) with u = -z; negating their columns
    of Wx, Wh and b once (exact) makes the products give u directly.
    """
    x, h0, Wx, Wh, b = cell_inputs("LSTM", 4, x, h0, Wx, Wh, b, ("N", "T", "D"))
    c0 = np.zeros_like(h0) if c0 is None else _cell_state("c0", c0, h0)
    N, T, _ = x.shape
    H = h0.shape[1]
    sign = np.ones(4 * H, dtype=x.dtype)
    sign[:2 * H] = sign[3 * H:] = -1                          # i, f, o: -z; g: z
    gates = project(x.swapaxes(0, 1), Wx * sign)              # (T, N, 4H) all steps at once
    gates += b * sign
    Wh_u = Wh * sign                                          # a copy; the cache keeps Wh
    h = np.empty((T, N, H), dtype=x.dtype)
    c = np.empty_like(h)
    hWh = np.empty((N, 4 * H), dtype=x.dtype)                 # the recurrent part of one step
    ig = np.empty((N, H), dtype=x.dtype)                      # i * g, then tanh(c_t)
    h_t, c_t = h0, c0
    with np.errstate(over="ignore"):                          # e^u = inf: gate 0, exact
        for t in range(T):
            z = gates[t]                                      # (N, 4H), becomes [i, f, g, o]
            np.matmul(h_t, Wh_u, out=hWh)
            np.add(z, hWh, out=z)
            _sigmoid_of_negated(z[:, :2 * H])                 # i, f
            _sigmoid_of_negated(z[:, 3 * H:])                 # o
            i, f, g, o = z[:, :H], z[:, H:2 * H], z[:, 2 * H:3 * H], z[:, 3 * H:]
            np.tanh(g, out=g)
            c_t = np.multiply(f, c_t, out=c[t])               # c_t = f * c_{t-1} + i * g
            np.add(c_t, np.multiply(i, g, out=ig), out=c_t)
            h_t = np.multiply(o, np.tanh(c_t, out=ig), out=h[t])   # h_t = o * tanh(c_t)
    h = batch_major(h)                                        # (N, T, H), returned and cached
    return h, LSTMCache(x, h0, c0, h, c.swapaxes(0, 1), gates.swapaxes(0, 1), Wx, Wh)


def lstm_backward(dh, cache):
    """Backpropagation through time for `lstm_forward`.

    Parameters
    ----------
    dh : ndarray of shape (N, T, H), the upstream gradient on every hidden state.
    cache : LSTMCache from `lstm_forward`

    Returns
    -------
    dx (N, T, D), dh0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,), C-contiguous.
    (The gradient with respect to c0 is not returned, as the signature fixes.)

    Notes
    -----
    With dh_t the total gradient on h_t (upstream plus the one from step t + 1),

        dc_t = dc_{t+1} f_{t+1} + dh_t o (1 - tanh^2 c_t)
        dz_t = [dc_t g i (1 - i), dc_t c_{t-1} f (1 - f), dc_t i (1 - g^2),
                dh_t tanh(c_t) o (1 - o)]
        dh_{t-1} = dz_t Wh^T

    Each step reads its block of the time-major gates and cell states once and
    writes its block of dz once, working in place in (N, H) scratch arrays that stay
    in the processor's cache. (Computing the gate factors for all t in separate
    whole-sequence passes costs more here: each pass streams an array far larger
    than the cache through memory.) The weights are shared by every step, so their
    gradients are sums over time: [dWx; db; dWh] is one matrix product of the inputs
    [x_t, 1, h_{t-1}] of all steps with all the dz_t, and dx is another.
    """
    check_cache("cache", cache, LSTMCache, "lstm_forward")
    dh = check_upstream("dh", dh, cache.h, ("N", "T", "H"))
    x, h0, c0, h, c, gates, Wx, Wh = cache
    h, c, gates, dh = (a.swapaxes(0, 1) for a in (h, c, gates, dh))   # (T, N, .) views
    T, N, H = c.shape
    dz = np.empty((T, N, 4 * H), dtype=c.dtype)
    dh_t = np.empty((N, H), dtype=c.dtype)            # total gradient on h_t
    tanh_c = np.empty_like(dh_t)
    tmp = np.empty_like(dh_t)
    dc = np.zeros_like(dh_t)                          # dc_{t+1} f_{t+1}, then dc_t
    dh_next = np.zeros_like(dh_t)                     # dh_{t+1} from step t + 1
    for t in reversed(range(T)):
        s, d = gates[t], dz[t]                        # (N, 4H) blocks of step t
        i, f, g, o = s[:, :H], s[:, H:2 * H], s[:, 2 * H:3 * H], s[:, 3 * H:]
        di, df, dg, do = d[:, :H], d[:, H:2 * H], d[:, 2 * H:3 * H], d[:, 3 * H:]
        np.add(dh[t], dh_next, out=dh_t)
        np.tanh(c[t], out=tanh_c)
        np.multiply(tanh_c, tanh_c, out=tmp)          # dc_t += dh_t o (1 - tanh^2 c_t)
        np.subtract(1, tmp, out=tmp)
        tmp *= o
        tmp *= dh_t
        dc += tmp
        np.subtract(1, s, out=d)                      # s (1 - s) for all four blocks, then
        d *= s                                        # the candidate's is replaced below
        di *= g
        df *= c[t - 1] if t else c0
        do *= tanh_c
        np.multiply(g, g, out=dg)
        np.subtract(1, dg, out=dg)
        dg *= i
        d_ifg = d.reshape(N, 4, H)[:, :3]             # (N, 3, H) view of di, df, dg
        np.multiply(d_ifg, dc[:, None], out=d_ifg)
        do *= dh_t
        dc *= f                                       # on to c_{t-1}
        np.matmul(d, Wh.T, out=dh_next)
    D = x.shape[2]
    dW = step_inputs(x, h0, h).T @ dz.reshape(T * N, 4 * H)  # [dWx; db; dWh]
    return batch_major(project(dz, Wx.T)), dh_next, dW[:D], dW[D + 1:], dW[D]
