"""Wall-clock timing that is fair to compare: warm up, time blocks of consecutive calls,
take medians, and optionally hold numpy's BLAS to one thread."""
import contextlib
import statistics
import time

from ._checks import check_callable, check_int


@contextlib.contextmanager
def one_thread():
    """Inside this block numpy's matrix products (BLAS, OpenMP) use one thread.

    For small products, starting and waking several threads costs more than it saves,
    and when other programs keep the cores busy a woken thread can wait milliseconds
    for its turn: timings of small operations then measure the scheduler. Timing on
    one thread measures the operation. The previous thread counts are restored after.
    """
    from threadpoolctl import threadpool_limits    # small, pure Python; imported on use
    with threadpool_limits(limits=1):
        yield


def median_seconds(fn, *args, repeats=5, warmup=1):
    """Median wall-clock time in seconds of ``fn(*args)`` over `repeats` calls.

    The first `warmup` calls are not timed (they fill caches and trigger any
    one-off compilation). The median ignores the odd slow call caused by other
    work on the machine.
    """
    check_int("repeats", repeats, 1)
    check_int("warmup", warmup, 0)
    check_callable("fn", fn)
    for _ in range(warmup):
        fn(*args)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def blocked_medians(calls, blocks=5, per_block=5, warmup=1):
    """Seconds per call of each zero-argument callable in the dict `calls`, {key: fn}.

    Each callable is timed in a block of `per_block` consecutive calls, and the blocks
    of the callables take turns, `blocks` times over; the result for each is the
    minimum over its blocks of the block's median. Consecutive calls are what a user
    runs, one library at a time: alternating single calls of two libraries makes each
    lose its thread pool's warm state to the other (measured here: TensorFlow's LSTM
    took 43-57 ms per call alternated with numpy calls, 26-39 ms back to back). Taking
    turns by block still lets a burst of other work on the machine hit every callable,
    and the minimum keeps the block least disturbed by it.
    Returns {key: seconds}.
    """
    if not isinstance(calls, dict) or not all(callable(f) for f in calls.values()):
        raise TypeError("calls must be a dict {key: zero-argument callable}, "
                        f"but got {type(calls).__name__}.")
    check_int("blocks", blocks, 1)
    check_int("per_block", per_block, 1)
    check_int("warmup", warmup, 0)
    for fn in calls.values():
        for _ in range(warmup):
            fn()
    medians = {key: [] for key in calls}
    for _ in range(blocks):
        for key, fn in calls.items():
            medians[key].append(median_seconds(fn, repeats=per_block, warmup=0))
    return {key: min(m) for key, m in medians.items()}
