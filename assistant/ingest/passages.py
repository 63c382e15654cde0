"""Passages: the units that are embedded and BM25-indexed.

A clause becomes one passage unless it is longer than `max_chars`; then it is cut at sentence
boundaries into passages that keep the clause id and heading path, so retrieval can always
come back to the whole clause. Each passage is indexed with its document title, clause label
and heading path, which is how "蓝天保卫战的牵头单位" finds clause 二（八） even though the body
of that clause never repeats the plan's name.
"""

from __future__ import annotations

from ..records import Clause, Passage
from ..text.sentences import pieces as sentence_pieces


def split_text(text: str, max_chars: int) -> list[str]:
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    cur = ""
    for sent in sentence_pieces(text):
        while len(sent) > max_chars:  # a single enormous sentence: cut it at commas, then hard
            cut = max(sent.rfind("，", 0, max_chars), sent.rfind(",", 0, max_chars))
            cut = cut + 1 if cut > max_chars // 3 else max_chars
            if cur:
                pieces.append(cur)
                cur = ""
            pieces.append(sent[:cut])
            sent = sent[cut:]
        if cur and len(cur) + len(sent) > max_chars:
            pieces.append(cur)
            cur = ""
        cur += sent
    if cur.strip():
        pieces.append(cur)
    return [p.strip() for p in pieces if p.strip()]


def context_line(clause: Clause, title: str | None) -> str:
    parts = [title or ""]
    if clause.kind == "preamble":
        parts.append("前言")
    elif clause.kind == "closing":
        parts.append("落款 附件")
    else:
        parts.append(clause.label)
        parts.append(" > ".join(clause.heading_path))
    return " ".join(p for p in parts if p)


def make_passages(clauses: list[Clause], title: str | None, max_chars: int) -> list[Passage]:
    passages: list[Passage] = []
    for clause in clauses:
        context = context_line(clause, title)
        for n, piece in enumerate(split_text(clause.text, max_chars)):
            passages.append(
                Passage(
                    id=f"{clause.id}/{n}",
                    clause_id=clause.id,
                    doc_slug=clause.doc_slug,
                    ordinal=n,
                    text=piece,
                    search_text=f"{context}\n{piece}",
                )
            )
    return passages
