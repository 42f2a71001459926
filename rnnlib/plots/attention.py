"""The attention weights of one sequence as a heatmap: which input characters each output
character looked at. matplotlib is imported on first use, never by ``import rnnlib``.
"""
import numpy as np

from .._checks import as_float_array, check_axes
from .._optional import require


def plot_attention(weights, inputs, outputs, title=None, ax=None):
    """Heatmap of attention weights, outputs down the side and inputs along the bottom.

    Parameters
    ----------
    weights : ndarray of shape (Tq, Tk), row t the weights output step t gave the Tk inputs
        (each row sums to 1, as ``AttentionCache.weights[n]`` or Keras's attention scores)
    inputs : sequence of Tk str, the input tokens (the x tick labels); a space is shown as "␣"
    outputs : sequence of Tq str, the output tokens (the y tick labels)
    title : str or None
    ax : matplotlib Axes or None for a new figure

    Returns
    -------
    ax : the matplotlib Axes drawn on
    """
    weights = as_float_array("weights", weights, ("Tq", "Tk"))
    Tq, Tk = weights.shape
    inputs, outputs = list(inputs), list(outputs)
    if len(inputs) != Tk or len(outputs) != Tq:
        raise ValueError(f"inputs must hold Tk = {Tk} labels and outputs Tq = {Tq} labels "
                         f"(the shape of weights), but they hold {len(inputs)} and "
                         f"{len(outputs)}.")
    check_axes("ax", ax)
    plt = require("matplotlib.pyplot", "plot")
    if ax is None:
        _, ax = plt.subplots(figsize=(min(2.0 + 0.22 * Tk, 12), 1.2 + 0.3 * Tq))
    image = ax.imshow(weights, aspect="auto", interpolation="nearest", cmap="Greys",
                      vmin=0.0, vmax=max(float(weights.max()), 1e-12))
    ax.figure.colorbar(image, ax=ax, label="attention weight", fraction=0.04, pad=0.02)
    ax.set_xticks(np.arange(Tk))
    ax.set_xticklabels(["␣" if s == " " else s for s in inputs], fontsize="small")
    ax.set_yticks(np.arange(Tq))
    ax.set_yticklabels(outputs)
    ax.set_xlabel("input character")
    ax.set_ylabel("output character")
    if title:
        ax.set_title(title)
    return ax
