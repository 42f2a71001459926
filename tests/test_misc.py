"""Clipping semantics, the adding problem, and what `import rnnlib` pulls in."""
import subprocess
import sys

import numpy as np
import pytest

import rnnlib


def test_clip_by_global_norm_scales_all_together_and_keeps_inputs():
    grads = [np.array([3.0, 0.0]), np.array([[0.0, 4.0]])]          # global norm 5
    before = [g.copy() for g in grads]
    clipped, norm = rnnlib.clip_by_global_norm(grads, 1.0)
    assert norm == 5.0
    np.testing.assert_allclose(clipped[0], [0.6, 0.0])
    np.testing.assert_allclose(clipped[1], [[0.0, 0.8]])
    assert rnnlib.global_norm(clipped) == pytest.approx(1.0)
    for g, b in zip(grads, before):
        np.testing.assert_array_equal(g, b)
    unchanged, _ = rnnlib.clip_by_global_norm(grads, 10.0)            # below the limit
    for g, u in zip(grads, unchanged):
        np.testing.assert_array_equal(g, u)
        assert u is not g


def test_clip_by_global_norm_none_entries_and_nonfinite():
    clipped, norm = rnnlib.clip_by_global_norm([None, np.array([3.0, 4.0])], 1.0)
    assert clipped[0] is None and norm == 5.0
    clipped, norm = rnnlib.clip_by_global_norm([np.array([np.inf, 1.0])], 1.0)
    assert np.isinf(norm) and np.isnan(clipped[0]).all()             # as TensorFlow does


def test_clip_by_value_is_elementwise_and_changes_direction():
    g = np.array([0.1, -5.0, 3.0], dtype=np.float32)
    (out,) = rnnlib.clip_by_value([g], 1.0)
    np.testing.assert_array_equal(out, np.array([0.1, -1.0, 1.0], dtype=np.float32))
    assert out.dtype == np.float32 and g[1] == -5.0


def test_adding_problem_statistics():
    X, y = rnnlib.make_adding_problem(20_000, 50, random_state=0)
    assert X.shape == (20_000, 50, 2) and y.shape == (20_000,)
    assert X.dtype == np.float32 and y.dtype == np.float32
    markers = X[:, :, 1]
    assert set(np.unique(markers)) == {0.0, 1.0}
    assert (markers.sum(axis=1) == 2).all()
    assert (markers[:, :25].sum(axis=1) == 1).all()                  # one in each half
    np.testing.assert_array_equal(y, (X[:, :, 0] * markers).sum(axis=1))
    assert 0 <= X[:, :, 0].min() and X[:, :, 0].max() <= 1
    assert y.var() == pytest.approx(1 / 6, rel=0.03)                 # the MSE of predicting the mean
    assert y.mean() == pytest.approx(1.0, abs=0.01)


def test_adding_problem_is_reproducible():
    a = rnnlib.make_adding_problem(5, 10, random_state=3)
    b = rnnlib.make_adding_problem(5, 10, random_state=3)
    c = rnnlib.make_adding_problem(5, 10, random_state=4)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])


def test_import_rnnlib_pulls_in_numpy_only():
    code = ("import sys, rnnlib; heavy = [m for m in ('tensorflow', 'keras', 'matplotlib') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_missing_optional_dependency_gives_install_hint(monkeypatch):
    from rnnlib import _optional
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)      # import now fails
    with pytest.raises(ImportError, match=r"needs matplotlib.pyplot.*pip install 'rnnlib\[plot\]'"):
        _optional.require("matplotlib.pyplot", "plot")


def test_exported_names():
    for name in ("rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward",
                 "lstm_step_forward", "lstm_step_backward", "lstm_forward", "lstm_backward",
                 "gru_forward", "gru_backward", "sigmoid", "tanh", "relu", "sigmoid_grad",
                 "tanh_grad", "relu_grad", "clip_by_global_norm", "clip_by_value",
                 "numerical_gradient", "rel_error", "count_params", "make_adding_problem"):
        assert callable(getattr(rnnlib, name)), name
