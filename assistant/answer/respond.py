"""Responding to a planned turn: the extractive composer's dispatch by intent, the refusals that
only composing finds (a year or a figure the documents do not set, a document fact they do not
state), the refusal wording, and the final ranking of what was retrieved."""

from __future__ import annotations

from ..index.store import IndexStore
from ..query.plan import SUPPORT, Plan, Planner
from ..query.read import ALTERNATIVES, short_name
from ..records import Candidate, Clause, DocumentMeta
from ..text.dates import YEAR_GOAL
from ..text.figures import FIGURE, LEFT_TO_PLACES, MONEY, ONLY_ITS_OWN, figure_in
from ..text.sentences import sentences
from .compose import Answer, Composer, Draft, RetrievedItem, make_citations
from .refusals import Refusal, refusal_text

# The final ranking fuses the coverage order and the search's order (reciprocal ranks, 1 / (k + i)):
# the search counts half as much.
FUSE_K = 5
SEARCH_SHARE = 0.5


class Responder:
    def __init__(self, store: IndexStore, planner: Planner):
        self.store = store
        self.planner = planner
        self.docs = planner.docs

    def compose(self, plan: Plan) -> Answer:
        q = plan.q
        # A place with no documents of its own is a word of the national sentence that answers for it
        # ("其中陕西省要出多少钱": "陕西省出资99.0亿元"); a place's own documents need not name it.
        places = [f"{p}{ALTERNATIVES}{short_name(p)}" for p in q.foreign_regions if short_name(p) != p]
        terms = plan.terms + [p for p in places if p not in plan.terms]
        comp = Composer(self.store, q, terms, self.planner.weights(terms), quantity_of=plan.quantity_of)
        d = comp.d
        en = q.lang == "en"
        if plan.refusal is None:
            intent = plan.intent
            if intent == "unit_tasks":
                comp.unit_tasks(q.unit_mention or q.units[0], plan.unit_roles)
            elif intent == "clause_lookup":
                comp.whole_clause(plan.focus.clause)
            elif intent == "docfact":
                if q.referred and comp.referred_number(plan.focus.clause):
                    pass  # the number of a document it answers or cites, as its text writes it
                elif not self.planner._docfact_known(q, plan.focus.clause.doc_slug):
                    plan.refusal = "fact_missing"
                else:
                    comp.docfact(plan.focus.clause)
            elif intent == "lead" and (
                plan.focus.clause.fields.lead_units or plan.focus.clause.fields.responsible_units
            ):
                comp.lead(plan.focus)
            elif intent == "responsible" and plan.focus.clause.fields.responsible_units:
                comp.responsible(plan.focus)
            elif intent == "responsible" and plan.focus.clause.fields.lead_units:
                comp.lead(plan.focus)
            elif intent in ("funding", "target"):
                strong = self.planner.ranked_strong(plan)
                if q.asked_year and not any(self.planner.states_year(c.clause, q.asked_year) for c in strong[:3]):
                    plan.refusal = "year"  # a year the documents set no target for
                elif (
                    (
                        q.asked_measure in ONLY_ITS_OWN
                        # How long something stays valid is a period ("备案…有效期是多长时间"), never a date.
                        or ("validity" in q.asks and q.asked_measure == "时长")
                    )
                    and not any(
                        figure_in(q.asked_measure, self.store.full_clause_text(c.clause.id)) for c in strong[:5]
                    )
                ):
                    plan.refusal = "no_figure"  # "加班工资是日工资的几倍": no clause found states a multiple
                elif "identifier" in q.asks and not any(comp.identifies(c.clause) for c in strong[:5]):
                    plan.refusal = "no_figure"  # "高血压的病种代码是多少": no code is given beside it
                elif intent == "target" and "amount" not in q.asks:
                    comp.open(strong)  # "2020年要组建什么机构": a target, but not a number
                elif not comp.figures(
                    comp.figure_candidates(strong), money=intent == "funding" and "amount" not in q.asks
                ):
                    if "amount" in q.asks:
                        plan.refusal = "no_figure"  # the topic is there, the number asked for is not
                    elif "benefit" in q.asks and not any(MONEY.search(c.clause.text) for c in strong[:3]):
                        plan.refusal = "no_figure"  # "有没有补贴": the clauses found state no money at all
                    else:
                        comp.open(strong)
                elif q.asked_year and not self.planner.states_year(self.store.clause(d.primary), q.asked_year):
                    plan.refusal = "year"  # the figure found is another year's ("2026年度" asked as 2025)
                elif missing := comp.item_not_listed(self.store.clause(d.primary)):
                    plan.refusal, plan.missing = "near_miss", missing  # another kind than those listed
            else:
                comp.open(self.planner.ranked_strong(plan) or [plan.focus])
            if comp.unlisted:
                plan.refusal = "not_listed"
        if plan.refusal is not None:
            return self._refused(plan, comp, en)
        elif (plan.regions or q.foreign_regions) and d.cited:
            # Say whose rules these are when they are not the named place's own (a provincial
            # document answering a question about one of its cities, a national law for any place).
            places = plan.regions or q.foreign_regions
            cited = [self._meta(self.store.clause(cid).doc_slug) for cid in d.cited]
            doc_regions = {m.region or m.scope for m in cited}
            # A document whose title names the place ("内地西藏班…的通知" for 西藏) is about it.
            named = {n for p in places for n in (p, short_name(p))}
            # A document's region may be written with its city ("广州市天河区" for 天河区).
            own = any(r and r.endswith(tuple(places)) for r in doc_regions)
            # So is a national text whose quoted words name it ("陕西省出资99.0亿元" in a 批复).
            about = any(n in (m.cited_title or "") for m in cited for n in named) or any(n in d.text for n in named)
            if not own and not about:
                if plan.intent == "target" and doc_regions == {"全国"} and YEAR_GOAL.search(d.text):
                    # "到2025年广州产业规模达到多少": a national plan's goal is the country's, not the place's.
                    return self._refused(plan, comp, en, elsewhere=self.store.clause(d.primary or d.cited[0]))
                left = self._left_to_places(plan, d) if doc_regions == {"全国"} else None
                if left is not None:
                    # "广东省规定的比例是多少" where the national rule leaves the proportion to each province.
                    plan.refusal, plan.elsewhere, plan.quote = "left_to_place", left[0], left[1]
                    return self._refused(plan, comp, en)
                asked = "、".join(places)
                whose = "、".join(sorted(r for r in doc_regions if r)) or "其他地区"
                d.lines.insert(
                    0,
                    f"The documents include none of {asked}'s own; the following is {whose}'s:"
                    if en
                    else f"现有文件中没有{asked}自己的文件，以下是{whose}的规定：",
                )
        elif d.cited and plan.intent in ("funding", "target", "open", "lead", "responsible"):
            self._note_other_places(plan, d, en)
        return self._answer(plan, d)

    def _left_to_places(self, plan: Plan, d: Draft) -> tuple[Clause, str] | None:
        """The cited national clause and its sentence that leaves the figure asked to each province."""
        if plan.intent not in ("target", "funding") or "amount" not in plan.q.asks:
            return None
        for cid in d.cited[:2]:
            said = sentences(self.store.full_clause_text(cid))
            for i, s in enumerate(said):
                if LEFT_TO_PLACES.search(s):
                    # With the national floor or ceiling said just before ("不得低于…的1.5%").
                    before = said[i - 1] if i and FIGURE.search(said[i - 1]) else ""
                    return self.store.clause(cid), before + s
        return None

    def _refused(self, plan: Plan, comp: Composer, en: bool, elsewhere: Clause | None = None) -> Answer:
        if elsewhere is not None:
            plan.refusal, plan.elsewhere = "weak", elsewhere
        d = comp.d = Draft()
        d.refused = True
        d.add(self._refusal_text(plan, en))
        return self._answer(plan, d)

    def _answer(self, plan: Plan, d: Draft) -> Answer:
        q = plan.q
        if d.cited and not d.refused:
            self._note_validity(d, q.lang == "en")
            self._follow_answer(plan, d.primary or d.cited[0])
        citations = make_citations(self.store, d.cited, plan.hits_scores)
        return Answer(
            answer=d.text,
            refused=d.refused,
            intent=plan.intent,
            citations=citations,
            retrieved=self._final_ranking(plan, d),
            lang=q.lang,
        )

    def _note_other_places(self, plan: Plan, d, en: bool) -> None:
        """A question that names no place, answered from one place's document while another
        place's document answers it as well: say whose rule the answer is and name the other."""
        first = self.store.clause(d.cited[0])
        region = self._meta(first.doc_slug).region
        if not region:
            return
        cov = next((c.coverage for c in plan.candidates if c.clause.id == first.id), 0.0)
        for c in self.planner.ranked_strong(plan)[:5]:
            other = self._meta(c.clause.doc_slug)
            if other.region and other.region != region and c.coverage >= cov - 0.1:
                title = other.cited_title or c.clause.doc_slug
                d.add(
                    f"Note: the above is {region}'s rule; {other.region}'s 《{title}》 {c.clause.label} also covers "
                    "this. Please say which place you mean."
                    if en
                    else f"注意：以上是{region}的规定；{other.region}的《{title}》{c.clause.label}也有相关规定，"
                    "请说明您所在的地区。"
                )
                return

    def _note_validity(self, d, en: bool) -> None:
        """A cited document that a held document repeals or replaces, or whose stated end date has
        passed, is said to be so."""
        for slug in dict.fromkeys(self.store.clause(cid).doc_slug for cid in d.cited):
            meta = self._meta(slug)
            title = meta.cited_title or slug
            newer = self.planner.replaced_by.get(slug)
            if newer:
                m = self._meta(newer)
                name = f"《{m.cited_title or newer}》" + (f"（{m.doc_number}）" if m.doc_number else "")
                d.add(
                    f"Note: 《{title}》 has been repealed or replaced by {name}."
                    if en
                    else f"注意：《{title}》已被{name}废止或替代。"
                )
            elif meta.expired:
                d.add(
                    f"Note: 《{title}》 states that it expired on {meta.expired}."
                    if en
                    else f"注意：《{title}》所载有效期已于{meta.expired}届满。"
                )

    def _final_ranking(self, plan: Plan, d) -> list[RetrievedItem]:
        """The retrieval list as the pipeline finally ranks it: the clauses the answer rests on
        first, then the rest by key-term coverage (a lexical second stage) and the search's own order,
        fused by rank."""
        retrieved = [
            RetrievedItem(clause_id=c.clause.id, text=c.clause.text, score=round(c.score, 4)) for c in plan.retrieved
        ]
        by_id = {r.clause_id: r for r in retrieved}
        cov = {c.clause.id: c.coverage for c in plan.candidates}
        lexical = sorted(retrieved, key=lambda r: (-round(cov.get(r.clause_id, 0.0), 1), -r.score))
        searched = sorted(retrieved, key=lambda r: -r.score)
        # Both orders, fused by rank: coverage ties whole documents at their title's words, and the
        # search (meaning and words) tells those clauses apart.
        fused = {r.clause_id: 1 / (FUSE_K + i) for i, r in enumerate(lexical)}
        for i, r in enumerate(searched):
            fused[r.clause_id] += SEARCH_SHARE / (FUSE_K + i)
        rest = sorted(retrieved, key=lambda r: -fused[r.clause_id])
        first = [] if d.refused else [cid for cid in d.cited if cid in by_id or self.store.clause(cid)]
        ranked = [
            by_id.get(cid)
            or RetrievedItem(
                clause_id=cid, text=self.store.clause(cid).text, score=round(plan.hits_scores.get(cid, 0.0), 4)
            )
            for cid in first
        ]
        return ranked + [r for r in rest if r.clause_id not in set(first)]

    def _follow_answer(self, plan: Plan, clause_id: str) -> None:
        """The conversation goes on about the clause the answer rests on ("那…又是什么时候完成？" after
        a deadline quoted from 三2., not the clause the search ranked first)."""
        if plan.focus is not None and plan.focus.clause.id == clause_id:
            return
        found = next((c for c in plan.candidates if c.clause.id == clause_id), None)
        clause = found.clause if found else self.store.clause(clause_id)
        if clause is not None:
            score = plan.focus.score if plan.focus else plan.hits_scores.get(clause_id, 0.0)
            plan.focus = Candidate(clause, score, max(found.coverage if found else 0.0, SUPPORT))

    def _meta(self, slug: str) -> DocumentMeta:
        return self.docs[slug].meta

    def _refusal_text(self, plan: Plan, en: bool) -> str:
        closest = plan.candidates[0].clause if plan.candidates else None
        elsewhere = plan.elsewhere if plan.refusal in ("weak", "foreign_region", "left_to_place") else None
        return refusal_text(
            Refusal(
                kind=plan.refusal or "weak",
                question=plan.q.text,
                en=en,
                closest=closest,
                closest_meta=self._meta(closest.doc_slug) if closest else None,
                fact_meta=self._meta(plan.focus.clause.doc_slug)
                if plan.refusal in ("fact_missing", "version")
                else None,
                foreign_regions=plan.q.foreign_regions,
                asked_regions=plan.regions,
                elsewhere=elsewhere,
                missing=plan.missing,
                elsewhere_meta=self._meta(elsewhere.doc_slug) if elsewhere else None,
                quote=plan.quote,
            )
        )
