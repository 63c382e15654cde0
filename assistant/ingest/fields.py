"""Structured fields of a clause: lead and responsible units, expected results, numeric targets.

Matching runs on the folded view (half-width punctuation) and returns original substrings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Clause, ClauseFields, Target
from ..text.figures import TARGET_UNITS
from ..text.normalize import fold

# A document that says "列第一位者为牵头单位，下同" makes the first responsible unit the lead of
# that clause and every later one.
FIRST_LISTED_LEADS = re.compile(r"(列|排|排列)(在)?(第一位|首位|第一)(者|的|单位|的单位|部门|的部门)?为牵头(单位|部门)")

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
    if any(re.search(r"(负责|牵头|参与|配合|协助)$", fold(u)) for u in units):
        return []  # a note that says who does what: _note_units reads it or nobody does
    if len(units) >= 2 and sum(bool(UNIT_SUFFIX.search(fold(u))) for u in units) >= 0.6 * len(units):
        return units
    return []


# --------------------------------------------------------------------------- units named without a label
#
# Notes after an item — "（农业农村部负责）", "（商务部牵头，海关总署等按职责分工负责）",
# "（负责部门：商务部、海关总署）" — and the running text of laws and regulations —
# "国务院司法行政部门主管全国的社区矫正工作", "由税务机关负责征收", "市民政部门应当会同市财政部门…",
# "市交通运输主管部门是本市…的行政主管部门", "公安机关牵头负责…". A unit is taken only where it is
# the subject of 负责 / 主管 / 牵头 / 组织(实施) / 会同 (or the one joined by 会同), never where it
# is an object ("向民政部门申请", "报国务院批准", "经公安机关同意"). 牵头 gives a lead; every other
# form gives responsible units, so a unit that 主管/负责 a matter is what "谁负责" is answered with,
# and "谁牵头" is told that the clause names no separate lead. All matching runs on the folded text.

# How a unit phrase ends. Strong words end a unit wherever they stand; a one-character head
# (局 委 办 厅 部 署 院) counts unless the character before makes it an ordinary word (布局, 举办,
# 大厅, 全部, 部署, 医院 …). A bracketed alias may follow: "镇人民政府（街道办事处）", "市委组织部〔招才局〕".
_STRONG_HEADS = (
    "部门|机关|政府|国务院|委员会|办公室|办公厅|总局|海关|法院|检察院|机构|中心|办事处|管委会|总社|工委|"
    "小组|党委|银行|证监会|银保监会|银监会|保监会|总工会|工会|妇联|残联|侨联|文联|工商联|科协|团委|"
    "团中央|红十字会|管理所|派出所|车管所|研究所"
)
_HEAD = (
    rf"(?:{_STRONG_HEADS}"
    r"|(?<![格布结大当全开僵饭骗赌棋变时终败胜定平])局"
    r"|(?<![原])委"
    r"|(?<![兴承主举代督创合开公民协包查交筹接补缓待好停申首快特照重])办"
    r"|(?<![大餐客展歌舞门前])厅"
    r"|(?<![全内外局干总本底东西南北中腹头胸背基顶足乐分各])部"
    r"|(?<![部签连副])署"
    r"|(?<=[法察学究程])院)"
)
_ALIAS = r"(?:[(〔][^()〔〕]{1,20}[)〕])?"
_UNIT_END = re.compile(rf"{_HEAD}{_ALIAS}$")
_HEAD_ANY = re.compile(rf"{_HEAD}{_ALIAS}")

# Words that make a phrase something other than a unit name: verbs, prepositions, modal words,
# punctuation. "负责/主管/的/在" are allowed in the fixed shapes checked in _unit().
_NOT_IN_UNIT = re.compile(
    r"应当|应该|必须|可以|牵头|会同|参与|配合|协助|根据|按照|依照|依法|制定|制订|研究|审查|审核|结合|开展|建立|"
    r"做好|提出|编制|发布|确定|认定|核定|审定|商定|划定|规定|实施|推进|加强|共同|联合|进行|落实|完善|采取|设立|"
    r"决定|拟定|拟订|起草|公布|调整|督促|办理|给予|予以|同意|申请|报告|报送|备案|通报|提供|支持|鼓励|推动|批准|"
    r"认可|核准|委托|授权|指定|责令|处以|没收|吊销|撤销|查处|罚款|处罚|处分|征收|收取|移送|移交|通知|告知|公告|"
    r"公示|听取|征求|接受|负担|承担|组织(?!部)|报(?!社)|等(?!(?:有关|相关)?部门$)|"
    r"[对向将把被使让是为于由其该,.。;:!?\"'“”《》<>\[\]{}0-9A-Za-z\s]"
)
_OK_DE = re.compile(r"^(?:设区的市[^的]*|[^的]*(?:负责|负有|承担|主管)[^的]{1,24}的(?:行政)?(?:部门|机构|机关))$")
_OK_FUZE = re.compile(r"(?:负责|负有|承担|主管)[^的]{1,24}的(?:行政)?(?:部门|机构|机关)$")
# "（以下简称医保经办机构）" after a unit is not part of its name.
_ALIAS_NOTE = re.compile(r"\((?:以下)?(?:简称|称|统称)[^()]*\)$")
_OK_ZHUGUAN = re.compile(r"主管(?=部门|机关|海关|税务|机构)")
# Leading words that are not part of the unit ("由市民政部门", "并由", "各级公安机关").
_TRIM = re.compile(
    r"^(?:并且|并由|而由|均由|统一由|另由|分别由|再由|改由|仍由|交由|由|同时|另外|此外|其中|以及|并|且|及|和|还|也)+"
)
# A phrase starting with these is an object or a clause, not a unit: "经公安机关", "向民政部门", "其上级".
_BAD_START = re.compile(
    r"^(?:经|报|向|对|将|把|被|请|使|让|组织|会同|指导|督促|要求|协调|支持|鼓励|推动|建立|设立|成立|依托|通过|"
    r"根据|按照|依照|在|关于|为|与|给|受|委托|授权|其(?!他|它)|该|此|这|凡|如|若|除|以|于|从|应(?!急)|须|可|已|不|未|无|非|"
    r"单位|个人|任何|负责|主管|下列|下述|上述|前款|前述|本条|以下|一个|一|两个|多个|某|每|任一|同一)"
)
# Units that name nobody in particular ("有关部门", "国务院其他有关部门", "县级以上人民政府有关部门").
_PLACE = re.compile(
    r"^(?:国务院|国家|中央|全国|县级以上地方|县级以上|设区的市级|设区的市|地级以上市|自治区|直辖市|自治州|自治县|"
    r"地方|省级|市级|县级|区级|乡级|镇级|本级|同级|上一级|上级|当地|所在地|各级|各|省|市|县|区|乡|镇|"
    r"人民政府|政府|[、()〔〕])*"
)
_VAGUE = re.compile(r"^(?:(?:其他|其它)?(?:有关|相关)?(?:职能|行政|行业|业务)?(?:主管)?(?:部门|机关|单位|机构|方面)?)$")
_VAGUE_END = re.compile(r"(?:有关|相关|其他|其它|各自|职能|行业)的?(?:行政)?(?:主管)?(?:部门|机关|单位|机构|方面)$")
_BARE = {"人民政府", "政府", "党委", "部门", "机关", "办公室", "中心", "委员会", "机构", "小组", "领导小组", "办事处"}
_SEPARATORS = ("以及", "或者", "、", "和", "及", "与", "或")
# A list with one of these in it names people or businesses, not the units of government.
_NOT_GOVERNMENT = re.compile(
    r"(?:单位|企业|个人|人|组织|公司|学校|医院|者|协会|商会|医疗卫生机构|医疗机构|金融机构|培训机构|服务机构|中介机构)$"
)


def _unit(u: str) -> tuple[int, int] | None | bool:
    """Where the unit name lies in the folded phrase u (leading 由/并由/各级 … trimmed):
    (start, end); False when u is a unit but names nobody in particular; None when u is no unit."""
    start = 0
    m = _TRIM.match(u)
    if m:
        start = m.end()
    body = u[start:]
    if body.startswith("各级"):
        rest = body[2:]
        if rest and rest not in _BARE:
            start += 2
    elif body.startswith("各") and not body.startswith("各自") and len(body) > 1 and body[1:] not in _BARE:
        start += 1
    end = len(u)
    alias = _ALIAS_NOTE.search(u, start)
    if alias and alias.start() > start:
        end = alias.start()
    body = u[start:end]
    if not (2 <= len(body) <= 40) or not _UNIT_END.search(body) or _BAD_START.match(body):
        return None
    check = _OK_ZHUGUAN.sub("", body)
    if "的" in check or "负责" in check:
        if not _OK_DE.match(body):
            return None
        check = _OK_FUZE.sub("部门", check).replace("设区的市", "设区市")
    if "在" in check.replace("所在", ""):
        return None
    if "主管" in check or "负责" in check or _NOT_IN_UNIT.search(re.sub("其他|其它", "", check)):
        return None
    if body in _BARE or "其他" in body or "其它" in body or _VAGUE_END.search(body):
        return False
    residual = _PLACE.sub("", body)
    if residual and _VAGUE.match(residual) and (re.search(r"有关|相关|职能|行业|业务", residual) or len(residual) <= 6):
        return False
    return start, end


def _split_pieces(s: str) -> list[tuple[int, int, str]]:
    """(start, end, separator before) of the pieces of s split on 、和及以及与 outside brackets."""
    pieces, depth, i, cur, sep = [], 0, 0, 0, ""
    while i < len(s):
        ch = s[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            hit = next((w for w in _SEPARATORS if s.startswith(w, i)), None)
            if hit:
                pieces.append((cur, i, sep))
                sep, cur = hit, i + len(hit)
                i += len(hit)
                continue
        i += 1
    pieces.append((cur, len(s), sep))
    return pieces


def _unit_list(s: str, *, strip_etc: bool = True) -> list[tuple[int, int]] | None:
    """Spans (in the folded phrase s) of the units listed in s: "国务院建设部门、发展改革部门",
    "商务部、海关总署等有关部门", "扶贫办、商务部等和各有关省级人民政府". A piece that is no unit
    on its own is joined to the next ("市、县人民政府", "国务院财政、税务主管部门", "工业和信息化部").
    None when s is not a list of units; vague units ("有关部门") are left out."""
    s_end = len(s)
    m = re.search(r"等(?:有关|相关)?(?:部门|单位|机构)?$", s) if strip_etc else None
    if m and m.start() > 0:
        s_end = m.start()
    spans: list[tuple[int, int]] = []
    cur_start: int | None = None
    for a, b, _sep in _split_pieces(s[:s_end]):
        piece_end = b
        sub = s[a:b]
        etc = re.search(r"等(?:有关|相关)?(?:部门|单位|机构)?$", sub) if strip_etc else None
        if etc and etc.start() > 0:
            piece_end = a + etc.start()
        if cur_start is None:
            cur_start = a
        if _NOT_GOVERNMENT.search(s[a:piece_end]):
            return None
        phrase = s[cur_start:piece_end]
        if _UNIT_END.search(phrase) and _unit(phrase) is not None:
            found = _unit(phrase)
            if found:
                spans.append((cur_start + found[0], cur_start + found[1]))
            cur_start = None
        elif etc and etc.start() > 0:
            # "交通、水务和体育等部门": the domains share the head after 等.
            if not s.startswith("部门", b - 2):
                return None
            found = _unit(s[cur_start:b])
            if found is None:
                return None
            if found:
                spans.append((cur_start + found[0], cur_start + found[1]))
            cur_start = None
    if cur_start is not None:
        if strip_etc:
            return _unit_list(s, strip_etc=False)  # "交通、水务和体育等部门" is one unit phrase
        return None
    return spans


def _units_at(text: str, folded: str, start: int, end: int) -> list[str] | None:
    spans = _unit_list(folded[start:end])
    if spans is None:
        return None
    return [text[start + a : start + b] for a, b in spans]


# ---- notes after an item: "（农业农村部负责）"

_NOTE = re.compile(r"\(((?:[^()]|\([^()]{1,20}\)){2,300})\)")  # one level of brackets inside: 县（市、区）
_NOTE_LABEL = re.compile(
    r"(?P<role>牵头|责任|负责|主责|主办|配合|参与|协办|协同|协助)(?:单位|部门)(?:为|:)(?P<units>.+)$"
)
_NOTE_VERB = re.compile(
    r"(?P<units>.+?)(?P<how>按(?:照)?职责分工|按(?:照)?职责|依职责|分别|共同)?"
    r"(?P<verb>牵头负责|牵头|负责|参与|配合|协助|参加|落实)$"
)
# "各地区配合", "有关部门参与": a part naming nobody in particular is passed over.
_NOTE_VAGUE = re.compile(r"^(?:各|有关|相关|其他|其它)[^,;]{0,15}$")
_NOTE_TIME = re.compile(
    r"^(?:(?:\d{4}年)?[^,;]{0,12}(?:前|底|内|起)(?:完成|出台|落实|实施)?"
    r"|持续推进|长期坚持|持续实施|逐步推进|长期推进)$"
)


@dataclass
class UnitNote:
    """One bracketed note of units ("（体育总局、教育部负责）") and the span of clause text it
    covers: from the end of the note before it (or the clause's start) to its own end."""

    start: int
    end: int
    lead: list[str]
    responsible: list[str]


def unit_notes(text: str) -> list[UnitNote]:
    """Every note of units in a clause, in order. A note counts only when every part of it is a
    unit statement (or the first-listed-leads rule, or a deadline), so "（以下简称全国系统）" is never
    read as units. An item of a State Council 意见 may carry several ("…体育场馆安保等级评价制度。
    （公安部、应急部负责）"): each note is about the sentences before it."""
    folded = fold(text)
    notes: list[UnitNote] = []
    covered = 0
    for m in _NOTE.finditer(folded):
        parts, pos = [], m.start(1)
        for piece in re.split(r"([,;])", folded[m.start(1) : m.end(1)]):
            if piece not in (",", ";"):
                parts.append((pos, pos + len(piece)))
            pos += len(piece)
        n_lead, n_resp, ok = [], [], True
        for a, b in parts:
            while a < b and folded[a].isspace():
                a += 1
            while b > a and folded[b - 1].isspace():
                b -= 1
            part = folded[a:b]
            if not part or FIRST_LISTED_LEADS.search(part) or part == "下同" or _NOTE_TIME.match(part):
                continue
            lab = _NOTE_LABEL.match(folded, a, b)
            verb = _NOTE_VERB.match(folded, a, b)
            units: list[str] | None = None
            if lab:
                units = _units_at(text, folded, lab.start("units"), b)
                into = n_lead if lab.group("role") == "牵头" else n_resp
            elif verb:
                u_start, u_end = verb.start("units"), verb.end("units")
                k = folded.find("会同", u_start, u_end)
                if k >= 0:  # "商务部会同海关总署负责"
                    first, second = _units_at(text, folded, u_start, k), _units_at(text, folded, k + 2, u_end)
                    units = first + second if first and second is not None else None
                else:
                    units = _units_at(text, folded, u_start, u_end)
                into = n_lead if verb.group("verb").startswith("牵头") else n_resp
            if units:
                into.extend(units)
            elif not _NOTE_VAGUE.match(part):
                ok = False
                break
        if ok and (n_lead or n_resp):
            lead = list(dict.fromkeys(n_lead))
            notes.append(UnitNote(covered, m.end(), lead, [u for u in dict.fromkeys(n_resp) if u not in lead]))
            covered = m.end()
    return notes


def _note_units(text: str) -> tuple[list[str], list[str]] | None:
    """(lead, responsible) named in all the clause's notes, in order; None when it has none."""
    notes = unit_notes(text)
    if not notes:
        return None
    lead = list(dict.fromkeys(u for n in notes for u in n.lead))
    resp = list(dict.fromkeys(u for n in notes for u in n.responsible))
    return lead, [u for u in resp if u not in lead]


# ---- running text: "国务院司法行政部门主管全国的社区矫正工作"

_SENTENCE = re.compile(r"[^。;!?\n]+")
_ITEM_MARK = re.compile(
    r"\s*(?:第[一二三四五六七八九十百千零〇两\d]+条|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+[、.]|\d+[.、]|[①-⑳])?\s*"
)
_VERB = re.compile(
    r"牵头(?!单位|部门|的|作用|工作|人)"
    r"|负责(?!人|同志|的)"
    r"|主管(?!部门|机关|人员|单位|海关|税务|领导|机构|科室|的)"
    r"|组织实施|组织(?=开展|编制|制定|制订|拟定|拟订|起草|评审|验收|检查|调查|协调|推进|落实|召开|领导|指导|建设|审定|论证)"
    r"|会同"
    r"|(?:是|为)[^,;。]{0,40}?的?(?:行政)?主管(?:部门|机关)(?=[,;。]|$)"
)
# Between the subject and its verb: "市民政部门应当会同…", "…等部门在各自职责范围内，负责…".
_MODS = re.compile(
    r"(?:应当|应|要|须|必须|还|也|并|可以|依法|具体|统一|共同|分别|主要|积极|切实|仍|继续|进一步|另行|"
    r"按照(?:各自)?(?:的)?职责(?:分工)?|按职责分工|依照(?:各自)?(?:的)?职责|依据职责|根据(?:各自)?(?:的)?职责|"
    r"在[^,]{0,20}?(?:职责范围内|领导下),?)+$"
)
_FOLLOWERS = re.compile(
    r"[,、]?(?P<units>[^,;。]{2,80}?)(?:按(?:照)?职责分工|分别|共同)?(?:参与|配合|协助|参加|按(?:照)?职责分工负责)"
)
# Not after a preposition: "可以对由下级部门负责监管的经营者…" is about the 经营者.
_YOU = re.compile(r"(?<![自缘来因借对把向与从给按为])由")  # "将由信息产业部牵头" is 由 too
# "国务院负责传统工艺美术保护工作的部门", "公安机关主管公安派出所工作的部门": the verb is inside a unit name.
_IN_NAME = re.compile(r"[^,;。的]{1,24}的(?:行政)?(?:部门|机构|机关)")
# "中央宣传部会同…拟定的《…规定》已经国务院同意": the units are inside a noun phrase, not the subject.
# "…负责社区戒毒工作的人员有下列行为之一的": the verb is inside a noun phrase too.
_RELATIVE = re.compile(r"[^,;。]*?的(?:《|(?:工作)?人员|人(?!民))")


def _subject(text: str, folded: str, seg: int, end: int) -> list[str] | None:
    """The units that are the subject of a verb at `end`, the subject starting at the segment
    start `seg` or right after a 由 within it. None when there is none."""
    starts = [seg] + [m.end() for m in _YOU.finditer(folded, seg, end)]
    for st in starts:
        region_end = end
        mods = _MODS.search(folded, st, end)
        if mods:
            region_end = mods.start()
        if region_end - st < 2:
            continue
        units = _units_at(text, folded, st, region_end)
        if units is not None:
            return units
    return None


def _units_after(text: str, folded: str, start: int, end: int) -> list[str]:
    """The longest list of units that starts at `start` ("会同市财政部门和市残联拟订…")."""
    ends = sorted({m.end() for m in _HEAD_ANY.finditer(folded, start, end)}, reverse=True)
    for e in ends:
        units = _units_at(text, folded, start, e)
        if units is not None:
            # "会同国务院管理机关事务工作的机构": the name runs on; better no unit than half of one.
            return [] if _IN_NAME.match(folded, e, end) else units
    return []


def running_text_units(text: str, folded: str | None = None) -> tuple[list[str], list[str], list[str]]:
    """(lead, responsible, forms) named in running text, in order; `forms` says which verbs
    gave them (for reports)."""
    folded = fold(text) if folded is None else folded
    lead: list[str] = []
    resp: list[str] = []
    forms: list[str] = []

    def add(units: list[str], into: list[str], form: str) -> None:
        new = [u for u in units if u not in into]
        if new:
            into.extend(new)
            forms.append(form)

    for sent in _SENTENCE.finditer(folded):
        s0 = _ITEM_MARK.match(folded, sent.start(), sent.end()).end()
        if folded.startswith("请", s0):
            # A 国办 notice assigns a task by asking: "请财政部落实…", "请科技部会同…".
            comma = folded.find(",", s0, sent.end())
            add(_units_after(text, folded, s0 + 1, sent.end() if comma < 0 else comma), resp, "请")
        for v in _VERB.finditer(folded, s0, sent.end()):
            if v.group() in ("负责", "主管") and _IN_NAME.match(folded, v.end(), sent.end()):
                continue
            comma = folded.rfind(",", s0, v.start())
            seg = s0 if comma < 0 else comma + 1
            if not folded[seg : v.start()].strip() or _MODS.fullmatch(folded, seg, v.start()):
                # "…等部门在各自职责范围内，负责…": the subject stands before the comma.
                if comma < 0 or not re.search(r"(?:职责范围内|领导下|职责分工)$", folded[s0:comma]):
                    continue
                prev = folded.rfind(",", s0, comma)
                seg = s0 if prev < 0 else prev + 1
                subj = _subject(text, folded, seg, comma)
            else:
                subj = _subject(text, folded, seg, v.start())
            if not subj:
                continue
            verb = v.group()
            seg_end = folded.find(",", v.end(), sent.end())
            seg_end = sent.end() if seg_end < 0 else seg_end
            if _RELATIVE.match(folded, v.end(), seg_end):
                continue
            if verb == "牵头":
                add(subj, lead, "牵头")
                after = v.end()
                if folded.startswith("负责", after):
                    continue
                if folded.startswith("会同", after):
                    add(_units_after(text, folded, after + 2, seg_end), resp, "牵头会同")
                    continue
                f = _FOLLOWERS.match(folded, after, sent.end())
                if f:
                    others = _units_at(text, folded, f.start("units"), f.end("units"))
                    if others:
                        add(others, resp, "牵头+参与")
            elif verb == "会同":
                add(subj, resp, "会同")
                add(_units_after(text, folded, v.end(), seg_end), resp, "会同")
            elif verb.startswith(("是", "为")):
                add(subj, resp, "是主管部门")
            else:
                add(subj, resp, "组织" if verb.startswith("组织") else verb)
    return lead, [u for u in resp if u not in lead], forms


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
        notes = _note_units(text)
        if notes:
            fields.lead_units, fields.responsible_units = notes
            if fields.lead_units:
                fields.lead_rule = "verb"
        else:
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

    if not fields.responsible_units and fields.lead_rule in (None, "verb"):
        # Neither a label nor a note: the units running text makes responsible.
        lead, resp, _ = running_text_units(text, folded)
        if lead:
            fields.lead_units = fields.lead_units + [u for u in lead if u not in fields.lead_units]
            fields.lead_rule = "verb"
        fields.responsible_units = [u for u in resp if u not in fields.lead_units]

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
