"""Truncated BPTT: the forward pass is not cut, the gradient is; k >= T is full BPTT."""
import numpy as np
import pytest

import rnnlib
from conftest import make_case
from rnnlib.data.tasks import make_delayed_recall
from rnnlib.training import (accuracy, init_params, loss_and_grads, predict_proba,
                             train_many_to_many, truncated_backward, truncated_forward)

NAMES = ("dx", "dh0", "dWx", "dWh", "db")


def case_args(T=7, seed=0):
    case = make_case("simple_rnn", N=3, T=T, D=2, H=4, seed=seed)
    return [case[k] for k in ("x", "h0", "Wx", "Wh", "b")], case["dh"]


@pytest.mark.parametrize("k", [1, 2, 3, 7, 50])
def test_forward_carries_the_state_so_h_is_rnn_forward(k):
    args, _ = case_args()
    h, caches = truncated_forward(*args, k)
    np.testing.assert_allclose(h, rnnlib.rnn_forward(*args)[0], rtol=1e-12, atol=1e-14)
    assert [c.h.shape[1] for c in caches] == [min(k, 7 - s) for s in range(0, 7, k)]


@pytest.mark.parametrize("k", [7, 8, 1000])
def test_k_at_least_T_is_full_bptt(k):
    args, dh = case_args()
    _, caches = truncated_forward(*args, k)
    full = rnnlib.rnn_backward(dh, rnnlib.rnn_forward(*args)[1])
    for name, a, b in zip(NAMES, truncated_backward(dh, caches), full):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14, err_msg=name)


@pytest.mark.parametrize("k", [1, 3, 6])
def test_k_below_T_differs_and_cuts_the_gradient_at_chunk_starts(k):
    args, dh = case_args()
    _, caches = truncated_forward(*args, k)
    full = rnnlib.rnn_backward(dh, rnnlib.rnn_forward(*args)[1])
    truncated = truncated_backward(dh, caches)
    for name, a, b in zip(NAMES, truncated, full):
        assert a.shape == b.shape and rnnlib.rel_error(a, b) > 1e-3, name
    # a loss on the last step alone reaches the inputs of the last chunk only
    last_only = np.zeros_like(dh)
    last_only[:, -1] = dh[:, -1]
    dx = truncated_backward(last_only, caches)[0]
    first_of_last_chunk = (7 - 1) // k * k
    assert (dx[:, :first_of_last_chunk] == 0).all()
    assert (np.abs(dx[:, first_of_last_chunk:]) > 0).any(axis=(0, 2)).all()
    assert (np.abs(rnnlib.rnn_backward(last_only, rnnlib.rnn_forward(*args)[1])[0]) > 0).all()


def test_truncated_gradient_is_the_gradient_with_each_chunk_start_held_constant():
    """Numerically: hold every chunk's initial state fixed; what is left is the truncated gradient."""
    (x, h0, Wx, Wh, b), dh = case_args(T=7, seed=3)
    k = 3
    h, caches = truncated_forward(x, h0, Wx, Wh, b, k)
    starts = [h0] + [h[:, s - 1].copy() for s in range(k, 7, k)]   # constants, not re-run

    def loss(Wx_, Wh_, b_):
        return sum(np.sum(rnnlib.rnn_forward(x[:, s:s + k], h_s, Wx_, Wh_, b_)[0] * dh[:, s:s + k])
                   for s, h_s in zip(range(0, 7, k), starts))
    _, _, dWx, dWh, db = truncated_backward(dh, caches)
    for ours, index in ((dWx, 0), (dWh, 1), (db, 2)):
        weights = [Wx.copy(), Wh.copy(), b.copy()]
        numeric = rnnlib.numerical_gradient(
            lambda w: loss(*[w if j == index else weights[j] for j in range(3)]), weights[index])
        assert rnnlib.rel_error(ours, numeric) < 1e-7


def test_errors_name_the_argument():
    args, dh = case_args()
    for bad in (0, -2, 1.5, True, None):
        with pytest.raises(ValueError, match=r"k must be an integer >= 1"):
            truncated_forward(*args, bad)
    _, caches = truncated_forward(*args, 3)
    with pytest.raises(ValueError, match=r"dh must have the shape of the forward output "
                                         r"\(N, T, H\) = \(3, 7, 4\), but has shape \(3, 6, 4\)"):
        truncated_backward(dh[:, :6], caches)
    with pytest.raises(TypeError, match=r"caches must be the list of caches returned by truncated_forward"):
        truncated_backward(dh, rnnlib.rnn_forward(*args)[1])


def test_init_params_keras_layout_and_orthogonal_recurrence():
    p = init_params("simple_rnn", 3, 5, random_state=0, recurrent_gain=0.5)
    assert {k: v.shape for k, v in p.items()} == {"Wx": (3, 5), "Wh": (5, 5), "b": (5,),
                                                  "Wy": (5, 1), "by": (1,)}
    np.testing.assert_allclose(p["Wh"].T @ p["Wh"], 0.25 * np.eye(5), atol=1e-12)
    assert np.abs(p["Wx"]).max() <= np.sqrt(6 / 8) and (p["b"] == 0).all()


def test_loss_and_grads_match_numeric_gradients_with_full_bptt():
    x, y, w = make_delayed_recall(4, 6, 2, random_state=0)
    params = init_params("simple_rnn", 1, 3, random_state=1)
    loss, grads = loss_and_grads(params, x, y, w, k=6)
    assert loss == pytest.approx(
        -np.sum(w * (y * np.log(predict_proba(params, x)) + (1 - y) * np.log(1 - predict_proba(params, x))))
        / w.sum(), rel=1e-10)
    for name, value in params.items():
        def f(v, name=name):
            return loss_and_grads({**params, name: v}, x, y, w, k=6)[0]
        assert rnnlib.rel_error(grads[name], rnnlib.numerical_gradient(f, value.copy())) < 1e-6, name


def test_training_learns_a_short_delay_and_reports_history():
    X, y, w = make_delayed_recall(512, 12, 2, random_state=0)
    val = make_delayed_recall(256, 12, 2, random_state=1)
    params, history = train_many_to_many(X, y, w, k=6, hidden=8, epochs=6, validation=val)
    assert len(history["loss"]) == len(history["val_accuracy"]) == 6
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert history["val_accuracy"][-1] >= 0.95
    assert accuracy(params, *val) == history["val_accuracy"][-1]


def test_trainable_freezes_the_other_parameters():
    X, y, w = make_delayed_recall(128, 8, 1, random_state=0)
    params, _ = train_many_to_many(X, y, w, k=8, hidden=4, epochs=1, trainable=("Wy", "by"),
                                   random_state=3)
    initial = init_params("simple_rnn", 1, 4, random_state=np.random.default_rng(3))
    for name in ("Wx", "Wh", "b"):
        np.testing.assert_array_equal(params[name], initial[name])
    assert not np.array_equal(params["Wy"], initial["Wy"])
    with pytest.raises(ValueError, match=r"trainable must name parameters among .* \['W'\]"):
        train_many_to_many(X, y, w, k=8, trainable=("W",))


def test_loss_needs_a_scored_step():
    x, y, w = make_delayed_recall(2, 4, 1, random_state=0)
    with pytest.raises(ValueError, match=r"sample_weight must have a positive sum"):
        loss_and_grads(init_params("simple_rnn", 1, 2, random_state=0), x, y, np.zeros_like(w), k=4)
