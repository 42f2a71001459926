"""Human-readable dates and their ISO form, for sequence-to-sequence translation.
Nothing is downloaded; numpy and the standard library only.
"""
import datetime

from .._checks import check_int, check_random_state

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FIRST, LAST = datetime.date(1950, 1, 1), datetime.date(2049, 12, 31)


def _formats(d):
    """Every source spelling of the date d."""
    month, short = _MONTHS[d.month - 1], _MONTHS[d.month - 1][:3]
    return (f"{d.day} {month} {d.year}",                            # 28 November 2026
            f"{short} {d.day}, {d.year}",                            # Nov 28, 2026
            f"{d.day:02d}/{d.month:02d}/{d.year}",                   # 28/11/2026
            f"{_DAYS[d.weekday()]} {d.day} {month} {d.year}")        # Saturday 28 November 2026


def make_date_pairs(n_samples, random_state=None):
    """Random dates from 1950-01-01 to 2049-12-31, written for people and in ISO 8601.

    Each date is drawn uniformly from the 36,525 days of the range, and written in one
    of four formats chosen uniformly: "28 November 2026", "Nov 28, 2026", "28/11/2026"
    (day first) or "Saturday 28 November 2026".

    Parameters
    ----------
    n_samples : int >= 1, N
    random_state : int, numpy.random.Generator or None

    Returns
    -------
    sources : list of N str, the human-readable dates
    targets : list of N str, the same dates as "YYYY-MM-DD"
    """
    n_samples = check_int("n_samples", n_samples, 1)
    rng = check_random_state("random_state", random_state)
    span = (LAST - FIRST).days + 1
    offsets = rng.integers(0, span, size=n_samples)
    styles = rng.integers(0, 4, size=n_samples)
    sources, targets = [], []
    for off, style in zip(offsets.tolist(), styles.tolist()):
        d = FIRST + datetime.timedelta(days=off)
        sources.append(_formats(d)[style])
        targets.append(d.isoformat())
    return sources, targets
