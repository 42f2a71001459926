"""The built site as a reader sees it: every page of both editions opened in headless Chromium.

The site in ``_build/html`` (``make book``) is served on 127.0.0.1 and every page is
opened in Debian's Chromium through Playwright (no browser download). Any request to
another host is blocked and reported, so the site is checked as it works offline.

Per page: it loads (HTTP 200) with no console error or uncaught exception; no local
resource fails; every image loads and has alt text or a caption; every math element is
typeset by MathJax (no raw ``$$``, ``\\(`` or TeX command left in the text); every internal link
and its ``#fragment`` resolve; no text output is taller than a screen unless it
scrolls; no check cell (an ``assert``) shows on a chapter. Site-wide: the sidebar links
every page of ``_toc.yml`` under its numbered title, the "next" buttons walk through
all of them in order (in each edition), each page links to the same page of the other
edition (English and the Simplified Chinese in ``zh/``), search finds a word (a Chinese
one in the Chinese edition), notebook pages offer the ``.ipynb`` download
and Colab/Binder links (and say how to install rnnlib on Colab), exercise pages
carry no solution, and Chinese text on a chapter and on the glossary is drawn with real
glyphs, not missing-glyph boxes (screenshots ``chinese_*.png``). Screenshots of the home page and one chapter go to
``_build/site-check/``, and one screenshot of each figure named in ``FIGURE_SHOTS`` (the
figures drawn by ``rnnlib.plots``) to ``_build/site-check/figures/``, to be looked at.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "site-check"
CHROMIUM_FLAGS = [  # no background connections: this machine's network is closed
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
INSTALL_HINT = ("install Debian's Chromium (`sudo apt-get install chromium`, or `make browser` "
                "as root), or set CHROMIUM=/path/to/chromium")
TALL_OUTPUT_PX = 900     # a text output taller than this must scroll
SHOT_CHAPTERS = {"chapters/09_exploding_vanishing.html", "zh/chapters/09_exploding_vanishing.html"}
REDIRECTS = {"index.html": "intro.html", "zh/index.html": "zh/intro.html"}
# The two editions: the English site, and the Simplified Chinese one in its zh/ folder
# (tools/i18n.py), each page linking to the same page of the other.
EDITIONS = {"en": "", "zh": "zh/"}
# Figures to screenshot one by one, found by the start of their alt text: page -> {shot: alt}.
FIGURE_SHOTS: dict[str, dict[str, str]] = {
    "chapters/03_architectures.html": {"03_architectures": "Diagram of five RNN shapes"},
    "chapters/07_rnn_vs_feedforward.html": {"07_information_flow": "Two diagrams of the same small network"},
    "chapters/08_bptt.html": {"08_backward_pass": "Diagram of the backward pass of an RNN unrolled"},
    "chapters/09_exploding_vanishing.html": {"09_cliff": "Two panels of the loss (log scale, y)",
                                             "09_adding": "Log-scale line plot of the validation"},
    "chapters/10_lstm_gru.html": {"10_lstm_cell": "Six panels. The first draws a whole LSTM cell",
                                  "10_gru_cell": "Four panels. The first draws a whole GRU cell"},
    "chapters/11e_dna_motifs.html": {"11e_gap_rule": "Line plot of the mean probability of label 1"},
    "chapters/14_char_lstm_numpy.html": {"14_learning_curve": "Line plot of bits per character",
                                         "14_hidden_unit": "Three hundred characters of the Python"},
    "chapters/15_rnns_in_practice.html": {"15_bidirectional": "Line plot of held-out tagging accuracy",
                                          "15_dropout": "Line plot of cross-entropy in nats per token"},
    "chapters/16_attention.html": {"16_accuracy_by_length": "Line plot of exact-match accuracy",
                                   "16_heatmap": "Heatmap of attention weights",
                                   "16_timing": "Log-log plot of time per batch"},
}   # jupyter-book's index.html forwards to the root page


def toc_pages(edition: str = "") -> list[str]:
    """Every page of ``_toc.yml`` in reading order, as site paths ``chapters/x.html``
    (``zh/chapters/x.html`` with ``edition="zh/"``)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries:
            pages.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc["parts"]:
        walk(part["chapters"])
    return [edition + p + ".html" for p in pages]


def site_pages() -> list[str]:
    """Every HTML page of the built site (theme assets excluded), as site paths."""
    if not (SITE / "index.html").exists():
        return []
    return sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html")
                  if not any(part.startswith(("_", ".")) for part in p.relative_to(SITE).parts))


@functools.lru_cache(maxsize=None)
def ids_in(path: Path) -> frozenset[str]:
    """The element ids of one built HTML file (targets of ``#fragment`` links)."""
    return frozenset(unquote(m) for m in re.findall(r'\bid="([^"]+)"', path.read_text()))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output for failures
        pass


@pytest.fixture(scope="module")
def base_url():
    """The built site served on an ephemeral localhost port: ``http://127.0.0.1:P/``."""
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built site at {SITE}: run `make book` (or `make test-book`) first")
    handler = functools.partial(_Quiet, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def find_chromium() -> str | None:
    """The Chromium executable: $CHROMIUM, else chromium / chromium-browser on PATH."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium; skipped with an install hint on a learner's machine, never in CI."""
    exe = find_chromium()
    if exe is None:
        message = f"Chromium not found: {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set: the browser check must run, not skip)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_FLAGS)
        yield b
        b.close()


class Visit:
    """One page opened in a fresh browser context, with everything that went wrong."""

    def __init__(self, browser, base_url: str, path: str):
        self.path, self.problems = path, []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._only_localhost)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(
            f"console error: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"uncaught exception: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(
            f"request failed: {r.url} ({r.failure})"))
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(
            f"HTTP {r.status} for {r.url}"))
        response = self.page.goto(urljoin(base_url, path), wait_until="load")
        if response is None or response.status != 200:
            self.problems.append(f"page did not load: {response and response.status}")
        if path in REDIRECTS:
            self.page.wait_for_url(f"**/{REDIRECTS[path]}", timeout=10_000)
            self.page.wait_for_load_state("load")
        self.page.evaluate("""async () => {
            if (window.MathJax && MathJax.startup && MathJax.startup.promise)
                await MathJax.startup.promise; }""")

    def _only_localhost(self, route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            return route.continue_()
        self.problems.append(f"loads from another host: {route.request.url}")
        return route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, base_url):
    opened = []

    def open_page(path: str) -> Visit:
        opened.append(Visit(browser, base_url, path))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()


def report(path: str, problems: list[str]) -> str:
    return f"{path}: {len(problems)} problem(s)\n  " + "\n  ".join(problems)


# Everything measured inside the page in one pass; the problems come back as strings.
PAGE_CHECKS = r"""(tallPx) => {
  const problems = [];
  for (const img of document.images) {
    const name = img.getAttribute('src');
    if (!img.complete || img.naturalWidth === 0) problems.push(`image did not load: ${name}`);
    const caption = img.closest('figure') && img.closest('figure').querySelector('figcaption');
    if (!(img.getAttribute('alt') || '').trim() && !caption)
      problems.push(`image has no alt text or caption: ${name}`);
  }
  const math = document.querySelectorAll('.math');
  for (const m of math) {
    if (!m.querySelector('mjx-container'))
      problems.push(`math not typeset: ${m.textContent.trim().slice(0, 60)}`);
    if (m.querySelector('mjx-merror'))
      problems.push(`MathJax error in: ${m.textContent.trim().slice(0, 60)}`);
  }
  const body = document.querySelector('article') || document.body;
  const text = body.cloneNode(true);
  text.querySelectorAll('pre, code, script, style, mjx-container, .math, textarea')
      .forEach(e => e.remove());
  for (const raw of ['$$', '\\(', '\\[', '\\begin{', '\\frac'])
    if (text.textContent.includes(raw)) {
      const at = text.textContent.indexOf(raw);
      problems.push(`raw math left in text: ...${text.textContent.slice(Math.max(0, at - 30), at + 30)}...`);
    }
  // single-dollar math that was not typeset leaves TeX commands or sub/superscript braces
  const tex = /\\(odot|sigma|tanh|sum|prod|partial|mathrm|cdot|top|alpha|epsilon)\b|[_^]\{/.exec(text.textContent);
  if (tex)
    problems.push(`raw math left in text: ...${text.textContent.slice(Math.max(0, tex.index - 30), tex.index + 30)}...`);
  for (const pre of document.querySelectorAll('.cell_output pre, .output pre')) {
    const height = pre.getBoundingClientRect().height;
    let scrolls = false;
    for (let e = pre; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (['auto', 'scroll'].includes(s.overflowY) && e.clientHeight <= tallPx) scrolls = true;
    }
    if (height > tallPx && !scrolls)
      problems.push(`output ${Math.round(height)} px tall and not scrollable: ${pre.textContent.slice(0, 60)}`);
  }
  const links = [...document.querySelectorAll('a[href]')].map(a => a.href);
  return {problems, links, nMath: math.length, nImages: document.images.length};
}"""


def check_links(links: list[str], base_url: str) -> list[str]:
    """Internal links (same origin) must name an existing file, and an existing id."""
    problems = []
    for href in set(links):
        if not href.startswith(base_url):
            continue
        parts = urlsplit(href)
        rel = unquote(parts.path)[len(urlsplit(base_url).path):]
        target = SITE / rel
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            problems.append(f"broken link: {href} (no file {rel})")
        elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_in(target):
            problems.append(f"broken link: {href} (no id '{parts.fragment}' in {rel})")
    return problems


@pytest.mark.parametrize("path", site_pages() or ["index.html"])
def test_page(visit, base_url, path):
    v = visit(path)
    found = v.page.evaluate(PAGE_CHECKS, TALL_OUTPUT_PX)
    problems = v.problems + found["problems"] + check_links(found["links"], base_url)
    if "chapters/" in path and '<span class="k">assert</span>' in (SITE / path).read_text():
        problems.append("a visible code cell asserts: check cells must be tagged remove-cell")
    if path in REDIRECTS or path in SHOT_CHAPTERS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = ("home" if path in REDIRECTS else Path(path).stem) + ".png"
        name = ("zh_" if path.startswith("zh/") else "") + name
        v.page.screenshot(path=str(SHOTS / name))
    problems += shoot_figures(v.page, path)
    assert not problems, report(path, problems)


def shoot_figures(page, path: str) -> list[str]:
    """Screenshot each figure of ``FIGURE_SHOTS[path]``; a figure not found is a problem."""
    problems = []
    for shot, alt in FIGURE_SHOTS.get(path, {}).items():
        images = page.locator(f'img[alt^="{alt}"]')
        if images.count() != 1:
            problems.append(f"{images.count()} images (expected 1) with alt text starting {alt!r}")
            continue
        (SHOTS / "figures").mkdir(parents=True, exist_ok=True)
        images.screenshot(path=str(SHOTS / "figures" / f"{shot}.png"))
    return problems


def test_figure_shots_name_built_pages():
    unknown = sorted(set(FIGURE_SHOTS) - set(site_pages()))
    assert not unknown, f"FIGURE_SHOTS names pages the site does not have: {unknown}"


@pytest.mark.parametrize("edition", EDITIONS.values())
def test_every_toc_page_was_built(edition):
    missing = [p for p in toc_pages(edition) if not (SITE / p).exists()]
    assert not missing, f"pages of _toc.yml missing from {SITE}: {missing}"
    assert edition + "intro.html" in toc_pages(edition) and len(site_pages()) >= 2 * len(toc_pages())


def language_switch(path: str) -> str | None:
    """Where the language button in a built page's header leads, as a site path."""
    found = re.search(r'class="[^"]*\blanguage-switch\b[^"]*" href="([^"]+)"', (SITE / path).read_text())
    return found and str(Path(urljoin("/" + path, found[1])).relative_to("/"))


@pytest.mark.parametrize("edition", EDITIONS.values())
def test_every_page_links_to_the_same_page_in_the_other_edition(edition):
    other = "zh/" if edition == "" else ""
    wrong = [f"{p}: {language_switch(p)}" for p in toc_pages(edition) + [edition + "search.html"]
             if language_switch(p) != other + p[len(edition):]]
    assert not wrong, f"pages whose language link does not lead to the same page in the other edition: {wrong}"


@pytest.mark.parametrize("edition", EDITIONS.values())
def test_sidebar_reaches_every_page(visit, base_url, edition):
    v = visit(edition + "index.html")   # what a reader opens first; it forwards to intro.html
    hrefs = v.page.eval_on_selector_all("nav.bd-docs-nav a", "as => as.map(a => a.href)")
    linked = {urlsplit(h).path.lstrip("/") for h in hrefs}
    missing = [p for p in toc_pages(edition)[1:] if p not in linked]
    assert not missing, f"index.html: the navigation sidebar has no link to {missing}"
    titles = v.page.eval_on_selector_all(
        "nav.bd-docs-nav a", "as => as.map(a => [a.href, a.textContent.trim()])")
    unnumbered = [f"{text!r} ({href})" for href, text in titles
                  if (m := re.search(r"chapters/(\d\d)([a-f]?)_", href))
                  and not text.startswith(f"{int(m[1])}." + (str(ord(m[2]) - 96) if m[2] else ""))]
    assert not unnumbered, f"sidebar titles without their section number: {unnumbered}"
    assert not v.problems, report(edition + "index.html", v.problems)


@pytest.mark.parametrize("edition", EDITIONS.values())
def test_next_buttons_walk_the_book_in_order(visit, base_url, edition):
    v = visit(edition + "intro.html")
    walked = [edition + "intro.html"]
    for _ in range(len(toc_pages()) + 5):
        nxt = v.page.query_selector("a.right-next")
        if nxt is None:
            break
        nxt.click()
        v.page.wait_for_load_state("load")
        walked.append(urlsplit(v.page.url).path.lstrip("/"))
    expected = toc_pages(edition)
    at = next((i for i, (a, b) in enumerate(zip(walked, expected)) if a != b),
              min(len(walked), len(expected)))
    assert walked == expected, (
        f"following 'next' from {edition}intro.html: step {at} reaches "
        f"{walked[at] if at < len(walked) else '(no next button)'} after {walked[at - 1]}, "
        f"but _toc.yml lists {expected[at] if at < len(expected) else '(the end)'} there")


# The Chinese search index splits Chinese text into words with jieba (Sphinx's zh search).
@pytest.mark.parametrize("path", ["search.html?q=vanishing", "zh/search.html?q=梯度消失"])
def test_search_finds_a_word(visit, path):
    v = visit(path)
    v.page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    hits = v.page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
    assert any("09_exploding_vanishing" in h for h in hits), f"{path}: {hits}"
    assert not v.problems, report(path, v.problems)


def notebook_pages() -> list[str]:
    return [p for p in toc_pages() if (ROOT / p.replace(".html", ".ipynb")).exists()]


@pytest.mark.parametrize("path", notebook_pages())
def test_notebook_page_offers_download_and_launch(path):
    html = (SITE / path).read_text()
    source = path.replace(".html", ".ipynb")
    assert f'_sources/{source}"' in html or f'_sources/{Path(source).name}"' in html, (
        f"{path}: no download link to its .ipynb")
    assert (SITE / "_sources" / source).exists(), f"{path}: _sources/{source} was not copied"
    for launcher in ("https://colab.research.google.com/github/", "https://mybinder.org/v2/gh/"):
        assert launcher in html and source in html, f"{path}: no {launcher} launch link"


@pytest.mark.parametrize("path", [p for p in notebook_pages() if p.startswith("exercises/")])
def test_exercise_page_has_prompts_and_no_solutions(path):
    html = (SITE / path).read_text()
    for leak in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN TESTS", "# SOLUTION", "otter_assign"):
        assert leak not in html, f"{path}: contains '{leak}' (a solution or hidden test)"
    assert "NotImplementedError" in html and "grader.check" in html, (
        f"{path}: the stubs or the grader.check cells are missing")
    assert not (SITE / "exercises" / "masters").exists(), "the masters (with solutions) were built"


def repository_url() -> str:
    return yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]


@pytest.mark.parametrize("path", [p for p in notebook_pages() if p.startswith("chapters/")])
def test_notebook_says_how_to_install_the_course_when_launched_on_colab(path):
    """Colab opens only the notebook: a note (hidden on the site) gives the install command."""
    import nbformat
    nb = nbformat.read(ROOT / path.replace(".html", ".ipynb"), as_version=4)
    notes = [c for c in nb.cells if c.cell_type == "markdown" and "%pip install" in c.source]
    assert len(notes) == 1 and f"git+{repository_url()}" in notes[0].source, (
        f"{path}: no note with `%pip install ... git+{repository_url()}` for Colab")
    assert "remove-cell" in notes[0].metadata.get("tags", []), f"{path}: the note shows on the site"
    assert nb.cells.index(notes[0]) < next(i for i, c in enumerate(nb.cells) if c.cell_type == "code"), (
        f"{path}: the install note comes after the first code cell")
    extras = set(re.search(r"rnnlib\[([a-z,]+)\]", notes[0].source)[1].split(","))
    declared = set(re.findall(r"^(\w+) = \[", (ROOT / "pyproject.toml").read_text(), re.M))
    assert extras <= declared, f"{path}: installs extras {extras - declared} that pyproject.toml lacks"


# Chinese drawn with real glyphs, not the missing-glyph box (tofu) of a machine without a
# Chinese font: the page's first run of Chinese characters, in the font of the element
# that holds it, is drawn on a canvas next to as many private-use characters (U+E000,
# which no font here draws: always the box). Real glyphs differ from the boxes, and from
# one another; boxes are all alike.
CHINESE_PAGES = {"chapters/01_introduction.html": "chinese_01_introduction",
                 "glossary.html": "chinese_glossary",
                 "zh/chapters/09_exploding_vanishing.html": "chinese_zh_09_exploding_vanishing",
                 "zh/glossary.html": "chinese_zh_glossary"}
GLYPH_CHECK = r"""() => {
  const cjk = /[\u4e00-\u9fff]+/;
  const article = document.querySelector('article') || document.body;
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT,
      {acceptNode: n => cjk.test(n.data) && n.parentElement.getClientRects().length
                        ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP});
  const node = walker.nextNode();
  if (!node) return {error: 'no Chinese text on the page'};
  const text = node.data.match(cjk)[0].slice(0, 8);
  const style = getComputedStyle(node.parentElement);
  const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const draw = (s) => {
    const canvas = document.createElement('canvas');
    canvas.width = 600; canvas.height = 80;
    const ctx = canvas.getContext('2d');
    ctx.font = font; ctx.textBaseline = 'top'; ctx.fillStyle = 'black';
    ctx.fillText(s, 2, 10);
    return {width: ctx.measureText(s).width, pixels: canvas.toDataURL()};
  };
  const real = draw(text), box = draw('\uE000'.repeat(text.length));
  const glyphs = new Set([...new Set(text)].map(c => draw(c).pixels));
  node.parentElement.setAttribute('data-glyph-check', '');
  return {text, font, widthText: real.width, widthBox: box.width,
          sameAsBoxes: real.pixels === box.pixels,
          distinctChars: new Set(text).size, distinctGlyphs: glyphs.size};
}"""


@pytest.mark.parametrize("path", sorted(CHINESE_PAGES))
def test_chinese_is_drawn_with_real_glyphs(visit, path):
    v = visit(path)
    v.page.evaluate("document.fonts.ready")
    found = v.page.evaluate(GLYPH_CHECK)
    assert "error" not in found, f"{path}: {found.get('error')}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    v.page.locator("[data-glyph-check]").first.screenshot(path=str(SHOTS / f"{CHINESE_PAGES[path]}.png"))
    tofu = found["sameAsBoxes"] or (found["distinctChars"] > 1 and found["distinctGlyphs"] == 1)
    assert not tofu, (
        f"{path}: {found['text']!r} is drawn as missing-glyph boxes in {found['font']} "
        f"({found['widthText']:.1f} px wide, {found['distinctGlyphs']} different glyph(s) for "
        f"{found['distinctChars']} different characters; boxes: {found['widthBox']:.1f} px): "
        "install a Chinese font, e.g. `sudo apt-get install fonts-wqy-microhei`")
