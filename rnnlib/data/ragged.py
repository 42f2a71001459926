"""Variable-length (ragged) sequences: padding, masks, and a generated tagging task
whose tags depend on the token that comes *next*, so that only a model that reads the
right context can learn them (chapter 15).

Token id 0 is reserved for padding throughout, as Keras's ``Embedding(mask_zero=True)``
expects. Numpy only.
"""
import numpy as np

from .._checks import check_int, check_random_state, check_real


def pad(sequences, length=None, value=0):
    """Pad a list of N 1-D integer sequences at the end ("post") to one length T.

    Parameters
    ----------
    sequences : list of N 1-D integer arrays (or lists), of lengths L_1 ... L_N >= 1
    length : int >= max L_n, or None for the longest sequence
    value : the padding id (0, the id that ``Embedding(mask_zero=True)`` masks)

    Returns
    -------
    X : ndarray of shape (N, T), int64; X[n, :L_n] is sequence n, the rest is `value`
    mask : ndarray of shape (N, T), bool; True on real tokens, False on padding
    """
    if not isinstance(sequences, (list, tuple)) or not sequences:
        raise TypeError(f"sequences must be a non-empty list of 1-D integer arrays, "
                        f"but got {type(sequences).__name__}"
                        f"{' (empty)' if isinstance(sequences, (list, tuple)) else ''}.")
    sequences = [np.asarray(s) for s in sequences]
    for n, s in enumerate(sequences):
        if s.ndim != 1 or s.size == 0 or not np.issubdtype(s.dtype, np.integer):
            raise ValueError(f"sequences[{n}] must be a non-empty 1-D array of integer ids, "
                             f"but has shape {s.shape} and dtype {s.dtype}.")
    longest = max(s.size for s in sequences)
    T = longest if length is None else check_int("length", length, longest)
    X = np.full((len(sequences), T), value, dtype=np.int64)      # (N, T)
    mask = np.zeros((len(sequences), T), dtype=bool)             # (N, T)
    for n, s in enumerate(sequences):
        X[n, :s.size] = s
        mask[n, :s.size] = True
    return X, mask


def next_parity_tags(tokens):
    """The tags of one sequence of digit ids: 1 where the next digit has the same parity
    (both odd or both even), 0 where it has not, and 0 for the last digit (no next one).

    tokens : 1-D integer array of length L; returns an int64 array of length L.
    """
    tokens = np.asarray(tokens)
    tags = np.zeros(tokens.shape, dtype=np.int64)
    tags[:-1] = (tokens[:-1] % 2) == (tokens[1:] % 2)
    return tags


def make_next_parity_tagging(n_samples, min_len=5, max_len=20, n_digits=8, noise=0.0,
                             random_state=None):
    """A tagging task where each token's tag depends on the token to its right.

    Each sequence has a length L drawn uniformly from [min_len, max_len] and L digits
    drawn uniformly from the ids 1 ... n_digits (0 is padding). Its tags are
    `next_parity_tags`: 1 where the next digit has the same parity as this one.
    With an even `n_digits`, half the digits are odd, so the next digit's parity is a
    fair coin that nothing to its left predicts: a model that reads left to right can
    do no better than always answering 0, whose expected accuracy is `causal_ceiling`.
    With `noise` > 0 each real tag is flipped with that probability (label noise, which
    a large model fitted to a small training set learns by heart: over-fitting).

    Parameters
    ----------
    n_samples : int >= 1, N
    min_len, max_len : ints, 1 <= min_len <= max_len; T = max_len after padding
    n_digits : even int >= 2, the number of distinct digits
    noise : float in [0, 0.5), the probability that a real tag is flipped
    random_state : None, int or numpy Generator

    Returns
    -------
    X : ndarray of shape (N, T), int64 digit ids, 0 after each sequence's end
    Y : ndarray of shape (N, T), int64 tags, 0 on padding
    mask : ndarray of shape (N, T), bool, True on real tokens
    """
    n_samples = check_int("n_samples", n_samples, 1)
    min_len = check_int("min_len", min_len, 1)
    max_len = check_int("max_len", max_len, min_len)
    n_digits = check_int("n_digits", n_digits, 2)
    if n_digits % 2:
        raise ValueError(f"n_digits must be even (as many odd as even digits, so that "
                         f"the next digit's parity is a fair coin), but got {n_digits}.")
    noise = check_real("noise", noise, 0.0, 0.5, closed=True)
    if noise == 0.5:
        raise ValueError("noise must be below 0.5 (at 0.5 the tags carry no information), "
                         "but got 0.5.")
    rng = check_random_state("random_state", random_state)
    lengths = rng.integers(min_len, max_len + 1, size=n_samples)
    sequences = [rng.integers(1, n_digits + 1, size=L) for L in lengths]
    X, mask = pad(sequences, length=max_len)
    Y, _ = pad([next_parity_tags(s) for s in sequences], length=max_len)
    flip = (rng.random(Y.shape) < noise) & mask                   # (N, T)
    return X, np.where(flip, 1 - Y, Y), mask


def causal_ceiling(mask):
    """The best expected accuracy of a left-to-right model on `make_next_parity_tagging`.

    A tag that is not the last one of its sequence depends on a fair coin to its right,
    so any left-to-right rule gets it right with probability 1/2; the last tag is 0, and
    always answering 0 gets it right and the others right half the time. Averaged over
    the real tokens of `mask` (N, T): 1/2 + (1/2) * N / (number of real tokens).
    """
    mask = np.asarray(mask, dtype=bool)
    if mask.ndim != 2 or not mask.any(axis=1).all():
        raise ValueError(f"mask must have shape (N, T) with at least one True per row, "
                         f"but has shape {mask.shape}"
                         f"{' and an empty row' if mask.ndim == 2 else ''}.")
    return 0.5 + 0.5 * mask.shape[0] / mask.sum()


def masked_mean(values, mask):
    """The mean of `values` (N, T) over the True entries of `mask` (N, T) only: how a
    loss or an accuracy ignores the padded steps."""
    values, mask = np.asarray(values, dtype=float), np.asarray(mask, dtype=bool)
    if values.shape != mask.shape:
        raise ValueError(f"values and mask must have the same shape (N, T), but have "
                         f"shapes {values.shape} and {mask.shape}.")
    if not mask.any():
        raise ValueError("mask has no True entry: there is nothing to average.")
    return float(values[mask].mean())
