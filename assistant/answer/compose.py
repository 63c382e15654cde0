"""Answer stage (default, no LLM): compose the answer from the structured fields and the
clauses' own sentences. Every factual sentence carries [n] markers that map to clause records;
no unit, number or date is written that is not in a cited clause or its document's metadata.

The `Answer` model is the JSON contract of every interface (CLI --json, HTTP API, bots).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pydantic import BaseModel, Field

from ..index.store import IndexStore
from ..ingest.fields import unit_notes
from ..query.read import (
    ALTERNATIVES,
    ASKS,
    GENERIC_BODIES,
    IDENTIFIER_WORDS,
    Question,
    fits_own,
    match_term,
    per_period,
    states_qualifiers,
    states_without,
    unit_base,
)
from ..records import Candidate, Clause, ClauseFields, DocumentMeta
from ..text.dates import DAY, DEADLINE, iso_to_zh
from ..text.doctypes import DOC_EVENTS, DOC_NUMBER
from ..text.figures import (
    AMOUNT,
    FIGURE,
    MONEY,
    MONEY_FIGURE,
    MONEY_MULTIPLE,
    MULTIPLE,
    figure_in,
    states_fine,
    without_own,
)
from ..text.normalize import fold, for_terms
from ..text.sentences import labels, sentences

# ---------------------------------------------------------------- the contract


class Citation(BaseModel):
    n: int
    clause_id: str
    doc_title: str | None
    doc_number: str | None
    path: str = Field(description="clause label and heading path, e.g. 二（八） 主要任务 > “蓝天保卫战”三年行动计划")
    text: str
    score: float
    label: str = Field("", description="the clause's label, e.g. 二（八）")
    heading: str = Field("", description="the clause's own heading, e.g. “蓝天保卫战”三年行动计划")

    def name(self, *, with_number: bool = True, full_path: bool = False) -> str:
        """How every interface names the source: 《title》（文号） 二（八） heading (or the whole path)."""
        title = f"《{self.doc_title}》" if self.doc_title else self.clause_id.split("#")[0]
        number = f"（{self.doc_number}）" if with_number and self.doc_number else ""
        if full_path:
            where = self.path
        elif self.label:
            where = f"{self.label} {self.heading}".strip()
        else:  # a citation made elsewhere, without label and heading: its path still says them
            label, _, rest = self.path.partition(" ")
            where = f"{label} {rest.split(' > ')[-1]}".strip()
        return f"{title}{number} {where}".strip()


class RetrievedItem(BaseModel):
    clause_id: str
    text: str
    score: float


class Answer(BaseModel):
    answer: str
    refused: bool
    intent: str
    citations: list[Citation] = []
    retrieved: list[RetrievedItem] = []
    timings_ms: dict[str, float] = {}
    lang: str = "zh"
    notice: str | None = None  # e.g. the LLM was unavailable and the extractive answer is shown


# ---------------------------------------------------------------- composing


@dataclass
class Draft:
    lines: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)  # clause ids in citation order
    refused: bool = False
    # The clause the answer rests on (the figure's, the chosen sentence's), which a follow-up is about;
    # the first cited when unset.
    primary: str | None = None

    def cite(self, clause_id: str) -> str:
        if clause_id not in self.cited:
            self.cited.append(clause_id)
        return f"[{self.cited.index(clause_id) + 1}]"

    def add(self, line: str) -> None:
        self.lines.append(line)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def term_hits(terms: list[str], text: str, weights: dict[str, float] | None = None) -> float:
    f = for_terms(text)
    return sum((weights or {}).get(t, 1.0) * match_term(fold(t).lower(), f) for t in terms)


def join_units(units: list[str], lang: str) -> str:
    return ", ".join(units) if lang == "en" else "、".join(units)


# How much the retrieval score (meaning and words, fused) counts beside how well a clause's sentence
# answers when clauses of about equal coverage are compared.
RETRIEVAL_WEIGHT = 0.5
# A question not about a sanction is answered from a rule before the clause fining its breach, unless
# the fining clause is closer to it by more than this much coverage.
RULE_OVER_SANCTION = 0.25

# A sentence that sets a cap ("补贴上限为10000元", "最高不超过", "五万元以下").
CAP = re.compile(r"上限|限额|最高|不超过|不高于|最多|封顶|至多|[^，。；]以下")

# A sentence that puts the figures in an attachment or a later rule ("具体见附件1", "另行制定").
REFERS_ON = re.compile(r"(具体|详)见附件|见附件\d|另行(公布|制定|规定|确定)")

# A label line that states an amount ("补贴标准：10000元", "资助金额：…").
AMOUNT_LABEL = re.compile(r"^[\u4e00-\u9fff]{0,6}(标准|金额|额度|数额|限额|比例|费率)[:：]")
DEADLINE_ASKED = re.compile(
    r"最晚|最迟|截止|期限|之前|以前|什么时候(要|得|必须|应当|完成)|(什么时候|何时)[^？?]{0,8}完成"
)
TOTAL = re.compile(r"总[数量计额]|总套数|总规模|共计|合计|累计|总共|一共|共有")
MEASURED_MORE = 5  # clauses past the first five that state the measure asked, looked at for a figure
TASK_CHARS = 200  # a unit's own sentence in a task list is shown whole, up to this
SHORT_FIGURES_CHARS = 160  # a clause this short has all its figure sentences quoted
WHOLE_CLAUSE_CHARS = 320  # a clause this short is quoted whole in an open answer (a phone screen or so)
TASK_ITEMS = 12  # the duties an article lists after "履行下列职责：", shown as its items up to this
FINED = re.compile(r"罚款|罚金")
# Kinds listed in full with their count: "冰箱、洗衣机、电视、空调、电脑、热水器、家用灶具、吸油烟机8类家电产品".
LISTED_IN_FULL = re.compile(
    r"(?:[\u4e00-\u9fff]{1,8}、){2,}[\u4e00-\u9fff]{1,8}(?:等)?\s*(?:\d+|[一二三四五六七八九十]+)\s*(?:类|种|项)"
)
GRADE_LED = re.compile(r"[\d一二三四五六七八九十两第]")
ITEM_MIN_WEIGHT = 3.0  # rarity in general Chinese (lexicon.weight) of a word that names a kind of thing
# A line that starts an item of a list: "（一）", "(二)", "3.", "四、".
ITEM_LED = re.compile(r"\s*[(（]?[一二三四五六七八九十\d]+[)）.、]")
ASKED_HERE = re.compile(r"[?？]\s*$")
# A body named in a sentence: "县级人民政府民政部门", "公安机关", "市交通主管部门", "海关".
BODY_IN_CHARGE = re.compile(
    r"由[^，。；]{0,24}(?:机关|部门|机构|政府|委员会|局|厅)[^，。；]{0,4}"
    r"(?:办理|征收|负责|审批|批准|管理|受理|核发|发放|颁发|处理|确认|登记|实施)"
)
UNIT_NAME = re.compile(r"[\u4e00-\u9fff]{1,12}(部门|机关|政府|委员会|局|厅|办公室|海关|法院|检察院|总署|窗口)")


class Composer:
    """Writes the answer for one question from the chosen clauses."""

    def __init__(
        self,
        store: IndexStore,
        q: Question,
        terms: list[str],
        weights: dict[str, float] | None = None,
        quantity_of: str | None = None,
    ):
        self.store = store
        self.quantity_of = quantity_of
        self.q = q
        self.terms = terms
        self._term_set = {fold(w) for t in terms for w in t.split(ALTERNATIVES)}
        self.weights = weights or {}
        self.en = q.lang == "en"
        self.d = Draft()
        self.unlisted = False  # the list asked for is only counted, not given (see _only_counted)

    # -- shared pieces

    def meta(self, clause: Clause) -> DocumentMeta:
        return self.store.document_meta(clause.doc_slug) or DocumentMeta()

    def source(self, clause: Clause) -> str:
        """《title》（文号）二（八）“heading” — how a civil servant names a clause."""
        m = self.meta(clause)
        title = f"《{m.cited_title}》" if m.cited_title else clause.doc_slug
        number = f"（{m.doc_number}）" if m.doc_number else ""
        where = clause.label if clause.kind not in ("preamble", "closing") else ("preamble" if self.en else "前言部分")
        # A heading that ends a sentence ("…应当具备下列条件：") is followed by our own "：".
        heading = clause.heading.rstrip("：:，,；;。") if clause.kind not in ("preamble", "closing") else ""
        return f"{title}{number}{where}{' ' + heading if heading else ''}"

    def discriminating(self, clause: Clause) -> list[str]:
        """The question's terms that the clause's headings and document title do not already say:
        they decide which of its sentences answers."""
        context = fold(
            " ".join(clause.heading_path) + (self.meta(clause).title or "") + (self.meta(clause).transmitted or "")
        ).lower()
        said = [t for t in self.terms if any(fold(w).lower() in context for w in t.split(ALTERNATIVES))]
        return [t for t in self.terms if t not in said] or self.terms

    def sentence_score(self, clause: Clause, sentence: str) -> tuple[float, float]:
        # Chinese questions name what they ask for last ("…公示期间的联系人是谁"): later terms weigh a little more.
        disc = self.discriminating(clause)
        order = {t: i for i, t in enumerate(self.terms)}
        w = {t: self.weights.get(t, 1.0) * (1 + 0.2 * order[t] / max(1, len(self.terms))) for t in self.terms}
        # "科技部下一步打算做什么": of a clause's sentences, the one about 科技部 (not 建设部's beside it).
        named = 0.5 if any(u in sentence or unit_base(u) in sentence for u in self.q.units) else 0.0
        return (term_hits(disc, sentence, w) + self.kind_bonus(sentence) + named, term_hits(self.terms, sentence, w))

    def answers(self, clause: Clause, sentence: str) -> float:
        """How well one sentence, read in its place (under its headings, in its document), answers
        the question: the weighted share of the question's terms found there, plus its kind. This
        compares sentences of different clauses; `sentence_score` chooses within one clause."""
        context = (
            " ".join(clause.heading_path) + (self.meta(clause).title or "") + (self.meta(clause).transmitted or "")
        )
        total = sum(self.weights.get(t, 1.0) for t in self.terms) or 1.0
        return term_hits(self.terms, context + sentence, self.weights) / total + self.kind_bonus(sentence)

    def deadline(self, sentence: str) -> bool:
        """Whether the question asks by when ("最晚什么时候要办完") and the sentence sets a deadline."""
        return bool(DEADLINE.search(sentence)) and bool(DEADLINE_ASKED.search(self.q.text))

    def body_in_charge(self, sentence: str) -> bool:
        """Whether the question asks which body ("哪个部门来收", "到哪个机构去办") and the sentence puts a
        body in charge of it ("由…税务机关征收", "由…不动产登记机构办理")."""
        return "unit" in self.q.asks and bool(BODY_IN_CHARGE.search(sentence))

    def labelled(self, sentence: str) -> bool:
        """Whether the sentence is a "label：value" line whose label is one of the question's terms."""
        return bool(self._term_set.intersection(labels(sentence)))

    def kind_bonus(self, sentence: str) -> float:
        """How much a sentence is of the kind the question asks for, whatever its words: a definition,
        a body ("去哪个部门办"), a place to apply ("去哪里申请"), a fine ("会怎么罚"), a fee ("要花钱
        吗"), a figure in the measure asked ("多少天")."""
        asks, bonus = self.q.asks, 0.0
        if "definition" in asks and re.search(r"是以|是指|是一", sentence):
            bonus += 0.5
        if "list" in asks and re.search(r"(下列|以下|如下)[^。；]{0,20}[:：]\s*$", sentence):
            bonus += 0.5  # "哪些方式": "当事人有权依法自主选择下列化解纠纷方式："
        if ("unit" in asks or "where" in asks) and self.names_other_unit(sentence):
            bonus += 0.5
        if "penalty" in asks and "罚" in sentence and AMOUNT.search(sentence):
            bonus += 0.5
        if "maximum" in asks and CAP.search(sentence):
            bonus += 0.5  # "一年最多能补贴多少": "一个资助年度内的补贴上限为10000元"
        if "date" in asks and "amount" not in asks and DAY.search(sentence):
            bonus += 0.5  # "截止到哪天": the sentence with the date
            if self.deadline(sentence):
                bonus += 0.5  # "最晚什么时候": the deadline
        if "fee" in asks and re.search(r"收费|费用|免费|收取|免收|不收|工本费", sentence):
            bonus += 0.5  # "要花钱吗": "出具婚育证明…不得收取任何费用"
        if "where" in asks and re.search(
            r"窗口|受理点|服务中心|办事大厅|服务网点|向[^，。]{1,20}(申请|提出|提交)|"
            r"(到|前往)[^，。]{1,40}(机构|部门|窗口|中心|网点|办事处)(办理|申请|登记|领取|认证)",
            sentence,
        ):
            bonus += 0.5
        if self.q.asked_measure and figure_in(self.q.asked_measure, sentence):
            bonus += 0.5
        if self.labelled(sentence):
            bonus += 1.0  # "组长是谁": "组　长：韩正"
        if self.q.without and states_without(self.q, sentence):
            bonus += 0.5  # "没有违法所得的话": "没有违法所得的，可以并处5万元以下的罚款"
        if self.q.own and fits_own(self.q, sentence):
            bonus += 0.5  # "我30岁去换证": "二十六周岁至四十五周岁的，发给有效期二十年的居民身份证"
        if self.q.per and "date" not in asks and per_period(self.q.per, sentence) and FIGURE.search(sentence):
            bonus += 0.5  # "每个月能扣多少": "按照每个子女每月1000元的标准定额扣除"
        if "total" in asks and TOTAL.search(sentence) and FIGURE.search(sentence):
            bonus += 0.5  # "一共多少套": "总套数554套"
        return bonus

    def answering(self, sents: list[str]) -> list[str]:
        """The sentences that can answer: a question-and-answer page's question ("2.申请积分制入户需要
        具备哪些基本条件？") shares the asker's words but answers nothing, its answer does; and of bands,
        the one that takes the asker in ("那我爸今年70岁呢？": "65周岁以上…免费", not its neighbour's)."""
        sents = [s for s in sents if not ASKED_HERE.search(s)] or sents
        if self.q.own:
            sents = [s for s in sents if fits_own(self.q, s) is not False] or sents
        return sents

    def names_other_unit(self, sentence: str) -> bool:
        """Whether the sentence names a body, other than the one the question asks past."""
        return any(not self.q.knows_of(m.group()) for m in UNIT_NAME.finditer(sentence))

    def past_known(self, units: list[str]) -> list[str]:
        """The units, less the one the question already knows of ("除了派出所，还有哪些单位")."""
        return [u for u in units if not self.q.knows_of(u)] or units

    def best_sentences(self, clause: Clause, n: int = 2, require=None) -> list[str]:
        sents = [s for s in sentences(clause.text) if require is None or require.search(s)]
        if not sents:
            return []
        sents = self.answering(sents)
        scored = sorted(enumerate(sents), key=lambda x: (tuple(-v for v in self.sentence_score(clause, x[1])), x[0]))
        chosen = sorted(scored[:n], key=lambda x: x[0])
        return [
            s for _, s in chosen if term_hits(self.terms, s) > 0 or self.kind_bonus(s) > 0 or require is not None
        ] or [sents[0]]

    def quote(self, clause: Clause, text: str) -> None:
        c = self.d.cite(clause.id)
        if self.en:
            self.d.add(f"Source: {self.source(clause)}: “{text}” {c}")
        else:
            self.d.add(f"依据：{self.source(clause)}：“{text}”{c}")

    # -- intents

    def fields_asked(self, c: Clause) -> tuple[ClauseFields, str | None]:
        """The clause's units, and the text they are for. An item with several notes of units
        ("…严格规范安保…供给。（体育总局、教育部负责）积极探索建立体育场馆安保等级评价制度…。（公安部、
        应急部负责）") is answered with the note after the sentences the question is about."""
        f = c.fields
        if self.q.besides:
            f = replace(
                f, lead_units=self.past_known(f.lead_units), responsible_units=self.past_known(f.responsible_units)
            )
        notes = unit_notes(c.text)
        if len(notes) < 2:
            return f, None
        hits = [term_hits(self.terms, c.text[n.start : n.end], self.weights) for n in notes]
        best = max(range(len(notes)), key=lambda i: hits[i])  # the first of equals
        if hits[best] <= 0:
            return f, None
        note = notes[best]
        lead = note.lead or (note.responsible[:1] if f.lead_rule == "first-listed" else [])
        units = ClauseFields(
            lead_units=lead,
            responsible_units=[u for u in note.responsible if u not in lead],
            lead_rule=f.lead_rule if not note.lead else "verb",
        )
        return units, c.text[note.start : note.end].strip()

    def lead(self, cand: Candidate) -> None:
        c = cand.clause
        f, covered = self.fields_asked(c)
        mark = self.d.cite(c.id)
        if f.lead_units:
            leads = join_units(f.lead_units, self.q.lang)
            if self.en:
                rule = (
                    " (the document makes the first-listed responsible unit the lead)"
                    if f.lead_rule == "first-listed"
                    else ""
                )
                self.d.add(f"The lead unit is {leads}{rule} {mark}.")
            else:
                rule = "（该文件规定责任单位中列第一位者为牵头单位）" if f.lead_rule == "first-listed" else ""
                self.d.add(f"牵头单位是{leads}{rule}。{mark}")
            self.quote(c, self.unit_sentence(c, covered))
            others = [u for u in f.responsible_units if u not in f.lead_units]
            if others:
                self.d.add(
                    f"Responsible units: {join_units(others, 'en')} {mark}."
                    if self.en
                    else f"责任单位：{join_units(others, 'zh')}。{mark}"
                )
        elif f.responsible_units:
            units = join_units(f.responsible_units, self.q.lang)
            if "lead" not in self.q.asks:  # "谁负责", "哪个部门主管": the units in charge are the answer
                self.d.add(f"In charge: {units} {mark}." if self.en else f"负责的部门是：{units}。{mark}")
            else:
                self.d.add(
                    f"This clause names no separate lead unit; its responsible units are {units} {mark}."
                    if self.en
                    else f"该条款未单独列明牵头单位，责任单位为：{units}。{mark}"
                )
            self.quote(c, self.unit_sentence(c, covered))

    def responsible(self, cand: Candidate) -> None:
        c = cand.clause
        f, covered = self.fields_asked(c)
        mark = self.d.cite(c.id)
        units = join_units(f.responsible_units, self.q.lang)
        if self.en:
            self.d.add(f"The responsible units are {units} {mark}.")
            if f.lead_units:
                self.d.add(f"The lead unit is {join_units(f.lead_units, 'en')} {mark}.")
        else:
            self.d.add(f"责任单位有：{units}。{mark}")
            if f.lead_units:
                self.d.add(f"其中牵头单位是{join_units(f.lead_units, 'zh')}。{mark}")
        self.quote(c, self.unit_sentence(c, covered))

    def unit_sentence(self, c: Clause, covered: str | None = None) -> str:
        if covered is not None:
            # The sentence of the covered text the question is about, and the note after it.
            sents = sentences(covered)
            best = max(sents, key=lambda s: term_hits(self.terms, s, self.weights))
            note = sents[-1] if best != sents[-1] else ""
            return best + (note if len(note) < TASK_CHARS else "")
        m = re.search(r"[(（]?\s*(牵头单位|责任单位)[^。]*?(?:[)）]|。|$)", c.text)
        if m:
            return m.group().strip("（(）) ")
        # Units named in running text ("公安机关牵头负责…", "（农业农村部负责）"): the sentence naming them.
        units = c.fields.lead_units + c.fields.responsible_units
        naming = [s for s in sentences(c.text) if units and units[0] in s]
        return naming[0] if naming else self.best_sentences(c, 1)[0]

    def figure_candidates(self, strong: list[Candidate]) -> list[Candidate]:
        """The best five, and further down the few that state a figure in the measure asked ("多少套":
        "总套数554套")."""
        measure = self.q.asked_measure
        more = [
            c
            for c in strong[5:]
            if (measure and figure_in(measure, c.clause.text)) or (self.q.own and fits_own(self.q, c.clause.text))
        ]
        top = strong[:5] + more[:MEASURED_MORE]
        # A section that heads a list of conditions ("1、一次性创业资助\n补贴条件：") states its amount in
        # a part of its own ("补贴标准：10000元。"): the first clause's parts that label an amount join.
        if strong and strong[0].clause.children:
            have = {c.clause.id for c in top}
            for cid in strong[0].clause.children:
                part = self.store.clause(cid)
                if part is not None and cid not in have and any(AMOUNT_LABEL.match(s) for s in sentences(part.text)):
                    top.append(Candidate(part, strong[0].score, strong[0].coverage))
        return top

    def figures(self, cands: list[Candidate], money: bool) -> bool:
        """Targets/amounts: the sentences stating figures about the question's terms, from the
        clause (of the best few) whose such sentence matches the question best. A figure counts only
        when a key term stands in the same comma-separated part of the sentence as the number."""
        best: tuple[tuple[float, float], int, Clause, list[str]] | None = None
        stem_figure: dict[str, str] = {}  # items whose amount is their article's (the words quoted)
        for rank, cand in enumerate(cands):
            if not self.of_quantity(cand.clause):
                continue
            scored = []
            # An item's figure is about what its list's stem names ("2.个人缴费费率：" over "（2）满35周岁至
            # 未满45周岁参保人员为0.02%"), in the clause's own text too.
            stem = self.stem(cand.clause)
            lead_in = stem_hit = bool(term_hits(self.terms, stem))
            # Money is asked of a list's item by its stem only where the stem and the item, read under
            # their headings, say most of what the question asks of ("土地使用税每平方米年税额如下：" over
            # "(一)大城市1.5元至30元"), not a word or two of it ("…增发一次性退役金：" for 一次性经济补助).
            total = sum(self.weights.get(t, 1.0) for t in self.terms) or 1.0
            placed = " ".join(cand.clause.heading_path) + (self.meta(cand.clause).title or "") + stem
            stem_says = stem_hit and term_hits(self.terms, placed + cand.clause.text, self.weights) / total >= 0.5
            heading_hit = bool(term_hits(self.terms, " ".join(cand.clause.heading_path[:-1])))
            own_heading_hit = bool(cand.clause.heading) and bool(term_hits(self.terms, cand.clause.heading))
            for i, sent in enumerate(sentences(cand.clause.text)):
                if ASKED_HERE.search(sent):
                    continue  # a Q&A page's question states its year, not the answer's figure
                if self.fine_unasked(sent):
                    continue  # a fine answers what breaking a rule costs, not "贷款的最高额度是多少"
                if re.search(r"[:：]\s*$", sent):
                    lead_in = stem_hit or bool(term_hits(self.terms, sent))
                # The asker's own age is the question's, not an answer: "年满18周岁的参保人员" states no figure
                # for "我今年40岁…要交多少".
                parts = re.split(r"[,，、]", without_own(sent, {kind for _, kind in self.q.own}))
                # The indicator may stand in the part before the number ("…综合体建设,力争到2022年达到300个").
                attached = any(
                    FIGURE.search(p)
                    and (lead_in or term_hits(self.terms, p) or (j and term_hits(self.terms, parts[j - 1])))
                    for j, p in enumerate(parts)
                )
                if self.q.intent == "funding" and attached:
                    # An amount of money is asked for: a count ("300个") does not answer it.
                    attached = any(
                        # "加倍赔多少": "三倍" of the price is the amount asked
                        (
                            AMOUNT.search(p)
                            or MONEY_MULTIPLE.search(p)
                            or ("multiple" in self.q.asks and MULTIPLE.search(p))
                        )
                        # in the part, the one before it, or the list's stem ("土地使用税每平方米年税额如下：")
                        and (
                            # the stem speaks for an item that sets no case of its own the question does not
                            # name ("(三)荣获三等功的，增发5%" is for 三等功 only)
                            (stem_says and not any(c.endswith("的") and not term_hits(self.terms, c) for c in parts))
                            or term_hits(self.terms, p)
                            or (j and term_hits(self.terms, parts[j - 1]))
                        )
                        for j, p in enumerate(parts)
                    )
                if money:
                    attached = attached or bool(MONEY.search(sent) and term_hits(self.terms, sent))
                if "penalty" in self.q.asks:  # a fine is attached to 罚款, not to the question's words
                    # in money, or as a multiple of the sum at stake ("并处交易额10倍以上20倍以下的罚款")
                    attached = attached or states_fine(sent)
                if not attached and AMOUNT_LABEL.match(sent) and heading_hit:
                    # "补贴标准：10000元。" in a clause under the heading the question names (一次性创业资助).
                    attached = bool(FIGURE.search(sent))
                if not attached and own_heading_hit and self.q.intent == "funding":
                    # "二、一次性扩岗补助 …按每招用1人不超过1500元的标准给予补助": the amount of the benefit
                    # the clause is headed by.
                    attached = bool(AMOUNT.search(sent))
                if self.q.asked_measure:  # "多少套房": "总套数554套"
                    attached = attached or figure_in(self.q.asked_measure, sent)
                # Found through the question's category ("第一类资助对象"): the sentence giving its figure.
                for_category = bool(cand.category) and cand.category in sent and bool(FIGURE.search(sent))
                if attached or for_category:
                    scored.append((sum(self.sentence_score(cand.clause, sent)) + for_category, i, sent))
            block = self.stem_block(cand.clause)
            stated = AMOUNT if self.q.intent == "funding" else FIGURE
            if (
                not scored
                and block
                and not self.fine_unasked(block)
                and stated.search(block)
                and term_hits(self.terms, cand.clause.text)
            ):
                # The item names the case; the article it is listed under states the amount (a fine for
                # each of the listed offences): the item answers, with that article's words before it.
                scored = [
                    (sum(self.sentence_score(cand.clause, s)), i, s) for i, s in enumerate(sentences(cand.clause.text))
                ]
                stem_figure[cand.clause.id] = block
            if not scored:
                continue
            if "maximum" in self.q.asks:  # "一年最多能补贴多少": the cap, where the clause sets one
                scored = [x for x in scored if CAP.search(x[2])] or scored
            if self.q.without:  # "没有违法所得的话": the case stated for it, where the clause has one
                scored = [x for x in scored if states_without(self.q, x[2])] or scored
            top = max(x[0] for x in scored)
            chosen = [s for h, _, s in sorted(scored, key=lambda x: x[1]) if h >= top * 0.8][:3]
            if len(cand.clause.text) <= SHORT_FIGURES_CHARS and not self.q.own:
                # A short clause's figures are read together ("逾期不缴纳罚款的，每日按罚款数额的3%加处罚款；
                # 逾期不缴纳违法所得的，每日按违法所得数额的2‰加处罚款"): which one is asked is for the reader.
                chosen = [s for _, _, s in sorted(scored, key=lambda x: x[1])]
            if self.q.intent == "funding" and not any(MONEY_FIGURE.search(s) for s in chosen):
                # "失业金一个月能领多少钱": after "按最低工资标准的百分之九十按月计发", the sum it comes to
                # ("目前发放标准为每月2250元"), where the clause states one.
                sums = [x for x in sorted(scored, reverse=True) if MONEY_FIGURE.search(x[2])][:1]
                chosen = [s for _, _, s in sorted([x for x in scored if x[2] in chosen] + sums, key=lambda x: x[1])]
            if self._figure_elsewhere(cand.clause, chosen):
                continue
            if "penalty" in self.q.asks:
                chosen += self._heavier_sanctions(cand.clause, chosen)
            # The clause whose figure is for the year asked ("到1998年达到2000名") before one without it;
            # in a document whose title names the year ("2025年第一批…房源的通告") every clause is of it.
            title = self.meta(cand.clause).title or ""
            year = bool(self.q.asked_year) and any(self.q.asked_year in s for s in [title, *chosen])
            # Between clauses: how well their figure sentences answer, read in place; then retrieval.
            fit = max(self.answers(cand.clause, s) for _, _, s in scored)
            # A figure in the measure asked ("554套" for 多少套) answers before a figure in another.
            measured = bool(self.q.asked_measure) and any(figure_in(self.q.asked_measure, s) for s in chosen)
            # "每个月能扣多少": a figure per month ("每个子女每月1000元") before a share ("按扣除标准的50%").
            measured = measured or (bool(self.q.per) and any(per_period(self.q.per, s) for s in chosen))
            # The band that takes in the asker's own figure ("我今年40岁") before its neighbours.
            band = {True: 2, None: 1, False: 0}[fits_own(self.q, " ".join(chosen))]
            key = (
                states_qualifiers(self.q, title + cand.clause.text),
                band,
                year,
                measured,
                round(cand.coverage, 1),
                round(fit + RETRIEVAL_WEIGHT * cand.score, 1),
                top,
            )
            if best is None or key > best[0]:
                best = (key, rank, cand.clause, chosen)
        if best is None:
            return False
        _, rank, c, chosen = best
        self.d.primary = c.id
        via = cands[rank]
        if via.category and via.member is not None:  # how the question's case comes under the category
            member = re.sub(r"^[(（]?[一二三四五六七八九十\d]+[)）.、]\s*|[；;。，,]$", "", via.member.text)
            where = via.member.label.split()[-1]  # "第二十四条（一）1.", the document named just after
            self.d.add(
                f"{where} lists “{member}” under “{via.category}”{self.d.cite(via.member.id)}."
                if self.en
                else f"“{member}”（{where}）属于“{via.category}”。{self.d.cite(via.member.id)}"
            )
        mark = self.d.cite(c.id)
        lead_in = "According to " if self.en else "根据"
        self.d.add(f"{lead_in}{self.source(c)}{':' if self.en else '：'}")
        stem = stem_figure.get(c.id) or self.stem(c)
        if stem:  # "个人缴费费率：" says what the item's "0.02%" is; cited as its article's words
            self.d.add(f"“{stem}”{self.d.cite(c.parent_id)}")
        for s in chosen:
            self.d.add(f"“{s}”{mark}")
        return True

    def item_not_listed(self, clause: Clause) -> str | None:
        """ "买新手机参加以旧换新能补贴多少": the clause lists in full the kinds it covers ("冰箱、洗衣机、
        …吸油烟机8类家电产品") and the question's most particular word is none of them: that word, for
        a refusal that says the documents state other kinds. None otherwise."""
        text = self.store.full_clause_text(clause.id)
        if not LISTED_IN_FULL.search(text):
            return None
        m = self.meta(clause)
        hay = for_terms(" ".join([*clause.heading_path, m.title or "", m.transmitted or "", text]))
        # A grade or a count ("一级能效", "3件") is no kind of thing.
        absent = [t for t in self.terms if not match_term(fold(t).lower(), hay) and not GRADE_LED.match(t)]
        present = [t for t in self.terms if t not in absent]
        if not absent or not present:
            return None
        weight = lambda t: self.weights.get(t, 1.0)  # noqa: E731
        top = max(absent, key=weight)
        word = top.split(ALTERNATIVES, 1)[0]
        # The most particular word the clause lacks, when it names a thing ("手机" ≈ 3.4), not a filler
        # ("东西" ≈ 2) or a verb of asking ("参加" ≈ 1.9).
        return word if len(word) >= 2 and weight(top) >= ITEM_MIN_WEIGHT else None

    def identifies(self, clause: Clause) -> bool:
        """Whether the clause states a code beside one of the question's words ("冠心病（M04600）"
        for "冠心病…代码是多少"); a code beside another disease does not answer for 高血压."""
        text = fold(self.store.full_clause_text(clause.id))
        words = [w for t in self.terms for w in t.split(ALTERNATIVES) if len(w) >= 2 and w not in IDENTIFIER_WORDS]
        return any(re.search(rf"{re.escape(fold(w))}[（(：:\s]{{0,2}}[A-Za-z]{{0,3}}\d{{3,}}", text) for w in words)

    def fine_unasked(self, text: str) -> bool:
        """Whether the text states a fine the question does not ask for: a fine answers a question
        about a sanction or what the asker pays, not a fee schedule or a loan limit."""
        return bool(FINED.search(text)) and not {"penalty", "pay"} & self.q.asks

    def of_quantity(self, clause: Clause) -> bool:
        """Whether a clause speaks of the thing a figure is asked of ("金融资产" in "低保家庭金融资产
        人均不能超过多少"): the 临时救助 cap beside it does not answer with its amount. Money words
        (补贴, 奖励, 手续费 …), which clauses write in many ways, and fines are not checked."""
        head = self.quantity_of
        if not head or "penalty" in self.q.asks or ASKS["benefit"].search(head) or ASKS["fee"].search(head):
            return True
        m = self.meta(clause)
        hay = fold(" ".join([*clause.heading_path, m.title or "", m.transmitted or "", self.stem(clause), clause.text]))
        return any(match_term(fold(w).lower(), hay.lower()) for w in head.split(ALTERNATIVES))

    def _asked_count(self) -> str:
        """The number of items the question names ("那6项具体是哪些" → "6项"), or ""."""
        m = re.search(r"([\d一二三四五六七八九十两]+)\s*(项|条|个|类|种)", self.q.text)
        return m.group() if m else ""

    def _only_counted(self, clause: Clause) -> bool:
        """ "那6项具体是哪些": the clause only counts them ("军民深度融合方面（共6项）") and lists none
        (no items under it, none in its text): the documents do not say which they are."""
        asked = self._asked_count()
        if "list" not in self.q.asks or clause.children or not asked:
            return False
        # The sentence that counts them ends with the count ("（四）军民深度融合方面6项。"); one that
        # lists them goes on ("包括以下6项：（一）…").
        count = re.compile(rf"{re.escape(asked)}[）)]?[。；;]?$")
        return any(len(s) <= 40 and count.search(s.strip()) for s in sentences(clause.text))

    def _figure_elsewhere(self, clause: Clause, chosen: list[str]) -> bool:
        """Whether the clause puts the figure asked for elsewhere ("确定家庭收入和财产限额，具体见附件1"):
        a sentence that refers on holds a question term that its figure sentences lack (财产), so those
        figures are another quantity's (the income limit), not the one asked."""
        for sent in sentences(clause.text):
            if sent in chosen or not REFERS_ON.search(sent) or FIGURE.search(REFERS_ON.split(sent)[0][-20:]):
                continue
            named = [t for t in self.terms if match_term(fold(t).lower(), for_terms(sent))]
            if any(not any(match_term(fold(t).lower(), for_terms(c)) for c in chosen) for t in named):
                return True
        return False

    def stem_block(self, clause: Clause) -> str:
        """The whole of the article text an item is listed under ("专利代理机构有下列行为之一的，…可以处
        10万元以下的罚款；情节严重…的，…吊销…："), without its label: what the item's case incurs."""
        if not self.stem(clause):
            return ""
        parent = self.store.clause(clause.parent_id)
        return "\n".join([_without_article_label(parent.text), *self._list_tail(parent)])

    def _list_tail(self, article: Clause) -> list[str]:
        """The article's paragraphs after its list, which its last item's text runs on into: "（三）擅自
        利用物业共用部位…的。\n个人有前款规定行为之一的，处1000元以上1万元以下的罚款" — the fine
        is the whole list's, not the third item's."""
        last = self.store.clause(article.children[-1]) if article.children else None
        lines = last.text.split("\n")[1:] if last is not None else []
        return [line for line in lines if line.strip() and not ITEM_LED.match(line)]

    def stem(self, clause: Clause) -> str:
        """An item of a list means what its article's stem says ("有下列情形之一的，免征契税："): the
        stem goes before the item's own words."""
        if not clause.parent_id or not ITEM_LED.match(clause.text):
            return ""
        parent = self.store.clause(clause.parent_id)
        last = sentences(parent.text)[-1] if parent is not None and parent.text else ""
        if not re.search(r"[:：]\s*$", last):
            return ""
        # The stem's own sentence only: the words after the article's label and before the colon.
        return _without_article_label(last)

    @staticmethod
    def _heavier_sanctions(clause: Clause, chosen: list[str]) -> list[str]:
        """The sentence after a fine that raises it ("情节严重的，处十万元以上二十万元以下罚款")
        belongs to the answer: it has no words of its own to be found by."""
        sents = sentences(clause.text)
        out = []
        for s in chosen:
            i = sents.index(s) if s in sents else -1
            nxt = sents[i + 1] if 0 <= i < len(sents) - 1 else ""
            heavier = re.match(r"(情节严重|情节特别严重|逾期不|拒不|造成|再次|多次)", nxt) and AMOUNT.search(nxt)
            if heavier and nxt not in chosen and nxt not in out:
                out.append(nxt)
        return out

    def _asked_kind(self, clause: Clause, chosen: list[str]) -> list[str]:
        """A date or a figure the question asks for ("最晚到什么时候", "多少天") that the sentences chosen
        for its words do not state, when another sentence of the clause does: the best such sentence
        ("6月2日10：00—6月5日15:00，申请人登录…" beside "采用网上填报志愿方式。")."""
        wanted = []
        if "date" in self.q.asks and "amount" not in self.q.asks:
            wanted.append(lambda s: bool(DAY.search(s)))
        if self.q.asked_measure:
            wanted.append(lambda s: figure_in(self.q.asked_measure, s))
        out = []
        for states in wanted:
            if any(states(s) for s in chosen):
                continue
            stating = [s for s in sentences(clause.text) if states(s)]
            if stating:
                out.append(max(stating, key=lambda s: self.sentence_score(clause, s)))
        return out

    def children_list(self, clause: Clause) -> bool:
        """ "九大行动计划具体是哪九个": a clause with sub-clauses is answered by naming them."""
        if not clause.children or "list" not in self.q.asks:
            return False
        mark = self.d.cite(clause.id)
        own = self.best_sentences(clause, 1)
        self.d.add(f"{self.source(clause)}{':' if self.en else '：'}{''.join(own)}{mark}")
        for cid in clause.children:
            child = self.store.clause(cid)
            if child is not None:
                # A short item is shown whole; a long one by its heading.
                body = child.text if len(child.text) <= 80 else f"{child.label} {child.heading}"
                self.d.add(f"- {body}{mark}")
        return True

    def open(self, cands: list[Candidate]) -> None:
        # The clause whose best sentence answers best, among the few best supported ones.
        listing = "list" in self.q.asks

        def said(c: Candidate) -> list[str]:
            # A list asked for is answered by an article with its items: they are what it says.
            full = listing and c.clause.children
            return sentences(self.store.full_clause_text(c.clause.id) if full else c.clause.text)

        def best_of(c: Candidate) -> float:
            return round(max((self.answers(c.clause, s) for s in said(c)), default=0.0), 2)

        def of_kind(c: Candidate) -> float:  # a clause with a sentence of the asked kind counts a little more
            sents = said(c)
            if any(self.labelled(s) or self.deadline(s) or self.body_in_charge(s) for s in sents):
                # the asked term's own "label：value" line, the deadline asked, the body that does what
                # is asked about ("土地使用税由土地所在地的税务机关征收"): most directly
                return 0.2
            return 0.1 if any(self.kind_bonus(s) for s in sents) else 0.0

        if "list" in self.q.asks:
            cands = self._lists_for_items(cands)
        # A question that asks for a kind of sentence (a body, a place, a fine) looks a little further down.
        n = 5 if {"unit", "where", "penalty", "list", "fee", "date"} & self.q.asks or self.q.asked_measure else 3
        top = cands[:n] + [c for c in cands[n:] if any(self.labelled(s) for s in sentences(c.clause.text))][:3]
        if "date" in self.q.asks and "amount" not in self.q.asks:
            # "最晚什么时候要办完移交": a clause further down that sets a deadline ("于2019年6月底前完成").
            top += [c for c in cands[n:] if c not in top and DEADLINE.search(c.clause.text)][:3]

        def sanction(c: Candidate) -> float:
            # "施工总承包单位要公示哪些维权信息": the rule that sets the duty, not the clause fining its breach
            # ("（四）施工总承包单位未实行施工现场维权信息公示制度" under "…处5万元以上10万元以下的罚款：").
            return RULE_OVER_SANCTION if self.fine_unasked(c.clause.text + self.stem_block(c.clause)) else 0.0

        first = max(top, key=lambda c: (round(c.coverage + of_kind(c) - sanction(c), 1), best_of(c), -top.index(c)))
        cands = [first] + [c for c in cands if c is not first]
        counted = [c for c in top if self._only_counted(c.clause)]
        listed = [c for c in top if c.clause.children and self._asked_count() in c.clause.text]
        if counted and not listed:  # clauses that count those N items, and none that lists them
            self.unlisted = True
            return
        self.d.primary = first.clause.id
        if self.children_list(first.clause):
            return
        sents = self.best_sentences(first.clause, 2)
        if len(first.clause.text) <= WHOLE_CLAUSE_CHARS:
            sents = self.answering(sentences(first.clause.text))
        order = {s: i for i, s in enumerate(sentences(first.clause.text))}
        extra = self._heavier_sanctions(first.clause, sents) + self._asked_kind(first.clause, sents)
        sents = sorted(dict.fromkeys(sents + extra), key=lambda s: order.get(s, 0))
        mark = self.d.cite(first.clause.id)
        stem = self.stem(first.clause)
        if stem and "unit" in self.q.asks and not UNIT_NAME.search(stem):
            stem = self.stem_block(first.clause)  # "那是哪个部门来罚": the article's sentence naming the body
        if stem:  # the stem is its article's words: cited as the article's, after the item
            stem += self.d.cite(first.clause.parent_id)
        self.d.add(
            (f"{self.source(first.clause)}: " if self.en else f"{self.source(first.clause)}：")
            + stem
            + "".join(sents)
            + mark
        )
        for other in cands[1:2]:
            if other.coverage >= max(0.5, first.coverage - 0.1) and other.clause.doc_slug == first.clause.doc_slug:
                extra = self.best_sentences(other.clause, 1)
                self.d.add(
                    ("Also " if self.en else "另见")
                    + f"{self.source(other.clause)}：{''.join(extra)}{self.d.cite(other.clause.id)}"
                )

    def _lists_for_items(self, cands: list[Candidate]) -> list[Candidate]:
        """ "哪些方式": the items of a list ("（二）调解；") stand for the article that lists them
        ("当事人有权依法自主选择下列化解纠纷方式："), which answers with all of them."""
        out: list[Candidate] = []
        seen: set[str] = set()
        for c in cands:
            if self.stem(c.clause):
                parent = self.store.clause(c.clause.parent_id)
                c = Candidate(parent, c.score, c.coverage)
            if c.clause.id not in seen:
                seen.add(c.clause.id)
                out.append(c)
        return out

    def whole_clause(self, c: Clause) -> None:
        mark = self.d.cite(c.id)
        head = f"{self.source(c)}{':' if self.en else '：'}"
        self.d.add(head)
        self.d.add(self.store.full_clause_text(c.id) + mark)

    def docfact(self, clause: Clause) -> None:
        m = self.meta(clause)
        mark = self.d.cite(clause.id)
        title = f"《{m.cited_title}》" if m.cited_title else clause.doc_slug
        facts_zh, facts_en = [], []
        if m.doc_number:
            facts_zh.append(f"文号为{m.doc_number}")
            facts_en.append(f"its document number is {m.doc_number}")
        if m.issuer:
            # Joint issuers are all named ("国家医保局、财政部"): the signature is theirs together.
            issuers = m.issuers or [m.issuer]
            facts_zh.append(f"发文机关为{join_units(issuers, 'zh')}")
            facts_en.append(f"it was issued by {join_units(issuers, 'en')}")
        elif "issuer" in self.q.asks:
            # A web page with no issuing body of its own says where it comes from ("信息来源：区住建园林局").
            for k in ("信息来源", "来源"):
                if k in m.attributes:
                    facts_zh.append(f"{k}：{m.attributes[k]}")
                    facts_en.append(f"source: {m.attributes[k]}")
                    break
        for label_zh, label_en, value in (
            ("成文日期", "written", m.written_date),
            ("公布日期", "published", m.published_date),
            ("施行日期", "in force from", m.effective_date),
        ):
            if value:
                facts_zh.append(f"{label_zh}为{iso_to_zh(value)}")
                facts_en.append(f"{label_en} {value}")
        if m.validity:
            facts_zh.append(f"时效性：{m.validity}")
            facts_en.append(f"validity: {m.validity}")
        if m.region and "place" in self.q.asks:
            facts_zh.append(f"适用地区：{m.region}")
            facts_en.append(f"region: {m.region}")
        for k in ("效力等级", "主题分类"):
            if k in m.attributes and self.q.names(k):
                facts_zh.append(f"{k}：{m.attributes[k]}")
        if "主送机关" in m.attributes and "addressee" in self.q.asks:
            facts_zh.append(f"主送机关：{m.attributes['主送机关']}")
            facts_en.append(f"addressed to {m.attributes['主送机关']}")
        for k in ("公开属性", "公开方式"):
            if k in m.attributes and "public" in self.q.asks:
                facts_zh.append(f"{k}：{m.attributes[k]}")
                facts_en.append(f"disclosure: {m.attributes[k]}")
        for k in ("起草单位", "文稿状态"):
            if k in m.attributes:
                facts_zh.append(f"{k}：{m.attributes[k]}")
                facts_en.append(f"{'drafted by' if k == '起草单位' else 'status'}: {m.attributes[k]}")
        if m.repeals and "repeals" in self.q.asks:
            facts_zh.append("废止（替代）：" + "、".join(f"《{t}》" for t in m.repeals))
            facts_en.append("repeals: " + ", ".join(f"《{t}》" for t in m.repeals))
        if self.en:
            self.d.add(f"{title}: " + "; ".join(facts_en) + f" {mark}.")
        else:
            self.d.add(f"{title}" + "，".join(facts_zh) + f"。{mark}")
        # The document's own words for the event asked about ("本条例自…起施行", "《…》同时废止").
        # "以前的老规定还有效吗": whether a document still applies is answered by what repeals it too.
        asks = set(self.q.asks) | ({"repeals"} if "validity" in self.q.asks else set())
        stated = [s for s in sentences(clause.text) if any(DOC_EVENTS[a].search(s) for a in asks if a in DOC_EVENTS)]
        if stated:
            self.quote(clause, "".join(stated[:3]))

    def referred_number(self, clause: Clause) -> bool:
        """The number of the document this one answers or cites, as its text writes it ("教育部…《关于
        …的请示》（教外际〔2004〕81号）收悉", "〈广东省…办法〉的通知》（粤人社规〔2021〕5号文）"), when that is
        what is asked."""
        cites = re.compile(rf"{re.escape(self.q.referred)}[^（(。；;]{{0,12}}[（(]\s*({DOC_NUMBER.pattern})")
        for c in self.store.clauses(clause.doc_slug):
            for s in sentences(c.text):
                found = cites.search(s)
                if found:
                    mark = self.d.cite(c.id)
                    kind = self.q.referred
                    if self.en:
                        self.d.add(f"The document number of {kind} is {found.group(1)} {mark}.")
                    elif len(kind) <= 2:
                        self.d.add(f"该文件答复的{kind}文号为{found.group(1)}。{mark}")
                    else:
                        self.d.add(f"《{kind}》的文号为{found.group(1)}。{mark}")
                    self.quote(c, s)
                    return True
        return False

    def unit_tasks(self, unit_label: str, roles: list[tuple[Clause, str]]) -> None:
        leads = [c for c, r in roles if r == "lead"]
        parts = [c for c, r in roles if r != "lead"]
        # No counts are written: a number must come from a cited clause, and the lists show them anyway.
        groups = (
            (f"Tasks {unit_label} leads" if self.en else f"{unit_label}牵头的任务", leads),
            ("Tasks it takes part in as a responsible unit" if self.en else "作为责任单位参与的任务", parts),
        )
        for title, group in groups:
            if not group:
                continue
            self.d.add(f"{title}{':' if self.en else '：'}")
            for c in group:
                unit_note = (
                    ""
                    if len(self.q.units) <= 1
                    else f"（{next(u for u in c.fields.lead_units + c.fields.responsible_units if u in self.q.units)}）"
                )
                what = self._task_of(c)
                self.d.add(f"- {self.source(c)}{what}{unit_note}{self.d.cite(c.id)}")
                if re.search(r"[:：]\s*$", c.text) and c.children:
                    # "…负责辖区内居家养老服务工作，履行下列职责：": the duties are its items.
                    for cid in c.children[:TASK_ITEMS]:
                        item = self.store.clause(cid)
                        if item is not None:
                            self.d.add(f"  - {item.text[:TASK_CHARS]}{self.d.cite(item.id)}")

    def _task_of(self, c: Clause) -> str:
        """What the clause gives the asked unit to do. Units named in running text ("请财政部落实…，提出对
        《国有资产评估管理办法》的修订建议") have their own sentence, which says it better than the
        heading; a heading cut short ("对实施创新驱动发展战略、推进…") is completed by the first sentence."""
        names = {n for u in self.q.units for n in (u, unit_base(u)) if n not in GENERIC_BODIES}
        own = [s for s in sentences(c.text) if any(n in s for n in names) and _says_more(s, names)]
        # The sentence naming the unit as the question wrote it ("区老龄工作机构") before its namesake's.
        own.sort(key=lambda s: bool(self.q.unit_mention) and self.q.unit_mention not in s)
        if own and own[0] not in c.heading:
            return f"：{own[0][:TASK_CHARS]}"
        first = sentences(c.text)[0] if c.text else ""
        return f"：{first[:120]}" if c.heading and len(first) > len(c.heading) + 10 else ""


def _without_article_label(text: str) -> str:
    """An article's words without its label ("第二十五条 专利代理机构…" → "专利代理机构…")."""
    return re.sub(r"^第[一二三四五六七八九十百零〇\d]+条\s*", "", text).strip()


def _says_more(sentence: str, names: set[str]) -> bool:
    """Whether a sentence naming a unit says more than who is responsible ("（科技部负责）",
    "牵头单位：市科技局" say nothing of the task)."""
    if re.search(r"牵头单位|责任单位", sentence):
        return False
    rest = re.sub("|".join(map(re.escape, sorted(names, key=len, reverse=True))), "", sentence)
    rest = re.sub(r"牵头|负责|配合|参与|会同|和|及|、|[（）()\s,，。;；]", "", rest)
    return len(rest) >= 8


def make_citations(store: IndexStore, clause_ids: list[str], scores: dict[str, float]) -> list[Citation]:
    out = []
    for n, cid in enumerate(clause_ids, 1):
        c = store.clause(cid)
        m = store.document_meta(c.doc_slug) or DocumentMeta()
        path = " > ".join(c.heading_path)
        out.append(
            Citation(
                n=n,
                clause_id=cid,
                doc_title=m.cited_title,
                doc_number=m.doc_number,
                path=f"{c.label} {path}".strip(),
                text=store.full_clause_text(cid),
                score=round(scores.get(cid, 0.0), 4),
                label=c.label,
                heading=c.heading,
            )
        )
    return out
