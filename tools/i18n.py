"""The Simplified Chinese edition: translations kept in step with the English, unit by unit.

    python tools/i18n.py status            list missing and stale translations (exit 1 if any)
    python tools/i18n.py update [PAGE ...] add every new English unit to the translation files
    python tools/i18n.py todo PAGE         print what is left to translate on one page
    python tools/i18n.py build [OUT]       write the Chinese book's sources (default _build/zh/src)

The English pages stay the single source. Each page of ``_toc.yml`` is cut into *units*:
a notebook's markdown cells (keyed by cell id) and the alt text of its figures (``<id>.alt``);
a Markdown page's sections, cut at each heading and, in the glossary, at each entry (keyed
by the heading or term). ``_book`` holds the book's title and the toc's part captions.

A page's translations live in ``i18n/zh_CN/<page without suffix>.zh.md``, a unit after a marker line::

    <!-- unit: c04 | en: 3fa2c1d09b7e -->
    中文……

``en`` is the start of the SHA-256 of the English unit the Chinese translates. When the
English changes, the hashes differ and ``status`` (run by ``make test``) names the unit as
stale; a unit with no translation, or marked ``| todo``, is missing. ``update`` adds each
missing unit with its English text and ``| todo`` for a translator to replace (and drops
units the English no longer has); ``todo`` prints the current English and hash of each unit
still to do. ``build`` takes every English page, puts the translations in place (code cells
and their stored outputs stay as they are: nbval runs once, on English) and writes the
config and toc of a book in Simplified Chinese (``language: zh_CN``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
LANG = "zh_CN"
STORE = ROOT / "i18n" / LANG
MARKER = re.compile(r"^<!-- unit: (?P<key>\S+) \| en: (?P<sha>[0-9a-f]{12})(?P<todo> \| todo)? -->$")
HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
FENCE = re.compile(r"^(`{3,}|:{3,})")
# Files the Chinese book needs besides its pages: the Sphinx extensions of _config.yml.
EXTRA_FILES = ["tools/book_fixes.py", "tools/language_switch.py", "tools/templates/language-switch.html"]


def sha(text: str) -> str:
    """The 12-hex-digit fingerprint of an English unit (trailing spaces ignored)."""
    norm = "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:12]


# ---------------------------------------------------------------- the English pages

def toc_pages(root: Path = ROOT) -> list[str]:
    """Every page of the book, as paths relative to ``root`` with their suffix, in toc order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries:
            files.append(entry["file"])
            walk(entry.get("sections", []))
    for part in toc.get("parts", []):
        walk(part["chapters"])
    return [_with_suffix(root, f) for f in files]


def _with_suffix(root: Path, stem: str) -> str:
    for suffix in (".ipynb", ".md"):
        if (root / (stem + suffix)).exists():
            return stem + suffix
    raise FileNotFoundError(f"_toc.yml names {stem!r}, but neither {stem}.ipynb nor {stem}.md exists")


def slug(text: str) -> str:
    """A unit key from a heading or a term: lower-case ASCII words joined by '-'."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:60] or "x" + sha(text)[:6]


def notebook_units(path: Path) -> dict[str, str]:
    """{key: English text} of a notebook: markdown cells by id, figure alt texts as ``id.alt``."""
    nb = json.loads(path.read_text())
    units = {}
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            units[cell["id"]] = "".join(cell["source"])
        alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")
        if alt:
            units[cell["id"] + ".alt"] = alt
    return units


def markdown_units(text: str) -> dict[str, str]:
    """{key: English text} of a Markdown page, cut before each heading and glossary entry.

    Headings inside code fences do not cut; inside a ``{glossary}`` fence, each entry (a
    term line after a blank line) starts a unit, and the closing fence starts another.
    Joining the units' texts with newlines gives the page back.
    """
    lines = text.split("\n")
    starts, keys = [0], ["top"]
    fence, glossary = None, False
    for i, line in enumerate(lines):
        if fence:
            if line.strip() == fence:
                fence = None
                if glossary:
                    glossary = False
                    starts.append(i), keys.append("after-glossary")
            elif glossary and line and not line[0].isspace() and not line.startswith(":") \
                    and i > 0 and not lines[i - 1].strip():
                starts.append(i), keys.append("term-" + slug(line))
            continue
        match = FENCE.match(line)
        if match:
            fence, glossary = match.group(1), "{glossary}" in line
        elif HEADING.match(line) and i > 0:
            starts.append(i), keys.append(slug(HEADING.match(line).group(2)))
    units = {}
    for n, (start, key) in enumerate(zip(starts, keys)):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        unique, k = key, 2
        while unique in units:
            unique, k = f"{key}-{k}", k + 1
        units[unique] = "\n".join(lines[start:end])
    return units


def book_units(root: Path = ROOT) -> dict[str, str]:
    """{key: English text} of the book's own strings: its title and the toc's part captions."""
    config = yaml.safe_load((root / "_config.yml").read_text())
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    units = {"title": config["title"]}
    for n, part in enumerate(toc.get("parts", []), start=1):
        units[f"part-{n}"] = part["caption"]
    return units


def english_units(page: str, root: Path = ROOT) -> dict[str, str]:
    """{key: English text} of one page (``_book`` for the book's title and captions)."""
    if page == "_book":
        return book_units(root)
    path = root / page
    return notebook_units(path) if page.endswith(".ipynb") else markdown_units(path.read_text())


CJK = re.compile(r"[\u3400-\u9fff]")


def glossary_terms(root: Path = ROOT) -> list[tuple[list[str], str]]:
    """The glossary's table of terms: [(English terms, Chinese term)], one per entry.

    An entry's term lines come before its indented definition; the line with Chinese
    characters is the Chinese term, the others are the English term and abbreviations.
    """
    entries = []
    for key, text in markdown_units((root / "glossary.md").read_text()).items():
        if not key.startswith("term-"):
            continue
        terms = [line for line in text.split("\n") if line.strip() and not line[0].isspace()]
        chinese = [t for t in terms if CJK.search(t)]
        if len(chinese) != 1:
            raise ValueError(f"glossary entry {terms[0]!r}: expected one Chinese term line, found {chinese}")
        entries.append(([t for t in terms if t not in chinese], chinese[0]))
    return entries


# ---------------------------------------------------------------- the translation files

def store_path(page: str, store: Path = STORE) -> Path:
    """Where a page's translations live: ``chapters/08_bptt.ipynb`` -> ``<store>/chapters/08_bptt.zh.md``."""
    return store / Path(page).with_suffix(".zh.md")


def read_translations(path: Path) -> dict[str, dict]:
    """{key: {"sha", "todo", "text"}} of one translation file ({} if there is none)."""
    if not path.exists():
        return {}
    units, key = {}, None
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        match = MARKER.match(line)
        if match:
            key = match.group("key")
            if key in units:
                raise SystemExit(f"{path}:{n}: unit {key!r} appears twice")
            units[key] = {"sha": match.group("sha"), "todo": bool(match.group("todo")), "lines": []}
        elif key is None:
            if line.strip():
                raise SystemExit(f"{path}:{n}: text before the first unit marker: {line[:60]!r}")
        else:
            units[key]["lines"].append(line)
    for unit in units.values():
        unit["text"] = "\n".join(unit.pop("lines")).strip("\n")
    return units


def write_translations(path: Path, units: dict[str, dict]) -> None:
    """Write ``{key: {"sha", "todo", "text"}}`` in the given order."""
    parts = []
    for key, unit in units.items():
        todo = " | todo" if unit["todo"] else ""
        parts.append(f"<!-- unit: {key} | en: {unit['sha']}{todo} -->\n{unit['text'].strip(chr(10))}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")


def all_pages(root: Path = ROOT) -> list[str]:
    return ["_book"] + toc_pages(root)


def page_status(page: str, root: Path = ROOT, store: Path = STORE) -> dict[str, list[str]]:
    """{"ok": keys, "stale": keys, "missing": keys, "extra": keys} of one page."""
    english = english_units(page, root)
    done = read_translations(store_path(page, store))
    status = {"ok": [], "stale": [], "missing": [], "extra": sorted(set(done) - set(english))}
    for key, text in english.items():
        unit = done.get(key)
        if unit is None or unit["todo"]:
            status["missing"].append(key)
        elif unit["sha"] != sha(text):
            status["stale"].append(key)
        else:
            status["ok"].append(key)
    return status


def status(root: Path = ROOT, store: Path = STORE) -> dict[str, dict[str, list[str]]]:
    """``page_status`` of every page."""
    return {page: page_status(page, root, store) for page in all_pages(root)}


def problems(report: dict[str, dict[str, list[str]]]) -> list[str]:
    """One line per unit that is stale, missing or left over, naming the page and the unit."""
    why = {"stale": "stale (the English changed since it was translated)",
           "missing": "missing (not translated yet)",
           "extra": "left over (the English has no such unit: run tools/i18n.py update)"}
    return [f"{page}: {key}: {why[kind]}" for page, st in report.items()
            for kind in ("stale", "missing", "extra") for key in st[kind]]


def update(pages: list[str], root: Path = ROOT, store: Path = STORE) -> None:
    """Bring each page's translation file to the English units, in English order."""
    for page in pages:
        english = english_units(page, root)
        done = read_translations(store_path(page, store))
        units = {}
        for key, text in english.items():      # a unit still to do shows the English of now
            kept = done.get(key)
            units[key] = kept if kept and not kept["todo"] else {"sha": sha(text), "todo": True, "text": text}
        write_translations(store_path(page, store), units)


def todo(page: str, root: Path = ROOT, store: Path = STORE) -> str:
    """The marker line and current English of every unit of ``page`` still to translate."""
    english = english_units(page, root)
    st = page_status(page, root, store)
    out = []
    for key in st["stale"] + st["missing"]:
        kind = "stale" if key in st["stale"] else "missing"
        out.append(f"# {kind}: use this marker line, then the translation\n"
                   f"<!-- unit: {key} | en: {sha(english[key])} -->\n{english[key]}\n")
    return "\n".join(out)


# ---------------------------------------------------------------- the Chinese book

def translated(page: str, root: Path = ROOT, store: Path = STORE) -> dict[str, str]:
    """{key: text} for ``page``: the Chinese where there is one, else the English."""
    english = english_units(page, root)
    done = read_translations(store_path(page, store))
    return {key: (done[key]["text"] if key in done and not done[key]["todo"] else text)
            for key, text in english.items()}


def build_notebook(page: str, out: Path, root: Path, store: Path) -> None:
    """The English notebook with its markdown and alt texts translated; code and outputs kept."""
    nb = json.loads((root / page).read_text())
    units = translated(page, root, store)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = units[cell["id"]]
        image = cell.get("metadata", {}).get("mystnb", {}).get("image", {})
        if image.get("alt"):
            image["alt"] = units[cell["id"] + ".alt"]
    (out / page).write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def build_config(out: Path, root: Path, store: Path) -> None:
    """The Chinese book's _config.yml and _toc.yml: the English ones, translated."""
    book = translated("_book", root, store)
    config = yaml.safe_load((root / "_config.yml").read_text())
    config["title"] = book["title"]
    config["sphinx"]["config"]["language"] = LANG
    config["sphinx"]["config"]["course_other_language"] = {
        "href_root": "../", "label": "English", "hreflang": "en"}
    # The launch buttons open notebooks of the repository, which are English.
    config.pop("launch_buttons", None)
    # Search splits Chinese text into words with jieba; the glossary's terms are words too.
    words = sorted({chinese for _, chinese in glossary_terms(root) if " " not in chinese})
    (out / "search_words.txt").write_text("".join(f"{w} 1000\n" for w in words), encoding="utf-8")
    config["sphinx"]["config"]["html_search_options"] = {"dict": str((out / "search_words.txt").resolve())}
    (out / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    for n, part in enumerate(toc.get("parts", []), start=1):
        part["caption"] = book[f"part-{n}"]
    (out / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False))


def build(out: Path, root: Path = ROOT, store: Path = STORE) -> None:
    """Write the Chinese book's sources into ``out`` (emptied first)."""
    if out.exists():
        shutil.rmtree(out)
    for page in toc_pages(root):
        (out / page).parent.mkdir(parents=True, exist_ok=True)
        if page.endswith(".ipynb"):
            build_notebook(page, out, root, store)
        else:
            texts = (text.strip("\n") for text in translated(page, root, store).values())
            (out / page).write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    for extra in EXTRA_FILES:
        (out / extra).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / extra, out / extra)
    build_config(out, root, store)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status")
    up = sub.add_parser("update")
    up.add_argument("pages", nargs="*")
    td = sub.add_parser("todo")
    td.add_argument("page")
    bd = sub.add_parser("build")
    bd.add_argument("out", nargs="?", default=str(ROOT / "_build" / "zh" / "src"))
    args = parser.parse_args(argv)
    pages = all_pages()
    for page in getattr(args, "pages", None) or ([args.page] if hasattr(args, "page") else []):
        if page not in pages:
            parser.error(f"page: expected one of the book's pages ({', '.join(pages)}), got {page!r}")
    if args.command == "status":
        report = status()
        done = sum(len(st["ok"]) for st in report.values())
        total = sum(len(st["ok"]) + len(st["stale"]) + len(st["missing"]) for st in report.values())
        lines = problems(report)
        print(f"{done} of {total} units translated and up to date ({LANG}).")
        print("\n".join(lines))
        return 1 if lines else 0
    if args.command == "update":
        update(args.pages or pages)
    elif args.command == "todo":
        print(todo(args.page))
    elif args.command == "build":
        build(Path(args.out))
        print(f"The Chinese book's sources are in {args.out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
