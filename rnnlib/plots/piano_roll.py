"""A melody as a piano roll: one box per note, time across and pitch up.

The melodies are token lists from `rnnlib.data.music` (see `VOCAB` there); K notes.
matplotlib is imported on first use, never by ``import rnnlib``.
"""
import numpy as np

from .._checks import check_axes
from .._optional import require
from ..data.music import (BAR, BARS, END, HIGH, HOLD, KEYS, LOW, MAJOR, STEPS_PER_BAR, _MIDI,
                          _check_tokens, note_name, to_notes)


def plot_piano_roll(tokens, ax=None, title="Piano roll"):
    """Draw a melody as a piano roll: one box per note, time across and pitch up.

    Notes outside the scale of the key token ``tokens[0]`` are red, the others blue;
    grey lines mark where the "|" and "END" tokens fall in time.

    Parameters
    ----------
    tokens : list of str from `VOCAB` (read up to the first "END")
    ax : matplotlib Axes or None for a new figure
    title : str

    Returns
    -------
    the matplotlib Axes
    """
    notes = to_notes(tokens)
    tokens = _check_tokens(tokens)
    check_axes("ax", ax)
    plt = require("matplotlib.pyplot", "plot")
    if ax is None:
        ax = plt.subplots(figsize=(9, 2.4))[1]
    tonic = KEYS.get(tokens[0]) if tokens else None
    out = (np.zeros(len(notes), bool) if tonic is None
           else ~np.isin((notes[:, 2] - tonic) % 12, MAJOR))
    ax.barh(notes[:, 2], notes[:, 1] - 0.15, left=notes[:, 0], height=0.8,
            color=np.where(out, "tab:red", "tab:blue"))
    if out.any():
        patch = require("matplotlib.patches", "plot").Patch(color="tab:red", label="out of key")
        ax.legend(handles=[patch], fontsize="small", loc="upper right")
    step = 0
    for tok in tokens:
        step += tok in _MIDI or tok == HOLD
        if tok in (BAR, END):
            ax.axvline(step, color="grey", linewidth=1, linestyle="--" if tok == BAR else "-")
        if tok == END:
            break
    ticks = [m for m in range(LOW, HIGH + 1) if m % 12 in (0, 7)]
    ax.set_yticks(ticks, [note_name(m) for m in ticks])
    ax.set(xlim=(0, max(STEPS_PER_BAR * BARS, step) + 0.5), ylim=(LOW - 1, HIGH + 1),
           title=title, xlabel="time (eighth notes)", ylabel="pitch")
    return ax
