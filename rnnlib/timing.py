"""Wall-clock timing that is fair to compare: warm up, repeat, take the median, and
optionally hold numpy's BLAS to one thread."""
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


def interleaved_medians(calls, rounds=5, warmup=1):
    """Median seconds of each zero-argument callable in the dict `calls`, {key: fn}.

    The calls are timed in turn, round after round, so that a burst of other work on
    the machine slows every call alike instead of spoiling one of them.
    Returns {key: median seconds}.
    """
    if not isinstance(calls, dict) or not all(callable(f) for f in calls.values()):
        raise TypeError("calls must be a dict {key: zero-argument callable}, "
                        f"but got {type(calls).__name__}.")
    check_int("rounds", rounds, 1)
    check_int("warmup", warmup, 0)
    for fn in calls.values():
        for _ in range(warmup):
            fn()
    times = {key: [] for key in calls}
    for _ in range(rounds):
        for key, fn in calls.items():
            times[key].append(median_seconds(fn, repeats=1, warmup=0))
    return {key: statistics.median(t) for key, t in times.items()}
