"""The memory task generator, the timing helper and the learning-curve plot."""
import numpy as np
import pytest

import rnnlib
from rnnlib.data.tasks import make_delayed_recall
from rnnlib.timing import median_seconds


def test_delayed_recall_targets_are_the_input_delay_steps_ago():
    X, y, w = make_delayed_recall(500, 12, 3, random_state=0)
    assert X.shape == (500, 12, 1) and y.shape == w.shape == (500, 12)
    np.testing.assert_array_equal(y[:, 3:], X[:, :-3, 0])
    assert (w[:, :3] == 0).all() and (w[:, 3:] == 1).all()
    assert set(np.unique(X)) == {0.0, 1.0}
    assert abs(X.mean() - 0.5) < 0.02
    np.testing.assert_array_equal(y[:, -1], X[:, -4, 0])          # many-to-one use


def test_delayed_recall_delay_zero_is_identity_and_errors():
    X, y, w = make_delayed_recall(4, 5, 0, random_state=1)
    np.testing.assert_array_equal(y, X[..., 0])
    assert (w == 1).all()
    with pytest.raises(ValueError, match=r"delay must be smaller than seq_len = 5, but got 5"):
        make_delayed_recall(4, 5, 5)
    with pytest.raises(ValueError, match=r"delay must be an integer >= 0, but got -1"):
        make_delayed_recall(4, 5, -1)


def test_median_seconds_measures_and_validates():
    calls = []
    t = median_seconds(lambda: calls.append(1), repeats=3, warmup=2)
    assert len(calls) == 5 and 0 <= t < 0.1
    with pytest.raises(ValueError, match=r"repeats must be an integer >= 1, but got 0"):
        median_seconds(print, repeats=0)
    with pytest.raises(TypeError, match=r"fn must be callable, but got int"):
        median_seconds(3)


def test_plot_learning_curves():
    import matplotlib
    matplotlib.use("Agg")
    from rnnlib.plots.curves import plot_learning_curves
    ax = plot_learning_curves({"a": [0.5, 0.7], "b": [0.5, 0.5]}, chance=0.5)
    assert len(ax.lines) == 3 and ax.get_legend() is not None
    with pytest.raises(TypeError, match=r"curves must be a non-empty dict"):
        plot_learning_curves([0.5, 0.6])


def test_blocked_medians_times_consecutive_calls_in_turns():
    from rnnlib.timing import blocked_medians
    order = []
    out = blocked_medians({"a": lambda: order.append("a"), "b": lambda: order.append("b")},
                          blocks=2, per_block=3, warmup=1)
    assert set(out) == {"a", "b"} and all(s >= 0 for s in out.values())
    assert "".join(order) == "a" + "b" + "aaa" + "bbb" + "aaa" + "bbb"   # warm-up, then blocks
    with pytest.raises(TypeError, match=r"calls must be a dict"):
        blocked_medians([print])
