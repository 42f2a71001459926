"""Generated tasks: nothing is downloaded, everything is reproducible from a seed.

Sequences of numbers, for the numpy and Keras RNNs of the early chapters:
`make_adding_problem` (the adding problem) and `make_delayed_recall` (recall the bit
from `delay` steps ago).

Sequences of tokens, for the Embedding -> LSTM -> Dense model: the "dominant topic"
task (`make_token_classification`). A vocabulary of `vocab_size` integer tokens (words)
is split into `n_classes` topics: token v belongs to topic ``v % n_classes``
(`token_topics`). A sequence is a short document; its label is the topic that occurs
most often in it. To get it right a model must learn, from the data alone, which topic
each of the words belongs to, and count over the *whole* sequence: the last token alone,
or any part of the sequence, is often outvoted by the rest.
"""
import numpy as np

from .._checks import check_int, check_random_state, check_real


def make_adding_problem(n_samples, seq_len, random_state=None):
    """The adding problem of Hochreiter & Schmidhuber (1997).

    Each sequence has two channels: channel 0 holds values drawn from U[0, 1];
    channel 1 is 0 everywhere except for exactly two 1s, one in the first half of
    the sequence and one in the second half. The target is the sum of the two
    marked values, so the network must remember a value over a lag of up to
    seq_len - 1 steps. Always predicting the mean (1) gives a mean squared error
    of 1/6; remembering only one of the two values gives 1/12.

    Parameters
    ----------
    n_samples : int >= 1
    seq_len : int >= 2, T
    random_state : None, int or numpy Generator

    Returns
    -------
    X : float32 ndarray of shape (n_samples, seq_len, 2)
    y : float32 ndarray of shape (n_samples,)
    """
    for name, value, low in (("n_samples", n_samples, 1), ("seq_len", seq_len, 2)):
        check_int(name, value, low)
    rng = check_random_state("random_state", random_state)
    values = rng.uniform(0, 1, size=(n_samples, seq_len))
    half = seq_len // 2
    first = rng.integers(0, half, size=n_samples)
    second = rng.integers(half, seq_len, size=n_samples)
    rows = np.arange(n_samples)
    markers = np.zeros((n_samples, seq_len))
    markers[rows, first] = 1
    markers[rows, second] = 1
    X = np.stack([values, markers], axis=-1).astype(np.float32)
    y = X[rows, first, 0] + X[rows, second, 0]
    return X, y


def make_delayed_recall(n_samples, seq_len, delay, random_state=None):
    """Random bits in, the bit from `delay` steps ago out: a task that needs memory.

    At step t the target is x_{t - delay}. The first `delay` steps have no target;
    their entries in `sample_weight` are 0 so that Keras ignores them. A model that
    sees only the current input can do no better than chance (50 %) for delay >= 1.
    For a many-to-one version, use ``y[:, -1]``: the bit `delay` steps before the end.

    Parameters
    ----------
    n_samples : int >= 1
    seq_len : int >= 1, T
    delay : int with 0 <= delay < seq_len
    random_state : None, int or numpy Generator

    Returns
    -------
    X : float32 ndarray of shape (n_samples, seq_len, 1), bits 0.0 or 1.0
    y : float32 ndarray of shape (n_samples, seq_len), y[:, t] = X[:, t - delay, 0]
        (0 where t < delay)
    sample_weight : float32 ndarray of shape (n_samples, seq_len), 0 where t < delay, else 1
    """
    for name, value, low in (("n_samples", n_samples, 1), ("seq_len", seq_len, 1),
                             ("delay", delay, 0)):
        check_int(name, value, low)
    if delay >= seq_len:
        raise ValueError(f"delay must be smaller than seq_len = {seq_len}, but got {delay}.")
    rng = check_random_state("random_state", random_state)
    bits = rng.integers(0, 2, size=(n_samples, seq_len)).astype(np.float32)
    y = np.zeros_like(bits)
    y[:, delay:] = bits[:, :seq_len - delay]
    sample_weight = np.zeros_like(bits)
    sample_weight[:, delay:] = 1
    return bits[..., None], y, sample_weight


def token_topics(X, n_classes=10):
    """The topic of every token: ``X % n_classes``, an int ndarray of X's shape."""
    check_int("n_classes", n_classes, 2)
    X = np.asarray(X)
    if not np.issubdtype(X.dtype, np.integer):
        raise TypeError(f"X must hold integer token ids, but has dtype {X.dtype}.")
    return X % n_classes


def make_token_classification(n_samples, seq_len, vocab_size=1000, n_classes=10,
                              dominant_share=0.3, random_state=None):
    """Sequences of integer tokens labelled with their most frequent topic.

    Token v belongs to topic ``v % n_classes``. For each sequence a topic is drawn
    uniformly; each position takes that topic with probability `dominant_share` and
    one of the other topics (uniformly) otherwise; the token is then a random word of
    the position's topic. The label is the topic that occurs most often in the
    sequence; sequences in which two topics tie for most frequent are redrawn, so
    every sequence has exactly one right answer. Chance accuracy is 1 / n_classes.

    Parameters
    ----------
    n_samples : int >= 1, N
    seq_len : int >= 1, T
    vocab_size : int >= n_classes, the number of distinct tokens (ids 0 .. vocab_size - 1)
    n_classes : int >= 2, the number of topics (labels)
    dominant_share : float in (0, 1], the probability that a position takes the
        sequence's drawn topic; lower values make the topics harder to tell apart
    random_state : None, int or numpy Generator

    Returns
    -------
    X : int64 ndarray of shape (N, T), token ids in [0, vocab_size)
    y : int64 ndarray of shape (N,), labels in [0, n_classes): the most frequent topic
    """
    check_int("n_samples", n_samples, 1)
    check_int("seq_len", seq_len, 1)
    check_int("n_classes", n_classes, 2)
    check_int("vocab_size", vocab_size, n_classes)
    check_real("dominant_share", dominant_share, 0, 1)
    rng = check_random_state("random_state", random_state)
    X = np.empty((n_samples, seq_len), dtype=np.int64)
    y = np.empty(n_samples, dtype=np.int64)
    todo = np.arange(n_samples)
    for _ in range(1000):                       # ties are rare; a few rounds suffice
        n = todo.size
        drawn = rng.integers(0, n_classes, size=(n, 1))
        other = (drawn + rng.integers(1, n_classes, size=(n, seq_len))) % n_classes
        topics = np.where(rng.random((n, seq_len)) < dominant_share, drawn, other)
        # a random word of each topic: topic + n_classes * k, k < words in that topic
        words_in_topic = (vocab_size - topics + n_classes - 1) // n_classes
        X[todo] = topics + n_classes * (rng.random((n, seq_len)) * words_in_topic).astype(np.int64)
        counts = np.zeros((n, n_classes), dtype=np.int64)
        np.add.at(counts, (np.arange(n)[:, None], topics), 1)
        unique = (counts == counts.max(axis=1, keepdims=True)).sum(axis=1) == 1
        y[todo] = counts.argmax(axis=1)
        todo = todo[~unique]
        if todo.size == 0:
            return X, y
    raise RuntimeError("Could not draw sequences without ties in 1000 rounds; raise "
                       "seq_len or dominant_share.")
