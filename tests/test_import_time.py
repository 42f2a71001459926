"""`import rnnlib` stays fast: numpy is all it loads, and its own modules add little."""
import json
import subprocess
import sys

CODE = """
import json, sys, time
t0 = time.perf_counter(); import numpy; t1 = time.perf_counter()
import rnnlib; t2 = time.perf_counter()
print(json.dumps({"numpy": t1 - t0, "rnnlib": t2 - t1,
                  "heavy": sorted(m for m in ("tensorflow", "matplotlib", "keras", "sklearn")
                                  if m in sys.modules)}))
"""


def test_import_rnnlib_adds_little_to_numpy():
    runs = [json.loads(subprocess.run([sys.executable, "-c", CODE], capture_output=True,
                                      text=True, check=True).stdout) for _ in range(3)]
    own = min(r["rnnlib"] for r in runs)
    assert all(r["heavy"] == [] for r in runs), runs
    assert own < 0.1, f"rnnlib's own modules took {own:.3f} s to import (numpy excluded)"
