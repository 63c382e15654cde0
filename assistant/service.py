"""What every interface shares: one `Assistant` over the current index, and the lookups civil
servants use (clauses by keyword, unit or document; the responsibility matrix; uploads; ingest).

Every interface goes through one `AssistantService`: the chat page, the HTTP API, the bot
endpoints and the command line, so the same lookup answers the same everywhere. An upload is
ingested like `policy-assistant ingest` and the new index is swapped in without a restart;
requests already running finish on the index they started with.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

from .answer.compose import Answer
from .config import Settings, get_settings
from .errors import LoadError
from .index.store import IndexStore, open_index
from .ingest.corpus import IngestReport, build_index, index_is_stale
from .ingest.loaders import SUPPORTED_SUFFIXES
from .pipeline import Assistant
from .records import Clause, DocumentMeta
from .text.normalize import fold

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class AssistantService:
    def __init__(
        self, settings: Settings | None = None, *, assistant: Assistant | None = None, store: IndexStore | None = None
    ):
        """`store`: an index for the lookups alone (see `for_lookups`); the assistant's when it has one."""
        self.settings = settings or get_settings()
        self._assistant = assistant
        self._store = store
        self._lock = threading.Lock()
        self._ingest_lock = threading.Lock()

    @classmethod
    def for_lookups(cls, settings: Settings | None = None) -> AssistantService:
        """A service whose lookups (documents, clauses, units, the matrix) open the index without
        loading the embedder or the LLM, and work whatever embedder is configured; asking a question
        still loads the assistant. What the command line's lookups use."""
        settings = settings or get_settings()
        return cls(settings, store=open_index(settings, check_embedder=False))

    # ------------------------------------------------------------------ the assistant

    @property
    def assistant(self) -> Assistant:
        if self._assistant is None:
            with self._lock:
                if self._assistant is None:
                    self._assistant = Assistant(self.settings)
        return self._assistant

    def ensure_index(self, log: Callable[[str], None] = print) -> IngestReport | None:
        """Build the index if it is missing or stale (first run, or corpus/ changed)."""
        reason = index_is_stale(self.settings)
        if not reason:
            return None
        log(f"Building the index ({reason}) …")
        report = build_index(None, self.settings)
        for path, why in report.skipped:
            log(f"skipped {path}: {why}")
        log(f"Indexed {report.clauses} clauses in {report.timings_s.get('total', 0):.1f}s.")
        self.reload()
        return report

    def reload(self) -> None:
        fresh = Assistant(self.settings, llm=self._assistant.llm if self._assistant else None)
        with self._lock:
            self._assistant = fresh

    def ingest(self, paths: list[Path] | None = None, *, rebuild: bool = False) -> IngestReport:
        """Ingest files or folders (default: the corpus folder) into the index, as
        `policy-assistant ingest` does; a loaded assistant then answers from the new index."""
        with self._ingest_lock:
            report = build_index(paths or None, self.settings, rebuild=rebuild)
            if self._assistant is not None:
                self.reload()
            elif self._store is not None:
                self._store = open_index(self.settings, check_embedder=False)
        return report

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        return self.assistant.ask(question, history or [])

    def ask_stream(self, question: str, history: list[str] | None = None) -> Iterator[str | Answer]:
        return self.assistant.ask_stream(question, history or [])

    # ------------------------------------------------------------------ lookups

    @property
    def store(self) -> IndexStore:
        """The index the lookups read: the assistant's (the one answers come from), or, in a
        service made `for_lookups` that has not loaded the assistant, its own."""
        if self._assistant is None and self._store is not None:
            return self._store
        return self.assistant.store

    def units(self) -> list[str]:
        return self.store.units()

    def documents(self) -> list[dict]:
        return [d.to_dict() for d in self.store.documents()]  # the JSON shape interfaces send

    def clause_record(self, clause_id: str) -> tuple[Clause, DocumentMeta | None, str] | None:
        """One clause, its document's metadata and its full text (with its sub-clauses)."""
        store = self.store
        clause = store.clause(clause_id)
        if clause is None:
            return None
        return clause, store.document_meta(clause.doc_slug), store.full_clause_text(clause_id)

    def clause(self, clause_id: str) -> dict | None:
        found = self.clause_record(clause_id)
        if found is None:
            return None
        clause, meta, full_text = found
        return {"clause": clause.to_dict(), "document": asdict(meta) if meta else None, "full_text": full_text}

    def find_clauses(self, query: str | None = None, unit: str | None = None, doc: str | None = None) -> list[Clause]:
        """Clauses matching every given filter, in document order: a keyword (in the text or
        headings), a unit (as lead or responsible, "科技局" also finds "市科技局"), a document slug."""
        store = self.store
        clauses = store.clauses(doc) if doc else store.clauses()
        if unit:
            roles = self.unit_roles(unit)
            clauses = [c for c in clauses if c.id in roles]
        if query:
            needle = fold(query).lower().strip()
            clauses = [c for c in clauses if needle in fold(" ".join(c.heading_path) + c.text).lower()]
        return clauses

    def search_clauses(
        self, query: str | None = None, unit: str | None = None, doc: str | None = None, limit: int = 200
    ) -> list[dict]:
        """`find_clauses` as rows for tables and the API, at most `limit` of them."""
        clauses = self.find_clauses(query, unit, doc)
        titles = {d.slug: d.meta.title for d in self.store.documents()}
        return [clause_row(c, titles.get(c.doc_slug)) for c in clauses[:limit]]

    def unit_roles(self, unit: str) -> dict[str, str]:
        """clause id → "lead" | "responsible" for every clause naming a unit matching `unit`."""
        from .query.read import unit_base

        store = self.store
        wanted = unit_base(unit.strip())
        roles: dict[str, str] = {}
        for name in store.units():
            if name == unit or unit_base(name) == wanted:
                for cid, role in store.clauses_by_unit(name):
                    if roles.get(cid) != "lead":
                        roles[cid] = role
        return roles

    def responsibility_matrix(self, unit: str | None = None, doc: str | None = None) -> list[dict]:
        """Every unit against the tasks it leads or takes part in — the 部门任务分解表 the 金华
        document attaches, generated from the clauses."""
        store = self.store
        titles = {d.slug: d.meta.title for d in store.documents()}
        rows = []
        for name in store.units():
            if unit and unit.strip() not in name:
                continue
            for cid, role in store.clauses_by_unit(name):
                c = store.clause(cid)
                if c is None or (doc and c.doc_slug != doc):
                    continue
                rows.append(
                    {
                        "unit": name,
                        "role": "牵头" if role == "lead" else "参与",
                        "clause_id": cid,
                        "document": titles.get(c.doc_slug) or c.doc_slug,
                        "label": c.label,
                        "task": c.heading,
                    }
                )
        rows.sort(key=lambda r: (r["unit"], r["role"] != "牵头", r["clause_id"]))
        return rows

    # ------------------------------------------------------------------ uploads

    def ingest_upload(self, filename: str, data: bytes, key: str | None = None) -> IngestReport:
        """Save an uploaded file into the corpus folder and index it. Same formats and checks as
        `policy-assistant ingest`; raises LoadError with a one-line reason and its code for a bad
        upload. When API keys are configured, uploading (which changes what everyone is answered
        from) takes one of them too."""
        if self.settings.api_keys and key not in self.settings.api_keys:
            raise LoadError(
                "an API key is required to upload (POLICY_ASSISTANT_API_KEYS is set)", code="upload_key_required"
            )
        name = Path(filename or "").name
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            shown, supported = suffix or "(none)", ", ".join(sorted(SUPPORTED_SUFFIXES))
            raise LoadError(
                f"unsupported format {shown!r} (supported: {supported})",
                code="file_unsupported",
                format=shown,
                supported=supported,
            )
        if not data:
            raise LoadError("empty file", code="file_empty")
        if len(data) > MAX_UPLOAD_BYTES:
            size_mb, limit_mb = len(data) // 1024 // 1024, MAX_UPLOAD_BYTES // 1024 // 1024
            raise LoadError(
                f"file too large ({size_mb} MB; the limit is {limit_mb} MB)",
                code="file_too_large",
                size_mb=size_mb,
                limit_mb=limit_mb,
            )
        stem = re.sub(r"[^\w\u4e00-\u9fff.-]+", "-", Path(name).stem).strip("-.") or "upload"
        folder = self.settings.corpus_dir
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{stem}{suffix}"
        n = 2
        while target.exists():
            if target.read_bytes() == data:
                raise LoadError(
                    f"duplicate of {target.name}, already in the corpus", code="file_duplicate", name=target.name
                )
            target, n = folder / f"{stem}-{n}{suffix}", n + 1
        with self._ingest_lock:
            target.write_bytes(data)
            report = build_index([target], self.settings)
            bad = [
                report.errors.get(path) or LoadError(why)
                for path, why in report.skipped
                if Path(path).resolve() == target.resolve()
            ]
            if bad:
                target.unlink(missing_ok=True)  # nothing half-ingested stays in the corpus
                raise bad[0]
            self.reload()
        return report


def clause_row(c: Clause, doc_title: str | None) -> dict:
    f = c.fields
    return {
        "clause_id": c.id,
        "document": doc_title or c.doc_slug,
        "label": c.label,
        "heading": " > ".join(c.heading_path),
        "lead_units": f.lead_units,
        "responsible_units": f.responsible_units,
        "targets": [
            f"{t.year or ''}{'年 ' if t.year else ''}{t.indicator} {t.value:g}{t.unit}{t.qualifier or ''}"
            for t in f.targets
        ],
        "text": c.text,
    }
