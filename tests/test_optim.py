import numpy as np
import pytest

from rnnlib.optim import Adagrad, Adam


def test_adam_first_step_moves_each_weight_by_the_learning_rate():
    # with bias correction, the first step is lr * g / (|g| + eps): lr in the sign of -g
    params = {"w": np.array([1.0, -2.0, 3.0])}
    new = Adam(0.1).step(params, {"w": np.array([0.5, -4.0, 1e-3])})
    assert np.allclose(new["w"], [0.9, -1.9, 2.9], atol=1e-3)   # eps shifts the last by 3e-4
    assert params["w"][0] == 1.0                            # not modified in place


def test_adam_matches_the_textbook_formula_over_steps():
    rng = np.random.default_rng(0)
    w, m, v = rng.normal(size=4), 0.0, 0.0
    params, opt = {"w": w.copy()}, Adam(0.01, beta1=0.8, beta2=0.9)
    for t in range(1, 6):
        g = rng.normal(size=4)
        m, v = 0.8 * m + 0.2 * g, 0.9 * v + 0.1 * g ** 2
        w = w - 0.01 * (m / (1 - 0.8 ** t)) / (np.sqrt(v / (1 - 0.9 ** t)))   # eps negligible here
        params = opt.step(params, {"w": g})
    assert np.allclose(params["w"], w, atol=1e-6)


def test_adam_minimises_a_quadratic_and_keeps_float32():
    params, opt = {"w": np.array([3.0, -2.0], dtype=np.float32)}, Adam(0.1)
    for _ in range(300):
        params = opt.step(params, {"w": 2 * params["w"]})
    assert params["w"].dtype == np.float32
    assert np.abs(params["w"]).max() < 0.05


def test_adagrad_steps_shrink():
    params, opt = {"w": np.array([0.0])}, Adagrad(1.0)
    steps = []
    for _ in range(3):
        new = opt.step(params, {"w": np.array([1.0])})
        steps.append(float(params["w"][0] - new["w"][0]))
        params = new
    assert np.allclose(steps, [1, 1 / np.sqrt(2), 1 / np.sqrt(3)])


def test_untouched_names_are_kept_and_bad_rates_rejected():
    params = {"a": np.ones(2), "b": np.ones(2)}
    new = Adam(0.1).step(params, {"a": np.ones(2)})
    assert new["b"] is params["b"] and not np.allclose(new["a"], 1)
    with pytest.raises(ValueError, match="learning_rate"):
        Adam(-1.0)
    with pytest.raises(ValueError, match="beta1"):
        Adam(0.1, beta1=1.5)
