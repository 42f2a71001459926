"""Set 9 (architectures and counting): planted submissions graded as they should be.

Each planted notebook is the set's solution with one mistake a learner makes (one answer for
every task, a date rewrite taken for a synced task, `return_sequences` or `merge_mode`
ignored in a shape, the GRU's second bias forgotten, a bidirectional layer counted once, a
Dense layer counted once per step, a ceiling where equal counts need one step more, a loop
over T that cannot reach 10^9), or with an answer that hands its question to rnnlib's
`count_params` or to Keras. They are graded with `tools/grade.py --dir` (what `make
grade-all` runs) and each must score exactly the points it earns, with the reason. A slip in
q2's shapes or q3's counts also costs the questions built on them (q3's `model_params` uses
`stack_shapes`, q4's `crossover_length` uses `model_params`), as it would for a learner.
`test_call_refuses_count_params` and the `refuse_keras` tests check the two own-work rules in
process.
"""
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_exercises import add_cell, assign, body, check_planted, edit, grade_planted  # noqa: E402

SET = "09_architectures"
ONLY = os.environ.get("EXERCISE_SETS", "").split()
pytestmark = pytest.mark.skipif(bool(ONLY) and "09" not in ONLY,
                                reason="set 09 not selected by EXERCISE_SETS")

FULL = {"q1": 2, "q2": 2.5, "q3": 3, "q4": 2.5}
LAYER_BODY = '    kind, D = layer["layer"], input_shape[-1]\n'
SHAPES_BODY = "    shapes = [tuple(input_shape)]\n"
CROSS_BODY = "    recurrent = sum(model_params((None, None, D), [\n"
RETURN = "    return max(1, (recurrent - fixed) // (D * H) + 1)"
OWN = "runs rnnlib's own `rnnlib.cells.Cell.count_params`"
KERAS = "runs Keras code"


def scores(**lost):
    """The full marks with some questions' points replaced, e.g. scores(q1=0)."""
    return {**FULL, **lost}


# name: (notebook maker from the solution S and the student notebook U,
#        {question: points}, words in the reasons)
PLANTED = {
    "full": (lambda S, U: S, FULL, ""),
    "untouched": (lambda S, U: U, {"q1": 0, "q2": 0, "q3": 0, "q4": 0},
                  "q2: `stack_shapes` is not written yet"),
    # one architecture for every task: the public check of chapter 3's four tasks fails
    "one_constant": (lambda S, U: add_cell(S, '"tomorrow": "many_to_one",',
                                           'ARCHITECTURE = dict.fromkeys(ARCHITECTURE, "many_to_one")'),
                     scores(q1=0), "q1: ARCHITECTURE['digit_image'] is 'many_to_one', but this task is"),
    # a date rewrite taken for synced: one hidden group of q1
    "dates_synced": (lambda S, U: edit(S, '"dates": "encoder_decoder",', '"dates": "many_to_many_synced",'),
                     scores(q1=1.25), "hidden test: 1 of these 5 tasks have the wrong architecture: ['dates']"),
    # a caption taken for a synced task: the other hidden group of q1
    "caption_synced": (lambda S, U: edit(S, '"caption": "one_to_many",', '"caption": "many_to_many_synced",'),
                       scores(q1=1.25), "hidden test: 1 of these 5 tasks have the wrong architecture: ['caption']"),
    # a recurrent layer always returns the whole sequence: the shapes are wrong and no stack
    # is refused; the counts, which depend on the last axis only, are right until a repeat
    # meets a 3-D input (q3's hidden autoencoder)
    "return_sequences_ignored": (
        lambda S, U: edit(S, '            out = shape[:2] + (H,) if layer.get("return_sequences", False) '
                             'else (shape[0], H)', "            out = shape[:2] + (H,)"),
        scores(q2=0, q3=2), "should have shape (None, 48), but got (None, 40, 48)"),
    # a bidirectional layer has 2H features whatever merge_mode says: hidden stacks only, in
    # q2's shapes and in q3's counts of the layer after a "sum", "ave" or "mul" merge
    "merge_mode_ignored": (
        lambda S, U: edit(S, '            if layer.get("bidirectional", False) and '
                             'layer.get("merge_mode", "concat") == "concat":',
                          '            if layer.get("bidirectional", False):'),
        scores(q2=1.5, q3=2), "hidden test: stack_shapes for a sequence autoencoder"),
    # reset_after=True's second bias row forgotten: q3, and q4's hidden GRU cases
    "gru_one_bias": (lambda S, U: edit(S, '"gru": (3, 2)}[kind]', '"gru": (3, 1)}[kind]'),
                     scores(q3=0, q4=1), "With reset_after=True there are two: b is (2, 3H)"),
    # a bidirectional layer counted as one copy: q3, and q4's hidden bidirectional cases
    "bidirectional_once": (lambda S, U: edit(S, '    return 2 * one if layer.get("bidirectional", False) else one',
                                             "    return one"),
                           scores(q3=0, q4=1), "two copies of the layer, each with its own weights"),
    # a Dense layer on a sequence counted once per step: hidden checks of q3 only
    "dense_per_step": (lambda S, U: edit(S, '        return D * layer["units"] + layer["units"]',
                                         '        steps = input_shape[1] if len(input_shape) == 3 else 1\n'
                                         '        return steps * (D * layer["units"] + layer["units"])'),
                       scores(q3=1), "the same W and b at every step"),
    # the ceiling of (recurrent - fixed) / (D H): wrong where both counts are equal at a whole T
    "crossover_ceiling": (lambda S, U: edit(S, RETURN, "    return max(1, -(-(recurrent - fixed) // (D * H)))"),
                          scores(q4=1), "the window model needs strictly more"),
    # chapter 1's T > 1 + H/D for every kind (it holds for a SimpleRNN only)
    "crossover_chapter_1": (lambda S, U: edit(S, RETURN, "    return int(1 + H / D) + 1"),
                            scores(q4=0), "q4: crossover_length('lstm', D=10, H=32, K=3, bidirectional=False): expected 18"),
    # T = 1, 2, 3, ... until the window model is bigger: right, but never reaches H = 10^9
    "crossover_loop": (lambda S, U: edit(S, RETURN, "    T = 1\n    while T * D * H + fixed <= recurrent:\n"
                                                    "        T += 1\n    return T"),
                       scores(q4=2), "`crossover_length` did not return within"),
    # answers that hand q3 (and so q4, which counts through it) to rnnlib
    "count_params_direct": (
        lambda S, U: body(S, LAYER_BODY, '    import rnnlib\n    if layer["layer"] in ("simple_rnn", "gru", "lstm"):\n'
                                         '        copies = 2 if layer.get("bidirectional", False) else 1\n'
                                         '        return copies * rnnlib.count_params(layer["layer"], input_shape[-1], '
                                         'layer["units"])\n'),
        scores(q3=0, q4=0), "q3: `layer_params` " + OWN),
    "cells_method": (
        lambda S, U: body(S, LAYER_BODY, '    from rnnlib.cells import CELLS\n'
                                         '    if layer["layer"] in CELLS:\n'
                                         '        copies = 2 if layer.get("bidirectional", False) else 1\n'
                                         '        return copies * CELLS[layer["layer"]].count_params(input_shape[-1], '
                                         'layer["units"])\n'),
        scores(q3=0, q4=0), "q4: `crossover_length` " + OWN),
    "count_params_getattr": (
        lambda S, U: body(S, CROSS_BODY, '    import rnnlib\n    copies = 2 if bidirectional else 1\n'
                                         '    recurrent = copies * getattr(rnnlib, "count_" + "params")(kind, D, H) '
                                         '+ copies * H * K + K\n'
                                         '    return max(1, (recurrent - (H + H * K + K)) // (D * H) + 1)\n'),
        scores(q4=0), "q4: `crossover_length` " + OWN),
    # answers that ask Keras
    "keras_counts": (
        lambda S, U: body(S, LAYER_BODY, "    from rnnlib.grading.keras_reference import keras_counts\n"
                                         "    return keras_counts(tuple(input_shape), [layer])[0]\n"),
        scores(q3=0, q4=0), "q3: `layer_params` " + KERAS),
    "keras_shapes": (
        lambda S, U: body(S, SHAPES_BODY, "    from rnnlib.grading.keras_reference import keras_shapes\n"
                                          "    return keras_shapes(tuple(input_shape), stack)\n"),
        scores(q2=0, q3=1, q4=0), "q2: `stack_shapes` " + KERAS),
    "keras_layer_built": (
        lambda S, U: body(S, LAYER_BODY, "    from rnnlib.keras_helpers import keras\n"
                                         "    if layer['layer'] in ('simple_rnn', 'gru', 'lstm'):\n"
                                         "        name = {'simple_rnn': 'SimpleRNN', 'gru': 'GRU', 'lstm': 'LSTM'}[layer['layer']]\n"
                                         "        rnn = getattr(keras().layers, name)(layer['units'])\n"
                                         "        rnn.build((None, None, input_shape[-1]))\n"
                                         "        copies = 2 if layer.get('bidirectional', False) else 1\n"
                                         "        return copies * sum(int(w.numpy().size) for w in rnn.weights)\n"),
        scores(q3=0, q4=0), "q4: `crossover_length` " + KERAS),
}


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    """Set 9's solution and student notebooks, made from the master now."""
    return assign("09", tmp_path_factory)


@pytest.fixture(scope="module")
def graded(notebooks, tmp_path_factory):
    return grade_planted({name: make for name, (make, *_) in PLANTED.items()}, notebooks, "09",
                         tmp_path_factory)


@pytest.mark.parametrize("name", list(PLANTED))
def test_planted_submission_scores(graded, name):
    _, want, words = PLANTED[name]
    check_planted(graded[0][f"{name}.ipynb"], want, words)


def test_grading_is_fast(graded):
    rows, _ = graded
    assert all(float(r["seconds"]) < 60 for r in rows.values()), rows


# ------------------------------------------------------------------- own work, in process

def _honest_layer_params(layer, input_shape):
    """The solution's count, in plain Python."""
    G, rows = {"simple_rnn": (1, 1), "lstm": (4, 1), "gru": (3, 2)}[layer["layer"]]
    H, D = layer["units"], input_shape[-1]
    return (2 if layer.get("bidirectional") else 1) * (G * H * (D + H) + rows * G * H)


def test_call_refuses_count_params():
    """`call` refuses rnnlib's counts for set 9's three functions and lets plain Python through."""
    import rnnlib
    from rnnlib.grading import call
    cheats = {"layer_params": (lambda layer, shape: rnnlib.count_params(layer["layer"], shape[-1], layer["units"]),
                               ({"layer": "gru", "units": 4}, (None, None, 3))),
              "model_params": (lambda shape, stack: [rnnlib.cells.GRU.count_params(shape[-1], 4)],
                               ((None, None, 3), [{"layer": "gru", "units": 4}])),
              "crossover_length": (lambda kind, D, H, K, bi=False: rnnlib.count_params(kind, D, H) // (D * H),
                                   ("lstm", 3, 4, 2))}
    for name, (fn, args) in cheats.items():
        with pytest.raises(AssertionError, match=f"`{name}` runs rnnlib's own `rnnlib.cells.Cell.count_params`"):
            call(fn, *args, name=name)
    assert call(_honest_layer_params, {"layer": "gru", "units": 4}, (None, None, 3),
                name="layer_params") == rnnlib.count_params("gru", 3, 4) == 3 * (4 * 7 + 8)


def _keras_lstm_count(layer, input_shape):
    from rnnlib.keras_helpers import keras
    lstm = keras().layers.LSTM(layer["units"])
    lstm.build((None, None, input_shape[-1]))
    return sum(int(w.numpy().size) for w in lstm.weights)


def _keras_in_a_thread(layer, input_shape):
    import threading
    out = []
    worker = threading.Thread(target=lambda: out.append(_keras_lstm_count(layer, input_shape)))
    worker.start()
    worker.join()
    return out[0] if out else None


def _keras_swallowed(layer, input_shape):
    try:
        return _keras_lstm_count(layer, input_shape)
    except Exception:
        return _honest_layer_params(layer, input_shape)


@pytest.mark.parametrize("cheat", [_keras_lstm_count, _keras_in_a_thread, _keras_swallowed])
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_refuse_keras_refuses_asking_keras(cheat):
    from rnnlib.grading.keras_reference import refuse_keras
    layer, shape = {"layer": "lstm", "units": 3}, (None, None, 2)
    if cheat is _keras_lstm_count:           # the cheat does give Keras's count...
        assert cheat(layer, shape) == _honest_layer_params(layer, shape) == 4 * (3 * 5 + 3)
    with pytest.raises(AssertionError, match="`layer_params` runs Keras code"):
        refuse_keras(cheat, layer, shape, name="layer_params")     # ...and is refused
    assert sys.getprofile() is None


def test_refuse_keras_accepts_plain_python_after_keras_ran():
    """An honest answer passes, also right after the checks built Keras models."""
    from rnnlib.grading.keras_reference import keras_counts, refuse_keras
    stack = [{"layer": "gru", "units": 4, "bidirectional": True}, {"layer": "dense", "units": 2}]
    assert keras_counts((None, 6, 3), stack) == [2 * 3 * (4 * 7 + 8), 8 * 2 + 2]
    refuse_keras(_honest_layer_params, stack[0], (None, 6, 3), name="layer_params")
    refuse_keras(lambda: [[i] for i in range(100_000)], name="layer_params")
    assert sys.getprofile() is None


def test_refuse_keras_refuses_turning_the_watch_off():
    from rnnlib.grading.keras_reference import refuse_keras

    def sneaky():
        sys.setprofile(None)
        return 1
    with pytest.raises(AssertionError, match="turned off the grader's profiler"):
        refuse_keras(sneaky, name="stack_shapes")
    assert sys.getprofile() is None


@pytest.mark.parametrize("stack, words", [
    ([{"layer": "conv", "units": 3}], "stack[0]['layer'] must be one of"),
    ([{"layer": "dense", "units": 3}, {"layer": "lstm"}], "stack[1]['units'] must be an integer >= 1 for a lstm layer"),
    ([{"layer": "embedding", "input_dim": 10, "output_dim": 0}], "stack[0]['output_dim'] must be an integer >= 1"),
    (["dense"], "stack[0] must be a dict"),
    ([{"layer": "gru", "units": 2, "bidirectional": True, "merge_mode": "max"}],
     "stack[0]['merge_mode'] must be one of ['ave', 'concat', 'mul', 'sum'], but got 'max'"),
])
def test_keras_reference_names_a_bad_layer(stack, words):
    from rnnlib.grading.keras_reference import keras_counts
    with pytest.raises(ValueError, match=words.replace("[", r"\[").replace("]", r"\]")):
        keras_counts((None, 5, 3), stack)
