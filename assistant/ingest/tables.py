"""Tables as text: one renderer for the tables of every format (HTML and .docx).

A table becomes one line per row that reads on its own ("列名：值；列名：值"), so that a fee
standard, a scoring rule or a division-of-labour row keeps its meaning when a clause or a
passage is cut out of the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(eq=False)
class TableCell:
    """One physical cell. A merged cell is the same object at every grid position it covers,
    so identity (not text) tells a merged cell from two cells that happen to read the same."""

    text: str
    header: bool = False  # marked as a header by the format (<th>, <thead>, Word's header row)


Grid = list[list["TableCell | None"]]

_ROW_SEP = "；"
_KV_SEP = "："
_LABEL_COLONS = ("：", ":")
_MAX_LABEL_CHARS = 30
_MAX_HEADER_CHARS = 40
_FORM_EMPTY_SHARE = 0.4  # a table whose cells are mostly empty is a blank form, not data
# A first row starting with a bare number ("1", "（1）", "1.") is already data: no header row.
_ROW_NUMBER_RE = re.compile(r"[（(]?\d{1,4}[)）.、．]?")


def table_lines(grid: Grid) -> list[str]:
    """Render a table as lines, one per row, each readable on its own.

    - Data rows read "header：value；header：value" with the headers of their columns (a
      grouped header reads "组（列）"); empty cells are skipped; a cell merged over several
      rows is repeated in each of them, one merged over several columns is given once.
    - A row that is a single cell across the whole table (a caption, a section title) is a
      line of its own; so is every row of a one-column table.
    - Key/value tables (two columns, or label cells ending in "：") give "key：value" lines.
    - Blank forms (mostly empty cells) give their labels row by row, joined by "；".
    """
    width = max((len(row) for row in grid), default=0)
    for row in grid:
        for cell in row:
            if cell is not None and _SPACED_OUT.fullmatch(cell.text):
                cell.text = re.sub(r"\s+", "", cell.text)  # a letter-spaced header: "类 别" is 类别
    rows = [row + [None] * (width - len(row)) for row in grid]
    rows = [row for row in rows if any(cell is not None and cell.text for cell in row)]
    if not rows:
        return []
    if width == 1:
        return [row[0].text for row in rows if row[0] is not None]

    spans = [_row_cells(row) for row in rows]
    caption = [len(cells) == 1 and cells[0][1] == 0 and cells[0][2] == width for cells in spans]
    body = [i for i in range(len(rows)) if not caption[i]]

    def plain(i: int) -> str:
        return _ROW_SEP.join(cell.text for cell, _, _ in spans[i] if cell.text)

    def starts(i: int) -> bool:
        # A row that only repeats cells merged down from above adds nothing to a plain listing.
        return i == 0 or any(cell.text and all(c is not cell for c in rows[i - 1]) for cell, _, _ in spans[i])

    if not body:
        return [plain(i) for i in range(len(rows))]

    header_marked = [all(cell.header for cell, _, _ in spans[i]) for i in range(len(rows))]
    if _is_key_value_table(spans, body, width, any(header_marked)):
        lines: list[str] = []
        for i in range(len(rows)):
            lines.extend([plain(i)] if caption[i] else _key_value_pairs(spans[i]))
        return [line for line in lines if line]

    header_rows = _header_rows(rows, spans, body, header_marked)
    data = [i for i in body if i not in header_rows]
    if not header_rows or not data or _is_blank_form([cell for i in body for cell, _, _ in spans[i]]):
        return [line for line in (plain(i) for i in range(len(rows)) if starts(i)) if line]

    names = _column_names(rows, header_rows, width)
    lines = []
    for i in range(len(rows)):
        if i in header_rows:
            continue
        if caption[i]:
            lines.append(plain(i))
            continue
        parts = []
        for cell, start, end in spans[i]:
            if not cell.text:
                continue
            name = _span_name(names, start, end)
            parts.append(f"{name}{_KV_SEP}{cell.text}" if name and name != cell.text else cell.text)
        if parts:
            lines.append(_ROW_SEP.join(parts))
    return lines


_CJK_CHAR_RE = re.compile(r"[\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")


# A short cell written with spaces between its characters ("类 别", "序 号", "备 注").
_SPACED_OUT = re.compile(r"(?:[\u4e00-\u9fff]\s+){1,5}[\u4e00-\u9fff]")


def join_cell_lines(lines: Iterable[str]) -> str:
    """The lines of one table cell as one: Chinese lines run on, others get a space between."""
    text = ""
    for line in lines:
        if not line:
            continue
        if text and not (_CJK_CHAR_RE.match(text[-1]) and _CJK_CHAR_RE.match(line[0])):
            text += " "
        text += line
    return text


def _row_cells(row: list[TableCell | None]) -> list[tuple[TableCell, int, int]]:
    """The distinct cells of a row with the [start, end) columns each covers, in order."""
    cells: list[tuple[TableCell, int, int]] = []
    for col, cell in enumerate(row):
        if cell is None:
            continue
        if cells and cells[-1][0] is cell and cells[-1][2] == col:
            cells[-1] = (cell, cells[-1][1], col + 1)
        else:
            cells.append((cell, col, col + 1))
    return cells


def _is_label(text: str) -> bool:
    return text.endswith(_LABEL_COLONS) and len(text) <= _MAX_LABEL_CHARS


def _is_key_value_table(spans: list, body: list[int], width: int, marked: bool) -> bool:
    if width == 2 and not marked:
        # Short keys in the first column: "发布机构 | 广州市民政局". Two long cells side by side
        # (two opinion boxes of a form) are not keys and values.
        keys = [spans[i][0][0].text for i in body if len(spans[i]) == 2]
        return bool(keys) and all(len(key) <= _MAX_LABEL_CHARS for key in keys)
    # Attribute tables: "索引号： | 1144…/2024-00031 | 分类： | …" — most rows open with a label.
    labelled = sum(1 for i in body if spans[i] and _is_label(spans[i][0][0].text))
    return labelled * 2 >= len(body)


def _key_value_pairs(cells: list[tuple[TableCell, int, int]]) -> list[str]:
    """A key/value row: "key：value" per pair; a label with no value is dropped."""
    texts = [cell.text for cell, _, _ in cells if cell.text]
    if len(cells) == 2 and not _is_label(texts[0] if texts else ""):
        key, value = cells[0][0].text, cells[1][0].text
        if key and value:
            return [f"{key}{_KV_SEP}{value}"]
        return [t for t in (key, value) if t]
    lines: list[str] = []
    pending: str | None = None
    for text in texts:
        if _is_label(text):
            pending = text  # a label right after a label had no value: drop the first
            continue
        lines.append(f"{pending}{text}" if pending else text)
        pending = None
    return lines


def _header_rows(rows: Grid, spans: list, body: list[int], marked: list[bool]) -> set[int]:
    """Which rows are column headers: those the format marks (<th>/<thead>, Word's header
    row) at the top; otherwise the first row, with the row below it when the first row
    groups columns (a cell over several columns) or has cells that reach down into it."""
    first = body[0]
    if marked[first]:
        found = set()
        for i in body:
            if not marked[i]:
                break
            found.add(i)
        return found
    if len(body) < 2:
        return set()
    first_cells = [cell for cell, _, _ in spans[first]]
    if any(not cell.text for cell in first_cells[1:]):
        return set()  # a header names every column (the corner cell aside): this is a form row
    if any(len(cell.text) > _MAX_HEADER_CHARS for cell in first_cells):
        return set()  # headers are names, not paragraphs
    first_text = next((cell.text for cell in first_cells if cell.text), "")
    if _ROW_NUMBER_RE.fullmatch(first_text):
        return set()  # "1 | …": the table starts with data
    depth = 1
    for cell, _, _ in spans[first]:
        down = 1
        while first + down < len(rows) and any(c is cell for c in rows[first + down]):
            down += 1
        depth = max(depth, down)
    if depth == 1 and any(end - start > 1 for _, start, end in spans[first]):
        depth = 2  # "统筹基金最高支付限额" over "职工医保 | 城乡居民医保"
    found = {i for i in body if first <= i < first + depth}
    # Never take every row as header: keep at least one data row.
    return found if len(found) < len(body) else {first}


def _column_names(rows: Grid, header_rows: set[int], width: int) -> list[list[TableCell]]:
    names: list[list[TableCell]] = []
    for col in range(width):
        chain: list[TableCell] = []
        for i in sorted(header_rows):
            cell = rows[i][col]
            if cell is not None and cell.text and not any(cell is c for c in chain):
                chain.append(cell)
        names.append(chain)
    return names


def _chain_name(chain: list[TableCell]) -> str:
    texts = [cell.text.rstrip("：:") for cell in chain]
    texts = [t for t in texts if t]
    if not texts:
        return ""
    return texts[0] if len(texts) == 1 else f"{texts[0]}（{'，'.join(texts[1:])}）"


def _span_name(names: list[list[TableCell]], start: int, end: int) -> str:
    """The header of a cell covering columns [start, end). Over columns of one header it is
    that header; over several it is what their headers share ("统筹基金最高支付限额" over its
    "职工医保" and "城乡居民医保"). A cell that covers one header whole and only a part of
    the next (a colspan off by one in the source) belongs to the header it covers whole."""
    chains = names[start:end]
    if not chains:
        return ""
    leaves: list[TableCell] = []
    for chain in chains:
        if chain and not any(chain[-1] is leaf for leaf in leaves):
            leaves.append(chain[-1])
    whole = [
        leaf for leaf in leaves
        if all(start <= col < end for col in range(len(names)) if names[col] and names[col][-1] is leaf)
    ]  # fmt: skip
    if len(whole) == 1 and len(leaves) > 1:
        return _chain_name(next(chain for chain in chains if chain and chain[-1] is whole[0]))
    common = chains[0]
    for chain in chains[1:]:
        n = 0
        while n < min(len(common), len(chain)) and common[n] is chain[n]:
            n += 1
        common = common[:n]
    if common:
        return _chain_name(common)
    parts = []
    for chain in chains:
        name = _chain_name(chain)
        if name and name not in parts:
            parts.append(name)
    return "、".join(parts)


def _is_blank_form(cells: list[TableCell]) -> bool:
    distinct = {id(cell): cell for cell in cells}  # the cells are alive: their ids are theirs
    empty = sum(1 for cell in distinct.values() if not cell.text)
    return bool(distinct) and empty / len(distinct) > _FORM_EMPTY_SHARE
