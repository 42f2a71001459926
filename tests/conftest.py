"""Shared fixtures: random inputs and weights in Keras's layout for each cell, and the
cells' functions on either path (the textbook modules or ``rnnlib.fast``)."""
import os

import numpy as np
import pytest
from hypothesis import settings

from rnnlib.cells import CELLS
from rnnlib.fast import use_numba

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# Under CI, hypothesis draws the same examples every run (no flaky CI); locally it explores.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

KINDS = list(CELLS)


def make_case(kind, N=3, T=5, D=4, H=6, dtype=np.float64, seed=0):
    """Random x (N, T, D), h0 (N, H), Wx, Wh, b and dh (N, T, H) for `kind`.

    The scale keeps the gates away from saturation so that gradients are informative.
    """
    rng = np.random.default_rng(seed)
    spec = CELLS[kind]
    arrays = dict(
        x=rng.normal(size=(N, T, D)),
        h0=rng.normal(scale=0.5, size=(N, H)),
        Wx=rng.normal(scale=0.5, size=(D, spec.G * H)),
        Wh=rng.normal(scale=0.5, size=(H, spec.G * H)),
        b=rng.normal(scale=0.3, size=spec.bias_shape(H)),
        dh=rng.normal(size=(N, T, H)),
    )
    return {k: v.astype(dtype) for k, v in arrays.items()}


def forward(kind, case, c0=None, fast=False):
    """Run the sequence forward of `kind` on a case, textbook or fast; returns (h, cache)."""
    spec = CELLS[kind]
    fn = spec.fast_forward if fast else spec.forward
    args = [case[k] for k in ("x", "h0", "Wx", "Wh", "b")]
    return fn(*args, c0=c0) if kind == "lstm" else fn(*args)


def backward(kind, dh, cache, fast=False):
    """The sequence backward of `kind`, textbook or fast: dx, dh0, dWx, dWh, db."""
    spec = CELLS[kind]
    return (spec.fast_backward if fast else spec.backward)(dh, cache)


@pytest.fixture(params=KINDS)
def kind(request):
    return request.param


@pytest.fixture(params=["textbook", "fast", "fast-numpy"])
def fast(request):
    """Which path a test runs: the textbook modules (False) or rnnlib.fast (True), the
    latter with its fused numba kernels for float32 where numba is installed ("fast")
    and with its numpy kernels only ("fast-numpy")."""
    with use_numba(request.param != "fast-numpy"):
        yield request.param != "textbook"
