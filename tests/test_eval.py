"""The regression eval as a test: the README's test command guards answer quality too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.evaluate import (
    DatasetError,
    check_thresholds,
    format_report,
    load_dataset,
    load_thresholds,
    run_eval,
    unsupported,
)

ROOT = Path(__file__).resolve().parent.parent


def test_regression_set_meets_the_thresholds(assistant):
    items = load_dataset([ROOT / "eval" / "regression.jsonl"])
    assert len(items) >= 150
    report = run_eval(assistant, items)
    report.below = check_thresholds(report.overall, load_thresholds(ROOT / "eval" / "thresholds.toml"))
    assert report.below == [], format_report(report)


def test_dataset_format_errors_name_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "蓝天保卫战谁牵头"}\n{"id": "a", "question": "重复"}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad.jsonl:2: duplicate id 'a'"):
        load_dataset([bad])
    bad.write_text('{"question": 3}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad.jsonl:1: each line needs a \"question\" string"):
        load_dataset([bad])
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad.jsonl:1: not valid JSON"):
        load_dataset([bad])


def test_extra_fields_are_ignored_and_answerable_defaults_to_true(tmp_path):
    f = tmp_path / "x.jsonl"
    f.write_text(
        json.dumps(
            {"id": "q1", "question": "q", "answer_contains": ["市蓝天办"], "note": "anything"}, ensure_ascii=False
        )
        + "\n",
        encoding="utf-8",
    )
    [item] = load_dataset([f])
    assert item.answerable and item.answer_contains == ["市蓝天办"] and item.history == []


def test_unsupported_citations_count_records_without_the_answers_facts():
    answer = "牵头单位是市蓝天办。[1] 《金华市产业创新服务综合体建设行动计划(2018-2020)》"
    assert unsupported(answer, ["(牵头单位:市蓝天办,…)", "无关条款"], ["市蓝天办"]) == 1
    assert unsupported("没有数字也没有单位。", ["任何条款"], ["市蓝天办"]) == 0


def test_thresholds_can_set_minimums_and_maximums(tmp_path):
    t = tmp_path / "t.toml"
    t.write_text("[minimum]\nhit_at_1 = 0.9\n[maximum]\nlatency_p95_ms = 100\n", encoding="utf-8")
    limits = load_thresholds(t)
    assert check_thresholds({"hit_at_1": 0.95, "latency_p95_ms": 50}, limits) == []
    assert len(check_thresholds({"hit_at_1": 0.5, "latency_p95_ms": 500}, limits)) == 2
