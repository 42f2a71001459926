"""The LSTM's sequence passes, fast: the same results as ``rnnlib.lstm``, which is the
version to read (the equations and the loops over steps are written out there).

What makes this one faster: the input part of every step is one matrix product before
the loop; the loops work time-major and in place, with no array allocated per step;
the sigmoid gates are computed as 1 / (1 + e^u) with u = -z, the sign folded once into
copies of the weights; and the weight gradients are one matrix product after the loop.
For float32, where numba is installed, each step's elementwise work is one compiled
kernel instead (``_numba_steps``).
"""
from functools import partial

import numpy as np

from .._checks import check_cache, check_upstream
from .._weights import cell_inputs
from ..activations import _sigmoid_of_negated
from ..cells import LSTM
from ..lstm import LSTMCache, _cell_state
from ._fused import fused_kernels
from ._time_major import batch_major, project, step_inputs


def lstm_forward(x, h0, Wx, Wh, b, c0=None):
    """Same result as `rnnlib.lstm_forward`; read that first. This is the fast kernel.

    x (N, T, D), h0 (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,), c0 (N, H) or None
    -> h (N, T, H), LSTMCache (its c and gates are views of time-major arrays).

    The work is done time-major, (T, N, .), so that each step reads and writes one
    contiguous block, and in place, with no array allocated inside the loop: the
    input part x_t Wx + b of every step is computed at once into the gates array,
    and step t adds h_{t-1} Wh to its block and activates it there, with one numba
    kernel per step for float32 when numba is installed (``rnnlib.fast.use_numba``), with
    numpy otherwise.
    """
    x, h0, Wx, Wh, b = cell_inputs(LSTM, x, h0, Wx, Wh, b, ("N", "T", "D"))
    c0 = np.zeros_like(h0) if c0 is None else _cell_state("c0", c0, h0)
    kernels = fused_kernels(x.dtype)
    loop = _forward_numpy if kernels is None else partial(_forward_fused, kernels)
    h, c, gates = loop(x, h0, c0, Wx, Wh, b)                  # (T, N, .) each
    h = batch_major(h)                                        # (N, T, H), returned and cached
    return h, LSTMCache(x, h0, c0, h, c.swapaxes(0, 1), gates.swapaxes(0, 1), Wx, Wh)


def _forward_fused(kernels, x, h0, c0, Wx, Wh, b):
    """The time loop with one fused numba kernel per step: h, c (T, N, H), gates (T, N, 4H)."""
    T, H = x.shape[1], h0.shape[1]
    gates = project(x.swapaxes(0, 1), Wx)                     # (T, N, 4H) all steps at once
    gates += b
    h = np.empty((T, *h0.shape), dtype=x.dtype)
    c = np.empty_like(h)
    hWh = np.empty((h0.shape[0], 4 * H), dtype=x.dtype)       # the recurrent part of one step
    h_t, c_t = h0, c0
    for t in range(T):
        np.matmul(h_t, Wh, out=hWh)
        kernels.lstm_step_forward(gates[t], hWh, c_t, c[t], h[t])
        h_t, c_t = h[t], c[t]
    return h, c, gates


def _forward_numpy(x, h0, c0, Wx, Wh, b):
    """The time loop in numpy ufuncs: h, c (T, N, H), gates (T, N, 4H).

    The sigmoid gates i, f, o are 1 / (1 + e^u) with u = -z; negating their columns
    of Wx, Wh and b once (exact) makes the products give u directly.
    """
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
    return h, c, gates


def lstm_backward(dh, cache):
    """Same result as `rnnlib.lstm_backward`; read that first. This is the fast kernel.

    dh (N, T, H), LSTMCache -> dx (N, T, D), dh0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,).

    With dh_t the total gradient on h_t (upstream plus the one from step t + 1),

        dc_t = dc_{t+1} f_{t+1} + dh_t o (1 - tanh^2 c_t)
        dz_t = [dc_t g i (1 - i), dc_t c_{t-1} f (1 - f), dc_t i (1 - g^2),
                dh_t tanh(c_t) o (1 - o)]
        dh_{t-1} = dz_t Wh^T

    Each step reads its block of the time-major gates and cell states once and
    writes its block of dz once: one fused numba kernel per step for float32 when numba
    is installed, numpy in place in (N, H) scratch arrays otherwise. (Computing the gate
    factors for all t in separate whole-sequence passes costs more here: each pass
    streams an array far larger than the cache through memory.) The weights are shared
    by every step, so their gradients are sums over time: [dWx; db; dWh] is one matrix
    product of the inputs [x_t, 1, h_{t-1}] of all steps with all the dz_t, and dx is
    another.
    """
    check_cache("cache", cache, LSTMCache, "lstm_forward")
    dh = check_upstream("dh", dh, cache.h, ("N", "T", "H"))
    x, h0, c0, h, c, gates, Wx, Wh = cache
    h, c, gates = (a.swapaxes(0, 1) for a in (h, c, gates))   # (T, N, .) views
    kernels = fused_kernels(c.dtype)
    loop = _backward_numpy if kernels is None else partial(_backward_fused, kernels)
    dz, dh0 = loop(dh, c0, c, gates, Wh)                      # dz (T, N, 4H)
    T, N, H = c.shape
    D = x.shape[2]
    dW = step_inputs(x, h0, h).T @ dz.reshape(T * N, 4 * H)  # [dWx; db; dWh]
    return batch_major(project(dz, Wx.T)), dh0, dW[:D], dW[D + 1:], dW[D]


def _backward_fused(kernels, dh, c0, c, gates, Wh):
    """The reversed time loop with one fused numba kernel per step: dz (T, N, 4H), dh0."""
    T, N, H = c.shape
    dh = np.ascontiguousarray(dh)                             # (N, T, H), read per row
    dz = np.empty((T, N, 4 * H), dtype=c.dtype)
    dc = np.zeros((N, H), dtype=c.dtype)                      # dc_{t+1} f_{t+1}, then dc_t
    dh_next = np.zeros((N, H), dtype=c.dtype)                 # dh_{t+1} from step t + 1
    Wh_T = np.ascontiguousarray(Wh.T)                         # (4H, H), read row by row: faster
    for t in reversed(range(T)):
        kernels.lstm_step_backward(dh, t, dh_next, dc, gates[t], c[t],
                                   c[t - 1] if t else c0, dz[t])
        np.matmul(dz[t], Wh_T, out=dh_next)
    return dz, dh_next


def _backward_numpy(dh, c0, c, gates, Wh):
    """The reversed time loop in numpy ufuncs, in place: dz (T, N, 4H), dh0."""
    dh = dh.swapaxes(0, 1)                                    # (T, N, H) view
    T, N, H = c.shape
    dz = np.empty((T, N, 4 * H), dtype=c.dtype)
    dh_t = np.empty((N, H), dtype=c.dtype)            # total gradient on h_t
    tanh_c = np.empty_like(dh_t)
    tmp = np.empty_like(dh_t)
    dc = np.zeros_like(dh_t)                          # dc_{t+1} f_{t+1}, then dc_t
    dh_next = np.zeros_like(dh_t)                     # dh_{t+1} from step t + 1
    Wh_T = np.ascontiguousarray(Wh.T)                 # (4H, H), read row by row: faster
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
        np.matmul(d, Wh_T, out=dh_next)
    return dz, dh_next
