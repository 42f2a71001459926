"""Diagrams of the RNN architectures: one-to-one, one-to-many, many-to-one and
the two many-to-many shapes (synced, and encoder-decoder); and `plot_unrolled`,
a tanh RNN unrolled over time.

Each diagram has one column per time step: inputs x_t at the bottom, hidden
states in the middle, outputs y_t at the top; arrows are the data flow. Dashed
arrows show a generator feeding its previous output back in as the next input;
the decoder of the encoder-decoder reads a start token at its first step.
matplotlib is imported on first use, never by ``import rnnlib``.
"""
from numbers import Integral

from .._checks import check_axes
from .._optional import require

#: kind -> (allowed n_in, allowed n_out, default n_in, default n_out, title)
ARCHITECTURES = {
    "one_to_one": ((1, 1), (1, 1), 1, 1, "one-to-one"),
    "one_to_many": ((1, 1), (2, 6), 1, 3, "one-to-many"),
    "many_to_one": ((2, 6), (1, 1), 3, 1, "many-to-one"),
    "many_to_many": ((2, 6), (2, 6), 3, 3, "many-to-many (synced)"),
    "encoder_decoder": ((2, 6), (2, 6), 3, 2, "many-to-many (encoder-decoder)"),
}

_STYLE = {  # facecolor, edgecolor of the box around each kind of node
    "x": ("#fdebd0", "#e67e22"),   # input, orange as in plot_unrolled
    "h": ("#dbe9f6", "#1f77b4"),   # hidden state, blue
    "s": ("#e8daef", "#8e44ad"),   # decoder state, purple
    "y": ("#d5f5e3", "#1e8449"),   # output, green
}


def _length(name, value, allowed, kind):
    """Validate a sequence length `value` against the range `allowed` of `kind`."""
    low, high = allowed
    expected = f"{low}" if low == high else f"an integer from {low} to {high}"
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be {expected} for kind={kind!r}, but got "
                        f"{type(value).__name__} {value!r}.")
    if not low <= value <= high:
        side = "input" if name == "n_in" else "output"
        many = "one " + side if high == 1 else f"many {side}s"
        raise ValueError(f"{name} must be {expected} for kind={kind!r} ({many}), "
                         f"but got {value}.")
    return int(value)


def _check(kind, n_in, n_out, ax):
    """Return the validated (n_in, n_out) for `kind`; raise on any bad argument."""
    if not isinstance(kind, str) or kind not in ARCHITECTURES:
        raise ValueError(f"kind must be one of {', '.join(map(repr, ARCHITECTURES))}, "
                         f"but got {kind!r}.")
    in_range, out_range, in_default, out_default, _ = ARCHITECTURES[kind]
    n_in = _length("n_in", in_default if n_in is None else n_in, in_range, kind)
    n_out = _length("n_out", out_default if n_out is None else n_out, out_range, kind)
    if kind == "many_to_many" and n_in != n_out:
        raise ValueError(f"n_in and n_out must be equal for kind='many_to_many' (one "
                         f"output per input), but got n_in={n_in} and n_out={n_out}. "
                         f"Use kind='encoder_decoder' for lengths that differ.")
    check_axes("ax", ax)
    return n_in, n_out


def _columns(kind, n_in, n_out):
    """Number of time-step columns in the diagram of `kind`."""
    return n_in + n_out if kind == "encoder_decoder" else max(n_in, n_out)


def _node(ax, col, row, label, style):
    """Draw one labelled box at (col, row); return its Text artist."""
    face, edge = _STYLE[style]
    return ax.text(col, row, label, ha="center", va="center", fontsize=12,
                   bbox=dict(boxstyle="round,pad=0.35", facecolor=face, edgecolor=edge))


def _arrow(ax, src, dst, **style):
    """An arrow from box `src` to box `dst`, clipped at the edges of both boxes."""
    props = dict(arrowstyle="->", color="black", linewidth=1.2, shrinkA=2, shrinkB=2,
                 patchA=src.get_bbox_patch(), patchB=dst.get_bbox_patch())
    props.update(style)
    ax.annotate("", dst.get_position(), src.get_position(), arrowprops=props)


def plot_architecture(kind, n_in=None, n_out=None, ax=None, title=None):
    """Draw one RNN architecture as boxes and arrows, one column per time step.

    Parameters
    ----------
    kind : {"one_to_one", "one_to_many", "many_to_one", "many_to_many", "encoder_decoder"}
        The shape of the mapping. "many_to_many" is the synced form (one output per
        input, at the same step); "encoder_decoder" reads all ``n_in`` inputs first,
        then writes ``n_out`` outputs, so the two lengths may differ. Its decoder
        reads an input at every step too: a start token ``<start>`` at the first,
        then its previous output (the previous target word, in training).
    n_in, n_out : int or None
        Number of inputs and outputs drawn: 1 on a "one" side, 2 to 6 on a "many"
        side; None takes the default of `kind` (see ``ARCHITECTURES``).
    ax : matplotlib Axes or None
        Where to draw; None makes a new figure.
    title : str or None
        Axes title; None uses the name of the architecture.

    Returns
    -------
    matplotlib.axes.Axes
    """
    n_in, n_out = _check(kind, n_in, n_out, ax)
    plt = require("matplotlib.pyplot", "plot")
    encdec = kind == "encoder_decoder"
    n_cols = _columns(kind, n_in, n_out)
    if ax is None:
        ax = plt.subplots(figsize=(1.1 * n_cols + 0.6, 3.2), layout="constrained")[1]
    single = kind == "one_to_one"

    def sub(letter, t):
        return f"${letter}$" if single else f"${letter}_{{{t}}}$"

    hidden = []
    for c in range(n_cols):
        if encdec and c >= n_in:
            hidden.append(_node(ax, c, 1, sub("s", c - n_in + 1), "s"))
        else:
            hidden.append(_node(ax, c, 1, sub("h", c + 1), "h"))
    for a, b in zip(hidden, hidden[1:]):
        _arrow(ax, a, b)
    in_cols = range(n_in)
    out_cols = range(n_in, n_cols) if encdec else range(n_cols - n_out, n_cols)
    for t, c in enumerate(in_cols, start=1):
        _arrow(ax, _node(ax, c, 0, sub("x", t), "x"), hidden[c])
    outputs = [_node(ax, c, 2, sub("y", t), "y") for t, c in enumerate(out_cols, start=1)]
    for c, y in zip(out_cols, outputs):
        _arrow(ax, hidden[c], y)
    if kind == "one_to_many":        # a generator reads its own output at the next step
        for c, y in zip(out_cols, outputs[:-1]):
            _arrow(ax, y, hidden[c + 1], color="gray", linestyle="--", linewidth=1)
    if encdec:                       # the decoder reads a start token, then y_1, y_2, ...
        for t, c in enumerate(out_cols):
            fed = _node(ax, c, 0, "<start>" if t == 0 else sub("y", t), "x")
            _arrow(ax, fed, hidden[c])
            if t > 0:                # its previous output, fed back in
                _arrow(ax, outputs[t - 1], fed, color="gray", linestyle="--", linewidth=1,
                       connectionstyle="arc3,rad=-0.15")
    if encdec:
        ax.text((n_in - 1) / 2, -0.55, "encoder: reads", ha="center", fontsize=9,
                color=_STYLE["h"][1])
        ax.text(n_in + (n_out - 1) / 2, -0.55, "decoder: writes", ha="center",
                fontsize=9, color=_STYLE["s"][1])
        ax.text(n_in - 0.5, 1.22, "context", ha="center", fontsize=8, color="dimgray")
    ax.set(xlim=(-0.6, n_cols - 0.4), ylim=(-0.8, 2.45))
    ax.set_title(ARCHITECTURES[kind][4] if title is None else title, fontsize=11)
    ax.axis("off")
    return ax


def plot_architectures(examples=None, figsize=(10, 6.6)):
    """Draw all five architectures in one figure, three on top and two below.

    Parameters
    ----------
    examples : dict or None
        Optional ``{kind: "e.g. ..."}``; each text becomes a second title line.
    figsize : tuple of float
        Size of the figure in inches.

    Returns
    -------
    dict of str to matplotlib.axes.Axes
        The Axes of each kind.
    """
    examples = {} if examples is None else examples
    if not isinstance(examples, dict) or not all(isinstance(v, str) for v in examples.values()):
        raise TypeError(f"examples must be None or a dict of kind -> str, but got "
                        f"{type(examples).__name__} {examples!r}.")
    unknown = sorted(set(examples) - set(ARCHITECTURES))
    if unknown:
        raise ValueError(f"examples has keys {unknown}, but each key must be one of "
                         f"{', '.join(map(repr, ARCHITECTURES))}.")
    plt = require("matplotlib.pyplot", "plot")
    fig = plt.figure(figsize=figsize, layout="constrained")
    fig.suptitle("RNN architectures, one column per time step\n"
                 "x: input, h and s: hidden state, y: output; "
                 "dashed: the previous output fed back in", fontsize=12)
    rows = (["one_to_one", "one_to_many", "many_to_one"],
            ["many_to_many", "encoder_decoder"])
    axes = {}
    for subfig, kinds in zip(fig.subfigures(2, 1), rows):
        widths = [max(_columns(k, *ARCHITECTURES[k][2:4]), 2) + 0.3 for k in kinds]
        for kind, ax in zip(kinds, subfig.subplots(1, len(kinds), width_ratios=widths)):
            title = ARCHITECTURES[kind][4]
            if kind in examples:
                title += "\n" + examples[kind]
            axes[kind] = plot_architecture(kind, ax=ax, title=title)
    return axes


def plot_unrolled(steps=4, ax=None, title="The RNN unrolled over time"):
    """Draw the unrolled graph of a tanh RNN for `steps` time steps.

    One box per hidden state h_t, fed by the input x_t (through Wx) and by
    h_{t-1} (through Wh); the same Wx, Wh and b appear at every step.
    Returns the matplotlib Axes.
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= 8:
        raise ValueError(f"steps must be an integer from 1 to 8, but got {steps!r}.")
    plt = require("matplotlib.pyplot", "plot")
    if ax is None:
        ax = plt.subplots(figsize=(1.9 * steps + 1.5, 3))[1]
    box = dict(boxstyle="round,pad=0.35", facecolor="#dbe9f6", edgecolor="#1f77b4")
    inp = dict(boxstyle="round,pad=0.3", facecolor="#fdebd0", edgecolor="#e67e22")
    arrow = dict(arrowstyle="->", color="black", linewidth=1.2)
    ax.annotate("$h_0$", (0, 1), ha="center", va="center", fontsize=12)
    for t in range(1, steps + 1):
        x = 1.6 * t
        ax.text(x, 1, f"$h_{t}$", ha="center", va="center", fontsize=12, bbox=box)
        ax.text(x, 0, f"$x_{t}$", ha="center", va="center", fontsize=12, bbox=inp)
        ax.annotate("", (x, 0.8), (x, 0.2), arrowprops=arrow)
        ax.text(x + 0.08, 0.5, "$W_x$", fontsize=10, va="center")
        ax.annotate("", (x - 0.3, 1), (x - 1.6 + 0.3, 1), arrowprops=arrow)
        ax.text(x - 0.8, 1.12, "$W_h$", fontsize=10, ha="center")
        ax.annotate("", (x, 1.75), (x, 1.2), arrowprops=arrow)
        ax.text(x, 1.9, f"output $h_{t}$", ha="center", va="center", fontsize=9)
    ax.set(xlim=(-0.5, 1.6 * steps + 0.7), ylim=(-0.4, 2.2), title=title)
    ax.axis("off")
    return ax
