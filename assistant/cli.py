"""The `policy-assistant` command (also `python -m assistant`).

Every command goes through `AssistantService`, as the API and the page do, so a lookup answers the
same here as there. Exit codes: 0 success; 1 the command ran but something in it failed (a file
skipped, a clause not found); 2 it could not run (no index, bad configuration, bad arguments).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .config import Settings, get_settings
from .errors import PolicyAssistantError, UserError

app = typer.Typer(
    help="Answer questions about Chinese government policy documents, clause by clause.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _settings(index_dir: Path | None = None, corpus_dir: Path | None = None) -> Settings:
    s = get_settings()
    updates = {}
    if index_dir:
        updates["index_dir"] = index_dir
    if corpus_dir:
        updates["corpus_dir"] = corpus_dir
    return s.model_copy(update=updates) if updates else s


def _echo_json(data) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


IndexDirOpt = Annotated[
    Optional[Path], typer.Option("--index-dir", help="Index folder (default: POLICY_ASSISTANT_INDEX_DIR or ./index).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@app.command()
def ingest(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(help="Files or folders (.txt .md .html .docx .pdf). Default: the corpus folder."),
    ] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Re-embed everything instead of reusing unchanged passages.")
    ] = False,
    index_dir: IndexDirOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Parse documents into clauses and build the search index (incremental)."""
    from .service import AssistantService

    report = AssistantService(_settings(index_dir)).ingest(paths or None, rebuild=rebuild)
    if as_json:
        _echo_json(report.to_dict())
    else:
        for path, reason in report.skipped:
            typer.echo(f"skipped {path}: {reason}", err=True)
        parts = [
            f"{len(report.added)} added",
            f"{len(report.updated)} updated",
            f"{len(report.unchanged)} unchanged",
            f"{len(report.removed)} removed",
        ]
        if report.skipped:
            parts.append(f"{len(report.skipped)} skipped")
        typer.echo(
            f"Indexed {report.clauses} clauses ({report.passages} passages) from "
            f"{len(report.added) + len(report.updated) + len(report.unchanged)} documents: {', '.join(parts)}. "
            f"Embedded {report.passages_embedded} passages, reused {report.passages_reused}; "
            f"{report.timings_s.get('total', 0):.1f}s."
        )
    if report.failed:
        raise typer.Exit(1)


@app.command()
def documents(index_dir: IndexDirOpt = None, as_json: JsonOpt = False) -> None:
    """List the indexed documents with their metadata."""
    from .service import AssistantService

    docs = AssistantService.for_lookups(_settings(index_dir)).documents()
    if as_json:
        _echo_json(docs)
        return
    for d in docs:
        m = d["meta"]
        typer.echo(f"{d['slug']}")
        typer.echo(f"  {m.get('title') or '(untitled)'}")
        facts = [
            m.get("doc_number"),
            "、".join(m.get("issuers") or []) or m.get("issuer"),
            m.get("scope") or m.get("region"),
            m.get("written_date") and f"成文 {m['written_date']}",
            m.get("published_date") and f"公布 {m['published_date']}",
            m.get("effective_date") and f"施行 {m['effective_date']}",
            m.get("validity"),
            m.get("adopted_date") and f"通过 {m['adopted_date']}",
            m.get("amended_dates") and f"修正 {'、'.join(m['amended_dates'])}",
        ]
        typer.echo(f"  {' | '.join(f for f in facts if f) or '-'}")
        typer.echo(f"  {d['n_clauses']} clauses, {d['n_passages']} passages, {d['format']}: {d['source']}")


@app.command()
def clauses(
    doc: Annotated[Optional[str], typer.Option("--doc", help="Only this document (slug from `documents`).")] = None,
    unit: Annotated[
        Optional[str], typer.Option("--unit", help="Only clauses naming this unit as lead or responsible.")
    ] = None,
    index_dir: IndexDirOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List clauses: id, label, heading and lead units."""
    from .service import AssistantService

    service = AssistantService.for_lookups(_settings(index_dir))
    if doc and doc not in {d["slug"] for d in service.documents()}:
        raise UserError(
            f"No document {doc!r}. `policy-assistant documents` lists the slugs.", code="document_not_found"
        )
    items = service.find_clauses(unit=unit, doc=doc)
    if as_json:
        _echo_json(
            [
                {
                    "id": c.id,
                    "label": c.label,
                    "kind": c.kind,
                    "heading_path": c.heading_path,
                    "lead_units": c.fields.lead_units,
                    "responsible_units": c.fields.responsible_units,
                }
                for c in items
            ]
        )
        return
    for c in items:
        lead = f"  [牵头: {'、'.join(c.fields.lead_units)}]" if c.fields.lead_units else ""
        typer.echo(f"{c.id:48s} {c.label:10s} {' > '.join(c.heading_path) or c.kind}{lead}")
    if not items:
        typer.echo("No clauses match.", err=True)


@app.command()
def show(
    clause_id: Annotated[str, typer.Argument(help="A clause id, e.g. jinhua-innovative-city-plan-2018#2.8")],
    index_dir: IndexDirOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one clause in full with its document's metadata and structured fields."""
    from .service import AssistantService

    service = AssistantService.for_lookups(_settings(index_dir))
    found = service.clause_record(clause_id)
    if found is None:
        typer.echo(f"No clause {clause_id!r}. `policy-assistant clauses --doc SLUG` lists clause ids.", err=True)
        raise typer.Exit(1)
    clause, meta, full_text = found
    if as_json:
        _echo_json(service.clause(clause_id))
        return
    typer.echo(f"{meta.title if meta else clause.doc_slug}  {meta.doc_number or '' if meta else ''}".rstrip())
    typer.echo(f"{clause.label}  {' > '.join(clause.heading_path)}   ({clause.id})")
    f = clause.fields
    if f.lead_units:
        typer.echo(
            f"牵头单位: {'、'.join(f.lead_units)}"
            + (" (列第一位者为牵头单位)" if f.lead_rule == "first-listed" else "")
        )
    if f.responsible_units:
        typer.echo(f"责任单位: {'、'.join(f.responsible_units)}")
    if f.expected_results:
        typer.echo(f"预期目标和成效: {f.expected_results}")
    for t in f.targets:
        typer.echo(f"目标: {t.year or '-'} | {t.indicator} | {t.value:g} {t.unit}{t.qualifier or ''}")
    typer.echo("")
    typer.echo(full_text)


def read_history(path: Path) -> list[str]:
    """Earlier user questions from a file: a JSON list of strings, a JSON list of chat messages
    ({"role": "user", "content": …}; other roles are ignored), or plain text, one question a line."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read history file {path}: {exc}", code="history_file_invalid") from exc
    stripped = raw.strip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise UserError(
                f"history file {path} is not valid JSON: {exc.msg} (line {exc.lineno})", code="history_file_invalid"
            ) from exc
        out = []
        for item in items:
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, dict) and item.get("role", "user") == "user" and isinstance(item.get("content"), str):
                out.append(item["content"])
            elif not isinstance(item, dict):
                raise UserError(
                    f"history file {path}: expected strings or chat messages, found {type(item).__name__}",
                    code="history_file_invalid",
                )
        return out
    return [ln.strip() for ln in raw.splitlines() if ln.strip()]


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in Chinese (simplified or traditional) or English.")],
    history_file: Annotated[
        Optional[Path],
        typer.Option(
            "--history-file", help="Earlier questions of the conversation (JSON list, chat messages, or one per line)."
        ),
    ] = None,
    index_dir: IndexDirOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Answer a question with the clauses it rests on cited."""
    from .service import AssistantService

    history = read_history(history_file) if history_file else []
    # A question that cannot be taken, or an LLM that cannot be used, is an error main() prints.
    service = AssistantService(_settings(index_dir))
    if as_json:
        typer.echo(service.ask(question, history).model_dump_json(indent=2))
        return
    answer = None
    for item in service.ask_stream(question, history):  # LLM answers appear as they are written
        if isinstance(item, str):
            typer.echo(item, nl=False)
        else:
            answer = item
    typer.echo("")
    if answer.notice:
        typer.echo(f"注意: {answer.notice}", err=True)
    if answer.citations:
        typer.echo("")
        for c in answer.citations:
            number = f"（{c.doc_number}）" if c.doc_number else ""
            typer.echo(f"[{c.n}] 《{c.doc_title}》{number} {c.path}  ({c.clause_id})")


@app.command(name="eval")
def eval_cmd(
    dataset: Annotated[
        Optional[list[Path]], typer.Option("--dataset", help="JSONL question set(s). Default: eval/regression.jsonl.")
    ] = None,
    baseline: Annotated[
        bool, typer.Option("--baseline", help="Also run a stock LangChain RAG pipeline on the same questions.")
    ] = False,
    thresholds: Annotated[Path, typer.Option("--thresholds", help="Minimums that make the command fail.")] = Path(
        "eval/thresholds.toml"
    ),
    index_dir: IndexDirOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Score the assistant on a question set; exit 1 below the thresholds."""
    from .evaluate import (
        check_thresholds,
        format_report,
        load_dataset,
        load_thresholds,
        run_baseline,
        run_eval,
    )
    from .ingest.loaders import iter_source_files
    from .service import AssistantService

    settings = _settings(index_dir)
    items = load_dataset(dataset or [Path("eval/regression.jsonl")])  # a bad file: DatasetError, printed by main()
    limits = load_thresholds(thresholds)
    assistant = AssistantService(settings).assistant
    report = run_eval(assistant, items)
    if baseline:
        files = iter_source_files([settings.corpus_dir])
        report.baseline = run_baseline(items, files, assistant.embedder)
    report.thresholds = limits
    report.below = check_thresholds(report.overall, limits)
    if as_json:
        _echo_json(report.to_dict())
    else:
        typer.echo(format_report(report))
    if report.below:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[
        Optional[str], typer.Option(help="Address to listen on (default POLICY_ASSISTANT_HOST or 127.0.0.1).")
    ] = None,
    port: Annotated[Optional[int], typer.Option(help="Port (default POLICY_ASSISTANT_PORT or 7860).")] = None,
    index_dir: IndexDirOpt = None,
) -> None:
    """Build the index if it is missing or stale, then serve the chat page (/), the API (/api, /v1),
    the WeChat callback (/wechat), docs (/docs) and health (/healthz). What `python app.py` runs."""
    import uvicorn

    from .server import create_app
    from .service import AssistantService

    settings = _settings(index_dir)
    updates = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    if updates:
        settings = settings.model_copy(update=updates)
    service = AssistantService(settings)
    service.ensure_index(log=lambda line: typer.echo(line, err=True))
    # Open the index and warm the models before the first request, not during it.
    service.assistant.ask("蓝天保卫战由哪个部门牵头？")
    app_ = create_app(service, settings)
    typer.echo(f"Policy Assistant: http://{settings.host}:{settings.port}/  (API docs at /docs)", err=True)
    uvicorn.run(app_, host=settings.host, port=settings.port, log_level="warning")


def main(argv: list[str] | None = None) -> int:
    """Entry point: runs the app and turns expected failures into one-line messages (in English,
    the errors' own; every PolicyAssistantError is one the person running the command can fix)."""
    try:
        # Non-standalone click hands back typer.Exit codes as the return value.
        code = app(args=argv, prog_name="policy-assistant", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except PolicyAssistantError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        typer.echo("aborted", err=True)
        return 130
    except KeyboardInterrupt:
        typer.echo("interrupted; the previous index is untouched", err=True)
        return 130
    except Exception as exc:  # click usage errors and anything unexpected
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            return 2
        if os.environ.get("POLICY_ASSISTANT_DEBUG"):
            raise
        typer.echo(
            f"error: unexpected {type(exc).__name__}: {exc} (set POLICY_ASSISTANT_DEBUG=1 for the traceback)", err=True
        )
        return 2


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
