"""A many-to-one regression model built from rnnlib's cells: the loss and its exact
gradients, so that a training loop fits in a few readable lines.

Model: h = cell(x) over the sequence, prediction = h_T Wy + by, loss = mean squared error.
The cell runs on the fast kernels (``rnnlib.fast``), which give the textbook's results.
Shapes: N batch, T time steps, D input features, H hidden units.
"""
import numpy as np

from .._checks import as_float_array
from .._weights import check_params
from ..cells import cell


def predict(kind, params, X):
    """Predictions (N,) of the model for X (N, T, D); params as from `init_params`."""
    forward = cell(kind).fast_forward
    params = check_params(params)
    X = as_float_array("X", X, ("N", "T", "D"))
    h, _ = forward(X, np.zeros((X.shape[0], params["Wh"].shape[0]), X.dtype),
                   params["Wx"], params["Wh"], params["b"])
    return (h[:, -1] @ params["Wy"] + params["by"])[:, 0]


def mse_and_grads(kind, params, X, y):
    """Mean squared error of the model on (X (N, T, D), y (N,)) and its gradients.

    Returns (loss, grads), grads a dict with the keys and shapes of params.
    """
    spec = cell(kind)
    forward, backward = spec.fast_forward, spec.fast_backward
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
