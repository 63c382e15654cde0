"""Clause parsing: find the numbered structure of a policy text and cut it into clause records.

Markers (一、 / （一） / 1. / （1） / 第X章 / 第X条 / —— lead-ins) are found anywhere in the text,
not only at line starts, because captured documents often run clauses together on one line.
A candidate is accepted only when it sits at a plausible boundary (line start, after a
sentence end or a closing bracket, after a space, or right after its parent's short heading)
*and* continues a numbering sequence: the next sibling of an open level, or the first child
of the current clause. That sequence check is what keeps "人才1.5万人" or "(市、区)" from being
read as structure. The nesting order of marker types is learned from the document itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Clause
from .clean import TERMINATORS, CleanText

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "一二三四五六七八九十百零〇两"

MARKER = re.compile(
    rf"(?P<chapter>第(?P<chapter_n>[{_CN}\d]{{1,4}})章)"
    rf"|(?P<article>第(?P<article_n>[{_CN}\d]{{1,5}})条)"
    rf"|(?P<cn>(?P<cn_n>[{_CN}]{{1,3}})、)"
    rf"|(?P<pcn>\((?P<pcn_n>[{_CN}]{{1,3}})\))"
    rf"|(?P<num>(?<![\d.])(?P<num_n>\d{{1,2}})(?:[.、](?!\d)))"
    rf"|(?P<pnum>\((?P<pnum_n>\d{{1,2}})\))"
    rf"|(?P<dash>——)"
    rf"|(?P<lost>(?<=\n)、)"  # OCR dropped the numeral of a top-level heading ("、主要目标")
)
KIND = {"chapter": "chapter", "article": "article", "cn": "section", "pcn": "item", "num": "point",
        "pnum": "subpoint", "dash": "dash", "lost": "section"}

# Common section headings, for headings that run straight into their body ("总体要求紧扣…").
KNOWN_HEADINGS = sorted(
    "总体要求 目标任务 工作举措 保障措施 主要目标 重点任务 主要任务 指导思想 基本原则 工作目标 主要举措 建设目标 "
    "总体思路 实施步骤 组织实施 工作要求 发展目标 重点工作 工作措施 政策措施 支持政策 附则 总则 工作任务 "
    "实施范围 适用范围 组织保障 工作机制 具体措施".split(),
    key=len, reverse=True,
)
_HEADING_END = re.compile(r"[。;:!?\n]")
_BOUNDARY_BEFORE = set("\n。;!?:)]】") | TERMINATORS - set("”\"'")


def cn_to_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for ch in s:
        if ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            cur = _CN_DIGITS.get(ch, 0)
    return total + cur


def int_to_cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


@dataclass
class _Marker:
    start: int  # in the cleaned text
    end: int  # end of the marker itself
    type: str  # chapter | article | cn | pcn | num | pnum | dash
    number: int
    depth: int = 0
    path: tuple[int, ...] = ()


def _boundary(folded: str, pos: int) -> str:
    """What precedes a candidate: 'start', 'hard' (line/sentence end, closing bracket),
    'space', or 'none' (inside running text)."""
    i = pos - 1
    saw_space = False
    while i >= 0 and folded[i] in " \t\u3000":
        i -= 1
        saw_space = True
    if i < 0:
        return "start"
    if folded[i] in _BOUNDARY_BEFORE:
        return "hard"
    return "space" if saw_space else "none"


def find_markers(clean: CleanText, stop: int | None = None) -> list[_Marker]:
    folded = clean.folded if stop is None else clean.folded[:stop]
    stack: list[_Marker] = []  # the open clause at each depth
    accepted: list[_Marker] = []
    for m in MARKER.finditer(folded):
        mtype = m.lastgroup if m.lastgroup in KIND else next(k for k in KIND if m.group(k))
        number = 0 if mtype in ("dash", "lost") else cn_to_int(m.group(f"{mtype}_n"))
        boundary = _boundary(folded, m.start())
        if mtype == "dash" and boundary not in ("start", "hard"):
            continue
        if mtype == "lost":
            mtype = "cn"  # numbered by position below
        # Where in the open stack could this marker go?
        depth = next((d for d, s in enumerate(stack) if s.type == mtype), None)
        if depth is not None:
            prev = stack[depth]
            ok = mtype == "dash" or number == prev.number + 1 or (m.lastgroup == "lost")
            if m.lastgroup == "lost":
                number = prev.number + 1
        else:
            depth = len(stack)
            ok = mtype == "dash" or number == 1
            if m.lastgroup == "lost":
                ok, number = depth == 0, 1
        if not ok:
            continue
        if boundary == "none":
            # Allowed only right after the parent's short heading: "四、保障措施(一)强化…".
            parent = stack[depth - 1] if depth > 0 else None
            between = folded[parent.end: m.start()] if parent else ""
            if not parent or len(between) > 25 or _HEADING_END.search(between) or depth != len(stack):
                continue
        if mtype == "dash":
            number = stack[depth].number + 1 if depth < len(stack) and stack[depth].type == "dash" else 1
        del stack[depth:]
        parent_path = stack[-1].path if stack else ()
        mk = _Marker(m.start(), m.end(), mtype, number, depth, parent_path + (number,))
        stack.append(mk)
        accepted.append(mk)
    return accepted


_CLOSING_LINE = re.compile(
    r"^(附件\s*[:\d]|[(]?此件|[(]?本件|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|"
    r"[\u4e00-\u9fff]{2,30}(办公厅|办公室|人民政府|委员会|管委会|局|厅)$|\.docx|\.doc|\.pdf|\.xlsx?)"
)


def find_closing(clean: CleanText) -> int:
    """Start of the closing part (signature, date, attachments, 此件公开发布), or len(text)."""
    text = clean.folded
    closing = len(text)
    end = len(text)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line and not _CLOSING_LINE.match(line):
            break
        closing = start
        end = start - 1
    return closing


def _heading(own: str) -> str:
    """The clause's title: its first phrase, when that is short enough to be one."""
    body = own.strip()
    first = _HEADING_END.search(body)
    head = body[: first.start()] if first else body
    if 0 < len(head) <= 40:
        return head.strip()
    for known in KNOWN_HEADINGS:
        if body.startswith(known):
            return known
    space = re.search(r"[ \t\u3000]", body)
    if space and 0 < space.start() <= 25:
        return body[: space.start()]
    comma = re.search(r"[,，]", body)
    if comma and comma.start() <= 30:
        return body[: comma.start()]
    return body[:30] + "…"


def _label(mk: _Marker, parent_label: str) -> str:
    n = mk.number
    if mk.type == "cn":
        return int_to_cn(n)
    if mk.type == "pcn":
        return f"{parent_label}（{int_to_cn(n)}）"
    if mk.type == "num":
        return f"{parent_label}{n}."
    if mk.type == "pnum":
        return f"{parent_label}（{n}）"
    if mk.type == "chapter":
        return f"第{int_to_cn(n)}章"
    if mk.type == "article":
        return f"第{int_to_cn(n)}条"
    return f"{parent_label}·{n}"  # —— lead-in items have no numeral of their own


def _slice(clean: CleanText, start: int, end: int) -> tuple[str, int, int]:
    """Text of [start, end) stripped, with its original offsets."""
    seg = clean.text[start:end]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    s = start + lead
    o_start, o_end = clean.original_span(s, s + len(seg))
    return seg, o_start, o_end


def parse_clauses(clean: CleanText, slug: str) -> list[Clause]:
    closing_at = find_closing(clean)
    markers = find_markers(clean, closing_at)
    clauses: list[Clause] = []

    first = markers[0].start if markers else closing_at
    text, s, e = _slice(clean, 0, first)
    if text:
        clauses.append(Clause(id=f"{slug}#preamble", doc_slug=slug, path=[], label="前言", kind="preamble",
                              heading="", heading_path=[], text=text, start=s, end=e))

    by_path: dict[tuple[int, ...], Clause] = {}
    for i, mk in enumerate(markers):
        end = markers[i + 1].start if i + 1 < len(markers) else closing_at
        text, s, e = _slice(clean, mk.start, end)
        parent = by_path.get(mk.path[:-1])
        heading = _heading(clean.text[mk.end:end])
        clause = Clause(
            id=f"{slug}#{'.'.join(map(str, mk.path))}",
            doc_slug=slug,
            path=list(mk.path),
            label=_label(mk, parent.label if parent else ""),
            kind=KIND[mk.type],
            heading=heading,
            heading_path=(parent.heading_path if parent else []) + [heading],
            text=text,
            start=s,
            end=e,
            parent_id=parent.id if parent else None,
        )
        if parent:
            parent.children.append(clause.id)
        by_path[mk.path] = clause
        clauses.append(clause)

    text, s, e = _slice(clean, closing_at, len(clean.text))
    if text:
        clauses.append(Clause(id=f"{slug}#closing", doc_slug=slug, path=[-1], label="落款与附件", kind="closing",
                              heading="", heading_path=[], text=text, start=s, end=e))
    return clauses
