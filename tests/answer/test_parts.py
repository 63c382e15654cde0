"""One answer to a message that asks several things: the first answer, then what each later one adds."""

from __future__ import annotations

from assistant.answer.compose import Answer, Citation
from assistant.answer.parts import combine


def _cite(n: int, clause_id: str) -> Citation:
    return Citation(n=n, clause_id=clause_id, doc_title="办法", doc_number=None, path="", text="", score=0.0)


def _answer(text: str, *ids: str, refused: bool = False) -> Answer:
    return Answer(answer=text, refused=refused, intent="open", citations=[_cite(i, c) for i, c in enumerate(ids, 1)])


def test_a_later_answer_is_added_with_its_citations_numbered_on():
    first = _answer("第十七条：有效期为5年。[1]", "办法#17")
    later = _answer("第十八条：应当在届满前6个月内申请换发。[1] 另见第十七条：有效期为5年。[2]", "办法#18", "办法#17")
    out = combine(first, [("快到期了要提前多久申请换证？", later)])
    assert [c.clause_id for c in out.citations] == ["办法#17", "办法#18"]
    assert [c.n for c in out.citations] == [1, 2]
    assert "6个月内申请换发。[2]" in out.answer and "有效期为5年。[1]" in out.answer.splitlines()[-1]


def test_a_later_answer_that_repeats_the_first_adds_nothing():
    first = _answer("第六条：兼职督学的任期为3年，连续任职不得超过3个任期。[1]", "条例#6")
    later = _answer("第六条：兼职督学的任期为3年，连续任职不得超过3个任期。[1]", "条例#6")
    assert combine(first, [("最多能连任几个任期？", later)]).answer == first.answer


def test_a_later_question_the_documents_do_not_answer_is_said_to_be_unanswered():
    first = _answer("第十七条：有效期为5年。[1]", "办法#17")
    later = _answer("抱歉，现有文件中没有找到……", refused=True)
    out = combine(first, [("收费吗？", later)])
    assert not out.refused and out.answer.endswith("关于“收费吗？”，现有文件中没有找到规定。")
    assert len(out.citations) == 1


def test_a_later_answer_from_the_same_clause_in_other_words_adds_nothing():
    # "谁牵头？责任单位有哪些？": the lead's answer already lists the responsible units of its clause.
    quote = "依据：《方案》二（八）：“牵头单位:市蓝天办,责任单位:市发改委、市环保局”[1]"
    first = _answer(f"牵头单位是市蓝天办。[1]\n{quote}\n责任单位：市发改委、市环保局。[1]", "方案#2.8")
    later = _answer(f"责任单位有：市发改委、市环保局。[1]\n其中牵头单位是市蓝天办。[1]\n{quote}", "方案#2.8")
    assert combine(first, [("责任单位有哪些？", later)]).answer == first.answer


def test_a_later_answer_from_the_same_clause_with_a_figure_of_its_own_is_added():
    first = _answer("第六条：兼职督学的任期为3年。[1]", "条例#6")
    later = _answer("第六条：连续任职不得超过3个任期，每期考核一次，考核不合格的6个月内改正。[1]", "条例#6")
    assert "6个月" in combine(first, [("考核不合格怎么办？", later)]).answer


def test_a_later_answer_from_the_same_clause_naming_units_not_yet_said_is_added():
    # "能拿多少奖补？申报找哪个部门？": the amount's clause lists its responsible units apart.
    first = _answer("“对新认定的高新技术企业给予5万元奖补。”[1]", "方案#2.5")
    later = _answer("责任单位有：市科技局、市工信局、市财政局。[1]", "方案#2.5")
    assert "市科技局" in combine(first, [("申报找哪个部门？", later)]).answer


def test_a_later_answer_that_repeats_a_heading_but_adds_days_is_added():
    # "国庆节放几天假？哪两天要调休上班？": the second answer repeats the first and adds the working days.
    head = "《通知》七 国庆节：10月1日至7日放假调休，共7天："
    first = _answer(f"{head}\n“七、国庆节：10月1日至7日放假调休，共7天。”[1]", "通知#7")
    later = _answer(f"{head}七、国庆节：10月1日至7日放假调休，共7天。9月29日、10月12日上班。[1]", "通知#7")
    assert "10月12日" in combine(first, [("哪两天要调休上班？", later)]).answer


def test_the_first_question_adds_only_a_figure_of_the_clauses_already_cited():
    # "最多能填几个志愿？其中民办学校能填几个？": the whole message's answer gives 民办 5个; the first
    # question's own answer, from the same clause, adds the 19个 it leaves out.
    whole = _answer("“公办学校志愿最多14个、民办学校志愿最多5个。”[1]", "指引#2.1")
    first = _answer("“申请人最少填报1个志愿，最多填报19个志愿。”[1]", "指引#2.1")
    out = combine(whole, [("最多能填几个志愿？", first)], only_figures=True)
    assert "19个" in out.answer and len(out.citations) == 1
    # From another clause, or with nothing new, it adds nothing.
    elsewhere = _answer("“选定1套进行配租确认，再次参加需间隔满1年。”[1]", "通告#3.3")
    assert combine(whole, [("一共多少套？", elsewhere)], only_figures=True).answer == whole.answer
    again = _answer("“民办学校志愿最多5个。”[1]", "指引#2.1")
    assert combine(whole, [("民办能填几个？", again)], only_figures=True).answer == whole.answer
