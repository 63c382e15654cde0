"""How the planner reads real genres, specified on a small corpus written like them: a national
law with a penalty article that cites its rule, a city regulation, a notice that replaces an older
one. The embedder is the hashed stand-in, so only the planning rules are under test."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.ingest.corpus import build_index
from assistant.pipeline import Assistant

# ruff: noqa: E501 — a law's articles are one line each, as in the real files

LAW = """中华人民共和国预付卡管理法
2020年5月1日第十三届全国人民代表大会常务委员会第十次会议通过
第一章 总则
第一条 为了规范预付卡经营活动，保护消费者合法权益，制定本法。
第二条 国务院商务主管部门主管全国的预付卡监督管理工作。县级以上地方人民政府商务主管部门负责本行政区域内的预付卡监督管理工作。
第二章 经营规范
第三条 经营者发行预付卡，预收资金余额超过风险警示标准的，应当采取专用存款账户管理等风险防范措施。
第四条 经营者应当向消费者出具购卡凭证。
第三章 法律责任
第五条 经营者违反本法第三条规定，未采取风险防范措施的，由商务主管部门责令限期改正；逾期不改正的，处二万元以上二十万元以下罚款。
第六条 本法自2021年1月1日起施行。
"""

CITY = """金华市电动自行车管理条例
第一条 为了加强电动自行车管理，制定本条例。
第二条 市公安机关交通管理部门负责本市电动自行车的登记管理工作。
第三条 电动自行车应当在规定区域停放；违反规定停放的，处二十元罚款。
第四条 本条例自2019年3月1日起施行。
第五条 交通管理部门办理登记，应当向车主出具登记凭证。
"""

OLD = """金华市人民政府办公室关于印发金华市人才公寓管理办法的通知
金政办发〔2016〕10号
各县（市、区）人民政府：
人才公寓租金为每月每平方米20元。
"""

NEW = """金华市人民政府办公室关于印发金华市人才公寓管理办法的通知
金政办发〔2020〕8号
各县（市、区）人民政府：
人才公寓租金为每月每平方米15元。
本办法自印发之日起施行，有效期5年。《金华市人民政府办公室关于印发金华市人才公寓管理办法的通知》（金政办发〔2016〕10号）同时废止。
"""


def _assistant_over(folder, files: dict[str, str]) -> Assistant:
    """An assistant over `files` (name → text) written into `folder`, indexed with the hashed embedder."""
    from tests.conftest import HashEmbeddings

    (folder / "docs").mkdir()
    for name, text in files.items():
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    settings = Settings(
        _env_file=None,
        index_dir=folder / "index",
        corpus_dir=folder / "docs",
        embedder="test-hash",
        show_progress=False,
    )
    embedder = HashEmbeddings()
    build_index(None, settings, embedder=embedder)
    return Assistant(settings, embedder=embedder)


def _among_others(folder, name: str, text: str) -> Assistant:
    """An assistant over one document beside two unrelated ones, so that its words weigh as in a corpus."""
    return _assistant_over(folder, {name: text, "预付卡管理法.md": LAW, "金华条例.md": CITY})


def _bare_plan(a: Assistant, question: str, *candidates):
    """The planner's reading of a question with the candidates given, as if the search had found them
    (the test embedder's cosines mean nothing, so rules on the search's figures are fed theirs)."""
    from assistant.query.plan import Plan

    q = a.planner.analyze(question)
    plan = Plan(q=q, intent=q.intent, terms=a.planner.terms_of(q), docs=None, regions=[])
    plan.candidates = plan.retrieved = list(candidates)
    return plan


@pytest.fixture(scope="module")
def assistant(tmp_path_factory) -> Assistant:
    files = {"预付卡管理法.md": LAW, "金华电动车条例.md": CITY, "old.txt": OLD, "new.txt": NEW}
    return _assistant_over(tmp_path_factory.mktemp("genres"), files)


def test_the_fine_for_breaking_a_rule_comes_from_the_penalty_article_that_cites_it(assistant):
    a = assistant.ask("预付卡预收资金余额超过风险警示标准却不采取风险防范措施，逾期不改会罚多少钱？")
    assert not a.refused
    assert "二万元以上二十万元以下" in a.answer
    assert a.citations[0].clause_id.endswith("#3.5")


def test_a_national_law_answers_for_a_city_the_documents_do_not_cover(assistant):
    a = assistant.ask("在成都，预付卡的监督管理由哪个部门主管？")
    assert not a.refused
    assert a.answer.startswith("现有文件中没有成都市自己的文件，以下是全国的规定")
    assert "负责的部门是：国务院商务主管部门" in a.answer


def test_a_question_asking_a_places_own_rule_is_not_answered_by_the_national_one(assistant):
    # "成都市规定的…" asks for 成都's own rule: the national law applies there, but it is not that.
    a = assistant.ask("成都市规定的预付卡监督管理由哪个部门主管？")
    assert a.refused
    assert not assistant.ask("在成都，预付卡的监督管理由哪个部门主管？").refused


def test_the_mainlands_national_rules_do_not_answer_for_hong_kong_or_macao(assistant):
    a = assistant.ask("香港的预付卡监督管理由哪个部门主管？")
    assert a.refused
    assert "国务院商务主管部门" not in a.answer.split("最接近")[0]


def test_a_city_rule_is_never_passed_off_as_another_citys(assistant):
    a = assistant.ask("成都的电动自行车乱停放罚多少钱？")
    assert a.refused
    assert "金华市" in a.answer  # says whose rule the documents do hold


def test_a_matter_each_place_rules_on_is_not_answered_for_a_place_from_a_national_text_in_passing(tmp_path):
    files = {
        "驾驶证规定.md": "机动车驾驶证申领和使用规定\n第一条 为了规范机动车驾驶证申领和使用，制定本规定。\n"
        "第二条 香港、澳门特别行政区居民的身份证明，是港澳居民居住证。\n",
        "广州居住证.txt": "广州市居住证申领指南\n广州市来穗人员服务管理局\n一、申领条件\n"
        "在本市居住半年以上，有合法稳定就业、合法稳定住所或者连续就读的居民，可以申领居住证。\n",
        "上海水路.md": "上海市水路运输管理条例\n第一条 为了加强本市水路运输管理，制定本条例。\n",
    }
    a = _assistant_over(tmp_path, files).ask("上海的居民办理居住证需要什么条件？")
    assert a.refused
    assert "广州市" in a.answer  # says whose rule the documents do hold


def test_a_pages_source_answers_who_put_it_out_and_a_district_page_is_the_districts_own(tmp_path):
    files = {
        "天河租赁备案攻略.html": (
            "<html><head><meta name='ArticleTitle' content='天河区房屋租赁登记备案可以网办吗？您想了解的在这里！'></head>"
            "<body><h1>天河区房屋租赁登记备案可以网办吗？您想了解的在这里！</h1>"
            "<p>发表时间：2023-07-27 09:46:26</p><p>信息来源：区住建园林局</p><div class='content'>"
            + "".join(
                f"<p>{n}、房屋租赁当事人应当在订立租赁合同之日起30日内办理房屋租赁登记备案手续。</p>"
                for n in range(1, 4)
            )
            + "</div></body></html>"
        ),
    }
    a = _assistant_over(tmp_path, files).ask("天河区那篇房屋租赁登记备案的攻略是哪个单位发的？")
    assert not a.refused and "区住建园林局" in a.answer
    assert "没有天河区自己的文件" not in a.answer


@pytest.mark.parametrize("place", ["广东省", "成都"])
def test_a_places_figure_that_the_national_rule_leaves_to_each_province_is_refused_with_the_floor(tmp_path, place):
    files = {
        "残疾人就业条例.md": "残疾人就业条例\n第一条 为了促进残疾人就业，制定本条例。\n"
        "第二条 用人单位安排残疾人就业的比例不得低于本单位在职职工总数的1.5%。"
        "具体比例由省、自治区、直辖市人民政府根据本地区的实际情况规定。\n",
        "广东省条例.md": "广东省水路运输条例\n第一条 为了加强本省水路运输管理，制定本条例。\n",
    }
    assistant = _assistant_over(tmp_path, files)
    a = assistant.ask(f"{place}规定用人单位安排残疾人就业的比例具体是多少？")
    assert a.refused
    assert "1.5%" in a.answer and "由省、自治区、直辖市人民政府" in a.answer
    assert "1.5%" in assistant.ask("用人单位安排残疾人就业的比例最低是多少？").answer  # asked of no place


@pytest.mark.parametrize(
    "question",
    [
        "预付卡管理法第二次修正改了什么？",  # the text states no amendment at all
        "预付卡管理法2023年的修正改了什么？",  # a year the text does not state
    ],
)
def test_near_misses_are_refused(assistant, question):
    assert assistant.ask(question).refused


def test_entry_into_force_is_answered_from_the_sentence_that_states_it(assistant):
    a = assistant.ask("预付卡管理法从哪天开始施行？")
    assert "2021年1月1日" in a.answer
    assert a.citations[0].clause_id.endswith("#3.6")


def test_a_replaced_document_loses_to_the_current_one_and_is_said_to_be_replaced(assistant):
    a = assistant.ask("金华人才公寓租金每月每平方米多少钱？")
    assert "15元" in a.answer.split("注意")[0]
    old = assistant.ask("金政办发〔2016〕10号的文号是什么？")
    assert "已被《金华市人才公寓管理办法》（金政办发〔2020〕8号）废止或替代" in old.answer


def test_a_fine_is_quoted_with_the_heavier_one_that_follows_it(tmp_path):
    law = (
        "特种设备检查办法\n第一条 为了规范检查，制定本办法。\n"
        "第二条 使用单位应当执行安全监察指令。\n"
        "第三条 使用单位违反本办法第二条，拒不执行安全监察指令的，处五千元以上十万元以下罚款；"
        "情节严重的，处十万元以上二十万元以下罚款。\n"
    )
    a = _assistant_over(tmp_path, {"办法.md": law}).ask("企业拒不执行安全监察指令的话罚款多少？")
    assert "五千元以上十万元以下" in a.answer and "十万元以上二十万元以下" in a.answer


def test_the_validity_of_a_licence_is_not_a_question_about_the_document():
    from assistant.query.read import analyze

    assert analyze("《互联网药品信息服务资格证书》有效期几年？").intent != "docfact"
    assert analyze("这个办法的有效期是几年？").intent == "docfact"


@pytest.mark.parametrize(
    ("history", "doc"),
    [
        (["预付卡管理法规定经营者要做什么？"], "预付卡管理法"),
        (["金华电动自行车由哪个部门登记管理？"], "金华电动车条例"),
    ],
)
def test_a_question_in_a_conversation_is_answered_from_the_document_under_discussion(assistant, history, doc):
    a = assistant.ask("那要出具什么凭证？", history=history)  # both documents speak of 出具…凭证
    assert a.citations and a.citations[0].clause_id.startswith(doc)


def test_a_laws_approval_is_read_from_its_header(assistant):
    a = assistant.ask("预付卡管理法是哪次会议通过的？")
    assert "第十三届全国人民代表大会常务委员会第十次会议" in a.answer


def test_a_document_fact_about_another_places_document_is_refused(assistant):
    # The law held is national and names no city: it is not "成都的预付卡管理法".
    assert assistant.ask("成都市预付卡管理办法的文号是多少？").refused


def test_a_twentieth_century_year_is_read_too():
    from assistant.query.read import analyze

    assert analyze("内地西藏班1999年的招生任务是多少人？").asked_year == "1999"


def test_whether_an_old_document_still_applies_is_answered_by_the_one_that_repealed_it(assistant):
    a = assistant.ask("金政办发〔2020〕8号还有效吗？以前的办法呢？")
    assert "同时废止" in a.answer and "金政办发〔2016〕10号" in a.answer


def test_when_a_revised_law_takes_effect_is_answered_from_its_entry_into_force(assistant):
    a = assistant.ask("修订后的预付卡管理法什么时候开始施行？")
    assert "2021年1月1日" in a.answer and a.citations[0].clause_id.endswith("#3.6")


def test_an_item_is_quoted_with_its_articles_stem(tmp_path):
    law = (
        "契税法\n第一条 为了规范契税征收，制定本法。\n"
        "第二条 有下列情形之一的，免征契税：\n（一）国家机关承受土地用于办公；\n"
        "（二）婚姻关系存续期间夫妻之间变更房屋权属；\n"
    )
    a = _assistant_over(tmp_path, {"契税法.md": law}).ask("夫妻之间变更房屋权属要交契税吗？")
    assert "有下列情形之一的，免征契税：" in a.answer and "夫妻之间变更房屋权属" in a.answer
    assert [c.clause_id.split("#")[1] for c in a.citations] == ["2.2", "2"]  # the item, then its article


def test_a_clause_nearest_in_meaning_supports_a_question_in_other_words(assistant):
    # "遛狗…带狗出门" against "携犬出户": few shared words. The passage nearest in meaning, and very
    # near, still answers; a far one, or one that is not the nearest, does not.
    from assistant.query.plan import SEMANTIC_SUPPORT
    from assistant.records import Candidate

    planner = assistant.planner
    plan = planner.plan("在金华遛狗，什么时间可以带狗出门？", None, {})
    clause = assistant.store.clauses("金华电动车条例")[1]
    near = Candidate(clause, 0.9, 0.2, SEMANTIC_SUPPORT + 0.01)
    other = Candidate(clause, 0.8, 0.2, SEMANTIC_SUPPORT - 0.05)
    plan.candidates = [near, other]
    assert planner.supported(plan, near) and not planner.supported(plan, other)
    plan.candidates = [Candidate(clause, 0.9, 0.2, SEMANTIC_SUPPORT + 0.03), near]
    assert not planner.supported(plan, near)  # not the nearest
    assert not planner.supported(plan, Candidate(clause, 0.9, 0.0, SEMANTIC_SUPPORT + 0.05))  # no shared word


def test_an_english_questions_candidates_keep_the_searchs_order(assistant):
    # Its coverage is of translated words, some off; the search matches meaning across languages.
    from assistant.records import Candidate

    planner = assistant.planner
    a, b = assistant.store.clauses("预付卡管理法")[3:5]
    for question, first in (
        ("预付卡经营者要出具什么凭证？", b),
        ("What must a prepaid card issuer give the consumer?", a),
    ):
        plan = planner.plan(question, None, {})
        plan.focus = None
        plan.candidates = [Candidate(a, 0.9, 0.6), Candidate(b, 0.7, 0.9)]
        assert planner.ranked_strong(plan)[0].clause is first


# A question the documents do not answer, beside one about the same text that they do: the first is
# refused (saying what it must, never the neighbouring answer), the second is answered.
REFUSED_BESIDE_ANSWERED = [
    pytest.param(
        # The income limit is stated; the property limit is "具体见附件1", and the attachment is not there.
        "广州市住房和城乡建设局关于进一步加强户籍家庭住房保障工作的通知\n"
        "一、公共租赁住房保障家庭收入和财产准入限额\n"
        "户籍家庭公共租赁住房保障收入准入限额基准为家庭年人均收入49952元。"
        "结合家庭人口数，确定家庭收入和财产限额，具体见附件1。\n"
        "二、保障方式\n公共租赁住房保障实行实物配租和租赁补贴相结合。\n",
        ("广州3口之家申请公租房，家庭财产限额具体是多少万元？", "", "49952"),
        ("广州申请公租房，家庭收入准入限额是多少？", "49952元"),
        id="a figure the clause puts in an attachment is not answered with a neighbouring one",
    ),
    pytest.param(
        # The list of part two was cut from the published text: only its count is left.
        "国务院办公厅关于推广支持创新相关改革举措的通知\n"
        "一、推广的改革举措\n（一）科技金融创新方面2项。\n（二）军民深度融合方面6项。\n"
        "附件\n支持创新相关改革举措推广清单\n"
        "一、科技金融创新方面（共2项）\n1. 区域性股权市场设置科技创新专板。\n"
        "2. 基于“六专机制”的科技型企业全生命周期金融综合服务。\n"
        "二、军民深度融合方面（共6项）\n",
        ("支持创新相关改革举措里，军民深度融合方面那6项具体是哪些？", "只写明了数量", "区域性股权市场"),
        ("支持创新相关改革举措里，科技金融创新方面那2项具体是哪些？", "科技创新专板"),
        id="items the document only counts are not made up",
    ),
]


@pytest.mark.parametrize(("text", "refused", "answered"), REFUSED_BESIDE_ANSWERED)
def test_refused_beside_answered(tmp_path, text, refused, answered):
    assistant = _assistant_over(tmp_path, {"通知.txt": text})
    question, says, never = refused
    a = assistant.ask(question)
    assert a.refused and says in a.answer and never not in a.answer
    b = assistant.ask(answered[0])
    assert not b.refused and answered[1] in b.answer


# Corpora two cases share: a State Council notice with deadlines, a Guangzhou benefit page.
KINDERGARTEN_NOTICE = (
    "国务院办公厅关于开展城镇小区配套幼儿园治理工作的通知\n"
    "国办发〔2019〕3号\n"
    "一、治理任务\n"
    "（一）确保小区配套幼儿园如期移交。已建成的小区配套幼儿园应按照规定及时移交当地教育行政部门，对已挪作他用的要采取有效措施予以收回。\n"
    "二、工作步骤\n"
    "（一）摸底排查。各地对城镇小区配套幼儿园情况进行全面摸底排查。\n"
    "（二）全面整改。对于已经建成、需要办理移交手续的，原则上于2019年6月底前完成；对于需要回收、置换的，原则上于2019年9月底前完成。\n"
    "国务院办公厅\n"
    "2019年1月9日\n"
)
STARTUP_SUBSIDY_PAGE = (
    "广州市高校毕业生创业补贴\n"
    "1、一次性创业资助\n补贴条件：\n（1）初创企业登记注册满6个月；\n（2）申请时未被列入经营异常名录。\n"
    "补贴对象：符合条件的创业者。\n补贴标准：10000元。\n"
    "2、优秀创业项目资助\n补贴条件：\n（1）获得“赢在广州”创业大赛优胜奖及以上奖次；\n（2）获奖项目吸纳就业3人或以上。\n"
    "补贴对象：符合条件的创业项目。\n补贴标准：一等奖20万元，二等奖15万元，优胜奖5万元。\n"
)

# One small corpus, one question, what the answer must say: each case is named for the reading it
# specifies.
ONE_QUESTION = [
    pytest.param(
        # The 特困 notice says 特困人员 in its title and heading; the 临时救助 rules repeat it in a sentence.
        # Neither wording makes a clause the better answer: read in place, the notice's answers it whole.
        {
            "特困.txt": (
                "广州市人民政府办公厅关于进一步加强特困人员救助供养工作的通知\n"
                "一、认定范围\n"
                "本市特困人员认定条件按国家、省有关规定实施。\n"
                "二、供养标准\n"
                "基本生活标准按本市最低生活保障标准的1.6倍确定。\n"
            ),
            "临时救助.md": (
                "广州市临时救助实施细则\n"
                "第一条 为了规范临时救助，制定本细则。\n"
                "第二条 本市特困人员住院照料临时救助标准不超过240元/人/日，其他申请人生活困难的，一事一议。\n"
            ),
        },
        "特困人员的基本生活标准是怎么定的？",
        [],
        ["1.6倍"],
        id="a sentence is weighed in its document whose title may name the topic",
    ),
    pytest.param(
        {
            "条例.md": (
                "纠纷化解促进条例\n"
                "第一条 为了预防与化解纠纷，制定本条例。\n"
                "第二条 当事人有权依法自主选择下列化解纠纷方式：\n"
                "（一）协商和解；\n"
                "（二）调解；\n"
                "（三）仲裁；\n"
                "（四）诉讼。\n"
                "第三条 人民法院对有可能调解解决的纠纷，可以在立案前引导当事人选择诉前调解。\n"
            ),
        },
        "老百姓有了纠纷可以选哪些方式解决？",
        [],
        ["和解", "仲裁"],
        id="which ways are answered by the article that lists them",
    ),
    pytest.param(
        # 组织实施 names the lead in running text; the items before it have unit notes of their own but
        # are about something else: having units does not make a clause the answer.
        {
            "通知.txt": (
                "国务院办公厅关于加大督查激励支持力度的通知\n"
                "一、对落实重大政策措施成效明显的市县，给予资金奖励。（财政部负责）\n"
                "二、对推进污染防治成效明显的市县，优先安排项目。（生态环境部负责）\n"
                "三、组织实施\n"
                "各省（区、市）政府要建立省级政府办公厅牵头、省级有关部门参与的工作机制，统筹做好本地区督查激励措施组织落实工作。\n"
                "国务院办公厅\n"
                "2018年12月10日\n"
            ),
        },
        "各省落实督查激励措施的工作机制由谁牵头？",
        [],
        ["省级政府办公厅"],
        id="who leads is answered from the closest clause that names the acting body",
    ),
    pytest.param(
        # The limits article shares more of the question's words; the fine is in an article that
        # cites no article number, only "违反规定".
        {
            "条例.md": (
                "外汇管理条例\n"
                "第一条 为了加强外汇管理，制定本条例。\n"
                "第二条 携带、申报外币现钞出入境的限额，由国务院外汇管理部门规定。\n"
                "第三条 违反规定携带外汇出入境的，由外汇管理机关给予警告，可以处违法金额20%以下的罚款。\n"
            ),
        },
        "出入境时违规带外币，外汇管理机关最多能罚多少？",
        [],
        ["20%以下"],
        id="a question about a fine is answered from a clause that states one",
    ),
    pytest.param(
        {
            "条例.md": (
                "流动人口计划生育工作条例\n"
                "第一条 为了做好流动人口计划生育工作，制定本条例。\n"
                "第二条 成年育龄妇女在离开户籍所在地前，应当到户籍所在地的乡(镇)人民政府办理婚育证明。\n"
                "第三条 流动人口凭婚育证明到现居住地办理登记，婚育证明由户籍所在地出具。\n"
                "第四条 出具婚育证明或者其他计划生育证明材料，不得收取任何费用。\n"
            ),
        },
        "在老家开婚育证明要花钱吗？",
        [],
        ["不得收取任何费用"],
        id="whether it costs money is answered from the sentence on fees",
    ),
    pytest.param(
        {
            "复函.txt": (
                "国务院办公厅关于科技节水建议的复函\n"
                "一、节水情况。各地在城市节水方面做了大量工作。\n"
                "二、下一步拟采取的措施。发展改革委拟研究制订膜分离技术的技术经济政策。科技部拟选择石油、钢铁和有色三个行业安排相应的污水回用研究课题。建设部拟继续做好城市节水规划编制工作，推进水价改革。\n"
                "三、加强协调。各部门要加强协调配合。（科技部负责）\n"
            ),
        },
        "关于科技节水建议的复函里，科技部下一步打算做什么？",
        [],
        ["石油、钢铁和有色"],
        id="of a clauses sentences the one about the unit asked answers",
    ),
    pytest.param(
        {
            "办法.md": (
                "广州市残疾人辅助器具适配工作管理办法\n"
                "第一条 为了规范辅助器具适配补贴，制定本办法。\n"
                "第二条 对适配对象在一个资助年度内每个残疾类别申请的首件（套）辅助器具，实行全额补贴；对申请的第二件（套）辅助器具，补贴60%，不足部分由适配对象承担。一个资助年度内的补贴上限为10000元，超出部分由适配对象自行承担。\n"
            ),
        },
        "广州残疾人配辅助器具，一年最多能补贴多少钱？",
        [],
        ["10000元"],
        id="the most there is is answered by the sentence that sets the cap",
    ),
    pytest.param(
        {
            "通告.txt": (
                "关于开展城乡居民医保集中参保缴费工作的通告\n"
                "一、缴费标准\n"
                "在校学生个人缴费标准为每人200元，其他参保人员为每人549元。\n"
                "二、参保缴费时间\n"
                "在校学生为2025年9月下旬至2025年12月20日，其他参保人员为2025年10月下旬至2025年12月31日。未连续参保的，每多断保1年，增加变动待遇等待期1个月。\n"
            ),
        },
        "其他参保人员的集中参保缴费截止到哪天？",
        ["城乡居民医保在校学生自己要交多少钱？"],
        ["2025年12月31日"],
        id="a follow up asking for a date after an amount is answered with the date",
    ),
    pytest.param(
        # The application forms share the question's words; the body is named where the notice says
        # whom the application goes to.
        {
            "公告.txt": (
                "关于受理人才公寓申请的公告\n"
                "一、申请程序\n"
                "1.创新型企业人才以企业的名义申请。企业向天河区科工信局提出申请需求并提交企业申请材料。\n"
                "二、申请材料\n"
                "1.《人才公寓申请表（企业）》；\n"
                "2.《人才公寓申请表（个人）》；\n"
                "3.企业人才公寓申请承诺书。\n"
            ),
        },
        "我们是创新型企业，想给员工申请人才公寓，要向哪个部门提申请？",
        [],
        ["科工信局"],
        id="the body an application goes to is named from the sentence that sends it there",
    ),
    pytest.param(
        # No task names 检察机关 as its lead or responsible unit: the law's article of its duties answers.
        {
            "条例.md": (
                "预防职务犯罪条例\n"
                "第一条 为了预防职务犯罪，制定本条例。\n"
                "第二条 检察机关在预防职务犯罪工作中应当履行下列职责：\n"
                "（一）结合实际制定预防职务犯罪工作计划；\n"
                "（二）组织开展预防职务犯罪的宣传教育活动。\n"
            ),
        },
        "检察机关在预防职务犯罪工作中具体要干哪些事？",
        [],
        ["预防职务犯罪工作计划"],
        id="a unit with an article of duties and no task list is answered from the article",
    ),
    pytest.param(
        # The item's heading says what is to be done; the sentence naming 财政部 says what 财政部 does.
        {
            "通知.txt": (
                "国务院办公厅关于抓好科研自主权文件贯彻落实工作的通知\n"
                "一、明确科技成果作为国有资产的管理程序。请财政部落实促进科技成果转化法，提出对《国有资产评估管理办法》的修订建议，简化评估程序。\n"
                "二、做好培训宣传工作。科技部要加强对文件的宣传解读。\n"
            ),
        },
        "财政部要负责做哪些事？",
        [],
        ["国有资产评估管理办法"],
        id="a task of a unit named in running text is given in the unit's own sentence",
    ),
]


ONE_QUESTION += [
    pytest.param(
        # Every clause of the notice shares its title's words, year and round; one states the total
        # in the measure asked, others a date or one 套 each.
        {
            "通告.txt": (
                "关于推出供应广州市2025年第一批户籍家庭公共租赁住房常态分配房源的通告\n"
                "一、房源情况\n"
                "本次推出分配的房源为上年度集中分配时未成功匹配的房源。房源点为萝岗和苑，总套数554套，均为两房一厅。\n"
                "二、申请方式\n"
                "常态分配实行网上申请，上网不便的申请家庭可在2025年3月20日-27日到保障房小区服务窗口申请。\n"
                "三、选房\n"
                "系统随机摇出3套房屋供申请家庭选择，申请家庭需在3个工作日内选定1套房屋。\n"
            ),
        },
        "广州2025年第一批户籍家庭公租房常态分配，一共放出来多少套房？",
        [],
        ["554套"],
        id="a count is answered by the total stated in the measure asked",
    ),
    pytest.param(
        # Every band's item shares the stem's words; the asker's age picks the band.
        {
            "办法.md": (
                "长期护理保险试行办法\n"
                "第一条 为了建立长期护理保险制度，制定本办法。\n"
                "第二条 年满18周岁的城乡居民医保参保人员同时参加长护险。\n"
                "第三条 长护险个人缴费费率：\n"
                "（一）未满35周岁参保人员个人不缴费；\n"
                "（二）满35周岁至未满45周岁参保人员为0.02%；\n"
                "（三）45周岁及以上参保人员为0.05%。\n"
            ),
        },
        "我今年40岁，长护险个人每个月要交多少？",
        [],
        ["0.02%"],
        id="the band that takes in the askers age answers",
    ),
    pytest.param(
        {
            "法.md": (
                "居民身份证法\n"
                "第五条 十六周岁以上公民的居民身份证的有效期为十年、二十年、长期。十六周岁至二十五周岁的，发给有效期十年的居民身份证；二十六周岁至四十五周岁的，发给有效期二十年的居民身份证；四十六周岁以上的，发给长期有效的居民身份证。\n"
                "第六条 居民身份证式样由国务院公安部门制定。\n"
            ),
        },
        "我今年30岁，办的居民身份证有效期是几年？",
        [],
        ["二十年"],
        id="of a clauses bands the sentence that takes in the askers age answers",
    ),
    pytest.param(
        # The asker's case is listed under a category; the amount is given per category in another article.
        {
            "办法.md": (
                "居家社区养老服务管理办法\n"
                "第一条 为了规范居家社区养老服务，制定本办法。\n"
                "第二条 具有本市户籍且符合以下情形之一的服务对象可申请服务资助：\n"
                "（一）第一类资助对象。\n"
                "1. 分散供养特困人员；\n"
                "2. 100周岁及以上的；\n"
                "（二）第二类资助对象。\n"
                "1. 纯老家庭人员。\n"
                "第三条 第一类资助对象每人每月400元，第二类资助对象每人每月200元。\n"
            ),
        },
        "我妈是分散供养特困人员，居家养老服务资助每个月能有多少钱？",
        [],
        ["第一类资助对象", "400元"],
        id="an amount given per category answers a case listed under it",
    ),
    pytest.param(
        # The offence is an item; the body that fines it is named in the article it is listed under.
        {
            "条例.md": (
                "互联网上网服务营业场所管理条例\n"
                "第一条 为了加强对互联网上网服务营业场所的管理，制定本条例。\n"
                "第二条 中学、小学校园周围200米范围内不得设立互联网上网服务营业场所。\n"
                "第三条 互联网上网服务营业场所经营单位有下列行为之一的，由文化行政部门给予警告，可以并处15000元以下的罚款；情节严重的，责令停业整顿：\n"
                "（一）在规定的营业时间以外营业的；\n"
                "（二）接纳未成年人进入营业场所的。\n"
            ),
        },
        "那是哪个部门来罚？",
        ["网吧让未成年人进去上网，会怎么罚？"],
        ["文化行政部门"],
        id="the body fining a listed offence is named in the article it is listed under",
    ),
    pytest.param(
        {
            "条例.md": (
                "互联网上网服务营业场所管理条例\n"
                "第一条 为了加强对互联网上网服务营业场所的管理，制定本条例。\n"
                "第二条 中学、小学校园周围200米范围内不得设立互联网上网服务营业场所。\n"
            ),
        },
        "我想在小学附近开个网吧，离学校多远以内是不能开的？",
        [],
        ["200米"],
        id="how far is answered by the distance the rule sets",
    ),
    pytest.param(
        {
            "条例.md": (
                "失业保险条例\n"
                "第一条 为了保障失业人员失业期间的基本生活，制定本条例。\n"
                "第二条 具备下列条件的失业人员，可以领取失业保险金：\n"
                "（一）按照规定参加失业保险，所在单位和本人已按照规定履行缴费义务满1年的；\n"
                "（二）已办理失业登记，并有求职要求的。\n"
                "第三条 城镇企业事业单位职工失业后，应当持本单位为其出具的证明，及时到指定的社会保险经办机构办理失业登记。\n"
            ),
        },
        "那我应该去哪里办失业登记？",
        ["我交失业保险交了7年，被公司辞退了，失业金最长能领多久？"],
        ["社会保险经办机构"],
        id="where to go is the sentence that sends one to a body",
    ),
    pytest.param(
        # "评上" is what the conversation was about (being named 荣誉市民); the follow-up says only
        # 待遇 and 体检 of it. A national rule on 免费 services elsewhere does not take over.
        {
            "条例.md": (
                "宁波市荣誉市民条例\n"
                "第一条 为了表彰对本市作出突出贡献的人士，制定本条例。\n"
                "第二条 宁波市荣誉市民称号授予一般每两年举行一次，也可根据需要适时授予。\n"
                "第三条 宁波市荣誉市民享受下列礼遇：\n"
                "（一）应邀参加本市的重大活动；\n"
                "（二）每年在本市指定医院免费体检，并享受就医优先服务。\n"
            ),
            "流动人口.md": (
                "流动人口计划生育工作条例\n"
                "第一条 为了做好流动人口计划生育工作，制定本条例。\n"
                "第二条 流动人口在现居住地享受下列待遇：依法免费获得避孕药具，免费享受基本项目的计划生育技术服务。\n"
            ),
        },
        "那评上以后有什么待遇，比如能免费体检吗？",
        ["宁波市荣誉市民一般多久评一次？"],
        ["免费体检"],
        id="a follow up is answered in the document discussed with the words the conversation gave it",
    ),
    pytest.param(
        {
            "规定.md": (
                "杭州市禁止销售燃放烟花爆竹管理规定\n"
                "第一条 为了加强烟花爆竹管理，制定本规定。\n"
                "第二条 禁止在下列地点及其五十米距离范围内燃放烟花爆竹：\n"
                "（一）文物保护单位；\n"
                "（二）医疗机构、幼儿园、学校、养老机构；\n"
            ),
        },
        "我住杭州农村，离学校多远以内不能放鞭炮？",
        [],
        ["五十米"],
        id="a distance set for every place listed answers for each of them",
    ),
    pytest.param(
        {
            "通知.txt": KINDERGARTEN_NOTICE,
        },
        "我们小区的配套幼儿园已经建好了但一直没移交，按国办的治理通知最晚什么时候要办完移交？",
        [],
        ["2019年6月底前"],
        id="by when is answered by the deadline the document sets",
    ),
    pytest.param(
        {
            "通知.txt": KINDERGARTEN_NOTICE,
        },
        "那如果幼儿园已经被挪作他用、需要回收的，又是什么时候完成？",
        ["我们小区的配套幼儿园已经建好了但一直没移交，按国办的治理通知最晚什么时候要办完移交？"],
        ["2019年9月底前"],
        id="a follow up goes on from the clause the last answer rested on",
    ),
    pytest.param(
        {
            "办法.md": (
                "个人所得税专项附加扣除暂行办法\n"
                "第一章 总则\n"
                "第一条 为了规范个人所得税专项附加扣除行为，制定本办法。\n"
                "第二章 子女教育\n"
                "第二条 纳税人的子女接受全日制学历教育的相关支出，按照每个子女每月1000元的标准定额扣除。\n"
                "第三条 父母可以选择由其中一方按子女教育扣除标准的100%扣除，也可以选择由双方分别按扣除标准的50%扣除。\n"
            ),
        },
        "我家孩子今年上初中，子女教育每个月能扣多少？",
        [],
        ["1000元"],
        id="an amount asked per month is answered by the figure stated per month",
    ),
    pytest.param(
        # A notice page: each benefit a section, its conditions a list, its amount a label line after it.
        {
            "补贴.txt": STARTUP_SUBSIDY_PAGE,
        },
        "我毕业三年，在广州开了家公司，一次性创业资助能拿多少？",
        [],
        ["10000元"],
        id="a sections amount is its label line after the list of conditions",
    ),
    pytest.param(
        {
            "补贴.txt": STARTUP_SUBSIDY_PAGE,
        },
        "参加“赢在广州”创业大赛拿了一等奖，项目资助是多少？",
        [],
        ["20万元"],
        id="a grade the conditions do not name is stated in the sections amount line",
    ),
    pytest.param(
        # The offence is an item; the fine is in the article it is listed under.
        {
            "条例.md": (
                "专利代理条例\n"
                "第一条 为了规范专利代理行为，制定本条例。\n"
                "第二条 专利代理机构接受委托，应当与委托人订立书面委托合同。\n"
                "第三条 专利代理机构有下列行为之一的，责令限期改正，予以警告，可以处10万元以下的罚款；情节严重的，吊销专利代理机构执业许可证：\n"
                "（一）合伙人、股东或者法定代表人等事项发生变化未办理变更手续；\n"
                "（二）就同一专利申请或者专利权的事务接受有利益冲突的其他当事人的委托；\n"
            ),
        },
        "专利代理机构接了同一件专利事务里有利益冲突的另一方的委托，最多罚多少钱？",
        [],
        ["10万元", "利益冲突"],
        id="an offence listed under an article is fined by that article",
    ),
    pytest.param(
        {
            "方案.txt": (
                "国务院办公厅关于印发政府网站集约化试点工作方案的通知\n"
                "一、试点范围\n"
                "确定北京、吉林、安徽等10个省（区、市）开展政府网站集约化试点。\n"
                "二、保障措施\n"
                "（一）加强组织领导。试点地区要高度重视政府网站集约化试点工作。试点地区政府办公厅（室）对政府网站集约化试点工作的统筹推进、组织协调和考核管理负总责。\n"
            ),
        },
        "在试点地区，政府网站集约化试点工作由谁负总责？",
        [],
        ["办公厅"],
        id="who bears overall responsibility is named by the sentence saying so",
    ),
    pytest.param(
        # Every line shares the title's words; the asked role's own "label：value" line answers.
        {
            "通知.txt": (
                "国务院办公厅关于调整国务院第二次全国污染源普查领导小组组成人员的通知\n"
                "国办函〔2018〕74号\n"
                "根据人员变动情况和工作需要，国务院决定对国务院第二次全国污染源普查领导小组组成人员进行调整。现将调整后的名单通知如下：\n"
                "副组长：丁学东　　国务院副秘书长\n"
                "成　员：王金南　　生态环境部副部长\n"
                "组　长：韩　正　　国务院副总理\n"
                "领导小组办公室设在生态环境部，领导小组成员因工作变动需要调整的，报领导小组组长审批。\n"
            ),
        },
        "调整以后，国务院第二次全国污染源普查领导小组的组长是谁？",
        [],
        ["韩　正"],
        id="a role asked for is answered by its own label line",
    ),
    pytest.param(
        # Where to apply for the benefit just discussed: the document's article on applying for it, not
        # the amount article's units (who sets the standard) nor another clause that says 申请.
        {
            "办法.md": (
                "居家社区养老服务管理办法\n"
                "第一条 为了规范居家社区养老服务，制定本办法。\n"
                "第二条 居家养老服务资助标准为每人每月400元。市民政部门应当会同市财政部门适时调整资助标准。\n"
                "第三条 服务对象申请服务资助应当通过信息平台向户籍所在地街道办事处提交申请。\n"
                "第四条 养老服务机构可以申请建设补贴。\n"
            ),
        },
        "那需要去哪个部门申请？",
        ["居家养老服务资助每个月能有多少钱？"],
        ["街道办事处"],
        id="where to apply for what was discussed is the documents article on applying for it",
    ),
    pytest.param(
        {
            "条例.md": (
                "世界博览会标志保护条例\n"
                "第一条 为了加强对世界博览会标志的保护，制定本条例。\n"
                "第二条 未经世界博览会标志权利人许可，任何人不得为商业目的使用世界博览会标志。\n"
                "第三条 侵犯世界博览会标志专有权的，责令立即停止侵权行为，没收为商业目的擅自制造世界博览会标志的工具，有违法所得的，没收违法所得，可以并处违法所得5倍以下的罚款；没有违法所得的，可以并处5万元以下的罚款。\n"
            ),
        },
        "未经许可拿世博会会徽做商业用途，没有违法所得的话最多罚多少？",
        [],
        ["5万元"],
        id="the case a question puts in the negative is answered by the sentence for it",
    ),
]


ONE_QUESTION += [
    pytest.param(
        {
            "资格证书管理办法.md": (
                "互联网药品信息服务管理办法\n"
                "第一条 为了加强互联网药品信息服务的管理，制定本办法。\n"
                "第二条 《互联网药品信息服务资格证书》有效期为5年。\n"
                "第三条 持证单位需要继续提供服务的，应当在证书届满前6个月内，向原发证机关申请换发证书。\n"
            ),
            "残疾人证.txt": "残疾人证管理通知\n残疾人证到期前，残联应当提前3个月提醒残疾人重新换领残疾人证。\n",
        },
        "互联网药品信息服务资格证书有效期几年？快到期了要提前多久申请换证？",
        [],
        ["5年", "6个月"],
        id="a message asking two things is answered on both, the second in the document of the first",
    ),
    pytest.param(
        {
            "垃圾条例.md": (
                "焦作市生活垃圾分类管理条例\n"
                "第一条 为了加强生活垃圾分类管理，制定本条例。\n"
                "第二条 生活垃圾收集、运输单位不得将已分类的生活垃圾混合收集、运输。\n"
                "第三条 生活垃圾收集、运输单位不得擅自停业、歇业。\n"
                "第四条 违反本条例第二条规定，混合收集、运输的，处五千元以上五万元以下罚款。\n"
                "第五条 违反本条例第三条规定，擅自停业、歇业的，处一万元以上十万元以下罚款。\n"
            ),
        },
        "那要是收运单位擅自停业歇业呢？",
        ["收运单位把分好类的垃圾混在一起运，罚多少？"],
        ["一万元以上十万元以下"],
        id="a follow-up asking the same of another case asks for the fine again",
    ),
    pytest.param(
        {
            "入学指引.txt": (
                "2026年天河区港澳居民随迁子女学位申请指引\n"
                "一、申请资格\n经公示无异议的港澳居民随迁子女可登录系统填报志愿。\n"
                "二、填报志愿\n"
                "网上填报志愿采用网上填报志愿方式。6月2日10：00—6月5日15:00，申请人登录入学申请系统填报1-2个志愿。"
                "未按时填报志愿者，视为放弃申请资格。\n"
            ),
        },
        "港澳孩子网上填志愿最晚到什么时候？",
        [],
        ["6月5日15:00"],
        id="a date asked for is quoted though other sentences share more of the question's words",
    ),
    pytest.param(
        {
            "扶持政策清单.txt": (
                "广东省高校毕业生就业创业扶持政策清单\n"
                "一、吸纳就业补贴\n中小微企业招用毕业2年内高校毕业生，按每人2000元给予补贴。\n"
                "二、一次性扩岗补助\n企业于2026年招用离校2年内未就业高校毕业生，为其缴纳失业、工伤、职工养老保险费满3个月的，"
                "按每招用1人不超过1500元的标准给予补助（具体标准另行发文明确）。\n"
            ),
        },
        "企业招没工作的大学生，一次性扩岗补助每人给多少？",
        [],
        ["1500元"],
        id="a benefit's amount is read in the clause its name heads, per person however written",
    ),
    pytest.param(
        {
            "失业保险问答.txt": (
                "广州市失业保险常见问题解答\n"
                "一、失业保险金能领到多少钱？\n失业保险金按照本市最低工资标准的百分之九十按月计发。目前发放标准为每月2250元。\n"
            ),
        },
        "失业了，失业金一个月能领多少钱？",
        [],
        ["百分之九十", "2250元"],
        id="money asked for is answered with the sum a share comes to",
    ),
    pytest.param(
        {
            "工资支付条例.md": (
                "保障农民工工资支付条例\n"
                "第一条 为了保障农民工按时足额获得工资，制定本条例。\n"
                "第二条 施工总承包单位应当在施工现场醒目位置设立维权信息告示牌，明示下列事项：\n"
                "（一）当地最低工资标准、工资支付日期等基本信息；\n"
                "（二）劳动保障监察投诉举报电话等信息。\n"
                "第三条 有下列情形之一的，由人力资源社会保障行政部门责令限期改正；逾期不改正的，处5万元以上10万元以下的罚款：\n"
                "（一）施工总承包单位未实行施工现场维权信息公示制度。\n"
            ),
        },
        "施工总承包单位在工地现场要公示哪些维权信息？",
        [],
        ["维权信息告示牌", "当地最低工资标准"],
        id="a duty asked about is answered from the rule, not from the clause fining its breach",
    ),
    pytest.param(
        {
            "器官条例.md": (
                "人体器官捐献和移植条例\n"
                "第一条 为了规范人体器官捐献和移植，制定本条例。\n"
                "第二条 任何组织或者个人不得以任何形式买卖人体器官。\n"
                "第三条 违反本条例规定，买卖人体器官的，由卫生健康部门没收违法所得，并处交易额10倍以上20倍以下的罚款。\n"
                "第四条 医疗机构有下列情形之一的，由卫生健康部门处10万元以上50万元以下的罚款：\n"
                "（一）使用来源不明的人体器官实施人体器官移植。\n"
            ),
        },
        "买卖人体器官会被罚多少钱？",
        [],
        ["交易额10倍以上20倍以下"],
        id="a fine set as a multiple of the sum at stake answers how much the fine is",
    ),
    pytest.param(
        {
            "工伤保险条例.md": (
                "工伤保险条例\n"
                "第一条 为了保障因工作遭受事故伤害的职工获得医疗救治和经济补偿，制定本条例。\n"
                "第二条 职工因工死亡，其近亲属按照下列规定从工伤保险基金领取丧葬补助金、供养亲属抚恤金和一次性工亡补助金：\n"
                "（一）丧葬补助金为6个月的统筹地区上年度职工月平均工资；\n"
                "（二）一次性工亡补助金标准为上一年度全国城镇居民人均可支配收入的20倍。\n"
            ),
        },
        "职工因工死亡，家属能拿到的一次性工亡补助金怎么算？",
        [],
        ["20倍"],
        id="how a benefit is worked out is its amount, which may be a multiple of an income",
    ),
    pytest.param(
        {
            "积分入户办法.txt": (
                "广州市积分制入户管理办法\n"
                "第一条 积分制入户人员应当按照指标体系计算总积分。\n"
                "第二条 在审核及办理户籍迁入本市过程中，相关职能部门不得收取任何费用。\n"
            ),
        },
        "办积分入户，相关部门会收费吗？",
        [],
        ["不得收取任何费用"],
        id="收费 in a question is the text's 收取 费用",
    ),
]


@pytest.mark.parametrize(("files", "question", "history", "expected"), ONE_QUESTION)
def test_one_question_over_a_small_corpus(tmp_path, files, question, history, expected):
    a = _assistant_over(tmp_path, files).ask(question, history)
    assert not a.refused and all(e in a.answer for e in expected), a.answer


def test_the_final_ranking_keeps_the_searchs_best_among_clauses_tied_by_title_words(assistant):
    # Five clauses have every key term through their document's title; the one the search ranks first
    # has fewer. It stays within the first five: coverage and the search's order are fused by rank.
    from assistant.answer.compose import Draft
    from assistant.records import Candidate

    plan = assistant.planner.plan("预付卡经营者要出具什么凭证？", None, {})
    clauses = [c for c in assistant.store.clauses("预付卡管理法") if c.kind == "article"][:6]
    tied = [Candidate(c, 0.5 - 0.1 * i, 1.0) for i, c in enumerate(clauses[:5])]
    best = Candidate(clauses[5], 0.99, 0.6)
    plan.candidates = plan.retrieved = tied + [best]
    ranked = [r.clause_id for r in assistant.responder._final_ranking(plan, Draft())]
    assert ranked[0] == clauses[0].id and best.clause.id in ranked[:5]


def test_a_place_named_inside_what_a_national_document_is_about_gets_no_other_place_preface(tmp_path):
    # 西藏 is part of the name of what the notice is about (内地西藏班), which the notice's title says:
    # its figure is not "the national rule, for want of 西藏's own".
    files = {
        "通知.txt": (
            "国务院办公厅转发国家教委关于内地西藏班（校）扩大规模有关问题请示的通知\n"
            "国办发〔1996〕32号\n"
            "一、扩大内地西藏初中班（校）招生规模，至1998年达到2000名的招生规模。\n"
            "二、所需经费由中央财政和有关省市共同负担。\n"
            "国务院办公厅\n"
            "1996年6月1日\n"
        ),
    }
    a = _assistant_over(tmp_path, files).ask("内地西藏初中班扩大招生，到1998年要达到多少人的规模？")
    assert not a.refused and "2000名" in a.answer and "自己的文件" not in a.answer, a.answer


def test_a_benefit_asked_about_is_not_answered_from_a_clause_that_states_no_money(tmp_path):
    files = {
        "建房条例.md": (
            "汕尾市农村建房条例\n"
            "第一条 为了规范农村村民住宅建设，制定本条例。\n"
            "第四十条 县级有关部门以及镇人民政府应当加强农村建房动态巡查，查处违法建房行为。\n"
        )
    }
    a = _assistant_over(tmp_path, files).ask("汕尾农村建房政府有没有补贴？")
    assert a.refused, a.answer


def test_a_follow_up_to_an_article_lookup_that_names_no_article_is_answered(assistant):
    # The article was what the first turn named; "那呢？" names none and is read as an open question.
    a = assistant.ask("那呢？", ["预付卡管理法第四条规定了什么？"])
    assert a.answer


def test_an_english_question_naming_a_place_is_answered_from_that_places_document_as_any_would_be(assistant):
    # Translated terms match a clause in part; the place's own document needs no more of them than
    # any other would, while a national one answering for the place must still be plainly about it.
    from assistant.records import Candidate

    plan = assistant.planner.plan("In Jinhua, where must electric bicycles be parked?", None, {})
    assert plan.q.regions
    city = next(c for c in assistant.store.clauses("金华电动车条例") if "停放" in c.text)
    national = next(c for c in assistant.store.clauses("预付卡管理法") if "凭证" in c.text)
    assert assistant.planner.supported(plan, Candidate(city, 0.5, 0.4))
    assert not assistant.planner.supported(plan, Candidate(national, 0.5, 0.4))


def test_a_fine_stated_as_a_multiple_of_the_sum_is_a_fine():
    from assistant.query.plan import _states_fine
    from assistant.records import Clause

    def clause(text: str) -> Clause:
        return Clause("法#1", "法", [1], "第一条", "article", "", [], text, 0, len(text))

    assert _states_fine(clause("骗取社会保险待遇的，处骗取金额二倍以上五倍以下的罚款。"))
    assert _states_fine(clause("处二万元以上二十万元以下罚款。"))
    assert not _states_fine(clause("由劳动保障行政部门责令改正。"))


def test_a_national_document_about_one_place_answers_for_that_place_not_for_another(tmp_path):
    # A State Council reply on 雄安's plan is national in scope but about 河北: it says nothing of
    # another province's rules, while it does answer for a city of the province it names.
    files = {
        "国务院关于河北雄安新区总体规划的批复.txt": (
            "国务院关于河北雄安新区总体规划的批复\n"
            "国函〔2018〕159号\n"
            "河北省人民政府：\n"
            "十、建设绿色低碳之城。全面推行垃圾分类，居民不分类投放生活垃圾的，由城管部门处五十元以上二百元以下罚款。\n"
        ),
        "预付卡管理法.md": LAW,
    }
    a = _assistant_over(tmp_path, files)
    assert a.planner.place_bound == {"国务院关于河北雄安新区总体规划的批复"}
    assert a.ask("郑州市居民不分类投放生活垃圾罚款多少？").refused
    plan = a.planner.plan("保定市居民不分类投放生活垃圾罚款多少？", None, {})
    assert "国务院关于河北雄安新区总体规划的批复" in (plan.docs or [])


def test_a_title_written_out_in_title_marks_names_that_document_not_one_titled_much_like_it(tmp_path):
    files = {
        "互联网信息服务管理办法.md": (
            "互联网信息服务管理办法\n"
            "第一条 为了规范互联网信息服务活动，制定本办法。\n"
            "第二条 从事经营性互联网信息服务，应当申请经营许可证。\n"
        ),
        "互联网药品信息服务管理办法.md": (
            "互联网药品信息服务管理办法\n"
            "第一条 为了加强药品监督管理，制定本办法。\n"
            "第二条 《互联网药品信息服务资格证书》有效期为5年。\n"
        ),
    }
    a = _assistant_over(tmp_path, files)
    q = a.planner.analyze("按《互联网信息服务管理办法》，经营许可证的有效期是几年？")
    named = a.planner.doc_named(q)
    assert named == "互联网信息服务管理办法" and a.planner.doc_referred(q, named)
    assert "5年" not in a.ask("按《互联网信息服务管理办法》，经营许可证的有效期是几年？").answer


def test_a_version_of_a_law_the_corpus_does_not_hold_is_refused_with_the_version_it_holds(tmp_path):
    """A collection of laws names each version by its date ("工伤保险条例(2010-12-20).md"); a text
    first published in 2003 is then its 2010 revision, and its original wording is not held."""
    law = (
        "工伤保险条例\n2003年4月27日 中华人民共和国国务院令第375号公布\n"
        "第一条 为了保障因工作遭受事故伤害的职工获得医疗救治和经济补偿，制定本条例。\n"
        "第二条 一次性工亡补助金标准为上一年度全国城镇居民人均可支配收入的20倍。\n"
    )
    assistant = _assistant_over(tmp_path, {"工伤保险条例(2010-12-20).md": law})
    for question in (
        "2003年刚公布时的《工伤保险条例》原版里，一次性工亡补助金是多少？",
        "2003年版工伤保险条例的一次性工亡补助金是多少？",
    ):
        a = assistant.ask(question)
        assert a.refused and "2010年12月20日的版本" in a.answer and "20倍" not in a.answer
    for question in (
        "工伤保险条例规定的一次性工亡补助金是多少？",
        "2010年修订版的工伤保险条例里一次性工亡补助金是多少？",
    ):
        a = assistant.ask(question)
        assert not a.refused and "20倍" in a.answer


def test_a_multiple_the_text_does_not_state_is_refused(tmp_path):
    notice = (
        "关于职工全年月平均工作时间和工资折算问题的通知\n"
        "一、日工资的折算\n日工资：月工资收入÷月计薪天数。法定节假日用人单位应当依法支付工资，折算日工资时不剔除国家规定的11天法定节假日。\n"
    )
    law = "中华人民共和国价格法\n第一条 为了规范价格行为，制定本法。\n第二条 经营者违法加价的，处违法所得五倍以下的罚款。\n"
    assistant = _assistant_over(tmp_path, {"工资折算通知.txt": notice, "价格法.md": law})
    a = assistant.ask("按工资折算通知，法定节假日加班工资是日工资的几倍？")
    assert a.refused and "11天" not in a.answer
    assert "五倍" in assistant.ask("经营者违法加价的，罚违法所得的几倍？").answer


def test_a_fine_in_the_paragraph_after_a_list_is_every_items_fine(tmp_path):
    """Regulations list the offences, then fine them all in the next paragraph ("个人有前款规定行为之一
    的，处…"): that paragraph runs on in the last item's text, but it answers for each item."""
    law = (
        "物业管理条例\n第一条 为了规范物业管理活动，制定本条例。\n"
        "第二条 违反本条例的规定，有下列行为之一的，由房地产行政主管部门责令限期改正，给予警告，并按照本条第二款的规定处以罚款：\n"
        "(一)擅自改变公共建筑和共用设施用途的；\n"
        "(二)擅自占用、挖掘物业管理区域内道路、场地，损害业主共同利益的；\n"
        "(三)擅自利用物业共用部位进行经营的。\n"
        "个人有前款规定行为之一的，处1000元以上1万元以下的罚款；单位有前款规定行为之一的，处5万元以上20万元以下的罚款。\n"
    )
    a = _assistant_over(tmp_path, {"物业管理条例.md": law}).ask("业主擅自占用小区道路、场地，个人会被罚多少？")
    assert not a.refused and "1000元以上1万元以下" in a.answer


def test_a_notice_about_next_year_signed_this_year_does_not_answer_for_this_year(tmp_path):
    notice = (
        "广州市医疗保险服务中心关于开展2026年度城乡居民基本医疗保险集中参保缴费工作的通告\n"
        "一、缴费标准\n（一）个人缴费标准为每人549元，财政补助标准为每人820元。\n"
        "广州市医疗保险服务中心\n2025年10月14日\n"
    )
    assistant = _assistant_over(tmp_path, {"参保缴费通告.txt": notice})
    a = assistant.ask("广州2025年城乡居民医保个人每年要交多少钱？")
    assert a.refused and "549元" not in a.answer.split("最接近")[0]
    assert "549元" in assistant.ask("广州2026年度城乡居民医保个人要交多少钱？").answer


def test_a_national_text_answers_for_a_place_it_names_with_that_places_figure(tmp_path):
    approval = (
        "国家发展改革委关于新建西安至十堰高速铁路可行性研究报告的批复\n发改基础〔2020〕595号\n"
        "陕西省、湖北省发展改革委，中国国家铁路集团有限公司：\n"
        "一、投资估算及资金来源\n项目总投资476.8亿元。陕西省出资99.0亿元，由陕西省和沿线市按照相关规定筹措。"
        "湖北省出资85.6亿元，由湖北省和沿线市按照相关规定筹措。\n国家发展改革委\n2020年4月13日\n"
    )
    city = "金华市电动自行车管理条例\n第一条 为了加强电动自行车管理，制定本条例。\n"
    a = _assistant_over(tmp_path, {"西十高铁批复.txt": approval, "金华条例.md": city}).ask(
        "西安至十堰高铁，陕西省要出多少钱？"
    )
    assert not a.refused and "99.0亿元" in a.answer and "85.6亿元" not in a.answer
    assert "没有陕西省自己的文件" not in a.answer  # the national text speaks of 陕西省 itself


def test_a_penalty_article_that_restates_the_rule_in_few_words_answers_for_it(tmp_path):
    law = (
        "校车安全管理条例\n第一条 为了加强校车安全管理，制定本条例。\n"
        "第二条 校车在道路上停车上下学生，应当靠道路右侧停靠，开启危险报警闪光灯。校车在同方向只有一条机动车道的道路上停靠时，前面和后方车辆应当停车等待，不得超越。\n"
        "第三条 机动车驾驶人违反本条例规定，不避让校车的，由公安机关交通管理部门处200元罚款。\n"
    )
    a = _among_others(tmp_path, "校车安全管理条例.md", law).ask(
        "开车时前面校车停下来上下学生，我没有停车避让，会被罚多少？"
    )
    assert not a.refused and "200元罚款" in a.answer


def test_the_party_a_regulation_addresses_is_what_the_question_is_about(tmp_path):
    law = (
        "平顶山市建设工地扬尘污染防治条例\n第一条 为了防治建设工地扬尘污染，制定本条例。\n"
        "第二条 建设单位应当遵守下列规定：\n（一）将建设工地防治扬尘污染费用列入工程造价；\n（二）监督施工单位落实扬尘污染防治措施。\n"
        "第三条 施工单位应当遵守下列规定：\n（一）依照施工合同约定，具体承担建设工程施工工地扬尘污染防治工作；\n（二）建立施工工地扬尘污染防治公示制度。\n"
    )
    a = _assistant_over(tmp_path, {"平顶山市建设工地扬尘污染防治条例.md": law}).ask(
        "按平顶山的规定，建设单位在工地扬尘防治上要承担哪些义务？"
    )
    assert "列入工程造价" in a.answer and "公示制度" not in a.answer


def test_a_kind_the_text_does_not_list_is_refused_not_answered_with_the_listed_kinds_amount(tmp_path):
    notice = (
        "商务部等4部门办公厅关于进一步做好家电以旧换新工作的通知\n"
        "二、明确补贴品种和补贴标准\n对个人消费者购买2级及以上能效标准的冰箱、洗衣机、电视、空调、电脑、热水器、家用灶具、"
        "吸油烟机8类家电产品给予以旧换新补贴，补贴标准为产品销售价格的15%，每位消费者每类产品可补贴1件，每件补贴不超过2000元。\n"
    )
    assistant = _among_others(tmp_path, "家电以旧换新通知.txt", notice)
    a = assistant.ask("买新手机参加以旧换新，按这个通知能补贴多少钱？")
    assert a.refused and "手机" in a.answer and "2000元" not in a.answer
    for question in ("买个空调参加以旧换新，能补贴百分之多少？", "家电以旧换新每件最多能补多少钱？"):
        assert not assistant.ask(question).refused


def test_a_code_is_answered_for_what_it_stands_beside_and_refused_for_what_it_does_not(tmp_path):
    notice = (
        "关于稳妥有序扩大跨省直接结算门诊慢特病病种范围的通知\n"
        "二、规范病种名称和代码\n新增病种及大类代码：慢性阻塞性肺疾病（M05300）、类风湿关节炎（M06900）、冠心病（M04600）。\n"
    )
    assistant = _among_others(tmp_path, "慢特病通知.txt", notice)
    assert "M04600" in assistant.ask("冠心病跨省直接结算用的大类代码是多少？").answer
    assert assistant.ask("高血压跨省直接结算用的病种代码是多少？").refused


def test_a_target_set_for_one_year_does_not_answer_for_the_year_the_notice_took_effect(tmp_path):
    notice = (
        "关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知\n"
        "一、目标任务\n2025年底前，住院费用跨省直接结算率提高到70%以上。\n"
        "二、其他\n本通知自2023年1月1日起实施。\n"
    )
    assistant = _among_others(tmp_path, "异地就医通知.txt", notice)
    assert assistant.ask("跨省异地就医住院费用直接结算率，2023年底要达到多少？").refused
    assert "70%" in assistant.ask("跨省异地就医住院费用直接结算率，2025年底要达到多少？").answer


def test_a_document_fact_asked_of_another_citys_document_is_not_answered_from_its_provinces_unrelated_one(tmp_path):
    # The province's own rules apply in its cities, but a date asked of "深圳市…服务指南" is not the
    # date of whatever provincial document the search comes closest to.
    province = (
        "# 广东省人民代表大会常务委员会议事规则\n\n2023年3月30日广东省第十四届人民代表大会常务委员会第二次会议通过\n\n"
        "第一条 为了规范常务委员会的议事活动，制定本规则。\n\n第二条 常务委员会会议每两个月至少举行一次。\n\n"
        "第三条 本规则自2023年5月1日起施行。\n"
    )
    a = _among_others(tmp_path, "广东省人民代表大会常务委员会议事规则.md", province)
    assert a.ask("深圳市劳动人事争议仲裁委员会的仲裁服务指南是哪天发布的？").refused
    assert not a.ask("广东省人大常委会议事规则从哪天起施行？").refused


def test_a_short_clause_is_quoted_whole_not_cut_to_the_sentences_sharing_the_questions_words(tmp_path):
    rules = (
        "# 某市物业管理条例\n\n第一条 为了规范物业管理活动，制定本条例。\n\n"
        "第二条 业主委员会由业主大会选举产生。业主委员会委员应当由热心公益事业的业主担任。任期届满前三个月，应当组织换届。\n"
    )
    a = _among_others(tmp_path, "某市物业管理条例.md", rules)
    answer = a.ask("业主委员会是怎么产生的？")
    assert "选举产生" in answer.answer and "任期届满前三个月" in answer.answer


def test_a_follow_up_asking_the_fine_for_the_rule_discussed_is_answered_from_the_article_that_fines_it(assistant):
    history = ["预付卡预收资金余额超过风险警示标准的，经营者要采取什么措施？"]
    assert "专用存款账户" in assistant.ask(history[0]).answer
    a = assistant.ask("那要是不采取这些措施，会被罚多少？", history=history)
    assert not a.refused and "二万元以上二十万元以下" in a.answer
    assert a.citations[0].clause_id.endswith("#3.5")


def test_a_question_asking_past_a_body_it_knows_is_answered_with_the_others(tmp_path):
    rules = (
        "# 某市城市公共交通条例\n\n第一条 为了规范城市公共交通，制定本条例。\n\n"
        "第二条 市城市公共交通行政主管部门（以下简称公交主管部门）负责本市城市公共交通的监督管理工作。\n\n"
        "第三条 发展和改革、公安、财政等部门应当在各自职责范围内，配合做好城市公共交通管理工作。\n"
    )
    a = _among_others(tmp_path, "某市城市公共交通条例.md", rules)
    answer = a.ask("城市公共交通管理，除了公交主管部门，还有哪些部门要配合？")
    assert "发展和改革" in answer.answer and "公安" in answer.answer
    units = (
        "# 某市公共交通管理办法\n\n第一条 为了规范城市公共交通管理，制定本办法。\n\n"
        "第二条 市交通运输局负责城市公共交通管理工作。\n\n第三条 市公安局、市财政局负责城市公共交通管理的保障工作。\n"
    )
    (tmp_path / "units").mkdir()
    b = _among_others(tmp_path / "units", "某市公共交通管理办法.md", units)
    answer = b.ask("除了交通运输局，还有哪些部门负责城市公共交通管理？")
    assert "市公安局" in answer.answer and "市交通运输局" not in answer.answer.split("依据")[0]


def test_the_band_of_a_list_that_takes_in_the_askers_case_answers_though_the_search_found_its_neighbour(tmp_path):
    rules = (
        "# 某市供热条例\n\n第一条 为了规范供热，制定本条例。\n\n"
        "第二条 室内温度达不到规定标准，属于供热企业原因的，供热企业应当按照下列标准向用户退还热费：\n\n"
        "（一）室温高于或者等于十六摄氏度、低于十八摄氏度的，退还日热费金额的百分之三十；\n\n"
        "（二）室温高于或者等于十四摄氏度、低于十六摄氏度的，退还日热费金额的百分之五十；\n\n"
        "（三）室温低于十四摄氏度的，退还日热费金额的百分之百。\n"
    )
    a = _among_others(tmp_path, "某市供热条例.md", rules)
    question = "家里室温只有15度，是供热企业的原因，能退多少热费？"
    answer = a.ask(question)
    assert "百分之五十" in answer.answer and "百分之百" not in answer.answer
    # The search found only the neighbour band: the one that takes 15度 in joins it.
    from assistant.records import Candidate

    neighbour = next(c for c in a.store.clauses("某市供热条例") if c.text.startswith("（三）"))
    plan = _bare_plan(a, question, Candidate(neighbour, 0.9, 0.6))
    a.planner._add_own_band(plan)
    assert [c.clause.text[:3] for c in plan.candidates] == ["（三）", "（二）"]


PRICE_RULES = (
    "# 某价格违法行为处罚规定\n\n第一条 为了规范价格行为，制定本规定。\n\n"
    "第二条 经营者违反价格法第三条的规定，相互串通操纵市场价格的，处10万元以上100万元以下的罚款。\n\n"
    "第三条 经营者应当明码标价。\n\n"
    "第四条 逾期不缴纳罚款的，每日按罚款数额的3%加处罚款；逾期不缴纳违法所得的，每日按违法所得数额的2‰加处罚款。\n\n"
    "第五条 经营者违反本规定第三条规定的，处5000元以下的罚款。\n"
)


def test_an_article_fining_the_breach_of_another_laws_article_of_the_same_number_does_not_sanction_this_one(tmp_path):
    a = _among_others(tmp_path, "某价格违法行为处罚规定.md", PRICE_RULES)
    answer = a.ask("价格违法被罚款以后逾期不缴，每天要加处多少罚款？")
    assert "3%" in answer.answer and answer.citations[0].clause_id.endswith("#4")
    answer = a.ask("经营者不明码标价会罚多少？")
    assert "5000元以下" in answer.answer
    article = next(c for c in a.store.clauses("某价格违法行为处罚规定") if c.text.startswith("第三条"))
    assert [c.text[:3] for c in a.planner._sanctioning(article)] == ["第五条"]  # not 价格法's 第三条


def test_a_follow_up_asking_when_moves_to_the_clause_that_says_when(tmp_path):
    rules = (
        "# 某市供热条例\n\n第一条 为了规范供热，制定本条例。\n\n"
        "第二条 室温不达标的，供热企业应当向用户退费，退费金额为日热费金额的百分之五十。\n\n"
        "第三条 供热企业退还热费的，应当在每年采暖期结束后至6月30日前通知用户并办理退费。\n"
    )
    a = _among_others(tmp_path, "某市供热条例.md", rules)
    history = ["暖气室温不达标，供热企业要退多少热费？"]
    assert "百分之五十" in a.ask(history[0]).answer
    assert "6月30日" in a.ask("那退费一般什么时候办？", history=history).answer


JOINT_NOTICE = (
    "关于加快推进门诊费用跨省直接结算工作的通知\n医保发〔2021〕27号\n各省医保局、财政厅：\n"
    "一、2021年底前，每个县至少有1家定点医疗机构能够提供门诊费用跨省直接结算服务。\n"
    "二、地方各级医保部门要严格执行《全国医疗保障经办政务服务事项清单（2023年版）》，规范异地就医备案材料。\n"
    "国家医保局 财政部\n2021年4月12日\n"
)


def test_a_joint_notice_is_said_to_be_issued_by_all_its_signers(tmp_path):
    a = _among_others(tmp_path, "门诊跨省结算通知.txt", JOINT_NOTICE)
    answer = a.ask("《关于加快推进门诊费用跨省直接结算工作的通知》是哪天发的？落款是哪两个部门？")
    assert "国家医保局、财政部" in answer.answer and "2021年4月12日" in answer.answer


def test_the_edition_year_of_a_document_a_clause_cites_is_not_a_year_the_clause_speaks_of(tmp_path):
    a = _among_others(tmp_path, "门诊跨省结算通知.txt", JOINT_NOTICE)
    assert a.ask("2023年国家医保局对异地就医备案材料有什么新要求？").refused


def test_how_long_something_stays_valid_is_refused_where_no_period_is_stated(tmp_path):
    notice = (
        "关于加强异地就医备案管理的通知\n各省医保局：\n"
        "一、参保人员办理异地就医备案后，可以享受跨省异地就医直接结算服务。规范线上备案告知书，明确备案时效。\n"
        "二、各地要简化备案材料。\n国家医保局\n2024年9月5日\n"
    )
    a = _among_others(tmp_path, "异地就医备案通知.txt", notice)
    assert a.ask("跨省异地就医备案办好以后，有效期是多长时间？").refused


def test_the_date_of_an_article_a_column_page_lists_is_the_date_beside_it(tmp_path):
    page = (
        "仲裁公告\n劳动人事争议仲裁机构收案地址及各区联系方式[ 2025-01-14 ]\n"
        "劳动人事争议仲裁网上申请流程[ 2022-04-27 ]\n劳动人事争议仲裁服务指南[ 2023-03-13 ]\n"
        "集体劳动仲裁案件办理须知[ 2019-05-06 ]\n"
    )
    a = _among_others(tmp_path, "仲裁公告栏目页.txt", page)
    answer = a.ask("那篇《劳动人事争议仲裁服务指南》是哪天发布的？")
    assert not answer.refused and "2023-03-13" in answer.answer


EMPLOYMENT_LAW = (
    "# 中华人民共和国就业促进法\n\n第一条 为了促进就业，制定本法。\n\n"
    "第二条 县级以上人民政府把扩大就业放在经济社会发展的突出位置。\n\n"
    "第三条 地方各级人民政府和有关部门不得举办或者与他人联合举办经营性的职业中介机构。"
    "地方各级人民政府和有关部门、公共就业服务机构举办的招聘会，不得向劳动者收取费用。\n\n"
    "第四条 职业中介机构应当建立服务台账。\n"
)


def test_a_clause_the_search_ranks_first_by_far_answers_a_question_put_in_other_words(tmp_path):
    # The rule on the search's own figures: first by both words and meaning, far ahead of the next,
    # with a third of the question's words.
    from assistant.records import Candidate

    a = _among_others(tmp_path, "就业促进法.md", EMPLOYMENT_LAW)
    clauses = a.store.clauses("就业促进法")
    rule, other = clauses[3], clauses[4]

    def supported(question: str, second_score: float) -> bool:
        first = Candidate(rule, 0.95, 0.37, 0.91)
        plan = _bare_plan(a, question, first, Candidate(other, second_score, 0.1, 0.88))
        return a.planner.supported(plan, first)

    assert supported("政府办的招聘会可以向求职者收费吗？", 0.70)
    assert not supported("政府办的招聘会可以向求职者收费吗？", 0.90)  # not far ahead
    assert not supported("政府办的招聘会向求职者收多少钱？", 0.70)  # an amount asked must be named


def test_a_units_tasks_in_the_matter_a_question_names_come_from_that_matters_document(tmp_path):
    oversight = (
        "关于进一步加强财会监督工作的意见\n各省、自治区、直辖市人民政府：\n"
        "一、财政部门要牵头组织制定财会监督工作规划，明确年度监督工作重点。\n"
        "二、审计机关要加强审计监督。\n国务院办公厅\n2023年2月15日\n"
    )
    housing = (
        "关于做好保障性住房建设工作的通知\n各区人民政府：\n"
        "一、做好保障性住房资金筹措（财政部门、住房城乡建设部门负责）。\n"
        "二、加快保障性住房项目审批（发展改革部门负责）。\n某市人民政府办公室\n2023年3月1日\n"
    )
    a = _assistant_over(tmp_path, {"财会监督意见.txt": oversight, "保障性住房通知.txt": housing, "金华条例.md": CITY})
    answer = a.ask("按财会监督意见，财政部门要干哪些事？")
    assert "财会监督工作规划" in answer.answer and "保障性住房" not in answer.answer


TAX_RULES = (
    "# 中华人民共和国城镇土地使用税暂行条例\n\n第一条 为了合理利用城镇土地，制定本条例。\n\n"
    "第二条 土地使用税每平方米年税额如下：\n\n(一)大城市1.5元至30元；\n\n(二)中等城市1.2元至24元；\n\n"
    "(三)小城市0.9元至18元。\n\n"
    "第三条 获得荣誉称号的纳税人，按照下列比例减征土地使用税：\n\n(一)荣获一等奖的，减征10%；\n\n"
    "(二)荣获二等奖的，减征5%。\n"
)


def test_an_amount_listed_under_a_stem_that_names_the_tax_answers_for_its_category(tmp_path):
    a = _among_others(tmp_path, "城镇土地使用税暂行条例.md", TAX_RULES)
    # The items name no word of the question ("在大城市用地" is read as 城市用地): the stem speaks for them.
    answer = a.ask("在大城市用地，城镇土地使用税每平方米一年要交多少钱？")
    assert not answer.refused and "土地使用税每平方米年税额如下" in answer.answer
    # An item that sets its own case ("荣获一等奖的") does not answer a question that names none.
    assert "10%" not in a.ask("城镇土地使用税的减征标准是多少？").answer.split("依据")[0][:40]


def test_a_law_named_by_its_everyday_nickname_is_found_and_its_entry_into_force_read(tmp_path):
    law = (
        "# 中华人民共和国个人信息保护法\n\n第一条 为了保护个人信息权益，制定本法。\n\n"
        "第二条 自然人的个人信息受法律保护。\n\n第三条 本法自2021年11月1日起施行。\n"
    )
    a = _among_others(tmp_path, "个人信息保护法.md", law)
    assert "2021年11月1日" in a.ask("个保法是哪天正式施行的？").answer


def test_the_body_a_rule_puts_in_charge_answers_which_body_does_it(tmp_path):
    rules = (
        "# 中华人民共和国城镇土地使用税暂行条例\n\n第一条 为了合理利用城镇土地，制定本条例。\n\n"
        "第二条 由国家财政部门拨付事业经费的单位自用的土地免缴土地使用税。\n\n"
        "第三条 土地使用税由土地所在地的税务机关征收。\n"
    )
    a = _among_others(tmp_path, "城镇土地使用税暂行条例.md", rules)
    answer = a.ask("城镇土地使用税是哪个部门来收？")
    assert "税务机关" in answer.answer.split("另见")[0]


def test_hours_asked_are_refused_where_no_clause_states_hours(tmp_path):
    law = (
        "# 中华人民共和国个人信息保护法\n\n第一条 为了保护个人信息权益，制定本法。\n\n"
        "第二条 发生个人信息泄露的，个人信息处理者应当立即采取补救措施，通知个人，并于五个工作日内提交书面报告。\n\n"
        "第三条 不满十四周岁未成年人的个人信息属于敏感个人信息。\n"
    )
    a = _among_others(tmp_path, "个人信息保护法.md", law)
    assert a.ask("发生个人信息泄露后，个人信息处理者必须在多少小时内通知个人？").refused


def test_a_signature_and_its_date_answer_nothing_asked_of_the_text(tmp_path):
    notice = (
        "关于印发《注册会计师行业诚信建设纲要》的通知\n财会〔2023〕5号\n各省、自治区、直辖市财政厅（局）：\n"
        "一、完善注册会计师考试制度。\n二、加强行业诚信建设。\n附件：注册会计师行业诚信建设纲要\n财政部\n2023年3月14日\n"
    )
    a = _among_others(tmp_path, "诚信建设纲要通知.txt", notice)
    from assistant.records import Candidate

    closing = Candidate(next(c for c in a.store.clauses("诚信建设纲要通知") if c.kind == "closing"), 0.9, 1.0, 0.9)
    plan = _bare_plan(a, "2023年注册会计师全国统一考试是哪天举行的？", closing)
    assert not a.planner.supported(plan, closing)


NOTICE_UNDER = """定西市人民政府办公室关于印发定西市科技创新实施方案的通知
定政办发〔2020〕30号
各县区人民政府：
《定西市科技创新实施方案》已经市政府同意，现印发给你们，请认真贯彻落实。
定西市科技创新实施方案
为贯彻落实《甘肃省人民政府办公厅关于科技创新的工作方案》（甘政办发〔2020〕70号）精神，结合我市实际，制定本实施方案。
一、总体要求
深入贯彻落实《国务院办公厅关于县域创新驱动发展的若干意见》（国办发〔2017〕43号），推动县域科技创新。
"""

REGULATION_UNDER = """殡葬服务管理条例
第一条 为了加强殡葬服务管理，根据《中华人民共和国殡葬法》，制定本条例。
第二条 县级以上人民政府民政部门负责本行政区域的殡葬服务管理工作。
"""


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("定西这个方案是根据省里哪个文件制定的？", "甘政办发〔2020〕70号"),
        ("殡葬服务管理条例是依据什么法律制定的？", "《中华人民共和国殡葬法》"),
    ],
)
def test_what_a_document_was_made_under_is_the_sentence_that_says_so(tmp_path, question, stated):
    # The preamble or first article says it ("为贯彻落实《…》精神…制定本实施方案", "根据《…法》，制定本
    # 条例"), not a body clause that merely cites another document, and not who issued it.
    a = _assistant_over(tmp_path, {"定西方案.txt": NOTICE_UNDER, "殡葬服务管理条例.md": REGULATION_UNDER}).ask(question)
    assert not a.refused and stated in a.answer
    assert "国办发〔2017〕43号" not in a.answer
