"""Print the whole book to one PDF with Debian's Chromium: no TeX needed.

    python tools/pdf.py SINGLEHTML_DIR OUT.pdf

``make pdf`` first builds jupyter-book's single-page HTML (every page of ``_toc.yml`` in
one file, into its own folder so the site in ``_build/html`` is left alone), then runs
this script, which:

1. serves that folder on 127.0.0.1 and opens it in headless Chromium through Playwright
   (the Chromium given by $CHROMIUM or found on PATH; Playwright's own browser is never
   downloaded), blocking any request to another host, as the site check does;
2. waits until every image has loaded and MathJax has typeset every formula, and stops
   with an error if one has not (a PDF with raw ``$$`` in it is worse than none);
3. lays the page out as a book: a title page, a table of contents, a heading for each
   part of ``_toc.yml``, each chapter on a new page, code wrapped instead of cut off;
4. prints it twice: the first print, read back with poppler's ``pdftotext``, tells on
   which page each chapter starts; the second writes those page numbers into the table
   of contents (without ``pdftotext`` the contents keep their links but no numbers).

The page number and the book's title are printed in each page's footer and header.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = [  # no background connections: the book is printed offline
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
MARK = "PDFMARK{:03d}"      # invisible in the first print, found there by pdftotext

# Print layout. The theme's print style hides the navigation bars but prints a title and a
# contents list of its own (without page numbers) and hides each page's first h1: undone here.
BOOK_CSS = r"""
#jb-print-docs-body { display: none !important; }
.bd-main .bd-content .bd-article h1:first-of-type { display: block !important; }
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
html, body { background: white !important; }
*, *::before, *::after { box-shadow: none !important; text-shadow: none !important; }  /* else printed as images */
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .bd-footer-article,
.prev-next-area, .header-article, .headerlink, .pdf-hide, #pst-back-to-top,
.bd-header-announcement, .skip-link { display: none !important; }
pre, .highlight pre, .output pre { white-space: pre-wrap !important; overflow-wrap: anywhere;
  overflow: visible !important; max-height: none !important; }
div.cell_output, .output_area { max-height: none !important; overflow: visible !important; }
img { max-width: 100% !important; break-inside: avoid; }
figure, table, .cell, mjx-container[display="true"] { break-inside: avoid; }
h1, h2, h3, h4, h5, h6 { break-after: avoid; }
.pdf-cover { break-after: page; text-align: center; padding-top: 70mm; }
.pdf-cover h1 { font-size: 2.4em; margin-bottom: 1em; }
.pdf-cover p { font-size: 1.2em; }
.pdf-contents { break-after: page; }
.pdf-contents h2 { font-size: 1.6em; }
.pdf-contents ol { list-style: none !important; padding-left: 0; margin: 0.2em 0 0.8em 0; }
.pdf-contents ol ol { padding-left: 1.5em; margin: 0; }
.pdf-contents li.pdf-part { font-weight: bold; margin-top: 0.6em; }
.pdf-contents a { display: flex; color: inherit !important; text-decoration: none; }
.pdf-contents a .title { flex: 1; }
.pdf-contents a .page { padding-left: 1em; font-variant-numeric: tabular-nums; }
.pdf-part-heading { break-before: page; font-size: 2em; margin-bottom: 1em; }
.pdf-chapter { break-before: page; }
.pdf-part-heading + .pdf-chapter { break-before: avoid; }
.pdf-chapter > section > :is(h1, h2, h3, h4, h5, h6):first-child { font-size: 2em; }
.pdf-mark { position: absolute; font-size: 4px; color: white; }
"""

HEADER = ('<div style="font-size:8px;width:100%;padding:0 16mm;color:#666;'
          'font-family:sans-serif;text-align:right">{title}</div>')
FOOTER = ('<div style="font-size:9px;width:100%;text-align:center;color:#444;'
          'font-family:sans-serif">{page}</div>')
# The words the PDF adds itself, in the book's language (_config.yml's sphinx language).
WORDS = {
    "en": {"contents": "Contents", "made": "Printed {date} from the course's web pages.",
           "page": 'Page <span class="pageNumber"></span> of <span class="totalPages"></span>'},
    "zh_CN": {"contents": "目录", "made": "{date} 由本课程的网页打印。",
              "page": '第 <span class="pageNumber"></span> 页，共 <span class="totalPages"></span> 页'},
}

# Wait for images and MathJax; report what did not load or typeset.
WAIT_JS = r"""async () => {
  for (const img of document.images) img.loading = 'eager';
  await Promise.all([...document.images].map(img => img.complete ? null :
      new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); })));
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await document.fonts.ready;
  const problems = [];
  for (const img of document.images)
    if (img.naturalWidth === 0) problems.push(`image did not load: ${img.getAttribute('src')}`);
  for (const m of document.querySelectorAll('.math')) {
    if (!m.querySelector('mjx-container')) problems.push(`math not typeset: ${m.textContent.slice(0, 60)}`);
    if (m.querySelector('mjx-merror')) problems.push(`MathJax error in: ${m.textContent.slice(0, 60)}`);
  }
  return {problems, nImages: document.images.length, nMath: document.querySelectorAll('.math').length};
}"""

# Title page, contents, part headings and chapter page breaks. `book` comes from _toc.yml.
LAYOUT_JS = r"""(book) => {
  const article = document.querySelector('article.bd-article') || document.querySelector('article') || document.body;
  const chapters = [];
  let n = 0;
  const tocList = document.createElement('ol');
  const following = (node) => [...article.querySelectorAll('h1, h2, h3, h4, h5, h6')].find(
      h => node.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING);
  const add = (list, doc) => {
    const anchor = doc.file === book.root ? null : document.getElementById('document-' + doc.file);
    const heading = anchor ? following(anchor) : article.querySelector('h1');
    if (!heading) throw new Error('no heading in the single page for ' + doc.file);
    const title = heading.textContent.replace(/#$/, '').trim();
    const id = 'pdf-chapter-' + n;
    const mark = document.createElement('span');
    mark.className = 'pdf-mark'; mark.id = id; mark.textContent = book.mark[n];
    heading.prepend(mark);
    if (anchor) anchor.nextElementSibling.classList.add('pdf-chapter');
    const li = document.createElement('li');
    li.innerHTML = `<a href="#${id}"><span class="title"></span><span class="page">${book.pages[n] || ''}</span></a>`;
    li.querySelector('.title').textContent = title;
    list.append(li);
    chapters.push({file: doc.file, title});
    n += 1;
    if (doc.sections.length) {
      const sub = document.createElement('ol');
      li.append(sub);
      doc.sections.forEach(s => add(sub, s));
    }
  };
  add(tocList, {file: book.root, sections: []});
  for (const part of book.parts) {
    const li = document.createElement('li');
    li.className = 'pdf-part'; li.textContent = part.caption;
    tocList.append(li);
    const first = n;
    part.chapters.forEach(c => add(tocList, c));
    if (chapters[first].title !== part.caption) {
      const h = document.createElement('h2');
      h.className = 'pdf-part-heading'; h.textContent = part.caption;
      document.getElementById('document-' + part.chapters[0].file).after(h);
    }
  }
  for (const a of document.querySelectorAll('.pdf-hide')) a.remove();
  const cover = document.createElement('div');
  cover.className = 'pdf-cover';
  cover.innerHTML = '<h1></h1><p></p><p></p>';
  cover.querySelector('h1').textContent = book.title;
  cover.querySelectorAll('p')[0].textContent = book.author;
  cover.querySelectorAll('p')[1].textContent = book.made;
  const contents = document.createElement('nav');
  contents.className = 'pdf-contents';
  contents.innerHTML = '<h2></h2>';
  contents.querySelector('h2').textContent = book.words.contents;
  contents.append(tocList);
  article.prepend(cover, contents);
  return chapters;
}"""

UNMARK_JS = "() => document.querySelectorAll('.pdf-mark').forEach(m => { m.textContent = ''; })"


def find_chromium() -> str | None:
    """The Chromium executable: $CHROMIUM, else chromium / chromium-browser on PATH."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def book_outline(book_dir: Path = ROOT) -> dict:
    """``_toc.yml`` as nested dicts: root, and parts of chapters with their sections;
    with the title, the author and the words of the book's language."""
    toc = yaml.safe_load((book_dir / "_toc.yml").read_text())
    config = yaml.safe_load((book_dir / "_config.yml").read_text())
    language = config.get("sphinx", {}).get("config", {}).get("language", "en")

    def entry(e):
        return {"file": e["file"], "sections": [entry(s) for s in e.get("sections", [])]}

    return {"root": toc["root"], "title": config["title"], "author": config["author"],
            "words": WORDS[language],
            "parts": [{"caption": p["caption"], "chapters": [entry(c) for c in p["chapters"]]}
                      for p in toc["parts"]]}


def start_pages(pdf: Path, n: int) -> list[int]:
    """The page on which each chapter's marker appears in ``pdf`` (read with pdftotext)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = text.split("\f")
    found = [None] * n
    for number, page in enumerate(pages, start=1):
        for k in map(int, re.findall(MARK.replace("{:03d}", r"(\d{3})"), page)):
            if k < n and found[k] is None:
                found[k] = number
    missing = [k for k, p in enumerate(found) if p is None]
    if missing:
        raise SystemExit(f"tools/pdf.py: chapter markers {missing} not found in the first print")
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def print_book(page, book: dict, out: Path, pages: list, marks: bool) -> list[dict]:
    """Lay the single page out with ``pages`` in the contents and print it to ``out``."""
    page.add_style_tag(content=BOOK_CSS)
    chapters = page.evaluate(LAYOUT_JS, {**book, "pages": pages})
    if not marks:
        page.evaluate(UNMARK_JS)
    page.pdf(path=str(out), format="A4", print_background=True, display_header_footer=True,
             header_template=HEADER.format(title=book["title"]),
             footer_template=FOOTER.format(page=book["words"]["page"]),
             margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
             outline=True, tagged=True)
    return chapters


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("singlehtml", type=Path, help="jupyter-book's singlehtml output folder")
    parser.add_argument("out", type=Path, help="the PDF to write")
    parser.add_argument("--book", type=Path, default=ROOT,
                        help="the book's folder, with its _toc.yml and _config.yml (default: the course)")
    args = parser.parse_args(argv)
    if not (args.singlehtml / "intro.html").exists():
        raise SystemExit(f"tools/pdf.py: no intro.html in {args.singlehtml}: build the single "
                         "page first (jupyter-book build . --builder singlehtml)")
    exe = find_chromium()
    if exe is None:
        raise SystemExit("tools/pdf.py: Chromium not found: install Debian's chromium "
                         "(sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium")
    if shutil.which("fc-list") and not subprocess.run(["fc-list", ":lang=zh"], capture_output=True,
                                                     text=True).stdout.strip():
        print("tools/pdf.py: no Chinese font found: the Chinese text will print as empty boxes. "
              "Install one with: sudo apt-get install fonts-wqy-microhei")
    from playwright.sync_api import sync_playwright

    book = book_outline(args.book)
    book["made"] = book["words"]["made"].format(date=time.strftime("%Y-%m-%d"))
    n = sum(1 for _ in _walk(book))
    book["mark"] = [MARK.format(k) for k in range(n)]
    server, base = serve(args.singlehtml)
    elsewhere = []
    started = time.perf_counter()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_FLAGS)
            context = browser.new_context(color_scheme="light")

            def only_localhost(route):
                url = route.request.url
                if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in ("127.0.0.1", "localhost"):
                    return route.continue_()
                elsewhere.append(url)
                return route.abort()

            context.route("**/*", only_localhost)
            page = context.new_page()
            page.emulate_media(media="print", color_scheme="light")
            page.goto(base + "intro.html", wait_until="load", timeout=120_000)
            found = page.evaluate(WAIT_JS)
            problems = found["problems"] + [f"loads from another host: {u}" for u in elsewhere]
            if problems:
                raise SystemExit("tools/pdf.py: the single page is not ready to print:\n  "
                                 + "\n  ".join(problems))
            args.out.parent.mkdir(parents=True, exist_ok=True)
            pages = None
            if shutil.which("pdftotext"):
                with tempfile.TemporaryDirectory() as tmp:   # numbers as wide as the real ones
                    print_book(page, book, Path(tmp) / "first.pdf", ["000"] * n, marks=True)
                    pages = start_pages(Path(tmp) / "first.pdf", n)
                page.reload(wait_until="load", timeout=120_000)
                page.evaluate(WAIT_JS)
            else:
                print("tools/pdf.py: pdftotext (poppler-utils) not found: the contents get no "
                      "page numbers. Install it with: sudo apt-get install poppler-utils")
            print_book(page, book, args.out, pages or [""] * n, marks=False)
            browser.close()
    finally:
        server.shutdown()
    print(f"tools/pdf.py: {args.out} written ({found['nImages']} images, {found['nMath']} formulas, "
          f"{n} pages of the book) in {time.perf_counter() - started:.0f} s")
    return 0


def _walk(book: dict):
    yield book["root"]

    def walk(entries):
        for e in entries:
            yield e["file"]
            yield from walk(e["sections"])

    for part in book["parts"]:
        yield from walk(part["chapters"])


if __name__ == "__main__":
    sys.exit(main())
