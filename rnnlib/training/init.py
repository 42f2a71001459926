"""Initial weights for a recurrent layer and a Dense(1) readout, as Keras initialises them.

Shapes: D input features, H hidden units, G gates (``rnnlib.cells``).
"""
import numpy as np

from .._checks import check_dtype, check_int, check_random_state, check_real
from ..cells import cell


def init_params(kind, input_dim, units, random_state=None, recurrent_gain=1.0,
                dtype=np.float64):
    """Keras's default initialisation, in rnnlib's layout.

    Wx (D, G*H): Glorot uniform; Wh (H, G*H): an orthogonal (H, H) block per gate,
    times `recurrent_gain` (the spectral radius of each block); b zeros, except the
    LSTM forget gate's bias, 1 (Keras's unit_forget_bias); GRU b has shape (2, 3H).
    Readout Wy (H, 1): Glorot uniform; by (1,): 0.

    Parameters
    ----------
    kind : "simple_rnn", "lstm" or "gru"
    input_dim : int D >= 1; units : int H >= 1
    random_state : None, int >= 0 or numpy Generator
    recurrent_gain : float >= 0
    dtype : floating numpy dtype of the weights

    Returns a dict with keys "Wx", "Wh", "b", "Wy", "by".
    """
    spec = cell(kind)
    G = spec.G
    D, H = check_int("input_dim", input_dim, 1), check_int("units", units, 1)
    check_real("recurrent_gain", recurrent_gain, 0, closed=True)
    check_dtype("dtype", dtype, floating=True)
    rng = check_random_state("random_state", random_state)

    def glorot(rows, cols):
        limit = np.sqrt(6 / (rows + cols))
        return rng.uniform(-limit, limit, size=(rows, cols))

    Wh = np.concatenate([np.linalg.qr(rng.normal(size=(H, H)))[0] for _ in range(G)], axis=1)
    b = np.zeros(spec.bias_shape(H))
    if kind == "lstm":
        b[H:2 * H] = 1.0                                   # the forget gate's block
    params = {"Wx": glorot(D, G * H), "Wh": recurrent_gain * Wh, "b": b,
              "Wy": glorot(H, 1), "by": np.zeros(1)}
    return {k: v.astype(dtype) for k, v in params.items()}
