"""Thin helpers around Keras: seeds, the device in use, Keras layers that hold
rnnlib-layout weights so that every numpy result can be checked against Keras, and a
``fit`` that survives Ctrl-C and stops on a NaN loss, and a callback that prints a
long training run's progress in a few lines.

TensorFlow is imported on first use, never by ``import rnnlib``.
"""
import math
import random

import numpy as np

from ._checks import check_callable, check_int
from ._optional import require, require_tensorflow
from .cells import cell


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
    spec = cell(kind)
    Wx, Wh, b = (np.asarray(w) for w in (Wx, Wh, b))
    layer = getattr(keras().layers, spec.keras_layer)(
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


def fit(model, x, y=None, **fit_kwargs):
    """``model.fit(x, y, **fit_kwargs)`` that can be stopped and that stops on NaN.

    x : the inputs model.fit takes, e.g. (N, T, D); y : the targets, e.g. (N,), (N, T)
    fit_kwargs : passed on (epochs, batch_size, validation_data, callbacks, ...)

    Returns (model, history), history a dict of lists with one value per epoch, as
    ``model.fit(...).history``. Stopped by KeyboardInterrupt (Ctrl-C, Jupyter's stop
    button), it prints one line and returns the history of the completed epochs with
    ``history["interrupted"] = True``; the model keeps the weights it has at that moment.
    A NaN or infinite training loss at the end of a batch raises FloatingPointError.
    """
    class Guard(keras().callbacks.Callback):
        """Records each epoch's logs (History is lost on interrupt) and checks the loss."""

        def __init__(self):
            super().__init__()
            self.epoch, self.history = 0, {}

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            loss = (logs or {}).get("loss")
            if loss is not None and not math.isfinite(float(loss)):
                raise FloatingPointError(
                    f"The training loss became {float(loss)} in epoch {self.epoch + 1}, "
                    f"batch {batch + 1}. Lower the learning rate and/or clip the gradients, "
                    "e.g. keras.optimizers.Adam(learning_rate=1e-3, clipnorm=1.0).")

        def on_epoch_end(self, epoch, logs=None):
            for key, value in (logs or {}).items():
                self.history.setdefault(key, []).append(value)

    guard = Guard()
    callbacks = [guard, *(fit_kwargs.pop("callbacks", None) or [])]
    try:
        return model, model.fit(x, y, callbacks=callbacks, **fit_kwargs).history
    except KeyboardInterrupt:
        done = len(next(iter(guard.history.values()), []))
        total = fit_kwargs.get("epochs", 1) - fit_kwargs.get("initial_epoch", 0)
        print(f"fit: interrupted after {done} of {total} epochs; "
              "returning the model and the history of those epochs.")
        return model, guard.history | {"interrupted": True}


def progress_callback(every=10, log=print):
    """A Keras callback that prints one short line every `every` epochs and after the last.

    Use it with ``model.fit(..., verbose=0)``: a long training run then shows its progress
    in a few lines instead of one line (or a progress bar) per epoch.

    Parameters
    ----------
    every : int >= 1, print after epochs every, 2 * every, ... and after the last epoch
    log : callable taking a str (``print`` by default)

    Returns
    -------
    keras.callbacks.Callback printing e.g. ``epoch 20/60: loss 0.0179, val_loss 0.0944``
    """
    every = check_int("every", every, 1)
    check_callable("log", log, "a callable taking a str")

    class ProgressCallback(keras().callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            done, total = epoch + 1, self.params.get("epochs")
            if done % every == 0 or done == total:
                values = ", ".join(f"{key} {value:.4f}" for key, value in (logs or {}).items())
                log(f"epoch {done}/{total}: {values}")

    return ProgressCallback()
