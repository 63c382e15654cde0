"""One answer to a message that asks several things ("有效期几年？快到期了要提前多久申请换证？"):
the answer to the first, then what each later answer adds, its citations numbered on."""

from __future__ import annotations

import re

from ..text.dates import DAY
from ..text.figures import FIGURE
from ..text.normalize import fold
from .compose import Answer

_MARK = re.compile(r"\[(\d+)\]")
_PUNCTUATION = re.compile(r"[、，,。：:；;“”\"《》（）()〔〕\[\]]+")
# A later answer this much of which is said already adds nothing.
SAID_ALREADY = 0.8


def combine(first: Answer, later: list[tuple[str, Answer]], only_figures: bool = False) -> Answer:
    """`first` answered; each of `later` is (the question, its answer). A later answer that only
    repeats what is already said adds nothing; one refused says that the documents do not say it.
    `only_figures`: a later answer adds only when it states a figure or a day not yet said, from the
    clauses already cited."""
    en = first.lang == "en"
    lines = [first.answer]
    citations = list(first.citations)
    for question, answer in later:
        if answer.refused:
            lines.append(
                f"The documents I hold do not say: “{question}”"
                if en
                else f"关于“{question}”，现有文件中没有找到规定。"
            )
            continue
        said = _plain("\n".join(lines))
        cited = {c.clause_id for c in citations}
        if only_figures and (
            not _new_figures(answer.answer, said) or any(c.clause_id not in cited for c in answer.citations)
        ):
            continue  # only another sentence of the clauses already cited, stating a figure not yet said
        if _said_share(answer.answer, said) >= SAID_ALREADY and not _new_figures(answer.answer, said):
            continue  # the same again in other words ("责任单位有：…" after "责任单位：…")
        number: dict[int, int] = {}
        for c in answer.citations:
            at = next((k.n for k in citations if k.clause_id == c.clause_id), None)
            if at is None:
                at = len(citations) + 1
                citations.append(c.model_copy(update={"n": at}))
            number[c.n] = at
        lines.append(_renumbered(answer.answer, number))
    return first.model_copy(update={"answer": "\n".join(lines), "citations": citations})


def _renumbered(text: str, number: dict[int, int]) -> str:
    return _MARK.sub(lambda m: f"[{number.get(int(m.group(1)), int(m.group(1)))}]", text)


def _said_share(text: str, said: str) -> float:
    """How much of the text `said` (already plain) holds: the share of its three-character runs,
    punctuation left out, that occur there ("其中牵头单位是市蓝天办" is said by "牵头单位是市蓝天办")."""
    words = _PUNCTUATION.sub("", _plain(text))
    said = _PUNCTUATION.sub("", said)
    runs = [words[i : i + 3] for i in range(len(words) - 2)]
    return sum(r in said for r in runs) / len(runs) if runs else 1.0


def _new_figures(text: str, said: str) -> bool:
    """Whether the text states a figure or a day that `said` (already plain) does not ("9月29日、
    10月12日上班" beside a repeated "10月1日至7日放假")."""
    plain = _plain(text)
    return any(m.group() not in said for pattern in (FIGURE, DAY) for m in pattern.finditer(plain))


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", fold(_MARK.sub("", text)))
