"""Generated data sets: nothing is downloaded, everything is reproducible from a seed."""
import numpy as np

from ._checks import check_int, check_random_state


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
