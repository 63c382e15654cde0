"""Cleaning: remove web-page furniture and viewer artefacts from a captured policy text.

Cleaning only ever *deletes* spans of the original, so every character of the cleaned text
is an original character and maps back to its offset (`CleanText.offsets`). That keeps the
text users see identical to the source, and lets clause records carry original offsets.
Matching uses `fold()`, a width/compatibility normalisation that keeps string length, so a
regex position on the folded view is a position in the cleaned text too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.dates import DATE_LINE, ISO_DATE_LINE
from ..text.doctypes import DOC_NUMBER, DOC_TYPE_END, DOC_TYPES
from ..text.normalize import fold
from ..text.numerals import CN_DIGITS

# Sentence-final punctuation (folded forms): a line ending in one of these ends a paragraph.
TERMINATORS = set("。!?;:」』”\"')]】》")

# Structural markers that start a line: 一、 (一) 1. (1) 第X条 —— 、(OCR-lost numeral) 附件
_CN = CN_DIGITS
LINE_MARKER = re.compile(
    rf"^\s*(?:[{_CN}]{{1,3}}、|、|\([{_CN}]{{1,3}}\)|\d{{1,2}}[.、](?!\d)|\(\d{{1,2}}\)|"
    rf"\d{{1,2}}\.(?=(?:19|20)\d{{2}}年|\d.*\?\s*$)|[{_CN}]{{1,3}}\s*$|第[{_CN}\d]+部分|"
    rf"第[{_CN}\d]+[编章节条]|——|附件|[\u2460-\u2473]|\d{{1,2}}(?:\.\d{{1,2}}){{0,3}}[ \t\u3000]+[\u4e00-\u9fff])"
)
_TITLE_END = re.compile(rf"({'|'.join(DOC_TYPES)}|表|清单|名单|目录|名录|指标)$")
_TITLE_STOP = re.compile(r"[。;:!?,，；：！？]")


# The signature block of a document: issuing bodies (or an official with a name) above the date,
# and "（此件公开发布）" below it. Metadata reads issuers and 成文日期 from it; clauses cut parts at it.
BODY = (  # a ministry's 司 signs too ("国家疾控局综合司"), a company (公司) does not
    r"(?:人民政府办公厅|人民政府办公室|办公厅|办公室|人民政府|政府|委员会|管委会|总局|局|厅|部|署|院|会|中心|委|办|行|(?<!公)司)"
)
BODY_SIGNER_LINE = re.compile(rf"^[\u4e00-\u9fff、\s]{{2,60}}{BODY}$|^国务院$|^中央军委$")
# A promulgation order is signed by an official ("总理 李克强"): an issuer line for metadata, but the
# regulation it promulgates is the document itself, not an attachment after a signature.
SIGNER_LINE = re.compile(
    rf"{BODY_SIGNER_LINE.pattern}|^(?:总理|主席|委员长|部长|主任|局长|署长|省长|市长|区长|县长)\s*[\u4e00-\u9fff]{{2,4}}$"
)
PUBLIC_NOTE = re.compile(r"^[(]?(此件|本件)[^)]{0,20}[)]?$")


def title_line_count(lines: list[str], limit: int = 4) -> int:
    """How many of the leading lines form a title: a title may run over two or three lines
    ("国务院关于促进综合保税区" / "高水平开放高质量发展的若干意见"); it ends at a line that ends with
    a document type ("…意见", "…方案", "…表") or a bracketed note ("（试行）"), before any line that
    reads as a sentence."""
    n = 0
    for line in lines[:limit]:
        folded = fold(line.strip())
        if (
            not folded
            or len(folded) > 100
            or _TITLE_STOP.search(folded)
            or LINE_MARKER.match(folded)
            or DATE_LINE.match(folded)
            or ISO_DATE_LINE.match(folded)
            or DOC_NUMBER.fullmatch(folded.replace(" ", ""))
        ):
            break
        n += 1
        compact = re.sub(r"\s+", "", "".join(fold(x) for x in lines[:n]))
        if compact.count("《") > compact.count("》"):
            continue  # a quoted title runs on: "…《中华人民共和国药品管理法" / "实施条例》…的决定"
        if _TITLE_END.search(compact) or compact.endswith(")"):
            return n
    return n if n == 1 else 0


def join_title_lines(lines: list[str]) -> str:
    """Title lines as one string. Spaces a layout put between single characters ("协 调 委 员 会",
    "总  则") go; spaces between words stay, one each ("广州市民政局 广州市财政局关于…")."""
    out = []
    for line in lines:
        tokens = line.split()
        if len(tokens) >= 2 and sum(len(t) == 1 for t in tokens) >= 0.6 * len(tokens):
            out.append("".join(tokens))
        else:
            out.append(" ".join(tokens))
    return re.sub(r"\s+(?=关于)", "", "".join(out))  # "定西市人民政府办公室 关于…" is one phrase


BODY_NAME_END = re.compile(r"(办公厅|办公室|人民政府|委员会|管委会)$")

# Whole lines that are page furniture, matched on the folded, stripped line.
_FURNITURE_LINE = [
    r"^网站标识码[:：]\s*\d{10}$",  # the page's site code: metadata reads it from the raw text
    r"^合集下载$",
    r"^文章属性$",
    r"^正文$",
    r"^相关文档$",
    r"^最新文档$",
    r"^目录$",
    r"^打印\s*关闭$",
    r"^(baidu|map)$",
    r"^返回顶部$",
    r"^\[\s*(打印|关闭)\s*\]$",
    r"^发布时间\s*:",
    r"^【[^】]{8,}】\s*[-—_|]\s*[\u4e00-\u9fff]{2,20}$",  # the page's <title>: 【title】-site name
    r"^(当前位置|您当前所在位置|您的位置|当前所在位置)\s*[:>]",
    r"^>\s*\S",
    r"首页\s*(>|>>|»)",
    r"^联系我们",
    r"^行业新闻",
    r"^点击数",
    r"^浏览次数",
    r"^字体\s*[:\[]",
    r"^[•·]\s*(日期|来源|浏览次数|字体|发布时间)\s*:",
    r"^[•·]?\s*【[^】]{1,8}】",  # 【制定机关】… labelled attributes (kept as metadata)
    r"^(索引号|主题分类|发文机关|成文日期|发文字号|废止时间|发布日期|公开方式|信息来源|来源|文号|发布机构|"
    r"生效日期|有效性|时效性|效力级别|效力等级|所属主题|公文种类)\s*:",
]
# Lines containing these anywhere are furniture (share/print widgets, download notices).
_FURNITURE_PART = [
    "下载文档前",
    "仅部分预览",
    "如文档侵犯您的权益",
    "由会员分享",
    "可在线阅读",
    "文库上搜索",
    "责任编辑",
    "分享到",
    "打印本页",
    "关闭窗口",
    "返回页面顶端",
    "扫一扫在手机打开",
    "【打印】",
    "【关闭】",
    "【字体",
    "收藏本页",
    "加入收藏",
]
FURNITURE_LINE = re.compile("|".join(f"(?:{p})" for p in _FURNITURE_LINE), re.IGNORECASE)
PIPES = re.compile(r"^[\s|]*|[\s|]*$")
PAGE_FRAGMENT = re.compile(r"^\s*(\d{1,3})、")


@dataclass
class CleanText:
    text: str  # original characters with the noise deleted
    offsets: list[int]  # offsets[i] is the position of text[i] in the original
    folded: str  # fold(text): same length, for matching

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) covering cleaned text[start:end]."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else (self.offsets[-1] + 1 if self.offsets else 0)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass
class _Line:
    start: int  # span kept in the original (after stripping pipes and indentation)
    end: int
    text: str  # folded
    join_previous: bool = False  # glue to the previous line without a newline
    drop_prefix: int = 0  # leading chars to drop (page-fragment number)
    skips: list[tuple[int, int]] = field(default_factory=list)  # original spans deleted inside the line


# Markdown is formatting, not text: heading marks, emphasis, comments, rules, quote marks.
_MD_PREFIX = re.compile(r"^(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))")
_MD_EMPHASIS = re.compile(r"\*\*|__")
_MD_DROP_LINE = re.compile(r"^(?:<!--.*-->|[-*_]{3,}|#{1,6})$")


def _strip_markdown(lines: list[_Line]) -> list[_Line]:
    out = []
    for ln in lines:
        if _MD_DROP_LINE.match(ln.text):
            continue
        m = _MD_PREFIX.match(ln.text)
        if m:
            ln.start += m.end()
            ln.text = ln.text[m.end() :]
        skips = [(ln.start + e.start(), ln.start + e.end()) for e in _MD_EMPHASIS.finditer(ln.text)]
        if skips:
            ln.skips = skips
            ln.text = _MD_EMPHASIS.sub("", ln.text)
        if ln.text.strip():
            out.append(ln)
    return out


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _drop_table_of_contents(lines: list[_Line]) -> list[_Line]:
    """A "目录" line followed by headings that the body then repeats: the contents list, not text.
    It is dropped only when the first entry is found again below, so nothing else is lost."""
    for i, ln in enumerate(lines[:80]):
        if _compact(ln.text) not in ("目录", "目次") or i + 1 >= len(lines):
            continue
        first = _compact(lines[i + 1].text)
        for k in range(i + 2, min(len(lines), i + 200)):
            entry = _compact(lines[k].text)
            if entry == first:
                return lines[:i] + lines[k:]
            if len(entry) > 60 or "。" in entry:
                break
    # Without a "目录" line: a run of chapter headings whose first one comes again after the run.
    heading = re.compile(rf"^第[{_CN}\d]+[编章节]")
    for i, ln in enumerate(lines[:80]):
        if not heading.match(ln.text):
            continue
        k = i
        while (
            k < len(lines) and heading.match(lines[k].text) and _compact(lines[k].text) != _compact(ln.text) or k == i
        ):
            k += 1
        if k - i >= 2 and k < len(lines) and _compact(lines[k].text) == _compact(ln.text):
            return lines[:i] + lines[k:]
        break
    return lines


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch.isalnum()


def _split_lines(raw: str) -> list[_Line]:
    lines, pos = [], 0
    for piece in raw.split("\n"):
        body = fold(piece)
        m = PIPES.search(body)  # leading pipes/space
        lead = m.end() if m and m.start() == 0 else 0
        stripped = body[lead:]
        trail_m = re.search(r"[\s|]*$", stripped)
        keep = stripped[: trail_m.start()] if trail_m else stripped
        if keep:
            lines.append(_Line(pos + lead, pos + lead + len(keep), keep))
        pos += len(piece) + 1
    return lines


# A breadcrumb saved one item per line: "首页", ">", "政务公开", ">", "政策", ">", "规范性文件".
_CRUMB_SEPARATOR = re.compile(r"^(?:>{1,2}|»|›|/)$")
_CRUMB_MAX_CHARS = 10


def _drop_breadcrumbs(lines: list[_Line]) -> list[_Line]:
    """A page's navigation trail, one item per line, is furniture: the separator lines and the short
    items on either side of them (a title beside a separator is long, or has punctuation, and stays)."""
    drop: set[int] = set()
    for i, ln in enumerate(lines):
        if not _CRUMB_SEPARATOR.match(ln.text):
            continue
        drop.add(i)
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and len(lines[j].text) <= _CRUMB_MAX_CHARS and not _TITLE_STOP.search(lines[j].text):
                drop.add(j)
    return [ln for i, ln in enumerate(lines) if i not in drop]


def _is_furniture(line: str) -> bool:
    return bool(FURNITURE_LINE.search(line)) or any(p in line for p in _FURNITURE_PART)


def _mark_page_fragments(lines: list[_Line]) -> None:
    """A document viewer inserted page numbers "2、" at the start of each page, often
    mid-sentence ("跻身…国家创新\\n2、型县市"). They run 1, 2, 3 … down the file. A run of at
    least three where most break a sentence is a viewer artefact, not a list: drop the numbers
    and glue each page to the previous one."""
    run: list[int] = []
    expected = 1
    for i, ln in enumerate(lines):
        m = PAGE_FRAGMENT.match(ln.text)
        if m and int(m.group(1)) == expected:
            run.append(i)
            expected += 1
    if len(run) < 3:
        return
    mid_sentence = sum(1 for i in run if i > 0 and lines[i - 1].text[-1:] not in TERMINATORS)
    if mid_sentence * 2 < len(run):
        return
    for i in run:
        m = PAGE_FRAGMENT.match(lines[i].text)
        lines[i].drop_prefix = m.end()
        lines[i].join_previous = i > 0 and lines[i - 1].text[-1:] not in TERMINATORS


def _soft_break(prev: _Line, nxt: _Line) -> bool:
    """A line broken mid-sentence by the page layout ("万元GDP综合能\\n耗明显下降")."""
    p, n = prev.text, nxt.text[nxt.drop_prefix :]
    if not p or not n or not _is_cjk(p[-1]) or not _is_cjk(n[0]) and n[0] not in ".":
        return False
    if LINE_MARKER.match(p) or LINE_MARKER.match(n) or DATE_LINE.match(n) or DATE_LINE.match(p):
        return False
    # Titles, signatures, addressee lines and bracketed sub-titles end where they end.
    if re.match(r"^[\u4e00-\u9fff]{2,8}\s*:", n):
        return False  # a labelled field ("发布时间：…") starts its own line
    tail = re.sub(r"\s+", "", p)
    return not (DOC_TYPE_END.search(tail) or BODY_NAME_END.search(tail) or n.endswith(":") or n[0] in "《(")


def _wrap_width(lines: list[_Line]) -> int:
    """The width a layout wrapped lines at: the length most long lines share (90th percentile).
    A line much shorter than that ended where its author ended it."""
    lengths = sorted(len(ln.text) for ln in lines)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def clean(raw: str, markdown: bool = False) -> CleanText:
    lines = _split_lines(raw)
    if markdown:
        lines = _strip_markdown(lines)
    lines = _drop_table_of_contents(lines)
    lines = [ln for ln in _drop_breadcrumbs(lines) if not _is_furniture(ln.text)]
    # A page title repeated as the document title: keep the later, in-document one.
    head = lines[:15]
    for i, ln in enumerate(head):
        if len(ln.text) >= 8 and any(o.text == ln.text for o in head[i + 1 :]):
            ln.text = ""
    lines = [ln for ln in lines if ln.text]
    _mark_page_fragments(lines)
    width = _wrap_width(lines)
    for prev, nxt in zip(lines, lines[1:], strict=False):
        # Joined only where a layout broke it: a full-width line, or a fragment whose sentence
        # goes on in the next line (short label lines of a flattened table stay apart).
        wrapped = len(prev.text) >= max(0.6 * width, 20) or re.search(r"[,。;]", nxt.text)
        if not nxt.join_previous and wrapped and _soft_break(prev, nxt):
            nxt.join_previous = True

    chars: list[str] = []
    offsets: list[int] = []
    for i, ln in enumerate(lines):
        if i and not ln.join_previous:
            # The newline is an original character: the one just before this line.
            nl = raw.rfind("\n", 0, ln.start)
            chars.append("\n")
            offsets.append(nl if nl >= 0 else ln.start)
        pos = ln.start + ln.drop_prefix
        for s_start, s_end in [*ln.skips, (ln.end, ln.end)]:
            if s_start < pos:
                continue
            chars.append(raw[pos:s_start])
            offsets.extend(range(pos, s_start))
            pos = s_end
    text = "".join(chars)
    return CleanText(text=text, offsets=offsets, folded=fold(text))
