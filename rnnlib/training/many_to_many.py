"""A many-to-many tanh RNN trained by Adam with truncated BPTT.

The model reads x (N, T, D) and predicts at every step p_t = sigmoid(h_t Wy + by), a
probability (N, T); the loss is the binary cross-entropy weighted per step. Gradients
come from `rnnlib.training.truncated` (k steps back; k >= T gives full BPTT).

Shapes: N batch, T time steps, D input features, H hidden units; weights in Keras's
layout (Wx (D, H), Wh (H, H), b (H,); readout Wy (H, 1), by (1,)).
"""
import numpy as np

from .._checks import as_float_array
from .._weights import check_params
from ..activations import sigmoid
from ..optim import Adam
from .init import init_params
from .truncated import _check_k, truncated_backward, truncated_forward

PARAM_NAMES = ("Wx", "Wh", "b", "Wy", "by")


def _readout(params, x, k):
    """Hidden states, chunk caches and logits (N, T) of the many-to-many model."""
    h, caches = truncated_forward(x, np.zeros((x.shape[0], params["Wh"].shape[0]), x.dtype),
                                  params["Wx"], params["Wh"], params["b"], k)
    return h, caches, (h @ params["Wy"])[..., 0] + params["by"]


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
    params = init_params("simple_rnn", x.shape[-1], hidden, random_state=rng,
                         recurrent_gain=recurrent_gain)
    adam = Adam(learning_rate)                  # Keras's default betas and epsilon
    history = {"loss": []} | ({"val_accuracy": []} if validation is not None else {})
    done, done_params = 0, dict(params)         # epochs completed and their weights
    try:
        for epoch in range(1, epochs + 1):
            order, losses = rng.permutation(len(x)), []
            for batch, start in enumerate(range(0, len(x), batch_size), start=1):
                rows = order[start:start + batch_size]
                loss, grads = loss_and_grads(params, x[rows], y[rows], sample_weight[rows], k)
                losses.append(loss)
                params = adam.step(params, {name: grads[name] for name in trainable})
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
