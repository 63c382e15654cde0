"""The assistant: check → read and plan the turn → retrieve → answer, with the conversation passed in.

`Assistant.ask(question, history=[])` is stateless for the caller: `history` holds the user's
earlier questions, oldest first. Each turn is planned (`query/plan.py`) with the previous turn's
plan as context; the words are the answer stage's (`answer/respond.py`, extractive; an LLM is
optional). Turns already planned are remembered, so a follow-up searches its own question only.
"""

from __future__ import annotations

import threading
import time

from cachetools import LRUCache

from .answer.compose import Answer, make_citations
from .answer.parts import combine
from .answer.respond import Responder
from .config import Settings, get_settings
from .embeddings import PolicyEmbeddings, make_embedder
from .index.store import IndexStore, open_index
from .query.plan import Plan, Planner
from .query.read import check_question, question_parts
from .retrieve.hybrid import CrossEncoderReranker, HybridRetriever

CONTEXT_TURNS = 4  # earlier turns only give context; four is plenty for a chat


class Assistant:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        store: IndexStore | None = None,
        embedder: PolicyEmbeddings | None = None,
        llm=None,
    ):
        """Its parts are built from Settings; a store, an embedder or an LLM answerer can be handed in."""
        self.settings = settings or get_settings()
        self.llm = llm if llm is not None else _llm_from(self.settings)
        self.store = store or open_index(self.settings)
        self.embedder = embedder or make_embedder(self.settings.embedder, self.settings)
        reranker = CrossEncoderReranker(self.settings.reranker) if self.settings.reranker else None
        self.retriever = HybridRetriever(
            self.store,
            self.embedder,
            fusion=self.settings.fusion,
            dense_weight=self.settings.dense_weight,
            reranker=reranker,
        )
        self.planner = Planner(self.store, self.retriever)
        self.responder = Responder(self.store, self.planner)
        # Plans of conversations asked before, by their turns: a follow-up reuses them (see _context).
        self._plans: LRUCache[tuple[str, ...], Plan] = LRUCache(maxsize=512)
        self._plans_lock = threading.Lock()

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        """The answer to `question`, given the user's earlier questions (oldest first)."""
        answer, plan, prior = self._extractive(question, history)
        if self.llm is None or answer.refused or not answer.citations:
            return answer  # refusals are decided by the retrieval evidence, never by the model
        return self.llm.answer(plan.q.text, answer.lang, prior, self._llm_sources(plan, answer), answer)

    def ask_stream(self, question: str, history: list[str] | None = None):
        """Yields text deltas as the answer is written, then the final `Answer` as the last item.
        Without an LLM the extractive answer comes a line at a time."""
        answer, plan, prior = self._extractive(question, history)
        if self.llm is None or answer.refused or not answer.citations:
            yield from answer.answer.splitlines(keepends=True)
            yield answer
            return
        yield from self.llm.stream_answer(plan.q.text, answer.lang, prior, self._llm_sources(plan, answer), answer)

    def _extractive(self, question: str, history: list[str] | None) -> tuple[Answer, Plan, list[str]]:
        t0 = time.perf_counter()
        text = check_question(question)
        prior = [check_question(h) for h in (history or []) if isinstance(h, str) and h.strip()]
        timings: dict[str, float] = {}
        context = self._context(tuple(prior[-CONTEXT_TURNS:]))
        plan = self.planner.plan(text, context, timings)
        # Remembered under the turns the next follow-up will look it up by.
        self._remember((*prior, text)[-CONTEXT_TURNS:], plan)
        t = time.perf_counter()
        answer = self.responder.compose(plan)
        timings["compose"] = (time.perf_counter() - t) * 1000
        parts = question_parts(text)
        if len(parts) > 1:
            answer = self._answer_parts(parts, answer, plan, context, timings)
        timings["total"] = (time.perf_counter() - t0) * 1000
        answer.timings_ms = {k: round(v, 2) for k, v in timings.items()}
        return answer, plan, prior

    def _answer_parts(
        self, parts: list[str], answer: Answer, plan: Plan, context: Plan | None, timings: dict[str, float]
    ) -> Answer:
        """A message asking several things: the whole message's answer (its search has every word of
        it), or the first question's when the whole is refused; then each question, planned as
        following on from the one before, adds what it finds."""
        t = time.perf_counter()
        later = []
        if answer.refused:
            plan = self.planner.plan(parts[0], context, {})
            first = self.responder.compose(plan)
            if first.refused:
                return answer
            answer = first
        else:
            # The whole message's answer is about what its words share; the first question may ask a
            # figure of its own that the whole's sentences leave out ("最多能填几个志愿？其中民办学校能填
            # 几个？": 19个 beside 民办5个). It adds what it finds, as a later question does.
            first_plan = self.planner.plan(parts[0], plan, {}, continues=True)
            first = self.responder.compose(first_plan)
            if not first.refused:
                answer = combine(answer, [(parts[0], first)], only_figures=True)
                plan = first_plan
        for part in parts[1:]:
            plan = self.planner.plan(part, plan, {}, continues=True)
            later.append((part, self.responder.compose(plan)))
        timings["parts"] = (time.perf_counter() - t) * 1000
        return combine(answer, later)

    def _context(self, turns: tuple[str, ...]) -> Plan | None:
        """The plan of the last earlier turn, planned in its own context. A chat asks turn after
        turn, so each was planned (and searched) when it was asked: it is taken from the cache,
        and only a conversation the assistant has not seen is planned again, once."""
        if not turns:
            return None
        with self._plans_lock:
            cached = self._plans.get(turns)
        if cached is not None:
            return cached
        plan = self.planner.plan(turns[-1], self._context(turns[:-1]), timings={})
        self.responder.compose(plan)  # the turn's answer: what the next one follows on from
        self._remember(turns, plan)
        return plan

    def _remember(self, turns: tuple[str, ...], plan: Plan) -> None:
        with self._plans_lock:
            self._plans[turns] = plan

    def _llm_sources(self, plan: Plan, answer: Answer, limit: int = 5):
        """What the model may write from: the clauses the extractive answer cited, then the other
        supported candidates, numbered in that order."""
        ids = [c.clause_id for c in answer.citations]
        for c in self.planner.ranked_strong(plan):
            if len(ids) >= limit:
                break
            if c.clause.id not in ids:
                ids.append(c.clause.id)
        return make_citations(self.store, ids, plan.hits_scores)


def _llm_from(settings: Settings):
    """The optional LLM answerer, when Settings configure one."""
    if not settings.llm_enabled:
        return None
    from .answer.llm import LLMAnswerer, LLMConfig

    return LLMAnswerer(
        LLMConfig(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=settings.llm_api_key.get_secret_value(),
            timeout_s=settings.llm_timeout_s,
            temperature=settings.llm_temperature,
            max_tokens=settings.llm_max_tokens,
        ),
        prompts_dir=settings.prompts_dir,
    )
