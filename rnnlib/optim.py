"""Optimisers in a few lines: Adam and Adagrad, for a dict of named weights.

Each ``step(params, grads)`` returns a *new* dict of updated weights (the arrays are
rebound, never written in place, so a copy of an earlier dict keeps earlier weights).
Names in `params` without a gradient in `grads` are left as they are.
"""
import math

import numpy as np

from ._checks import check_real


class Adam:
    """Adam, as ``keras.optimizers.Adam`` (epsilon added to sqrt(v), bias correction
    folded into the learning rate).

        m = beta1 m + (1 - beta1) g           running mean of the gradient
        v = beta2 v + (1 - beta2) g^2         running mean of its square
        w = w - lr_t m / (sqrt(v) + eps),     lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
        self.learning_rate = check_real("learning_rate", learning_rate, 0)
        self.beta1 = check_real("beta1", beta1, 0, 1, closed=True)
        self.beta2 = check_real("beta2", beta2, 0, 1, closed=True)
        self.eps = check_real("eps", eps, 0)
        self.m, self.v, self.t = {}, {}, 0

    def step(self, params, grads):
        """One update; params, grads : dicts of ndarrays (grads may cover a subset)."""
        self.t += 1
        # a Python float, so that float32 weights stay float32
        lr = self.learning_rate * math.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)
        new = dict(params)
        for name, g in grads.items():
            self.m[name] = self.beta1 * self.m.get(name, 0) + (1 - self.beta1) * g
            self.v[name] = self.beta2 * self.v.get(name, 0) + (1 - self.beta2) * g ** 2
            new[name] = params[name] - lr * self.m[name] / (np.sqrt(self.v[name]) + self.eps)
        return new


class Adagrad:
    """Adagrad, as in Karpathy's min-char-rnn: each weight's step shrinks with the sum of
    its squared gradients so far.

        s = s + g^2
        w = w - lr g / sqrt(s + eps)
    """

    def __init__(self, learning_rate=0.1, eps=1e-8):
        self.learning_rate = check_real("learning_rate", learning_rate, 0)
        self.eps = check_real("eps", eps, 0)
        self.s = {}

    def step(self, params, grads):
        """One update; params, grads : dicts of ndarrays (grads may cover a subset)."""
        new = dict(params)
        for name, g in grads.items():
            self.s[name] = self.s.get(name, 0) + g ** 2
            new[name] = params[name] - self.learning_rate * g / np.sqrt(self.s[name] + self.eps)
        return new
