"""The shared Chinese vocabulary (assistant/text): numerals, dates, sentences, folding."""

from __future__ import annotations

import pytest

from assistant.text.dates import iso_date
from assistant.text.normalize import fold, normalize_for_match
from assistant.text.numerals import cn_to_int, int_to_cn
from assistant.text.sentences import pieces, sentence_spans, sentences


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("一", 1),
        ("十", 10),
        ("十五", 15),
        ("二十三", 23),
        ("五十三", 53),
        ("一百零五", 105),
        ("两", 2),
        ("二〇〇四", 2004),
        ("二○○六", 2006),
        ("①", 1),
        ("⑳", 20),
        ("12", 12),
        ("十百", 0),
        ("百", 0),
        ("", 0),
    ],
)
def test_numerals_read_as_documents_write_them(text, number):
    assert cn_to_int(text) == number


def test_labels_are_written_with_chinese_numerals():
    assert [int_to_cn(n) for n in (1, 10, 15, 23, 105, 110)] == ["一", "十", "十五", "二十三", "一百零五", "一百一十"]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2019年1月12日", "2019-01-12"),
        ("二〇〇四年六月二十六日", "2004-06-26"),
        ("二○○六年五月二十三日", "2006-05-23"),
        ("2018.12.10", "2018-12-10"),
        ("２０１９年２月２１日", "2019-02-21"),
        ("2019年2月31日", None),
        ("2019年13月1日", None),
        ("没有日期", None),
        (None, None),
    ],
)
def test_dates_are_read_only_when_they_exist(text, iso):
    assert iso_date(text) == iso


def test_sentences_end_at_chinese_and_latin_marks_and_a_table_row_is_one():
    text = "第一条 为了规范管理，制定本办法。适用范围如下；详见附件！\n病种：高血压病；类别：一类；限额：200元/月"
    assert sentences(text) == [
        "第一条 为了规范管理，制定本办法。",
        "适用范围如下；",
        "详见附件！",
        "病种：高血压病；类别：一类；限额：200元/月",
    ]


def test_pieces_keep_their_marks_and_spans_point_into_the_text():
    text = "第一句。第二句；\n  第三句"
    assert pieces(text) == ["第一句。", "第二句；", "  第三句"]
    assert [text[s:e] for s, e in sentence_spans(text)] == ["第一句。", "第二句；", "第三句"]


def test_folding_keeps_positions_and_circled_numbers():
    text = "（一）１．５万人①：ＡＢ"
    assert len(fold(text)) == len(text)
    assert fold(text) == "(一)1.5万人①:AB"
    assert normalize_for_match(" 第 一 条\u3000（一） ") == "第一条(一)"


def test_amounts_and_periods_are_figures_in_chinese_numerals_too():
    from assistant.text.figures import AMOUNT, FIGURE

    assert AMOUNT.search("处二万元以上二十万元以下罚款")
    assert AMOUNT.search("百分之十")
    assert FIGURE.search("自次日起30日内进行审查") and FIGURE.search("12个月为实习期")
    assert not FIGURE.search("2019年3月28日")  # a date is not a period
    assert not AMOUNT.search("万元")  # a unit without a number
    # Volumes, weights and minutes as laws write them.
    assert FIGURE.search("每次采集血液量一般为二百毫升") and FIGURE.search("维保人员应当在三十分钟内到达")
    assert not FIGURE.search("提升服务水平，攻克技术难关")


def test_a_share_written_out_is_a_figure_and_an_article_label_is_not():
    from assistant.text.figures import AMOUNT, FIGURE

    assert AMOUNT.search("总量达到村庄建筑总量的三分之一")
    assert FIGURE.search("全日制在校学生计划规模在五千人以上")
    assert not FIGURE.search("第十二条 称为大学的，须符合下列规定")
    assert not FIGURE.search("十届全国人大四次会议")


def test_terms_are_looked_for_without_the_spaces_typeset_between_chinese_characters():
    from assistant.text.normalize import for_terms

    assert "组长" in for_terms("组　长：韩　正　　国务院副总理")
    assert for_terms("Guangzhou 广州") == "guangzhou 广州"  # a space beside Latin letters stays


@pytest.mark.parametrize(
    ("text", "bands"),
    [
        ("（2）满35周岁至未满45周岁参保人员为0.02%；", [(35, 45)]),
        ("（1）未满35周岁参保人员个人不缴费；", [(0, 35)]),
        ("十六周岁至二十五周岁的，发给有效期十年的居民身份证", [(16, 26)]),
        ("四十六周岁以上的，发给长期有效的居民身份证", [(46, 200)]),
        ("年满60周岁的老年人", [(60, 200)]),
        ("年满60周岁不满65周岁的老年人乘坐公共汽车享受半价优惠", [(60, 65)]),
        ("45周岁以下的参保人员", [(0, 46)]),
        ("本办法自2024年1月1日起施行", []),
    ],
)
def test_age_bands_are_read_as_rules_write_them(text, bands):
    from assistant.text.figures import age_bands

    assert age_bands(text) == bands


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("（二）室温高于或者等于十四摄氏度、低于十六摄氏度的，退还日热费金额的百分之五十；", "度", [(14, 16)]),
        ("（三）室温低于十四摄氏度的，退还日热费金额的百分之百。", "度", [(0, 14)]),
        ("携带重量超过十五公斤不足三十公斤的，应当另行购买一人全票", "公斤", [(15 + 1e-6, 30)]),
        ("建筑面积90平方米以下的，减按1%征收", "平方米", [(0, 90 + 1e-6)]),
        ("本办法自2024年1月1日起施行", "公斤", []),
    ],
)
def test_bands_of_weights_temperatures_and_areas_are_read_as_rules_write_them(text, kind, found):
    from assistant.text.figures import bands

    assert bands(text, kind) == found


def test_an_askers_own_case_is_read_in_its_measure():
    from assistant.text.figures import own_figures

    assert own_figures("家里测出来室温只有15度，能退多少暖气费？") == [(15, "度")]
    assert own_figures("坐公交带个二十公斤的大箱子要买票吗") == [(20, "公斤")]
    assert own_figures("每度电多少钱") == [] and own_figures("2024年度的补贴") == []
    assert own_figures("60岁以上的老人") == []  # a bound the question names, not the asker's age


def test_an_askers_own_age_is_read_and_placed_in_a_band():
    from assistant.text.figures import own_figures, states_own_figure, without_ages

    assert own_figures("我今年40岁在广州上班，长护险个人每个月要交多少？") == [(40, "岁")]
    assert own_figures("多少岁可以领养老金？") == [] and own_figures("孩子几岁要办身份证") == []
    assert states_own_figure((40, "岁"), "满35周岁至未满45周岁参保人员为0.02%") is True
    assert states_own_figure((40, "岁"), "未满35周岁参保人员个人不缴费") is False
    assert states_own_figure((40, "岁"), "个人缴费费率") is None
    assert without_ages("年满18周岁的参保人员") == "年满的参保人员"


def test_a_label_and_its_value_are_read_without_the_spaces_typeset_inside():
    from assistant.text.sentences import labels

    assert labels("组　长：韩　正　　国务院副总理") == ["组长"]
    assert labels("法定办结时限：20个工作日 承诺办结时限：10个工作日") == ["法定办结时限", "承诺办结时限"]
    assert labels("第十一条 检察机关应当履行下列职责：") == []  # a stem with nothing after it


def test_millimetres_are_a_measure():
    from assistant.text.figures import FIGURE

    assert FIGURE.search("汽车号牌规格为480毫米×140毫米")


def test_a_period_without_end_answers_how_long():
    from assistant.text.figures import figure_in

    assert figure_in("年", "不动产登记簿由不动产登记机构永久保存")
    assert figure_in("时长", "驾驶证有效期为六年、十年和长期有效")
    assert not figure_in("元", "永久保存")
