"""The chat page (Gradio), mounted at / by `server.create_app`.

Four tabs over one `AssistantService`: 智能问答 (streamed answers with their clauses as expandable
cards), 条款查询 (clauses by keyword, unit or document, opened in full), 责任矩阵 (units against
tasks, with a CSV download) and 文件管理 (indexed documents and uploads). Every handler is also a
named API endpoint (chat, search_clauses, clause, matrix, documents, upload) for gradio_client.

The page loads nothing from the internet: system fonts, no Google Fonts, no analytics.
"""

from __future__ import annotations

import csv
import hashlib
import html
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd
from fastapi import FastAPI

from .answer.compose import Answer, Citation
from .errors import LoadError, PolicyAssistantError, QuestionError
from .ingest.loaders import SUPPORTED_SUFFIXES
from .messages_zh import message_zh
from .query.read import check_question
from .service import MAX_UPLOAD_BYTES, AssistantService
from .text.sentences import sentence_spans

log = logging.getLogger(__name__)

TITLE = "政策文件智能助手"
EXAMPLES = [
    "蓝天保卫战由哪个部门牵头？",
    "我们新认定的高新技术企业能拿多少奖补？",
    "市科技局牵头哪些任务？",
    "金政办发〔2018〕106号 第二部分第八项",
    "Which department leads the blue-sky action?",
]
CLAUSE_HEADERS = ["条款ID", "文件", "条款", "标题", "牵头单位", "责任单位", "目标"]
MATRIX_HEADERS = ["单位", "角色", "文件", "条款", "任务", "条款ID"]
DOC_HEADERS = ["文件", "文号", "发文机关", "适用范围", "日期", "条款数", "标识"]
ALL_DOCS = ""  # the document dropdowns' "no filter" value
INTERNAL_ERROR = "抱歉，处理这个问题时出错了，请稍后重试。"
MAX_HISTORY_TURNS = 8  # earlier questions passed on; the pipeline itself uses the last four

# System fonts only: the default theme's web fonts carry no Chinese glyphs anyway, and nothing
# may be fetched from a CDN at run time.
FONTS = [
    "system-ui",
    "-apple-system",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "sans-serif",
]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]

CSS = """
.gradio-container { width: 100% !important; max-width: 1120px !important; min-width: 0 !important;
  margin: 0 auto !important; }
/* Wide tables must not widen the page (phones would scroll the whole page sideways). */
.gradio-container .main, .gradio-container main.contain, .gradio-container .tabs, .gradio-container .tabitem {
  min-width: 0 !important; max-width: 100% !important; }
.gradio-container, .gradio-container button, .gradio-container input, .gradio-container textarea {
  font-family: FONTS; }
#pa-header h1 { font-size: 1.35rem; margin: 0.2rem 0 0.1rem; }
#pa-header p { margin: 0; color: var(--body-text-color-subdued); font-size: 0.9rem; }
#pa-chat { min-height: 320px; }
#pa-chat .message { line-height: 1.65; }
/* Tables scroll sideways inside their box instead of widening the page. */
.pa-table { max-width: 100%; overflow-x: auto; }
details.pa-cite { border: 1px solid var(--border-color-primary); border-radius: 8px; margin: 6px 0;
  padding: 4px 10px; background: var(--background-fill-secondary); }
details.pa-cite > summary { cursor: pointer; font-weight: 600; font-size: 0.95em; line-height: 1.5; }
details.pa-cite .pa-cite-body { margin-top: 6px; font-size: 0.92em; overflow-wrap: anywhere; }
details.pa-cite .pa-cite-id { margin-top: 4px; font-size: 0.8em; color: var(--body-text-color-subdued); }
.pa-cite-head { font-size: 0.85em; color: var(--body-text-color-subdued); margin: 8px 0 2px; }
.pa-cite mark { background: #ffe58f; color: inherit; padding: 0 2px; border-radius: 2px; }
.pa-notice { font-size: 0.82em; color: var(--body-text-color-subdued); margin-top: 6px; }
.pa-clause h3 { margin: 0.2rem 0 0.4rem; font-size: 1.1rem; }
.pa-clause dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 8px;
  font-size: 0.9em; }
.pa-clause dt { color: var(--body-text-color-subdued); }
.pa-clause dd { margin: 0; overflow-wrap: anywhere; }
.pa-clause .pa-clause-text { white-space: pre-wrap; line-height: 1.7; overflow-wrap: anywhere; }
.pa-inline-btn { align-self: flex-end; }
.pa-muted { color: var(--body-text-color-subdued); font-size: 0.9em; }
@media (max-width: 640px) {
  .gradio-container { padding: 4px !important; }
  .gradio-container > .main, .gradio-container .main > .wrap, .gradio-container main.contain {
    padding-left: 0 !important; padding-right: 0 !important; }
  #pa-chat .message-row, #pa-chat .message { max-width: 100% !important; }
  #pa-header h1 { font-size: 1.15rem; }
  /* Four short tab names fit a phone's width once the padding shrinks; no overflow menu. */
  .gradio-container .tab-wrapper button[role="tab"] { padding-left: 8px !important; padding-right: 8px !important; }
}
""".replace("FONTS", ", ".join(f'"{f}"' if " " in f else f for f in FONTS))

THEME = gr.themes.Default(
    primary_hue="blue", secondary_hue="slate", neutral_hue="slate", font=FONTS, font_mono=MONO_FONTS
)


# ---------------------------------------------------------------- rendering answers

_QUOTE = re.compile(r"“([^“”]{6,})”")


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"\s+", "", text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def supporting_span(clause_text: str, answer_lines: list[str]) -> tuple[int, int] | None:
    """Where in the clause the answer rests: the longest passage the answer quotes verbatim, else
    the sentence sharing the most character pairs with the answer lines that cite the clause."""
    quoted = [q.strip() for line in answer_lines for q in _QUOTE.findall(line)]
    for q in sorted(quoted, key=len, reverse=True):
        i = clause_text.find(q)
        if i >= 0:
            return i, i + len(q)
    said = _bigrams("".join(answer_lines))
    best: tuple[int, int, int] | None = None
    for start, end in sentence_spans(clause_text):
        score = len(_bigrams(clause_text[start:end]) & said)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, start, end)
    return (best[1], best[2]) if best else None


def _html_text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def highlight(clause_text: str, span: tuple[int, int] | None) -> str:
    if span is None:
        return _html_text(clause_text)
    a, b = span
    return f"{_html_text(clause_text[:a])}<mark>{_html_text(clause_text[a:b])}</mark>{_html_text(clause_text[b:])}"


def citation_card(c: Citation, answer_text: str, mark: bool = True) -> str:
    """One citation as a collapsed card: 《title》（文号） label heading, then the clause with the
    sentence the answer rests on marked. Kept on one line: a blank line would end the Markdown
    HTML block the chatbot renders it in."""
    summary = f"[{c.n}] {c.name()}"
    heading = c.heading or c.name(with_number=False).split(" ", 2)[-1]
    # The lines citing this clause, without the words that merely name it (title, 文号, heading):
    # those would pull the highlight onto the clause's heading line.
    lines = [line for line in answer_text.splitlines() if f"[{c.n}]" in line]
    for name in (c.doc_title, c.doc_number, heading):
        if name:
            lines = [line.replace(name, "") for line in lines]
    body = highlight(c.text, supporting_span(c.text, lines) if mark else None)
    return (
        f'<details class="pa-cite"><summary>{html.escape(summary)}</summary>'
        f'<div class="pa-cite-body">{body}</div>'
        f'<div class="pa-cite-id">条款ID：{html.escape(c.clause_id)}</div></details>'
    )


def answer_markdown(text: str) -> str:
    """Answer text for the chatbot's Markdown: HTML escaped, and a marker followed by a parenthesis
    ("[1](…") kept literal instead of becoming a link."""
    return html.escape(text, quote=False).replace("](", "]\\(")


def render_answer(answer: Answer, service: AssistantService | None = None) -> str:
    parts = [answer_markdown(answer.answer.strip())]
    if answer.notice:
        parts.append(f'<p class="pa-notice">提示：{html.escape(answer.notice)}</p>')
    if not answer.refused and answer.citations:
        cards = []
        for c in answer.citations:
            # A clause looked up by number is quoted whole: no one sentence supports it.
            cards.append(citation_card(c, answer.answer, mark=answer.intent != "clause_lookup"))
        parts.append('<p class="pa-cite-head">依据条款（点击展开）：</p>' + "".join(cards))
    return "\n\n".join(parts)


# ---------------------------------------------------------------- chat


def _text_of(content: Any) -> str:
    """A chatbot message's text: Gradio 6 hands content over as a list of typed parts, while API
    callers may send a plain string."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "") if content.get("type", "text") == "text" else ""
    if isinstance(content, list | tuple):
        return "".join(_text_of(p) for p in content)
    return ""


def _plain(history: list | None) -> list[dict]:
    out = []
    for m in history or []:
        if isinstance(m, dict) and m.get("role") in ("user", "assistant"):
            out.append({"role": m["role"], "content": _text_of(m.get("content"))})
    return out


def earlier_questions(history: list[dict]) -> list[str]:
    """The user's earlier questions, oldest first, leaving out any the assistant could not take."""
    out = []
    for m in history:
        if m["role"] != "user":
            continue
        try:
            out.append(check_question(m["content"]))
        except QuestionError:
            continue
    return out[-MAX_HISTORY_TURNS:]


def make_chat(service: AssistantService) -> Callable[[str, list[dict]], Iterator[list[dict]]]:
    def chat(message: str, history: list[dict]) -> Iterator[list[dict]]:
        """Answer `message` given the conversation so far; yields the whole conversation as the
        answer streams in, the last time with the cited clauses as cards."""
        chat_history = _plain(history)
        question = message if isinstance(message, str) else ""
        prior = earlier_questions(chat_history)
        turn = chat_history + ([{"role": "user", "content": question}] if question.strip() else [])
        yield turn
        text = ""
        final: Answer | None = None
        try:
            for part in service.ask_stream(question, prior):
                if isinstance(part, Answer):
                    final = part
                    break
                text += part
                yield turn + [{"role": "assistant", "content": answer_markdown(text)}]
        except QuestionError as exc:  # empty, too long, bad characters: the message says what to change
            yield turn + [{"role": "assistant", "content": html.escape(message_zh(exc))}]
            return
        except Exception:
            log.exception("chat failed")
            yield turn + [{"role": "assistant", "content": INTERNAL_ERROR}]
            return
        if final is None:
            final = Answer(answer=text, refused=False, intent="open")
        yield turn + [{"role": "assistant", "content": render_answer(final, service)}]

    return chat


# ---------------------------------------------------------------- lookups


def _doc_choices(service: AssistantService) -> list[tuple[str, str]]:
    docs = service.documents()
    return [("全部文件", ALL_DOCS)] + [(d["meta"].get("title") or d["slug"], d["slug"]) for d in docs]


def resolve_doc(service: AssistantService, value: str | None) -> str | None:
    """A document filter as a slug: the dropdowns send slugs, but API callers and people typing
    into the box may give a title or part of one. Unknown text matches nothing."""
    value = (value or "").strip()
    if not value:
        return None
    docs = service.documents()
    if any(d["slug"] == value for d in docs):
        return value
    folded = value.strip("《》")
    hits = [d["slug"] for d in docs if folded and folded in (d["meta"].get("title") or "")]
    return hits[0] if hits else value


def _unit_choices(service: AssistantService) -> list[str]:
    return list(service.units())


def documents_table(service: AssistantService) -> pd.DataFrame:
    rows = []
    for d in service.documents():
        m = d["meta"]
        date = m.get("published_date") or m.get("written_date") or m.get("effective_date") or ""
        rows.append(
            [
                m.get("title") or d["slug"],
                m.get("doc_number") or "",
                m.get("issuer") or "",
                m.get("scope") or m.get("region") or "",
                date,
                d["n_clauses"],
                d["slug"],
            ]
        )
    return pd.DataFrame(rows, columns=DOC_HEADERS)


def clauses_table(service: AssistantService, keyword: str | None, unit: str | None, doc: str | None) -> pd.DataFrame:
    rows = service.search_clauses(
        (keyword or "").strip() or None, (unit or "").strip() or None, resolve_doc(service, doc)
    )
    return pd.DataFrame(
        [
            [
                r["clause_id"],
                r["document"],
                r["label"],
                r["heading"],
                "、".join(r["lead_units"]),
                "、".join(r["responsible_units"]),
                "；".join(r["targets"]),
            ]
            for r in rows
        ],
        columns=CLAUSE_HEADERS,
    )


def clause_html(service: AssistantService, clause_id: str | None) -> str:
    cid = (clause_id or "").strip()
    if not cid:
        return '<p class="pa-muted">在上表中点选一行，或输入条款ID，查看条款全文。</p>'
    found = service.clause(cid)
    if found is None:
        return f'<p class="pa-muted">未找到条款：{html.escape(cid)}</p>'
    c, meta = found["clause"], found["document"] or {}
    e = html.escape
    facts = [
        ("文件", f"《{meta['title']}》" if meta.get("title") else c["doc_slug"]),
        ("文号", meta.get("doc_number")),
        ("发文机关", "、".join(meta.get("issuers") or []) or meta.get("issuer")),
        ("成文日期", meta.get("written_date")),
        ("公布日期", meta.get("published_date")),
        ("施行日期", meta.get("effective_date")),
        ("适用范围", meta.get("scope") or meta.get("region")),
        ("时效性", meta.get("validity")),
        ("位置", " > ".join(c["heading_path"])),
        ("牵头单位", "、".join(c["fields"]["lead_units"])),
        ("责任单位", "、".join(c["fields"]["responsible_units"])),
        ("条款ID", c["id"]),
    ]
    dl = "".join(f"<dt>{e(k)}</dt><dd>{e(str(v))}</dd>" for k, v in facts if v)
    return (
        f'<div class="pa-clause"><h3>{e(c["label"])} {e(c["heading"])}</h3><dl>{dl}</dl>'
        f'<div class="pa-clause-text">{e(found["full_text"])}</div></div>'
    )


def matrix_table(service: AssistantService, unit: str | None, doc: str | None) -> pd.DataFrame:
    rows = service.responsibility_matrix((unit or "").strip() or None, resolve_doc(service, doc))
    return pd.DataFrame(
        [[r["unit"], r["role"], r["document"], r["label"], r["task"], r["clause_id"]] for r in rows],
        columns=MATRIX_HEADERS,
    )


def write_csv(df: pd.DataFrame, folder: Path) -> str:
    """The table as a UTF-8 CSV with a BOM (Excel opens it as Chinese, not mojibake). Named by
    content, so the same matrix is one file however often it is asked for."""
    data = df.to_csv(index=False, quoting=csv.QUOTE_MINIMAL).encode("utf-8-sig")
    target = folder / hashlib.sha256(data).hexdigest()[:16] / "责任矩阵.csv"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return str(target)


def ingest_file(service: AssistantService, path: str | None, key: str | None = None) -> str:
    """Ingest an uploaded file; a one-line result: "已收录：N 条款（《title》）" or why not."""
    if not path:
        return "未收录：没有选择文件。"
    p = Path(path)
    try:
        report = service.ingest_upload(p.name, p.read_bytes(), key=key or None)
    except PolicyAssistantError as exc:  # a bad file, a missing key, another ingest running: said in Chinese by code
        if not isinstance(exc, LoadError):  # the index or a model, not the file: the operator should know
            log.warning("upload failed: %s", exc)
        return f"未收录：{message_zh(exc)}"
    except Exception as exc:
        log.exception("upload failed")
        return f"未收录：处理文件时出错（{type(exc).__name__}）。"
    slugs = set(report.added + report.updated)
    docs = [d for d in service.documents() if d["slug"] in slugs]
    n = sum(d["n_clauses"] for d in docs)
    titles = "、".join(f"《{d['meta'].get('title') or d['slug']}》" for d in docs)
    return f"已收录：{n} 条款" + (f"（{titles}）" if titles else "")


# ---------------------------------------------------------------- the page


def build_ui(service: AssistantService) -> gr.Blocks:
    csv_dir = Path(tempfile.mkdtemp(prefix="policy-assistant-csv-"))
    chat = make_chat(service)
    table_kw: dict[str, Any] = {"interactive": False, "wrap": True, "max_height": 460, "elem_classes": ["pa-table"]}
    suffixes = sorted(SUPPORTED_SUFFIXES)
    docs, units = _doc_choices(service), _unit_choices(service)
    # Document filters accept typed text too (see resolve_doc): the choices change with uploads,
    # and a fixed list would reject a new document's slug.
    doc_kw: dict[str, Any] = {
        "label": "文件",
        "choices": docs,
        "value": ALL_DOCS,
        "allow_custom_value": True,
        "min_width": 200,
    }
    unit_kw: dict[str, Any] = {
        "label": "单位",
        "choices": units,
        "value": None,
        "allow_custom_value": True,
        "min_width": 200,
    }

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        # The page's CSS rides on the header so it applies however the page is mounted.
        gr.HTML(
            f"<h1>{TITLE}</h1><p>依据政策文件原文作答，每个回答都标明所依据的条款。</p>",
            head=f"<style>{CSS}</style>",
            elem_id="pa-header",
        )
        # Tabs that do not fit wrap onto a second row instead of hiding in an overflow menu: the
        # menu is decided by measuring the bar, and a slow phone (or a loaded machine) measures it
        # before the page's CSS and fonts are in, folding tabs away that would have fitted.
        with gr.Tabs(overflow_behavior="wrap"):
            with gr.Tab("智能问答", id="chat"):
                chatbot = gr.Chatbot(
                    label="对话",
                    show_label=False,
                    elem_id="pa-chat",
                    height="60vh",
                    latex_delimiters=[],
                    feedback_options=None,
                    buttons=["copy"],
                    group_consecutive_messages=False,
                    placeholder="请输入关于政策文件的问题，或点选下面的示例。",
                    examples=[{"text": q} for q in EXAMPLES],
                )
                msg = gr.Textbox(
                    show_label=False,
                    placeholder="输入问题，按回车发送",
                    submit_btn="发送",
                    lines=1,
                    max_lines=6,
                    elem_id="pa-input",
                )
                with gr.Row():
                    new_btn = gr.Button("新对话", size="sm", variant="secondary", scale=0, min_width=90)
                saved = gr.State("")
                api_chat = gr.Button(visible=False)

            with gr.Tab("条款查询", id="clauses"):
                with gr.Row(equal_height=True):
                    kw = gr.Textbox(label="关键词", placeholder="如：研发投入、高新技术企业", min_width=200)
                    unit = gr.Dropdown(**unit_kw)
                    doc = gr.Dropdown(**doc_kw)
                search_btn = gr.Button("查询", variant="primary")
                count = gr.Markdown()
                table = gr.Dataframe(
                    headers=CLAUSE_HEADERS,
                    label="条款（点选一行查看全文）",
                    column_widths=[200, 180, 80, 220, 140, 260, 200],
                    **table_kw,
                )
                with gr.Row():
                    cid = gr.Textbox(label="条款ID", placeholder="如：jinhua-innovative-city-plan-2018#2.8", scale=3)
                    open_btn = gr.Button("打开条款", scale=0, min_width=110, elem_classes=["pa-inline-btn"])
                detail = gr.HTML(clause_html(service, None), js_on_load=None)

            with gr.Tab("责任矩阵", id="matrix"):
                with gr.Row(equal_height=True):
                    m_unit = gr.Dropdown(**unit_kw)
                    m_doc = gr.Dropdown(**doc_kw)
                with gr.Row():
                    m_btn = gr.Button("生成责任矩阵", variant="primary")
                    m_dl = gr.DownloadButton("下载 CSV", value=None)
                m_table = gr.Dataframe(
                    headers=MATRIX_HEADERS, label="单位 × 任务", column_widths=[150, 70, 200, 80, 240, 200], **table_kw
                )

            with gr.Tab("文件管理", id="documents"):
                docs_table = gr.Dataframe(
                    headers=DOC_HEADERS,
                    label="已收录的文件",
                    column_widths=[260, 170, 170, 90, 110, 80, 220],
                    **table_kw,
                )
                # No file_types: Gradio would refuse other files with its own English toast, while
                # ingest_upload says in one line why a file cannot be taken.
                # When the deployment uses API keys, uploading takes one too (it changes what
                # everyone is answered from).
                upload_key = gr.Textbox(label="上传密钥", type="password", visible=bool(service.settings.api_keys))
                upload = gr.File(label=f"上传新文件（{' '.join(suffixes)}）", type="filepath")
                status = gr.Markdown()
                api_upload = gr.Button(visible=False)
                api_docs = gr.Button(visible=False)

        # -- chat. The named endpoint comes first so it keeps the plain name "chat" (later events
        # with the same function get numbered names). In the page, the box empties at once and the
        # question travels on through `saved`.
        api_chat.click(chat, [msg, chatbot], [chatbot], api_name="chat")

        # While an answer streams the box is locked: a second question sent meanwhile would start
        # from the half-written conversation and overwrite the first answer.
        def take(message: str) -> tuple[dict, str]:
            return gr.update(value="", interactive=False), message

        def take_example(evt: gr.SelectData) -> tuple[dict, str]:
            value = evt.value if isinstance(evt.value, dict) else {}
            return gr.update(value="", interactive=False), str(value.get("text") or "")

        def unlock() -> dict:
            return gr.update(interactive=True)

        quiet: dict[str, Any] = {"api_visibility": "undocumented"}
        stream_kw: dict[str, Any] = {
            "fn": chat,
            "inputs": [saved, chatbot],
            "outputs": [chatbot],
            "show_progress": "minimal",
            **quiet,
        }
        asked = msg.submit(take, [msg], [msg, saved], queue=False, **quiet).then(**stream_kw)
        asked.then(unlock, None, [msg], queue=False, **quiet)
        picked = chatbot.example_select(take_example, None, [msg, saved], queue=False, **quiet).then(**stream_kw)
        picked.then(unlock, None, [msg], queue=False, **quiet)
        new_btn.click(
            lambda: ([], gr.update(value="", interactive=True), ""),
            None,
            [chatbot, msg, saved],
            queue=False,
            cancels=[asked, picked],
            **quiet,
        )

        # -- clause lookup
        def search_clauses(keyword: str, unit_name: str | None, document: str | None) -> tuple[pd.DataFrame, str]:
            df = clauses_table(service, keyword, unit_name, document)
            return df, f"共 {len(df)} 条" + ("（最多显示 200 条）" if len(df) >= 200 else "")

        def open_clause(clause_id: str) -> str:
            return clause_html(service, clause_id)

        def select_row(df: pd.DataFrame, evt: gr.SelectData) -> tuple[str, str]:
            row = evt.row_value if evt.row_value else df.iloc[evt.index[0]].tolist()
            return row[0], clause_html(service, row[0])

        search_btn.click(search_clauses, [kw, unit, doc], [table, count], api_name="search_clauses")
        kw.submit(search_clauses, [kw, unit, doc], [table, count], api_visibility="undocumented")
        open_btn.click(open_clause, [cid], [detail], api_name="clause")
        cid.submit(open_clause, [cid], [detail], api_visibility="undocumented")
        table.select(select_row, [table], [cid, detail], api_visibility="undocumented")

        # -- responsibility matrix
        def matrix(unit_name: str | None, document: str | None) -> tuple[pd.DataFrame, str]:
            df = matrix_table(service, unit_name, document)
            return df, write_csv(df, csv_dir)

        m_btn.click(matrix, [m_unit, m_doc], [m_table, m_dl], api_name="matrix")

        # -- documents: an upload refreshes every list that names documents or units
        def refresh() -> tuple:
            docs, units = _doc_choices(service), _unit_choices(service)
            return (
                documents_table(service),
                gr.update(choices=docs),
                gr.update(choices=docs),
                gr.update(choices=units),
                gr.update(choices=units),
            )

        listing = [docs_table, doc, m_doc, unit, m_unit]

        def upload_document(path: str | None, key: str | None = "") -> tuple[str, pd.DataFrame]:
            return ingest_file(service, path, key), documents_table(service)

        def on_upload(path: str | None, key: str | None = "") -> tuple:
            return (ingest_file(service, path, key), None, *refresh())

        api_upload.click(upload_document, [upload, upload_key], [status, docs_table], api_name="upload")
        api_docs.click(lambda: documents_table(service), None, [docs_table], api_name="documents")
        upload.upload(on_upload, [upload, upload_key], [status, upload, *listing], api_visibility="undocumented")

        def on_load() -> tuple:
            return (*refresh(), *search_clauses("", None, ALL_DOCS), *matrix(None, ALL_DOCS))

        demo.load(on_load, None, [*listing, table, count, m_table, m_dl], api_visibility="undocumented")
    return demo


def mount_ui(app: FastAPI, service: AssistantService, path: str = "/") -> FastAPI:
    """Mount the page with its theme (system fonts), a footer without external links and Gradio's
    upload limit at the service's."""
    return gr.mount_gradio_app(
        app, build_ui(service), path=path, theme=THEME, footer_links=["api"], max_file_size=MAX_UPLOAD_BYTES
    )
