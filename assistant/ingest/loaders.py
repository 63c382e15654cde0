"""Read source files of several formats into plain text.

The text returned here is "the original text" of a document: later stages keep character
offsets into it, so apart from normalising line endings to "\\n" nothing is changed
(no stripping, no Unicode normalisation). Formats that are not plain text are rendered once,
here: a web page gives its document (headline, attribute lines, body) without the site
around it, and the tables of web pages and .docx files give one line per row, each cell with
its column's header ("列名：值；列名：值"). Every failure becomes a LoadError whose message
is one line a non-programmer can act on; library exceptions never escape.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import io
import logging
import os
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"})

_FORMAT_BY_SUFFIX: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

# ".markdown" is accepted but not advertised, to keep the message short.
_ADVERTISED_SUFFIXES = ", ".join(sorted(SUPPORTED_SUFFIXES - {".markdown"}))

_MAX_REASON_CHARS = 120

# Control characters that real text files do contain. Any other control character (C0/C1),
# unassigned or private-use code point is a sign that the bytes are not text; a real
# document may hold a few (old GBK fonts put rare characters in the private-use area).
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
_JUNK_CATEGORIES = frozenset({"Cc", "Cn", "Co"})
_MAX_JUNK_SHARE = 0.02

# GBK and GB2312 pages routinely use characters outside their declared charset; GB18030 is a
# strict superset of both, so decoding with it never loses what the page meant.
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "hz"})

# A charset declaration sits in the first part of <head>; browsers look at 1024 bytes,
# real government pages sometimes put a long <title> or comments first, so look further.
_HTML_SNIFF_BYTES = 8192
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""",
    re.IGNORECASE,
)
_XML_ENCODING_RE = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)


class LoadError(Exception):
    """One-line, user-facing reason a file was skipped (no traceback is ever shown to users)."""


@dataclass
class LoadedFile:
    path: Path
    format: str  # "txt" | "md" | "html" | "docx" | "pdf"
    text: str  # extracted text, "\n" line endings, characters otherwise as they are
    sha256: str  # hex sha256 of the file's raw bytes
    encoding: str | None  # text encoding used for txt/md/html; None for docx/pdf


# --------------------------------------------------------------------------- public API


def load_file(path: Path) -> LoadedFile:
    """Read one file into text, or raise LoadError saying in one line why it can't be used."""
    path = Path(path)
    suffix = path.suffix.lower()
    fmt = _FORMAT_BY_SUFFIX.get(suffix)
    if fmt is None:
        shown = suffix or "(no extension)"
        raise LoadError(f"unsupported format '{shown}' (supported: {_ADVERTISED_SUFFIXES})")
    if not path.exists():
        raise LoadError("file not found")
    if not path.is_file():
        raise LoadError("not a regular file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read file: {_short_reason(exc)}") from None

    if not data:
        raise LoadError("empty file")
    sha256 = hashlib.sha256(data).hexdigest()

    encoding: str | None = None
    try:
        if fmt in ("txt", "md"):
            text, encoding = _decode_text(data)
            if not text.strip():
                raise LoadError("empty file")
        elif fmt == "html":
            text, encoding = _load_html(data)
        elif fmt == "docx":
            text = _load_docx(data)
        else:
            text = _load_pdf(data)
    except LoadError:
        raise
    except Exception as exc:  # a safety net: each parser converts its own errors already
        raise LoadError(f"unreadable {fmt} file: {_short_reason(exc)}") from None

    text = _normalise_newlines(text)
    if not text.strip():
        raise LoadError("no text found in document")
    return LoadedFile(path=path, format=fmt, text=text, sha256=sha256, encoding=encoding)


def iter_source_files(paths: Iterable[Path]) -> list[Path]:
    """Expand the given paths into the files to ingest.

    Directories are walked recursively in sorted order, skipping hidden entries and files
    whose format is unsupported. Files named explicitly are kept whatever their suffix, so
    that load_file can tell the user why one is skipped instead of it vanishing silently.
    """
    result: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        given = Path(given)
        if not given.exists():
            raise LoadError(f"no such file or directory: {given}")
        found = _walk_dir(given) if given.is_dir() else [given]
        for p in found:
            key = p.resolve()
            if key not in seen:  # a file named both directly and through its directory
                seen.add(key)
                result.append(p)
    return result


# --------------------------------------------------------------------------- helpers


def _walk_dir(root: Path) -> list[Path]:
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        # Prune in place so .git, .venv and the like are never descended into.
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(Path(dirpath) / name)
    return sorted(files, key=lambda p: p.relative_to(root).parts)


def _short_reason(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    first = lines[0].strip() if lines else ""
    reason = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    if len(reason) > _MAX_REASON_CHARS:
        reason = reason[: _MAX_REASON_CHARS - 1] + "…"
    return reason


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    junk = sum(1 for ch in text if ch not in _TEXT_CONTROLS and unicodedata.category(ch) in _JUNK_CATEGORIES)
    return junk / len(text) > _MAX_JUNK_SHARE


def _binary_error() -> LoadError:
    return LoadError("not a text document (binary content)")


def _decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode the bytes of a text file; return (text, encoding used).

    Order: BOM, then a valid declared charset (HTML), then UTF-8, then GB18030 (what
    Chinese government sites serve when they are not UTF-8), then charset-normalizer.
    """
    if data.startswith(codecs.BOM_UTF8):
        with contextlib.suppress(UnicodeDecodeError):
            return _checked(data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8")
    # Windows Notepad's "Unicode" is UTF-16 with a BOM; it is full of NUL bytes but is text.
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc), enc)
            except UnicodeDecodeError:
                break  # a BOM followed by junk: let the NUL check below call it binary
    if b"\x00" in data:
        raise _binary_error()

    if declared is not None:
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            pass  # declaration is wrong; detect instead
        else:
            # A page re-saved as UTF-8 often keeps its old "gb2312" meta tag, and UTF-8 bytes
            # decode as (wrong) GB18030 without error. Valid non-ASCII UTF-8 is overwhelming
            # evidence, so it wins over a contrary declaration.
            if declared != "utf-8" and not data.isascii():
                with contextlib.suppress(UnicodeDecodeError):
                    return _checked(data.decode("utf-8"), "utf-8")
            return _checked(text, declared)

    for enc in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(enc), enc)
        except UnicodeDecodeError:
            continue

    from charset_normalizer import from_bytes

    try:
        best = from_bytes(data).best()
    except Exception:
        best = None
    if best is None or best.encoding is None:
        raise _binary_error()
    return _checked(str(best), best.encoding)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    if _looks_binary(text):
        raise _binary_error()
    return text, encoding


def _declared_html_charset(data: bytes) -> str | None:
    """The charset a page declares (meta charset / http-equiv / XML prolog), if Python knows it."""
    head = data[:_HTML_SNIFF_BYTES]
    match = _META_CHARSET_RE.search(head) or _XML_ENCODING_RE.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None  # "charset=foo": not valid, so fall back to detection
    if name in _GB_FAMILY:
        return "gb18030"
    # A page can only declare an ASCII-compatible charset in ASCII; "utf-16" here means the
    # declaration was copied from elsewhere, and decoding by it would produce garbage.
    if name.startswith(("utf-16", "utf-32")):
        return None
    return name


def _load_html(data: bytes) -> tuple[str, str]:
    html, encoding = _decode_text(data, declared=_declared_html_charset(data))
    if not html.strip():
        raise LoadError("empty file")
    root = _parse_html(html)
    text = _html_main_text(root)
    if not text.strip():
        text = _html_body_text(root)
    return text, encoding


# --------------------------------------------------------------------------- tables
#
# One renderer for the tables of every format (HTML and .docx): a table becomes one line per
# row that reads on its own, so that a fee standard, a scoring rule or a division-of-labour row
# keeps its meaning when a clause or a passage is cut out of the document.


@dataclass(eq=False)
class _TableCell:
    """One physical cell. A merged cell is the same object at every grid position it covers,
    so identity (not text) tells a merged cell from two cells that happen to read the same."""

    text: str
    header: bool = False  # marked as a header by the format (<th>, <thead>, Word's header row)


_Grid = list[list["_TableCell | None"]]

_ROW_SEP = "；"
_KV_SEP = "："
_LABEL_COLONS = ("：", ":")
_MAX_LABEL_CHARS = 30
_MAX_HEADER_CHARS = 40
_FORM_EMPTY_SHARE = 0.4  # a table whose cells are mostly empty is a blank form, not data
# A first row starting with a bare number ("1", "（1）", "1.") is already data: no header row.
_ROW_NUMBER_RE = re.compile(r"[（(]?\d{1,4}[)）.、．]?")


def _table_lines(grid: _Grid) -> list[str]:
    """Render a table as lines, one per row, each readable on its own.

    - Data rows read "header：value；header：value" with the headers of their columns (a
      grouped header reads "组（列）"); empty cells are skipped; a cell merged over several
      rows is repeated in each of them, one merged over several columns is given once.
    - A row that is a single cell across the whole table (a caption, a section title) is a
      line of its own; so is every row of a one-column table.
    - Key/value tables (two columns, or label cells ending in "：") give "key：value" lines.
    - Blank forms (mostly empty cells) give their labels row by row, joined by "；".
    """
    width = max((len(row) for row in grid), default=0)
    rows = [row + [None] * (width - len(row)) for row in grid]
    rows = [row for row in rows if any(cell is not None and cell.text for cell in row)]
    if not rows:
        return []
    if width == 1:
        return [row[0].text for row in rows if row[0] is not None]

    spans = [_row_cells(row) for row in rows]
    caption = [len(cells) == 1 and cells[0][1] == 0 and cells[0][2] == width for cells in spans]
    body = [i for i in range(len(rows)) if not caption[i]]

    def plain(i: int) -> str:
        return _ROW_SEP.join(cell.text for cell, _, _ in spans[i] if cell.text)

    def starts(i: int) -> bool:
        # A row that only repeats cells merged down from above adds nothing to a plain listing.
        return i == 0 or any(cell.text and all(c is not cell for c in rows[i - 1]) for cell, _, _ in spans[i])

    if not body:
        return [plain(i) for i in range(len(rows))]

    header_marked = [all(cell.header for cell, _, _ in spans[i]) for i in range(len(rows))]
    if _is_key_value_table(spans, body, width, any(header_marked)):
        lines: list[str] = []
        for i in range(len(rows)):
            lines.extend([plain(i)] if caption[i] else _key_value_pairs(spans[i]))
        return [line for line in lines if line]

    header_rows = _header_rows(rows, spans, body, header_marked)
    data = [i for i in body if i not in header_rows]
    if not header_rows or not data or _is_blank_form([cell for i in body for cell, _, _ in spans[i]]):
        return [line for line in (plain(i) for i in range(len(rows)) if starts(i)) if line]

    names = _column_names(rows, header_rows, width)
    lines = []
    for i in range(len(rows)):
        if i in header_rows:
            continue
        if caption[i]:
            lines.append(plain(i))
            continue
        parts = []
        for cell, start, end in spans[i]:
            if not cell.text:
                continue
            name = _span_name(names, start, end)
            parts.append(f"{name}{_KV_SEP}{cell.text}" if name and name != cell.text else cell.text)
        if parts:
            lines.append(_ROW_SEP.join(parts))
    return lines


_CJK_CHAR_RE = re.compile(r"[\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")


def _join_lines(lines: Iterable[str]) -> str:
    """The lines of one table cell as one: Chinese lines run on, others get a space between."""
    text = ""
    for line in lines:
        if not line:
            continue
        if text and not (_CJK_CHAR_RE.match(text[-1]) and _CJK_CHAR_RE.match(line[0])):
            text += " "
        text += line
    return text


def _row_cells(row: list[_TableCell | None]) -> list[tuple[_TableCell, int, int]]:
    """The distinct cells of a row with the [start, end) columns each covers, in order."""
    cells: list[tuple[_TableCell, int, int]] = []
    for col, cell in enumerate(row):
        if cell is None:
            continue
        if cells and cells[-1][0] is cell and cells[-1][2] == col:
            cells[-1] = (cell, cells[-1][1], col + 1)
        else:
            cells.append((cell, col, col + 1))
    return cells


def _is_label(text: str) -> bool:
    return text.endswith(_LABEL_COLONS) and len(text) <= _MAX_LABEL_CHARS


def _is_key_value_table(spans: list, body: list[int], width: int, marked: bool) -> bool:
    if width == 2 and not marked:
        # Short keys in the first column: "发布机构 | 广州市民政局". Two long cells side by side
        # (two opinion boxes of a form) are not keys and values.
        keys = [spans[i][0][0].text for i in body if len(spans[i]) == 2]
        return bool(keys) and all(len(key) <= _MAX_LABEL_CHARS for key in keys)
    # Attribute tables: "索引号： | 1144…/2024-00031 | 分类： | …" — most rows open with a label.
    labelled = sum(1 for i in body if spans[i] and _is_label(spans[i][0][0].text))
    return labelled * 2 >= len(body)


def _key_value_pairs(cells: list[tuple[_TableCell, int, int]]) -> list[str]:
    """A key/value row: "key：value" per pair; a label with no value is dropped."""
    texts = [cell.text for cell, _, _ in cells if cell.text]
    if len(cells) == 2 and not _is_label(texts[0] if texts else ""):
        key, value = cells[0][0].text, cells[1][0].text
        if key and value:
            return [f"{key}{_KV_SEP}{value}"]
        return [t for t in (key, value) if t]
    lines: list[str] = []
    pending: str | None = None
    for text in texts:
        if _is_label(text):
            pending = text  # a label right after a label had no value: drop the first
            continue
        lines.append(f"{pending}{text}" if pending else text)
        pending = None
    return lines


def _header_rows(rows: _Grid, spans: list, body: list[int], marked: list[bool]) -> set[int]:
    """Which rows are column headers: those the format marks (<th>/<thead>, Word's header
    row) at the top; otherwise the first row, with the row below it when the first row
    groups columns (a cell over several columns) or has cells that reach down into it."""
    first = body[0]
    if marked[first]:
        found = set()
        for i in body:
            if not marked[i]:
                break
            found.add(i)
        return found
    if len(body) < 2:
        return set()
    first_cells = [cell for cell, _, _ in spans[first]]
    if any(not cell.text for cell in first_cells[1:]):
        return set()  # a header names every column (the corner cell aside): this is a form row
    if any(len(cell.text) > _MAX_HEADER_CHARS for cell in first_cells):
        return set()  # headers are names, not paragraphs
    first_text = next((cell.text for cell in first_cells if cell.text), "")
    if _ROW_NUMBER_RE.fullmatch(first_text):
        return set()  # "1 | …": the table starts with data
    depth = 1
    for cell, _, _ in spans[first]:
        down = 1
        while first + down < len(rows) and any(c is cell for c in rows[first + down]):
            down += 1
        depth = max(depth, down)
    if depth == 1 and any(end - start > 1 for _, start, end in spans[first]):
        depth = 2  # "统筹基金最高支付限额" over "职工医保 | 城乡居民医保"
    found = {i for i in body if first <= i < first + depth}
    # Never take every row as header: keep at least one data row.
    return found if len(found) < len(body) else {first}


def _column_names(rows: _Grid, header_rows: set[int], width: int) -> list[list[_TableCell]]:
    names: list[list[_TableCell]] = []
    for col in range(width):
        chain: list[_TableCell] = []
        for i in sorted(header_rows):
            cell = rows[i][col]
            if cell is not None and cell.text and not any(cell is c for c in chain):
                chain.append(cell)
        names.append(chain)
    return names


def _chain_name(chain: list[_TableCell]) -> str:
    texts = [cell.text.rstrip("：:") for cell in chain]
    texts = [t for t in texts if t]
    if not texts:
        return ""
    return texts[0] if len(texts) == 1 else f"{texts[0]}（{'，'.join(texts[1:])}）"


def _span_name(names: list[list[_TableCell]], start: int, end: int) -> str:
    """The header of a cell covering columns [start, end). Over columns of one header it is
    that header; over several it is what their headers share ("统筹基金最高支付限额" over its
    "职工医保" and "城乡居民医保"). A cell that covers one header whole and only a part of
    the next (a colspan off by one in the source) belongs to the header it covers whole."""
    chains = names[start:end]
    if not chains:
        return ""
    leaves: list[_TableCell] = []
    for chain in chains:
        if chain and not any(chain[-1] is leaf for leaf in leaves):
            leaves.append(chain[-1])
    whole = [
        leaf for leaf in leaves
        if all(start <= col < end for col in range(len(names)) if names[col] and names[col][-1] is leaf)
    ]  # fmt: skip
    if len(whole) == 1 and len(leaves) > 1:
        return _chain_name(next(chain for chain in chains if chain and chain[-1] is whole[0]))
    common = chains[0]
    for chain in chains[1:]:
        n = 0
        while n < min(len(common), len(chain)) and common[n] is chain[n]:
            n += 1
        common = common[:n]
    if common:
        return _chain_name(common)
    parts = []
    for chain in chains:
        name = _chain_name(chain)
        if name and name not in parts:
            parts.append(name)
    return "、".join(parts)


def _is_blank_form(cells: list[_TableCell]) -> bool:
    distinct = {id(cell): cell for cell in cells}  # the cells are alive: their ids are theirs
    empty = sum(1 for cell in distinct.values() if not cell.text)
    return bool(distinct) and empty / len(distinct) > _FORM_EMPTY_SHARE


# --------------------------------------------------------------------------- html
#
# Government pages wrap one document in a site: menus, search, breadcrumbs, share and print
# widgets, related-news lists, footers, often a hidden printable copy of the text. The text
# kept is the document's: its headline, its attribute block (索引号, 文号, 发布日期 …) and its
# body, tables included, one paragraph (or table row) a line. The body is the deepest container
# holding more than half of the page's text outside links; around it, neighbouring blocks are
# taken while they are not site furniture (the text of a long 办法 is often split over several
# sibling blocks, its 附表 last). Furniture is told by markup (nav, header/footer, class and id
# words), by link density, and by UI wording ("分享到", "【打印】", "扫一扫在手机打开当前页").

_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "frame", "object", "embed", "svg",
    "canvas", "select", "option", "optgroup", "button", "input", "textarea", "map", "area",
    "audio", "video", "source", "track",
)  # fmt: skip

_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "caption",
     "thead", "tbody", "tfoot", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main",
     "aside", "nav", "header", "footer", "blockquote", "pre", "address", "figure", "figcaption",
     "form", "fieldset", "legend", "hr", "center", "details", "summary", "body", "html"}
)  # fmt: skip

_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Pages that show their text by script once loaded hide it first; a page is only read
# without its hidden parts while what is visible keeps at least this share of its text.
_MIN_VISIBLE_SHARE = 0.25

# Site furniture by class/id word. Strong: navigation and page chrome, never the document;
# reaching one stops the search for more of the document around its body. Weak: widgets that
# sit right beside the text (share, print, font size, QR code, related items) and are dropped.
_STRONG_FURNITURE_TAGS = frozenset({"nav", "aside", "menu", "form"})
_STRONG_FURNITURE_WORDS = frozenset(
    {"header", "footer", "foot", "nav", "navbar", "mainnav", "topnav", "subnav", "menu", "crumb",
     "crumbs", "breadcrumb", "breadcrumbs", "curb", "curmb", "dqwz", "search", "sousuo", "login",
     "copyright", "sidebar", "aside"}
)  # fmt: skip
_WEAK_FURNITURE_WORDS = frozenset(
    {"share", "fenxiang", "bdshare", "print", "dayin", "ewm", "qrcode", "erweima", "setfont",
     "fontsize", "zihao", "backtop", "gotop", "totop", "related", "relate", "xgwz", "xgxw", "tag",
     "tags", "function", "tool", "tools", "toolbar", "modal", "popup", "easybtn", "quickbar"}
)  # fmt: skip
_CLASS_WORD_RE = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])")
_ATTACHMENT_HREF_RE = re.compile(
    r"\.(?:docx?|xlsx?|et|wps|pdf|ofd|zip|rar|7z|txt|pptx?|jpe?g|png)(?:[?#].*)?$", re.IGNORECASE
)
_LINK_DENSE_SHARE = 0.5
_MIN_LINK_CHARS_FOR_NAV = 20  # a link-dense block with this much link text is a menu or a list
_MIN_NEIGHBOUR_CHARS = 6  # smaller neighbours of the body without an attribute are UI labels
_MIN_LARGE_NEIGHBOUR_CHARS, _LARGE_NEIGHBOUR_SHARE = 50, 0.2
_MAX_ATTR_BLOCK_CHARS = 600

# Document attributes as government pages label them (索引号：…, 文 号：…, 发布日期：…).
_ATTR_LABELS = (
    "索引号", "统一编号", "主题分类", "体裁分类", "组配分类", "服务对象分类", "分类", "发布机构",
    "发布机关", "发文机关", "发文单位", "制发机关", "成文日期", "发文日期", "发布日期", "公布日期",
    "印发日期", "实施日期", "施行日期", "生效日期", "失效日期", "废止日期", "有效期", "发表时间",
    "发布时间", "更新时间", "时间", "日期", "文号", "发文字号", "文件编号", "文件状态", "有效性",
    "时效性", "效力状态", "名称", "标题", "来源", "信息来源", "文章来源", "作者", "主题词", "关键词",
    "公开方式", "公开范围", "公开属性", "公开时限", "责任部门", "浏览次数", "浏览量", "阅读次数",
    "访问量", "点击量", "字号", "字体", "字体大小", "浏览字号",
)  # fmt: skip
_ATTR_FURNITURE_LABELS = frozenset(
    {"浏览次数", "浏览量", "阅读次数", "访问量", "点击量", "字号", "字体", "字体大小", "浏览字号"}
)
_ATTR_LABEL_RE = re.compile(
    r"(?:(?:^|(?<=[\s\u3000【】\[\]|｜丨/\u2063]))(?P<label>"
    + "|".join(r"\s*".join(map(re.escape, label)) for label in sorted(_ATTR_LABELS, key=len, reverse=True))
    # Counters and font switches are cut off wherever they start ("…社保中心浏览字号：大中小").
    + r")|(?P<furniture>"
    + "|".join(sorted((label for label in _ATTR_FURNITURE_LABELS if len(label) > 2), key=len, reverse=True))
    + r"))\s*(?P<colon>[:：])"
)

# Whole lines that are page furniture: UI words only ("【打印】【关闭窗口】", "分享到：",
# "A+大 A+中 A+小", "浏览次数：-", "扫一扫在手机打开当前页"), breadcrumbs, previous/next links.
_UI_WORDS = (
    "扫一扫在手机打开当前页", "扫一扫在手机上打开当前页", "分享文章到", "分享到", "分享", "打印本页",
    "打印页面", "打印", "关闭窗口", "关闭本页", "关闭", "返回顶部", "回到顶部", "返回首页", "返回",
    "收藏本页", "加入收藏", "我的收藏", "收藏", "纠错", "浏览次数", "浏览量", "阅读次数", "访问量",
    "点击量", "浏览字号", "字体大小", "字体", "字号", "大", "中", "小", "默认", "标签", "扫码浏览",
    "扫码", "下载文字版", "下载图片版", "视力保护色", "复制链接", "微信", "微博", "QQ空间", "QQ",
    "取消", "A", "次", "人次", "语音播报", "朗读", "放大", "缩小",
)  # fmt: skip
_UI_LINE_RE = re.compile(
    r"(?:\d+|" + "|".join(map(re.escape, sorted(_UI_WORDS, key=len, reverse=True))) + r")+"
)
_NOT_WORD_RE = re.compile(r"[\W_]+")
_MAX_UI_LINE_CHARS = 40
_NAV_LINE_RE = re.compile(
    r"^(?:当前位置|您当前所在的位置|您当前的位置|您现在的位置|您的位置|所在位置|当前的位置|"
    r"上一篇|下一篇|上一条|下一条)\s*[:：]"
)

# Outside the body every inline element starts with this mark, so that labels in adjacent
# elements split ("<span>来源：…</span><span>时间：…</span>"); it never reaches the text.
_INLINE_MARK = "\u2063"
_SPACE_RE = re.compile(r"[ \t\n\r\f\v\xa0\u200b]+")
# Browsers drop a line break in the source between two CJK characters (CSS Text 3); so do we.
_CJK = r"\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
_CJK_BREAK_RE = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\v\xa0]*\n[ \t\n\r\f\v\xa0]*(?=[{_CJK}])")
_TITLE_SEPARATOR_RE = re.compile(r"\s+[-_|｜—–]+\s+|[-_|｜—–]{1,2}")


def _parse_html(html: str):  # -> lxml.html.HtmlElement
    import lxml.html

    try:
        # Bytes, not str: lxml refuses a str that carries an XML encoding declaration.
        parser = lxml.html.HTMLParser(encoding="utf-8")
        root = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except Exception as exc:
        raise LoadError(f"unreadable HTML: {_short_reason(exc)}") from None
    for bad in root.xpath("|".join(f"//{tag}" for tag in _DROP_TAGS)):
        bad.drop_tree()
    return root


def _html_body(root):
    body = root.find("body")
    return body if body is not None else root


def _html_body_text(root) -> str:
    """Fallback when no main text is found: the body's text, one block per line."""
    return "\n".join(line for line, _ in _HtmlLines().render(_html_body(root)))


def _html_main_text(root) -> str:
    body = _html_body(root)
    title_text = _page_title(root)
    _drop_invisible(body)
    stats = _TextStats(body)
    total = stats.nonlink(body)
    if total == 0:
        return ""

    # The container holding most of the text. It stops at a paragraph or a data table: a page
    # with two paragraphs, one long, is both paragraphs.
    core = body
    while True:
        bigger = next(
            (c for c in _children(core) if stats.nonlink(c) * 2 > total and _may_hold_text(c)), None
        )
        if bigger is None:
            break
        core = bigger

    # Take in the neighbours of the body, level by level, while none of them is site chrome.
    # Where chrome starts, only a large block of text beside the body is still taken (the
    # second half of a text split in two), and no level above.
    region, skip = core, set()
    while region is not body:
        parent = region.getparent()
        if parent is None:
            break
        others = [c for c in _children(parent) if c is not region]
        if any(_is_strong_furniture(c, stats) for c in others):
            large = max(_MIN_LARGE_NEIGHBOUR_CHARS, _LARGE_NEIGHBOUR_SHARE * stats.nonlink(core))
            kept = [
                c for c in others
                if not _is_strong_furniture(c, stats) and not _is_weak_furniture(c, stats)
                and stats.nonlink(c) >= large
            ]  # fmt: skip
            if kept:
                skip.update(c for c in others if c not in kept)
                region = parent
            break
        skip.update(c for c in others if _is_weak_furniture(c, stats))
        region = parent

    chrome = _chrome_elements(body, core)
    title_el = _find_title_element(body, title_text, chrome, stats)
    if title_el is not None:
        skip.add(title_el)
    attr_blocks = _find_attribute_blocks(body, core, region, chrome, stats)

    lines: list[str] = []
    if title_el is not None:
        title = "".join(line for line, _ in _HtmlLines().render(title_el)).strip()
        if title:
            lines.append(title)
    seen: set[str] = set()
    for block in attr_blocks:
        lines.extend(_attribute_lines(_HtmlLines(skip=skip, mark=True).render(block), seen))
    lines.extend(_attribute_lines(_HtmlLines(skip=skip, core=core, mark=True).render(region), seen))
    return "\n".join(line for line in lines if not _is_ui_line(line))


_TEXT_BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote", "address",
     "caption", "table"}
)  # fmt: skip


def _may_hold_text(el) -> bool:
    """An element the body of a page can be inside: not a paragraph, not a data table."""
    return el.tag not in _TEXT_BLOCK_TAGS or (el.tag == "table" and _is_layout_table(el))


def _children(el) -> list:
    return [c for c in el if isinstance(c.tag, str)]


def _class_words(el) -> set[str]:
    words = f"{el.get('class') or ''} {el.get('id') or ''}"
    return {w.lower() for w in _CLASS_WORD_RE.split(words) if w}


def _in_article(el) -> bool:
    return any(a.tag in ("article", "main") for a in el.iterancestors())


def _is_chrome(el) -> bool:
    """Page chrome by markup alone: navigation, header, footer, search, login, breadcrumbs."""
    tag = el.tag
    if tag in _STRONG_FURNITURE_TAGS:
        return True
    if tag in ("header", "footer") and not _in_article(el):
        return True
    return bool(_class_words(el) & _STRONG_FURNITURE_WORDS)


def _is_strong_furniture(el, stats: _TextStats) -> bool:
    link = stats.link(el)
    return _is_chrome(el) or (link >= _MIN_LINK_CHARS_FOR_NAV and link >= _LINK_DENSE_SHARE * stats.text(el))


def _is_weak_furniture(el, stats: _TextStats) -> bool:
    if _class_words(el) & _WEAK_FURNITURE_WORDS:
        return True
    link, text = stats.link(el), stats.text(el)
    if link and link >= _LINK_DENSE_SHARE * text:
        return True
    # A stray label beside the text ("规章", "基本信息"); a short paragraph is text all the same.
    small = text - link < _MIN_NEIGHBOUR_CHARS and el.tag not in _TEXT_BLOCK_TAGS
    return small and not _ATTR_LABEL_RE.search(el.text_content())


def _chrome_elements(body, core) -> set:
    """Chrome containers that do not hold the body: what is inside them is not the document."""
    holding_core = set(core.iterancestors()) | {core}
    return {el for el in body.iter() if isinstance(el.tag, str) and el not in holding_core and _is_chrome(el)}


def _inside(el, containers: set) -> bool:
    return el in containers or any(a in containers for a in el.iterancestors())


def _drop_invisible(body) -> None:
    hidden = []
    for el in body.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        style = el.get("style") or ""
        is_hidden = el.get("hidden") is not None or _HIDDEN_STYLE_RE.search(style)
        if is_hidden and not any(a in hidden for a in el.iterancestors()):
            hidden.append(el)
    if not hidden:
        return
    total = _visible_chars(body.text_content())
    shown = total - sum(_visible_chars(el.text_content()) for el in hidden)
    if shown < _MIN_VISIBLE_SHARE * total:
        return  # the text itself is hidden until a script shows it
    for el in hidden:
        el.drop_tree()


def _visible_chars(text: str | None) -> int:
    return len(_SPACE_RE.sub("", text)) if text else 0


class _TextStats:
    """Characters of text (whitespace aside) under each element, and how many are link text.
    Links to attachments (.doc, .pdf …) are content, not navigation, and do not count as links."""

    def __init__(self, body) -> None:
        self._text: dict = {}
        self._link: dict = {}
        for el in reversed(list(body.iter())):  # children before their parents
            if not isinstance(el.tag, str):
                continue
            text, link = _visible_chars(el.text), 0
            for child in el:
                if isinstance(child.tag, str):
                    text += self._text[child]
                    link += self._link[child]
                text += _visible_chars(child.tail)
            if el.tag == "a" and el.get("href") and not _ATTACHMENT_HREF_RE.search(el.get("href").strip()):
                link = text
            self._text[el] = text
            self._link[el] = link

    def text(self, el) -> int:
        return self._text.get(el, 0)

    def link(self, el) -> int:
        return self._link.get(el, 0)

    def nonlink(self, el) -> int:
        return self.text(el) - self.link(el)


def _page_title(root) -> str | None:
    """The document's title as the page declares it: the ArticleTitle meta tag that Chinese
    government sites carry, else og:title, else <title>."""
    for name in ("articletitle", "og:title", "title"):
        for meta in root.iter("meta"):
            key = (meta.get("name") or meta.get("property") or "").strip().lower()
            content = _SPACE_RE.sub(" ", meta.get("content") or "").strip()
            if key == name and content:
                return content
    title = root.find(".//title")
    if title is not None:
        text = _SPACE_RE.sub(" ", title.text_content()).strip()
        return text or None
    return None


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _find_title_element(body, title_text: str | None, chrome: set, stats: _TextStats):
    """The visible headline: the element whose text is the page's title (or, for a <title>
    with the site's name around it, the longest part of it), headings first; failing that a
    heading that nearly is (the title with or without a subtitle or a prefix)."""
    if not title_text:
        return None
    wanted = [_squeeze(title_text)]
    parts = [_squeeze(p) for p in _TITLE_SEPARATOR_RE.split(title_text)]
    wanted += sorted((p for p in parts if len(p) >= 4 and p not in wanted), key=len, reverse=True)
    longest = max(len(w) for w in wanted)
    best, best_rank = None, None
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag == "a" or not 0 < stats.text(el) <= 2 * longest:
            continue
        heading = el.tag in _HEADING_TAGS or "title" in _class_words(el)
        text = _squeeze(el.text_content())
        if text in wanted:
            rank = (0, wanted.index(text), 0 if el.tag in _HEADING_TAGS else 1 if heading else 2)
        elif heading and any(_near(text, w) for w in wanted):
            rank = (1, 0, 0)
        else:
            continue
        if best_rank is not None and rank >= best_rank:
            continue
        if _inside(el, chrome) or any(a.tag == "a" for a in el.iterancestors()):
            continue  # a link is navigation
        if any(a.tag == "table" and not _is_layout_table(a) for a in el.iterancestors()):
            continue  # a data-table cell (名称：…) is read with its table
        best, best_rank = el, rank
    return best


def _near(text: str, title: str) -> bool:
    shorter, longer = sorted((text, title), key=len)
    return len(shorter) >= 4 and shorter in longer and len(shorter) >= 0.7 * len(longer)


def _find_attribute_blocks(body, core, region, chrome: set, stats: _TextStats) -> list:
    """Attribute blocks above the body and outside the region taken (the 索引号/文号/发布机构
    box of a 规范性文件 page sits beside the headline, not around the text)."""
    blocks: list = []
    holding_core = set(core.iterancestors())
    stop = region
    for el in body.iterdescendants():
        if el is stop:
            break  # only what comes before the document's text
        if not isinstance(el.tag, str) or el in holding_core:
            continue
        if any(a is region or a in blocks for a in el.iterancestors()) or _inside(el, chrome):
            continue
        text = stats.text(el)
        if not text or text > _MAX_ATTR_BLOCK_CHARS or stats.link(el) >= _LINK_DENSE_SHARE * text:
            continue
        if _ATTR_LABEL_RE.search(el.text_content()):
            blocks.append(el)
    return blocks


def _attribute_lines(lines: list[tuple[str, bool]], seen: set[str]) -> list[str]:
    """Lines from outside the body are split at their attribute labels ("发布日期：… 来源：…"
    gives two lines), with view counters, font-size switches and empty values dropped, and an
    attribute already given (`seen`: a box above the headline and a date line below it) once."""
    out: list[str] = []
    for line, in_core in lines:
        matches = list(_ATTR_LABEL_RE.finditer(line))
        if in_core and (
            not matches or matches[0].start() > 0 or (len(matches) == 1 and matches[0].group("label"))
        ):
            matches = []  # in the text itself only a line of several attributes is split
        if not matches:
            line = _SPACE_RE.sub(" ", line.replace(_INLINE_MARK, "")).strip()
            if line:
                out.append(line)
            continue
        parts = [_trim_segment(line[: matches[0].start()])]
        for n, match in enumerate(matches):
            end = matches[n + 1].start() if n + 1 < len(matches) else len(line)
            label = re.sub(r"\s+", "", match.group("label") or match.group("furniture"))
            value = _trim_segment(line[match.end() : end])
            if label not in _ATTR_FURNITURE_LABELS and _NOT_WORD_RE.sub("", value):
                parts.append(f"{label}{match.group('colon')}{value}")
        for part in parts:
            if part and (in_core or part not in seen):
                seen.add(part)
                out.append(part)
    return out


_OPENING, _CLOSING = "【[（(《“", "】]）)》”"


def _trim_segment(text: str) -> str:
    """A piece cut out of a line of attributes, without spaces or a bracket left unpaired at
    either end ("来源: 广州市民政局 【" -> "来源: 广州市民政局"; "（…管理局）" stays whole)."""
    text = _SPACE_RE.sub(" ", text.replace(_INLINE_MARK, "")).strip(" \u3000|｜")
    while text and text[-1] in _OPENING:
        text = text[:-1].rstrip(" \u3000|｜")
    while text and text[0] in _CLOSING:
        text = text[1:].lstrip(" \u3000|｜")
    return text


def _is_ui_line(line: str) -> bool:
    if _NAV_LINE_RE.match(line):
        return True
    word = _NOT_WORD_RE.sub("", line)
    if not word:
        return True  # symbols only: "×", "+", "↺", "|"
    if len(word) > _MAX_UI_LINE_CHARS or word.isdigit():
        return False
    return bool(_UI_LINE_RE.fullmatch(word))


class _HtmlLines:
    """Lines of text of an element: one per block (paragraph, heading, list item …), one per
    table row (see _table_lines). Each line comes with whether it lies inside `core`."""

    def __init__(self, skip: set | None = None, core=None, mark: bool = False) -> None:
        self.skip = skip or set()
        self.core = core
        self.mark = mark
        self.lines: list[tuple[str, bool]] = []
        self.buffer: list[str] = []
        self.in_core = False

    def render(self, el) -> list[tuple[str, bool]]:
        self.in_core = self.core is not None and (el is self.core or self.core in el.iterancestors())
        self._element(el, with_tail=False)
        self._flush()
        return self.lines

    def _flush(self) -> None:
        if not self.buffer:
            return
        text = _CJK_BREAK_RE.sub("", "".join(self.buffer))
        text = _SPACE_RE.sub(" ", text).strip()
        self.buffer = []
        if text:
            self.lines.append((text, self.in_core))

    def _text(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)

    def _element(self, el, with_tail: bool = True) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is None or el in self.skip:
            pass  # a comment, or a block left out: only its tail is text
        elif tag == "br":
            self._flush()
        elif tag == "table" and not _is_layout_table(el):
            self._flush()
            for caption in el.findall("caption"):
                self.lines.extend((line, self.in_core) for line, _ in _HtmlLines().render(caption))
            self.lines.extend((line, self.in_core) for line in _table_lines(_html_table_grid(el)))
        else:
            entering_core = el is self.core and not self.in_core
            if entering_core:
                self._flush()
                self.in_core = True
            block = tag in _BLOCK_TAGS
            if block:
                self._flush()
            elif self.mark and not self.in_core:
                self.buffer.append(_INLINE_MARK)
            self._text(el.text)
            for child in el:
                self._element(child)
            if block or entering_core:
                self._flush()
            if entering_core:
                self.in_core = False
        if with_tail:
            self._text(el.tail)


def _table_rows(table) -> list:
    rows = []
    for child in _children(table):
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in _children(child) if c.tag == "tr")
    return rows


def _is_layout_table(table) -> bool:
    """A table used to lay out a page (or the whole text in one cell) is read as blocks."""
    rows = _table_rows(table)
    cells = [c for row in rows for c in _children(row) if c.tag in ("td", "th")]
    if not cells:
        return True
    if any(cell.find(".//table") is not None for cell in cells):
        return True
    # A cell holding several long paragraphs is a page region, not a value.
    return any(
        len(cell.xpath("./p|./div|./br")) >= 3 and _visible_chars(cell.text_content()) > 300 for cell in cells
    )


_MAX_SPAN = 1000


def _span(cell, name: str) -> int:
    try:
        value = int((cell.get(name) or "1").strip())
    except ValueError:
        return 1
    return min(max(value, 1), _MAX_SPAN)


def _html_table_grid(table) -> _Grid:
    rows = _table_rows(table)
    grid: list[dict[int, _TableCell]] = []
    carried: dict[int, tuple[_TableCell, int]] = {}  # column -> (cell, rows still covered)
    width = 0  # columns some cell starts in: a colspan past the last of them adds no column
    for tr in rows:
        row: dict[int, _TableCell] = {}
        for col, (cell, left) in list(carried.items()):
            row[col] = cell
            if left <= 1:
                del carried[col]
            else:
                carried[col] = (cell, left - 1)
        in_head = tr.getparent().tag == "thead"
        col = 0
        for td in _children(tr):
            if td.tag not in ("td", "th"):
                continue
            while col in row:
                col += 1
            text = _join_lines(line for line, _ in _HtmlLines().render(td))
            cell = _TableCell(text=text, header=td.tag == "th" or in_head)
            colspan, rowspan = _span(td, "colspan"), min(_span(td, "rowspan"), len(rows))
            width = max(width, col + 1)
            for k in range(colspan):
                if col + k >= _MAX_SPAN:
                    break
                row.setdefault(col + k, cell)
                if rowspan > 1:
                    carried[col + k] = (cell, rowspan - 1)
            col += colspan
        grid.append(row)
    return [[row.get(col) for col in range(width)] for row in grid]


# --------------------------------------------------------------------------- docx


def _load_docx(data: bytes) -> str:
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_blocks(document))
    except Exception as exc:
        raise LoadError(f"unreadable .docx file: {_short_reason(exc)}") from None


def _docx_blocks(container: object) -> Iterator[str]:
    """Paragraph texts and table rows (rendered by _table_lines) of a document or cell, in body order."""
    from docx.table import Table

    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            yield from _table_lines(_docx_table_grid(block))
        else:
            yield block.text


def _docx_table_grid(table) -> _Grid:
    from docx.oxml.ns import qn
    from docx.table import _Cell

    cells: dict = {}  # <w:tc> -> its cell, one object for every position a merged cell covers
    grid: _Grid = []
    for row in table.rows:
        header_mark = row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
        try:
            row_cells, before, after = row.cells, row.grid_cols_before, row.grid_cols_after
        except Exception:  # a malformed merge: the row's cells as they stand, the rest is read
            row_cells, before, after = [_Cell(tc, table) for tc in row._tr.tc_lst], 0, 0
        line: list[_TableCell | None] = [None] * before
        for cell in row_cells:
            tc = cell._tc
            if tc not in cells:
                # Paragraphs (or a nested table) inside a cell stay on the row's line.
                text = _join_lines(t.strip() for t in _docx_blocks(cell))
                cells[tc] = _TableCell(text=text, header=header_mark)
            line.append(cells[tc])
        line.extend([None] * after)
        grid.append(line)
    return grid


def _load_pdf(data: bytes) -> str:
    from pypdf import PdfReader

    pypdf_logger = logging.getLogger("pypdf")
    old_level = pypdf_logger.level
    # Odd-but-readable PDFs make pypdf log warnings that users would take for errors.
    pypdf_logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                reader = PdfReader(io.BytesIO(data), strict=False)
            except Exception as exc:
                raise LoadError(f"unreadable PDF: {_short_reason(exc)}") from None
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except Exception:
                    opened = 0  # e.g. AES without the 'cryptography' package
                if not opened:
                    raise LoadError("encrypted PDF")
            try:
                pages = reader.pages
                page_texts = [(page.extract_text() or "") for page in pages]
            except Exception as exc:
                # Failing the whole file beats silently dropping a page that may hold clauses.
                raise LoadError(f"unreadable PDF: {_short_reason(exc)}") from None
    finally:
        pypdf_logger.setLevel(old_level)

    if not page_texts:
        raise LoadError("no text found in document")
    if not any(t.strip() for t in page_texts):
        raise LoadError("PDF has no text layer (scanned image?); OCR is not supported")
    return "\n".join(page_texts)
