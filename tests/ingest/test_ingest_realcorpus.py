"""Ingest on real documents of every genre users load (../shared/realcorpus): the structure a
reader sees in them, and metadata held to a truth file written by reading each document
(tests/data/realcorpus_metadata.jsonl). Skipped where the corpus is not on the machine."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.ingest import parse_document, slugify
from assistant.ingest.audit import score_metadata
from assistant.ingest.loaders import load_file
from assistant.records import Document

TRUTH = Path(__file__).resolve().parents[1] / "data" / "realcorpus_metadata.jsonl"


@pytest.fixture(scope="module")
def parse(realcorpus_dir):
    cache: dict[str, Document] = {}

    def _parse(name: str) -> Document:
        if name not in cache:
            loaded = load_file(realcorpus_dir / "docs" / name)
            cache[name] = parse_document(loaded.text, slug=slugify(Path(name).stem), fmt=loaded.format)
        return cache[name]

    return _parse


def labels(doc: Document, kind: str | None = None) -> list[str]:
    return [c.label for c in doc.clauses if kind is None or c.kind == kind]


def parent_of(doc: Document, label: str) -> str | None:
    by_id = {c.id: c for c in doc.clauses}
    clause = next(c for c in doc.clauses if c.label == label)
    return by_id[clause.parent_id].label if clause.parent_id else None


# --------------------------------------------------------------------------- laws and regulations


def test_articles_run_on_across_chapters(parse):
    doc = parse("上海市水路运输管理条例.md")
    articles = [c for c in doc.clauses if c.kind == "article"]
    assert [c.path[-1] for c in articles] == list(range(1, 52))  # 51 articles in 7 chapters
    assert len([c for c in doc.clauses if c.kind == "chapter"]) == 7
    assert parent_of(doc, "第七条") == "第二章"
    assert parent_of(doc, "第五十一条") == "第七章"
    # 项 belong to their article, not to the chapter.
    assert parent_of(doc, "第八条（一）") == "第八条"
    assert parent_of(doc, "第三十九条（四）") == "第三十九条"


def test_sections_nest_under_chapters_and_restart_in_each(parse):
    doc = parse("机动车登记规定(2021-12-17).md")
    by_label = {c.label: c for c in doc.clauses}
    jie = [c for c in doc.clauses if c.kind == "subchapter"]
    assert len(jie) >= 7
    assert parent_of(doc, "第一节") in ("第二章", "第三章")
    first_article_of_jie = next(c for c in doc.clauses if c.kind == "article" and c.parent_id == jie[0].id)
    assert first_article_of_jie.path[-1] > 1  # articles keep their law-wide numbers
    assert all(by_label[lbl].kind == "chapter" for lbl in ("第一章", "第二章", "第三章"))


def test_markdown_marks_never_reach_titles_labels_or_text(parse, realcorpus_dir):
    for path in sorted((realcorpus_dir / "docs").glob("*.md"))[:40]:
        doc = parse(path.name)
        assert doc.meta.title and "#" not in doc.meta.title and "*" not in doc.meta.title
        for c in doc.clauses:
            assert not c.text.lstrip().startswith("#"), (path.name, c.label)
            assert "**" not in c.text and "<!--" not in c.text, (path.name, c.label)


def test_paragraphs_of_an_article_stay_in_the_article(parse):
    doc = parse("化妆品生产经营监督管理办法(2021-08-02).md")
    art3 = next(c for c in doc.clauses if c.kind == "article" and c.path[-1] == 3)
    assert "国家药品监督管理局负责全国化妆品监督管理工作" in art3.text
    assert "县级以上地方人民政府负责药品监督管理的部门" in art3.text


# --------------------------------------------------------------------------- State Council documents


def test_items_run_on_across_sections(parse):
    doc = parse("国务院关于促进综合保税区高水平开放高质量发展的若干意见.txt")
    points = [c for c in doc.clauses if c.kind == "point"]
    assert [c.path[-1] for c in points] == list(range(1, 22))  # 1.–21. across (一)–(五)
    assert parent_of(doc, "四（二）6.") == "四（二）"
    assert parent_of(doc, "四（五）21.") == "四（五）"


def test_items_numbered_on_across_sections_hang_on_their_section(parse):
    doc = parse("国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见.txt")
    items = [c for c in doc.clauses if c.kind == "item"]
    assert [c.path[-1] for c in items] == list(range(1, len(items) + 1)) and len(items) >= 23
    assert parent_of(doc, "二（五）") == "二" and parent_of(doc, "六（二十三）") == "六"


def test_a_contents_list_without_a_mulu_line_is_not_structure(parse):
    doc = parse("北京中轴线文化遗产保护条例(2022-05-25).md")
    chapters = [c for c in doc.clauses if c.kind == "chapter"]
    assert [c.label for c in chapters] == ["第一章", "第二章", "第三章", "第四章", "第五章"]
    assert parent_of(doc, "第一条") == "第一章"


def test_multi_line_titles_are_joined(parse):
    doc = parse("国务院关于促进综合保税区高水平开放高质量发展的若干意见.txt")
    assert doc.meta.title == "国务院关于促进综合保税区高水平开放高质量发展的若干意见"
    assert doc.meta.doc_number == "国发〔2019〕3号"
    assert doc.meta.scope == "全国" and doc.meta.region is None


def test_attachments_after_the_signature_are_parts_of_their_own(parse):
    doc = parse("国务院办公厅关于加强三级公立医院绩效考核工作的意见.txt")
    att = [c for c in doc.clauses if c.kind == "attachment"]
    assert len(att) == 1 and att[0].heading == "三级公立医院绩效考核指标"
    # The attachment's 一、二、 hang on the attachment node, not on the 意见's last item.
    tops = [c for c in doc.clauses if c.parent_id == att[0].id and c.kind == "section"]
    assert [c.heading for c in tops][:2] == ["医疗质量", "运营效率"]
    main_sections = [c for c in doc.clauses if c.kind == "section" and c.parent_id is None]
    assert len(main_sections) == 5
    # The attachment list before the signature is closing text, not a parent.
    closing = next(c for c in doc.clauses if c.kind == "closing" and c.parent_id is None)
    assert "附件" in closing.text


def test_a_transmitted_document_after_the_notice_is_an_attachment(parse):
    doc = parse("国务院关于同意组建2008年北京奥运会首都国际机场协调委员会的批复.txt")
    att = next(c for c in doc.clauses if c.kind == "attachment")
    assert att.heading == "2008年北京奥运会首都国际机场协调委员会组建方案"
    assert [c.heading for c in doc.clauses if c.parent_id == att.id and c.kind == "section"] == [
        "主要职能",
        "组成人员",
        "工作规则",
        "工作要求",
    ]
    assert doc.meta.written_date == "2006-05-23"


def test_numbered_attachments_each_get_a_node(parse):
    doc = parse("国务院办公厅关于湖北省巴东县地质灾害险情有关问题的复函.txt")
    att = [c for c in doc.clauses if c.kind == "attachment"]
    assert [c.label for c in att] == ["附件1", "附件2"]


def test_decimal_outline_headings_of_a_plan_are_levels(parse):
    doc = parse("国务院办公厅关于印发国家粮食应急预案的函.txt")
    by_label = {c.label: c for c in doc.clauses}
    assert by_label["附件 1.4"].heading == "工作原则"
    assert parent_of(doc, "附件 2.1.1") == "附件 2.1"
    assert parent_of(doc, "附件 2.1.1（1）") == "附件 2.1.1"
    # Its contents list is not structure: 总则 is there once.
    assert [c.heading for c in doc.clauses].count("总则") == 1


def test_a_second_list_in_one_article_starts_again(parse):
    doc = parse("河南省黄河工程管理条例(2020-06-04).md")
    items = [c for c in doc.clauses if c.parent_id and c.parent_id.endswith(".9") and c.kind == "item"]
    assert [c.path[-1] for c in items][:4] == [1, 2, 1, 2]


def test_a_document_without_numbering_is_one_clause_per_paragraph(parse):
    doc = parse("国务院办公厅对全国政协十届四次会议第4626号提案的答复.txt")
    paragraphs = [c for c in doc.clauses if c.kind == "paragraph"]
    assert len(paragraphs) >= 2
    assert all(len(c.text) < 2000 for c in doc.clauses)


# --------------------------------------------------------------------------- tables


def test_table_rows_are_readable_lines_inside_their_attachment_and_searchable(parse):
    doc = parse("10b_广州门特费用范围标准_穗医保规字2019-4号.html")
    att = next(c for c in doc.clauses if c.kind == "attachment" and c.label == "附件1")
    rows = [c for c in doc.clauses if c.parent_id == att.id]
    hypertension = next(c for c in rows if "高血压病" in c.text)
    assert hypertension.text.startswith("序号：1；")
    assert "门诊特定病种（病种名称）：高血压病" in hypertension.text
    assert "统筹基金最高支付限额（职工医保）：200元/月" in hypertension.text
    assert len([c for c in rows if c.text.startswith("序号：")]) >= 50  # every row kept
    passage = next(p for p in doc.passages if p.clause_id == hypertension.id)
    assert "高血压病" in passage.search_text and att.heading in passage.search_text


# --------------------------------------------------------------------------- Q&A pages and digit-led items


def test_each_numbered_question_with_its_answer_is_one_clause():
    text = (
        "2025年度高新技术企业认定问答\n发布时间：2025-03-01\n1.2025年度高新技术企业有多少个？\n全市共有1,200个。\n"
        "其中新认定300个。\n2.2026年什么时候申报？\n每年3月起申报。\n3.3人户家庭可以申请几房？\n可申请两房一厅。\n"
    )
    doc = parse_document(text, slug="qa")
    questions = [c for c in doc.clauses if c.kind == "point"]
    assert [c.heading for c in questions] == [
        "2025年度高新技术企业有多少个？",
        "2026年什么时候申报？",
        "3人户家庭可以申请几房？",
    ]
    assert "其中新认定300个" in questions[0].text
    assert doc.meta.title == "2025年度高新技术企业认定问答"


def test_a_web_pages_headline_with_a_comma_is_its_title():
    # Not a sentence: short, no full stop or colon. Every passage is indexed with the title, so a
    # page without one is found by nothing but its body's words.
    text = (
        "2025年，广州市企业职工基本养老金申领详解\n发表时间：2025-08-21 17:38\n"
        "一、办理对象\n参保人。\n八、收费标准\n不收费\n"
    )
    assert parse_document(text, slug="guide").meta.title == "2025年，广州市企业职工基本养老金申领详解"
    # A first line that is a sentence is no title.
    assert parse_document("为规范管理，现通知如下：\n一、总则\n加强管理。\n", slug="x").meta.title is None


def test_items_whose_text_starts_with_a_digit_are_items(parse):
    doc = parse("11b_2025年第一批户籍家庭公租房常态分配房源通告.html")
    heads = [c.heading for c in doc.clauses]
    assert any(h.startswith("3人户家庭") for h in heads)
    assert any(h.startswith("2人户中2人均年满18周岁") for h in heads)


# --------------------------------------------------------------------------- rules seen on held-out documents


def _tree(text: str, fmt: str = "txt") -> dict[str, tuple[str, str | None]]:
    doc = parse_document(text, slug="t", fmt=fmt)
    by_id = {c.id: c for c in doc.clauses}
    return {c.label: (c.kind, by_id[c.parent_id].label if c.parent_id else None) for c in doc.clauses}


def test_a_heading_that_starts_with_a_numeral_is_still_a_section():
    text = (
        "关于开展资格认证的通告\n一、一年至少认证一次\n待遇领取人员每年认证。\n"
        "二、认证方式\n（一）网上认证。\n（二）窗口认证。\n三、三农政策\n内容。\n"
    )
    tree = _tree(text)
    assert tree["一"] == ("section", None) and tree["三"] == ("section", None)
    assert tree["二（二）"] == ("item", "二")


def test_parts_numbered_di_x_bufen_hold_their_sections():
    text = (
        "社保费补缴政策指引\n第一部分：合法缴纳\n一、办理条件\n内容。\n二、办理方式\n内容。\n"
        "第二部分：违规补缴\n下列规定适用：\n1.刑法有关规定。\n2.社会保险法第八十八条。\n"
    )
    tree = _tree(text)
    assert tree["第一部分"][0] == "part" and tree["二"] == ("section", "第一部分")
    assert tree["第二部分2."] == ("point", "第二部分")


def test_closing_paragraphs_after_one_line_items_belong_to_the_document():
    text = (
        "国务院办公厅关于2019年部分节假日安排的通知\n各省、自治区、直辖市人民政府：\n经国务院批准，现将安排通知如下。\n"
        "一、元旦：1月1日放假。\n二、春节：2月4日至10日放假调休。\n三、国庆节：10月1日至7日放假调休。\n"
        "节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。\n国务院办公厅\n2018年12月6日\n"
    )
    doc = parse_document(text, slug="t")
    last = next(c for c in doc.clauses if c.label == "三")
    tail = next(c for c in doc.clauses if c.label == "结尾")
    assert "节假日期间" not in last.text and tail.text.startswith("节假日期间") and tail.parent_id is None


def test_fu_fubiao_futu_lines_start_attachments_of_a_law():
    text = (
        "中华人民共和国某税法\n第一条 目的。\n第二条 税额。\n第三条 本法自2019年9月1日起施行。\n"
        "附：\n各省平均税率表\n地区：北京；税额：45元\n"
    )
    doc = parse_document(text, slug="t")
    att = next(c for c in doc.clauses if c.kind == "attachment")
    assert att.heading == "各省平均税率表"
    art3 = next(c for c in doc.clauses if c.label == "第三条")
    assert "税率表" not in art3.text


def test_a_heading_that_is_only_its_numeral_is_a_section():
    tree = _tree("# 关于工作时间的通知\n\n## 一\n\n内容一。\n\n## 二\n\n内容二。\n\n## 三\n\n废止条款。\n", fmt="md")
    assert tree["三"] == ("section", None)


def test_validity_is_the_documents_own_not_that_of_a_card_it_regulates():
    text = (
        "中华人民共和国居民身份证法\n第一条 为了证明居住在中华人民共和国境内的公民的身份，制定本法。\n"
        "第二条 居民身份证的有效期为十年。\n第三条 本法自2004年1月1日起施行。\n"
    )
    assert parse_document(text, slug="t").meta.validity is None
    notice = "关于印发某办法的通知\n一、内容。\n二、本通知自2019年7月1日起实施，有效期5年。\n"
    assert parse_document(notice, slug="t").meta.validity == "有效期5年"


def test_a_header_line_naming_who_published_gives_the_issuer():
    text = (
        "# 仲裁委员会仲裁收费办法\n\n1995年7月28日 国务院发布\n\n"
        "第一条 为了规范仲裁收费，制定本办法。\n\n第二条 内容。\n"
    )
    meta = parse_document(text, slug="t", fmt="md").meta
    assert meta.issuers == ["国务院"] and meta.published_date == "1995-07-28" and meta.scope == "全国"


def test_a_ministry_number_is_national_and_a_cited_trial_title_is_not_the_documents_stage():
    text = (
        "关于职工全年月平均工作时间和工资折算问题的通知\n劳社部发〔2008〕3号\n"
        "根据《某某办法（试行）》的规定，现就有关问题通知如下：\n一、内容。\n二、内容。\n"
    )
    meta = parse_document(text, slug="t").meta
    assert meta.scope == "全国" and "文稿状态" not in meta.attributes


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "text",
    [
        "到2025年，引进人才1.5万人，各县(市、区)要落实。\n全市新增企业2.3万家。",
        "第一条 目的\n本规定所称(市、区)是指…，第三条规定的除外。\n第二条 适用范围",
    ],
)
def test_numbers_inside_sentences_are_never_clauses(text):
    doc = parse_document(text, slug="t")
    assert not any(re.fullmatch(r"\d+\.|（[一二三]）", c.label) for c in doc.clauses)
    assert [c.label for c in doc.clauses if c.kind == "article"] in ([], ["第一条", "第二条"])


# --------------------------------------------------------------------------- metadata truth


def _truth() -> list[dict]:
    return [json.loads(line) for line in TRUTH.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_metadata_matches_the_truth_file(parse):
    score = score_metadata(_truth(), lambda name: parse(name).meta)
    detail = "\n".join(score.misses)
    assert score.n >= 140
    assert score.right["doc_number"] == score.n, detail  # every 文号 the text states, and none it does not
    for name in (
        "title",
        "written_date",
        "published_date",
        "effective_date",
        "adopted_date",
        "amended_dates",
        "issuers",
        "scope",
    ):  # issuers: every joint issuer, in order
        assert score.share(name) >= 0.95, f"{name}: {score.right[name]}/{score.n}\n{detail}"
    assert not score.wrong_where_empty, "\n".join(score.wrong_where_empty)


def test_a_government_pages_site_code_says_its_place_when_its_text_names_none():
    from assistant.ingest import parse_document

    page = "企业职工基本养老金申领详解\n一、受理条件\n达到法定退休年龄。\n网站标识码：4401000059"
    doc = parse_document(page, slug="x", fmt="html")
    assert doc.meta.scope == "广州市" and doc.meta.attributes["网站标识码"] == "4401000059"
    assert all("网站标识码" not in c.text for c in doc.clauses)  # metadata, not text
    district = parse_document(page.replace("4401000059", "4401060050"), slug="y", fmt="html")
    assert district.meta.region == "广州市天河区"


def test_a_last_heading_alone_on_its_line_keeps_the_paragraph_under_it():
    # One-line items, then "三、组织实施" and a paragraph: that paragraph is the section's, not the
    # document's closing words (as it is after "七、国庆节：10月1日至7日放假调休。").
    text = (
        "关于加大激励力度的通知\n一、对成效明显的市县给予奖励。\n二、对成效明显的市县优先安排项目。\n"
        "三、组织实施\n各省要建立省级政府办公厅牵头的工作机制。\n"
    )
    clauses = {c.id.split("#")[1]: c for c in parse_document(text, slug="x").clauses}
    assert "tail" not in clauses and "省级政府办公厅牵头" in clauses["3"].text


def test_labels_after_a_labelled_list_are_the_sections_not_the_last_items():
    # "补贴条件：" opens a list; "补贴对象：…补贴标准：10000元。" after its last item stand beside
    # "补贴条件", as the section's own words.
    text = (
        "广州市高校毕业生创业补贴\n1、一次性创业资助\n补贴条件：\n（1）初创企业登记注册满6个月；\n"
        "（2）申请时未被列入经营异常名录。\n补贴对象：符合条件的创业者。\n补贴标准：10000元。\n"
        "2、创业租金补贴\n补贴条件：\n（1）租赁场地用于经营。\n补贴标准：每连续租满1年补贴6000元。\n"
    )
    clauses = {c.id.split("#")[1]: c for c in parse_document(text, slug="x").clauses}
    assert "10000元" not in clauses["1.2"].text and "经营异常名录" in clauses["1.2"].text
    assert "补贴标准：10000元" in clauses["1.3"].text and clauses["1.3"].parent_id == "x#1"
    assert "6000元" in clauses["2.2"].text and "6000元" not in clauses["2.1"].text
    # A list not opened by a label keeps its last item's second paragraph.
    plain = "通知\n一、工作任务\n（一）加强宣传。\n（二）强化保障。\n资金：由财政安排。\n"
    assert "资金：由财政安排" in {c.id.split("#")[1]: c for c in parse_document(plain, slug="y").clauses}["1.2"].text


def test_joint_issuers_side_by_side_on_a_signature_line_are_each_an_issuer():
    # Two signature forms of ministry notices: several bodies per line above the date, and bodies
    # with the date on one line (a ministry's 综合司 signs too).
    stacked = (
        "关于印发某意见的通知\n各省、自治区、直辖市卫生计生委：\n现将意见印发给你们。\n"
        "国家卫生计生委 国家发展改革委\n人力资源社会保障部 国家中医药管理局\n中国保监会\n2014年11月5日\n"
    )
    meta = parse_document(stacked, slug="t").meta
    assert meta.issuers == ["国家卫生计生委", "国家发展改革委", "人力资源社会保障部", "国家中医药管理局", "中国保监会"]
    assert meta.written_date == "2014-11-05"
    one_line = (
        "关于加强某服务的通知\n各省卫生健康委：\n一、工作要求。\n"
        "国家卫生健康委办公厅 国家中医药局综合司 国家疾控局综合司 2024年10月28日\n"
    )
    meta = parse_document(one_line, slug="t").meta
    assert meta.issuers == ["国家卫生健康委办公厅", "国家中医药局综合司", "国家疾控局综合司"]
    assert meta.written_date == "2024-10-28"
