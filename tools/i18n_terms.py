"""One Chinese term per concept across the Chinese edition: the glossary's table, checked.

    python tools/i18n_terms.py [PAGE ...]    list the units that break the rules (exit 1 if any)

The glossary (glossary.md) gives each concept's English term(s) and one Chinese term: the
source article's word where it has one. Two rules, for every translated unit:

1. where the English unit names a concept in full (``vanishing gradient``, ``hidden state``;
   abbreviations such as RNN or BPTT may stay as they are), the Chinese names it with the
   glossary's term, or one of the short forms in ``SHORT_FORMS`` (the term without a
   generic tail such as 函数 or 机制), or, for the names Chinese texts keep in Latin letters
   (``LATIN``), with the English name;
2. the Chinese never uses a known other rendering of a concept (``VARIANTS``).

Code, maths, link targets, role targets and quotations (a paper's title, say) are left
out of the English before matching.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import i18n  # noqa: E402  (tools/i18n.py)

# Chinese term -> shorter forms that name the same concept in running text
SHORT_FORMS = {
    "损失函数": ["损失"], "注意力机制": ["注意力"], "词嵌入": ["嵌入"],
    "长短期记忆网络": ["长短期记忆"], "门控循环单元": ["门控循环"], "轮次": ["轮"],
    "Adam 优化器": ["Adam"], "softmax 函数": ["softmax"], "Transformer 模型": ["Transformer"],
    "cuDNN 库": ["cuDNN"], "延迟回忆任务": ["延迟回忆"], "n 元语法模型": ["元语法", "二元语法"],
    "线性自回归模型": ["自回归"], "雅可比矩阵": ["雅可比"], "读出层": ["读出"],
    "编码器-解码器": ["编码器—解码器", "编码器–解码器"], "截断的随时间反向传播": ["截断"],
    "返回完整序列": ["return_sequences"], "查询、键、值": ["查询"],
}
# concepts whose English name Chinese texts also write in Latin letters
LATIN = {"sigmoid", "tanh", "softmax", "relu", "adam", "dropout", "transformer", "cudnn",
         "return_sequences", "perplexity", "jacobian"}
# Chinese term -> other renderings that must not appear (one term per concept)
VARIANTS = {
    "隐藏状态": ["隐状态", "隐含状态", "隐层状态"],
    "梯度消失": ["梯度弥散"],
    "长短期记忆网络": ["长短时记忆"],
    "批量": ["批次"],
    "轮次": ["周期数", "迭代轮数"],
    "细胞状态": ["单元状态", "记忆单元状态"],
    "独热编码": ["one-hot 编码", "独热向量编码"],
    "掩码": ["掩膜", "遮罩"],
    "束搜索": ["集束搜索", "波束搜索"],
    "随机失活": ["丢弃法"],
    "教师强制": ["老师强制"],
    "权重共享": ["参数共享"],
    "留出数据": ["保留数据"],
    "按时间展开": ["时间展开", "沿时间展开"],
}
_STRIP = [re.compile(p, re.S) for p in (
    r"```.*?```", r"`[^`\n]*`", r"\$\$.*?\$\$", r"\$[^$\n]*\$", r"\]\([^)]*\)", r"<[^>\n]*>",
    r'"[^"\n]*"', r"“[^”]*”",      # quoted titles and words are not the text's own terms
    r"\b(?:cuDNN|BLAS|GPU|fused|compute)\s+(?:[\w-]+\s+){0,3}?kernels?\b")]   # a compute kernel, not Keras's


def prose(text: str) -> str:
    """``text`` without code, maths, link targets and role targets."""
    for pattern in _STRIP:
        text = pattern.sub(" ", text)
    return text


def is_abbreviation(term: str) -> bool:
    return re.fullmatch(r"[A-Z0-9-]+", term) is not None


def accepted(english: list[str], chinese: str) -> list[str]:
    """The strings any one of which names the concept in Chinese."""
    forms = [chinese] + SHORT_FORMS.get(chinese, [])
    forms += [e for e in english if e.lower() in LATIN]
    return forms


def names(english_text: str, term: str, longer: list[str] = ()) -> bool:
    """Does the English prose name ``term`` (as a word, any case, plural allowed), other
    than inside one of the ``longer`` terms that contain it ("kernel" in "recurrent kernel")?"""
    text = prose(english_text)
    for other in longer:
        text = re.sub(_word(other), " ", text, flags=re.I)
    return re.search(_word(term), text, re.I) is not None


def _word(term: str) -> str:
    return r"(?<![\w-])" + re.escape(term) + r"(?:s|es)?(?![\w-])"


def unit_problems(english_text: str, chinese_text: str, terms) -> list[str]:
    """What in one translated unit breaks the two rules."""
    found = []
    every = [e for english, _ in terms for e in english]
    for english, chinese in terms:
        full = [e for e in english if not is_abbreviation(e)]
        named = [e for e in full
                 if names(english_text, e, [o for o in every if o != e and _contains(o, e)])]
        forms = accepted(english, chinese)
        if named and not any(f.lower() in chinese_text.lower() for f in forms):
            found.append(f"the English says {named[0]!r}; the Chinese should say {chinese!r}")
        for variant in VARIANTS.get(chinese, []):     # (the term itself may contain one)
            if variant in chinese_text.replace(chinese, ""):
                found.append(f"{variant!r} is not the glossary's term: write {chinese!r}")
    return found


def _contains(longer: str, term: str) -> bool:
    return re.search(_word(term), longer, re.I) is not None


def page_problems(page: str, terms=None) -> list[str]:
    """One line per rule broken in the translated units of ``page``."""
    terms = terms if terms is not None else i18n.glossary_terms()
    english = i18n.english_units(page)
    done = i18n.read_translations(i18n.store_path(page))
    lines = []
    for key, unit in done.items():
        if unit["todo"] or key not in english:
            continue
        for problem in unit_problems(english[key], unit["text"], terms):
            lines.append(f"{page}: {key}: {problem}")
    return lines


def main(argv=None) -> int:
    pages = (argv if argv is not None else sys.argv[1:]) or i18n.all_pages()
    terms = i18n.glossary_terms()
    lines = [line for page in pages for line in page_problems(page, terms)]
    print("\n".join(lines) or "Every translated unit uses the glossary's terms.")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
