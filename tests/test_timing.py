"""rnnlib.timing: one_thread limits numpy's BLAS inside the block and restores it after."""
import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from rnnlib.timing import blocked_medians, one_thread


def blas_threads():
    """Thread counts of every BLAS/OpenMP pool numpy has loaded."""
    np.ones((2, 2)) @ np.ones((2, 2))               # make sure BLAS is loaded
    return [pool["num_threads"] for pool in threadpool_info()]


def test_one_thread_limits_blas_and_restores_it():
    with threadpool_limits(limits=2):
        before = blas_threads()
        assert before and max(before) == 2
        with one_thread():
            assert blas_threads() == [1] * len(before)
        assert blas_threads() == before


def test_one_thread_restores_after_an_exception():
    with threadpool_limits(limits=2):
        before = blas_threads()
        try:
            with one_thread():
                raise RuntimeError("inside")
        except RuntimeError:
            pass
        assert blas_threads() == before


def test_blocked_medians_inside_one_thread():
    seconds = blocked_medians({"small": lambda: np.ones(10).sum(),
                               "large": lambda: np.ones(10**6).sum()}, blocks=3, per_block=3)
    with one_thread():
        seconds_one = blocked_medians({"large": lambda: np.ones(10**6).sum()}, blocks=3)
    assert seconds["small"] < seconds["large"] and seconds_one["large"] > 0
