"""Own work: an answer may not hand its question back to rnnlib.

The exercises ask learners to write functions that rnnlib already has (the checks
compare with rnnlib's). An answer that calls rnnlib's version, directly, under
another name (``from rnnlib import rnn_backward as f``), found by name
(``getattr(rnnlib, "rnn_" + "backward")``, ``importlib.import_module``), re-exported
(``rnn_backward = rnnlib.rnn_backward``), through ``rnnlib.fast``, or through any
other rnnlib function that runs it, must score nothing on that question.

How it is detected: not by reading the answer's source, which getattr, import and
exec tricks can hide, but by watching what runs. While `call` runs the learner's
function, a profiler (``sys.setprofile``, also set for threads started meanwhile)
sees every Python function that starts; if one of them is the code of a forbidden
rnnlib function, however it was reached, the call is refused. Only rnnlib's own
code objects are matched (or a copy with the same body, e.g. made with exec from
its source), so other rnnlib helpers the prompt allows, numpy and the learner's own
functions of the same name stay fine.

`OWN_WORK` names, for each function an exercise asks for, the rnnlib functions that
compute it: its twin, and the ones that compute it in passing (a sequence pass over
T = 1 is a step). numpy only; the rnnlib modules are imported when first needed.
"""
import sys
import threading
from contextlib import contextmanager
from importlib import import_module

# the tanh RNN's backpropagation through time, every route to it
_RNN_BPTT = ("rnnlib.rnn.rnn_step_backward", "rnnlib.rnn.rnn_backward",
             "rnnlib.fast.rnn.rnn_backward", "rnnlib.gradient_flow.hidden_gradient_norms")

# learner's function name -> the rnnlib functions it must not call (module.qualname)
OWN_WORK = {
    # set 1: activations
    "sigmoid": ("rnnlib.activations.sigmoid", "rnnlib.activations._sigmoid_of_negated"),
    "tanh": ("rnnlib.activations.tanh",),
    "relu": ("rnnlib.activations.relu",),
    "sigmoid_grad": ("rnnlib.activations.sigmoid_grad",),
    "tanh_grad": ("rnnlib.activations.tanh_grad",),
    "relu_grad": ("rnnlib.activations.relu_grad",),
    # set 2: the RNN forward pass (a sequence over T = 1 is one step)
    "rnn_step_forward": ("rnnlib.rnn.rnn_step_forward", "rnnlib.fast.rnn.rnn_forward"),
    "rnn_forward": ("rnnlib.rnn.rnn_forward", "rnnlib.fast.rnn.rnn_forward"),
    # set 3: backpropagation through time
    "rnn_step_backward": ("rnnlib.rnn.rnn_step_backward", "rnnlib.rnn.rnn_backward",
                          "rnnlib.fast.rnn.rnn_backward"),
    "rnn_backward": ("rnnlib.rnn.rnn_backward", "rnnlib.fast.rnn.rnn_backward"),
    # set 4: clipping
    "global_norm": ("rnnlib.clip.global_norm",),
    "clip_by_global_norm": ("rnnlib.clip.clip_by_global_norm",),
    # set 5: the LSTM step (its gates come out of any LSTM forward pass)
    "lstm_gates": ("rnnlib.lstm.lstm_step_forward", "rnnlib.fast.lstm.lstm_forward"),
    "lstm_step_forward": ("rnnlib.lstm.lstm_step_forward", "rnnlib.fast.lstm.lstm_forward"),
    # sets 2 and 6: parameter counts (rnnlib.count_params calls the Cell method)
    "simple_rnn_params": ("rnnlib.cells.Cell.count_params",),
    "gru_params": ("rnnlib.cells.Cell.count_params",),
    "lstm_params": ("rnnlib.cells.Cell.count_params",),
    # set 7: the LSTM backward pass (over one example a step's db is its dz; a sequence
    # over T = 1 is a step)
    "lstm_gate_grads": ("rnnlib.lstm.lstm_step_backward", "rnnlib.lstm.lstm_backward",
                        "rnnlib.fast.lstm.lstm_backward"),
    "lstm_step_backward": ("rnnlib.lstm.lstm_step_backward", "rnnlib.lstm.lstm_backward",
                           "rnnlib.fast.lstm.lstm_backward"),
    "lstm_backward": ("rnnlib.lstm.lstm_step_backward", "rnnlib.lstm.lstm_backward",
                      "rnnlib.fast.lstm.lstm_backward"),
    # set 8: attention (the weights come out of attention_forward in passing)
    "masked_softmax": ("rnnlib.attention.attention_forward", "rnnlib.attention._check_mask",
                       "rnnlib.losses.softmax", "rnnlib.losses.softmax_cross_entropy"),
    "attention_forward": ("rnnlib.attention.attention_forward",),
    "attention_backward": ("rnnlib.attention.attention_backward",),
    # set 9: parameter counts of layers, stacks and the weight-sharing crossover
    # (rnnlib counts the recurrent layers; Keras is refused by grading.keras_reference)
    "layer_params": ("rnnlib.cells.Cell.count_params",),
    "model_params": ("rnnlib.cells.Cell.count_params",),
    "crossover_length": ("rnnlib.cells.Cell.count_params",),
    # set 10: how fast gradients fade (BPTT multiplies by the one-step Jacobians: fed the
    # rows of the identity, a step backward's dh_prev is the Jacobian, a sequence's the product)
    "step_jacobian": _RNN_BPTT,
    "jacobian_norms": _RNN_BPTT,
    "radius_sweep": _RNN_BPTT,
    # set 11: forecasting (windows, the naive and linear AR baselines, a tanh RNN forecaster)
    "make_windows": ("rnnlib.data.series.make_windows",),
    "split_by_time": ("rnnlib.data.series.make_windows",),
    "naive_rmse": ("rnnlib.data.series.naive_forecast",),
    "fit_ar": ("rnnlib.data.series.fit_linear_ar",),
    "select_ar_order": ("rnnlib.data.series.fit_linear_ar", "rnnlib.data.series.linear_ar_predict"),
    "rnn_predict": ("rnnlib.training.many_to_one.predict", "rnnlib.training.many_to_one.mse_and_grads"),
    "rnn_forecast_loss": ("rnnlib.training.many_to_one.mse_and_grads",),
    "train_rnn_forecaster": ("rnnlib.training.many_to_one.mse_and_grads",),
    # set 12: a character model in numpy (rnnlib.training.char_lstm is chapter 14's; its loss
    # is summed over time, the set's a mean, so a rescaled call is still a hand-off)
    "char_cross_entropy": ("rnnlib.losses.softmax_cross_entropy", "rnnlib.losses.softmax",
                           "rnnlib.training.char_lstm.loss_and_grads",
                           "rnnlib.training.char_lstm.mean_nats"),
    "chunk_loss_and_grads": ("rnnlib.training.char_lstm.forward",
                             "rnnlib.training.char_lstm.loss_and_grads",
                             "rnnlib.training.char_lstm.mean_nats",
                             "rnnlib.training.char_lstm.train_char_lstm"),
    "train_char_model": ("rnnlib.training.char_lstm.train_char_lstm",),
    "sample_next": ("rnnlib.data.generate.sample_with_temperature", "rnnlib.losses.softmax",
                    "rnnlib.losses.softmax_cross_entropy"),
    "sample_chars": ("rnnlib.training.char_lstm.sample",
                     "rnnlib.data.generate.sample_with_temperature",
                     "rnnlib.decoding.greedy_decode", "rnnlib.decoding.beam_search"),
}


def _code(path):
    """The code object of the function at dotted `path`, e.g. "rnnlib.rnn.rnn_backward"."""
    parts = path.split(".")
    for i in range(len(parts) - 1, 0, -1):      # the longest importable prefix
        try:
            obj = import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj.__code__
    raise ImportError(f"cannot import {path}")


def _same_body(code, original):
    """True if `code` is `original`, or a copy of it (same constants, names and variables)."""
    return code is original or (code.co_consts == original.co_consts
                                and code.co_names == original.co_names
                                and code.co_varnames == original.co_varnames)


@contextmanager
def watching(name):
    """Record, while the block runs, which of `name`'s forbidden rnnlib functions start.

    Yields a list that fills with their dotted names (each once); stays empty when
    `name` has no entry in `OWN_WORK`. If the block turns the profiler off or
    replaces it, "sys.setprofile" is recorded too.
    """
    seen = []
    paths = OWN_WORK.get(name, ())
    if not paths:
        yield seen
        return
    by_name = {}                                # co_name -> [(code, path)]: one dict lookup per call
    for path in paths:
        code = _code(path)
        by_name.setdefault(code.co_name, []).append((code, path))

    def hook(frame, event, arg):
        if event == "call":
            code = frame.f_code
            for original, path in by_name.get(code.co_name, ()):
                if path not in seen and _same_body(code, original):
                    seen.append(path)

    before, before_threads = sys.getprofile(), threading.getprofile()
    sys.setprofile(hook)
    threading.setprofile(hook)
    try:
        yield seen
    finally:
        if sys.getprofile() is not hook:
            seen.append("sys.setprofile")
        sys.setprofile(before)
        threading.setprofile(before_threads)


def refuse(name, seen):
    """Raise AssertionError saying why, if `seen` (from `watching`) is not empty."""
    if not seen:
        return
    if "sys.setprofile" in seen:
        raise AssertionError(f"`{name}` turned off the grader's profiler (sys.setprofile), which "
                             f"checks that the answer is your own work. Remove that line.") from None
    used = ", ".join(f"`{p}`" for p in seen)
    raise AssertionError(
        f"`{name}` runs rnnlib's own {used}, which computes what this question asks you "
        f"to write (whether it is called directly, under another name, or through another "
        f"function). The checks compare with rnnlib, so this question scores 0 until "
        f"`{name}` does the work itself, with numpy.") from None
