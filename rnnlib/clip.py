"""Gradient clipping: by global norm (as ``tf.clip_by_global_norm``) and by value.

Both take a list of gradient arrays of any shapes (None entries pass through, as
in TensorFlow) and return new arrays; the inputs are never modified.
"""
import math

import numpy as np

from ._checks import as_float_array, check_real


def _grad_list(grads):
    """grads as a list of floating arrays of any shapes (or None), with a clear error otherwise.

    NaN and infinity pass: a non-finite global norm is reported as TensorFlow does.
    """
    if isinstance(grads, (np.ndarray, dict, str)) or not hasattr(grads, "__iter__"):
        fix = ("Pass list(grads.values()) for a dict of gradients." if isinstance(grads, dict)
               else "Wrap a single array as [g].")
        raise TypeError("grads must be a list or tuple of arrays, e.g. [dWx, dWh, db], "
                        f"but got {type(grads).__name__}. {fix}")
    return [None if g is None else as_float_array(f"grads[{k}]", g, None, finite=False)
            for k, g in enumerate(grads)]


def global_norm(grads):
    """sqrt of the sum of squares of every entry of every array in grads."""
    return math.sqrt(sum(float(np.sum(np.square(g, dtype=np.float64)))
                         for g in _grad_list(grads) if g is not None))


def clip_by_global_norm(grads, clip_norm):
    """Scale all gradients together so that their global norm is at most clip_norm.

    Each g becomes g * clip_norm / max(global_norm, clip_norm): the direction of the
    whole update is kept. Like TensorFlow, a non-finite global norm gives NaN arrays.

    Returns
    -------
    clipped : list of arrays, the same shapes and dtypes as grads
    global_norm : float, the norm *before* clipping
    """
    grads = _grad_list(grads)
    clip_norm = check_real("clip_norm", clip_norm, 0)
    norm = global_norm(grads)
    scale = clip_norm / max(norm, clip_norm) if math.isfinite(norm) else math.nan
    clipped = [None if g is None else (g * scale).astype(g.dtype) for g in grads]
    return clipped, norm


def clip_by_value(grads, limit):
    """Clip every entry of every gradient to [-limit, limit]; this can change the
    update's direction, which is why global-norm clipping is usually preferred."""
    grads = _grad_list(grads)
    limit = check_real("limit", limit, 0)
    return [None if g is None else np.clip(g, -limit, limit) for g in grads]
