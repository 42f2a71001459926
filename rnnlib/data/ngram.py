"""Unigram and bigram next-character baselines, with add-one smoothing.

They answer "what is the context worth?": the unigram model ignores it, the bigram model
looks one token back. numpy only. Shapes: L training ids, V tokens in the vocabulary.
"""
import numpy as np

from .._checks import check_ids, check_int


def unigram_probs(ids, V):
    """P(token) from counts + 1 in ids (L,): an ndarray of shape (V,) summing to 1."""
    V = check_int("V", V, 1)
    counts = np.bincount(check_ids("ids", ids, V).ravel(), minlength=V) + 1.0
    return counts / counts.sum()


def bigram_probs(ids, V):
    """P(next | previous) from pair counts + 1 in ids (L,): an ndarray of shape (V, V)
    whose row [previous] sums to 1."""
    V = check_int("V", V, 1)
    ids = check_ids("ids", ids, V)
    if ids.ndim != 1 or len(ids) < 2:
        raise ValueError(f"ids must have shape (L,) with L >= 2, but has shape {ids.shape}.")
    pairs = np.ones((V, V))
    np.add.at(pairs, (ids[:-1], ids[1:]), 1)
    return pairs / pairs.sum(axis=1, keepdims=True)
