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
    assert analyze("蓝天保卫战由哪个部门牵头？").asks == frozenset({"lead", "unit"})  # it says 牵头, asks for a body
    assert analyze("蓝天保卫战的内容").asks == frozenset()


def test_the_asked_year_is_read_from_the_question():
    assert analyze("2020年要组建什么机构？").asked_year == "2020"
    assert analyze("要组建什么机构？").asked_year is None


def test_a_question_names_a_word_only_when_it_says_it():
    q = analyze("这个文件的效力等级是什么？")
    assert q.names("效力等级") and not q.names("主题分类")


@pytest.mark.parametrize(
    ("question", "qualifier"),
    [
        ("老年人权益保障法第四次修正改了什么？", ("第4次", "第四次")),
        ("失能4级的人员每天能报多少？", ("4级", "Ⅳ级", "四级")),
        ("Ⅲ级粮食应急状态怎么界定？", ("3级", "Ⅲ级", "三级")),
        ("13%的税率适用于哪些货物？", ("13%", "百分之十三")),  # a law writes the rate out
        ("2025年第二批公租房有多少套？", ("第2批", "第二批")),
    ],
)
def test_rounds_grades_and_rates_a_question_names_are_read_with_their_spellings(question, qualifier):
    assert qualifier in analyze(question).qualifiers


@pytest.mark.parametrize("question", ["县级以上人民政府负责什么？", "由哪一级部门制定？", "省级政府办公厅牵头吗？"])
def test_administrative_levels_are_not_grades(question):
    assert analyze(question).qualifiers == []


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("菏泽市城镇容貌和环境卫生管理条例", ["菏泽市"]),  # any prefecture, not only a list of capitals
        ("菏泽的城管条例", ["菏泽市"]),
        ("陇西县的试点", ["陇西县"]),  # a county by its full name
        ("白银价格", []),  # a short name that is an everyday word names no place
        ("白银市的政策", ["白银市"]),
        ("民营医院申请医保定点有什么条件", []),  # 保定 inside the words 医保 定点 names no place
        ("去保定办事要多久", ["保定市"]),
    ],
)
def test_every_place_of_china_is_recognised(text, places):
    from assistant.query.read import places_named

    assert places_named(text, None)[0] == places


def test_a_question_that_says_fine_or_entry_into_force_asks_for_it():
    assert {"penalty", "amount"} <= analyze("逾期不改会罚多少钱？").asks
    assert "effective" in analyze("这个条例从哪天开始施行？").asks
    assert analyze("这个条例从哪天开始施行？").intent == "docfact"
    assert "repeals" in analyze("它废止了哪个旧文件？").asks


@pytest.mark.parametrize(
    ("question", "ref"),
    [
        ("国办发〔2018〕118号第（十五）条讲什么？", ("item", 15)),  # an item numbered across sections
        ("（十）项说的是什么", ("item", 10)),
        ("道路交通事故处理程序规定第七章第二节第七十一条", ("article", 71)),  # articles run through chapters
        ("X办法第三章第十一条讲什么", ("article", 11)),
        ("金政办发〔2018〕106号 第二部分第八项", (2, 8)),
    ],
)
def test_clause_references_of_every_genre_are_read(question, ref):
    assert analyze(question).clause_ref == ref


def test_a_grade_of_merit_is_a_qualifier_too():
    assert ("2等功", "二等功") in analyze("立了二等功的能多拿多少？").qualifiers


def test_english_asks_for_a_maximum_as_an_amount():
    assert "amount" in analyze("What is the maximum foreign shareholding?").asks


def test_an_everyday_word_is_matched_by_the_documents_word_for_it():
    from assistant.query.read import match_term

    assert match_term("花钱", "出具婚育证明不得收取任何费用") > 0.8  # "要花钱吗" is read like "免费吗"
    assert match_term("驾照", "初次取得机动车驾驶证后的12个月为实习期") > 0.8
    assert match_term("痛风", "门诊特定病种：骨关节炎") == 0.0
    # The words of everyday questions about local rules: what is forbidden, hardship, dogs, smoking.
    assert match_term("不让", "禁止携带犬只进入办公楼、学校、医院") > 0.8
    assert match_term("带狗", "禁止携带犬只进入办公楼") > 0.8
    assert match_term("交不起", "对缴存住房公积金确有困难的单位，可以降低缴存比例或者缓缴") > 0.8
    assert match_term("抽烟", "在禁止吸烟公共场所吸烟的，处五十元罚款") > 0.8
    # Housing estates, the police, medical insurance, as people speak of them.
    assert match_term("业委会", "业主委员会应当自选举产生之日起30日内备案") > 0.8
    assert match_term("物业公司", "物业服务企业可以将专项服务业务委托给专业性服务企业") > 0.8
    assert match_term("公安局", "公安机关应当自公民提交申领登记表之日起六十日内发放") > 0.8
    assert match_term("医保卡", "将本人的医疗保障凭证交由他人冒名使用") > 0.8
    assert match_term("共享单车", "互联网租赁自行车运营企业应当合理有序投放车辆") > 0.8
    # Taxes, insurance and travel by their everyday short names.
    assert match_term("环保税", "环境保护税按月计算，按季申报缴纳") > 0.8
    assert match_term("交强险", "机动车交通事故责任强制保险的保险期间为1年") > 0.8
    assert match_term("出境游", "每设立一个经营出境旅游业务的分社") > 0.8
    assert match_term("辞退", "用人单位依照本法第四十条规定解除劳动合同的") > 0.8


def test_a_shortened_word_is_matched_by_the_word_written_out():
    from assistant.query.read import match_term

    assert match_term("年假", "职工应休未休年休假天数") > 0.5
    assert match_term("世博会", "世界博览会标志") > 0.5
    assert match_term("换证", "公民应当换领新证") > 0.5
    # Too far apart is not a shortening; nor is a word one punctuation mark off ("手续。").
    assert match_term("年假", "年度计划安排休假") == 0.0
    assert match_term("手续费", "请及时办理手续。") == 0.0
    assert match_term("特排员", "科技特派员") > 0.5  # a typo, one character off, still matches
    # A long name shortened in a part ("科技" for 科学技术), but not letters scattered over a sentence.
    assert match_term("国家科技进步奖", "授予148项成果国家科学技术进步奖二等奖") > 0.5
    assert match_term("国家科技进步奖", "国家组织科技人员在进步中评奖") == 0.0


def test_an_autonomous_county_is_named_by_its_short_name():
    from assistant.query.read import places_named

    assert places_named("在酉阳县城里放鞭炮罚多少", None)[0] == ["酉阳土家族苗族自治县"]


def test_numbers_are_never_topic_terms_and_where_questions_are_open():
    from assistant.query.read import key_terms

    assert key_terms(["200", "4", "煤矿", "40"]) == ["煤矿"]  # a year cut in two, an age
    q = analyze("在广州想申请困难残疾人生活补贴，要去哪里申请？")
    assert q.intent == "open" and "where" in q.asks


def test_a_body_that_issues_a_notice_under_a_law_is_not_the_documents_issuer():
    assert analyze("要执行制裁决议，由哪个部门发通知和公告？").intent != "docfact"
    assert analyze("这个方案是哪个单位发的").intent == "docfact"
    q = analyze("侵害消费者权益行为处罚办法是哪个部门发布的，令号是多少？")
    assert q.intent == "docfact" and {"issuer", "doc_number"} <= q.asks


def test_the_measure_a_count_is_asked_in_is_read():
    from assistant.text.figures import figure_in

    assert analyze("一共放出来多少套房？").asked_measure == "套"
    assert analyze("多少天内办完？").asked_measure == "天"
    assert figure_in("天", "应当自次日起30日内进行审查") and figure_in("人", "达到2000名的招生规模")
    assert not figure_in("套", "房源点为萝岗和苑")
    assert figure_in("个", "机器人等10大重点领域")  # "多少个重点领域"


def test_the_measure_joined_to_a_question_word_is_not_the_topic():
    from assistant.query.read import key_terms

    assert key_terms(["放出来", "多少", "套房"]) == ["放出来"]
    assert key_terms(["多少", "人口"]) == ["人口"]  # 人 begins a word of its own


def test_a_total_is_asked_for():
    assert "total" in analyze("一共放出来多少套房？").asks
    assert "total" not in analyze("每户能分到多少套房？").asks


def test_how_wide_is_an_amount_and_how_long_a_period():
    from assistant.text.figures import figure_in

    q = analyze("堤防工程安全保护区划多宽？")
    assert q.intent == "target" and "amount" in q.asks
    assert analyze("实习期是多长时间？").asked_measure == "时长"
    assert figure_in("时长", "初次取得驾驶证后的12个月为实习期")
    assert not figure_in("时长", "本法自2019年1月1日起施行")  # a date is not a period
    # "多长" alone asks a length, unless a period is what is measured.
    assert analyze("牵引带最长可以多长？").asked_measure == "米"
    assert figure_in("米", "牵引带长度不得超过两米")
    assert analyze("有效期多长？").asked_measure == "时长"


def test_degrees_are_a_measure_a_rule_states():
    from assistant.text.figures import FIGURE, figure_in

    assert analyze("卧室温度最低要保证多少度？").asked_measure == "度"
    assert figure_in("度", "卧室、起居室的温度不低于十八摄氏度")
    assert FIGURE.search("温度不低于十八摄氏度")


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        ("证书有效期几年？快到期了要提前多久申请换证？", ["证书有效期几年？", "快到期了要提前多久申请换证？"]),
        ("对综合体计划有意见找谁？电话多少", ["对综合体计划有意见找谁？", "电话多少"]),  # the last one unmarked
        ("深圳宅基地面积标准是多少？我家在深圳郊区。", ["深圳宅基地面积标准是多少？我家在深圳郊区。"]),
        ("那如果只是橙色预警呢？", ["那如果只是橙色预警呢？"]),
        ("补贴多少？？", ["补贴多少？？"]),
        ("Who leads it? And when does it start?", ["Who leads it?", "And when does it start?"]),
        # Two questions joined by a comma, each asking something; a place or a case before a comma is not one.
        ("2019年元旦放几天假，哪天补班？", ["2019年元旦放几天假，", "哪天补班？"]),
        ("在广州，失业金一个月能领多少钱？", ["在广州，失业金一个月能领多少钱？"]),
        ("我今年63岁，坐地铁有优惠吗？", ["我今年63岁，坐地铁有优惠吗？"]),
    ],
)
def test_a_message_asking_several_things_is_read_as_its_questions(message, parts):
    from assistant.query.read import question_parts

    assert question_parts(message) == parts


def test_a_later_question_of_a_message_follows_on_like_a_follow_up():
    assert not analyze("快到期了要提前多久申请换证？").is_followup_like
    assert analyze("快到期了要提前多久申请换证？", continues=True).is_followup_like


def test_being_caught_is_not_what_a_question_is_about():
    from assistant.query.read import key_terms

    assert "逮到" not in key_terms(["抽烟", "被", "逮到", "了", "罚", "多少"])
    assert key_terms(["那", "单位", "确实", "交不起", "怎么办"]) == ["交不起"]


def test_a_grade_is_stated_only_as_a_whole_number():
    from assistant.query.read import states_qualifier

    assert states_qualifier(("2级", "二级", "Ⅱ级"), "享受长护险2级待遇")
    assert not states_qualifier(("2级", "二级", "Ⅱ级"), "一次记12级")  # 12 is not 2
    assert not states_qualifier(("第2批", "第二批"), "第十二批房源")


def test_whether_an_old_law_still_counts_asks_for_validity():
    assert "validity" in analyze("以前那个暂行条例还管用吗？").asks


def test_points_of_a_scoring_system_are_a_qualifier_stated_as_a_whole_number():
    from assistant.query.read import read_qualifiers, states_qualifier

    [forms] = read_qualifiers("开车时哪些违法行为一次记2分？")
    assert not states_qualifier(forms, "机动车驾驶人有下列交通违法行为之一，一次记12分：")
    assert states_qualifier(read_qualifiers("哪些行为记三分")[0], "一次记3分：")
    assert read_qualifiers("开车打手机一次记几分？") == []  # a question for the number names none


@pytest.mark.parametrize(
    ("question", "asked", "not_asked"),
    [
        ("那在老家开婚育证明要花钱吗？", "fee", "where"),
        ("办身份证收费吗", "fee", "amount"),
        ("其他参保人员的集中参保缴费截止到哪天？", "date", "where"),
        ("去哪里申请公租房？", "where", "fee"),
        ("汕尾农村建房政府有没有补贴？", "benefit", "fee"),
    ],
)
def test_what_a_question_asks_for(question, asked, not_asked):
    asks = analyze(question).asks
    assert asked in asks and not_asked not in asks


def test_a_question_word_joined_to_its_measure_is_not_a_topic():
    from assistant.query.read import key_terms

    assert key_terms(["教育部门", "网上", "报名", "哪几天"]) == ["教育部门", "网上", "报名"]
    assert key_terms(["社保", "那边", "多少天", "几点"]) == ["社保"]


def test_the_most_there_is_is_asked_in_everyday_words_too():
    assert "maximum" in analyze("一年最多能补贴多少钱？").asks
    assert "maximum" in analyze("What is the maximum foreign shareholding?").asks
    assert "maximum" not in analyze("补贴标准是多少？").asks


def test_a_phone_number_is_asked_for_but_a_phone_card_is_not_one():
    from assistant.query.read import expand_synonyms

    assert "联系电话" in expand_synonyms("对综合体计划有意见找谁？电话多少")
    assert "联系电话" not in expand_synonyms("把自己的银行卡、电话卡出租出借给别人用，会被罚多少钱？")


UNITS = ["财政部", "市人民政府", "县（市、区）人民政府", "商务主管部门"]


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("国办发〔2018〕127号这个通知里，财政部要负责做哪些事？", "unit_tasks"),
        ("财政部要做哪些事？", "unit_tasks"),
        ("市政府负责哪些任务？", "unit_tasks"),
        ("想给员工申请人才公寓，要向哪个部门提申请？", "responsible"),
        ("Which government department is responsible for protecting foreign investors?", "lead"),
        ("Who is the competent authority for government new-media work?", "lead"),
        ("In Guangdong, which level of government is responsible for compensation?", "lead"),
        ("这项工作的主管部门是哪个？", "lead"),
        ("我们公司对价格主管部门的罚款决定不服，可以直接去法院起诉吗？", "open"),  # names one, asks no one
    ],
)
def test_who_does_what_is_read_in_its_everyday_wordings(question, intent):
    assert analyze(question, known_units=UNITS).intent == intent


def test_a_bare_word_for_government_names_no_unit():
    # "government new-media work", "政府给多少补贴": no one unit is meant; "市政府" is one.
    assert analyze("政府给多少补贴？", known_units=UNITS).units == []
    assert analyze("Who is in charge of government new-media work?", known_units=UNITS).units == []
    assert analyze("市政府负责哪些任务？", known_units=UNITS).units == ["市人民政府"]


def test_a_condition_put_in_the_negative_is_read():
    from assistant.query.read import states_without

    q = analyze("未经许可拿世博会会徽做商业用途，没有违法所得的话最多罚多少？")
    assert q.without == ["违法所得"]
    assert states_without(q, "没有违法所得的，可以并处5万元以下的罚款。")
    assert not states_without(q, "有违法所得的，没收违法所得，可以并处违法所得5倍以下的罚款；")
    assert analyze("违法所得怎么处理？").without == []


def test_everyday_words_are_kept_whole_and_read_by_the_documents_words():
    from assistant.index.lexicon import LexicalTokenizer
    from assistant.query.read import match_term

    words = LexicalTokenizer().question_words("公司不让休年假，没休的年假工资按多少算？")
    assert "年假" in words
    assert match_term("年假", "应休未休年休假天数") > 0
    assert match_term("开车", "驾驶机动车有拨打、接听手持电话等妨碍安全驾驶的行为的") > 0
    assert match_term("手机", "驾驶机动车有拨打、接听手持电话等妨碍安全驾驶的行为的") > 0
    assert match_term("网吧", "中学、小学校园周围200米范围内不得设立互联网上网服务营业场所") > 0
    assert match_term("偷偷", "未经许可擅自从事职业中介活动的") > 0
    # Words met in this session's blind sets: where, online, lapsing, paying double, phoning, tax.
    assert match_term("哪些地方", "本市下列区域（地点）禁止销售、燃放烟花爆竹") > 0
    assert match_term("手机上", "通过粤省事APP进行远程人脸识别认证") > 0
    assert match_term("过期", "逾期未签注的，居住证使用功能中止") > 0
    assert match_term("加倍赔", "应当按照消费者的要求增加赔偿其受到的损失") > 0
    assert match_term("接打手机", "驾驶机动车有拨打、接听手持电话等妨碍安全驾驶的行为的") > 0
    assert match_term("个税", "个人所得税以所得人为纳税人") > 0


def test_fillers_of_spoken_questions_are_no_topic():
    from assistant.query.read import key_terms

    assert key_terms(["评上", "待遇", "比如", "免费", "体检"]) == ["评上", "待遇", "免费", "体检"]
    assert key_terms(["车险", "顺带", "车船税"]) == ["车险", "车船税"]


def test_how_much_one_may_borrow_or_claim_is_an_amount_of_money():
    assert analyze("创业担保贷款个人最多能贷多少？").intent == "funding"
    assert analyze("住院费用能报销多少？").intent == "funding"


def test_the_period_an_amount_is_asked_per_is_read():
    from assistant.query.read import per_period

    assert analyze("子女教育每个月能扣多少？").per == "月"
    assert analyze("一年能补多少钱？").per == "年"
    assert analyze("能补多少钱？").per is None
    assert per_period("月", "按照每个子女每月1000元的标准定额扣除") and per_period("月", "最高支付限额200元/月")
    assert not per_period("月", "按扣除标准的50%扣除")


def test_a_period_joined_to_the_question_word_is_no_topic():
    from assistant.query.read import key_terms

    assert key_terms(["登记机关", "多少", "天内", "发", "营业执照"]) == ["登记机关", "营业执照"]


def test_a_thing_replaced_is_not_a_document_replaced():
    assert analyze("When a family car is replaced or returned, what is the maximum compensation?").intent != "docfact"
    assert analyze("Which regulation was replaced by this one?").intent == "docfact"


def test_how_far_and_how_big_ask_for_a_distance_and_an_area():
    from assistant.text.figures import figure_in

    q = analyze("我想在小学附近开个网吧，离学校多远以内是不能开的？")
    assert q.asked_measure == "米" and q.intent == "target"
    assert analyze("宅基地新批的最多能批多大？").asked_measure == "平方米"
    assert analyze("你多大年纪了？").asked_measure == "岁"  # an age, not an area
    assert figure_in("米", "中学、小学校园周围200米范围内") and not figure_in("米", "每户不超过150平方米")
    assert figure_in("平方米", "山区每户不超过150平方米")


def test_who_issues_a_warning_is_not_who_issued_the_document():
    assert analyze("河源的暴雨预警信号是谁发布的？").intent != "docfact"
    assert analyze("那洪水预警又是哪个部门发？").intent != "docfact"
    assert analyze("这个条例是谁发布的？").intent == "docfact"


def test_an_award_given_to_someone_is_not_a_document_sent_to_someone():
    assert analyze("2018年度国家最高科学技术奖发给了谁？").intent != "docfact"
    assert "addressee" not in analyze("补贴发给谁").asks
    q = analyze("这个通知发给了哪些单位？")
    assert q.intent == "docfact" and "addressee" in q.asks


def test_how_many_years_a_licence_is_valid_asks_a_period():
    # A licence's or a card's 有效期 is a period the text sets, not the document's validity.
    q = analyze("新身份证有效期是几年？")
    assert q.intent == "target" and "amount" in q.asks and q.asked_measure == "年"
    assert analyze("证书的有效期是怎么规定的？").intent == "open"
    assert analyze("这个通知有效期多久？").intent == "docfact"
    assert analyze("兼职督学一任几年？").intent == "target"


def test_a_count_asked_about_an_award_is_a_target_not_money():
    assert analyze("How many foreign experts received the award?").intent == "target"
    assert analyze("有多少家企业获得奖励？").intent == "target"
    assert analyze("高新技术企业能拿多少奖补？").intent == "funding"
    assert analyze("How much subsidy does a start-up get?").intent == "funding"


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("家用汽车的三包有效期最少是多久？", "target"),  # a period the rule sets, under its own name
        ("三包的有效期多久", "target"),
        ("跨省异地就医备案办好以后，有效期是多长时间？", "target"),  # what the asker got done stays valid
        ("这个办法有效期几年？", "docfact"),  # the document's own validity
        ("这个文件的有效期到什么时候", "docfact"),
        ("规定的有效期是几年", "docfact"),
        ("原来的老规定是哪个令？", "docfact"),
    ],
)
def test_a_validity_is_the_documents_only_when_the_question_says_so(question, intent):
    assert analyze(question).intent == intent


def test_the_number_of_a_request_a_reply_answers_is_read_as_such():
    assert analyze("他们那份请示的文号是什么？").referred == "请示"
    assert analyze("这个复函的文号是什么？").referred is None


def test_pointing_back_at_what_was_discussed_follows_on_and_names_no_topic():
    q = analyze("那这一项里牵头的是哪个部门？")
    assert q.is_followup_like
    assert analyze("他们那份请示的文号是什么？").is_followup_like


def test_points_are_a_measure_asked_for():
    assert analyze("积分要够多少分？").asked_measure == "分"
    assert analyze("多少分钟能办完").asked_measure != "分"


@pytest.mark.parametrize(
    ("question", "per"),
    [
        ("每个月能扣多少", "月"),
        ("一年能补多少", "年"),
        ("How much can an only child deduct each month?", "月"),
        ("the daily cap", "天"),
    ],
)
def test_the_period_an_amount_is_asked_per_is_read_in_chinese_and_english(question, per):
    assert analyze(question).per == per


@pytest.mark.parametrize(
    ("question", "terms", "thing"),
    [
        (
            "广州低保家庭的金融资产人均不能超过多少钱？",
            ["低保", "家庭", "金融资产", "人均", "不能", "超过"],
            "金融资产",
        ),
        (
            "2019年中央财政给担保基金补充了多少亿元资本金？",
            ["中央财政", "担保", "基金", "补充", "亿元", "资本金"],
            "资本金",
        ),
        # A kind of quantity or a short word names no thing to check: "年龄" is what "45周岁以下" is.
        ("想走人才引进入户，年龄不能超过多少？", ["人才", "引进", "入户", "年龄"], None),
        ("高新技术企业能拿多少奖补", ["高新技术企业", "奖补"], None),
        # Short words written together after a count name one thing; the count's own place word
        # earlier in the question ("积分制入户") is not where it is asked.
        ("广州积分制入户一共安排了多少个入户名额？", ["积分", "入户", "安排", "名额"], "入户名额"),
        # A word after a measure is not what is counted ("超过多少公里急救人员可以…").
        ("距离超过多少公里急救人员可以自己决定？", ["距离", "超过", "公里", "急救", "人员", "决定"], None),
    ],
)
def test_the_thing_a_quantity_is_asked_of_is_read_beside_the_question_word(question, terms, thing):
    from assistant.query.read import quantity_of

    assert quantity_of(question, terms) == thing


def test_a_unit_is_mentioned_as_the_question_writes_it():
    q = analyze("区老龄工作机构具体负责哪些事？", known_units=["市老龄工作机构"])
    assert q.units == ["市老龄工作机构"] and q.unit_mention == "区老龄工作机构"


def test_how_the_asker_came_upon_it_is_not_what_the_question_is_about():
    from assistant.query.read import QUESTION_WORDS

    assert {"看到", "有人"} <= QUESTION_WORDS


def test_the_first_time_is_written_either_way():
    assert ("第1次", "第一次", "首次") in analyze("第一次办居住证要不要交工本费？").qualifiers


@pytest.mark.parametrize("question", ["专利代理收费标准是多少钱？", "满分学习要交多少费用？"])
def test_a_fee_asked_is_money(question):
    assert analyze(question).intent == "funding"


def test_paying_for_breaking_a_rule_is_told_from_a_fee_schedule():
    assert "pay" in analyze("乱扔垃圾要交多少钱？").asks
    assert "pay" not in analyze("专利代理收费标准是多少？").asks


def test_which_rules_a_document_repealed_is_a_fact_of_the_document():
    assert analyze("令第20号施行后，废止了哪几个旧规章？").intent == "docfact"


def test_a_multiple_asked_for_is_read():
    assert "multiple" in analyze("欺诈的话能要求加倍赔多少？").asks
    assert "multiple" not in analyze("家庭财产限额是多少万元？").asks


def test_a_rate_asked_as_a_fraction_is_a_figure_asked():
    q = analyze("滞纳金按每天万分之几算？")
    assert "amount" in q.asks and q.intent == "target"


def test_a_document_number_after_a_word_still_names_the_document():
    q = analyze("企业坚持不裁员，按国发〔2018〕39号能返还多少失业保险费？")
    assert q.doc_number.endswith("国发〔2018〕39号")


def test_a_year_counted_from_the_start_is_a_qualifier():
    assert analyze("从第二年起车船税每年要交多少？").qualifiers[0] == ("第2年", "第二年")


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("试点城市的实施方案要什么时候印发？", "target"),  # a task's deadline
        ("指标体系应当在何时之前建立？", "target"),
        ("这个方案是什么时候印发的？", "docfact"),  # the document's own date
        ("人工审核多久能审完？", "target"),  # a period asked: a figure
        ("要什么时候建好？", "target"),  # a later question of a message about who leads: its own ask
        ("达不到这个比例的单位要怎么办？", "open"),  # what follows, not the proportion again
        ("除了医保部门，还有哪些行业部门要担主管责任？", "responsible"),  # bodies, however qualified
        ("哪些单位必须投保环境污染责任保险？", "open"),  # who is obliged: the rule, not a responsible body
        ("要是忘了续期会怎么样？", "open"),
        ("指标体系由哪个部门牵头建？要什么时候建好？", "lead"),  # the message asks who leads first
    ],
)
def test_when_something_is_to_be_done_is_a_deadline_not_the_documents_date(question, intent):
    assert analyze(question).intent == intent


def test_a_count_of_days_is_not_a_dates_day_and_which_days_asks_for_dates():
    from assistant.text.figures import figure_in

    assert not figure_in("天", "2025年12月1日起生育津贴由参保职工本人申请")  # a date, not a count of days
    assert figure_in("天", "生育津贴按180天计发") and figure_in("天", "十五日内作出决定")
    assert not figure_in("月", "2025年12月起发放") and figure_in("月", "连续缴费满6个月")
    q = analyze("网上报名是哪几天？")
    assert q.asked_measure is None and "date" in q.asks


def test_a_discount_is_asked_as_a_figure_and_free_is_one():
    from assistant.text.figures import figure_in

    q = analyze("老年人优待卡坐地铁可以打几折？")
    assert q.intent == "target" and q.asked_measure == "折" and "amount" in q.asks
    assert figure_in("折", "凭卡乘坐公交车享受五折优惠") and figure_in("折", "65周岁以上免费乘坐")
    assert not figure_in("折", "持卡可在公园优先入园")


def test_a_major_repair_is_not_an_amendment_and_this_sum_is_no_topic():
    q = analyze("老小区电梯要大修改造，这笔钱从哪儿出？")
    assert "amended" not in q.asks
    assert "amended" in analyze("这个条例什么时候修改过？").asks


def test_when_a_document_was_signed_is_a_document_fact():
    q = analyze("国务院是哪天签发的？")
    assert q.intent == "docfact" and "signing_date" in q.asks


def test_a_proportion_referred_back_to_is_not_asked_for():
    assert "amount" not in analyze("达不到这个比例的单位要怎么办？").asks
    assert "amount" in analyze("安排残疾人就业的比例是多少？").asks


def test_an_age_asked_is_a_figure_in_years_of_age():
    from assistant.text.figures import figure_in

    q = analyze("多大年纪以下的人不能被取活体器官做移植？")
    assert q.intent == "target" and q.asked_measure == "岁" and "amount" in q.asks
    assert analyze("孩子几岁可以上小学？").asked_measure == "岁"
    assert figure_in("岁", "不得获取未满18周岁公民的活体器官") and not figure_in("岁", "满3年的")


def test_a_sum_stated_as_a_multiple_of_money_is_an_amount_but_a_threshold_is_not():
    from assistant.text.figures import MONEY_MULTIPLE

    assert "amount" in analyze("一次性工亡补助金怎么算？").asks
    assert MONEY_MULTIPLE.search("标准为上一年度全国城镇居民人均可支配收入的20倍")
    assert MONEY_MULTIPLE.search("并处交易额10倍以上20倍以下的罚款")
    assert not MONEY_MULTIPLE.search("家庭收入或者家庭财产在公共租赁住房收入或财产准入限额3倍以上的")


@pytest.mark.parametrize(
    "question, version",
    [
        ("2003年刚公布时的《工伤保险条例》原版里，一次性工亡补助金是多少？", "original"),
        ("修订前的条例罚多少？", "original"),
        ("2010年修订版的条例里罚多少？", "2010"),
        ("商标法2013年修正时规定的赔偿上限是多少？", "2013"),
        ("1988年那版《女职工劳动保护规定》里产假是多少天？", "1988"),
        ("What did the original version of the regulations say about it?", "original"),
        ("工伤保险条例规定的一次性工亡补助金是多少？", None),
        ("2025年的补贴标准是多少？", None),  # a year asked of a figure, not a version of a text
    ],
)
def test_a_version_of_a_document_asked_for_is_read(question, version):
    assert analyze(question).asked_version == version


def test_a_multiple_asked_for_is_a_figure_in_times():
    q = analyze("法定节假日加班工资是日工资的几倍？")
    assert q.intent == "target" and "amount" in q.asks and q.asked_measure == "倍"


def test_a_period_an_order_of_a_court_runs_for_is_not_the_documents_validity():
    # A 保护令 is a court's order, not a 国务院令 (a document): its 有效期 is a period the law sets.
    assert analyze("人身安全保护令的有效期最长是多久？").intent == "target"
    assert analyze("这个办法的有效期是多久？").intent == "docfact"


def test_what_follows_from_breaking_a_rule_asks_for_the_sanction():
    assert "penalty" in analyze("把自己的医保卡借给别人用，会有什么后果？").asks


def test_a_question_word_joined_to_its_verb_is_not_a_topic():
    from assistant.query.read import key_terms

    terms = key_terms(["如果", "以后", "还", "想", "做", "出境游", "，", "保证金", "要", "加多少", "？"])
    assert "加多少" not in terms and "保证金" in terms


def test_an_identifier_asked_for_is_not_an_amount():
    q = analyze("冠心病在跨省直接结算里用的门诊慢特病大类代码是多少？")
    assert "identifier" in q.asks and "amount" not in q.asks
    assert "amount" in analyze("这个代码要交多少钱？").asks  # money asked beside a code


def test_a_topic_named_with_coordination_is_not_a_question_about_units():
    # "问题协同" names the topic; the question asks how long.
    assert analyze("跨省异地就医问题协同，备案类问题要在多长时间内回复？").intent == "target"
    assert analyze("哪些部门协同部门参与这项工作？").intent == "responsible"


def test_a_rate_is_read_as_laws_write_it_too():
    assert ("13%", "百分之十三") in analyze("税率是13%的货物有哪些？").qualifiers


@pytest.mark.parametrize(
    ("question", "besides"),
    [
        ("洛阳城市公共交通管理，除了公交主管部门，还有哪些部门要配合？", "公交主管部门"),
        ("除了医保部门，医保基金监管里还有哪些行业部门要担主管责任？", "医保部门"),
        ("除了派出所以外还有哪些单位要协助？", "派出所"),
        ("公交主管部门负责什么？", None),
    ],
)
def test_a_body_the_question_asks_past_is_read(question, besides):
    assert analyze(question).besides == besides


def test_a_body_asked_past_in_everyday_words_is_recognised_in_its_full_name():
    from assistant.query.read import is_unit_meant

    assert is_unit_meant("市、县（市）城市公共交通行政主管部门", "公交主管部门")
    assert is_unit_meant("县级人民政府卫生行政主管部门", "县里的卫生部门")
    assert not is_unit_meant("乡、镇人民政府", "县里的卫生部门")
    assert not is_unit_meant("发展和改革部门", "部门")  # a bare kind of body names none


@pytest.mark.parametrize(
    "question", ["国卫医发〔2014〕86号是哪几个部门联合印发的？", "这个通知落款是哪两个部门？", "这个通知是哪个部门发的"]
)
def test_who_issued_a_document_jointly_is_a_document_fact(question):
    q = analyze(question)
    assert q.intent == "docfact" and "issuer" in q.asks


def test_a_modal_glued_to_its_verb_is_no_topic_of_its_own(tmp_path):
    from assistant.index.lexicon import LexicalTokenizer

    words = LexicalTokenizer().question_words("那能免几年？")
    assert "能免" not in words and "免" in words
    assert "会计师" in LexicalTokenizer().question_words("会计师事务所")  # a word that begins like a modal


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("退役军人优待证是哪个部门发的？", "open"),  # a card a body issues, not a document
        ("残疾证由哪个部门发的", "open"),
        ("这个通知是哪个部门发的", "docfact"),
        ("个保法是哪天正式施行的？", "docfact"),
    ],
)
def test_who_issues_a_card_is_not_who_issued_the_document(question, intent):
    assert analyze(question).intent == intent


@pytest.mark.parametrize(
    "question", ["这个方案是根据省里哪个文件制定的？", "献血法的上位法是什么？", "这个条例是依据什么法律制定的？"]
)
def test_what_a_document_was_made_under_is_a_fact_of_the_document_not_its_issuer(question):
    q = analyze(question)
    assert q.intent == "docfact" and "basis" in q.asks and "issuer" not in q.asks


def test_a_standard_something_is_paid_by_is_not_what_the_document_was_made_under():
    assert "basis" not in analyze("补贴是根据什么标准发的？").asks


@pytest.mark.parametrize(
    "question", ["金华综合体建设行动计划是正式文件还是征求意见稿？", "这个办法是草案吗？", "Is this plan a draft?"]
)
def test_whether_a_document_is_a_draft_is_a_fact_of_the_document(question):
    assert analyze(question).intent == "docfact"


def test_a_question_about_how_drafts_are_handled_is_about_the_text():
    assert analyze("立法草案要公开征求意见多久？").intent != "docfact"
