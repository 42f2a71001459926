"""The backward pass of a tanh RNN drawn on its unrolled graph (chapter 8).

`plot_backward_pass` draws the graph of `rnnlib.rnn_backward` for a few steps: the two
paths by which the gradient reaches each hidden state h_t (from the loss at step t,
and from step t + 1 through W_h), and each step's share of the weight gradients,
added up because the weights are shared. matplotlib is imported on first use, never
by ``import rnnlib``.
"""
from numbers import Integral

from .._checks import check_axes
from .._optional import require

#: colour of each path, used by the arrows and the legend
COLORS = {"loss": "#c0392b", "recurrent": "#e67e22", "share": "#1e8449"}

_BOX = {  # facecolor, edgecolor of each kind of node
    "loss": ("#fadbd8", COLORS["loss"]),
    "h": ("#dbe9f6", "#1f77b4"),
    "h0": ("#f2f2f2", "#7f7f7f"),
    "share": ("#eafaf1", COLORS["share"]),
}


def _check_steps(steps):
    """Return `steps` as an int from 2 to 6, or raise naming the argument."""
    if isinstance(steps, bool) or not isinstance(steps, Integral):
        raise TypeError(f"steps must be an integer from 2 to 6, but got "
                        f"{type(steps).__name__} {steps!r}.")
    if not 2 <= steps <= 6:
        raise ValueError(f"steps must be an integer from 2 to 6, but got {steps}: "
                         "the picture needs two steps to show the path from h_(t+1) "
                         "back to h_t, and more than six do not fit the page.")
    return int(steps)


def _node(ax, x, y, label, kind, fontsize=12):
    """Draw one labelled box centred at (x, y); return its Text artist."""
    face, edge = _BOX[kind]
    return ax.text(x, y, label, ha="center", va="center", fontsize=fontsize,
                   bbox=dict(boxstyle="round,pad=0.35", facecolor=face, edgecolor=edge))


def _arrow(ax, src, dst, gid, **style):
    """An arrow from box `src` to box `dst`, clipped at both boxes, tagged with `gid`."""
    props = dict(arrowstyle="-|>", linewidth=2, shrinkA=3, shrinkB=3, mutation_scale=14,
                 patchA=src.get_bbox_patch(), patchB=dst.get_bbox_patch())
    props.update(style)
    arrow = ax.annotate("", dst.get_position(), src.get_position(), arrowprops=props)
    arrow.set_gid(gid)
    return arrow


def plot_backward_pass(steps=4, ax=None, title=None):
    """Draw the backward pass (BPTT) of a tanh RNN unrolled over `steps` steps.

    Top row: the losses l_t; middle row: the hidden states h_0 ... h_T; bottom: each
    step's share of the weight gradients and the box where the shares are summed.
    Red arrows carry dh_t, the gradient sent to h_t by the loss at step t; orange
    arrows carry dh_(t+1 -> t) = da_(t+1) W_h^T, sent back by the next step (the last
    one, h_1 -> h_0, is the gradient on the initial state); green arrows carry each
    step's share x_t^T da_t, h_(t-1)^T da_t, da_t into the sums dW_x, dW_h, db.

    Parameters
    ----------
    steps : int from 2 to 6, the number of time steps T drawn
    ax : matplotlib Axes or None, where to draw; None makes a new figure
    title : str or None; None gives a title naming the two paths and the sums

    Returns
    -------
    matplotlib.axes.Axes
        Every arrow carries a gid: "loss" (T arrows), "recurrent" (T arrows, h_T back
        to h_0), "share" (T arrows); the legend names the three.
    """
    steps = _check_steps(steps)
    check_axes("ax", ax)
    plt = require("matplotlib.pyplot", "plot")
    Line2D = require("matplotlib.lines", "plot").Line2D
    if ax is None:
        ax = plt.subplots(figsize=(1.6 * steps + 2.2, 4.9))[1]
    gap = 2.0                                               # distance between two steps
    hidden = [_node(ax, 0, 1.0, "$h_0$", "h0")]
    for t in range(1, steps + 1):
        x = gap * t
        loss = _node(ax, x, 2.2, f"$\\ell_{{{t}}}$", "loss")
        hidden.append(_node(ax, x, 1.0, f"$h_{{{t}}}$", "h"))
        share = _node(ax, x, -0.3, f"$x_{{{t}}}^\\top da_{{{t}}}$\n"
                                   f"$h_{{{t - 1}}}^\\top da_{{{t}}}$\n$da_{{{t}}}$",
                      "share", fontsize=10)
        _arrow(ax, loss, hidden[t], "loss", color=COLORS["loss"])
        ax.text(x + 0.1, 1.62, f"$dh_{{{t}}}$", fontsize=11, color=COLORS["loss"])
        _arrow(ax, hidden[t], share, "share", color=COLORS["share"], linestyle="--",
               linewidth=1.5)
    for t in range(steps, 0, -1):                           # backwards, h_t -> h_(t-1)
        _arrow(ax, hidden[t], hidden[t - 1], "recurrent", color=COLORS["recurrent"])
        ax.text(gap * (t - 0.5), 1.2, f"$da_{{{t}}} W_h^\\top$", ha="center",
                fontsize=10, color=COLORS["recurrent"])
    total = ax.text(gap * (steps + 1) / 2, -1.55,
                    "summed over the steps, because every step uses the same weights:\n"
                    r"$dW_x = \sum_t x_t^\top da_t \quad dW_h = \sum_t h_{t-1}^\top da_t"
                    r" \quad db = \sum_t da_t$",
                    ha="center", va="center", fontsize=11, linespacing=1.6,
                    bbox=dict(boxstyle="round,pad=0.4", facecolor=_BOX["share"][0],
                              edgecolor=COLORS["share"], linewidth=1.5))
    total.set_gid("sums")
    for t in range(1, steps + 1):                           # each share into the sums
        ax.annotate("", (gap * t, -1.12), (gap * t, -0.78),
                    arrowprops=dict(arrowstyle="-|>", color=COLORS["share"], linewidth=1.5,
                                    linestyle="--", mutation_scale=12))
    ax.annotate("", (0, 2.75), (gap * steps, 2.75),
                arrowprops=dict(arrowstyle="-|>", color="dimgray", linewidth=1.2))
    ax.text(gap * steps / 2, 2.85, f"backwards, from step {steps} to step 1; at each "
            r"$h_t$ the two paths add: $da_t = (dh_t + dh_{t+1\to t}) \odot (1 - h_t^2)$",
            ha="center", va="bottom", fontsize=10, color="dimgray")
    handles = [
        Line2D([], [], color=COLORS["loss"], linewidth=2,
               label="from the loss at step t: $dh_t$"),
        Line2D([], [], color=COLORS["recurrent"], linewidth=2,
               label=r"from step t + 1, through $W_h$: $dh_{t+1\to t} = da_{t+1} W_h^\top$"),
        Line2D([], [], color=COLORS["share"], linewidth=1.5, linestyle="--",
               label="step t's share of each weight's gradient"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=1,
              fontsize=10, frameon=False)
    ax.set(xlim=(-0.6, gap * steps + 0.6), ylim=(-2.1, 3.2))
    ax.set_title("BPTT: two paths into every $h_t$, one sum per weight" if title is None
                 else title)
    ax.axis("off")
    return ax
