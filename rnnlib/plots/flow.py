"""How information flows through a feed-forward network and through a recurrent one.

`plot_information_flow` draws one network as layers of units, input on the left,
output on the right, every unit joined to every unit of the next layer. In the
feed-forward network that is all: information goes one way, and no unit is passed
twice. The recurrent network adds one loop, from its hidden layer back to itself,
which carries the hidden state of this step into the next one. `plot_information_flows`
draws the two side by side: the two figures the article promises in its section 7
(如下两图) but does not show. matplotlib is imported on first use.
"""
from numbers import Integral

from .._checks import check_axes
from .._optional import require

KINDS = {"feed_forward": "Feed-forward network: one way through",
         "recurrent": "Recurrent network: the hidden layer loops back"}

_LAYERS = (("input", "x", "#fdebd0", "#e67e22"),     # name, letter, face, edge colours
           ("hidden", "h", "#dbe9f6", "#1f77b4"),    # as in rnnlib.plots.diagrams
           ("output", "y", "#d5f5e3", "#1e8449"))


def _check(kind, sizes, ax):
    """Validate the arguments of `plot_information_flow`; return the sizes as ints."""
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(map(repr, KINDS))}, "
                         f"but got {kind!r}.")
    if not isinstance(sizes, (tuple, list)) or len(sizes) != 3:
        raise ValueError(f"sizes must be a tuple of 3 layer sizes (input, hidden, output), "
                         f"but got {sizes!r}.")
    for (name, *_), size in zip(_LAYERS, sizes):
        if isinstance(size, bool) or not isinstance(size, Integral) or not 1 <= size <= 6:
            raise ValueError(f"sizes must hold integers from 1 to 6, but the {name} "
                             f"layer's size is {size!r}.")
    check_axes("ax", ax)
    return tuple(int(s) for s in sizes)


def _units(n):
    """Heights of `n` units of one layer, centred on 0, one unit apart."""
    return [i - (n - 1) / 2 for i in range(n)]


def plot_information_flow(kind, sizes=(3, 4, 2), ax=None, title=None):
    """Draw a small network as layers of units joined by arrows, input to output.

    Parameters
    ----------
    kind : {"feed_forward", "recurrent"}
        "recurrent" adds the loop from the hidden layer back to itself: the hidden
        state h_{t-1} of the previous step enters the hidden layer with the input x_t.
    sizes : tuple of 3 int
        Units in the input, hidden and output layers, each from 1 to 6.
    ax : matplotlib Axes or None
        Where to draw; None makes a new figure.
    title : str or None
        Axes title; None uses ``KINDS[kind]``.

    Returns
    -------
    matplotlib.axes.Axes
        The units are the Axes' Circle patches (``gid`` "input", "hidden" or
        "output"); the loop, if any, is the patch with ``gid`` "loop".
    """
    sizes = _check(kind, sizes, ax)
    plt = require("matplotlib.pyplot", "plot")
    patches = require("matplotlib.patches", "plot")
    if ax is None:
        ax = plt.subplots(figsize=(4.6, 4), layout="constrained")[1]
    radius, gap = 0.22, 1.7                       # unit size; distance between layers
    low = min(_units(max(sizes)))                 # the lowest unit of the largest layer
    layers = []
    for col, ((name, letter, face, edge), n) in enumerate(zip(_LAYERS, sizes)):
        ys = _units(n)
        for y in ys:
            ax.add_patch(patches.Circle((gap * col, y), radius, facecolor=face, edgecolor=edge,
                                        linewidth=1.5, gid=name, zorder=3))
        step = "_t" if kind == "recurrent" else ""
        ax.text(gap * col, low - 0.45, f"{name}\n${letter}{step}$", ha="center", va="top",
                fontsize=10, color=edge)
        layers.append(ys)
    for col, (left, right) in enumerate(zip(layers, layers[1:])):   # every unit to every unit
        for y0 in left:
            for y1 in right:
                ax.annotate("", (gap * (col + 1) - radius, y1), (gap * col + radius, y0),
                            arrowprops=dict(arrowstyle="->", color="grey", linewidth=0.7),
                            zorder=1)
    top = -low + 1.9                              # room for the loop, in both kinds alike
    if kind == "recurrent":
        _loop(ax, patches, gap, min(layers[1]) - radius - 0.1, max(layers[1]) + radius + 0.1)
    bottom = low - 1.45
    ax.annotate("", (2 * gap + 0.3, bottom), (-0.3, bottom),
                arrowprops=dict(arrowstyle="-|>", color="black", linewidth=1.2))
    ax.text(gap, bottom - 0.12, "information flows this way", ha="center", va="top",
            fontsize=9)
    ax.set(xlim=(-0.55, 2 * gap + 0.55), ylim=(bottom - 0.5, top), aspect="equal")
    ax.set_title(KINDS[kind] if title is None else title, fontsize=11)
    ax.axis("off")
    return ax


def _loop(ax, patches, x, low, high):
    """Box the hidden layer (at `x`, from `low` to `high`) and loop an arrow back into it."""
    blue = _LAYERS[1][3]
    ax.add_patch(patches.FancyBboxPatch(
        (x - 0.32, low), 0.64, high - low, boxstyle="round,pad=0,rounding_size=0.15",
        facecolor="none", edgecolor=blue, linestyle="--", linewidth=1, zorder=2))
    up = high + 0.55                              # up from the right, over, down on the left
    path = require("matplotlib.path", "plot").Path(
        [(x + 0.3, high - 0.1), (x + 0.3, up), (x - 0.3, up), (x - 0.3, high - 0.08)])
    ax.add_patch(patches.FancyArrowPatch(path=path, arrowstyle="-|>", mutation_scale=16,
                                         color=blue, linewidth=2, gid="loop", zorder=2))
    ax.text(x, up + 0.15, "$h_{t-1}$, the hidden state of\nthe previous step, comes back",
            ha="center", va="bottom", fontsize=9, color=blue)


def plot_information_flows(sizes=(3, 4, 2), figsize=(9, 4.4)):
    """Draw the feed-forward and the recurrent network side by side.

    Parameters
    ----------
    sizes : tuple of 3 int
        Units in the input, hidden and output layers of both networks.
    figsize : tuple of float
        Size of the figure in inches.

    Returns
    -------
    dict of str to matplotlib.axes.Axes
        The Axes of each kind, "feed_forward" and "recurrent".
    """
    for kind in KINDS:
        _check(kind, sizes, None)
    plt = require("matplotlib.pyplot", "plot")
    fig, axes = plt.subplots(1, 2, figsize=figsize, layout="constrained")
    fig.suptitle("How information flows: units in layers, arrows from unit to unit",
                 fontsize=12)
    return {kind: plot_information_flow(kind, sizes, ax=ax) for kind, ax in zip(KINDS, axes)}
