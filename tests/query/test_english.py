"""English questions are searched with the corpus's own Chinese words: CC-CEDICT read backwards
(assistant/query/english.py), kept to the words of the index, behind the hand glossary of policy
phrases (read.translate_terms). The vocabulary is handed in, so no index is needed here."""

from __future__ import annotations

import bm25s
import numpy as np
import pytest

from assistant.index.lexicon import CorpusVocabulary
from assistant.query.english import dictionary_terms, stem
from assistant.query.read import analyze, translate_terms

# Passages 1–9 of a made-up corpus: 社区 and 矫正 meet (a community-corrections law), 纠正 and 改正
# are elsewhere.
VOCABULARY = CorpusVocabulary.from_postings(
    {
        "增值税": [1, 2],
        "增值": [1, 3],
        "税收": [2, 4],
        "社区": [5, 6, 7],
        "矫正": [5, 6],
        "纠正": [8, 9],
        "改正": [9],
        "全国": [5, 8],
        "罚款": [4],
    }
)


def test_the_longest_phrase_maps_first():
    # Not 增值 for "value-added" and 税收 for "tax".
    assert dictionary_terms("When did the Provisional Regulations on Value-Added Tax come into force?", VOCABULARY) == [
        "增值税"
    ]


def test_a_word_with_several_senses_takes_the_one_found_beside_the_others():
    # "corrections" is 纠正, 改正 or 矫正; only 矫正 occurs where 社区 does.
    terms = dictionary_terms("community corrections nationwide", VOCABULARY, first_only=True)
    assert terms == ["社区", "矫正", "全国"]


def test_a_word_takes_the_sense_used_in_the_passages_nearest_the_question():
    # "subsidy" is 补助 or 补贴 alike in CC-CEDICT. The question's nearest passages (its embedding's
    # neighbours, found across languages) use one of them, and that one is meant.
    vocabulary = CorpusVocabulary.from_postings({"补助": [1, 2, 3], "补贴": [4, 5, 6]})
    assert dictionary_terms("subsidy", vocabulary, first_only=True, feedback=np.array([4, 5, 6])) == ["补贴"]
    assert dictionary_terms("subsidy", vocabulary, first_only=True, feedback=np.array([1, 2, 3])) == ["补助"]


def test_neighbouring_words_that_make_one_corpus_word_give_that_word():
    vocabulary = {"社区", "矫正", "社区矫正"}
    assert dictionary_terms("community corrections", vocabulary, first_only=True) == ["社区矫正"]
    assert dictionary_terms("community corrections", vocabulary)[0] == "社区矫正"


def test_words_the_corpus_lacks_are_dropped():
    # 按揭/房贷 ("mortgage") are not the corpus's words; 利率 is.
    assert dictionary_terms("What is the mortgage interest rate?", {"利率"}) == ["利率"]
    assert dictionary_terms("mortgage", {"利率"}) == []
    assert all(t in VOCABULARY for t in dictionary_terms("community corrections value-added tax fines", VOCABULARY))


@pytest.mark.parametrize("question", ["which the does what is it and of how many when", "Which one is it?"])
def test_function_and_question_words_never_map(question):
    chinese_of_them = set("哪个 什么 这 那 是 它 和 的 多少 何时 怎么 如何 时候 一个".split())
    assert dictionary_terms(question, chinese_of_them) == []


def test_vague_words_map_only_inside_a_longer_phrase():
    assert dictionary_terms("What level?", {"水平", "层级"}) == []


def test_inflections_and_related_forms_meet():
    assert stem("corrections") == stem("correct") and stem("issued") == stem("issue")
    assert dictionary_terms("supply chains", {"供应链"}) == ["供应链"]
    # CC-CEDICT glosses 登记 "to register"; the question says "registration".
    assert "登记" in dictionary_terms("adoption registration", {"收养", "登记"})
    # "department" stems like "depart", but it is 部门, not 离开.
    assert dictionary_terms("department", {"部门", "离开"}) == ["部门"]


def test_the_glossary_wins_over_the_dictionary():
    # The dictionary would read "leads" as 领导 or 导致; the policy glossary says 牵头单位.
    terms = translate_terms("Which department leads the work?", vocabulary={"领导", "导致", "部门", "工作"})
    assert terms[:2] == ["牵头单位", "牵头"]
    assert "领导" not in terms and "导致" not in terms
    # One term per phrase when the terms are what a clause must contain.
    assert translate_terms("Which department leads the work?", first_only=True, vocabulary={"部门"}) == [
        "牵头单位",
        "部门",
    ]


def test_without_a_vocabulary_only_the_glossary_is_used():
    assert translate_terms("Which department leads the community corrections work?") == ["牵头单位", "牵头"]


def test_a_place_is_kept_though_the_corpus_lacks_it():
    # 成都 is in no document, and the question must still be seen to be about it.
    vocabulary = {"临时", "救助", "家庭"}
    q = analyze(
        "How much temporary assistance can a family get in Chengdu?",
        corpus_places={"广州市", "广州"},
        vocabulary=vocabulary,
    )
    assert q.foreign_regions == ["成都市"]
    assert "成都" in q.search_text and "家庭" in q.search_text


def test_the_index_vocabulary_is_a_view_of_its_bm25():
    corpus = [["社区", "矫正", "全国"], ["社区", "矫正"], ["纠正"]]
    bm25 = bm25s.BM25()
    bm25.index(corpus, show_progress=False)
    vocabulary = CorpusVocabulary.from_bm25(bm25)
    assert vocabulary.count("社区") == 2 and list(vocabulary.rows("纠正")) == [2]
    assert "矫正" in vocabulary and "增值税" not in vocabulary and "" not in vocabulary
    assert sorted(vocabulary.words()) == ["全国", "矫正", "社区", "纠正"]
    assert dictionary_terms("community corrections", vocabulary, first_only=True) == ["社区", "矫正"]


def test_the_glossary_holds_the_genres_words_the_dictionary_lacks():
    # CC-CEDICT glosses 豁免 only "to exempt", 粮食 "foodstuff; cereals", 比例 "proportion".
    assert "豁免" in translate_terms("When does the Foreign State Immunity Law take effect?")
    assert "粮食" in translate_terms("a national grain emergency")
    assert "比例" in translate_terms("what percentage does the fund pay")
    # Local rules of daily life and a State Council reply's wording: not "贻误 排序" for waste sorting.
    assert "垃圾分类" in translate_terms("who is responsible for waste sorting in a residential compound?")
    assert "批复" in translate_terms("the State Council's reply on the master plan")
    assert "主体责任" in translate_terms("who must take on the primary responsibility?")
    assert "无废城市" in translate_terms("the zero-waste city pilot") and "垃圾分类" not in translate_terms(
        "the zero-waste city pilot"
    )
    # Waste collection, tax and social-insurance rules: not "贻误 集体 当面 住户" for a sorting company's fine.
    terms = " ".join(translate_terms("what fine for a collection company mixing already-sorted household waste?"))
    assert all(t in terms for t in ("收集", "分类", "生活垃圾")) and "贻误" not in terms
    assert "独生子女" in " ".join(translate_terms("How much can an only child deduct?"))
    assert "社会保险经办机构" in " ".join(translate_terms("file with the social insurance agency"))
    assert "公布" in " ".join(translate_terms("When are the results announced?"))
    assert "互联网上网服务营业场所" in translate_terms("When did the regulations on internet cafés come into force?")
    assert "教育部" in translate_terms("what task is the Ministry of Education responsible for?")
    # A whistleblower reward rule: 举报人, 工作日, 告知 — and "information" is not "inform".
    terms = " ".join(translate_terms("Within how many working days must the whistleblower be informed?"))
    assert all(t in terms for t in ("举报人", "工作日", "告知")) and "告知" not in " ".join(
        translate_terms("What information must be published?")
    )
    [reward] = translate_terms("What reward?", first_only=True)
    assert "奖励" in reward.split("|")  # a reward rule says 奖励, a plan 奖补


def test_a_glossary_term_may_be_one_thing_under_several_documents_names():
    # A Guangzhou notice says 补贴, a 金华 plan 奖补: "subsidy" is either, and weighs as its rarest name.
    from assistant.query.read import match_term

    [term] = translate_terms("How much subsidy?", first_only=True)
    assert term.split("|")[0] == "补贴" and "奖补" in term.split("|")
    assert match_term(term, "每连续租满1年补贴6000元") == 1.0 and match_term(term, "给予5万元奖补") == 1.0
    assert match_term(term, "强化政府资金引导作用") == 0.0
    # Searching uses every name; a reward is not a subsidy's neighbour 补助.
    assert {"补贴", "奖补"} <= set(translate_terms("How much subsidy?"))
    [reward] = translate_terms("What reward?", first_only=True)
    assert match_term(reward, "建立完善企业研发经费补助政策") == 0.0


def test_issuing_a_receipt_is_not_issuing_the_document():
    from assistant.query.read import analyze, translate_terms

    q = analyze("What fine does a toll road operator face for collecting tolls without issuing receipts?")
    assert q.intent != "docfact" and "发文机关" not in translate_terms(q.text)
    assert analyze("Who issued this notice?").intent == "docfact"


def test_a_house_number_is_no_document_number():
    from assistant.query.read import analyze

    assert "doc_number" not in analyze("What documents do I need to get a house number confirmed?").asks
    assert "doc_number" in analyze("What is the document number of this notice?").asks
