"""Figures and money as policy texts state them: "1000家以上", "5万元", "85%". Each list below
serves one reader; they live together so that a new unit is added in one place."""

from __future__ import annotations

import re

MONEY_UNITS = "万元|亿元|元|万|亿"
# Units a target is counted in ("达到1000家以上", "PM2.5浓度35微克/立方米"), longest first.
TARGET_UNITS = (
    "%|‰|万亿元|亿元|万元/人|万元|元/人|元|万台次|台次|万批次|批次|万台|台|万家|家|万人年|万人|人/年|人年|人次|"
    r"人\(个\)|人|名|个|项|件|所|场次|场|亿|万|微克/立方米|平方米|亩|倍|次|家次|座|条|套"
)
# Numbers as laws and notices write them: digits, or Chinese numerals ("二十万元", "五千元", "十五日").
CN_NUM = "[零〇一二三四五六七八九十百千两][零〇一二三四五六七八九十百千万两]*"
NUM = rf"(?:\d+(?:\.\d+)?|{CN_NUM})"
# Lengths, areas, weights and volumes a rule or a plan states ("全长7.8公里", "41.565公顷", "二百毫升").
MEASURES = (
    "平方公里|平方千米|平方米|立方米|公里|千米|公顷|亩|毫米|厘米|米|吨|千克|公斤|毫克|微克|克|毫升|升|摄氏度|分贝"
)
# The units a measure asked for may be written in ("多少天" is answered in 日 or 个工作日).
SAME_MEASURE = {
    "天": ("天", "日", "个工作日", "工作日"),
    "日": ("日", "天", "个工作日", "工作日"),
    "月": ("月", "个月"),
    "人": ("人", "名"),
    "名": ("名", "人"),
    "个": ("个", "大"),  # "多少个重点领域": "10大重点领域"
    "米": ("米", "公里", "千米", "厘米"),  # "多远": "200米范围内"
    "度": ("度", "摄氏度"),  # "最低要保证多少度": "不低于十八摄氏度"
    "岁": ("周岁", "岁"),  # "多大年纪": "未满18周岁"
    "平方米": ("平方米", "亩", "公顷", "平方公里"),  # "能批多大": "150平方米"
    "元": ("元", "万元", "亿元", "千元", "百元"),  # "多少元": "5万元"
    "时长": ("个工作日", "工作日", "个月", "周岁", "小时", "分钟", "日", "天", "年", "周"),
}


# The measures a period is asked in ("多少年", "多久").
PERIODS = frozenset({"时长", "年", "个月", "月", "天", "日"})
# Measures no figure in another measure answers: a multiple is stated as one ("三倍"), a discount as one
# ("打8折", "免费"), hours and minutes as such ("多少小时内通知" is not answered by "立即"); where the
# clauses found state none, the documents do not give it.
ONLY_ITS_OWN = frozenset({"倍", "折", "小时", "分钟"})


def figure_in(measure: str, text: str) -> bool:
    """Whether the text states a number in the measure ("554套" for 套, "30日内" for 天)."""
    if measure == "折":  # a discount: "打8折", "半价", or none to pay at all
        return bool(re.search(rf"(?:\d+(?:\.\d+)?|{CN_NUM})\s*折|半价|免费|免收|免交", text))
    if measure == "倍":  # a multiple: "三倍", "2倍以上5倍以下", "加倍", "双倍"
        return bool(MULTIPLE.search(text) or re.search(r"加倍|双倍|翻倍|翻番", text))
    if measure in PERIODS and re.search(r"永久|终身|长期有效", text):
        return True  # "保存多少年": "永久保存" is the answer, a period without end
    units = "|".join(SAME_MEASURE.get(measure, (measure,)))
    # A period is never a year or a date ("2019年", "3月1日"): at most three digits, not after 月;
    # a count of days is not a date's day either, nor a count of months a date's month ("2025年12月").
    if measure == "时长":
        digits = r"(?<![\d月])\d{1,3}(?:\.\d+)?(?!\d)"
    elif measure in ("天", "日"):
        digits = r"(?<![\d月])\d+(?:\.\d+)?"
    elif measure == "月":
        digits = r"(?<![\d年])\d+(?:\.\d+)?"
    else:
        digits = r"\d+(?:\.\d+)?"
    return bool(re.search(rf"(?:{digits}|{CN_NUM})\s*(?:{units})", text))


# Shares written out: "三分之一", "百分之十".
FRACTION = rf"(?:{CN_NUM}|\d+)分之(?:{CN_NUM}|\d+)"
# Periods a rule sets ("30日内", "12个月", "有效期五年"); two or three digits at most, so a year is not one.
PERIOD_UNITS = "个工作日|工作日|个月|周岁|小时|分钟|日|天|年|岁"
# A figure that states an amount: a number with a unit, a period, or a Chinese numeral with a measure word.
FIGURE = re.compile(
    # Points, as a points system counts them ("总积分满150分", "一次记12分"), not a share ("百分之十").
    rf"\d+(?:\.\d+)?\s*(%|‰|{MONEY_UNITS}|家|个|人|名|项|件|所|场|台|次|倍|{MEASURES}|批|套|座|辆|户|张|份|分(?![之钟]))|"
    rf"(?<![\d月])\d{{1,3}}\s*({PERIOD_UNITS})|"
    rf"{CN_NUM}\s*({MONEY_UNITS}|倍|{MEASURES})|"
    rf"(?<![〇零一二三四五六七八九十百千两\d月])[一二三四五六七八九十百两]{{1,3}}({PERIOD_UNITS})|"
    rf"{FRACTION}|"
    # A Chinese numeral with a measure word ("六个", "五千人"), not an article label ("第十二条").
    rf"(?<![第〇零一二三四五六七八九十百千万两]){CN_NUM}(个|家|项|大|类|所|条|名|人|次(?!会议)|件|台|套)"
)
# A national text leaving the figure to each province ("具体比例由省、自治区、直辖市人民政府根据本地区的
# 实际情况规定", "收费标准由省级人民政府价格主管部门制定"): it states no place's own figure.
LEFT_TO_PLACES = re.compile(
    r"(具体|标准|比例|数额|金额|幅度|办法)[^。；;]{0,12}由[^。；;]{0,6}(省、自治区、直辖市|省级|地方各级|地方)"
    r"[^。；;]{0,30}(规定|制定|确定)"
)
# A sum stated as a multiple of a sum of money ("上一年度全国城镇居民人均可支配收入的20倍", "交易额10倍").
MONEY_MULTIPLE = re.compile(rf"(?:收入|工资|金额|价款|价格|费用|(?<!限)额|款)[^，,。；;]{{0,6}}?{NUM}\s*倍(?!以上的)")
MONEY_FIGURE = re.compile(rf"{NUM}\s*(?:{MONEY_UNITS})")  # a sum of money stated ("2250元"), not a share
MONEY = re.compile(rf"{NUM}\s*({MONEY_UNITS})|奖补|奖励|补助|补贴|资助|资金|基金")
AMOUNT = re.compile(rf"{NUM}\s*({MONEY_UNITS}|%)|{FRACTION}")
# An amount stated as a multiple of another ("骗取金额二倍以上五倍以下的罚款").
MULTIPLE = re.compile(rf"{NUM}\s*倍")


def states_fine(text: str) -> bool:
    """ "处二万元以上二十万元以下罚款", "处骗取金额二倍以上五倍以下的罚款": a fine with its amount."""
    return "罚" in text and bool(AMOUNT.search(text) or MULTIPLE.search(text))


# Any number an answer states, with its unit when it has one (what a citation must contain).
STATED_NUMBER = re.compile(rf"\d+(?:\.\d+)?(?:%|{MONEY_UNITS}|家|个|人|项|件|所|名|台|场)?")


# -- An asker's own figure ("我今年40岁", "室温只有15度") and the ranges rules state of it
# ("满35周岁至未满45周岁", "室温高于或者等于十四摄氏度、低于十六摄氏度的").

_N = rf"(?:\d{{1,3}}(?:\.\d+)?|{CN_NUM})"
# What a person says of themselves or their case that rules divide into bands: the units texts write
# each in, and how a question states it (a question's bare "度" is a temperature after digits, not
# "1度电"; a text writes 摄氏度).
_TEXT_UNITS = {"岁": r"(?:周岁|岁)", "公斤": r"(?:公斤|千克)", "度": r"(?:摄氏度|℃)", "平方米": r"(?:平方米)"}
_ASKED_UNITS = {
    "岁": rf"(?<![多少几第\d.])(?P<n>{_N})\s*(?:周岁|岁)",
    "公斤": rf"(?<![多少几第\d.])(?P<n>{_N})\s*(?:公斤|千克)",
    "度": r"(?<![\d.])(?P<n>\d{1,2}(?:\.\d)?)\s*(?:摄氏度|℃|度)(?!电)",
    "平方米": rf"(?<![多少几第\d.])(?P<n>{_N})\s*(?:平方米|平米|㎡)",
}
_NOT_OWN = r"(?!以上|以下|以内|至|到|及)"
# Ages are whole years: "45周岁以下" takes in 45 and a half, and "超过60周岁" is from 60 as rules
# mean it; other measures are read as written.
_TOP = {"岁": 200.0}
_EPS = 1e-6


def _patterns(kind: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    u = _TEXT_UNITS[kind]
    band = re.compile(  # both ends: "十六周岁至二十五周岁", "18-60岁", "年满60周岁不满65周岁"
        rf"(?P<lo_not>未满|不满)?(?:年满|满)?(?P<lo>{_N}){u}?"
        rf"(?:\s*(?:至|到|-|－|—|~|～)\s*|(?<=[岁克斤度℃米])(?=不满|未满))"
        rf"(?P<hi_not>未满|不满)?(?:年满|满)?(?P<hi>{_N})\s*{u}(?P<hi_tail>以下|以内|以上)?"
    )
    below = re.compile(rf"(?:未满|不满|不足|低于|少于|小于)(?P<n>{_N})\s*{u}|(?P<m>{_N})\s*{u}(?:以下|以内)")
    above = re.compile(
        rf"(?:年满|(?<![未不])满|超过|高于或者等于|高于或等于|不低于|不少于|高于|大于)(?P<n>{_N})\s*{u}(?!以下|至|到|-)|"
        rf"(?P<m>{_N})\s*{u}(?:以上|及以上)"
    )
    return band, below, above


_PATTERNS = {kind: _patterns(kind) for kind in _TEXT_UNITS}


def without_ages(text: str) -> str:
    """The text with its ages ("年满18周岁", "35周岁至45周岁") taken out."""
    return without_own(text, {"岁"})


def without_own(text: str, kinds: set[str]) -> str:
    """The text with its figures of these kinds taken out: they are the asker's, not an answer."""
    for kind in kinds:
        text = re.sub(rf"{_N}\s*{_TEXT_UNITS[kind]}", "", text)
    return text


def _num(s: str) -> float:
    from .numerals import cn_to_int

    return float(s) if re.fullmatch(r"\d+\.\d+", s) else cn_to_int(s)


def age_bands(text: str) -> list[tuple[float, float]]:
    """The age bands a text states, as [low, high) in years."""
    return bands(text, "岁")


def bands(text: str, kind: str) -> list[tuple[float, float]]:
    """The bands of a measure a text states, as [low, high): both ends in one phrase, a lower and an
    upper end in one part of a sentence ("超过十五公斤不足三十公斤", "高于或者等于十四摄氏度、低于十六
    摄氏度"), or one end alone."""
    whole_years = kind == "岁"
    top = _TOP.get(kind, float("inf"))
    band, below, above = _PATTERNS[kind]
    found: list[tuple[float, float]] = []
    taken: list[tuple[int, int]] = []
    for m in band.finditer(text):
        lo, hi = _num(m.group("lo")), _num(m.group("hi"))
        if not (0 <= lo < hi < 1e6):
            continue
        # "满35周岁至未满45周岁" excludes 45; "十六周岁至二十五周岁" includes 25.
        found.append((lo, hi if m.group("hi_not") else hi + (1 if whole_years else _EPS)))
        taken.append(m.span())
    ends: list[tuple[int, float, float]] = []  # (where, low, high) of each one-ended phrase
    for pattern, is_below in ((below, True), (above, False)):
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            n = _num(m.group("n") or m.group("m"))
            if is_below:  # "未满35周岁" under 35; "45周岁以下" with 45
                ends.append((m.start(), 0.0, n if m.group("n") else n + (1 if whole_years else _EPS)))
            else:  # "年满60周岁", "十六周岁以上" from there on; "超过十五公斤" past it
                strict = not whole_years and m.group("n") and re.match(r"超过|高于(?!或)|大于", m.group(0))
                ends.append((m.start(), n + _EPS if strict else n, top))
    ends.sort()
    i = 0
    while i < len(ends):
        where, lo, hi = ends[i]
        if i + 1 < len(ends) and not re.search(r"[，,；;。：:]", text[where : ends[i + 1][0]]):
            lo2, hi2 = ends[i + 1][1:]
            if (lo == 0.0) != (lo2 == 0.0):  # a lower and an upper end of the same case
                found.append((max(lo, lo2), min(hi, hi2)))
                i += 2
                continue
        found.append((lo, hi))
        i += 1
    return found


def own_figures(question: str) -> list[tuple[float, str]]:
    """The figures a question gives about the asker or their case, each with its kind ("我今年40岁"
    → [(40, "岁")], "室温只有15度" → [(15, "度")]); not a figure asked for ("多少岁") or a bound
    ("60岁以上")."""
    out = []
    for kind, pattern in _ASKED_UNITS.items():
        for m in re.finditer(pattern + _NOT_OWN, question):
            n = _num(m.group("n"))
            if 0 < n < (130 if kind == "岁" else 1e6):
                out.append((n, kind))
    return out


def states_own_figure(figure: tuple[float, str], text: str) -> bool | None:
    """Whether a text's bands take in the asker's figure: True when one does, False when it states
    bands and none does, None when it states none."""
    value, kind = figure
    found = bands(text, kind)
    if not found:
        return None
    return any(lo <= value < hi for lo, hi in found)
