"""Training with rnnlib's cells, in numpy.

- ``init``: `init_params`, Keras's initial weights for any cell and a Dense(1) readout;
- ``many_to_one``: `predict` and `mse_and_grads`, a regression model on the last state;
- ``truncated``: `truncated_forward` and `truncated_backward`, BPTT cut every k steps;
- ``many_to_many``: a tanh RNN with a prediction at every step, trained by Adam with
  truncated BPTT (`train_many_to_many`, `loss_and_grads`, `accuracy`, `predict_proba`);
- ``char_lstm``: a character-level LSTM language model trained by truncated BPTT with
  carried state, clipping and Adam (chapter 14).
"""
from .init import init_params
from .many_to_many import accuracy, loss_and_grads, predict_proba, train_many_to_many
from .many_to_one import mse_and_grads, predict
from .truncated import truncated_backward, truncated_forward

__all__ = ["init_params", "predict", "mse_and_grads", "truncated_forward",
           "truncated_backward", "predict_proba", "accuracy", "loss_and_grads",
           "train_many_to_many"]
