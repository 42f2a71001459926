"""Plotting helpers (matplotlib is imported on first use, never by ``import rnnlib``)."""
import numpy as np

from ._optional import require


def plot_hidden_states(h, ax=None, title="Hidden state over time"):
    """Plot each unit of one sequence's hidden states h (T, H) against the time step.

    Returns the matplotlib Axes.
    """
    h = np.asarray(h)
    if h.ndim != 2:
        raise ValueError(f"h must have shape (T, H) for one sequence, but has shape "
                         f"{h.shape}; pass h[0] for the first sequence of a batch.")
    plt = require("matplotlib.pyplot", "plot")
    if ax is None:
        ax = plt.subplots(figsize=(7, 3.2))[1]
    steps = np.arange(1, h.shape[0] + 1)
    for unit in range(h.shape[1]):
        ax.plot(steps, h[:, unit], marker="o", markersize=3, label=f"unit {unit}")
    ax.set(title=title, xlabel="time step t", ylabel="hidden state $h_t$ (unitless, in (-1, 1))")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.axhline(0, color="grey", linewidth=0.5)
    if h.shape[1] <= 8:
        ax.legend(loc="center left", bbox_to_anchor=(1, 0.5), fontsize="small")
    return ax


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


def plot_learning_curves(curves, ax=None, chance=None, ylabel="accuracy",
                         title="Learning curves", xlabel="epoch"):
    """Plot one line per entry of `curves`, a dict {label: sequence of values per epoch}.

    chance : optional float, drawn as a dashed horizontal line labelled "chance".
    Returns the matplotlib Axes.
    """
    if not isinstance(curves, dict) or not curves:
        raise TypeError(f"curves must be a non-empty dict {{label: values per epoch}}, "
                        f"but got {type(curves).__name__}.")
    plt = require("matplotlib.pyplot", "plot")
    if ax is None:
        ax = plt.subplots(figsize=(7, 3.5))[1]
    for label, values in curves.items():
        values = np.asarray(values, dtype=float)
        ax.plot(np.arange(1, len(values) + 1), values, label=label)
    if chance is not None:
        ax.axhline(chance, color="grey", linestyle="--", label="chance")
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(fontsize="small")
    return ax
