from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings, get_settings
from assistant.embeddings import EmbedderIdentity, PolicyEmbeddings

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="session")
def realcorpus_dir() -> Path:
    """The folder of real government documents (docs/ and SOURCES.tsv, see its README.md):
    $POLICY_ASSISTANT_REALCORPUS, else ../shared/realcorpus beside the repository, else
    /work/shared/realcorpus. Tests that use it are skipped where it is absent."""
    tried = []
    if os.environ.get("POLICY_ASSISTANT_REALCORPUS"):
        tried.append(Path(os.environ["POLICY_ASSISTANT_REALCORPUS"]))
    tried += [Path(__file__).resolve().parents[2] / "shared" / "realcorpus", Path("/work/shared/realcorpus")]
    for folder in tried:
        if (folder / "docs").is_dir() and (folder / "SOURCES.tsv").is_file():
            return folder
    looked = ", ".join(map(str, tried))
    pytest.skip(f"real corpus not found (set POLICY_ASSISTANT_REALCORPUS); looked in {looked}")


class HashEmbeddings(PolicyEmbeddings):
    """A fast, deterministic stand-in for a real model: hashed character bigrams. Texts that
    share wording get similar vectors, which is enough to test the index machinery."""

    def __init__(self, name: str = "test-hash", dim: int = 64, batch_size: int = 16):
        super().__init__(batch_size)
        self.identity = EmbedderIdentity(name=name, version="test", dim=dim)
        self.calls = 0
        self.embedded = 0

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.identity.dim, dtype=np.float32)
        for a, b in zip(text, text[1:], strict=False):
            h = int.from_bytes(hashlib.blake2b((a + b).encode(), digest_size=4).digest(), "little")
            v[h % self.identity.dim] += 1.0
        return v

    def _embed_passages(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.embedded += len(texts)
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.identity.dim), np.float32)

    def _embed_query(self, text: str) -> np.ndarray:
        return self._vec(text)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture
def settings(tmp_path, corpus_copy) -> Settings:
    return Settings(index_dir=tmp_path / "index", corpus_dir=corpus_copy, embedder="test-hash", show_progress=False)


@pytest.fixture
def env_settings(monkeypatch, settings):
    """Point the CLI (which reads the environment) at the test's corpus and index."""
    monkeypatch.setenv("POLICY_ASSISTANT_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("POLICY_ASSISTANT_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("POLICY_ASSISTANT_EMBEDDER", "test-hash")
    monkeypatch.setenv("POLICY_ASSISTANT_SHOW_PROGRESS", "false")
    monkeypatch.setattr("assistant.ingest.corpus.make_embedder", lambda spec, s=None: HashEmbeddings(name=spec))
    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    """The real assistant over the real corpus with the bundled embedder, built once per run."""
    from assistant.ingest.corpus import build_index
    from assistant.pipeline import Assistant

    settings = Settings(
        _env_file=None, index_dir=tmp_path_factory.mktemp("index"), corpus_dir=CORPUS, show_progress=False
    )
    build_index(None, settings)
    return Assistant(settings)
