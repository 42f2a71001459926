"""Whole-sequence helpers for the kernels: one matrix product over every time step,
and the move between the time-major working layout and the documented batch-major one.

The sequence kernels work on time-major arrays (T, N, ...): the block of step t is
then one contiguous piece of memory, which numpy processes several times faster than
the strided slice ``[:, t]`` of a batch-major (N, T, ...) array.
"""
import numpy as np


def project(x, W):
    """x (..., K) @ W (K, M) -> (..., M), computed as a single 2-D matrix product.

    numpy's matmul of a 3-D array by a 2-D one loops over the leading axis and calls
    BLAS once per example; flattening (N, T, K) to (N*T, K) makes it one call, which
    is faster, and far faster when BLAS threads compete with other work.
    A time-major view of a batch-major x (``x.swapaxes(0, 1)``) is copied once by the
    flattening, so the result is a C-contiguous time-major array.
    """
    return (x.reshape(-1, x.shape[-1]) @ W).reshape(*x.shape[:-1], W.shape[-1])


def batch_major(a):
    """A time-major working array (T, N, ...) as a C-contiguous (N, T, ...) array (a copy)."""
    return np.ascontiguousarray(a.swapaxes(0, 1))


def step_inputs(x, h0, h):
    """What every step multiplied its weights by, [x_t, 1, h_{t-1}], as one matrix.

    x : (N, T, D) batch-major input; h0 : (N, H); h : (T, N, H) time-major states.
    Returns a new (T*N, D + 1 + H) array, rows in time-major order. Its transpose
    times the time-major pre-activation gradients dz (T*N, G*H) is [dWx; db; dWh]:
    every weight gradient (a sum over all steps) from a single matrix product.
    """
    N, T, D = x.shape
    H = h0.shape[1]
    a = np.empty((T, N, D + 1 + H), dtype=h.dtype)
    a[..., :D] = x.swapaxes(0, 1)
    a[..., D] = 1
    a[:1, :, D + 1:] = h0
    a[1:, :, D + 1:] = h[:-1]
    return a.reshape(T * N, D + 1 + H)
