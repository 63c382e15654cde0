"""Dates as documents write them ("2019年1月12日", "二〇〇四年六月二十六日", "2025-10-17 09:00"),
read into ISO dates that exist (2月31日 is not a date)."""

from __future__ import annotations

import datetime as _dt
import re

from .normalize import fold
from .numerals import CN_DIGITS, cn_to_int

# A date as a signature writes it: "2019年1月12日" or "二〇〇四年六月二十六日".
DATE = (
    rf"(?:\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|"
    rf"[{CN_DIGITS}○]{{4}}\s*年\s*[{CN_DIGITS}]{{1,3}}\s*月\s*[{CN_DIGITS}]{{1,3}}\s*日)"
)
DATE_LINE = re.compile(rf"^\s*{DATE}")
# A deadline a rule sets: "2019年6月底前完成", "于3月31日前".
DEADLINE = re.compile(r"\d{4}年\d{1,2}月(?:底|末|\d{1,2}日)?(?:前|以前|之前)|\d{1,2}月\d{1,2}日(?:前|以前|之前)")
# A day or a month a text names, with or without its year ("6月5日", "2019年6月").
DAY = re.compile(r"\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月")
# A whole date in a text, as a sentence or a web page's list writes it ("2019年1月12日", "2023-03-13").
STATED_DAY = re.compile(rf"{DATE}|(?<!\d)(?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}}(?!\d)")
# When something is to be done, as a rule says it: a day or a month, a deadline, or a period from an
# event ("自受理之日起十五个工作日内", "采暖期开始三十日前").
WHEN_STATED = re.compile(
    rf"{DAY.pattern}|{DEADLINE.pattern}|"
    r"(?:\d+|[一二三四五六七八九十两]+)\s*(?:个)?(?:工作日|日|天|个月|月|年|小时)(?:内|以内|之内|前|以前|之前|后)"
)
# A page's timestamp on a line of its own: "2025-10-17 09:00:00".
ISO_DATE_LINE = re.compile(r"^\s*((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")

_ARABIC = re.compile(r"((?:19|20)\d{2})\s*(?:[年.\-/]|\s)\s*(\d{1,2})\s*(?:[月.\-/])\s*(\d{1,2})\s*日?")
_CHINESE = re.compile(
    r"([一二三四五六七八九〇○零]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)


def iso_date(s: str | None) -> str | None:
    """The first date written in `s` as yyyy-mm-dd, or None when there is none or it cannot be."""
    if not s:
        return None
    f = fold(s)
    m = _ARABIC.search(f)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _CHINESE.search(f)
        if not m:
            return None
        y, mo, d = (cn_to_int(g) for g in m.groups())
    try:
        return _dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


# The year a target is set for: "2025年底前", "到2025年", "2026年6月底前".
TARGET_YEAR = re.compile(r"(?:到|至)\s*(?:19|20)\d{2}\s*年|(?:19|20)\d{2}\s*年(?:\d{1,2}月)?(?:底|末)?(?:前|以前|之前)")
# A year a title names ("关于开展2026年度…的通告"): the year the document is about.
TITLE_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
# A goal a plan sets for a year ("到2025年，体育竞赛表演产业总规模达到2万亿元"): the country's, when the
# plan is national, and not any one place's figure.
YEAR_GOAL = re.compile(
    r"(?:到|至)\s*(?:19|20)\d{2}\s*年[^。；;]{0,60}?(?:达到|超过|突破|实现|提高到|降低到|降到|增长|力争|累计|建成)"
)


def iso_to_zh(date: str) -> str:
    """ "2010-12-20" → "2010年12月20日"."""
    y, m, d = date.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"
