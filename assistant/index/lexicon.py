"""Lexical tokenisation for BM25: jieba with a user dictionary built from the corpus, so unit
names (市蓝天办), plan names (蓝天保卫战) and policy terms (高新技术企业) stay whole tokens.

Index and queries must tokenise alike, so the dictionary is saved beside the index
(`userdict.txt`) and loaded from there at query time.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from pathlib import Path

import numpy as np

from ..records import Document
from ..text.normalize import fold

_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff]")
STOPWORDS = frozenset(
    "的 了 和 与 及 等 在 对 为 是 由 把 被 将 从 向 以 之 其 或 并 也 都 而 则 就 要 吗 呢 啊 吧 么 呀 哪 "
    "哪个 哪些 什么 怎么 怎样 如何 多少 几 谁 请问 请 一下 我们 我 你 他 它 这 那 这个 那个 有 没有 能 可以 会 "
    "是否 还 又 再 给 让 关于 "
    "the a an of to in for and or is are was what which who how many much does do".split()
)
# Quoted names in the text: “蓝天保卫战”, “三倍增”, 《…》 short titles.
_QUOTED = re.compile(r"[“\"]([^”\"]{2,12})[”\"]")
_USER_FREQ = 50000  # high enough that jieba keeps the word whole
LONG_WORD = 8  # a corpus word longer than this is a phrase (a heading), not one term: its words are the terms


def builtin_terms() -> list[str]:
    """The genre's words, and the everyday words questions use for them ("年假" for 年休假), which the
    dictionary must keep whole for the question to be read by them."""
    folder = resources.files("assistant").joinpath("resources")
    text = folder.joinpath("policy_terms.txt").read_text(encoding="utf-8")
    words = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    everyday = folder.joinpath("everyday_words.tsv").read_text(encoding="utf-8")
    return words + [ln.split("\t")[0] for ln in everyday.splitlines() if "\t" in ln and not ln.startswith("#")]


def corpus_terms(documents: Iterable[Document]) -> list[str]:
    """Words worth keeping whole, taken from the documents themselves."""
    terms: set[str] = set()
    for doc in documents:
        for clause in doc.clauses:
            for unit in clause.fields.lead_units + clause.fields.responsible_units:
                unit = re.sub(r"[〔(（\[].*?[〕)）\]]", "", unit).strip()
                if 2 <= len(unit) <= 16:
                    terms.add(unit)
            if clause.heading and len(clause.heading) <= 12 and not re.search(r"[,，。、\s]", clause.heading):
                terms.add(clause.heading)
            for m in _QUOTED.finditer(clause.text):
                if not re.search(r"[,，。、\s]", m.group(1)):
                    terms.add(m.group(1))
    return sorted(terms)


def write_userdict(path: Path, words: Iterable[str]) -> None:
    lines = sorted({w.replace(" ", "") for w in words if w.strip()})
    path.write_text("".join(f"{w} {_USER_FREQ}\n" for w in lines), encoding="utf-8")


# A modal and one verb ("能免", "可免", "能退"); a dictionary word this rare in general Chinese is
# one of the dictionary's stray entries, not a word people use.
_MODAL_VERB = re.compile(r"[能可会要得][\u4e00-\u9fff]")
RARE = 10

_base_lock = threading.Lock()
_base_tokenizer = None


def _base():
    """jieba with the general dictionary only, built once per process (about a second)."""
    global _base_tokenizer
    import jieba

    with _base_lock:
        if _base_tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            _base_tokenizer = jieba.Tokenizer()
            _base_tokenizer.initialize()
    return _base_tokenizer


def _new_jieba():
    """A jieba tokenizer with the general dictionary loaded, with its own copy of the word table
    (user words must not leak between indexes)."""
    import jieba

    base = _base()
    tk = jieba.Tokenizer()
    tk.FREQ = dict(base.FREQ)
    tk.total = base.total
    tk.initialized = True
    return tk


def word_starts(text: str) -> set[int]:
    """Where the words of general Chinese begin in `text`: a name found inside a word is not named
    there ("保定" in "申请医保定点")."""
    return {start for _, start, _ in _base().tokenize(text)}


class LexicalTokenizer:
    def __init__(self, userdict: Path | None = None, extra_words: Iterable[str] = ()):
        self._jieba = _new_jieba()
        words = builtin_terms() + list(extra_words)
        if userdict and userdict.exists():
            words += [ln.split(" ")[0] for ln in userdict.read_text(encoding="utf-8").splitlines() if ln.strip()]
        for w in words:
            self._jieba.add_word(w, _USER_FREQ)
            # jieba lower-cases nothing; fold so full-width forms in the text still match.
            if fold(w) != w:
                self._jieba.add_word(fold(w), _USER_FREQ)

    def weight(self, word: str) -> float:
        """How much a word says about a question's topic: its rarity in general Chinese (jieba's
        dictionary counts, not the corpus, so words the corpus lacks still weigh in — that is what
        makes an out-of-scope question look out of scope). "东西" ≈ 2, "扰民" ≈ 7.7, unknown ≈ 12."""
        base = _base_tokenizer
        freq = base.FREQ.get(word, 0) if base is not None else 0
        return max(0.5, math.log(base.total / (freq + 1)) - 6.0) if base is not None else 1.0

    def words(self, text: str) -> list[str]:
        """Precise-mode words (no sub-words), folded and lower-cased, without punctuation."""
        return [t for t in (w.strip() for w in self._jieba.cut(fold(text).lower())) if t and _TOKEN_OK.search(t)]

    def is_word(self, word: str) -> bool:
        """A word of the dictionary or the corpus's user words, not one jieba's HMM guessed."""
        return bool(self._jieba.FREQ.get(word))

    def question_words(self, text: str, keep: Callable[[str], bool] | None = None) -> list[str]:
        """Words of a question: like `words`, but a word jieba only guessed (its HMM glues unknown
        characters together: "改会罚", "按反", "能评") is split back into dictionary words, so no
        made-up word is taken for a topic the documents would have to contain — unless `keep` says
        it is a word all the same: one the documents use ("长护险") or a typing slip of one
        ("特排员" for 特派员)."""
        out: list[str] = []
        for w in self.words(text):
            guessed = len(w) > 1 and re.fullmatch(r"[\u4e00-\u9fff]+", w) and not self.is_word(w)
            if _MODAL_VERB.fullmatch(w) and (_base_tokenizer is None or _base_tokenizer.FREQ.get(w, 0) < RARE):
                # "那能免几年": a modal glued to its verb by a stray dictionary entry (能免, 能退, 可免) is
                # the verb, not a topic of its own.
                out.append(w[1:])
            elif guessed and not (keep is not None and keep(w)):
                out.extend(p for p in self._jieba.cut(w, HMM=False) if p.strip())
            elif len(w) > LONG_WORD and _base_tokenizer is not None and not _base_tokenizer.FREQ.get(w):
                # A long word of the corpus's own (a heading: "人民调解委员会调解纠纷") in its general
                # words: a clause that says "人民调解委员会调解民间纠纷" has them all, not the heading.
                out.extend(p for p in _base_tokenizer.cut(w, HMM=False) if p.strip())
            else:
                out.append(w)
        return out

    def tokenize(self, text: str) -> list[str]:
        """Search-mode tokens (whole words plus their dictionary sub-words), folded and
        lower-cased, without punctuation or stopwords."""
        out = []
        for tok in self._jieba.cut_for_search(fold(text).lower()):
            tok = tok.strip()
            if tok and _TOKEN_OK.search(tok) and tok not in STOPWORDS:
                out.append(tok)
        return out


class CorpusVocabulary:
    """The words of an index (its BM25 tokens), each with the passages it occurs in. Read-only: a
    view over the BM25 index's own arrays (column `i` of a CSC matrix holds the passages of word `i`),
    nothing is copied. Lets query stages keep to the documents' own words."""

    def __init__(self, ids: Mapping[str, int], indptr: np.ndarray, indices: np.ndarray, n_passages: int):
        self._ids = ids
        self._indptr = indptr
        self._indices = indices
        self.n_passages = n_passages

    @classmethod
    def from_bm25(cls, bm25) -> CorpusVocabulary:
        """The vocabulary of a `bm25s.BM25` index (its vocab_dict and CSC score matrix)."""
        scores = bm25.scores
        return cls(bm25.vocab_dict, scores["indptr"], scores["indices"], int(scores["num_docs"]))

    @classmethod
    def from_postings(cls, postings: Mapping[str, Iterable[int]]) -> CorpusVocabulary:
        """A vocabulary from word → passage numbers (tests, small corpora)."""
        ids, indptr, indices = {}, [0], []
        for word, rows in postings.items():
            ids[word] = len(ids)
            indices.extend(sorted(set(rows)))
            indptr.append(len(indices))
        n = max(indices, default=-1) + 1
        return cls(ids, np.array(indptr, dtype=np.int64), np.array(indices, dtype=np.int64), n)

    def _col(self, word: str) -> int | None:
        i = self._ids.get(word)
        return i if i is not None and 0 <= i < len(self._indptr) - 1 else None

    def count(self, word: str) -> int:
        """How many passages contain the word (0 for a word the corpus does not have)."""
        i = self._col(word)
        return 0 if i is None else int(self._indptr[i + 1] - self._indptr[i])

    def rows(self, word: str) -> np.ndarray:
        """The passages (row numbers, ascending) that contain the word."""
        i = self._col(word)
        return self._indices[self._indptr[i] : self._indptr[i + 1]] if i is not None else self._indices[:0]

    def words(self) -> Iterable[str]:
        """Every word the indexed passages contain."""
        return (w for w in self._ids if self.count(w) > 0)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.count(word) > 0

    def __len__(self) -> int:
        return sum(1 for w in self._ids if self.count(w) > 0)
