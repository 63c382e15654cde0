"""LLM mode wired into the assistant: the model writes from the retrieved clauses, its citations are
checked, refusals stay rule-based, and any failure falls back to the extractive answer."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.answer.compose import Answer
from assistant.answer.llm import LLMAnswerer
from assistant.pipeline import Assistant

JINHUA = "jinhua-innovative-city-plan-2018"


def with_model(assistant, model) -> Assistant:
    return Assistant(
        assistant.settings, store=assistant.store, embedder=assistant.embedder, llm=LLMAnswerer(chat_model=model)
    )


class Broken(FakeListChatModel):
    def _call(self, *args, **kwargs):
        raise ConnectionError("endpoint down")

    def _stream(self, *args, **kwargs):
        raise ConnectionError("endpoint down")


def test_the_model_answers_from_the_retrieved_clauses(assistant):
    llm_assistant = with_model(assistant, FakeListChatModel(responses=["蓝天保卫战三年行动计划由市蓝天办牵头[1]。[9]"]))
    a = llm_assistant.ask("蓝天保卫战由哪个部门牵头？")
    assert a.answer.startswith("蓝天保卫战三年行动计划由市蓝天办牵头[1]")
    assert "[9]" not in a.answer  # a marker naming no source is removed
    assert [c.clause_id for c in a.citations] == [f"{JINHUA}#2.8"]
    assert not a.refused and a.intent == "lead"


def test_figures_the_clauses_do_not_contain_are_flagged(assistant):
    llm_assistant = with_model(assistant, FakeListChatModel(responses=["对新认定的高新技术企业给予8万元奖补[1]。"]))
    a = llm_assistant.ask("我们新认定的高新技术企业能拿多少奖补？")
    assert a.notice and "8万元" in a.notice


def test_refusals_never_reach_the_model(assistant):
    llm_assistant = with_model(assistant, FakeListChatModel(responses=["北京市补贴为10万元[1]。"]))
    a = llm_assistant.ask("北京市新能源汽车购置补贴是多少？")
    assert a.refused and "10万元" not in a.answer


def test_a_failing_model_falls_back_to_the_extractive_answer(assistant):
    a = with_model(assistant, Broken(responses=["x"])).ask("蓝天保卫战由哪个部门牵头？")
    assert a.answer == assistant.ask("蓝天保卫战由哪个部门牵头？").answer
    assert a.notice and "不可用" in a.notice


def test_answers_stream_then_end_with_the_checked_answer(assistant):
    llm_assistant = with_model(assistant, FakeListChatModel(responses=["牵头单位是市蓝天办[1]。"]))
    items = list(llm_assistant.ask_stream("蓝天保卫战由哪个部门牵头？"))
    deltas, final = items[:-1], items[-1]
    assert len(deltas) > 3 and all(isinstance(d, str) for d in deltas)
    assert isinstance(final, Answer) and "".join(deltas).startswith("牵头单位是市蓝天办")
    assert final.citations[0].clause_id == f"{JINHUA}#2.8"


def test_extractive_answers_stream_too(assistant):
    items = list(assistant.ask_stream("蓝天保卫战由哪个部门牵头？"))
    assert isinstance(items[-1], Answer)
    assert "".join(items[:-1]) == items[-1].answer


def test_llm_mode_is_configured_by_settings(assistant, monkeypatch):
    pytest.importorskip("langchain_openai")  # the optional [llm] extra
    settings = assistant.settings.model_copy(update={"llm_base_url": "http://127.0.0.1:9/v1", "llm_model": "qwen"})
    a = Assistant(settings, store=assistant.store, embedder=assistant.embedder)
    assert a.llm is not None
    # Nothing listens on port 9: the extractive answer comes back with a notice, quickly.
    answer = a.ask("蓝天保卫战由哪个部门牵头？")
    assert "市蓝天办" in answer.answer and answer.notice
