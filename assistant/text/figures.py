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
# Lengths, areas, weights and volumes a rule or a plan states ("全长7.8公里", "41.565公顷").
MEASURES = "平方公里|平方千米|平方米|立方米|公里|千米|公顷|亩|米|吨|千克|公斤|微克"
# The units a measure asked for may be written in ("多少天" is answered in 日 or 个工作日).
SAME_MEASURE = {
    "天": ("天", "日", "个工作日", "工作日"),
    "日": ("日", "天", "个工作日", "工作日"),
    "月": ("月", "个月"),
    "人": ("人", "名"),
    "名": ("名", "人"),
    "个": ("个", "大"),  # "多少个重点领域": "10大重点领域"
    "时长": ("个工作日", "工作日", "个月", "周岁", "小时", "分钟", "日", "天", "年", "周"),
}


def figure_in(measure: str, text: str) -> bool:
    """Whether the text states a number in the measure ("554套" for 套, "30日内" for 天)."""
    units = "|".join(SAME_MEASURE.get(measure, (measure,)))
    # A period is never a year or a date ("2019年", "3月1日"): at most three digits, not after 月.
    digits = r"(?<![\d月])\d{1,3}(?:\.\d+)?(?!\d)" if measure == "时长" else r"\d+(?:\.\d+)?"
    return bool(re.search(rf"(?:{digits}|{CN_NUM})\s*(?:{units})", text))


# Shares written out: "三分之一", "百分之十".
FRACTION = rf"(?:{CN_NUM}|\d+)分之(?:{CN_NUM}|\d+)"
# Periods a rule sets ("30日内", "12个月", "有效期五年"); two or three digits at most, so a year is not one.
PERIOD_UNITS = "个工作日|工作日|个月|周岁|小时|日|天|年|岁"
# A figure that states an amount: a number with a unit, a period, or a Chinese numeral with a measure word.
FIGURE = re.compile(
    rf"\d+(?:\.\d+)?\s*(%|‰|{MONEY_UNITS}|家|个|人|名|项|件|所|场|台|次|倍|{MEASURES}|批|套|座|辆|户|张|份)|"
    rf"(?<![\d月])\d{{1,3}}\s*({PERIOD_UNITS})|"
    rf"{CN_NUM}\s*({MONEY_UNITS}|倍|{MEASURES})|"
    rf"(?<![〇零一二三四五六七八九十百千两\d月])[一二三四五六七八九十百两]{{1,3}}({PERIOD_UNITS})|"
    rf"{FRACTION}|"
    # A Chinese numeral with a measure word ("六个", "五千人"), not an article label ("第十二条").
    rf"(?<![第〇零一二三四五六七八九十百千万两]){CN_NUM}(个|家|项|大|类|所|条|名|人|次(?!会议)|件|台|套)"
)
MONEY = re.compile(rf"{NUM}\s*({MONEY_UNITS})|奖补|奖励|补助|补贴|资助|资金|基金")
AMOUNT = re.compile(rf"{NUM}\s*({MONEY_UNITS}|%)|{FRACTION}")
# Any number an answer states, with its unit when it has one (what a citation must contain).
STATED_NUMBER = re.compile(rf"\d+(?:\.\d+)?(?:%|{MONEY_UNITS}|家|个|人|项|件|所|名|台|场)?")
