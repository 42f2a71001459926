"""Parameter counts of the recurrent layers, by formula (equal to Keras's count_params)."""

from ._checks import check_int
from .cells import cell


def count_params(kind, input_dim, units):
    """Number of weights of one recurrent layer with D = input_dim and H = units.

    simple_rnn: H(D + H) + H;  lstm: 4(H(D + H) + H);
    gru (reset_after=True, two biases): 3(H(D + H) + 2H).
    None of these depend on the sequence length T: the weights are shared over time.

    kind : "simple_rnn", "lstm" or "gru"; input_dim : int D >= 1; units : int H >= 1.
    """
    spec = cell(kind)
    return spec.count_params(check_int("input_dim", input_dim, 1), check_int("units", units, 1))
