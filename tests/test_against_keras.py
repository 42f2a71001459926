"""rnnlib's cells equal Keras's layers (forward) and tf.GradientTape (backward),
on both paths: the textbook modules and rnnlib.fast."""
import numpy as np
import pytest

import rnnlib
from conftest import backward, forward, make_case
from rnnlib._optional import require_tensorflow
from rnnlib.cells import CELLS
from rnnlib.keras_helpers import keras, keras_forward, recurrent_layer

tf = require_tensorflow()

# float64 agrees to rounding; float32 to float32 rounding accumulated over T steps.
ATOL = {np.float64: 1e-12, np.float32: 2e-6}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_forward_equals_keras_with_nonzero_initial_state(kind, dtype, fast):
    case = make_case(kind, N=4, T=7, D=3, H=5, dtype=dtype, seed=1)
    c0 = np.random.default_rng(2).normal(size=case["h0"].shape).astype(dtype)
    c0 = c0 if kind == "lstm" else None
    h, _ = forward(kind, case, c0=c0, fast=fast)
    expected = keras_forward(kind, case["x"], case["h0"], case["Wx"], case["Wh"],
                             case["b"], c0=c0)
    assert h.dtype == dtype
    np.testing.assert_allclose(h, expected, rtol=0, atol=ATOL[dtype])


def test_keras_get_weights_plug_straight_in(kind, fast):
    """A Keras layer's own (randomly initialised) weights work unchanged in rnnlib."""
    spec = CELLS[kind]
    layer = getattr(keras().layers, spec.keras_layer)(4, return_sequences=True)
    x = np.random.default_rng(0).normal(size=(2, 6, 3)).astype(np.float32)
    expected = np.asarray(layer(x))
    h0 = np.zeros((2, 4), np.float32)
    h, _ = (spec.fast_forward if fast else spec.forward)(x, h0, *layer.get_weights())
    np.testing.assert_allclose(h, expected, rtol=0, atol=2e-6)


def tape_gradients(kind, case, c0=None):
    """TensorFlow's gradients of sum(h * dh) with respect to x, h0, Wx, Wh, b."""
    layer = recurrent_layer(kind, case["Wx"], case["Wh"], case["b"])
    x, h0 = tf.constant(case["x"]), tf.constant(case["h0"])
    with tf.GradientTape() as tape:
        tape.watch([x, h0])
        state = [h0] if kind != "lstm" else [h0, tf.constant(c0)]
        loss = tf.reduce_sum(layer(x, initial_state=state) * case["dh"])
    grads = tape.gradient(loss, [x, h0, *layer.trainable_weights])
    return [np.asarray(g) for g in grads]


def test_backward_equals_gradient_tape(kind, fast):
    case = make_case(kind, N=3, T=6, D=4, H=5, seed=3)
    c0 = np.random.default_rng(4).normal(size=(3, 5)) if kind == "lstm" else None
    _, cache = forward(kind, case, c0=c0, fast=fast)
    ours = backward(kind, case["dh"], cache, fast=fast)
    theirs = tape_gradients(kind, case, c0)
    for name, a, b in zip(("dx", "dh0", "dWx", "dWh", "db"), ours, theirs):
        assert a.shape == b.shape, name
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-11, err_msg=name)


def test_clip_by_global_norm_equals_tensorflow():
    rng = np.random.default_rng(0)
    grads = [rng.normal(size=(3, 4)), rng.normal(size=(5,)), rng.normal(size=(2, 2, 2))]
    for clip_norm in (0.5, 3.0, 100.0):
        ours, norm = rnnlib.clip_by_global_norm(grads, clip_norm)
        theirs, tf_norm = tf.clip_by_global_norm([tf.constant(g) for g in grads], clip_norm)
        assert norm == pytest.approx(float(tf_norm), rel=1e-12)
        for a, b in zip(ours, theirs):
            np.testing.assert_allclose(a, np.asarray(b), rtol=1e-12)


@pytest.mark.parametrize("input_dim,units", [(1, 1), (3, 7), (64, 128), (10, 32)])
def test_count_params_equals_keras(kind, input_dim, units):
    layer = recurrent_layer(kind, *[make_case(kind, D=input_dim, H=units)[k]
                                    for k in ("Wx", "Wh", "b")])
    assert rnnlib.count_params(kind, input_dim, units) == layer.count_params()


def test_article_lstm_has_98816_parameters():
    assert rnnlib.count_params("lstm", 64, 128) == 98_816


def test_activations_equal_tensorflow():
    z = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(rnnlib.sigmoid(z), tf.math.sigmoid(z).numpy(), rtol=1e-12)
    np.testing.assert_allclose(rnnlib.tanh(z), tf.math.tanh(z).numpy(), rtol=1e-12)
    np.testing.assert_allclose(rnnlib.relu(z), tf.nn.relu(z).numpy(), rtol=0)
    for f, df, tf_f in ((rnnlib.sigmoid, rnnlib.sigmoid_grad, tf.math.sigmoid),
                        (rnnlib.tanh, rnnlib.tanh_grad, tf.math.tanh),
                        (rnnlib.relu, rnnlib.relu_grad, tf.nn.relu)):
        zt = tf.constant(z)
        with tf.GradientTape() as tape:
            tape.watch(zt)
            y = tf_f(zt)
        # derivatives are at most 1 and both sides form 1 - t^2: agree to a few ulp of 1
        np.testing.assert_allclose(df(z), tape.gradient(y, zt).numpy(), rtol=1e-12, atol=1e-14)
