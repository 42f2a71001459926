"""Parameter counts of the recurrent layers, by formula (equal to Keras's count_params)."""

from ._checks import check_choice, check_int

_GATES = {"simple_rnn": 1, "gru": 3, "lstm": 4}


def count_params(kind, input_dim, units):
    """Number of weights of one recurrent layer with D = input_dim and H = units.

    simple_rnn: H(D + H) + H;  lstm: 4(H(D + H) + H);
    gru (reset_after=True, two biases): 3(H(D + H) + 2H).
    None of these depend on the sequence length T: the weights are shared over time.

    kind : "simple_rnn", "lstm" or "gru"; input_dim : int D >= 1; units : int H >= 1.
    """
    check_choice("kind", kind, _GATES)
    check_int("input_dim", input_dim, 1)
    check_int("units", units, 1)
    biases = 2 if kind == "gru" else 1
    return _GATES[kind] * (units * (input_dim + units) + biases * units)
