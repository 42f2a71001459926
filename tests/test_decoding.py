"""rnnlib.decoding: greedy decoding and beam search on hand-made distributions."""
import itertools

import numpy as np
import pytest

from rnnlib.decoding import beam_search, greedy_decode


def table_model(seed, N=3, V=3):
    """A random next-token distribution that depends on the whole prefix."""
    def next_log_probs(prefixes):
        n, B, t = prefixes.shape
        out = np.empty((n, B, V))
        for i in range(n):
            for j in range(B):
                key = hash((seed, i, tuple(prefixes[i, j].tolist()))) % (2**32)
                logits = np.random.default_rng(key).normal(scale=2.0, size=V)
                out[i, j] = logits - np.log(np.exp(logits).sum())
        return out
    return next_log_probs


def brute_force(model, i, V, L):
    best = None
    for seq in itertools.product(range(V), repeat=L):
        lp = sum(model(np.array(seq[:t])[None, None])[0, 0, seq[t]] if t else
                 model(np.zeros((1, 1, 0), dtype=int))[0, 0, seq[0]] for t in range(L))
        if best is None or lp > best[1]:
            best = (seq, lp)
    return best


def test_beam_of_width_one_is_greedy():
    model = table_model(0)
    tokens, lp = greedy_decode(model, 3, 4)
    beam_tokens, beam_lp = beam_search(model, 3, 4, beam_width=1)
    assert np.array_equal(tokens, beam_tokens[:, 0]) and np.allclose(lp, beam_lp[:, 0])


def test_wide_beam_is_exhaustive_and_never_worse_than_greedy():
    V, L = 3, 4
    model = table_model(1, N=1, V=V)
    tokens, lp = beam_search(model, 1, L, beam_width=V ** (L - 1))
    seq, best = brute_force(lambda p: model(p), 0, V, L)
    assert tuple(tokens[0, 0]) == seq and np.isclose(lp[0, 0], best)
    assert np.all(np.diff(lp[0]) <= 0)                       # best first
    assert lp[0, 0] >= greedy_decode(model, 1, L)[1][0] - 1e-12


def test_beam_beats_greedy_when_the_first_step_misleads():
    # step 1: token 0 (p 0.6) or 1 (p 0.4); after 0 the next token is a coin toss,
    # after 1 it is certain: greedy takes 0 (0.3), beam search finds 1 then 0 (0.4)
    def model(prefixes):
        N, B, t = prefixes.shape
        if t == 0:
            p = np.array([0.6, 0.4])
        else:
            p = np.where(prefixes[..., :1] == 0, [0.5, 0.5], [1.0, 1e-12])
        return np.log(np.broadcast_to(p, (N, B, 2)))
    g_tokens, g_lp = greedy_decode(model, 1, 2)
    b_tokens, b_lp = beam_search(model, 1, 2, beam_width=2)
    assert g_tokens.tolist() == [[0, 0]] and np.isclose(g_lp[0], np.log(0.3))
    assert b_tokens[0, 0].tolist() == [1, 0] and np.isclose(b_lp[0, 0], np.log(0.4))


def test_bad_model_output_is_reported():
    with pytest.raises(ValueError, match="next_log_probs must return"):
        beam_search(lambda p: np.zeros((5, 1, 3)), 2, 3)
    with pytest.raises(TypeError, match="next_log_probs"):
        greedy_decode("model", 2, 3)
    with pytest.raises(ValueError, match="beam_width"):
        beam_search(table_model(0), 3, 2, beam_width=0)
