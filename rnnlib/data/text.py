"""Text as numbers: a vocabulary of tokens, integer ids, one-hot arrays, and
next-token training windows. Nothing is downloaded; numpy only.

A *token* is one character when the text is a ``str`` and one word when it is a
list of strings. Shapes: T tokens, V tokens in the vocabulary, N windows, W window
length.
"""
from collections import Counter

import numpy as np

from .._checks import check_dtype, check_ids, check_int


def _tokens(name, tokens):
    """tokens as a list of str: the characters of a str, or the items of a list."""
    if isinstance(tokens, str):
        items = list(tokens)
    elif isinstance(tokens, (list, tuple)) and all(isinstance(t, str) for t in tokens):
        items = list(tokens)
    else:
        raise TypeError(f"{name} must be a str (a sequence of characters) or a list of "
                        f"str (a sequence of words), but got {type(tokens).__name__}.")
    if not items:
        raise ValueError(f"{name} must hold at least one token, but is empty.")
    return items


def _vocab(vocab):
    """vocab as an ordered sequence of V str tokens (token ``vocab[i]`` has id i)."""
    if not isinstance(vocab, (list, tuple, str, np.ndarray)) or \
            not all(isinstance(tok, str) for tok in vocab):
        raise TypeError(f"vocab must be a list or tuple of V str tokens, e.g. from "
                        f"build_vocab, but got {type(vocab).__name__}.")
    return vocab


def build_vocab(tokens):
    """The sorted distinct tokens of a text.

    Parameters
    ----------
    tokens : str or list of str, T tokens (characters of a str, or words)

    Returns
    -------
    vocab : tuple of str of length V; token ``vocab[i]`` has id ``i``
    """
    return tuple(sorted(set(_tokens("tokens", tokens))))


def encode(tokens, vocab):
    """Token ids of a text.

    Parameters
    ----------
    tokens : str or list of str, T tokens
    vocab : sequence of str of length V, e.g. from `build_vocab`

    Returns
    -------
    ids : int64 ndarray of shape (T,)
    """
    index = {tok: i for i, tok in enumerate(_vocab(vocab))}
    items = _tokens("tokens", tokens)
    for pos, tok in enumerate(items):
        if tok not in index:
            raise ValueError(f"tokens[{pos}] = {tok!r} is not in the vocabulary of "
                             f"{len(index)} tokens; build the vocabulary from a text "
                             f"that contains it.")
    return np.array([index[tok] for tok in items], dtype=np.int64)


def decode(ids, vocab, sep=""):
    """The text of token ids: ``sep.join`` of their tokens.

    ids : integer array-like of shape (T,); vocab : sequence of str of length V.
    Use ``sep=" "`` for words.
    """
    arr = check_ids("ids", ids, len(_vocab(vocab)))
    if not isinstance(sep, str):
        raise TypeError(f"sep must be a str, e.g. '' for characters or ' ' for words, but "
                        f"got {type(sep).__name__}.")
    if arr.ndim != 1:
        raise ValueError(f"ids must have shape (T,), but has shape {arr.shape}.")
    return sep.join(vocab[i] for i in arr)


def one_hot(ids, depth, dtype=np.float32):
    """One-hot vectors of token ids.

    Parameters
    ----------
    ids : integer array-like of any shape S, e.g. (T,) or (N, W)
    depth : int, V, the size of the vocabulary
    dtype : numpy dtype of x

    Returns
    -------
    x : ndarray of shape S + (V,), 1 at each token's id and 0 elsewhere
    """
    depth = check_int("depth", depth, 1)
    arr = check_ids("ids", ids, depth)
    return np.eye(depth, dtype=check_dtype("dtype", dtype))[arr]


def next_token_windows(ids, window):
    """Every run of `window` consecutive ids, paired with the id that follows it.

    Parameters
    ----------
    ids : integer array-like of shape (T,)
    window : int W, 1 <= W < T

    Returns
    -------
    X : ndarray of shape (N, W) with N = T - W; ``X[i] = ids[i:i + W]``
    y : ndarray of shape (N,); ``y[i] = ids[i + W]``, the next token
    """
    arr = np.asarray(ids)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer) or arr.ndim != 1:
        raise ValueError(f"ids must be a 1-d integer array of shape (T,), but has shape "
                         f"{arr.shape} and dtype {arr.dtype}.")
    window = check_int("window", window, 1)
    if window >= len(arr):
        raise ValueError(f"window must be smaller than the number of ids T = {len(arr)}, "
                         f"but got {window}; use a longer text or a shorter window.")
    N = len(arr) - window
    X = np.lib.stride_tricks.sliding_window_view(arr, window)[:N].copy()
    return X, arr[window:].copy()


def next_token_counts(tokens, context):
    """How often each token follows `context` in a text.

    Parameters
    ----------
    tokens : str or list of str, T tokens
    context : str or list of str, the preceding tokens to look for, e.g. " th"

    Returns
    -------
    counts : collections.Counter mapping a token to its number of occurrences right
        after `context` (overlapping occurrences count); empty if `context` never occurs
        before the end of the text
    """
    items, ctx = _tokens("tokens", tokens), _tokens("context", context)
    W = len(ctx)
    return Counter(items[i + W] for i in range(len(items) - W) if items[i:i + W] == ctx)


def next_token_distribution(tokens, context, vocab):
    """The relative frequency of each vocabulary token right after `context`.

    tokens, context : as in `next_token_counts`; vocab : sequence of str of length V.
    Returns p : float64 ndarray of shape (V,), summing to 1, in the order of `vocab`.
    """
    counts = next_token_counts(tokens, context)
    vocab = _vocab(vocab)
    if not counts:
        raise ValueError(f"context {context!r} is never followed by a token in tokens, "
                         f"so it has no next-token distribution; choose a context that "
                         f"occurs in the text.")
    p = np.zeros(len(vocab))
    p[encode(list(counts), vocab)] = list(counts.values())
    return p / p.sum()


def next_token_entropy(X, y):
    """Entropy, in nats, of the next token given its window, from counts.

    This is the lowest average cross-entropy that any model which sees only the
    window can reach on these examples: identical windows with different next tokens
    cannot all be predicted with certainty.

    Parameters
    ----------
    X : integer array-like of shape (N, W), windows of token ids
    y : integer array-like of shape (N,), the token that follows each window

    Returns
    -------
    float >= 0; 0 when every window always has the same next token
    """
    X, y = np.asarray(X), np.asarray(y)
    for name, arr, ndim, letters in (("X", X, 2, "(N, W)"), ("y", y, 1, "(N,)")):
        if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer) or arr.ndim != ndim:
            raise ValueError(f"{name} must be an integer array of shape {letters}, but has "
                             f"shape {arr.shape} and dtype {arr.dtype}.")
    if len(X) != len(y) or len(y) == 0:
        raise ValueError(f"X and y must hold the same number N >= 1 of examples, but X has "
                         f"{len(X)} and y has {len(y)}.")
    contexts = Counter(map(tuple, X.tolist()))
    pairs = Counter(zip(map(tuple, X.tolist()), y.tolist()))
    return float(-sum(n * np.log(n / contexts[c]) for (c, _), n in pairs.items()) / len(y))
