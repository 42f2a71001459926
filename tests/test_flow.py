"""rnnlib.plots.flow: the feed-forward network has no loop, the recurrent one has one."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.patches import Circle  # noqa: E402
from matplotlib.path import Path  # noqa: E402

from rnnlib.plots.flow import KINDS, plot_information_flow, plot_information_flows  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def units(ax):
    """{layer name: number of units drawn}."""
    names = [p.get_gid() for p in ax.patches if isinstance(p, Circle)]
    return {name: names.count(name) for name in set(names)}


def loops(ax):
    return [p for p in ax.patches if p.get_gid() == "loop"]


def forward_arrows(ax):
    """(start x, end x) of each unit-to-unit arrow."""
    return [(a.xyann[0], a.xy[0]) for a in ax.texts if hasattr(a, "xy") and not a.get_text()]


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_draws_its_layers_with_every_unit_joined_to_the_next_layer(kind):
    ax = plot_information_flow(kind, sizes=(2, 5, 3))
    assert isinstance(ax, Axes) and ax.get_title() == KINDS[kind]
    assert units(ax) == {"input": 2, "hidden": 5, "output": 3}
    arrows = [(x0, x1) for x0, x1 in forward_arrows(ax) if x1 - x0 < 2]   # not the flow arrow
    assert len(arrows) == 2 * 5 + 5 * 3
    assert all(x1 > x0 for x0, x1 in arrows)      # every arrow between layers points forward
    ax.figure.canvas.draw()


def test_only_the_recurrent_network_has_a_loop_and_it_returns_to_the_hidden_layer():
    assert loops(plot_information_flow("feed_forward")) == []
    ax = plot_information_flow("recurrent")
    (loop,) = loops(ax)
    hidden_x = {p.center[0] for p in ax.patches if p.get_gid() == "hidden"}
    (x,) = hidden_x
    top = max(p.center[1] for p in ax.patches if p.get_gid() == "hidden")
    ax.figure.canvas.draw()
    path = loop.get_path()                        # in data coordinates, with the arrowhead
    xs, ys = path.vertices[path.codes != Path.CLOSEPOLY].T
    assert xs.min() < x < xs.max()                # leaves the hidden layer and comes back to it,
    assert abs(xs.mean() - x) < 0.5 and ys.max() > top   # over the top of that layer
    assert "$h_{t-1}$" in " ".join(t.get_text() for t in ax.texts)


def test_both_side_by_side_in_one_figure():
    axes = plot_information_flows(sizes=(1, 2, 1))
    assert list(axes) == ["feed_forward", "recurrent"]
    assert len({ax.get_figure(root=True) for ax in axes.values()}) == 1
    assert [len(loops(ax)) for ax in axes.values()] == [0, 1]
    assert axes["feed_forward"].get_ylim() == axes["recurrent"].get_ylim()   # same scale


def test_draws_into_a_given_axes_with_a_given_title():
    fig, ax = plt.subplots()
    assert plot_information_flow("recurrent", ax=ax, title="RNN") is ax
    assert ax.get_title() == "RNN"


def test_unknown_kind_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"kind must be one of 'feed_forward', 'recurrent', "
                                         r"but got 'lstm'\."):
        plot_information_flow("lstm")


@pytest.mark.parametrize("sizes, message", [
    ((3, 4), r"sizes must be a tuple of 3 layer sizes \(input, hidden, output\), but got \(3, 4\)"),
    ("342", r"sizes must be a tuple of 3 layer sizes"),
    ((3, 0, 2), r"integers from 1 to 6, but the hidden layer's size is 0\."),
    ((3, 4, 7), r"integers from 1 to 6, but the output layer's size is 7\."),
    ((2.0, 4, 2), r"but the input layer's size is 2\.0\."),
    ((True, 4, 2), r"but the input layer's size is True\."),
])
def test_bad_sizes_name_the_layer(sizes, message):
    with pytest.raises(ValueError, match=message):
        plot_information_flow("feed_forward", sizes=sizes)
    with pytest.raises(ValueError, match=message):
        plot_information_flows(sizes=sizes)


def test_numpy_integers_are_sizes_too():
    ax = plot_information_flow("recurrent", sizes=tuple(np.int64(n) for n in (1, 3, 2)))
    assert units(ax) == {"input": 1, "hidden": 3, "output": 2}


def test_ax_must_be_an_axes():
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(TypeError, match=r"ax must be a matplotlib Axes or None, but got ndarray\."):
        plot_information_flow("recurrent", ax=axes)
