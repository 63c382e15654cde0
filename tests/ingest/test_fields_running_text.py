"""Who a clause makes responsible, wherever the text names them — not only after the labels
牵头单位：/ 责任单位：. State Council notices put the units in a note after an item
("（农业农村部负责）"); laws and regulations name them in running text
("国务院司法行政部门主管全国的社区矫正工作"). A unit is read only where it is the subject that
负责 / 主管 / 牵头 / 组织 / 会同, never where it is an object ("向民政部门申请").

How the fields represent it: 牵头 gives `lead_units` (lead_rule "verb"); 主管, 负责, 组织(实施),
会同 and "是…的主管部门" give `responsible_units` only, so "谁负责 / 哪个部门管" is answered with
that unit and "谁牵头" is told the clause names no separate lead. No index is needed here."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from assistant.ingest import parse_document, slugify
from assistant.ingest.fields import extract_fields
from assistant.ingest.loaders import load_file
from assistant.records import Clause, ClauseFields

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def fields_of(text: str, first_listed_leads: bool = False) -> ClauseFields:
    clause = Clause(
        id="doc#1",
        doc_slug="doc",
        path=[1],
        label="一",
        kind="item",
        heading="",
        heading_path=[],
        text=text,
        start=0,
        end=len(text),
    )
    return extract_fields(clause, first_listed_leads)[0]


def units(text: str) -> tuple[list[str], list[str]]:
    f = fields_of(text)
    return f.lead_units, f.responsible_units


# --------------------------------------------------------------------------- notes after an item


@pytest.mark.parametrize(
    "text, lead, responsible",
    [
        ("（三）加快农业科技创新，推进种业振兴行动。（农业农村部负责）", [], ["农业农村部"]),
        (
            "7.优化通关流程，压缩整体通关时间。（国家发展改革委、海关总署等按职责分工负责）",
            [],
            ["国家发展改革委", "海关总署"],
        ),
        ("8.扩大优质商品进口。（负责部门：商务部、海关总署）", [], ["商务部", "海关总署"]),
        ("9.稳定外贸基本盘。（商务部牵头，海关总署等按职责分工负责）", ["商务部"], ["海关总署"]),
        (
            "10.开展试点示范。（省发展改革委负责，省财政厅、省商务厅参与）",
            [],
            ["省发展改革委", "省财政厅", "省商务厅"],
        ),
        ("11.完善退税机制。（税务总局会同财政部负责，2020年底前完成）", [], ["税务总局", "财政部"]),
        ("12.支持综合保税区发展。（海关总署、商务部等有关部门负责）", [], ["海关总署", "商务部"]),
        (
            "（一）动员社会参与。（扶贫办、中央统战部、全国总工会等和各省级人民政府负责）",
            [],
            ["扶贫办", "中央统战部", "全国总工会", "省级人民政府"],
        ),
        ("13.推进改革。（市发展改革委、各县（市、区）人民政府负责）", [], ["市发展改革委", "县（市、区）人民政府"]),
    ],
)
def test_a_note_after_an_item_names_its_units_without_label_or_verb(text, lead, responsible):
    assert units(text) == (lead, responsible)


def test_every_note_of_a_clause_counts_in_order():
    text = "扩大进口。（商务部负责）\n优化监管。（海关总署、市场监管总局负责）"
    assert units(text) == ([], ["商务部", "海关总署", "市场监管总局"])


def test_a_note_that_ranks_the_first_unit_as_lead_makes_it_the_lead_from_then_on():
    first = fields_of("1.推进税制改革。（税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同）")
    assert (first.lead_units, first.lead_rule) == (["税务总局"], "first-listed")
    assert first.responsible_units == ["税务总局", "财政部", "海关总署"]
    later = fields_of("2.扩大试点。（海关总署、商务部负责）", first_listed_leads=True)
    assert later.lead_units == ["海关总署"]


@pytest.mark.parametrize(
    "text",
    [
        "通过全国残疾人两项补贴信息系统（以下简称全国系统）办理。",
        "加快项目建设。（2020年底前完成）",
        "加强统筹。（各地区、各有关部门负责）",  # names nobody in particular
        "做好服务保障。（申请人、用人单位负责）",  # not units of government
    ],
)
def test_a_bracket_that_is_not_a_unit_note_gives_no_units(text):
    assert units(text) == ([], [])


# --------------------------------------------------------------------------- running text


@pytest.mark.parametrize(
    "text, responsible",
    [
        (
            "第八条 国务院司法行政部门主管全国的社区矫正工作。"
            "县级以上地方人民政府司法行政部门主管本行政区域内的社区矫正工作。",
            ["国务院司法行政部门", "县级以上地方人民政府司法行政部门"],
        ),
        (
            "第五条 县级以上地方人民政府民政部门负责本行政区域内社会组织的监督管理。",
            ["县级以上地方人民政府民政部门"],
        ),
        (
            "第六条 国务院科学技术行政部门负责国家科学技术奖的相关办法制定和评审活动的组织工作。",
            ["国务院科学技术行政部门"],
        ),
        ("第三条 市交通运输主管部门是本市机动车驾驶员培训的行政主管部门。", ["市交通运输主管部门"]),
        ("第五条 市民政部门是本市居家社区养老服务工作的主管部门，负责统筹、指导和监督。", ["市民政部门"]),
        ("城乡居民社会医疗保险费由税务机关负责征收。", ["税务机关"]),
        ("滨水公共空间户外招牌设置导则由市绿化市容部门组织编制。", ["市绿化市容部门"]),
        ("扫盲工作由有关教育部门组织实施。", ["有关教育部门"]),
        ("具体办法由省人民政府民政部门会同省财政部门制定。", ["省人民政府民政部门", "省财政部门"]),
        ("市民政部门应当会同市财政部门根据本市经济社会发展情况，适时调整资助标准。", ["市民政部门", "市财政部门"]),
        (
            "强制隔离戒毒场所的建设标准，由国务院建设部门、发展改革部门会同国务院公安部门、司法行政部门制定。",
            ["国务院建设部门", "发展改革部门", "国务院公安部门", "司法行政部门"],
        ),
        ("本条例由自治县人民代表大会常务委员会负责解释。", ["自治县人民代表大会常务委员会"]),
        (
            "第十六条 市住房城乡建设管理部门应当会同交通、水务、公安等部门以及沿岸区人民政府，编制专项规划。",
            ["市住房城乡建设管理部门", "交通、水务、公安等部门", "沿岸区人民政府"],
        ),
        (
            "第八条 市发展改革、教育等部门在各自职责范围内，负责国际科技创新中心建设的相关工作。",
            ["市发展改革、教育等部门"],
        ),
    ],
)
def test_running_text_makes_the_subject_of_its_verb_responsible(text, responsible):
    assert units(text) == ([], responsible)


@pytest.mark.parametrize(
    "text, lead, responsible",
    [
        ("第六条 公安机关牵头负责反电信网络诈骗工作。", ["公安机关"], []),
        ("由区委统战部牵头负责其申请人才公寓工作。", ["区委统战部"], []),
        (
            "第十五条 市人力资源社会保障部门应牵头会同市公安部门，制订实施细则。",
            ["市人力资源社会保障部门"],
            ["市公安部门"],
        ),
        (
            "由省级政府办公厅牵头，省财政厅、省民政厅参与，建立联席会议制度。",
            ["省级政府办公厅"],
            ["省财政厅", "省民政厅"],
        ),
    ],
)
def test_qian_tou_in_running_text_gives_a_lead(text, lead, responsible):
    f = fields_of(text)
    assert (f.lead_units, f.responsible_units) == (lead, responsible)
    assert f.lead_rule == "verb"


@pytest.mark.parametrize(
    "text, unit",
    [
        ("第四条 各级公安机关负责本辖区的户籍管理工作。", "公安机关"),  # 各级 is not part of the name
        ("并由海关负责代征进口环节税款。", "海关"),
        ("第八条 人民法院负责审理行政诉讼案件。", "人民法院"),
        ("第七条 市、县人民政府负责本行政区域内的城乡建设工作。", "市、县人民政府"),  # 、 inside one name
        ("第九条 国务院财政、税务主管部门负责制定具体办法。", "国务院财政、税务主管部门"),
        ("第五条 镇人民政府（街道办事处）负责具体实施助餐服务。", "镇人民政府（街道办事处）"),
        ("第三条 市医疗保险经办机构（以下简称医保经办机构）负责参保登记。", "市医疗保险经办机构"),
        (
            "第三条 县级以上地方人民政府负责药品监督管理的部门负责本行政区域的化妆品监督管理工作。",
            "县级以上地方人民政府负责药品监督管理的部门",
        ),
        ("第三条 国家发展改革委及国家粮食局负责应急工作的综合协调。", "国家发展改革委"),
    ],
)
def test_a_unit_phrase_is_taken_whole_and_without_leading_words(text, unit):
    assert unit in units(text)[1]
    for part in units(text)[1]:
        assert not part.startswith(("由", "并由", "各级")), part


def test_all_units_of_an_article_are_read_in_order_once():
    text = (
        "第三条 市民政部门负责统筹开展全市临时救助工作，区民政部门负责本行政区域内临时救助审批。\n"
        "镇人民政府（街道办事处）负责临时救助受理、调查核实。评估不合格的，由区民政部门负责督促整改。"
    )
    assert units(text) == ([], ["市民政部门", "区民政部门", "镇人民政府（街道办事处）"])


# --------------------------------------------------------------------------- what is never read


@pytest.mark.parametrize(
    "text",
    [
        "第九条 申请人应当向县级人民政府民政部门申请。",
        "第十条 设立分支机构的，应当报国务院批准。",
        "经公安机关同意后，申请人可以办理登记。",
        "申请人对处理决定不服的，可以向上一级税务机关申请复议。",
        "对违反本条例规定的，由县级以上人民政府农业农村主管部门责令改正，处一万元以下罚款。",
        "应当将普查登记结果报上级人民政府住房城乡建设主管部门。",
        "各省（区、市）政府要建立省级政府办公厅牵头、省级有关部门参与的工作机制。",  # inside an object
        "市民政部门对数据的真实性负责。",  # 对…负责 is answering for, not being in charge of
    ],
)
def test_a_unit_in_object_position_is_never_taken(text):
    assert units(text) == ([], [])


@pytest.mark.parametrize(
    "text",
    [
        "县级以上人民政府有关部门在各自职责范围内负责相关工作。",
        "国务院其他有关部门按照职责分工负责有关工作。",
        "其他费用由各自行业主管部门负责。",
        "办公室负责督促落实协调委议定事项。",  # a bare head names nobody
    ],
)
def test_units_that_name_nobody_in_particular_are_left_out(text):
    assert units(text) == ([], [])


@pytest.mark.parametrize(
    "text",
    [
        "国务院领导同志及各部门负责人要亲自阅批重要的群众来信。",  # 负责人 is a person
        "对直接负责的主管人员和其他直接责任人员，依法给予处分。",
        "临街商户周围由建筑物产权人和经营者负责。",
        "居民住宅区由物业管理单位负责。",
        "医疗卫生机构负责母乳喂养健康教育。",
        "多个部门进行检查的，明确由一个部门组织实施联合检查。",
        "中央宣传部会同财政部拟定的《转制规定》已经国务院同意，现印发给你们。",  # a drafter, in a noun phrase
        "乡(镇)人民政府负责社区戒毒工作的人员有下列行为之一的，依法给予处分。",
    ],
)
def test_people_businesses_and_noun_phrases_are_not_responsible_units(text):
    assert units(text) == ([], [])


def test_the_verb_inside_a_unit_name_is_not_the_clauses_verb():
    # Not "国务院": 负责…的部门 is the name of the unit.
    text = "第四条 国务院负责传统工艺美术保护工作的部门负责全国传统工艺美术保护工作。"
    assert units(text) == ([], ["国务院负责传统工艺美术保护工作的部门"])


def test_labels_still_win_over_running_text():
    text = "市科技局负责统筹推进。(牵头单位:市发改委,责任单位:市经信委、市财政局)"
    f = fields_of(text)
    assert (f.lead_units, f.responsible_units, f.lead_rule) == (["市发改委"], ["市经信委", "市财政局"], "stated")


# --------------------------------------------------------------------------- the sample corpus


# Digest of [clause id, lead_units, responsible_units, lead_rule] of every clause, as the labelled
# forms have always read them. A change here means the labelled forms read differently now.
SAMPLE_UNIT_DIGESTS = {
    "dingxi-innovation-plan-2020": "70525e74577b50d9",
    "jinhua-innovation-complex-plan-2018-draft": "287775d109427ef3",
    "jinhua-innovative-city-plan-2018": "7217db7a92ffabc4",
    "xinshidai-innovation-action-plan-2022": "bce9639998af23d8",
    "zhejiang-county-innovation-opinions-2019": "e25b34d5f3ba12c4",
}


@pytest.mark.parametrize("slug", sorted(SAMPLE_UNIT_DIGESTS))
def test_the_sample_corpus_reads_exactly_as_before(slug):
    doc = parse_document((CORPUS / f"{slug}.txt").read_text(encoding="utf-8"), slug=slug)
    rows = [[c.id, c.fields.lead_units, c.fields.responsible_units, c.fields.lead_rule] for c in doc.clauses]
    digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:16]
    assert digest == SAMPLE_UNIT_DIGESTS[slug]


# --------------------------------------------------------------------------- real documents


@pytest.fixture(scope="module")
def real(realcorpus_dir):
    def _parse(name: str) -> dict[str, ClauseFields]:
        loaded = load_file(realcorpus_dir / "docs" / name)
        doc = parse_document(loaded.text, slug=slugify(Path(name).stem), fmt=loaded.format)
        return {c.label: c.fields for c in doc.clauses}

    return _parse


def test_real_law_names_who_is_in_charge(real):
    f = real("社区矫正法(2019-12-28).md")["第八条"]
    assert f.responsible_units[:2] == ["国务院司法行政部门", "县级以上地方人民政府司法行政部门"]
    assert f.lead_units == []
    f = real("反电信网络诈骗法(2022-09-02).md")["第六条"]
    assert f.lead_units == ["公安机关"]


def test_real_state_council_notes(real):
    doc = real("国务院关于促进综合保税区高水平开放高质量发展的若干意见.txt")
    assert doc["四（二）7."].responsible_units == ["发展改革委", "科技部", "海关总署"]
    assert doc["四（二）7."].lead_units == ["发展改革委"]  # "排在第一位的部门为牵头部门，下同"
    doc = real("国务院办公厅关于对真抓实干成效明显地方进一步加大激励支持力度的通知.txt")
    assert doc["八"].responsible_units == ["人民银行", "银保监会", "证监会"]
    assert doc["八"].lead_units == []


def test_a_notice_that_asks_a_unit_to_act_makes_it_responsible():
    from assistant.ingest.fields import running_text_units

    assert running_text_units("（三）明确管理程序。请财政部落实《促进科技成果转化法》，简化评估程序。")[1] == ["财政部"]
    assert running_text_units("请各地区结合实际认真贯彻执行。")[1] == []  # not a unit


def test_a_unit_that_will_lead_is_a_lead():
    from assistant.ingest.fields import running_text_units

    assert running_text_units("将由信息产业部牵头，抓紧研究制定相关政策措施。")[0] == ["信息产业部"]


def test_each_note_of_an_item_covers_the_tasks_before_it():
    from assistant.ingest.fields import unit_notes

    text = (
        "（十三）改善消费条件。推行场馆一体化运营。（体育总局、教育部负责）积极探索建立体育场馆安保等级评价制度。"
        "（体育总局、公安部、应急管理部负责）研发消费信贷新产品。（银保监会、人民银行负责）"
    )
    notes = unit_notes(text)
    assert [n.responsible for n in notes] == [
        ["体育总局", "教育部"],
        ["体育总局", "公安部", "应急管理部"],
        ["银保监会", "人民银行"],
    ]
    assert "安保等级评价制度" in text[notes[1].start : notes[1].end]
    assert "安保" not in text[notes[2].start : notes[2].end]
