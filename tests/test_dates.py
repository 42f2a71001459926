"""Tests for rnnlib.data.dates.make_date_pairs."""
import datetime

import numpy as np
import pytest

from rnnlib.data.dates import make_date_pairs


def _parse(source):
    for fmt in ("%d %B %Y", "%b %d, %Y", "%d/%m/%Y", "%A %d %B %Y"):
        try:
            return datetime.datetime.strptime(source, fmt).date()
        except ValueError:
            pass
    raise AssertionError(f"unparseable source {source!r}")


def test_targets_are_iso_and_equal_the_source_date():
    sources, targets = make_date_pairs(500, random_state=0)
    assert len(sources) == len(targets) == 500
    for s, t in zip(sources, targets):
        d = datetime.date.fromisoformat(t)
        assert d == _parse(s)
        assert datetime.date(1950, 1, 1) <= d <= datetime.date(2049, 12, 31)
        assert len(t) == 10


def test_spread_and_all_formats():
    sources, targets = make_date_pairs(2000, random_state=1)
    years = np.array([int(t[:4]) for t in targets])
    assert years.min() < 1960 and years.max() > 2039
    assert any("/" in s for s in sources) and any("," in s for s in sources)
    assert any(s.split()[0].endswith("day") for s in sources)


def test_seeded_and_generator():
    assert make_date_pairs(20, 3) == make_date_pairs(20, 3)
    assert make_date_pairs(20, 3) != make_date_pairs(20, 4)
    assert make_date_pairs(5, np.random.default_rng(3)) == make_date_pairs(5, 3)


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_bad_n_samples(bad):
    with pytest.raises(ValueError, match="n_samples"):
        make_date_pairs(bad)


def test_bad_random_state():
    with pytest.raises(TypeError, match="random_state"):
        make_date_pairs(3, random_state="seed")
