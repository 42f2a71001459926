"""The many-to-one regression model: initialisation and exact gradients."""
import numpy as np
import pytest

import rnnlib
from rnnlib.training import init_params, mse_and_grads, predict


def test_gradients_equal_numeric(kind):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(3, 4, 2)), rng.normal(size=3)
    params = init_params(kind, 2, 3, random_state=1, recurrent_gain=0.9)
    loss, grads = mse_and_grads(kind, params, X, y)
    assert loss == pytest.approx(np.mean((predict(kind, params, X) - y) ** 2))
    for name, value in params.items():
        numeric = rnnlib.numerical_gradient(lambda _: mse_and_grads(kind, params, X, y)[0], value)
        assert grads[name].shape == value.shape
        assert rnnlib.rel_error(grads[name], numeric) < 1e-6, name


def test_init_follows_keras_defaults():
    p = init_params("lstm", 2, 4, random_state=0, recurrent_gain=1.5)
    assert p["Wx"].shape == (2, 16) and p["Wh"].shape == (4, 16) and p["b"].shape == (16,)
    np.testing.assert_array_equal(p["b"][4:8], 1.0)                    # forget-gate bias
    np.testing.assert_allclose(np.linalg.svd(p["Wh"][:, :4], compute_uv=False), 1.5)
    assert init_params("gru", 2, 4)["b"].shape == (2, 12)


def test_errors_name_the_argument():
    p = init_params("simple_rnn", 2, 3)
    with pytest.raises(ValueError, match=r"kind must be one of .* but got 'rnn'"):
        init_params("rnn", 2, 3)
    with pytest.raises(ValueError, match=r"y must have shape \(N,\) = \(4,\) to match X, but has shape \(3,\)"):
        mse_and_grads("simple_rnn", p, np.zeros((4, 5, 2)), np.zeros(3))
    with pytest.raises(ValueError, match=r"X must have 3 dimensions \(N, T, D\)"):
        predict("simple_rnn", p, np.zeros((5, 2)))
