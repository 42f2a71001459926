import numpy as np
import pytest

from rnnlib.gradcheck import numerical_gradient, rel_error
from rnnlib.losses import softmax, softmax_cross_entropy


def test_softmax_rows_sum_to_one_and_are_stable():
    p = softmax(np.array([[1000.0, 1000.0, 0.0], [0.0, 0.0, 0.0]]))
    assert np.allclose(p.sum(axis=-1), 1)
    assert np.allclose(p[0], [0.5, 0.5, 0.0]) and np.allclose(p[1], 1 / 3)


def test_uniform_logits_give_T_ln_V():
    loss, _ = softmax_cross_entropy(np.zeros((3, 7, 10)), np.zeros((3, 7), dtype=int))
    assert loss == pytest.approx(7 * np.log(10))          # summed over T, mean over N


def test_loss_matches_a_direct_formula():
    rng = np.random.default_rng(0)
    z, y = rng.normal(size=(2, 3, 5)), rng.integers(0, 5, (2, 3))
    p = np.exp(z) / np.exp(z).sum(-1, keepdims=True)
    direct = -np.log(p[np.arange(2)[:, None], np.arange(3), y]).sum() / 2
    assert softmax_cross_entropy(z, y)[0] == pytest.approx(direct, rel=1e-12)


def test_gradient_matches_numerical():
    rng = np.random.default_rng(1)
    z, y = rng.normal(size=(2, 4, 6)), rng.integers(0, 6, (2, 4))
    _, dz = softmax_cross_entropy(z, y)
    num = numerical_gradient(lambda a: softmax_cross_entropy(a, y)[0], z)
    assert rel_error(num, dz) < 1e-7


def test_bad_inputs_name_the_argument():
    with pytest.raises(ValueError, match="y must have shape"):
        softmax_cross_entropy(np.zeros((2, 3, 4)), np.zeros((2, 2), dtype=int))
    with pytest.raises(ValueError, match="y must hold ids from 0 to 3"):
        softmax_cross_entropy(np.zeros((2, 3, 4)), np.full((2, 3), 4))
    with pytest.raises(ValueError, match="logits"):
        softmax_cross_entropy(np.zeros((2, 3)), np.zeros((2, 3), dtype=int))
