"""What documents call themselves and how they are numbered."""

from __future__ import annotations

import re

# What a policy document calls itself, at the end of its title. Longest first, for alternations.
DOC_TYPES = sorted(
    "通知 意见 方案 计划 办法 规定 细则 决定 纲要 规划 公示 公告 通告 条例 措施 批复 复函 函 通报 答复 法 规则 规范 "
    "指引 指南 预案 准则 章程 决议 命令 令 报告 请示 要点 标准".split(),
    key=len,
    reverse=True,
)
DOC_TYPE_END = re.compile(rf"({'|'.join(DOC_TYPES)})$")
# What ends a document's title line: the types above but an order's "令" (a 令 header line is not
# the title), and what service pages call themselves.
TITLE_TYPES = [t for t in DOC_TYPES if t not in ("令", "命令", "请示", "要点")] + ["详解", "须知", "解读", "问答"]
# How a question names a document as such ("新时代方案里", "这个文件").
DOC_WORDS = "方案|计划|意见|文件|通知|办法"
# 发文字号: "国发〔2019〕3号", "穗医保规字〔2024〕1号".
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[(（【]\s*(?:19|20)\d{2}\s*[〕\])）】]\s*\d{1,4}\s*号")

# The sentences in which a document states an event of its own life, by what a question asks for:
# "本条例自2019年1月1日起施行", "《X》（穗府办规〔2019〕13号）同时废止", "…会议批准", "…第二次修正".
SELF = rf"本(?:{'|'.join(DOC_TYPES)}|实施细则)"
DOC_EVENTS: dict[str, re.Pattern[str]] = {
    "effective": re.compile(
        rf"{SELF}[^。；;]{{0,40}}(?:施行|实施|生效|执行)|自[^。；;]{{0,30}}起(?:正式)?(?:施行|实施|生效|执行)|"
        r"(?:19|20)\d{2}年[^。；;，,]{0,8}正式(?:施行|实施)"  # "2024年以…准备工作为主，2025年正式实施"
    ),
    "repeals": re.compile(r"同时废止|停止执行|予以废止|同时失效|不再执行"),
    "approval": re.compile(r"批准"),
    "amended": re.compile(r"修正|修订"),
    # What it was made under: "根据《中华人民共和国献血法》，制定本条例", "为贯彻落实《…》（甘政办发〔2020〕70号）
    # 精神，…制定本实施方案".
    "basis": re.compile(r"(?:根据|依据|依照|按照|贯彻|落实)[^。；;]{0,200}(?:制定|制订|出台)(?:了)?本"),
}
