"""Sphinx fixes for the course site, loaded through ``local_extensions`` in _config.yml.

With jupyter-book 1 on Sphinx 7.4, the inline configuration scripts of sphinx-thebe and
sphinx-togglebutton are written twice into every page, and the second
``const THEBE_JS_URL = ...`` is a JavaScript error in the reader's console
(tests/browser/test_site.py caught it): they are registered once with ``filename=None``
and once with ``filename=''``, so Sphinx's own de-duplication misses them. This drops
repeated script entries, keeping the first of each.
"""


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    seen, kept = set(), []
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {})
        key = (getattr(script, "filename", str(script)) or "", repr(sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept


def setup(app):
    app.connect("html-page-context", _dedupe_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
