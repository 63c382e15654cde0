"""Typed records passed between stages: ingest produces them, the index stores them,
retrieval and answering read them. Plain dataclasses so they serialise to JSON as they are."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass
class Target:
    """A quantitative target as the text states it ("到2020年…达到1000家以上")."""

    indicator: str
    value: float
    unit: str
    year: int | None = None
    qualifier: str | None = None  # 以上 / 以下 / 左右 / 不少于 …
    text: str = ""  # the span as written, for quoting


@dataclass
class ClauseFields:
    lead_units: list[str] = field(default_factory=list)  # 牵头单位
    responsible_units: list[str] = field(default_factory=list)  # 责任单位 (lead excluded)
    lead_rule: str | None = None  # how the lead was found: stated | first-listed | verb
    expected_results: str | None = None  # 预期目标和成效
    targets: list[Target] = field(default_factory=list)

    @staticmethod
    def from_dict(d: dict[str, Any]) -> ClauseFields:
        d = dict(d)
        d["targets"] = [Target(**t) for t in d.get("targets", [])]
        return ClauseFields(**d)


@dataclass
class Clause:
    """One numbered item of a document (or its preamble / closing), with where it sits."""

    id: str  # "{doc_slug}#2.8" — stable across re-ingests of the same text
    doc_slug: str
    path: list[int]  # [2, 8]; [] for the preamble, [0] … never used; closing is [-1]
    label: str  # "二（八）" — how a civil servant cites it
    kind: str  # preamble | section | item | subitem | point | article | chapter | dash | closing
    heading: str  # "“蓝天保卫战”三年行动计划"
    heading_path: list[str]  # headings of the ancestors and this clause
    text: str  # this clause's own text (children excluded), noise removed, original characters
    start: int  # offsets of the clause's span in the original file text
    end: int
    parent_id: str | None = None
    children: list[str] = field(default_factory=list)
    fields: ClauseFields = field(default_factory=ClauseFields)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Clause:
        d = dict(d)
        d["fields"] = ClauseFields.from_dict(d.get("fields", {}))
        return Clause(**d)


@dataclass
class Candidate:
    """A clause retrieved for a question: its fused score and how much of the question it covers."""

    clause: Clause
    score: float
    coverage: float  # share of the question's key terms found in the clause (with its headings)
    dense: float = 0.0  # cosine between the question's embedding and the clause's nearest passage
    # A clause found through another: the category the question's clause belongs to ("分散供养特困人员"
    # is listed under "第一类资助对象"), which this clause gives the figure for; with that clause.
    category: str | None = None
    member: Clause | None = None


@dataclass
class DocumentMeta:
    """What the text states about itself. Missing means None — never guessed."""

    title: str | None = None
    issuer: str | None = None  # 发文机关 / 制定机关: the first of `issuers`
    doc_number: str | None = None  # 发文字号 / 字号 / 令第N号
    written_date: str | None = None  # 成文日期, ISO yyyy-mm-dd
    published_date: str | None = None  # 公布日期
    effective_date: str | None = None  # 施行日期
    region: str | None = None  # the place a local document governs: 金华市, 浙江省 …; None when national
    validity: str | None = None  # 时效性, 有效期N年, 有效期至…
    attributes: dict[str, str] = field(default_factory=dict)  # every other labelled field, verbatim
    issuers: list[str] = field(default_factory=list)  # every joint issuer, in order
    adopted_date: str | None = None  # "…会议通过"
    amended_dates: list[str] = field(default_factory=list)  # 修正 / 修订, oldest first
    # The date of the version the text is, where its file name ends in one ("工伤保险条例(2010-12-20).md",
    # as collections of laws name each version): a text published in 2003 may be its 2010 revision.
    version_date: str | None = None
    scope: str | None = None  # "全国" for national documents, else the region
    repeals: list[str] = field(default_factory=list)  # documents it repeals or replaces ("…同时废止")
    attachments: list[str] = field(default_factory=list)  # titles of its attachments / transmitted documents
    transmitted: str | None = None  # the document a 印发/转发 notice puts out ("关于印发《X》的通知" → X)

    @property
    def end_date(self) -> str | None:
        """When the document says it stops applying (失效日期, "有效期至…", or "有效期N年" from the day it
        took effect), ISO; None when it does not say."""
        from .text.dates import iso_date

        for key in ("失效日期", "废止时间", "废止日期"):
            if iso_date(self.attributes.get(key)):
                return iso_date(self.attributes.get(key))
        validity = self.validity or ""
        until = iso_date(validity.split("至", 1)[1]) if "至" in validity else None
        if until:
            return until
        years = re.search(r"有效期\D{0,2}(\d{1,2})\s*年", validity)
        start = self.effective_date or self.written_date
        if years and start:
            y, m, d = start.split("-")
            day = "28" if (m, d) == ("02", "29") else d
            return f"{int(y) + int(years.group(1)):04d}-{m}-{day}"
        return None

    @property
    def expired(self) -> str | None:
        """The end date, when it has passed."""
        end = self.end_date
        return end if end and end < date.today().isoformat() else None

    @property
    def cited_title(self) -> str | None:
        """The title answers cite a clause by: what a notice transmits is what people know and ask
        for ("《金华市建设国家创新型城市工作实施方案》"), else the document's own title."""
        return self.transmitted or self.title


@dataclass
class DocumentRecord:
    """A document as the index holds it: where it came from and what it states about itself."""

    slug: str
    source: str
    sha256: str
    format: str
    meta: DocumentMeta
    n_clauses: int
    n_passages: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Passage:
    """The unit that is embedded and BM25-indexed: a clause, or a piece of an over-long one."""

    id: str  # "{clause_id}/{n}"
    clause_id: str
    doc_slug: str
    ordinal: int
    text: str  # the passage's own text
    search_text: str  # text with its document title and heading path, as indexed


@dataclass
class Document:
    slug: str
    source: str  # path of the file as ingested
    sha256: str  # of the file's bytes
    format: str  # txt | md | html | docx | pdf
    meta: DocumentMeta
    text: str  # the original text as read from the file (offsets refer to it)
    clauses: list[Clause] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
