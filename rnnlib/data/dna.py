"""Generated DNA sequences for motif detection (article section 11: DNA analysis).

A sequence is positive when motif A occurs and motif B occurs *later*, far
enough away. Decoys hold only one motif, or both in the wrong order, so a model
that ignores order (a bag of k-mers, a "contains A" rule) cannot separate the
hard cases: positives and wrong-order decoys hold exactly the same motifs.
`make_gap_sequences` tests the distance part of the rule: A then B, near or far.
"""
import numpy as np

from .._checks import check_int, check_random_state

BASES = "ACGT"


def _check_motif(name, motif):
    if not isinstance(motif, str) or not motif or set(motif) - set(BASES):
        raise ValueError(f"{name} must be a non-empty string over 'ACGT', but got {motif!r}.")


def _check_motifs(motif_a, motif_b, seq_len):
    """Raise unless the two valid motifs can be planted and told apart in seq_len bases.

    Drawing rejects any sequence in which a motif occurs by chance, so motifs that
    are equal, contain one another or are so short that a random background of
    seq_len bases almost always holds them would make the drawing loop forever.
    """
    if motif_a in motif_b or motif_b in motif_a:
        raise ValueError(f"motif_a and motif_b must differ and neither may contain the "
                         f"other, but got {motif_a!r} and {motif_b!r}.")
    chance = sum((seq_len - len(m) + 1) / 4 ** len(m) for m in (motif_a, motif_b))
    if chance > 5:
        raise ValueError(f"motif_a {motif_a!r} and motif_b {motif_b!r} are too short for "
                         f"seq_len = {seq_len}: a random background would hold them about "
                         f"{chance:.0f} times by chance, so sequences free of them are too "
                         f"rare to draw. Use longer motifs (e.g. 6 bases) or shorter sequences.")


def _check_strings(strings):
    """strings as a list of N str over 'ACGT' (any lengths)."""
    if isinstance(strings, str) or not hasattr(strings, "__iter__"):
        raise TypeError(f"strings must be a list of N DNA strings over 'ACGT', but got "
                        f"{type(strings).__name__}; wrap a single sequence as [s].")
    strings = list(strings)
    for n, s in enumerate(strings):
        if not isinstance(s, str):
            raise TypeError(f"strings[{n}] must be a str over 'ACGT', but got "
                            f"{type(s).__name__}.")
        if set(s) - set(BASES):
            raise ValueError(f"strings[{n}] must contain only the letters A, C, G, T, but "
                             f"contains {sorted(set(s) - set(BASES))}; use upper case and "
                             f"drop or replace unknown bases such as N.")
    return strings


def one_hot(strings):
    """One-hot encode equal-length DNA strings.

    Parameters
    ----------
    strings : sequence of N strings of length T over 'ACGT'

    Returns
    -------
    X : ndarray of shape (N, T, 4), float32, columns in the order A, C, G, T
    """
    strings = _check_strings(strings)
    if not strings or len({len(s) for s in strings}) != 1:
        raise ValueError("strings must be a non-empty list of equal-length strings, "
                         f"but got lengths {sorted({len(s) for s in strings})}.")
    codes = np.array([[BASES.find(ch) for ch in s] for s in strings])
    return np.eye(4, dtype=np.float32)[codes]


def kmer_counts(strings, k=3):
    """Bag-of-k-mers: how often each of the 4**k k-mers occurs, ignoring where.

    Parameters
    ----------
    strings : sequence of N strings over 'ACGT'
    k : int >= 1

    Returns
    -------
    counts : ndarray of shape (N, 4**k), float32 (k-mers in lexicographic order)
    """
    check_int("k", k, 1)
    strings = _check_strings(strings)
    index = {ch: i for i, ch in enumerate(BASES)}
    counts = np.zeros((len(strings), 4 ** k), dtype=np.float32)
    for n, s in enumerate(strings):
        for t in range(len(s) - k + 1):
            code = 0
            for ch in s[t:t + k]:
                code = 4 * code + index[ch]
            counts[n, code] += 1
    return counts


def _check_drawing(n_samples, seq_len, random_state, motif_a, motif_b, min_gap, least_gap,
                   as_strings):
    """Check the arguments shared by the generators; return the random Generator."""
    check_int("n_samples", n_samples, 1)
    check_int("min_gap", min_gap, least_gap)
    for name, motif in (("motif_a", motif_a), ("motif_b", motif_b)):
        _check_motif(name, motif)
    check_int("seq_len", seq_len, len(motif_a) + len(motif_b) + min_gap)
    _check_motifs(motif_a, motif_b, seq_len)
    if not isinstance(as_strings, (bool, np.bool_)):
        raise TypeError(f"as_strings must be True or False, but got {as_strings!r}.")
    return check_random_state("random_state", random_state)


def make_motif_sequences(n_samples, seq_len=100, random_state=None, motif_a="TATAAT",
                         motif_b="GGATCC", min_gap=20, as_strings=False):
    """Random DNA labelled 1 iff `motif_a` occurs and `motif_b` starts at least
    `min_gap` bases after `motif_a` ends.

    Half the samples are positive. The negatives are, in equal shares of the
    negative half: both motifs in the wrong order (half of the negatives), only
    A, only B, or neither. The background is uniform over A, C, G, T and never
    holds a motif by accident.

    Parameters
    ----------
    n_samples : int >= 1
    seq_len : int, long enough for both motifs and the gap
    random_state : None, int or numpy Generator
    motif_a, motif_b : strings over 'ACGT'
    min_gap : int >= 0, bases between the end of the first motif and the second
    as_strings : bool, return a list of strings instead of one-hot arrays

    Returns
    -------
    X : ndarray of shape (N, T, 4), float32 one-hot (A, C, G, T), or a list of N strings
    y : ndarray of shape (N,), int (1 = A then B far apart)
    motif_positions : ndarray of shape (N, 2), int, start of motif A and of
        motif B in each sequence, -1 where the motif is absent
    """
    rng = _check_drawing(n_samples, seq_len, random_state, motif_a, motif_b, min_gap, 0,
                         as_strings)
    need = len(motif_a) + len(motif_b) + min_gap
    y = (np.arange(n_samples) % 2 == 0).astype(int)
    rng.shuffle(y)
    strings, positions = [], np.full((n_samples, 2), -1, dtype=int)
    for n in range(n_samples):
        kind = "ab" if y[n] else rng.choice(["ba", "ba", "ba", "a", "b", "none"])
        while True:
            seq = list(rng.choice(list(BASES), size=seq_len))
            pa = pb = -1
            if kind in ("ab", "ba"):
                first, second = (motif_a, motif_b) if kind == "ab" else (motif_b, motif_a)
                p1 = int(rng.integers(0, seq_len - need + 1))
                p2 = int(rng.integers(p1 + len(first) + min_gap, seq_len - len(second) + 1))
                seq[p1:p1 + len(first)] = first
                seq[p2:p2 + len(second)] = second
                pa, pb = (p1, p2) if kind == "ab" else (p2, p1)
            elif kind in ("a", "b"):
                motif = motif_a if kind == "a" else motif_b
                p = int(rng.integers(0, seq_len - len(motif) + 1))
                seq[p:p + len(motif)] = motif
                pa, pb = (p, -1) if kind == "a" else (-1, p)
            s = "".join(seq)
            # accept only if each motif occurs exactly where it was planted
            if s.count(motif_a) == (pa >= 0) and s.count(motif_b) == (pb >= 0):
                break
        strings.append(s)
        positions[n] = pa, pb
    X = strings if as_strings else one_hot(strings)
    return X, y, positions


def make_gap_sequences(n_samples, seq_len=100, random_state=None, motif_a="TATAAT",
                       motif_b="GGATCC", min_gap=20, as_strings=False):
    """Random DNA that always holds motif A and then motif B: a test of the gap rule.

    Every sequence holds both motifs in the right order, so only the distance
    decides its label under the rule of `make_motif_sequences`: 1 when B starts at
    least `min_gap` bases after A ends (half the samples), 0 when the gap is
    shorter. A rule or model that checks only presence and order calls every one
    of them positive. The gap is drawn uniformly from 0 .. min_gap - 1 for the
    negatives and from min_gap .. seq_len - len(A) - len(B) for the positives.

    Parameters
    ----------
    n_samples : int >= 1
    seq_len : int, long enough for both motifs and the gap
    random_state : None, int or numpy Generator
    motif_a, motif_b : strings over 'ACGT'
    min_gap : int >= 1, the shortest gap of a positive
    as_strings : bool, return a list of strings instead of one-hot arrays

    Returns
    -------
    X : ndarray of shape (N, T, 4), float32 one-hot (A, C, G, T), or a list of N strings
    y : ndarray of shape (N,), int (1 = gap of at least min_gap bases)
    motif_positions : ndarray of shape (N, 2), int, start of motif A and of motif B
    """
    rng = _check_drawing(n_samples, seq_len, random_state, motif_a, motif_b, min_gap, 1,
                         as_strings)
    longest = seq_len - len(motif_a) - len(motif_b)           # the widest gap that fits
    y = (np.arange(n_samples) % 2 == 0).astype(int)
    rng.shuffle(y)
    strings, positions = [], np.zeros((n_samples, 2), dtype=int)
    for n in range(n_samples):
        gap = int(rng.integers(min_gap, longest + 1) if y[n] else rng.integers(0, min_gap))
        while True:
            seq = list(rng.choice(list(BASES), size=seq_len))
            pa = int(rng.integers(0, longest - gap + 1))      # A, then gap bases, then B
            pb = pa + len(motif_a) + gap
            seq[pa:pa + len(motif_a)] = motif_a
            seq[pb:pb + len(motif_b)] = motif_b
            s = "".join(seq)
            # accept only if each motif occurs once, where it was planted
            if s.count(motif_a) == 1 and s.count(motif_b) == 1:
                break
        strings.append(s)
        positions[n] = pa, pb
    X = strings if as_strings else one_hot(strings)
    return X, y, positions
