"""Shared fixtures: random inputs and weights in Keras's layout for each cell."""
import os

import numpy as np
import pytest
from hypothesis import settings


import rnnlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# Under CI, hypothesis draws the same examples every run (no flaky CI); locally it explores.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

GATES = {"simple_rnn": 1, "lstm": 4, "gru": 3}
FORWARD = {"simple_rnn": rnnlib.rnn_forward, "lstm": rnnlib.lstm_forward,
           "gru": rnnlib.gru_forward}
BACKWARD = {"simple_rnn": rnnlib.rnn_backward, "lstm": rnnlib.lstm_backward,
            "gru": rnnlib.gru_backward}
KINDS = list(GATES)


def make_case(kind, N=3, T=5, D=4, H=6, dtype=np.float64, seed=0):
    """Random x (N, T, D), h0 (N, H), Wx, Wh, b and dh (N, T, H) for `kind`.

    The scale keeps the gates away from saturation so that gradients are informative.
    """
    rng = np.random.default_rng(seed)
    G = GATES[kind]
    bias_shape = (2, G * H) if kind == "gru" else (G * H,)
    arrays = dict(
        x=rng.normal(size=(N, T, D)),
        h0=rng.normal(scale=0.5, size=(N, H)),
        Wx=rng.normal(scale=0.5, size=(D, G * H)),
        Wh=rng.normal(scale=0.5, size=(H, G * H)),
        b=rng.normal(scale=0.3, size=bias_shape),
        dh=rng.normal(size=(N, T, H)),
    )
    return {k: v.astype(dtype) for k, v in arrays.items()}


def forward(kind, case, c0=None):
    """Run rnnlib's sequence forward for `kind` on a case; returns (h, cache)."""
    args = [case[k] for k in ("x", "h0", "Wx", "Wh", "b")]
    if kind == "lstm":
        return rnnlib.lstm_forward(*args, c0=c0)
    return FORWARD[kind](*args)


@pytest.fixture(params=KINDS)
def kind(request):
    return request.param
