"""Ingesting a corpus: which files, loaded and parsed into documents (this package), their passages
embedded — only what changed; vectors of unchanged passages are carried over — and written as a
new index build (`index/writer.py`). Also: whether the index is stale against the corpus folder."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from ..config import Settings, get_settings
from ..embeddings import PolicyEmbeddings, make_embedder
from ..errors import EmbedderUnavailable, IndexUnavailable, LoadError, PolicyAssistantError
from ..index.store import open_index, read_manifest
from ..index.writer import lock, previous_vectors, swap_in, vector_key, write_build
from ..records import Document
from . import parse_document, slugify
from .loaders import iter_source_files, load_file


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


def build_index(
    paths: Iterable[Path] | None = None,
    settings: Settings | None = None,
    *,
    embedder: PolicyEmbeddings | None = None,
    rebuild: bool = False,
    _before_swap: Callable[[Path], None] | None = None,
) -> IngestReport:
    """Ingest `paths` (files or folders; default: the corpus folder) together with every document
    already in the index whose file still exists, and swap in the new build."""
    from tqdm import tqdm

    settings = settings or get_settings()
    report = IngestReport()
    t0 = time.perf_counter()
    index_dir = settings.index_dir
    with lock(index_dir):
        embedder = embedder or make_embedder(settings.embedder, settings)
        spec = settings.embedder
        prev_manifest, reusable = ({}, {}) if rebuild else previous_vectors(index_dir, spec)
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
                doc = parse_document(
                    loaded.text,
                    slug=slug,
                    source=resolved,
                    sha256=loaded.sha256,
                    fmt=loaded.format,
                    passage_max_chars=settings.passage_max_chars,
                )
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
        keys = [vector_key(p.search_text, spec) for p in passages]
        missing = [i for i, k in enumerate(keys) if k not in reusable]
        dim = embedder.identity.dim
        vectors = np.zeros((len(passages), dim), dtype=np.float32)
        for i, k in enumerate(keys):
            if k in reusable:
                vectors[i] = reusable[k]
        t_embed = time.perf_counter()
        if missing:
            show = settings.show_progress and len(missing) >= 2 * settings.embed_batch_size
            with tqdm(
                total=len(missing), desc="Embedding passages", unit="passage", disable=not show, leave=False
            ) as bar:
                new = embedder.embed_array(
                    [passages[i].search_text for i in missing],
                    batch_size=settings.embed_batch_size,
                    progress=bar.update,
                )
            vectors[missing] = new
        report.timings_s["embed"] = time.perf_counter() - t_embed
        report.passages_embedded = len(missing)
        report.passages_reused = len(passages) - len(missing)

        # Write the new build aside, then swap it in.
        t_write = time.perf_counter()
        identity = embedder.identity.to_dict()
        identity["spec"] = spec
        tmp = write_build(
            index_dir,
            docs,
            vectors,
            {
                "embedder": identity,
                "passage_max_chars": settings.passage_max_chars,
                "documents": {
                    d.slug: {
                        "source": d.source,
                        "sha256": d.sha256,
                        "format": d.format,
                        "title": d.meta.title,
                        "clauses": len(d.clauses),
                        "passages": len(d.passages),
                    }
                    for d in docs
                },
                # Files that could not be ingested, so an unchanged bad file does not count as stale.
                "skipped": {str(Path(path).resolve()): _sha_or_none(Path(path)) for path, _ in report.skipped},
            },
        )
        report.timings_s["write"] = time.perf_counter() - t_write
        final = swap_in(index_dir, tmp, _before_swap)
        manifest = read_manifest(final)

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
