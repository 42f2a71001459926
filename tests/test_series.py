"""Tests for rnnlib.data.series: windows, the naive baseline, recursive forecasts."""
import numpy as np
import pytest

from rnnlib.data.series import (fit_linear_ar, linear_ar_predict, make_windows,
                                naive_forecast, recursive_forecast)


def test_windows_line_up():
    s = np.arange(10, dtype=float)
    X, y = make_windows(s, window=3, horizon=2)
    assert X.shape == (6, 3, 1) and y.shape == (6, 2)
    assert np.array_equal(X[0, :, 0], [0, 1, 2]) and np.array_equal(y[0], [3, 4])
    assert np.array_equal(X[-1, :, 0], [5, 6, 7]) and np.array_equal(y[-1], [8, 9])


def test_naive_repeats_last_value():
    X, _ = make_windows(np.arange(6.0), window=3)
    f = naive_forecast(X, 4)
    assert f.shape == (3, 4) and np.all(f == X[:, -1, :])


def test_recursive_with_a_perfect_linear_model():
    s = np.arange(20, dtype=np.float32)
    X, y = make_windows(s, window=4, horizon=5)
    # the next value of an arithmetic sequence: 2 * last - second last
    f = recursive_forecast(lambda w: 2 * w[:, -1, 0] - w[:, -2, 0], X, 5)
    assert f.shape == y.shape and np.allclose(f, y)


def test_recursive_feeds_back_predictions():
    X = np.zeros((2, 3, 1), dtype=np.float32)
    f = recursive_forecast(lambda w: w[:, -1, 0] + 1, X, 3)   # last value + 1
    assert np.array_equal(f, [[1, 2, 3], [1, 2, 3]])


@pytest.mark.parametrize("call, word", [
    (lambda: make_windows(np.zeros((3, 2)), 2), "series"),
    (lambda: make_windows(np.zeros(5), 0), "window"),
    (lambda: make_windows(np.zeros(5), 4, horizon=2), "too short"),
    (lambda: naive_forecast(np.zeros((2, 3, 1)), 0), "steps"),
    (lambda: recursive_forecast(lambda w: w[:, -1], np.zeros((2, 3)), 2), "X must"),
])
def test_bad_arguments_are_named(call, word):
    with pytest.raises(ValueError, match=word):
        call()


def test_predict_must_be_callable():
    with pytest.raises(TypeError, match="predict"):
        recursive_forecast(None, np.zeros((1, 2, 1)), 1)


def test_linear_ar_recovers_a_linear_recurrence():
    # s[t] = 1.5 s[t-1] - 0.7 s[t-2] + 0.2, started from two random values: exactly linear
    rng = np.random.default_rng(0)
    s = list(rng.normal(size=2))
    for _ in range(60):
        s.append(1.5 * s[-1] - 0.7 * s[-2] + 0.2)
    X, y = make_windows(np.array(s), window=5, horizon=3)
    w, b = fit_linear_ar(X, y[:, :1], order=2)
    assert np.allclose(w, [-0.7, 1.5], atol=1e-4) and abs(b - 0.2) < 1e-4
    f = recursive_forecast(lambda win: linear_ar_predict(win, w, b), X, 3)
    assert np.allclose(f, y, atol=1e-3)


def test_linear_ar_uses_all_values_by_default_and_can_copy_the_naive_forecast():
    X, y = make_windows(np.sin(np.arange(50.0)), window=4)
    w, b = fit_linear_ar(X, y)
    assert w.shape == (4,)
    assert np.allclose(linear_ar_predict(X, np.array([0.0, 0, 0, 1]), 0.0),
                       naive_forecast(X, 1)[:, 0])
    # least squares: no other weights fit the training windows better than the solution
    best = np.mean((linear_ar_predict(X, w, b) - y[:, 0]) ** 2)
    assert best <= np.mean((naive_forecast(X, 1)[:, 0] - y[:, 0]) ** 2)


@pytest.mark.parametrize("call, word", [
    (lambda: fit_linear_ar(np.zeros((5, 3, 1)), np.zeros(4)), "y must"),
    (lambda: fit_linear_ar(np.zeros((5, 3, 1)), np.zeros(5), order=4), "order"),
    (lambda: fit_linear_ar(np.zeros((5, 3, 1)), np.zeros(5), order=0), "order"),
    (lambda: fit_linear_ar(np.zeros((5, 3, 2)), np.zeros(5)), "X must"),
    (lambda: linear_ar_predict(np.zeros((5, 3, 1)), np.zeros(4), 0.0), "w must"),
])
def test_linear_ar_bad_arguments_are_named(call, word):
    with pytest.raises(ValueError, match=word):
        call()
