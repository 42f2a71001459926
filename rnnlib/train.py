"""A many-to-one regression model built from rnnlib's cells: initialisation, the loss
and its gradients, so that a training loop fits in a few readable lines.

Model: h = cell(x) over the sequence, prediction = h_T Wy + by, loss = mean squared error.
Shapes: N batch, T time steps, D input features, H hidden units.
"""
import numpy as np

from ._checks import (as_float_array, check_choice, check_dtype, check_int,
                      check_random_state, check_real)
from ._layout import check_params
from .gru import gru_backward, gru_forward
from .lstm import lstm_backward, lstm_forward
from .rnn import rnn_backward, rnn_forward

_CELLS = {"simple_rnn": (1, rnn_forward, rnn_backward),
          "lstm": (4, lstm_forward, lstm_backward),
          "gru": (3, gru_forward, gru_backward)}


def _cell(kind):
    """(G, forward, backward) of the cell `kind`: "simple_rnn", "lstm" or "gru"."""
    return _CELLS[check_choice("kind", kind, _CELLS)]


def init_params(kind, input_dim, units, random_state=None, recurrent_gain=1.0,
                dtype=np.float64):
    """Keras's default initialisation, in rnnlib's layout.

    Wx (D, G*H): Glorot uniform; Wh (H, G*H): an orthogonal (H, H) block per gate,
    times `recurrent_gain` (the spectral radius of each block); b zeros, except the
    LSTM forget gate's bias, 1 (Keras's unit_forget_bias); GRU b has shape (2, 3H).
    Readout Wy (H, 1): Glorot uniform; by (1,): 0.

    Parameters
    ----------
    kind : "simple_rnn", "lstm" or "gru"
    input_dim : int D >= 1; units : int H >= 1
    random_state : None, int >= 0 or numpy Generator
    recurrent_gain : float >= 0
    dtype : floating numpy dtype of the weights

    Returns a dict with keys "Wx", "Wh", "b", "Wy", "by".
    """
    G = _cell(kind)[0]
    D, H = check_int("input_dim", input_dim, 1), check_int("units", units, 1)
    check_real("recurrent_gain", recurrent_gain, 0, closed=True)
    check_dtype("dtype", dtype, floating=True)
    rng = check_random_state("random_state", random_state)

    def glorot(rows, cols):
        limit = np.sqrt(6 / (rows + cols))
        return rng.uniform(-limit, limit, size=(rows, cols))

    Wh = np.concatenate([np.linalg.qr(rng.normal(size=(H, H)))[0] for _ in range(G)], axis=1)
    b = np.zeros((2, G * H) if kind == "gru" else G * H)
    if kind == "lstm":
        b[H:2 * H] = 1.0
    params = {"Wx": glorot(D, G * H), "Wh": recurrent_gain * Wh, "b": b,
              "Wy": glorot(H, 1), "by": np.zeros(1)}
    return {k: v.astype(dtype) for k, v in params.items()}


def predict(kind, params, X):
    """Predictions (N,) of the model for X (N, T, D); params as from `init_params`."""
    _, forward, _ = _cell(kind)
    params = check_params(params)
    X = as_float_array("X", X, ("N", "T", "D"))
    h, _ = forward(X, np.zeros((X.shape[0], params["Wh"].shape[0]), X.dtype),
                   params["Wx"], params["Wh"], params["b"])
    return (h[:, -1] @ params["Wy"] + params["by"])[:, 0]


def mse_and_grads(kind, params, X, y):
    """Mean squared error of the model on (X (N, T, D), y (N,)) and its gradients.

    Returns (loss, grads), grads a dict with the keys and shapes of params.
    """
    _, forward, backward = _cell(kind)
    params = check_params(params)
    X = as_float_array("X", X, ("N", "T", "D"))
    y = as_float_array("y", y, ("N",), dtype=X.dtype)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have shape (N,) = ({X.shape[0]},) to match X, "
                         f"but has shape {y.shape}.")
    N, H = X.shape[0], params["Wh"].shape[0]
    h, cache = forward(X, np.zeros((N, H), X.dtype), params["Wx"], params["Wh"], params["b"])
    h_last = h[:, -1]                                          # (N, H)
    err = (h_last @ params["Wy"] + params["by"])[:, 0] - y     # (N,)
    dpred = (2 / N) * err[:, None]                             # (N, 1)
    dh = np.zeros_like(h)
    dh[:, -1] = dpred @ params["Wy"].T
    _, _, dWx, dWh, db = backward(dh, cache)
    grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": h_last.T @ dpred, "by": dpred.sum(axis=0)}
    return float(np.mean(err ** 2)), grads
