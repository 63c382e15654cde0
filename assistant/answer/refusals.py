"""Refusal wording: saying plainly that the documents do not cover a question, and what is
closest. The planner decides that (and which clause is closest, or is another place's); this
module only words it, from what it is handed — no index, no search."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Clause, DocumentMeta
from ..text.dates import iso_to_zh


@dataclass
class Refusal:
    kind: str  # weak | foreign_region | which_doc | no_clause | fact_missing | no_figure | year | near_miss | no_units
    # | not_listed | left_to_place
    question: str
    en: bool = False
    closest: Clause | None = None  # the best candidate, if any
    closest_meta: DocumentMeta | None = None
    fact_meta: DocumentMeta | None = None  # the document whose fact is missing
    foreign_regions: list[str] = field(default_factory=list)
    asked_regions: list[str] = field(default_factory=list)
    elsewhere: Clause | None = None  # a clause that answers, but in another place's document
    missing: str | None = None  # near misses: what was asked that the documents do not state ("第六次")
    elsewhere_meta: DocumentMeta | None = None
    quote: str | None = None  # left_to_place: the national sentence that leaves the figure to each place


def refusal_text(r: Refusal) -> str:
    about = r.question if len(r.question) <= 40 else r.question[:40] + "…"
    en = r.en
    closest = ""
    if r.closest is not None:
        best, meta = r.closest, r.closest_meta
        region = meta.region or ""
        title = meta.cited_title or best.doc_slug  # a document without a stated title is named by its file
        where = f"{best.label} {best.heading}".strip() if best.kind not in ("preamble", "closing") else ""
        if en:
            closest = (
                f" The closest text I hold is in 《{title}》{(' ' + where) if where else ''}"
                + (f" ({region})" if region else "")
                + "."
            )
        else:
            closest = (
                f"最接近的内容在{region}的《{title}》{where}。" if region else f"最接近的内容在《{title}》{where}。"
            )
    elsewhere = _elsewhere(r)
    if r.kind == "foreign_region":
        # Short: the place is not covered, and the one closest text held — never a list of every
        # title or of every place (a region list read from metadata can be wrong).
        places = "、".join(r.foreign_regions)
        if en:
            return f"Sorry, the documents I hold do not cover {places}.{elsewhere or closest}"
        return f"抱歉，现有文件不涉及{places}的规定，无法回答。{elsewhere or closest}"
    if r.kind == "which_doc":
        return (
            "Please say which document (its title or document number) the clause is in."
            if en
            else "请说明是哪份文件（文件名称或文号）的条款，例如“金政办发〔2018〕106号 第二部分第八项”。"
        )
    if r.kind == "no_clause":
        return "That clause does not exist in the document." if en else "该文件中没有这一条款，请核对条款编号。"
    if r.kind == "fact_missing":
        return (
            f"The text of 《{r.fact_meta.cited_title}》 does not state that."
            if en
            else f"《{r.fact_meta.cited_title}》的文本中没有写明这一信息。"
        )
    if r.kind == "version":
        title, held = (r.fact_meta.cited_title if r.fact_meta else "") or "", r.missing or ""
        held = held if en or held.count("-") != 2 else iso_to_zh(held)
        return (
            f"The text of 《{title}》 I hold is the version of {held}; it does not give the version asked about."
            if en
            else f"现有文件中的《{title}》是{held}的版本，没有所问版本的规定。"
        )
    if r.kind == "no_figure":
        return (
            f"The documents do not give that figure.{closest}"
            if en
            else f"现有文件涉及这一事项，但没有规定所问的具体数额或比例。{closest}"
        )
    if r.kind == "near_miss":
        return (
            f"The documents state nothing about “{r.missing}”; they state other values.{closest}"
            if en
            else f"现有文件没有关于“{r.missing}”的规定，所写的是其他的情形或数值。{closest}"
        )
    if r.kind == "year":
        return (
            f"The documents set no target for that year.{closest}"
            if en
            else f"现有文件没有针对该年份的规定或目标。{closest}"
        )
    if r.kind == "not_listed":
        return (
            f"The documents give only the number of these items, not the items themselves.{closest}"
            if en
            else f"文件中只写明了数量，没有列出具体是哪些。{closest}"
        )
    if r.kind == "left_to_place" and r.elsewhere is not None:
        c, m = r.elsewhere, r.elsewhere_meta
        asked = "、".join(r.asked_regions or r.foreign_regions)
        title = m.cited_title or c.doc_slug
        if en:
            return (
                f"The documents include none of {asked}'s own rules on this; 《{title}》{c.label} leaves the "
                f"figure to each province: “{r.quote}”"
            )
        return f"现有文件中没有{asked}自己的规定，全国的《{title}》{c.label}把具体标准交由各地规定：“{r.quote}”"
    if r.kind == "no_units":
        return (
            f"The documents do not name a lead or responsible unit for this.{closest}"
            if en
            else f"文件中没有写明这项工作的牵头单位或责任单位。{closest}"
        )
    # Weak support; when the place filter hid the answer, say whose clause it is.
    if en:
        return f"Sorry, the documents I hold do not cover this question.{elsewhere or closest}"
    return f"抱歉，现有文件中没有找到关于“{about}”的规定。{elsewhere or closest}"


def _elsewhere(r: Refusal) -> str:
    """ "相关内容见金华市的《…》二（八）…，但那是金华市的规定，不是定西市的。" """
    if r.elsewhere is None:
        return ""
    c, m = r.elsewhere, r.elsewhere_meta
    region = m.region or ("全国" if m.scope == "全国" else "其他地区")
    asked = "、".join(r.asked_regions or r.foreign_regions)
    title = m.cited_title or c.doc_slug
    if r.en:
        where = f"《{title}》{c.label} {c.heading}"
        return f" {where} has related provisions, but that is {region}'s document, not {asked}'s."
    return f"相关内容见{region}的《{title}》{c.label}{c.heading}，但那是{region}的规定，不是{asked}的。"
