"""The query stage: a question is read once into a Question record — intent, places, units,
references, and what it asks for — without the index."""

from __future__ import annotations

import pytest

from assistant.query.read import analyze


@pytest.mark.parametrize(
    ("question", "cues"),
    [
        ("到2020年高新技术企业要达到多少家？", {"amount"}),
        ("研发投入占比是多少", {"amount"}),
        ("什么是产业创新服务综合体？", {"definition"}),
        ("九大行动计划具体是哪九个？", {"list"}),
        ("这个方案适用于哪个市？", {"place"}),
        ("这份文件是否公开发布？", {"public"}),
        ("县域创新驱动发展实施意见是发给哪些单位的？", {"addressee", "list"}),
        ("成文日期是哪天", {"signing_date", "date"}),
        ("浙政办发〔2019〕11号是哪个机关发的", {"issuer"}),
        ("这个文件的文号是多少", {"doc_number", "amount"}),
        ("这个规定还有效吗", {"validity"}),
        ("What is the document number?", {"doc_number"}),
    ],
)
def test_what_a_question_asks_for_is_read_once(question, cues):
    assert cues <= analyze(question).asks


def test_a_question_without_cues_asks_for_nothing_special():
    assert analyze("蓝天保卫战由哪个部门牵头？").asks == frozenset()


def test_the_asked_year_is_read_from_the_question():
    assert analyze("2020年要组建什么机构？").asked_year == "2020"
    assert analyze("要组建什么机构？").asked_year is None


def test_a_question_names_a_word_only_when_it_says_it():
    q = analyze("这个文件的效力等级是什么？")
    assert q.names("效力等级") and not q.names("主题分类")
