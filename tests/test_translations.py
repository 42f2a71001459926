"""The Chinese edition stays in step with the English (tools/i18n.py, tools/i18n_terms.py).

- every unit of every page is translated, and translates the English as it is now: a
  translation whose English changed since is stale, and the test lists it;
- a translation keeps what must not change: labels, link targets, maths, code, numbers;
- the glossary's Chinese terms are used, one per concept;
- the Chinese book's sources are the English notebooks with the translations put in:
  code cells and their stored outputs unchanged, so nbval runs once, on English.
"""
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import i18n        # noqa: E402
import i18n_terms  # noqa: E402

PAGES = i18n.all_pages()


def translated_units():
    """(page, key, English, Chinese) of every translated unit."""
    for page in PAGES:
        english = i18n.english_units(page)
        for key, unit in i18n.read_translations(i18n.store_path(page)).items():
            if not unit["todo"] and key in english:
                yield page, key, english[key], unit["text"]


def test_every_unit_is_translated_and_up_to_date():
    lines = i18n.problems(i18n.status())
    assert not lines, (f"{len(lines)} unit(s) of the Chinese edition need work "
                       "(`make translations` lists them; `tools/i18n.py todo PAGE` shows the "
                       "English):\n" + "\n".join(lines))


def test_a_changed_english_cell_makes_its_translation_stale(tmp_path):
    page = "chapters/05_activation_functions.ipynb"
    store = tmp_path / "store"      # every unit "translated" from the English as it is now
    i18n.write_translations(i18n.store_path(page, store), {
        key: {"sha": i18n.sha(text), "todo": False, "text": "译文"}
        for key, text in i18n.english_units(page).items()})
    assert not i18n.problems({page: i18n.page_status(page, ROOT, store)})
    nb = json.loads((ROOT / page).read_text())
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    cell["source"] = "".join(cell["source"]).replace("activation", "activation (changed)", 1)
    (tmp_path / "chapters").mkdir()
    (tmp_path / page).write_text(json.dumps(nb))
    after = i18n.page_status(page, tmp_path, store)
    assert after["stale"] == [cell["id"]]
    assert i18n.problems({page: after}) == [
        f"{page}: {cell['id']}: stale (the English changed since it was translated)"]


def test_a_missing_or_todo_unit_is_reported(tmp_path):
    page = "chapters/05_activation_functions.ipynb"
    units = i18n.read_translations(i18n.store_path(page))
    first, second = list(units)[:2]
    del units[first]
    units[second]["todo"] = True
    store = tmp_path / "store"
    i18n.write_translations(i18n.store_path(page, store), units)
    status = i18n.page_status(page, ROOT, store)
    assert first in status["missing"] and second in status["missing"]


def test_update_keeps_translations_and_shows_the_english_of_now_in_units_to_do(tmp_path):
    page = "chapters/05_activation_functions.ipynb"
    english = i18n.english_units(page)
    first, second, *_ = english
    store = tmp_path / "store"
    i18n.write_translations(i18n.store_path(page, store), {
        first: {"sha": "0" * 12, "todo": False, "text": "旧译文"},           # stale: kept as it is
        second: {"sha": "0" * 12, "todo": True, "text": "old English"}})   # to do: refreshed
    i18n.update([page], ROOT, store)
    units = i18n.read_translations(i18n.store_path(page, store))
    assert list(units) == list(english)
    assert units[first] == {"sha": "0" * 12, "todo": False, "text": "旧译文"}
    assert units[second] == {"sha": i18n.sha(english[second]), "todo": True,
                             "text": english[second].strip("\n")}


def test_markdown_units_give_the_page_back():
    for page in PAGES:
        if page.endswith(".md"):
            text = (ROOT / page).read_text()
            assert "\n".join(i18n.markdown_units(text).values()) == text, page


def test_translation_files_round_trip(tmp_path):
    for page in PAGES:
        units = i18n.read_translations(i18n.store_path(page))
        i18n.write_translations(tmp_path / "x.md", units)
        assert i18n.read_translations(tmp_path / "x.md") == units, page


CJK = re.compile(r"[\u3400-\u9fff]")
LABEL = re.compile(r"^\([\w-]+\)=$", re.M)
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
DIRECTIVE = re.compile(r"^\s*(`{3,}|:{3,})\{([\w-]+)\}", re.M)
NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?!\d|s\b)")   # decades (1970s) may be 20 世纪 70 年代
TEXT_IN_MATHS = re.compile(r"\\text\{[^{}]*\}")
CODE_BLOCK = re.compile(r"^(`{3,})(?!\{)[^\n]*\n.*?^\1[ \t]*$", re.M | re.S)


def kept(text):
    """What a translation keeps from its English: labels, link targets, directives, maths, code."""
    return {"labels": sorted(LABEL.findall(text)),
            "link targets": sorted(LINK_TARGET.findall(text)),
            "directives": sorted(d for _, d in DIRECTIVE.findall(text)),
            "display maths": sorted(re.sub(r"\s+", "", TEXT_IN_MATHS.sub("", m))   # words in maths may
                                    for m in re.findall(r"\$\$.*?\$\$", text, re.S)),   # be translated
            "code blocks": sorted(m.group(0) for m in CODE_BLOCK.finditer(text))}


@pytest.mark.parametrize("page", PAGES)
def test_translations_keep_labels_links_maths_and_code(page):
    wrong = [f"{key}: {what}: English {e[what]} vs Chinese {c[what]}"
             for p, key, en, zh in translated_units() if p == page
             for e, c in [(kept(en), kept(zh))] for what in e if e[what] != c[what]]
    assert not wrong, f"{page}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("page", PAGES)
def test_translations_keep_every_number_and_are_chinese(page):
    wrong = []
    for p, key, en, zh in translated_units():
        if p != page:
            continue
        numbers = set(NUMBER.findall(i18n_terms.prose(en))) - set(NUMBER.findall(zh))
        if numbers:
            wrong.append(f"{key}: numbers of the English missing: {sorted(numbers)}")
        if re.search(r"[A-Za-z]{3}", i18n_terms.prose(en)) and not CJK.search(zh):
            wrong.append(f"{key}: no Chinese in the translation")
    assert not wrong, f"{page}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("page", PAGES)
def test_glossary_terms_are_used_consistently(page):
    lines = i18n_terms.page_problems(page)
    assert not lines, "\n".join(lines)


def test_the_term_check_can_fail():
    terms = i18n.glossary_terms()
    assert i18n_terms.unit_problems("The hidden state.", "隐藏状态。", terms) == []
    assert i18n_terms.unit_problems("The hidden state.", "隐状态。", terms) == [
        "the English says 'hidden state'; the Chinese should say '隐藏状态'",
        "'隐状态' is not the glossary's term: write '隐藏状态'"]
    # code and maths are not prose: `hidden_state` and $h$ name nothing
    assert i18n_terms.unit_problems("`gradient clipping` and $h$", "代码", terms) == []


def test_glossary_has_one_chinese_term_per_concept():
    terms = i18n.glossary_terms()
    chinese = [z for _, z in terms]
    assert len(terms) >= 100 and len(set(chinese)) == len(chinese)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("zh") / "src"
    i18n.build(out)
    return out


def test_build_keeps_code_and_outputs_and_puts_the_translations_in(built):
    for page in i18n.toc_pages():
        if not page.endswith(".ipynb"):
            continue
        english = json.loads((ROOT / page).read_text())["cells"]
        chinese = json.loads((built / page).read_text())["cells"]
        done = i18n.read_translations(i18n.store_path(page))
        assert [c["id"] for c in english] == [c["id"] for c in chinese], page
        for en, zh in zip(english, chinese):
            if en["cell_type"] == "code":
                assert (zh["source"], zh["outputs"]) == (en["source"], en["outputs"]), (page, en["id"])
            elif en["id"] in done and not done[en["id"]]["todo"]:
                assert zh["source"] == done[en["id"]]["text"], (page, en["id"])


def test_build_writes_a_chinese_config_and_toc(built):
    import yaml
    config = yaml.safe_load((built / "_config.yml").read_text())
    toc = yaml.safe_load((built / "_toc.yml").read_text())
    assert config["sphinx"]["config"]["language"] == "zh_CN"
    assert config["sphinx"]["config"]["course_other_language"]["href_root"] == "../"
    assert all(CJK.search(part["caption"]) for part in toc["parts"]), toc["parts"]
    assert CJK.search(config["title"]), config["title"]
    for extra in i18n.EXTRA_FILES:
        assert (built / extra).exists(), extra
