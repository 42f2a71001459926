"""Benchmark rnnlib's kernels against TensorFlow on this machine's CPU.

    python tools/bench.py [--rounds 5] [--json PATH]

For each cell (tanh RNN, LSTM, GRU) and shape (N, T, D, H), float32, times the forward
pass of the whole sequence plus the backward pass with an upstream gradient on every
hidden state: rnnlib's `*_forward` + `*_backward`, against the Keras layer
(`return_sequences=True`) and `tf.GradientTape` under `tf.function`, on the same
weights. The two are timed in turn, round after round, and the median is reported.
Also measures the machine's float32 matrix-multiply rate (numpy, a large square
product) and the fraction of it each rnnlib run reaches, counting 3 x 2 N T (D + H) G H
floating-point operations (the forward product, and the two of the backward pass), and
the bytes per time step of the cache the backward pass keeps.
Prints a table and writes the same as JSON.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import rnnlib  # noqa: E402
from rnnlib.timing import interleaved_medians  # noqa: E402

CELLS = {"rnn": ("SimpleRNN", 1, rnnlib.rnn_forward, rnnlib.rnn_backward),
         "lstm": ("LSTM", 4, rnnlib.lstm_forward, rnnlib.lstm_backward),
         "gru": ("GRU", 3, rnnlib.gru_forward, rnnlib.gru_backward)}
SHAPES = [(64, 100, 64, 128), (64, 100, 256, 512)]


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


def cache_bytes(cache, inputs):
    """Bytes held by the cache's arrays, not counting the caller's own input arrays."""
    ids = {id(a) for a in inputs}
    return sum(a.nbytes for a in cache if isinstance(a, np.ndarray) and id(a) not in ids)


def bench_case(kind, shape, rounds):
    """Median seconds of rnnlib and TensorFlow for one cell and shape, and the cache size."""
    from rnnlib.keras_helpers import keras
    keras_mod = keras()                       # imports TensorFlow quietly
    import tensorflow as tf
    name, G, forward, backward = CELLS[kind]
    N, T, D, H = shape
    layer = getattr(keras_mod.layers, name)(H, return_sequences=True)
    layer.build((N, T, D))
    weights = [w.astype(np.float32) for w in layer.get_weights()]
    rng = np.random.default_rng(1)
    x = rng.standard_normal((N, T, D), dtype=np.float32)
    dh = rng.standard_normal((N, T, H), dtype=np.float32)
    h0 = np.zeros((N, H), dtype=np.float32)

    def ours():
        h, cache = forward(x, h0, *weights)
        return backward(dh, cache)

    tx, tdh = tf.constant(x), tf.constant(dh)

    @tf.function
    def theirs():
        with tf.GradientTape() as tape:
            tape.watch(tx)
            loss = tf.reduce_sum(layer(tx) * tdh)
        return tape.gradient(loss, [tx, *layer.trainable_variables])

    medians = interleaved_medians({"rnnlib": ours, "tensorflow": theirs}, rounds=rounds)
    _, cache = forward(x, h0, *weights)
    per_step = cache_bytes(cache, [x, h0, *weights]) / T
    flops = 3 * 2 * N * T * (D + H) * G * H
    return medians, per_step, flops


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=5, help="timed rounds per case")
    p.add_argument("--json", default=str(ROOT / "_build" / "bench.json"),
                   help="where to write the results as JSON")
    args = p.parse_args(argv)
    if args.rounds < 1:
        p.error(f"--rounds must be at least 1, but got {args.rounds}")
    rate = matmul_rate()
    rows = []
    print(f"float32 matmul rate (numpy, 2048 x 2048): {rate:.1f} GFLOP/s\n")
    print(f"{'cell':5} {'N, T, D, H':18} {'rnnlib s':>9} {'TF s':>8} {'TF/rnnlib':>9} "
          f"{'GFLOP/s':>8} {'of matmul':>9} {'cache B/step':>12}")
    for kind in CELLS:
        for shape in SHAPES:
            medians, per_step, flops = bench_case(kind, shape, args.rounds)
            ours, theirs = medians["rnnlib"], medians["tensorflow"]
            row = {"cell": kind, "shape": dict(zip("NTDH", shape)), "rnnlib_s": ours,
                   "tensorflow_s": theirs, "speedup": theirs / ours,
                   "gflops": flops / ours / 1e9, "fraction_of_matmul": flops / ours / 1e9 / rate,
                   "cache_bytes_per_step": per_step}
            rows.append(row)
            print(f"{kind:5} {str(shape):18} {ours:9.4f} {theirs:8.4f} {row['speedup']:9.2f} "
                  f"{row['gflops']:8.1f} {row['fraction_of_matmul']:9.0%} {per_step:12,.0f}",
                  flush=True)
    import tensorflow as tf
    result = {"matmul_gflops": rate, "rounds": args.rounds, "rows": rows,
              "machine": {"cpus": os.cpu_count(), "processor": platform.processor(),
                          "python": platform.python_version(), "numpy": np.__version__,
                          "tensorflow": tf.__version__}}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=1) + "\n")
    print(f"\nWrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
