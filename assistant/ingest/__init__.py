"""Ingest stage: a file's text → a `Document` of clause records with fields and passages.

clean → metadata → clauses → fields → passages; each step is its own module here.
Reading files of each format lives in `loaders`.
"""

from __future__ import annotations

import re
import unicodedata

from ..records import Document, DocumentMeta
from .clauses import parse_clauses
from .clean import clean
from .fields import annotate
from .metadata import extract_metadata
from .passages import make_passages

# A file name ending in a date ("工伤保险条例(2010-12-20)" → slug "工伤保险条例-2010-12-20").
_FILE_DATE = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})$")


def slugify(stem: str) -> str:
    """A readable, URL-safe-ish id from a file name; Chinese characters are kept."""
    s = unicodedata.normalize("NFKC", stem).lower()
    s = re.sub(r"[^\w\u4e00-\u9fff]+", "-", s).strip("-_")
    return s or "document"


def _context_title(meta: DocumentMeta) -> str | None:
    """The title indexed with every passage: a notice's own title, and the title of the document
    it transmits when the notice's title does not already hold it (that is what people ask by)."""
    title = meta.title or ""
    extra = [meta.transmitted] if meta.transmitted and meta.transmitted not in title else []
    return " ".join([title, *extra]).strip() or None


def parse_document(
    text: str, *, slug: str, source: str = "", sha256: str = "", fmt: str = "txt", passage_max_chars: int = 360
) -> Document:
    cleaned = clean(text, markdown=fmt == "md")
    meta = extract_metadata(text, cleaned, headline=fmt == "html")
    dated = _FILE_DATE.search(slug)
    meta.version_date = "-".join(dated.groups()) if dated else None
    clauses = parse_clauses(cleaned, slug)
    annotate(clauses)
    return Document(
        slug=slug,
        source=source,
        sha256=sha256,
        format=fmt,
        meta=meta,
        text=text,
        clauses=clauses,
        passages=make_passages(clauses, _context_title(meta), passage_max_chars),
    )


__all__ = ["parse_document", "slugify"]
