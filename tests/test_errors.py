"""Every promised error: it names the argument, the expected shape and what arrived."""
import numpy as np
import pytest

import rnnlib
from conftest import backward, forward, make_case
from rnnlib.cells import CELLS


def args(kind, **changes):
    case = make_case(kind, N=2, T=3, D=4, H=5)
    case.update(changes)
    return [case[k] for k in ("x", "h0", "Wx", "Wh", "b")]


def fwd(kind, fast):
    """The sequence forward of `kind`: textbook, or rnnlib.fast (same checks, same messages)."""
    return CELLS[kind].fast_forward if fast else CELLS[kind].forward


def test_wrong_rank_of_x_names_shape_and_suggests_batch_axis(kind, fast):
    x = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"x must have 3 dimensions \(N, T, D\), but has "
                                         r"shape \(3, 4\)\. .*x\[None\]"):
        fwd(kind, fast)(*args(kind, x=x))


def test_integer_dtype_is_a_type_error(kind, fast):
    with pytest.raises(TypeError, match=r"x must be a floating-point array of shape "
                                        r"\(N, T, D\), but has dtype int64.*astype"):
        fwd(kind, fast)(*args(kind, x=np.zeros((2, 3, 4), dtype=np.int64)))


def test_object_dtype_is_a_type_error():
    with pytest.raises(TypeError, match=r"Wh must be a floating-point array .* dtype object"):
        rnnlib.rnn_forward(*args("simple_rnn", Wh=np.array([[None] * 5] * 5)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("name", ["x", "h0", "Wx", "Wh", "b"])
def test_non_finite_values_are_rejected(kind, name, bad, fast):
    case = make_case(kind, N=2, T=3, D=4, H=5)
    case[name] = case[name].copy()
    case[name].flat[0] = bad
    with pytest.raises(ValueError, match=rf"^{name} contains NaN or infinity"):
        fwd(kind, fast)(*[case[k] for k in ("x", "h0", "Wx", "Wh", "b")])


def test_batch_mismatch_between_x_and_h0(kind, fast):
    with pytest.raises(ValueError, match=r"h0 has shape \(3, 5\), but axis 0 must be N = 2"):
        fwd(kind, fast)(*args(kind, h0=np.zeros((3, 5))))


def test_none_is_named():
    with pytest.raises(TypeError, match=r"h0 must be an array of shape \(N, H\), but got None"):
        rnnlib.rnn_forward(*args("simple_rnn", h0=None))


def test_wrong_input_dimension_of_Wx(kind, fast):
    G = CELLS[kind].G
    with pytest.raises(ValueError, match=rf"Wx must have shape \(D, {G}H\) = \(4, {5 * G}\) "
                                         rf".*D = 4 and H = 5.*but has shape \(3, {5 * G}\)"):
        fwd(kind, fast)(*args(kind, Wx=np.zeros((3, 5 * G))))


def test_lstm_weights_passed_to_gru_are_recognised():
    lstm = make_case("lstm", N=2, T=3, D=4, H=5)
    with pytest.raises(ValueError, match=r"Wx must have shape \(D, 3H\) = \(4, 15\).*"
                                         r"4H columns, the layout of an LSTM"):
        rnnlib.gru_forward(*args("gru", Wx=lstm["Wx"], Wh=lstm["Wh"]))


def test_gru_weights_passed_to_lstm_are_recognised():
    gru = make_case("gru", N=2, T=3, D=4, H=5)
    with pytest.raises(ValueError, match=r"Wh must have shape \(H, 4H\) = \(5, 20\).*"
                                         r"3H columns, the layout of a GRU"):
        rnnlib.lstm_forward(*args("lstm", Wh=gru["Wh"]))


def test_pytorch_layout_is_recognised_and_fix_given():
    case = make_case("lstm", N=2, T=3, D=4, H=5)
    with pytest.raises(ValueError, match=r"Wx must have shape .* but has shape \(20, 4\)\. "
                                         r"It looks transposed .*PyTorch.*pass Wx\.T"):
        rnnlib.lstm_forward(*args("lstm", Wx=case["Wx"].T))


def test_wrong_bias_shapes():
    with pytest.raises(ValueError, match=r"b must have shape \(4H,\) = \(20,\), but has shape \(15,\)"):
        rnnlib.lstm_forward(*args("lstm", b=np.zeros(15)))
    with pytest.raises(ValueError, match=r"b must have 2 dimensions \(2, 3H\), but has shape \(15,\)"):
        rnnlib.gru_forward(*args("gru", b=np.zeros(15)))
    with pytest.raises(ValueError, match=r"b must have shape \(2, 3H\).* = \(2, 15\), but has shape \(3, 15\)"):
        rnnlib.gru_forward(*args("gru", b=np.zeros((3, 15))))


def test_wrong_c0_shape():
    with pytest.raises(ValueError, match=r"c0 has shape \(2, 6\), but axis 1 must be H = 5"):
        rnnlib.lstm_forward(*args("lstm"), c0=np.zeros((2, 6)))


def test_step_functions_validate_too():
    case = make_case("lstm", N=2, T=3, D=4, H=5)
    with pytest.raises(ValueError, match=r"x must have 2 dimensions \(N, D\), but has shape \(2, 3, 4\)"):
        rnnlib.lstm_step_forward(case["x"], case["h0"], case["h0"], case["Wx"], case["Wh"], case["b"])
    with pytest.raises(TypeError, match=r"c_prev must be an array of shape \(N, H\), but got None"):
        rnnlib.lstm_step_forward(case["x"][:, 0], case["h0"], None, case["Wx"], case["Wh"], case["b"])


def test_backward_checks_cache_and_upstream_shape(kind, fast):
    case = make_case(kind, N=2, T=3, D=4, H=5)
    _, cache = forward(kind, case, fast=fast)
    with pytest.raises(ValueError, match=r"dh must have the shape of the forward output "
                                         r"\(N, T, H\) = \(2, 3, 5\), but has shape \(2, 4, 5\)"):
        backward(kind, np.zeros((2, 4, 5)), cache, fast=fast)
    with pytest.raises(TypeError, match=r"cache must be the cache returned by \w+_forward"):
        backward(kind, case["dh"], (1, 2, 3), fast=fast)
    with pytest.raises(ValueError, match=r"dh contains NaN or infinity"):
        backward(kind, np.full((2, 3, 5), np.nan), cache, fast=fast)


def test_clip_errors():
    with pytest.raises(ValueError, match=r"clip_norm must be a finite number > 0, but got -1"):
        rnnlib.clip_by_global_norm([np.ones(3)], -1)
    with pytest.raises(ValueError, match=r"limit must be a finite number > 0, but got nan"):
        rnnlib.clip_by_value([np.ones(3)], float("nan"))
    with pytest.raises(TypeError, match=r"grads must be a list or tuple of arrays.*\[g\]"):
        rnnlib.clip_by_global_norm(np.ones(3), 1.0)
    with pytest.raises(TypeError, match=r"grads\[1\] must be a floating-point array, but has dtype int64"):
        rnnlib.clip_by_global_norm([np.ones(3), np.ones(3, dtype=np.int64)], 1.0)


def test_count_params_and_data_errors():
    with pytest.raises(ValueError, match=r"kind must be one of \['gru', 'lstm', 'simple_rnn'\], but got 'rnn'"):
        rnnlib.count_params("rnn", 3, 4)
    with pytest.raises(ValueError, match=r"units must be an integer >= 1, but got 0"):
        rnnlib.count_params("lstm", 3, 0)
    with pytest.raises(ValueError, match=r"seq_len must be an integer >= 2, but got 1"):
        rnnlib.make_adding_problem(10, 1)
    with pytest.raises(ValueError, match=r"n_samples must be an integer >= 1, but got 2.5"):
        rnnlib.make_adding_problem(2.5, 10)


def test_gradcheck_errors():
    with pytest.raises(TypeError, match=r"x must be a floating-point ndarray"):
        rnnlib.numerical_gradient(np.sum, np.arange(3))
    with pytest.raises(ValueError, match=r"df must have the shape of f\(x\), \(3,\), but has shape \(2,\)"):
        rnnlib.numerical_gradient(lambda v: v * 2, np.ones(3), df=np.ones(2))
    with pytest.raises(ValueError, match=r"a and b must have the same shape"):
        rnnlib.rel_error(np.ones(2), np.ones(3))
