"""A character-level LSTM language model in numpy: one-hot characters -> LSTM -> affine
read-out -> softmax, trained by truncated BPTT with the state carried between chunks.

The model, for a chunk of token ids x (N, T) and the state (h0, c0) carried in:

    h, cache = lstm_forward(onehot(x), h0, Wx, Wh, b, c0)     (N, T, H)
    logits = h Wy + by                                        (N, T, V)
    loss = softmax_cross_entropy(logits, y)                   summed over T, mean over N

A one-hot vector times Wx picks one row of Wx, so Wx (V, 4H) is also the model's
character embedding. `lstm` chooses the LSTM functions: ``rnnlib.lstm`` (the textbook
loops, used for gradient checks in float64) or ``rnnlib.fast`` (the same results, much
faster; used for training in float32).

Shapes: N batch (streams of text), T steps per chunk, V characters, H hidden units.
"""
import numpy as np

from .. import fast as fast_lstm
from .. import lstm as textbook_lstm
from .._checks import check_dtype, check_ids, check_int, check_random_state, check_real
from ..clip import clip_by_global_norm
from ..data.generate import sample_with_temperature
from ..data.text import one_hot
from ..losses import softmax, softmax_cross_entropy
from ..optim import Adam
from ..timing import one_thread
from .init import init_params

PARAM_NAMES = ("Wx", "Wh", "b", "Wy", "by")


def init_char_lstm(V, hidden, random_state=None, readout_scale=0.01, dtype=np.float64):
    """Initial weights: the LSTM as Keras initialises it, and a small read-out.

    V : int, vocabulary size; hidden : int H; readout_scale : std of Wy (V, H) entries,
    small so that the untrained logits are near 0 and the initial loss near ln V.
    Returns a dict with Wx (V, 4H), Wh (H, 4H), b (4H,), Wy (H, V), by (V,).
    """
    V, H = check_int("V", V, 2), check_int("hidden", hidden, 1)
    check_real("readout_scale", readout_scale, 0, closed=True)
    rng = check_random_state("random_state", random_state)
    lstm = init_params("lstm", V, H, random_state=rng, dtype=dtype)
    return {"Wx": lstm["Wx"], "Wh": lstm["Wh"], "b": lstm["b"],
            "Wy": (readout_scale * rng.normal(size=(H, V))).astype(dtype),
            "by": np.zeros(V, dtype=dtype)}


def zero_state(params, n):
    """h0, c0 : zeros of shape (n, H), in the dtype of the weights."""
    H = params["Wh"].shape[0]
    return np.zeros((n, H), params["Wh"].dtype), np.zeros((n, H), params["Wh"].dtype)


def forward(params, x, h0, c0, lstm=textbook_lstm):
    """Logits (N, T, V) for ids x (N, T) from the state (h0, c0) (N, H) each.

    Returns logits, h (N, T, H), the LSTM cache, and the state (h_T, c_T) to carry on.
    """
    V = params["Wx"].shape[0]
    x = check_ids("x", x, V)
    h, cache = lstm.lstm_forward(one_hot(x, V, params["Wx"].dtype), h0,
                                 params["Wx"], params["Wh"], params["b"], c0)
    logits = h @ params["Wy"] + params["by"]                  # (N, T, V)
    return logits, h, cache, (h[:, -1], cache.c[:, -1])


def loss_and_grads(params, x, y, h0, c0, lstm=textbook_lstm):
    """Loss and gradients of one chunk, backpropagated through its T steps only.

    Parameters
    ----------
    params : dict from `init_char_lstm`
    x, y : integer ndarrays of shape (N, T), input ids and target ids (x shifted by one)
    h0, c0 : ndarrays of shape (N, H), the state carried in from the previous chunk
        (treated as constants: no gradient flows into the previous chunk)
    lstm : ``rnnlib.lstm`` (textbook) or ``rnnlib.fast`` (same results, faster)

    Returns
    -------
    loss : float, cross-entropy summed over T and averaged over N, in nats
    grads : dict with the keys and shapes of params
    state : (h_T, c_T), the state to carry into the next chunk
    """
    logits, h, cache, state = forward(params, x, h0, c0, lstm)
    loss, dlogits = softmax_cross_entropy(logits, y)          # (N, T, V)
    N, T, H = h.shape
    dWy = h.reshape(N * T, H).T @ dlogits.reshape(N * T, -1)  # logits = h Wy + by
    dby = dlogits.sum(axis=(0, 1))
    dh = dlogits @ params["Wy"].T                             # (N, T, H)
    _, _, dWx, dWh, db = lstm.lstm_backward(dh, cache)
    return loss, {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}, state


def mean_nats(params, x, y, lstm=fast_lstm):
    """Cross-entropy per character, in nats, of targets y (N, T) after inputs x (N, T),
    each row read from a zero state (as Keras scores windows)."""
    logits, *_ = forward(params, x, *zero_state(params, len(x)), lstm)
    return softmax_cross_entropy(logits, y)[0] / x.shape[1]


def _streams(ids, batch_size):
    """The training ids cut into `batch_size` contiguous streams (N, L), read side by side."""
    L = len(ids) // batch_size
    return ids[:batch_size * L].reshape(batch_size, L)


def train_char_lstm(ids, V, hidden=128, seq_len=64, batch_size=32, steps=1000,
                    learning_rate=0.01, clip_norm=25.0, validation=None, eval_every=100,
                    random_state=0, dtype=np.float32, lstm=fast_lstm):
    """Train the model by Adam and truncated BPTT, carrying the state between chunks.

    The ids are cut into `batch_size` streams; step k reads the k-th chunk of `seq_len`
    characters of every stream, starting from the state the previous chunk ended in
    (zeros at the start and whenever the streams wrap around). Gradients are clipped to
    a global norm of `clip_norm` before each Adam step. The matrix products are small, so
    they run on one BLAS thread (`rnnlib.timing.one_thread`): faster, and far faster when
    other programs keep the cores busy (threads then wait for their turn).

    Parameters
    ----------
    ids : integer ndarray of shape (L,), the training text as ids in [0, V)
    V : int, vocabulary size; hidden : H
    seq_len : T, steps per chunk (BPTT is truncated to T); batch_size : N streams
    steps : number of optimiser steps; learning_rate, clip_norm : Adam and clipping
    validation : optional (x, y) of held-out windows (M, W), scored with `mean_nats`
        every `eval_every` steps and at the end
    random_state : seeds the initial weights; dtype : of the weights

    Returns
    -------
    params : dict of the trained weights
    history : dict of lists: "step" and "val_nats" at each evaluation, "loss" the
        training loss per character of every step, "grad_norm" the global norm before
        clipping

    Stopped by KeyboardInterrupt (Ctrl-C, Jupyter's stop button), it prints one line and
    returns the weights after the last completed step, with ``history["interrupted"] = True``.
    """
    V = check_int("V", V, 2)
    ids = check_ids("ids", ids, V)
    T, N = check_int("seq_len", seq_len, 1), check_int("batch_size", batch_size, 1)
    steps, eval_every = check_int("steps", steps, 1), check_int("eval_every", eval_every, 1)
    streams = _streams(ids, N)                                # (N, L)
    if streams.shape[1] < T + 1:
        raise ValueError(f"ids must hold at least batch_size * (seq_len + 1) = "
                         f"{N * (T + 1)} ids, but holds {len(ids)}.")
    params = init_char_lstm(V, hidden, random_state, dtype=check_dtype("dtype", dtype, True))
    adam = Adam(learning_rate)
    history = {"step": [], "val_nats": [], "loss": [], "grad_norm": []}
    h, c = zero_state(params, N)
    pos = 0
    try:
        with one_thread():            # small products: see the docstring
            for step in range(1, steps + 1):
                if pos + T + 1 > streams.shape[1]:        # the streams wrap: start afresh
                    pos, (h, c) = 0, zero_state(params, N)
                x, y = streams[:, pos:pos + T], streams[:, pos + 1:pos + T + 1]
                loss, grads, (h, c) = loss_and_grads(params, x, y, h, c, lstm)
                clipped, norm = clip_by_global_norm(list(grads.values()), clip_norm)
                new = adam.step(params, dict(zip(grads, clipped)))
                history["loss"].append(loss / T)
                history["grad_norm"].append(norm)
                params = new                      # last, so that Ctrl-C leaves them in step
                pos += T
                if validation is not None and (step % eval_every == 0 or step == steps):
                    history["step"].append(step)
                    history["val_nats"].append(mean_nats(params, *validation, lstm=lstm))
    except KeyboardInterrupt:           # Ctrl-C, Jupyter's stop button: keep what is done
        done = len(history["loss"])
        print(f"train_char_lstm: interrupted after {done} of {steps} steps; returning the "
              "weights and history of those steps.")
        history["step"] = history["step"][:len(history["val_nats"])]
        history["interrupted"] = True
    return params, history


def sample(params, seed_ids, n, temperature=1.0, rng=None):
    """Read `seed_ids` (S,), then sample `n` more ids one at a time, each fed back in.

    Returns an int ndarray of shape (S + n,): the seed followed by the sampled ids.
    """
    V = params["Wx"].shape[0]
    seed_ids = check_ids("seed_ids", seed_ids, V).reshape(1, -1)
    rng = check_random_state("rng", rng)
    out = list(seed_ids[0])
    with one_thread():
        logits, _, _, (h, c) = forward(params, seed_ids, *zero_state(params, 1), fast_lstm)
        for _ in range(check_int("n", n, 0)):
            p = softmax(logits[0, -1].astype(np.float64))
            out.append(sample_with_temperature(p, temperature, rng))
            logits, _, _, (h, c) = forward(params, np.array([[out[-1]]]), h, c, fast_lstm)
    return np.array(out, dtype=np.int64)
