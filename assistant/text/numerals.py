"""Chinese numerals: the character class markers are written with, and conversion both ways
(cn2an, with the circled ①…⑳ and the ○ that captures use for 〇)."""

from __future__ import annotations

import cn2an

CN_DIGITS = "一二三四五六七八九十百零〇两"  # what 一、/（十五）/第一百零五条 are written with
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_to_int(s: str) -> int:
    """ "十五" → 15, "二〇〇四" → 2004, "①" → 1, "12" → 12; 0 when `s` is not a number."""
    if len(s) == 1 and s in CIRCLED:
        return CIRCLED.index(s) + 1
    if s.isdecimal():
        return int(s)
    try:
        return int(cn2an.cn2an(s.replace("○", "〇"), "normal"))
    except (ValueError, KeyError, TypeError):
        return 0


def int_to_cn(n: int) -> str:
    """15 → "十五", 105 → "一百零五": how clause labels are written."""
    return cn2an.an2cn(n)
