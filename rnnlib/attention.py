"""Scaled dot-product attention, forward and backward, in numpy.

Shapes: N batch, Tq query steps, Tk key (and value) steps, D query and key features,
Dv value features. Each query looks at every key, turns the similarities into weights
that sum to 1, and returns the weighted average of the values:

    S = q k^T / sqrt(D)          (N, Tq, Tk)  scores
    A = softmax(S) over Tk       (N, Tq, Tk)  attention weights, masked keys get 0
    out = A v                    (N, Tq, Dv)

This is the computation inside Keras's ``MultiHeadAttention`` (per head, after its
projections) and, without the 1/sqrt(D), Keras's ``Attention`` layer (Luong's dot score).
"""
from typing import NamedTuple

import numpy as np

from ._checks import as_float_array, check_cache, check_dim, check_upstream
from .losses import softmax


class AttentionCache(NamedTuple):
    """What `attention_backward` needs from `attention_forward`."""
    q: np.ndarray          # (N, Tq, D)
    k: np.ndarray          # (N, Tk, D)
    v: np.ndarray          # (N, Tk, Dv)
    weights: np.ndarray    # (N, Tq, Tk) A, zero where masked
    scale: float           # 1 / sqrt(D)


def causal_mask(T):
    """(T, T) bool, True on and below the diagonal: step t may look at steps 1..t only.

    Pass it as ``mask=causal_mask(T)[None]`` (shape (1, T, T), shared by the batch).
    """
    return np.tri(T, dtype=bool)


def _check_mask(mask, N, Tq, Tk):
    """`mask` as a bool array of shape (N, Tq, Tk); True means "may attend"."""
    mask = np.asarray(mask)
    if mask.dtype != bool:
        raise TypeError(f"mask must be a bool array (True where a query may look at a key), "
                        f"but has dtype {mask.dtype}. Build it with e.g. tokens != 0.")
    if mask.ndim == 2:                        # (N, Tk): which keys are real, not padding
        mask = mask[:, None, :]
    try:
        mask = np.broadcast_to(mask, (N, Tq, Tk))
    except ValueError:
        raise ValueError(f"mask must have shape (N, Tk) = ({N}, {Tk}) or (N, Tq, Tk) = "
                         f"({N}, {Tq}, {Tk}) (axes of size 1 broadcast), but has shape "
                         f"{np.shape(mask)}.") from None
    if not mask.any(axis=-1).all():
        n, t = np.argwhere(~mask.any(axis=-1))[0]
        raise ValueError(f"mask lets query {t} of sequence {n} look at no key at all; every "
                         "query needs at least one True in the last axis (Tk).")
    return mask


def attention_forward(q, k, v, mask=None):
    """Scaled dot-product attention: softmax(q k^T / sqrt(D)) v, with an optional mask.

    Parameters
    ----------
    q : ndarray of shape (N, Tq, D), the queries
    k : ndarray of shape (N, Tk, D), the keys
    v : ndarray of shape (N, Tk, Dv), the values
    mask : bool ndarray of shape (N, Tk) or (N, Tq, Tk), or None (every key visible).
        True where the query may look at the key; e.g. ``source_ids != 0`` hides padding,
        ``causal_mask(T)[None]`` hides the future.

    Returns
    -------
    out : ndarray of shape (N, Tq, Dv)
    cache : AttentionCache, for `attention_backward`; ``cache.weights`` (N, Tq, Tk)
        holds the attention weights, each row summing to 1.
    """
    q = as_float_array("q", q, ("N", "Tq", "D"))
    k = as_float_array("k", k, ("N", "Tk", "D"))
    v = as_float_array("v", v, ("N", "Tk", "Dv"))
    N, Tq, D = q.shape
    Tk = k.shape[1]
    check_dim("k", k, 0, "N", N, "q")
    check_dim("k", k, 2, "D", D, "q")
    check_dim("v", v, 0, "N", N, "q")
    check_dim("v", v, 1, "Tk", Tk, "k")
    scale = 1.0 / np.sqrt(D)
    scores = q @ k.transpose(0, 2, 1) * scale                       # (N, Tq, Tk)
    if mask is not None:
        scores = np.where(_check_mask(mask, N, Tq, Tk), scores, -np.inf)
    weights = softmax(scores)                                       # (N, Tq, Tk)
    out = weights @ v                                               # (N, Tq, Dv)
    return out, AttentionCache(q, k, v, weights, scale)


def attention_backward(dout, cache):
    """Gradients of a loss through `attention_forward`.

    Parameters
    ----------
    dout : ndarray of shape (N, Tq, Dv), dLoss/dout
    cache : AttentionCache from `attention_forward`

    Returns
    -------
    dq : (N, Tq, D), dk : (N, Tk, D), dv : (N, Tk, Dv)
    """
    check_cache("cache", cache, AttentionCache, "attention_forward")
    q, k, v, A, scale = cache
    dout = check_upstream("dout", dout, A @ v, ("N", "Tq", "Dv"))
    dv = A.transpose(0, 2, 1) @ dout                                # out = A v
    dA = dout @ v.transpose(0, 2, 1)                                # (N, Tq, Tk)
    dS = A * (dA - (dA * A).sum(axis=-1, keepdims=True))            # softmax; 0 where masked
    dq = dS @ k * scale                                             # S = q k^T * scale
    dk = dS.transpose(0, 2, 1) @ q * scale
    return dq, dk, dv
