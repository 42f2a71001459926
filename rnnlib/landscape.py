"""The cliff of exploding gradients: the loss of a one-unit tanh RNN along its weight.

After Pascanu, Mikolov & Bengio (2013), section 3 and figure 6. The network has one
unit, no input and a loss on its last state only:

    h_t = tanh(w h_{t-1} + b),   t = 1, ..., T,       L(w) = (h_T - target)^2

For w above about 1 the map has two attractors, one positive and one negative. With
b < 0 the positive one exists only once w passes a critical value; just below it the
state started at h0 > 0 slides to the negative attractor, just above it the state stays
positive. Crossing that value flips h_T from negative to positive: the loss falls down
a wall, and on the wall dL/dw is enormous (the longer T, the narrower and steeper). A plain gradient step taken there throws
w far away; a clipped one moves at most ``learning_rate * clip_norm``.

The loss and its gradient come from ``rnnlib.rnn_forward`` and ``rnnlib.rnn_backward``:
K values of w are K units of one RNN whose recurrent matrix is diagonal, so the units
never mix and one forward pass computes K losses (in chunks of 250, to keep the
K * K matrix small).
"""
import math
import numbers

import numpy as np

from ._checks import as_float_array, check_int, check_real
from .clip import clip_by_global_norm
from .rnn import rnn_backward, rnn_forward


CHUNK = 250         # weights per forward pass: its diagonal Wh holds CHUNK * CHUNK floats


def _finite(name, value):
    """Return `value` as a float, or raise if it is not a finite real number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) \
            or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite real number, but got {value!r}.")
    return float(value)


def cliff_loss(w, b=-0.2, h0=0.5, target=0.7, T=20):
    """L(w) = (h_T - target)^2 and dL/dw for each value of the recurrent weight w.

    Parameters
    ----------
    w : ndarray of shape (K,), the recurrent weights to evaluate
    b : float, the bias; h0 : float in (-1, 1], the initial state
    target : float, the wanted h_T; T : int >= 1, the number of steps

    Returns
    -------
    loss : ndarray of shape (K,)
    grad : ndarray of shape (K,), dL/dw by backpropagation through time
    """
    w = as_float_array("w", w, ("K",), dtype=np.float64, ints=True)
    b, target = _finite("b", b), _finite("target", target)
    h0 = check_real("h0", h0, -1, 1)
    T = check_int("T", T, 1)
    if w.shape[0] == 0:
        raise ValueError("w must hold at least one value, but is empty.")
    loss, grad = np.empty_like(w), np.empty_like(w)
    for s in range(0, w.shape[0], CHUNK):
        chunk = slice(s, s + CHUNK)
        loss[chunk], grad[chunk] = _units_loss(w[chunk], b, h0, target, T)
    return loss, grad


def _units_loss(w, b, h0, target, T):
    """`cliff_loss` for K values of w at once: one RNN of K units with Wh = diag(w)."""
    K = w.shape[0]
    x = np.zeros((1, T, 1))                                   # no input: (N=1, T, D=1)
    h, cache = rnn_forward(x, np.full((1, K), h0), np.zeros((1, K)), np.diag(w),
                           np.full(K, b))                     # h: (1, T, K)
    err = h[0, -1] - target                                   # (K,)
    dh = np.zeros_like(h)
    dh[0, -1] = 2 * err                                       # only h_T reaches the loss
    dWh = rnn_backward(dh, cache)[3]                          # (K, K)
    return err ** 2, np.diag(dWh)                             # unit k's weight is Wh[k, k]


def descent_step(w, learning_rate, clip_norm=None, **task):
    """One gradient-descent step on the recurrent weight w of `cliff_loss`.

    Parameters
    ----------
    w : float, the starting weight
    learning_rate : float > 0
    clip_norm : float > 0 or None; if given, the gradient is first clipped by
        ``rnnlib.clip_by_global_norm`` (for one weight: its size is capped at clip_norm)
    task : b, h0, target, T, passed on to `cliff_loss`

    Returns
    -------
    w_new : float, ``w - learning_rate * gradient`` (the clipped gradient if clip_norm)
    """
    w = _finite("w", w)
    learning_rate = check_real("learning_rate", learning_rate, 0)
    grad = cliff_loss(np.array([w]), **task)[1]               # (1,)
    if clip_norm is not None:
        grad = clip_by_global_norm([grad], check_real("clip_norm", clip_norm, 0))[0][0]
    return float(w - learning_rate * grad[0])
