"""split_gates names the right slices; plot_gate_heatmaps draws and validates."""
import matplotlib
import numpy as np
import pytest

import rnnlib
from conftest import forward, make_case
from rnnlib.plots.gates import plot_gate_heatmaps, split_gates

matplotlib.use("Agg")


def test_split_gates_lstm_matches_one_step_by_hand():
    case = make_case("lstm", N=2, T=3, D=3, H=4, seed=1)
    _, cache = forward("lstm", case)
    gates = split_gates(cache)
    assert list(gates) == ["input", "forget", "candidate", "output", "cell"]
    assert all(v.shape == (2, 3, 4) for v in gates.values())
    z = case["x"][:, 0] @ case["Wx"] + case["h0"] @ case["Wh"] + case["b"]     # (N, 4H)
    H = 4
    np.testing.assert_allclose(gates["input"][:, 0], rnnlib.sigmoid(z[:, :H]))
    np.testing.assert_allclose(gates["forget"][:, 0], rnnlib.sigmoid(z[:, H:2 * H]))
    np.testing.assert_allclose(gates["candidate"][:, 0], np.tanh(z[:, 2 * H:3 * H]))
    np.testing.assert_allclose(gates["output"][:, 0], rnnlib.sigmoid(z[:, 3 * H:]))
    c1 = gates["input"][:, 0] * gates["candidate"][:, 0]                       # c0 = 0
    np.testing.assert_allclose(gates["cell"][:, 0], c1)


def test_split_gates_gru_and_bad_cache():
    case = make_case("gru", N=2, T=3, D=3, H=4, seed=2)
    _, cache = forward("gru", case)
    gates = split_gates(cache)
    assert list(gates) == ["update", "reset", "candidate"]
    np.testing.assert_array_equal(gates["update"], cache.z)
    _, rnn_cache = forward("simple_rnn", make_case("simple_rnn"))
    with pytest.raises(TypeError, match=r"lstm_forward or gru_forward, but got RNNCache"):
        split_gates(rnn_cache)


def test_heatmaps_scales_markers_and_highlight():
    rng = np.random.default_rng(0)
    T, H = 12, 3
    gate = rng.uniform(0, 1, size=(T, H))
    state = rng.normal(scale=2, size=(T, H))
    axes = plot_gate_heatmaps({"input gate": gate, "cell state": state}, markers=[2, 7],
                              highlight=1, title="test")
    assert len(axes) == 2 and axes[0].get_title() == "test"
    assert axes[0].images[0].get_clim() == (0.0, 1.0)                   # gates: 0 to 1
    low, high = axes[1].images[0].get_clim()
    assert low == -high == -np.abs(state).max()                         # states: centred on 0
    np.testing.assert_array_equal(axes[0].images[0].get_array(), gate.T)  # rows are units
    for ax in axes:
        xs = sorted(line.get_xdata()[0] for line in ax.lines)
        assert xs == [3, 8]                                             # 0-based 2, 7 -> steps 3, 8
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == ["0", "→1", "2"]
        assert ax.get_yticklabels()[1].get_fontweight() == "bold"
    assert axes[1].get_xlabel() == "time step t"
    matplotlib.pyplot.close("all")


def test_heatmaps_validate_their_arguments():
    good = np.zeros((5, 2))
    with pytest.raises(TypeError, match=r"panels must be a non-empty dict"):
        plot_gate_heatmaps({})
    with pytest.raises(ValueError, match=r"panels\['a'\] must have shape \(T, H\).*\(2, 5, 2\)"):
        plot_gate_heatmaps({"a": np.zeros((2, 5, 2))})
    with pytest.raises(ValueError, match=r"panels\['b'\] has T = 4 time steps, but the first"):
        plot_gate_heatmaps({"a": good, "b": np.zeros((4, 2))})
    with pytest.raises(ValueError, match=r"markers must be time indices in \[0, 5\), but got 5"):
        plot_gate_heatmaps({"a": good}, markers=[5])
    with pytest.raises(ValueError, match=r"highlight must be a unit in \[0, 2\).*got 2"):
        plot_gate_heatmaps({"a": good}, highlight=2)
    with pytest.raises(ValueError, match=r"axes must hold one Axes per panel \(1\), but holds 2"):
        plot_gate_heatmaps({"a": good}, axes=matplotlib.pyplot.subplots(2)[1])
    matplotlib.pyplot.close("all")
