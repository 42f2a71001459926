"""Thin helpers around Keras: seeds, the device in use, and Keras layers that
hold rnnlib-layout weights so that every numpy result can be checked against Keras.

TensorFlow is imported on first use, never by ``import rnnlib``.
"""
import random

import numpy as np

from ._optional import require, require_tensorflow

_LAYERS = {"simple_rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


def keras():
    """The keras module (imports TensorFlow on first call)."""
    require_tensorflow()
    return require("keras", "keras")


def set_seed(seed):
    """Seed Python, numpy and TensorFlow, and ask TensorFlow for deterministic ops."""
    random.seed(seed)
    np.random.seed(seed)
    keras().utils.set_random_seed(seed)
    require_tensorflow().config.experimental.enable_op_determinism()


def device():
    """'GPU' when TensorFlow sees one, else 'CPU': training cells print this."""
    tf = require_tensorflow()
    return "GPU" if tf.config.list_physical_devices("GPU") else "CPU"


def recurrent_layer(kind, Wx, Wh, b, return_sequences=True):
    """A built Keras SimpleRNN, LSTM or GRU holding the given weights.

    kind : "simple_rnn", "lstm" or "gru"
    Wx : (D, G*H), Wh : (H, G*H), b : (G*H,) or, for the GRU, (2, 3H).
    The layer's dtype is Wx's dtype (float32 or float64).
    """
    if kind not in _LAYERS:
        raise ValueError(f"kind must be one of {sorted(_LAYERS)}, but got {kind!r}.")
    Wx, Wh, b = (np.asarray(w) for w in (Wx, Wh, b))
    layer = getattr(keras().layers, _LAYERS[kind])(
        Wh.shape[0], return_sequences=return_sequences, dtype=str(Wx.dtype))
    layer.build((None, None, Wx.shape[0]))
    layer.set_weights([Wx, Wh, b])
    return layer


def keras_forward(kind, x, h0, Wx, Wh, b, c0=None):
    """Keras's output for the sequence x (N, T, D) from the initial state h0 (N, H)
    (and c0 (N, H) for the LSTM, zeros if None): h (N, T, H) as a numpy array."""
    layer = recurrent_layer(kind, Wx, Wh, b)
    state = [h0] if kind != "lstm" else [h0, np.zeros_like(h0) if c0 is None else c0]
    return np.asarray(layer(x, initial_state=state))
