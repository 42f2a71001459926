"""rnnlib.attention: forward against a direct formula and Keras, backward against
numeric gradients, and the mask."""
import numpy as np
import pytest

from rnnlib.attention import (AttentionCache, attention_backward, attention_forward,
                              causal_mask)
from rnnlib.gradcheck import numerical_gradient, rel_error


def _case(seed=0, N=2, Tq=3, Tk=5, D=4, Dv=6):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(N, Tq, D)), rng.normal(size=(N, Tk, D)),
            rng.normal(size=(N, Tk, Dv)), rng.normal(size=(N, Tq, Dv)))


def test_forward_equals_the_formula_one_query_at_a_time():
    q, k, v, _ = _case()
    out, cache = attention_forward(q, k, v)
    for n in range(2):
        for t in range(3):
            s = k[n] @ q[n, t] / np.sqrt(4)
            a = np.exp(s) / np.exp(s).sum()
            assert np.allclose(cache.weights[n, t], a)
            assert np.allclose(out[n, t], a @ v[n])


def test_masked_keys_get_zero_weight_and_do_not_matter():
    q, k, v, _ = _case()
    mask = np.ones((2, 5), dtype=bool)
    mask[0, 3:] = False                      # the last two keys of sequence 0 are padding
    out, cache = attention_forward(q, k, v, mask=mask)
    assert np.all(cache.weights[0, :, 3:] == 0)
    assert np.allclose(cache.weights.sum(-1), 1)
    v2 = v.copy()
    v2[0, 3:] = 1e3                          # changing hidden values changes nothing
    assert np.allclose(attention_forward(q, k, v2, mask=mask)[0], out)
    assert not np.allclose(attention_forward(q, k, v2)[0], out)


def test_causal_mask_hides_the_future():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(1, 4, 3))
    _, cache = attention_forward(x, x, x, mask=causal_mask(4)[None])
    assert np.allclose(np.triu(cache.weights[0], 1), 0)
    assert cache.weights[0, 0, 0] == 1


@pytest.mark.parametrize("masked", [False, True])
def test_backward_equals_numeric_gradients(masked):
    q, k, v, dout = _case(seed=2)
    mask = None
    if masked:
        mask = np.ones((2, 3, 5), dtype=bool)
        mask[0, :, 4] = False
        mask[1, 0, :2] = False
    _, cache = attention_forward(q, k, v, mask=mask)
    grads = attention_backward(dout, cache)
    for i, x in enumerate((q, k, v)):
        def f(_):
            return attention_forward(q, k, v, mask=mask)[0]
        num = numerical_gradient(f, x, df=dout)
        assert rel_error(grads[i], num) < 1e-7, (i, rel_error(grads[i], num))
    if masked:
        assert np.all(grads[1][0, 4] == 0) and np.all(grads[2][0, 4] == 0)


def test_bad_input_is_named():
    q, k, v, dout = _case()
    with pytest.raises(ValueError, match="k has shape"):
        attention_forward(q, k[:, :, :3], v)
    with pytest.raises(ValueError, match="Tk"):
        attention_forward(q, k, v[:, :4])
    with pytest.raises(TypeError, match="bool"):
        attention_forward(q, k, v, mask=np.ones((2, 5)))
    with pytest.raises(ValueError, match="no key at all"):
        attention_forward(q, k, v, mask=np.zeros((2, 5), dtype=bool))
    with pytest.raises(ValueError, match="mask must have shape"):
        attention_forward(q, k, v, mask=np.ones((2, 4), dtype=bool))
    with pytest.raises(TypeError, match="attention_forward"):
        attention_backward(dout, (q, k, v))
    _, cache = attention_forward(q, k, v)
    assert isinstance(cache, AttentionCache)
    with pytest.raises(ValueError, match="dout"):
        attention_backward(dout[:, :2], cache)


def test_equals_keras_multi_head_attention_with_one_head():
    pytest.importorskip("tensorflow")
    from rnnlib.keras_helpers import keras
    K = keras()
    rng = np.random.default_rng(3)
    N, Tq, Tk, E, D = 2, 3, 6, 5, 4
    xq, xkv = rng.normal(size=(N, Tq, E)), rng.normal(size=(N, Tk, E))
    mask = np.ones((N, Tq, Tk), dtype=bool)
    mask[1, :, 4:] = False
    layer = K.layers.MultiHeadAttention(num_heads=1, key_dim=D, dtype="float64")
    expected = np.asarray(layer(xq, xkv, attention_mask=mask))
    Wq, bq, Wk, bk, Wv, bv, Wo, bo = layer.get_weights()   # (E, 1, D), (1, D), ..., (1, D, E), (E,)
    q, k, v = (x @ W[:, 0] + b[0] for x, W, b in ((xq, Wq, bq), (xkv, Wk, bk), (xkv, Wv, bv)))
    out, _ = attention_forward(q, k, v, mask=mask)
    assert np.allclose(out @ Wo[0] + bo, expected, atol=1e-10)
