"""Benchmark rnnlib's cells against TensorFlow on this machine's CPU.

    python tools/bench.py [--blocks 5] [--per-block 5] [--json PATH]

For each cell (tanh RNN, LSTM, GRU; ``rnnlib.cells``) and shape (N, T, D, H), float32,
times the forward pass of the whole sequence plus the backward pass with an upstream
gradient on every hidden state: ``rnnlib.fast``'s kernels, the textbook modules, and the
Keras layer (``return_sequences=True``) under ``tf.GradientTape`` in ``tf.function``, all
on the same weights.

Timing (``rnnlib.timing.blocked_medians``): each contender runs a block of consecutive
calls, the contenders' blocks take turns, and the result is the minimum of the block
medians. Alternating single calls would make each library's thread pool lose its warm
state to the other's and slow both (TensorFlow's LSTM by about 1.5x, measured here).
The textbook path, which has no speed target, gets fewer calls.

"numpy s" is the fast path with its numba kernels turned off (the same as "fast s" for
the tanh RNN, which has none, and wherever numba is not installed). The first call of
the fused kernels in a new process is timed separately, compiling and from numba's cache.
Also reported: the BLAS library and kernel numpy uses (threadpoolctl), the versions, the
machine's float32 matrix-multiply rate (numpy, a 2048 x 2048 product) and the fraction
of it the fast path reaches, counting 3 x 2 N T (D + H) G H floating-point operations
(the forward product and the two of the backward pass); the same fraction for the
pass's matrix products alone, without any elementwise work (the ceiling of a kernel
built on numpy's BLAS); and the bytes per time step of the cache the backward pass
keeps. Prints a table, checks the targets of the fast path, and writes everything as
JSON.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from rnnlib.cells import CELLS  # noqa: E402
from rnnlib.fast import numba_available, use_numba  # noqa: E402
from rnnlib.timing import blocked_medians  # noqa: E402

SHAPES = [(64, 100, 64, 128), (64, 100, 256, 512)]
SPEEDUP_TARGET = 1.25          # TF / fast at the first shape, every cell
MATMUL_TARGET = 0.80           # fraction of the matmul rate at the second shape, every cell


def matmul_rate(n=2048, repeats=5):
    """float32 GFLOP/s of numpy's (n, n) @ (n, n), the median of `repeats` runs."""
    rng = np.random.default_rng(0)
    a, b = (rng.standard_normal((n, n), dtype=np.float32) for _ in range(2))
    a @ b
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - start)
    return 2 * n ** 3 / statistics.median(times) / 1e9


FIRST_CALL = """
import sys, time
import numpy as np
sys.path.insert(0, {root!r})
import rnnlib.fast as fast
x, h0 = np.ones((2, 3, 4), np.float32), np.zeros((2, 5), np.float32)
start = time.perf_counter()
for kind, G, b in (("lstm", 4, np.zeros(20, np.float32)),
                   ("gru", 3, np.zeros((2, 15), np.float32))):
    forward, backward = getattr(fast, kind + "_forward"), getattr(fast, kind + "_backward")
    Wx, Wh = np.ones((4, 5 * G), np.float32), np.ones((5, 5 * G), np.float32)
    h, cache = forward(x, h0, Wx, Wh, b)
    backward(np.ones_like(h), cache)
print(time.perf_counter() - start)
"""


def numba_first_call():
    """Seconds of the first float32 LSTM and GRU call in a new process: with an empty
    numba cache (compiling the fused kernels), then again with the cache filled."""
    with tempfile.TemporaryDirectory() as cache_dir:
        env = os.environ | {"NUMBA_CACHE_DIR": cache_dir}
        return [float(subprocess.run([sys.executable, "-c", FIRST_CALL.format(root=str(ROOT))],
                                     env=env, capture_output=True, text=True,
                                     check=True).stdout) for _ in range(2)]


def blas_info():
    """What numpy's BLAS is: library, version, kernel (architecture) and threads."""
    from threadpoolctl import threadpool_info
    np.ones((2, 2)) @ np.ones((2, 2))                  # make sure BLAS is loaded
    return [{k: pool.get(k) for k in ("internal_api", "version", "architecture",
                                       "num_threads", "threading_layer")}
            for pool in threadpool_info() if pool.get("user_api") == "blas"]


def matmuls_only(N, T, D, H, G):
    """The matrix products of one forward + backward pass, and nothing else: the
    ceiling a numpy kernel could reach if its elementwise work cost nothing."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((T * N, D), dtype=np.float32)
    Wx = rng.standard_normal((D, G * H), dtype=np.float32)
    Wh = rng.standard_normal((H, G * H), dtype=np.float32)
    Wh_T = np.ascontiguousarray(Wh.T)
    h = rng.standard_normal((N, H), dtype=np.float32)
    z = np.empty((N, G * H), dtype=np.float32)
    dh = np.empty((N, H), dtype=np.float32)
    inputs = rng.standard_normal((T * N, D + 1 + H), dtype=np.float32)
    dz = rng.standard_normal((T * N, G * H), dtype=np.float32)

    def run():
        x @ Wx                                   # the input part of every step
        for _ in range(T):
            np.matmul(h, Wh, out=z)              # forward recurrence
        for t in range(T):
            np.matmul(dz[t * N:(t + 1) * N], Wh_T, out=dh)   # backward recurrence
        inputs.T @ dz                            # [dWx; db; dWh]
        dz @ Wx.T                                # dx
    return run


def cache_bytes(cache, inputs):
    """Bytes held by the cache's arrays, not counting the caller's own input arrays."""
    ids = {id(a) for a in inputs}
    return sum(a.nbytes for a in cache if isinstance(a, np.ndarray) and id(a) not in ids)


def bench_case(kind, shape, blocks, per_block):
    """Seconds per call of each contender for one cell and shape, and the cache size."""
    from rnnlib.keras_helpers import keras
    layers = keras().layers                   # imports TensorFlow quietly
    import tensorflow as tf
    spec = CELLS[kind]
    N, T, D, H = shape
    layer = getattr(layers, spec.keras_layer)(H, return_sequences=True)
    layer.build((N, T, D))
    weights = [w.astype(np.float32) for w in layer.get_weights()]
    rng = np.random.default_rng(1)
    x = rng.standard_normal((N, T, D), dtype=np.float32)
    dh = rng.standard_normal((N, T, H), dtype=np.float32)
    h0 = np.zeros((N, H), dtype=np.float32)

    def path(forward, backward, numba=True):
        def run():
            with use_numba(numba):
                _, cache = forward(x, h0, *weights)
                return backward(dh, cache)
        return run

    tx, tdh = tf.constant(x), tf.constant(dh)

    @tf.function
    def tensorflow():
        with tf.GradientTape() as tape:
            tape.watch(tx)
            loss = tf.reduce_sum(layer(tx) * tdh)
        return tape.gradient(loss, [tx, *layer.trainable_variables])

    contenders = {"fast": path(spec.fast_forward, spec.fast_backward),
                  "tensorflow": tensorflow,
                  "matmuls": matmuls_only(N, T, D, H, spec.G)}
    if numba_available() and kind != "simple_rnn":        # the RNN has no fused kernel
        contenders["fast_numpy"] = path(spec.fast_forward, spec.fast_backward, numba=False)
    seconds = blocked_medians(contenders, blocks=blocks, per_block=per_block)
    seconds |= blocked_medians({"textbook": path(spec.forward, spec.backward)},
                               blocks=1, per_block=3)
    _, cache = spec.fast_forward(x, h0, *weights)
    per_step = cache_bytes(cache, [x, h0, *weights]) / T
    flops = 3 * 2 * N * T * (D + H) * spec.G * H
    return seconds, per_step, flops


def versions():
    """Python, numpy and TensorFlow versions (TensorFlow imported quietly)."""
    from rnnlib.keras_helpers import keras
    keras()
    import tensorflow as tf
    return {"python": platform.python_version(), "numpy": np.__version__,
            "tensorflow": tf.__version__}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--blocks", type=int, default=5, help="blocks per contender")
    p.add_argument("--per-block", type=int, default=5, help="consecutive calls per block")
    p.add_argument("--json", default=str(ROOT / "_build" / "bench.json"),
                   help="where to write the results as JSON")
    args = p.parse_args(argv)
    for name in ("blocks", "per_block"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1, "
                    f"but got {getattr(args, name)}")
    blas = blas_info()
    rate = matmul_rate()
    for pool in blas:
        print(f"BLAS: {pool['internal_api']} {pool['version']}, kernel {pool['architecture']}, "
              f"{pool['num_threads']} threads ({pool['threading_layer']})")
    print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(not set)')}")
    print(", ".join(f"{name} {v}" for name, v in versions().items()))
    print(f"float32 matmul rate (numpy, 2048 x 2048): {rate:.1f} GFLOP/s")
    first_call = None
    if numba_available():
        import numba
        first_call = numba_first_call()
        print(f"fused kernels: numba {numba.__version__}; first float32 LSTM + GRU call in a new "
              f"process {first_call[0]:.2f} s compiling, {first_call[1]:.2f} s from numba's cache")
    else:
        print("fused kernels: numba is not installed, the fast path uses numpy only")
    rows = []
    print(f"\n{'cell':10} {'N, T, D, H':18} {'textbook s':>10} {'numpy s':>8} {'fast s':>8} "
          f"{'TF s':>8} {'TF/fast':>7} {'GFLOP/s':>8} {'of matmul':>9} {'matmuls alone':>13} "
          f"{'cache B/step':>12}")
    for kind in CELLS:
        for shape in SHAPES:
            seconds, per_step, flops = bench_case(kind, shape, args.blocks, args.per_block)
            fast, tf_s = seconds["fast"], seconds["tensorflow"]
            numpy_s = seconds.get("fast_numpy", fast)
            row = {"cell": kind, "shape": dict(zip("NTDH", shape)),
                   "textbook_s": seconds["textbook"], "fast_numpy_s": numpy_s, "fast_s": fast,
                   "tensorflow_s": tf_s,
                   "tf_over_fast": tf_s / fast, "gflops": flops / fast / 1e9,
                   "fraction_of_matmul": flops / fast / 1e9 / rate,
                   "matmuls_alone_s": seconds["matmuls"],
                   "matmuls_alone_fraction": flops / seconds["matmuls"] / 1e9 / rate,
                   "cache_bytes_per_step": per_step}
            rows.append(row)
            print(f"{kind:10} {str(shape):18} {seconds['textbook']:10.4f} {numpy_s:8.4f} "
                  f"{fast:8.4f} {tf_s:8.4f} {row['tf_over_fast']:7.2f} {row['gflops']:8.1f} "
                  f"{row['fraction_of_matmul']:9.0%} {row['matmuls_alone_fraction']:13.0%} "
                  f"{per_step:12,.0f}", flush=True)
    targets = {
        f"TF/fast >= {SPEEDUP_TARGET} at {SHAPES[0]}": all(
            r["tf_over_fast"] >= SPEEDUP_TARGET for r in rows if r["shape"]["H"] == SHAPES[0][3]),
        f"fast >= {MATMUL_TARGET:.0%} of the matmul rate at {SHAPES[1]}": all(
            r["fraction_of_matmul"] >= MATMUL_TARGET for r in rows
            if r["shape"]["H"] == SHAPES[1][3]),
    }
    print()
    for target, met in targets.items():
        print(f"target {'met    ' if met else 'NOT met'}: {target}")
    result = {"matmul_gflops": rate, "blocks": args.blocks, "per_block": args.per_block,
              "numba_first_call_s": first_call,
              "blas": blas, "targets": targets, "rows": rows,
              "machine": {"cpus": os.cpu_count(), "processor": platform.processor(),
                          "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
                          **versions()}}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=1) + "\n")
    print(f"\nWrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
