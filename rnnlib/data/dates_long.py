"""Dates hidden in filler characters, to make the translation task's input longer in a
controlled way. Numpy and the standard library only; builds on ``rnnlib.data.dates``.
"""
import string

from .._checks import check_int, check_random_state
from .dates import make_date_pairs

FILLER = string.ascii_lowercase + " "   # no digit and no capital: the date stays findable


def embed_in_filler(sources, n_filler, random_state=None):
    """Each source with `n_filler` random filler characters split between its two sides.

    The filler is drawn uniformly from lowercase letters and the space; the split point
    is uniform, so the date can sit anywhere. Every date format of ``make_date_pairs``
    starts with a capital letter or a digit and its only digits are the date's, so the
    date is still well defined: "xq kfa 28 November 2026 zzk".

    Parameters
    ----------
    sources : list of N str
    n_filler : int >= 0, or list of N ints >= 0, the filler length of each source
    random_state : int, numpy.random.Generator or None

    Returns
    -------
    list of N str, each ``len(source) + n_filler`` characters long
    """
    if not isinstance(sources, (list, tuple)) or not all(isinstance(s, str) for s in sources):
        raise TypeError(f"sources must be a list of str, but got {type(sources).__name__}.")
    lengths = [n_filler] * len(sources) if not isinstance(n_filler, (list, tuple)) else n_filler
    if len(lengths) != len(sources):
        raise ValueError(f"n_filler must be an int or a list of N = {len(sources)} ints, "
                         f"but has {len(lengths)} entries.")
    lengths = [check_int("n_filler", n, 0) for n in lengths]
    rng = check_random_state("random_state", random_state)
    out = []
    for source, n in zip(sources, lengths):
        chars = "".join(rng.choice(list(FILLER), size=n).tolist())
        left = int(rng.integers(0, n + 1))
        out.append(chars[:left] + source + chars[left:])
    return out


def make_long_date_pairs(n_samples, n_filler, random_state=None):
    """``make_date_pairs`` with each source hidden in filler (see `embed_in_filler`).

    Parameters
    ----------
    n_samples : int >= 1, N
    n_filler : sequence of ints >= 0; each pair draws its filler length uniformly from it
    random_state : int, numpy.random.Generator or None

    Returns
    -------
    sources : list of N str, the dates in filler
    targets : list of N str, the dates as "YYYY-MM-DD"
    fillers : list of N int, the filler length of each source
    """
    n_samples = check_int("n_samples", n_samples, 1)
    if isinstance(n_filler, (int, str)) or len(n_filler) == 0:
        raise TypeError("n_filler must be a non-empty sequence of ints >= 0, e.g. (0, 10, 20), "
                        f"but got {n_filler!r}.")
    choices = [check_int("n_filler", n, 0) for n in n_filler]
    rng = check_random_state("random_state", random_state)
    sources, targets = make_date_pairs(n_samples, random_state=rng)
    fillers = [choices[i] for i in rng.integers(0, len(choices), size=n_samples).tolist()]
    return embed_in_filler(sources, fillers, random_state=rng), targets, fillers
