"""How the assistant follows what a text points at and what it divides, specified on a small corpus
written like the real genres: a regulation that leaves a figure to the law's article it cites, a
State Council 意见 item with a note of units after each of its tasks, a 复函 that answers a 请示
by its number, a question-and-answer page, a decision of one year beside the standing regulation.
The embedder is the hashed stand-in, so only the planning and answering rules are under test."""

from __future__ import annotations

import pytest

from tests.query.test_plan_genres import _assistant_over

# ruff: noqa: E501 — articles and items are one line each, as in the real files

LAW = """中华人民共和国个人所得税法
2018年8月31日第十三届全国人民代表大会常务委员会第五次会议通过
第一条 在中国境内有住所的个人，依照本法规定缴纳个人所得税。
第二条 对扣缴义务人按照所扣缴的税款，付给百分之二的手续费。
"""

RULES = """中华人民共和国个人所得税法实施条例
第一条 根据《中华人民共和国个人所得税法》，制定本条例。
第二条 税务机关按照个人所得税法第二条的规定付给扣缴义务人手续费，应当填开退还书；扣缴义务人凭退还书，按照国库管理有关规定办理退库手续。
"""

OPINION = """国务院办公厅关于加快发展体育竞赛产业的指导意见
国办发〔2018〕121号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
（十三）改善消费条件。推行体育场馆设计、建设、运营一体化模式。（体育总局、教育部负责）降低体育赛事活动安保成本，积极探索建立体育场馆安保等级评价制度。（体育总局、公安部、应急管理部负责）研发体育竞赛表演类消费信贷新产品。（银保监会、人民银行负责）
"""

REPLY = """国务院办公厅关于同意以深圳市名义申办世界大学生夏季运动会的复函
国办函〔2004〕88号
广东省人民政府，教育部：
教育部、外交部《关于以深圳市名义申办世界大学生夏季运动会的请示》（教外际〔2004〕81号）收悉。经国务院领导同志批准，现函复如下：
同意以深圳市名义申办世界大学生夏季运动会。
"""

QA = """广州市积分制入户工作热点问答
1.申请积分制入户需要具备哪些基本条件？
答：需要具备以下基本条件：（一）年龄在45周岁以下；（二）缴纳社会保险满4年；（三）计算总积分满150分。
"""

AWARDS_RULE = """国家科学技术奖励条例
第八条 国家最高科学技术奖授予在当代科学技术前沿取得重大突破的中国公民。
第二十二条 国家最高科学技术奖报请国家主席签署并颁发奖章、证书和奖金。
"""

AWARDS_2018 = """国务院关于2018年度国家科学技术奖励的决定
国发〔2018〕44号
根据《国家科学技术奖励条例》的规定，国务院批准，授予刘永坦院士、钱七虎院士国家最高科学技术奖。
"""

CARS = """家用汽车产品修理更换退货责任规定
第十八条 家用汽车产品的三包有效期不得低于2年或者行驶里程50,000公里，以先到者为准。
第四十二条 本规定自2022年1月1日起施行。2012年12月29日原国家质量监督检验检疫总局令第150号公布的《家用汽车产品修理、更换、退货责任规定》同时废止。
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    files = {
        "个人所得税法.md": LAW,
        "个人所得税法实施条例.txt": RULES,
        "体育意见.txt": OPINION,
        "深圳大运会复函.txt": REPLY,
        "积分入户问答.txt": QA,
        "国家科学技术奖励条例.md": AWARDS_RULE,
        "2018年度科技奖励决定.txt": AWARDS_2018,
        "家用汽车三包规定.md": CARS,
    }
    return _assistant_over(tmp_path_factory.mktemp("references"), files)


def test_a_clause_that_leaves_the_figure_to_a_cited_article_is_answered_from_that_article(assistant):
    rules = next(c for c in assistant.store.clauses("个人所得税法实施条例") if "按照个人所得税法" in c.text)
    cited = assistant.planner._cited_articles(rules)
    assert [c.text[:3] for c in cited] == ["第二条"] and cited[0].doc_slug == "个人所得税法"
    a = assistant.ask("税务机关付给扣缴义务人手续费，标准是多少？")
    assert not a.refused
    assert "百分之二" in a.answer
    assert a.citations[0].clause_id.startswith("个人所得税法#")


def test_an_item_with_a_note_after_each_task_is_answered_with_the_note_of_the_task_asked(assistant):
    a = assistant.ask("体育场馆安保等级评价制度由哪些部门负责？")
    assert not a.refused
    first_line = a.answer.splitlines()[0]
    assert "公安部" in first_line and "应急管理部" in first_line
    assert "银保监会" not in first_line and "教育部" not in first_line
    b = assistant.ask("体育竞赛表演类消费信贷新产品由哪些部门负责？")
    assert "银保监会" in b.answer.splitlines()[0] and "公安部" not in b.answer.splitlines()[0]


def test_the_number_of_the_request_a_reply_answers_is_read_from_its_text(assistant):
    a = assistant.ask("深圳申办世界大学生夏季运动会的复函，答复的那份请示文号是什么？")
    assert "教外际〔2004〕81号" in a.answer
    assert "国办函〔2004〕88号" not in a.answer.splitlines()[0]  # its own number is not the request's
    # Following on: "他们那份请示" is the request of the reply just discussed.
    b = assistant.ask(
        "他们那份请示的文号是什么？", history=["同意以深圳市名义申办世界大学生夏季运动会的复函是答复哪几个部门的？"]
    )
    assert "教外际〔2004〕81号" in b.answer


def test_a_question_and_answer_pages_question_line_is_never_quoted_as_the_answer(assistant):
    a = assistant.ask("积分入户社会保险要交满几年？总积分要够多少分？")
    assert not a.refused
    assert "4年" in a.answer and "150分" in a.answer
    assert "哪些基本条件？”" not in a.answer


def test_a_decision_of_the_year_asked_answers_before_the_standing_regulation(assistant):
    a = assistant.ask("2018年度国家最高科学技术奖颁给了谁？")
    assert not a.refused
    assert "刘永坦" in a.answer
    assert a.citations[0].clause_id.startswith("2018年度科技奖励决定")


def test_a_period_the_text_regulates_is_not_the_documents_own_validity(assistant):
    a = assistant.ask("家用汽车的三包有效期最少是多久？")
    assert not a.refused
    assert "2年" in a.answer and "50,000公里" in a.answer
    assert a.intent != "docfact"
    b = assistant.ask("家用汽车三包规定从哪天开始施行？原来的老规定是哪个令？")
    assert "2022年1月1日" in b.answer and "令第150号" in b.answer


ELDERLY = """广州市老年人优待办法
第六条 年满60周岁不满65周岁的老年人持本市老年人优待凭证乘坐市内线路公共汽车和城市轨道交通，享受半价优惠。65周岁以上老年人持本市老年人优待凭证免费享受前款优待。
"""


def test_the_band_that_takes_in_the_askers_age_answers_a_follow_up(tmp_path):
    assistant = _assistant_over(tmp_path, {"老年人优待办法.md": ELDERLY})
    history = ["我今年63岁，在广州坐地铁、公交有优惠吗？"]
    assert "半价" in assistant.ask(history[0]).answer
    a = assistant.ask("那我爸今年70岁呢？", history=history)
    assert "免费" in a.answer and "半价" not in a.answer


RELIEF = """广州市最低生活保障及社会救助标准的通知
一、最低生活保障标准为每人每月1309元。
二、同一家庭在1个自然年度内临时救助金额累计最高不得超过5万元。
"""


def test_a_figure_asked_of_a_thing_no_clause_names_is_refused_not_answered_with_another_figure(tmp_path):
    assistant = _assistant_over(tmp_path, {"救助标准.txt": RELIEF})
    assert "1309元" in assistant.ask("广州低保标准每人每月是多少？").answer
    a = assistant.ask("广州低保家庭的金融资产人均不能超过多少钱？")
    assert a.refused  # the closest text may be named, but not given as the answer


NATIONAL_PLAN = """国务院办公厅关于加快发展体育竞赛表演产业的指导意见
国办发〔2018〕121号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
一、发展目标。到2025年，体育竞赛表演产业总规模达到2万亿元。
二、赛事审批。取消全国性和国际性体育赛事审批，由体育总局负责制定赛事活动管理办法。
"""
CITY_RULE = """广州市体育场馆管理办法
第一条 本市体育场馆由市体育行政部门负责管理。
"""


def test_a_national_plans_goal_is_not_given_as_a_places_figure(tmp_path):
    assistant = _assistant_over(tmp_path, {"体育意见.txt": NATIONAL_PLAN, "广州体育场馆办法.md": CITY_RULE})
    a = assistant.ask("到2025年广州体育竞赛表演产业规模要达到多少？")
    assert a.refused and "全国" in a.answer and "广州市" in a.answer
    # Without a place, the national goal is the answer.
    assert "2万亿元" in assistant.ask("到2025年体育竞赛表演产业总规模要达到多少？").answer


PENSION = """广州市社会保险基金管理中心关于开展养老保险待遇领取资格认证的通告
一、认证方式。待遇领取人员可通过粤省事进行远程人脸识别认证。
二、香港或澳门特别行政区居住的待遇领取人员，可以前往香港工会联合会、澳门社会保障基金指定服务网点办理领取养老保险待遇资格认证。
"""


def test_a_place_where_the_asker_lives_is_answered_from_a_document_that_speaks_of_it(tmp_path):
    assistant = _assistant_over(tmp_path, {"养老认证通告.txt": PENSION})
    a = assistant.ask("住在香港的退休人员，可以去哪里办养老保险待遇领取资格认证？")
    assert not a.refused
    assert "香港工会联合会" in a.answer and "广州" in a.answer  # whose rule it is is said
    # A place no document speaks of is still refused.
    assert assistant.ask("住在深圳的退休人员去哪里办养老保险待遇领取资格认证？").refused


ELDERLY_DUTIES = """广州市老年人优待办法
第三条 市老龄工作机构负责在本行政区域内组织、协调、指导、督促有关部门做好老年人优待工作。区老龄工作机构负责受理申请、初核和管理本市老年人优待凭证。
第四条 本市各级人民政府应当在交通出行等方面给予老年人优待。
"""


def test_a_units_tasks_are_its_own_sentence_not_its_namesakes_at_another_level(tmp_path):
    assistant = _assistant_over(tmp_path, {"老年人优待办法.md": ELDERLY_DUTIES})
    a = assistant.ask("区老龄工作机构在老年人优待工作里具体负责哪些事？")
    assert "受理申请、初核和管理" in a.answer


FUND = """住房公积金管理条例
第一条 为了加强对住房公积金的管理，制定本条例。
第二条 住房公积金管理委员会负责拟订个人住房贷款的最高贷款额度。
第三条 单位逾期不办理住房公积金缴存登记的，由住房公积金管理中心处1万元以上5万元以下的罚款。
"""


def test_a_fine_answers_what_breaking_a_rule_costs_and_nothing_else(tmp_path):
    assistant = _assistant_over(tmp_path, {"住房公积金管理条例.md": FUND})
    assert assistant.ask("住房公积金贷款的最高额度是多少万元？").refused
    a = assistant.ask("单位逾期不办理住房公积金缴存登记，罚多少？")
    assert "1万元以上5万元以下" in a.answer


LAW_DUTIES = """中华人民共和国个人所得税法
2018年8月31日第十三届全国人民代表大会常务委员会第五次会议通过
第一条 在中国境内有住所的个人，依照本法规定缴纳个人所得税。
第二条 教育、医疗保障、民政、住房城乡建设等相关部门应当向税务机关提供纳税人子女教育、住房贷款利息等专项附加扣除信息。
"""
DEDUCTIONS = """国务院关于印发个人所得税专项附加扣除暂行办法的通知
国发〔2018〕41号
第一条 本办法所称个人所得税专项附加扣除，是指子女教育、住房贷款利息等专项附加扣除。
第二条 纳税人的子女接受全日制学历教育的相关支出，按照每个子女每月1000元的标准定额扣除。
"""


def test_a_law_named_as_people_name_it_is_the_document_searched(tmp_path):
    assistant = _assistant_over(tmp_path, {"个人所得税法.md": LAW_DUTIES, "扣除办法.txt": DEDUCTIONS})
    a = assistant.ask("按个税法，哪些部门要向税务机关提供子女教育、住房贷款利息这些专项附加扣除信息？")
    assert not a.refused
    assert "医疗保障" in a.answer and a.citations[0].clause_id.startswith("个人所得税法#")


NATIONAL_DUTIES = """流动人口计划生育工作条例
第一条 为了加强流动人口计划生育工作，制定本条例。
第二条 乡镇人民政府、街道办事处负责本管辖区域内流动人口计划生育工作。
"""
SHAOXING = """绍兴市居家养老服务条例
第一条 为了规范居家养老服务，制定本条例。
第二条 乡镇人民政府、街道办事处应当做好居家养老服务工作，建设、运营、维护、管理居家养老服务设施。
"""


def test_a_places_units_are_given_their_tasks_from_the_places_own_documents(tmp_path):
    assistant = _assistant_over(tmp_path, {"流动人口条例.md": NATIONAL_DUTIES, "绍兴市居家养老服务条例.md": SHAOXING})
    a = assistant.ask("绍兴的乡镇人民政府和街道办事处在居家养老服务上要负责哪些事？")
    assert "居家养老服务设施" in a.answer
    assert "流动人口" not in a.answer


GUIDE = """广州市灵活就业人员参加养老保险指南
根据《广东省人力资源和社会保障厅关于印发〈广东省灵活就业人员参加企业职工基本养老保险办法〉的通知》（粤人社规〔2021〕5号文），制定本指南。
一、参保对象。无雇工的个体工商户可以参加企业职工基本养老保险。
"""


def test_the_number_of_a_document_a_page_cites_is_read_from_the_page(tmp_path):
    assistant = _assistant_over(tmp_path, {"灵活就业简介.txt": GUIDE})
    a = assistant.ask("广州灵活就业人员参保依据的《广东省灵活就业人员参加企业职工基本养老保险办法》文号是多少？")
    assert not a.refused and "粤人社规〔2021〕5号" in a.answer


def test_the_duties_an_article_lists_are_its_items(tmp_path):
    text = """绍兴市居家养老服务条例
第一条 为了规范居家养老服务，制定本条例。
第二条 乡镇人民政府、街道办事处负责辖区内居家养老服务工作，履行下列职责：
（一）落实政府购买居家养老社会服务、经费补贴等政策措施；
（二）建设、运营、维护、管理居家养老服务设施；
第三条 本条例自2022年1月1日起施行。
"""
    assistant = _assistant_over(tmp_path, {"绍兴市居家养老服务条例.md": text})
    a = assistant.ask("乡镇人民政府在居家养老服务上要负责哪些事？")
    assert "经费补贴" in a.answer and "居家养老服务设施" in a.answer


CONSUMER = """中华人民共和国消费者权益保护法
1993年10月31日第八届全国人民代表大会常务委员会第四次会议通过
第一条 为保护消费者的合法权益，制定本法。
第二条 经营者提供商品或者服务有欺诈行为的，应当按照消费者的要求增加赔偿其受到的损失，增加赔偿的金额为消费者购买商品的价款或者接受服务的费用的三倍；增加赔偿的金额不足五百元的，为五百元。
第三条 专利代理机构收费应当遵循自愿、公平和诚实信用原则。
第四条 经营者有下列行为之一的，由市场监督管理部门处以五十万元以下的罚款：
（一）以虚假的商品说明欺骗消费者；
（二）收取费用后拒绝履行约定。
"""


def test_a_multiple_asked_is_answered_and_a_fine_is_no_fee(tmp_path):
    assistant = _assistant_over(tmp_path, {"消费者权益保护法.md": CONSUMER})
    a = assistant.ask("商家卖东西搞欺诈，消费者能要求它加倍赔多少？最少能赔多少钱？")
    assert "三倍" in a.answer and "五百元" in a.answer
    # A fee schedule the text does not give is not the fine for charging and then refusing.
    assert assistant.ask("专利代理机构收费标准是多少钱？").refused


SOCIAL_INSURANCE_PAGE = """广州市社会保险费补缴相关政策及业务宣传指引
一、违规补缴。虚构劳动关系补缴社保骗取社会保险待遇的，根据《社会保险法》第八十八条，由社会保险行政部门责令退回骗取的社会保险金，处骗取金额二倍以上五倍以下的罚款。
二、办理渠道。用人单位需通过主管税务机关申请办理补缴业务。
"""


def test_an_article_of_a_law_not_held_is_answered_from_a_text_that_quotes_it(tmp_path):
    assistant = _assistant_over(tmp_path, {"补缴指引.txt": SOCIAL_INSURANCE_PAGE})
    a = assistant.ask("虚构劳动关系补缴社保骗取待遇，社会保险法第八十八条规定罚多少？")
    assert not a.refused and "二倍以上五倍以下" in a.answer
    # A rate the page does not give is refused.
    assert assistant.ask("广州单位补缴员工社保，滞纳金按每天万分之几算？").refused


EMPLOYMENT = """国务院关于做好当前和今后一个时期促进就业工作的若干意见
国发〔2018〕39号
（一）加大稳岗支持力度。对不裁员或少裁员的参保企业，可返还其上年度实际缴纳失业保险费的50%。
"""
UNEMPLOYMENT_RULE = """广东省失业保险条例
第一条 为了保障失业人员失业期间的基本生活，制定本条例。
第二条 用人单位未按时足额缴纳失业保险费的，由社会保险费征收机构责令限期缴纳。
"""


def test_a_document_number_after_a_word_names_that_document(tmp_path):
    assistant = _assistant_over(tmp_path, {"促进就业意见.txt": EMPLOYMENT, "广东省失业保险条例.md": UNEMPLOYMENT_RULE})
    a = assistant.ask("企业坚持不裁员，按国发〔2018〕39号能返还多少失业保险费？")
    assert not a.refused and "50%" in a.answer
