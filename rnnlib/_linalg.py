"""One matrix product over every time step at once."""


def project(x, W):
    """x (..., K) @ W (K, M) -> (..., M), computed as a single 2-D matrix product.

    numpy's matmul of a 3-D array by a 2-D one loops over the leading axis and calls
    BLAS once per example; flattening (N, T, K) to (N*T, K) makes it one call, which
    is faster, and far faster when BLAS threads compete with other work.
    """
    return (x.reshape(-1, x.shape[-1]) @ W).reshape(*x.shape[:-1], W.shape[-1])
