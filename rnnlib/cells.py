"""The three recurrent cells, each described once: every other module reads them here.

| kind         | Keras layer | gates, in Keras's column order        | G | bias b    |
|--------------|-------------|---------------------------------------|---|-----------|
| "simple_rnn" | SimpleRNN   | h (the new state itself)              | 1 | (H,)      |
| "lstm"       | LSTM        | i input, f forget, c candidate, o out | 4 | (4H,)     |
| "gru"        | GRU         | z update, r reset, h candidate        | 3 | (2, 3H)   |

Every cell stores its weights in Keras's layout: Wx = kernel (D, G*H), Wh =
recurrent_kernel (H, G*H), each gate one block of H columns in the order above. The GRU
(``reset_after=True``, Keras's default) has two bias rows, one added to the input part
and one to the recurrent part.

``CELLS[kind]`` (or ``cell(kind)``, which explains a wrong kind) gives a `Cell`: its facts,
and its functions, from the textbook modules (``rnnlib.rnn``, ``rnnlib.lstm``,
``rnnlib.gru``) and from the fast kernels (``rnnlib.fast``).
"""
from dataclasses import dataclass
from importlib import import_module

from ._checks import check_choice


@dataclass(frozen=True)
class Cell:
    """What rnnlib knows about one kind of recurrent cell.

    kind : the name rnnlib's functions take ("simple_rnn", "lstm", "gru")
    keras_layer : the class name in ``keras.layers``
    gates : the gate names, one block of H columns each, in Keras's order
    bias_rows : 1 for a bias of shape (G*H,), 2 for (2, G*H) (the GRU's two biases)
    module : the module holding its functions, "rnn" for ``rnnlib.rnn`` and ``rnnlib.fast.rnn``
    """
    kind: str
    keras_layer: str
    gates: tuple
    bias_rows: int
    module: str

    @property
    def G(self):
        """The number of gates: the weights have G*H columns."""
        return len(self.gates)

    def bias_shape(self, H):
        """The shape of b for H units: (G*H,), or (2, G*H) for the GRU."""
        return (self.G * H,) if self.bias_rows == 1 else (self.bias_rows, self.G * H)

    def count_params(self, D, H):
        """Weights of one layer with D inputs and H units: Wx, Wh and b."""
        return self.G * H * (D + H) + self.bias_rows * self.G * H

    def function(self, name, fast=False):
        """The cell's function `name` ("forward", "backward", "step_forward" or
        "step_backward"), e.g. ``rnnlib.lstm.lstm_forward``; with fast=True the kernel of
        the same name in ``rnnlib.fast`` (sequence passes only)."""
        package = "rnnlib.fast" if fast else "rnnlib"
        return getattr(import_module(f"{package}.{self.module}"), f"{self.module}_{name}")

    @property
    def forward(self):
        """The textbook sequence forward, e.g. ``rnnlib.lstm_forward``."""
        return self.function("forward")

    @property
    def backward(self):
        """The textbook sequence backward, e.g. ``rnnlib.lstm_backward``."""
        return self.function("backward")

    @property
    def step_forward(self):
        """The textbook step forward, e.g. ``rnnlib.lstm_step_forward``."""
        return self.function("step_forward")

    @property
    def step_backward(self):
        """The textbook step backward, e.g. ``rnnlib.lstm_step_backward``."""
        return self.function("step_backward")

    @property
    def fast_forward(self):
        """The fast sequence forward, e.g. ``rnnlib.fast.lstm_forward`` (same result)."""
        return self.function("forward", fast=True)

    @property
    def fast_backward(self):
        """The fast sequence backward, e.g. ``rnnlib.fast.lstm_backward`` (same result)."""
        return self.function("backward", fast=True)


SIMPLE_RNN = Cell("simple_rnn", "SimpleRNN", ("h",), 1, "rnn")
LSTM = Cell("lstm", "LSTM", ("i", "f", "c", "o"), 1, "lstm")
GRU = Cell("gru", "GRU", ("z", "r", "h"), 2, "gru")

CELLS = {c.kind: c for c in (SIMPLE_RNN, LSTM, GRU)}


def cell(kind):
    """The `Cell` named `kind` ("simple_rnn", "lstm" or "gru"), or a ValueError saying so."""
    return CELLS[check_choice("kind", kind, CELLS)]
