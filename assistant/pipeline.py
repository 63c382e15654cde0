"""The assistant: question → understanding → retrieval → answer, with the conversation passed in.

`Assistant.ask(question, history=[])` is stateless: `history` holds the user's earlier questions,
oldest first. Each turn is *planned* (what is asked, in which documents, about which clause) with
the previous turn's plan as context, so "那责任单位有哪些？" after "蓝天保卫战由谁牵头？" is about
the same clause. Composing the words is the answerer's job (extractive here, LLM optional).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from .answer import Answer, Candidate, Composer, RetrievedItem, make_citations
from .config import Settings, get_settings
from .embeddings import PolicyEmbeddings, make_embedder
from .index import IndexStore, open_index
from .ingest.clean import fold
from .records import Clause
from .retrieve import CrossEncoderReranker, HybridRetriever
from .understand import Question, analyze, check_question, gazetteer, key_terms, short_name, unit_base

_LEADING_PARTICLES = re.compile(r"^(那么|那|而|还有|另外|以及|和|其|它的|它|这个|那个|该)+")
SUPPORT = 0.5  # share of the question's key terms a clause must contain to be answered from
TOP_K = 10


@dataclass
class Plan:
    q: Question
    intent: str
    terms: list[str]
    docs: list[str] | None  # document filter (None: all)
    regions: list[str]
    candidates: list[Candidate] = field(default_factory=list)
    focus: Candidate | None = None  # the clause this turn is about
    refusal: str | None = None
    hits_scores: dict[str, float] = field(default_factory=dict)
    retrieved: list[RetrievedItem] = field(default_factory=list)
    unit_roles: list[tuple[Clause, str]] = field(default_factory=list)


class Assistant:
    def __init__(self, settings: Settings | None = None, *, store: IndexStore | None = None,
                 embedder: PolicyEmbeddings | None = None):
        self.settings = settings or get_settings()
        self.store = store or open_index(self.settings)
        self.embedder = embedder or make_embedder(self.settings.embedder, self.settings)
        reranker = CrossEncoderReranker(self.settings.reranker) if self.settings.reranker else None
        self.retriever = HybridRetriever(self.store, self.embedder, fusion=self.settings.fusion, reranker=reranker)
        self.docs = {d["slug"]: d for d in self.store.documents()}
        corpus_text = fold("".join(c.text for c in self.store.clauses()) + "".join(
            (d["meta"].get("title") or "") + (d["meta"].get("region") or "") for d in self.docs.values()))
        self.corpus_places = {name for name in gazetteer() if name in corpus_text or short_name(name) in corpus_text}
        self.units = self.store.units()
        self._clause_tokens: dict[str, str] = {}

    # ------------------------------------------------------------------ public

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        t0 = time.perf_counter()
        text = check_question(question)
        prior = [check_question(h) for h in (history or []) if isinstance(h, str) and h.strip()]
        timings: dict[str, float] = {}
        plan = None
        for h in prior[-4:]:  # earlier turns only give context; four is plenty for a chat
            plan = self.plan(h, plan, timings={})
        plan = self.plan(text, plan, timings)
        t = time.perf_counter()
        answer = self.compose(plan)
        timings["compose"] = (time.perf_counter() - t) * 1000
        timings["total"] = (time.perf_counter() - t0) * 1000
        answer.timings_ms = {k: round(v, 2) for k, v in timings.items()}
        return answer

    # ------------------------------------------------------------------ planning

    def analyze(self, text: str) -> Question:
        return analyze(text, corpus_places=self.corpus_places, known_units=self.units)

    def terms_of(self, q: Question) -> list[str]:
        if q.lang == "en":
            text = " ".join(q.search_text.split()[len(q.text.split()):])  # the glossary's Chinese terms
        else:
            # Leading particles of a follow-up ("那小微企业…") would otherwise glue onto the topic word.
            text = _LEADING_PARTICLES.sub("", q.search_text)
        words = self.store.tokenizer.words(text)
        units = {w for u in q.units for w in (u, unit_base(u))}
        return [t for t in key_terms(words, q.regions + q.foreign_regions) if t not in units and not re.fullmatch(r"[a-z]+", t)]

    def docs_for_regions(self, regions: list[str]) -> list[str] | None:
        """Documents of the named places, with the provincial ones that apply to a named city."""
        if not regions:
            return None
        places = gazetteer()
        wanted = set(regions) | {places.get(r) for r in regions if places.get(r)}
        docs = []
        for slug, d in self.docs.items():
            region = d["meta"].get("region")
            if region and (region in wanted or places.get(region) in regions):
                docs.append(slug)
        return docs or None

    def doc_named(self, q: Question) -> str | None:
        if q.doc_number:
            for slug, d in self.docs.items():
                if d["meta"].get("doc_number") and fold(d["meta"]["doc_number"]) == fold(q.doc_number):
                    return slug
        best, best_len = None, 0
        for slug, d in self.docs.items():
            title = fold(d["meta"].get("title") or "")
            n = _longest_common(title, fold(q.text))
            if n > best_len:
                best, best_len = slug, n
        return best if best_len >= 4 else None

    def coverage(self, terms: list[str], clause: Clause) -> float:
        if not terms:
            return 0.0
        hay = self._clause_tokens.get(clause.id)
        if hay is None:
            meta = self.docs[clause.doc_slug]["meta"]
            hay = fold(" ".join(clause.heading_path) + (meta.get("title") or "") + clause.text).lower()
            self._clause_tokens[clause.id] = hay
        return sum(1 for t in terms if fold(t).lower() in hay) / len(terms)

    def plan(self, text: str, prev: Plan | None, timings: dict[str, float]) -> Plan:
        t = time.perf_counter()
        q = self.analyze(text)
        terms = self.terms_of(q)
        timings["understand"] = (time.perf_counter() - t) * 1000
        intent = q.intent
        regions = q.regions
        followup = prev is not None and (q.is_followup_like or not terms) and not q.units and not q.doc_number
        if followup:
            if not q.has_own_intent:
                intent = prev.intent if prev.intent != "unit_tasks" else "open"
            if not regions and not q.foreign_regions:
                regions = prev.regions
        docs = self.docs_for_regions(regions)
        named = self.doc_named(q)
        if named and intent in ("docfact", "clause_lookup"):
            docs = [named]
        plan = Plan(q=q, intent=intent, terms=terms, docs=docs, regions=regions)

        if q.foreign_regions and not q.regions:
            plan.refusal = "foreign_region"
            self._retrieve(plan, q, timings)
            return plan
        if intent == "unit_tasks":
            self._unit_tasks(plan)
            self._retrieve(plan, q, timings)
            return plan
        if intent == "clause_lookup":
            self._clause_lookup(plan, named)
            self._retrieve(plan, q, timings)
            return plan

        # A follow-up about the same clause: keep the focus unless another clause covers the
        # follow-up's own terms better ("那小微企业成长计划呢？" moves on; "那预期成效呢？" stays).
        keep = False
        if followup and prev and prev.focus:
            if not terms:
                keep = True
            else:
                focus_cov = self.coverage(terms, prev.focus.clause)
                self._retrieve(plan, q, timings)
                best_cov = max((c.coverage for c in plan.candidates), default=0.0)
                keep = focus_cov >= SUPPORT and focus_cov >= best_cov
        if keep:
            plan.focus = Candidate(prev.focus.clause, prev.focus.score, 1.0)
            plan.candidates = [plan.focus] + [c for c in prev.candidates if c.clause.id != prev.focus.clause.id]
            plan.docs = prev.docs
            plan.retrieved = prev.retrieved
            plan.hits_scores = prev.hits_scores
            if followup and not terms:
                plan.terms = prev.terms
            return plan

        if not plan.candidates:
            self._retrieve(plan, q, timings)
        if intent == "docfact":
            slug = named or (plan.candidates[0].clause.doc_slug if plan.candidates else None)
            if slug and (named or (plan.candidates and plan.candidates[0].coverage >= SUPPORT) or len(self.docs) == 1):
                pre = next((c for c in self.store.clauses(slug) if c.kind == "preamble"), None) or self.store.clauses(slug)[0]
                plan.focus = Candidate(pre, 1.0, 1.0)
            else:
                plan.refusal = "weak"
            return plan
        strong = [c for c in plan.candidates if c.coverage >= SUPPORT]
        if not terms or not strong:
            plan.refusal = "weak"
            return plan
        if intent in ("lead", "responsible"):
            with_units = [c for c in strong if c.clause.fields.responsible_units or c.clause.fields.lead_units]
            if not with_units:
                plan.refusal = "no_units"
                plan.focus = strong[0]
                return plan
            plan.focus = with_units[0]
        else:
            plan.focus = strong[0]
        plan.candidates = strong + [c for c in plan.candidates if c not in strong]
        return plan

    def _retrieve(self, plan: Plan, q: Question, timings: dict[str, float]) -> None:
        tokens = self.store.tokenizer.tokenize(q.search_text)
        result = self.retriever.search(q.search_text, tokens=tokens, docs=plan.docs, k=TOP_K)
        for k, v in result.timings_ms.items():
            timings[k] = timings.get(k, 0.0) + v
        cands = []
        for h in result.hits:
            clause = self.store.clause(h.clause_id)
            cands.append(Candidate(clause, h.score, self.coverage(plan.terms, clause)))
        plan.candidates = cands
        plan.hits_scores = {h.clause_id: h.score for h in result.hits}
        plan.retrieved = [RetrievedItem(clause_id=c.clause.id, text=c.clause.text, score=round(c.score, 4)) for c in cands]

    def _unit_tasks(self, plan: Plan) -> None:
        roles: dict[str, str] = {}
        for unit in plan.q.units:
            for cid, role in self.store.clauses_by_unit(unit):
                if roles.get(cid) != "lead":
                    roles[cid] = role
        clauses = [self.store.clause(cid) for cid in roles]
        if plan.docs is not None:
            clauses = [c for c in clauses if c.doc_slug in plan.docs]
        order = {slug: i for i, slug in enumerate(sorted(self.docs))}
        clauses.sort(key=lambda c: (order[c.doc_slug], c.path))
        plan.unit_roles = [(c, roles[c.id]) for c in clauses]
        if not plan.unit_roles:
            plan.refusal = "weak"

    def _clause_lookup(self, plan: Plan, named: str | None) -> None:
        ref = plan.q.clause_ref
        slugs = [named] if named else (plan.docs or [])
        if len(slugs) != 1 or ref is None:
            plan.refusal = "which_doc"
            return
        for c in self.store.clauses(slugs[0]):
            if ref[0] == "article":
                hit = c.kind == "article" and c.path[-1] == ref[1]
            else:
                hit = tuple(c.path) == tuple(ref)
            if hit:
                plan.focus = Candidate(c, 1.0, 1.0)
                return
        plan.refusal = "no_clause"

    # ------------------------------------------------------------------ composing

    def compose(self, plan: Plan) -> Answer:
        q = plan.q
        comp = Composer(self.store, q, plan.terms)
        d = comp.d
        en = q.lang == "en"
        if plan.refusal is None:
            intent = plan.intent
            if intent == "unit_tasks":
                comp.unit_tasks(q.unit_mention or q.units[0], plan.unit_roles)
            elif intent == "clause_lookup":
                comp.whole_clause(plan.focus.clause)
            elif intent == "docfact":
                if not self._docfact_known(q, plan.focus.clause.doc_slug):
                    plan.refusal = "fact_missing"
                else:
                    comp.docfact(plan.focus.clause)
            elif intent == "lead":
                comp.lead(plan.focus)
            elif intent == "responsible":
                if plan.focus.clause.fields.responsible_units:
                    comp.responsible(plan.focus)
                else:
                    comp.lead(plan.focus)
            elif intent in ("funding", "target"):
                strong = [c for c in plan.candidates if c.coverage >= SUPPORT]
                if not comp.figures(strong[:3], money=intent == "funding"):
                    if intent == "funding":
                        plan.refusal = "no_figure"
                    else:
                        comp.open(strong)
            else:
                comp.open([c for c in plan.candidates if c.coverage >= SUPPORT] or [plan.focus])
        if plan.refusal is not None:
            d = comp.d = type(d)()
            d.refused = True
            d.add(self._refusal_text(plan, en))
        citations = make_citations(self.store, d.cited, plan.hits_scores)
        return Answer(answer=d.text, refused=d.refused, intent=plan.intent, citations=citations,
                      retrieved=plan.retrieved, lang=q.lang)

    def _docfact_known(self, q: Question, slug: str) -> bool:
        meta = self.docs[slug]["meta"]
        text = q.text.lower()
        if re.search(r"文号|字号|number", text):
            return bool(meta.get("doc_number"))
        if re.search(r"发文机关|制定机关|(谁|哪个.{0,4})(发|印发|发布|制定|出台)|issu|publish", text):
            return bool(meta.get("issuer") or meta["attributes"].get("起草单位"))
        if re.search(r"时间|日期|哪年|何时|什么时候|啥时候|几月|when|date|year", text):
            return bool(meta.get("written_date") or meta.get("published_date") or meta.get("effective_date"))
        if re.search(r"有效|时效|效力|valid|force", text):
            return bool(meta.get("validity"))
        return True

    def _held(self) -> str:
        names = []
        for d in self.docs.values():
            t = d["meta"].get("title")
            if t:
                names.append(f"《{t}》")
        return "、".join(names)

    def _refusal_text(self, plan: Plan, en: bool) -> str:
        q = plan.q
        about = q.text if len(q.text) <= 40 else q.text[:40] + "…"
        closest = ""
        if plan.candidates:
            best = plan.candidates[0].clause
            meta = self.docs[best.doc_slug]["meta"]
            region = meta.get("region") or ""
            where = f"{best.label} {best.heading}".strip() if best.kind not in ("preamble", "closing") else ""
            if en:
                closest = f" The closest text I hold is in 《{meta.get('title')}》{(' ' + where) if where else ''}" + (f" ({region})" if region else "") + "."
            else:
                closest = f"最接近的内容在{region}的《{meta.get('title')}》{where}。" if region else f"最接近的内容在《{meta.get('title')}》{where}。"
        if plan.refusal == "foreign_region":
            places = "、".join(q.foreign_regions)
            covered = "、".join(sorted({d["meta"]["region"] for d in self.docs.values() if d["meta"].get("region")}))
            if en:
                return f"Sorry, the documents I hold do not cover {places}. They cover: {covered}. Documents held: {self._held()}."
            return f"抱歉，现有文件不涉及{places}的政策，无法回答。现有文件涉及：{covered}。收录的文件有：{self._held()}。"
        if plan.refusal == "which_doc":
            return ("Please say which document (its title or document number) the clause is in." if en
                    else "请说明是哪份文件（文件名称或文号）的条款，例如“金政办发〔2018〕106号 第二部分第八项”。")
        if plan.refusal == "no_clause":
            return ("That clause does not exist in the document." if en else "该文件中没有这一条款，请核对条款编号。")
        if plan.refusal == "fact_missing":
            meta = self.docs[plan.focus.clause.doc_slug]["meta"]
            return (f"The text of 《{meta.get('title')}》 does not state that." if en
                    else f"《{meta.get('title')}》的文本中没有写明这一信息。")
        if plan.refusal == "no_units":
            return ((f"The documents do not name a lead or responsible unit for this.{closest}") if en
                    else f"文件中没有写明这项工作的牵头单位或责任单位。{closest}")
        # Weak support: maybe the region filter hid the answer — say whose clause it is.
        elsewhere = ""
        if plan.docs is not None and plan.terms:
            result = self.retriever.search(q.search_text, tokens=self.store.tokenizer.tokenize(q.search_text), k=3)
            for h in result.hits:
                c = self.store.clause(h.clause_id)
                if c.doc_slug not in plan.docs and self.coverage(plan.terms, c) >= SUPPORT:
                    m = self.docs[c.doc_slug]["meta"]
                    region = m.get("region") or "其他地区"
                    asked = "、".join(plan.regions)
                    elsewhere = (f" 《{m.get('title')}》{c.label} {c.heading} has related provisions, but that is {region}'s document, not {asked}'s."
                                 if en else f"相关内容见{region}的《{m.get('title')}》{c.label}{c.heading}，但那是{region}的规定，不是{asked}的。")
                    break
        if en:
            return f"Sorry, the documents I hold do not cover this question.{elsewhere or closest}"
        return f"抱歉，现有文件中没有找到关于“{about}”的规定。{elsewhere or closest}"


def _longest_common(a: str, b: str) -> int:
    best = 0
    for i in range(len(b)):
        for j in range(i + best + 1, len(b) + 1):
            if b[i:j] in a:
                best = j - i
            else:
                break
    return best
