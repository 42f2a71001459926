"""Set 12 (training a character model in numpy): planted submissions graded as they should be.

Each planted notebook is the set's solution with one mistake a learner makes (a loss that
overflows, a gradient not divided by N*T, a read-out gradient of the last step only, a state
reset at every chunk, no clipping, one optimiser step too many, a model trained again after
its budget, a learning rate too timid to reach the target, a temperature applied to the
probabilities instead of the logits, a generator re-seeded at every draw, temperature 0 not
taken as argmax, no error for a bad temperature, a sampler that does not carry its state),
or with an answer that hands its question back to rnnlib. They are graded with
`tools/grade.py --dir` (what `make grade-all` runs) and each must score exactly the points it
earns, with the reason. The answers that run rnnlib's own function score 0 on their question
(`rnnlib.grading.own_work.OWN_WORK` names set 12's functions); `test_call_refuses_rnnlib_twins`
checks, in process, that `call` refuses them and accepts the solution's own functions.
"""
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_exercises import add_cell, assign, body, check_planted, edit, grade_planted, with_answers  # noqa: E402

SET = "12_char_model"
ONLY = os.environ.get("EXERCISE_SETS", "").split()
pytestmark = pytest.mark.skipif(bool(ONLY) and "12" not in ONLY,
                                reason="set 12 not selected by EXERCISE_SETS")

OWN = "runs rnnlib's own "
HIDDEN = "hidden test"
STABLE = "    shifted = logits - logits.max(axis=-1, keepdims=True)"
MEAN = "    return loss, dlogits / (N * T)"
CHUNK = "    loss, grads, (h, c) = chunk_loss_and_grads(params, x, y, h, c)"
CLIP = ("        clipped, _ = clip_by_global_norm(list(grads.values()), clip_norm)\n"
        "        params = optimizer.step(params, dict(zip(grads, clipped)))")
TEMPERATURE = ("    z = np.asarray(logits, dtype=np.float64) / temperature\n"
               "    p = np.exp(z - z.max())")
CHECK = ("    if not (isinstance(temperature, (int, float, np.number)) and np.isfinite(temperature)\n"
         "            and temperature >= 0):")


def full(q1=2, q2=2, q3=2, q4=2, q5=2):
    return {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5}


# name: (notebook maker from the solution S and the student notebook U,
#        {question: points}, total, words in the reasons)
PLANTED = {
    "full": (lambda S, U: S, full(), 10, ""),
    "untouched": (lambda S, U: U, full(0, 0, 0, 0, 0), 0, "q1: `char_cross_entropy` is not written yet"),
    "only_q1": (lambda S, U: with_answers(U, S, {"q1"}), full(2, 0, 0, 0, 0), 2,
                "q2: `chunk_loss_and_grads` is not written yet"),
    # q1: exp of 1e4 overflows (only the hidden check with logits of +-1e4 sees it)
    "loss_overflows": (lambda S, U: edit(S, STABLE, "    shifted = logits"), full(q1=1.5), 9.5, HIDDEN),
    # q1: the gradient of a sum, not of the mean: q1 and q2 (which compare with rnnlib) lose all;
    # the loop and the trained model do not care (Adam divides the scale out)
    "gradient_not_divided_by_NT": (lambda S, U: edit(S, MEAN, "    return loss, dlogits"),
                                   full(q1=0, q2=0), 6, "dlogits of char_cross_entropy is N*T times"),
    # q2: the read-out's weight gradient of the last step only
    "readout_gradient_last_step_only": (
        lambda S, U: edit(S, "    dWy = h.reshape(N * T, H).T @ dlogits.reshape(N * T, V)",
                          "    dWy = h[:, -1].T @ dlogits[:, -1]"),
        full(q2=0), 8, "grads['Wy'] of chunk_loss_and_grads"),
    # q3: every chunk starts from zeros: no state is carried
    "state_reset_every_chunk": (
        lambda S, U: edit(S, CHUNK, "    loss, grads, (h, c) = chunk_loss_and_grads(params, x, y, "
                                    "*zero_state(params, N))"),
        full(q3=0), 8, "the losses of train_char_model"),
    # q3: the prompt asks for clipping; only the checks that clip see it missing
    "no_clipping": (lambda S, U: edit(S, CLIP, "        params = optimizer.step(params, grads)"),
                    full(q3=0.5), 8.5, "the losses of train_char_model"),
    # q3 and q5: one optimiser step more than asked, so q5's budget of 300 is broken
    "one_step_too_many": (lambda S, U: edit(S, "    for _ in range(steps):", "    for _ in range(steps + 1):"),
                          full(q3=0, q5=0), 6, "q5: `adam` took 301 optimiser steps, more than the 300"),
    # q5: the model trained again after the training cell: 400 steps
    "trained_again": (lambda S, U: add_cell(S, "adam = Adam(LEARNING_RATE)", (
        "with one_thread():\n"
        "    params, state, losses = train_char_model(params, train_ids, 100, adam, 32, 32, 1.0)")),
        full(q5=0), 8, "q5: `adam` took 400 optimiser steps, more than the 300"),
    # q5: chapter 14's learning rate: 300 steps stay above 3.0 bits per character
    "timid_learning_rate": (lambda S, U: edit(S, "LEARNING_RATE = 0.05", "LEARNING_RATE = 0.01"),
                            full(q5=1), 9, HIDDEN),
    # q4: softmax(z) / temperature, renormalised, is softmax(z) again: every temperature acts as 1
    "temperature_on_probabilities": (
        lambda S, U: edit(S, TEMPERATURE, "    z = np.asarray(logits, dtype=np.float64)\n"
                                          "    p = np.exp(z - z.max()) / temperature"),
        full(q4=1.5), 9.5, HIDDEN),
    # q4: a fresh generator seeded 0 at every draw: the same uniform number every time
    "sample_reseeds_every_call": (
        lambda S, U: edit(S, "    return int(rng.choice(len(p), p=p / p.sum()))",
                          "    return int(np.random.default_rng(0).choice(len(p), p=p / p.sum()))"),
        full(q4=1), 9, "with temperature 1, sample_next must draw from softmax(logits) itself"),
    # q4: temperature 0 divides by zero instead of taking the argmax
    "temperature_zero_not_argmax": (
        lambda S, U: edit(S, "    if temperature == 0:\n        return int(np.argmax(logits))\n", ""),
        full(q4=1), 9, "sample_next([0.1, 2.0, -1.0, 1.9], temperature=0) raised ValueError"),
    # q4: a negative or nan temperature is not refused with a clear error
    "no_temperature_check": (lambda S, U: edit(S, CHECK, "    if False:"), full(q4=1.5), 9.5, HIDDEN),
    # q4: the sampler reads each new character from zeros instead of the carried state
    "sampling_state_not_carried": (
        lambda S, U: edit(S, "        h, c = hs[:, -1], cache.c[:, -1]", "        h, c = zero_state(params, 1)"),
        full(q4=1), 9, "with temperature 0, sample_chars returned"),
    # answers that hand the question back to rnnlib
    "loss_from_rnnlib": (
        lambda S, U: body(S, "    N, T, V = logits.shape\n", (
            "    from rnnlib.losses import softmax_cross_entropy\n"
            "    loss, d = softmax_cross_entropy(logits, y)\n"
            "    return loss / y.shape[1], d / y.shape[1]\n")),
        full(q1=0), 8, "q1: `char_cross_entropy` " + OWN + "`rnnlib.losses.softmax_cross_entropy`"),
    "chunk_by_getattr": (
        lambda S, U: body(S, "    h, cache = lstm_forward(one_hot(x, V, Wx.dtype), h0, Wx, Wh, b, c0)", (
            "    import importlib\n"
            "    m = importlib.import_module('rnnlib.training.' + 'char_lstm')\n"
            "    loss, g, state = getattr(m, 'loss_' + 'and_grads')(params, x, y, h0, c0)\n"
            "    return loss / x.shape[1], {k: v / x.shape[1] for k, v in g.items()}, state\n")),
        full(q2=0), 8, "q2: `chunk_loss_and_grads` " + OWN + "`rnnlib.training.char_lstm.loss_and_grads`"),
    "loop_from_rnnlib": (
        lambda S, U: body(S, "    T, N = seq_len, batch_size\n", (
            "    from rnnlib.training.char_lstm import train_char_lstm as train\n"
            "    new, history = train(ids, params['Wx'].shape[0], hidden=params['Wh'].shape[0],\n"
            "                         seq_len=seq_len, batch_size=batch_size, steps=steps, clip_norm=clip_norm)\n"
            "    return new, None, history['loss']\n")),
        full(q3=0, q5=0), 6, "q3: `train_char_model` " + OWN + "`rnnlib.training.char_lstm.train_char_lstm`"),
    "sample_next_from_rnnlib": (
        lambda S, U: body(S, "    if temperature == 0:\n", (
            "    from rnnlib.data.generate import sample_with_temperature as s\n"
            "    from rnnlib.losses import softmax\n"
            "    return s(softmax(np.asarray(logits, dtype=np.float64)), temperature, rng)\n")),
        full(q4=0), 8, "q4: `sample_next` " + OWN + "`rnnlib.losses.softmax`, "
                       "`rnnlib.data.generate.sample_with_temperature`"),
    "sample_chars_from_rnnlib": (
        lambda S, U: body(S, "    out = [int(i) for i in seed_ids]\n", (
            "    import rnnlib.training.char_lstm as cl\n"
            "    return cl.sample(params, seed_ids, n, temperature, rng)\n")),
        full(q4=1), 9, "q4: `sample_chars` " + OWN + "`rnnlib.training.char_lstm.sample`"),
}


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    """Set 12's solution and student notebooks, made from the master now."""
    return assign("12", tmp_path_factory)


@pytest.fixture(scope="module")
def graded(notebooks, tmp_path_factory):
    return grade_planted({name: make for name, (make, *_) in PLANTED.items()}, notebooks, "12",
                         tmp_path_factory)


@pytest.mark.parametrize("name", list(PLANTED))
def test_planted_submission_scores(graded, name):
    _, scores, total, words = PLANTED[name]
    check_planted(graded[0][f"{name}.ipynb"], scores, words, total)


def test_grading_is_fast(graded):
    rows, seconds = graded
    assert all(float(r["seconds"]) < 60 for r in rows.values()), rows


def test_call_refuses_rnnlib_twins():
    """`call` refuses each of set 12's functions when it runs rnnlib's twin, in process, and
    lets through functions that use the allowed helpers (rnnlib.fast's LSTM, one_hot,
    clip_by_global_norm, zero_state)."""
    import numpy as np
    from rnnlib import fast
    from rnnlib.clip import clip_by_global_norm
    from rnnlib.data.generate import sample_with_temperature
    from rnnlib.data.text import one_hot
    from rnnlib.grading import call
    from rnnlib.losses import softmax, softmax_cross_entropy
    from rnnlib.optim import Adam
    from rnnlib.training import char_lstm
    rng = np.random.default_rng(0)
    params = char_lstm.init_char_lstm(5, 3, random_state=0)
    x, y = rng.integers(0, 5, size=(2, 4)), rng.integers(0, 5, size=(2, 4))
    h0, c0 = char_lstm.zero_state(params, 2)
    ids = rng.integers(0, 5, size=40)
    twins = {
        "char_cross_entropy": lambda: softmax_cross_entropy(rng.normal(size=(2, 4, 5)), y),
        "chunk_loss_and_grads": lambda: char_lstm.loss_and_grads(params, x, y, h0, c0),
        "train_char_model": lambda: char_lstm.train_char_lstm(ids, 5, hidden=3, seq_len=4, batch_size=2,
                                                              steps=1),
        "sample_next": lambda: sample_with_temperature(softmax(np.zeros(5)), 1.0, rng),
        "sample_chars": lambda: char_lstm.sample(params, np.array([1]), 3, 1.0, rng),
    }
    for name, fn in twins.items():
        with pytest.raises(AssertionError, match=f"`{name}` runs rnnlib's own"):
            call(fn, name=name)

    def chunk_loss_and_grads(params, x, y, h0, c0):      # the allowed helpers, and numpy
        Wx, Wh, b, Wy, by = (params[k] for k in ("Wx", "Wh", "b", "Wy", "by"))
        h, cache = fast.lstm_forward(one_hot(x, 5, Wx.dtype), h0, Wx, Wh, b, c0)
        z = h @ Wy + by
        p = np.exp(z - z.max(axis=-1, keepdims=True))
        p /= p.sum(axis=-1, keepdims=True)
        loss = float(-np.log(np.take_along_axis(p, y[..., None], -1)).mean())
        np.put_along_axis(p, y[..., None], np.take_along_axis(p, y[..., None], -1) - 1, -1)
        dz = p / y.size
        _, _, dWx, dWh, db = fast.lstm_backward(dz @ Wy.T, cache)
        grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": np.einsum("nth,ntv->hv", h, dz), "by": dz.sum((0, 1))}
        return loss, grads, (h[:, -1], cache.c[:, -1])

    loss, grads, _ = call(chunk_loss_and_grads, params, x, y, h0, c0, name="chunk_loss_and_grads")
    total, want, _ = char_lstm.loss_and_grads(params, x, y, h0, c0)
    assert np.isclose(loss, total / 4) and all(np.allclose(grads[k], want[k] / 4) for k in want)

    def train_char_model(params, ids, steps, optimizer, seq_len, batch_size, clip_norm):
        h, c = char_lstm.zero_state(params, batch_size)
        streams = ids[:len(ids) // batch_size * batch_size].reshape(batch_size, -1)
        for k in range(steps):
            x = streams[:, k * seq_len:(k + 1) * seq_len]
            y = streams[:, k * seq_len + 1:(k + 1) * seq_len + 1]
            _, grads, (h, c) = chunk_loss_and_grads(params, x, y, h, c)
            clipped, _ = clip_by_global_norm(list(grads.values()), clip_norm)
            params = optimizer.step(params, dict(zip(grads, clipped)))
        return params, (h, c), []

    adam = Adam(0.01)
    call(train_char_model, params, ids, 3, adam, 4, 2, 1.0, name="train_char_model")
    assert adam.t == 3
