"""One answer to a message that asks several things ("有效期几年？快到期了要提前多久申请换证？"):
the answer to the first, then what each later answer adds, its citations numbered on."""

from __future__ import annotations

import re

from ..text.dates import DAY
from ..text.figures import FIGURE
from ..text.normalize import fold
from ..text.sentences import sentences
from .compose import Answer

_MARK = re.compile(r"\[(\d+)\]")


def combine(first: Answer, later: list[tuple[str, Answer]]) -> Answer:
    """`first` answered; each of `later` is (the question, its answer). A later answer that only
    repeats what is already said adds nothing; one refused says that the documents do not say it."""
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
        if all(_plain(s) in said for s in sentences(_MARK.sub("", answer.answer))):
            continue
        cited = {c.clause_id for c in citations}
        if all(c.clause_id in cited for c in answer.citations) and not _new_figures(answer.answer, said):
            continue  # the same clauses again, in other words ("责任单位有：…" after "责任单位：…")
        number: dict[int, int] = {}
        for c in answer.citations:
            ids = [k.clause_id for k in citations]
            if c.clause_id not in ids:
                citations.append(c.model_copy(update={"n": len(citations) + 1}))
                ids.append(c.clause_id)
            number[c.n] = ids.index(c.clause_id) + 1
        lines.append(_renumbered(answer.answer, number))
    return first.model_copy(update={"answer": "\n".join(lines), "citations": citations})


def _renumbered(text: str, number: dict[int, int]) -> str:
    return _MARK.sub(lambda m: f"[{number.get(int(m.group(1)), int(m.group(1)))}]", text)


def _new_figures(text: str, said: str) -> bool:
    """Whether the text states a figure or a date that `said` (already plain) does not."""
    plain = _plain(text)
    found = [m.group() for m in FIGURE.finditer(plain)] + [m.group() for m in DAY.finditer(plain)]
    return any(f not in said for f in found)


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", fold(_MARK.sub("", text)))
