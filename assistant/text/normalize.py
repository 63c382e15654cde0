"""Folding and normalisation: how texts are compared, without changing what users see."""

from __future__ import annotations

import re
import unicodedata

_CIRCLED = ("\u2460", "\u2473")  # ①…⑳ are list markers, not digits: folding keeps them


def fold(text: str) -> str:
    """NFKC per character where that keeps one character (full-width → half-width, ：→:, （→(),
    so positions in the folded string equal positions in `text`. Circled numbers (①) stay."""
    out = []
    for ch in text:
        f = unicodedata.normalize("NFKC", ch) if not _CIRCLED[0] <= ch <= _CIRCLED[1] else ch
        out.append(f if len(f) == 1 else ch)
    return "".join(out)


def normalize_for_match(text: str) -> str:
    """Full NFKC with all whitespace removed: how quotes and answers are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def for_terms(text: str) -> str:
    """Folded, lower-cased, and without the spaces typeset between Chinese characters ("组　长：韩　正"):
    the text that a question's terms are looked for in."""
    return _CJK_GAP.sub("", fold(text).lower())
