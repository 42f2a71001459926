"""A link on every page of the site to the same page in the other language.

Loaded through ``local_extensions`` in _config.yml. The English book sets::

    course_other_language: {href_root: "zh/", label: "中文", hreflang: "zh-CN"}

and the Chinese one (written by tools/i18n.py, built into ``_build/html/zh``) sets
``href_root: "../"``, so that page ``chapters/05_activation_functions`` of either edition
links to the same page of the other. The link is written at the top of the page's body
(class ``language-switch``) and as ``<link rel="alternate" hreflang=...>`` in its head.
The single-page build (the PDF) gets neither.
"""
from html import escape


def other_language_href(pagename: str, href_root: str) -> str:
    """The relative address of ``pagename`` in the other edition, from this page.

    >>> other_language_href("chapters/05_activation_functions", "zh/")
    '../zh/chapters/05_activation_functions.html'
    >>> other_language_href("intro", "../")
    '../intro.html'
    """
    up = "../" * pagename.count("/")
    return f"{up}{href_root}{pagename}.html"


def _add_link(app, pagename, templatename, context, doctree):
    other = app.config.course_other_language
    if not other or app.builder.name != "html" or "body" not in context:
        return
    href = escape(other_language_href(pagename, other["href_root"]))
    lang = escape(other["hreflang"])
    context["body"] = (f'<p class="language-switch pdf-hide"><a href="{href}" hreflang="{lang}" '
                       f'lang="{lang}">{escape(other["label"])}</a></p>\n' + context["body"])
    context["metatags"] = (context.get("metatags", "")
                           + f'\n<link rel="alternate" hreflang="{lang}" href="{href}" />')


def setup(app):
    app.add_config_value("course_other_language", {}, "html")
    app.connect("html-page-context", _add_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
