"""How far a gradient travels back in time: the norm of dL/dh_t for every step.

Backpropagating a loss that depends only on the last hidden state h_T, one step at a
time, shows how the signal shrinks (vanishes) or grows (explodes) with the lag T - t.
The steps reuse the cells' own step_backward functions, so what is measured is
exactly what BPTT computes.
"""
import numpy as np

from ._checks import check_upstream
from .gru import GRUCache, gru_step_backward
from .lstm import LSTMCache, lstm_step_backward
from .rnn import RNNCache, rnn_step_backward


def hidden_gradient_norms(cache, dh_last=None):
    """Norms of dL/dh_t for L = sum(h_T * dh_last), for t = T, T-1, ..., 0.

    Parameters
    ----------
    cache : the cache of rnn_forward, lstm_forward or gru_forward, for x of shape (N, T, D)
    dh_last : ndarray of shape (N, H), the gradient on the last hidden state;
        None means every entry is 1 / sqrt(H), a unit vector per example

    Returns
    -------
    norms : ndarray of shape (T + 1,); norms[k] is the mean over the batch of
        ||dL/dh_{T-k}||, the gradient that has travelled back k steps
        (norms[0] is that of dh_last itself, norms[T] that of the initial state h_0).
    """
    if not isinstance(cache, (RNNCache, LSTMCache, GRUCache)):
        raise TypeError("cache must be the cache returned by rnn_forward, lstm_forward or "
                        f"gru_forward, but got {type(cache).__name__}.")
    N, T, H = cache.h.shape
    if dh_last is None:
        dh_last = np.full((N, H), 1 / np.sqrt(H), dtype=cache.h.dtype)
    dh = check_upstream("dh_last", dh_last, cache.h[:, -1], ("N", "H"))
    dc = np.zeros_like(dh)
    norms = np.empty(T + 1)
    norms[0] = np.linalg.norm(dh, axis=1).mean()
    for k, t in enumerate(reversed(range(T)), start=1):
        if isinstance(cache, LSTMCache):
            _, dh, dc, *_ = lstm_step_backward(dh, dc, cache.step(t))
        elif isinstance(cache, GRUCache):
            _, dh, *_ = gru_step_backward(dh, cache.step(t))
        else:
            _, dh, *_ = rnn_step_backward(dh, cache.step(t))
        norms[k] = np.linalg.norm(dh, axis=1).mean()
    return norms
