"""hidden_gradient_norms agrees with the sequence backward pass and shows the theory."""
import numpy as np
import pytest

import rnnlib
from conftest import backward, forward, make_case
from rnnlib.gradient_flow import hidden_gradient_norms


def test_norm_at_h0_equals_the_sequence_backward(kind):
    case = make_case(kind, N=3, T=6, D=2, H=4, seed=11)
    _, cache = forward(kind, case)
    dh_last = np.random.default_rng(0).normal(size=(3, 4))
    norms = hidden_gradient_norms(cache, dh_last)
    assert norms.shape == (7,)
    assert norms[0] == pytest.approx(np.linalg.norm(dh_last, axis=1).mean())
    dh = np.zeros_like(case["dh"])
    dh[:, -1] = dh_last                                  # the loss reads only h_T
    dh0 = backward(kind, dh, cache)[1]
    assert norms[-1] == pytest.approx(np.linalg.norm(dh0, axis=1).mean(), rel=1e-12)


def test_linear_regime_decays_like_the_spectral_radius():
    """With tiny inputs, tanh' ~ 1 and the gradient shrinks by about rho per step."""
    rng = np.random.default_rng(0)
    H, T = 8, 30
    Q = np.linalg.qr(rng.normal(size=(H, H)))[0]
    for rho in (0.5, 0.9):
        Wh = rho * Q                                   # orthogonal times rho: all |eig| = rho
        x = 1e-6 * rng.normal(size=(2, T, 1))
        _, cache = rnnlib.rnn_forward(x, np.zeros((2, H)), np.ones((1, H)), Wh, np.zeros(H))
        norms = hidden_gradient_norms(cache)
        np.testing.assert_allclose(norms, rho ** np.arange(T + 1), rtol=1e-6)


def test_bad_cache_is_named():
    with pytest.raises(TypeError, match=r"cache must be the cache returned by rnn_forward"):
        hidden_gradient_norms((1, 2))
