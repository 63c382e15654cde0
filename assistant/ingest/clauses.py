"""Clause parsing: find the numbered structure of a policy text and cut it into clause records.

A document is first cut into *parts*: the main text, its closing (signature, date, the list of
attachments, 此件公开发布), and each attachment after the signature ("附件1" …, or a transmitted
方案 that simply follows the notice), which gets a node of its own and a tree of its own.

Within a part, markers are found and nested:
- levels: 第X编 > 第X章 > 第X节 > 第X条 (fixed, as every law has them), then the policy levels
  一、 / （一） / 1. / （1） / ① / —— whose order is learned from the document (the first one seen
  is the highest), so an article's （一）（二） are its 项 and a 1.-numbered plan keeps its (1) below;
- a marker is the next sibling of an open level, or the first child of the current clause, or it
  *continues* its type's numbering across parents: 第七条 after 第二章 when 第六条 closed 第一章,
  （四） under 二、 when 一、 ended with （三）. That numbering check is what keeps "人才1.5万人" or a
  cross-reference "违反第七条" from being read as structure;
- in documents laid out one paragraph per line (laws, gov.cn pages, web captures), only markers at
  a line start (or right after their parent's short heading) count, so numbers enumerated inside a
  paragraph stay in it; in run-together captures (a whole plan on one line) markers are also found
  after sentence ends.
A part with no structure at all is one clause per paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..records import Clause
from ..text.dates import DATE
from ..text.doctypes import DOC_TYPE_END
from ..text.numerals import CIRCLED, CN_DIGITS, cn_to_int, int_to_cn
from .clean import BODY_SIGNER_LINE, PUBLIC_NOTE, TERMINATORS, CleanText, join_title_lines, title_line_count

_CN = CN_DIGITS
_CIRCLED = CIRCLED

# "一、二级医院", "三、四月份": a list of numbers, not 一、 followed by its heading ("一、一年至少认证一次").
_NUMBER_LIST = rf"[{_CN}]{{1,3}}(?:级|类|等|档|星|批|月|期|号|至|或|和)"

MARKER = re.compile(
    # Decimal outline headings of 预案-style documents: "1　总则", "1.2　等级划分", "1.2.1 …".
    rf"(?P<outline>(?<![\d.])(?P<outline_n>\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})(?=[ \t\u3000]+[\u4e00-\u9fff(]))"
    rf"|(?P<part>第(?P<part_n>[{_CN}\d]{{1,4}})编)"
    rf"|(?P<bufen>第(?P<bufen_n>[{_CN}\d]{{1,3}})部分)"
    rf"|(?P<chapter>第(?P<chapter_n>[{_CN}\d]{{1,4}})章)"
    rf"|(?P<jie>第(?P<jie_n>[{_CN}\d]{{1,4}})节)"
    rf"|(?P<article>第(?P<article_n>[{_CN}\d]{{1,5}})条(?:之[{_CN}]{{1,2}})?)"
    rf"|(?P<cn>(?P<cn_n>[{_CN}]{{1,3}})[、.](?!{_NUMBER_LIST}))"
    rf"|(?P<bare>(?<=\n)(?P<bare_n>[{_CN}]{{1,3}})(?=[ \t]*\n))"  # a heading that is only its numeral ("## 三")
    rf"|(?P<pcn>\((?P<pcn_n>[{_CN}]{{1,3}})\))"
    # "1." / "1、" — not a decimal ("1.5万人"); a numbered line whose text starts with a digit
    # ("1.2025年度…有多少个？", "1.3人户家庭；") is checked at line starts only (_digit_led_item).
    rf"|(?P<num>(?<![\d.])(?P<num_n>\d{{1,2}})(?:[.、](?!\d)|(?P<qa>\.)(?=\d)))"
    rf"|(?P<pnum>\((?P<pnum_n>\d{{1,2}})\))"
    rf"|(?P<circ>(?P<circ_n>[{_CIRCLED}]))"
    rf"|(?P<dash>——)"
    rf"|(?P<lost>(?<=\n)、)"  # OCR dropped the numeral of a top-level heading ("、主要目标")
)
KIND = {
    "bare": "section",
    "bufen": "part",
    "outline": "outline",
    "o1": "outline",
    "o2": "outline",
    "o3": "outline",
    "o4": "outline",
    "part": "part",
    "chapter": "chapter",
    "jie": "subchapter",
    "article": "article",
    "cn": "section",
    "pcn": "item",
    "num": "point",
    "pnum": "subpoint",
    "circ": "subpoint",
    "dash": "dash",
    "lost": "section",
}
# The legal levels nest the same way in every document; the policy levels get ranks after them,
# in the order the document first uses them.
_LEGAL_RANK = {"part": 0, "bufen": 0, "chapter": 1, "jie": 2, "article": 3}
_FIXED_RANK = {**_LEGAL_RANK, "o1": 4, "o2": 5, "o3": 6, "o4": 7}  # decimal outline depths nest by depth
_CONTINUING = ("article", "pcn", "cn", "num")  # types whose numbering may run on across parents

# Common section headings, for headings that run straight into their body ("总体要求紧扣…").
KNOWN_HEADINGS = sorted(
    "总体要求 目标任务 工作举措 保障措施 主要目标 重点任务 主要任务 指导思想 基本原则 工作目标 主要举措 建设目标 "
    "总体思路 实施步骤 组织实施 工作要求 发展目标 重点工作 工作措施 政策措施 支持政策 附则 总则 工作任务 "
    "实施范围 适用范围 组织保障 工作机制 具体措施".split(),
    key=len,
    reverse=True,
)
_HEADING_END = re.compile(r"[。;:!?\n]")
_BOUNDARY_BEFORE = set("\n。;!?:)]】") | TERMINATORS - set("”\"'")

_DATE_LINE = re.compile(rf"^{DATE}$")
_ATTACHMENT_LIST = re.compile(r"^附\s*[件表图]\s*[::]?\s*\S")  # "附件：1.…" — the list before the signature
_ATTACHMENT_HEAD = re.compile(
    rf"^附\s*(?:[件表图]\s*(?P<n>\d{{1,2}}|[{_CN}]{{1,3}})?\s*[::.、]?|:)\s*(?P<title>.*)$"
)  # 附件1 / 附表 / 附图 / 附：
_CLOSING_LINE = re.compile(
    rf"^(附件\s*[:\d]|[(]?此件|[(]?本件|{DATE}$|{DATE}印发$|.{{2,40}}\s*{DATE}\s*印发$|公开方式\s*:|抄送\s*:|"
    r"[\u4e00-\u9fff、]{2,40}(办公厅|办公室|人民政府|委员会|管委会|局|厅|部|署|院|会)$|\.docx|\.doc|\.pdf|\.xlsx?)"
)


@dataclass
class _Marker:
    start: int  # in the cleaned text
    end: int  # end of the marker itself
    type: str  # part | chapter | jie | article | cn | pcn | num | pnum | circ | dash
    number: int
    depth: int = 0
    path: tuple[int, ...] = ()


@dataclass
class _Part:
    """A stretch of the document with a tree of its own: the main text or one attachment."""

    start: int  # body start (after an attachment's own header lines)
    end: int  # body end (before its closing lines)
    closing_end: int  # end of its closing lines
    n: int = 0  # 0 for the main text, 1… for attachments
    head_start: int = 0  # where the attachment's header ("附件1" + title) starts
    title: str = ""
    label: str = ""
    markers: list[_Marker] = field(default_factory=list)


def _boundary(folded: str, pos: int) -> str:
    """What precedes a candidate: 'start' (line start), 'hard' (sentence end, closing bracket),
    'space', or 'none' (inside running text)."""
    i = pos - 1
    saw_space = False
    while i >= 0 and folded[i] in " \t\u3000":
        i -= 1
        saw_space = True
    if i < 0 or folded[i] == "\n":
        return "start"
    if folded[i] in _BOUNDARY_BEFORE:
        return "hard"
    return "space" if saw_space else "none"


# A table row as the loaders render it ("类别：基础指标；序号：1；指标：合法稳定住所；…").
_TABLE_ROW_START = re.compile(r"[^：:。；;\n]{1,30}[：:][^；;。\n]{0,60}[；;][^：:。；;\n]{1,30}[：:]")


def _in_table_row(folded: str, pos: int) -> bool:
    start = folded.rfind("\n", 0, pos) + 1
    return bool(_TABLE_ROW_START.match(folded, start))


def _line_end(folded: str, pos: int) -> int:
    e = folded.find("\n", pos)
    return len(folded) if e < 0 else e


def _digit_led_item(folded: str, m: re.Match, number: int, previous: int | None) -> bool:
    """ "1.2025年度…有多少个？" or "1.3人户家庭；" — a numbered line whose text starts with a digit —
    is an item, not a decimal, only on a line of its own that asks a question, starts with a year,
    or sits in a run of such lines (the next line goes on with N+1, or this one continues N-1)."""
    end = _line_end(folded, m.start())
    line = folded[m.start() : end].rstrip()
    if line.endswith("?") or re.match(r"\d{1,2}\.(?:19|20)\d{2}年", line) or previous == number - 1:
        return True
    nxt = folded[end + 1 : _line_end(folded, end + 1)].lstrip()
    return nxt.startswith((f"{number + 1}.", f"{number + 1}、"))


def _scan(folded: str, start: int, stop: int, line_mode: bool) -> list[_Marker]:
    stack: list[_Marker] = []  # the open clause at each depth
    accepted: list[_Marker] = []
    last: dict[str, int] = {}  # last number of each type in this part, for numbering that runs on
    rank: dict[str, int] = dict(_FIXED_RANK)

    for m in MARKER.finditer(folded, start, stop):
        mtype = m.lastgroup if m.lastgroup in KIND else next(k for k in KIND if m.group(k))
        boundary = _boundary(folded, m.start())
        if boundary != "start" and _in_table_row(folded, m.start()):
            continue  # "指标内容及分值：1. …计8分。 2. …": a list inside a table row's cell
        if m.group("qa") is not None and (
            boundary != "start"
            or not line_mode
            or not _digit_led_item(folded, m, int(m.group("num_n")), last.get("num"))
        ):
            continue
        if mtype in ("dash", "circ") and boundary not in ("start", "hard"):
            continue
        if mtype == "dash" and not re.match(r"[\u4e00-\u9fff\w“\"]", folded[m.end() : m.end() + 1]):
            continue  # a "——" placeholder in a table cell, not a lead-in
        if mtype == "outline":
            # Only a heading line of its own; each depth (1 / 1.1 / 1.1.1) is a level.
            parts = m.group("outline_n").split(".")
            rest = folded[m.end() : _line_end(folded, m.end())]
            if boundary != "start" or len(rest.strip()) > 40 or re.search(r"[。;,:]", rest):
                continue
            mtype, number = f"o{len(parts)}", int(parts[-1])
        elif mtype == "bare":
            mtype, number = "cn", cn_to_int(m.group("bare_n"))
        else:
            number = 0 if mtype in ("dash", "lost") else cn_to_int(m.group(f"{mtype}_n"))
        lost = mtype == "lost"
        if lost:
            mtype = "cn"  # numbered by position below
        if mtype in _LEGAL_RANK and boundary not in ("start", "hard", "space"):
            continue  # "违反第七条规定" is a reference, not an article
        if mtype == "cn" and m.group("cn") and m.group("cn").endswith(".") and boundary != "start":
            continue

        depth = next((d for d, s in enumerate(stack) if s.type == mtype), None)
        sibling = depth is not None
        if sibling:  # the next sibling of an open level
            prev = stack[depth]
            ok = mtype == "dash" or lost or number == prev.number + 1
            # A second list in the same article or item starts again at (一) on a line of its own.
            restart = (
                number == 1
                and line_mode
                and boundary == "start"
                and mtype not in _LEGAL_RANK
                and depth > 0
                and prev.number > 1
            )
            ok = ok or restart
            if lost:
                number = prev.number + 1
        else:
            continues = mtype in _CONTINUING and mtype in last and number == last[mtype] + 1
            # A 第X章 heading line stands for itself even where the text lost the chapters before it.
            heading_line = (
                mtype in ("part", "bufen", "chapter", "jie")
                and boundary == "start"
                and not _HEADING_END.search(folded[m.end() : _line_end(folded, m.end())])
                and number > last.get(mtype, 0)
            )
            ok = mtype == "dash" or number == 1 or continues or heading_line
            if lost:
                ok, number = not stack, last.get("cn", 0) + 1
            # Where it goes: under the deepest open clause of a higher level.
            r = rank.get(mtype)
            depth = len(stack)
            if r is not None:
                while depth > 0 and rank.get(stack[depth - 1].type, 99) >= r:
                    depth -= 1
        if not ok:
            continue
        if boundary == "start" or (boundary in ("hard", "space") and (not line_mode or sibling)):
            pass  # in a one-paragraph-per-line text, only the next sibling may follow a sentence end inline
        else:
            # Inline, allowed only right after the parent's short heading: "四、保障措施(一)强化…".
            parent = stack[depth - 1] if 0 < depth <= len(stack) else None
            between = folded[parent.end : m.start()] if parent else ""
            if (
                not parent
                or len(between) > 25
                or _HEADING_END.search(between)
                or depth != len(stack)
                or mtype in _LEGAL_RANK
            ):
                continue
        if mtype == "dash":
            number = stack[depth].number + 1 if depth < len(stack) and stack[depth].type == "dash" else 1
        if mtype not in rank:
            rank[mtype] = max(rank.values()) + 1
        del stack[depth:]
        parent_path = stack[-1].path if stack else ()
        mk = _Marker(m.start(), m.end(), mtype, number, depth, parent_path + (number,))
        stack.append(mk)
        accepted.append(mk)
        last[mtype] = number
    return accepted


def _line_starts(folded: str, start: int, stop: int) -> int:
    """How many candidate markers of the part sit at a line start."""
    return sum(1 for m in MARKER.finditer(folded, start, stop) if _boundary(folded, m.start()) == "start")


def find_markers(clean: CleanText, stop: int | None = None, start: int = 0) -> list[_Marker]:
    folded = clean.folded
    stop = len(folded) if stop is None else stop
    lines = folded.count("\n", start, stop) + 1
    by_line = _scan(folded, start, stop, line_mode=True)
    # One paragraph per line: trust line starts. A run-together capture: look inside lines too.
    if (
        len(by_line) >= 3
        and (lines >= 2 * len(by_line) or len(by_line) >= 0.5 * _line_starts(folded, start, stop))
        and lines > 5
    ):
        return by_line
    return _scan(folded, start, stop, line_mode=False)


def _lines(folded: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out = []
    pos = start
    while pos < end:
        e = folded.find("\n", pos, end)
        e = end if e < 0 else e
        s = folded[pos:e].strip()
        if s:
            out.append((pos, e, s))
        pos = e + 1
    return out


def _closing_start(folded: str, start: int, end: int) -> int:
    """Start of the closing lines (signature, date, attachment list, 此件公开发布) that end [start, end)."""
    closing = end
    for s, _e, line in reversed(_lines(folded, start, end)):
        if not (_CLOSING_LINE.match(line) or PUBLIC_NOTE.match(line)):
            break
        closing = s
    # The attachment list ("附件：1.… 2.…") may run over several lines just above the signature.
    lines = _lines(folded, start, closing)
    i = len(lines) - 1
    while i >= 0 and i >= len(lines) - 12:
        if _ATTACHMENT_LIST.match(lines[i][2]):
            closing = lines[i][0]
            break
        if not re.match(r"^\d{1,2}\s*[.、]", lines[i][2]) or _HEADING_END.search(lines[i][2][-1:] or ""):
            break
        i -= 1
    return closing


def _signature_end(folded: str) -> int | None:
    """End of the main text's signature block (the date under the issuer), when more text follows it."""
    lines = _lines(folded, 0, len(folded))
    for i, (_s, e, line) in enumerate(lines):
        if not _DATE_LINE.match(line) or i == 0:
            continue
        prev = lines[i - 1][2]
        signed = BODY_SIGNER_LINE.match(prev) or PUBLIC_NOTE.match(prev)
        if not signed:
            continue
        j = i + 1
        while j < len(lines) and PUBLIC_NOTE.match(lines[j][2]):
            e = lines[j][1]
            j += 1
        if j >= len(lines):
            return None  # the signature ends the document: no attachments
        # A date line in the header (a 令 with its date, then the regulation) counts as a
        # signature too: what follows is the document the header promulgates.
        return e
    return None


def _attachment_parts(folded: str, start: int) -> list[_Part]:
    """Attachments after the signature: each "附件N" heading starts one; text before the first
    heading (a transmitted document that simply follows the notice) is an attachment too."""
    lines = _lines(folded, start, len(folded))
    heads: list[int] = []
    for i, (_s, _e, line) in enumerate(lines):
        m = _ATTACHMENT_HEAD.match(line)
        # "附表：1. …" opens the list of attachments, not an attachment.
        if (
            m
            and len(line) <= 60
            and not _HEADING_END.search(m.group("title"))
            and not re.match(r"\d{1,2}\s*[.、]", m.group("title"))
        ):
            heads.append(i)
    starts = sorted(set(([0] if not heads or heads[0] != 0 else []) + heads + _restarts(lines)))
    parts: list[_Part] = []
    for k, i in enumerate(starts):
        j = starts[k + 1] if k + 1 < len(starts) else len(lines)
        seg = lines[i:j]
        if not seg:
            continue
        head_start = seg[0][0]
        m = _ATTACHMENT_HEAD.match(seg[0][2]) if i in heads else None
        body_i = 1 if m else 0
        title = m.group("title").strip() if m else ""
        # Title lines follow a bare "附件1"; a transmitted document starts with its title.
        if not title:
            k = title_line_count([line for _s, _e, line in seg[body_i:]])
            title = join_title_lines([line for _s, _e, line in seg[body_i : body_i + k]])
            body_i += k
        n = len(parts) + 1
        label = f"附件{m.group('n')}" if m and m.group("n") else ("附件" if m else "附件")
        if m and m.group("n") and not m.group("n").isdigit():
            label = f"附件{cn_to_int(m.group('n'))}"
        body_start = seg[body_i][0] if body_i < len(seg) else seg[-1][1]
        end = lines[j][0] if j < len(lines) else len(folded)
        closing = _closing_start(folded, body_start, end)
        parts.append(
            _Part(start=body_start, end=closing, closing_end=end, n=n, head_start=head_start, title=title, label=label)
        )
    if len(parts) > 1 and all(p.label == "附件" for p in parts):
        for p in parts:
            p.label = f"附件{p.n}"
    elif len(parts) > 1 and parts[0].label == "附件" and not _ATTACHMENT_HEAD.match(lines[0][2]):
        pass  # a transmitted document, then labelled attachments: keep their own numbers
    return parts


_FIRST_MARKER = re.compile(rf"^(?:一[、.](?!{_NUMBER_LIST})|第一章|第一条|第一部分)")


def _restarts(lines: list[tuple[int, int, str]]) -> list[int]:
    """Lines where a second transmitted document begins: a title line ("…的规定") whose next
    lines start the numbering again at 一、/第一章/第一条 after it had already run."""
    out, seen_first = [], False
    for i, (_s, _e, line) in enumerate(lines):
        if _FIRST_MARKER.match(line):
            seen_first = True
            continue
        if not seen_first:
            continue
        k = title_line_count([ln for _a, _b, ln in lines[i : i + 4]])
        if (
            k
            and any(_FIRST_MARKER.match(ln) for _a, _b, ln in lines[i + k : i + k + 3])
            and DOC_TYPE_END.search(re.sub(r"\s+", "", "".join(ln for _a, _b, ln in lines[i : i + k])))
        ):
            out.append(i)
            seen_first = False
    return out


_BARE_HEAD = re.compile(rf"^附\s*(?:[件表图]\s*(?:\d{{1,2}}|[{_CN}]{{1,3}})?\s*:?|:)$")


def _bare_attachment_head(folded: str) -> int | None:
    """Where the text before the first attachment ends, when numbered text came before it: a bare
    "附件N" line, or "附件N：title" whose title the attachment list above already named."""
    seen_marker = False
    for s, _e, line in _lines(folded, 0, len(folded)):
        if seen_marker:
            if _BARE_HEAD.match(line):
                return max(0, s - 1)
            m = _ATTACHMENT_HEAD.match(line)
            title = m.group("title").strip() if m and m.group("n") else ""
            if len(title) >= 4 and not _HEADING_END.search(title) and title in folded[:s]:
                return max(0, s - 1)
        seen_marker = seen_marker or bool(MARKER.match(line))
    return None


def _tail_start(folded: str, markers: list[_Marker], end: int) -> int | None:
    """Where the document's own closing paragraphs start, when they follow a list of one-line
    items ("七、国庆节：10月1日至7日放假调休。" then "节假日期间，各地区…"): the paragraphs after the
    last item belong to the document, not to that item. Only when every earlier item at that
    level is a single line does a multi-line last item read this way."""
    top = [mk for mk in markers if mk.depth == 0]
    if len(top) < 3 or markers[-1] is not top[-1]:
        return None
    starts = [mk.start for mk in markers[1:]] + [end]
    spans = {id(mk): (mk.start, nxt) for mk, nxt in zip(markers, starts, strict=False)}
    if any(
        folded.count("\n", *spans[id(mk)]) > 1 or "\n" in folded[spans[id(mk)][0] : spans[id(mk)][1]].rstrip()
        for mk in top[:-1]
    ):
        return None
    last_start, last_end = spans[id(top[-1])]
    first_line_end = folded.find("\n", last_start, last_end)
    if first_line_end < 0 or not folded[first_line_end:last_end].strip():
        return None
    first_line = folded[last_start:first_line_end].strip()
    if len(first_line) <= 30 and not re.search(r"[。;!?,；！？，（(]", first_line):
        return None  # "三、组织实施" alone on its line is a heading: the paragraphs under it are its own
    return first_line_end + 1


def _heading(own: str) -> str:
    """The clause's title: its first phrase, when that is short enough to be one."""
    body = own.strip().lstrip(":：、.．　 ")  # "第二部分：违规补缴"
    first = _HEADING_END.search(body)
    head = body[: first.start()] if first else body
    if 0 < len(head) <= 40:
        return join_title_lines([head])
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


# A line that is a short label and its value ("补贴标准：10000元。", "补贴条件：").
_LABEL_LINE = re.compile(r"(?m)^[ \t\u3000]*[\u4e00-\u9fff]{2,8}[:：]")


def _ends_in_label(parent: Clause | None) -> bool:
    """Whether a clause introduces its list with a label line of its own ("1、一次性创业资助\n补贴条件：")."""
    return parent is not None and bool(re.search(r"(?:^|\n)[ \t\u3000]*[\u4e00-\u9fff]{2,8}[:：]\s*$", parent.text))


def _labels_resume(text: str, start: int, end: int) -> int | None:
    """Where, inside the last item of such a list, a label line like the list's own begins (from its
    second line on): the list has ended there."""
    first_break = text.find("\n", start, end)
    if first_break == -1:
        return None
    m = _LABEL_LINE.search(text, first_break + 1, end)
    return m.start() + (len(m.group()) - len(m.group().lstrip(" \t\u3000"))) if m else None


def _label(mk: _Marker, parent_label: str) -> str:
    n = mk.number
    if mk.type == "cn":
        return f"{parent_label} {int_to_cn(n)}" if parent_label.startswith("附件") else int_to_cn(n)
    if mk.type == "pcn":
        return f"{parent_label}（{int_to_cn(n)}）"
    if mk.type == "num":
        return f"{parent_label}{n}."
    if mk.type.startswith("o") and mk.type[1:].isdigit():
        outline = ".".join(str(n) for n in mk.path[-int(mk.type[1:]) :])
        return f"{parent_label.split(' ')[0]} {outline}" if parent_label.startswith("附件") else outline
    if mk.type in ("pnum", "circ"):
        return f"{parent_label}（{n}）"
    if mk.type in ("part", "bufen", "chapter", "jie", "article"):
        word = {"part": "编", "bufen": "部分", "chapter": "章", "jie": "节", "article": "条"}[mk.type]
        own = f"第{int_to_cn(n)}{word}"
        return f"{parent_label} {own}" if parent_label.startswith("附件") else own
    return f"{parent_label}·{n}"  # —— lead-in items have no numeral of their own


def _slice(clean: CleanText, start: int, end: int) -> tuple[str, int, int]:
    """Text of [start, end) stripped, with its original offsets."""
    seg = clean.text[start:end]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    s = start + lead
    o_start, o_end = clean.original_span(s, s + len(seg))
    return seg, o_start, o_end


class _Builder:
    def __init__(self, clean: CleanText, slug: str):
        self.clean, self.slug = clean, slug
        self.clauses: list[Clause] = []
        self.ids: set[str] = set()

    def add(
        self,
        key: str,
        path: list[int],
        label: str,
        kind: str,
        heading: str,
        start: int,
        end: int,
        parent: Clause | None,
        heading_prefix: list[str] | None = None,
        text: str | None = None,
    ) -> Clause | None:
        body, s, e = _slice(self.clean, start, end)
        if text is None and not body and kind in ("preamble", "closing", "paragraph"):
            return None
        # Two numbering systems can give the same path (a stray 第一章 beside 一、): ids stay unique.
        cid, n = f"{self.slug}#{key}", 1
        while cid in self.ids:
            n += 1
            cid = f"{self.slug}#{key}~{n}"
        self.ids.add(cid)
        clause = Clause(
            id=cid,
            doc_slug=self.slug,
            path=path,
            label=label,
            kind=kind,
            heading=heading,
            heading_path=(parent.heading_path if parent else list(heading_prefix or []))
            + ([heading] if heading else []),
            text=body if text is None else text,
            start=s,
            end=e,
            parent_id=parent.id if parent else None,
        )
        if parent:
            parent.children.append(clause.id)
        self.clauses.append(clause)
        return clause

    def preamble(self, start: int, end: int, root: Clause | None, key_prefix: str, path_prefix: list[int]) -> None:
        """What comes before a part's first numbered clause or paragraph (title, 文号, addressee)."""
        label = f"{root.label} 前言" if root else "前言"
        self.add(f"{key_prefix}preamble", path_prefix + [], label, "preamble", "", start, end, root)

    def tree(self, part: _Part, root: Clause | None, key_prefix: str, path_prefix: list[int]) -> None:
        """The clauses of one part: preamble, numbered clauses (or paragraphs), closing."""
        clean = self.clean
        markers = find_markers(clean, part.end, part.start)
        first = markers[0].start if markers else part.end
        if markers:
            self.preamble(part.start, first, root, key_prefix, path_prefix)
        else:
            self.paragraphs(part, root, key_prefix, path_prefix)
        tail = _tail_start(clean.folded, markers, part.end)
        by_path: dict[tuple[int, ...], Clause] = {}
        for i, mk in enumerate(markers):
            end = markers[i + 1].start if i + 1 < len(markers) else (tail or part.end)
            parent = by_path.get(mk.path[:-1]) or root
            parent_label = (
                parent.label if parent is not None and (parent is not root or root.kind == "attachment") else ""
            )
            last = i + 1 == len(markers) or markers[i + 1].path[:-1] != mk.path[:-1]
            resumed = _labels_resume(clean.text, mk.end, end) if last and _ends_in_label(parent) else None
            heading = _heading(clean.text[mk.end : resumed or end])
            clause = self.add(
                f"{key_prefix}{'.'.join(map(str, mk.path))}",
                path_prefix + list(mk.path),
                _label(mk, parent_label),
                KIND[mk.type],
                heading,
                mk.start,
                resumed or end,
                parent,
            )
            by_path[mk.path] = clause
            if resumed is not None and parent is not None:
                # "补贴条件：（1）…（2）…" then "补贴对象：…补贴标准：10000元。": the labels after the list
                # are its parent's, beside "补贴条件", not the last condition's.
                after = mk.path[:-1] + (mk.path[-1] + 1,)
                self.add(
                    f"{key_prefix}{'.'.join(map(str, after))}",
                    path_prefix + list(after),
                    f"{parent.label}（续）",
                    "paragraph",
                    _heading(clean.text[resumed:end]),
                    resumed,
                    end,
                    parent,
                )
        if tail:
            self.add(
                f"{key_prefix}tail",
                path_prefix + [-2],
                f"{root.label} 结尾" if root else "结尾",
                "paragraph",
                _heading(clean.text[tail : part.end]),
                tail,
                part.end,
                root,
            )
        self.add(
            f"{key_prefix}closing",
            path_prefix + [-1],
            f"{root.label} 落款" if root else "落款与附件",
            "closing",
            "",
            part.end,
            part.closing_end,
            root,
        )

    def paragraphs(self, part: _Part, root: Clause | None, key_prefix: str, path_prefix: list[int]) -> None:
        """No numbered structure: one clause per paragraph (the first short line may be a title
        already held by the document or the attachment node)."""
        lines = _lines(self.clean.folded, part.start, part.end)
        # The head (title, 文号, addressee) before the first paragraph is the preamble.
        head = 0
        while (
            head < len(lines) and head < 8 and (len(lines[head][2]) <= 40 and not re.search(r"[。;!?]", lines[head][2]))
        ):
            head += 1
        if 0 < head < len(lines):
            self.preamble(part.start, lines[head][0], root, key_prefix, path_prefix)
            lines = lines[head:]
        if len(lines) <= 1:
            if lines:
                self.add(
                    f"{key_prefix}p1",
                    path_prefix + [1],
                    f"{root.label} 正文" if root else "正文",
                    "paragraph",
                    "",
                    lines[0][0],
                    part.end,
                    root,
                )
            return
        for n, (s, e, _line) in enumerate(lines, 1):
            heading = _heading(self.clean.text[s:e])
            self.add(
                f"{key_prefix}p{n}",
                path_prefix + [n],
                f"{root.label + ' ' if root else ''}第{n}段",
                "paragraph",
                heading,
                s,
                e,
                root,
            )


def parse_clauses(clean: CleanText, slug: str) -> list[Clause]:
    folded = clean.folded
    sig_end = _signature_end(folded)
    if sig_end is None:
        # Laws carry no signature: their attachments start at a bare "附件" / "附件1" line.
        sig_end = _bare_attachment_head(folded)
    main_end = sig_end if sig_end is not None else len(folded)
    main = _Part(start=0, end=_closing_start(folded, 0, main_end), closing_end=main_end)
    builder = _Builder(clean, slug)
    builder.tree(main, None, "", [])
    if sig_end is not None:
        for part in _attachment_parts(folded, sig_end):
            node = builder.add(
                f"att{part.n}",
                [1000 + part.n],
                part.label,
                "attachment",
                part.title or part.label,
                part.head_start,
                part.start,
                None,
                text=_slice(clean, part.head_start, part.start)[0],
            )
            builder.tree(part, node, f"att{part.n}.", [1000 + part.n])
    return builder.clauses
