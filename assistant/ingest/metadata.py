"""Document metadata: what the text states about itself — title, issuing body, document number,
dates, region, validity. Anything the text does not state stays None; nothing is guessed."""

from __future__ import annotations

import re

from ..records import DocumentMeta
from .clean import CleanText, fold

# Labelled fields as government sites print them: "•【字号】金政办发〔2018〕106号", "发文字号: …".
_FIELD = re.compile(
    r"(?:【(?P<k1>[^】]{2,8})】|(?P<k2>索引号|主题分类|发文机关|制定机关|成文日期|发布日期|公布日期|施行日期|生效日期|"
    r"发文字号|文号|字号|废止时间|效力等级|效力级别|时效性|有效性|公开方式))\s*[:]?\s*"
    r"(?P<v>.*?)(?=\s+(?:索引号|主题分类|发文机关|成文日期|发文字号|废止时间)\s*:|$)",
    re.M,
)
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[(（【]\s*(?:19|20)\d{2}\s*[〕\])）】]\s*\d{1,4}\s*号")
_DATE = re.compile(r"((?:19|20)\d{2})\s*(?:[年.\-/]|\s)\s*(\d{1,2})\s*(?:[月.\-/])\s*(\d{1,2})\s*日?")
_WRAPPED_TITLE = re.compile(r"关于(?:印发|对|转发|公布|发布)?《(?P<t>[^》]{4,80})》的(?:通知|公示|公告|通告)")
_APPROVED_TITLE = re.compile(r"^《(?P<t>[^》]{4,80})》已经")
_DOC_TYPE = r"(?:方案|意见|计划|办法|规定|细则|通知|决定|纲要|规划|措施|条例|公告|通告|批复)"
_TITLE_LINE = re.compile(rf"^(?P<t>[^,。;:!?]{{4,80}}?{_DOC_TYPE}(?:\s*[(（][^)）]{{4,20}}[)）])?)$")
_TITLE_PREFIX = re.compile(rf"^(?P<t>[^,。;:!?\s]{{4,40}}?{_DOC_TYPE})(?=为|根据|按照|依据|以)")
_SHARE_TITLE = re.compile(r"《(?P<t>[^》]{4,80}?)\.(?:docx?|pdf|wps)》")
_ISSUER_PREFIX = re.compile(
    r"^(?P<i>[\u4e00-\u9fff]{2,30}?(?:人民政府办公厅|人民政府办公室|办公厅|办公室|人民政府|委员会|局|厅))\s*关于"
)
_SIGNATURE = re.compile(
    r"(?P<i>[\u4e00-\u9fff]{2,30}(?:办公厅|办公室|人民政府|委员会|局|厅))\s*\n?\s*"
    r"(?P<d>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)
_REGION = re.compile(r"^(?P<r>[\u4e00-\u9fff]{2,7}?(?:自治区|特别行政区|省|市|自治州|州|盟|县|区|旗))")
_KNOWN_PROVINCES = ("北京市", "天津市", "上海市", "重庆市")


def iso_date(s: str | None) -> str | None:
    if not s:
        return None
    m = _DATE.search(fold(s))
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


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


def _title(raw: str, clean: CleanText) -> str | None:
    head = clean.text[:1500]
    lines = [ln.strip() for ln in head.splitlines() if ln.strip()]
    # A notice that publishes the document names it: "关于印发《X》的通知" — X is the document.
    joined = re.sub(r"\s+", "", head)
    m = _WRAPPED_TITLE.search(fold(joined))
    if m:
        return joined[m.start("t"): m.end("t")]
    for ln in lines:
        m = _APPROVED_TITLE.match(ln)
        if m:
            return m.group("t")
    for ln in lines[:8]:
        compact = re.sub(r"\s+", "", ln)
        m = _TITLE_LINE.match(fold(compact))
        if m and "关于" not in compact[:2]:
            return compact[: m.end("t")]
        m = _TITLE_PREFIX.match(fold(compact))
        if m:
            return compact[: m.end("t")]
    m = _SHARE_TITLE.search(raw[:600])
    return m.group("t") if m else None


def _issuer(fields: dict[str, str], clean: CleanText) -> str | None:
    head = clean.text[:400]
    for ln in head.splitlines()[:4]:
        m = _ISSUER_PREFIX.match(re.sub(r"\s+", "", ln))
        if m:
            return m.group("i")
    stated = _first(fields, "制定机关", "发文机关", "发布机构")
    if stated:
        return stated
    sig = _SIGNATURE.search(clean.text)
    return sig.group("i") if sig else None


def _region(*names: str | None) -> str | None:
    for name in names:
        if not name:
            continue
        name = re.sub(r"\s+", "", name)
        if name.startswith(_KNOWN_PROVINCES):
            return name[:3]
        m = _REGION.match(name)
        if m and not m.group("r").startswith(("关于", "省政府", "市政府", "县政府", "新时代")):
            return m.group("r")
    return None


def extract_metadata(raw: str, clean: CleanText) -> DocumentMeta:
    fields = _fields(raw)
    title = _title(raw, clean)
    issuer = _issuer(fields, clean)
    number = _first(fields, "字号", "发文字号", "文号")
    if not number:
        # A document number standing alone on a header line (not one cited in running text).
        for ln in clean.text[:800].splitlines():
            m = DOC_NUMBER.fullmatch(re.sub(r"\s+", "", fold(ln)))
            if m:
                number = re.sub(r"\s+", "", ln)
                break
    sig = _SIGNATURE.search(clean.text)
    written = iso_date(_first(fields, "成文日期")) or (iso_date(sig.group("d")) if sig else None)
    published = iso_date(_first(fields, "公布日期", "发布日期"))
    if published is None:
        # A public-comment notice carries its posting time ("2018-08-27 17:04:17").
        m = re.search(r"公示|征求意见", raw[:600]) and re.search(r"(20\d{2}-\d{2}-\d{2})\s+\d{2}:\d{2}", raw[:600])
        published = m.group(1) if m else None
    attributes = {k: v for k, v in fields.items() if k not in ("字号", "发文字号", "文号")}
    head = fold(clean.text[:600])
    drafter = re.search(r"(?:^|\n)(?P<d>[市省县区][\u4e00-\u9fff]{1,10}?(?:局|委|办|厅))[^。\n]{0,30}牵头起草", head)
    if drafter:
        attributes["起草单位"] = drafter.group("d")
    addressee = re.search(r"(?:^|\n)(各[^。\n:]{2,60}):\s*(?:\n|$)", fold(clean.text[:1200]))
    if addressee:
        attributes["主送机关"] = clean.text[addressee.start(1):addressee.end(1)]
    if re.search(r"[(]此件公开发布[)]", fold(clean.text[-300:])):
        attributes["公开属性"] = "此件公开发布"
    stage = re.search(r"[(](送审稿|征求意见稿|草案|试行)[)]", head)
    if stage:
        attributes["文稿状态"] = stage.group(1)
    return DocumentMeta(
        title=title,
        issuer=issuer,
        doc_number=number,
        written_date=written,
        published_date=published,
        effective_date=iso_date(_first(fields, "施行日期", "生效日期")),
        region=_region(issuer, title),
        validity=_first(fields, "时效性", "有效性"),
        attributes=attributes,
    )
