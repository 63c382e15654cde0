"""A conversation is stateless for the caller (it passes its earlier questions) but the
assistant does not search the same turns again: each turn is planned and searched once."""

from __future__ import annotations

import pytest

from assistant.pipeline import Assistant

TURNS = ["蓝天保卫战由哪个部门牵头？", "那责任单位有哪些？", "预期成效呢？", "市科技局牵头哪些任务？", "那责任单位呢？"]


@pytest.fixture
def fresh(assistant) -> Assistant:
    """An assistant over the session's index with an empty conversation memory."""
    return Assistant(assistant.settings, store=assistant.store, embedder=assistant.embedder)


def _counting(monkeypatch, a: Assistant) -> list[str]:
    calls: list[str] = []
    search = a.retriever.search

    def counted(text, **kw):
        if kw.get("query_vec") is None:
            calls.append(text)  # a new embedding of the question
        return search(text, **kw)

    monkeypatch.setattr(a.retriever, "search", counted)
    return calls


def test_a_five_turn_conversation_embeds_each_question_once(fresh, monkeypatch):
    calls = _counting(monkeypatch, fresh)
    history: list[str] = []
    for turn in TURNS:
        before = len(calls)
        fresh.ask(turn, history=history)
        assert len(calls) - before <= 1, (turn, calls[before:])  # the newest question only
        history.append(turn)
    assert len(calls) <= len(TURNS)


def test_a_conversation_it_has_not_seen_is_planned_once_then_remembered(fresh, monkeypatch):
    calls = _counting(monkeypatch, fresh)
    first = fresh.ask(TURNS[-1], history=TURNS[:-1])
    n = len(calls)
    assert n <= len(TURNS)  # the earlier turns planned once, in order
    again = fresh.ask(TURNS[-1], history=TURNS[:-1])
    assert len(calls) - n <= 1 and again.answer == first.answer
