"""Writing a build: records to SQLite, vectors to FAISS, BM25 over the corpus's jieba tokens, the
manifest, then the swap. A new build is written complete beside the one in use and switched in
by renaming one pointer file, so an interrupted write leaves the previous index serving; the
previous build is kept for a server still reading it. One writer at a time (a lock file)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

import numpy as np

from ..errors import IndexUnavailable
from ..records import Document
from .lexicon import LexicalTokenizer, corpus_terms, write_userdict
from .store import FORMAT_VERSION, IndexStore, current_build, current_build_name, read_manifest


@contextlib.contextmanager
def lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexUnavailable(
                f"Another ingest is already writing {index_dir}; wait for it to finish.", code="ingest_busy"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def vector_key(search_text: str, embedder_spec: str) -> str:
    return hashlib.sha256(f"{embedder_spec}\x00{search_text}".encode()).hexdigest()


def previous_vectors(index_dir: Path, spec: str) -> tuple[dict, dict[str, np.ndarray]]:
    """The previous build's manifest and its reusable vectors (empty if none or unusable)."""
    try:
        build = current_build(index_dir)
        if build is None:
            return {}, {}
        manifest = read_manifest(build)
        if manifest.get("embedder", {}).get("spec") != spec:
            return manifest, {}  # a different embedder: nothing to reuse, everything re-embeds
        store = IndexStore(build, manifest)
    except IndexUnavailable:
        return {}, {}
    vectors: dict[str, np.ndarray] = {}
    if store.passages:
        mat = store.dense.reconstruct_n(0, store.dense.ntotal)
        for p, v in zip(store.passages, mat, strict=True):
            vectors[vector_key(p.search_text, spec)] = v
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
        db.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?)",
            (
                doc.slug,
                doc.source,
                doc.sha256,
                doc.format,
                json.dumps(asdict(doc.meta), ensure_ascii=False),
                doc.text,
                len(doc.clauses),
                len(doc.passages),
            ),
        )
        for i, c in enumerate(doc.clauses):
            db.execute(
                "INSERT INTO clauses VALUES (?,?,?,?)", (c.id, doc.slug, i, json.dumps(c.to_dict(), ensure_ascii=False))
            )
            for u in c.fields.lead_units:
                db.execute("INSERT INTO clause_units VALUES (?,?,?)", (c.id, u, "lead"))
            for u in c.fields.responsible_units:
                if u not in c.fields.lead_units:
                    db.execute("INSERT INTO clause_units VALUES (?,?,?)", (c.id, u, "responsible"))
        for p in doc.passages:
            db.execute(
                "INSERT INTO passages VALUES (?,?,?,?,?,?,?)",
                (row, p.id, p.clause_id, p.doc_slug, p.ordinal, p.text, p.search_text),
            )
            row += 1
    db.commit()
    db.close()


def _cleanup(index_dir: Path, keep: set[str]) -> None:
    """Remove half-written builds from interrupted ingests and builds older than the previous one."""
    for child in index_dir.iterdir():
        if (
            child.is_dir()
            and (child.name.startswith(".tmp-") or child.name.startswith("build-"))
            and child.name not in keep
        ):
            shutil.rmtree(child, ignore_errors=True)


def write_build(index_dir: Path, docs: list[Document], vectors: np.ndarray, manifest: dict) -> Path:
    """Write a complete build of `docs` (with one vector per passage, in order) aside; returns its folder."""
    import bm25s
    import faiss

    passages = [p for d in docs for p in d.passages]
    stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}-{time.time_ns() % 1000000:06d}"
    tmp = index_dir / f".tmp-build-{stamp}"
    tmp.mkdir(parents=True)
    _write_sqlite(tmp / "records.sqlite", docs)

    dense = faiss.IndexFlatIP(vectors.shape[1])
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

    manifest = {
        "format_version": FORMAT_VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        **manifest,
        "counts": {"documents": len(docs), "clauses": sum(len(d.clauses) for d in docs), "passages": len(passages)},
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return tmp


def swap_in(index_dir: Path, tmp: Path, before_swap: Callable[[Path], None] | None = None) -> Path:
    """Make the build in `tmp` the one in use: the rename of the pointer file is the commit point."""
    final = index_dir / tmp.name.replace(".tmp-build-", "build-")
    os.rename(tmp, final)
    if before_swap:
        before_swap(final)
    previous = current_build_name(index_dir)
    pointer_tmp = index_dir / "CURRENT.tmp"
    pointer_tmp.write_text(final.name, encoding="utf-8")
    with open(pointer_tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(pointer_tmp, index_dir / "CURRENT")
    # Keep the previous build too: a server may still be reading it.
    _cleanup(index_dir, keep={final.name} | ({previous} if previous else set()))
    return final
