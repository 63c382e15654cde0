"""The composer's reading of single sentences: which kind of sentence answers what a question asks."""

from assistant.answer.compose import Composer
from assistant.query.read import analyze


def _composer(question: str) -> Composer:
    q = analyze(question)
    return Composer(None, q, ["供暖"])  # kind_bonus reads no stored clause


def test_a_figure_per_year_answers_how_much_a_year_not_on_which_day_each_year():
    per_amount = _composer("每年能补贴多少钱？")
    assert per_amount.kind_bonus("每年补贴1000元。") > 0
    by_date = _composer("每年几号开始供暖？")
    assert by_date.kind_bonus("用户应当在每年采暖期开始三十日前提出。") == 0
    assert by_date.kind_bonus("采暖期为每年11月10日至次年3月20日。") > 0


def test_a_sentence_naming_only_the_body_the_question_asks_past_is_not_the_body_asked_for():
    comp = _composer("除了公交主管部门，还有哪些部门要配合？")
    assert comp.kind_bonus("公交主管部门负责监督管理工作。") == 0
    assert comp.kind_bonus("发展和改革、公安等行政主管部门应当配合。") > 0
