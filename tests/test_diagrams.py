"""rnnlib.plots.diagrams: every architecture draws, and bad arguments get clear errors."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from rnnlib.plots.diagrams import ARCHITECTURES, plot_architecture, plot_architectures  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def labels(ax):
    """The texts of the boxes and notes drawn on `ax` (arrows have empty text)."""
    return [t.get_text() for t in ax.texts if t.get_text()]


@pytest.mark.parametrize("kind", list(ARCHITECTURES))
def test_each_kind_draws_and_returns_its_axes(kind):
    ax = plot_architecture(kind)
    assert isinstance(ax, Axes)
    assert ax.get_title() == ARCHITECTURES[kind][4]
    ax.figure.canvas.draw()                       # arrows are clipped at draw time


@pytest.mark.parametrize("kind, n_in, n_out, boxes", [
    ("one_to_one", 1, 1, 3),          # x, h, y
    ("one_to_many", 1, 4, 1 + 4 + 4),
    ("many_to_one", 5, 1, 5 + 5 + 1),
    ("many_to_many", 4, 4, 4 + 4 + 4),
    # encoder and decoder states side by side; the decoder reads <start>, y_1, ..., y_4
    ("encoder_decoder", 2, 5, 2 + 7 + 5 + 5),
])
def test_one_box_per_input_state_and_output(kind, n_in, n_out, boxes):
    ax = plot_architecture(kind, n_in=n_in, n_out=n_out)
    drawn = [t for t in ax.texts if t.get_text().startswith(("$", "<"))]
    assert len(drawn) == boxes
    assert sum(t.get_text().startswith("$x") for t in drawn) == n_in
    on_top = [t.get_text() for t in drawn if t.get_position()[1] == 2]
    expected = ["$y$"] if kind == "one_to_one" else [f"$y_{{{t}}}$" for t in range(1, n_out + 1)]
    assert on_top == expected                     # the outputs, in order, on the top row


def test_the_decoder_reads_a_start_token_then_its_previous_outputs():
    ax = plot_architecture("encoder_decoder", n_in=3, n_out=4)
    at = {t.get_position(): t.get_text() for t in ax.texts if t.get_text()}
    assert [at[(c, 0)] for c in range(3)] == ["$x_{1}$", "$x_{2}$", "$x_{3}$"]
    assert [at[(c, 0)] for c in range(3, 7)] == ["<start>", "$y_{1}$", "$y_{2}$", "$y_{3}$"]
    assert [at[(c, 2)] for c in range(3, 7)] == ["$y_{1}$", "$y_{2}$", "$y_{3}$", "$y_{4}$"]
    solid = dashed = 0
    for arrow in ax.texts:
        if arrow.get_text() == "" and hasattr(arrow, "xy"):
            src, dst = arrow.xyann, arrow.xy
            if arrow.arrow_patch.get_linestyle() == "--":
                dashed += 1
                assert src[1] == 2 and dst == (src[0] + 1, 0)    # y_t down to the next input
            elif dst[1] == 1 and src[1] == 0 and src[0] >= 3:
                solid += 1                                       # each decoder input feeds s_t
    assert (solid, dashed) == (4, 3)


def test_draws_into_a_given_axes_with_a_given_title():
    fig, ax = plt.subplots()
    assert plot_architecture("many_to_one", ax=ax, title="sentiment") is ax
    assert ax.get_title() == "sentiment"


def test_gallery_has_all_five_kinds_with_examples():
    axes = plot_architectures({"many_to_one": "e.g. sentiment"})
    assert set(axes) == set(ARCHITECTURES)
    assert all(isinstance(ax, Axes) for ax in axes.values())
    assert axes["many_to_one"].get_title() == "many-to-one\ne.g. sentiment"
    assert len({ax.get_figure(root=True) for ax in axes.values()}) == 1


def test_unknown_kind_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"kind must be one of 'one_to_one', .*"
                                         r"'encoder_decoder', but got 'seq2seq'\."):
        plot_architecture("seq2seq")


def test_non_string_kind_is_named():
    with pytest.raises(ValueError, match=r"kind must be one of .*but got 3\."):
        plot_architecture(3)


@pytest.mark.parametrize("kind, changes, message", [
    ("one_to_many", dict(n_in=2), r"n_in must be 1 for kind='one_to_many' \(one input\), "
                                  r"but got 2\."),
    ("many_to_one", dict(n_in=1), r"n_in must be an integer from 2 to 6 for "
                                  r"kind='many_to_one' \(many inputs\), but got 1\."),
    ("many_to_one", dict(n_out=3), r"n_out must be 1 for kind='many_to_one' "
                                   r"\(one output\), but got 3\."),
    ("encoder_decoder", dict(n_out=7), r"n_out must be an integer from 2 to 6 .*but got 7\."),
    ("one_to_one", dict(n_out=0), r"n_out must be 1 for kind='one_to_one' .*but got 0\."),
])
def test_lengths_out_of_range_say_what_is_allowed(kind, changes, message):
    with pytest.raises(ValueError, match=message):
        plot_architecture(kind, **changes)


@pytest.mark.parametrize("bad", [2.0, "3", True])
def test_non_integer_length_is_a_type_error(bad):
    with pytest.raises(TypeError, match=rf"n_in must be an integer from 2 to 6 for "
                                        rf"kind='many_to_many', but got {type(bad).__name__} "):
        plot_architecture("many_to_many", n_in=bad, n_out=3)


def test_numpy_integers_are_lengths_too():
    ax = plot_architecture("many_to_many", n_in=np.int64(4), n_out=np.int64(4))
    assert sum(t.get_text().startswith("$y") for t in ax.texts) == 4


def test_synced_lengths_must_match_and_point_to_encoder_decoder():
    with pytest.raises(ValueError, match=r"n_in and n_out must be equal for "
                                         r"kind='many_to_many'.*n_in=3 and n_out=4\. "
                                         r"Use kind='encoder_decoder'"):
        plot_architecture("many_to_many", n_in=3, n_out=4)


def test_ax_must_be_an_axes():
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(TypeError, match=r"ax must be a matplotlib Axes or None, "
                                        r"but got ndarray\."):
        plot_architecture("one_to_one", ax=axes)


def test_gallery_rejects_unknown_kinds_and_non_text_examples():
    with pytest.raises(ValueError, match=r"examples has keys \['many_to_two'\], but each "
                                         r"key must be one of 'one_to_one'"):
        plot_architectures({"many_to_two": "e.g. nothing"})
    with pytest.raises(TypeError, match=r"examples must be None or a dict of kind -> str, "
                                        r"but got list"):
        plot_architectures(["e.g. sentiment"])
