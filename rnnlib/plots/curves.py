"""Curves: hidden states over time and learning curves (matplotlib is imported on first
use, never by ``import rnnlib``)."""
import numpy as np

from .._optional import require


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
