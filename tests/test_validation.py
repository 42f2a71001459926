"""Every public function rejects bad input with one clear message.

Each case names the argument, what was expected (the shape in letters and numbers,
or the type or range) and what arrived; tests/test_errors.py holds the kernels'
basic shape, dtype and NaN messages, this file everything added since.
"""
import numpy as np
import pytest

import rnnlib
import rnnlib.data.dates as dates
import rnnlib.data.dna as dna
import rnnlib.data.generate as generate
import rnnlib.data.music as music
import rnnlib.data.series as series
import rnnlib.data.tasks as tasks
import rnnlib.data.text as text
import rnnlib.plots.piano_roll as piano_roll
from conftest import make_case
from rnnlib import timing, training
from rnnlib.cells import CELLS

ARGS = ("x", "h0", "Wx", "Wh", "b")


def step_forward(kind):
    """The step forward of `kind` with the signature (x, h, Wx, Wh, b) (c_prev = h)."""
    if kind == "lstm":
        return lambda x, h, Wx, Wh, b: rnnlib.lstm_step_forward(x, h, h, Wx, Wh, b)
    return CELLS[kind].step_forward


def case(kind):
    """x (2, 3, 4), h0 (2, 5) and weights of `kind` for D = 4, H = 5."""
    return make_case(kind, N=2, T=3, D=4, H=5)


def forward(kind, **changes):
    c = case(kind) | changes
    return CELLS[kind].forward(*[c[k] for k in ARGS])


def step(kind, **changes):
    c = case(kind) | changes
    return step_forward(kind)(c["x"][:, 0], *[c[k] for k in ARGS[1:]])


# ---- the cells: Keras layout, PyTorch layout, weights of another cell -----------------

@pytest.mark.parametrize("kind, name, want, got", [
    ("simple_rnn", "Wx", r"\(D, 1H\) = \(4, 5\)", r"\(5, 4\)"),
    ("lstm", "Wx", r"\(D, 4H\) = \(4, 20\)", r"\(20, 4\)"),
    ("lstm", "Wh", r"\(H, 4H\) = \(5, 20\)", r"\(20, 5\)"),
    ("gru", "Wx", r"\(D, 3H\) = \(4, 15\)", r"\(15, 4\)"),
])
@pytest.mark.parametrize("call", [forward, step], ids=["sequence", "step"])
def test_pytorch_layout_is_named_with_the_fix(call, kind, name, want, got):
    with pytest.raises(ValueError, match=rf"^{name} must have shape {want} .* but has shape "
                                         rf"{got}\. .*this looks like PyTorch's layout "
                                         rf"\(out, in\); pass {name}\.T instead\."):
        call(kind, **{name: case(kind)[name].T})


def test_pytorch_gru_also_needs_its_gates_reordered():
    with pytest.raises(ValueError, match=r"pass Wh\.T instead\. PyTorch's GRU orders its "
                                         r"gates r, z, n and Keras's z, r, h"):
        forward("gru", Wh=case("gru")["Wh"].T)


def test_lstm_weights_passed_to_a_simple_rnn_are_recognised():
    with pytest.raises(ValueError, match=r"^Wx must have shape \(D, 1H\) = \(4, 5\) .* but has "
                                         r"shape \(4, 20\)\. It has 4H columns, the layout of "
                                         r"an LSTM; a SimpleRNN needs 1H"):
        forward("simple_rnn", Wx=case("lstm")["Wx"], Wh=case("lstm")["Wh"])


@pytest.mark.parametrize("call", [forward, step], ids=["sequence", "step"])
def test_gru_bias_passed_to_the_lstm_is_recognised(call):
    with pytest.raises(ValueError, match=r"^b must have 1 dimension \(4H,\), but has shape "
                                         r"\(2, 15\)\. That is the bias of a GRU .*an LSTM "
                                         r"needs \(4H,\)"):
        call("lstm", b=case("gru")["b"])


@pytest.mark.parametrize("call", [forward, step], ids=["sequence", "step"])
def test_lstm_bias_passed_to_the_gru_is_recognised(call):
    with pytest.raises(ValueError, match=r"^b must have 2 dimensions \(2, 3H\), but has shape "
                                         r"\(20,\)\. It has 4H entries, the layout of an LSTM; "
                                         r"a GRU needs \(2, 3H\)"):
        call("gru", b=case("lstm")["b"])


def test_single_gru_bias_says_how_to_stack_both():
    with pytest.raises(ValueError, match=r"^b must have 2 dimensions \(2, 3H\), but has shape "
                                         r"\(15,\)\. That is a single bias.*reset_after=False"
                                         r".*np\.stack\(\[b_input, b_recurrent\]\)"):
        forward("gru", b=case("gru")["b"][0])


@pytest.mark.parametrize("kind, b, message", [
    ("lstm", np.zeros(15), r"^b must have shape \(4H,\) = \(20,\), but has shape \(15,\)\. "
                           r"It has 3H entries, the layout of a GRU; an LSTM needs \(4H,\)"),
    ("simple_rnn", np.zeros(20), r"^b must have shape \(H,\) = \(5,\), but has shape "
                                 r"\(20,\)\. It has 4H entries, the layout of an LSTM"),
], ids=["lstm", "simple_rnn"])
def test_bias_of_another_cell_with_the_right_rank(kind, b, message):
    with pytest.raises(ValueError, match=message):
        forward(kind, b=b)


@pytest.mark.parametrize("kind", list(CELLS))
@pytest.mark.parametrize("call, h_name", [(forward, "h0"), (step, "h_prev")],
                         ids=["sequence", "step"])
def test_hidden_state_that_disagrees_with_the_weights_is_blamed(call, h_name, kind):
    G = CELLS[kind].G
    with pytest.raises(ValueError, match=rf"^{h_name} has shape \(2, 6\), but axis 1 must be "
                                         rf"H = 5 to match Wh \(H, {G}H\) = \(5, {5 * G}\) "
                                         rf"and Wx \(4, {5 * G}\)"):
        call(kind, h0=np.zeros((2, 6)))


def test_bias_hint_is_not_the_batch_axis_hint():
    with pytest.raises(ValueError, match=r"^b must have 1 dimension \(H,\), but has shape "
                                         r"\(\)\.$"):
        forward("simple_rnn", b=np.float64(0.0))


def test_non_finite_values_are_located():
    x = case("lstm")["x"].copy()
    x[1, 2, 3] = np.inf
    with pytest.raises(ValueError, match=r"^x contains NaN or infinity \(inf at index "
                                         r"\(1, 2, 3\)\); every value of x \(N, T, D\)"):
        forward("lstm", x=x)


# ---- activations, clipping, gradient checking ------------------------------------------

ACTIVATIONS = [rnnlib.sigmoid, rnnlib.sigmoid_grad, rnnlib.tanh, rnnlib.tanh_grad,
               rnnlib.relu, rnnlib.relu_grad]


@pytest.mark.parametrize("f", ACTIVATIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("z, dtype", [(np.array([None]), "object"), (np.array(["a"]), "<U1"),
                                      (np.array([1j]), "complex128")],
                         ids=["object", "str", "complex"])
def test_activations_need_real_numbers(f, z, dtype):
    with pytest.raises(TypeError, match=rf"^z must be a numeric \(integer or floating-point\) "
                                        rf"array, but has dtype {dtype}\."):
        f(z)


@pytest.mark.parametrize("f", ACTIVATIONS, ids=lambda f: f.__name__)
def test_activations_name_a_missing_array(f):
    with pytest.raises(TypeError, match=r"^z must be an array, but got None\."):
        f(None)


def test_activations_still_take_integers_and_pass_nan_through():
    assert rnnlib.sigmoid(np.array([0])).dtype == np.float64
    assert rnnlib.sigmoid(np.zeros(2, np.float32)).dtype == np.float32
    assert np.isnan(rnnlib.tanh(np.nan)) and rnnlib.sigmoid(-np.inf) == 0


@pytest.mark.parametrize("f", [rnnlib.global_norm, lambda g: rnnlib.clip_by_value(g, 1.0),
                               lambda g: rnnlib.clip_by_global_norm(g, 1.0)],
                         ids=["global_norm", "clip_by_value", "clip_by_global_norm"])
def test_a_dict_of_gradients_is_named_with_the_fix(f):
    with pytest.raises(TypeError, match=r"^grads must be a list or tuple of arrays.*but got "
                                        r"dict\. Pass list\(grads\.values\(\)\)"):
        f({"Wx": np.ones(2)})


def test_a_string_is_not_a_list_of_gradients():
    with pytest.raises(TypeError, match=r"^grads must be a list or tuple .*but got str\. Wrap"):
        rnnlib.global_norm("g")


@pytest.mark.parametrize("value, error, got", [
    (True, ValueError, "True"), ("1", TypeError, "str"), (np.inf, ValueError, "inf")])
def test_clip_norm_must_be_a_positive_number(value, error, got):
    with pytest.raises(error, match=rf"^clip_norm must be a finite number > 0, but got {got}\."):
        rnnlib.clip_by_global_norm([np.ones(3)], value)


def test_numerical_gradient_needs_a_callable():
    with pytest.raises(TypeError, match=r"^f must be a callable taking x, but got int\."):
        rnnlib.numerical_gradient(3, np.ones(2))


@pytest.mark.parametrize("name, kwargs, error, message", [
    ("x", dict(x=np.array([1.0, np.nan])), ValueError,
     r"^x contains NaN or infinity \(nan at index \(1,\)\)"),
    ("df", dict(df=np.array([np.inf, 1.0])), ValueError,
     r"^df contains NaN or infinity \(inf at index \(0,\)\)"),
    ("df", dict(df=np.array(["a", "b"])), TypeError,
     r"^df must be a numeric \(integer or floating-point\) array, but has dtype <U1"),
    ("h", dict(h=np.inf), ValueError, r"^h must be a finite number > 0, but got inf\."),
    ("h", dict(h=-1e-5), ValueError, r"^h must be a finite number > 0, but got -1e-05\."),
    ("h", dict(h="small"), TypeError, r"^h must be a finite number > 0, but got str\."),
], ids=["x-nan", "df-inf", "df-str", "h-inf", "h-negative", "h-str"])
def test_numerical_gradient_arguments(name, kwargs, error, message):
    args = dict(f=lambda v: v * 2, x=np.ones(2)) | kwargs
    with pytest.raises(error, match=message):
        rnnlib.numerical_gradient(**args)


@pytest.mark.parametrize("a, error, message", [
    (None, TypeError, r"^a must be an array, but got None\."),
    ("abc", TypeError, r"^a must be a numeric \(integer or floating-point\) array, but has "
                       r"dtype <U3"),
    (np.array([np.nan, 1.0]), ValueError, r"^a contains NaN or infinity \(nan at index \(0,\)\)"),
], ids=["None", "str", "nan"])
def test_rel_error_arguments(a, error, message):
    with pytest.raises(error, match=message):
        rnnlib.rel_error(a, np.ones(2))


# ---- random states, kinds, dtypes and numbers shared by many functions -----------------

SEEDED = {
    "make_adding_problem": lambda rs: rnnlib.make_adding_problem(4, 6, random_state=rs),
    "make_delayed_recall": lambda rs: rnnlib.make_delayed_recall(4, 6, 2, random_state=rs),
    "make_token_classification": lambda rs: rnnlib.make_token_classification(4, 6, random_state=rs),
    "make_date_pairs": lambda rs: dates.make_date_pairs(3, random_state=rs),
    "make_motif_sequences": lambda rs: dna.make_motif_sequences(2, 40, random_state=rs),
    "make_melodies": lambda rs: music.make_melodies(2, random_state=rs),
    "init_params": lambda rs: training.init_params("lstm", 3, 2, random_state=rs),
    "sampling_callback": lambda rs: generate.sampling_callback("ab", "ab", [1], random_state=rs),
}


@pytest.mark.parametrize("call", SEEDED.values(), ids=SEEDED.keys())
@pytest.mark.parametrize("value, error, got", [
    ("seed", TypeError, "str"), (2.5, TypeError, "float"), (True, TypeError, "bool"),
    (-1, ValueError, "-1")])
def test_random_state_is_checked(call, value, error, got):
    with pytest.raises(error, match=rf"^random_state must be an int( >= 0)?, a "
                                    rf"numpy\.random\.Generator or None, but got {got}\."):
        call(value)


@pytest.mark.parametrize("call", [
    lambda rng: generate.sample_with_temperature([0.5, 0.5], 1.0, rng=rng),
    lambda rng: generate.generate_ids(Model(), [0], 1, rng=rng)], ids=["sample", "generate"])
def test_rng_is_checked(call):
    with pytest.raises(TypeError, match=r"^rng must be an int, a numpy\.random\.Generator or "
                                        r"None, but got str\."):
        call("seed")


def test_seeded_results_are_unchanged_by_the_checks():
    rng = np.random.default_rng(7)
    a = rnnlib.make_adding_problem(4, 6, random_state=rng)
    b = rnnlib.make_adding_problem(4, 6, random_state=rng)       # the stream goes on
    c = rnnlib.make_adding_problem(4, 6, random_state=np.random.default_rng(7))
    np.testing.assert_array_equal(a[0], c[0])
    assert not np.array_equal(a[0], b[0])


@pytest.mark.parametrize("call", [lambda k: rnnlib.count_params(k, 3, 4),
                                  lambda k: training.init_params(k, 3, 4)],
                         ids=["count_params", "init_params"])
@pytest.mark.parametrize("kind", [["lstm"], None, "LSTM"])
def test_kind_must_be_a_known_name(call, kind):
    with pytest.raises(ValueError, match=r"^kind must be one of \['gru', 'lstm', "
                                         r"'simple_rnn'\], but got "):
        call(kind)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(input_dim=0), ValueError, r"^input_dim must be an integer >= 1, but got 0\."),
    (dict(units=-2), ValueError, r"^units must be an integer >= 1, but got -2\."),
    (dict(units=2.0), ValueError, r"^units must be an integer >= 1, but got 2\.0\."),
    (dict(recurrent_gain="big"), TypeError,
     r"^recurrent_gain must be a finite number >= 0, but got str\."),
    (dict(recurrent_gain=-0.5), ValueError,
     r"^recurrent_gain must be a finite number >= 0, but got -0\.5\."),
    (dict(recurrent_gain=np.nan), ValueError,
     r"^recurrent_gain must be a finite number >= 0, but got nan\."),
    (dict(dtype=np.int32), TypeError,
     r"^dtype must be a floating-point dtype such as np\.float32 or np\.float64, but got int32"),
    (dict(dtype="banana"), TypeError,
     r"^dtype must be a numpy dtype such as np\.float32, but got 'banana'\."),
], ids=["input_dim", "units", "units-float", "gain-str", "gain-negative", "gain-nan",
        "dtype-int", "dtype-unknown"])
def test_train_init_params_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        training.init_params(**(dict(kind="lstm", input_dim=3, units=2) | kwargs))


def test_init_params_results_are_unchanged_by_the_checks():
    a = training.init_params("gru", np.int64(3), 4, random_state=1, recurrent_gain=0.5)
    b = training.init_params("gru", 3, 4, random_state=np.random.default_rng(1),
                          recurrent_gain=0.5)
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])


# ---- the models of train and truncated: their dict of weights and targets ---------------

P = training.init_params("simple_rnn", 4, 5, random_state=0)          # H = 5
X = np.random.default_rng(0).normal(size=(2, 3, 4))                 # (N, T, D)
Y = np.array([[0, 1, 1], [1, 0, 1]], dtype=float)                   # (N, T)
W = np.ones((2, 3))

USES_PARAMS = {
    "predict": lambda p: training.predict("simple_rnn", p, X),
    "mse_and_grads": lambda p: training.mse_and_grads("simple_rnn", p, X, np.ones(2)),
    "predict_proba": lambda p: training.predict_proba(p, X),
    "accuracy": lambda p: training.accuracy(p, X, Y, W),
    "loss_and_grads": lambda p: training.loss_and_grads(p, X, Y, W, 2),
}


@pytest.mark.parametrize("call", USES_PARAMS.values(), ids=USES_PARAMS.keys())
@pytest.mark.parametrize("params, error, message", [
    ([1, 2], TypeError, r"^params must be the dict of weights returned by init_params "
                        r"\(keys Wx, Wh, b, Wy, by\), but got list\."),
    ({k: v for k, v in P.items() if k != "Wy"}, ValueError,
     r"^params must hold the weights \['Wx', 'Wh', 'b', 'Wy', 'by'\], as init_params "
     r"returns, but is missing \['Wy'\]\."),
    (P | {"Wy": np.zeros((4, 1))}, ValueError,
     r"^params\['Wy'\] must have shape \(H, 1\) = \(5, 1\) to match params\['Wh'\] of shape "
     r"\(5, 5\), but has shape \(4, 1\)\."),
    (P | {"Wy": np.zeros(5)}, ValueError,
     r"^params\['Wy'\] must have 2 dimensions \(H, 1\), but has shape \(5,\)\."),
    (P | {"by": np.zeros(3)}, ValueError,
     r"^params\['by'\] must have shape \(1,\) = \(1,\) to match params\['Wh'\] of shape "
     r"\(5, 5\), but has shape \(3,\)\."),
    (P | {"by": np.array([np.nan])}, ValueError,
     r"^params\['by'\] contains NaN or infinity \(nan at index \(0,\)\)"),
    (P | {"Wh": np.zeros((5, 5), dtype=int)}, TypeError,
     r"^params\['Wh'\] must be a floating-point array of shape \(H, G\*H\), but has dtype int"),
], ids=["not-a-dict", "missing", "Wy-rows", "Wy-rank", "by-shape", "by-nan", "Wh-int"])
def test_params_are_checked(call, params, error, message):
    with pytest.raises(error, match=message):
        call(params)


def test_params_of_another_cell_get_the_kernel_message():
    lstm = training.init_params("lstm", 4, 5, random_state=0)
    with pytest.raises(ValueError, match=r"^Wx must have shape \(D, 1H\) = \(4, 5\) .* but has "
                                         r"shape \(4, 20\)\. It has 4H columns, the layout of "
                                         r"an LSTM"):
        training.predict("simple_rnn", lstm, X)


@pytest.mark.parametrize("call", [
    lambda y, w: training.accuracy(P, X, y, w),
    lambda y, w: training.loss_and_grads(P, X, y, w, 2)], ids=["accuracy", "loss_and_grads"])
@pytest.mark.parametrize("y, w, error, message", [
    (np.zeros((2, 4)), W, ValueError, r"^y and sample_weight must have shape \(N, T\) = "
                                      r"\(2, 3\), but have shapes \(2, 4\) and \(2, 3\)\."),
    (Y, np.zeros(3), ValueError, r"^sample_weight must have 2 dimensions \(N, T\), but has "
                                 r"shape \(3,\)\."),
    (Y, np.zeros((2, 3)), ValueError, r"^sample_weight must have a positive sum"),
    (np.array([[None] * 3] * 2), W, TypeError, r"^y must be a numeric \(integer or "
                                               r"floating-point\) array of shape \(N, T\), "
                                               r"but has dtype object"),
], ids=["y-shape", "w-rank", "w-zero", "y-object"])
def test_targets_are_checked(call, y, w, error, message):
    with pytest.raises(error, match=message):
        call(y, w)


def test_integer_targets_give_the_same_results_as_floats():
    assert training.accuracy(P, X, Y.astype(int), W.astype(bool)) == training.accuracy(P, X, Y, W)
    loss_i, _ = training.loss_and_grads(P, X, Y.astype(int), W.astype(int), 2)
    assert loss_i == training.loss_and_grads(P, X, Y, W, 2)[0]


def test_truncated_forward_passes_on_the_layout_message():
    c = case("simple_rnn")
    with pytest.raises(ValueError, match=r"^Wx must have shape \(D, 1H\) = \(4, 5\).*\(5, 4\)"
                                         r".*PyTorch's layout \(out, in\); pass Wx\.T"):
        training.truncated_forward(c["x"], c["h0"], c["Wx"].T, c["Wh"], c["b"], 2)


# ---- text, timing, series -------------------------------------------------------------

@pytest.mark.parametrize("call", [lambda v: text.encode("ab", v),
                                  lambda v: text.decode([0], v),
                                  lambda v: text.next_token_distribution("abab", "a", v)],
                         ids=["encode", "decode", "next_token_distribution"])
@pytest.mark.parametrize("vocab, got", [(None, "NoneType"), ({"a", "b"}, "set"),
                                        ([1, 2], "list")])
def test_vocab_must_be_an_ordered_sequence_of_str(call, vocab, got):
    with pytest.raises(TypeError, match=rf"^vocab must be a list or tuple of V str tokens, "
                                        rf"e\.g\. from build_vocab, but got {got}\."):
        call(vocab)


def test_decode_sep_must_be_a_str():
    with pytest.raises(TypeError, match=r"^sep must be a str, e\.g\. '' for characters or ' ' "
                                        r"for words, but got int\."):
        text.decode([0, 1], ("a", "b"), sep=1)


def test_one_hot_dtype_must_be_a_dtype():
    with pytest.raises(TypeError, match=r"^dtype must be a numpy dtype such as np\.float32, "
                                        r"but got 'banana'\."):
        text.one_hot([0, 1], 2, dtype="banana")


@pytest.mark.parametrize("kwargs, message", [
    (dict(warmup=-1), r"^warmup must be an integer >= 0, but got -1\."),
    (dict(blocks=0), r"^blocks must be an integer >= 1, but got 0\."),
    (dict(per_block=0), r"^per_block must be an integer >= 1, but got 0\."),
], ids=["warmup", "blocks", "per_block"])
def test_blocked_medians_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        timing.blocked_medians({"a": lambda: None}, **kwargs)


@pytest.mark.parametrize("call", [lambda s: series.make_windows(s, 2)], ids=["make_windows"])
@pytest.mark.parametrize("value, error, message", [
    ([1.0, np.nan, 2.0, 3.0], ValueError,
     r"^series contains NaN or infinity \(nan at index \(1,\)\); every value of series must "
     r"be finite"),
    (np.array([None, 1, 2, 3]), TypeError,
     r"^series must be a numeric \(integer or floating-point\) array, but has dtype object"),
    (["a", "b", "c"], TypeError,
     r"^series must be a numeric \(integer or floating-point\) array, but has dtype <U1"),
], ids=["nan", "object", "str"])
def test_make_windows_series(call, value, error, message):
    with pytest.raises(error, match=message):
        call(value)


def test_make_windows_still_takes_integer_series():
    X, y = series.make_windows(np.arange(6), 2)
    assert X.dtype == y.dtype == np.float32 and y[0, 0] == 2


@pytest.mark.parametrize("X, error, message", [
    (np.zeros((2, 4, 3)), ValueError, r"^X must have shape \(N, W, 1\) or \(N, W\) with W >= 1,"
                                      r" but has shape \(2, 4, 3\); for several channels pass "
                                      r"one, e\.g\. X\[\.\.\., :1\]"),
    (np.zeros((2, 0)), ValueError, r"^X must have shape \(N, W, 1\) or \(N, W\) with W >= 1, "
                                   r"but has shape \(2, 0\)"),
    (np.array([[1.0, np.inf]]), ValueError, r"^X contains NaN or infinity \(inf at index "
                                            r"\(0, 1\)\)"),
    (np.array([[None, 1]]), TypeError, r"^X must be a numeric \(integer or floating-point\) "
                                       r"array, but has dtype object"),
], ids=["channels", "empty-window", "inf", "object"])
def test_naive_forecast_X(X, error, message):
    with pytest.raises(error, match=message):
        series.naive_forecast(X, 2)


def test_naive_forecast_keeps_integer_dtype():
    out = series.naive_forecast(np.array([[1, 2], [3, 4]]), 2)
    assert out.dtype == np.int64 and out.tolist() == [[2, 2], [4, 4]]


@pytest.mark.parametrize("X, error, message", [
    (np.full((2, 3, 1), np.nan), ValueError, r"^X contains NaN or infinity \(nan at index "
                                             r"\(0, 0, 0\)\)"),
    (np.zeros((2, 0, 1)), ValueError, r"^X must have shape \(N, W, 1\) with W >= 1, but has "
                                      r"shape \(2, 0, 1\)"),
    (np.array([[["a"]]]), TypeError, r"^X must be a numeric \(integer or floating-point\) "
                                     r"array, but has dtype <U1"),
], ids=["nan", "empty-window", "str"])
def test_recursive_forecast_X(X, error, message):
    with pytest.raises(error, match=message):
        series.recursive_forecast(lambda w: w[:, -1], X, 2)


def test_recursive_forecast_names_a_model_that_returns_sequences():
    with pytest.raises(ValueError, match=r"^predict must return one value per window, shape "
                                         r"\(N, 1\) or \(N,\) = \(3, 1\), but returned shape "
                                         r"\(3, 4, 1\)\. A model with return_sequences=True"):
        series.recursive_forecast(lambda w: w, np.zeros((3, 4, 1)), 2)


def test_recursive_forecast_does_not_touch_the_callers_array():
    X = np.arange(6, dtype=np.float32).reshape(2, 3, 1)
    seen = []
    series.recursive_forecast(lambda w: seen.append(w) or w[:, -1], X, 1)
    assert seen[0] is not X and X.ravel().tolist() == list(range(6))


# ---- dna, music, generate, tasks ------------------------------------------------------

@pytest.mark.parametrize("f", [dna.one_hot, dna.kmer_counts], ids=["one_hot", "kmer_counts"])
@pytest.mark.parametrize("strings, error, message", [
    ("ACGT", TypeError, r"^strings must be a list of N DNA strings over 'ACGT', but got str; "
                        r"wrap a single sequence as \[s\]\."),
    (5, TypeError, r"^strings must be a list of N DNA strings over 'ACGT', but got int"),
    (["ACGT", 7], TypeError, r"^strings\[1\] must be a str over 'ACGT', but got int\."),
    (["ACGT", "acgN"], ValueError, r"^strings\[1\] must contain only the letters A, C, G, T, "
                                   r"but contains \['N', 'a', 'c', 'g'\]; use upper case"),
], ids=["str", "int", "item", "letters"])
def test_dna_strings(f, strings, error, message):
    with pytest.raises(error, match=message):
        f(strings)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(motif_b="TATAAT"), ValueError, r"^motif_a and motif_b must differ and neither may "
                                         r"contain the other, but got 'TATAAT' and 'TATAAT'\."),
    (dict(motif_b="ATAA"), ValueError, r"^motif_a and motif_b must differ .* 'TATAAT' and "
                                       r"'ATAA'\."),
    (dict(motif_a="TA", motif_b="GC"), ValueError,
     r"^motif_a 'TA' and motif_b 'GC' are too short for seq_len = 100: a random background "
     r"would hold them about 12 times by chance"),
    (dict(as_strings="yes"), TypeError, r"^as_strings must be True or False, but got 'yes'\."),
], ids=["equal", "contained", "too-short", "as_strings"])
def test_make_motif_sequences_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        dna.make_motif_sequences(4, 100, **kwargs)


def test_note_midi_with_an_unhashable_token():
    with pytest.raises(ValueError, match=r"^token must be a pitch token from 'G3' to 'G5' "
                                         r".* but got \['C4'\]\."):
        music.note_midi(["C4"])


@pytest.mark.parametrize("value, error, got", [("fast", TypeError, "str"),
                                               (np.nan, ValueError, "nan")])
def test_synthesize_step_seconds(value, error, got):
    with pytest.raises(error, match=rf"^step_seconds must be a number in \(0, 2\], but got "
                                    rf"{got}\."):
        music.synthesize(["K:C", "C4", "END"], step_seconds=value)


def test_plot_piano_roll_ax():
    pytest.importorskip("matplotlib")
    with pytest.raises(TypeError, match=r"^ax must be a matplotlib Axes or None, but got str\."):
        piano_roll.plot_piano_roll(music.make_melodies(1, 0)[0], ax="axes")


class Model:
    """Stands in for a Keras model: generate_ids checks its arguments before using it."""
    layers = []


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(model=None), TypeError, r"^model must be a Keras Sequential model \(with \.layers\), "
                                  r"but got NoneType\."),
    (dict(temperature=-1), ValueError, r"^temperature must be a finite number >= 0 \(0 means "
                                       r"argmax\), but got -1\."),
    (dict(depth=3, seed_ids=[1, 5]), ValueError, r"^seed_ids must hold ids from 0 to 2 \(a "
                                                 r"vocabulary of 3 tokens\), but contains 5\."),
    (dict(depth=3, seed_ids=[-1]), ValueError, r"^seed_ids must hold ids from 0 to 2 .*but "
                                               r"contains -1\."),
], ids=["model", "temperature", "id-too-large", "id-negative"])
def test_generate_ids_arguments(kwargs, error, message):
    args = dict(model=Model(), seed_ids=[0, 1], n_tokens=2) | kwargs
    with pytest.raises(error, match=message):
        generate.generate_ids(**args)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(at_epochs=5), TypeError, r"^at_epochs must be an iterable of epoch numbers, e\.g\. "
                                   r"\[1, 5, 10\], but got int; use \[5\] for one\."),
    (dict(n_chars=-1), ValueError, r"^n_chars must be an integer >= 0, but got -1\."),
    (dict(temperature="warm"), TypeError, r"^temperature must be a finite number >= 0 \(0 "
                                          r"means argmax\), but got str\."),
    (dict(depth=1), ValueError, r"^depth must be an integer >= 2, but got 1\."),
    (dict(log="print"), TypeError, r"^log must be a callable taking a str, or None, but got "
                                   r"str\."),
], ids=["at_epochs", "n_chars", "temperature", "depth", "log"])
def test_sampling_callback_checks_before_keras_is_needed(kwargs, error, message):
    args = dict(seed_text="ab", vocab=("a", "b"), at_epochs=[1]) | kwargs
    with pytest.raises(error, match=message):
        generate.sampling_callback(**args)


@pytest.mark.parametrize("value, error, got", [("most", TypeError, "str"),
                                               (np.float32(1.5), ValueError, "1.5")])
def test_dominant_share(value, error, got):
    with pytest.raises(error, match=rf"^dominant_share must be a number in \(0, 1\], but got "
                                    rf"(np\.float32\()?{got}"):
        tasks.make_token_classification(4, 5, dominant_share=value)


def test_dominant_share_accepts_numpy_floats():
    X, _ = tasks.make_token_classification(4, 5, dominant_share=np.float32(0.5), random_state=0)
    assert X.shape == (4, 5)
