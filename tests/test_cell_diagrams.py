"""rnnlib.plots.cell_diagrams: both cells draw, every gate of CELLS is drawn and
highlighted with its equation, and bad arguments get clear errors."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from rnnlib.cells import CELLS  # noqa: E402
from rnnlib.plots.cell_diagrams import (DRAWINGS, GREY_FACE, plot_cell,  # noqa: E402
                                         plot_cell_gates)

KINDS = ["lstm", "gru"]

#: the gate equations in the chapter's symbols (chapter 10, rnnlib/lstm.py, rnnlib/gru.py)
EQUATIONS = {
    ("lstm", "i"): r"$i_t = \sigma(z_i)$",
    ("lstm", "f"): r"$f_t = \sigma(z_f)$",
    ("lstm", "c"): r"$g_t = \tanh(z_c)$",
    ("lstm", "o"): r"$o_t = \sigma(z_o)$",
    ("gru", "z"): r"$z_t = \sigma(x_z + h_z)$",
    ("gru", "r"): r"$r_t = \sigma(x_r + h_r)$",
    ("gru", "h"): r"$n_t = \tanh(x_h + r_t \odot h_h)$",
}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def equation(ax):
    """The text written under the drawing."""
    [text] = [t for t in ax.texts if t.get_gid() == "equation"]
    return text.get_text()


def gate_boxes(ax):
    """{gate name: its box patch}."""
    return {p.get_gid().split(":", 1)[1]: p for p in ax.patches
            if (p.get_gid() or "").startswith("gate:")}


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_draws_every_gate_of_cells(kind):
    ax = plot_cell(kind)
    assert isinstance(ax, Axes)
    ax.figure.canvas.draw()
    assert list(gate_boxes(ax)) == list(CELLS[kind].gates)       # all of them, Keras's order
    assert set(DRAWINGS[kind]["gates"]) == set(CELLS[kind].gates)  # the drawing knows no other


def test_whole_cells_show_their_state_equations():
    assert equation(plot_cell("lstm")) == ("$c_t = f_t \\odot c_{t-1} + i_t \\odot g_t$\n"
                                           "$h_t = o_t \\odot \\tanh(c_t)$")
    assert equation(plot_cell("gru")) == "$h_t = z_t \\odot h_{t-1} + (1 - z_t) \\odot n_t$"


@pytest.mark.parametrize("kind, gate", list(EQUATIONS))
def test_highlighted_gate_has_its_equation_and_the_others_are_grey(kind, gate):
    ax = plot_cell(kind, highlight=gate)
    assert equation(ax).split("\n")[0] == EQUATIONS[kind, gate]
    words, symbol = DRAWINGS[kind]["gates"][gate][:2]
    assert ax.get_title().startswith(f"{words} ${symbol}$")
    for name, box in gate_boxes(ax).items():
        grey = matplotlib.colors.same_color(box.get_facecolor(), GREY_FACE)
        assert grey == (name != gate), name


@pytest.mark.parametrize("kind", KINDS)
def test_gate_grid_is_the_whole_cell_then_each_gate_in_keras_order(kind):
    axes = plot_cell_gates(kind)
    assert len(axes) == 1 + CELLS[kind].G
    assert axes[0].get_title() == DRAWINGS[kind]["cell"][0]
    for ax, gate in zip(axes[1:], CELLS[kind].gates):
        assert equation(ax).split("\n")[0] == EQUATIONS[kind, gate]
    assert len({ax.get_figure(root=True) for ax in axes}) == 1
    axes[0].figure.canvas.draw()


def test_draws_into_a_given_axes():
    fig, ax = plt.subplots()
    assert plot_cell("gru", highlight="r", ax=ax) is ax


@pytest.mark.parametrize("kind", ["rnn", "simple_rnn", "LSTM", 4, None])
def test_bad_kind_names_the_argument_and_the_choices(kind):
    with pytest.raises(ValueError, match=rf"kind must be one of \['gru', 'lstm'\], "
                                         rf"but got {kind!r}\."):
        plot_cell(kind)
    with pytest.raises(ValueError, match=r"kind must be one of"):
        plot_cell_gates(kind)


@pytest.mark.parametrize("kind, highlight, hint", [
    ("lstm", "g", "The candidate g_t is Keras's block 'c'."),
    ("lstm", "z", ""),
    ("gru", "n", "The candidate n_t is Keras's block 'h'."),
    ("gru", 1, ""),
])
def test_bad_highlight_names_the_gates_in_keras_order(kind, highlight, hint):
    gates = ", ".join(map(repr, CELLS[kind].gates))
    with pytest.raises(ValueError) as info:
        plot_cell(kind, highlight=highlight)
    message = str(info.value)
    assert message.startswith(f"highlight must be None or one of the {kind} gates {gates} "
                              f"(Keras's order), but got {highlight!r}.")
    assert hint in message


def test_ax_must_be_an_axes():
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes or None, but got str"):
        plot_cell("lstm", ax="left")
