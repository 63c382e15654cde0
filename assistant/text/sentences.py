"""Sentences: where a policy text's statements end."""

from __future__ import annotations

import re

ENDS = "。；;!！?？"
_SENTENCE = re.compile(rf"[^{ENDS}\n]+[{ENDS}]?")
_PIECE = re.compile(rf"[^{ENDS}\n]*(?:[{ENDS}\n]|$)")
# A table row as ingest renders it ("病种：高血压病；类别：一类；限额：200元/月"): one statement, whose
# "；" joins cells and must not cut it into pieces that no longer say which row they are.
TABLE_ROW = re.compile(r"^[^：:。；;\n]{1,30}[：:][^；;。\n]*(?:[；;][^：:。；;\n]{1,30}[：:][^；;。\n]*)+$")


def sentences(text: str) -> list[str]:
    """The statements of a text, stripped, each with its end mark; a table row is one."""
    out: list[str] = []
    for line in text.split("\n"):
        if TABLE_ROW.match(line.strip()):
            out.append(line.strip())
        else:
            out.extend(s.strip() for s in _SENTENCE.findall(line) if len(s.strip()) > 1)
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of `text` stands, leading blanks left out: (start, end) offsets."""
    spans = []
    for m in _SENTENCE.finditer(text):
        s = m.group()
        spans.append((m.start() + len(s) - len(s.lstrip()), m.end()))
    return spans


def pieces(text: str) -> list[str]:
    """The text cut after every sentence end and line break, each piece keeping its end mark or
    line break; pieces that are only blanks are left out (how long clauses are split into passages)."""
    return [s for s in _PIECE.findall(text) if s.strip()]


# "组　长：韩正", "联系电话：020-…", "承诺办结时限：10个工作日": a label and its value.
_LABEL = re.compile(r"(?:^|(?<=[\s。；;]))([\u4e00-\u9fff][\u4e00-\u9fff\s　]{0,10}[\u4e00-\u9fff])\s*[：:]\s*\S")


def labels(text: str) -> list[str]:
    """The labels of a text's "label：value" statements, without the spaces typeset inside them
    ("组　长" → "组长")."""
    return [re.sub(r"[\s　]", "", m.group(1)) for m in _LABEL.finditer(text)]
