"""Retrieval stage: hybrid search over clause passages.

Dense (FAISS inner product over normalised vectors) and BM25 (jieba tokens) each rank the
passages — both over the passage text *with* its document title and heading path — and the two
rankings are fused: a weighted sum of normalised scores by default (it measured better on the
regression set), the same sum with both rankings spread over [0, 1] by their candidates' least and best
(`Fusion.RELATIVE`), or reciprocal rank fusion (`Fusion.RRF`). Passages are folded into clauses (a clause scores
as its best passage), optionally reranked by a cross-encoder, and returned best first.
"""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass, field

import numpy as np

from ..embeddings import PolicyEmbeddings
from ..index.store import IndexStore
from ..records import Clause


@dataclass
class Hit:
    clause_id: str
    score: float  # fused score (or reranker score when a reranker ran)
    dense: float = 0.0  # best cosine of the clause's passages
    bm25: float = 0.0  # best BM25 of the clause's passages
    passage_ids: list[str] = field(default_factory=list)


@dataclass
class RetrievalResult:
    hits: list[Hit]
    timings_ms: dict[str, float]
    query_vec: np.ndarray | None = None  # reusable for a second search of the same question


class Fusion(str, enum.Enum):
    """How the dense and the BM25 rankings are combined (Settings.fusion)."""

    WEIGHTED = "weighted"
    RELATIVE = "relative"
    RRF = "rrf"


def _weighted_sum(d_ids, d_norm, b_ids, b_norm, dense_weight: float) -> dict[int, float]:
    """Each row's normalised dense and BM25 scores, summed with `dense_weight`."""
    fused: dict[int, float] = {}
    for row, s in zip(d_ids, d_norm, strict=True):
        fused[int(row)] = fused.get(int(row), 0.0) + dense_weight * float(s)
    for row, s in zip(b_ids, b_norm, strict=True):
        fused[int(row)] = fused.get(int(row), 0.0) + (1 - dense_weight) * float(s)
    return fused


def weighted_fusion(d_ids, d_scores, b_ids, b_scores, dense_weight: float) -> dict[int, float]:
    """Dense similarity and BM25 normalised by its best score, summed with `dense_weight`."""
    bmax = float(b_scores.max()) if len(b_scores) else 1.0
    return _weighted_sum(d_ids, d_scores, b_ids, np.asarray(b_scores, dtype=np.float64) / (bmax or 1.0), dense_weight)


def _spread(scores) -> np.ndarray:
    """Scores mapped onto [0, 1] by the least and the best of them (all 1.0 when they are equal)."""
    scores = np.asarray(scores, dtype=np.float64)
    if not len(scores):
        return scores
    lo, hi = float(scores.min()), float(scores.max())
    return (scores - lo) / (hi - lo) if hi > lo else np.ones_like(scores)


def relative_fusion(d_ids, d_scores, b_ids, b_scores, dense_weight: float) -> dict[int, float]:
    """Both rankings spread over [0, 1] among their candidates, then summed with `dense_weight`.
    An embedder's cosines crowd into a narrow band (0.85–0.94 for e5), so added raw they barely move
    an order that BM25 over its best decides; spread, the nearest in meaning counts as much as the
    best in words."""
    return _weighted_sum(d_ids, _spread(d_scores), b_ids, _spread(b_scores), dense_weight)


def rrf_fusion(d_ids, b_ids, k: int) -> dict[int, float]:
    """Reciprocal rank fusion: 1 / (k + rank) from each ranking."""
    fused: dict[int, float] = {}
    for ranking in (d_ids, b_ids):
        for rank, row in enumerate(ranking):
            fused[int(row)] = fused.get(int(row), 0.0) + 1.0 / (k + rank + 1)
    return fused


class HybridRetriever:
    def __init__(
        self,
        store: IndexStore,
        embedder: PolicyEmbeddings,
        *,
        fusion: Fusion | str = Fusion.WEIGHTED,
        rrf_k: int = 60,
        dense_weight: float = 0.5,
        candidates: int = 50,
        reranker=None,
    ):
        if fusion not in {f.value for f in Fusion}:
            raise ValueError("fusion must be 'weighted', 'relative' or 'rrf'")
        self.store = store
        self.embedder = embedder
        self.fusion = Fusion(fusion)
        self.rrf_k = rrf_k
        self.dense_weight = dense_weight
        self.candidates = candidates
        self.reranker = reranker

    def nearest_rows(self, text: str, k: int) -> np.ndarray:
        """The `k` passage rows nearest to `text` by embedding alone, ascending."""
        ids, _ = self.store.dense_search(self.embedder.embed_query_array(text), None, k)
        return np.sort(ids)

    def search(
        self,
        text: str,
        *,
        tokens: list[str] | None = None,
        docs: list[str] | None = None,
        k: int = 10,
        query_vec: np.ndarray | None = None,
    ) -> RetrievalResult:
        """Best clauses for `text`. `docs` limits the search to those documents; `tokens` overrides
        the BM25 query tokens (e.g. a translated question); `query_vec` a precomputed embedding."""
        timings: dict[str, float] = {}
        t = time.perf_counter()
        if query_vec is None:
            query_vec = self.embedder.embed_query_array(text)
        timings["embed_query"] = (time.perf_counter() - t) * 1000
        rows = self.store.passage_rows(docs)

        t = time.perf_counter()
        d_ids, d_scores = self.store.dense_search(query_vec, rows, self.candidates)
        timings["faiss"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        if tokens is None:
            tokens = self.store.tokenizer.tokenize(text)
        b_ids, b_scores = self.store.bm25_search(tokens, rows, self.candidates)
        timings["bm25"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        if self.fusion is Fusion.RRF:
            fused = rrf_fusion(d_ids, b_ids, self.rrf_k)
        elif self.fusion is Fusion.RELATIVE:
            fused = relative_fusion(d_ids, d_scores, b_ids, b_scores, self.dense_weight)
        else:
            fused = weighted_fusion(d_ids, d_scores, b_ids, b_scores, self.dense_weight)
        dense_of = {int(r): float(s) for r, s in zip(d_ids, d_scores, strict=True)}
        bm25_of = {int(r): float(s) for r, s in zip(b_ids, b_scores, strict=True)}

        by_clause: dict[str, Hit] = {}
        for row, score in fused.items():
            p = self.store.passages[row]
            hit = by_clause.get(p.clause_id)
            if hit is None:
                hit = by_clause[p.clause_id] = Hit(p.clause_id, score)
            else:
                hit.score = max(hit.score, score)
            hit.dense = max(hit.dense, dense_of.get(row, 0.0))
            hit.bm25 = max(hit.bm25, bm25_of.get(row, 0.0))
            hit.passage_ids.append(p.id)
        hits = sorted(by_clause.values(), key=lambda h: (-h.score, h.clause_id))
        timings["fusion"] = (time.perf_counter() - t) * 1000

        if self.reranker is not None and hits:
            t = time.perf_counter()
            hits = self.reranker.rerank(text, hits[: max(k, 20)], self.store)
            timings["rerank"] = (time.perf_counter() - t) * 1000
        return RetrievalResult(hits[:k], timings, query_vec)


class CrossEncoderReranker:
    """Optional second stage: a sentence-transformers CrossEncoder (e.g. BAAI/bge-reranker-base)
    scores (question, clause) pairs. Loaded only when configured; needs the sentence-transformers extra."""

    def __init__(self, model):
        """`model`: a name or local path, or an object with CrossEncoder's `predict(pairs)`."""
        from ..embeddings import EmbedderUnavailable

        if not isinstance(model, str):
            self.model = model
            return
        try:
            from sentence_transformers import CrossEncoder
        except ImportError as exc:
            raise EmbedderUnavailable(
                "The reranker needs sentence-transformers: install a CPU torch, then "
                "`pip install 'policy-assistant[sentence-transformers]'`, or unset POLICY_ASSISTANT_RERANKER.",
                code="reranker_unavailable",
            ) from exc
        try:
            self.model = CrossEncoder(model)
        except Exception as exc:
            raise EmbedderUnavailable(
                f"The reranker model {model!r} could not be loaded ({type(exc).__name__}). Offline machines need a "
                "local copy of the model folder; set POLICY_ASSISTANT_RERANKER to its path.",
                code="reranker_unavailable",
            ) from exc

    def rerank(self, query: str, hits: list[Hit], store: IndexStore) -> list[Hit]:
        texts = [_clause_text_for_rerank(store.clause(h.clause_id)) for h in hits]
        scores = self.model.predict([(query, t) for t in texts])
        for h, s in zip(hits, scores, strict=True):
            h.score = float(s)
        return sorted(hits, key=lambda h: -h.score)


def _clause_text_for_rerank(clause: Clause | None) -> str:
    if clause is None:
        return ""
    return " > ".join(clause.heading_path) + "\n" + clause.text
