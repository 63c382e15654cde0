"""Structured fields of a clause: lead and responsible units, expected results, numeric targets.

Matching runs on the folded view (half-width punctuation) and returns original substrings.
"""

from __future__ import annotations

import re

from ..records import Clause, ClauseFields, Target
from ..text.figures import TARGET_UNITS
from ..text.normalize import fold

# A document that says "列第一位者为牵头单位，下同" makes the first responsible unit the lead of
# that clause and every later one.
FIRST_LISTED_LEADS = re.compile(r"(列|排|排列)(在)?(第一位|首位|第一)(者|的|单位)?为牵头单位")

_LEAD = re.compile(r"牵头单位\s*[:]\s*")
_RESP = re.compile(r"责任单位\s*[:]\s*")
_EXPECTED = re.compile(r"预期(目标和)?成效\s*[:]\s*")
_OPEN, _CLOSE = "(〔[【《“", ")〕]】》”"
UNIT_SUFFIX = re.compile(
    r"(局|委|办|部|厅|处|室|中心|机关|政府|街道|管委会|集团|科协|团市委|小组|单位|高校|银监分局|院|镇|乡|区|会|行|所)"
    r"([(〔][^)〕]*[)〕])?$"
)
# "<unit>牵头…会同<units>" in running text (no 牵头单位 label).
_VERB_LEAD = re.compile(
    r"(?:^|[。;,\s])(?P<lead>[市省县区][\u4e00-\u9fff]{1,12}?(?:局|委|办|部门|厅))牵头"
    r"(?:[^。;]*?会同(?P<with>[^。;]*?)(?:等部门)?(?=谋划|研究|制定|开展|推进|负责|做好|共同|,|。|;))?"
)


def _split_units(s: str) -> list[str]:
    """Split "市发改委、市经信委,各县〔市、区〕人民政府" on 、,; outside brackets."""
    out, depth, cur = [], 0, []
    for ch in s:
        f = fold(ch)
        if f in _OPEN:
            depth += 1
        elif f in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and f in "、,;":
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    units = []
    for u in out:
        u = re.sub(r"^(和|及|以及)", "", u.strip().rstrip("。.等"))
        if u and u not in units:
            units.append(u)
    return units


def _list_after(text: str, folded: str, pos: int, stop_words: tuple[str, ...] = ()) -> tuple[str, int]:
    """The unit list starting at pos: up to the closing bracket that encloses it, a sentence end,
    or one of stop_words, whichever comes first."""
    depth = 0
    i = pos
    while i < len(folded):
        ch = folded[i]
        if any(folded.startswith(w, i) for w in stop_words):
            break
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                break
            depth -= 1
        elif ch in "。\n" and depth == 0:
            break
        i += 1
    return text[pos:i], i


def _trailing_unit_group(text: str, folded: str) -> list[str]:
    """An unlabelled "(科技局、发改局、经信局…)" at the end of a clause."""
    stripped = folded.rstrip()
    if not stripped.endswith(")"):
        return []
    depth, i = 0, len(stripped) - 1
    while i >= 0:
        if stripped[i] == ")":
            depth += 1
        elif stripped[i] == "(":
            depth -= 1
            if depth == 0:
                break
        i -= 1
    if i < 0:
        return []
    inner = text[i + 1 : len(stripped) - 1]
    units = _split_units(inner)
    if len(units) >= 2 and sum(bool(UNIT_SUFFIX.search(fold(u))) for u in units) >= 0.6 * len(units):
        return units
    return []


_TARGET = re.compile(
    r"(?<![A-Za-z0-9.+\-/〔])(?P<num>\d+(?:\.\d+)?)\s*"
    rf"(?P<unit>{TARGET_UNITS})"
    r"(?P<qual>以上|以下|左右|以内)?"
)
_YEAR = re.compile(r"(?:到|至|力争到|力争)?(?P<year>20\d{2})\s*年(?:底|末|前)?")
_LEAD_IN = re.compile(r"^(?:(?:到|至)?20\d{2}年(?:底|末|前)?|力争|其中|实现|累计|全年|预计|确保|争取|[、和o,:\s])*")
_VERB_TAIL = re.compile(r"(达到|超过|突破|不少于|不低于|稳定在|提高到|提升到|降低到|降至|达|为|约|至|到|以上|分别)+$")


def extract_targets(text: str) -> list[Target]:
    folded = fold(text)
    targets: list[Target] = []
    for sent in re.finditer(r"[^。;!?\n]+", folded):
        s = sent.group()
        year_m = _YEAR.search(s)
        year = int(year_m.group("year")) if year_m else None
        clause_start = 0
        last_indicator = ""
        for m in _TARGET.finditer(s):
            # Years and document numbers are not targets.
            if m.group("unit") == "年" or (m.group("num").startswith("20") and s[m.end() : m.end() + 1] == "年"):
                continue
            seg_start = max(s.rfind(",", 0, m.start()), s.rfind(":", 0, m.start()), clause_start - 1) + 1
            raw_indicator = s[seg_start : m.start()]
            indicator = _VERB_TAIL.sub("", _LEAD_IN.sub("", raw_indicator.strip())).strip(" 、和")
            if not indicator or indicator in ("、", "和"):
                indicator = last_indicator
            if not indicator:
                continue
            last_indicator = indicator
            start, end = sent.start() + seg_start, sent.start() + m.end()
            targets.append(
                Target(
                    indicator=text[sent.start() + seg_start : sent.start() + seg_start + len(raw_indicator)].strip()
                    if indicator == raw_indicator.strip()
                    else indicator,
                    value=float(m.group("num")),
                    unit=text[sent.start() + m.start("unit") : sent.start() + m.end("unit")],
                    year=year,
                    qualifier=m.group("qual"),
                    text=text[start:end].strip(" ,，、"),
                )
            )
            clause_start = m.end()
    return targets


def extract_fields(clause: Clause, first_listed_leads: bool) -> tuple[ClauseFields, bool]:
    """Fields of one clause. Returns the fields and whether the first-listed-lead convention is
    in force from this clause on (it carries forward through the document)."""
    text, folded = clause.text, fold(clause.text)
    fields = ClauseFields()
    if FIRST_LISTED_LEADS.search(folded):
        first_listed_leads = True

    lead_m = _LEAD.search(folded)
    if lead_m:
        lead_text, _ = _list_after(text, folded, lead_m.end(), stop_words=(",责任单位", "责任单位", ";"))
        fields.lead_units = _split_units(lead_text)
        fields.lead_rule = "stated"

    resp_m = _RESP.search(folded)
    if resp_m:
        resp_text, _ = _list_after(text, folded, resp_m.end())
        fields.responsible_units = _split_units(resp_text)
    elif not fields.lead_units:
        fields.responsible_units = _trailing_unit_group(text, folded)

    if not fields.lead_units and fields.responsible_units and first_listed_leads:
        fields.lead_units = fields.responsible_units[:1]
        fields.lead_rule = "first-listed"

    if not fields.lead_units:
        verb = _VERB_LEAD.search(folded)
        if verb:
            fields.lead_units = [text[verb.start("lead") : verb.end("lead")]]
            fields.lead_rule = "verb"
            if verb.group("with") and not fields.responsible_units:
                w = verb.span("with")
                fields.responsible_units = _split_units(text[w[0] : w[1]])

    exp_m = _EXPECTED.search(folded)
    if exp_m:
        end = resp_m.start() if resp_m and resp_m.start() > exp_m.end() else len(text)
        fields.expected_results = text[exp_m.end() : end].strip() or None

    fields.targets = extract_targets(text)
    return fields, first_listed_leads


def annotate(clauses: list[Clause]) -> None:
    """Fill `fields` of every clause, in document order."""
    first_listed = False
    for clause in clauses:
        clause.fields, first_listed = extract_fields(clause, first_listed)
