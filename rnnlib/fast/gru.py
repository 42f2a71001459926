"""The GRU's sequence passes, fast: the same results as ``rnnlib.gru``, which is the
version to read (the equations and the loops over steps are written out there).

What makes this one faster: the input part of every step is one matrix product before
the loop; the loops work time-major and in place, with no array allocated per step;
the gates z and r are computed as 1 / (1 + e^u) with u = -z, the sign folded once into
copies of the weights; and the weight gradients are one matrix product each after the
loop. For float32, where numba is installed, each step's elementwise work is one
compiled kernel instead (``_numba_steps``).
"""
from functools import partial

import numpy as np

from .._checks import check_cache, check_upstream
from .._weights import cell_inputs
from ..activations import _sigmoid_of_negated
from ..cells import GRU
from ..gru import GRUCache
from ._fused import fused_kernels
from ._time_major import batch_major, project, step_inputs


def gru_forward(x, h0, Wx, Wh, b):
    """Same result as `rnnlib.gru_forward`; read that first. This is the fast kernel.

    x (N, T, D), h0 (N, H), Wx (D, 3H), Wh (H, 3H), b (2, 3H) -> h (N, T, H), GRUCache
    (its z, r, n and hh are views of time-major arrays).

    The work is done time-major, (T, N, .), so that each step reads and writes one
    contiguous block, and in place, with no array allocated inside the loop: the
    input part [xz, xr, xh] of every step is computed at once into one (T, N, 3H)
    array, and step t turns its block into [z, r, n] there, with one numba kernel per
    step for float32 when numba is installed (``rnnlib.fast.use_numba``), with numpy
    otherwise. The recurrent bias of z and r is added to the input part before the loop.
    """
    x, h0, Wx, Wh, b = cell_inputs(GRU, x, h0, Wx, Wh, b, ("N", "T", "D"))
    kernels = fused_kernels(x.dtype)
    loop = _forward_numpy if kernels is None else partial(_forward_fused, kernels)
    h, zrn, hh = loop(x, h0, Wx, Wh, b)                      # (T, N, H), (T, N, 3H), (T, N, H)
    H = h0.shape[1]
    z, r, n = (zrn[..., k * H:(k + 1) * H].swapaxes(0, 1) for k in range(3))
    h = batch_major(h)                                        # (N, T, H), returned and cached
    return h, GRUCache(x, h0, h, z, r, n, hh.swapaxes(0, 1), Wx, Wh)


def _forward_fused(kernels, x, h0, Wx, Wh, b):
    """The time loop with one fused numba kernel per step: h, [z, r, n], hh, time-major."""
    N, T, _ = x.shape
    H = h0.shape[1]
    bias = b[0].copy()                                        # the input bias, and for z and r
    bias[:2 * H] += b[1, :2 * H]                              # also their recurrent bias
    zrn = project(x.swapaxes(0, 1), Wx)                       # (T, N, 3H) all steps at once
    zrn += bias
    b_hh = np.ascontiguousarray(b[1, 2 * H:])                 # recurrent bias of the candidate
    h = np.empty((T, N, H), dtype=x.dtype)
    hh = np.empty_like(h)
    hW = np.empty((N, 3 * H), dtype=x.dtype)                  # the recurrent part of one step
    h_t = h0
    for t in range(T):
        np.matmul(h_t, Wh, out=hW)
        kernels.gru_step_forward(zrn[t], hW, b_hh, h_t, hh[t], h[t])
        h_t = h[t]
    return h, zrn, hh


def _forward_numpy(x, h0, Wx, Wh, b):
    """The time loop in numpy ufuncs: h, [z, r, n], hh, time-major.

    The gates z, r are 1 / (1 + e^u) with u = -(xz + hz); negating their columns of
    Wx, Wh and b once (exact) makes the products give u directly.
    """
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
    return h, zrn, hh


def gru_backward(dh, cache):
    """Same result as `rnnlib.gru_backward`; read that first. This is the fast kernel.

    dh (N, T, H), GRUCache -> dx (N, T, D), dh0 (N, H), dWx (D, 3H), dWh (H, 3H), db (2, 3H).

    With dh_t the total gradient on h_t (upstream plus the one from step t + 1),

        dz = dh_t (h_{t-1} - n) z (1 - z)      dn = dh_t (1 - z) (1 - n^2)
        dr = dn hh r (1 - r)                    dh_{t-1} = dh_t z + [dz, dr, dn r] Wh^T

    Each step reads its blocks of the time-major cache once and writes its block of
    one (T, N, 4H) array as [dz, dr, dn r, dn]: one fused numba kernel per step for
    float32 when numba is installed, numpy in place otherwise (computing the factors in
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
    h, z, r, n, hh = (a.swapaxes(0, 1) for a in (h, z, r, n, hh))   # (T, N, H) views
    T, N, H = h.shape
    D = x.shape[2]
    inputs = step_inputs(x, h0, h)                           # [x_t, 1, h_{t-1}], (T*N, D+1+H)
    h_prev = inputs.reshape(T, N, D + 1 + H)[..., D + 1:]    # (T, N, H) view, time-major
    kernels = fused_kernels(h.dtype)
    loop = _backward_numpy if kernels is None else partial(_backward_fused, kernels)
    grads, dh0 = loop(dh, h_prev, z, r, n, hh, Wh)           # [dz, dr, dn r, dn] (T, N, 4H)
    dG = grads[..., :3 * H].reshape(T * N, 3 * H)            # a view: [dz, dr, dn r]
    dWh = inputs[:, D:].T @ dG                               # [db[1]; dWh]
    np.copyto(grads[..., 2 * H:3 * H], grads[..., 3 * H:])   # now [dz, dr, dn]
    dWx = inputs[:, :D + 1].T @ dG                           # [dWx; db[0]]
    db = np.stack([dWx[D], dWh[0]])
    return batch_major(project(grads[..., :3 * H], Wx.T)), dh0, dWx[:D], dWh[1:], db


def _backward_fused(kernels, dh, h_prev, z, r, n, hh, Wh):
    """The reversed time loop with one fused numba kernel per step: grads (T, N, 4H), dh0."""
    T, N, H = z.shape
    dh = np.ascontiguousarray(dh)                            # (N, T, H), read per row
    grads = np.empty((T, N, 4 * H), dtype=z.dtype)           # [dz, dr, dn r, dn] per step
    dh_z = np.zeros((N, H), dtype=z.dtype)                   # dh_{t+1} z_{t+1}
    dhW = np.zeros((N, H), dtype=z.dtype)                    # [dz, dr, dn r]_{t+1} Wh^T
    Wh_T = np.ascontiguousarray(Wh.T)                        # (3H, H), read row by row: faster
    for t in reversed(range(T)):
        kernels.gru_step_backward(dh, t, dhW, dh_z, z[t], r[t], n[t], hh[t], h_prev[t],
                                  grads[t])
        np.matmul(grads[t, :, :3 * H], Wh_T, out=dhW)
    return grads, dh_z + dhW


def _backward_numpy(dh, h_prev, z, r, n, hh, Wh):
    """The reversed time loop in numpy ufuncs, in place: grads (T, N, 4H), dh0."""
    dh = dh.swapaxes(0, 1)                                   # (T, N, H) view
    T, N, H = z.shape
    grads = np.empty((T, N, 4 * H), dtype=z.dtype)           # [dz, dr, dn r, dn] per step
    dh_t = np.empty((N, H), dtype=z.dtype)                   # total gradient on h_t
    one_minus_z = np.empty_like(dh_t)
    dhW = np.empty_like(dh_t)
    dh_next = np.zeros_like(dh_t)                            # dh_{t+1} from step t + 1
    Wh_T = np.ascontiguousarray(Wh.T)                        # (3H, H), read row by row: faster
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
        np.matmul(g[:, :3 * H], Wh_T, out=dhW)
        np.add(np.multiply(dh_t, z_t, out=dh_next), dhW, out=dh_next)
    return grads, dh_next
