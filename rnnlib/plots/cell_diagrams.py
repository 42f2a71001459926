"""The LSTM and GRU cells drawn as boxes and wires, and each gate highlighted in turn.

In the manner of Christopher Olah's "Understanding LSTM Networks" (2015), drawn here
from scratch: the state lines run left to right through the cell, the inputs x_t and
h_{t-1} join on a bus along the bottom, each gate is a box (sigma or tanh: a dense
layer of H units reading the bus), each element-wise operation a circle. A gate
highlighted keeps its colour and its wires; the rest of the cell turns grey, and the
gate's equation is written under the drawing.

The gates, their names and their order come from ``rnnlib.cells.CELLS``; this module
only says where each gate sits in the drawing. The equations use the chapter's symbols
(chapter 10): for the LSTM [z_i z_f z_c z_o] = x_t Wx + h_{t-1} Wh + b, and the
candidate g_t is Keras's block "c"; for the GRU (reset_after=True)
[x_z x_r x_h] = x_t Wx + b_in and [h_z h_r h_h] = h_{t-1} Wh + b_rec, and the candidate
n_t is Keras's block "h".

matplotlib is imported on first use, never by ``import rnnlib``.
"""
from .._checks import check_axes, check_choice
from .._optional import require
from ..cells import CELLS

BOX_W, BOX_H, RADIUS = 1.2, 0.66, 0.3        # gate boxes and operation circles, data units
GREY, GREY_FACE, INK = "#c4c4c4", "#f4f4f4", "#222222"
OP_FACE, OP_EDGE = "#fde2e4", "#b03a48"      # the element-wise operations (colah's pink)
ANY = "*"                                    # a role every highlight keeps: the inputs

#: What is drawn for each kind, and where. Per gate (keyed by the names in
#: ``CELLS[kind].gates``): its name in words, its symbol, the activation on its box,
#: the box centre, its colour, and the equation lines written under the panel.
#: "cell" holds the title and equations of the whole cell, "key" what the symbols mean.
DRAWINGS = {
    "lstm": {
        "gates": {
            "i": ("input gate", "i_t", r"$\sigma$", (3.55, 2.3), "#1e8449",
                  [r"$i_t = \sigma(z_i)$", r"how much of $g_t$ to write into $c_t$"]),
            "f": ("forget gate", "f_t", r"$\sigma$", (1.95, 2.3), "#c0392b",
                  [r"$f_t = \sigma(z_f)$", r"how much of $c_{t-1}$ to keep"]),
            "c": ("candidate", "g_t", r"$\tanh$", (5.15, 2.3), "#d35400",
                  [r"$g_t = \tanh(z_c)$", r"the value that could be written"]),
            "o": ("output gate", "o_t", r"$\sigma$", (6.75, 2.3), "#7d3c98",
                  [r"$o_t = \sigma(z_o)$", r"$h_t = o_t \odot \tanh(c_t)$"]),
        },
        "cell": ("LSTM cell", [r"$c_t = f_t \odot c_{t-1} + i_t \odot g_t$",
                               r"$h_t = o_t \odot \tanh(c_t)$"]),
        "inputs": r"$[z_i\ z_f\ z_c\ z_o] = x_t W_x + h_{t-1} W_h + b$",
    },
    "gru": {
        "gates": {
            "z": ("update gate", "z_t", r"$\sigma$", (2.3, 2.3), "#1f618d",
                  [r"$z_t = \sigma(x_z + h_z)$",
                   r"$h_t = z_t \odot h_{t-1} + (1 - z_t) \odot n_t$"]),
            "r": ("reset gate", "r_t", r"$\sigma$", (3.9, 2.3), "#c0392b",
                  [r"$r_t = \sigma(x_r + h_r)$", r"scales $h_h$, the recurrent part of $n_t$"]),
            "h": ("candidate", "n_t", r"$\tanh$", (7.3, 3.4), "#d35400",
                  [r"$n_t = \tanh(x_h + r_t \odot h_h)$",
                   r"the value that could replace $h_{t-1}$"]),
        },
        "cell": ("GRU cell (reset_after=True)",
                 [r"$h_t = z_t \odot h_{t-1} + (1 - z_t) \odot n_t$"]),
        "inputs": (r"$[x_z\ x_r\ x_h] = x_t W_x + b_{in}$,   "
                   r"$[h_z\ h_r\ h_h] = h_{t-1} W_h + b_{rec}$"),
    },
}

#: What the shapes mean: lines for a spare panel, and two lines for under the grid.
KEY_TITLE = "How to read it"
KEY_PANEL = [r"box: H units, each applying $\sigma$ (0 to 1)",
             r"or $\tanh$ ($-1$ to 1) to its block of the",
             r"weighted sums in the figure's title",
             r"circle: element by element, one number per",
             r"unit: $\times$ product, $+$ sum, $1-$ one minus",
             r"wires merging: vectors placed side by side",
             r"a wire splitting: the same vector copied"]
KEY_FOOTER = [r"box: H units, each applying $\sigma$ (0 to 1) or $\tanh$ ($-1$ to 1) to its "
              r"block of the weighted sums in the title",
              r"circle: element by element ($\times$ product, $+$ sum, $1-$ one minus);   "
              r"wires merging: side by side;   a wire splitting: copied"]


def _check(kind, highlight, ax):
    """Validate the arguments of `plot_cell`; return the kind's `Cell`."""
    check_choice("kind", kind, DRAWINGS)
    gates = CELLS[kind].gates
    if highlight is not None and (not isinstance(highlight, str) or highlight not in gates):
        hint = (" The candidate g_t is Keras's block 'c'." if kind == "lstm" else
                " The candidate n_t is Keras's block 'h'.")
        raise ValueError(f"highlight must be None or one of the {kind} gates "
                         f"{', '.join(map(repr, gates))} (Keras's order), but got "
                         f"{highlight!r}.{hint}")
    check_axes("ax", ax)
    return CELLS[kind]


# ---------------------------------------------------------------- the two layouts
# Each layout is a list of elements: ("wire", points, roles), ("box", gate),
# ("op", (x, y), symbol, roles) and ("label", (x, y), text, alignment). An element is
# drawn in colour when nothing is highlighted or the highlighted gate is in its roles.

def _lstm_layout():
    """The LSTM: c along the top, the bus [h_{t-1}, x_t] along the bottom."""
    g = DRAWINGS["lstm"]["gates"]
    (fx, gy), ix, cx, ox = g["f"][3], g["i"][3][0], g["c"][3][0], g["o"][3][0]
    top, bus, mul_y, hx = 5.6, 0.9, 3.95, 8.5     # state line, bus, i*g row, tanh(c) column
    lo, hi = gy - BOX_H / 2, gy + BOX_H / 2
    return [
        ("label", (-1.25, top), r"$c_{t-1}$", "right"),
        ("label", (11.25, top), r"$c_t$", "left"),
        ("label", (-1.25, bus), r"$h_{t-1}$", "right"),
        ("label", (11.25, 0.4), r"$h_t$", "left"),
        ("label", (1.0, -1.05), r"$x_t$", "top"),
        ("wire", [(-1.2, top), (fx - RADIUS, top)], {"f"}),
        ("wire", [(fx + RADIUS, top), (cx - RADIUS, top)], {"f", "i", "c"}),
        ("wire", [(cx + RADIUS, top), (11.2, top)], {"f", "i", "c", "o"}),
        ("wire", [(-1.2, bus), (ox, bus)], {ANY}, False),
        ("wire", [(1.0, -1.0), (1.0, bus)], {ANY}),
        *[("wire", [(x, bus), (x, lo)], {name}) for name, x in
          (("f", fx), ("i", ix), ("c", cx), ("o", ox))],
        ("wire", [(fx, hi), (fx, top - RADIUS)], {"f"}),
        ("wire", [(ix, hi), (ix, mul_y), (cx - RADIUS, mul_y)], {"i"}),
        ("wire", [(cx, hi), (cx, mul_y - RADIUS)], {"c"}),
        ("wire", [(cx, mul_y + RADIUS), (cx, top - RADIUS)], {"i", "c"}),
        ("wire", [(hx, top), (hx, 4.55 + 0.26)], {"o"}),
        ("wire", [(hx, 4.55 - 0.26), (hx, 3.2 + RADIUS)], {"o"}),
        ("wire", [(ox, hi), (ox, 3.2), (hx - RADIUS, 3.2)], {"o"}),
        ("wire", [(hx, 3.2 - RADIUS), (hx, 0.4), (11.2, 0.4)], {"o"}),
        *[("box", name) for name in CELLS["lstm"].gates],
        ("op", (fx, top), r"$\times$", {"f"}),
        ("op", (cx, top), r"$+$", {"f", "i", "c"}),
        ("op", (cx, mul_y), r"$\times$", {"i", "c"}),
        ("op", (hx, 3.2), r"$\times$", {"o"}),
        ("tanh", (hx, 4.55), {"o"}),
    ]


def _gru_layout():
    """The GRU: h along the top, the bus [h_{t-1}, x_t] along the bottom."""
    g = DRAWINGS["gru"]["gates"]
    (zx, gy), rx, (nx, ny) = g["z"][3], g["r"][3][0], g["h"][3]
    top, bus, z_y, rst_x = 5.6, 0.9, 4.6, 5.5    # state line, bus, z's row, r * h_h column
    keep_x, minus_x = 4.8, 6.05                    # z * h_{t-1} and 1 - z
    lo, hi = gy - BOX_H / 2, gy + BOX_H / 2
    return [
        ("label", (-1.25, top), r"$h_{t-1}$", "right"),
        ("label", (11.25, top), r"$h_t$", "left"),
        ("label", (1.2, -1.05), r"$x_t$", "top"),
        ("wire", [(-1.2, top), (0.5, top)], {ANY}, False),
        ("wire", [(0.5, top), (keep_x - RADIUS, top)], {"z"}),
        ("wire", [(keep_x + RADIUS, top), (nx - RADIUS, top)], {"z"}),
        ("wire", [(nx + RADIUS, top), (11.2, top)], {"z", "h"}),
        ("wire", [(0.5, top), (0.5, bus), (nx, bus)], {ANY}, False),
        ("wire", [(1.2, -1.0), (1.2, bus)], {ANY}),
        ("wire", [(zx, bus), (zx, lo)], {"z"}),
        ("wire", [(rx, bus), (rx, lo)], {"r"}),
        ("wire", [(rst_x, bus), (rst_x, gy - RADIUS)], {"r", "h"}),
        ("label", (rst_x + 0.12, 1.45), r"$h_h$", "left"),
        ("wire", [(nx, bus), (nx, ny - BOX_H / 2)], {"h"}),
        ("label", (nx + 0.12, 1.45), r"$x_h$", "left"),
        ("wire", [(rx + BOX_W / 2, gy), (rst_x - RADIUS, gy)], {"r"}),
        ("wire", [(rst_x, gy + RADIUS), (rst_x, ny), (nx - BOX_W / 2, ny)], {"r", "h"}),
        ("wire", [(zx, hi), (zx, z_y), (minus_x - 0.475, z_y)], {"z"}),
        ("wire", [(keep_x, z_y), (keep_x, top - RADIUS)], {"z"}),
        ("wire", [(minus_x + 0.475, z_y), (nx - RADIUS, z_y)], {"z"}),
        ("wire", [(nx, ny + BOX_H / 2), (nx, z_y - RADIUS)], {"h"}),
        ("wire", [(nx, z_y + RADIUS), (nx, top - RADIUS)], {"z", "h"}),
        *[("box", name) for name in CELLS["gru"].gates],
        ("op", (keep_x, top), r"$\times$", {"z"}),
        ("op", (nx, top), r"$+$", {"z", "h"}),
        ("op", (rst_x, gy), r"$\times$", {"r", "h"}),
        ("op", (minus_x, z_y), r"$1-$", {"z"}, 0.95),
        ("op", (nx, z_y), r"$\times$", {"z", "h"}),
    ]


_LAYOUTS = {"lstm": _lstm_layout, "gru": _gru_layout}


# ---------------------------------------------------------------- drawing
def _wire(ax, points, colour, width, arrow=True):
    """A polyline, with an arrow head at its last point if `arrow`."""
    patches = require("matplotlib.patches", "plot")
    xs, ys = zip(*points)
    ax.plot(xs, ys, color=colour, linewidth=width, solid_capstyle="butt", zorder=1)
    if not arrow:
        return
    ax.add_patch(patches.FancyArrowPatch(points[-2], points[-1], arrowstyle="-|>",
                                         mutation_scale=11, color=colour, linewidth=width,
                                         shrinkA=0, shrinkB=0, zorder=2))


def _circle(ax, xy, text, active, gid, width=2 * RADIUS, height=2 * RADIUS, size=13):
    """An element-wise operation: a circle (or an ellipse) with its symbol."""
    patches = require("matplotlib.patches", "plot")
    ax.add_patch(patches.Ellipse(xy, width, height, facecolor=OP_FACE if active else GREY_FACE,
                                 edgecolor=OP_EDGE if active else GREY, linewidth=1.4,
                                 zorder=3, gid=gid))
    ax.text(*xy, text, ha="center", va="center", fontsize=size, zorder=4,
            color=INK if active else GREY)


def _gate_box(ax, kind, name, active, highlighted):
    """The box of gate `name`: its activation inside, its symbol beside it."""
    patches = require("matplotlib.patches", "plot")
    _, symbol, activation, (x, y), colour, _ = DRAWINGS[kind]["gates"][name]
    ax.add_patch(patches.FancyBboxPatch(
        (x - BOX_W / 2, y - BOX_H / 2), BOX_W, BOX_H, boxstyle="round,pad=0,rounding_size=0.12",
        facecolor=colour if active else GREY_FACE, edgecolor=colour if active else GREY,
        linewidth=3 if highlighted else 1.4, zorder=3, gid=f"gate:{name}"))
    ax.text(x, y, activation, ha="center", va="center", zorder=4,
            fontsize=13 if activation == r"$\sigma$" else 10,
            color="white" if active else GREY)
    ax.text(x + BOX_W / 2 + 0.06, y - BOX_H / 2 - 0.05, f"${symbol}$", ha="left", va="top",
            fontsize=12, zorder=4, color=colour if active else GREY,
            fontweight="bold" if highlighted else "normal")


def plot_cell(kind, highlight=None, ax=None):
    """Draw an LSTM or GRU cell, with one gate highlighted or none.

    Parameters
    ----------
    kind : {"lstm", "gru"}
        The cell; its gates are ``rnnlib.cells.CELLS[kind].gates``, in Keras's order
        (LSTM i, f, c, o; GRU z, r, h).
    highlight : str or None
        A gate name from ``CELLS[kind].gates``: that gate and its wires keep their
        colour, the rest of the cell is grey, and the gate's equation is written
        under the drawing. None draws the whole cell with its state equations.
    ax : matplotlib Axes or None
        Where to draw; None makes a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The title names the panel; the equation under the drawing is the Text whose
        gid is "equation".
    """
    _check(kind, highlight, ax)
    plt = require("matplotlib.pyplot", "plot")
    if ax is None:
        ax = plt.subplots(figsize=(6.4, 4.6), layout="constrained")[1]
    drawing = DRAWINGS[kind]

    def on(roles):
        return highlight is None or ANY in roles or highlight in roles

    def wire_style(roles):
        if highlight is None or ANY in roles:
            return INK, 1.6
        if highlight in roles:
            return drawing["gates"][highlight][4], 2.6
        return GREY, 1.3

    for element in _LAYOUTS[kind]():
        what = element[0]
        if what == "wire":
            _wire(ax, element[1], *wire_style(element[2]), *element[3:])
        elif what == "box":
            _gate_box(ax, kind, element[1], on({element[1]}), element[1] == highlight)
        elif what == "op":
            width = element[4] if len(element) > 4 else 2 * RADIUS
            _circle(ax, element[1], element[2], on(element[3]), gid=f"op:{element[2]}",
                    width=width, size=13 if width == 2 * RADIUS else 11)
        elif what == "tanh":
            _circle(ax, element[1], r"$\tanh$", on(element[2]), gid="op:tanh",
                    width=1.4, height=0.56, size=10)
        else:                                             # a label outside the cell
            (x, y), text, align = element[1], element[2], element[3]
            ha = align if align in ("left", "right") else "center"
            va = "top" if align == "top" else "center"
            ax.text(x, y, text, ha=ha, va=va, fontsize=14, color=INK)
    patches = require("matplotlib.patches", "plot")
    ax.add_patch(patches.FancyBboxPatch((0, 0), 10, 6.5, boxstyle="round,pad=0,rounding_size=0.4",
                                        facecolor="#f7f9fb", edgecolor="#9aa5b1",
                                        linewidth=1.2, zorder=0))
    if highlight is None:
        title, lines = drawing["cell"]
    else:
        words, symbol, *_, lines = drawing["gates"][highlight]
        block = "" if words.startswith(("input", "forget", "output", "update", "reset")) \
            else f", Keras's block {highlight}"
        title = f"{words} ${symbol}${block}"
    ax.text(5, -1.75, "\n".join(lines), ha="center", va="top", fontsize=13, color=INK,
            linespacing=1.6, gid="equation")
    ax.set_title(title, fontsize=14)
    ax.set(xlim=(-2.6, 12.6), ylim=(-3.9, 6.9), aspect="equal")
    ax.axis("off")
    return ax


def plot_cell_gates(kind, figsize=None):
    """The whole cell, then one panel per gate highlighted, in Keras's order.

    Parameters
    ----------
    kind : {"lstm", "gru"}
    figsize : tuple of float or None
        Size of the figure in inches; None picks one for two panels a row.

    Returns
    -------
    list of matplotlib Axes
        The whole cell first, then one per gate of ``CELLS[kind].gates``.
    """
    cell = _check(kind, None, None)
    plt = require("matplotlib.pyplot", "plot")
    panels = [None, *cell.gates]
    rows = -(-len(panels) // 2)
    fig, grid = plt.subplots(rows, 2, figsize=figsize or (9.6, 3.55 * rows + 0.9),
                             layout="constrained", squeeze=False)
    axes = [plot_cell(kind, highlight=name, ax=ax) for name, ax in zip(panels, grid.flat)]
    spare = grid.flat[len(panels):]
    for ax in spare:
        ax.axis("off")
    order = ", ".join(cell.gates)
    fig.suptitle(f"The {kind.upper()} cell, gate by gate (Keras's order {order})\n"
                 + DRAWINGS[kind]["inputs"], fontsize=14)
    if len(spare):                        # the key fills the empty panel
        spare[0].set_title(KEY_TITLE, fontsize=14)
        spare[0].text(0.02, 0.9, "\n".join(KEY_PANEL), ha="left", va="top", fontsize=12.5,
                      linespacing=1.7, color=INK, transform=spare[0].transAxes)
    else:                                 # or goes under the grid
        fig.supxlabel(f"{KEY_TITLE}: " + "\n".join(KEY_FOOTER), fontsize=11,
                      linespacing=1.6, color=INK)
    return axes
