"""Activation functions and their derivatives with respect to the input.

Every function takes an array of any shape and returns one of the same shape and
dtype. tanh is written as the article meant it: (e^z - e^-z) / (e^z + e^-z),
which equals 2 * sigmoid(2z) - 1; the article's printed formula is identically 0.
"""
import numpy as np


def _float(z):
    """z as a floating array: float32 stays float32, integers become float64."""
    z = np.asarray(z)
    return z.astype(np.result_type(z.dtype, np.float32), copy=False)


def sigmoid(z):
    """Logistic function 1 / (1 + e^-z), computed without overflow for large |z|."""
    z = _float(z)
    e = np.exp(-np.abs(z))                       # never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_grad(z):
    """d sigmoid / dz = s (1 - s) = sigmoid(z) sigmoid(-z); at most 1/4, at z = 0.

    The second form keeps full relative precision where s is close to 1.
    """
    z = _float(z)
    return sigmoid(z) * sigmoid(-z)


def tanh(z):
    """Hyperbolic tangent (e^z - e^-z) / (e^z + e^-z), in (-1, 1)."""
    return np.tanh(_float(z))


def tanh_grad(z):
    """d tanh / dz = 1 - tanh(z)^2; at most 1, at z = 0."""
    t = np.tanh(_float(z))
    return 1 - t * t


def relu(z):
    """max(0, z)."""
    return np.maximum(_float(z), 0)


def relu_grad(z):
    """1 where z > 0, else 0 (the subgradient 0 is taken at z = 0, as TensorFlow does)."""
    z = _float(z)
    return (z > 0).astype(z.dtype)
