"""Keras as the reference for set 9's layer stacks, and the rule that answers may not ask it.

Set 9 describes a model as its input shape, batch first, and a *stack*: a list of dicts,
one per layer, in order, e.g.

    [{"layer": "embedding", "input_dim": 5000, "output_dim": 32},     # V = 5000 ids, E = 32
     {"layer": "gru", "units": 64, "return_sequences": True, "bidirectional": True},
     {"layer": "lstm", "units": 48},
     {"layer": "dense", "units": 3}]

Layers: "embedding" (input_dim V, output_dim E), "simple_rnn", "gru" and "lstm" (units H;
optional return_sequences, bidirectional, and merge_mode for a bidirectional layer, as in
Keras: False, False, "concat"), "dense" (units K), "repeat" (n, Keras's RepeatVector) and
"flatten". `keras_summary` builds the model with Keras and reads its shapes and parameter
counts (`keras_shapes` and `keras_counts` give one of the two), which the checks compare
with the learner's. `refuse_keras` fails an answer that gets them by running Keras itself.
numpy only at import; TensorFlow is imported when a model is first built.
"""
import importlib.util
import os
import sys
import threading

from .._checks import check_choice

RECURRENT = {"simple_rnn": "SimpleRNN", "gru": "GRU", "lstm": "LSTM"}
KEYS = {"embedding": ("input_dim", "output_dim"), "dense": ("units",), "repeat": ("n",),
        "flatten": (), **{kind: ("units",) for kind in RECURRENT}}
OPTIONS = {"return_sequences": False, "bidirectional": False, "merge_mode": "concat"}
MERGE_MODES = ("concat", "sum", "mul", "ave")


def keras_layer(spec, position=0):
    """The Keras layer that the dict `spec` describes (layer `position` of its stack).

    Raises ValueError naming the layer when its kind or a size is missing or wrong.
    """
    from ..keras_helpers import keras

    where = f"stack[{position}]"
    if not isinstance(spec, dict):
        raise ValueError(f"{where} must be a dict such as {{'layer': 'dense', 'units': 3}}, "
                         f"but got {spec!r}.")
    kind = check_choice(f"{where}['layer']", spec.get("layer"), KEYS)
    for key in KEYS[kind]:
        size = spec.get(key)
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"{where}['{key}'] must be an integer >= 1 for a {kind} layer, "
                             f"but got {size!r}.")
    layers = keras().layers
    if kind == "embedding":
        return layers.Embedding(spec["input_dim"], spec["output_dim"])
    if kind == "dense":
        return layers.Dense(spec["units"])
    if kind == "repeat":
        return layers.RepeatVector(spec["n"])
    if kind == "flatten":
        return layers.Flatten()
    options = {key: spec.get(key, default) for key, default in OPTIONS.items()}
    check_choice(f"{where}['merge_mode']", options["merge_mode"], MERGE_MODES)
    rnn = getattr(layers, RECURRENT[kind])(spec["units"],
                                           return_sequences=options["return_sequences"])
    if options["bidirectional"]:
        return layers.Bidirectional(rnn, merge_mode=options["merge_mode"])
    return rnn


def _built(input_shape, stack):
    """[(Keras layer, output shape)] for the stack on an input of `input_shape` (N first)."""
    from ..keras_helpers import keras

    if not (isinstance(input_shape, tuple) and len(input_shape) >= 2):
        raise ValueError(f"input_shape must be a tuple with the batch axis first, e.g. "
                         f"(None, 40), but got {input_shape!r}.")
    ids = bool(stack) and isinstance(stack[0], dict) and stack[0].get("layer") == "embedding"
    x = keras().Input(batch_shape=input_shape, dtype="int32" if ids else "float32")
    built = []
    for position, spec in enumerate(stack):
        layer = keras_layer(spec, position)
        x = layer(x)
        built.append((layer, tuple(x.shape)))
    return built


def keras_summary(input_shape, stack):
    """Build the model once and return (shapes, counts): the shapes Keras gives,
    [input_shape, output of layer 0, ..., of the last layer], each a tuple with the batch
    axis first (None where Keras does not know the size), and ``count_params()`` of every
    layer, a list of ints. A stack Keras refuses (a recurrent layer on a 2-D input) raises
    Keras's ValueError."""
    built = _built(input_shape, stack)
    return ([tuple(input_shape)] + [shape for _, shape in built],
            [int(layer.count_params()) for layer, _ in built])


def keras_shapes(input_shape, stack):
    """The shapes of `keras_summary`: [input_shape, output of every layer]."""
    return keras_summary(input_shape, stack)[0]


def keras_counts(input_shape, stack):
    """The parameter counts of `keras_summary`: one int per layer."""
    return keras_summary(input_shape, stack)[1]


def _roots():
    """The folders of the installed Keras and TensorFlow packages (found, not imported)."""
    roots = []
    for package in ("keras", "tensorflow", "tf_keras"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            roots += [os.path.join(folder, "") for folder in spec.submodule_search_locations]
    return tuple(roots)


class _KerasRan(BaseException):
    """Raised by the profiler at the first Keras or TensorFlow function; a BaseException
    so that `except Exception` in the learner's code cannot swallow it."""


def refuse_keras(fn, *args, name):
    """Run the learner's ``fn(*args)`` again and fail if it starts any Keras or TensorFlow code.

    Call it after `checks.call` has run `fn` once on the same small input (so a missing or
    endless function is already reported), and before calling `fn` on sizes that Keras
    could not build. The profiler (``sys.setprofile``, and for threads started meanwhile)
    sees every Python function that starts; the first one whose file lies in the Keras or
    TensorFlow package stops the run there, before Keras allocates anything: the answer
    was building a Keras layer or model to get its numbers.

    Raises AssertionError saying so, or if `fn` turned the profiler off.
    """
    roots = _roots()
    ran = []

    def hook(frame, event, arg):
        if event == "call" and frame.f_code.co_filename.startswith(roots):
            ran.append(frame.f_code.co_filename)
            raise _KerasRan

    before, before_threads = sys.getprofile(), threading.getprofile()
    sys.setprofile(hook)
    threading.setprofile(hook)
    try:
        fn(*args)
    except _KerasRan:
        pass
    finally:
        replaced = not ran and sys.getprofile() is not hook
        sys.setprofile(before)
        threading.setprofile(before_threads)
    if ran:
        package = "TensorFlow" if f"{os.sep}tensorflow{os.sep}" in ran[0] else "Keras"
        raise AssertionError(
            f"`{name}` runs {package} code: it asks Keras for the answer (by building a layer "
            f"or a model) instead of working it out. This question asks you to derive it, so "
            f"it scores 0 until `{name}` computes it with plain Python.")
    if replaced:
        raise AssertionError(f"`{name}` turned off the grader's profiler (sys.setprofile), which "
                             f"checks that the answer is your own work. Remove that line.")
