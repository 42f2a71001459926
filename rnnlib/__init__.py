"""rnnlib: exact numpy RNN, LSTM and GRU, forward and backward, in Keras's layout.

Shapes: N batch, T time steps, D input features, H hidden units (batch-major).
Weights: Wx = kernel (D, G*H), Wh = recurrent_kernel (H, G*H), b = bias, with
G = 1 (tanh RNN), 4 (LSTM, gates i, f, c, o) or 3 (GRU, gates z, r, h, reset_after).
So ``layer.get_weights()`` from Keras plugs straight in.

Only numpy is imported here. Submodules: ``rnnlib.data.text`` (characters and words
to ids), ``rnnlib.timing``, ``rnnlib.attention`` (scaled dot-product attention, forward
and backward), ``rnnlib.decoding`` (greedy decoding and beam search);
``rnnlib.keras_helpers`` and ``rnnlib.plots`` import TensorFlow or matplotlib when they
are used.
"""
from .activations import relu, relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad
from .clip import clip_by_global_norm, clip_by_value, global_norm
from .data.tasks import make_adding_problem, make_delayed_recall
from .gradcheck import numerical_gradient, rel_error
from .gru import gru_backward, gru_forward, gru_step_backward, gru_step_forward
from .lstm import lstm_backward, lstm_forward, lstm_step_backward, lstm_step_forward
from .params import count_params
from .data.tasks import make_token_classification
from .rnn import rnn_backward, rnn_forward, rnn_step_backward, rnn_step_forward

__version__ = "0.1.0"

__all__ = [
    "sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad",
    "rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward",
    "lstm_step_forward", "lstm_step_backward", "lstm_forward", "lstm_backward",
    "gru_step_forward", "gru_step_backward", "gru_forward", "gru_backward",
    "clip_by_global_norm", "clip_by_value", "global_norm",
    "numerical_gradient", "rel_error", "count_params", "make_adding_problem",
    "make_delayed_recall", "make_token_classification",
]
