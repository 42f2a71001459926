"""Fast kernels: the sequence passes of ``rnnlib.rnn``, ``rnnlib.lstm`` and ``rnnlib.gru``
with the same signatures, the same cache types and the same results (a property test
pins them equal), written for speed instead of for reading.

Read the textbook modules first; use these where speed matters (trainers, applications,
benchmarks). Every function here starts its docstring by naming the one it reproduces.

For float32, when numba is installed (``pip install 'rnnlib[fast]'``), the LSTM's and
GRU's per-step elementwise work runs in fused compiled kernels (``_numba_steps``);
``use_numba(False)`` turns them off, and without numba the numpy kernels are used.
"""
from ._fused import numba_available, use_numba
from .gru import gru_backward, gru_forward
from .lstm import lstm_backward, lstm_forward
from .rnn import rnn_backward, rnn_forward

__all__ = ["rnn_forward", "rnn_backward", "lstm_forward", "lstm_backward",
           "gru_forward", "gru_backward", "numba_available", "use_numba"]
