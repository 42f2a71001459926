"""Truncated backpropagation through time, and a small trainer that uses it.

Full BPTT (`rnn_backward`) carries the gradient from every step back to step 1.
Truncated BPTT with k steps cuts the sequence into chunks of k steps. The forward pass
runs `rnn_forward` chunk by chunk, each chunk starting from the last hidden state of the
chunk before: the *state* is carried forward, so the hidden states are exactly those of
one uncut forward pass. The backward pass runs `rnn_backward` inside each chunk and drops
the gradient that reaches the chunk's initial state instead of handing it to the chunk
before: the *gradient* is not carried back. So a loss at step t teaches the weights
about the inputs of its own chunk only, never about an input k or more steps earlier.

The trainer fits a many-to-many tanh RNN with a sigmoid readout on every step,
p_t = sigmoid(h_t Wy + by), by Adam on the weighted binary cross-entropy.

Shapes: N batch, T time steps, D input features, H hidden units; weights in Keras's
layout (Wx (D, H), Wh (H, H), b (H,); readout Wy (H, 1), by (1,)).
"""
import numpy as np

from ._checks import as_float_array, check_int
from ._layout import check_params
from ._linalg import project
from .activations import sigmoid
from . import train
from .rnn import RNNCache, rnn_backward, rnn_forward

PARAM_NAMES = ("Wx", "Wh", "b", "Wy", "by")


def _check_k(k):
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be an integer >= 1 (the number of steps in a chunk), "
                         f"but got {k!r}. Use k >= T for full, untruncated BPTT.")
    return int(k)


def truncated_forward(x, h0, Wx, Wh, b, k):
    """Run `rnn_forward` over chunks of k steps, carrying the hidden state from chunk to chunk.

    Parameters
    ----------
    x : ndarray of shape (N, T, D); h0 : ndarray of shape (N, H)
    Wx : (D, H), Wh : (H, H), b : (H,)
    k : int >= 1, the chunk length (the last chunk may be shorter)

    Returns
    -------
    h : ndarray of shape (N, T, H), the same hidden states as ``rnn_forward``
    caches : list of RNNCache, one per chunk, for `truncated_backward`
    """
    k = _check_k(k)
    x = as_float_array("x", x, ("N", "T", "D"))
    caches, h_t = [], h0
    for start in range(0, x.shape[1], k):
        h_chunk, cache = rnn_forward(x[:, start:start + k], h_t, Wx, Wh, b)   # (N, k, H)
        h_t = h_chunk[:, -1]                        # the state goes on to the next chunk
        caches.append(cache)
    return np.concatenate([c.h for c in caches], axis=1), caches


def truncated_backward(dh, caches):
    """BPTT inside each chunk only: the gradient is cut at every chunk boundary.

    Parameters
    ----------
    dh : ndarray of shape (N, T, H), the upstream gradient on every hidden state
    caches : the list returned by `truncated_forward`

    Returns
    -------
    dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,), as `rnn_backward` does.
    The weights are shared by every chunk, so their gradients are summed over chunks;
    dh0 is the gradient on the first chunk's initial state. With one chunk (k >= T)
    this is exactly `rnn_backward`.
    """
    if not isinstance(caches, (list, tuple)) or not caches or \
            not all(isinstance(c, RNNCache) for c in caches):
        raise TypeError("caches must be the list of caches returned by truncated_forward, "
                        f"but got {type(caches).__name__}.")
    N, H = caches[0].h0.shape
    T = sum(c.h.shape[1] for c in caches)
    dh = as_float_array("dh", dh, ("N", "T", "H"), dtype=caches[0].h.dtype)
    if dh.shape != (N, T, H):
        raise ValueError(f"dh must have the shape of the forward output (N, T, H) = "
                         f"{(N, T, H)}, but has shape {dh.shape}.")
    dx, dWx, dWh, db, start = [], 0, 0, 0, 0
    for j, cache in enumerate(caches):
        stop = start + cache.h.shape[1]
        g = rnn_backward(dh[:, start:stop], cache)   # dx, dh0, dWx, dWh, db of this chunk
        if j == 0:
            dh0 = g[1]                  # later chunks' g[1] is dropped: the truncation
        dx.append(g[0])
        dWx, dWh, db = dWx + g[2], dWh + g[3], db + g[4]
        start = stop
    return np.concatenate(dx, axis=1), dh0, dWx, dWh, db


def init_params(D, H, random_state=None, recurrent_gain=1.0, dtype=np.float64):
    """Keras's initialisation for ``SimpleRNN(H)`` followed by ``Dense(1)``:
    ``rnnlib.train.init_params("simple_rnn", D, H, ...)``.

    Returns a dict with the keys Wx (D, H), Wh (H, H), b (H,), Wy (H, 1), by (1,).
    """
    D, H = check_int("D", D, 1), check_int("H", H, 1)
    return train.init_params("simple_rnn", D, H, random_state, recurrent_gain, dtype)


def _readout(params, x, k):
    """Hidden states, chunk caches and logits (N, T) of the many-to-many model."""
    h, caches = truncated_forward(x, np.zeros((x.shape[0], params["Wh"].shape[0]), x.dtype),
                                  params["Wx"], params["Wh"], params["b"], k)
    return h, caches, project(h, params["Wy"])[..., 0] + params["by"]


def _targets(like, y, sample_weight, dtype=None):
    """y and sample_weight (N, T) as arrays of `dtype` (None: their own), checked
    against the (N, T) that starts the shape of `like` (x (N, T, D) or p (N, T))."""
    y = as_float_array("y", y, ("N", "T"), dtype=dtype, ints=True)
    w = as_float_array("sample_weight", sample_weight, ("N", "T"), dtype=dtype, ints=True)
    if not y.shape == w.shape == like.shape[:2]:
        raise ValueError(f"y and sample_weight must have shape (N, T) = {like.shape[:2]}, "
                         f"but have shapes {y.shape} and {w.shape}.")
    if not w.sum() > 0:
        raise ValueError("sample_weight must have a positive sum (some step with a target), "
                         f"but sums to {w.sum()}.")
    return y, w


def predict_proba(params, x):
    """P(target = 1) at every step, an ndarray of shape (N, T), for inputs x (N, T, D)."""
    params = check_params(params)
    x = as_float_array("x", x, ("N", "T", "D"), dtype=params["Wx"].dtype)
    return sigmoid(_readout(params, x, x.shape[1])[2])


def accuracy(params, x, y, sample_weight):
    """Share of the steps with a non-zero weight whose prediction (p > 0.5) equals y.

    x : (N, T, D); y : (N, T) targets in {0, 1}; sample_weight : (N, T).
    """
    p = predict_proba(params, x)                              # (N, T); checks params, x
    y, w = _targets(p, y, sample_weight)
    scored = w > 0
    return float(np.mean((p > 0.5)[scored] == (y > 0.5)[scored]))


def loss_and_grads(params, x, y, sample_weight, k):
    """Weighted binary cross-entropy and its gradients, with BPTT truncated to k steps.

    Parameters
    ----------
    params : dict from `init_params`
    x : (N, T, D) inputs; y : (N, T) targets in {0, 1}; sample_weight : (N, T), the
        weight of each step's loss (0 for steps without a target)
    k : int >= 1, the truncation length; k >= T gives the exact gradient

    Returns
    -------
    loss : float, sum(w * bce) / sum(w)
    grads : dict with the keys and shapes of params (all NaN if the loss is NaN or
        infinite, as when too large a learning rate has blown the weights up)
    """
    params = check_params(params)
    x = as_float_array("x", x, ("N", "T", "D"), dtype=params["Wx"].dtype)
    y, w = _targets(x, y, sample_weight, x.dtype)
    w = w / w.sum()
    h, caches, z = _readout(params, x, k)                      # (N, T, H), (N, T)
    loss = float(np.sum(w * (np.logaddexp(0, z) - y * z)))     # bce written stably in z
    if not np.isfinite(loss):          # diverged weights: no gradient to take, NaN says so
        return loss, {name: np.full_like(p, np.nan) for name, p in params.items()}
    dz = w * (sigmoid(z) - y)                                  # (N, T)
    dh = dz[..., None] * params["Wy"][:, 0]                    # (N, T, H)
    _, _, dWx, dWh, db = truncated_backward(dh, caches)
    dWy = h.reshape(-1, h.shape[-1]).T @ dz.reshape(-1, 1)     # (H, 1)
    return loss, dict(Wx=dWx, Wh=dWh, b=db, Wy=dWy, by=np.atleast_1d(dz.sum()))


def _check_finite(epoch, batch, learning_rate, loss, grads, params):
    """Raise FloatingPointError if the loss, a gradient or an updated weight is NaN or inf."""
    named = [("loss", loss)] + [(f"gradient of {n}", g) for n, g in grads.items()] \
        + [(f"updated weight {n}", p) for n, p in params.items()]
    bad = [what for what, value in named if not np.isfinite(value).all()]
    if bad:
        raise FloatingPointError(
            f"Training diverged in epoch {epoch}, batch {batch}: the {bad[0]} became NaN "
            f"or infinite. Lower the learning rate (learning_rate={learning_rate}) and/or "
            "clip the gradients: train_many_to_many has no clipping argument, so write the "
            "loop with loss_and_grads and rnnlib.clip_by_global_norm(grads, clip_norm).")


def train_many_to_many(x, y, sample_weight, k, hidden=16, epochs=10, batch_size=64,
                       learning_rate=0.01, recurrent_gain=1.0, trainable=PARAM_NAMES,
                       validation=None, random_state=0):
    """Train a tanh RNN with a sigmoid readout on every step, by Adam and truncated BPTT.

    Parameters
    ----------
    x, y, sample_weight : training data, (N, T, D), (N, T), (N, T)
    k : int >= 1, truncation length of BPTT (k >= T: full BPTT)
    hidden : H; epochs, batch_size, learning_rate : Adam with Keras's default betas
    recurrent_gain : scale of the orthogonal initial Wh (Keras: 1); below 1 the untrained
        network forgets its inputs within a few steps
    trainable : names of the parameters to update (the others keep their initial values);
        ("Wy", "by") trains the readout alone, with no gradient through time at all
    validation : optional tuple (x, y, sample_weight) of held-out data
    random_state : seeds the initial weights and the shuffling

    Returns
    -------
    params : dict of the trained weights
    history : dict of lists, one value per epoch: "loss" (mean training loss) and, with
        validation data, "val_accuracy"

    Stopped by KeyboardInterrupt (Ctrl-C, Jupyter's stop button), it prints one line and
    returns the weights and history of the epochs completed so far, with
    ``history["interrupted"] = True``. A NaN or infinite loss, gradient or weight raises
    FloatingPointError naming the epoch and batch.
    """
    k = _check_k(k)
    unknown = set(trainable) - set(PARAM_NAMES)
    if unknown:
        raise ValueError(f"trainable must name parameters among {PARAM_NAMES}, "
                         f"but got {sorted(unknown)}.")
    rng = np.random.default_rng(random_state)
    params = init_params(x.shape[-1], hidden, random_state=rng, recurrent_gain=recurrent_gain)
    m = {name: np.zeros_like(p) for name, p in params.items()}
    v = {name: np.zeros_like(p) for name, p in params.items()}
    beta1, beta2, eps, step = 0.9, 0.999, 1e-7, 0
    history = {"loss": []} | ({"val_accuracy": []} if validation is not None else {})
    done, done_params = 0, dict(params)         # epochs completed and their weights
    try:
        for epoch in range(1, epochs + 1):
            order, losses = rng.permutation(len(x)), []
            for batch, start in enumerate(range(0, len(x), batch_size), start=1):
                rows = order[start:start + batch_size]
                loss, grads = loss_and_grads(params, x[rows], y[rows], sample_weight[rows], k)
                losses.append(loss)
                step += 1                            # Adam, as keras.optimizers.Adam
                lr = learning_rate * np.sqrt(1 - beta2 ** step) / (1 - beta1 ** step)
                for name in trainable:
                    m[name] = beta1 * m[name] + (1 - beta1) * grads[name]
                    v[name] = beta2 * v[name] + (1 - beta2) * grads[name] ** 2
                    params[name] = params[name] - lr * m[name] / (np.sqrt(v[name]) + eps)
                _check_finite(epoch, batch, learning_rate, loss, grads, params)
            history["loss"].append(float(np.mean(losses)))
            if validation is not None:
                history["val_accuracy"].append(accuracy(params, *validation))
            done, done_params = epoch, dict(params)     # updates rebind, never write in place
    except KeyboardInterrupt:
        print(f"train_many_to_many: interrupted after {done} of {epochs} epochs; "
              f"returning the weights and history of those {done} epochs.")
        history = {key: values[:done] for key, values in history.items()} | {"interrupted": True}
    return done_params, history
