"""Lazy imports of the heavy optional dependencies, with an install hint."""
import contextlib
import importlib
import os
import sys


def require(module, extra):
    """Import `module` or raise an ImportError saying how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"This part of rnnlib needs {module}, which is not installed ({exc}). "
            f"Install it with: pip install 'rnnlib[{extra}]' (or run `make install` "
            f"in the course repository).") from exc


@contextlib.contextmanager
def _stderr_fd_silenced():
    """Send what C code writes to file descriptor 2 to /dev/null for a moment."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def require_tensorflow():
    """Import TensorFlow without its start-up chatter.

    On a machine without a GPU, TensorFlow's C++ core prints timestamped lines
    about missing CUDA drivers straight to the process's stderr, before its log
    level applies; they would differ in every notebook run. They are dropped here,
    once, while TensorFlow loads and looks for devices; Python errors still raise.
    """
    if sys.modules.get("tensorflow") is not None:    # None there means "blocked"
        return sys.modules["tensorflow"]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with _stderr_fd_silenced():
        tf = require("tensorflow", "keras")
        tf.config.list_physical_devices("GPU")       # the CUDA probe happens here
    # On recent NVIDIA GPUs TensorFlow would round float32 matmuls to TF32 (about 3
    # decimal digits), and Keras would no longer agree with numpy to float32 precision.
    tf.config.experimental.enable_tensor_float_32_execution(False)
    return tf
