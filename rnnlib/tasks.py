"""Generated token-sequence tasks for the Embedding -> LSTM -> Dense model: no download.

The "dominant topic" task. A vocabulary of `vocab_size` integer tokens (words) is split
into `n_classes` topics: token v belongs to topic ``v % n_classes``. A sequence is a short
document; its label is the topic that occurs most often in it. To get it right a model
must learn, from the data alone, which topic each of the words belongs to, and count
over the *whole* sequence: the last token alone, or any part of the sequence, is often
outvoted by the rest.
"""
import numpy as np

from ._checks import check_int, check_random_state, check_real


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
