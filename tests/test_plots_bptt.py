"""rnnlib.plots.bptt: the backward-pass diagram draws its two paths and its sums, and
bad arguments get clear errors."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from rnnlib.plots.bptt import COLORS, plot_backward_pass  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def arrows(ax, gid):
    """The arrows of one path, found by the gid the function gives them."""
    return [a for a in ax.texts if a.get_gid() == gid]


def texts(ax):
    return [t.get_text() for t in ax.texts if t.get_text()]


@pytest.mark.parametrize("steps", [2, 4, 6])
def test_draws_one_node_and_one_arrow_of_each_path_per_step(steps):
    ax = plot_backward_pass(steps)
    assert isinstance(ax, Axes)
    ax.figure.canvas.draw()                       # arrows are clipped at draw time
    labels = texts(ax)
    assert [s for s in labels if s.startswith("$h_")] == \
        ["$h_0$"] + [f"$h_{{{t}}}$" for t in range(1, steps + 1)]
    assert [s for s in labels if s.startswith("$\\ell_")] == \
        [f"$\\ell_{{{t}}}$" for t in range(1, steps + 1)]
    for gid in ("loss", "recurrent", "share"):
        assert len(arrows(ax, gid)) == steps, gid
    # the recurrent path runs backwards: from h_t to h_(t-1), ending at h_0
    ends = [(a.xyann[0], a.xy[0]) for a in arrows(ax, "recurrent")]
    assert all(src > dst for src, dst in ends)
    assert min(dst for _, dst in ends) == 0


def test_colours_legend_title_and_sums():
    ax = plot_backward_pass()
    assert ax.get_title() == "BPTT: two paths into every $h_t$, one sum per weight"
    for gid in ("loss", "recurrent", "share"):
        colours = {matplotlib.colors.to_hex(a.arrow_patch.get_edgecolor()) for a in arrows(ax, gid)}
        assert colours == {COLORS[gid]}, gid
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(legend) == 3
    assert legend[0].startswith("from the loss at step t")
    assert legend[1].startswith("from step t + 1, through $W_h$")
    assert "share" in legend[2]
    sums = [t for t in ax.texts if t.get_gid() == "sums"]
    assert len(sums) == 1
    for term in ("dW_x = \\sum_t x_t^\\top da_t", "dW_h = \\sum_t h_{t-1}^\\top da_t",
                 "db = \\sum_t da_t"):
        assert term in sums[0].get_text()
    shares = [s for s in texts(ax) if s.startswith("$x_{")]
    assert shares[2] == "$x_{3}^\\top da_{3}$\n$h_{2}^\\top da_{3}$\n$da_{3}$"


def test_draws_into_a_given_axes_with_a_given_title():
    fig, ax = plt.subplots()
    assert plot_backward_pass(3, ax=ax, title="backward") is ax
    assert ax.get_title() == "backward"


def test_numpy_integer_steps():
    ax = plot_backward_pass(np.int64(3))
    assert len(arrows(ax, "loss")) == 3


@pytest.mark.parametrize("steps", [1, 0, -2, 7])
def test_steps_out_of_range_is_a_value_error(steps):
    with pytest.raises(ValueError, match=rf"steps must be an integer from 2 to 6, but got "
                                         rf"{steps}: the picture needs two steps"):
        plot_backward_pass(steps)


@pytest.mark.parametrize("bad", [4.0, "4", True, None])
def test_non_integer_steps_is_a_type_error(bad):
    with pytest.raises(TypeError, match=rf"steps must be an integer from 2 to 6, but got "
                                        rf"{type(bad).__name__} "):
        plot_backward_pass(bad)


def test_ax_must_be_an_axes():
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(TypeError, match=r"ax must be a matplotlib Axes or None, but got ndarray\."):
        plot_backward_pass(ax=axes)
