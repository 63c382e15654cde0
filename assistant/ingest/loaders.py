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

from ..errors import LoadError  # defined with every other error; importable from here too
from .html import page_text
from .tables import Grid, TableCell, join_cell_lines, table_lines

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"})

FORMAT_BY_SUFFIX: dict[str, str] = {
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
    fmt = FORMAT_BY_SUFFIX.get(suffix)
    if fmt is None:
        shown = suffix or "(no extension)"
        raise LoadError(
            f"unsupported format '{shown}' (supported: {_ADVERTISED_SUFFIXES})",
            code="file_unsupported",
            format=shown,
            supported=_ADVERTISED_SUFFIXES,
        )
    if not path.exists():
        raise LoadError("file not found", code="file_not_found")
    if not path.is_file():
        raise LoadError("not a regular file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read file: {_short_reason(exc)}") from None

    if not data:
        raise LoadError("empty file", code="file_empty")
    sha256 = hashlib.sha256(data).hexdigest()

    encoding: str | None = None
    try:
        if fmt in ("txt", "md"):
            text, encoding = _decode_text(data)
            if not text.strip():
                raise LoadError("empty file", code="file_empty")
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
        raise LoadError("no text found in document", code="file_no_text")
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
            raise LoadError(f"no such file or directory: {given}", code="file_not_found")
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
    return LoadError("not a text document (binary content)", code="file_binary")


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
        raise LoadError("empty file", code="file_empty")
    try:
        text = page_text(html)
    except Exception as exc:
        raise LoadError(f"unreadable HTML: {_short_reason(exc)}") from None
    return text, encoding


# --------------------------------------------------------------------------- docx


def _load_docx(data: bytes) -> str:
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_blocks(document))
    except Exception as exc:
        raise LoadError(f"unreadable .docx file: {_short_reason(exc)}") from None


def _docx_blocks(container: object) -> Iterator[str]:
    """Paragraph texts and table rows (rendered by table_lines) of a document or cell, in body order."""
    from docx.table import Table

    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            yield from table_lines(_docx_table_grid(block))
        else:
            yield block.text


def _docx_table_grid(table) -> Grid:
    from docx.oxml.ns import qn
    from docx.table import _Cell

    cells: dict = {}  # <w:tc> -> its cell, one object for every position a merged cell covers
    grid: Grid = []
    for row in table.rows:
        header_mark = row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
        try:
            row_cells, before, after = row.cells, row.grid_cols_before, row.grid_cols_after
        except Exception:  # a malformed merge: the row's cells as they stand, the rest is read
            row_cells, before, after = [_Cell(tc, table) for tc in row._tr.tc_lst], 0, 0
        line: list[TableCell | None] = [None] * before
        for cell in row_cells:
            tc = cell._tc
            if tc not in cells:
                # Paragraphs (or a nested table) inside a cell stay on the row's line.
                text = join_cell_lines(t.strip() for t in _docx_blocks(cell))
                cells[tc] = TableCell(text=text, header=header_mark)
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
                    raise LoadError("encrypted PDF", code="pdf_encrypted")
            try:
                pages = reader.pages
                page_texts = [(page.extract_text() or "") for page in pages]
            except Exception as exc:
                # Failing the whole file beats silently dropping a page that may hold clauses.
                raise LoadError(f"unreadable PDF: {_short_reason(exc)}") from None
    finally:
        pypdf_logger.setLevel(old_level)

    if not page_texts:
        raise LoadError("no text found in document", code="file_no_text")
    if not any(t.strip() for t in page_texts):
        raise LoadError("PDF has no text layer (scanned image?); OCR is not supported", code="pdf_no_text_layer")
    return "\n".join(page_texts)
