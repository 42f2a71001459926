"""Truncated backpropagation through time.

Full BPTT (`rnnlib.rnn_backward`) carries the gradient from every step back to step 1.
Truncated BPTT with k steps cuts the sequence into chunks of k steps. The forward pass
runs `rnn_forward` chunk by chunk, each chunk starting from the last hidden state of the
chunk before: the *state* is carried forward, so the hidden states are exactly those of
one uncut forward pass. The backward pass runs `rnn_backward` inside each chunk and drops
the gradient that reaches the chunk's initial state instead of handing it to the chunk
before: the *gradient* is not carried back. So a loss at step t teaches the weights
about the inputs of its own chunk only, never about an input k or more steps earlier.

Shapes: N batch, T time steps, D input features, H hidden units; weights in Keras's
layout (Wx (D, H), Wh (H, H), b (H,)).
"""
import numpy as np

from .._checks import as_float_array
from ..rnn import RNNCache, rnn_backward, rnn_forward


def _check_k(k):
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be an integer >= 1 (the number of steps in a chunk), "
                         f"but got {k!r}. Use k >= T for full, untruncated BPTT.")
    return int(k)


def truncated_forward(x, h0, Wx, Wh, b, k):
    """Run `rnn_forward` over chunks of k steps, carrying the hidden state from chunk to chunk.

    Parameters
    ----------
    x : ndarray of shape (N, T, D); h0 : ndarray of shape (N, H)
    Wx : (D, H), Wh : (H, H), b : (H,)
    k : int >= 1, the chunk length (the last chunk may be shorter)

    Returns
    -------
    h : ndarray of shape (N, T, H), the same hidden states as ``rnn_forward``
    caches : list of RNNCache, one per chunk, for `truncated_backward`
    """
    k = _check_k(k)
    x = as_float_array("x", x, ("N", "T", "D"))
    caches, h_t = [], h0
    for start in range(0, x.shape[1], k):
        h_chunk, cache = rnn_forward(x[:, start:start + k], h_t, Wx, Wh, b)   # (N, k, H)
        h_t = h_chunk[:, -1]                        # the state goes on to the next chunk
        caches.append(cache)
    return np.concatenate([c.h for c in caches], axis=1), caches


def truncated_backward(dh, caches):
    """BPTT inside each chunk only: the gradient is cut at every chunk boundary.

    Parameters
    ----------
    dh : ndarray of shape (N, T, H), the upstream gradient on every hidden state
    caches : the list returned by `truncated_forward`

    Returns
    -------
    dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,), as `rnn_backward` does.
    The weights are shared by every chunk, so their gradients are summed over chunks;
    dh0 is the gradient on the first chunk's initial state. With one chunk (k >= T)
    this is exactly `rnn_backward`.
    """
    if not isinstance(caches, (list, tuple)) or not caches or \
            not all(isinstance(c, RNNCache) for c in caches):
        raise TypeError("caches must be the list of caches returned by truncated_forward, "
                        f"but got {type(caches).__name__}.")
    N, H = caches[0].h0.shape
    T = sum(c.h.shape[1] for c in caches)
    dh = as_float_array("dh", dh, ("N", "T", "H"), dtype=caches[0].h.dtype)
    if dh.shape != (N, T, H):
        raise ValueError(f"dh must have the shape of the forward output (N, T, H) = "
                         f"{(N, T, H)}, but has shape {dh.shape}.")
    dx, dWx, dWh, db, start = [], 0, 0, 0, 0
    for j, cache in enumerate(caches):
        stop = start + cache.h.shape[1]
        g = rnn_backward(dh[:, start:stop], cache)   # dx, dh0, dWx, dWh, db of this chunk
        if j == 0:
            dh0 = g[1]                  # later chunks' g[1] is dropped: the truncation
        dx.append(g[0])
        dWx, dWh, db = dWx + g[2], dWh + g[3], db + g[4]
        start = stop
    return np.concatenate(dx, axis=1), dh0, dWx, dWh, db
