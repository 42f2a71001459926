"""Greedy decoding and beam search for a model that writes a fixed number of tokens.

Both work on a callable ``next_log_probs(prefixes)``: given prefixes, an int array of
shape (N, B, t) (N sequences, B candidates each, t tokens written so far), it returns
the log-probabilities of the next token, shape (N, B, V) for a vocabulary of V tokens.
Any model fits behind it (a Keras decoder, a table, a test's hand-made distribution),
so the search itself is plain numpy and testable without Keras.
"""
import numpy as np

from ._checks import as_float_array, check_callable, check_int


def _step(next_log_probs, prefixes):
    """Call the model and check what it returns: (N, B, V) finite-or--inf floats."""
    N, B, t = prefixes.shape
    logp = as_float_array("next_log_probs(prefixes)", next_log_probs(prefixes),
                          ("N", "B", "V"), finite=False)
    if logp.shape[:2] != (N, B) or np.isnan(logp).any():
        raise ValueError(f"next_log_probs must return log-probabilities of shape (N, B, V) "
                         f"with (N, B) = ({N}, {B}) for prefixes of shape {prefixes.shape}, "
                         f"and no NaN, but returned shape {logp.shape}.")
    return logp


def greedy_decode(next_log_probs, n_sequences, length):
    """At each step keep only the single most likely next token.

    Parameters
    ----------
    next_log_probs : callable, prefixes (N, 1, t) int -> (N, 1, V) log-probabilities
    n_sequences : int >= 1, N
    length : int >= 1, L, the number of tokens to write

    Returns
    -------
    tokens : int ndarray of shape (N, L)
    log_prob : ndarray of shape (N,), the sum of the chosen tokens' log-probabilities
    """
    check_callable("next_log_probs", next_log_probs, "a callable prefixes -> log-probabilities")
    N, L = check_int("n_sequences", n_sequences, 1), check_int("length", length, 1)
    tokens, total = np.zeros((N, 1, 0), dtype=np.int64), np.zeros(N)
    for _ in range(L):
        logp = _step(next_log_probs, tokens)[:, 0]                  # (N, V)
        best = logp.argmax(axis=-1)                                 # (N,)
        total += logp[np.arange(N), best]
        tokens = np.concatenate([tokens, best[:, None, None]], axis=2)
    return tokens[:, 0], total


def beam_search(next_log_probs, n_sequences, length, beam_width=3):
    """Keep the `beam_width` most likely prefixes at every step, not just one.

    Each step extends every kept prefix by every token (B * V candidates per sequence),
    scores a candidate by the sum of its tokens' log-probabilities, and keeps the best
    `beam_width`. With beam_width 1 this is greedy decoding; with beam_width >= V**(L-1)
    it is an exhaustive search. Ties go to the candidate found first (stable sort).

    Parameters
    ----------
    next_log_probs : callable, prefixes (N, B, t) int -> (N, B, V) log-probabilities
    n_sequences : int >= 1, N
    length : int >= 1, L, the number of tokens to write
    beam_width : int >= 1, K

    Returns
    -------
    tokens : int ndarray of shape (N, K, L), the kept sequences, best first
    log_prob : ndarray of shape (N, K), their summed log-probabilities
    """
    check_callable("next_log_probs", next_log_probs, "a callable prefixes -> log-probabilities")
    N, L = check_int("n_sequences", n_sequences, 1), check_int("length", length, 1)
    K = check_int("beam_width", beam_width, 1)
    tokens, total = np.zeros((N, 1, 0), dtype=np.int64), np.zeros((N, 1))
    for _ in range(L):
        logp = _step(next_log_probs, tokens)                        # (N, B, V)
        B, V = logp.shape[1:]
        candidates = (total[:, :, None] + logp).reshape(N, B * V)   # (N, B*V)
        keep = np.argsort(-candidates, axis=1, kind="stable")[:, :min(K, B * V)]
        parent, token = keep // V, keep % V                         # (N, K) each
        tokens = np.concatenate([np.take_along_axis(tokens, parent[:, :, None], axis=1),
                                 token[:, :, None]], axis=2)
        total = np.take_along_axis(candidates, keep, axis=1)
    return tokens, total
