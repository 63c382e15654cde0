"""The index, read side: clause records in SQLite, passage vectors in FAISS, BM25 over jieba tokens.
It is written by `index/writer.py` (driven by `ingest/corpus.py`).

Layout of the index directory:

    index/CURRENT            name of the build in use (replaced atomically)
    index/build-<stamp>/     manifest.json, records.sqlite, dense.faiss, bm25/, userdict.txt
    index/.lock              held while an ingest runs

Every ingest writes a complete new build beside the old one and then swaps CURRENT, so an
ingest killed midway leaves the previous index serving. Vectors of passages whose indexed text
is unchanged are carried over from the previous build (keyed by a hash of that text and the
embedder identity): re-ingesting re-embeds only what changed; a different embedder rebuilds.
Everything is stored in safe formats: JSON, SQLite, FAISS's own file, bm25s's .npy/.json.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import numpy as np

from ..config import Settings, get_settings
from ..errors import IndexUnavailable
from ..index.lexicon import CorpusVocabulary, LexicalTokenizer
from ..records import Clause, DocumentMeta, DocumentRecord, Passage

FORMAT_VERSION = 1


# ---------------------------------------------------------------- reading a build


class IndexStore:
    """A built index, opened read-only: records, FAISS and BM25 ready for retrieval."""

    def __init__(self, build_dir: Path, manifest: dict, tokenizer: LexicalTokenizer | None = None):
        import bm25s
        import faiss

        self.dir = build_dir
        self.manifest = manifest
        self._local = threading.local()
        try:
            rows = self.db.execute(
                "SELECT row, id, clause_id, doc_slug, ordinal, text, search_text FROM passages ORDER BY row"
            )
            self.passages = [
                Passage(r["id"], r["clause_id"], r["doc_slug"], r["ordinal"], r["text"], r["search_text"]) for r in rows
            ]
            self.dense = faiss.read_index(str(build_dir / "dense.faiss"))
            self.bm25 = bm25s.BM25.load(str(build_dir / "bm25"), allow_pickle=False) if self.passages else None
        except Exception as exc:  # any unreadable piece means the build is unusable
            raise IndexUnavailable(
                f"The index at {build_dir} is damaged "
                f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}). "
                "Rebuild it with `policy-assistant ingest --rebuild`.",
                code="index_damaged",
            ) from exc
        if self.dense.ntotal != len(self.passages):
            raise IndexUnavailable(
                f"The index at {build_dir} is inconsistent "
                f"({self.dense.ntotal} vectors for {len(self.passages)} passages). "
                "Rebuild it with `policy-assistant ingest --rebuild`.",
                code="index_damaged",
            )
        self._doc_rows: dict[str, np.ndarray] | None = None
        self._tokenizer = tokenizer
        self._vocabulary: CorpusVocabulary | None = None
        self._clause_cache: dict[str, Clause] = {}

    @property
    def db(self) -> sqlite3.Connection:
        """A read-only connection per thread: a server answers requests on many threads, and a
        SQLite connection must not be used by two at once."""
        conn = getattr(self._local, "db", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.dir / 'records.sqlite'}?mode=ro", uri=True, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            self._local.db = conn
        return conn

    # Loaded lazily: jieba's dictionary takes about a second to build.
    @property
    def tokenizer(self) -> LexicalTokenizer:
        if self._tokenizer is None:
            self._tokenizer = LexicalTokenizer(self.dir / "userdict.txt")
        return self._tokenizer

    @property
    def vocabulary(self) -> CorpusVocabulary:
        """The indexed words with the passages each occurs in: a read-only view of the BM25 index."""
        if self._vocabulary is None:
            self._vocabulary = (
                CorpusVocabulary.from_bm25(self.bm25) if self.bm25 is not None else CorpusVocabulary.from_postings({})
            )
        return self._vocabulary

    @property
    def embedder_identity(self) -> dict:
        return self.manifest["embedder"]

    def documents(self) -> list[DocumentRecord]:
        rows = self.db.execute(
            "SELECT slug, source, sha256, format, meta, n_clauses, n_passages FROM documents ORDER BY slug"
        )
        return [
            DocumentRecord(
                slug=r["slug"],
                source=r["source"],
                sha256=r["sha256"],
                format=r["format"],
                meta=DocumentMeta(**json.loads(r["meta"])),
                n_clauses=r["n_clauses"],
                n_passages=r["n_passages"],
            )
            for r in rows
        ]

    def document_meta(self, slug: str) -> DocumentMeta | None:
        r = self.db.execute("SELECT meta FROM documents WHERE slug = ?", (slug,)).fetchone()
        return DocumentMeta(**json.loads(r["meta"])) if r else None

    def clause(self, clause_id: str) -> Clause | None:
        if clause_id not in self._clause_cache:
            r = self.db.execute("SELECT data FROM clauses WHERE id = ?", (clause_id,)).fetchone()
            if not r:
                return None
            self._clause_cache[clause_id] = Clause.from_dict(json.loads(r["data"]))
        return self._clause_cache[clause_id]

    def clauses(self, doc_slug: str | None = None) -> list[Clause]:
        if doc_slug:
            rows = self.db.execute("SELECT data FROM clauses WHERE doc_slug = ? ORDER BY doc_slug, ord", (doc_slug,))
        else:
            rows = self.db.execute("SELECT data FROM clauses ORDER BY doc_slug, ord")
        return [Clause.from_dict(json.loads(r["data"])) for r in rows]

    def clauses_by_unit(self, unit: str) -> list[tuple[str, str]]:
        """(clause_id, role) for every clause naming the unit as lead or responsible."""
        rows = self.db.execute("SELECT clause_id, role FROM clause_units WHERE unit = ? ORDER BY clause_id", (unit,))
        return [(r["clause_id"], r["role"]) for r in rows]

    def units(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT unit FROM clause_units ORDER BY unit")]

    def full_clause_text(self, clause_id: str) -> str:
        """The clause with all its sub-clauses, in order."""
        clause = self.clause(clause_id)
        if clause is None:
            return ""
        return "\n".join([clause.text] + [self.full_clause_text(c) for c in clause.children])

    # ------------------------------------------------------------ search primitives

    def passage_rows(self, docs: list[str] | None) -> np.ndarray | None:
        """The passage rows of `docs` (None: every row), to limit a search to those documents."""
        if docs is None:
            return None
        if self._doc_rows is None:
            by_doc: dict[str, list[int]] = {}
            for i, p in enumerate(self.passages):
                by_doc.setdefault(p.doc_slug, []).append(i)
            self._doc_rows = {slug: np.array(rows, dtype=np.int64) for slug, rows in by_doc.items()}
        rows = [self._doc_rows[d] for d in docs if d in self._doc_rows]
        return np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)

    def dense_search(self, query_vec: np.ndarray, rows: np.ndarray | None, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Passage rows nearest to `query_vec` (inner product), best first, with their scores."""
        import faiss

        n = self.dense.ntotal
        if n == 0 or (rows is not None and len(rows) == 0):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        params = None
        if rows is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(rows))
            k = min(k, len(rows))
        scores, ids = self.dense.search(query_vec[None, :].astype(np.float32), min(k, n), params=params)
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]

    def bm25_search(self, tokens: list[str], rows: np.ndarray | None, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Passage rows with the best BM25 scores for `tokens` (positive only), best first."""
        if self.bm25 is None or not tokens:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores = self.bm25.get_scores(tokens)
        if rows is not None:
            masked = np.full_like(scores, -1.0)
            masked[rows] = scores[rows]
            scores = masked
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        top = top[scores[top] > 0]
        return top, scores[top]

    def close(self) -> None:
        self.db.close()


def read_manifest(build_dir: Path) -> dict:
    path = build_dir / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexUnavailable(
            f"The index at {build_dir} has no manifest. Rebuild it with `policy-assistant ingest --rebuild`.",
            code="index_damaged",
        ) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexUnavailable(
            f"The index manifest {path} is corrupt. Rebuild it with `policy-assistant ingest --rebuild`.",
            code="index_damaged",
        ) from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexUnavailable(
            f"The index at {build_dir} was built by another version of policy-assistant (format "
            f"{manifest.get('format_version')}, expected {FORMAT_VERSION}). "
            "Rebuild it with `policy-assistant ingest --rebuild`.",
            code="index_version_mismatch",
        )
    return manifest


def current_build(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    if not pointer.exists():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    build = index_dir / name
    if not name or "/" in name or not build.is_dir():
        raise IndexUnavailable(
            f"{pointer} points to a missing build ({name!r}). "
            "Rebuild the index with `policy-assistant ingest --rebuild`.",
            code="index_damaged",
        )
    return build


def open_index(settings: Settings | None = None, *, check_embedder: bool = True) -> IndexStore:
    """Open the current build, checking that it matches the configured embedder."""
    settings = settings or get_settings()
    build = current_build(settings.index_dir)
    if build is None:
        raise IndexUnavailable(
            f"No index found in {settings.index_dir.resolve()}. Build it with `policy-assistant ingest` "
            f"(it reads {settings.corpus_dir}).",
            code="index_missing",
        )
    manifest = read_manifest(build)
    if check_embedder:
        built_with = manifest.get("embedder", {}).get("spec")
        if built_with != settings.embedder:
            raise IndexUnavailable(
                f"The index was built with the embedder {built_with!r}, but POLICY_ASSISTANT_EMBEDDER is "
                f"{settings.embedder!r}. Run `policy-assistant ingest` to rebuild it for {settings.embedder!r}, "
                f"or set POLICY_ASSISTANT_EMBEDDER={built_with}.",
                code="index_embedder_mismatch",
            )
    return IndexStore(build, manifest)


def current_build_name(index_dir: Path) -> str | None:
    pointer = index_dir / "CURRENT"
    return pointer.read_text(encoding="utf-8").strip() if pointer.exists() else None
