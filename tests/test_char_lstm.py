"""The numpy character-level LSTM (chapter 14): gradients, state carrying, training,
sampling; and the n-gram baselines and the text heat map it is compared and shown with."""
import matplotlib
import numpy as np
import pytest

from rnnlib import fast
from rnnlib.data.ngram import bigram_probs, unigram_probs
from rnnlib.gradcheck import numerical_gradient, rel_error
from rnnlib.plots.text_heat import plot_text_heat
from rnnlib.training import char_lstm as cl

matplotlib.use("Agg")


def _case(V=6, H=5, N=2, T=4, seed=0):
    rng = np.random.default_rng(seed)
    params = cl.init_char_lstm(V, H, seed, readout_scale=0.5)
    x, y = rng.integers(0, V, (N, T)), rng.integers(0, V, (N, T))
    return params, x, y, rng.normal(size=(N, H)), rng.normal(size=(N, H))


def test_gradient_check_of_the_full_model_with_carried_state():
    params, x, y, h0, c0 = _case()
    _, grads, _ = cl.loss_and_grads(params, x, y, h0, c0)
    for name in cl.PARAM_NAMES:
        num = numerical_gradient(lambda w: cl.loss_and_grads(params, x, y, h0, c0)[0],
                                 params[name])
        assert rel_error(num, grads[name]) < 1e-6, name


def test_fast_and_textbook_give_the_same_loss_gradients_and_state():
    params, x, y, h0, c0 = _case(seed=3)
    a = cl.loss_and_grads(params, x, y, h0, c0)
    b = cl.loss_and_grads(params, x, y, h0, c0, fast)
    assert a[0] == pytest.approx(b[0], rel=1e-12)
    for name in cl.PARAM_NAMES:
        np.testing.assert_allclose(a[1][name], b[1][name], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(a[2][0], b[2][0])
    np.testing.assert_allclose(a[2][1], b[2][1])


def test_carrying_the_state_equals_reading_the_whole_sequence():
    params, x, _, h0, c0 = _case(T=6, seed=4)
    whole, *_ = cl.forward(params, x, h0, c0)
    first, _, _, state = cl.forward(params, x[:, :2], h0, c0)
    second, *_ = cl.forward(params, x[:, 2:], *state)
    np.testing.assert_allclose(np.concatenate([first, second], axis=1), whole, rtol=1e-12)
    other, *_ = cl.forward(params, x[:, 2:], *cl.zero_state(params, 2))
    assert not np.allclose(other, second)                      # the state matters


def test_initial_loss_is_ln_V():
    params = cl.init_char_lstm(50, 16, 0)
    x = np.random.default_rng(0).integers(0, 50, (3, 10))
    assert cl.mean_nats(params, x, x, lstm=cl.textbook_lstm) == pytest.approx(np.log(50),
                                                                             abs=0.01)


def test_training_overfits_a_repeated_text_and_sampling_follows_it():
    ids = np.tile(np.arange(5), 80)                            # 0 1 2 3 4 0 1 ...
    params, hist = cl.train_char_lstm(ids, 5, hidden=8, seq_len=10, batch_size=4, steps=150,
                                      learning_rate=0.05, validation=(ids[None, :20],
                                                                      ids[None, 1:21]),
                                      eval_every=50)
    assert hist["loss"][0] > 1.4 and hist["loss"][-1] < 0.05
    assert hist["step"] == [50, 100, 150] and hist["val_nats"][-1] < 0.1
    assert params["Wx"].dtype == np.float32
    out = cl.sample(params, np.array([2, 3]), 8, temperature=0.5, rng=0)
    np.testing.assert_array_equal(out, (np.arange(10) + 2) % 5)


def test_train_rejects_too_short_text():
    with pytest.raises(ValueError, match="at least batch_size"):
        cl.train_char_lstm(np.arange(5), 5, seq_len=10, batch_size=2, steps=1)


def test_ngram_baselines():
    ids = np.array([0, 1, 0, 1, 0, 2])
    np.testing.assert_allclose(unigram_probs(ids, 3), np.array([4, 3, 2]) / 9)
    big = bigram_probs(ids, 3)
    np.testing.assert_allclose(big[0], np.array([1, 3, 2]) / 6)   # 0 -> 1 twice, 0 -> 2 once
    np.testing.assert_allclose(big.sum(axis=1), 1)
    with pytest.raises(ValueError, match="ids must hold ids from 0 to 2"):
        unigram_probs([0, 3], 3)


def test_text_heat_draws_one_cell_per_character_and_wraps_lines():
    text = "ab\ncdefg"
    ax = plot_text_heat(text, np.linspace(-1, 1, len(text)), width=3, title="t")
    assert len(ax.patches) == len(text)
    assert [t.get_text() for t in ax.texts][:3] == ["a", "b", "⏎"]
    assert ax.get_ylim() == (3, 0)                             # "ab⏎", "cde", "fg"
    with pytest.raises(ValueError, match=r"values must have shape \(T,\) = \(8,\)"):
        plot_text_heat(text, np.zeros(7))
    with pytest.raises(TypeError, match="text must be a non-empty str"):
        plot_text_heat("", np.zeros(0))


def test_text_features():
    from rnnlib.data.char_features import text_features
    f = text_features('a "b" (c\nd')
    np.testing.assert_array_equal(f["inside double quotes"], [0, 0, 1, 1, 0, 0, 0, 0, 0, 0])
    np.testing.assert_array_equal(f["inside parentheses"], [0, 0, 0, 0, 0, 0, 1, 1, 1, 1])
    np.testing.assert_array_equal(f["position in line"], [1, 2, 3, 4, 5, 6, 7, 8, 0, 1])
    assert text_features("(\n\nx")["inside parentheses"].tolist() == [1, 1, 0, 0]
    with pytest.raises(TypeError, match="text must be a non-empty str"):
        text_features("")


def test_ctrl_c_returns_the_weights_of_the_completed_steps(monkeypatch, capsys):
    calls = []
    original = cl.loss_and_grads

    def interrupt_on_third(*args):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(*args)

    monkeypatch.setattr(cl, "loss_and_grads", interrupt_on_third)
    ids = np.tile(np.arange(5), 40)
    params, hist = cl.train_char_lstm(ids, 5, hidden=4, seq_len=5, batch_size=2, steps=10)
    assert hist["interrupted"] and len(hist["loss"]) == 2 and len(hist["grad_norm"]) == 2
    assert "interrupted after 2 of 10 steps" in capsys.readouterr().out
    assert np.isfinite(params["Wx"]).all() and params["Wx"].dtype == np.float32
