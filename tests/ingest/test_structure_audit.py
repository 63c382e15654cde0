"""The structure audit (assistant/ingest/audit.py): its own definition of correct structure.

The audit logic is tested with clause lists built here by hand, so these tests do not depend on
how well the parser currently reads documents; one test runs it over the real corpus when that
is present, asserting only that it runs and reports every genre.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.ingest.audit import (
    audit_document,
    audit_folder,
    match_marker,
    rows,
    scan_markers,
    to_json,
)
from assistant.records import Clause, DocumentMeta

ROOT = Path(__file__).resolve().parents[2]

LAW = """\
# 中华人民共和国测试法

目　录
第一章　总　则
第二章　附　则

## 第一章　总　则

第一条　为了测试，制定本法。

第二条　下列事项适用本法：

（一）甲事项；

（二）乙事项。

本法所称城市，是指常住人口
1.5万人以上的城市，
(市、区)人民政府负责认定。
3.这一行的编号不接续任何序列。

## 第二章　附　则

第三条　本法自2020年1月1日起施行。
"""

# (line prefix, id, parent id, kind); each clause runs to the next one's start.
LAW_RIGHT = [
    ("## 第一章", "law#1", None, "chapter"),
    ("第一条", "law#1.1", "law#1", "article"),
    ("第二条", "law#1.2", "law#1", "article"),
    ("（一）", "law#1.2.1", "law#1.2", "item"),
    ("（二）", "law#1.2.2", "law#1.2", "item"),
    ("## 第二章", "law#2", None, "chapter"),
    ("第三条", "law#2.3", "law#2", "article"),
]


def build(text: str, spec, *, preamble: bool = True, slug: str = "law") -> list[Clause]:
    """Clause records starting at the lines that begin with each prefix (searched in order, so
    a table of contents before them is skipped when the first prefix only matches later)."""
    starts, pos = [], 0
    for prefix, *_ in spec:
        at = 0 if pos == 0 and text.startswith(prefix) else text.index("\n" + prefix, pos) + 1
        starts.append(at)
        pos = at + 1
    clauses = []
    if preamble and starts and starts[0] > 0:
        clauses.append(
            Clause(
                id=f"{slug}#preamble",
                doc_slug=slug,
                path=[],
                label="前言",
                kind="preamble",
                heading="",
                heading_path=[],
                text=text[: starts[0]].strip(),
                start=0,
                end=starts[0],
            )
        )
    for i, (prefix, cid, parent, kind) in enumerate(spec):
        end = starts[i + 1] if i + 1 < len(spec) else len(text)
        clauses.append(
            Clause(
                id=cid,
                doc_slug=slug,
                path=[i],
                label=prefix.lstrip("# "),
                kind=kind,
                heading="",
                heading_path=[],
                text=text[starts[i] : end].strip(),
                start=starts[i],
                end=end,
                parent_id=parent,
            )
        )
    return clauses


def marker_lines(text: str) -> list[str]:
    lines = text.split("\n")
    return [lines[m.line - 1].lstrip("# ") for m in scan_markers(text)]


# ------------------------------------------------------------------------------ markers


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("第十二条　内容", ("tiao", 12)),
        ("第一百零五条 内容", ("tiao", 105)),
        ("第3章 总则", ("zhang", 3)),
        ("第二节　一般规定", ("jie", 2)),
        ("第一编 总则", ("bian", 1)),
        ("十一、保障措施", ("cn", 11)),
        ("(十二)项", ("pcn", 12)),
        ("1.第一点", ("num", 1)),
        ("10、第十点", ("num", 10)),
        ("1. 有空格", ("num", 1)),
        ("1.2025年度人才公寓共有多少套", ("num", 1)),
        ("3.2024年的名额是多少？", ("num", 3)),
        ("(3)小点", ("pnum", 3)),
        ("⑳圈码", ("circ", 20)),
        ("1.5万人以上的城市", None),
        ("2.5%以上", None),
        ("2、3号楼", None),
        ("(市、区)人民政府", None),
        ("一、二级智力残疾", None),
        ("第三条第二款规定的情形", None),
        ("第三条、第四条", None),
        ("人才1.5万人", None),
    ],
)
def test_match_marker(line, expected):
    got = match_marker(line)
    assert (got[:2] if got else None) == expected


def test_full_width_forms_are_markers():
    text = "（一）全角括号\n１．全角数字\n（１）全角小点\n"
    assert [(m.type, m.number) for m in scan_markers(text)] == [("pcn", 1), ("num", 1), ("pnum", 1)]


def test_law_markers_toc_decimals_and_lone_numbers_not_counted():
    ms = scan_markers(LAW)
    assert marker_lines(LAW) == [
        "第一章　总　则",
        "第一条　为了测试，制定本法。",
        "第二条　下列事项适用本法：",
        "（一）甲事项；",
        "（二）乙事项。",
        "第二章　附　则",
        "第三条　本法自2020年1月1日起施行。",
    ]
    # The table of contents (lines 4-5) is skipped; the body's 第一章 is line 7.
    assert ms[0].line == 7
    parents = [ms[m.parent].type if m.parent is not None else None for m in ms]
    assert parents == [None, "zhang", "zhang", "tiao", "tiao", None, "zhang"]
    # Articles number on across chapters: 第三条 under 第二章 is counted.
    assert ms[-1].type == "tiao" and ms[-1].number == 3 and ms[ms[-1].parent].number == 2


def test_toc_without_a_mulu_line():
    text = (
        "## 第一章 总 则\n\n## 第二章 附 则\n\n## 第一章 总 则\n\n第一条 内容。\n\n## 第二章 附 则\n\n第二条 内容。\n"
    )
    assert [m.line for m in scan_markers(text)] == [5, 7, 9, 11]


def test_chapter_followed_by_section_is_not_a_toc():
    text = "第一章 总则\n第一节 一般规定\n第一条 内容。\n第二节 其他\n第二条 内容。\n"
    assert len(scan_markers(text)) == 5


def test_a_chapter_heading_line_counts_where_earlier_chapters_are_missing():
    text = "第一条 内容。\n第二条 内容。\n## 第二章 执勤用语\n第三条 内容。\n"
    ms = scan_markers(text)
    assert [(m.type, m.number) for m in ms] == [("tiao", 1), ("tiao", 2), ("zhang", 2), ("tiao", 3)]
    assert ms[3].parent == 2


def test_decimal_outline_headings_are_levels_and_their_contents_list_is_skipped():
    text = "\n".join(
        [
            "目　录",
            "1　总则",
            "1.1　目的",
            "2　组织",
            "1　总则",
            "1.1　目的",
            "为了……。",
            "（1）统一领导。",
            "2　组织",
            "2.1　指挥部",
            "2.1.1　职责",
            "（1）掌握形势。",
        ]
    )
    ms = scan_markers(text)
    assert [m.line for m in ms][0] == 5  # the contents list is not structure
    by_line = {m.line: m for m in ms}
    assert by_line[8].type == "pnum" and ms[by_line[8].parent].line == 6
    assert by_line[11].type == "o3" and ms[by_line[12].parent].line == 11
    # A numbered line with running text is not an outline heading.
    assert match_marker("1.2.1 国家级：两个以上省、自治区出现粮食应急状态，") is None


def test_numbering_continues_across_parents_and_restarts():
    text = "\n".join(
        [
            "一、总体要求",
            "（一）指导思想。",
            "1.第一点。",
            "2.第二点。",
            "二、重点任务",
            "（二）继续编号的项。",
            "3.继续编号的点。",
            "（1）小点。",
            "①圈码。",
            "（三）再一项。",
            "1.重新从一开始。",
            "5.跳号，不计。",
        ]
    )
    ms = scan_markers(text)
    assert [(m.type, m.number) for m in ms] == [
        ("cn", 1),
        ("pcn", 1),
        ("num", 1),
        ("num", 2),
        ("cn", 2),
        ("pcn", 2),
        ("num", 3),
        ("pnum", 1),
        ("circ", 1),
        ("pcn", 3),
        ("num", 1),
    ]
    parent = {(m.type, m.number, m.line): ms[m.parent].line if m.parent is not None else None for m in ms}
    assert parent[("num", 3, 7)] == 6 and parent[("pnum", 1, 8)] == 7 and parent[("circ", 1, 9)] == 8
    assert parent[("cn", 2, 5)] is None and parent[("num", 1, 11)] == 10


def test_sequence_picks_up_after_a_gap():
    # 第三条 was run into the line before: 第四条 is not counted (it follows no counted 3), 第五条 is.
    text = "第一条 内容。\n第二条 内容。第三条 内容。\n第四条 内容。\n第五条 内容。\n"
    assert [m.number for m in scan_markers(text)] == [1, 2, 5]


def test_attachments_start_new_parts():
    text = "\n".join(
        [
            "国务院关于测试的通知",
            "一、正文第一项",
            "（一）正文的项",
            "附件：1.测试方案",
            "2.测试清单",
            "国务院",
            "2019年1月1日",
            "附件1",
            "测试方案",
            "一、附件的第一部分",
            "（一）附件的项",
            "附件2：测试清单",
            "1.清单第一行",
        ]
    )
    ms = scan_markers(text)
    assert [(m.line, m.part) for m in ms] == [(2, 0), (3, 0), (10, 1), (11, 1), (13, 2)]
    # "附件：1.测试方案" lists the attachments; its "2." continues no counted sequence.
    assert ms[2].parent is None and ms[3].parent == 2 and ms[4].parent is None


def test_attachment_list_before_the_signature_is_not_structure():
    text = "\n".join(
        [
            "一、正文",
            "（一）正文的项",
            "附件：",
            "1.测试方案",
            "2.测试清单",
            "国务院",
            "2019年1月1日",
            "附件1",
            "1.附件里的第一点",
        ]
    )
    ms = scan_markers(text)
    assert [(m.line, m.part) for m in ms] == [(1, 0), (2, 0), (9, 1)]


# ------------------------------------------------------------------------------ scoring


def test_correct_parse_scores_full_marks():
    d = audit_document(LAW, build(LAW, LAW_RIGHT), DocumentMeta(title="中华人民共和国测试法"))
    assert (d.markers, d.found, d.right_parent) == (7, 7, 7)
    assert d.lost_lines == [] and d.lost_chars == 0 and d.misses == []


def test_wrong_parse_scores_less():
    wrong = [
        ("## 第一章", "law#1", None, "chapter"),
        ("第一条", "law#1.1", "law#1", "article"),
        ("第二条", "law#1.2", "law#1", "article"),
        ("（一）", "law#1.2.1", "law#1", "item"),  # nested under the chapter, not the article
        ("（二）", "law#1.2.2", "law#1", "item"),
        ("## 第二章", "law#2", None, "chapter"),  # 第三条 not cut out: it stays in the chapter's text
    ]
    d = audit_document(LAW, build(LAW, wrong), DocumentMeta(title="中华人民共和国测试法"))
    assert (d.markers, d.found, d.right_parent) == (7, 6, 4)
    problems = sorted((m.line, m.problem) for m in d.misses)
    assert problems == [(13, "wrong parent"), (15, "wrong parent"), (24, "not found")]
    miss = next(m for m in d.misses if m.problem == "not found")
    assert miss.expected_parent.startswith("L22 第二章")
    wp = next(m for m in d.misses if m.problem == "wrong parent")
    assert wp.expected_parent.startswith("L11 第二条") and "law#1" not in wp.expected_parent
    assert wp.actual_parent.startswith("L7 第一章")


def test_clause_start_tolerance():
    # A clause that starts at the markdown '#' or right at the marker is found; one that starts
    # well into the line is not.
    text = "## 第一章 总则\n第一条 内容。\n"
    at_hash = [
        Clause(
            id="x#1",
            doc_slug="x",
            path=[1],
            label="第一章",
            kind="chapter",
            heading="",
            heading_path=[],
            text="## 第一章 总则",
            start=0,
            end=9,
        )
    ]
    assert audit_document(text, at_hash).found == 1
    late = [
        Clause(
            id="x#1",
            doc_slug="x",
            path=[1],
            label="第一章",
            kind="chapter",
            heading="",
            heading_path=[],
            text="总则",
            start=7,
            end=9,
        )
    ]
    assert audit_document(text, late).found == 0


def test_preamble_and_closing_do_not_count_as_found():
    text = "一、第一项\n内容。\n"
    pre = [
        Clause(
            id="x#preamble",
            doc_slug="x",
            path=[],
            label="前言",
            kind="preamble",
            heading="",
            heading_path=[],
            text=text.strip(),
            start=0,
            end=len(text),
        )
    ]
    assert audit_document(text, pre).found == 0


def test_attachment_node_is_a_right_parent_for_a_top_level_marker():
    text = "一、正文\n国务院\n2019年1月1日\n附件1\n一、附件第一部分\n（一）附件的项\n"
    spec = [
        ("一、正文", "a#1", None, "section"),
        ("附件1", "a#att1", None, "attachment"),
        ("一、附件", "a#att1.1", "a#att1", "section"),
        ("（一）", "a#att1.1.1", "a#att1.1", "item"),
    ]
    d = audit_document(text, build(text, spec, slug="a"))
    assert (d.markers, d.found, d.right_parent) == (3, 3, 3)
    # The same attachment item hung under the main text's 一、 is wrong.
    spec[2] = ("一、附件", "a#att1.1", "a#1", "section")
    assert audit_document(text, build(text, spec, slug="a")).right_parent == 2


def test_lost_text_lines_and_title():
    clauses = build(LAW, LAW_RIGHT, preamble=False)
    # Without the preamble clause the title and the TOC are in no clause's text: the TOC
    # headings appear again in the body ("目　录" is under 4 characters), the title is the
    # metadata title.
    d = audit_document(LAW, clauses, DocumentMeta(title="中华人民共和国测试法"))
    assert d.lost_lines == []
    d = audit_document(LAW, clauses, DocumentMeta(title=None))
    assert "中华人民共和国测试法" in d.lost_lines
    # Dropping the text under 第二条: its lines are lost, counted once each with their characters.
    cut = [c for c in build(LAW, LAW_RIGHT) if c.id != "law#1.2.2"]
    d = audit_document(LAW, cut, DocumentMeta(title="中华人民共和国测试法"))
    assert "1.5万人以上的城市," in d.lost_lines and "(二)乙事项。" in d.lost_lines
    assert d.lost_chars == sum(len(s) for s in d.lost_lines)
    # Width and whitespace do not matter: a clause text with half-width forms and other breaks.
    reflowed = build(LAW, LAW_RIGHT)
    for c in reflowed:
        c.text = c.text.replace("\n", " ").replace("（", "(").replace("）", ")").replace("，", ",")
    assert audit_document(LAW, reflowed, DocumentMeta(title="中华人民共和国测试法")).lost_lines == []


def test_attribute_lines_kept_as_metadata_are_not_lost():
    text = "测试办法\n文号：穗测规字〔2024〕1号\n来源：广州市测试局\n发布日期：2024-03-05\n第一条 内容。\n"
    clauses = [
        Clause(
            id="t#1",
            doc_slug="t",
            path=[1],
            label="第一条",
            kind="article",
            heading="内容",
            heading_path=[],
            text="第一条 内容。",
            start=text.index("第一条"),
            end=len(text),
        )
    ]
    meta = DocumentMeta(
        title="测试办法",
        doc_number="穗测规字〔2024〕1号",
        published_date="2024-03-05",
        attributes={"来源": "广州市测试局"},
    )
    assert audit_document(text, clauses, meta).lost_lines == []
    # An attribute the metadata does not hold is lost text.
    meta.attributes = {}
    assert audit_document(text, clauses, meta).lost_lines == ["来源:广州市测试局"]


def test_metadata_fill_and_bad_titles():
    meta = DocumentMeta(
        title="## 测试法**", doc_number="国发〔2019〕1号", issuer="国务院", published_date="2019-01-01", region="全国"
    )
    d = audit_document(LAW, build(LAW, LAW_RIGHT), meta)
    assert (d.has_title, d.has_doc_number, d.has_issuer, d.has_date, d.has_scope) == (True,) * 5
    assert d.bad_title
    d = audit_document(LAW, build(LAW, LAW_RIGHT), DocumentMeta(title="测" * 81))
    assert d.bad_title and not d.has_doc_number and not d.has_date and not d.has_scope
    assert not audit_document(LAW, [], DocumentMeta(title="测试法")).bad_title


def test_is_deterministic():
    a = audit_document(LAW, build(LAW, LAW_RIGHT[:4]))
    b = audit_document(LAW, build(LAW, LAW_RIGHT[:4]))
    assert a == b


# ------------------------------------------------------------------------------ folders


def _write_sample(folder: Path) -> None:
    docs = folder / "docs"
    docs.mkdir()
    (docs / "law.md").write_text(LAW, encoding="utf-8")
    (docs / "notice.txt").write_text("关于测试的通知\n一、第一项\n（一）内容。\n二、第二项\n", encoding="utf-8")
    with (folder / "SOURCES.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(["kind", "file", "repo"])
        w.writerow(["regulation-法律", "law.md", "x/y"])


def test_folder_genres_from_sources_tsv_else_format(tmp_path):
    _write_sample(tmp_path)

    def fake_parser(text, slug, fmt):
        return [], DocumentMeta(title="t")

    report = audit_folder(tmp_path / "docs", parser=fake_parser)
    assert {d.file: d.genre for d in report.documents} == {"law.md": "regulation-法律", "notice.txt": "txt"}
    table = rows(report)
    assert [r["genre"] for r in table] == ["regulation-法律", "txt", "total"]
    assert table[-1]["docs"] == 2 and table[-1]["markers"] == 7 + 3 and table[-1]["found_pct"] == 0.0
    assert to_json(report, 2)["details"]["txt"]["misses"][0]["problem"] == "not found"


def test_cli_runs_and_prints_json(tmp_path):
    _write_sample(tmp_path)
    script = ROOT / "bench" / "structure_audit.py"
    out = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "docs"), "--json", "--details", "3"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [r["genre"] for r in data["rows"]] == ["regulation-法律", "txt", "total"]
    assert set(data["details"]) == {"regulation-法律", "txt"}
    table = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "docs"), "--details", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert table.returncode == 0 and "right parent %" in table.stdout and "== txt" in table.stdout


# ------------------------------------------------------------------------------ real corpus


def _realcorpus() -> Path | None:
    env = os.environ.get("POLICY_ASSISTANT_REALCORPUS")
    for cand in ([Path(env)] if env else []) + [ROOT.parent / "shared" / "realcorpus", Path("/work/shared/realcorpus")]:
        if cand.is_dir():
            return cand
    return None


def test_real_corpus_runs_and_reports_every_genre():
    base = _realcorpus()
    if base is None:
        pytest.skip("real corpus not present (set POLICY_ASSISTANT_REALCORPUS)")
    folder = base / "docs" if (base / "docs").is_dir() else base
    report = audit_folder(folder)
    genres = {r["genre"] for r in rows(report)} - {"total"}
    assert {
        "policy-gov.cn",
        "policy-guangzhou-html",
        "regulation-法律",
        "regulation-行政法规",
        "regulation-部门规章",
        "regulation-地方性法规",
    } <= genres
    assert all(r["docs"] > 0 and r["markers"] > 0 for r in rows(report))


def test_metadata_truth_scores_exact_values_titles_without_spaces_and_values_where_none_is_stated():
    from assistant.ingest.audit import score_metadata

    truth = [
        {
            "file": "a",
            "title": "广州市民政局 广州市财政局关于印发某办法的通知",
            "doc_number": "穗民规字〔2024〕3号",
            "issuers": ["广州市民政局", "广州市财政局"],
            "written_date": None,
            "published_date": None,
            "effective_date": None,
            "adopted_date": None,
            "amended_dates": [],
            "scope": "广州市",
        }
    ]
    meta = DocumentMeta(
        title="广州市民政局广州市财政局关于印发某办法的通知",
        doc_number="穗民规字〔2024〕3号",
        issuers=["广州市民政局", "广州市财政局"],
        written_date="2024-03-14",
        scope="广州市",
    )
    score = score_metadata(truth, lambda name: meta)
    assert score.n == 1 and score.right["title"] == 1 and score.right["doc_number"] == 1
    assert score.right["written_date"] == 0 and score.wrong_where_empty == ["written_date a: '2024-03-14' != None"]
