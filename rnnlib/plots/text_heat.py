"""Text coloured by a number per character: one hidden unit's activation over a passage,
as in Karpathy's "Visualizing and understanding recurrent networks". matplotlib is
imported on first use, never by ``import rnnlib``.
"""
import numpy as np

from .._checks import as_float_array, check_axes, check_int
from .._optional import require


def _lines(text, width):
    """Split text into display lines of at most `width` characters, breaking at newlines:
    a list of (start index, characters) pairs, newlines kept (drawn as a symbol)."""
    lines, start = [], 0
    for i, ch in enumerate(text):
        if ch == "\n" or i - start + 1 == width:
            lines.append((start, text[start:i + 1]))
            start = i + 1
    if start < len(text):
        lines.append((start, text[start:]))
    return lines


def plot_text_heat(text, values, ax=None, width=60, cmap="RdBu_r", vmin=-1.0, vmax=1.0,
                   title=None, label="activation"):
    """Draw `text` one character per cell, each cell coloured by its value.

    Parameters
    ----------
    text : str of T characters; a newline is drawn as "⏎" and ends its line
    values : array-like of shape (T,), e.g. a hidden unit's activation after each character
    ax : matplotlib Axes or None (a new figure sized to the text)
    width : int, most characters per line; cmap, vmin, vmax : the colour scale
    title : str or None; label : the colour bar's label

    Returns
    -------
    ax : the matplotlib Axes
    """
    if not isinstance(text, str) or not text:
        raise TypeError(f"text must be a non-empty str, but got {type(text).__name__} "
                        f"{text!r:.40}.")
    values = as_float_array("values", values, ("T",))
    if values.shape != (len(text),):
        raise ValueError(f"values must have shape (T,) = ({len(text)},), one per character "
                         f"of text, but has shape {values.shape}.")
    width = check_int("width", width, 1)
    check_axes("ax", ax)
    plt = require("matplotlib.pyplot", "plot")
    lines = _lines(text, width)
    if ax is None:
        _, ax = plt.subplots(figsize=(0.118 * width + 1.2, 0.26 * len(lines) + 0.9))
    norm = plt.Normalize(vmin, vmax)
    colours = plt.get_cmap(cmap)
    for row, (start, chars) in enumerate(lines):
        for col, ch in enumerate(chars):
            ax.add_patch(plt.Rectangle((col, row), 1, 1, color=colours(norm(values[start + col]))))
            ax.text(col + 0.5, row + 0.5, "⏎" if ch == "\n" else ch, ha="center",
                    va="center", family="monospace", fontsize=8)
    ax.set_xlim(0, width)
    ax.set_ylim(len(lines), 0)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("characters, left to right (⏎ = newline)")
    ax.set_ylabel("line")
    mappable = plt.cm.ScalarMappable(norm=norm, cmap=colours)
    ax.figure.colorbar(mappable, ax=ax, label=label, fraction=0.03, pad=0.01)
    if title:
        ax.set_title(title)
    return ax
