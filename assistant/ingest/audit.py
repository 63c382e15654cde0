"""Structure audit: how well the clause parser reads the numbered structure of real documents.

The audit has its own, deliberately simple idea of what is correct, independent of the parser:
it reads the loader's text line by line, finds the lines that *begin* with a structural marker,
and checks the parser's clause records against them. It needs no index and no embedder; a
folder of a few hundred documents takes seconds. `bench/structure_audit.py` is its command line.

Rules (the whole definition; tests/test_structure_audit.py pins them down):

Lines. The loader's text is split at "\\n". Leading whitespace (also full-width), markdown
'#', '*', '>' and list bullets ("- ") are stripped; matching is on a width-folded copy (NFKC per
character), so （一） and (一), １． and 1. are the same marker.

Markers, with their canonical rank (highest first):
    第X编 / 第X部分 > 第X章 > 第X节 > 第X条 > 1 / 1.1 / 1.1.1 (decimal outline heading lines) > 一、 > （一）
    > 1. / 1、 > （1） > ①…⑳
X is Chinese or Arabic numerals. "1." must not be a decimal ("1.5万人"), except that a numeral,
a dot and a 4-digit year ("1.2025年度…") or a line ending in ？ (a numbered question) is a
marker. "一、二级…" and "1、2号…" (a list of numbers) are not markers; neither is
"第三条第二款规定…" (a reference) or "(市、区)".

Counted markers. A marker line is counted when its number is 1, or the previous counted number
of the same marker type plus one, within the same part — or the number of the previous marker
line of that type, counted or not, plus one: after a gap (an article run into the line before,
a source that lacks its 第一章) the sequence is picked up again at the second marker after the
gap instead of being lost for the rest of the document. Numbering is tracked per part, not per
parent, so articles numbered on across chapters, （一） numbered on across 一、二、三 and 1.
numbered on across （一）（二） all count, and so does a list restarting at 1 under each parent;
a lone "3." with no 2. before it does not. A 编/章/节 line that holds only its heading always
counts (a source that lacks 第一章 still has its 第二章). Not counted: table-of-contents lines (a run of two or
more consecutive 编/章/节 or outline heading lines, optionally after a "目录" line, most of whose headings appear
again after the run; a run ends where one of its headings comes round again, which is where the
body starts) and the signature/date lines of a closing.

Parts. The main text is part 0. An attachment header starts the next part: a line that is only
"附件", "附件N", "附件：" or "附件N：", or is "附件N：title". The attachment list of the closing
("附件：1.…", "附件：title") is not a header, and neither is a colon form standing before the
document's signature (a date line follows it and none precedes it); the marker lines right after
such a list line ("附件：" then "1.…", "2.…") are the list's items and are not counted. Numbering
and parents never reach across parts.

Found. A counted marker is found when a clause record (not the preamble or closing) starts on its
line: clause.start between the line's start and 3 characters after the marker's first character
(so the clause of "## 第一章" may start at '#' or at '第').

Right parent. The expected parent of a counted marker is the nearest preceding counted marker of
strictly higher canonical rank in the same part. The canonical order is used for every document,
even one whose own top level is "1." with "（1）" below (that is the canonical order anyway), or
one that puts 1. above （一） (there the audit's expectation is wrong; rare). The marker's parent
is right when its clause's parent_id is the id of the clause found for the expected parent; with
no expected parent, when the clause has no parent or its parent is an attachment node (kind
attachment/annex/appendix, or label/heading/text starting with 附件).

Lost text. A line of the markdown-cleaned text whose normalised form (NFKC, no whitespace, no
'|', '*', '#') has at least 4 characters and occurs neither in the concatenation of all clause
texts (normalised the same way, in document order) nor in the metadata title is lost; an
attribute line ("文号：…", "发布日期：…", "来源：…") whose value the metadata holds is not. Page
furniture that the cleaner drops on purpose is counted too; `details` lists the most common lost
lines so a person can tell furniture from lost content.

Metadata. Share of documents with a title, a doc_number, an issuer, any date (written, published
or effective) and a region or scope; bad titles are those containing '#' or '*' or longer than 80
characters.
"""

from __future__ import annotations

import bisect
import csv
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import Clause, DocumentMeta
from ..text.numerals import cn_to_int
from .loaders import FORMAT_BY_SUFFIX

# --------------------------------------------------------------------------------- markers

TYPES = ("bian", "zhang", "jie", "tiao", "o1", "o2", "o3", "o4", "cn", "pcn", "num", "pnum", "circ")
RANK = {t: i for i, t in enumerate(TYPES)}  # lower = higher in the hierarchy
_CN_NUM = "一二三四五六七八九十百零〇两"
_CN_SMALL = "一二三四五六七八九十"
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①…⑳
_PAREN_DIGITS = {chr(0x2474 + i): i + 1 for i in range(20)}  # ⑴…⒇

_ARTICLE_LIKE = re.compile(rf"^第\s*([{_CN_NUM}\d]{{1,6}})\s*(编|部分|章|节|条)")
# "一、二级…" is a list of numbers; "一、一年至少认证一次" is 一、 and its heading.
_CN_ITEM = re.compile(rf"^([{_CN_SMALL}]{{1,3}})、(?![{_CN_SMALL}]{{1,3}}(?:级|类|等|档|星|批|月|期|号|至|或|和))")
_CN_BARE = re.compile(rf"^([{_CN_SMALL}]{{1,3}})$")  # a heading that is only its numeral ("## 三")
_PCN_ITEM = re.compile(rf"^\(\s*([{_CN_SMALL}]{{1,3}})\s*\)")
_NUM_ITEM = re.compile(r"^(\d{1,2})[.、](?!\d)")
_NUM_YEAR = re.compile(r"^(\d{1,2})[.、](?=\d{4}年)")
_NUM_QUESTION = re.compile(r"^(\d{1,2})[.、]\d.*[?？]\s*$")
_OUTLINE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})[ \t\u3000]+(?=[\u4e00-\u9fff(])[^。；;，,：:]{1,40}$")
_PNUM_ITEM = re.compile(r"^\(\s*(\d{1,2})\s*\)")
_REFERENCE_AFTER_ARTICLE = re.compile(r"^(第|、|至|和|及|的|规定)")  # "第三条第二款规定…", "第三条、第四条"

_TOC_LINE = re.compile(r"^目\s*录\s*$")
_ATTACHMENT_BARE = re.compile(rf"^附\s*件\s*(?:\d{{1,2}}|[{_CN_SMALL}]{{1,3}})?\s*$")
_ATTACHMENT_COLON = re.compile(rf"^附\s*件\s*(?:\d{{1,2}}|[{_CN_SMALL}]{{1,3}})?\s*[:]\s*$")
_ATTACHMENT_LIST = re.compile(r"^附\s*[件表图]\s*[:]")  # also "附表：1. …"
_ATTACHMENT_TITLED = re.compile(rf"^附\s*件\s*(?:\d{{1,2}}|[{_CN_SMALL}]{{1,3}})\s*[:]\s*\S")
_DATE = rf"[\d〇○零{_CN_SMALL}]{{2,4}}\s*年\s*[\d{_CN_SMALL}]{{1,2}}\s*月\s*[\d{_CN_SMALL}]{{1,3}}\s*日"
_DATE_LINE = re.compile(rf"^(?:\S{{2,30}}\s+)?{_DATE}\s*(?:印发|发布|公布)?\s*$")
_SIGNER_LINE = re.compile(
    r"^[^\s,，。;；:：!！?？]{2,30}(?:办公厅|办公室|人民政府|委员会|管委会|局|厅|部|院|会|署|办|政府)$"
)

_WS = " \t\u3000\xa0\u200b\ufeff"
_HTML_COMMENT = re.compile(r"<!--.*?-->")
_NORM_DROP = re.compile(r"[\s|*#]+")
TOLERANCE = 3


def fold(text: str) -> str:
    """Width fold that keeps the length: NFKC per character where that gives one character
    (（→(, ．→., １→1), except ①…⑳ which stay themselves."""
    out = []
    for ch in text:
        if ch in _CIRCLED:
            out.append(ch)
            continue
        f = unicodedata.normalize("NFKC", ch)
        out.append(f if len(f) == 1 else ch)
    return "".join(out)


def normalize(text: str) -> str:
    """How lines and clause texts are compared for lost text: NFKC, no whitespace, no | * #."""
    return _NORM_DROP.sub("", unicodedata.normalize("NFKC", _HTML_COMMENT.sub("", text)))


def match_marker(body: str) -> tuple[str, int, str] | None:
    """(type, number, marker text) of a marker at the start of a stripped, folded line."""
    m = _ARTICLE_LIKE.match(body)
    if m:
        kind = {"编": "bian", "部分": "bian", "章": "zhang", "节": "jie", "条": "tiao"}[m.group(2)]
        if kind == "tiao" and _REFERENCE_AFTER_ARTICLE.match(body[m.end() :]):
            return None
        return kind, cn_to_int(m.group(1)), m.group(0)
    m = _OUTLINE.match(body)
    if m:  # a decimal outline heading line: "1 总则", "2.1 指挥部" (预案-style documents)
        parts = m.group(1).split(".")
        return f"o{len(parts)}", int(parts[-1]), m.group(1)
    if body[:1] in _CIRCLED:
        return "circ", _CIRCLED[body[0]], body[0]
    if body[:1] in _PAREN_DIGITS:
        return "pnum", _PAREN_DIGITS[body[0]], body[0]
    for kind, rx in (("cn", _CN_ITEM), ("cn", _CN_BARE), ("pcn", _PCN_ITEM), ("pnum", _PNUM_ITEM)):
        m = rx.match(body)
        if m:
            return kind, cn_to_int(m.group(1)), m.group(0)
    m = _NUM_ITEM.match(body) or _NUM_YEAR.match(body) or _NUM_QUESTION.match(body)
    if m:
        return "num", int(m.group(1)), body[: len(m.group(1)) + 1]
    return None


# ----------------------------------------------------------------------------------- lines


@dataclass
class Line:
    no: int  # 1-based line number in the loader's text
    start: int  # offset of the line in the loader's text
    end: int  # offset of its end (the newline or the end of the text)
    body_start: int  # offset after the stripped indentation and markdown marks
    body: str  # folded, stripped text (markdown marks and HTML comments removed)
    norm: str  # normalize(body): what lost-text comparison uses


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for no, raw in enumerate(text.split("\n"), 1):
        i = 0
        while i < len(raw):
            ch = raw[i]
            if ch in _WS or ch in "#*>":
                i += 1
            elif ch in "-+•" and i + 1 < len(raw) and raw[i + 1] in _WS:
                i += 2
            else:
                break
        body = _HTML_COMMENT.sub("", fold(raw[i:])).replace("**", "").rstrip(_WS + "#*")
        lines.append(Line(no, pos, pos + len(raw), pos + i, body, normalize(body)))
        pos += len(raw) + 1
    return lines


def _toc_lines(lines: list[Line]) -> set[int]:
    """Indexes of table-of-contents lines (see the module docstring)."""
    nonblank = [i for i, ln in enumerate(lines) if ln.body]
    toc: set[int] = set()

    def key(body: str) -> str:
        return re.sub(r"[.…·\s\d]+$", "", normalize(body))

    last_seen: dict[str, int] = {}
    for i in nonblank:
        last_seen[key(lines[i].body)] = i
    run: list[int] = []

    def close_run() -> None:
        heads = [i for i in run if not _TOC_LINE.match(lines[i].body)]
        if len(heads) >= 2:
            # A TOC's headings appear again after it, in the body.
            again = sum(1 for i in heads if last_seen[key(lines[i].body)] > run[-1])
            if again * 2 > len(heads):
                toc.update(run)
        run.clear()

    for i in nonblank:
        body = lines[i].body
        mk = match_marker(body)
        is_head = mk is not None and mk[0] in ("bian", "zhang", "jie", "o1", "o2", "o3", "o4")
        if _TOC_LINE.match(body):
            close_run()
            run.append(i)
        elif is_head:
            if any(key(lines[j].body) == key(body) for j in run):
                close_run()  # the first heading again: the TOC ended, the body begins here
            run.append(i)
        else:
            close_run()
    close_run()
    return toc


def _signature_lines(lines: list[Line]) -> set[int]:
    """Date lines of a signature, with the issuer lines just above them."""
    out: set[int] = set()
    for i, ln in enumerate(lines):
        if ln.body and _DATE_LINE.match(ln.body):
            out.add(i)
            j, taken = i - 1, 0
            while j >= 0 and taken < 3:
                if not lines[j].body:
                    j -= 1
                    continue
                if not _SIGNER_LINE.match(lines[j].body.replace(" ", "")):
                    break
                out.add(j)
                taken += 1
                j -= 1
    return out


def _attachments(lines: list[Line]) -> tuple[set[int], set[int]]:
    """(part breaks, attachment-list lines): see "Parts" in the module docstring."""
    dates = [i for i, ln in enumerate(lines) if ln.body and _DATE_LINE.match(ln.body)]
    breaks: set[int] = set()
    listed: set[int] = set()
    for i, ln in enumerate(lines):
        body = ln.body.strip()
        if _ATTACHMENT_BARE.match(body):
            breaks.add(i)
            continue
        if _ATTACHMENT_COLON.match(body) or _ATTACHMENT_TITLED.match(body):
            date_before = any(d < i for d in dates)
            date_after = any(d > i for d in dates)
            if date_before or not date_after:
                breaks.add(i)
                continue
        if _ATTACHMENT_LIST.match(body):
            # The closing's list of attachments: its numbered lines are not structure.
            j = i + 1
            while j < len(lines) and (not lines[j].body or match_marker(lines[j].body)):
                listed.add(j)
                j += 1
    return breaks, listed


@dataclass
class Marker:
    index: int  # position in the list of counted markers
    line: int  # 1-based line number
    offset: int  # offset of the marker in the loader's text
    line_start: int
    line_end: int
    type: str
    number: int
    part: int
    text: str  # the line, shortened, as shown in reports
    parent: int | None = None  # index of the expected parent marker

    @property
    def rank(self) -> int:
        return RANK[self.type]


def scan_markers(text: str) -> list[Marker]:
    """The counted line-start markers of a text, each with its expected parent."""
    lines = split_lines(text)
    skip = _toc_lines(lines) | _signature_lines(lines)
    breaks, listed = _attachments(lines)
    skip |= listed
    markers: list[Marker] = []
    part = 0
    counted: dict[str, int] = {}  # type → last counted number, in this part
    seen: dict[str, int] = {}  # type → number of the last marker line of that type, counted or not
    latest_by_rank: dict[int, int] = {}
    for i, ln in enumerate(lines):
        if i in breaks:
            part += 1
            counted, seen, latest_by_rank = {}, {}, {}
            continue
        if not ln.body or i in skip:
            continue
        mk = match_marker(ln.body)
        if mk is None:
            continue
        kind, number, _ = mk
        # A 编/章/节 line that is only a heading ("第二章 执勤执法用语") is structure whatever came before.
        heading_line = kind in ("bian", "zhang", "jie") and not re.search(r"[。；;，,：:]", ln.body)
        ok = number == 1 or counted.get(kind) == number - 1 or seen.get(kind) == number - 1 or heading_line
        seen[kind] = number
        if not ok:
            continue
        counted[kind] = number
        rank = RANK[kind]
        higher = [idx for r, idx in latest_by_rank.items() if r < rank]
        marker = Marker(
            len(markers),
            ln.no,
            ln.body_start,
            ln.start,
            ln.end,
            kind,
            number,
            part,
            _short(ln.body),
            max(higher) if higher else None,
        )
        latest_by_rank[rank] = marker.index
        markers.append(marker)
    return markers


def _short(s: str, n: int = 40) -> str:
    s = s.strip()
    return s if len(s) <= n else s[: n - 1] + "…"


# ----------------------------------------------------------------------------- documents

_NOT_STRUCTURE = {"preamble", "closing"}
_ATTACHMENT_KINDS = {"attachment", "annex", "appendix"}


@dataclass
class Miss:
    file: str
    line: int
    marker: str  # the line, shortened
    problem: str  # "not found" | "wrong parent"
    expected_parent: str  # "L12 第二章 附则" or "none"
    actual_parent: str  # "L7 第一章 总则 (id)", "none", or "-" when not found


@dataclass
class DocAudit:
    file: str
    genre: str
    markers: int = 0
    found: int = 0
    right_parent: int = 0
    lost_lines: list[str] = field(default_factory=list)
    lost_chars: int = 0
    has_title: bool = False
    has_doc_number: bool = False
    has_issuer: bool = False
    has_date: bool = False
    has_scope: bool = False
    meta: DocumentMeta | None = field(default=None, repr=False, compare=False)  # for --truth
    bad_title: bool = False
    title: str | None = None
    misses: list[Miss] = field(default_factory=list)


def iso(value: str) -> str:
    m = re.match(r"((?:19|20)\d{2})[-./年](\d{1,2})[-./月](\d{1,2})", value)
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else value


def _metadata_values(meta: DocumentMeta | None) -> set[str]:
    """Every value the document's metadata holds, normalised: where an attribute line went."""
    if meta is None:
        return set()
    values = [
        meta.title,
        meta.issuer,
        meta.doc_number,
        meta.written_date,
        meta.published_date,
        meta.effective_date,
        meta.validity,
        *getattr(meta, "issuers", []),
        *meta.attributes.values(),
    ]
    return {normalize(v) for v in values if v}


def _is_attachment_node(c: Clause) -> bool:
    if (c.kind or "").lower() in _ATTACHMENT_KINDS:
        return True
    return any(fold((s or "").lstrip(_WS)).startswith("附件") for s in (c.label, c.heading, c.text))


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, max(0, offset)) + 1


def audit_document(
    text: str, clauses: Sequence[Clause], meta: DocumentMeta | None = None, *, file: str = "", genre: str = ""
) -> DocAudit:
    """Audit one document: `text` is the loader's text, `clauses` the parser's records for it
    (offsets into `text`), `meta` its metadata."""
    meta = meta or DocumentMeta()
    out = DocAudit(file=file, genre=genre, meta=meta)
    markers = scan_markers(text)
    by_id = {c.id: c for c in clauses}
    structural = sorted((c for c in clauses if c.kind not in _NOT_STRUCTURE), key=lambda c: c.start)
    starts = [c.start for c in structural]

    def find(mk: Marker) -> Clause | None:
        """The clause starting closest to the marker, between its line's start and a few
        characters after the marker (never past the line's end)."""
        lo = bisect.bisect_left(starts, mk.line_start)
        hi = bisect.bisect_right(starts, min(mk.offset + TOLERANCE, mk.line_end))
        window = structural[lo:hi]
        return min(window, key=lambda c: abs(c.start - mk.offset)) if window else None

    def describe(c: Clause | None) -> str:
        if c is None:
            return "none"
        return f"L{_line_of(text, c.start)} {c.label} ({c.id.rsplit('#', 1)[-1]})"

    found = [find(mk) for mk in markers]
    out.markers = len(markers)
    for mk, clause in zip(markers, found, strict=True):
        exp = markers[mk.parent] if mk.parent is not None else None
        exp_desc = f"L{exp.line} {exp.text}" if exp else "none"
        if clause is None:
            out.misses.append(Miss(file, mk.line, mk.text, "not found", exp_desc, "-"))
            continue
        out.found += 1
        actual = by_id.get(clause.parent_id) if clause.parent_id else None
        if exp is not None:
            exp_clause = found[exp.index]
            ok = exp_clause is not None and clause.parent_id == exp_clause.id
        else:
            ok = clause.parent_id is None or (actual is not None and _is_attachment_node(actual))
        if ok:
            out.right_parent += 1
        else:
            shown = describe(actual) if actual or not clause.parent_id else f"{clause.parent_id} (unknown id)"
            out.misses.append(Miss(file, mk.line, mk.text, "wrong parent", exp_desc, shown))

    # Lost text.
    blob = "".join(normalize(c.text) for c in sorted(clauses, key=lambda c: (c.start, c.end)))
    title_n = normalize(meta.title or "")
    kept = _metadata_values(meta)
    for ln in split_lines(text):
        label, colon, value = ln.norm.partition(":")
        if colon and len(label) <= 8 and (normalize(value) in kept or iso(value) in kept):
            continue  # a page's attribute line ("文号：…", "来源：…") kept as metadata
        if len(ln.norm) >= 4 and ln.norm not in blob and ln.norm not in title_n:
            out.lost_lines.append(ln.norm)
            out.lost_chars += len(ln.norm)

    # Metadata.
    title = (meta.title or "").strip()
    out.title = title or None
    out.has_title = bool(title)
    out.has_doc_number = bool((meta.doc_number or "").strip())
    out.has_issuer = bool((meta.issuer or "").strip())
    out.has_date = any(getattr(meta, k, None) for k in ("written_date", "published_date", "effective_date"))
    out.has_scope = bool(
        getattr(meta, "region", None) or getattr(meta, "scope", None) or (meta.attributes or {}).get("scope")
    )
    out.bad_title = bool(title) and ("#" in title or "*" in title or len(title) > 80)
    return out


# -------------------------------------------------------------------------------- folders


def genre_map(folder: Path) -> dict[str, str]:
    """file name → kind, from a SOURCES.tsv in the folder or its parent (the first found)."""
    for cand in (folder / "SOURCES.tsv", folder.parent / "SOURCES.tsv"):
        if cand.is_file():
            with cand.open(encoding="utf-8", newline="") as fh:
                rows = csv.DictReader(fh, delimiter="\t")
                return {
                    r["file"].strip(): r["kind"].strip()
                    for r in rows
                    if (r.get("file") or "").strip() and (r.get("kind") or "").strip()
                }
    return {}


def document_files(folder: Path) -> list[Path]:
    files = [
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in FORMAT_BY_SUFFIX
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


@dataclass
class FolderAudit:
    folder: str
    documents: list[DocAudit] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)

    def genres(self) -> list[str]:
        return sorted({d.genre for d in self.documents})


Parser = Callable[[str, str, str], tuple[Sequence[Clause], DocumentMeta]]


# ------------------------------------------------------------------------------ metadata truth

TRUTH_FIELDS = (
    "title",
    "doc_number",
    "issuers",
    "written_date",
    "published_date",
    "effective_date",
    "adopted_date",
    "amended_dates",
    "scope",
)


@dataclass
class TruthScore:
    """Metadata held against a truth file written by reading the documents."""

    n: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TRUTH_FIELDS, 0))
    misses: list[str] = field(default_factory=list)  # "field file: got != want"
    wrong_where_empty: list[str] = field(default_factory=list)  # a value where the text states none

    def share(self, name: str) -> float:
        return self.right[name] / self.n if self.n else 0.0


def _spaceless(value: Any) -> Any:
    """Titles compare without whitespace: "广州市民政局 广州市财政局关于…" is printed either way."""
    return re.sub(r"\s+", "", value) if isinstance(value, str) else value


def score_metadata(truth: Iterable[dict[str, Any]], meta_of: Callable[[str], DocumentMeta]) -> TruthScore:
    """Each truth row ({"file": …, field: value}) against `meta_of(file)`: exact, titles modulo
    whitespace; a value where the truth is empty (scope aside) is also listed on its own."""
    score = TruthScore()
    for row in truth:
        meta = meta_of(row["file"])
        score.n += 1
        for name in TRUTH_FIELDS:
            got, want = getattr(meta, name), row.get(name)
            if got == want or (name == "title" and _spaceless(got) == _spaceless(want)):
                score.right[name] += 1
                continue
            score.misses.append(f"{name} {row['file']}: {got!r} != {want!r}")
            if not want and name != "scope":
                score.wrong_where_empty.append(score.misses[-1])
    return score


def format_truth(score: TruthScore) -> str:
    lines = [f"{'field':16s} {'right':>9s}  share", "-" * 34]
    lines += [f"{name:16s} {score.right[name]:>4d}/{score.n:<4d}  {score.share(name):.3f}" for name in TRUTH_FIELDS]
    lines.append(f"values where the text states none: {len(score.wrong_where_empty)}")
    return "\n".join(lines)


def _default_parser(text: str, slug: str, fmt: str) -> tuple[Sequence[Clause], DocumentMeta]:
    from . import parse_document

    doc = parse_document(text, slug=slug, fmt=fmt)
    return doc.clauses, doc.meta


def audit_folder(folder: Path | str, parser: Parser | None = None) -> FolderAudit:
    """Load, parse and audit every supported file under `folder` (sorted, hidden files skipped)."""
    from . import slugify
    from .loaders import LoadError, load_file

    folder = Path(folder)
    parse = parser or _default_parser
    kinds = genre_map(folder)
    report = FolderAudit(folder=str(folder))
    for path in document_files(folder):
        rel = path.relative_to(folder).as_posix()
        try:
            loaded = load_file(path)
        except LoadError as exc:
            report.skipped.append((rel, str(exc)))
            continue
        genre = kinds.get(path.name) or kinds.get(rel) or loaded.format
        try:
            clauses, meta = parse(loaded.text, slugify(path.stem), loaded.format)
        except Exception as exc:  # the parser is under test: a crash is a finding, not an abort
            report.skipped.append((rel, f"parser failed: {type(exc).__name__}: {exc}"[:200]))
            continue
        report.documents.append(audit_document(loaded.text, clauses, meta, file=rel, genre=genre))
    return report


# -------------------------------------------------------------------------------- reports

COLUMNS = [  # (key, header)
    ("genre", "genre"),
    ("docs", "docs"),
    ("markers", "markers"),
    ("found_pct", "found %"),
    ("right_parent_pct", "right parent %"),
    ("lost_lines", "lost lines"),
    ("lost_chars", "lost chars"),
    ("title_pct", "title %"),
    ("doc_number_pct", "文号 %"),
    ("issuer_pct", "issuer %"),
    ("date_pct", "date %"),
    ("scope_pct", "scope %"),
    ("bad_titles", "bad titles"),
]


def _pct(n: int, d: int) -> float | None:
    return round(100.0 * n / d, 1) if d else None


def summarize(docs: Iterable[DocAudit], genre: str) -> dict[str, Any]:
    docs = list(docs)
    n = len(docs)
    markers = sum(d.markers for d in docs)
    found = sum(d.found for d in docs)
    right = sum(d.right_parent for d in docs)
    return {
        "genre": genre,
        "docs": n,
        "markers": markers,
        "found": found,
        "right_parent": right,
        "found_pct": _pct(found, markers),
        "right_parent_pct": _pct(right, markers),
        "lost_lines": sum(len(d.lost_lines) for d in docs),
        "lost_chars": sum(d.lost_chars for d in docs),
        "title_pct": _pct(sum(d.has_title for d in docs), n),
        "doc_number_pct": _pct(sum(d.has_doc_number for d in docs), n),
        "issuer_pct": _pct(sum(d.has_issuer for d in docs), n),
        "date_pct": _pct(sum(d.has_date for d in docs), n),
        "scope_pct": _pct(sum(d.has_scope for d in docs), n),
        "bad_titles": sum(d.bad_title for d in docs),
    }


def rows(report: FolderAudit) -> list[dict[str, Any]]:
    """One summary row per genre (sorted by name) and a final "total" row."""
    by_genre: dict[str, list[DocAudit]] = defaultdict(list)
    for d in report.documents:
        by_genre[d.genre].append(d)
    out = [summarize(by_genre[g], g) for g in sorted(by_genre)]
    out.append(summarize(report.documents, "total"))
    return out


def _interleave_by_file(misses: list[Miss]) -> list[Miss]:
    """The first miss of each file, then the second of each, …: examples from many documents."""
    per_file: dict[str, list[Miss]] = defaultdict(list)
    for m in misses:
        per_file[m.file].append(m)
    ordered: list[Miss] = []
    depth = 0
    while len(ordered) < len(misses):
        for f in sorted(per_file):
            if depth < len(per_file[f]):
                ordered.append(per_file[f][depth])
        depth += 1
    return ordered


def details(report: FolderAudit, n: int) -> dict[str, dict[str, Any]]:
    """Per genre: up to n example misses (spread over files) and the n most common lost lines."""
    out: dict[str, dict[str, Any]] = {}
    for g in report.genres():
        docs = [d for d in report.documents if d.genre == g]
        misses = _interleave_by_file([m for d in docs for m in d.misses])[:n]
        counts: Counter[str] = Counter()
        example: dict[str, str] = {}
        for d in docs:
            for line in dict.fromkeys(d.lost_lines):
                counts[line] += 1
                example.setdefault(line, d.file)
        top = sorted(counts, key=lambda s: (-counts[s], -len(s), s))[:n]
        out[g] = {
            "misses": [m.__dict__ for m in misses],
            "lost_lines": [{"docs": counts[s], "text": _short(s, 60), "example_file": example[s]} for s in top],
        }
    return out


def to_json(report: FolderAudit, details_n: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        "folder": report.folder,
        "rows": rows(report),
        "skipped": [{"file": f, "reason": r} for f, r in report.skipped],
    }
    if details_n > 0:
        data["details"] = details(report, details_n)
    return data


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int, right: bool) -> str:
    fill = " " * max(0, w - _width(s))
    return fill + s if right else s + fill


def format_table(report: FolderAudit) -> str:
    table = rows(report)
    cells = [[h for _, h in COLUMNS]]
    for r in table:
        cells.append(
            ["-" if r[k] is None else (f"{r[k]:.1f}" if isinstance(r[k], float) else str(r[k])) for k, _ in COLUMNS]
        )
    widths = [max(_width(row[i]) for row in cells) for i in range(len(COLUMNS))]
    lines = []
    for j, row in enumerate(cells):
        lines.append("  ".join(_pad(c, widths[i], right=i > 0) for i, c in enumerate(row)).rstrip())
        if j == 0 or j == len(cells) - 2:
            lines.append("  ".join("-" * w for w in widths))
    if report.skipped:
        lines.append("")
        lines.append(f"skipped {len(report.skipped)} file(s):")
        lines += [f"  {f}: {r}" for f, r in report.skipped]
    return "\n".join(lines)


def format_details(report: FolderAudit, n: int) -> str:
    parts = []
    for g, d in details(report, n).items():
        parts.append(f"\n== {g}")
        parts.append(f"  misses (up to {n}): file:line  marker  |  problem  |  expected parent  |  actual parent")
        for m in d["misses"]:
            parts.append(
                f"    {m['file']}:{m['line']}  {m['marker']}  |  {m['problem']}  |  "
                f"{m['expected_parent']}  |  {m['actual_parent']}"
            )
        if not d["misses"]:
            parts.append("    (none)")
        parts.append(f"  most common lost lines (up to {n}): [docs] text  (example file)")
        for lost in d["lost_lines"]:
            parts.append(f"    [{lost['docs']}] {lost['text']}  ({lost['example_file']})")
        if not d["lost_lines"]:
            parts.append("    (none)")
    return "\n".join(parts).lstrip("\n")


__all__ = [
    "DocAudit",
    "FolderAudit",
    "Marker",
    "Miss",
    "audit_document",
    "audit_folder",
    "details",
    "document_files",
    "format_details",
    "format_table",
    "genre_map",
    "match_marker",
    "rows",
    "scan_markers",
    "split_lines",
    "summarize",
    "to_json",
]
