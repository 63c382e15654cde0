"""No input crashes the parser: random text, and real documents cut, spliced and shuffled.
Whatever comes in, ingest returns clause records whose ids are unique, whose parents exist and
whose offsets point into the text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.ingest import parse_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SAMPLES = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]

# Pieces that policy texts are made of, so random input reaches the parser's interesting paths.
PIECES = [
    "第一章",
    "第二章 总则",
    "第一节",
    "第一条",
    "第十二条",
    "第三编",
    "一、",
    "二、",
    "十、",
    "(一)",
    "（二）",
    "（十五）",
    "1.",
    "2、",
    "1.2025年度",
    "(1)",
    "（2）",
    "①",
    "②",
    "——",
    "、",
    "附件",
    "附件1",
    "附件：1.",
    "目录",
    "目　录",
    "# ",
    "## 第一章",
    "**",
    "<!-- INFO END -->",
    "2019年1月12日",
    "二〇〇四年六月二十六日",
    "国务院办公厅",
    "（此件公开发布）",
    "国发〔2019〕3号",
    "国家市场监督管理总局令第46号",
    "自2022年1月1日起施行",
    "有效期5年",
    "同时废止",
    "\n",
    "\n\n",
    "。",
    "；",
    "：",
    " ",
    "\u3000",
    "人才1.5万人",
    "各县(市、区)",
    "牵头单位：市科技局",
    "责任单位：",
    "关于印发《",
    "》的通知",
]


def check(text: str) -> None:
    doc = parse_document(text, slug="fuzz", fmt="md" if "#" in text else "txt")
    ids = [c.id for c in doc.clauses]
    assert len(ids) == len(set(ids))
    known = set(ids)
    for c in doc.clauses:
        assert c.parent_id is None or c.parent_id in known
        assert set(c.children) <= known
        assert 0 <= c.start <= c.end <= len(text)
    assert {p.clause_id for p in doc.passages} <= known


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=80).map("".join))
def test_random_text_never_crashes_the_parser(text):
    check(text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(SAMPLES))), st.data())
def test_mutated_real_documents_never_crash_the_parser(which, data):
    lines = SAMPLES[which].splitlines()
    a = data.draw(st.integers(0, len(lines)))
    b = data.draw(st.integers(a, len(lines)))
    cut = lines[:a] + data.draw(st.permutations(lines[a:b])) + lines[b:]
    insert_at = data.draw(st.integers(0, len(cut)))
    cut[insert_at:insert_at] = data.draw(st.lists(st.sampled_from(PIECES), max_size=6))
    check("\n".join(cut))
