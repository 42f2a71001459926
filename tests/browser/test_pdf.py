"""The whole book as one PDF (``make pdf``: tools/pdf.py), read back with poppler's tools.

Both editions: the PDF the site links (``_build/html/rnn-course.pdf``, and the Chinese
edition's ``_build/html/zh/rnn-course.pdf``) is opened with ``pdfinfo``,
``pdftotext``, ``pdffonts`` and ``pdfimages`` (Debian's poppler-utils): its page count is
in the expected range; every page carries its number; every page of ``_toc.yml`` is in
it, under its title, on the page the table of contents gives; no formula is left as raw
TeX; the Chinese text can be extracted and a Chinese font is embedded; every figure of
the notebooks is in it; the exercise sets come without their solutions.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from test_site import ROOT, SITE, toc_pages

# edition -> (the PDF, the folder of the book's sources, the footer of page i of n)
EDITIONS = {
    "en": (SITE / "rnn-course.pdf", ROOT, "Page {i} of {n}"),
    "zh": (SITE / "zh" / "rnn-course.pdf", ROOT / "_build" / "zh" / "src", "第 {i} 页,共 {n} 页"),
}
PAGES = (250, 550)      # 384 pages when this test was written (33 pages of the book, A4)
POPPLER = ("pdfinfo", "pdftotext", "pdffonts", "pdfimages")
CJK_FONT = re.compile(r"WenQuanYi|WQY|Noto\w*CJK|SourceHan|DroidSansFallback|UMing|UKai|"
                      r"AR\w*PL|SimSun|SimHei|Hei|Song|Ming|Gothic", re.I)
CHINESE = "循环神经网络"   # "recurrent neural network", on the home page and in the glossary


def skip_or_fail(message: str):
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set: the PDF check must run, not skip)")
    pytest.skip(message)


@pytest.fixture(scope="module", params=list(EDITIONS))
def edition(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def pdf(edition) -> Path:
    path = EDITIONS[edition][0]
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        skip_or_fail(f"{', '.join(missing)} not found: install poppler-utils "
                     "(`sudo apt-get install poppler-utils`, or `make browser` as root)")
    if not path.exists():
        skip_or_fail(f"no {path.relative_to(ROOT)}: run `make pdf` (needs Chromium)")
    return path


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def pages(pdf) -> list[str]:
    """The text of each page (``pages[0]`` is page 1), whitespace collapsed, quotes straight."""
    text = run("pdftotext", "-enc", "UTF-8", str(pdf), "-")
    return [normal(page) for page in text.split("\f")[:-1]]


def normal(text: str) -> str:
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text)  # lines break anywhere
    text = text.replace("’", "'").replace("‘", "'").replace("，", ",")
    return re.sub(r"\s+", " ", text).strip()


def page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(pdf)), re.M)[1])


def title_of(page: str, edition: str = "en") -> str:
    """A page's title: the first ``# `` heading of its .md or .ipynb source in ``edition``."""
    source = EDITIONS[edition][1] / page.removesuffix(".html")
    if source.with_suffix(".ipynb").exists():
        cells = json.loads(source.with_suffix(".ipynb").read_text())["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = source.with_suffix(".md").read_text()
    return normal(re.search(r"^# (.+)$", text, re.M)[1])


def test_page_count_in_range_and_numbered(pdf, pages, edition):
    n = page_count(pdf)
    assert PAGES[0] <= n <= PAGES[1], f"{pdf}: {n} pages, expected {PAGES[0]} to {PAGES[1]}"
    assert len(pages) == n
    footer = EDITIONS[edition][2]
    unnumbered = [i for i, text in enumerate(pages, start=1) if footer.format(i=i, n=n) not in text]
    assert not unnumbered, f"{pdf}: pages without {footer!r} in the footer: {unnumbered[:10]}"


def listed_pages(pages: list[str], edition: str) -> dict[str, int]:
    """Title -> page number, as the table of contents (pages 2 to 4) gives them."""
    contents = " ".join(pages[1:4])
    found = {}
    for page in toc_pages():
        listed = re.search(re.escape(title_of(page, edition)) + r" (\d+)\b", contents)
        if listed:
            found[title_of(page, edition)] = int(listed[1])
    return found


def test_contents_list_every_page_on_the_page_it_starts(pages, edition):
    """Each title is in the contents with a page number, and that page shows the title."""
    listed = listed_pages(pages, edition)
    problems = []
    for page in toc_pages():
        title = title_of(page, edition)
        if title not in listed:
            problems.append(f"{page}: {title!r} is not in the contents with a page number")
        elif not all(word in pages[listed[title] - 1] for word in title.split()):
            # (every word: pdftotext may give "1." after "引言" in a heading "1. 引言")
            problems.append(f"{page}: the contents give page {listed[title]} for {title!r}, "
                            "which does not show it")
    assert not problems, "\n".join(problems)


def notebook_code() -> str:
    """Every code cell and text output of the book's notebooks, as one normalised string."""
    parts = []
    for page in toc_pages():
        notebook = ROOT / page.replace(".html", ".ipynb")
        if notebook.exists():
            for cell in json.loads(notebook.read_text())["cells"]:
                if cell["cell_type"] == "code":
                    parts.append("".join(cell["source"]))
                    parts += ["".join(o.get("text", "")) for o in cell.get("outputs", [])]
    return normal("\n".join(parts))


RAW_TEX = re.compile(r"\$\$|\\\(|\\\[|\\begin\{|\\(?:frac|mathbf|partial|sigma|odot|sum|tanh)\b")


def test_no_raw_math(pages):
    """No TeX left untypeset, except where a code cell prints it (a regular expression, say)."""
    code = notebook_code()
    raw = [f"page {i}: ...{text[max(0, m.start() - 30):m.end() + 30]}..."
           for i, text in enumerate(pages, start=1) for m in RAW_TEX.finditer(text)
           if text[m.start():m.start() + 12] not in code]
    assert not raw, "raw TeX that MathJax did not typeset:\n" + "\n".join(raw[:10])


def test_chinese_text_extractable_and_font_embedded(pdf, pages, edition):
    listed = listed_pages(pages, edition)
    home, glossary, errata = (listed[title_of(p, edition)] for p in ("intro.html", "glossary.html", "errata.html"))
    assert CHINESE in " ".join(pages[home - 1:home + 3]), f"{CHINESE!r} not extractable from the home page"
    assert CHINESE in " ".join(pages[glossary - 1:errata - 1]), f"{CHINESE!r} not extractable from the glossary"
    n_chinese = sum(len(re.findall(r"[\u4e00-\u9fff]", text)) for text in pages)
    least = 1000 if edition == "en" else 80_000      # the Chinese edition is Chinese throughout
    # (102,531 Chinese characters in the Chinese PDF when this bound was set)
    assert n_chinese > least, f"only {n_chinese} Chinese characters in the text"
    fonts = [line.split()[0] for line in run("pdffonts", str(pdf)).splitlines()[2:]
             if re.search(r"\byes\s+\S+\s+\S+\s+\d+\s+\d+$", line)]   # emb = yes
    assert any(CJK_FONT.search(f) for f in fonts), (
        f"no Chinese font embedded (fonts: {sorted(set(fonts))}): install fonts-wqy-microhei")


def test_every_figure_is_in_it(pdf):
    expected = 0
    for page in toc_pages():
        notebook = ROOT / page.replace(".html", ".ipynb")
        if notebook.exists():
            cells = json.loads(notebook.read_text())["cells"]
            expected += sum("image/png" in output.get("data", {})
                            for cell in cells for output in cell.get("outputs", []))
    rows = run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    colour = [row for row in rows if row.split()[5] != "gray"]   # gray: drawn shadows, rules
    assert expected > 40 and len(colour) >= expected, (
        f"{len(colour)} colour images in the PDF, {expected} PNG figures in the notebooks")


def test_exercises_without_solutions(pages):
    text = " ".join(pages)
    for leak in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN TESTS", "# SOLUTION", "otter_assign"):
        assert leak not in text, f"the PDF contains {leak!r} (a solution or a hidden test)"
    assert text.count("NotImplementedError") >= 6 and "grader.check" in text, (
        "the exercise stubs or their grader.check cells are missing")
