"""How a question in a conversation is read against the real genres, specified on a small corpus:
two laws that both have a 第二条, one of which fines a breach of its 第二条 in a later article, and
a page giving one year's allowance and the next year's.
The embedder is the hashed stand-in, so only the planning and answering rules are under test."""

from __future__ import annotations

import pytest

from tests.query.test_plan_genres import _assistant_over

# ruff: noqa: E501 — articles are one line each, as in the real files

COMPETITION = """中华人民共和国反不正当竞争法
第一条 为了促进社会主义市场经济健康发展，制定本法。
第二条 经营者不得实施下列侵犯商业秘密的行为。
第三条 经营者以及其他自然人、法人和非法人组织违反本法第二条规定侵犯商业秘密的，由监督检查部门责令停止违法行为，没收违法所得，处十万元以上一百万元以下的罚款；情节严重的，处五十万元以上五百万元以下的罚款。
"""

SEEDS = """北京市种子条例
第一条 为了规范种子管理，制定本条例。
第二条 任何单位和个人有权举报违反种子法律法规的行为。
第三条 农业农村部门应当健全完善投诉和举报制度。
"""


ALLOWANCES = """广州市残疾人两项补贴2025年发放情况和2026年发放标准
一、2025年发放情况
2025年1月起，全市困难残疾人生活补贴和重度残疾人护理补贴标准分别为每人每月209元、280元。
二、2026年发放标准
2026年1月起，全市困难残疾人生活补贴和重度残疾人护理补贴标准分别提高至每人每月217元、290元。
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    files = {"反不正当竞争法.md": COMPETITION, "北京市种子条例.md": SEEDS, "残疾人两项补贴.txt": ALLOWANCES}
    return _assistant_over(tmp_path_factory.mktemp("conversation"), files)


def test_an_article_number_in_a_conversation_is_the_discussed_documents_article(assistant):
    history = ["《反不正当竞争法》第二条规定了什么？"]
    assert "商业秘密" in assistant.ask(history[0]).answer
    a = assistant.ask("那第二条后面还说了什么？", history=history)
    assert not a.refused
    assert a.citations[0].clause_id.startswith("反不正当竞争法#")


def test_the_fine_for_breaking_an_article_asked_by_its_number_is_the_article_that_sanctions_it(assistant):
    a = assistant.ask("那违反第二条的话罚多少？", history=["《反不正当竞争法》第二条规定了什么？"])
    assert "五十万元以上五百万元以下" in a.answer
    assert "第三条" in a.answer
    # Asked without the fine, the article itself answers.
    assert "侵犯商业秘密的行为" in assistant.ask("《反不正当竞争法》第二条规定了什么？").answer


def test_a_follow_up_asking_another_year_is_answered_from_the_clause_of_that_year(assistant):
    history = ["2026年重度残疾人护理补贴一个月能领多少？"]
    assert "290元" in assistant.ask(history[0]).answer
    a = assistant.ask("那2025年的时候是多少？", history=history)
    assert not a.refused and "280元" in a.answer
