"""The dominant-topic token task: labels, ranges, reproducibility and argument checks."""
import numpy as np
import pytest

from rnnlib.data.tasks import make_token_classification, token_topics


def test_label_is_the_unique_most_frequent_topic():
    X, y = make_token_classification(3000, 20, random_state=0)
    assert X.shape == (3000, 20) and y.shape == (3000,)
    assert X.dtype == np.int64 and y.dtype == np.int64
    assert X.min() >= 0 and X.max() < 1000
    topics = token_topics(X)
    counts = np.stack([(topics == k).sum(axis=1) for k in range(10)], axis=1)
    np.testing.assert_array_equal(y, counts.argmax(axis=1))
    top2 = np.sort(counts, axis=1)[:, -2:]
    assert (top2[:, 1] > top2[:, 0]).all()                     # no ties
    assert set(np.unique(y)) == set(range(10))
    assert np.bincount(y).min() > 0.8 * 300                    # labels about uniform


def test_every_word_is_used_and_topics_follow_the_share():
    X, y = make_token_classification(5000, 20, dominant_share=0.3, random_state=1)
    assert np.unique(X).size == 1000                           # all words of all topics
    share = (token_topics(X) == y[:, None]).mean()
    assert 0.3 < share < 0.4                                   # the label's topic dominates
    last_token = (token_topics(X[:, -1]) == y).mean()
    assert 0.25 < last_token < 0.45                            # far from enough on its own


def test_other_sizes_and_odd_vocabularies():
    X, y = make_token_classification(400, 7, vocab_size=23, n_classes=4, random_state=2)
    assert X.max() < 23 and y.max() < 4
    assert np.unique(X).size == 23
    X1, y1 = make_token_classification(50, 1, random_state=3)  # one token: its own topic
    np.testing.assert_array_equal(y1, X1[:, 0] % 10)
    X2, y2 = make_token_classification(20, 5, dominant_share=1.0, random_state=4)
    assert (token_topics(X2) == y2[:, None]).all()


def test_reproducible_from_the_seed():
    a = make_token_classification(30, 12, random_state=5)
    b = make_token_classification(30, 12, random_state=5)
    c = make_token_classification(30, 12, random_state=6)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])
    gen = np.random.default_rng(7)
    assert make_token_classification(3, 4, random_state=gen)[0].shape == (3, 4)


@pytest.mark.parametrize("kwargs, message", [
    (dict(n_samples=0), r"n_samples must be an integer >= 1, but got 0"),
    (dict(seq_len=2.5), r"seq_len must be an integer >= 1, but got 2.5"),
    (dict(n_classes=1), r"n_classes must be an integer >= 2, but got 1"),
    (dict(vocab_size=5), r"vocab_size must be an integer >= 10, but got 5"),
    (dict(dominant_share=0), r"dominant_share must be a number in \(0, 1\], but got 0"),
    (dict(dominant_share=1.5), r"dominant_share must be a number in \(0, 1\]"),
    (dict(n_samples=True), r"n_samples must be an integer >= 1, but got True"),
])
def test_bad_arguments_are_named(kwargs, message):
    args = dict(n_samples=5, seq_len=4) | kwargs
    with pytest.raises(ValueError, match=message):
        make_token_classification(**args)


def test_token_topics_checks_its_input():
    np.testing.assert_array_equal(token_topics(np.array([0, 13, 999])), [0, 3, 9])
    with pytest.raises(TypeError, match=r"X must hold integer token ids, but has dtype float64"):
        token_topics(np.array([1.0, 2.0]))
