"""The HTTP interfaces over one `AssistantService`: the JSON API under /api, an OpenAI-compatible
API under /v1 (so any OpenAI client or chat front-end can talk to the assistant), the WeChat
official-account callback at /wechat, and /healthz.

Every error is JSON (OpenAI's error shape under /v1 so OpenAI clients show the message); an
error of the assistant's own (assistant/errors.py) carries its stable `code` beside the message;
a traceback never reaches a client.
"""

from __future__ import annotations

import asyncio
import csv
import hmac
import io
import json
import logging
import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from fastapi import APIRouter, FastAPI, Query, Request, Security
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from fastapi.security import HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .answer.compose import Answer
from .config import Settings
from .errors import IndexUnavailable, PolicyAssistantError, QuestionError
from .messages_zh import message_zh
from .query.read import check_question
from .service import AssistantService

logger = logging.getLogger(__name__)

MODEL_ID = "policy-assistant"
# Only our own routes are limited and guarded: the Gradio page mounted at / has its own uploads.
LIMITED_PREFIXES = ("/api", "/v1", "/wechat")
KEYED_PREFIXES = ("/api", "/v1")

ERROR_TYPES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    422: "validation_error",
    500: "internal_error",
    503: "unavailable",
}

WECHAT_EXAMPLE = "蓝天保卫战由哪个部门牵头？"
WECHAT_TEXT_ONLY = f"目前只能回答文字问题，例如：{WECHAT_EXAMPLE}"
WECHAT_WELCOME = f"欢迎关注！我可以回答政策文件中的问题，并注明所依据的条款。请直接发送文字问题，例如：{WECHAT_EXAMPLE}"
WECHAT_PENDING = "正在查询，请稍后再问一次。"
WECHAT_SORRY = "抱歉，暂时无法回答，请稍后再试。"
WECHAT_MAX_BYTES = 2048  # WeChat's limit for a passive text reply


# ---------------------------------------------------------------------------- errors


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def error_response(
    path: str,
    status: int,
    message: str,
    *,
    type_: str | None = None,
    details: Any = None,
    param: str | None = None,
    headers: dict[str, str] | None = None,
    code: str | None = None,
) -> JSONResponse:
    """The error body for `path`: OpenAI's shape under /v1, ours elsewhere. `code`: the error's
    stable code (assistant/errors.py), for errors of the assistant's own."""
    type_ = type_ or ERROR_TYPES.get(status, "error")
    if _under(path, ("/v1",)):
        # OpenAI clients read error.message; they map the status code to their exception class.
        error: dict[str, Any] = {
            "message": message,
            "type": "server_error" if status >= 500 else "invalid_request_error",
            "param": param,
            "code": code or ("invalid_api_key" if status == 401 else type_),
        }
    else:
        error = {"type": type_, "message": message}
        if code:
            error["code"] = code
    if details is not None:
        error["details"] = details
    return JSONResponse({"error": error}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    async def question_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, QuestionError)
        return error_response(
            request.url.path, 400, str(exc), type_="invalid_question", param="question", code=exc.code
        )

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        # Without "input"/"ctx": a rejected body is not echoed back (it may be large or sensitive).
        details = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()
        ]
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"] if p != "body")
        message = f"{where}: {first['msg']}" if where else str(first["msg"])
        return error_response(request.url.path, 422, message, details=jsonable_encoder(details), param=where or None)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = (
            exc.detail if isinstance(exc.detail, str) else json.dumps(jsonable_encoder(exc.detail), ensure_ascii=False)
        )
        return error_response(request.url.path, exc.status_code, message, headers=dict(exc.headers or {}))

    async def index_unavailable(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, IndexUnavailable)
        return error_response(request.url.path, 503, str(exc), type_="index_unavailable", code=exc.code)

    async def internal_error(request: Request, exc: Exception) -> Response:
        # Starlette runs this outermost, then re-raises so the server logs it too.
        logger.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(request.url.path, 500, "internal error")

    app.add_exception_handler(QuestionError, question_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(IndexUnavailable, index_unavailable)
    app.add_exception_handler(Exception, internal_error)


# ---------------------------------------------------------------------------- middlewares


class BodyLimitMiddleware:
    """Rejects request bodies over `max_bytes` with 413: at once from Content-Length, else while
    reading (chunked uploads). The body is read here, bounded, and replayed to the app, so the
    app never sees an oversized body and the 413 is sent before any response has started."""

    def __init__(self, app: ASGIApp, max_bytes: int, prefixes: tuple[str, ...] = LIMITED_PREFIXES):
        self.app, self.max_bytes, self.prefixes = app, max_bytes, prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _under(scope["path"], self.prefixes):
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await error_response(scope["path"], 400, "invalid Content-Length")(scope, receive, send)
                return
            if int(declared) > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client is gone; nobody to answer
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        pending: list[Message] = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def replay() -> Message:
            # Then the real receive, so streaming responses still learn of a disconnect.
            return pending.pop() if pending else await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            scope["path"],
            413,
            f"request body too large (limit {self.max_bytes} bytes)",
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


class ApiKeyMiddleware:
    """Bearer keys for /api and /v1. CORS preflights carry no credentials, so OPTIONS passes."""

    def __init__(self, app: ASGIApp, keys: list[str], prefixes: tuple[str, ...] = KEYED_PREFIXES):
        self.app, self.prefixes = app, prefixes
        self.keys = [k.encode() for k in keys if k]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] != "OPTIONS" and _under(scope["path"], self.prefixes):
            scheme, _, token = Headers(scope=scope).get("authorization", "").partition(" ")
            given = token.strip().encode()
            # compare_digest against every key: timing does not tell which key is close.
            ok = scheme.lower() == "bearer" and bool(given) and any([hmac.compare_digest(given, k) for k in self.keys])
            if not ok:
                message = "missing or invalid API key (send Authorization: Bearer <key>)"
                response = error_response(scope["path"], 401, message, headers={"WWW-Authenticate": "Bearer"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install_middlewares(app: FastAPI, settings: Settings) -> None:
    # The last added runs first: CORS (answers preflights, labels every response, 401s included),
    # then the key check (no body is read for a caller without a key), then the body limit.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    keys = [k for k in settings.api_keys if k]
    if keys:
        app.add_middleware(ApiKeyMiddleware, keys=keys)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_credentials=False,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )


# ---------------------------------------------------------------------------- request models


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str = "text"
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")  # name, tool_calls … are accepted and ignored
    role: str
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):  # OpenAI's content parts: the text parts, images ignored
            return "".join(p.text or "" for p in self.content if p.type in ("text", "input_text"))
        return self.content or ""


class AskRequest(BaseModel):
    question: str = Field(description="The question, in Chinese or English.")
    history: list[str | ChatMessage] = Field(
        default_factory=list,
        description="Earlier questions of the conversation, oldest first; chat messages are accepted (user ones kept).",
    )

    def history_questions(self) -> list[str]:
        return [h if isinstance(h, str) else h.text() for h in self.history if isinstance(h, str) or h.role == "user"]


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # temperature, top_p, max_tokens … have no effect here
    model: str | None = None
    messages: list[ChatMessage]
    stream: bool | None = False
    stream_options: dict[str, Any] | None = None


# ---------------------------------------------------------------------------- formatting


def sources_text(service: AssistantService, answer: Answer) -> str:
    if not answer.citations:
        return ""
    head = "Sources:" if answer.lang == "en" else "来源："
    return "\n".join([head] + [f"[{c.n}] {c.name()}" for c in answer.citations])


def rough_tokens(text: str) -> int:
    # About one token per Chinese character and per word or punctuation mark elsewhere.
    return len(re.findall(r"[\u3400-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+|[^\sA-Za-z0-9\u3400-\u9fff\uf900-\ufaff]", text))


def truncate_utf8(text: str, max_bytes: int, ellipsis: str = "…") -> str:
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    room = max(0, max_bytes - len(ellipsis.encode("utf-8")))
    # errors="ignore" drops a multi-byte character cut in half: the cut lands on a character boundary.
    return data[:room].decode("utf-8", errors="ignore") + ellipsis


CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # Uploaded documents reach this table: a cell Excel would run as a formula is defused.
    return "'" + text if text.startswith(CSV_FORMULA) else text


# ---------------------------------------------------------------------------- WeChat


def wechat_text(service: AssistantService, answer: Answer) -> str:
    """The short answer and its main clause, within WeChat's 2048-byte limit."""
    basis = ""
    # A unit's task list names a clause on every line already; elsewhere one basis line suffices.
    if answer.citations and not answer.refused and answer.intent != "unit_tasks":
        prefix = "Source: " if answer.lang == "en" else "依据："
        basis = truncate_utf8(prefix + answer.citations[0].name(with_number=False), 400)
    lines = []
    for line in answer.answer.splitlines():
        line = re.sub(r"\s*\[\d+\]", "", line).strip()
        # The answer's own quoted-source lines are replaced by the one basis line.
        if line and not (basis and line.startswith(("依据：", "Source:"))):
            lines.append(line)
    lines = lines or [answer.answer.strip()]
    room = WECHAT_MAX_BYTES - (len(basis.encode("utf-8")) + 1 if basis else 0)
    more = "……"
    # Whole lines while they fit (a list is cut between items), then "……" for what was left out.
    kept: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        cost = len(line.encode("utf-8")) + (1 if kept else 0)
        tail = 0 if i == len(lines) - 1 else len(more.encode("utf-8")) + 1
        if used + cost + tail > room:
            kept.append(truncate_utf8(line, room - used - 1) if not kept else more)
            break
        kept.append(line)
        used += cost
    text = "\n".join(kept) + (f"\n{basis}" if basis else "")
    return truncate_utf8(text, WECHAT_MAX_BYTES)


class WeChatResponder:
    """Answers text messages within WeChat's 5-second window. A slow answer keeps running: the
    user gets "ask again", and asking the same again picks up the finished answer (WeChat's own
    retries of a message hit the same running answer too)."""

    MAX_PENDING = 256
    PENDING_TTL_S = 600.0

    def __init__(self, service: AssistantService, workers: int = 4):
        self.service = service
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="wechat-answer")
        self.pending: OrderedDict[tuple[str, str], tuple[float, Future[Answer]]] = OrderedDict()
        self.lock = threading.Lock()

    def _future(self, key: tuple[str, str]) -> Future[Answer]:
        now = time.monotonic()
        with self.lock:
            for k, (t, _) in list(self.pending.items()):
                if now - t > self.PENDING_TTL_S:
                    del self.pending[k]
            if key in self.pending:
                return self.pending[key][1]
            future = self.executor.submit(self.service.ask, key[1], [])
            self.pending[key] = (now, future)
            while len(self.pending) > self.MAX_PENDING:
                self.pending.popitem(last=False)
            return future

    async def answer(self, user: str, question: str, deadline: float) -> str:
        try:
            question = check_question(question)
        except QuestionError as exc:
            return f"{message_zh(exc)}\n例如：{WECHAT_EXAMPLE}"
        key = (user, question)
        future = self._future(key)
        if not future.done():
            waiter = asyncio.wrap_future(future)
            # asyncio.wait, not wait_for: a timeout must not cancel the answer still running.
            await asyncio.wait([waiter], timeout=max(0.0, deadline - time.monotonic()))
            if not future.done():
                waiter.add_done_callback(lambda f: f.cancelled() or f.exception())  # no "never retrieved" noise
                return WECHAT_PENDING
        with self.lock:
            self.pending.pop(key, None)
        try:
            return wechat_text(self.service, future.result())
        except QuestionError as exc:
            return f"{message_zh(exc)}\n例如：{WECHAT_EXAMPLE}"
        except Exception:
            logger.exception("WeChat answer failed")
            return WECHAT_SORRY


def _wechat_signature_ok(token: str, request: Request) -> bool:
    from wechatpy.exceptions import InvalidSignatureException
    from wechatpy.utils import check_signature

    q = request.query_params
    signature, timestamp, nonce = q.get("signature"), q.get("timestamp"), q.get("nonce")
    if not (signature and timestamp and nonce):
        return False
    try:
        check_signature(token, signature, timestamp, nonce)
    except InvalidSignatureException:
        return False
    return True


def _xml(text: str) -> Response:
    return Response(text, media_type="application/xml; charset=utf-8")


def _wechat_routes(router: APIRouter, service: AssistantService, settings: Settings) -> None:
    """The 公众号 server callback in plaintext or compatible mode. Safe (encrypted, EncodingAESKey)
    mode is not implemented: set the account to 明文模式 or 兼容模式."""
    token = settings.wechat_token
    responder = WeChatResponder(service) if token else None

    def checked(request: Request) -> Response | None:
        if not token:
            raise StarletteHTTPException(404, "WeChat is not configured (set POLICY_ASSISTANT_WECHAT_TOKEN)")
        if not _wechat_signature_ok(token, request):
            return PlainTextResponse("invalid signature", status_code=403)
        return None

    @router.get("/wechat", tags=["wechat"], summary="WeChat server URL verification", response_class=PlainTextResponse)
    def wechat_verify(request: Request) -> Response:
        return checked(request) or PlainTextResponse(request.query_params.get("echostr", ""))

    @router.post("/wechat", tags=["wechat"], summary="WeChat message callback (XML in, XML out)")
    async def wechat_message(request: Request) -> Response:
        deadline = time.monotonic() + settings.wechat_reply_timeout_s
        rejected = checked(request)
        if rejected is not None:
            return rejected
        assert responder is not None
        from wechatpy import parse_message
        from wechatpy.replies import TextReply, create_reply

        body = await request.body()
        try:
            message = parse_message(body)
            if message is None:
                raise ValueError("empty body")
        except Exception:  # expat errors, no <xml> root, no MsgType …: not a WeChat message
            if b"<Encrypt>" in body:
                logger.warning("WeChat sent an encrypted message; set the account to plaintext or compatible mode")
                return PlainTextResponse("encrypted mode is not supported", status_code=501)
            return PlainTextResponse("malformed XML", status_code=400)

        kind = message.type
        if kind == "text":
            text = await responder.answer(str(message.source), message.content or "", deadline)
        elif kind == "voice" and getattr(message, "recognition", ""):
            # With speech recognition turned on, WeChat sends the transcript: answer it as text.
            text = await responder.answer(str(message.source), message.recognition, deadline)
        elif kind == "event" and getattr(message, "event", "") in ("subscribe", "subscribe_scan"):
            text = WECHAT_WELCOME
        elif kind == "event":
            # Other events (unsubscribe, menu clicks, location reports) get no message: "success"
            # tells WeChat not to retry, and a bot reply to a location report would be spam.
            return PlainTextResponse("success")
        else:
            text = WECHAT_TEXT_ONLY
        # CDATA cannot hold "]]>"; break it so the reply stays well-formed.
        reply = TextReply(message=message, content=text.replace("]]>", "]] >"))
        return _xml(create_reply(reply, message, render=True))


# ---------------------------------------------------------------------------- routes


def _completion_extra(answer: Answer) -> dict[str, Any]:
    citations = [c.model_dump() for c in answer.citations]
    return {
        "sources": citations,
        "policy_assistant": {
            "refused": answer.refused,
            "intent": answer.intent,
            "citations": citations,
            "retrieved": [r.model_dump() for r in answer.retrieved],
            "lang": answer.lang,
            "notice": answer.notice,
        },
    }


def _split_messages(messages: list[ChatMessage]) -> tuple[str, list[str]]:
    """The last user message is the question; earlier user messages are the history."""
    users = [m.text() for m in messages if m.role == "user"]
    if not users:
        raise QuestionError(
            "messages 中没有用户消息。 The messages contain no user message.", code="question_no_user_message"
        )
    return users[-1], users[:-1]


def _sse(data: dict[str, Any] | str) -> str:
    return f"data: {data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)}\n\n"


def create_router(service: AssistantService, settings: Settings) -> APIRouter:
    router = APIRouter()
    # Declares the bearer scheme for /docs ("Authorize"); the check itself is ApiKeyMiddleware.
    keyed = [Security(HTTPBearer(auto_error=False))] if settings.api_keys else []
    api = APIRouter(prefix="/api", tags=["api"], dependencies=keyed)
    v1 = APIRouter(prefix="/v1", tags=["openai"], dependencies=keyed)

    @router.get("/healthz", tags=["health"])
    def healthz() -> Response:
        try:
            store = service.assistant.store
            counts = store.manifest.get("counts", {})
            embedder = store.embedder_identity
            body = {
                "status": "ok",
                "documents": counts.get("documents", len(store.documents())),
                "clauses": counts.get("clauses", 0),
                "embedder": embedder.get("spec") or embedder.get("name"),
                "llm": settings.llm_model if settings.llm_enabled else None,
            }
        except Exception as exc:  # the index cannot open: say why, for the operator
            logger.warning("health check failed: %s", exc)
            error = {"type": "index_unavailable", "message": str(exc)}
            if isinstance(exc, PolicyAssistantError):
                error["code"] = exc.code
            return JSONResponse({"status": "unavailable", "error": error}, status_code=503)
        return JSONResponse(body)

    # -- /api

    @api.post("/ask", response_model=Answer, summary="Answer a question with cited clauses")
    def ask(req: AskRequest) -> Any:
        return service.ask(req.question, req.history_questions()).model_dump()

    @api.get("/documents", summary="Indexed documents with their metadata")
    def documents() -> list[dict[str, Any]]:
        return service.documents()

    @api.get("/clauses", summary="Clauses by keyword, unit and document")
    def clauses(
        query: str | None = None,
        unit: str | None = None,
        doc: str | None = None,
        limit: int = Query(100, ge=1, le=1000),
    ) -> list[dict[str, Any]]:
        return service.search_clauses(query or None, unit or None, doc or None, limit=limit)

    # Clause ids contain '#': clients send it as %23 ("…plan-2018%232.8").
    @api.get("/clauses/{clause_id:path}", summary="One clause in full, with its document")
    def clause(clause_id: str) -> dict[str, Any]:
        found = service.clause(clause_id)
        if found is None:
            raise StarletteHTTPException(404, f"no clause {clause_id!r} (send '#' as %23)")
        return found

    @api.get("/matrix", summary="Responsibility matrix: units against the tasks they lead or take part in")
    def matrix(unit: str | None = None, doc: str | None = None) -> list[dict[str, Any]]:
        return service.responsibility_matrix(unit or None, doc or None)

    @api.get("/matrix.csv", summary="Responsibility matrix as CSV (opens in Excel)", response_class=Response)
    def matrix_csv(unit: str | None = None, doc: str | None = None) -> Response:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["单位", "角色", "文件", "条款", "任务", "clause_id"])
        for r in service.responsibility_matrix(unit or None, doc or None):
            writer.writerow([_csv_cell(r[k]) for k in ("unit", "role", "document", "label", "task", "clause_id")])
        # The BOM makes Excel read UTF-8 (otherwise it guesses GBK and the Chinese is garbled).
        return Response(
            ("\ufeff" + out.getvalue()).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="responsibility-matrix.csv"'},
        )

    # -- /v1 (OpenAI-compatible)

    def model_list_item() -> dict[str, Any]:
        return {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": MODEL_ID}

    @v1.get("/models", summary="The one model: policy-assistant")
    def models() -> dict[str, Any]:
        return {"object": "list", "data": [model_list_item()]}

    @v1.get("/models/{model_id}")
    def model(model_id: str) -> dict[str, Any]:
        if model_id != MODEL_ID:
            raise StarletteHTTPException(404, f"The model '{model_id}' does not exist; use '{MODEL_ID}'.")
        return model_list_item()

    @v1.post("/chat/completions", summary="OpenAI-compatible chat completions (stream or not)")
    def chat_completions(req: ChatCompletionRequest) -> Any:
        question, history = _split_messages(req.messages)
        model_name = req.model or MODEL_ID
        cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        prompt_tokens = sum(rough_tokens(m.text()) for m in req.messages)

        def usage(content: str) -> dict[str, int]:
            done = rough_tokens(content)
            return {"prompt_tokens": prompt_tokens, "completion_tokens": done, "total_tokens": prompt_tokens + done}

        if not req.stream:
            answer = service.ask(question, history)
            sources = sources_text(service, answer)
            content = f"{answer.answer.rstrip()}\n\n{sources}" if sources else answer.answer
            return {
                "id": cid,
                "object": "chat.completion",
                "created": created,
                "model": model_name,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                        "logprobs": None,
                    }
                ],
                "usage": usage(content),
                **_completion_extra(answer),
            }

        include_usage = bool((req.stream_options or {}).get("include_usage"))
        parts = service.ask_stream(question, history)
        # The first item is pulled here, before the response starts: a bad question is still a 400.
        first = next(parts)

        def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
            body: dict[str, Any] = {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model_name,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
            }
            if include_usage:
                body["usage"] = None
            return _sse({**body, **extra})

        def events() -> Iterator[str]:
            written: list[str] = []
            try:
                yield chunk({"role": "assistant", "content": ""})
                item = first
                while not isinstance(item, Answer):
                    if item:
                        written.append(item)
                        yield chunk({"content": item})
                    item = next(parts)
                sources = sources_text(service, item)
                if sources:
                    tail = ("" if "".join(written).endswith("\n") else "\n") + "\n" + sources
                    written.append(tail)
                    yield chunk({"content": tail})
                yield chunk({}, "stop", **_completion_extra(item))
                if include_usage:
                    yield _sse(
                        {
                            "id": cid,
                            "object": "chat.completion.chunk",
                            "created": created,
                            "model": model_name,
                            "choices": [],
                            "usage": usage("".join(written)),
                        }
                    )
                yield _sse("[DONE]")
            except Exception:
                # Headers are sent: the error goes into the stream, where OpenAI clients raise it.
                logger.exception("streaming answer failed")
                yield _sse(
                    {
                        "error": {
                            "message": "internal error",
                            "type": "server_error",
                            "param": None,
                            "code": "internal_error",
                        }
                    }
                )
            finally:
                close = getattr(parts, "close", None)  # a generator: let it release what it holds
                if close:
                    close()

        return StreamingResponse(
            events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        )

    router.include_router(api)
    router.include_router(v1)
    _wechat_routes(router, service, settings)
    return router
