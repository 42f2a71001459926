"""What the gates do, step by step: gate activations by name, and heatmaps over time.

``split_gates`` names the gates stored in an LSTM or GRU cache; ``plot_gate_heatmaps``
draws, for one sequence, one heatmap per gate or state (rows: units, columns: time
steps), with the positions of interesting inputs marked. matplotlib is imported on
first use, never by ``import rnnlib``.
"""
import numpy as np

from .._optional import require
from ..gru import GRUCache
from ..lstm import LSTMCache


def split_gates(cache):
    """The gate activations held in a sequence cache, by name.

    Parameters
    ----------
    cache : LSTMCache (from `lstm_forward`) or GRUCache (from `gru_forward`)

    Returns
    -------
    dict of ndarrays of shape (N, T, H):
        LSTM: "input" i, "forget" f, "candidate" g, "output" o (Keras order i, f, c, o)
        and "cell" c, the cell state after each step;
        GRU: "update" z, "reset" r and "candidate" n.
    """
    if isinstance(cache, LSTMCache):
        i, f, g, o = np.split(cache.gates, 4, axis=-1)
        return {"input": i, "forget": f, "candidate": g, "output": o, "cell": cache.c}
    if isinstance(cache, GRUCache):
        return {"update": cache.z, "reset": cache.r, "candidate": cache.n}
    raise TypeError("cache must be the cache returned by lstm_forward or gru_forward, "
                    f"but got {type(cache).__name__}.")


def _check_panels(panels):
    """Validate {label: (T, H) array}; return {label: float ndarray} and T."""
    if not isinstance(panels, dict) or not panels:
        raise TypeError("panels must be a non-empty dict {label: ndarray of shape (T, H)}, "
                        f"but got {type(panels).__name__}.")
    out, T = {}, None
    for label, values in panels.items():
        values = np.asarray(values, dtype=float)
        if values.ndim != 2:
            raise ValueError(f"panels[{label!r}] must have shape (T, H) for one sequence, "
                             f"but has shape {values.shape}; pass gates[0] for the first "
                             "sequence of a batch.")
        if T is not None and values.shape[0] != T:
            raise ValueError(f"panels[{label!r}] has T = {values.shape[0]} time steps, but "
                             f"the first panel has T = {T}; all panels must share the time axis.")
        T = values.shape[0]
        out[label] = values
    return out, T


def plot_gate_heatmaps(panels, markers=(), highlight=None, title=None, axes=None):
    """One heatmap per gate or state of one sequence, stacked on a shared time axis.

    Parameters
    ----------
    panels : dict {label: ndarray of shape (T, H)}
        Drawn top to bottom; row u of a heatmap is unit u, column t is time step t + 1.
        An array whose values all lie in [0, 1] (a sigmoid gate) is drawn on the fixed
        scale 0 to 1; any other (a cell or hidden state) on a blue-white-red scale
        centred on 0 and symmetric, so that white always means 0.
    markers : sequence of int, 0-based time indices (as ``np.flatnonzero`` gives them)
        drawn as dashed vertical lines on every panel, e.g. the adding problem's markers.
    highlight : int or None, a unit whose tick label is shown in bold with an arrow.
    title : str or None, the title above the top panel.
    axes : sequence of len(panels) matplotlib Axes, or None for a new figure. Pass
        some of the Axes of your own figure to add other panels (e.g. a line plot of
        one unit) on the same time axis; each colour bar is drawn just right of its
        Axes without shrinking it.

    Returns
    -------
    axes : list of matplotlib Axes, one per panel.
    """
    panels, T = _check_panels(panels)
    markers = [int(m) for m in np.atleast_1d(np.asarray(markers, dtype=int))]
    for m in markers:
        if not 0 <= m < T:
            raise ValueError(f"markers must be time indices in [0, {T}), but got {m}.")
    plt = require("matplotlib.pyplot", "plot")
    outline = [require("matplotlib.patheffects", "plot").withStroke(linewidth=3,
                                                                    foreground="white")]
    if axes is None:
        H_total = sum(v.shape[1] for v in panels.values())
        fig, axes = plt.subplots(len(panels), 1, sharex=True, squeeze=False,
                                 figsize=(9, 1.0 + 0.28 * H_total + 0.45 * len(panels)))
        axes = list(axes[:, 0])
    axes = list(axes)
    if len(axes) != len(panels):
        raise ValueError(f"axes must hold one Axes per panel ({len(panels)}), "
                         f"but holds {len(axes)}.")
    for ax, (label, values) in zip(axes, panels.items()):
        H = values.shape[1]
        if highlight is not None and (isinstance(highlight, bool) or not isinstance(
                highlight, (int, np.integer)) or not 0 <= highlight < H):
            raise ValueError(f"highlight must be a unit in [0, {H}) for panel {label!r}, "
                             f"but got {highlight!r}.")
        if values.min() >= 0 and values.max() <= 1:
            cmap, vmin, vmax = "viridis", 0.0, 1.0
        else:
            limit = max(float(np.abs(values).max()), 1e-12)
            cmap, vmin, vmax = "RdBu_r", -limit, limit
        image = ax.imshow(values.T, aspect="auto", interpolation="nearest", cmap=cmap,
                          vmin=vmin, vmax=vmax, extent=(0.5, T + 0.5, H - 0.5, -0.5))
        # the colour bar sits outside the axes, so all panels (and any the caller adds
        # below them) keep the same width and their time axes line up
        ax.figure.colorbar(image, cax=ax.inset_axes([1.01, 0.0, 0.015, 1.0]))
        for m in markers:
            ax.axvline(m + 1, color="black", linestyle="--", linewidth=1.5,
                       path_effects=outline)
        ax.set_yticks(range(H))
        ax.set_yticklabels([f"→{u}" if u == highlight else f"{u}" for u in range(H)],
                           fontsize="small")
        if highlight is not None:
            ax.get_yticklabels()[highlight].set_fontweight("bold")
        ax.set_ylabel(f"{label}\n(unit)")
    axes[-1].set_xlabel("time step t")
    if title:
        axes[0].set_title(title)
    return axes
