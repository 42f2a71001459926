"""A link on every page of the site to the same page in the other language.

Loaded through ``local_extensions`` in _config.yml. The English book sets::

    course_other_language: {href_root: "zh/", label: "中文版", hreflang: "zh-CN"}

and the Chinese one (written by tools/i18n.py, built into ``_build/html/zh``) sets
``href_root: "../"``, so that page ``chapters/05_activation_functions`` of either edition
links to the same page of the other. The link is a button in each page's header, after
the sidebar's toggle (the template ``templates/language-switch.html``; the search page
has it too), and a ``<link rel="alternate" hreflang=...>`` in the page's head. The
single-page build (the PDF) gets neither.
"""
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"


def other_language_href(pagename: str, href_root: str) -> str:
    """The relative address of ``pagename`` in the other edition, from this page.

    >>> other_language_href("chapters/05_activation_functions", "zh/")
    '../zh/chapters/05_activation_functions.html'
    >>> other_language_href("intro", "../")
    '../intro.html'
    """
    up = "../" * pagename.count("/")
    return f"{up}{href_root}{pagename}.html"


def _add_button(app, config):
    """Put the template folder on the path and the button after the sidebar's toggle."""
    config.templates_path.append(str(TEMPLATES))
    options = config.html_theme_options
    options["article_header_start"] = list(
        options.get("article_header_start", ["toggle-primary-sidebar"])) + ["language-switch"]


def _add_link(app, pagename, templatename, context, doctree):
    other = app.config.course_other_language
    if not other or app.builder.name != "html":
        return
    href = other_language_href(pagename, other["href_root"])
    context["language_switch"] = {**other, "href": href}
    context["metatags"] = (context.get("metatags", "")
                           + f'\n<link rel="alternate" hreflang="{other["hreflang"]}" href="{href}" />')


def setup(app):
    app.add_config_value("course_other_language", {}, "html")
    app.connect("config-inited", _add_button)
    app.connect("html-page-context", _add_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
