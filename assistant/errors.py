"""Every error the assistant reports to a person, in one place, each with a stable machine code.

An error's message is English, one line, and says what to change (the CLI prints it as it is; a
question's message leads with its Chinese). Its `code` says what went wrong in a form programs can
rely on: the API sends it with the message, and the page looks up its Chinese text by it
(`messages_zh`). `params` hold the values a message names (a length, a file name), so a message can
be written again in another language without parsing this one.

Each class has a default code; a raise site that knows more names a specific one of the class's
`codes`: `QuestionError("…", code="question_empty")`.
"""

from __future__ import annotations

from typing import Any


class PolicyAssistantError(Exception):
    """An error with a message for the person who can fix it, and a stable code."""

    code: str = "error"
    codes: tuple[str, ...] = ()  # the specific codes a raise site may give instead of `code`

    def __init__(self, message: str = "", *, code: str | None = None, **params: Any):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.params: dict[str, Any] = params

    @property
    def message(self) -> str:
        return str(self)


class QuestionError(PolicyAssistantError, ValueError):
    """A question that cannot be processed; the message ("中文。 English.") tells the user what to change."""

    code = "question_invalid"
    codes = (
        "question_not_text",
        "question_bad_encoding",
        "question_bad_characters",
        "question_empty",
        "question_too_long",
        "question_no_user_message",
    )


class LoadError(PolicyAssistantError):
    """One-line, user-facing reason a file was skipped (no traceback is ever shown to users)."""

    code = "file_unreadable"
    codes = (
        "file_unsupported",
        "file_not_found",
        "file_empty",
        "file_binary",
        "file_no_text",
        "pdf_encrypted",
        "pdf_no_text_layer",
        "file_parse_failed",
        "file_duplicate",
        "file_too_large",
        "upload_key_required",
    )


class IndexUnavailable(PolicyAssistantError):
    """The index is missing, corrupt or does not match the configuration. The message names the fix."""

    code = "index_unavailable"
    codes = ("index_missing", "index_damaged", "index_version_mismatch", "index_embedder_mismatch", "ingest_busy")


class EmbedderUnavailable(PolicyAssistantError):
    """The configured embedder cannot run here. The message is meant for the person running
    the assistant: one paragraph saying what is missing and exactly what to set or install."""

    code = "embedder_unavailable"
    codes = ("embedder_not_installed", "embedder_model_unavailable", "embedder_config_invalid", "reranker_unavailable")


class LLMUnavailable(PolicyAssistantError):
    """LLM mode is configured but cannot be used (missing extra, configuration or prompts)."""

    code = "llm_unavailable"
    codes = ("llm_not_installed", "llm_not_configured", "llm_prompts_missing", "llm_prompt_invalid")


class DatasetError(PolicyAssistantError, ValueError):
    """A dataset file that cannot be used; the message names the file and line."""

    code = "dataset_invalid"


class UserError(PolicyAssistantError):
    """A problem with a command line the user can fix; printed as one line, exit code 2."""

    code = "usage_error"
    codes = ("document_not_found", "history_file_invalid")


def error_classes() -> list[type[PolicyAssistantError]]:
    """PolicyAssistantError and every subclass of it, base first."""
    out: list[type[PolicyAssistantError]] = []
    todo: list[type[PolicyAssistantError]] = [PolicyAssistantError]
    while todo:
        cls = todo.pop(0)
        out.append(cls)
        todo.extend(cls.__subclasses__())
    return out


def all_codes() -> dict[str, type[PolicyAssistantError]]:
    """Every code an error can carry → the class whose errors carry it."""
    return {code: cls for cls in error_classes() for code in (cls.code, *cls.codes)}
