"""Flag answers that look copied, across a folder of submissions of one exercise set.

    python tools/similarity.py --dir submissions/ --set 03 [--out STEM] [--threshold 0.5]

Writes STEM.md, a report to read, and STEM.csv, every pair of notebooks with its score,
flagged pairs first, then by score (STEM: --out, or similarity-NN_name next to the folder).
Both are plain text: nothing in them loads from another host.

Only answer code is compared. The answer cells of a submission are the cells that stand
where the starter notebook (exercises/NN_name.ipynb) has a placeholder to replace
(`raise NotImplementedError(...)` or `name = ...`): found by cell id, which otter keeps
stable, or, in a notebook whose ids changed, by the starter cell's first line (its
`def name(` for a function), in order.

How two answers are compared (the method of MOSS and copydetect):
1. tokens: the answer code as Python tokens, without comments, blank lines or docstrings.
   Every name becomes one token `V` (builtins and attribute names such as `.T` or `.sum`
   stay), every number `N` and every string `S`, so renamed variables change nothing;
2. starter subtracted: tokens on a line the starter gives (a `def` line, the data of a
   question) are left out, and so is any fingerprint the starter itself has;
3. fingerprints: every run of K tokens is hashed; winnowing keeps the smallest hash of each
   WINDOW hashes in a row, so that any match of K + WINDOW - 1 tokens or more is seen;
4. score of a pair: the share of the smaller answer's fingerprints that the other answer
   has too (1 = all of it). A pair at --threshold or above is flagged.

A flag means "read these two side by side", not "copied": the report shows the matching
lines of both. A short answer that the prompt dictates matches by itself, which is why a
flag also needs MIN_SHARED fingerprints in common. A file that cannot be read (the checks
of tools/grade.py, reused here) gets a line in the report saying why it was not compared.
"""
import argparse
import builtins
import csv
import hashlib
import html
import io
import itertools
import keyword
import re
import sys
import time
import tokenize
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import grade  # tools/grade.py: finding the set, reading and checking notebooks

ROOT = Path(__file__).resolve().parent.parent
K = 8              # tokens per fingerprint
WINDOW = 4         # winnowing window, in fingerprints: matches of K + WINDOW - 1 tokens are seen
THRESHOLD = 0.5    # flag a pair whose score is at least this
MIN_SHARED = 12    # ... and that shares at least this many fingerprints
BUILTIN_NAMES = frozenset(dir(builtins))
PLACEHOLDER_LINE = re.compile(r"^\s*(\w+(\s*,\s*\w+)*\s*=\s*)?\.\.\.\s*(#.*)?$")
SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
LAYOUT = {tokenize.INDENT, tokenize.DEDENT}     # left out: a line read alone has none


@dataclass
class Token:
    text: str        # the normalised token: V, N, S, a keyword, an operator, ...
    line: int        # its line in the answer cell, from 1
    given: bool = False   # on a line the starter gives


@dataclass
class Submission:
    """One notebook's answers as fingerprints: hash -> [(answer, first line, last line)]."""
    name: str
    where: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)     # answer -> its source lines
    notes: list = field(default_factory=list)


@dataclass
class Pair:
    a: Submission
    b: Submission
    shared: frozenset
    flagged: bool = False

    @property
    def a_in_b(self):
        """The share of a's fingerprints that b has too."""
        return len(self.shared) / len(self.a.where) if self.a.where else 0.0

    @property
    def b_in_a(self):
        """The share of b's fingerprints that a has too."""
        return len(self.shared) / len(self.b.where) if self.b.where else 0.0

    @property
    def score(self):
        """The share of the smaller answer's fingerprints found in the other one."""
        return max(self.a_in_b, self.b_in_a)


# ---------------------------------------------------------------- answer cells

def is_answer_cell(cell):
    """Whether a starter notebook's cell is one the learner fills in (it has a placeholder)."""
    if cell.get("cell_type") != "code":
        return False
    source = "".join(cell["source"])
    return ("raise NotImplementedError" in source
            or any(PLACEHOLDER_LINE.match(line) for line in source.splitlines()))


def answer_title(source):
    """A short name for an answer cell: the function it defines, or the first name it sets."""
    m = re.search(r"^def (\w+)", source, re.M) or re.search(r"^(\w+)\s*=\s*\.\.\.", source, re.M)
    return m.group(1) if m else source.strip().splitlines()[0][:40]


def starter_answers(starter):
    """[(label, cell id, source)] of the starter notebook's answer cells, in order."""
    cells = [c for c in starter["cells"] if is_answer_cell(c)]
    return [(f"answer {i} ({answer_title(''.join(c['source']))})", c.get("id"), "".join(c["source"]))
            for i, c in enumerate(cells, 1)]


def given_lines(starter):
    """Every non-blank line of the starter's code cells, stripped: code the learner was given."""
    return {line.strip() for c in starter["cells"] if c.get("cell_type") == "code"
            for line in "".join(c["source"]).splitlines() if line.strip()}


def anchor(source):
    """How a starter answer cell starts: `def name(` if it defines a function, else its first line."""
    m = re.search(r"^def \w+\(", source, re.M)
    return m.group(0) if m else source.strip().splitlines()[0].strip()


def find_answers(nb, answers):
    """({label: source} of the submission `nb`'s answer cells, notes on how they were found).

    An answer is the code cell with the starter cell's id; failing that (ids changed), the
    first code cell after the previous answer with a line that starts like the starter cell.
    """
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    by_id = {c.get("id"): i for i, c in enumerate(code) if c.get("id")}
    found, notes, after = {}, [], 0
    for label, cell_id, source in answers:
        i = by_id.get(cell_id)
        if i is None:
            start = anchor(source)
            i = next((j for j in range(after, len(code)) if any(
                ln.strip().startswith(start) for ln in "".join(code[j]["source"]).splitlines())), None)
            if i is None:
                notes.append(f"{label} was not found (no cell with id {cell_id!r} or a line "
                             f"starting `{start}`): it is left out")
                continue
            notes.append(f"{label} was found by its first line (the cell ids differ from the starter's)")
        found[label], after = "".join(code[i]["source"]), i + 1
    return found, notes


# ---------------------------------------------------------------- tokens

def _python_lines(source):
    """The lines of a cell with IPython's `%magic` and `!shell` lines blanked."""
    return ["" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.splitlines()]


def line_tokens(text, first_line=1):
    """[(type, string, line)] of the tokens of `text`, as far as Python can read it."""
    out = []
    try:
        for t in tokenize.generate_tokens(io.StringIO(text + "\n").readline):
            out.append((t.type, t.string, t.start[0] + first_line - 1))
    except (tokenize.TokenError, SyntaxError, ValueError, RecursionError):
        pass
    return out


def raw_tokens(source):
    """[(type, string, line)] of a cell's tokens, without comments and blank lines.

    Past a statement Python cannot read (an unclosed bracket or string, a bad indent), the
    rest of the cell is read one line at a time, so a slip loses little.
    """
    lines = _python_lines(source)
    out = line_tokens("\n".join(lines))
    if not out or out[-1][0] != tokenize.ENDMARKER:       # it stopped at an error
        ends = [i for i, t in enumerate(out) if t[0] == tokenize.NEWLINE]
        out = out[:ends[-1] + 1] if ends else []
        for no in range(out[-1][2] + 1 if out else 1, len(lines) + 1):
            out += line_tokens(lines[no - 1].strip(), no)
    return [t for t in out if t[0] not in SKIPPED]


def drop_bare_strings(toks):
    """The tokens without strings that stand alone as a statement (docstrings), nor their NEWLINE."""
    starts = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    keep, i = [], 0
    while i < len(toks):
        alone = (toks[i][0] == tokenize.STRING and (i == 0 or toks[i - 1][0] in starts)
                 and (i + 1 == len(toks) or toks[i + 1][0] == tokenize.NEWLINE))
        if alone:
            i += 2
            continue
        keep.append(toks[i])
        i += 1
    return keep


def normalise(toks):
    """[Token] with every name V (but keywords, builtins, attributes), numbers N, strings S."""
    fstring = {getattr(tokenize, n) for n in ("FSTRING_MIDDLE", "FSTRING_END") if hasattr(tokenize, n)}
    out, previous = [], None
    for kind, text, line in toks:
        if kind in fstring or kind in LAYOUT:
            continue
        if kind == tokenize.NAME and not keyword.iskeyword(text) \
                and text not in BUILTIN_NAMES and previous != ".":
            text = "V"
        elif kind == tokenize.NUMBER:
            text = "N"
        elif kind == tokenize.STRING or kind == getattr(tokenize, "FSTRING_START", None):
            text = "S"
        text = ";" if kind == tokenize.NEWLINE else text
        out.append(Token(text, line))
        previous = text
    return out


def tokens(source, given=frozenset()):
    """The answer cell's normalised tokens, each marked if it is on a line in `given`."""
    lines = source.splitlines()
    toks = normalise(drop_bare_strings(raw_tokens(source)))
    for t in toks:
        t.given = lines[t.line - 1].strip() in given
    return toks


# ---------------------------------------------------------------- fingerprints

def kgram_hash(texts):
    """A 64-bit hash of a run of token texts, the same on every machine and run."""
    return int.from_bytes(hashlib.blake2b("\x1f".join(texts).encode(), digest_size=8).digest(), "big")


def kgrams(toks, k):
    """[(hash, start)] of every run of k tokens in a row that has no token the starter gives."""
    out = []
    for start in range(len(toks) - k + 1):
        run = toks[start:start + k]
        if not any(t.given for t in run):
            out.append((kgram_hash([t.text for t in run]), start))
    return out


def winnow(hashes, window):
    """The fingerprints kept from [(hash, start)]: the smallest of each `window` in a row
    (the rightmost one on a tie), each kept once; all of them when there are fewer."""
    if len(hashes) <= window:
        return list(hashes)
    kept = {}
    for i in range(len(hashes) - window + 1):
        low = min(range(i, i + window), key=lambda j: (hashes[j][0], -j))
        kept[low] = hashes[low]
    return [kept[i] for i in sorted(kept)]


def fingerprint(name, answers, given, starter_hashes, k=K, window=WINDOW):
    """A Submission holding the fingerprints of the answers {label: source}.

    Fingerprints in `starter_hashes` (those of the starter's own code) are left out.
    """
    sub = Submission(name)
    for label, source in answers.items():
        sub.lines[label] = source.splitlines()
        toks = tokens(source, given)
        for h, start in winnow(kgrams(toks, k), window):
            if h not in starter_hashes:
                sub.where.setdefault(h, []).append((label, toks[start].line, toks[start + k - 1].line))
    return sub


def starter_fingerprints(starter, k=K):
    """Every k-gram hash of the starter's code cells (none winnowed away)."""
    return {h for c in starter["cells"] if c.get("cell_type") == "code"
            for h, _ in kgrams(tokens("".join(c["source"])), k)}


# ---------------------------------------------------------------- submissions and pairs

@dataclass
class Starter:
    """What every submission is compared against: the starter's answer cells, the lines it
    gives and its fingerprints."""
    answers: list
    given: frozenset
    hashes: frozenset


def starter_parts(starter):
    """The Starter of a starter notebook (parsed JSON)."""
    return Starter(starter_answers(starter), frozenset(given_lines(starter)),
                   frozenset(starter_fingerprints(starter)))


def read_submission(path, folder, set_name, starter):
    """(Submission, None) for a readable notebook of the set, or (None, why it was skipped).

    Reading and checking are tools/grade.py's; a bug here skips the file with the reason.
    """
    name = grade.display_name(path)
    problem = grade.file_problem(path, folder)
    if not problem:
        nb, _, problem = grade.read_notebook(path)
    if not problem:
        problem, _ = grade.check_notebook(nb, set_name, name)
    if problem:
        return None, problem
    try:
        answers, notes = find_answers(nb, starter.answers)
        sub = fingerprint(name, answers, starter.given, starter.hashes)
    except Exception as exc:
        traceback.print_exc()
        return None, (f"{name} could not be compared ({type(exc).__name__}: {exc}); this is a "
                      f"bug in tools/similarity.py: please report it with the notebook")
    sub.notes = notes
    if answers and not sub.where:
        sub.notes.append("no answer code beyond the starter (untouched?): it matches nothing")
    return sub, None


def compare_all(subs, threshold=THRESHOLD, min_shared=MIN_SHARED):
    """Every pair of submissions, flagged first, then by score (highest first), then by name."""
    pairs = []
    for a, b in itertools.combinations(subs, 2):
        p = Pair(a, b, frozenset(a.where.keys() & b.where.keys()))
        p.flagged = p.score >= threshold and len(p.shared) >= min_shared
        pairs.append(p)
    return sorted(pairs, key=lambda p: (not p.flagged, -p.score, p.a.name, p.b.name))


# ---------------------------------------------------------------- the report

def matched_lines(sub, hashes, only=None):
    """{answer: sorted line numbers} of `sub`'s lines inside a fingerprint in `hashes`
    (in the answer `only`, if given)."""
    lines = {}
    for h in hashes:
        for label, first, last in sub.where[h]:
            if only in (None, label):
                lines.setdefault(label, set()).update(range(first, last + 1))
    return {label: sorted(lines[label]) for label in sub.lines if label in lines}


def code_block(text):
    """`text` in a fenced Markdown block whose fence no backtick run inside can close."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def excerpt(sub, label, numbers):
    """The numbered lines of one answer, `...` where lines are skipped."""
    rows, last = [], None
    for n in numbers:
        if last is not None and n > last + 1:
            rows.append("     ...")
        rows.append(f"{n:4d}  {sub.lines[label][n - 1]}")
        last = n
    return "\n".join(rows)


def pair_details(index, pair):
    """The Markdown section of one pair: for each answer of A, its lines in a match, then
    the lines of B that match them: in B's same answer, or else wherever they are in B."""
    a, b = md(pair.a.name), md(pair.b.name)
    out = [f"## Pair {index}: {a} and {b}, score {pair.score:.2f}", "",
           f"{len(pair.shared)} fingerprints in common: {pair.a_in_b:.0%} of {a}'s, "
           f"{pair.b_in_a:.0%} of {b}'s."]
    for label in pair.a.lines:
        hashes = {h for h in pair.shared if any(w[0] == label for w in pair.a.where[h])}
        if not hashes:
            continue
        out += ["", f"### {label}"]
        theirs = matched_lines(pair.b, hashes, label) or matched_lines(pair.b, hashes)
        for sub, found in ((pair.a, matched_lines(pair.a, hashes, label)), (pair.b, theirs)):
            for where, numbers in found.items():
                out += ["", f"{md(sub.name)}, {where}:", "", code_block(excerpt(sub, where, numbers))]
    return out


def md(text):
    """Text (a file name, a reason) as Markdown that shows it as it is: it can make no
    link, image, HTML tag or table cell, so the report loads nothing."""
    text = html.escape(str(text), quote=False).replace("\n", " ")
    return re.sub(r"([\\`\[\]|!])", r"\\\1", text)


def pair_table(pairs, first=1):
    """A Markdown table of pairs, numbered from `first`."""
    rows = ["| # | notebook A | notebook B | score | A in B | B in A | shared |", "|---" * 7 + "|"]
    rows += [f"| {i} | {md(p.a.name)} | {md(p.b.name)} | {p.score:.2f} | {p.a_in_b:.2f} | "
             f"{p.b_in_a:.2f} | {len(p.shared)} |" for i, p in enumerate(pairs, first)]
    return rows


def write_report(md_path, set_name, subs, skipped, pairs, threshold, min_shared, seconds):
    """The Markdown report: settings, flagged pairs with their matching lines, skipped files."""
    flagged = [p for p in pairs if p.flagged]
    out = [f"# Similarity of answers: {set_name}, {len(subs)} notebooks compared", "",
           f"Answer cells only, with the starter's code taken out; names, numbers and strings "
           f"count as equal. Score: the share of the smaller answer's fingerprints found in the "
           f"other (K = {K} tokens, window {WINDOW}). Flagged: score at least {threshold:g} and "
           f"at least {min_shared} fingerprints in common. A flag means: read the two side by "
           f"side. It is not a verdict. Every pair is in the CSV. Took {seconds:.1f} s.", "",
           f"## Flagged pairs: {len(flagged)}", ""]
    out += pair_table(flagged) if flagged else ["None."]
    others = [p for p in pairs if not p.flagged][:10]
    if others:
        out += ["", "## Highest pairs not flagged", ""] + pair_table(others, len(flagged) + 1)
    if skipped:
        out += ["", f"## Not compared: {len(skipped)}", ""]
        out += [f"- {md(why)}" for why in skipped]       # each reason names its file
    noted = [s for s in subs if s.notes]
    if noted:
        out += ["", "## Notes", ""] + [f"- {md(s.name)}: {md(n)}" for s in noted for n in s.notes]
    for i, p in enumerate(flagged, 1):
        out += [""] + pair_details(i, p)
    Path(md_path).write_text("\n".join(out) + "\n", encoding="utf-8")


def write_pairs_csv(csv_path, pairs):
    """Every pair as a CSV row, in the report's order."""
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["notebook_a", "notebook_b", "score", "a_in_b", "b_in_a", "shared", "flagged"])
        for p in pairs:
            w.writerow([p.a.name, p.b.name, f"{p.score:.3f}", f"{p.a_in_b:.3f}", f"{p.b_in_a:.3f}",
                        len(p.shared), "yes" if p.flagged else "no"])


# ---------------------------------------------------------------- the command

def load_starter(set_arg):
    """(set name, starter notebook as JSON) for --set `set_arg`; ValueError names the problem."""
    autograder = grade.find_autograder(set_arg)
    set_name = grade.set_name_of(autograder)
    path = ROOT / "exercises" / f"{autograder.stem}.ipynb"
    nb, _, problem = grade.read_notebook(path)
    if problem:
        raise ValueError(f"the starter notebook of --set {set_arg} must be readable: {problem}")
    if not starter_answers(nb):
        raise ValueError(f"the starter notebook {path} has no answer cell (no `raise "
                         f"NotImplementedError` or `= ...` placeholder), so there is nothing to compare")
    return set_name, nb


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", required=True, help="the folder of submitted .ipynb files")
    p.add_argument("--set", required=True, help="exercise set, e.g. 03")
    p.add_argument("--out", help="report path without extension (default: next to --dir)")
    p.add_argument("--threshold", type=float, default=THRESHOLD,
                   help=f"flag pairs whose score is at least this, between 0 and 1 (default {THRESHOLD})")
    args = p.parse_args(argv)
    if not 0 < args.threshold <= 1:
        p.error(f"--threshold must be a share between 0 (excluded) and 1, but got {args.threshold:g}")
    folder = Path(args.dir)
    if not folder.is_dir():
        p.error(f"--dir must be a folder of .ipynb files, but {folder} is not a folder")
    try:
        set_name, starter = load_starter(args.set)
        starter = starter_parts(starter)
    except ValueError as exc:
        p.error(str(exc))
    start = time.monotonic()
    entries = sorted(folder.iterdir())
    subs, skipped = [], []
    for path in entries:
        if not path.name.lower().endswith(".ipynb"):
            skipped.append(f"{grade.display_name(path)}: its name does not end in .ipynb")
            continue
        sub, why = read_submission(path, folder, set_name, starter)
        if sub:
            subs.append(sub)
        else:
            skipped.append(why)
    pairs = compare_all(subs, args.threshold)
    stem = Path(args.out) if args.out else folder.resolve().parent / f"similarity-{set_name}"
    md_path, csv_path = Path(f"{stem}.md"), Path(f"{stem}.csv")
    write_pairs_csv(csv_path, pairs)
    write_report(md_path, set_name, subs, skipped, pairs, args.threshold, MIN_SHARED,
                 time.monotonic() - start)
    flagged = sum(p.flagged for p in pairs)
    print(f"{len(subs)} notebooks compared ({len(pairs)} pairs), {flagged} flagged, "
          f"{len(skipped)} not compared, in {time.monotonic() - start:.1f} s")
    print(f"Report: {md_path} and {csv_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
