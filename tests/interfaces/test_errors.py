"""Errors: one module (assistant/errors.py), a stable code on every error, and the interfaces
mapping codes to what their users read: the API sends the code, the page and WeChat show Chinese
looked up by it, the CLI prints the English message. No index is built here."""

from __future__ import annotations

import ast
import asyncio
import re
import string
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant import errors
from assistant.config import Settings
from assistant.errors import (
    IndexUnavailable,
    LoadError,
    PolicyAssistantError,
    QuestionError,
    all_codes,
    error_classes,
)
from assistant.messages_zh import MESSAGES_ZH, message_zh
from assistant.query.read import check_question
from assistant.server import create_app
from assistant.service import MAX_UPLOAD_BYTES, AssistantService
from assistant.webui import ingest_file, make_chat

PACKAGE = Path(errors.__file__).parent

# Values for the placeholders the Chinese texts name.
PARAMS = {
    "chars": "U+0001",
    "length": 2001,
    "limit": 2000,
    "format": ".exe",
    "supported": ".docx, .txt",
    "name": "a.txt",
    "size_mb": 21,
    "limit_mb": 20,
}


def _error(code: str) -> PolicyAssistantError:
    cls = all_codes()[code]
    fields = {f for _, f, _, _ in string.Formatter().parse(MESSAGES_ZH[code]) if f}
    return cls(f"the English message for {code}", code=code, **{f: PARAMS[f] for f in fields})


def _expected_zh(code: str) -> str:
    return MESSAGES_ZH[code].format(**PARAMS)


# ---------------------------------------------------------------- the codes


def test_every_error_class_has_a_code_and_codes_are_unique():
    classes = error_classes()
    assert {
        "QuestionError",
        "LoadError",
        "IndexUnavailable",
        "EmbedderUnavailable",
        "LLMUnavailable",
        "DatasetError",
        "UserError",
    } <= {c.__name__ for c in classes}
    every = [code for cls in classes for code in (cls.code, *cls.codes)]
    assert len(every) == len(set(every)), [c for c in every if every.count(c) > 1]
    for cls in classes:
        assert issubclass(cls, PolicyAssistantError) and cls.__module__ == "assistant.errors"
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", cls.code), cls
        assert all(re.fullmatch(r"[a-z]+(_[a-z0-9]+)*", c) for c in cls.codes), cls


def test_no_other_module_defines_an_error_class():
    for path in PACKAGE.rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                assert not re.search(r"(Error|Exception|Unavailable)$", node.name), f"{path}: {node.name}"


def test_every_code_given_at_a_raise_site_belongs_to_the_class_raised():
    classes = {c.__name__: c for c in error_classes()}
    seen = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in classes):
                continue
            for kw in node.keywords:
                if kw.arg == "code" and isinstance(kw.value, ast.Constant):
                    cls = classes[node.func.id]
                    assert kw.value.value in cls.codes, f"{path}: {node.func.id}(code={kw.value.value!r})"
                    seen.add(kw.value.value)
    assert {
        "question_empty",
        "question_too_long",
        "index_missing",
        "index_damaged",
        "ingest_busy",
        "file_empty",
        "file_unsupported",
        "upload_key_required",
    } <= seen


def test_every_code_has_chinese_and_no_chinese_is_stale():
    assert set(MESSAGES_ZH) == set(all_codes())
    for code in all_codes():
        assert re.search(r"[\u4e00-\u9fff]", MESSAGES_ZH[code]), code
        assert message_zh(_error(code)) == _expected_zh(code)


def test_the_old_import_paths_name_the_same_classes():
    from assistant.answer.llm import LLMUnavailable
    from assistant.cli import UserError
    from assistant.embeddings import EmbedderUnavailable
    from assistant.evaluate import DatasetError
    from assistant.index.store import IndexUnavailable as FromIndex
    from assistant.ingest.loaders import LoadError as FromLoaders
    from assistant.query.read import QuestionError as FromUnderstand

    assert (FromUnderstand, FromLoaders, FromIndex) == (QuestionError, LoadError, IndexUnavailable)
    assert (EmbedderUnavailable, LLMUnavailable, DatasetError, UserError) == (
        errors.EmbedderUnavailable,
        errors.LLMUnavailable,
        errors.DatasetError,
        errors.UserError,
    )
    assert issubclass(QuestionError, ValueError) and issubclass(errors.DatasetError, ValueError)


@pytest.mark.parametrize(
    ("question", "code"),
    [
        (None, "question_not_text"),
        ("蓝天\ud800", "question_bad_encoding"),
        ("蓝天\x01保卫战", "question_bad_characters"),
        ("", "question_empty"),
        (" \n\t", "question_empty"),
        ("问" * 2001, "question_too_long"),
    ],
)
def test_question_errors_carry_their_code_and_their_chinese_is_the_messages_chinese_half(question, code):
    with pytest.raises(QuestionError) as info:
        check_question(question)
    assert info.value.code == code
    zh = message_zh(info.value)
    assert str(info.value).startswith(zh + " ") and re.fullmatch(r"[^A-Za-z]*[A-Za-z ]*[^A-Za-z]*", zh)


def test_loader_reasons_carry_their_code(tmp_path):
    from assistant.ingest.loaders import load_file

    cases = {
        "empty.txt": (b"", "file_empty"),
        "blank.txt": (b" \n ", "file_empty"),
        "junk.txt": (bytes(range(256)) * 8, "file_binary"),
        "a.doc": (b"x", "file_unsupported"),
    }
    for name, (data, code) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(LoadError) as info:
            load_file(tmp_path / name)
        assert info.value.code == code, name
    # Pickled and copied errors (reports are deep-copied) keep code and values.
    import copy
    import pickle

    e = LoadError("duplicate of x.txt, already in the corpus", code="file_duplicate", name="x.txt")
    for again in (copy.deepcopy(e), pickle.loads(pickle.dumps(e))):
        assert (str(again), again.code, again.params) == (str(e), "file_duplicate", {"name": "x.txt"})


# ---------------------------------------------------------------- the page


class _Raising:
    """A service whose every call raises the given error."""

    def __init__(self, error: Exception):
        self.error = error

    def ingest_upload(self, *args, **kwargs):
        raise self.error

    def ask_stream(self, *args, **kwargs):
        raise self.error


@pytest.mark.parametrize("code", sorted(all_codes()))
def test_the_page_shows_the_chinese_message_for_each_code(code, tmp_path):
    upload = tmp_path / "a.txt"
    upload.write_text("文字", encoding="utf-8")
    service = _Raising(_error(code))
    assert ingest_file(service, str(upload)) == f"未收录：{_expected_zh(code)}"  # type: ignore[arg-type]
    if issubclass(all_codes()[code], QuestionError):
        conversation = list(make_chat(service)("问题", []))[-1]  # type: ignore[arg-type]
        assert conversation[-1] == {"role": "assistant", "content": _expected_zh(code)}


def test_upload_errors_read_on_the_page_as_before(tmp_path):
    corpus = tmp_path / "corpus"
    service = AssistantService(Settings(_env_file=None, index_dir=tmp_path / "index", corpus_dir=corpus))
    cases = {
        "tool.exe": (b"MZ", "file_unsupported"),
        "empty.txt": (b"", "file_empty"),
        "big.txt": (b"x" * (MAX_UPLOAD_BYTES + 1), "file_too_large"),
    }
    for name, (data, code) in cases.items():
        with pytest.raises(LoadError) as info:
            service.ingest_upload(name, data)
        assert info.value.code == code
    (tmp_path / "tool.exe").write_bytes(b"MZ")
    (tmp_path / "big.txt").write_bytes(b"x" * (MAX_UPLOAD_BYTES + 1))
    assert ingest_file(service, str(tmp_path / "tool.exe")) == (
        "未收录：不支持的格式 '.exe'（支持：.docx, .htm, .html, .markdown, .md, .pdf, .txt）"
    )
    assert ingest_file(service, str(tmp_path / "big.txt")) == "未收录：文件过大（20 MB，上限为 20 MB）"
    keyed = AssistantService(service.settings.model_copy(update={"api_keys": ["k"]}))
    with pytest.raises(LoadError, match="API key is required") as info:
        keyed.ingest_upload("a.txt", b"x", key="wrong")
    assert info.value.code == "upload_key_required"
    assert not corpus.exists()


# ---------------------------------------------------------------- the API and WeChat


class _Checking:
    """A service that checks the question as the assistant does, then has nothing to say."""

    settings = Settings(_env_file=None)

    def ask(self, question, history=None):
        check_question(question)
        raise AssertionError("a bad question only")

    def ask_stream(self, question, history=None):
        return iter([self.ask(question, history)])


@pytest.fixture
def api() -> TestClient:
    service = _Checking()
    return TestClient(create_app(service, service.settings, ui=False))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "code"),
    [("", "question_empty"), ("问" * 2001, "question_too_long"), ("蓝天\x01保卫战", "question_bad_characters")],
)
def test_the_api_returns_the_code(api: TestClient, question: str, code: str):
    r = api.post("/api/ask", json={"question": question})
    assert r.status_code == 400
    assert r.json()["error"] == {"type": "invalid_question", "message": r.json()["error"]["message"], "code": code}
    for stream in (False, True):
        r = api.post(
            "/v1/chat/completions", json={"messages": [{"role": "user", "content": question}], "stream": stream}
        )
        error = r.json()["error"]
        assert r.status_code == 400 and error["code"] == code and error["type"] == "invalid_request_error"
        assert error["message"].startswith(MESSAGES_ZH[code].split("{")[0])
    r = api.post("/v1/chat/completions", json={"messages": [{"role": "system", "content": "hi"}]})
    assert r.status_code == 400 and r.json()["error"]["code"] == "question_no_user_message"


def test_the_api_returns_the_index_code(tmp_path):
    settings = Settings(_env_file=None, index_dir=tmp_path / "none", corpus_dir=tmp_path / "corpus")
    client = TestClient(create_app(AssistantService(settings), settings, ui=False))
    for path in ("/api/documents", "/healthz"):
        r = client.get(path)
        assert r.status_code == 503
        error = r.json()["error"]
        assert error["type"] == "index_unavailable" and error["code"] == "index_missing"
        assert error["message"].startswith("No index found")
    # Errors that are not the assistant's own keep their shape.
    assert client.get("/api/nothing").json() == {"error": {"type": "not_found", "message": "Not Found"}}


def test_wechat_says_a_bad_question_in_chinese():
    from assistant.api import WECHAT_EXAMPLE, WeChatResponder

    responder = WeChatResponder(_Checking())  # type: ignore[arg-type]
    reply = asyncio.run(responder.answer("u", "  ", time.monotonic() + 1))
    assert reply == f"问题为空，请输入要查询的内容。\n例如：{WECHAT_EXAMPLE}"
    responder.executor.shutdown()
