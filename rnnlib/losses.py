"""Softmax cross-entropy over time, and its gradient.

A language model outputs, at every step t of every sequence n, a vector of V logits
z[n, t]; the softmax turns them into probabilities p = exp(z) / sum(exp(z)), and the
loss of the step is -ln p[y] for the true next token y. Summed over the T steps and
averaged over the N sequences:

    L = (1/N) sum_n sum_t -ln softmax(z[n, t])[y[n, t]]

Its gradient with respect to the logits is the famous one line

    dL/dz[n, t] = (softmax(z[n, t]) - onehot(y[n, t])) / N

Shapes: N batch, T time steps, V tokens in the vocabulary.
"""
import numpy as np

from ._checks import as_float_array, check_ids


def softmax(z):
    """Softmax over the last axis, computed stably (the row maximum is subtracted first).

    z : ndarray of shape (..., V) -> ndarray of the same shape, each row summing to 1.
    """
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_cross_entropy(logits, y):
    """Cross-entropy of the true tokens, summed over time and averaged over the batch.

    Parameters
    ----------
    logits : ndarray of shape (N, T, V), unnormalised scores
    y : integer ndarray of shape (N, T), the true token ids, in [0, V)

    Returns
    -------
    loss : float, in nats; divide by T for the loss per token
    dlogits : ndarray of shape (N, T, V), the gradient of `loss` with respect to logits
    """
    logits = as_float_array("logits", logits, ("N", "T", "V"))
    N, T, V = logits.shape
    y = check_ids("y", y, V)
    if y.shape != (N, T):
        raise ValueError(f"y must have shape (N, T) = {(N, T)} to match logits, "
                         f"but has shape {y.shape}.")
    shifted = logits - logits.max(axis=-1, keepdims=True)                 # (N, T, V)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))  # log softmax
    log_p_true = np.take_along_axis(log_p, y[..., None], axis=-1)[..., 0]  # (N, T)
    loss = float(-log_p_true.sum() / N)
    dlogits = np.exp(log_p)                                               # softmax
    np.put_along_axis(dlogits, y[..., None], np.take_along_axis(dlogits, y[..., None], -1) - 1,
                      axis=-1)                                            # p - onehot(y)
    return loss, dlogits / N
