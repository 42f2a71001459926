"""Tests for rnnlib.data.generate: temperature sampling and the generation loop."""
import numpy as np
import pytest

from rnnlib.data.generate import sample_with_temperature

P = np.array([0.1, 0.6, 0.3])


def test_temperature_zero_and_tiny_give_argmax():
    assert sample_with_temperature(P, 0) == 1
    rng = np.random.default_rng(0)
    assert {sample_with_temperature(P, 1e-3, rng) for _ in range(200)} == {1}


def test_temperature_one_matches_probabilities():
    rng = np.random.default_rng(1)
    draws = [sample_with_temperature(P, 1.0, rng) for _ in range(6000)]
    freq = np.bincount(draws, minlength=3) / len(draws)
    assert np.allclose(freq, P, atol=0.02)


def test_high_temperature_flattens():
    rng = np.random.default_rng(2)
    draws = [sample_with_temperature(P, 100.0, rng) for _ in range(6000)]
    freq = np.bincount(draws, minlength=3) / len(draws)
    assert np.allclose(freq, 1 / 3, atol=0.03)


def test_seeded_generator_is_reproducible():
    a = [sample_with_temperature(P, 1.0, np.random.default_rng(5)) for _ in range(3)]
    assert len(set(a)) == 1


@pytest.mark.parametrize("bad", [-0.5, float("nan"), float("inf")])
def test_bad_temperature_values(bad):
    with pytest.raises(ValueError, match="temperature"):
        sample_with_temperature(P, bad)


def test_bad_temperature_type():
    with pytest.raises(TypeError, match="temperature"):
        sample_with_temperature(P, "hot")


@pytest.mark.parametrize("bad", [[0.5, 0.6], [-0.1, 1.1], [[0.5, 0.5]], []])
def test_bad_probs(bad):
    with pytest.raises(ValueError, match="probs"):
        sample_with_temperature(bad, 1.0)


def test_generate_ids_with_a_keras_model():
    from rnnlib.data.generate import generate_ids
    from rnnlib.keras_helpers import keras, set_seed
    k = keras()
    set_seed(0)
    model = k.Sequential([k.Input((None,)), k.layers.Embedding(5, 4),
                          k.layers.LSTM(8, return_sequences=True),
                          k.layers.Dense(5, activation="softmax")])
    out = generate_ids(model, np.array([1, 2]), 6, temperature=1.0, rng=0)
    assert out.shape == (8,) and out[:2].tolist() == [1, 2]
    assert out.min() >= 0 and out.max() < 5
    # greedy decoding step by step equals the argmax of the full-sequence model
    greedy = generate_ids(model, np.array([1, 2]), 3, temperature=0)
    probs = np.asarray(model(greedy[None, :-1]))[0]
    assert np.argmax(probs[-3:], axis=-1).tolist() == greedy[-3:].tolist()
    with pytest.raises(ValueError, match="seed_ids"):
        generate_ids(model, np.array([]), 3)
    with pytest.raises(ValueError, match="n_tokens"):
        generate_ids(model, np.array([1]), -1)
