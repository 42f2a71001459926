"""The cliff of chapter 9: cliff_loss against a plain loop and finite differences,
descent_step's clipping, and plot_cliff's drawing and validation."""
import matplotlib
import numpy as np
import pytest

from rnnlib.landscape import cliff_loss, descent_step
from rnnlib.plots.cliff import plot_cliff

matplotlib.use("Agg")


def loop_loss(w, b=-0.2, h0=0.5, target=0.7, T=20):
    """The one-unit RNN written out as a scalar loop."""
    h = h0
    for _ in range(T):
        h = np.tanh(w * h + b)
    return (h - target) ** 2


def test_loss_equals_a_scalar_loop_across_chunks():
    w = np.linspace(0.0, 3.0, 601)                       # more than one chunk of 250
    loss, grad = cliff_loss(w, T=7, b=0.1, target=-0.3)
    expected = [loop_loss(wk, T=7, b=0.1, target=-0.3) for wk in w]
    np.testing.assert_allclose(loss, expected, rtol=1e-12, atol=1e-15)
    assert grad.shape == (601,)


@pytest.mark.parametrize("w", [0.5, 1.2, 1.485, 1.495, 2.0])
def test_gradient_matches_finite_differences(w):
    eps = 1e-7
    numeric = (loop_loss(w + eps) - loop_loss(w - eps)) / (2 * eps)
    assert cliff_loss([w])[1][0] == pytest.approx(numeric, rel=1e-5, abs=1e-9)


def test_the_default_task_has_a_cliff_near_1_49():
    w = np.linspace(1.0, 2.6, 1601)
    loss, grad = cliff_loss(w)
    assert loss[w < 1.47].min() > 1.5                   # the plateau: h_T near -0.9
    assert loss[w > 1.53].max() < 0.1                   # the valley: h_T positive
    wall = w[np.argmax(np.abs(grad))]
    assert 1.48 < wall < 1.50
    assert np.abs(grad).max() > 100 * np.abs(grad[w > 1.6]).max()


def test_descent_step_clipped_and_unclipped():
    w0, lr = 1.495, 0.02
    g = cliff_loss([w0])[1][0]
    assert abs(g) > 10                                   # on the wall
    assert descent_step(w0, lr) == pytest.approx(w0 - lr * g, rel=1e-12)
    assert descent_step(w0, lr, clip_norm=1.0) == pytest.approx(w0 - lr * np.sign(g))
    far, near = descent_step(w0, lr), descent_step(w0, lr, clip_norm=1.0)
    assert abs(far - w0) > 10 * abs(near - w0)
    assert cliff_loss([far])[0][0] > 10 * cliff_loss([near])[0][0]
    # a gradient below the threshold passes unchanged
    small = cliff_loss([2.0])[1][0]
    assert descent_step(2.0, lr, clip_norm=1.0) == pytest.approx(2.0 - lr * small)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match=r"w must have 1 dimension \(K,\), but has shape"):
        cliff_loss(np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"w must hold at least one value"):
        cliff_loss([])
    with pytest.raises(ValueError, match=r"w contains NaN"):
        cliff_loss([np.nan])
    with pytest.raises(ValueError, match=r"T must be an integer >= 1, but got 0"):
        cliff_loss([1.0], T=0)
    with pytest.raises(ValueError, match=r"h0 must be a number in \(-1, 1\], but got 2"):
        cliff_loss([1.0], h0=2)
    with pytest.raises(ValueError, match=r"b must be a finite real number, but got inf"):
        cliff_loss([1.0], b=np.inf)
    with pytest.raises(ValueError, match=r"learning_rate must be a finite number > 0"):
        descent_step(1.5, 0)
    with pytest.raises(ValueError, match=r"clip_norm must be a finite number > 0"):
        descent_step(1.5, 0.1, clip_norm=-1)
    with pytest.raises(ValueError, match=r"w must be a finite real number, but got 'a'"):
        descent_step("a", 0.1)


def test_plot_draws_both_panels_and_every_landing():
    w = np.linspace(1.0, 2.6, 801)
    loss, _ = cliff_loss(w)
    start = (1.495, cliff_loss([1.495])[0][0])
    landings = {"no clipping": (2.48, 0.08), "clipped": (1.515, 0.0013)}
    whole, close = plot_cliff(w, loss, start, landings, zoom=0.03)
    assert whole.get_yscale() == close.get_yscale() == "log"
    assert close.get_xlim() == pytest.approx((1.465, 1.525))
    assert whole.get_xlabel() == close.get_xlabel() == "recurrent weight w"
    assert "loss" in whole.get_ylabel() and whole.get_title() and close.get_title()
    labels = [t.get_text() for t in whole.get_legend().get_texts()]
    assert any("no clipping: lands at w = 2.480" in t for t in labels)
    assert any("clipped: lands at w = 1.515" in t for t in labels)
    # in the zoom the unclipped landing is off the panel: an arrow to the edge says where
    assert any("lands at w = 2.48" in t.get_text() for t in close.texts)
    assert whole.get_ylim()[0] == pytest.approx(0.00013)   # a tenth of the lowest point
    assert whole.get_ylim()[1] == pytest.approx(1000 * loss.max())   # room for the legend
    assert close.get_ylim()[1] == pytest.approx(30 * loss[(w > 1.465) & (w < 1.525)].max())
    matplotlib.pyplot.close("all")


def test_plot_validates_its_arguments():
    w, loss = np.linspace(1, 2, 5), np.ones(5)
    with pytest.raises(ValueError, match=r"w and loss must be 1-D arrays of the same length"):
        plot_cliff(w, np.ones(4), (1.5, 1.0), {"a": (1.6, 1.0)})
    with pytest.raises(TypeError, match=r"landings must be a non-empty dict"):
        plot_cliff(w, loss, (1.5, 1.0), {})
    with pytest.raises(TypeError, match=r"start must be a pair \(w, loss\)"):
        plot_cliff(w, loss, 1.5, {"a": (1.6, 1.0)})
    with pytest.raises(ValueError, match=r"landings\['a'\] must be a pair .* loss > 0"):
        plot_cliff(w, loss, (1.5, 1.0), {"a": (1.6, 0.0)})
    with pytest.raises(ValueError, match=r"zoom must be a number > 0, but got 0"):
        plot_cliff(w, loss, (1.5, 1.0), {"a": (1.6, 1.0)}, zoom=0)
    with pytest.raises(ValueError, match=r"axes must hold two Axes"):
        plot_cliff(w, loss, (1.5, 1.0), {"a": (1.6, 1.0)},
                   axes=[matplotlib.pyplot.subplots()[1]])
    matplotlib.pyplot.close("all")


def test_a_longer_sequence_makes_the_wall_steeper():
    w = np.linspace(1.4, 1.6, 2001)
    steepest = {T: np.abs(cliff_loss(w, T=T)[1]).max() for T in (20, 50)}
    assert steepest[50] > 10 * steepest[20]
