"""Golden tests on the five real documents in corpus/: what a civil servant would check by
reading them — structure, lead units, metadata — and that cleaning loses no policy text."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from assistant.ingest import parse_document
from assistant.records import Document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
JINHUA = "jinhua-innovative-city-plan-2018"
COMPLEX = "jinhua-innovation-complex-plan-2018-draft"
XINSHIDAI = "xinshidai-innovation-action-plan-2022"
ZHEJIANG = "zhejiang-county-innovation-opinions-2019"
DINGXI = "dingxi-innovation-plan-2020"


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    out = {}
    for path in sorted(CORPUS.glob("*.txt")):
        out[path.stem] = parse_document(path.read_text(encoding="utf-8"), slug=path.stem)
    assert len(out) == 5
    return out


def by_label(doc: Document) -> dict:
    return {c.label: c for c in doc.clauses}


def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


# (sections 一、二…, numbered clauses of every level, has preamble, has closing)
STRUCTURE = {
    JINHUA: (3, 24, True, True),  # 一 has six —— lead-ins, 二 nine plans, 三 six measures
    COMPLEX: (4, 20, True, False),  # 二、三、四 lost their numerals to OCR ("、主要目标")
    XINSHIDAI: (4, 15, True, False),  # clauses run together on a few long lines
    ZHEJIANG: (3, 27, True, True),
    DINGXI: (4, 25, True, False),  # the whole body is one line
}


@pytest.mark.parametrize("slug", STRUCTURE)
def test_section_and_clause_counts(docs, slug):
    sections, numbered, preamble, closing = STRUCTURE[slug]
    doc = docs[slug]
    kinds = [c.kind for c in doc.clauses]
    assert kinds.count("section") == sections
    assert sum(k not in ("preamble", "closing") for k in kinds) == numbered
    assert ("preamble" in kinds) == preamble
    assert ("closing" in kinds) == closing


def test_clause_labels_follow_the_document_numbering(docs):
    assert [c.label for c in docs[JINHUA].clauses if c.kind == "item"][:9] == [
        f"二（{n}）" for n in "一二三四五六七八九"
    ]
    assert [c.label for c in docs[DINGXI].clauses if c.parent_id == f"{DINGXI}#3"] == [
        f"三（{n}）" for n in "一二三四五六七八"
    ]
    # The OCR-lost numerals are restored from the sequence.
    complex_sections = [(c.label, c.heading) for c in docs[COMPLEX].clauses if c.kind == "section"]
    assert complex_sections == [("一", "总体思路"), ("二", "主要目标"), ("三", "重点任务"), ("四", "保障措施")]
    points = [c.label for c in docs[COMPLEX].clauses if c.kind == "point"]
    assert points == ["一（二）1.", "一（二）2.", "一（二）3."]


def test_clause_ids_are_slug_and_path(docs):
    blue_sky = by_label(docs[JINHUA])["二（八）"]
    assert blue_sky.id == f"{JINHUA}#2.8"
    assert blue_sky.heading == "“蓝天保卫战”三年行动计划"
    assert blue_sky.heading_path == ["主要任务", "“蓝天保卫战”三年行动计划"]
    assert blue_sky.parent_id == f"{JINHUA}#2"
    assert f"{JINHUA}#2.8" in by_label(docs[JINHUA])["二"].children


NINE_PLANS = {
    "二（一）": ("加大全社会研发经费投入三年行动计划", ["市科技局"]),
    "二（二）": ("金义科创廊道建设三年行动计划", ["市科创廊道办"]),
    "二（三）": ("科技创新补短板三年行动计划", ["市科技局"]),
    "二（四）": ("高水平建设人才强市三年行动计划", ["市委组织部〔招才局〕", "市人力社保局"]),
    "二（五）": ("推进工业实体经济高质量发展三年行动计划", ["市经信委"]),
    "二（六）": ("数字经济发展三年行动计划", ["市网络经济局"]),
    "二（七）": ("小微企业三年成长计划", ["市小微办"]),
    "二（八）": ("“蓝天保卫战”三年行动计划", ["市蓝天办"]),
    "二（九）": ("优化科技创新生态环境行动计划", ["市科技局"]),
}


@pytest.mark.parametrize("label", NINE_PLANS)
def test_lead_unit_of_each_of_the_nine_plans(docs, label):
    heading, lead = NINE_PLANS[label]
    clause = by_label(docs[JINHUA])[label]
    assert clause.heading == heading
    assert clause.fields.lead_units == lead
    assert clause.fields.lead_rule == "stated"


def test_responsible_units_are_split_outside_brackets(docs):
    units = by_label(docs[JINHUA])["二（八）"].fields.responsible_units
    assert units[:3] == ["市发改委", "市经信委", "市科技局"]
    assert "市环保局" in units
    assert "各县〔市、区〕人民政府" in units  # the 、 inside 〔〕 does not split
    assert by_label(docs[JINHUA])["二（九）"].fields.responsible_units == [
        "金华市建设国家创新型城市工作领导小组成员单位"
    ]


def test_first_listed_unit_leads_in_the_xinshidai_document(docs):
    clauses = by_label(docs[XINSHIDAI])
    # Stated once in 三（一）: "列第一位者为牵头单位，下同" — it applies to every later clause.
    expected = {
        "三（一）": "科技局",
        "三（二）": "科技局",
        "三（三）": "科技局",
        "三（四）": "科技局",
        "三（五）": "科技局",
        "三（六）": "组织部人才办",
        "三（七）": "组织部人才办",
        "三（八）": "金融发展服务中心",
    }
    for label, lead in expected.items():
        assert clauses[label].fields.lead_units == [lead], label
        assert clauses[label].fields.lead_rule == "first-listed"
        assert clauses[label].fields.responsible_units[0] == lead
    # 三（三） lists its units without the 责任单位 label.
    assert clauses["三（三）"].fields.responsible_units == [
        "科技局",
        "发改局",
        "经信局",
        "统计局",
        "税务局",
        "各镇街道",
    ]
    assert clauses["三（一）"].fields.responsible_units[-1] == "各镇(街道)"


def test_no_lead_is_invented_where_the_document_names_none(docs):
    for clause in docs[DINGXI].clauses:
        assert clause.fields.lead_units == [], clause.label
    assert by_label(docs[DINGXI])["二（五）"].fields.responsible_units[0] == "市科技局"
    for clause in docs[ZHEJIANG].clauses:
        assert clause.fields.lead_units == [] and clause.fields.responsible_units == []


def test_expected_results_of_dingxi_clauses(docs):
    clause = by_label(docs[DINGXI])["二（五）"]
    assert clause.fields.expected_results.startswith("2020年底,高新技术企业总数达到38家")
    assert "责任单位" not in clause.fields.expected_results


def test_quantitative_targets(docs):
    targets = {
        (t.indicator, t.value, t.unit, t.year, t.qualifier) for c in docs[JINHUA].clauses for t in c.fields.targets
    }
    assert ("有效国家高新技术企业", 1000, "家", 2020, "以上") in targets
    assert ("全市PM2.5平均浓度", 35, "微克/立方米", 2020, "以下") in targets
    assert ("全社会研究与试验发展(R&D)经费占GDP比重", 2.5, "%", 2020, "以上") in targets
    assert ("全市在役工业机器人", 1, "万台", 2020, "以上") in targets
    dingxi = {(t.indicator, t.value, t.unit) for c in docs[DINGXI].clauses for t in c.fields.targets}
    assert ("对新认定的高新技术企业给予", 5, "万元") in dingxi
    assert ("对重新认定的高新技术企业给予", 2, "万元") in dingxi
    # Years and document numbers are never read as targets.
    for doc in docs.values():
        for c in doc.clauses:
            for t in c.fields.targets:
                assert not (t.unit == "年" or 1990 <= t.value <= 2050 and t.unit in ("", "号")), t


METADATA = {
    # A notice's own title; the plan it transmits is its attachment.
    JINHUA: dict(
        title="金华市人民政府办公室关于印发《金华市建设国家创新型城市工作实施方案》的通知",
        attachments=[
            "金华市建设国家创新型城市工作实施方案",
            "建设国家创新型城市部门任务分解表",
            "建设国家创新型城市县(市、区)任务分解表",
            "金华市建设国家创新型城市工作领导小组成员单位职责分工表",
        ],
        issuer="金华市人民政府办公室",
        doc_number="金政办发〔2018〕106号",
        written_date="2018-12-10",
        published_date="2018-12-10",
        effective_date="2018-12-10",
        region="金华市",
        validity="现行有效",
    ),
    COMPLEX: dict(
        title="关于对《金华市产业创新服务综合体建设行动计划(2018-2020)》的公示",
        attachments=["金华市产业创新服务综合体建设行动计划(2018-2020)"],
        issuer=None,
        doc_number=None,
        written_date=None,
        published_date="2018-08-27",
        effective_date=None,
        region="金华市",
        validity=None,
    ),
    XINSHIDAI: dict(
        title="新时代科技创新力提升行动方案",
        issuer=None,
        doc_number=None,
        written_date=None,
        published_date=None,
        effective_date=None,
        region=None,
        validity=None,
    ),
    ZHEJIANG: dict(
        title="浙江省人民政府办公厅关于促进县域创新驱动发展的实施意见",
        issuer="浙江省人民政府办公厅",
        doc_number="浙政办发〔2019〕11号",
        written_date="2019-02-21",
        published_date=None,
        effective_date=None,
        region="浙江省",
        validity=None,
    ),
    DINGXI: dict(
        title="定西市人民政府办公室关于创新助力拓存创增促进经济社会发展实施方案的通知",
        attachments=["定西市创新助力拓存创增促进经济社会发展实施方案"],
        issuer="定西市人民政府办公室",
        doc_number=None,
        written_date="2020-09-04",
        published_date=None,
        effective_date=None,
        region="定西市",
        validity=None,
    ),
}


@pytest.mark.parametrize("slug", METADATA)
def test_document_metadata(docs, slug):
    meta = docs[slug].meta
    for key, value in METADATA[slug].items():
        assert getattr(meta, key) == value, key


def test_cited_document_numbers_are_not_taken_as_the_documents_own(docs):
    # 定西 cites 甘政办发〔2020〕70号 in its preamble; it has no number of its own.
    assert docs[DINGXI].meta.doc_number is None


def test_a_document_number_in_brackets_under_the_title_is_the_documents_own():
    text = (
        "关于加强医疗保障基金使用常态化监管的实施意见\n（国办发〔2023〕17号）\n"
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n一、总体要求\n加强医保基金监管。\n"
        "国务院办公厅\n2023年5月26日\n"
    )
    meta = parse_document(text, slug="x").meta
    assert meta.doc_number == "国办发〔2023〕17号" and meta.title == "关于加强医疗保障基金使用常态化监管的实施意见"


def test_a_ministry_pages_bracketed_labels_give_its_number_and_date():
    text = (
        "商务部等4部门办公厅关于进一步做好家电以旧换新工作的通知\n【发布单位】流通发展司\n"
        "【发布文号】商办流通函〔2024〕397号\n【发文日期】2024年08月24日\n一、做好政策衔接\n各地要加强统筹协调。\n"
    )
    meta = parse_document(text, slug="x").meta
    assert meta.doc_number == "商办流通函〔2024〕397号" and meta.written_date == "2024-08-24"


def test_a_file_name_ending_in_a_date_is_the_version_of_the_text():
    text = "工伤保险条例\n2003年4月27日 中华人民共和国国务院令第375号公布\n第一条 为了保障职工，制定本条例。\n"
    assert parse_document(text, slug="工伤保险条例-2010-12-20").meta.version_date == "2010-12-20"
    assert parse_document(text, slug="工伤保险条例").meta.version_date is None


def test_labelled_attributes_are_kept_verbatim(docs):
    assert docs[JINHUA].meta.attributes["效力等级"] == "地方规范性文件"
    assert docs[ZHEJIANG].meta.attributes["发文机关"] == "省政府办公厅"
    assert docs[COMPLEX].meta.attributes == {"起草单位": "市科技局", "文稿状态": "送审稿", "来源": "智科&智科飞创科技"}


BOILERPLATE = [
    "下载文档",
    "仅部分预览",
    "侵犯您的权益",
    "合集下载",
    "文章属性",
    "【",
    "打印本页",
    "打印 关闭",
    "关闭窗口",
    "责任编辑",
    "分享到",
    "相关文档",
    "最新文档",
    "|",
    "当前位置",
    "首页",
    "浏览次数",
    "字体",
    "Baidu",
    "map",
    "由会员分享",
    "优知文库",
    "返回页面顶端",
    "点击数",
    "联系我们",
    "行业新闻",
    "索引号",
    "废止时间",
    "• ",
]


@pytest.mark.parametrize("slug", STRUCTURE)
def test_no_boilerplate_left_in_any_clause(docs, slug):
    for clause in docs[slug].clauses:
        for junk in BOILERPLATE:
            assert junk not in clause.text, f"{junk!r} in {clause.id}"


def test_page_fragment_numbers_are_removed_mid_sentence(docs):
    text = "".join(c.text for c in docs[XINSHIDAI].clauses)
    assert "全力争创国家创新型县市" in text
    assert "新增高技能人才1.5万人以上" in text
    assert "列第一位者为牵头单位,下同)" in text
    assert not re.search(r"\n\d+、", text)
    assert docs[XINSHIDAI].clauses[0].text.startswith("新时代科技创新力提升行动方案为认真贯彻")


def test_layout_line_breaks_inside_sentences_are_joined(docs):
    text = "\n".join(c.text for c in docs[JINHUA].clauses)
    assert "万元GDP综合能耗明显下降" in text
    assert "不断提高财政科技资金使用绩效。" in text


# Furniture as a reader would strike it out of the raw capture, written independently of the
# cleaner: whole lines, and the viewer's page numbers in the 新时代 file.
STRUCK_LINES = re.compile(
    r"^\s*(合集下载|\d\.\s*\d、.*|文章属性|•.*|正文|相关文档|最新文档|打印 关闭|Baidu|map|当前位置.*|>.*|索引号.*|"
    r"主题分类.*|发文机关.*|成文日期.*|发文字号.*|废止时间.*|联系我们.*|行业新闻.*|点击数.*|【责任编辑.*|"
    r"《新时代.*由会员分享.*|\|.*(责任编辑|分享到|打印本页).*|[|\s]*)$"
)


def policy_sentences(slug: str) -> list[str]:
    raw = (CORPUS / f"{slug}.txt").read_text(encoding="utf-8")
    lines = [ln for ln in raw.splitlines() if not STRUCK_LINES.match(ln)]
    if slug == JINHUA:
        lines = lines[1:]  # the page's <title>, repeated verbatim as the document heading below
    text = "\n".join(lines)
    if slug == XINSHIDAI:
        text = re.sub(r"\n\d{1,2}、", "", text).removeprefix("1、")
    body = norm(text.replace("|", ""))
    return [s for s in re.split(r"(?<=[。;；!?！？])", body) if len(s) >= 4]


@pytest.mark.parametrize("slug", STRUCTURE)
def test_every_sentence_of_policy_text_is_in_some_record(docs, slug):
    records = [norm(c.text) for c in docs[slug].clauses]
    # A sentence may straddle two records only where a clause marker sits inside it.
    joined = "".join(records)
    missing = [s for s in policy_sentences(slug) if not any(s in r for r in records) and s not in joined]
    assert missing == []
    # And the preamble and closing parts are records too.
    assert norm("现印发给你们,请认真组织实施。") in norm(by_label(docs[JINHUA])["前言"].text)
    assert "(此件公开发布)" in by_label(docs[ZHEJIANG])["落款与附件"].text


@pytest.mark.parametrize("slug", STRUCTURE)
def test_clause_offsets_point_into_the_original_text(docs, slug):
    doc = docs[slug]
    for clause in doc.clauses:
        span = doc.text[clause.start : clause.end]
        assert span[0] == clause.text[0] and span[-1] == clause.text[-1], clause.id
        # Every character of the clause text is an original character, in order.
        it = iter(span)
        assert all(ch in it for ch in clause.text), clause.id


def test_long_clauses_are_split_into_passages_that_keep_the_clause(docs):
    doc = docs[DINGXI]
    long_clause = by_label(doc)["二（三）"]
    assert len(long_clause.text) > 360
    parts = [p for p in doc.passages if p.clause_id == long_clause.id]
    assert len(parts) >= 2
    assert norm("".join(p.text for p in parts)) == norm(long_clause.text)
    for p in parts:
        assert len(p.text) <= 360
        assert "积极融入丝绸之路信息港建设" in p.search_text  # heading path travels with each piece
        assert "定西市创新助力拓存创增促进经济社会发展实施方案" in p.search_text
