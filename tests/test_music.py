"""Tests for rnnlib.data.music (the melody generator, token <-> note helpers, the rule
statistics, the sine synthesiser) and rnnlib.plots.piano_roll (the piano roll)."""
from collections import Counter

import numpy as np
import pytest

from rnnlib.data.music import (KEYS, MAJOR, PITCHES, VOCAB, make_melodies, melody_statistics,
                               note_midi, note_name, phrase_stats, synthesize, to_notes)
from rnnlib.plots.piano_roll import plot_piano_roll

GOOD = ("K:C C4 - - D4 E4 - C4 - | C4 - - D4 E4 - C4 - | C4 - E4 - G4 - - - "
        "| D4 - B3 - C4 - - - END").split()


def test_note_names_round_trip():
    assert note_name(60) == "C4" and note_name(70) == "Bb4" and note_name(55) == "G3"
    assert all(note_name(note_midi(p)) == p for p in PITCHES)
    assert len(PITCHES) == 25 and len(VOCAB) == len(set(VOCAB)) == 31


@pytest.mark.parametrize("bad", [-1, 128, 60.0, True])
def test_note_name_rejects_bad_midi(bad):
    with pytest.raises(ValueError, match="midi"):
        note_name(bad)


@pytest.mark.parametrize("bad", ["H4", "C7", "-", 60])
def test_note_midi_rejects_non_pitches(bad):
    with pytest.raises(ValueError, match=r"token must be a pitch token .* but got"):
        note_midi(bad)


def test_melodies_follow_their_rules_and_are_reproducible():
    phrases = make_melodies(300, random_state=0)
    assert phrases == make_melodies(300, random_state=0)
    assert phrases != make_melodies(300, random_state=1)
    for p in phrases:
        assert len(p) == 37 and p[0] in KEYS and p[-1] == "END"
        assert p[9] == p[18] == p[27] == "|"
        assert p[1:9] == p[10:18]                                   # bar 2 repeats bar 1
        notes = [note_midi(t) for t in p if t in PITCHES]
        assert all((m - KEYS[p[0]]) % 12 in MAJOR for m in notes)  # all in key
        assert notes[-1] == KEYS[p[0]] and p[-5:-1] == [p[-5], "-", "-", "-"]
    assert melody_statistics(phrases) == {"notes in key": 1.0, "4 bars of 8 steps": 1.0,
                                          "ends on tonic": 1.0, "bar 2 repeats bar 1": 1.0}
    assert set(Counter(p[0] for p in phrases)) == set(KEYS)


def test_there_are_2250_phrases_per_key():
    # key given: bar 1 (6 motifs x 5 starts), bar 3 (5 other motifs x 5 starts), 3 cadences
    phrases = make_melodies(30000, random_state=3)
    for key in KEYS:
        mine = {" ".join(p) for p in phrases if p[0] == key}
        assert 2150 < len(mine) <= 2250           # about 10,000 draws from 2250 phrases
        assert len({tuple(p.split()[1:9]) for p in mine}) == 30
        assert len({tuple(p.split()[-9:-1]) for p in mine}) == 3


def test_make_melodies_rejects_bad_count():
    with pytest.raises(ValueError, match="n_phrases must be an integer >= 1, but got 0"):
        make_melodies(0)


def test_to_notes():
    tokens = ["K:C", "C4", "-", "D4", "|", "E4", "-", "-", "-", "END", "G4"]
    assert to_notes(tokens).tolist() == [[0, 2, 60], [2, 1, 62], [3, 4, 64]]
    assert to_notes(["K:D", "-", "A4"]).tolist() == [[1, 1, 69]]     # a leading hold is a rest
    assert to_notes(["K:D"]).shape == (0, 3)


def test_to_notes_rejects_bad_tokens():
    with pytest.raises(TypeError, match="tokens must be a list of str tokens"):
        to_notes("K:C C4")
    with pytest.raises(ValueError, match=r"tokens\[1\] = 'H4' is not in rnnlib.data.music.VOCAB"):
        to_notes(["K:C", "H4"])


def test_phrase_stats_on_a_good_phrase():
    s = phrase_stats(GOOD)
    assert s == {"n_notes": 14, "in_key": 14, "bar_lengths": [8, 8, 8, 8], "four_bars": True,
                 "ends_on_tonic": True, "bar2_repeats_bar1": True}
    assert phrase_stats(GOOD + ["C#4", "|"]) == s                    # after END is ignored


def test_phrase_stats_catch_each_broken_rule():
    wrong_note = GOOD.copy()
    wrong_note[4] = "Eb4"                                            # bar 1 only, out of key
    s = phrase_stats(wrong_note)
    assert s["in_key"] == 13 and not s["bar2_repeats_bar1"] and s["four_bars"]
    long_bar = GOOD[:9] + ["-"] + GOOD[9:]
    s = phrase_stats(long_bar)
    assert s["bar_lengths"] == [9, 8, 8, 8] and not s["four_bars"] and not s["bar2_repeats_bar1"]
    s = phrase_stats(GOOD[:-1])                                      # no END
    assert not s["four_bars"] and not s["ends_on_tonic"]
    s = phrase_stats(GOOD[:-5] + ["D4", "-", "-", "-", "END"])       # ends on D, not C
    assert s["four_bars"] and not s["ends_on_tonic"]
    s = phrase_stats(["K:D"] + GOOD[1:])                             # the six Cs are not in D major
    assert s["in_key"] == 14 - 6 and s["ends_on_tonic"] is False and s["four_bars"]
    s = phrase_stats(GOOD[:5] + ["K:C"] + GOOD[6:])                  # a stray key token
    assert not s["four_bars"]
    s = phrase_stats(GOOD[:10] + ["END"])
    assert s["bar_lengths"] == [8, 0] and not s["bar2_repeats_bar1"]


def test_phrase_stats_needs_a_key_token():
    with pytest.raises(ValueError, match=r"start with a key token .* but starts with 'C4'"):
        phrase_stats(GOOD[1:])
    with pytest.raises(ValueError, match="starts with 'nothing'"):
        phrase_stats([])


def test_melody_statistics_averages():
    broken = GOOD[:-5] + ["Eb4", "-", "-", "-", "END"]               # out of key, not tonic
    s = melody_statistics([GOOD, broken])
    assert s == {"notes in key": 27 / 28, "4 bars of 8 steps": 1.0, "ends on tonic": 0.5,
                 "bar 2 repeats bar 1": 1.0}
    assert melody_statistics([["K:C", "END"]])["notes in key"] == 0.0   # no notes at all


@pytest.mark.parametrize("bad", [[], "K:C C4", None])
def test_melody_statistics_rejects_bad_input(bad):
    with pytest.raises(ValueError, match="phrases must be a non-empty list of token lists"):
        melody_statistics(bad)


def test_synthesize_length_pitch_and_range():
    wave = synthesize(GOOD, step_seconds=0.15, sample_rate=8000)
    assert wave.dtype == np.float32 and wave.shape == (32 * 1200,)
    assert np.abs(wave).max() <= 0.5 + 1e-6
    a4 = synthesize(["K:C", "A4", "-", "-", "-", "END"], step_seconds=0.25, sample_rate=8000)
    assert a4.shape == (8000,)
    spectrum = np.abs(np.fft.rfft(a4))
    assert np.argmax(spectrum) * 8000 / len(a4) == pytest.approx(440, abs=1)
    assert a4[0] == 0 and abs(a4[-1]) < 1e-6                        # faded in and out
    assert synthesize(["K:C"]).shape == (0,)


@pytest.mark.parametrize("kwargs, message", [
    ({"step_seconds": 0}, "step_seconds must be a number in"),
    ({"step_seconds": 3.0}, "step_seconds must be a number in"),
    ({"step_seconds": True}, "step_seconds must be a number in"),
    ({"sample_rate": 500}, "sample_rate must be an integer >= 1000, but got 500"),
])
def test_synthesize_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        synthesize(GOOD, **kwargs)


def test_plot_piano_roll():
    plt = pytest.importorskip("matplotlib.pyplot")
    wrong = GOOD.copy()
    wrong[4] = "Eb4"
    ax = plot_piano_roll(wrong, title="test")
    assert ax.get_title() == "test" and ax.get_xlabel() == "time (eighth notes)"
    assert ax.get_ylabel() == "pitch"
    boxes = [p for p in ax.patches if p.get_width() > 0]
    assert len(boxes) == 14
    red = [p for p in boxes if np.allclose(p.get_facecolor()[:3], (0.839, 0.153, 0.157), atol=0.01)]
    assert len(red) == 1 and red[0].get_x() == 3                     # Eb4 starts on step 3
    assert [line.get_xdata()[0] for line in ax.lines] == [8, 16, 24, 32]
    assert ax.get_legend() is not None
    plt.close(ax.figure)
    with pytest.raises(ValueError, match=r"tokens\[0\]"):
        plot_piano_roll(["X"])
