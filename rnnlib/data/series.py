"""Time-series helpers: sliding windows, the naive baseline, a linear autoregressive
baseline and recursive multi-step forecasts (article section 11: forecasting).

Letters: N windows, W window length, K forecast horizon (steps ahead).
"""
import numpy as np

from .._checks import as_float_array, check_callable, check_int


def _as_series(series):
    """series (L,) as a finite float32 array; integer series are converted."""
    series = as_float_array("series", series, None, dtype=np.float32, ints=True)
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

    X : (N, W, 1) or (N, W), numbers, W >= 1; returns (N, steps), of X's dtype.
    """
    check_int("steps", steps, 1)
    X = as_float_array("X", X, None, ints=True)
    if X.ndim not in (2, 3) or X.shape[1] == 0 or X.shape[2:] not in ((), (1,)):
        raise ValueError(f"X must have shape (N, W, 1) or (N, W) with W >= 1, but has "
                         f"shape {X.shape}; for several channels pass one, e.g. X[..., :1].")
    last = X[:, -1, 0] if X.ndim == 3 else X[:, -1]
    return np.repeat(last[:, None], steps, axis=1)


def _as_windows(X):
    """Windows X (N, W, 1) or (N, W) of numbers as a float64 array of shape (N, W)."""
    X = as_float_array("X", X, None, dtype=np.float64, ints=True)
    if X.ndim not in (2, 3) or X.shape[1] == 0 or X.shape[2:] not in ((), (1,)):
        raise ValueError(f"X must have shape (N, W, 1) or (N, W) with W >= 1, but has "
                         f"shape {X.shape}; for several channels pass one, e.g. X[..., :1].")
    return X.reshape(X.shape[0], X.shape[1])


def fit_linear_ar(X, y, order=None):
    """Least-squares linear autoregression: the next value as a weighted sum of the last
    `order` values of the window, plus a bias.

    Parameters
    ----------
    X : array of shape (N, W, 1) or (N, W), the training windows
    y : array of shape (N, 1) or (N,), the value that follows each window
    order : int, 1 <= order <= W, how many of the most recent values to use; None for all W

    Returns
    -------
    w : float64 ndarray of shape (order,), one weight per value, oldest first
    b : float, the bias; the prediction is ``linear_ar_predict(X, w, b)``
    """
    X = _as_windows(X)
    y = as_float_array("y", y, None, dtype=np.float64, ints=True)
    if y.shape not in ((len(X),), (len(X), 1)):
        raise ValueError(f"y must have shape (N,) or (N, 1) with N = {len(X)} (one value per "
                         f"window of X), but has shape {y.shape}; for several steps ahead "
                         f"pass the first, e.g. y[:, :1].")
    order = X.shape[1] if order is None else check_int("order", order, 1)
    if order > X.shape[1]:
        raise ValueError(f"order must be at most the window length W = {X.shape[1]}, but "
                         f"got {order}.")
    A = np.column_stack([X[:, -order:], np.ones(len(X))])      # (N, order + 1)
    coef = np.linalg.lstsq(A, y.reshape(-1), rcond=None)[0]    # minimises |A coef - y|^2
    return coef[:-1], float(coef[-1])


def linear_ar_predict(X, w, b):
    """The next value of each window under a linear autoregression from `fit_linear_ar`.

    X : (N, W, 1) or (N, W) windows, W >= len(w); w : (order,) weights; b : float.
    Returns (N,) float64: ``X[:, -order:] @ w + b``.
    """
    X = _as_windows(X)
    w = as_float_array("w", w, ("order",), dtype=np.float64)
    if len(w) == 0 or len(w) > X.shape[1]:
        raise ValueError(f"w must hold between 1 and W = {X.shape[1]} weights (the window "
                         f"length of X), but holds {len(w)}.")
    return X[:, -len(w):] @ w + float(b)


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
    check_callable("predict", predict)
    check_int("steps", steps, 1)
    given = X
    X = as_float_array("X", X, None, dtype=np.float32, ints=True)
    if X is given:
        X = X.copy()                    # predict sees a copy, never the caller's array
    if X.ndim != 3 or X.shape[2] != 1 or X.shape[1] == 0:
        raise ValueError(f"X must have shape (N, W, 1) with W >= 1, but has shape "
                         f"{X.shape}; use X[..., None] for (N, W).")
    N = X.shape[0]
    out = np.empty((N, steps), dtype=np.float32)
    for k in range(steps):
        nxt = np.asarray(predict(X), dtype=np.float32)
        if nxt.size != N:
            raise ValueError(f"predict must return one value per window, shape (N, 1) or "
                             f"(N,) = ({N}, 1), but returned shape {nxt.shape}. A model "
                             f"with return_sequences=True returns every step: take the "
                             f"last, e.g. lambda w: model.predict(w, verbose=0)[:, -1].")
        nxt = nxt.reshape(N)
        out[:, k] = nxt
        X = np.concatenate([X[:, 1:], nxt[:, None, None]], axis=1)
    return out
