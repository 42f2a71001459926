"""Sampling text from a trained next-token model: temperature sampling, a generation
loop that feeds a Keras model one token at a time, and a Keras callback that prints
samples during training. numpy only at import; Keras is imported on first use.

Shapes: V tokens in the vocabulary, W context window.
"""
import numpy as np

from .._checks import check_callable, check_ids, check_int, check_random_state, check_real


def _check_temperature(temperature):
    """temperature as a float >= 0, or a clear error."""
    return check_real("temperature", temperature, 0, closed=True, note=" (0 means argmax)")


def sample_with_temperature(probs, temperature=1.0, rng=None):
    """Draw one token id from a probability vector sharpened or flattened by a temperature.

    The probabilities are re-weighted as ``p ** (1 / temperature)`` and renormalised:
    temperature 1 samples from `probs` itself, below 1 favours likely tokens, above 1
    flattens the distribution, and 0 returns the most likely id (argmax).

    Parameters
    ----------
    probs : array-like of shape (V,), non-negative, summing to 1 (within 1e-3)
    temperature : float >= 0
    rng : numpy.random.Generator, or an int seed, or None for a fresh Generator

    Returns
    -------
    int, a token id in [0, V)
    """
    p = np.asarray(probs, dtype=np.float64)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"probs must be a non-empty vector of shape (V,), but has shape "
                         f"{p.shape}.")
    if not np.isfinite(p).all() or (p < 0).any() or abs(p.sum() - 1.0) > 1e-3:
        raise ValueError(f"probs must be finite, non-negative and sum to 1, but sums to "
                         f"{p.sum():.4g} with minimum {p.min():.4g}; pass a softmax output.")
    temperature = _check_temperature(temperature)
    if temperature == 0:
        return int(np.argmax(p))
    rng = check_random_state("rng", rng)
    with np.errstate(divide="ignore"):
        logits = np.log(p) / temperature
    logits -= logits.max()
    w = np.exp(logits)
    return int(rng.choice(p.size, p=w / w.sum()))


def generate_ids(model, seed_ids, n_tokens, temperature=1.0, depth=None, rng=None):
    """Extend `seed_ids` by `n_tokens` sampled ids, one token at a time.

    The model's layers are applied one step at a time: a recurrent layer (SimpleRNN,
    LSTM, GRU) through its cell, which carries its state from step to step, every
    other layer (Embedding, Dense) to the single step. The prompt is read first, then
    each softmax output is sampled with `sample_with_temperature` and fed back in.

    Parameters
    ----------
    model : Keras Sequential model (ids, or one-hot vectors when `depth` is given) ->
        softmax probabilities over V tokens at every step
    seed_ids : integer array-like of shape (S,), S >= 1, the prompt
    n_tokens : int >= 0, how many ids to add
    temperature : float >= 0
    depth : int V or None; if given, the context is one-hot encoded with V columns
    rng : numpy.random.Generator, int seed or None

    Returns
    -------
    ids : int64 ndarray of shape (S + n_tokens,), the prompt followed by the new ids
    """
    if not hasattr(model, "layers"):
        raise TypeError(f"model must be a Keras Sequential model (with .layers), but got "
                        f"{type(model).__name__}.")
    ids = np.asarray(seed_ids)
    if ids.ndim != 1 or ids.size == 0 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"seed_ids must be a non-empty 1-d integer array of shape (S,), "
                         f"but has shape {ids.shape} and dtype {ids.dtype}.")
    n_tokens = check_int("n_tokens", n_tokens, 0)
    temperature = _check_temperature(temperature)
    if depth is not None:
        depth = check_int("depth", depth, 1)
        check_ids("seed_ids", ids, depth)
    rng = check_random_state("rng", rng)
    states = {}

    def step(token):
        x = np.array([token], dtype=np.int64)
        if depth is not None:
            x = np.eye(depth, dtype=np.float32)[x]
        for layer in model.layers:
            cell = getattr(layer, "cell", None)
            if cell is None:
                x = layer(x)
                continue
            if layer.name not in states:
                states[layer.name] = cell.get_initial_state(1) \
                    if hasattr(cell, "get_initial_state") else None
            x, states[layer.name] = cell(x, states[layer.name])
        return np.asarray(x)[0]

    out = [int(i) for i in ids]
    for token in out[:-1]:
        step(token)
    for _ in range(n_tokens):
        probs = step(out[-1]).astype(np.float64)
        out.append(sample_with_temperature(probs / probs.sum(), temperature, rng))
    return np.array(out, dtype=np.int64)


def sampling_callback(seed_text, vocab, at_epochs, n_chars=200, temperature=0.5,
                      depth=None, random_state=0, log=print):
    """A Keras callback that samples text at the end of the chosen epochs.

    Parameters
    ----------
    seed_text : str, the prompt; every character must be in `vocab`
    vocab : sequence of str of length V (from `rnnlib.data.text.build_vocab`)
    at_epochs : iterable of int, 1-based epoch numbers after which to sample
    n_chars, temperature, depth : as in `generate_ids` (depth, if given, at least V)
    random_state : int seed; each sample uses a fresh Generator with this seed
    log : callable taking a str (``print`` by default), or None to stay silent

    Returns
    -------
    keras.callbacks.Callback whose ``samples`` dict maps epoch -> generated text
    (without the prompt)
    """
    from ..keras_helpers import keras
    from .text import decode, encode

    seed_ids = encode(seed_text, vocab)
    if isinstance(at_epochs, str) or not hasattr(at_epochs, "__iter__"):
        raise TypeError(f"at_epochs must be an iterable of epoch numbers, e.g. [1, 5, 10], "
                        f"but got {type(at_epochs).__name__}; use [{at_epochs!r}] for one.")
    epochs = sorted({check_int("at_epochs entry", e, 1) for e in at_epochs})
    check_int("n_chars", n_chars, 0)
    _check_temperature(temperature)
    if depth is not None:
        check_int("depth", depth, len(vocab))
    check_random_state("random_state", random_state)
    if log is not None:
        check_callable("log", log, "a callable taking a str, or None")

    class SamplingCallback(keras().callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.samples = {}

        def on_epoch_end(self, epoch, logs=None):
            if epoch + 1 not in epochs:
                return
            ids = generate_ids(self.model, seed_ids, n_chars, temperature, depth,
                               np.random.default_rng(random_state))
            text = decode(ids[len(seed_ids):], vocab)
            self.samples[epoch + 1] = text
            if log is not None:
                log(f"--- sample after epoch {epoch + 1} (temperature {temperature}) ---\n"
                    f"{seed_text}{text}")

    return SamplingCallback()
