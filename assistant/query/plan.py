"""Planning a turn: what the question asks, in which documents, about which clause — or why it
is refused — with the previous turn's plan as context, so "那责任单位有哪些？" after
"蓝天保卫战由谁牵头？" is about the same clause. The planner searches (through the retriever it is
handed) and decides; composing the words is the answer stage's job.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace

from ..index.store import IndexStore
from ..records import Candidate, Clause, DocumentMeta
from ..retrieve.hybrid import HybridRetriever
from ..text.dates import STATED_DAY, TARGET_YEAR, TITLE_YEAR, WHEN_STATED
from ..text.doctypes import DOC_EVENTS, DOC_TYPE_END, DOC_WORDS
from ..text.figures import AMOUNT, FIGURE, figure_in, states_fine
from ..text.normalize import fold, for_terms
from ..text.numerals import cn_to_int, int_to_cn
from ..text.sentences import labels
from .read import (
    ALTERNATIVES,
    OWN_LEGAL_SYSTEM,
    PROCEDURE_WORDS,
    Question,
    analyze,
    detect_language,
    everyday_words,
    fits_own,
    gazetteer,
    key_terms,
    match_term,
    places_named,
    prefecture_of,
    quantity_of,
    short_name,
    states_qualifier,
    states_qualifiers,
    translate_terms,
    unit_base,
)

_LEADING_PARTICLES = re.compile(r"^(那么|那|而|还有|另外|以及|和|其|它的|它|这个|那个|该)+")
# What a follow-up that asks the same of another case ("那要是收运单位擅自停业呢？" after "…罚多少？")
# still asks, from the question before it. A follow-up that asks its own way ("那…批了没有？",
# "…要交契税吗？") carries nothing.
CARRIED_ASKS = frozenset({"penalty", "amount", "maximum"})
_SAME_OF_ANOTHER_CASE = re.compile(r"呢[？?]?$")
SUPPORT = 0.5  # share of the question's key terms a clause must contain to be answered from
# An English question's terms are translations, some of them off ("免疫" for immunity where the law
# says 豁免, "水塘" for a pooled fund): a clause answers it with a smaller share — in any document but
# one of another place than the question names, where a near topic must not pass.
SUPPORT_EN = 0.34
# A follow-up ("那评上以后有什么待遇") leaves its topic to the conversation: in the document discussed,
# a clause answers it with this share of its own words.
SUPPORT_FOLLOWUP = 0.34
# A question that names a place asks for that place's rule: a national document answers it for
# the place only when it is plainly about the same thing.
NATIONAL_FOR_PLACE = 0.75
TOP_K = 20
# The cosine (question, passage) of the bundled embedder above which the nearest passage speaks of
# the same thing, whatever its words: on the real-corpus and held-out sets no question the documents
# do not answer came nearer than 0.91.
SEMANTIC_SUPPORT = 0.925
SEMANTIC_MIN_COVERAGE = 0.1
# The first of the search (words and meaning fused) by this margin over the second, and this near in
# meaning, answers with a third of the question's words (see Planner._clear_winner).
CLEAR_WINNER_MARGIN = 0.2
CLEAR_WINNER_DENSE = 0.905
# A clause with units answers a 由谁牵头 question when it is about as close to it as the closest.
UNITS_NEAR = 0.15
EN_UNITS_NEAR = 3
# How much better another document must cover a question in a conversation to leave the one
# discussed (one that says it follows on, "那…", "它的…", stays when that document answers it at all).
STAY_MARGIN = 0.1
# A question's terms a document's title must cover for the question to be about that document's matter.
TOPIC_TITLE = 0.6
# A line of a column page answers a date asked of what it lists when it covers this much of the question.
LISTED_ENTRY = 0.75
# Clauses of the document asked about that state a figure in the measure asked join the candidates
# when their coverage is at least the best retrieved one's less this.
MEASURED_NEAR = 0.05
# Clauses looked at for a category above them, and how long a category heading is.
CATEGORY_FROM = 3
# Rules among the best this many whose penalty article is looked for ("会被怎么罚": the 经营者 rule may
# rank below the articles that share the question's words of fireworks).
PENALTY_RULES = 6
# A law or regulation named in a question ("按个税法", "根据老年人权益保障法").
NAMED_RULE = re.compile(r"[\u4e00-\u9fff]{2,20}?(?:法|条例)(?=[,，里中上的规第]|$)")
# Of the best this many, a clause that states no figure has the articles it cites looked up.
CITED_FROM = 3
CITED_ARTICLE = re.compile(
    r"(?P<name>《[^》]{2,40}》|[\u4e00-\u9fff]{2,30}?(?:法|条例|办法|规定))第(?P<n>[一二三四五六七八九十百]+)条"
)
CATEGORY_CHARS = (4, 12)
# A word jieba only guessed in a question is kept whole when this many passages have it as a word.
CORPUS_WORD_PASSAGES = 3
# An English question's words are given their sense by the passages nearest to it (embeddings
# match across languages): this many of them.
FEEDBACK_PASSAGES = 20


def _names(meta: DocumentMeta) -> str:
    """What a document is called: its own title and, for a notice, the document it transmits."""
    return " ".join(t for t in (meta.title, meta.transmitted) if t)


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
    retrieved: list[Candidate] = field(default_factory=list)  # the search's ranking, as it came
    query_vec: object = None  # the question's embedding, kept for a second search
    unit_roles: list[tuple[Clause, str]] = field(default_factory=list)
    elsewhere: Clause | None = None  # refused here, but another place's document answers (for the wording)
    missing: str | None = None  # the year, round or grade asked for that the documents do not state
    quote: str | None = None  # the sentence a refusal quotes: a national rule leaving the figure to each place
    quantity_of: str | None = None  # the thing a figure is asked of ("资本金" in "补充了多少亿元资本金")
    # The document a question that says it follows on ("那评上以后…") is asked about: the one the
    # conversation was in. Its clauses answer with a smaller share of the question's own words.
    discussed: str | None = None


class Planner:
    def __init__(self, store: IndexStore, retriever: HybridRetriever):
        self.store = store
        self.retriever = retriever
        self.docs = {d.slug: d for d in store.documents()}
        # Places the documents cover: their own regions, and the cities of a province that has a
        # document (a provincial policy applies there). A place merely mentioned in a text (兰州 in
        # the 定西 plan) is not covered.
        # A national document about a place (国务院…同意以哈尔滨市名义申办…的复函) covers that place too.
        places = gazetteer()
        doc_regions = {d.meta.region for d in self.docs.values() if d.meta.region}
        titled = " ".join(_names(d.meta) for d in self.docs.values())
        cities = prefecture_of()
        self.corpus_places = {
            name
            for name in places
            if name in doc_regions or places[name] in doc_regions or cities.get(name) in doc_regions or name in titled
        }
        # National documents (laws, 国务院, ministries) apply everywhere — but one whose title names a
        # place (国务院关于河北雄安新区总体规划的批复) is about that place, not a rule for any other.
        self.national = [slug for slug, d in self.docs.items() if is_national(d.meta)]
        self.place_bound = {slug for slug in self.national if any(places_named(_names(self.docs[slug].meta), None))}
        # Titles as texts and questions name them, without the state's name ("个人所得税法").
        self._bare_titles = {slug: re.sub(r"^中华人民共和国", "", d.meta.title or "") for slug, d in self.docs.items()}
        self.replaced_by = self._replacements()
        self.units = store.units()
        self._clause_tokens: dict[str, str] = {}
        self._near: set[str] | None = None  # the documents' 3–4 character words, one character masked

    def analyze(self, text: str, feedback=None, continues: bool = False) -> Question:
        return analyze(
            text,
            corpus_places=self.corpus_places,
            known_units=self.units,
            vocabulary=self.store.vocabulary,
            feedback=feedback,
            continues=continues,
        )

    def feedback(self, text: str):
        """For an English question, the passages its embedding is nearest to (rows, ascending),
        which choose among the senses of its words; None for a Chinese one."""
        if detect_language(text) != "en":
            return None
        return self.retriever.nearest_rows(text, FEEDBACK_PASSAGES)

    def terms_of(self, q: Question, feedback=None) -> list[str]:
        whole: list[str] = []  # terms written with their alternatives, kept as they are
        if q.lang == "en":
            # The glossary's Chinese terms (one per phrase) and any Chinese the question itself contains.
            found = translate_terms(q.text, first_only=True, vocabulary=self.store.vocabulary, feedback=feedback)
            places = {p for r in q.regions + q.foreign_regions for p in (r, short_name(r))}
            whole = [t for t in found if ALTERNATIVES in t and places.isdisjoint(t.split(ALTERNATIVES))]
            text = " ".join(
                [t.split(ALTERNATIVES, 1)[0] for t in found if t not in whole] + re.findall(r"[\u4e00-\u9fff]+", q.text)
            )
        else:
            # Leading particles of a follow-up ("那小微企业…") would otherwise glue onto the topic word.
            text = _LEADING_PARTICLES.sub("", q.search_text)
            if q.doc_number:  # a document number names the document; it is not a topic
                text = fold(text).replace(q.doc_number, " ")
        if q.besides and q.lang != "en":
            # The body asked past ("除了县里的卫生部门，还有谁…") is not what the answer is about; its
            # words count where the question says them again ("…医保基金监管里" after "除了医保部门").
            text = text.replace(q.besides, " ", 1)
        words = self.store.tokenizer.question_words(text, keep=self.keeps_word)
        units = {w for u in q.units for w in (u, unit_base(u))}
        # The document words searched for an everyday word ("花钱" → 收费) are not terms of their own:
        # the everyday word matches a clause through them (match_term).
        added = [w for word, alts in everyday_words().items() if word in q.text for w in alts if w not in q.text]
        return whole + [
            t
            for t in key_terms(words, q.regions + q.foreign_regions)
            if t not in units and not any(t in w for w in added) and not any(t in w.split(ALTERNATIVES) for w in whole)
        ]

    def _replacements(self) -> dict[str, str]:
        """Held documents that another held document repeals or replaces ("《…》（穗府办规〔2019〕13号）
        同时废止"): old slug → new slug, matched by title or 文号."""
        out = {}
        for new, d in self.docs.items():
            for named in d.meta.repeals:
                key = fold(named)
                for old, o in self.docs.items():
                    same = key in (fold(o.meta.title or ""), fold(o.meta.cited_title or ""))
                    if old != new and (same or (o.meta.doc_number and fold(o.meta.doc_number) in key)):
                        out[old] = new
        return out

    def keeps_word(self, word: str) -> bool:
        """A word the dictionary lacks is still a word when the documents use it in several passages
        ("长护险", the rules' own short name) or it is a slip of one of theirs."""
        return self.store.vocabulary.count(word) >= CORPUS_WORD_PASSAGES or self.is_typo(word)

    def is_typo(self, word: str) -> bool:
        """Whether a word the documents lack is one character off a (dictionary) word they have,
        of three or four characters: "特排员" for 特派员, "保卫站" for 保卫战."""
        if not 3 <= len(word) <= 4:
            return False
        if self._near is None:
            known = self.store.tokenizer.is_word
            self._near = {
                w[:i] + "_" + w[i + 1 :]
                for w in self.store.vocabulary.words()
                if 3 <= len(w) <= 4 and known(w)
                for i in range(len(w))
            }
        return any(word[:i] + "_" + word[i + 1 :] in self._near for i in range(len(word)))

    def docs_for_regions(self, regions: list[str]) -> list[str] | None:
        """Documents of the named places, with the provincial ones that apply to a named city."""
        if not regions:
            return None
        places, cities = gazetteer(), prefecture_of()
        # A document's region may be written with its city ("广州市天河区" for a 天河区 question).
        own = [slug for slug, d in self.docs.items() if d.meta.region and d.meta.region.endswith(tuple(regions))]
        # Documents of the places above a named one: its province, and a county's city.
        above = {places.get(r) for r in regions} | {cities.get(r) for r in regions}
        provincial = [slug for slug, d in self.docs.items() if d.meta.region and d.meta.region in above]
        if own:
            # A named province with a document of its own: that document. A named city: its
            # documents and its province's (which apply to it too).
            local = own + [s for s in provincial if s not in own]
        else:
            local = provincial + [slug for slug, d in self.docs.items() if places.get(d.meta.region or "") in regions]
        # A place named in a national document's title (…以哈尔滨市名义申办…) is that document's.
        national = [s for s in self.national_for(regions) if s not in local]
        named_in = [s for s in national if s in self.place_bound]
        nationwide = [s for s in national if s not in self.place_bound]
        return (local + named_in + nationwide) or None

    def national_for(self, places: list[str]) -> list[str]:
        """The national documents that apply to the places: all but those about another place — one
        whose title names a place answers for that place and its cities ("辽宁省…的函" for 大连)."""
        provinces = gazetteer()
        around = places + [provinces[p] for p in places if provinces.get(p)]
        if OWN_LEGAL_SYSTEM.intersection(around):
            # "香港的長期處方最長可以開多久": the mainland's rules are not Hong Kong's.
            return [s for s in self.national if self._names_place(s, around)]
        return [s for s in self.national if s not in self.place_bound or self._names_place(s, around)]

    def doc_named(self, q: Question) -> str | None:
        if q.doc_number:
            # "按国发〔2018〕39号…": the number as read may carry a word before the issuer's code.
            asked = fold(q.doc_number)
            for slug, d in self.docs.items():
                if d.meta.doc_number and asked.endswith(fold(d.meta.doc_number)):
                    return slug
        by_name = self._named_by_short_name(q.text)
        if by_name:
            return by_name
        best, best_len, tied = None, 0, False
        for slug, d in self.docs.items():
            title = _cjk(_names(d.meta))
            n = _longest_common(title, _cjk(q.text))
            if n > best_len:
                best, best_len, tied = slug, n, False
            elif n == best_len:
                tied = True
        if tied or best_len < 3:
            return None
        if best_len >= 4:
            return best
        # Three characters name a document only when the question calls it one ("新时代方案里").
        title = _cjk(_names(self.docs[best].meta))
        text = _cjk(q.text)
        for i in range(len(text) - 2):
            if text[i : i + 3] in title and re.match(rf".{{0,2}}({DOC_WORDS})", text[i + 3 :]):
                return best
        return None

    def doc_referred(self, q: Question, named: str | None) -> bool:
        """Whether the question points at a document as such ("综合体计划里…", "新时代方案中…"),
        which then limits the search to it."""
        if not named:
            return False
        title = _cjk(_names(self.docs[named].meta))
        text = _cjk(q.text)
        # "按《互联网信息服务管理办法》，…": its title written out in title marks (a law's may leave out
        # 中华人民共和国) is that document, not one with a title much like it (互联网药品信息服务管理办法).
        own = _cjk(self.docs[named].meta.title or "")
        if any(t and own.endswith(t) and len(t) >= 4 for t in (_cjk(m) for m in re.findall(r"《([^》]+)》", q.text))):
            return True
        if self._named_by_short_name(q.text) == named:
            return True  # "按个税法，…": the law named as people name it
        return (
            bool(re.search(rf"({DOC_WORDS})(里|中|里面|当中|中的|里的)|(这个|那个)(方案|计划|意见|文件)", text))
            and _longest_common(title, text) >= 3
        )

    def weights(self, terms: list[str]) -> dict[str, float]:
        # A term written with alternatives weighs as its weightiest word: the thing it names is as
        # particular as its most particular name.
        return {t: max(self.store.tokenizer.weight(w) for w in t.split(ALTERNATIVES)) for t in terms}

    def coverage(self, terms: list[str], clause: Clause) -> float:
        """Weighted share of the question's key terms that the clause (with its headings and
        document title) contains. Rare words weigh more than everyday ones."""
        if not terms:
            return 0.0
        hay = self._clause_tokens.get(clause.id)
        if hay is None:
            meta = self.docs[clause.doc_slug].meta
            # A document without a stated title is known by its file name ("23_企业职工基本养老金申领详解").
            names = _names(meta) or re.sub(r"[\d_\-]+", " ", clause.doc_slug)
            hay = for_terms(" ".join(clause.heading_path) + names + clause.text)
            self._clause_tokens[clause.id] = hay
        return self.share(terms, hay)

    def share(self, terms: list[str], hay: str) -> float:
        """Weighted share of `terms` that `hay` (a text read by for_terms) contains."""
        w = self.weights(terms)
        total = sum(w.values())
        return sum(w[t] * match_term(fold(t).lower(), hay) for t in terms) / total if total else 0.0

    def plan(self, text: str, prev: Plan | None, timings: dict[str, float], continues: bool = False) -> Plan:
        """One turn: what it asks, where to look, the clause it is about or why it is refused.
        `continues`: a later question of the same message, following on from `prev` (see analyze)."""
        plan = self._plan_turn(text, prev, timings, continues)
        if plan.refusal == "weak" and plan.q.foreign_regions and not plan.q.regions:
            plan.refusal = "foreign_region"  # national documents were searched for it, and do not answer
        if plan.refusal is None and plan.focus is not None and plan.intent not in ("unit_tasks", "clause_lookup"):
            self._check_near_miss(plan)
        if plan.refusal is None and plan.focus is not None and self._local_matter(plan):
            plan.refusal = "foreign_region" if plan.q.foreign_regions and not plan.q.regions else "weak"
        if plan.refusal in ("weak", "foreign_region") and plan.intent != "docfact":
            self._speaking_of_place(plan, timings)
        if plan.refusal in ("weak", "foreign_region"):
            plan.elsewhere = self._elsewhere(plan)
        return plan

    def _local_matter(self, plan: Plan) -> bool:
        """ "上海的居民办理居住证需要什么条件？" where only a national rule is held for 上海 and it speaks of
        居住证 in passing: when the search over every document finds another place's document first,
        at least as close in words as the national clause found for the named place, the question is
        about a matter each place rules on, and the national clause is not the named place's rule."""
        q = plan.q
        if not (q.regions or q.foreign_regions) or plan.intent in ("docfact", "clause_lookup", "unit_tasks"):
            return False
        if plan.focus.clause.doc_slug not in self.national or len(plan.docs or ()) == 1:
            return False  # the place's own document answers, or the question names the document
        hits = self.retriever.search(
            q.search_text, tokens=self.store.tokenizer.tokenize(q.search_text), k=1, query_vec=plan.query_vec
        ).hits
        top = self.store.clause(hits[0].clause_id) if hits else None
        if top is None or top.doc_slug in self.national or top.doc_slug in (plan.docs or ()):
            return False
        return self.coverage(plan.terms, top) >= plan.focus.coverage - 1e-9

    def _speaking_of_place(self, plan: Plan, timings: dict[str, float]) -> None:
        """ "住在香港的退休人员去哪里办养老金资格认证": the place is where the asker lives, and another
        place's document speaks of it ("港澳台地区居住的，可以前往香港工会联合会…"). A clause that
        answers and names the place is answered from, whosever the document is."""
        q = plan.q
        names = {n for p in q.regions + q.foreign_regions for n in (p, short_name(p)) if len(n) >= 2}
        if not names or not plan.terms:
            return
        kept = (plan.docs, plan.candidates, plan.retrieved, plan.hits_scores)
        if plan.docs is not None:
            plan.docs = None
            self._retrieve(plan, q, timings)
        naming = [
            c
            for c in plan.candidates
            if self.supported(plan, c) and any(n in c.clause.text or n in c.clause.heading for n in names)
        ]
        if not naming:
            plan.docs, plan.candidates, plan.retrieved, plan.hits_scores = kept
            return
        # Only what it says of the place answers: its other clauses are about the document's own people.
        plan.refusal, plan.focus, plan.candidates = None, naming[0], naming

    def _check_near_miss(self, plan: Plan) -> None:
        """A question about another year, round, grade or rate than the documents state ("第六次大督查"
        where the corpus holds the fifth, "失能4级" where the scale ends at 3, "2021年修正" that never
        happened) is refused, not answered with the neighbouring one."""
        q, clause = plan.q, plan.focus.clause
        meta = self.docs[clause.doc_slug].meta
        held = version_held(meta)
        if q.asked_version and held and not holds_version(meta, q.asked_version):
            # "2003年刚公布时的原版里…": the text held is its 2010 revision; "1988年那版": not held at all.
            plan.refusal, plan.missing = "version", held
            return
        hay = fold(" ".join(clause.heading_path) + _names(meta) + self.store.full_clause_text(clause.id))
        for forms in q.qualifiers:
            if not states_qualifier(forms, hay) and not _in_stated_range(forms, hay):
                sibling = self._sibling_stating(clause, forms)
                if sibling is not None:
                    # "一等奖…项目资助是多少": the section's conditions name 优胜奖及以上, its 补贴标准 line the
                    # 一等奖 amount: that line answers, with the support of the clause found.
                    plan.focus = Candidate(sibling, plan.focus.score, plan.focus.coverage)
                    plan.candidates = [plan.focus] + [c for c in plan.candidates if c.clause.id != sibling.id]
                    continue
                plan.refusal, plan.missing = "near_miss", forms[-1]
                return
        # Targets and amounts check their year against the clauses they quote (the answer stage).
        year = q.asked_year
        if year and plan.intent not in ("funding", "target") and not self.states_year(clause, year):
            # "2018年度国家最高科学技术奖颁给了谁": the 2018 decision answers, not the 条例 that ranks first.
            of_year = [c for c in plan.candidates if self.supported(plan, c) and self.states_year(c.clause, year)]
            if of_year:
                plan.focus = of_year[0]
                plan.candidates = [of_year[0]] + [c for c in plan.candidates if c is not of_year[0]]
            else:
                plan.refusal, plan.missing = "year", f"{year}年"

    def _dated_entry(self, plan: Plan, slug: str) -> Candidate | None:
        """A line of the document that names what the question asks the date of, with a date."""
        if "date" not in plan.q.asks:
            return None
        for c in plan.candidates[:3]:
            if c.clause.doc_slug == slug and c.coverage >= LISTED_ENTRY and STATED_DAY.search(c.clause.text):
                return c
        return None

    def _says_when(self, clause: Clause) -> bool:
        return bool(WHEN_STATED.search(self.store.full_clause_text(clause.id)))

    def _add_own_band(self, plan: Plan) -> None:
        """A case the asker states ("室温只有15度") falls in one band of a list ("（二）室温高于或者等于
        十四摄氏度、低于十六摄氏度的…百分之五十"); the search may find its neighbour ("（三）室温低于十四
        摄氏度的…") only. The band that takes the asker in joins the candidates beside it."""
        held = {c.clause.id for c in plan.candidates}
        found: dict[str, Candidate] = {}
        for cand in plan.candidates:
            if fits_own(plan.q, cand.clause.text) is not False:
                continue
            for c in self._siblings(cand.clause):
                if c.id not in held and c.id not in found and fits_own(plan.q, c.text):
                    found[c.id] = Candidate(c, cand.score, max(cand.coverage, self.coverage(plan.terms, c)), cand.dense)
        plan.candidates += found.values()

    def _siblings(self, clause: Clause) -> list[Clause]:
        """The clauses beside this one, under the same parent (itself not among them)."""
        parent = self.store.clause(clause.parent_id) if clause.parent_id else None
        found = [self.store.clause(cid) for cid in (parent.children if parent is not None else [])]
        return [c for c in found if c is not None and c.id != clause.id]

    def _sibling_stating(self, clause: Clause, forms: tuple[str, ...]) -> Clause | None:
        """A clause beside this one (under the same parent) that states the grade or round."""
        return next((c for c in self._siblings(clause) if states_qualifier(forms, fold(c.text))), None)

    def states_year(self, clause: Clause, year: str) -> bool:
        """Whether a clause (with its headings, its document's title and dates) speaks of a year."""
        meta = self.docs[clause.doc_slug].meta
        dates = [meta.written_date, meta.published_date, meta.effective_date, meta.adopted_date, *meta.amended_dates]
        text = self.store.full_clause_text(clause.id)
        # The edition of a document cited ("《…事项清单（2023年版）》") is not a year the clause speaks of.
        own_words = re.sub(r"《[^》]*》", "", text)
        if year in " ".join(clause.heading_path) + _names(meta) + own_words:
            return True
        if TARGET_YEAR.search(text):
            return False  # "2025年底前…提高到70%以上" is that year's target, whenever the notice took effect
        # A notice about another year ("关于开展2026年度…参保缴费工作的通告", signed in October 2025)
        # is of the year its title names, not of the year it was signed.
        return not TITLE_YEAR.search(meta.title or "") and any(d and d.startswith(year) for d in dates)

    def _plan_turn(self, text: str, prev: Plan | None, timings: dict[str, float], continues: bool) -> Plan:
        t = time.perf_counter()
        feedback = self.feedback(text)
        q = self.analyze(text, feedback, continues=continues)
        terms = self.terms_of(q, feedback)
        timings["understand"] = (time.perf_counter() - t) * 1000
        intent = q.intent
        regions = q.regions
        followup = prev is not None and (q.is_followup_like or not terms) and not q.units and not q.doc_number
        if followup:
            if not q.has_own_intent:
                # An article or a unit's tasks is what the previous turn named: this one names neither.
                intent = prev.intent if prev.intent not in ("unit_tasks", "clause_lookup") else "open"
                # "…罚多少？" then "那要是收运单位擅自停业呢？": the same thing asked of another case.
                if _SAME_OF_ANOTHER_CASE.search(q.text):
                    q = replace(q, asks=q.asks | (prev.q.asks & CARRIED_ASKS))
                if intent in ("funding", "target") and "date" in q.asks and "amount" not in q.asks:
                    intent = "open"  # "那…截止到哪天？" after "要交多少钱": a date now, not an amount
                asks_unit = "unit" in q.asks and "amount" not in q.asks and intent not in ("lead", "responsible")
                if asks_unit and all(t in PROCEDURE_WORDS for t in terms):
                    intent = "responsible"  # "那需要去哪个部门申请？": the units of the clause discussed
            if not regions and not q.foreign_regions:
                regions = prev.regions
        docs = self.docs_for_regions(regions)
        named = self.doc_named(q)
        if named and docs is not None and named not in docs:
            named = None  # the region the question names wins over a loose title match
        if named and intent == "open" and q.doc_number and not terms:
            intent = "docfact"  # "浙政办发〔2019〕11号是什么文件"
        # A 文号 names one document; a question that gives it is about that document.
        if named and (intent in ("docfact", "clause_lookup") or q.doc_number or self.doc_referred(q, named)):
            docs = [named]
        plan = Plan(q=q, intent=intent, terms=terms, docs=docs, regions=regions)
        plan.quantity_of = quantity_of(q.text, terms) if q.lang != "en" else None

        if q.foreign_regions and not q.regions:
            # A place the documents do not cover: only national documents can answer for it, and not
            # those about another place.
            nationwide = self.national_for(q.foreign_regions)
            if not nationwide or q.asks_own_rule:
                plan.refusal = "foreign_region"
                self._retrieve(plan, q, timings)
                return plan
            plan.docs = nationwide
        if intent == "unit_tasks":
            self._unit_tasks(plan)
            if plan.unit_roles:
                self._retrieve(plan, q, timings)
                return plan
            # No task lists the unit as lead or responsible ("检察机关要干哪些事" where the law gives
            # 检察机关 an article of duties): the question is answered like any other, from clauses that
            # name the unit ("自然资源部门要…纳入国土空间规划").
            plan.refusal, plan.intent = None, "open"
            intent = "open"
            if q.unit_mention:
                plan.terms = terms = [*terms, ALTERNATIVES.join(q.unit_names())]
        if intent == "clause_lookup":
            if not named and prev is not None and prev.focus is not None and not q.regions and not q.doc_number:
                # "那违反第九条的话罚多少？" after "《反不正当竞争法》第九条规定了什么": the document discussed.
                named = prev.focus.clause.doc_slug
            self._clause_lookup(plan, named)
            if not plan.candidates:
                self._retrieve(plan, q, timings)
            return plan

        # A follow-up about the same clause: keep the focus unless another clause covers the
        # follow-up's own terms better ("那小微企业成长计划呢？" moves on; "那预期成效呢？" stays).
        # Any question in a conversation stays with the clause under discussion when that clause
        # covers it at least as well as any other ("要入库备案多少家…" after "陇西试点县要做什么").
        keep = False
        same_scope = (
            not q.units and not q.doc_number and not (q.regions and q.regions != prev.regions if prev else False)
        )
        # A document fact is looked up in the document (below), not in the clause under discussion.
        if prev and prev.focus and same_scope and intent not in ("unit_tasks", "clause_lookup", "docfact"):
            if not terms or (followup and all(t in PROCEDURE_WORDS for t in terms)):
                # "那需要去哪个部门申请？": applying for what was just discussed, not a new topic that
                # any clause saying 申请 (专利申请) would be about.
                keep = followup
            else:
                focus_cov = self.coverage(terms, prev.focus.clause)
                self._retrieve(plan, q, timings)
                best_cov = max((c.coverage for c in plan.candidates), default=0.0)
                keep = focus_cov >= SUPPORT and focus_cov >= best_cov - 1e-9
                if keep and "date" in q.asks and "amount" not in q.asks:
                    # "那退费一般什么时候办？" after the refund rates: the clause that says when, where the
                    # one discussed does not and another as close does.
                    stating = [
                        c for c in plan.candidates if c.coverage >= focus_cov - 1e-9 and self._says_when(c.clause)
                    ]
                    keep = self._says_when(prev.focus.clause) or not stating
            focus = prev.focus.clause
            if q.asked_year and q.asked_year not in " ".join(focus.heading_path) + self.store.full_clause_text(
                focus.id
            ):
                keep = False  # "那2025年的时候是多少？" after the 2026 standard: the clause of that year
        if keep:
            plan.focus = Candidate(prev.focus.clause, prev.focus.score, 1.0)
            procedure = self._procedure_for(prev, terms) if followup and terms else None
            if procedure is not None:
                # "那需要去哪个部门申请？" after "居家养老服务资助每个月能有多少钱": the document's article on
                # applying for that 服务资助 names where to apply ("向户籍所在地镇人民政府、街道办事处提交申请").
                plan.focus, plan.intent = Candidate(procedure, prev.focus.score, 1.0), "open"
            sanction = self._sanction_of(plan.focus.clause) if "penalty" in q.asks else None
            if sanction is not None:
                # "那…没按规定填写联单，会被罚多少？" after the rule on 联单: the article that fines its breach.
                plan.focus = Candidate(sanction, prev.focus.score, 1.0)
            fields = plan.focus.clause.fields
            unnamed = not (fields.lead_units or fields.responsible_units or self._names_body(plan.focus.clause))
            if plan.intent in ("lead", "responsible") and unnamed:
                plan.refusal = "no_units"  # the clause discussed names none: say so, not another's
            plan.candidates = [plan.focus] + [c for c in prev.candidates if c.clause.id != prev.focus.clause.id]
            plan.docs = prev.docs
            if not plan.retrieved:
                plan.retrieved = prev.retrieved
                plan.hits_scores = prev.hits_scores
            if not terms:
                plan.terms = prev.terms
            return plan

        if prev is not None and prev.focus is not None and same_scope and not named and intent != "docfact":
            if q.is_followup_like:
                plan.discussed = prev.focus.clause.doc_slug
            if not terms and followup:
                # "那2025年的时候是多少？": what was asked about before, in another year.
                plan.terms = terms = prev.terms
                q = plan.q = replace(q, search_text=f"{prev.q.search_text} {q.search_text}")
            self._stay_in_document(plan, prev, q, timings)
        if not plan.candidates:
            self._retrieve(plan, q, timings)
        if intent == "docfact":
            # "那这个条例是哪天施行的？": the document of the conversation, unless another is named.
            if not named and prev is not None and prev.focus is not None and (followup or q.is_followup_like):
                named = prev.focus.clause.doc_slug
            slug = named or (plan.candidates[0].clause.doc_slug if plan.candidates else None)
            confident = plan.candidates and (
                plan.candidates[0].coverage >= (SUPPORT_EN if q.lang == "en" else SUPPORT)
                or not terms
                or (plan.docs is not None and len(plan.docs) == 1)  # the document named, not a place's
            )
            places = q.regions + q.foreign_regions
            if slug and places and slug in self.national and not self._names_place(slug, places):
                # "兰州白银高新区的批复的文号": the national document held is about another place.
                plan.refusal = "foreign_region" if q.foreign_regions and not q.regions else "weak"
            elif slug and (named or confident or len(self.docs) == 1):
                plan.focus = Candidate(self._fact_clause(slug, q), 1.0, 1.0)
                entry = self._dated_entry(plan, slug) if not self._docfact_known(q, slug) else None
                if entry is not None:
                    # A column page lists its articles with their dates ("广州市劳动人事争议仲裁服务指南[
                    # 2023-03-13 ]"): "那篇《…服务指南》是哪天发布的" asks the date of the line, not of the page.
                    plan.focus, plan.intent = entry, "open"
            else:
                plan.refusal = "weak"
            return plan
        if "penalty" in q.asks:
            self._add_penalties(plan)
        if q.asked_measure and intent in ("funding", "target"):
            self._add_measured(plan)
        if "amount" in q.asks and intent in ("funding", "target"):
            self._add_categories(plan)
        if intent in ("open", "funding", "target"):
            self._add_labelled(plan)
        if q.own:
            self._add_own_band(plan)
        if intent in ("funding", "target"):
            self._add_cited(plan)
        strong = self._qualified_first(plan, [c for c in plan.candidates if self.supported(plan, c)])
        if not terms or not strong:
            plan.refusal = "weak"
            return plan
        if intent in ("lead", "responsible"):
            # Among the clauses about as close to the question as the closest: one whose 牵头/责任单位
            # were read, else one whose sentence names the acting body ("国家发展改革委和科技部要…督促
            # 检查", "建立省级政府办公厅牵头…的工作机制"). A clause far less about it does not win
            # for having units. Otherwise say plainly that no unit is named.
            best = max(c.coverage for c in strong)
            near = [c for c in strong if c.coverage >= best - UNITS_NEAR]
            if q.lang == "en":
                # An English question's coverage is of translations: the search's best few are as near.
                near += [c for c in strong[:EN_UNITS_NEAR] if c not in near]
            with_units = [c for c in near if self._other_units(c.clause, q)]
            if not with_units:
                acting = [c for c in near if self._names_body(c.clause)]
                plan.focus = acting[0] if acting else strong[0]
                if acting:
                    plan.intent = "open"
                else:
                    plan.refusal = "no_units"
                return plan
            plan.focus = with_units[0]
        else:
            plan.focus = strong[0]
        plan.candidates = strong + [c for c in plan.candidates if c not in strong]
        return plan

    def _procedure_for(self, prev: Plan, terms: list[str]) -> Clause | None:
        """The clause of the discussed document that says where to go for the discussed matter: it
        has the follow-up's procedure word (申请), sends it to a body (向…提交申请), and shares the
        most of the terms of the previous question that the discussed clause holds (服务资助)."""
        focus = prev.focus.clause
        hay = for_terms(focus.text)
        topic = [t for t in prev.terms if t not in PROCEDURE_WORDS and match_term(fold(t).lower(), hay)]
        if not topic:
            return None
        best, best_cov = None, 0.0
        for c in self.store.clauses(focus.doc_slug):
            if c.id == focus.id or not any(t in c.text for t in terms) or not SENT_TO_BODY.search(c.text):
                continue
            cov = self.coverage(topic, c)
            if cov > best_cov:
                best, best_cov = c, cov
        return best if best_cov >= SUPPORT else None

    def _states_fine(self, clause: Clause) -> bool:
        """Whether a clause states a fine, or is an offence listed under an article that does ("有下列
        行为之一的，…可以处10万元以下的罚款：" over "（二）就同一专利…接受有利益冲突的其他当事人的委托；")."""
        if _states_fine(clause):
            return True
        article = self._listed_under(clause)
        return article is not None and _states_fine(article)

    def _names_body(self, clause: Clause) -> bool:
        """Whether the clause, or for a listed item the article it is listed under ("有下列行为之一的，由
        文化行政部门…给予警告"), names a body acting."""
        article = self._listed_under(clause)
        text = clause.text + (article.text if article is not None else "")
        return any(u in text for u in self.units) or bool(BODY_ACTS.search(text))

    def _listed_under(self, clause: Clause) -> Clause | None:
        """The clause whose list this one is an item of ("…有下列行为之一的，…：" over "（二）…")."""
        parent = self.store.clause(clause.parent_id) if clause.parent_id else None
        return parent if parent is not None and re.search(r"[:：]\s*$", parent.text) else None

    def _retrieve(self, plan: Plan, q: Question, timings: dict[str, float]) -> None:
        tokens = self.store.tokenizer.tokenize(q.search_text)
        result = self.retriever.search(q.search_text, tokens=tokens, docs=plan.docs, k=TOP_K, query_vec=plan.query_vec)
        plan.query_vec = result.query_vec
        for k, v in result.timings_ms.items():
            timings[k] = timings.get(k, 0.0) + v
        cands = []
        for h in result.hits:
            clause = self.store.clause(h.clause_id)
            cands.append(Candidate(clause, h.score, self.coverage(plan.terms, clause), h.dense))
        # A current document wins over one a held document replaced (stable: otherwise as ranked).
        plan.candidates = sorted(cands, key=lambda c: c.clause.doc_slug in self.replaced_by)
        plan.hits_scores = {h.clause_id: h.score for h in result.hits}
        plan.retrieved = list(cands)

    def _stay_in_document(self, plan: Plan, prev: Plan, q: Question, timings: dict[str, float]) -> None:
        """A question in a conversation that names no document or place ("材料交上去以后他们多久之内要
        审查完？" after a question about 收养登记) is first looked for in the document under discussion;
        the whole corpus is searched only when that document does not answer it."""
        slug = prev.focus.clause.doc_slug
        if plan.docs is not None and slug not in plan.docs:
            return
        kept, found = plan.docs, plan.candidates  # the whole corpus's, when already searched
        searched = (plan.retrieved, plan.hits_scores)
        best_elsewhere = max((c.coverage for c in found), default=0.0)
        plan.docs = [slug]
        self._retrieve(plan, q, timings)
        here = [c for c in plan.candidates if self.supported(plan, c)]
        # Stay when the document answers about as well as anything else does; a question that says it
        # follows on ("那评上以后有什么待遇") stays whenever the document answers it at all.
        if not here or (not q.is_followup_like and max(c.coverage for c in here) < best_elsewhere - STAY_MARGIN):
            plan.docs, plan.candidates = kept, found
            plan.retrieved, plan.hits_scores = searched

    def _qualified_first(self, plan: Plan, cands: list[Candidate]) -> list[Candidate]:
        """Clauses that state the grade or round the question names ("二等功", "3级") before those that
        do not; then those whose band takes in what the asker said of themselves ("我今年40岁": "满35
        周岁至未满45周岁"), and last those whose bands leave it out (stable otherwise)."""
        if not plan.q.qualifiers and not plan.q.own:
            return cands
        band = {True: 0, None: 1, False: 2}
        return sorted(cands, key=lambda c: (not self._states(plan, c), band[fits_own(plan.q, c.clause.text)]))

    def _states(self, plan: Plan, c: Candidate) -> bool:
        # A notice titled "…2025年第一批…" states the round in every clause.
        title = self.docs[c.clause.doc_slug].meta.title or ""
        return states_qualifiers(plan.q, title + " ".join(c.clause.heading_path) + c.clause.text)

    def _add_penalties(self, plan: Plan) -> None:
        """A question about the sanction for breaking a rule ("不做专户存管…逾期不改会罚多少") finds
        the rule's article; laws state the fine in a later article that cites it ("违反本规定第十五条
        第一款的规定…处二万元以上二十万元以下罚款"). Those articles join the candidates, first,
        with the support of the rule they sanction."""
        found: dict[str, Candidate] = {}
        for cand in plan.candidates[:PENALTY_RULES]:
            article = self._article_of(cand.clause)
            if article is None or cand.coverage < SUPPORT / 2:
                continue
            for c in self._sanctioning(article):
                if c.id not in found:
                    # It answers a question about the sanction better than the rule itself does.
                    found[c.id] = Candidate(c, cand.score, min(1.0, max(cand.coverage, SUPPORT) + 0.1))
        # A penalty article that restates the rule in a few words ("违反本条例规定，不避让校车的，…处200
        # 元罚款") instead of citing its number shares fewer of the question's words than the rule does: in
        # the document of a rule found, it is supported at the follow-up's share.
        ruled = {c.clause.doc_slug for c in plan.candidates[:PENALTY_RULES] if c.coverage >= SUPPORT}
        for c in plan.candidates:
            if c.clause.id in found or c.clause.doc_slug not in ruled or c.coverage >= SUPPORT:
                continue
            if c.coverage >= SUPPORT_FOLLOWUP and _states_fine(c.clause):
                found[c.clause.id] = Candidate(c.clause, c.score, SUPPORT, c.dense)
        # A penalty article already retrieved lower down moves up with the support of its rule.
        plan.candidates = list(found.values()) + [c for c in plan.candidates if c.clause.id not in found]

    def _add_cited(self, plan: Plan) -> None:
        """A figure asked of a clause that leaves it to an article it cites ("税务机关按照个人所得税法第
        十七条的规定付给扣缴义务人手续费"): that article of the held document ("付给百分之二的手续费")
        joins the candidates just after it, with its support."""
        citing: list[tuple[str, Candidate]] = []  # (the citing clause, the article it cites)
        for cand in plan.candidates[:CITED_FROM]:
            if FIGURE.search(cand.clause.text) or not self.supported(plan, cand):
                continue
            for c in self._cited_articles(cand.clause):
                citing.append((cand.clause.id, Candidate(c, cand.score, cand.coverage, cand.dense)))
        if not citing:
            return
        after: dict[str, list[Candidate]] = {}
        for citer, c in citing:
            if all(c.clause.id != x.clause.id for xs in after.values() for x in xs):
                after.setdefault(citer, []).append(c)
        moved = {c.clause.id for _, c in citing}
        out: list[Candidate] = []
        for cand in plan.candidates:  # one retrieved lower down moves up beside the clause citing it
            if cand.clause.id not in moved:
                out += [cand, *after.get(cand.clause.id, [])]
        plan.candidates = out

    def _cited_articles(self, clause: Clause) -> list[Clause]:
        """The articles of held documents a clause cites by name and number ("个人所得税法第十七条",
        "《X条例》第八条", "本法第五条")."""
        found = []
        for m in CITED_ARTICLE.finditer(clause.text):
            name, number = m.group("name"), cn_to_int(m.group("n"))
            slug = clause.doc_slug if name.endswith(("本法", "本条例", "本办法", "本规定")) else self._titled(name)
            for c in self.store.clauses(slug) if slug else []:
                if c.kind == "article" and c.path and c.path[-1] == number:
                    found.append(c)
                    break
        return found

    def _quoting(self, text: str, article: int) -> list[Clause]:
        """Clauses that quote the article of a law the corpus does not hold ("社会保险法第八十八条规定
        罚多少" where a Guangzhou page quotes 《社会保险法》第八十八条): they answer what it says."""
        names = [m.group() for m in NAMED_RULE.finditer(text)]
        if not names or any(self._titled(n) for n in names):
            return []
        cited = re.compile(rf"(?:{'|'.join(re.escape(n[-6:]) for n in names)})》?第{int_to_cn(article)}条")
        return [c for slug in sorted(self.docs) for c in self.store.clauses(slug) if cited.search(c.text)]

    def _named_by_short_name(self, text: str) -> str | None:
        """A law or regulation the question names as people do ("按个税法" → 中华人民共和国个人所得税法):
        everyday short words written out, then a held title (without the state's name) that ends it."""
        for word, alts in everyday_words().items():
            if len(alts) == 1 and word in text:
                text = text.replace(word, alts[0])
        for m in NAMED_RULE.finditer(text):
            slug = self._titled(m.group())
            if slug:
                return slug
        return None

    def _titled(self, name: str) -> str | None:
        """The held document a text names ("…按照个人所得税法" → 中华人民共和国个人所得税法): the one
        whose title, without the state's name, ends the words before the article number."""
        name = name.strip("《》")
        ending = [(len(t), slug) for slug, t in self._bare_titles.items() if len(t) >= 4 and name.endswith(t)]
        return max(ending)[1] if ending else None

    def _add_measured(self, plan: Plan) -> None:
        """ "一共放出来多少套房": the answer is a number of 套. In the document the question is about,
        clauses that state a figure in the measure asked ("房源点为萝岗和苑，总套数554套") join the
        candidates when they are as much about the question as the retrieved ones (a notice's clauses
        share its title's words), after them: the answer stage weighs the measure."""
        if not plan.candidates:
            return
        top = plan.candidates[0]
        floor = min(c.score for c in plan.candidates)
        have = {c.clause.id for c in plan.candidates}
        for c in self.store.clauses(top.clause.doc_slug):
            if c.id in have or not figure_in(plan.q.asked_measure, c.text):
                continue
            cov = self.coverage(plan.terms, c)
            if cov >= top.coverage - MEASURED_NEAR:
                plan.candidates.append(Candidate(c, floor, cov))

    def _add_labelled(self, plan: Plan) -> None:
        """ "领导小组的组长是谁": a notice lists its members as "组　长：韩正". In the document the question
        is about, a clause with a "label：value" line whose label is one of the question's terms joins
        the candidates (after the retrieved ones; the answer stage weighs the label)."""
        if not plan.candidates:
            return
        top = plan.candidates[0]
        terms = {fold(w) for t in plan.terms for w in t.split(ALTERNATIVES)}
        have = {c.clause.id for c in plan.candidates}
        floor = min(c.score for c in plan.candidates)
        for c in self.store.clauses(top.clause.doc_slug):
            if c.id not in have and terms.intersection(labels(c.text)):
                plan.candidates.append(Candidate(c, floor, self.coverage(plan.terms, c)))

    def _add_categories(self, plan: Plan) -> None:
        """ "分散供养特困人员…每个月能有多少钱": rules list who belongs to a category ("（一）第一类资助对象。
        1. 分散供养特困人员；") and give the amount per category elsewhere ("第一类资助对象每人每月400
        元"). A clause of the question's without a figure leads, through the category heading above
        it, to the clauses of its document that state a figure for that category; they join the
        candidates beside it, with its support."""
        found: dict[str, Candidate] = {}
        for cand in plan.candidates[:CATEGORY_FROM]:
            if AMOUNT.search(cand.clause.text) or not self.supported(plan, cand):
                continue
            own = [t for t in plan.terms if match_term(fold(t).lower(), for_terms(cand.clause.text))]
            for category in self._categories_above(cand.clause):
                if any(match_term(fold(t).lower(), for_terms(category)) for t in own):
                    continue  # the question names the category itself ("高血压" for 高血压病): no bridge needed
                for c in self.store.clauses(cand.clause.doc_slug):
                    if c.id not in found and category in c.text and AMOUNT.search(c.text):
                        found[c.id] = Candidate(c, cand.score, cand.coverage, cand.dense, category, cand.clause)
        # One retrieved already, with the little of the question it says itself, moves up the same way.
        plan.candidates = list(found.values()) + [c for c in plan.candidates if c.clause.id not in found]

    def _categories_above(self, clause: Clause) -> list[str]:
        """The headings of the items a clause is listed under that name a category ("第一类资助对象"):
        short, listing several members, and not the whole article."""
        out = []
        c = self.store.clause(clause.parent_id) if clause.parent_id else None
        while c is not None and c.kind != "article":
            name = re.sub(r"[。：:；;，,\s]+$", "", c.heading or "")
            short = CATEGORY_CHARS[0] <= len(name) <= CATEGORY_CHARS[1] and re.fullmatch(r"[\u4e00-\u9fff]+", name)
            if short and len(c.children) >= 2:
                out.append(name)
            c = self.store.clause(c.parent_id) if c.parent_id else None
        return out

    def _article_of(self, clause: Clause) -> Clause | None:
        """The article (第N条) a clause is or sits in."""
        c: Clause | None = clause
        while c is not None and c.kind != "article":
            c = self.store.clause(c.parent_id) if c.parent_id else None
        return c

    def _topic_documents(self, terms: list[str], among: list[str] | None) -> list[str]:
        """The documents (of `among`, or all) whose titles name the matter a question sets ("按财会监督
        意见，…", "在医保支付资格管理里，…"): those covering the most of its terms, TOPIC_TITLE at least."""
        cover = {
            slug: self.share(terms, for_terms(_names(self.docs[slug].meta) or slug))
            for slug in (among if among is not None else self.docs)
        }
        best = max(cover.values(), default=0.0)
        return [slug for slug, c in cover.items() if c >= best - 1e-9] if best >= TOPIC_TITLE else []

    def _unit_tasks(self, plan: Plan) -> None:
        # What kind of document ("哪个行动计划") is what the question asks to find, not a matter it sets.
        matter = [t for t in plan.terms if not (len(t) <= 4 and DOC_TYPE_END.search(t))]
        if matter and (plan.docs is None or len(plan.docs) > 1):
            # A unit's tasks in the matter the question names are those of that matter's documents, not
            # every task the unit has anywhere; the matter's documents are searched if they list none.
            topic = [
                slug
                for slug in self._topic_documents(matter, plan.docs)
                # a matter the unit has a part in
                if any(m in c.text for c in self.store.clauses(slug) for m in plan.q.unit_names())
            ]
            plan.docs = topic or plan.docs
        roles: dict[str, str] = {}
        for unit in plan.q.units:
            for cid, role in self.store.clauses_by_unit(unit):
                if roles.get(cid) != "lead":
                    roles[cid] = role
        clauses = [self.store.clause(cid) for cid in roles]
        if plan.docs is not None:
            clauses = [c for c in clauses if c.doc_slug in plan.docs]
        if plan.regions:
            # "绍兴的乡镇政府要负责哪些事": a national rule's tasks for 乡镇政府 are not 绍兴's. The place's own
            # documents' tasks, or, when they list none, what its documents say (answered as any question).
            clauses = [c for c in clauses if self.docs[c.doc_slug].meta.region in plan.regions]
        order = {slug: i for i, slug in enumerate(sorted(self.docs))}
        clauses.sort(key=lambda c: (order[c.doc_slug], c.path))
        plan.unit_roles = [(c, roles[c.id]) for c in clauses]
        if not plan.unit_roles:
            plan.refusal = "weak"

    def _clause_lookup(self, plan: Plan, named: str | None) -> None:
        """ "金政办发〔2018〕106号 第二部分第八项", "定西方案三（五）": the document from its number, title
        or region, else every document that has such a clause, the best-retrieved first."""
        ref = plan.q.clause_ref
        slugs = [named] if named else (plan.docs or sorted(self.docs))
        found = []
        for slug in slugs:
            for c in self.store.clauses(slug):
                if ref[0] == "article":
                    hit = c.kind == "article" and c.path[-1] == ref[1]
                elif ref[0] == "item":
                    hit = c.kind != "article" and c.label.endswith(f"（{int_to_cn(ref[1])}）")
                else:
                    hit = tuple(c.path) == tuple(ref)
                if hit:
                    found.append(c)
        if not found and ref[0] == "article":
            # Rules numbered 一、二、… (《国务院工作规则》) call their items 第十条 too.
            label = int_to_cn(ref[1])
            for slug in slugs:
                found += [c for c in self.store.clauses(slug) if c.label.split(" ")[-1] == label]
        if not found and ref[0] == "article":
            found = self._quoting(plan.q.text, ref[1])
        if not found:
            plan.refusal = "no_clause" if len(slugs) == 1 else "which_doc"
            return
        if len(found) > 1:
            self._retrieve(plan, plan.q, {})
            rank = {c.clause.doc_slug: i for i, c in reversed(list(enumerate(plan.candidates)))}
            found.sort(key=lambda c: rank.get(c.doc_slug, len(rank)))
        plan.focus = Candidate(found[0], 1.0, 1.0)
        if "penalty" in plan.q.asks and found[0].kind == "article" and not _states_fine(found[0]):
            # "违反第九条罚多少": the article that sanctions breaking it ("违反本法第九条规定…处十万元以上").
            sanctions = self._sanctioning(found[0])
            if sanctions:
                plan.focus = Candidate(sanctions[0], 1.0, 1.0)

    @staticmethod
    def _other_units(clause: Clause, q: Question) -> list[str]:
        """The clause's units, less the one the question asks past ("除了公交主管部门，还有哪些")."""
        return [u for u in clause.fields.lead_units + clause.fields.responsible_units if not q.knows_of(u)]

    def _sanction_of(self, clause: Clause) -> Clause | None:
        """For a rule that states no fine, the first article of its document that fines its breach."""
        if self._states_fine(clause):
            return None
        article = self._article_of(clause)
        found = self._sanctioning(article) if article is not None else []
        return found[0] if found else None

    def _sanctioning(self, article: Clause) -> list[Clause]:
        """The articles of the same document that fine a breach of this one ("违反本法第九条规定…处…罚款")."""
        cites = re.compile(rf"违反(?P<how>[^。；;]*?)第{int_to_cn(article.path[-1])}条")

        def cites_this(text: str) -> bool:
            # "违反本条例第二十条规定", "违反第九条", not "违反价格法第十四条" (another law's article).
            own = r"本(?:法|条例|办法|规定|细则|决定|规则|实施细则|实施办法)"
            return any(not re.search(r"《|法|条例", re.sub(own, "", m.group("how"))) for m in cites.finditer(text))

        return [c for c in self.store.clauses(article.doc_slug) if cites_this(c.text) and _states_fine(c)]

    # ------------------------------------------------------------------ composing

    def _fact_clause(self, slug: str, q: Question) -> Clause:
        """The clause in which the asked document fact is printed: the signature and date or
        "此件公开发布" usually stand in the closing part, the number and addressees in the preamble."""
        clauses = self.store.clauses(slug)
        pre = next((c for c in clauses if c.kind == "preamble"), clauses[0])
        stating = self.event_clause(clauses, q)
        if stating is not None:
            return stating
        closing = next((c for c in clauses if c.kind == "closing"), None)
        meta = self.docs[slug].meta
        if closing is not None:
            date = meta.written_date
            if "signing_date" in q.asks and date:
                y, m, d = (int(x) for x in date.split("-"))
                if f"{y}年{m}月{d}日" in closing.text and f"{y}年{m}月{d}日" not in pre.text:
                    return closing
            if "public" in q.asks and "公开" in closing.text:
                return closing
        return pre

    def _names_place(self, slug: str, places: list[str]) -> bool:
        names = _names(self.docs[slug].meta)
        return any(p in names or short_name(p) in names for p in places)

    def supported(self, plan: Plan, cand: Candidate) -> bool:
        """Whether the clause covers enough of the question to be answered from."""
        if cand.clause.kind == "closing" and "date" in plan.q.asks:
            # A signature's date is the document's: it answers no date asked of what the text speaks of
            # ("2023年…考试是哪天举行的"), though the title's words make it look close.
            return False
        places = plan.q.regions + plan.q.foreign_regions
        slug = cand.clause.doc_slug
        if places and slug in self.national and not self._names_place(slug, places):
            return cand.coverage >= NATIONAL_FOR_PLACE
        if plan.q.lang == "en" and (not places or self._names_place(slug, places)):
            return cand.coverage >= SUPPORT_EN  # a place's own document answers as any would
        if plan.discussed == slug and cand.coverage >= SUPPORT_FOLLOWUP:
            return True  # the conversation says what the follow-up leaves out ("评上" 宁波市荣誉市民)
        return cand.coverage >= SUPPORT or self._same_meaning(plan, cand) or self._clear_winner(plan, cand)

    def _clear_winner(self, plan: Plan, cand: Candidate) -> bool:
        """A clause that both the words and the meaning rank first, far ahead of the next ("政府办的招聘会
        可以向求职者收费吗" for "公共就业服务机构举办的招聘会，不得向劳动者收取费用"), answers though the
        question says much of it in other words; it must still share a third of them. Not for a figure:
        an amount asked of a thing the clause does not name ("痛风每个月能报多少" beside the row of 类风湿
        关节炎) is a near miss, however close the row."""
        ranked = sorted(plan.retrieved, key=lambda c: -c.score)
        if plan.q.lang == "en" or "amount" in plan.q.asks or len(ranked) < 2 or ranked[0].clause.id != cand.clause.id:
            return False
        return (
            cand.coverage >= SUPPORT_FOLLOWUP
            and cand.dense >= CLEAR_WINNER_DENSE
            and cand.score - ranked[1].score >= CLEAR_WINNER_MARGIN
        )

    def _same_meaning(self, plan: Plan, cand: Candidate) -> bool:
        """A question in everyday words ("遛狗什么时间可以带狗出门" for 携犬出户时间) shares few words
        with the clause that answers it: that clause is still supported when it is the passage
        nearest in meaning by far more than any unrelated text comes (SEMANTIC_SUPPORT) and shares
        a word or two. Chinese questions only: an English one is compared through translations."""
        if plan.q.lang == "en" or cand.coverage < SEMANTIC_MIN_COVERAGE or cand.dense < SEMANTIC_SUPPORT:
            return False
        return cand.dense >= max(c.dense for c in plan.candidates)

    @staticmethod
    def event_clause(clauses: list[Clause], q: Question) -> Clause | None:
        """The clause that states the event asked about (repeal, approval, amendment, entry into
        force): the body's own sentence ("本条例自…起施行") before the header's."""
        # Whether a document still applies is answered by what repeals it as well.
        asks = set(q.asks) | ({"repeals"} if "validity" in q.asks else set())
        # "修订后的条例什么时候施行": entry into force before the amendment that merely qualifies it.
        for ask in ("repeals", "effective", "approval", "amended", "basis"):
            if ask not in asks:
                continue
            stating = [c for c in clauses if DOC_EVENTS[ask].search(c.text)]
            head = [c for c in stating if c.kind == "preamble"]
            body = [c for c in stating if c.kind not in ("preamble", "closing")]
            if ask in ("approval", "amended") and head:
                return head[0]  # a law's header lists its approval and amendments; the body's 批准 is other things'
            if ask == "basis" and stating:
                return stating[0]  # the preamble or the first article says what the whole was made under
            if body or stating:
                return (body or stating)[-1 if ask == "effective" else 0]
        return None

    def ranked_strong(self, plan: Plan) -> list[Candidate]:
        """Supported candidates, the clause under discussion first, then by coverage and score; a
        question about a fine takes clauses that state one first ("违反规定携带外汇出入境的…处违法
        金额20%以下的罚款" before the article on 携带外币 limits that it asked in other words)."""
        strong = self._qualified_first(plan, [c for c in plan.candidates if self.supported(plan, c)])
        fines = "penalty" in plan.q.asks

        # An English question's coverage is of translations, some off: the search's own ranking
        # (its embedding matches across languages) decides there.
        en = plan.q.lang == "en"

        def order(c: Candidate) -> tuple:
            lexical = 0.0 if en else -c.coverage
            return (not self._states(plan, c), fines and not self._states_fine(c.clause), lexical, -c.score)

        if plan.focus and plan.focus in strong:
            return [plan.focus] + sorted((c for c in strong if c is not plan.focus), key=order)
        return sorted(strong, key=order)

    def _docfact_known(self, q: Question, slug: str) -> bool:
        meta = self.docs[slug].meta
        asks = q.asks
        if self.event_clause(self.store.clauses(slug), q) is not None:
            return True  # its text states the event asked about (施行, 废止, 批准, 修正)
        if "doc_number" in asks:
            return bool(meta.doc_number)
        if "issuer" in asks:
            return bool(meta.issuer or {"起草单位", "信息来源", "来源"} & set(meta.attributes))
        if "date" in asks:
            return bool(meta.written_date or meta.published_date or meta.effective_date)
        if "addressee" in asks:
            return bool(meta.attributes.get("主送机关"))
        if "public" in asks:
            return bool(meta.attributes.get("公开属性") or meta.attributes.get("公开方式"))
        if "level" in asks:
            return bool(meta.attributes.get("效力等级"))
        if "validity" in asks:
            return bool(meta.validity or meta.repeals or meta.end_date)
        if "place" in asks:
            return bool(meta.region)
        return any(
            getattr(meta, k) for k in ("doc_number", "issuer", "written_date", "published_date", "effective_date")
        )

    def _elsewhere(self, plan: Plan) -> Clause | None:
        """When the place filter left nothing that answers: the clause of another place's
        document that would have, so the refusal can say whose rule it is."""
        if plan.docs is None or not plan.terms:
            return None
        q = plan.q
        result = self.retriever.search(
            q.search_text, tokens=self.store.tokenizer.tokenize(q.search_text), k=3, query_vec=plan.query_vec
        )
        for h in result.hits:
            c = self.store.clause(h.clause_id)
            if c.doc_slug not in plan.docs and self.coverage(plan.terms, c) >= SUPPORT:
                return c
        return None


# A body named as the one that acts ("由信息产业部牵头", "发展改革委、科技部要加强督促检查"): the
# sentence answers "由哪个部门…" even where no unit field was read.
# A body an application goes to ("向天河区科工信局提出申请", "向户籍所在地镇人民政府、街道办事处提交申请").
SENT_TO_BODY = re.compile(
    r"向(?!受理|有关|相关|其他|其它|主管|责任)[\u4e00-\u9fff、]{2,30}"
    r"(部|委|局|署|厅|部门|机关|政府|中心|窗口|办事处)(提出|提交|递交|报送|申报|申请|备案)"
)
# A body named as acting ("公安机关牵头负责…"), or as the one an application goes to.
BODY_ACTS = re.compile(
    rf"[\u4e00-\u9fff]{{2,12}}(部|委|局|署|厅|部门|机关|政府)(（[^）]{{1,6}}）)?(对[^。；]{{1,40}})?(牵头|负总责|负责|主管|会同|要|应当)|"
    rf"{SENT_TO_BODY.pattern}|"
    # The body that sanctions: "由文化行政部门给予警告", "由市场监督管理部门依法处以罚款".
    r"由[\u4e00-\u9fff、]{2,20}(部|委|局|署|厅|部门|机关|政府|机构)(依据各自职权|依照职责|依法)?"
    r"(给予|处以|处|责令|没收|吊销|予以)"
)


def _states_fine(clause: Clause) -> bool:
    """Whether the clause states a fine with its amount (see text.figures.states_fine)."""
    return states_fine(clause.text)


def _in_stated_range(forms: tuple[str, ...], hay: str) -> bool:
    """ "3级" is stated by "等级1-5级" or "1～3级"."""
    digits = next((f for f in forms if re.fullmatch(r"\d+级", f)), None)
    if digits is None:
        return False
    n = int(digits[:-1])
    return any(int(a) <= n <= int(b) for a, b in re.findall(r"(\d+)\s*[-－～~至到]\s*(\d+)\s*级", hay))


def version_held(meta: DocumentMeta) -> str | None:
    """The date of the version a document's text is: its file's version date, else its last
    amendment, else when it was published or adopted."""
    last = meta.amended_dates[-1] if meta.amended_dates else None
    return meta.version_date or last or meta.published_date or meta.adopted_date or meta.written_date


def holds_version(meta: DocumentMeta, asked: str) -> bool:
    """Whether the text held is the version asked: "original" (as first published) or of a year."""
    held = version_held(meta) or ""
    first = meta.published_date or meta.adopted_date or meta.written_date or ""
    if asked == "original":
        return not meta.amended_dates and (not first or held[:4] == first[:4])
    return held[:4] == asked


def is_national(meta: DocumentMeta) -> bool:
    return meta.scope == "全国"


def _cjk(text: str) -> str:
    return "".join(re.findall(r"[\u4e00-\u9fff]+", text))


def _longest_common(a: str, b: str) -> int:
    best = 0
    for i in range(len(b)):
        for j in range(i + best + 1, len(b) + 1):
            if b[i:j] in a:
                best = j - i
            else:
                break
    return best
