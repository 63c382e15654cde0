"""Index stage: clause records in SQLite, passage vectors in FAISS, BM25 over jieba tokens.

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

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from ..config import Settings, get_settings
from ..embeddings import PolicyEmbeddings, make_embedder
from ..errors import EmbedderUnavailable, IndexUnavailable, LoadError, PolicyAssistantError
from ..index.lexicon import LexicalTokenizer, corpus_terms, write_userdict
from ..ingest import parse_document, slugify
from ..ingest.loaders import iter_source_files, load_file
from ..records import Clause, Document, DocumentMeta, Passage

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
            rows = self.db.execute("SELECT row, id, clause_id, doc_slug, ordinal, text, search_text FROM passages ORDER BY row")
            self.passages = [Passage(r["id"], r["clause_id"], r["doc_slug"], r["ordinal"], r["text"], r["search_text"])
                             for r in rows]
            self.dense = faiss.read_index(str(build_dir / "dense.faiss"))
            self.bm25 = bm25s.BM25.load(str(build_dir / "bm25"), allow_pickle=False) if self.passages else None
        except Exception as exc:  # any unreadable piece means the build is unusable
            raise IndexUnavailable(
                f"The index at {build_dir} is damaged ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}). "
                "Rebuild it with `policy-assistant ingest --rebuild`.", code="index_damaged"
            ) from exc
        if self.dense.ntotal != len(self.passages):
            raise IndexUnavailable(
                f"The index at {build_dir} is inconsistent ({self.dense.ntotal} vectors for {len(self.passages)} passages). "
                "Rebuild it with `policy-assistant ingest --rebuild`.", code="index_damaged"
            )
        self.row_of = {p.id: i for i, p in enumerate(self.passages)}
        self._tokenizer = tokenizer
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
    def embedder_identity(self) -> dict:
        return self.manifest["embedder"]

    def documents(self) -> list[dict]:
        rows = self.db.execute("SELECT slug, source, sha256, format, meta, n_clauses, n_passages FROM documents ORDER BY slug")
        return [{"slug": r["slug"], "source": r["source"], "sha256": r["sha256"], "format": r["format"],
                 "meta": json.loads(r["meta"]), "n_clauses": r["n_clauses"], "n_passages": r["n_passages"]} for r in rows]

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

    def close(self) -> None:
        self.db.close()


def _read_manifest(build_dir: Path) -> dict:
    path = build_dir / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexUnavailable(f"The index at {build_dir} has no manifest. Rebuild it with `policy-assistant ingest --rebuild`.",
                               code="index_damaged") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexUnavailable(f"The index manifest {path} is corrupt. Rebuild it with `policy-assistant ingest --rebuild`.",
                               code="index_damaged") from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexUnavailable(
            f"The index at {build_dir} was built by another version of policy-assistant (format "
            f"{manifest.get('format_version')}, expected {FORMAT_VERSION}). Rebuild it with `policy-assistant ingest --rebuild`.",
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
            f"{pointer} points to a missing build ({name!r}). Rebuild the index with `policy-assistant ingest --rebuild`.",
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
            f"(it reads {settings.corpus_dir}).", code="index_missing"
        )
    manifest = _read_manifest(build)
    if check_embedder:
        built_with = manifest.get("embedder", {}).get("spec")
        if built_with != settings.embedder:
            raise IndexUnavailable(
                f"The index was built with the embedder {built_with!r}, but POLICY_ASSISTANT_EMBEDDER is "
                f"{settings.embedder!r}. Run `policy-assistant ingest` to rebuild it for {settings.embedder!r}, "
                f"or set POLICY_ASSISTANT_EMBEDDER={built_with}.", code="index_embedder_mismatch"
            )
    return IndexStore(build, manifest)


# ---------------------------------------------------------------- building


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    # path (as in `skipped`) → the error behind its reason, with its code; not part of to_dict()
    errors: dict[str, PolicyAssistantError] = field(default_factory=dict, repr=False)
    passages_embedded: int = 0
    passages_reused: int = 0
    clauses: int = 0
    passages: int = 0
    build_dir: str = ""
    timings_s: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return bool(self.skipped)

    def skip(self, path: Path | str, error: PolicyAssistantError) -> None:
        self.skipped.append((str(path), str(error)))
        self.errors[str(path)] = error

    def to_dict(self) -> dict:
        d = asdict(replace(self, errors={}))
        del d["errors"]
        d["failed"] = self.failed
        return d


@contextlib.contextmanager
def _lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexUnavailable(f"Another ingest is already writing {index_dir}; wait for it to finish.",
                                   code="ingest_busy") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _vector_key(search_text: str, embedder_spec: str) -> str:
    return hashlib.sha256(f"{embedder_spec}\x00{search_text}".encode()).hexdigest()


def _previous(index_dir: Path, spec: str) -> tuple[dict, dict[str, np.ndarray]]:
    """The previous build's manifest and its reusable vectors (empty if none or unusable)."""
    try:
        build = current_build(index_dir)
        if build is None:
            return {}, {}
        manifest = _read_manifest(build)
        if manifest.get("embedder", {}).get("spec") != spec:
            return manifest, {}  # a different embedder: nothing to reuse, everything re-embeds
        store = IndexStore(build, manifest)
    except IndexUnavailable:
        return {}, {}
    vectors: dict[str, np.ndarray] = {}
    if store.passages:
        mat = store.dense.reconstruct_n(0, store.dense.ntotal)
        for p, v in zip(store.passages, mat, strict=True):
            vectors[_vector_key(p.search_text, spec)] = v
    store.close()
    return manifest, vectors


def _write_sqlite(path: Path, docs: list[Document]) -> None:
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE documents (slug TEXT PRIMARY KEY, source TEXT, sha256 TEXT, format TEXT, meta TEXT,
                                text TEXT, n_clauses INTEGER, n_passages INTEGER);
        CREATE TABLE clauses (id TEXT PRIMARY KEY, doc_slug TEXT, ord INTEGER, data TEXT);
        CREATE TABLE passages (row INTEGER PRIMARY KEY, id TEXT UNIQUE, clause_id TEXT, doc_slug TEXT,
                               ordinal INTEGER, text TEXT, search_text TEXT);
        CREATE TABLE clause_units (clause_id TEXT, unit TEXT, role TEXT);
        CREATE INDEX clause_units_unit ON clause_units(unit);
        CREATE INDEX clauses_doc ON clauses(doc_slug);
        """
    )
    row = 0
    for doc in docs:
        db.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?)",
                   (doc.slug, doc.source, doc.sha256, doc.format, json.dumps(asdict(doc.meta), ensure_ascii=False),
                    doc.text, len(doc.clauses), len(doc.passages)))
        for i, c in enumerate(doc.clauses):
            db.execute("INSERT INTO clauses VALUES (?,?,?,?)", (c.id, doc.slug, i, json.dumps(c.to_dict(), ensure_ascii=False)))
            for u in c.fields.lead_units:
                db.execute("INSERT INTO clause_units VALUES (?,?,?)", (c.id, u, "lead"))
            for u in c.fields.responsible_units:
                if u not in c.fields.lead_units:
                    db.execute("INSERT INTO clause_units VALUES (?,?,?)", (c.id, u, "responsible"))
        for p in doc.passages:
            db.execute("INSERT INTO passages VALUES (?,?,?,?,?,?,?)",
                       (row, p.id, p.clause_id, p.doc_slug, p.ordinal, p.text, p.search_text))
            row += 1
    db.commit()
    db.close()


def _cleanup(index_dir: Path, keep: set[str]) -> None:
    """Remove half-written builds from interrupted ingests and builds older than the previous one."""
    for child in index_dir.iterdir():
        if child.is_dir() and (child.name.startswith(".tmp-") or child.name.startswith("build-")) and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def build_index(
    paths: Iterable[Path] | None = None,
    settings: Settings | None = None,
    *,
    embedder: PolicyEmbeddings | None = None,
    rebuild: bool = False,
    on_skip: Callable[[str, str], None] | None = None,
    _before_swap: Callable[[Path], None] | None = None,
) -> IngestReport:
    """Ingest `paths` (files or folders; default: the corpus folder) together with every document
    already in the index whose file still exists, and swap in the new build."""
    import bm25s
    import faiss
    from tqdm import tqdm

    settings = settings or get_settings()
    report = IngestReport()
    t0 = time.perf_counter()
    index_dir = settings.index_dir
    with _lock(index_dir):
        embedder = embedder or make_embedder(settings.embedder, settings)
        spec = settings.embedder
        prev_manifest, reusable = ({}, {}) if rebuild else _previous(index_dir, spec)
        prev_docs: dict[str, dict] = prev_manifest.get("documents", {})

        # Which files: those asked for, plus previously indexed ones that still exist.
        asked = list(paths) if paths else [settings.corpus_dir]
        files: list[Path] = []
        for p in asked:
            try:
                files.extend(iter_source_files([Path(p)]))
            except LoadError as exc:
                report.skip(p, exc)
        known = {str(Path(f).resolve()) for f in files}
        for slug, info in sorted(prev_docs.items()):
            src = Path(info["source"])
            if str(src.resolve()) in known:
                continue
            if src.exists():
                files.append(src)
                known.add(str(src.resolve()))
            else:
                report.removed.append(slug)

        slug_by_source = {str(Path(i["source"]).resolve()): s for s, i in prev_docs.items()}
        # Files already indexed go first, so a newly dropped copy is the one reported as a duplicate.
        files.sort(key=lambda f: str(Path(f).resolve()) not in slug_by_source)
        docs: list[Document] = []
        seen_hash: dict[str, str] = {}
        used_slugs: set[str] = set()
        t_parse = time.perf_counter()
        for f in files:
            try:
                loaded = load_file(f)
            except LoadError as exc:
                report.skip(f, exc)
                continue
            if loaded.sha256 in seen_hash:
                first = seen_hash[loaded.sha256]
                report.skip(f, LoadError(f"duplicate of {first}", code="file_duplicate", name=Path(first).name))
                continue
            seen_hash[loaded.sha256] = str(f)
            resolved = str(Path(f).resolve())
            slug = slug_by_source.get(resolved) or slugify(Path(f).stem)
            base, n = slug, 2
            while slug in used_slugs:
                slug, n = f"{base}-{n}", n + 1
            used_slugs.add(slug)
            try:
                doc = parse_document(loaded.text, slug=slug, source=resolved, sha256=loaded.sha256,
                                     fmt=loaded.format, passage_max_chars=settings.passage_max_chars)
            except Exception as exc:  # a parser bug must not sink the whole ingest
                reason = f"could not be parsed ({type(exc).__name__}: {exc})"
                report.skip(f, LoadError(reason, code="file_parse_failed"))
                continue
            if not doc.clauses:
                report.skip(f, LoadError("no text left after cleaning", code="file_no_text"))
                continue
            docs.append(doc)
            before = prev_docs.get(slug)
            if before is None:
                report.added.append(slug)
            elif before["sha256"] != loaded.sha256:
                report.updated.append(slug)
            else:
                report.unchanged.append(slug)
        report.timings_s["load_parse"] = time.perf_counter() - t_parse

        # Embed what is new; carry the rest over.
        passages = [p for d in docs for p in d.passages]
        keys = [_vector_key(p.search_text, spec) for p in passages]
        missing = [i for i, k in enumerate(keys) if k not in reusable]
        dim = embedder.identity.dim
        vectors = np.zeros((len(passages), dim), dtype=np.float32)
        for i, k in enumerate(keys):
            if k in reusable:
                vectors[i] = reusable[k]
        t_embed = time.perf_counter()
        if missing:
            show = settings.show_progress and len(missing) >= 2 * settings.embed_batch_size
            with tqdm(total=len(missing), desc="Embedding passages", unit="passage", disable=not show,
                      leave=False) as bar:
                new = embedder.embed_array([passages[i].search_text for i in missing],
                                           batch_size=settings.embed_batch_size, progress=bar.update)
            vectors[missing] = new
        report.timings_s["embed"] = time.perf_counter() - t_embed
        report.passages_embedded = len(missing)
        report.passages_reused = len(passages) - len(missing)

        # Write the new build aside.
        t_write = time.perf_counter()
        stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}-{time.time_ns() % 1000000:06d}"
        tmp = index_dir / f".tmp-build-{stamp}"
        tmp.mkdir(parents=True)
        _write_sqlite(tmp / "records.sqlite", docs)

        dense = faiss.IndexFlatIP(dim)
        if len(passages):
            dense.add(vectors)
        faiss.write_index(dense, str(tmp / "dense.faiss"))

        terms = corpus_terms(docs)
        write_userdict(tmp / "userdict.txt", terms)
        if passages:
            tokenizer = LexicalTokenizer(tmp / "userdict.txt")
            corpus_tokens = [tokenizer.tokenize(p.search_text) or ["<empty>"] for p in passages]
            bm25 = bm25s.BM25()
            bm25.index(corpus_tokens, show_progress=False)
            bm25.save(str(tmp / "bm25"), allow_pickle=False)

        identity = embedder.identity.to_dict()
        identity["spec"] = spec
        manifest = {
            "format_version": FORMAT_VERSION,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "embedder": identity,
            "passage_max_chars": settings.passage_max_chars,
            "documents": {d.slug: {"source": d.source, "sha256": d.sha256, "format": d.format,
                                   "title": d.meta.title, "clauses": len(d.clauses), "passages": len(d.passages)}
                          for d in docs},
            # Files that could not be ingested, so an unchanged bad file does not count as stale.
            "skipped": {str(Path(path).resolve()): _sha_or_none(Path(path)) for path, _ in report.skipped},
            "counts": {"documents": len(docs), "clauses": sum(len(d.clauses) for d in docs), "passages": len(passages)},
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        report.timings_s["write"] = time.perf_counter() - t_write

        # Swap: the rename of the pointer file is the commit point.
        final = index_dir / f"build-{stamp}"
        os.rename(tmp, final)
        if _before_swap:
            _before_swap(final)
        previous = current_build_name(index_dir)
        pointer_tmp = index_dir / "CURRENT.tmp"
        pointer_tmp.write_text(final.name, encoding="utf-8")
        with open(pointer_tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(pointer_tmp, index_dir / "CURRENT")
        # Keep the previous build too: a server may still be reading it.
        _cleanup(index_dir, keep={final.name} | ({previous} if previous else set()))

        report.clauses = manifest["counts"]["clauses"]
        report.passages = manifest["counts"]["passages"]
        report.build_dir = str(final)
        report.timings_s["total"] = time.perf_counter() - t0
        return report


def _sha_or_none(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return None


def current_build_name(index_dir: Path) -> str | None:
    pointer = index_dir / "CURRENT"
    return pointer.read_text(encoding="utf-8").strip() if pointer.exists() else None


def index_is_stale(settings: Settings | None = None) -> str | None:
    """Why the index needs (re)building before serving, or None when it is up to date."""
    settings = settings or get_settings()
    try:
        store = open_index(settings)
    except IndexUnavailable as exc:
        return str(exc)
    except EmbedderUnavailable as exc:
        return str(exc)
    try:
        indexed = {i["source"]: i["sha256"] for i in store.manifest["documents"].values()}
        skipped = store.manifest.get("skipped", {})
    finally:
        store.close()
    try:
        files = iter_source_files([settings.corpus_dir])
    except LoadError:
        files = []
    for f in files:
        src = str(Path(f).resolve())
        if src in skipped and skipped[src] == _sha_or_none(Path(f)):
            continue
        if src not in indexed:
            return f"{f} is not indexed yet"
        if hashlib.sha256(Path(f).read_bytes()).hexdigest() != indexed[src]:
            return f"{f} changed since the index was built"
    for src in indexed:
        if not Path(src).exists():
            return f"{src} was removed"
    return None
