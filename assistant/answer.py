"""Answer stage (default, no LLM): compose the answer from the structured fields and the
clauses' own sentences. Every factual sentence carries [n] markers that map to clause records;
no unit, number or date is written that is not in a cited clause or its document's metadata.

The `Answer` model is the JSON contract of every interface (CLI --json, HTTP API, bots).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from .index import IndexStore
from .ingest.clean import fold
from .records import Clause, DocumentMeta
from .understand import Question

# ---------------------------------------------------------------- the contract


class Citation(BaseModel):
    n: int
    clause_id: str
    doc_title: str | None
    doc_number: str | None
    path: str = Field(description="clause label and heading path, e.g. 二（八） 主要任务 > “蓝天保卫战”三年行动计划")
    text: str
    score: float


class RetrievedItem(BaseModel):
    clause_id: str
    text: str
    score: float


class Answer(BaseModel):
    answer: str
    refused: bool
    intent: str
    citations: list[Citation] = []
    retrieved: list[RetrievedItem] = []
    timings_ms: dict[str, float] = {}
    lang: str = "zh"
    notice: str | None = None  # e.g. the LLM was unavailable and the extractive answer is shown


# ---------------------------------------------------------------- composing


@dataclass
class Candidate:
    clause: Clause
    score: float
    coverage: float  # share of the question's key terms found in the clause (with its headings)


@dataclass
class Draft:
    lines: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)  # clause ids in citation order
    refused: bool = False

    def cite(self, clause_id: str) -> str:
        if clause_id not in self.cited:
            self.cited.append(clause_id)
        return f"[{self.cited.index(clause_id) + 1}]"

    def add(self, line: str) -> None:
        self.lines.append(line)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


_SENT = re.compile(r"[^。；;!！?？\n]+[。；;!！?？]?")
MONEY = re.compile(r"\d+(?:\.\d+)?\s*(万元|亿元|元|万)|奖补|奖励|补助|补贴|资助")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.findall(text) if len(s.strip()) > 1]


def term_hits(terms: list[str], text: str) -> int:
    f = fold(text).lower()
    return sum(1 for t in terms if fold(t).lower() in f)


def join_units(units: list[str], lang: str) -> str:
    return ", ".join(units) if lang == "en" else "、".join(units)


class Composer:
    """Writes the answer for one question from the chosen clauses."""

    def __init__(self, store: IndexStore, q: Question, terms: list[str]):
        self.store = store
        self.q = q
        self.terms = terms
        self.en = q.lang == "en"
        self.d = Draft()

    # -- shared pieces

    def meta(self, clause: Clause) -> DocumentMeta:
        return self.store.document_meta(clause.doc_slug) or DocumentMeta()

    def source(self, clause: Clause) -> str:
        """《title》（文号）二（八）“heading” — how a civil servant names a clause."""
        m = self.meta(clause)
        title = f"《{m.title}》" if m.title else clause.doc_slug
        number = f"（{m.doc_number}）" if m.doc_number else ""
        where = clause.label if clause.kind not in ("preamble", "closing") else ("preamble" if self.en else "前言部分")
        heading = f" {clause.heading}" if clause.heading and clause.kind not in ("preamble", "closing") else ""
        return f"{title}{number}{where}{heading}"

    def best_sentences(self, clause: Clause, n: int = 2, require=None) -> list[str]:
        sents = [s for s in sentences(clause.text) if require is None or require.search(s)]
        if not sents:
            return []
        scored = sorted(enumerate(sents), key=lambda x: (-term_hits(self.terms, x[1]), x[0]))
        chosen = sorted(scored[:n], key=lambda x: x[0])
        return [s for _, s in chosen if term_hits(self.terms, s) > 0 or require is not None] or [sents[0]]

    def quote(self, clause: Clause, text: str) -> None:
        c = self.d.cite(clause.id)
        if self.en:
            self.d.add(f"Source: {self.source(clause)}: “{text}” {c}")
        else:
            self.d.add(f"依据：{self.source(clause)}：“{text}”{c}")

    # -- intents

    def lead(self, cand: Candidate) -> None:
        c, f = cand.clause, cand.clause.fields
        mark = self.d.cite(c.id)
        if f.lead_units:
            leads = join_units(f.lead_units, self.q.lang)
            if self.en:
                rule = " (the document makes the first-listed responsible unit the lead)" if f.lead_rule == "first-listed" else ""
                self.d.add(f"The lead unit is {leads}{rule} {mark}.")
            else:
                rule = "（该文件规定责任单位中列第一位者为牵头单位）" if f.lead_rule == "first-listed" else ""
                self.d.add(f"牵头单位是{leads}{rule}。{mark}")
            self.quote(c, self.unit_sentence(c))
            others = [u for u in f.responsible_units if u not in f.lead_units]
            if others:
                self.d.add(f"Responsible units: {join_units(others, 'en')} {mark}." if self.en
                           else f"责任单位：{join_units(others, 'zh')}。{mark}")
        elif f.responsible_units:
            units = join_units(f.responsible_units, self.q.lang)
            self.d.add(f"This clause names no separate lead unit; its responsible units are {units} {mark}." if self.en
                       else f"该条款未单独列明牵头单位，责任单位为：{units}。{mark}")
            self.quote(c, self.unit_sentence(c))

    def responsible(self, cand: Candidate) -> None:
        c, f = cand.clause, cand.clause.fields
        mark = self.d.cite(c.id)
        units = join_units(f.responsible_units, self.q.lang)
        if self.en:
            self.d.add(f"The responsible units are {units} {mark}.")
            if f.lead_units:
                self.d.add(f"The lead unit is {join_units(f.lead_units, 'en')} {mark}.")
        else:
            self.d.add(f"责任单位有：{units}。{mark}")
            if f.lead_units:
                self.d.add(f"其中牵头单位是{join_units(f.lead_units, 'zh')}。{mark}")
        self.quote(c, self.unit_sentence(c))

    def unit_sentence(self, c: Clause) -> str:
        m = re.search(r"[(（]?\s*(牵头单位|责任单位)[^。]*?(?:[)）]|。|$)", c.text)
        return m.group().strip("（(）) ") if m else self.best_sentences(c, 1)[0]

    def figures(self, cands: list[Candidate], money: bool) -> bool:
        """Targets/amounts: the sentences of the best clause that state figures about the question's terms."""
        for cand in cands:
            c = cand.clause
            figure = MONEY if money else re.compile(r"\d")
            pool = [s for s in sentences(c.text) if figure.search(s)]
            scored = [(term_hits(self.terms, s), i, s) for i, s in enumerate(pool)]
            scored = [x for x in scored if x[0] > 0]
            if not scored:
                continue
            top = max(x[0] for x in scored)
            chosen = [s for h, _, s in sorted(scored, key=lambda x: x[1]) if h >= max(1, top - 1)][:3]
            mark = self.d.cite(c.id)
            lead_in = "According to " if self.en else "根据"
            self.d.add(f"{lead_in}{self.source(c)}{':' if self.en else '：'}")
            for s in chosen:
                self.d.add(f"“{s}”{mark}")
            return True
        return False

    def open(self, cands: list[Candidate]) -> None:
        first = cands[0]
        sents = self.best_sentences(first.clause, 2)
        mark = self.d.cite(first.clause.id)
        self.d.add((f"{self.source(first.clause)}: " if self.en else f"{self.source(first.clause)}：") + "".join(sents) + mark)
        for other in cands[1:2]:
            if other.coverage >= max(0.5, first.coverage - 0.1) and other.clause.doc_slug == first.clause.doc_slug:
                extra = self.best_sentences(other.clause, 1)
                self.d.add(("Also " if self.en else "另见") + f"{self.source(other.clause)}：{''.join(extra)}{self.d.cite(other.clause.id)}")

    def whole_clause(self, c: Clause) -> None:
        mark = self.d.cite(c.id)
        head = f"{self.source(c)}{':' if self.en else '：'}"
        self.d.add(head)
        self.d.add(self.store.full_clause_text(c.id) + mark)

    def docfact(self, clause: Clause) -> None:
        m = self.meta(clause)
        mark = self.d.cite(clause.id)
        title = f"《{m.title}》" if m.title else clause.doc_slug
        facts_zh, facts_en = [], []
        if m.doc_number:
            facts_zh.append(f"文号为{m.doc_number}")
            facts_en.append(f"its document number is {m.doc_number}")
        if m.issuer:
            facts_zh.append(f"发文机关为{m.issuer}")
            facts_en.append(f"it was issued by {m.issuer}")
        for label_zh, label_en, value in (("成文日期", "written", m.written_date), ("公布日期", "published", m.published_date),
                                          ("施行日期", "in force from", m.effective_date)):
            if value:
                facts_zh.append(f"{label_zh}为{value}")
                facts_en.append(f"{label_en} {value}")
        if m.validity:
            facts_zh.append(f"时效性：{m.validity}")
            facts_en.append(f"validity: {m.validity}")
        for k in ("起草单位", "文稿状态"):
            if k in m.attributes:
                facts_zh.append(f"{k}：{m.attributes[k]}")
                facts_en.append(f"{'drafted by' if k == '起草单位' else 'status'}: {m.attributes[k]}")
        if self.en:
            self.d.add(f"{title}: " + "; ".join(facts_en) + f" {mark}.")
        else:
            self.d.add(f"{title}" + "，".join(facts_zh) + f"。{mark}")

    def unit_tasks(self, unit_label: str, roles: list[tuple[Clause, str]]) -> None:
        leads = [c for c, r in roles if r == "lead"]
        parts = [c for c, r in roles if r != "lead"]
        # No counts are written: a number must come from a cited clause, and the lists show them anyway.
        groups = ((f"Tasks {unit_label} leads" if self.en else f"{unit_label}牵头的任务", leads),
                  ("Tasks it takes part in as a responsible unit" if self.en else "作为责任单位参与的任务", parts))
        for title, group in groups:
            if not group:
                continue
            self.d.add(f"{title}{':' if self.en else '：'}")
            for c in group:
                unit_note = "" if len(self.q.units) <= 1 else f"（{next(u for u in c.fields.lead_units + c.fields.responsible_units if u in self.q.units)}）"
                self.d.add(f"- {self.source(c)}{unit_note}{self.d.cite(c.id)}")


def make_citations(store: IndexStore, clause_ids: list[str], scores: dict[str, float]) -> list[Citation]:
    out = []
    for n, cid in enumerate(clause_ids, 1):
        c = store.clause(cid)
        m = store.document_meta(c.doc_slug) or DocumentMeta()
        path = " > ".join(c.heading_path)
        out.append(Citation(n=n, clause_id=cid, doc_title=m.title, doc_number=m.doc_number,
                            path=f"{c.label} {path}".strip(), text=store.full_clause_text(cid),
                            score=round(scores.get(cid, 0.0), 4)))
    return out
