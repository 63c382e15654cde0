"""The HTTP interfaces, served for real by uvicorn on loopback and called by real clients: the
official `openai` client for /v1, httpx for /api, WeChat-signed XML for /wechat."""

from __future__ import annotations

import csv
import hashlib
import io
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

import httpx
import openai
import pytest
import uvicorn
from fastapi import FastAPI
from openai import OpenAI

from assistant.answer.compose import Answer
from assistant.server import create_app
from assistant.service import AssistantService

QUESTION = "蓝天保卫战由哪个部门牵头？"
CLAUSE = "jinhua-innovative-city-plan-2018#2.8"
TOKEN = "testtoken"
ORIGIN = "https://example.gov.cn"

Serve = Callable[..., str]


def _no_traceback(response: httpx.Response) -> None:
    response.read()
    assert "Traceback" not in response.text, response.text


def _client(base: str) -> httpx.Client:
    # trust_env=False: a proxy from the environment must not see loopback traffic.
    return httpx.Client(base_url=base, timeout=30, trust_env=False, event_hooks={"response": [_no_traceback]})


@pytest.fixture(scope="module")
def serve(assistant) -> Iterator[Serve]:
    """Starts an app over the shared assistant with some settings changed; returns its base URL."""
    running: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(
        *, service: AssistantService | None = None, extra: Callable[[FastAPI], None] | None = None, **update
    ) -> str:
        settings = assistant.settings.model_copy(update=update)
        service = service or AssistantService(settings, assistant=assistant)
        app = create_app(service, settings, ui=False)
        if extra:
            extra(app)
        # Port 0: the OS picks a free port, read back once the server is up (no race for a port).
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        running.append((server, thread))
        deadline = time.monotonic() + 15
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    yield start
    for server, _ in running:
        server.should_exit = True
    for _, thread in running:
        thread.join(timeout=10)


def _boom_route(app: FastAPI) -> None:
    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail")


@pytest.fixture(scope="module")
def base(serve: Serve) -> str:
    return serve(wechat_token=TOKEN, max_body_bytes=8192, extra=_boom_route)


@pytest.fixture(scope="module")
def http(base: str) -> Iterator[httpx.Client]:
    with _client(base) as client:
        yield client


@pytest.fixture(scope="module")
def oa(base: str) -> OpenAI:
    return OpenAI(base_url=f"{base}/v1", api_key="x", max_retries=0, timeout=30)


# ---------------------------------------------------------------------------- /v1 with the openai client


def test_openai_chat_completion(oa: OpenAI):
    raw = oa.chat.completions.with_raw_response.create(
        model="policy-assistant", messages=[{"role": "user", "content": QUESTION}]
    )
    completion = raw.parse()
    content = completion.choices[0].message.content
    assert "市蓝天办" in content
    assert "来源：" in content and "二（八）" in content and "《金华市建设国家创新型城市工作实施方案》" in content
    assert completion.choices[0].finish_reason == "stop"
    assert completion.model == "policy-assistant" and completion.object == "chat.completion"
    assert completion.usage.completion_tokens > 0
    body = raw.http_response.json()
    assert body["sources"][0]["clause_id"] == CLAUSE
    assert body["policy_assistant"]["refused"] is False
    assert body["policy_assistant"]["citations"][0]["clause_id"] == CLAUSE
    assert completion.model_extra["sources"][0]["clause_id"] == CLAUSE


def test_openai_model_is_echoed(oa: OpenAI):
    completion = oa.chat.completions.create(model="my-bot", messages=[{"role": "user", "content": QUESTION}])
    assert completion.model == "my-bot"


def test_openai_streaming(oa: OpenAI):
    stream = oa.chat.completions.create(
        model="policy-assistant", stream=True, messages=[{"role": "user", "content": QUESTION}]
    )
    chunks = list(stream)
    assert len(chunks) >= 4
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "市蓝天办" in text and "来源：" in text and "二（八）" in text
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["sources"][0]["clause_id"] == CLAUSE


def test_openai_streaming_usage(oa: OpenAI):
    chunks = list(
        oa.chat.completions.create(
            model="policy-assistant",
            stream=True,
            stream_options={"include_usage": True},
            messages=[{"role": "user", "content": QUESTION}],
        )
    )
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens > 0


def test_openai_follow_up(oa: OpenAI):
    messages = [
        {"role": "system", "content": "你是政策助手。"},
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": "牵头单位是市蓝天办。"},
        {"role": "user", "content": "那责任单位有哪些？"},
    ]
    content = oa.chat.completions.create(model="policy-assistant", messages=messages).choices[0].message.content
    assert "市环保局" in content


def test_openai_content_parts(oa: OpenAI):
    messages = [{"role": "user", "content": [{"type": "text", "text": QUESTION}]}]
    assert (
        "市蓝天办" in oa.chat.completions.create(model="policy-assistant", messages=messages).choices[0].message.content
    )


def test_openai_models(oa: OpenAI):
    assert [m.id for m in oa.models.list()] == ["policy-assistant"]
    assert oa.models.retrieve("policy-assistant").id == "policy-assistant"
    with pytest.raises(openai.NotFoundError):
        oa.models.retrieve("gpt-4o")


@pytest.mark.parametrize("stream", [False, True])
def test_openai_empty_question(oa: OpenAI, stream: bool):
    with pytest.raises(openai.BadRequestError) as err:
        oa.chat.completions.create(
            model="policy-assistant", stream=stream, messages=[{"role": "user", "content": "  "}]
        )
    assert "问题为空" in err.value.message
    assert err.value.body["type"] == "invalid_request_error"


def test_openai_no_user_message(oa: OpenAI):
    with pytest.raises(openai.BadRequestError):
        oa.chat.completions.create(model="policy-assistant", messages=[{"role": "system", "content": "hi"}])


def test_v1_validation_error_has_openai_shape(http: httpx.Client):
    r = http.post("/v1/chat/completions", json={"model": "policy-assistant"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert {"message", "type", "param", "code"} <= set(error) and "messages" in error["message"]


# ---------------------------------------------------------------------------- /api


def test_ask(http: httpx.Client):
    r = http.post("/api/ask", json={"question": QUESTION})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == set(Answer.model_fields)
    assert "市蓝天办" in body["answer"] and body["refused"] is False
    assert body["citations"][0]["clause_id"] == CLAUSE
    assert {"n", "clause_id", "doc_title", "doc_number", "path", "text", "score", "label", "heading"} == set(
        body["citations"][0]
    )


@pytest.mark.parametrize(
    "history",
    [[QUESTION], [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "牵头单位是市蓝天办。"}]],
)
def test_ask_follow_up(http: httpx.Client, history):
    r = http.post("/api/ask", json={"question": "那责任单位有哪些？", "history": history})
    assert r.status_code == 200 and "市环保局" in r.json()["answer"]


@pytest.mark.parametrize("question", ["", "   \n ", "问" * 2001, "蓝天\x01保卫战"])
def test_ask_bad_question_is_400(http: httpx.Client, question: str):
    r = http.post("/api/ask", json={"question": question})
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["type"] == "invalid_question" and error["message"]


@pytest.mark.parametrize("body", [{"question": 123}, {}, {"question": QUESTION, "history": "not a list"}])
def test_ask_wrong_types_is_422(http: httpx.Client, body):
    r = http.post("/api/ask", json=body)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["type"] == "validation_error" and error["message"] and error["details"]


def test_ask_invalid_json_is_422(http: httpx.Client):
    r = http.post("/api/ask", content=b'{"question": ', headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["type"] == "validation_error"


def test_body_too_large(http: httpx.Client):
    # The app under test allows 8 KiB bodies.
    big = {"question": QUESTION, "history": ["蓝天" * 2000]}
    r = http.post("/api/ask", json=big)
    assert r.status_code == 413 and r.json()["error"]["type"] == "request_too_large"

    def chunked() -> Iterator[bytes]:  # no Content-Length: counted while reading
        yield b'{"question": "' + "问".encode() * 1000
        yield "问".encode() * 3000 + b'"}'

    r = http.post("/api/ask", content=chunked(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["type"] == "request_too_large"


def test_documents(http: httpx.Client):
    docs = http.get("/api/documents").json()
    assert len(docs) == 5
    assert "jinhua-innovative-city-plan-2018" in {d["slug"] for d in docs}


def test_clauses_filters(http: httpx.Client):
    by_unit = http.get("/api/clauses", params={"unit": "市蓝天办"}).json()
    assert CLAUSE in [c["clause_id"] for c in by_unit]
    by_query = http.get("/api/clauses", params={"query": "蓝天"}).json()
    assert CLAUSE in [c["clause_id"] for c in by_query]
    assert all("蓝天" in c["text"] + c["heading"] for c in by_query)
    by_doc = http.get("/api/clauses", params={"doc": "dingxi-innovation-plan-2020"}).json()
    assert by_doc and all(c["clause_id"].startswith("dingxi-innovation-plan-2020#") for c in by_doc)
    assert len(http.get("/api/clauses", params={"limit": 3}).json()) == 3
    assert http.get("/api/clauses", params={"limit": 5000}).status_code == 422


def test_clause_by_id(http: httpx.Client):
    r = http.get("/api/clauses/jinhua-innovative-city-plan-2018%232.8")
    assert r.status_code == 200
    body = r.json()
    assert body["clause"]["id"] == CLAUSE and "市蓝天办" in body["full_text"]
    r = http.get("/api/clauses/jinhua-innovative-city-plan-2018%2399.99")
    assert r.status_code == 404 and r.json()["error"]["type"] == "not_found"


def test_matrix(http: httpx.Client):
    rows = http.get("/api/matrix", params={"unit": "市蓝天办"}).json()
    assert {"unit": "市蓝天办", "role": "牵头", "clause_id": CLAUSE}.items() <= rows[0].items()
    assert len(http.get("/api/matrix").json()) > len(rows)


def test_matrix_csv(http: httpx.Client):
    r = http.get("/api/matrix.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == ["单位", "角色", "文件", "条款", "任务", "clause_id"]
    assert any(row[0] == "市蓝天办" and row[1] == "牵头" and row[5] == CLAUSE for row in rows[1:])


def test_healthz(http: httpx.Client):
    body = http.get("/healthz").json()
    assert body["status"] == "ok" and body["documents"] == 5 and body["clauses"] > 50 and body["embedder"]


def test_unknown_route_and_method(http: httpx.Client):
    r = http.get("/api/nothing-here")
    assert r.status_code == 404 and r.json()["error"]["type"] == "not_found"
    r = http.get("/api/ask")
    assert r.status_code == 405 and r.json()["error"]["type"] == "method_not_allowed"


def test_internal_error_is_json_without_details(http: httpx.Client):
    r = http.get("/api/boom")
    assert r.status_code == 500
    assert r.json() == {"error": {"type": "internal_error", "message": "internal error"}}
    assert "secret internal detail" not in r.text


def test_index_unavailable(serve: Serve, assistant, tmp_path_factory):
    settings = assistant.settings.model_copy(update={"index_dir": tmp_path_factory.mktemp("no-index")})
    with _client(serve(service=AssistantService(settings))) as http:
        r = http.get("/healthz")
        assert r.status_code == 503 and "No index found" in r.json()["error"]["message"]
        r = http.get("/api/documents")
        assert r.status_code == 503 and r.json()["error"]["type"] == "index_unavailable"


# ---------------------------------------------------------------------------- API keys and CORS


def test_api_keys(serve: Serve):
    base = serve(api_keys=["secret"])
    with _client(base) as http:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic secret"}):
            r = http.post("/api/ask", json={"question": QUESTION}, headers=headers)
            assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
            assert r.json()["error"]["type"] == "unauthorized"
        r = http.post("/api/ask", json={"question": QUESTION}, headers={"Authorization": "Bearer secret"})
        assert r.status_code == 200 and "市蓝天办" in r.json()["answer"]
        for open_path in ("/healthz", "/docs", "/openapi.json"):
            assert http.get(open_path).status_code == 200
        assert http.get("/wechat").status_code == 404  # no WeChat token: the feature is off
    ok = OpenAI(base_url=f"{base}/v1", api_key="secret", max_retries=0, timeout=30)
    assert (
        "市蓝天办"
        in ok.chat.completions.create(model="policy-assistant", messages=[{"role": "user", "content": QUESTION}])
        .choices[0]
        .message.content
    )
    with pytest.raises(openai.AuthenticationError):
        OpenAI(base_url=f"{base}/v1", api_key="wrong", max_retries=0, timeout=30).models.list()


def test_cors(serve: Serve, http: httpx.Client):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    with _client(serve(cors_origins=[ORIGIN], api_keys=["secret"])) as cors:
        r = cors.options("/api/ask", headers={"Origin": ORIGIN, **preflight})
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ORIGIN
        r = cors.options("/api/ask", headers={"Origin": "https://evil.example.com", **preflight})
        assert "access-control-allow-origin" not in r.headers
        # The 401 is readable by the allowed page too.
        r = cors.post("/api/ask", json={"question": QUESTION}, headers={"Origin": ORIGIN})
        assert r.status_code == 401 and r.headers["access-control-allow-origin"] == ORIGIN
    # No origins configured: no CORS headers at all.
    assert "access-control-allow-origin" not in http.get("/healthz", headers={"Origin": ORIGIN}).headers


# ---------------------------------------------------------------------------- WeChat


def _signed(token: str = TOKEN, timestamp: str = "1700000000", nonce: str = "12345") -> dict[str, str]:
    # How WeChat signs a callback: sha1 of the sorted token, timestamp and nonce, concatenated.
    signature = hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()
    return {"signature": signature, "timestamp": timestamp, "nonce": nonce}


def _message(msg_type: str, inner: str) -> bytes:
    return (
        f"<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[o_user1]]></FromUserName>"
        f"<CreateTime>1700000000</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>{inner}"
        "<MsgId>1234567890123456</MsgId></xml>"
    ).encode()


def _text(content: str) -> bytes:
    return _message("text", f"<Content><![CDATA[{content}]]></Content>")


def _reply(r: httpx.Response) -> dict[str, str]:
    assert r.status_code == 200, r.text
    return {child.tag: child.text or "" for child in ET.fromstring(r.content)}


def test_wechat_verify(http: httpx.Client):
    assert http.get("/wechat", params={**_signed(), "echostr": "hello123"}).text == "hello123"
    bad = {**_signed(), "signature": "0" * 40, "echostr": "hello123"}
    assert http.get("/wechat", params=bad).status_code == 403
    assert http.get("/wechat", params={"echostr": "hello123"}).status_code == 403
    assert http.get("/wechat", params={**_signed(token="other"), "echostr": "x"}).status_code == 403


def test_wechat_rejects_unsigned_posts(http: httpx.Client):
    assert http.post("/wechat", content=_text(QUESTION)).status_code == 403
    assert http.post("/wechat", params={**_signed(), "signature": "f" * 40}, content=_text(QUESTION)).status_code == 403


def test_wechat_text_message(http: httpx.Client):
    started = time.monotonic()
    reply = _reply(
        http.post("/wechat", params=_signed(), content=_text(QUESTION), headers={"Content-Type": "text/xml"})
    )
    assert time.monotonic() - started < 5
    assert reply["ToUserName"] == "o_user1" and reply["FromUserName"] == "gh_account" and reply["MsgType"] == "text"
    assert (
        "市蓝天办" in reply["Content"] and "依据：《金华市建设国家创新型城市工作实施方案》 二（八）" in reply["Content"]
    )
    assert "[1]" not in reply["Content"]


def test_wechat_long_answer_fits(http: httpx.Client):
    content = _reply(http.post("/wechat", params=_signed(), content=_text("市科技局牵头哪些任务？")))["Content"]
    assert content and len(content.encode("utf-8")) <= 2048


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            _message("image", "<PicUrl><![CDATA[http://x/a.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId>"),
            "目前只能回答文字问题",
        ),
        (
            _message("voice", "<MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format>"),
            "目前只能回答文字问题",
        ),
        (_message("event", "<Event><![CDATA[subscribe]]></Event>"), "欢迎关注"),
        (_text(""), "问题为空"),
        (_text("   "), "问题为空"),
    ],
)
def test_wechat_other_messages(http: httpx.Client, body: bytes, expected: str):
    assert expected in _reply(http.post("/wechat", params=_signed(), content=body))["Content"]


def test_wechat_voice_with_recognition_is_answered(http: httpx.Client):
    body = _message("voice", f"<MediaId><![CDATA[m1]]></MediaId><Recognition><![CDATA[{QUESTION}]]></Recognition>")
    assert "市蓝天办" in _reply(http.post("/wechat", params=_signed(), content=body))["Content"]


def test_wechat_other_events_get_no_message(http: httpx.Client):
    r = http.post("/wechat", params=_signed(), content=_message("event", "<Event><![CDATA[unsubscribe]]></Event>"))
    assert r.status_code == 200 and r.text == "success"


ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b"<xml><MsgType>text</MsgType><Content>&b;</Content></xml>"
)


@pytest.mark.parametrize(
    "body", [b"<xml><ToUserName>", b"not xml at all", b"", b"<xml><Content>hi</Content></xml>", ENTITY_BOMB]
)
def test_wechat_malformed_xml(http: httpx.Client, body: bytes):
    assert http.post("/wechat", params=_signed(), content=body).status_code == 400


def test_wechat_slow_answer_replies_in_time_then_delivers(serve: Serve):
    # A deadline no answer can meet: the reply says to ask again, and asking again gets the answer.
    with _client(serve(wechat_token=TOKEN, wechat_reply_timeout_s=0.001)) as http:
        started = time.monotonic()
        first = _reply(http.post("/wechat", params=_signed(), content=_text(QUESTION)))
        assert time.monotonic() - started < 5
        assert first["Content"] == "正在查询，请稍后再问一次。"
        for _ in range(50):
            time.sleep(0.1)
            content = _reply(http.post("/wechat", params=_signed(), content=_text(QUESTION)))["Content"]
            if content != first["Content"]:
                break
        assert "市蓝天办" in content
