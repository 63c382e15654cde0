"""Optional LLM answer mode: a LangChain chat model over an OpenAI-compatible endpoint (Qwen/DashScope,
DeepSeek, vLLM, Ollama …) writes the answer from the clauses the extractive pipeline retrieved.

The extractive answer is always computed first and passed in as `fallback`; whenever the model is
unreachable, slow, fails mid-stream, returns nothing or cites nothing, that answer is returned with a
`notice`. Whatever the model writes is checked before it is returned (`check_answer`): citation markers
must name a source, and figures that no cited clause contains are listed in the notice (the text itself
is left as the model wrote it, so the reader sees what to verify).

Prompt injection: the system prompt (prompts/system.txt) is sent verbatim as the first, system message
and is never formatted; the user's question and history only ever fill placeholders of the user message
(prompts/user.txt).

langchain-openai is an optional extra and is imported only when an answerer without an injected chat
model is built, so this module imports without it.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, SystemMessage
from langchain_core.prompts import ChatPromptTemplate, HumanMessagePromptTemplate

from ..answer.compose import Answer, Citation
from ..errors import LLMUnavailable

log = logging.getLogger(__name__)

INSTALL_HINT = "LLM mode needs langchain-openai: pip install 'policy-assistant[llm]'"
PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
USER_PLACEHOLDERS = frozenset({"history", "question", "sources", "language"})

MAX_SOURCE_CHARS = 2000  # per clause in the prompt; small local models have small context windows
MAX_HISTORY = 4  # earlier questions given as context, like the extractive planner
MAX_HISTORY_CHARS = 300

NOTICE_UNAVAILABLE = {
    "zh": "大模型服务暂时不可用，以下为基于条款原文的摘录式回答。",
    "en": (
        "The language model service is temporarily unavailable; "
        "below is an answer extracted from the clauses' original text."
    ),
}
NOTICE_UNUSABLE = {
    "zh": "大模型未给出带条款引用的回答，以下为基于条款原文的摘录式回答。",
    "en": (
        "The language model gave no answer citing the clauses; "
        "below is an answer extracted from the clauses' original text."
    ),
}
NOTICE_FIGURES = {
    "zh": "以下数字未在引用条款中找到，请核对：{}",
    "en": "These figures were not found in the cited clauses; please check them: {}",
}


@dataclass
class LLMConfig:
    base_url: str  # e.g. http://127.0.0.1:8000/v1
    model: str
    api_key: str = "EMPTY"  # many local servers accept any key
    timeout_s: float = 30.0  # connect/read timeout per request; while streaming, the longest silence
    temperature: float = 0.1
    max_tokens: int = 800


# ---------------------------------------------------------------- checking the generated text

# [1] [1,3] [1、3] [1-3] ［1］ 【1】; at most three digits so that 〔2018〕 written as [2018] in a
# document number is not taken for a citation.
_MARKER = re.compile(
    r"([ \t]*)[\[［【]\s*(\d{1,3}(?:\s*[-–~]\s*\d{1,3})?(?:\s*[,，、;；]\s*\d{1,3}(?:\s*[-–~]\s*\d{1,3})?)*)\s*[\]］】]"
)
_UNITS = (
    "万亿元|亿元|万元|千元|元|万亿|亿|万|%|‰|个百分点|百分点|微克/立方米|毫克/立方米|立方米|平方公里|平方米|公顷|亩|"
    "千瓦时|千瓦|兆瓦|公里|千米|米|吨|万人|人次|人年|人|名|家|个|项|件|所|台|套|户|座|条|篇|批|位|倍|次|"
    "周岁|岁|年|月|日|天|小时"
)
# Longest unit first, so that 140万人 is read whole rather than as 140万.
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS.split("|"), key=len, reverse=True))
# "3,550亿元" is one number; "2018,2020" (a Chinese comma after NFKC) is two.
_FIGURE = re.compile(rf"(?<![\d.])(\d+(?:,\d{{3}}(?!\d))*(?:\.\d+)?)\s*(?:{_UNIT_RE})?")
# List enumerators the model adds ("1. …", "（2）…") are numbering, not figures.
_ENUMERATOR = re.compile(r"(?m)^[ \t>*\-•]*(?:[(（]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.、)）](?!\d))")


def _norm(text: str) -> str:
    """NFKC, no whitespace, no thousands separators: how figures are compared."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)


def _marker_numbers(group: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"[,，、;；]", group):
        bounds = [int(x) for x in re.split(r"[-–~]", part.strip())]
        if len(bounds) == 2 and bounds[0] <= bounds[1] and bounds[1] - bounds[0] < 20:
            out.extend(range(bounds[0], bounds[1] + 1))
        else:
            out.extend(bounds)
    return out


def check_answer(text: str, sources: list[Citation]) -> tuple[str, list[Citation], list[str]]:
    """Check a generated answer against its numbered sources.

    Returns (text, cited sources, unsupported figures):
    - markers are rewritten as [n][m] keeping only numbers that are source numbers; a marker with
      none left is removed (with the spaces before it);
    - cited sources are those named by a kept marker, in source order, with their original `n`;
    - unsupported figures are numbers (with their unit, if any) in the text that appear in no cited
      source — its clause text, title, document number or path, the things the prompt showed — compared
      after NFKC and whitespace removal, as whole numbers ("5" is not found in "35").
    """
    by_n = {s.n: s for s in sources}
    used: set[int] = set()

    def rewrite(m: re.Match[str]) -> str:
        kept = list(dict.fromkeys(n for n in _marker_numbers(m.group(2)) if n in by_n))
        used.update(kept)
        return m.group(1) + "".join(f"[{n}]" for n in kept) if kept else ""

    checked = _MARKER.sub(rewrite, text)
    cited = [s for s in sources if s.n in used]

    hay = [_norm(" ".join(x for x in (s.text, s.doc_title, s.doc_number, s.path) if x)) for s in cited]
    body = _ENUMERATOR.sub(" ", _MARKER.sub(" ", unicodedata.normalize("NFKC", checked)))
    unsupported: list[str] = []
    for m in _FIGURE.finditer(body):
        number = m.group(1).replace(",", "")
        present = re.compile(rf"(?<![\d.]){re.escape(number)}(?!\.?\d)")
        figure = re.sub(r"\s+", "", m.group())
        if not any(present.search(h) for h in hay) and figure not in unsupported:
            unsupported.append(figure)
    return checked, cited, unsupported


# ---------------------------------------------------------------- the answerer


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "zh"


def _message_text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    # Content blocks (some providers): keep the text blocks only.
    return "".join(
        b if isinstance(b, str) else str(b.get("text", ""))
        for b in content
        if isinstance(b, str) or b.get("type") == "text"
    )


def _visible(raw: str) -> tuple[str, bool]:
    """The answer part of the model's output and whether it is settled. Reasoning models served by
    vLLM/Ollama (Qwen3, DeepSeek-R1) may open with a <think>…</think> block: it is never shown."""
    head = raw.lstrip()
    if head.startswith("<think>"):
        end = head.find("</think>")
        return ("", False) if end < 0 else (head[end + len("</think>") :].lstrip(), True)
    if "<think>".startswith(head):  # could still become "<think>": hold it back
        return "", False
    return raw, True


_DELIMITERS = re.compile(r"</?\s*question\s*>", re.IGNORECASE)


def _untrusted(text: str) -> str:
    # The user template wraps the question in <question>…</question>; the user must not close it.
    return _DELIMITERS.sub("", text)


def format_sources(sources: list[Citation]) -> str:
    blocks = []
    for s in sources:
        text = s.text if len(s.text) <= MAX_SOURCE_CHARS else s.text[:MAX_SOURCE_CHARS] + "…"
        blocks.append(f"[{s.n}] {s.name(full_path=True)}" + f"\n{text}")
    return "\n\n".join(blocks)


def format_history(history: list[str], lang: str) -> str:
    recent = [h.strip() for h in history if isinstance(h, str) and h.strip()][-MAX_HISTORY:]
    if not recent:
        return "(none)" if lang == "en" else "（无）"
    cut = [h if len(h) <= MAX_HISTORY_CHARS else h[:MAX_HISTORY_CHARS] + "…" for h in recent]
    return "\n".join(f"{i}. {_untrusted(h)}" for i, h in enumerate(cut, 1))


def load_prompt(prompts_dir: Path | None = None) -> ChatPromptTemplate:
    """system.txt (sent verbatim) + user.txt (the only template) from `prompts_dir` or the repo's prompts/."""
    folder = Path(prompts_dir) if prompts_dir is not None else PROMPTS_DIR
    system_file, user_file = folder / "system.txt", folder / "user.txt"
    if not (system_file.is_file() and user_file.is_file()):
        raise LLMUnavailable(
            f"LLM prompts not found in {folder} (need system.txt and user.txt); "
            "set POLICY_ASSISTANT_PROMPTS_DIR to the project's prompts/ folder",
            code="llm_prompts_missing",
        )
    system = system_file.read_text(encoding="utf-8").strip()
    user = HumanMessagePromptTemplate.from_template(user_file.read_text(encoding="utf-8").strip())
    found = set(user.input_variables)
    if found != USER_PLACEHOLDERS:
        raise LLMUnavailable(
            f"{user_file} must use exactly the placeholders {sorted(USER_PLACEHOLDERS)}, found {sorted(found)}",
            code="llm_prompt_invalid",
        )
    # A SystemMessage, not a template: nothing is ever formatted into the system prompt.
    return ChatPromptTemplate.from_messages([SystemMessage(content=system), user])


def make_chat_model(config: LLMConfig) -> BaseChatModel:
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as e:
        raise LLMUnavailable(INSTALL_HINT, code="llm_not_installed") from e
    # max_retries=0: a failing server must fall back to the extractive answer at once, not after retries.
    return ChatOpenAI(
        base_url=config.base_url,
        model=config.model,
        api_key=config.api_key,
        timeout=config.timeout_s,
        max_retries=0,
        temperature=config.temperature,
        max_tokens=config.max_tokens,
    )


class LLMAnswerer:
    """Writes the answer with a chat model from the numbered sources; never raises once built."""

    def __init__(
        self,
        config: LLMConfig | None = None,
        *,
        chat_model: BaseChatModel | None = None,
        prompts_dir: Path | None = None,
    ):
        self.config = config
        self.prompt = load_prompt(prompts_dir)
        if chat_model is None:
            if config is None or not config.base_url or not config.model:
                raise LLMUnavailable(
                    "LLM mode needs a base URL and a model name "
                    "(POLICY_ASSISTANT_LLM_BASE_URL, POLICY_ASSISTANT_LLM_MODEL)",
                    code="llm_not_configured",
                )
            chat_model = make_chat_model(config)
        self.chat_model = chat_model
        self.chain = self.prompt | chat_model

    def inputs(self, question: str, lang: str, history: list[str], sources: list[Citation]) -> dict[str, str]:
        lang = _lang(lang)
        return {
            "history": format_history(history, lang),
            "question": _untrusted(question.strip()),
            "sources": format_sources(sources),
            "language": "English" if lang == "en" else "中文",
        }

    def answer(self, question: str, lang: str, history: list[str], sources: list[Citation], fallback: Answer) -> Answer:
        if not sources:  # nothing to cite: the model could only produce an unusable answer
            return fallback
        t0 = time.perf_counter()
        try:
            message = self.chain.invoke(self.inputs(question, lang, history, sources))
            raw = _message_text(message)
        except Exception as e:  # any provider/transport error or timeout: the extractive answer stands
            log.warning("LLM answer failed, using the extractive answer: %s", _describe(e))
            return _with_notice(fallback, NOTICE_UNAVAILABLE[_lang(lang)], t0)
        return self._finish(raw, lang, sources, fallback, t0)[0]

    def stream_answer(
        self, question: str, lang: str, history: list[str], sources: list[Citation], fallback: Answer
    ) -> Iterator[str | Answer]:
        """Text deltas as the model writes them, then the final, checked Answer as the last item.

        The final Answer's text can differ from the streamed deltas (markers checked, or the fallback
        when the model failed or cited nothing): clients show the final Answer in place of the deltas.
        When the fallback replaces the model's answer, a notice line and the fallback's text are also
        streamed, so a client that only prints deltas still shows a complete answer.
        """
        if not sources:
            yield fallback.answer
            yield fallback
            return
        t0 = time.perf_counter()
        raw, shown = "", 0
        try:
            for chunk in self.chain.stream(self.inputs(question, lang, history, sources)):
                raw += _message_text(chunk)
                visible, _ = _visible(raw)
                if len(visible) > shown:
                    yield visible[shown:]
                    shown = len(visible)
        except Exception as e:
            log.warning("LLM stream failed, using the extractive answer: %s", _describe(e))
            final = _with_notice(fallback, NOTICE_UNAVAILABLE[_lang(lang)], t0)
            yield from _fallback_deltas(final, shown > 0)
            yield final
            return
        final, fell_back = self._finish(raw, lang, sources, fallback, t0)
        if fell_back:
            yield from _fallback_deltas(final, shown > 0)
        yield final

    def _finish(self, raw: str, lang: str, sources: list[Citation], fallback: Answer, t0: float) -> tuple[Answer, bool]:
        """The checked model answer, or the fallback with a notice (second item True)."""
        text, settled = _visible(raw)
        text = text.strip() if settled else ""
        checked, cited, unsupported = check_answer(text, sources) if text else ("", [], [])
        if not checked.strip() or not cited:
            log.warning(
                "LLM answer unusable (%s), using the extractive answer", "empty" if not text else "no valid citation"
            )
            return _with_notice(fallback, NOTICE_UNUSABLE[_lang(lang)], t0), True
        sep = ", " if _lang(lang) == "en" else "、"
        notice = NOTICE_FIGURES[_lang(lang)].format(sep.join(unsupported)) if unsupported else None
        return fallback.model_copy(
            update={
                "answer": checked.strip(),
                "citations": cited,
                "notice": notice,
                "timings_ms": _timings(fallback, t0),
            }
        ), False


def _timings(fallback: Answer, t0: float) -> dict[str, float]:
    timings = dict(fallback.timings_ms)
    timings["llm"] = round((time.perf_counter() - t0) * 1000, 2)
    return timings


def _with_notice(fallback: Answer, notice: str, t0: float) -> Answer:
    return fallback.model_copy(update={"notice": notice, "timings_ms": _timings(fallback, t0)})


def _fallback_deltas(final: Answer, after_partial: bool) -> Iterator[str]:
    yield ("\n\n" if after_partial else "") + f"{final.notice}\n\n"
    yield final.answer


def _describe(e: BaseException) -> str:
    # Exception text from HTTP clients carries the URL at most, never the API key.
    return f"{type(e).__name__}: {e}"[:300]
