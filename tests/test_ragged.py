"""Padding, masks and the next-digit parity tagging task (rnnlib.data.ragged)."""
import numpy as np
import pytest

from rnnlib.data.ragged import (causal_ceiling, make_next_parity_tagging, masked_mean,
                                next_parity_tags, pad)


def test_pad_puts_each_sequence_first_and_marks_it():
    X, mask = pad([[3, 1, 4], [1, 5], np.array([9, 2, 6, 5])])
    np.testing.assert_array_equal(X, [[3, 1, 4, 0], [1, 5, 0, 0], [9, 2, 6, 5]])
    np.testing.assert_array_equal(mask.sum(axis=1), [3, 2, 4])
    assert mask.dtype == bool and X.dtype == np.int64
    X, mask = pad([[1], [2, 2]], length=5, value=7)
    np.testing.assert_array_equal(X, [[1, 7, 7, 7, 7], [2, 2, 7, 7, 7]])
    np.testing.assert_array_equal(mask[:, 2:], False)


def test_pad_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"length must be an integer >= 3, but got 2"):
        pad([[1, 2, 3]], length=2)
    with pytest.raises(ValueError, match=r"sequences\[1\] must be a non-empty 1-D array"):
        pad([[1], []])
    with pytest.raises(ValueError, match=r"sequences\[0\] .* dtype float64"):
        pad([[1.5]])
    with pytest.raises(TypeError, match=r"sequences must be a non-empty list .* \(empty\)"):
        pad([])
    with pytest.raises(TypeError, match=r"sequences must be a non-empty list .* ndarray"):
        pad(np.ones((2, 3), dtype=int))


def test_next_parity_tags_by_hand():
    # 5,1 odd-odd: 1; 1,2: 0; 2,8 even-even: 1; 8,3: 0; last: 0
    np.testing.assert_array_equal(next_parity_tags([5, 1, 2, 8, 3]), [1, 0, 1, 0, 0])
    np.testing.assert_array_equal(next_parity_tags([4]), [0])


def test_tagging_task_shapes_tags_and_padding():
    X, Y, mask = make_next_parity_tagging(300, min_len=3, max_len=9, random_state=0)
    assert X.shape == Y.shape == mask.shape == (300, 9)
    lengths = mask.sum(axis=1)
    assert lengths.min() == 3 and lengths.max() == 9
    np.testing.assert_array_equal(mask, X > 0)                    # 0 only as padding
    assert X.max() == 8 and X[mask].min() == 1
    assert (Y[~mask] == 0).all()
    for n in range(20):
        L = lengths[n]
        np.testing.assert_array_equal(Y[n, :L], next_parity_tags(X[n, :L]))
    again = make_next_parity_tagging(300, min_len=3, max_len=9, random_state=0)
    for a, b in zip((X, Y, mask), again):
        np.testing.assert_array_equal(a, b)


def test_noise_flips_about_that_fraction_of_real_tags_only():
    clean = make_next_parity_tagging(2000, random_state=5)
    noisy = make_next_parity_tagging(2000, noise=0.2, random_state=5)
    np.testing.assert_array_equal(clean[0], noisy[0])             # same digits
    flipped = clean[1] != noisy[1]
    assert not flipped[~clean[2]].any()                           # padding untouched
    assert abs(flipped[clean[2]].mean() - 0.2) < 0.01
    with pytest.raises(ValueError, match=r"noise must be below 0.5"):
        make_next_parity_tagging(3, noise=0.5)
    with pytest.raises(ValueError, match=r"noise must be a number in \[0.0, 0.5\]"):
        make_next_parity_tagging(3, noise=-0.1)


def test_tagging_task_argument_errors():
    with pytest.raises(ValueError, match=r"n_digits must be even .* but got 7"):
        make_next_parity_tagging(3, n_digits=7)
    with pytest.raises(ValueError, match=r"max_len must be an integer >= 5, but got 4"):
        make_next_parity_tagging(3, min_len=5, max_len=4)
    with pytest.raises(ValueError, match=r"n_samples must be an integer >= 1, but got 0"):
        make_next_parity_tagging(0)


def test_causal_ceiling_formula_and_the_all_zero_rule_reaches_it():
    mask = np.array([[True, True, False], [True, True, True]])
    assert causal_ceiling(mask) == pytest.approx(0.5 + 0.5 * 2 / 5)
    # answering 0 everywhere scores the ceiling on average over many tokens
    X, Y, M = make_next_parity_tagging(20_000, random_state=1)
    assert abs(masked_mean(Y == 0, M) - causal_ceiling(M)) < 0.005
    # while a rule that reads the next digit scores 1 (the task is learnable from the right)
    nxt = np.pad(X[:, 1:], ((0, 0), (0, 1)))                       # the next digit, 0 if none
    right = np.where(M & (nxt > 0), (X % 2) == (nxt % 2), 0)
    assert masked_mean(right == Y, M) == 1.0
    with pytest.raises(ValueError, match=r"mask must have shape \(N, T\) .* empty row"):
        causal_ceiling(np.array([[True], [False]]))


def test_masked_mean_leaves_out_the_padding():
    values = np.array([[1.0, 2.0, 100.0], [3.0, 100.0, 100.0]])
    mask = np.array([[True, True, False], [True, False, False]])
    assert masked_mean(values, mask) == 2.0
    with pytest.raises(ValueError, match=r"same shape \(N, T\), but have shapes \(2, 3\) and \(3,\)"):
        masked_mean(values, mask[0])
    with pytest.raises(ValueError, match=r"mask has no True entry"):
        masked_mean(values, np.zeros_like(mask))
