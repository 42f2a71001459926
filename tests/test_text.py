"""rnnlib.data.text: vocabulary, ids, one-hot and next-token windows, and their errors."""
import subprocess
import sys

import numpy as np
import pytest

from rnnlib.data.text import (build_vocab, decode, encode, next_token_counts, next_token_distribution,
                         next_token_entropy, next_token_windows, one_hot)


def test_characters_round_trip():
    text = "the ship sheds"
    vocab = build_vocab(text)
    assert vocab == (" ", "d", "e", "h", "i", "p", "s", "t")
    ids = encode(text, vocab)
    assert ids.shape == (len(text),) and ids.dtype == np.int64
    assert decode(ids, vocab) == text


def test_words_round_trip():
    words = "man bites dog".split()
    vocab = build_vocab(words)
    assert vocab == ("bites", "dog", "man")
    np.testing.assert_array_equal(encode(words, vocab), [2, 0, 1])
    assert decode(encode(words[::-1], vocab), vocab, sep=" ") == "dog bites man"


def test_one_hot_shape_and_values():
    ids = np.array([[0, 2], [1, 1]])
    x = one_hot(ids, 3)
    assert x.shape == (2, 2, 3) and x.dtype == np.float32
    np.testing.assert_array_equal(x.argmax(-1), ids)
    np.testing.assert_array_equal(x.sum(-1), np.ones((2, 2)))
    assert one_hot([1], 2, dtype=np.float64).dtype == np.float64


def test_next_token_windows():
    X, y = next_token_windows(np.arange(6), 4)
    np.testing.assert_array_equal(X, [[0, 1, 2, 3], [1, 2, 3, 4]])
    np.testing.assert_array_equal(y, [4, 5])
    X[0, 0] = 99                       # a copy, not a view of the input
    X2, _ = next_token_windows(np.arange(6), 4)
    assert X2[0, 0] == 0


def test_unknown_token_names_position_and_token():
    with pytest.raises(ValueError, match=r"tokens\[2\] = 'z' is not in the vocabulary of 2"):
        encode("abz", ("a", "b"))


@pytest.mark.parametrize("bad", [None, 3, ["a", 1], b"abc"])
def test_tokens_must_be_str_or_list_of_str(bad):
    with pytest.raises(TypeError, match=r"tokens must be a str .* or a list of str"):
        build_vocab(bad)


def test_empty_text_is_rejected():
    with pytest.raises(ValueError, match=r"tokens must hold at least one token, but is empty"):
        build_vocab("")


def test_ids_out_of_range_and_wrong_dtype():
    with pytest.raises(ValueError, match=r"ids must hold ids from 0 to 2 .* but contains 3"):
        one_hot([0, 3], 3)
    with pytest.raises(ValueError, match=r"contains -1"):
        decode([-1], ("a", "b"))
    with pytest.raises(TypeError, match=r"ids must be an array of integer token ids, "
                                        r"but has dtype float64"):
        one_hot(np.array([0.0, 1.0]), 2)


@pytest.mark.parametrize("depth", [0, -1, 2.0, True])
def test_depth_must_be_positive_int(depth):
    with pytest.raises(ValueError, match=r"depth must be an integer >= 1"):
        one_hot([0], depth)


def test_decode_needs_one_dimensional_ids():
    with pytest.raises(ValueError, match=r"ids must have shape \(T,\), but has shape \(1, 2\)"):
        decode([[0, 1]], ("a", "b"))


def test_window_errors():
    with pytest.raises(ValueError, match=r"window must be smaller than the number of ids T = 3"):
        next_token_windows(np.arange(3), 3)
    with pytest.raises(ValueError, match=r"window must be an integer >= 1, but got 0"):
        next_token_windows(np.arange(3), 0)
    with pytest.raises(ValueError, match=r"ids must be a 1-d integer array of shape \(T,\)"):
        next_token_windows(np.zeros((2, 3), dtype=int), 1)


def test_import_is_numpy_only():
    code = ("import sys, rnnlib.data.text; "
            "print(any(m in sys.modules for m in ('tensorflow', 'matplotlib')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_next_token_counts_and_distribution():
    text = "the then shoe"
    assert next_token_counts(text, "th") == {"e": 2}
    assert next_token_counts(text, "h") == {"e": 2, "o": 1}
    assert next_token_counts("aaa", "a") == {"a": 2}          # overlapping occurrences
    assert next_token_counts(text, "xyz") == {}
    vocab = build_vocab(text)
    p = next_token_distribution(text, "h", vocab)
    assert p.shape == (len(vocab),) and p.sum() == pytest.approx(1.0)
    assert p[vocab.index("e")] == pytest.approx(2 / 3) and p[vocab.index("o")] == pytest.approx(1 / 3)
    words = "a b a c".split()
    assert next_token_counts(words, ["a"]) == {"b": 1, "c": 1}


def test_next_token_distribution_needs_an_occurring_context():
    with pytest.raises(ValueError, match=r"context 'zz' is never followed by a token"):
        next_token_distribution("abc", "zz", ("a", "b", "c"))
    with pytest.raises(ValueError, match=r"never followed"):           # only at the very end
        next_token_distribution("abc", "c", ("a", "b", "c"))


def test_next_token_entropy():
    X = np.array([[0], [0], [1], [1]])
    assert next_token_entropy(X, np.array([1, 2, 0, 0])) == pytest.approx(0.5 * np.log(2))
    assert next_token_entropy(X, np.array([1, 1, 0, 0])) == 0.0
    # equals the cross-entropy of the counting model on the same examples
    rng = np.random.default_rng(0)
    Xr, yr = rng.integers(0, 2, size=(200, 2)), rng.integers(0, 3, size=200)
    probs = {}
    for c in map(tuple, Xr):
        sel = (Xr == c).all(axis=1)
        probs[c] = np.bincount(yr[sel], minlength=3) / sel.sum()
    ce = -np.mean([np.log(probs[tuple(c)][t]) for c, t in zip(Xr, yr)])
    assert next_token_entropy(Xr, yr) == pytest.approx(ce)


def test_next_token_entropy_errors():
    with pytest.raises(ValueError, match=r"X must be an integer array of shape \(N, W\)"):
        next_token_entropy(np.zeros(3, dtype=int), np.zeros(3, dtype=int))
    with pytest.raises(ValueError, match=r"X and y must hold the same number .* X has 2 and y has 3"):
        next_token_entropy(np.zeros((2, 1), dtype=int), np.zeros(3, dtype=int))
