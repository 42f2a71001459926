"""The cliff of exploding gradients, and where a clipped and an unclipped step land.

``plot_cliff`` draws a loss along one weight (from ``rnnlib.landscape.cliff_loss``) in two
panels: the whole slice, and a zoom around the starting point, each with an arrow from
the start to where each gradient step lands. matplotlib is imported on first use,
never by ``import rnnlib``.
"""
import numpy as np

from .._optional import require

COLOURS = ("tab:red", "tab:green", "tab:blue", "tab:purple")


def _point(name, value):
    """value as a pair of finite floats (w, loss)."""
    try:
        w, loss = (float(v) for v in value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair (w, loss) of numbers, "
                        f"but got {value!r}.") from None
    if not (np.isfinite(w) and np.isfinite(loss) and loss > 0):
        raise ValueError(f"{name} must be a pair (w, loss) with w finite and loss > 0 "
                         f"(the loss axis is logarithmic), but got {value!r}.")
    return w, loss


def _check(w, loss, start, landings):
    """Validated float arrays w, loss (K,), start (w0, loss0) and {label: (w1, loss1)}."""
    w, loss = np.asarray(w, dtype=float), np.asarray(loss, dtype=float)
    if w.ndim != 1 or w.shape != loss.shape or w.size < 2:
        raise ValueError(f"w and loss must be 1-D arrays of the same length K >= 2, "
                         f"but have shapes {w.shape} and {loss.shape}.")
    if not isinstance(landings, dict) or not landings:
        raise TypeError("landings must be a non-empty dict {label: (w, loss)}, "
                        f"but got {type(landings).__name__}.")
    if len(landings) > len(COLOURS):
        raise ValueError(f"landings can hold at most {len(COLOURS)} steps, "
                         f"but holds {len(landings)}.")
    points = {label: _point(f"landings[{label!r}]", p) for label, p in landings.items()}
    return w, loss, _point("start", start), points


def _draw(ax, w, loss, start, points, xlim, legend, headroom=30):
    """One panel: the loss on [xlim], the start, and an arrow to each landing point.

    A landing outside xlim gets a horizontal arrow to the panel's edge, labelled with
    where it lands.
    """
    inside = (w >= xlim[0]) & (w <= xlim[1])
    ax.semilogy(w[inside], loss[inside], color="black", linewidth=1.2, label="loss L(w)")
    ax.plot(*start, "o", color="black", markersize=7, label="start", zorder=3)
    for (label, (w1, l1)), colour in zip(points.items(), COLOURS):
        arrow = dict(arrowstyle="->", color=colour, linewidth=1.5, shrinkA=4, shrinkB=4)
        if xlim[0] <= w1 <= xlim[1]:
            ax.annotate("", xy=(w1, l1), xytext=start, arrowprops=arrow)
            ax.plot(w1, l1, "s", color=colour, markersize=7, zorder=3,
                    label=f"{label}: lands at w = {w1:.3f}")
        else:
            edge = xlim[1] if w1 > start[0] else xlim[0]
            ax.annotate("", xy=(edge, start[1]), xytext=start, arrowprops=arrow)
            ax.text((start[0] + edge) / 2, start[1] * 1.3, f"{label}:\nlands at w = {w1:.2f}",
                    color=colour, fontsize="small", ha="center", va="bottom")
    ax.set_xlim(xlim)
    low = min([start[1]] + [p[1] for p in points.values()]) / 10
    high = max(loss[inside].max(), start[1], *(p[1] for p in points.values())) * headroom
    ax.set_ylim(low, high)      # below: where L(w) touches 0 the log scale would dive;
                                # above: room for the legend
    ax.set_xlabel("recurrent weight w")
    ax.legend(fontsize="small", loc=legend)


def plot_cliff(w, loss, start, landings, zoom=0.03, axes=None,
               title="A cliff in the loss of a one-unit tanh RNN"):
    """The loss along one weight, and where gradient steps from `start` land.

    Parameters
    ----------
    w, loss : ndarrays of shape (K,), the weights (increasing) and their losses
        (e.g. from ``rnnlib.landscape.cliff_loss``); loss > 0, drawn on a log scale
    start : pair (w0, loss0), the point the steps start from
    landings : dict {label: (w1, loss1)}, where each step lands (at most 4)
    zoom : float > 0, the right panel shows w0 - zoom to w0 + zoom
        (the left panel shades that range); each panel's loss axis runs from a tenth
        of the lowest point marked to 30 times (whole slice: 1000 times) the highest loss shown
    axes : two matplotlib Axes, or None for a new figure
    title : str, the figure's title (each panel also has its own)

    Returns
    -------
    axes : the two matplotlib Axes (whole slice, zoom)
    """
    w, loss, start, points = _check(w, loss, start, landings)
    if not (isinstance(zoom, (int, float)) and np.isfinite(zoom) and zoom > 0):
        raise ValueError(f"zoom must be a number > 0, but got {zoom!r}.")
    plt = require("matplotlib.pyplot", "plot")
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
        fig.suptitle(title)
    if len(axes) != 2:
        raise ValueError(f"axes must hold two Axes (whole slice, zoom), but holds {len(axes)}.")
    whole, close = axes
    whole.axvspan(start[0] - zoom, start[0] + zoom, color="tab:orange", alpha=0.25)
    _draw(whole, w, loss, start, points, (w[0], w[-1]), legend="upper right", headroom=1000)
    whole.set(title="The whole slice (shaded: the zoom)",
              ylabel=r"loss $L(w) = (h_T - \mathrm{target})^2$ (log scale)")
    _draw(close, w, loss, start, points, (start[0] - zoom, start[0] + zoom), legend="upper right")
    close.set(title=f"Zoom: w0 ± {zoom:g}")
    return list(axes)
