"""Warm latency of Assistant.ask, extractive mode, with the per-stage breakdown.

    python bench/latency.py --index-dir index                      # the five documents
    python bench/latency.py --index-dir /tmp/synth-index --rounds 1  # a synthetic >=1000-document index

Questions are those of eval/regression.jsonl (history included), asked `--rounds` times after one
warm-up pass. Prints p50/p95 of the total and of each stage (query embedding, FAISS, BM25, fusion,
answer composition, …) and writes JSON with --out.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import Settings  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index-dir", type=Path, default=ROOT / "index")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path)
    ap.add_argument(
        "--query-embedder",
        help="Embed queries with this embedder whatever the index was built with "
        "(timing only: e.g. an index built fast with a stand-in of the same dimension)",
    )
    args = ap.parse_args()

    t = time.perf_counter()
    settings = Settings(_env_file=None, index_dir=args.index_dir)
    if args.query_embedder:
        from assistant.embeddings import make_embedder
        from assistant.index.store import open_index

        emb = make_embedder(args.query_embedder, settings)
        assistant = Assistant(
            settings.model_copy(update={"embedder": args.query_embedder}),
            store=open_index(settings, check_embedder=False),
            embedder=emb,
        )
    else:
        assistant = Assistant(settings)
    load_s = time.perf_counter() - t
    items = [
        json.loads(line)
        for line in (ROOT / "eval" / "regression.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for item in items:  # warm-up: jieba, caches, page cache
        assistant.ask(item["question"], item.get("history", []))
    totals: list[float] = []
    stages: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for item in items:
            t = time.perf_counter()
            answer = assistant.ask(item["question"], item.get("history", []))
            totals.append((time.perf_counter() - t) * 1000)
            for k, v in answer.timings_ms.items():
                stages.setdefault(k, []).append(v)
    docs = assistant.store.manifest["counts"]
    result = {
        "index": str(args.index_dir),
        "documents": docs["documents"],
        "passages": docs["passages"],
        "open_s": round(load_s, 2),
        "questions": len(totals),
        "p50_ms": round(pct(totals, 50), 1),
        "p95_ms": round(pct(totals, 95), 1),
        "mean_ms": round(statistics.mean(totals), 1),
        "stages": {k: {"p50_ms": round(pct(v, 50), 2), "p95_ms": round(pct(v, 95), 2)} for k, v in stages.items()},
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
