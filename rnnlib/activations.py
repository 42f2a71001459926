"""Activation functions and their derivatives with respect to the input.

Every function takes a real array z (floating, integer or bool) of any shape S and
returns a floating array of shape S: float32 stays float32, integers become float64.
NaN passes through and infinity gives the limit, as in numpy and TensorFlow; other
dtypes (object, str, complex) raise TypeError. tanh is written as the article meant
it: (e^z - e^-z) / (e^z + e^-z), which equals 2 * sigmoid(2z) - 1; the article's
printed formula is identically 0.
"""
import numpy as np

from ._checks import as_float_array


def _float(z):
    """z as a floating array: float32 stays float32, integers become float64."""
    z = as_float_array("z", z, None, ints=True, finite=False)
    return z.astype(np.result_type(z.dtype, np.float32), copy=False)


def sigmoid(z):
    """Logistic function 1 / (1 + e^-z), exact in both limits and never inf or NaN.

    For very negative z (below about -88 in float32, -709 in float64) e^-z is
    larger than the largest float and becomes inf; 1 / (1 + inf) = 0 is then the
    correctly rounded result, so that intermediate overflow is expected and
    silenced (no warning). One new array, no other temporaries.
    """
    z = _float(z)
    s = np.empty_like(z)
    np.negative(z, out=s)
    with np.errstate(over="ignore"):
        return _sigmoid_of_negated(s)


def _sigmoid_of_negated(u):
    """Overwrite ``u = -z`` with sigmoid(z) = 1 / (1 + e^u), in place; returns `u`.

    For the kernels: they fold the minus sign into the weights (negating is exact),
    so the gates cost three in-place ufunc calls and no temporaries. The caller
    silences the harmless overflow of e^u with ``np.errstate(over="ignore")``
    around its time loop (entering it costs microseconds, so not once per call).
    """
    np.exp(u, out=u)
    np.add(u, 1, out=u)
    return np.reciprocal(u, out=u)


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
