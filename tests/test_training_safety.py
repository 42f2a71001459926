"""Training that can be stopped and that stops on NaN; install hints for missing extras.

- Ctrl-C (KeyboardInterrupt) during `train_many_to_many` or `keras_helpers.fit` returns
  the weights/model and the history of the completed epochs, marked "interrupted".
- A run that blows up raises FloatingPointError naming the epoch and batch, with the cure.
- Without TensorFlow or matplotlib, `import rnnlib` works and every function that needs
  them raises ImportError with the ``pip install 'rnnlib[...]'`` line.
"""
import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import rnnlib.training.many_to_many as many_to_many
from rnnlib.data.tasks import make_delayed_recall
from rnnlib.training import train_many_to_many

# 128 sequences in batches of 32: 4 batches an epoch.
DATA = make_delayed_recall(128, 8, 1, random_state=0)
VALIDATION = make_delayed_recall(64, 8, 1, random_state=1)
SETUP = dict(k=8, hidden=4, batch_size=32, validation=VALIDATION)


def interrupt_at(monkeypatch, name, call):
    """Make rnnlib.training.many_to_many.<name> raise KeyboardInterrupt on its `call`-th call (1-based)."""
    original, calls = getattr(many_to_many, name), []

    def wrapped(*args, **kwargs):
        calls.append(None)
        if len(calls) == call:
            raise KeyboardInterrupt
        return original(*args, **kwargs)
    monkeypatch.setattr(many_to_many, name, wrapped)


def survives_ctrl_c(train, *args, **kwargs):
    """train(*args, **kwargs), failing the test (not stopping pytest) if Ctrl-C escapes."""
    try:
        return train(*args, **kwargs)
    except KeyboardInterrupt:
        pytest.fail(f"KeyboardInterrupt escaped from {train.__name__}")


@pytest.mark.parametrize("name, call", [
    ("loss_and_grads", 2 * 4 + 2),     # in epoch 3, between its batches 1 and 2
    ("accuracy", 3),                   # at the end of epoch 3, training loss already known
], ids=["mid-epoch", "during-validation"])
def test_numpy_interrupt_returns_the_completed_epochs(monkeypatch, capsys, name, call):
    expected_params, expected_history = train_many_to_many(*DATA, epochs=2, **SETUP)
    interrupt_at(monkeypatch, name, call)
    params, history = survives_ctrl_c(train_many_to_many, *DATA, epochs=5, **SETUP)
    assert capsys.readouterr().out == (
        "train_many_to_many: interrupted after 2 of 5 epochs; "
        "returning the weights and history of those 2 epochs.\n")
    assert history == expected_history | {"interrupted": True}
    assert len(history["loss"]) == len(history["val_accuracy"]) == 2
    for key, value in expected_params.items():   # the weights after epoch 2, bit for bit
        np.testing.assert_array_equal(params[key], value, err_msg=key)


def test_numpy_uninterrupted_run_has_no_interrupted_key(capsys):
    _, history = train_many_to_many(*DATA, epochs=2, **SETUP)
    assert set(history) == {"loss", "val_accuracy"} and capsys.readouterr().out == ""


@pytest.mark.filterwarnings("ignore::RuntimeWarning")   # numpy's overflow warnings
@pytest.mark.parametrize("hidden", [4, 16])
def test_numpy_overflowing_loss_raises_floating_point_error(hidden):
    # Adam moves each weight by about the learning rate a step: at 1e308 the logits
    # overflow in the second batch (as inf, or as NaN once inf - inf occurs).
    with pytest.raises(FloatingPointError, match=(
            r"(?s)diverged in epoch 1, batch 2: the loss became NaN or infinite\. "
            r"Lower the learning rate \(learning_rate=1e\+308\) and/or clip the gradients"
            r".*rnnlib\.clip_by_global_norm")):
        train_many_to_many(*DATA, **{**SETUP, "hidden": hidden}, epochs=3, learning_rate=1e308)


# ---- keras_helpers.fit ------------------------------------------------------------


@pytest.fixture(scope="module")
def K():
    from rnnlib.keras_helpers import keras
    return keras()


def tiny_model(K, optimizer):
    """SimpleRNN(4) on (5, 3) sequences with one regression output."""
    from rnnlib.keras_helpers import set_seed
    set_seed(0)
    model = K.Sequential([K.Input((5, 3)), K.layers.SimpleRNN(4), K.layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse")
    return model


def tiny_data():
    rng = np.random.default_rng(0)
    return (rng.normal(size=(64, 5, 3)).astype("float32"),
            rng.normal(size=(64, 1)).astype("float32"))


def test_keras_fit_interrupt_returns_model_and_completed_epochs(K, capsys):
    from rnnlib.keras_helpers import fit

    class CtrlC(K.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            if epoch == 2:                  # 0-based: after 2 completed epochs
                raise KeyboardInterrupt

    x, y = tiny_data()
    model = tiny_model(K, K.optimizers.SGD(0.01))
    returned, history = survives_ctrl_c(fit, model, x, y, epochs=3, batch_size=16, verbose=0,
                                        validation_split=0.25, callbacks=[CtrlC()])
    assert returned is model
    assert capsys.readouterr().out == (
        "fit: interrupted after 2 of 3 epochs; "
        "returning the model and the history of those epochs.\n")
    assert set(history) == {"loss", "val_loss", "interrupted"} and history["interrupted"]
    assert len(history["loss"]) == len(history["val_loss"]) == 2
    assert np.isfinite(history["loss"]).all()
    assert model.predict(x[:2], verbose=0).shape == (2, 1)     # still usable


def test_keras_fit_without_interrupt_is_model_fit(K):
    from rnnlib.keras_helpers import fit
    x, y = tiny_data()
    expected = tiny_model(K, K.optimizers.SGD(0.01)).fit(
        x, y, epochs=2, batch_size=16, verbose=0).history
    model, history = fit(tiny_model(K, K.optimizers.SGD(0.01)), x, y, epochs=2,
                         batch_size=16, verbose=0)
    assert history == expected


def test_keras_fit_nan_loss_raises_with_the_cure(K):
    from rnnlib.keras_helpers import fit
    x, y = tiny_data()
    model = tiny_model(K, K.optimizers.SGD(1e30))      # the weights overflow at once
    with pytest.raises(FloatingPointError, match=(
            r"training loss became (nan|inf) in epoch 1, batch \d+\. Lower the learning "
            r"rate and/or clip the gradients, e\.g\. .*clipnorm=1\.0")):
        fit(model, x, y, epochs=3, batch_size=16, verbose=0)


# ---- missing optional dependencies --------------------------------------------------

HEAVY = ("tensorflow", "keras", "matplotlib")

# Runs in a fresh interpreter where HEAVY cannot be imported; prints {call: [error, message]}.
MISSING = textwrap.dedent("""
    import importlib, json, pkgutil, sys
    HEAVY, HOW = {heavy!r}, {how!r}
    if HOW == "finder":             # as if never installed: No module named 'tensorflow'
        class Missing:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in HEAVY:
                    raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        sys.meta_path.insert(0, Missing())
    else:                           # import of tensorflow halted; None in sys.modules
        sys.modules.update(dict.fromkeys(HEAVY))

    import numpy as np
    import rnnlib
    walked = []                 # every module, subpackages too: none imports them early
    for info in pkgutil.walk_packages(rnnlib.__path__, "rnnlib."):
        walked.append(importlib.import_module(info.name).__name__)
    from rnnlib import gradient_flow, keras_helpers, timing
    import rnnlib.data.generate as generate
    import rnnlib.data.music as music
    from rnnlib.plots import (attention, bptt, cell_diagrams, cliff, curves, diagrams, flow, gates,
                              piano_roll, text_heat)
    from rnnlib._optional import require_tensorflow

    W = np.zeros((2, 3)), np.zeros((3, 3)), np.zeros(3)
    x, h0 = np.zeros((1, 4, 2)), np.zeros((1, 3))
    calls = {{
        "keras": lambda: keras_helpers.keras(),
        "set_seed": lambda: keras_helpers.set_seed(0),
        "device": lambda: keras_helpers.device(),
        "recurrent_layer": lambda: keras_helpers.recurrent_layer("simple_rnn", *W),
        "keras_forward": lambda: keras_helpers.keras_forward("simple_rnn", x, h0, *W),
        "fit": lambda: keras_helpers.fit(None, x, None),
        "sampling_callback": lambda: generate.sampling_callback("a", ["a", "b"], [1]),
        "require_tensorflow": require_tensorflow,
        "plot_hidden_states": lambda: curves.plot_hidden_states(np.zeros((4, 3))),
        "plot_unrolled": lambda: diagrams.plot_unrolled(),
        "plot_learning_curves": lambda: curves.plot_learning_curves({{"a": [0.5]}}),
        "plot_architecture": lambda: diagrams.plot_architecture("many_to_one"),
        "plot_architectures": lambda: diagrams.plot_architectures(),
        "plot_gate_heatmaps": lambda: gates.plot_gate_heatmaps({{"f": np.zeros((4, 3))}}),
        "plot_piano_roll": lambda: piano_roll.plot_piano_roll(music.make_melodies(1, 0)[0]),
        "plot_backward_pass": lambda: bptt.plot_backward_pass(),
        "plot_cell": lambda: cell_diagrams.plot_cell("lstm"),
        "plot_cell_gates": lambda: cell_diagrams.plot_cell_gates("gru"),
        "plot_information_flows": lambda: flow.plot_information_flows(),
        "plot_cliff": lambda: cliff.plot_cliff(np.array([1.0, 2.0]), np.array([1.0, 2.0]),
                                               (1.5, 1.5), {{"a": (1.6, 1.6)}}),
        "plot_attention": lambda: attention.plot_attention(np.full((1, 2), 0.5), "ab", "c"),
        "plot_text_heat": lambda: text_heat.plot_text_heat("ab", np.zeros(2)),
        "progress_callback": lambda: keras_helpers.progress_callback(),
    }}
    out = {{}}
    for name, call in calls.items():
        try:
            call()
            out[name] = ["no error", ""]
        except Exception as exc:
            out[name] = [type(exc).__name__, str(exc)]
    # The numpy-only modules still work.
    _, cache = rnnlib.rnn_forward(x, h0, *W)
    out["hidden_gradient_norms"] = [str(gradient_flow.hidden_gradient_norms(cache).shape), ""]
    out["median_seconds"] = [type(timing.median_seconds(len, "ab", repeats=1)).__name__, ""]
    out["loaded"] = [sorted(m for m in HEAVY if sys.modules.get(m) is not None), ""]
    out["walked"] = [walked, ""]
    print(json.dumps(out))
""")

NEEDS = {"keras": ["keras", "set_seed", "device", "recurrent_layer", "keras_forward", "fit",
                   "sampling_callback", "require_tensorflow", "progress_callback"],
         "plot": ["plot_hidden_states", "plot_unrolled", "plot_learning_curves",
                  "plot_architecture", "plot_architectures", "plot_gate_heatmaps",
                  "plot_piano_roll", "plot_backward_pass", "plot_cell", "plot_cell_gates",
                  "plot_information_flows", "plot_cliff", "plot_attention",
                  "plot_text_heat"]}


@pytest.mark.parametrize("how", ["finder", "none_in_sys_modules"])
def test_missing_optional_dependencies_give_an_install_hint(how):
    run = subprocess.run([sys.executable, "-c", MISSING.format(heavy=HEAVY, how=how)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    for extra, names in NEEDS.items():
        for name in names:
            error, message = out[name]
            assert error == "ImportError" and f"pip install 'rnnlib[{extra}]'" in message, (name, error, message)
    assert out["hidden_gradient_norms"][0] == "(5,)"
    assert out["median_seconds"][0] == "float"
    assert out["loaded"][0] == []
    assert {"rnnlib.data.music", "rnnlib.data.generate", "rnnlib.plots.piano_roll",
            "rnnlib.plots.gates", "rnnlib.grading.checks"} <= set(out["walked"][0])
