"""Refusal wording, from what the planner hands it: no index, no search."""

from __future__ import annotations

from assistant.answer.refusals import Refusal, refusal_text
from assistant.records import Clause, DocumentMeta


def _clause(slug: str, label: str, heading: str) -> Clause:
    return Clause(
        id=f"{slug}#1",
        doc_slug=slug,
        path=[1],
        label=label,
        kind="section",
        heading=heading,
        heading_path=[heading],
        text="……",
        start=0,
        end=2,
    )


JINHUA = DocumentMeta(
    title="金华市人民政府办公室关于印发《金华市建设国家创新型城市工作实施方案》的通知",
    transmitted="金华市建设国家创新型城市工作实施方案",
    region="金华市",
)


def test_a_weak_question_names_the_closest_clause_by_the_document_it_is_cited_by():
    text = refusal_text(
        Refusal(
            kind="weak",
            question="杭州的人才政策？",
            closest=_clause("jh", "二（八）", "蓝天保卫战"),
            closest_meta=JINHUA,
        )
    )
    assert (
        text == "抱歉，现有文件中没有找到关于“杭州的人才政策？”的规定。"
        "最接近的内容在金华市的《金华市建设国家创新型城市工作实施方案》二（八） 蓝天保卫战。"
    )


def test_another_places_clause_is_named_as_that_places_rule():
    text = refusal_text(
        Refusal(
            kind="weak",
            question="定西的蓝天保卫战谁牵头？",
            asked_regions=["定西市"],
            elsewhere=_clause("jh", "二（八）", "蓝天保卫战"),
            elsewhere_meta=JINHUA,
        )
    )
    assert "那是金华市的规定，不是定西市的" in text


def test_a_place_the_documents_do_not_cover_is_refused_briefly_with_the_closest_text():
    text = refusal_text(
        Refusal(
            kind="foreign_region",
            question="北京的蓝天保卫战谁牵头？",
            foreign_regions=["北京市"],
            closest=_clause("jh", "二（八）", "蓝天保卫战"),
            closest_meta=JINHUA,
        )
    )
    assert text == (
        "抱歉，现有文件不涉及北京市的规定，无法回答。"
        "最接近的内容在金华市的《金华市建设国家创新型城市工作实施方案》二（八） 蓝天保卫战。"
    )


def test_a_place_not_covered_names_the_other_places_rule_that_is_related():
    text = refusal_text(
        Refusal(
            kind="foreign_region",
            question="北京的蓝天保卫战谁牵头？",
            foreign_regions=["北京市"],
            elsewhere=_clause("jh", "二（八）", "蓝天保卫战"),
            elsewhere_meta=JINHUA,
        )
    )
    assert text.startswith("抱歉，现有文件不涉及北京市的规定") and "那是金华市的规定，不是北京市的" in text
    assert "《" in text and text.count("《") == 1  # one document named, not a list of every title


def test_english_questions_are_refused_in_english():
    text = refusal_text(Refusal(kind="year", question="targets for 2030?", en=True))
    assert text == "The documents set no target for that year."


def test_a_document_without_a_title_is_named_by_its_file_never_none():
    text = refusal_text(
        Refusal(
            kind="weak",
            question="bonded futures?",
            en=True,
            closest=_clause("12_天河人才公寓申请公告", "三", "受理单位"),
            closest_meta=DocumentMeta(),
        )
    )
    assert "None" not in text and "《12_天河人才公寓申请公告》" in text
