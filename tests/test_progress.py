"""Tests for rnnlib.keras_helpers.progress_callback: a few lines for a long fit."""
import numpy as np
import pytest


def test_prints_every_k_epochs_and_the_last():
    from rnnlib.keras_helpers import keras, progress_callback, set_seed
    k = keras()
    set_seed(0)
    model = k.Sequential([k.Input((2,)), k.layers.Dense(1)])
    model.compile("sgd", "mse")
    lines = []
    x, y = np.zeros((4, 2), np.float32), np.ones((4, 1), np.float32)
    model.fit(x, y, epochs=7, verbose=0, validation_data=(x, y),
              callbacks=[progress_callback(every=3, log=lines.append)])
    assert [line.split(":")[0] for line in lines] == ["epoch 3/7", "epoch 6/7", "epoch 7/7"]
    assert "loss " in lines[0] and "val_loss " in lines[0]


@pytest.mark.parametrize("kwargs, error, word", [
    ({"every": 0}, ValueError, "every"),
    ({"every": 2.5}, ValueError, "every"),
    ({"log": "print"}, TypeError, "log"),
])
def test_bad_arguments_are_named(kwargs, error, word):
    from rnnlib.keras_helpers import progress_callback
    with pytest.raises(error, match=word):
        progress_callback(**kwargs)
