"""Set 11 (forecasting): planted submissions graded as they should be.

Each planted notebook is the set's solution with one mistake a learner makes when
forecasting: windows split by where they start rather than by the time of their target
(the last training targets leak into validation), inputs that end at the target, an RMSE
that is really the MSE, a linear model fitted on the training and test windows, an order
chosen on the test set, a loss gradient without its factor 2, a recurrent model trained
on every window of the series (test included); or with an answer that hands its question
back to rnnlib. They are graded with `tools/grade.py --dir` (what `make grade-all` runs)
and each must score exactly the points it earns, with the reason.

A slip in the windows (q1) or the RMSE (q2) costs every question built on them: the
baselines and the comparison are computed with the learner's own `split_by_time` and
`rmse`. q4 (the recurrent model) uses neither, so it is graded on its own. The answers
that run rnnlib's own function score 0 on their question (`rnnlib.grading.own_work.OWN_WORK`
names set 11's functions); `test_call_refuses_rnnlib_twins` checks, in process, that `call`
refuses them and accepts honest ones.
"""
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_exercises import add_cell, assign, body, check_planted, edit, grade_planted, with_answers  # noqa: E402

SET = "11_forecasting"
ONLY = os.environ.get("EXERCISE_SETS", "").split()
pytestmark = pytest.mark.skipif(bool(ONLY) and "11" not in ONLY,
                                reason="set 11 not selected by EXERCISE_SETS")

TARGET_TIME = "    t = np.arange(len(y)) + p - 1 + h             # the time index of each window's target\n"
WINDOW_BODY = "    L = len(series)\n"
RMSE_BODY = "    return float(np.sqrt(np.mean((np.asarray(pred) - np.asarray(target)) ** 2)))\n"
NAIVE_BODY = "    out = []\n"
FIT_BODY = "    A = np.column_stack([X, np.ones(len(X))])          # (N, p + 1): a column of ones for the bias\n"
PREDICT_BODY = "    N, H = X.shape[0], params[\"Wh\"].shape[0]\n    h, _ = "
SPLIT_P = "        (X_train, y_train), (X_val, y_val), _ = split_by_time(series, p, h, n_train, n_val)"
OWN = "runs rnnlib's own "


def edit_all(nb, edits):
    """nb with each (old, new) of `edits` made in turn, each in exactly one code cell."""
    for old, new in edits:
        nb = edit(nb, old, new)
    return nb


# name: (notebook maker from the solution S and the student notebook U,
#        {question: points}, total, words in the reasons)
PLANTED = {
    "full": (lambda S, U: S, {"q1": 2.5, "q2": 1.5, "q3": 2.5, "q4": 2, "q5": 1.5}, 10, ""),
    "untouched": (lambda S, U: U, {"q1": 0, "q2": 0, "q3": 0, "q4": 0, "q5": 0}, 0,
                  "q1: `make_windows` is not written yet"),
    # the recurrent model uses none of the windows or baselines: q4 counts on its own
    "only_q4": (lambda S, U: with_answers(U, S, {"q4"}),
                {"q1": 0, "q2": 0, "q3": 0, "q4": 2, "q5": 0}, 2,
                "q5: test_rmse must be a dict"),
    # windows split by the index of their first input: training targets run into validation
    "split_by_window_start": (
        lambda S, U: edit(S, TARGET_TIME, "    t = np.arange(len(y))                         # where each window starts\n"),
        {"q1": 0.75, "q2": 0, "q3": 0.75, "q4": 2, "q5": 0}, 3.5,
        "outside the training part"),
    # inputs that end at the target (h steps late): the target is among the inputs
    "target_among_inputs": (
        lambda S, U: edit(S, "    X = series[first + np.arange(p)]              # (N, p): series[n], ..., series[n + p - 1]",
                          "    X = series[first + h + np.arange(p)]          # (N, p): ends at the target"),
        {"q1": 0, "q2": 0, "q3": 0.75, "q4": 2, "q5": 0}, 2.75,
        "X of make_windows(np.arange(10.0), p=3, h=2)"),
    # the mean squared error, not its root
    "rmse_is_mse": (lambda S, U: edit(S, RMSE_BODY, "    return float(np.mean((np.asarray(pred) - np.asarray(target)) ** 2))\n"),
                    {"q1": 2.5, "q2": 0, "q3": 0.75, "q4": 2, "q5": 0}, 5.25,
                    "13/3 is the mean squared error"),
    # the linear model fitted on the training and the test windows
    "ar_fit_on_train_and_test": (
        lambda S, U: edit_all(S, [(SPLIT_P, SPLIT_P.replace("_ = split", "(X_test, y_test) = split")),
                                  ("        w, b = fit_ar(X_train, y_train)",
                                   "        w, b = fit_ar(np.concatenate([X_train, X_test]), np.concatenate([y_train, y_test]))")]),
        {"q1": 2.5, "q2": 1.5, "q3": 0.75, "q4": 2, "q5": 0.75}, 7.5,
        "val_rmse of select_ar_order"),
    # the order chosen on the test windows (its validation RMSEs are right)
    "order_chosen_on_test": (
        lambda S, U: edit_all(S, [("    fits, val_rmse = [], []", "    fits, val_rmse, test_err = [], [], []"),
                                  (SPLIT_P, SPLIT_P.replace("_ = split", "(X_test, y_test) = split")),
                                  ("        val_rmse.append(rmse(X_val @ w + b, y_val))\n",
                                   "        val_rmse.append(rmse(X_val @ w + b, y_val))\n"
                                   "        test_err.append(rmse(X_test @ w + b, y_test))\n"),
                                  ("    best = int(np.argmin(val_rmse))", "    best = int(np.argmin(test_err))")]),
        {"q1": 2.5, "q2": 1.5, "q3": 0.75, "q4": 2, "q5": 0.75}, 7.5,
        "select_ar_order chose p_best = 64"),
    # dL/dy_hat without the 2 of the square: the gradient checks fail, and Adam, which nearly
    # ignores a gradient's scale (not quite: its eps), ends its 150 steps with weights about
    # 1e-4 off the recipe's, which q5's hidden check sees
    "loss_gradient_without_2": (
        lambda S, U: edit(S, "    dpred = (2 / N) * err[:, None]", "    dpred = (1 / N) * err[:, None]"),
        {"q1": 2.5, "q2": 1.5, "q3": 2.5, "q4": 0, "q5": 0.75}, 7.25,
        "grads['by'] of rnn_forecast_loss"),
    # the recurrent model trained on every window of the series, the test windows too
    "rnn_trained_on_every_window": (
        lambda S, U: edit(S, "rnn_params, rnn_losses = train_rnn_forecaster(X_rnn_train, y_rnn_train, HIDDEN, STEPS, LR, seed=0)",
                          "rnn_params, rnn_losses = train_rnn_forecaster(*make_windows(series, T_RNN, H_AHEAD), HIDDEN, STEPS, LR, seed=0)"),
        {"q1": 2.5, "q2": 1.5, "q3": 2.5, "q4": 2, "q5": 0.75}, 9.25, "hidden test: rnn_params"),
    # answers that hand the question back to rnnlib
    "windows_from_rnnlib": (
        lambda S, U: body(S, WINDOW_BODY, "    from rnnlib.data.series import make_windows as windows\n"
                          "    X, y = windows(np.arange(len(series)), p, h)      # the times, exact in float32\n"
                          "    return series[X[:, :, 0].astype(int)], series[y[:, -1].astype(int)]\n"),
        {"q1": 0, "q2": 1.5, "q3": 2.5, "q4": 2, "q5": 1.5}, 7.5,
        "q1: `make_windows` " + OWN + "`rnnlib.data.series.make_windows`"),
    "naive_from_rnnlib": (
        lambda S, U: body(S, NAIVE_BODY, "    import rnnlib.data.series as ds\n"
                          "    return np.array([rmse(ds.naive_forecast(split_by_time(series, 1, h, n_train, n_val)[2][0], 1)[:, 0],\n"
                          "                          split_by_time(series, 1, h, n_train, n_val)[2][1]) for h in horizons])\n"),
        {"q1": 2.5, "q2": 0, "q3": 2.5, "q4": 2, "q5": 1.5}, 8.5,
        "q2: `naive_rmse` " + OWN + "`rnnlib.data.series.naive_forecast`"),
    "fit_ar_by_getattr": (
        lambda S, U: body(S, FIT_BODY, "    import importlib\n"
                          "    m = importlib.import_module('rnnlib.data.' + 'series')\n"
                          "    return getattr(m, 'fit_linear_' + 'ar')(X, y)\n"),
        {"q1": 2.5, "q2": 1.5, "q3": 0, "q4": 2, "q5": 1.5}, 7.5,
        "q3: `fit_ar` " + OWN + "`rnnlib.data.series.fit_linear_ar`"),
    "loss_re_exported": (
        lambda S, U: add_cell(S, "def train_rnn_forecaster(X, y, hidden, steps, learning_rate, seed):",
                              "from rnnlib.training import mse_and_grads\n\n\n"
                              "def rnn_forecast_loss(params, X, y):\n"
                              "    return mse_and_grads('simple_rnn', params, X[:, :, None], y)"),
        {"q1": 2.5, "q2": 1.5, "q3": 2.5, "q4": 0, "q5": 1.5}, 8,
        "q4: `rnn_forecast_loss` " + OWN + "`rnnlib.training.many_to_one.mse_and_grads`"),
    "predict_from_rnnlib": (
        lambda S, U: body(S, PREDICT_BODY, "    import rnnlib.training\n"
                          "    return rnnlib.training.predict('simple_rnn', params, X[:, :, None])\n"),
        {"q1": 2.5, "q2": 1.5, "q3": 2.5, "q4": 1.25, "q5": 1.5}, 9.25,
        "q4: `rnn_predict` " + OWN + "`rnnlib.training.many_to_one.predict`"),
}


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    """Set 11's solution and student notebooks, made from the master now."""
    return assign("11", tmp_path_factory)


@pytest.fixture(scope="module")
def graded(notebooks, tmp_path_factory):
    return grade_planted({name: make for name, (make, *_) in PLANTED.items()}, notebooks, "11",
                         tmp_path_factory)


@pytest.mark.parametrize("name", list(PLANTED))
def test_planted_submission_scores(graded, name):
    _, scores, total, words = PLANTED[name]
    check_planted(graded[0][f"{name}.ipynb"], scores, words, total)


def test_grading_is_fast(graded):
    rows, seconds = graded
    assert all(float(r["seconds"]) < 60 for r in rows.values()), rows


def test_call_refuses_rnnlib_twins():
    """`call` refuses each route to rnnlib's twin of set 11's functions, in process,
    and lets honest answers through (numpy, rnn_forward, rnn_backward, init_params)."""
    import numpy as np
    import rnnlib.data.series as ds
    import rnnlib.training as tr
    from rnnlib import rnn_backward, rnn_forward
    from rnnlib.grading import call
    from rnnlib.optim import Adam
    rng = np.random.default_rng(0)
    s = rng.normal(size=40)
    X, y = rng.normal(size=(12, 5)), rng.normal(size=12)
    params = tr.init_params("simple_rnn", 1, 3, random_state=0)
    twins = {
        "make_windows": (lambda s, p, h: ds.make_windows(s, p, h), (s, 3, 2)),
        "split_by_time": (lambda s, p, h, a, b: ds.make_windows(s[:a], p, h), (s, 3, 2, 20, 10)),
        "naive_rmse": (lambda s, hs, a, b: [ds.naive_forecast(s[None, :a], 1) for h in hs], (s, [1], 20, 10)),
        "fit_ar": (lambda X, y: ds.fit_linear_ar(X, y), (X, y)),
        "select_ar_order": (lambda s, o, h, a, b: ds.linear_ar_predict(X, np.ones(2), 0.0), (s, (2,), 1, 20, 10)),
        "rnn_predict": (lambda P, X: tr.predict("simple_rnn", P, X[:, :, None]), (params, X)),
        "rnn_forecast_loss": (lambda P, X, y: tr.mse_and_grads("simple_rnn", P, X[:, :, None], y), (params, X, y)),
        "train_rnn_forecaster": (lambda X, y, *a: tr.mse_and_grads("simple_rnn", params, X[:, :, None], y),
                                 (X, y, 3, 1, 0.01, 0)),
    }
    for name, (fn, args) in twins.items():
        with pytest.raises(AssertionError, match=f"`{name}` runs rnnlib's own"):
            call(fn, *args, name=name)

    def rnn_forecast_loss(params, X, y):          # the solution's, with the allowed helpers
        N, H = X.shape[0], params["Wh"].shape[0]
        h, cache = rnn_forward(X[:, :, None], np.zeros((N, H)), params["Wx"], params["Wh"], params["b"])
        err = (h[:, -1] @ params["Wy"] + params["by"])[:, 0] - y
        dpred = (2 / N) * err[:, None]
        dh = np.zeros_like(h)
        dh[:, -1] = dpred @ params["Wy"].T
        _, _, dWx, dWh, db = rnn_backward(dh, cache)
        return float(np.mean(err ** 2)), {"Wx": dWx, "Wh": dWh, "b": db,
                                          "Wy": h[:, -1].T @ dpred, "by": dpred.sum(axis=0)}

    loss, grads = call(rnn_forecast_loss, params, X, y, name="rnn_forecast_loss")
    want_loss, want = tr.mse_and_grads("simple_rnn", params, X[:, :, None], y)
    assert np.isclose(loss, want_loss) and all(np.allclose(grads[k], want[k]) for k in want)
    # the helpers the prompts allow: numpy's least squares, init_params and Adam
    coef = call(lambda X, y: np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), y, rcond=None)[0],
                X, y, name="fit_ar")
    assert coef.shape == (6,)

    def one_step(X, y, hidden, steps, learning_rate, seed):
        P = tr.init_params("simple_rnn", 1, hidden, random_state=seed)
        return Adam(learning_rate).step(P, rnn_forecast_loss(P, X, y)[1])

    P = call(one_step, X, y, 3, 1, 0.01, 0, name="train_rnn_forecaster")
    assert P["Wh"].shape == (3, 3) and not np.allclose(P["Wh"], params["Wh"])
