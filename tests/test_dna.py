"""Tests for rnnlib.data.dna: the ordered-motif generator and its encoders."""
import numpy as np
import pytest

from rnnlib.data.dna import kmer_counts, make_gap_sequences, make_motif_sequences, one_hot


def test_labels_match_motif_order_and_gap():
    S, y, pos = make_motif_sequences(300, 50, random_state=0, as_strings=True, min_gap=10)
    assert len(S) == 300 and all(len(s) == 50 for s in S)
    assert y.sum() == 150
    for s, label, (a, b) in zip(S, y, pos):
        assert s.count("TATAAT") == (a >= 0) and s.count("GGATCC") == (b >= 0)
        if a >= 0:
            assert s[a:a + 6] == "TATAAT"
        if b >= 0:
            assert s[b:b + 6] == "GGATCC"
        assert label == int(a >= 0 and b >= 0 and b >= a + 6 + 10)
    # wrong-order decoys exist: both motifs present, label 0
    assert np.any((pos >= 0).all(axis=1) & (y == 0))


def test_one_hot_and_reproducible():
    X1, y1, p1 = make_motif_sequences(20, 40, random_state=3)
    X2, y2, p2 = make_motif_sequences(20, 40, random_state=3)
    assert X1.shape == (20, 40, 4) and X1.dtype == np.float32
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2) and np.array_equal(p1, p2)
    assert np.all(X1.sum(axis=2) == 1)
    assert np.array_equal(one_hot(["ACGT"])[0], np.eye(4))


def test_kmer_counts():
    c = kmer_counts(["AAAC"], k=2)
    assert c.shape == (1, 16)
    assert c[0, 0] == 2 and c[0, 1] == 1 and c.sum() == 3   # AA twice, AC once


@pytest.mark.parametrize("kwargs, word", [
    ({"n_samples": 0}, "n_samples"),
    ({"n_samples": 5, "seq_len": 20}, "seq_len"),
    ({"n_samples": 5, "motif_a": "TAXA"}, "motif_a"),
    ({"n_samples": 5, "min_gap": -1}, "min_gap"),
])
def test_bad_arguments_are_named(kwargs, word):
    with pytest.raises(ValueError, match=word):
        make_motif_sequences(**kwargs)


def test_one_hot_rejects_bad_letters():
    with pytest.raises(ValueError, match="A, C, G, T"):
        one_hot(["ACGN"])


def test_gap_sequences_hold_a_then_b_and_the_gap_decides():
    S, y, pos = make_gap_sequences(300, 64, random_state=0, as_strings=True)
    assert len(S) == 300 and all(len(s) == 64 for s in S)
    assert y.sum() == 150
    gaps = pos[:, 1] - (pos[:, 0] + 6)
    for s, label, (a, b), gap in zip(S, y, pos, gaps):
        assert s.count("TATAAT") == 1 and s.count("GGATCC") == 1
        assert s[a:a + 6] == "TATAAT" and s[b:b + 6] == "GGATCC"
        assert gap >= 0 and label == int(gap >= 20)    # the label rule of make_motif_sequences
    assert set(gaps[y == 0]) == set(range(20))         # every short gap occurs
    assert gaps[y == 1].max() > 40


def test_gap_sequences_one_hot_and_reproducible():
    X1, y1, p1 = make_gap_sequences(20, 40, random_state=3, min_gap=5)
    X2, y2, p2 = make_gap_sequences(20, 40, random_state=3, min_gap=5)
    assert X1.shape == (20, 40, 4) and X1.dtype == np.float32
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2) and np.array_equal(p1, p2)


@pytest.mark.parametrize("kwargs, word", [
    ({"n_samples": 0}, "n_samples"),
    ({"n_samples": 5, "seq_len": 31}, "seq_len"),
    ({"n_samples": 5, "min_gap": 0}, "min_gap"),
    ({"n_samples": 5, "motif_b": "GGXTCC"}, "motif_b"),
])
def test_gap_sequences_bad_arguments_are_named(kwargs, word):
    with pytest.raises(ValueError, match=word):
        make_gap_sequences(**kwargs)


def test_gap_sequences_bad_random_state():
    with pytest.raises(TypeError, match="random_state"):
        make_gap_sequences(2, 40, random_state="seed")
    with pytest.raises(ValueError, match="motif_a and motif_b must differ"):
        make_gap_sequences(2, 40, motif_b="TATAAT")
