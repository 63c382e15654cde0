"""Lexical tokenisation for BM25: jieba with a user dictionary built from the corpus, so unit
names (市蓝天办), plan names (蓝天保卫战) and policy terms (高新技术企业) stay whole tokens.

Index and queries must tokenise alike, so the dictionary is saved beside the index
(`userdict.txt`) and loaded from there at query time.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from ..records import Document
from ..text.normalize import fold

_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff]")
STOPWORDS = frozenset(
    "的 了 和 与 及 等 在 对 为 是 由 把 被 将 从 向 以 之 其 或 并 也 都 而 则 就 要 吗 呢 啊 吧 么 呀 哪 "
    "哪个 哪些 什么 怎么 怎样 如何 多少 几 谁 请问 请 一下 我们 我 你 他 它 这 那 这个 那个 有 没有 能 可以 会 "
    "是否 还 又 再 给 让 关于 "
    "the a an of to in for and or is are was what which who how many much does do".split()
)
# Quoted names in the text: “蓝天保卫战”, “三倍增”, 《…》 short titles.
_QUOTED = re.compile(r"[“\"]([^”\"]{2,12})[”\"]")
_USER_FREQ = 50000  # high enough that jieba keeps the word whole


def builtin_terms() -> list[str]:
    text = resources.files("assistant").joinpath("resources/policy_terms.txt").read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def corpus_terms(documents: Iterable[Document]) -> list[str]:
    """Words worth keeping whole, taken from the documents themselves."""
    terms: set[str] = set()
    for doc in documents:
        for clause in doc.clauses:
            for unit in clause.fields.lead_units + clause.fields.responsible_units:
                unit = re.sub(r"[〔(（\[].*?[〕)）\]]", "", unit).strip()
                if 2 <= len(unit) <= 16:
                    terms.add(unit)
            if clause.heading and len(clause.heading) <= 12 and not re.search(r"[,，。、\s]", clause.heading):
                terms.add(clause.heading)
            for m in _QUOTED.finditer(clause.text):
                if not re.search(r"[,，。、\s]", m.group(1)):
                    terms.add(m.group(1))
    return sorted(terms)


def write_userdict(path: Path, words: Iterable[str]) -> None:
    lines = sorted({w.replace(" ", "") for w in words if w.strip()})
    path.write_text("".join(f"{w} {_USER_FREQ}\n" for w in lines), encoding="utf-8")


_base_lock = threading.Lock()
_base_tokenizer = None


def _new_jieba():
    """A jieba tokenizer with the general dictionary loaded. Building that dictionary takes about
    a second, so it is built once per process and each tokenizer gets its own copy of the word
    table (user words must not leak between indexes)."""
    global _base_tokenizer
    import jieba

    with _base_lock:
        if _base_tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            _base_tokenizer = jieba.Tokenizer()
            _base_tokenizer.initialize()
    tk = jieba.Tokenizer()
    tk.FREQ = dict(_base_tokenizer.FREQ)
    tk.total = _base_tokenizer.total
    tk.initialized = True
    return tk


class LexicalTokenizer:
    def __init__(self, userdict: Path | None = None, extra_words: Iterable[str] = ()):
        self._jieba = _new_jieba()
        words = builtin_terms() + list(extra_words)
        if userdict and userdict.exists():
            words += [ln.split(" ")[0] for ln in userdict.read_text(encoding="utf-8").splitlines() if ln.strip()]
        for w in words:
            self._jieba.add_word(w, _USER_FREQ)
            # jieba lower-cases nothing; fold so full-width forms in the text still match.
            if fold(w) != w:
                self._jieba.add_word(fold(w), _USER_FREQ)

    def weight(self, word: str) -> float:
        """How much a word says about a question's topic: its rarity in general Chinese (jieba's
        dictionary counts, not the corpus, so words the corpus lacks still weigh in — that is what
        makes an out-of-scope question look out of scope). "东西" ≈ 2, "扰民" ≈ 7.7, unknown ≈ 12."""
        base = _base_tokenizer
        freq = base.FREQ.get(word, 0) if base is not None else 0
        return max(0.5, math.log(base.total / (freq + 1)) - 6.0) if base is not None else 1.0

    def words(self, text: str) -> list[str]:
        """Precise-mode words (no sub-words), folded and lower-cased, without punctuation."""
        return [t for t in (w.strip() for w in self._jieba.cut(fold(text).lower())) if t and _TOKEN_OK.search(t)]

    def tokenize(self, text: str) -> list[str]:
        """Search-mode tokens (whole words plus their dictionary sub-words), folded and
        lower-cased, without punctuation or stopwords."""
        out = []
        for tok in self._jieba.cut_for_search(fold(text).lower()):
            tok = tok.strip()
            if tok and _TOKEN_OK.search(tok) and tok not in STOPWORDS:
                out.append(tok)
        return out
