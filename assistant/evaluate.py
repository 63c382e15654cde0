"""Regression evaluation: run a question set through the assistant and score it.

Dataset format (eval/*.jsonl, one question per line; extra fields are ignored):
    {"id", "question", "history"?, "answer_contains"?, "source_quote"?, "answerable"? (default true)}
Matching on both sides is after NFKC normalisation with whitespace removed.

Metrics: retrieval hit@1 / hit@5 / MRR (a retrieved record containing `source_quote`), answer
accuracy (not refused and every `answer_contains` present), citation accuracy (a cited record
contains `source_quote`), unsupported citations (cited records containing none of the answer's
figures or unit names), refusal precision/recall on `answerable: false`, latency p50/p95 — overall
and per intent. `--baseline` runs a stock LangChain pipeline on the same documents and questions.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from .errors import DatasetError
from .text.figures import STATED_NUMBER
from .text.normalize import normalize_for_match as norm


@dataclass
class EvalItem:
    id: str
    question: str
    history: list[str] = field(default_factory=list)
    answer_contains: list[str] = field(default_factory=list)
    source_quote: str | None = None
    answerable: bool = True
    intent: str | None = None  # optional label in the dataset; used for the per-intent table


def load_dataset(paths: list[Path]) -> list[EvalItem]:
    items: list[EvalItem] = []
    seen: set[str] = set()
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise DatasetError(f"cannot read dataset {path}: {exc}") from exc
        for n, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
            if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
                raise DatasetError(f'{path}:{n}: each line needs a "question" string')
            qid = str(obj.get("id") or f"{path.stem}-{n}")
            if qid in seen:
                raise DatasetError(f"{path}:{n}: duplicate id {qid!r}")
            seen.add(qid)
            contains = obj.get("answer_contains") or []
            history = obj.get("history") or []
            if not isinstance(contains, list) or not all(isinstance(s, str) for s in contains):
                raise DatasetError(f'{path}:{n}: "answer_contains" must be a list of strings')
            if not isinstance(history, list) or not all(isinstance(s, str) for s in history):
                raise DatasetError(f'{path}:{n}: "history" must be a list of strings')
            items.append(
                EvalItem(
                    id=qid,
                    question=obj["question"],
                    history=history,
                    answer_contains=contains,
                    source_quote=obj.get("source_quote"),
                    answerable=obj.get("answerable", True) is not False,
                    intent=obj.get("intent"),
                )
            )
    if not items:
        raise DatasetError("the dataset has no questions")
    return items


@dataclass
class ItemResult:
    id: str
    question: str
    intent: str
    answerable: bool
    refused: bool
    answer: str
    correct: bool
    rank: int | None  # 1-based rank of the first retrieved record containing source_quote
    cited_quote: bool | None
    unsupported_citations: int
    citations: int
    latency_ms: float
    cited: list[str] = field(default_factory=list)
    retrieved: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    error: str | None = None


def unsupported(answer: str, cited_texts: list[str], units: list[str]) -> int:
    """Cited records that contain none of the answer's figures or unit names (0 when the answer
    states neither, since there is nothing to check them against)."""
    # Document titles, document numbers and clause labels name sources; they are not claims.
    body = re.sub(r"\[\d+\]|《[^》]*》|[\u4e00-\u9fff]{1,8}[〔\[]\d{4}[〕\]]\d+号", "", answer)
    facts = {f for f in STATED_NUMBER.findall(body) if not re.fullmatch(r"\d", f)}
    facts |= {u for u in units if u in body}
    if not facts:
        return 0
    return sum(1 for t in cited_texts if not any(norm(f) in norm(t) for f in facts))


def score_item(item: EvalItem, answer, units: list[str], latency_ms: float) -> ItemResult:
    text = norm(answer.answer)
    correct = (
        (not answer.refused and all(norm(s) in text for s in item.answer_contains))
        if item.answerable
        else answer.refused
    )
    rank = None
    cited_quote = None
    if item.source_quote:
        q = norm(item.source_quote)
        for i, r in enumerate(answer.retrieved, 1):
            if q in norm(r.text):
                rank = i
                break
        cited_quote = any(q in norm(c.text) for c in answer.citations)
    return ItemResult(
        id=item.id,
        question=item.question,
        intent=item.intent or answer.intent,
        answerable=item.answerable,
        refused=answer.refused,
        answer=answer.answer,
        correct=correct,
        rank=rank,
        cited_quote=cited_quote,
        unsupported_citations=unsupported(answer.answer, [c.text for c in answer.citations], units),
        citations=len(answer.citations),
        latency_ms=latency_ms,
        cited=[c.clause_id for c in answer.citations],
        retrieved=[r.clause_id for r in answer.retrieved[:5]],
        expected=item.answer_contains,
    )


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def summarize(results: list[ItemResult]) -> dict:
    answerable = [r for r in results if r.answerable]
    with_quote = [r for r in answerable if r.cited_quote is not None]
    unanswerable = [r for r in results if not r.answerable]
    refused = [r for r in results if r.refused]
    lat = [r.latency_ms for r in results]
    total_cites = sum(r.citations for r in results)

    def ratio(a: float, b: float) -> float | None:
        return round(a / b, 4) if b else None

    return {
        "questions": len(results),
        "hit_at_1": ratio(sum(1 for r in with_quote if r.rank == 1), len(with_quote)),
        "hit_at_5": ratio(sum(1 for r in with_quote if r.rank is not None and r.rank <= 5), len(with_quote)),
        "mrr": ratio(sum(1 / r.rank for r in with_quote if r.rank), len(with_quote)),
        "answer_accuracy": ratio(sum(1 for r in answerable if r.correct), len(answerable)),
        "citation_accuracy": ratio(sum(1 for r in with_quote if r.cited_quote), len(with_quote)),
        "unsupported_citations": ratio(sum(r.unsupported_citations for r in results), total_cites),
        "refusal_precision": ratio(sum(1 for r in refused if not r.answerable), len(refused)),
        "refusal_recall": ratio(sum(1 for r in unanswerable if r.refused), len(unanswerable)),
        "latency_p50_ms": round(percentile(lat, 50), 1),
        "latency_p95_ms": round(percentile(lat, 95), 1),
    }


@dataclass
class EvalReport:
    overall: dict
    by_intent: dict[str, dict]
    results: list[ItemResult]
    baseline: dict | None = None
    thresholds: dict[str, float] = field(default_factory=dict)
    below: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "overall": self.overall,
            "by_intent": self.by_intent,
            "baseline": self.baseline,
            "thresholds": self.thresholds,
            "below_thresholds": self.below,
            "failures": [asdict(r) for r in self.results if not r.correct or r.error],
        }


def run_eval(assistant, items: list[EvalItem]) -> EvalReport:
    from .query.read import QuestionError

    units = assistant.store.units()
    results = []
    for item in items:
        t = time.perf_counter()
        try:
            answer = assistant.ask(item.question, item.history)
        except QuestionError as exc:
            results.append(
                ItemResult(
                    id=item.id,
                    question=item.question,
                    intent=item.intent or "invalid",
                    answerable=item.answerable,
                    refused=True,
                    answer=str(exc),
                    correct=not item.answerable,
                    rank=None,
                    cited_quote=False if item.source_quote else None,
                    unsupported_citations=0,
                    citations=0,
                    latency_ms=0.0,
                    error=str(exc),
                )
            )
            continue
        results.append(score_item(item, answer, units, (time.perf_counter() - t) * 1000))
    by_intent: dict[str, list[ItemResult]] = {}
    for r in results:
        by_intent.setdefault(r.intent if r.answerable else "unanswerable", []).append(r)
    return EvalReport(
        overall=summarize(results), by_intent={k: summarize(v) for k, v in sorted(by_intent.items())}, results=results
    )


def load_thresholds(path: Path) -> dict[str, float]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DatasetError(f"{path}: not valid TOML ({exc})") from exc
    return {k: float(v) for k, v in data.get("minimum", {}).items()} | {
        f"max:{k}": float(v) for k, v in data.get("maximum", {}).items()
    }


def check_thresholds(overall: dict, thresholds: dict[str, float]) -> list[str]:
    below = []
    for key, limit in thresholds.items():
        if key.startswith("max:"):
            name = key[4:]
            value = overall.get(name)
            if value is not None and value > limit:
                below.append(f"{name} = {value} is above the maximum {limit}")
        else:
            value = overall.get(key)
            if value is not None and value < limit:
                below.append(f"{key} = {value} is below the minimum {limit}")
    return below


# ---------------------------------------------------------------- the stock RAG baseline


def run_baseline(items: list[EvalItem], corpus_files: list[Path], embedder) -> dict:
    """What a user would assemble in an afternoon: raw files split by RecursiveCharacterTextSplitter
    (300/50, Chinese separators), the same embedder, a FAISS flat index, top-5."""
    from langchain_community.vectorstores import FAISS
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from .ingest.loaders import load_file

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=300, chunk_overlap=50, separators=["\n\n", "\n", "。", "！", "？", "；", "，", " ", ""]
    )
    chunks = []
    for f in corpus_files:
        chunks.extend(splitter.split_text(load_file(f).text))
    t = time.perf_counter()
    store = FAISS.from_texts(chunks, embedding=embedder)  # IndexFlatL2 over the embedder's vectors
    build_s = time.perf_counter() - t
    ranks, lat = [], []
    for item in items:
        if not item.answerable or not item.source_quote:
            continue
        # The stock pipeline has no conversation handling: it searches with the question alone.
        t = time.perf_counter()
        docs = store.similarity_search(item.question, k=5)
        lat.append((time.perf_counter() - t) * 1000)
        q = norm(item.source_quote)
        ranks.append(next((i for i, d in enumerate(docs, 1) if q in norm(d.page_content)), None))
    n = len(ranks) or 1
    return {
        "chunks": len(chunks),
        "build_s": round(build_s, 1),
        "hit_at_1": round(sum(1 for r in ranks if r == 1) / n, 4),
        "hit_at_5": round(sum(1 for r in ranks if r) / n, 4),
        "mrr": round(sum(1 / r for r in ranks if r) / n, 4),
        "latency_p50_ms": round(percentile(lat, 50), 1),
        "latency_p95_ms": round(percentile(lat, 95), 1),
    }


# ---------------------------------------------------------------- printing

COLUMNS = [
    ("hit_at_1", "hit@1"),
    ("hit_at_5", "hit@5"),
    ("mrr", "MRR"),
    ("answer_accuracy", "answer"),
    ("citation_accuracy", "cite"),
    ("unsupported_citations", "unsupp"),
    ("refusal_precision", "ref.P"),
    ("refusal_recall", "ref.R"),
    ("latency_p50_ms", "p50 ms"),
    ("latency_p95_ms", "p95 ms"),
]


def _fmt(v) -> str:
    if v is None:
        return "-"
    return f"{v:.3f}" if isinstance(v, float) and v <= 1.0 else f"{v}"


def format_report(report: EvalReport, show_failures: int = 40) -> str:
    lines = []
    head = f"{'intent':14s} {'n':>4s} " + " ".join(f"{label:>7s}" for _, label in COLUMNS)
    lines.append(head)
    lines.append("-" * len(head))
    for name, row in list(report.by_intent.items()) + [("OVERALL", report.overall)]:
        lines.append(f"{name:14s} {row['questions']:>4d} " + " ".join(f"{_fmt(row.get(k)):>7s}" for k, _ in COLUMNS))
    if report.baseline:
        b, o = report.baseline, report.overall
        lines.append("")
        lines.append(
            f"Baseline (stock LangChain: RecursiveCharacterTextSplitter 300/50 → {b['chunks']} chunks, "
            "same embedder, FAISS flat, top-5), retrieval on the same answerable questions:"
        )
        lines.append(f"{'':14s} {'ours':>8s} {'baseline':>9s} {'ratio':>7s}")
        for key in ("hit_at_1", "hit_at_5", "mrr", "latency_p50_ms", "latency_p95_ms"):
            ratio = (o[key] / b[key]) if b.get(key) else float("inf")
            lines.append(f"{key:14s} {_fmt(o[key]):>8s} {_fmt(b[key]):>9s} {ratio:>7.2f}")
    failures = [r for r in report.results if not r.correct]
    if failures:
        lines.append("")
        lines.append(f"Failed questions ({len(failures)}):")
        for r in failures[:show_failures]:
            got = "REFUSED" if r.refused else "answered"
            first = r.answer.splitlines()[0] if r.answer else ""
            want = "a refusal" if not r.answerable else f"contains {r.expected}"
            lines.append(f"- {r.id} [{r.intent}] {r.question}")
            lines.append(f"    want {want}; got {got}: {first[:110]}")
            lines.append(
                f"    quote rank: {r.rank}; retrieved: "
                f"{', '.join(x.split('#')[-1] + '@' + x.split('#')[0][:12] for x in r.retrieved[:3])}"
            )
        if len(failures) > show_failures:
            lines.append(f"  … and {len(failures) - show_failures} more (use --json for all)")
    if report.below:
        lines.append("")
        lines.append("BELOW THRESHOLDS:")
        lines.extend(f"- {b}" for b in report.below)
    return "\n".join(lines)
