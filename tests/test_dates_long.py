"""rnnlib.data.dates_long: dates hidden in filler."""
import numpy as np
import pytest

from rnnlib.data.dates import make_date_pairs
from rnnlib.data.dates_long import FILLER, embed_in_filler, make_long_date_pairs


def test_the_date_is_kept_whole_and_the_filler_has_the_asked_length():
    sources, targets, fillers = make_long_date_pairs(300, (0, 7, 30), random_state=0)
    plain, plain_targets = make_date_pairs(300, random_state=np.random.default_rng(0))
    assert targets == plain_targets and set(fillers) == {0, 7, 30}
    for s, p, n in zip(sources, plain, fillers):
        assert len(s) == len(p) + n and p in s
        i = s.index(p)
        assert set(s[:i] + s[i + len(p):]) <= set(FILLER)
    lefts = [s.index(p) for s, p, n in zip(sources, plain, fillers) if n == 30]
    assert min(lefts) < 10 and max(lefts) > 20            # the date moves around


def test_seeded_and_checked():
    assert make_long_date_pairs(20, (5,), 1) == make_long_date_pairs(20, (5,), 1)
    assert make_long_date_pairs(20, (5,), 1) != make_long_date_pairs(20, (5,), 2)
    with pytest.raises(TypeError, match="n_filler"):
        make_long_date_pairs(5, 10)
    with pytest.raises(ValueError, match="n_filler"):
        embed_in_filler(["a", "b"], [1])
    with pytest.raises(ValueError, match="n_filler"):
        embed_in_filler(["a"], -1)
