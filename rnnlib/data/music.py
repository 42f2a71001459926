"""Generated melodies as note tokens (article section 11: music generation, 音乐的产生).

Every melody is one 4-bar *phrase* in a major key, on a grid of eighth notes (8 steps
to a bar), written as a list of str tokens from `VOCAB`:

- ``"K:C"``, ``"K:D"``, ``"K:Bb"``: the key (C, D or B-flat major), always first;
- ``"G3"`` ... ``"G5"``: a note of this pitch starts on this step (every semitone of the
  two octaves from MIDI 55 to 79; octave 4 starts at middle C = MIDI 60);
- ``"-"``: the note before is held for one more step;
- ``"|"``: bar line after bars 1, 2 and 3; ``"END"``: end of the phrase, after bar 4.

A phrase is 1 + 4 * 8 + 3 + 1 = 37 tokens, and V = len(VOCAB) = 31. Letters in
shapes: N phrases, K notes, S audio samples. numpy only (the piano roll is drawn by
`rnnlib.plots.piano_roll.plot_piano_roll`); nothing is downloaded.
"""
import numpy as np

from .._checks import check_int, check_random_state, check_real

NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B")
MAJOR = (0, 2, 4, 5, 7, 9, 11)                  # semitones of the major scale above its tonic
KEYS = {"K:C": 60, "K:D": 62, "K:Bb": 58}       # key token -> MIDI number of its tonic
LOW, HIGH = 55, 79                              # pitch range of the vocabulary, G3 to G5
HOLD, BAR, END = "-", "|", "END"
STEPS_PER_BAR, BARS = 8, 4

# A motif: (scale degrees above its first note, length in eighths) per note, 8 eighths in all.
MOTIFS = (((0, 2), (1, 2), (2, 2), (0, 2)),                 # step up and back
          ((0, 1), (1, 1), (2, 1), (3, 1), (4, 4)),         # run up to a long note
          ((0, 3), (1, 1), (2, 2), (0, 2)),                 # dotted rhythm
          ((0, 2), (2, 2), (4, 4)),                         # broken chord
          ((0, 1), (1, 1), (0, 1), (-1, 1), (0, 4)),        # turn around one note
          ((0, 2), (4, 2), (3, 2), (2, 2)))                 # leap up, step down
# A cadence: (scale degree above the tonic, length) per note; bar 4, ending on the tonic.
CADENCES = (((2, 2), (1, 2), (0, 4)), ((4, 2), (1, 2), (0, 4)), ((1, 2), (-1, 2), (0, 4)))


def note_name(midi):
    """The name of a MIDI pitch, e.g. 60 -> "C4", 70 -> "Bb4"."""
    midi = check_int("midi", midi, 0)
    if midi > 127:
        raise ValueError(f"midi must be an integer from 0 to 127, but got {midi}.")
    return f"{NAMES[midi % 12]}{midi // 12 - 1}"


PITCHES = tuple(note_name(m) for m in range(LOW, HIGH + 1))
VOCAB = tuple(KEYS) + PITCHES + (HOLD, BAR, END)
_MIDI = {name: LOW + i for i, name in enumerate(PITCHES)}


def note_midi(token):
    """The MIDI pitch of a pitch token, e.g. "C4" -> 60 (the inverse of `note_name`)."""
    if not isinstance(token, str) or token not in _MIDI:
        raise ValueError(f"token must be a pitch token from {PITCHES[0]!r} to "
                         f"{PITCHES[-1]!r} such as 'C4' or 'Bb3', but got {token!r}.")
    return _MIDI[token]


def make_melodies(n_phrases, random_state=None):
    """Random 4-bar phrases: bar 1 a motif, bar 2 the same bar again, bar 3 another
    motif, bar 4 a cadence ending on the tonic (主音), held for four eighths.

    Each phrase draws a key from `KEYS`, a motif from `MOTIFS` for bars 1 and 2 and a
    different one for bar 3, each starting on a scale degree from 0 to 4 (so the motifs
    appear moved along the scale), and one of `CADENCES` for bar 4.

    Parameters
    ----------
    n_phrases : int N >= 1
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    phrases : list of N lists of 37 str tokens from `VOCAB`
    """
    n_phrases = check_int("n_phrases", n_phrases, 1)
    rng = check_random_state("random_state", random_state)
    phrases = []
    for _ in range(n_phrases):
        key = list(KEYS)[rng.integers(len(KEYS))]
        a, b = rng.choice(len(MOTIFS), size=2, replace=False)
        start1, start3 = rng.integers(5, size=2)
        bar1 = [(start1 + d, n) for d, n in MOTIFS[a]]
        bars = [bar1, bar1, [(start3 + d, n) for d, n in MOTIFS[b]],
                CADENCES[rng.integers(len(CADENCES))]]
        tokens = [key]
        for i, bar in enumerate(bars):
            for degree, length in bar:
                midi = KEYS[key] + 12 * (degree // 7) + MAJOR[degree % 7]
                tokens += [note_name(int(midi))] + [HOLD] * (length - 1)
            tokens.append(BAR if i < BARS - 1 else END)
        phrases.append(tokens)
    return phrases


def _check_tokens(tokens):
    if isinstance(tokens, str) or not isinstance(tokens, (list, tuple, np.ndarray)):
        raise TypeError(f"tokens must be a list of str tokens from rnnlib.data.music.VOCAB, "
                        f"but got {type(tokens).__name__}.")
    tokens = [str(t) for t in tokens]
    for i, tok in enumerate(tokens):
        if tok not in VOCAB:
            raise ValueError(f"tokens[{i}] = {tok!r} is not in rnnlib.data.music.VOCAB (a key "
                             f"token, a pitch from {PITCHES[0]} to {PITCHES[-1]}, "
                             f"{HOLD!r}, {BAR!r} or {END!r}).")
    return tokens


def to_notes(tokens):
    """The notes of a token list up to the first "END": when each starts, how long it
    lasts, and its pitch. Bar lines take no time; key tokens are skipped.

    Parameters
    ----------
    tokens : list of str from `VOCAB`

    Returns
    -------
    notes : int64 ndarray of shape (K, 3), columns onset step, length in steps, MIDI pitch
    """
    notes, step = [], 0
    for tok in _check_tokens(tokens):
        if tok == END:
            break
        if tok in _MIDI:
            notes.append([step, 1, _MIDI[tok]])
        elif tok == HOLD and notes and sum(notes[-1][:2]) == step:
            notes[-1][1] += 1
        step += tok in _MIDI or tok == HOLD
    return np.array(notes, dtype=np.int64).reshape(-1, 3)


def phrase_stats(tokens):
    """Check one (generated) phrase against the rules of `make_melodies`.

    Parameters
    ----------
    tokens : list of str from `VOCAB`, starting with a key token; tokens after the
        first "END" are ignored

    Returns
    -------
    dict with
        ``n_notes`` (int) and ``in_key`` (int, how many notes are in the key's scale),
        ``bar_lengths`` (list of int, steps in each bar),
        ``four_bars`` (bool: "END" comes after exactly 4 bars of 8 steps),
        ``ends_on_tonic`` (bool: "END" comes and the last note is the key's tonic, in
        any octave),
        ``bar2_repeats_bar1`` (bool: bar 2 is an exact copy of an 8-step bar 1)
    """
    tokens = _check_tokens(tokens)
    if not tokens or tokens[0] not in KEYS:
        raise ValueError(f"tokens must start with a key token from {list(KEYS)}, but "
                         f"starts with {tokens[0] if tokens else 'nothing'!r}.")
    tonic = KEYS[tokens[0]]
    ended = END in tokens
    body = tokens[1:tokens.index(END)] if ended else tokens[1:]
    bars = [[]]
    for tok in body:
        if tok == BAR:
            bars.append([])
        else:
            bars[-1].append(tok)
    pitches = [_MIDI[t] for t in body if t in _MIDI]
    scale = {(tonic + s) % 12 for s in MAJOR}
    lengths = [len(bar) for bar in bars]
    only_notes = all(t == HOLD or t in _MIDI for bar in bars for t in bar)
    return {"n_notes": len(pitches),
            "in_key": sum(p % 12 in scale for p in pitches),
            "bar_lengths": lengths,
            "four_bars": ended and only_notes and lengths == [STEPS_PER_BAR] * BARS,
            "ends_on_tonic": ended and bool(pitches) and (pitches[-1] - tonic) % 12 == 0,
            "bar2_repeats_bar1": len(bars) >= 2 and lengths[0] == STEPS_PER_BAR
                                 and bars[0][0] in _MIDI and bars[1] == bars[0]}


def melody_statistics(phrases):
    """The rates of `phrase_stats` over many phrases.

    Parameters
    ----------
    phrases : non-empty list of N token lists, each starting with a key token

    Returns
    -------
    dict of float in [0, 1]: "notes in key" (over all notes of all phrases), and the
    fraction of phrases with "4 bars of 8 steps", "ends on tonic", "bar 2 repeats bar 1"
    """
    if isinstance(phrases, str) or not isinstance(phrases, (list, tuple)) or not phrases:
        raise ValueError(f"phrases must be a non-empty list of token lists, but got "
                         f"{phrases!r:.60}.")
    stats = [phrase_stats(p) for p in phrases]
    notes = sum(s["n_notes"] for s in stats)
    return {"notes in key": sum(s["in_key"] for s in stats) / max(notes, 1),
            "4 bars of 8 steps": float(np.mean([s["four_bars"] for s in stats])),
            "ends on tonic": float(np.mean([s["ends_on_tonic"] for s in stats])),
            "bar 2 repeats bar 1": float(np.mean([s["bar2_repeats_bar1"] for s in stats]))}


def synthesize(tokens, step_seconds=0.15, sample_rate=8000):
    """The sound of a token list: one sine tone per note, faded in and out over 10 ms.

    Parameters
    ----------
    tokens : list of str from `VOCAB` (read up to the first "END")
    step_seconds : float in (0, 2], the length of one step (an eighth note)
    sample_rate : int >= 1000, samples per second

    Returns
    -------
    wave : float32 ndarray of shape (S,), values in [-0.5, 0.5], with
        S = steps * round(step_seconds * sample_rate); play it with
        ``IPython.display.Audio(wave, rate=sample_rate)``
    """
    notes = to_notes(tokens)
    check_real("step_seconds", step_seconds, 0, 2)
    sample_rate = check_int("sample_rate", sample_rate, 1000)
    per_step = int(round(step_seconds * sample_rate))
    steps = int((notes[:, 0] + notes[:, 1]).max()) if len(notes) else 0
    wave = np.zeros(steps * per_step)
    fade = int(0.01 * sample_rate)
    for onset, length, midi in notes:
        i = np.arange(length * per_step)
        envelope = np.minimum(1.0, np.minimum(i, i[-1] - i) / fade)
        freq = 440.0 * 2.0 ** ((midi - 69) / 12)                 # A4 = MIDI 69 = 440 Hz
        wave[onset * per_step + i] = 0.5 * envelope * np.sin(2 * np.pi * freq * i / sample_rate)
    return wave.astype(np.float32)
