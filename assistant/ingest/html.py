"""Web pages as text: the document a government page holds — its headline, its attribute lines
(文号, 发布日期, 发布机构 …) and its body — without the site around it (menus, breadcrumbs, search,
share widgets, footers). Tables are rendered by `tables`. Built on lxml: the main-content
extractors tried (trafilatura) dropped headlines, attribute tables and whole tables of real
government pages and let site furniture through.
"""

from __future__ import annotations

import re

from .tables import Grid, TableCell, join_cell_lines, table_lines


def page_text(html: str) -> str:
    """The page's document as lines of text; the whole body's text when no main part is found."""
    root = _parse_html(html)
    text = _html_main_text(root)
    return text if text.strip() else _html_body_text(root)


#
# Government pages wrap one document in a site: menus, search, breadcrumbs, share and print
# widgets, related-news lists, footers, often a hidden printable copy of the text. The text
# kept is the document's: its headline, its attribute block (索引号, 文号, 发布日期 …) and its
# body, tables included, one paragraph (or table row) a line. The body is the deepest container
# holding more than half of the page's text outside links; around it, neighbouring blocks are
# taken while they are not site furniture (the text of a long 办法 is often split over several
# sibling blocks, its 附表 last). Furniture is told by markup (nav, header/footer, class and id
# words), by link density, and by UI wording ("分享到", "【打印】", "扫一扫在手机打开当前页").

_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "frame", "object", "embed", "svg",
    "canvas", "select", "option", "optgroup", "button", "input", "textarea", "map", "area",
    "audio", "video", "source", "track",
)  # fmt: skip

_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "caption",
     "thead", "tbody", "tfoot", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main",
     "aside", "nav", "header", "footer", "blockquote", "pre", "address", "figure", "figcaption",
     "form", "fieldset", "legend", "hr", "center", "details", "summary", "body", "html"}
)  # fmt: skip

_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Pages that show their text by script once loaded hide it first; a page is only read
# without its hidden parts while what is visible keeps at least this share of its text.
_MIN_VISIBLE_SHARE = 0.25

# Site furniture by class/id word. Strong: navigation and page chrome, never the document;
# reaching one stops the search for more of the document around its body. Weak: widgets that
# sit right beside the text (share, print, font size, QR code, related items) and are dropped.
_STRONG_FURNITURE_TAGS = frozenset({"nav", "aside", "menu", "form"})
_STRONG_FURNITURE_WORDS = frozenset(
    {"header", "footer", "foot", "nav", "navbar", "mainnav", "topnav", "subnav", "menu", "crumb",
     "crumbs", "breadcrumb", "breadcrumbs", "curb", "curmb", "dqwz", "search", "sousuo", "login",
     "copyright", "sidebar", "aside"}
)  # fmt: skip
_WEAK_FURNITURE_WORDS = frozenset(
    {"share", "fenxiang", "bdshare", "print", "dayin", "ewm", "qrcode", "erweima", "setfont",
     "fontsize", "zihao", "backtop", "gotop", "totop", "related", "relate", "xgwz", "xgxw", "tag",
     "tags", "function", "tool", "tools", "toolbar", "modal", "popup", "easybtn", "quickbar"}
)  # fmt: skip
_CLASS_WORD_RE = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])")
_ATTACHMENT_HREF_RE = re.compile(
    r"\.(?:docx?|xlsx?|et|wps|pdf|ofd|zip|rar|7z|txt|pptx?|jpe?g|png)(?:[?#].*)?$", re.IGNORECASE
)
_LINK_DENSE_SHARE = 0.5
_MIN_LINK_CHARS_FOR_NAV = 20  # a link-dense block with this much link text is a menu or a list
_MIN_NEIGHBOUR_CHARS = 6  # smaller neighbours of the body without an attribute are UI labels
_MIN_LARGE_NEIGHBOUR_CHARS, _LARGE_NEIGHBOUR_SHARE = 50, 0.2
_MAX_ATTR_BLOCK_CHARS = 600

# Document attributes as government pages label them (索引号：…, 文 号：…, 发布日期：…).
_ATTR_LABELS = (
    "索引号", "统一编号", "主题分类", "体裁分类", "组配分类", "服务对象分类", "分类", "发布机构",
    "发布机关", "发文机关", "发文单位", "制发机关", "成文日期", "发文日期", "发布日期", "公布日期",
    "印发日期", "实施日期", "施行日期", "生效日期", "失效日期", "废止日期", "有效期", "发表时间",
    "发布时间", "更新时间", "时间", "日期", "文号", "发文字号", "文件编号", "文件状态", "有效性",
    "时效性", "效力状态", "名称", "标题", "来源", "信息来源", "文章来源", "作者", "主题词", "关键词",
    "公开方式", "公开范围", "公开属性", "公开时限", "责任部门", "浏览次数", "浏览量", "阅读次数",
    "访问量", "点击量", "字号", "字体", "字体大小", "浏览字号",
)  # fmt: skip
_ATTR_FURNITURE_LABELS = frozenset(
    {"浏览次数", "浏览量", "阅读次数", "访问量", "点击量", "字号", "字体", "字体大小", "浏览字号"}
)
_ATTR_LABEL_RE = re.compile(
    r"(?:(?:^|(?<=[\s\u3000【】\[\]|｜丨/\u2063]))(?P<label>"
    + "|".join(r"\s*".join(map(re.escape, label)) for label in sorted(_ATTR_LABELS, key=len, reverse=True))
    # Counters and font switches are cut off wherever they start ("…社保中心浏览字号：大中小").
    + r")|(?P<furniture>"
    + "|".join(sorted((label for label in _ATTR_FURNITURE_LABELS if len(label) > 2), key=len, reverse=True))
    + r"))\s*(?P<colon>[:：])"
)

# Whole lines that are page furniture: UI words only ("【打印】【关闭窗口】", "分享到：",
# "A+大 A+中 A+小", "浏览次数：-", "扫一扫在手机打开当前页"), breadcrumbs, previous/next links.
_UI_WORDS = (
    "扫一扫在手机打开当前页", "扫一扫在手机上打开当前页", "分享文章到", "分享到", "分享", "打印本页",
    "打印页面", "打印", "关闭窗口", "关闭本页", "关闭", "返回顶部", "回到顶部", "返回首页", "返回",
    "收藏本页", "加入收藏", "我的收藏", "收藏", "纠错", "浏览次数", "浏览量", "阅读次数", "访问量",
    "点击量", "浏览字号", "字体大小", "字体", "字号", "大", "中", "小", "默认", "标签", "扫码浏览",
    "扫码", "下载文字版", "下载图片版", "视力保护色", "复制链接", "微信", "微博", "QQ空间", "QQ",
    "取消", "A", "次", "人次", "语音播报", "朗读", "放大", "缩小",
)  # fmt: skip
_UI_LINE_RE = re.compile(r"(?:\d+|" + "|".join(map(re.escape, sorted(_UI_WORDS, key=len, reverse=True))) + r")+")
_NOT_WORD_RE = re.compile(r"[\W_]+")
_MAX_UI_LINE_CHARS = 40
_NAV_LINE_RE = re.compile(
    r"^(?:当前位置|您当前所在的位置|您当前的位置|您现在的位置|您的位置|所在位置|当前的位置|"
    r"上一篇|下一篇|上一条|下一条)\s*[:：]"
)

# Outside the body every inline element starts with this mark, so that labels in adjacent
# elements split ("<span>来源：…</span><span>时间：…</span>"); it never reaches the text.
_INLINE_MARK = "\u2063"
_SPACE_RE = re.compile(r"[ \t\n\r\f\v\xa0\u200b]+")
# Browsers drop a line break in the source between two CJK characters (CSS Text 3); so do we.
_CJK = r"\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
_CJK_BREAK_RE = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\v\xa0]*\n[ \t\n\r\f\v\xa0]*(?=[{_CJK}])")
_TITLE_SEPARATOR_RE = re.compile(r"\s+[-_|｜—–]+\s+|[-_|｜—–]{1,2}")


def _parse_html(html: str):  # -> lxml.html.HtmlElement
    import lxml.html

    # Bytes, not str: lxml refuses a str that carries an XML encoding declaration.
    parser = lxml.html.HTMLParser(encoding="utf-8")
    root = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    for bad in root.xpath("|".join(f"//{tag}" for tag in _DROP_TAGS)):
        bad.drop_tree()
    return root


def _html_body(root):
    body = root.find("body")
    return body if body is not None else root


def _html_body_text(root) -> str:
    """Fallback when no main text is found: the body's text, one block per line."""
    return "\n".join(line for line, _ in _HtmlLines().render(_html_body(root)))


def _html_main_text(root) -> str:
    body = _html_body(root)
    title_text = _page_title(root)
    _drop_invisible(body)
    stats = _TextStats(body)
    total = stats.nonlink(body)
    if total == 0:
        return ""

    # The container holding most of the text. It stops at a paragraph or a data table: a page
    # with two paragraphs, one long, is both paragraphs.
    core = body
    while True:
        bigger = next((c for c in _children(core) if stats.nonlink(c) * 2 > total and _may_hold_text(c)), None)
        if bigger is None:
            break
        core = bigger

    # Take in the neighbours of the body, level by level, while none of them is site chrome.
    # Where chrome starts, only a large block of text beside the body is still taken (the
    # second half of a text split in two), and no level above.
    region, skip = core, set()
    while region is not body:
        parent = region.getparent()
        if parent is None:
            break
        others = [c for c in _children(parent) if c is not region]
        if any(_is_strong_furniture(c, stats) for c in others):
            large = max(_MIN_LARGE_NEIGHBOUR_CHARS, _LARGE_NEIGHBOUR_SHARE * stats.nonlink(core))
            kept = [
                c for c in others
                if not _is_strong_furniture(c, stats) and not _is_weak_furniture(c, stats)
                and stats.nonlink(c) >= large
            ]  # fmt: skip
            if kept:
                skip.update(c for c in others if c not in kept)
                region = parent
            break
        skip.update(c for c in others if _is_weak_furniture(c, stats))
        region = parent

    chrome = _chrome_elements(body, core)
    title_el = _find_title_element(body, title_text, chrome, stats)
    if title_el is not None:
        skip.add(title_el)
    attr_blocks = _find_attribute_blocks(body, core, region, chrome, stats)

    lines: list[str] = []
    if title_el is not None:
        title = "".join(line for line, _ in _HtmlLines().render(title_el)).strip()
        # A site's column tag before the headline ("【人社】广州市劳动人事争议仲裁网上申请流程") is not part
        # of the title, and would read as a labelled field.
        title = _COLUMN_TAG.sub("", title)
        if title:
            lines.append(title)
    seen: set[str] = set()
    for block in attr_blocks:
        lines.extend(_attribute_lines(_HtmlLines(skip=skip, mark=True).render(block), seen))
    lines.extend(_attribute_lines(_HtmlLines(skip=skip, core=core, mark=True).render(region), seen))
    site_code = _site_code(root)
    if site_code:
        # A government site's identification code starts with its division code (4401… is 广州市):
        # where the page's text names no place, this last line says whose page it is.
        lines.append(f"网站标识码：{site_code}")
    return "\n".join(line for line in lines if not _is_ui_line(line))


_TEXT_BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote", "address",
     "caption", "table"}
)  # fmt: skip


def _may_hold_text(el) -> bool:
    """An element the body of a page can be inside: not a paragraph, not a data table."""
    return el.tag not in _TEXT_BLOCK_TAGS or (el.tag == "table" and _is_layout_table(el))


def _children(el) -> list:
    return [c for c in el if isinstance(c.tag, str)]


def _class_words(el) -> set[str]:
    words = f"{el.get('class') or ''} {el.get('id') or ''}"
    return {w.lower() for w in _CLASS_WORD_RE.split(words) if w}


def _in_article(el) -> bool:
    return any(a.tag in ("article", "main") for a in el.iterancestors())


def _is_chrome(el) -> bool:
    """Page chrome by markup alone: navigation, header, footer, search, login, breadcrumbs."""
    tag = el.tag
    if tag in _STRONG_FURNITURE_TAGS:
        return True
    if tag in ("header", "footer") and not _in_article(el):
        return True
    return bool(_class_words(el) & _STRONG_FURNITURE_WORDS)


def _is_strong_furniture(el, stats: _TextStats) -> bool:
    link = stats.link(el)
    return _is_chrome(el) or (link >= _MIN_LINK_CHARS_FOR_NAV and link >= _LINK_DENSE_SHARE * stats.text(el))


def _is_weak_furniture(el, stats: _TextStats) -> bool:
    if _class_words(el) & _WEAK_FURNITURE_WORDS:
        return True
    link, text = stats.link(el), stats.text(el)
    if link and link >= _LINK_DENSE_SHARE * text:
        return True
    # A stray label beside the text ("规章", "基本信息"); a short paragraph is text all the same.
    small = text - link < _MIN_NEIGHBOUR_CHARS and el.tag not in _TEXT_BLOCK_TAGS
    return small and not _ATTR_LABEL_RE.search(el.text_content())


def _chrome_elements(body, core) -> set:
    """Chrome containers that do not hold the body: what is inside them is not the document."""
    holding_core = set(core.iterancestors()) | {core}
    return {el for el in body.iter() if isinstance(el.tag, str) and el not in holding_core and _is_chrome(el)}


def _inside(el, containers: set) -> bool:
    return el in containers or any(a in containers for a in el.iterancestors())


def _drop_invisible(body) -> None:
    hidden = []
    for el in body.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        style = el.get("style") or ""
        is_hidden = el.get("hidden") is not None or _HIDDEN_STYLE_RE.search(style)
        if is_hidden and not any(a in hidden for a in el.iterancestors()):
            hidden.append(el)
    if not hidden:
        return
    total = _visible_chars(body.text_content())
    shown = total - sum(_visible_chars(el.text_content()) for el in hidden)
    if shown < _MIN_VISIBLE_SHARE * total:
        return  # the text itself is hidden until a script shows it
    for el in hidden:
        el.drop_tree()


def _visible_chars(text: str | None) -> int:
    return len(_SPACE_RE.sub("", text)) if text else 0


class _TextStats:
    """Characters of text (whitespace aside) under each element, and how many are link text.
    Links to attachments (.doc, .pdf …) are content, not navigation, and do not count as links."""

    def __init__(self, body) -> None:
        self._text: dict = {}
        self._link: dict = {}
        for el in reversed(list(body.iter())):  # children before their parents
            if not isinstance(el.tag, str):
                continue
            text, link = _visible_chars(el.text), 0
            for child in el:
                if isinstance(child.tag, str):
                    text += self._text[child]
                    link += self._link[child]
                text += _visible_chars(child.tail)
            if el.tag == "a" and el.get("href") and not _ATTACHMENT_HREF_RE.search(el.get("href").strip()):
                link = text
            self._text[el] = text
            self._link[el] = link

    def text(self, el) -> int:
        return self._text.get(el, 0)

    def link(self, el) -> int:
        return self._link.get(el, 0)

    def nonlink(self, el) -> int:
        return self.text(el) - self.link(el)


def _site_code(root) -> str | None:
    """The SiteIDCode meta tag of a Chinese government website (网站标识码, ten digits)."""
    for meta in root.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "siteidcode":
            code = (meta.get("content") or "").strip()
            if re.fullmatch(r"\d{10}", code):
                return code
    return None


_COLUMN_TAG = re.compile(r"^【[^】]{1,6}】\s*(?=\S{6,})")


def _page_title(root) -> str | None:
    """The document's title as the page declares it: the ArticleTitle meta tag that Chinese
    government sites carry, else og:title, else <title>."""
    for name in ("articletitle", "og:title", "title"):
        for meta in root.iter("meta"):
            key = (meta.get("name") or meta.get("property") or "").strip().lower()
            content = _SPACE_RE.sub(" ", meta.get("content") or "").strip()
            if key == name and content:
                return content
    title = root.find(".//title")
    if title is not None:
        text = _SPACE_RE.sub(" ", title.text_content()).strip()
        return text or None
    return None


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _find_title_element(body, title_text: str | None, chrome: set, stats: _TextStats):
    """The visible headline: the element whose text is the page's title (or, for a <title>
    with the site's name around it, the longest part of it), headings first; failing that a
    heading that nearly is (the title with or without a subtitle or a prefix)."""
    if not title_text:
        return None
    wanted = [_squeeze(title_text)]
    parts = [_squeeze(p) for p in _TITLE_SEPARATOR_RE.split(title_text)]
    wanted += sorted((p for p in parts if len(p) >= 4 and p not in wanted), key=len, reverse=True)
    longest = max(len(w) for w in wanted)
    best, best_rank = None, None
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag == "a" or not 0 < stats.text(el) <= 2 * longest:
            continue
        heading = el.tag in _HEADING_TAGS or "title" in _class_words(el)
        text = _squeeze(el.text_content())
        if text in wanted:
            rank = (0, wanted.index(text), 0 if el.tag in _HEADING_TAGS else 1 if heading else 2)
        elif heading and any(_near(text, w) for w in wanted):
            rank = (1, 0, 0)
        else:
            continue
        if best_rank is not None and rank >= best_rank:
            continue
        if _inside(el, chrome) or any(a.tag == "a" for a in el.iterancestors()):
            continue  # a link is navigation
        if any(a.tag == "table" and not _is_layout_table(a) for a in el.iterancestors()):
            continue  # a data-table cell (名称：…) is read with its table
        best, best_rank = el, rank
    return best


def _near(text: str, title: str) -> bool:
    shorter, longer = sorted((text, title), key=len)
    return len(shorter) >= 4 and shorter in longer and len(shorter) >= 0.7 * len(longer)


def _find_attribute_blocks(body, core, region, chrome: set, stats: _TextStats) -> list:
    """Attribute blocks above the body and outside the region taken (the 索引号/文号/发布机构
    box of a 规范性文件 page sits beside the headline, not around the text)."""
    blocks: list = []
    holding_core = set(core.iterancestors())
    stop = region
    for el in body.iterdescendants():
        if el is stop:
            break  # only what comes before the document's text
        if not isinstance(el.tag, str) or el in holding_core:
            continue
        if any(a is region or a in blocks for a in el.iterancestors()) or _inside(el, chrome):
            continue
        text = stats.text(el)
        if not text or text > _MAX_ATTR_BLOCK_CHARS or stats.link(el) >= _LINK_DENSE_SHARE * text:
            continue
        if _ATTR_LABEL_RE.search(el.text_content()):
            blocks.append(el)
    return blocks


def _attribute_lines(lines: list[tuple[str, bool]], seen: set[str]) -> list[str]:
    """Lines from outside the body are split at their attribute labels ("发布日期：… 来源：…"
    gives two lines), with view counters, font-size switches and empty values dropped, and an
    attribute already given (`seen`: a box above the headline and a date line below it) once."""
    out: list[str] = []
    for line, in_core in lines:
        matches = list(_ATTR_LABEL_RE.finditer(line))
        if in_core and (not matches or matches[0].start() > 0 or (len(matches) == 1 and matches[0].group("label"))):
            matches = []  # in the text itself only a line of several attributes is split
        if not matches:
            line = _SPACE_RE.sub(" ", line.replace(_INLINE_MARK, "")).strip()
            if line:
                out.append(line)
            continue
        parts = [_trim_segment(line[: matches[0].start()])]
        for n, match in enumerate(matches):
            end = matches[n + 1].start() if n + 1 < len(matches) else len(line)
            label = re.sub(r"\s+", "", match.group("label") or match.group("furniture"))
            value = _trim_segment(line[match.end() : end])
            if label not in _ATTR_FURNITURE_LABELS and _NOT_WORD_RE.sub("", value):
                parts.append(f"{label}{match.group('colon')}{value}")
        for part in parts:
            if part and (in_core or part not in seen):
                seen.add(part)
                out.append(part)
    return out


_OPENING, _CLOSING = "【[（(《“", "】]）)》”"


def _trim_segment(text: str) -> str:
    """A piece cut out of a line of attributes, without spaces or a bracket left unpaired at
    either end ("来源: 广州市民政局 【" -> "来源: 广州市民政局"; "（…管理局）" stays whole)."""
    text = _SPACE_RE.sub(" ", text.replace(_INLINE_MARK, "")).strip(" \u3000|｜")
    while text and text[-1] in _OPENING:
        text = text[:-1].rstrip(" \u3000|｜")
    while text and text[0] in _CLOSING:
        text = text[1:].lstrip(" \u3000|｜")
    return text


def _is_ui_line(line: str) -> bool:
    if _NAV_LINE_RE.match(line):
        return True
    word = _NOT_WORD_RE.sub("", line)
    if not word:
        return True  # symbols only: "×", "+", "↺", "|"
    if len(word) > _MAX_UI_LINE_CHARS or word.isdigit():
        return False
    return bool(_UI_LINE_RE.fullmatch(word))


class _HtmlLines:
    """Lines of text of an element: one per block (paragraph, heading, list item …), one per
    table row (see table_lines). Each line comes with whether it lies inside `core`."""

    def __init__(self, skip: set | None = None, core=None, mark: bool = False) -> None:
        self.skip = skip or set()
        self.core = core
        self.mark = mark
        self.lines: list[tuple[str, bool]] = []
        self.buffer: list[str] = []
        self.in_core = False

    def render(self, el) -> list[tuple[str, bool]]:
        self.in_core = self.core is not None and (el is self.core or self.core in el.iterancestors())
        self._element(el, with_tail=False)
        self._flush()
        return self.lines

    def _flush(self) -> None:
        if not self.buffer:
            return
        text = _CJK_BREAK_RE.sub("", "".join(self.buffer))
        text = _SPACE_RE.sub(" ", text).strip()
        self.buffer = []
        if text:
            self.lines.append((text, self.in_core))

    def _text(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)

    def _element(self, el, with_tail: bool = True) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is None or el in self.skip:
            pass  # a comment, or a block left out: only its tail is text
        elif tag == "br":
            self._flush()
        elif tag == "table" and not _is_layout_table(el):
            self._flush()
            for caption in el.findall("caption"):
                self.lines.extend((line, self.in_core) for line, _ in _HtmlLines().render(caption))
            self.lines.extend((line, self.in_core) for line in table_lines(_html_table_grid(el)))
        else:
            entering_core = el is self.core and not self.in_core
            if entering_core:
                self._flush()
                self.in_core = True
            block = tag in _BLOCK_TAGS
            if block:
                self._flush()
            elif self.mark and not self.in_core:
                self.buffer.append(_INLINE_MARK)
            self._text(el.text)
            for child in el:
                self._element(child)
            if block or entering_core:
                self._flush()
            if entering_core:
                self.in_core = False
        if with_tail:
            self._text(el.tail)


def _table_rows(table) -> list:
    rows = []
    for child in _children(table):
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in _children(child) if c.tag == "tr")
    return rows


def _is_layout_table(table) -> bool:
    """A table used to lay out a page (or the whole text in one cell) is read as blocks."""
    rows = _table_rows(table)
    cells = [c for row in rows for c in _children(row) if c.tag in ("td", "th")]
    if not cells:
        return True
    if any(cell.find(".//table") is not None for cell in cells):
        return True
    # A cell holding several long paragraphs and most of the table's text is a page region, not a
    # value; a table of many rows whose cells hold lists (a points table's "指标内容及分值") is data.
    total = sum(_visible_chars(cell.text_content()) for cell in cells)
    return any(
        len(cell.xpath("./p|./div|./br")) >= 3 and _visible_chars(cell.text_content()) > max(300, total / 2)
        for cell in cells
    )


_MAX_SPAN = 1000


def _span(cell, name: str) -> int:
    try:
        value = int((cell.get(name) or "1").strip())
    except ValueError:
        return 1
    return min(max(value, 1), _MAX_SPAN)


def _html_table_grid(table) -> Grid:
    rows = _table_rows(table)
    grid: list[dict[int, TableCell]] = []
    carried: dict[int, tuple[TableCell, int]] = {}  # column -> (cell, rows still covered)
    width = 0  # columns some cell starts in: a colspan past the last of them adds no column
    for tr in rows:
        row: dict[int, TableCell] = {}
        for col, (cell, left) in list(carried.items()):
            row[col] = cell
            if left <= 1:
                del carried[col]
            else:
                carried[col] = (cell, left - 1)
        in_head = tr.getparent().tag == "thead"
        col = 0
        for td in _children(tr):
            if td.tag not in ("td", "th"):
                continue
            while col in row:
                col += 1
            text = join_cell_lines(line for line, _ in _HtmlLines().render(td))
            cell = TableCell(text=text, header=td.tag == "th" or in_head)
            colspan, rowspan = _span(td, "colspan"), min(_span(td, "rowspan"), len(rows))
            width = max(width, col + 1)
            for k in range(colspan):
                if col + k >= _MAX_SPAN:
                    break
                row.setdefault(col + k, cell)
                if rowspan > 1:
                    carried[col + k] = (cell, rowspan - 1)
            col += colspan
        grid.append(row)
    return [[row.get(col) for col in range(width)] for row in grid]
