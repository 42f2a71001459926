"""Time-series helpers: sliding windows, the naive baseline and recursive
multi-step forecasts (article section 11: forecasting).

Letters: N windows, W window length, K forecast horizon (steps ahead).
"""
import numpy as np

from ._checks import check_int


def _as_series(series):
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1:
        raise ValueError(f"series must be one-dimensional of shape (L,), but has shape "
                         f"{series.shape}; pass one channel, e.g. series[:, 0].")
    return series


def make_windows(series, window, horizon=1):
    """Cut a series into (input window, next `horizon` values) pairs.

    Parameters
    ----------
    series : array of shape (L,)
    window : int >= 1, W past values the model sees
    horizon : int >= 1, K future values to predict

    Returns
    -------
    X : ndarray of shape (N, W, 1), float32, with N = L - W - K + 1
    y : ndarray of shape (N, K), float32; y[n] follows X[n] directly
    """
    series = _as_series(series)
    check_int("window", window, 1)
    check_int("horizon", horizon, 1)
    n = len(series) - window - horizon + 1
    if n < 1:
        raise ValueError(f"series of length {len(series)} is too short for window={window} "
                         f"and horizon={horizon}; it needs at least {window + horizon} values.")
    idx = np.arange(n)[:, None]
    X = series[idx + np.arange(window)][..., None]
    y = series[idx + window + np.arange(horizon)]
    return X, y


def naive_forecast(X, steps):
    """The "tomorrow equals today" baseline: repeat each window's last value.

    X : (N, W, 1) or (N, W); returns (N, steps).
    """
    check_int("steps", steps, 1)
    X = np.asarray(X)
    if X.ndim not in (2, 3):
        raise ValueError(f"X must have shape (N, W, 1) or (N, W), but has shape {X.shape}.")
    last = X[:, -1, 0] if X.ndim == 3 else X[:, -1]
    return np.repeat(last[:, None], steps, axis=1)


def recursive_forecast(predict, X, steps):
    """Forecast `steps` values ahead with a one-step model, feeding each
    prediction back in as the newest input and dropping the oldest.

    Parameters
    ----------
    predict : callable mapping (N, W, 1) windows to (N, 1) or (N,) next values,
        e.g. ``lambda w: model.predict(w, verbose=0)``
    X : ndarray of shape (N, W, 1), the last W known values of each series
    steps : int >= 1, K

    Returns
    -------
    forecast : ndarray of shape (N, K), float32
    """
    if not callable(predict):
        raise TypeError(f"predict must be callable, but got {type(predict).__name__}.")
    check_int("steps", steps, 1)
    X = np.array(X, dtype=np.float32)
    if X.ndim != 3 or X.shape[2] != 1:
        raise ValueError(f"X must have shape (N, W, 1), but has shape {X.shape}; "
                         f"use X[..., None] for (N, W).")
    out = np.empty((X.shape[0], steps), dtype=np.float32)
    for k in range(steps):
        nxt = np.asarray(predict(X), dtype=np.float32).reshape(X.shape[0])
        out[:, k] = nxt
        X = np.concatenate([X[:, 1:], nxt[:, None, None]], axis=1)
    return out
