"""Behaviour of assistant.ingest.loaders: every supported format comes out as text, and every
kind of bad input is skipped with a one-line reason a non-programmer can understand."""

from __future__ import annotations

import hashlib
import io
import logging
import random
from pathlib import Path

import pytest

from assistant.ingest import html as html_module
from assistant.ingest import loaders, parse_document
from assistant.ingest.loaders import SUPPORTED_SUFFIXES, LoadError, iter_source_files, load_file

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

POLICY_TEXT = "一、总体要求\n（一）指导思想。牢固树立创新强省工作导向。"

ARTICLE_PARAGRAPHS = [
    "一、总体要求",
    "（一）指导思想。牢固树立创新强省工作导向，全面实施创新驱动发展战略，加快建设创新型城市。",
    "（二）主要目标。到2020年，全市高新技术企业达到1000家以上，研发经费支出占生产总值比重达到2.8%。",
    "二、重点任务",
    "（三）加快建设产业创新服务综合体。推动每个产业集聚区建成一个以上省级产业创新服务综合体。",
]

NAV_JUNK = ["首页", "政务公开", "互动交流", "网站地图", "无障碍浏览"]


def _html_page(charset: str) -> str:
    nav = "".join(f'<li><a href="/{i}">{label}</a></li>' for i, label in enumerate(NAV_JUNK))
    paragraphs = "\n".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>关于印发创新实施方案的通知</title>
<script>var tracker = "统计脚本";</script><style>.nav {{ color: red }}</style></head>
<body>
<div class="header"><ul class="nav">{nav}</ul></div>
<div class="article"><h1>关于印发创新实施方案的通知</h1>
{paragraphs}
</div>
<div class="footer"><a href="/about">关于我们</a> | <a href="/contact">联系我们</a></div>
</body></html>
"""


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _assert_in_order(text: str, parts: list[str]) -> None:
    pos = 0
    for part in parts:
        found = text.find(part, pos)
        assert found >= 0, f"{part!r} missing (or out of order) in {text!r}"
        pos = found + len(part)


# --------------------------------------------------------------------------- plain text


def test_utf8_txt_is_read_as_is(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", POLICY_TEXT.encode("utf-8"))
    loaded = load_file(path)
    assert loaded.text == POLICY_TEXT
    assert loaded.format == "txt"
    assert loaded.encoding == "utf-8"
    assert loaded.path == path


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = _write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + POLICY_TEXT.encode("utf-8"))
    loaded = load_file(path)
    assert loaded.text == POLICY_TEXT
    assert not loaded.text.startswith("\ufeff")
    assert loaded.encoding == "utf-8"


def test_gbk_file_is_decoded_as_chinese(tmp_path: Path) -> None:
    path = _write(tmp_path, "gbk.txt", POLICY_TEXT.encode("gbk"))
    loaded = load_file(path)
    assert loaded.text == POLICY_TEXT
    assert loaded.encoding in {"gb18030", "gbk", "gb2312"}


def test_gb18030_only_characters_are_decoded(tmp_path: Path) -> None:
    # "𠀀" (CJK Ext. B) and "€" are outside GBK; GB18030 encodes them, so the file must too.
    text = "附件：𠀀字表，金额€100。"
    loaded = load_file(_write(tmp_path, "gb18030.txt", text.encode("gb18030")))
    assert loaded.text == text
    assert loaded.encoding == "gb18030"


def test_utf16_with_bom_is_text_not_binary(tmp_path: Path) -> None:
    # Windows Notepad's "Unicode" encoding: NUL bytes everywhere, but a BOM says it is text.
    loaded = load_file(_write(tmp_path, "notepad.txt", POLICY_TEXT.encode("utf-16")))
    assert loaded.text == POLICY_TEXT
    assert loaded.encoding == "utf-16"


def test_line_endings_are_normalised_and_nothing_else_changes(tmp_path: Path) -> None:
    raw = "第一条\u3000总则\r\n  缩进保留  \r\n\r\n旧式换行\r结尾\t\n"
    loaded = load_file(_write(tmp_path, "crlf.txt", raw.encode("utf-8")))
    assert loaded.text == "第一条\u3000总则\n  缩进保留  \n\n旧式换行\n结尾\t\n"


def test_characters_are_not_unicode_normalised(tmp_path: Path) -> None:
    # Full-width digits and a decomposed accent must survive: offsets refer to this text.
    raw = "２０２０年\uff0c e\u0301 ⑴"
    assert load_file(_write(tmp_path, "nfc.txt", raw.encode("utf-8"))).text == raw


def test_markdown_file_is_read(tmp_path: Path) -> None:
    raw = "# 实施方案\n\n## 一、总体要求\n\n- （一）指导思想。\n"
    for name in ("plan.md", "plan.markdown"):
        loaded = load_file(_write(tmp_path, name, raw.encode("utf-8")))
        assert loaded.text == raw
        assert loaded.format == "md"


def test_sha256_is_of_the_raw_bytes(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + "第一条\r\n".encode()
    loaded = load_file(_write(tmp_path, "h.txt", data))
    assert loaded.sha256 == hashlib.sha256(data).hexdigest()


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    loaded = load_file(_write(tmp_path, "UPPER.TXT", POLICY_TEXT.encode("utf-8")))
    assert loaded.format == "txt"
    assert loaded.text == POLICY_TEXT


# --------------------------------------------------------------------------- bad input


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"^empty file$"):
        load_file(_write(tmp_path, "empty.txt", b""))


def test_whitespace_only_file_is_rejected_as_empty(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"^empty file$"):
        load_file(_write(tmp_path, "blank.txt", " \r\n\t\n\u3000\n".encode()))


def test_binary_junk_with_nul_bytes_is_rejected(tmp_path: Path) -> None:
    rng = random.Random(1234)
    junk = bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00"
    with pytest.raises(LoadError, match=r"^not a text document \(binary content\)$"):
        load_file(_write(tmp_path, "junk.txt", junk))


def test_control_characters_without_nul_are_rejected_as_binary(tmp_path: Path) -> None:
    junk = bytes(range(1, 32)) * 50 + "正文".encode()
    with pytest.raises(LoadError, match=r"^not a text document \(binary content\)$"):
        load_file(_write(tmp_path, "ctl.md", junk))


def test_binary_html_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"binary content"):
        load_file(_write(tmp_path, "x.html", b"<html>\x00\x01\x02\x00</html>"))


def test_unsupported_suffix_is_rejected_with_the_supported_list(tmp_path: Path) -> None:
    path = _write(tmp_path, "table.xyz", b"hello")
    with pytest.raises(LoadError) as info:
        load_file(path)
    assert str(info.value) == "unsupported format '.xyz' (supported: .docx, .htm, .html, .md, .pdf, .txt)"


def test_old_word_doc_is_unsupported(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"^unsupported format '\.doc' "):
        load_file(_write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0"))


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not found"):
        load_file(tmp_path / "nope.txt")


def test_supported_suffixes_constant() -> None:
    assert frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"}) == SUPPORTED_SUFFIXES


# --------------------------------------------------------------------------- html


def test_gbk_html_with_meta_charset_gives_article_in_order(tmp_path: Path) -> None:
    path = _write(tmp_path, "page.htm", _html_page("gbk").encode("gbk"))
    loaded = load_file(path)
    assert loaded.format == "html"
    assert loaded.encoding == "gb18030"  # GBK is decoded with its superset
    _assert_in_order(loaded.text, ARTICLE_PARAGRAPHS)
    for junk in NAV_JUNK + ["统计脚本", "color: red"]:
        assert junk not in loaded.text
    assert "\r" not in loaded.text


def test_utf8_html_gives_article_paragraphs_on_their_own_lines(tmp_path: Path) -> None:
    loaded = load_file(_write(tmp_path, "page.html", _html_page("utf-8").encode("utf-8")))
    assert loaded.encoding == "utf-8"
    lines = loaded.text.split("\n")
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in lines
    _assert_in_order(loaded.text, ARTICLE_PARAGRAPHS)
    assert "统计脚本" not in loaded.text


def test_html_content_type_charset_is_honoured(tmp_path: Path) -> None:
    page = _html_page("gb2312").replace(
        '<meta charset="gb2312">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    )
    loaded = load_file(_write(tmp_path, "old.html", page.encode("gb18030")))
    assert loaded.encoding == "gb18030"
    _assert_in_order(loaded.text, ARTICLE_PARAGRAPHS)


def test_html_without_declaration_is_detected_as_gbk(tmp_path: Path) -> None:
    page = _html_page("gbk").replace('<meta charset="gbk">', "")
    loaded = load_file(_write(tmp_path, "nodecl.html", page.encode("gbk")))
    assert loaded.encoding == "gb18030"
    _assert_in_order(loaded.text, ARTICLE_PARAGRAPHS)


def test_html_declared_gbk_but_saved_as_utf8_is_read_as_utf8(tmp_path: Path) -> None:
    # A page re-saved by an editor keeps its old meta tag. These UTF-8 bytes also decode
    # without error as GB18030 ("政府工作报告" -> "鏀垮簻宸ヤ綔鎶ュ憡"), so only preferring
    # valid UTF-8 over the declaration gets them right.
    paragraphs = ["政府工作报告", "科技创新", "创新强省"]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    data = f'<html><head><meta charset="gb2312"></head><body>{body}</body></html>'.encode()
    assert data.decode("gb18030") != data.decode("utf-8")  # the trap is real
    loaded = load_file(_write(tmp_path, "resaved.html", data))
    assert loaded.encoding == "utf-8"
    assert loaded.text.split("\n") == paragraphs

    # The same goes for a full page with the usual navigation around the article.
    loaded = load_file(_write(tmp_path, "resaved2.html", _html_page("gb2312").encode("utf-8")))
    assert loaded.encoding == "utf-8"
    _assert_in_order(loaded.text, ARTICLE_PARAGRAPHS)


def test_html_with_wrong_utf8_declaration_falls_back_to_detection(tmp_path: Path) -> None:
    loaded = load_file(_write(tmp_path, "liar.html", _html_page("utf-8").encode("gbk")))
    assert loaded.encoding == "gb18030"
    _assert_in_order(loaded.text, ARTICLE_PARAGRAPHS)


def test_html_invalid_charset_name_falls_back_to_detection(tmp_path: Path) -> None:
    loaded = load_file(_write(tmp_path, "bogus.html", _html_page("x-no-such-charset").encode("gbk")))
    assert loaded.encoding == "gb18030"
    _assert_in_order(loaded.text, ARTICLE_PARAGRAPHS)


def test_html_falls_back_to_body_text_when_no_main_text_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(html_module, "_html_main_text", lambda root: "")
    loaded = load_file(_write(tmp_path, "small.html", _html_page("utf-8").encode("utf-8")))
    lines = loaded.text.split("\n")
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in lines  # blocks are not glued together
    _assert_in_order(loaded.text, ARTICLE_PARAGRAPHS)
    assert "统计脚本" not in loaded.text and "color: red" not in loaded.text


def test_html_with_no_text_is_rejected(tmp_path: Path) -> None:
    page = b"<html><head><title></title></head><body><div></div><img src='a.png'></body></html>"
    with pytest.raises(LoadError, match=r"^no text found in document$"):
        load_file(_write(tmp_path, "img.html", page))


def test_html_tables_are_kept(tmp_path: Path) -> None:
    page = _html_page("utf-8").replace(
        '</div>\n<div class="footer">',
        "<table><tr><td>牵头单位</td><td>市科技局</td></tr>"
        '<tr><td>责任单位</td><td>市发改委、市财政局</td></tr></table></div>\n<div class="footer">',
    )
    text = load_file(_write(tmp_path, "table.html", page.encode("utf-8"))).text
    _assert_in_order(text, [ARTICLE_PARAGRAPHS[-1], "牵头单位", "市科技局", "责任单位", "市发改委、市财政局"])


# --------------------------------------------------------------------------- html tables and page furniture


def _html_lines(tmp_path: Path, body: str, head: str = "") -> list[str]:
    page = f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    return load_file(_write(tmp_path, "page.html", page.encode("utf-8"))).text.split("\n")


FEE_TABLE = """
<p>门诊特定病种范围及最高支付限额如下：</p>
<table>
<tr><td colspan="6">广州市社会医疗保险门诊特定病种最高支付限额标准</td></tr>
<tr><td rowspan="2">序号</td><td colspan="2">门诊特定病种</td><td colspan="2">统筹基金最高支付限额</td>
    <td rowspan="2">审核确认有效期</td></tr>
<tr><td>分类</td><td>病种名称</td><td>职工医保</td><td>城乡居民医保</td></tr>
<tr><td>1</td><td rowspan="2">一类</td><td>高血压病</td><td>200元/月</td><td>50元/月</td><td>长期</td></tr>
<tr><td>2</td><td>糖尿病</td><td>200元/月</td><td></td><td>长期</td></tr>
<tr><td>3</td><td>二类</td><td>血友病</td><td colspan="2">无</td><td>长期</td></tr>
</table>
<p>以上标准自2019年7月1日起执行。</p>
"""


def test_html_table_rows_read_on_their_own_with_their_headers(tmp_path: Path) -> None:
    lines = _html_lines(tmp_path, f"<div class='article'>{FEE_TABLE}</div>")
    assert lines == [
        "门诊特定病种范围及最高支付限额如下：",
        # A title row across the whole table is a line of its own.
        "广州市社会医疗保险门诊特定病种最高支付限额标准",
        # Two header rows: a grouped header reads "组（列）"; a rowspan value ("一类") is
        # repeated in every row it covers; an empty cell is skipped; a value over both
        # columns of a group takes the group's name.
        "序号：1；门诊特定病种（分类）：一类；门诊特定病种（病种名称）：高血压病；统筹基金最高支付限额（职工医保）：200元/月；"
        "统筹基金最高支付限额（城乡居民医保）：50元/月；审核确认有效期：长期",
        "序号：2；门诊特定病种（分类）：一类；门诊特定病种（病种名称）：糖尿病；统筹基金最高支付限额（职工医保）：200元/月；"
        "审核确认有效期：长期",
        "序号：3；门诊特定病种（分类）：二类；门诊特定病种（病种名称）：血友病；统筹基金最高支付限额：无；审核确认有效期：长期",
        "以上标准自2019年7月1日起执行。",
    ]


POINTS_TABLE = """
<p>第一条 积分制入户人员应按照本指标体系计算总积分满150分。</p>
<table>
<tr><td>类 别</td><td>序 号</td><td>指 标</td><td>指标内容及分值</td><td>备 注</td></tr>
<tr><td rowspan="2">基础指标</td><td>1</td><td>合法稳定住所</td>
  <td><p>1. 在广州市办理《广东省居住证》，每满1年计8分。</p><p>2. 在广州市累计居住年限：</p>
      <p>（1）合法产权住所（20分）；</p><p>（2）合法租赁住所或单位宿舍，每满1年计5分，最高不超过20分。</p></td>
  <td>既有合法产权住房、又有合法租赁住房的，由申请人选择其中一项计分。</td></tr>
<tr><td>2</td><td>年龄</td><td><p>1. 18—40周岁（含40周岁）（30分）。</p><p>2. 40周岁以上的，每增加1岁少加2分。</p></td>
  <td>动态调整，最低为0分。</td></tr>
<tr><td>加分指标</td><td>1</td><td>纳税情况</td>
  <td><p>1. 对普通劳动者（含灵活就业人员），申报缴纳个人所得税：</p>
      <p>（1）近3个纳税年度累计在广州市缴纳个人所得税：1万—3万元（4分）；3万—6万元（8分）；6万元以上（12分）。</p>
      <p>（2）近3个纳税年度连续每1年均在广州市申报缴纳综合所得（包括工资薪金所得、劳务报酬所得、稿酬所得、特许权使用费所得）或者经营所得的个人所得税（4分）。</p>
      <p>（3）近1个纳税年度按规定办理个人所得税年度汇算清缴申报（含清缴税款）（2分）。</p>
      <p>2. 所投资创办的企业，近3个纳税年度累计在广州市纳税：</p>
      <p>（1）5万—10万元（含5万元，不含10万元）（4分）；</p><p>（2）10万—20万元（含10万元，不含20万元）（8分）；</p>
      <p>（3）20万元以上（含20万元）（12分）。</p></td>
  <td>一个纳税年度指当年的1月1日至12月31日。</td></tr>
<tr><td>加分指标</td><td>2</td><td>表彰奖项</td>
  <td><p>1. 个人获得党中央、国务院授予的奖项和荣誉称号（30分）。</p>
      <p>2. 个人获得广东省委、省政府或中央和国家机关部委等授予的劳动模范或先进工作者等奖项和荣誉称号（20分）。</p>
      <p>3. 个人获得广州市委、市政府授予的奖项和荣誉称号（10分）。</p>
      <p>4. 个人获得中央军委授予的荣誉称号（30分）；个人获得一等功（首次20分，累加每次5分）。</p></td>
  <td>1. 只计个人在广州市工作期间获得的奖项。2. 同一奖项只取最高分，不同奖项可累计计分。</td></tr>
</table>
"""


def test_a_points_table_whose_cells_hold_lists_is_data_one_row_a_line(tmp_path: Path) -> None:
    # The long "指标内容及分值" cells are values of their rows, not a page region; the letter-spaced
    # headers read as words.
    lines = _html_lines(tmp_path, POINTS_TABLE)
    rows = [line for line in lines if line.startswith("类别：")]
    assert len(rows) == 4
    assert rows[2].startswith(
        "类别：加分指标；序号：1；指标：纳税情况；指标内容及分值：1. 对普通劳动者（含灵活就业人员）"
    )
    # Each row is one clause of the document: the lists inside a cell do not cut it up.
    doc = parse_document("广州市积分制入户指标体系及分值表\n" + "\n".join(lines), slug="points", fmt="html")
    taxed = [c for c in doc.clauses if "纳税情况" in c.text]
    assert len(taxed) == 1 and "3万—6万元（8分）" in taxed[0].text and "所投资创办的企业" in taxed[0].text


def test_html_th_header_row_and_single_header_table(tmp_path: Path) -> None:
    table = (
        "<table><caption>城乡居民医保缴费标准</caption>"
        "<thead><tr><th>人员类别</th><th>个人缴费</th><th>财政补助</th></tr></thead>"
        "<tbody><tr><td>在校学生</td><td>413元</td><td>956元</td></tr>"
        "<tr><td>其他参保人员</td><td>549元</td><td>820元</td></tr></tbody></table>"
    )
    assert _html_lines(tmp_path, table) == [
        "城乡居民医保缴费标准",
        "人员类别：在校学生；个人缴费：413元；财政补助：956元",
        "人员类别：其他参保人员；个人缴费：549元；财政补助：820元",
    ]
    # With <th> headers even a two-column table is a data table, not key/value pairs.
    two = "<table><tr><th>项目</th><th>标准</th></tr><tr><td>挂号费</td><td>10元</td></tr></table>"
    assert _html_lines(tmp_path, two) == ["项目：挂号费；标准：10元"]


def test_html_key_value_tables_give_key_value_lines(tmp_path: Path) -> None:
    two_columns = (
        "<table><tr><td>牵头单位</td><td>市科技局</td></tr><tr><td>责任单位</td><td>市发改委、市财政局</td></tr>"
        "<tr><td>完成时限</td><td></td></tr></table>"
    )
    assert _html_lines(tmp_path, two_columns) == [
        "牵头单位：市科技局",
        "责任单位：市发改委、市财政局",
        "完成时限",
    ]
    # The attribute box of a 政府信息公开 page: label cells end in "：", some have no value.
    attributes = (
        "<table><tr><td>索引号：</td><td>11440106007508528C/2024-00031</td><td>分类：</td></tr>"
        "<tr><td>发布机构：</td><td>广州市民政局</td><td>成文日期：</td><td>2024-03-14</td></tr>"
        "<tr><td>文号：</td><td>发布日期：</td><td>2024-10-15</td></tr></table>"
    )
    assert _html_lines(tmp_path, attributes) == [
        "索引号：11440106007508528C/2024-00031",
        "发布机构：广州市民政局",
        "成文日期：2024-03-14",
        "发布日期：2024-10-15",
    ]


def test_html_blank_form_gives_its_labels_row_by_row(tmp_path: Path) -> None:
    form = (
        "<p>附表1</p><p>广州市就业见习基地申请表</p><table>"
        "<tr><td>单位名称</td><td colspan='3'></td></tr>"
        "<tr><td>联系人姓名</td><td>工作部门和职务</td><td>联系电话</td><td>电子邮箱</td></tr>"
        "<tr><td></td><td></td><td></td><td></td></tr>"
        "<tr><td rowspan='2'>开展见习情况</td><td>时间</td><td>见习人数</td><td>留用人数</td></tr>"
        "<tr><td></td><td></td><td></td></tr>"
        "<tr><td>单位简介</td><td colspan='3'></td></tr></table>"
    )
    assert _html_lines(tmp_path, form) == [
        "附表1",
        "广州市就业见习基地申请表",
        "单位名称",
        "联系人姓名；工作部门和职务；联系电话；电子邮箱",
        "开展见习情况；时间；见习人数；留用人数",
        "单位简介",
    ]


GOV_PAGE = """
<div class="header"><div class="top">无障碍 长者助手 <a href="/login">登录</a></div>
  <div class="search"><input type="text"><button>搜索</button> 搜索热词：社保 医保</div></div>
<div class="mainNav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
  <li><a href="/zwfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="container">
  <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; \
<a href="/gfxwj">规范性文件</a></div>
  <div class="side"><h3>政策解读</h3><ul>
    <li><a href="/jd/1">【图解】关于印发见习基地管理办法的通知</a></li>
    <li><a href="/jd/2">【音频解读】关于印发见习基地管理办法的通知</a></li></ul></div>
  <div class="info">
    <div class="jbxx">基本信息</div>
    <ul class="attrs"><li>统一编号： GZ0320190148</li><li>文&nbsp;&nbsp;号： 穗人社规字〔2019〕6号</li>
      <li>发布机关： 广州市人力资源和社会保障局</li><li>文件状态：</li></ul>
    <div class="news">
      <h1 class="info_title">广州市人力资源和社会保障局关于印发广州市就业见习基地管理办法的通知</h1>
      <div class="content_attr"><span>发布日期：2019-10-16</span><span>浏览次数：-</span>
        <span class="fx">分享到</span></div>
      <div id="info_cont">
        <p>各区人力资源和社会保障局：</p>
        <p>现将《广州市就业见习基地管理办法》印发给你们，请认真贯彻执行。</p>
        <p>第一条 为加强本市就业见习基地管理，切实做好青年在我市的就业见习工作，制定本办法。</p>
        <p>第二条 见习期间，见习单位应当每月向见习人员提供不低于本市最低工资标准80%的生活补贴。</p>
        <table><tr><td>补贴项目</td><td>补贴标准</td></tr><tr><td>留用补贴</td><td>每人3000元</td></tr></table>
      </div>
      <div class="info_bot"><a href="#">【返回顶部】</a><a href="javascript:close()">【关闭窗口】</a></div>
      <div class="ewm">扫一扫在手机打开当前页</div>
    </div>
  </div>
</div>
<div class="footer">主办单位：广州市人民政府办公厅 版权所有 <a href="/map">网站地图</a> <a href="/lx">联系我们</a>
  网站标识码：4401000004</div>
<div class="bbnr" style="display:none;"><p>各区人力资源和社会保障局：</p>\
<p>第一条 为加强本市就业见习基地管理。</p></div>
<div class="modal">× + - ↺</div>
"""


def test_html_government_page_keeps_headline_attributes_and_body_only(tmp_path: Path) -> None:
    head = "<title>通知 - 广州市人民政府门户网站</title>" + (
        "<meta name='ArticleTitle' content='广州市人力资源和社会保障局关于印发广州市就业见习基地管理办法的通知'>"
    )
    lines = _html_lines(tmp_path, GOV_PAGE, head=head)
    assert lines == [
        "广州市人力资源和社会保障局关于印发广州市就业见习基地管理办法的通知",
        "统一编号：GZ0320190148",
        "文号：穗人社规字〔2019〕6号",
        "发布机关：广州市人力资源和社会保障局",
        "发布日期：2019-10-16",
        "各区人力资源和社会保障局：",
        "现将《广州市就业见习基地管理办法》印发给你们，请认真贯彻执行。",
        "第一条 为加强本市就业见习基地管理，切实做好青年在我市的就业见习工作，制定本办法。",
        "第二条 见习期间，见习单位应当每月向见习人员提供不低于本市最低工资标准80%的生活补贴。",
        "补贴项目：补贴标准",
        "留用补贴：每人3000元",
    ]
    text = "\n".join(lines)
    for furniture in ["搜索", "无障碍", "首页", "当前位置", "政策解读", "分享", "浏览次数", "返回顶部",
                      "扫一扫", "版权所有", "网站地图", "×"]:  # fmt: skip
        assert furniture not in text


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        # A site's column tag before the headline is not part of it (it read as a labelled field).
        ("【人社】广州市劳动人事争议仲裁网上申请流程", "广州市劳动人事争议仲裁网上申请流程"),
        # A headline that reads as a sentence is still the title, not a later short line.
        ("房屋租赁登记备案可以网办吗？您想了解的在这里！", "房屋租赁登记备案可以网办吗？您想了解的在这里！"),
    ],
)
def test_a_pages_headline_is_its_title(tmp_path: Path, headline: str, title: str) -> None:
    body = (
        f"<h3 class='title'>{headline}</h3><div class='content'><p>这份保障租赁双方合法权益的攻略</p>"
        + "".join(f"<p>{n}.进入“粤省事”小程序，搜索“调解仲裁”服务，按提示逐项填写申请信息。</p>" for n in range(1, 6))
        + "</div>"
    )
    lines = _html_lines(
        tmp_path, body, head=f"<title>{headline}</title><meta name='ArticleTitle' content='{headline}'>"
    )
    assert lines[0] == title
    meta = parse_document("\n".join(lines), slug="page", fmt="html").meta
    assert meta.title == title and "人社" not in meta.attributes


def test_html_body_split_over_sibling_blocks_is_kept_whole(tmp_path: Path) -> None:
    # A long 办法 whose 附表 sit in sibling blocks after the text, as real pages have them.
    articles = "".join(
        f"<p>第{n}条 这一条规定见习基地的某一项管理要求，内容较长，用来占据正文的大部分文字。</p>" for n in range(1, 9)
    )
    body = (
        "<div class='nav'><a href='/'>首页</a> <a href='/a'>政务公开</a></div>"
        f"<div id='content'><div>{articles}<p>附表1</p></div>"
        "<div><p>附表2 见习岗位需求信息表</p><table><tr><td>岗位名称</td><td>岗位职责</td><td>人数</td></tr>"
        "<tr><td>行政助理</td><td>文书处理</td><td>2</td></tr></table></div>"
        "<p>公开方式：主动公开</p></div>"
    )
    lines = _html_lines(tmp_path, body)
    assert lines[0].startswith("第1条") and "首页" not in lines
    assert lines[-4:] == [
        "附表1",
        "附表2 见习岗位需求信息表",
        "岗位名称：行政助理；岗位职责：文书处理；人数：2",
        "公开方式：主动公开",
    ]


def test_html_text_split_in_two_beside_site_chrome_is_kept_whole(tmp_path: Path) -> None:
    first = "".join(f"<p>第{n}条 前半部分的正文，说明某项政策的具体规定和要求。</p>" for n in range(1, 7))
    second = "".join(f"<p>第{n}条 后半部分的正文，同样说明规定和要求。</p>" for n in range(7, 12))
    body = (
        "<div class='main'><div class='crumb'>当前位置：<a href='/'>首页</a> &gt; <a href='/zwgk'>政务公开</a></div>"
        f"<div class='part'>{first}</div><div class='part'>{second}</div><div class='share'>分享到</div></div>"
        "<div class='footer'>版权所有 <a href='/map'>网站地图</a></div>"
    )
    lines = _html_lines(tmp_path, body)
    assert [line.split(" ")[0] for line in lines] == [f"第{n}条" for n in range(1, 12)]


def test_html_short_page_keeps_every_paragraph(tmp_path: Path) -> None:
    body = "<p>第一条 这是一段很长的正文，用来说明某项政策的具体规定和要求。</p><p>附件</p>"
    assert _html_lines(tmp_path, body) == [
        "第一条 这是一段很长的正文，用来说明某项政策的具体规定和要求。",
        "附件",
    ]


def test_html_text_hidden_until_a_script_shows_it_is_read(tmp_path: Path) -> None:
    body = "<div style='display:none'><p>第一条 正文在页面加载后由脚本显示。</p><p>第二条 另一段正文。</p></div>"
    page = f"<html><head><meta charset='utf-8'></head><body style='visibility: hidden'>{body}</body></html>"
    text = load_file(_write(tmp_path, "shown-by-script.html", page.encode("utf-8"))).text
    assert text.split("\n") == ["第一条 正文在页面加载后由脚本显示。", "第二条 另一段正文。"]


def test_html_line_breaks_inside_chinese_text_do_not_split_it(tmp_path: Path) -> None:
    body = (
        "<div><p>第一条　为了规范市场主体\n登记管理行为，<br>推进法治化市场建设。</p>"
        "<p>Article 2\nof the rules</p></div>"
    )
    assert _html_lines(tmp_path, body) == [
        "第一条　为了规范市场主体登记管理行为，",
        "推进法治化市场建设。",
        "Article 2 of the rules",
    ]


# --------------------------------------------------------------------------- docx


def _make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("关于印发实施方案的通知", level=1)
    document.add_paragraph("一、总体要求")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["序号", "任务", "牵头单位"], ["1", "建设创新平台", "市科技局"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("二、保障措施")
    document.add_paragraph("（一）加强组织领导。")
    document.save(str(path))


def test_docx_paragraphs_and_table_rows_in_body_order(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    _make_docx(path)
    loaded = load_file(path)
    assert loaded.format == "docx"
    assert loaded.encoding is None
    lines = loaded.text.split("\n")
    assert lines == [
        "关于印发实施方案的通知",
        "一、总体要求",
        "序号：1；任务：建设创新平台；牵头单位：市科技局",
        "二、保障措施",
        "（一）加强组织领导。",
    ]
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_docx_merged_cell_text_is_not_duplicated(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "重点任务分工表"
    for c, value in enumerate(["任务", "牵头单位", "完成时限"]):
        table.cell(1, c).text = value
    path = tmp_path / "merged.docx"
    document.save(str(path))
    text = load_file(path).text
    assert text.count("重点任务分工表") == 1
    assert text.split("\n") == ["重点任务分工表", "任务；牵头单位；完成时限"]


def test_corrupt_docx_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.docx", b"this is not a zip archive at all")
    with pytest.raises(LoadError, match=r"^unreadable \.docx file: ") as info:
        load_file(path)
    assert "\n" not in str(info.value)
    assert len(str(info.value)) < 200


def test_docx_with_bad_xml_is_rejected(tmp_path: Path) -> None:
    import zipfile

    good = tmp_path / "good.docx"
    _make_docx(good)
    bad = tmp_path / "badxml.docx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]  # truncated XML
            zout.writestr(item, data)
    with pytest.raises(LoadError, match=r"^unreadable \.docx file: "):
        load_file(bad)


def test_docx_without_text_is_rejected(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(LoadError, match=r"^no text found in document$"):
        load_file(path)


def _docx_fee_table(path: Path, header_row: bool = False) -> None:
    """The FEE_TABLE of the HTML tests as Word builds it: gridSpan and vMerge cells."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("门诊特定病种范围及最高支付限额如下：")
    table = document.add_table(rows=6, cols=6)
    table.cell(0, 0).merge(table.cell(0, 5)).text = "广州市社会医疗保险门诊特定病种最高支付限额标准"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "序号"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "门诊特定病种"
    table.cell(1, 3).merge(table.cell(1, 4)).text = "统筹基金最高支付限额"
    table.cell(1, 5).merge(table.cell(2, 5)).text = "审核确认有效期"
    for c, value in enumerate(["分类", "病种名称", "职工医保", "城乡居民医保"], start=1):
        table.cell(2, c).text = value
    for c, value in enumerate(["1", "一类", "高血压病", "200元/月", "50元/月", "长期"]):
        table.cell(3, c).text = value
    table.cell(3, 1).merge(table.cell(4, 1))
    for c, value in [(0, "2"), (2, "糖尿病"), (3, "200元/月"), (5, "长期")]:
        table.cell(4, c).text = value
    for c, value in [(0, "3"), (1, "二类"), (2, "血友病"), (5, "长期")]:
        table.cell(5, c).text = value
    table.cell(5, 3).merge(table.cell(5, 4)).text = "无"
    if header_row:
        for row in table.rows[1:3]:
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is not None
    document.add_paragraph("以上标准自2019年7月1日起执行。")
    document.save(str(path))


def test_docx_tables_are_rendered_like_html_tables(tmp_path: Path) -> None:
    path = tmp_path / "fees.docx"
    _docx_fee_table(path)
    html = _write(tmp_path, "fees.html", f"<html><body><div>{FEE_TABLE}</div></body></html>".encode())
    docx_lines = load_file(path).text.split("\n")
    assert docx_lines == load_file(html).text.split("\n")
    assert (
        "序号：2；门诊特定病种（分类）：一类；门诊特定病种（病种名称）：糖尿病；统筹基金最高支付限额（职工医保）：200元/月；审核确认有效期：长期"
        in docx_lines
    )
    # Word's "repeat as header row" marks the header rows; the result is the same.
    marked = tmp_path / "marked.docx"
    _docx_fee_table(marked, header_row=True)
    assert load_file(marked).text.split("\n") == docx_lines


def test_docx_two_column_table_gives_key_value_lines(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for r, (key, value) in enumerate([("牵头单位", "市科技局"), ("责任单位", "市发改委、市财政局"), ("完成时限", "")]):
        table.cell(r, 0).text, table.cell(r, 1).text = key, value
    path = tmp_path / "kv.docx"
    document.save(str(path))
    assert load_file(path).text.split("\n") == [
        "牵头单位：市科技局",
        "责任单位：市发改委、市财政局",
        "完成时限",
    ]


# --------------------------------------------------------------------------- pdf


def _make_chinese_pdf(path: Path, lines: list[str]) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    y = 760
    for line in lines:
        c.setFont("Helvetica" if line.isascii() else "STSong-Light", 12)
        c.drawString(72, y, line)
        y -= 20
    c.showPage()
    c.setFont("STSong-Light", 12)
    c.drawString(72, 760, "第二页。")
    c.showPage()
    c.save()


def _pdf_bytes(writer: object) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def test_pdf_chinese_text_is_extracted(tmp_path: Path) -> None:
    lines = ["一、总体要求", "（一）指导思想。牢固树立创新强省工作导向。", "Article 1: ASCII line"]
    path = tmp_path / "plan.pdf"
    _make_chinese_pdf(path, lines)
    loaded = load_file(path)
    assert loaded.format == "pdf"
    assert loaded.encoding is None
    text_lines = [line.strip() for line in loaded.text.split("\n")]
    for line in [*lines, "第二页。"]:
        assert line in text_lines
    _assert_in_order(loaded.text, [*lines, "第二页。"])


def test_encrypted_pdf_is_rejected(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    with pytest.raises(LoadError, match=r"^encrypted PDF$"):
        load_file(_write(tmp_path, "locked.pdf", _pdf_bytes(writer)))


def test_pdf_encrypted_with_empty_user_password_is_opened(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from pypdf import PdfReader, PdfWriter

    plain = tmp_path / "plain.pdf"
    _make_chinese_pdf(plain, ["一、总体要求"])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    loaded = load_file(_write(tmp_path, "owner-only.pdf", _pdf_bytes(writer)))
    assert "一、总体要求" in loaded.text


def test_pdf_with_only_a_blank_page_has_no_text_layer(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with pytest.raises(LoadError) as info:
        load_file(_write(tmp_path, "scan.pdf", _pdf_bytes(writer)))
    assert str(info.value) == "PDF has no text layer (scanned image?); OCR is not supported"


def test_garbage_pdf_is_unreadable(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    level_before = logging.getLogger("pypdf").level
    with caplog.at_level(logging.WARNING), pytest.raises(LoadError, match=r"^unreadable PDF: ") as info:
        load_file(_write(tmp_path, "x.pdf", b"this is not a PDF, just some garbage bytes\n" * 20))
    assert "\n" not in str(info.value)
    assert len(str(info.value)) <= len("unreadable PDF: ") + 120
    # pypdf's warnings about the broken file are silenced, and its level is restored after.
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert logging.getLogger("pypdf").level == level_before


def test_truncated_pdf_is_unreadable(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    data = _pdf_bytes(writer)
    with pytest.raises(LoadError, match=r"^(unreadable PDF: |PDF has no text layer)"):
        load_file(_write(tmp_path, "cut.pdf", data[: len(data) // 3]))


# --------------------------------------------------------------------------- safety net


def test_library_exceptions_never_escape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> str:
        raise RuntimeError("internal failure\nwith a second line")

    monkeypatch.setattr(loaders, "_decode_text", boom)
    with pytest.raises(LoadError) as info:
        load_file(_write(tmp_path, "a.txt", b"text"))
    assert "\n" not in str(info.value)
    assert "RuntimeError: internal failure" in str(info.value)


# --------------------------------------------------------------------------- iter_source_files


def test_iter_source_files_expands_directories_sorted(tmp_path: Path) -> None:
    for name in ["b.txt", "a.md", "sub/c.html", "sub/deeper/d.pdf", "A.docx", "z.htm"]:
        _write(tmp_path, name, b"x")
    found = iter_source_files([tmp_path])
    rel = [p.relative_to(tmp_path).as_posix() for p in found]
    assert rel == ["A.docx", "a.md", "b.txt", "sub/c.html", "sub/deeper/d.pdf", "z.htm"]


def test_iter_source_files_skips_hidden_and_unsupported_inside_directories(tmp_path: Path) -> None:
    for name in [
        "keep.txt",
        ".hidden.txt",
        ".git/config.txt",
        "sub/.cache/x.md",
        "sub/keep.md",
        "notes.xyz",
        "scan.jpg",
        "README.md",
    ]:
        _write(tmp_path, name, b"x")
    rel = [p.relative_to(tmp_path).as_posix() for p in iter_source_files([tmp_path])]
    assert rel == ["README.md", "keep.txt", "sub/keep.md"]


def test_iter_source_files_keeps_explicit_unsupported_file(tmp_path: Path) -> None:
    odd = _write(tmp_path, "notes.xyz", b"x")
    hidden = _write(tmp_path, ".hidden.txt", b"x")
    assert iter_source_files([odd, hidden]) == [odd, hidden]
    with pytest.raises(LoadError, match="unsupported format"):
        load_file(odd)


def test_iter_source_files_keeps_argument_order_and_drops_duplicates(tmp_path: Path) -> None:
    first = _write(tmp_path, "z/one.txt", b"x")
    second = _write(tmp_path, "a/two.txt", b"x")
    assert iter_source_files([tmp_path / "z", tmp_path / "a", first]) == [first, second]


def test_iter_source_files_missing_path_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file or directory"):
        iter_source_files([tmp_path / "missing"])


# --------------------------------------------------------------------------- real corpus


def test_corpus_files_come_through_byte_exact() -> None:
    files = iter_source_files([CORPUS])
    assert len(files) >= 5
    for path in files:
        loaded = load_file(path)
        expected = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
        assert loaded.text == expected, path.name
        assert loaded.encoding == "utf-8"
        assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- real government pages

# The element holding each real page's document text, chosen by eye from the saved pages (the
# site's own ids and classes). The loader does not know them; the tests check its choice.
REAL_BODY = {
    "05": "//div[@id='zoomcon']", "06": "//div[@id='zoomcon']", "10b": "//div[@id='info_cont']",
    "11b": "//article[contains(@class,'content_article')]", "12": "//div[@id='zoomcon']",
    "13": "//div[@id='info_cont']", "18": "//div[@id='info_cont']", "23": "//div[@id='zoomcon']",
    "27b": "//div[@id='info_cont']", "27c": "//div[@id='detailCon']", "28": "//div[@id='info_cont']",
    "29": "//div[@id='info_cont']", "30": "//div[@class='article-content']", "31": "//div[@id='zoomcon']",
    "32": "//div[@id='zoomcon']", "35": "//div[@id='zoomcon']", "35c": "//div[@id='info_cont']",
    "37": "//div[@id='zoomcon']",
}  # fmt: skip

FURNITURE = ["搜索", "无障碍", "长者助手", "当前位置", "您当前所在的位置", "首页", "分享", "扫一扫",
             "返回顶部", "关闭窗口", "打印", "版权所有", "网站地图", "浏览次数", "浏览量",
             "市委组织部", "↺"]  # fmt: skip


def _real_pages(realcorpus_dir: Path) -> dict[str, Path]:
    pages = {p.name.split("_")[0]: p for p in sorted((realcorpus_dir / "docs").glob("*.html"))}
    if not pages:
        pytest.skip("no .html pages in the real corpus")
    return pages


def _squeeze(text: str) -> str:
    return "".join(text.split())


def test_real_pages_give_headline_body_and_no_furniture(realcorpus_dir: Path) -> None:
    import lxml.html

    checked = 0
    for name, path in _real_pages(realcorpus_dir).items():
        text = load_file(path).text
        lines = text.split("\n")
        assert all(line.strip() == line and line for line in lines), name  # one paragraph a line
        root = lxml.html.document_fromstring(path.read_bytes())
        # The headline first: the title the page declares for its article.
        declared = root.xpath("//meta[@name='ArticleTitle']/@content")
        assert declared and _squeeze(lines[0]) == _squeeze(declared[0]), name
        # The site's identification code, from its meta tag (it says whose page it is), once, as an
        # attribute line (not the footer's).
        code = root.xpath("//meta[@name='SiteIDCode']/@content")
        if code:
            assert lines[-1] == f"网站标识码：{code[0]}" and text.count("网站标识码") == 1, name
        if name not in REAL_BODY:
            continue
        checked += 1
        # Every paragraph and table cell of the document's text is there, paragraphs in order.
        container = root.xpath(REAL_BODY[name])[0]
        squeezed, pos = _squeeze(text), 0
        for el in container.iter("p", "td", "th", "li"):
            if el.xpath("ancestor-or-self::*[contains(@style,'display:none')]") or el.find(".//p") is not None:
                continue
            block = _squeeze(el.text_content())
            assert block in squeezed, (name, block[:40])
            if el.tag == "p" and not el.xpath("ancestor::table"):
                found = squeezed.find(block, pos)
                assert found >= 0, (name, "out of order", block[:40])
                pos = found + len(block)
        # No site furniture: what the page shows around the document is not in the text.
        body_text = _squeeze(container.text_content())
        for word in FURNITURE:
            assert word not in text or word in body_text, (name, word)
    assert checked == len(REAL_BODY)


def _real_lines(realcorpus_dir: Path, name: str) -> list[str]:
    path = _real_pages(realcorpus_dir).get(name)
    if path is None:
        pytest.skip(f"real page {name} not in the corpus")
    return load_file(path).text.split("\n")


def test_real_fee_table_rows_read_with_their_headers(realcorpus_dir: Path) -> None:
    lines = _real_lines(realcorpus_dir, "10b")  # 门诊特定病种 费用范围及标准: 58 diseases, two header rows
    rows = [line for line in lines if line.startswith("序号：")]
    assert len(rows) == 58
    assert rows[0] == (
        "序号：1；门诊特定病种（分类）：一类；门诊特定病种（病种名称）：高血压病；统筹基金最高支付限额（职工医保）：200元/月；"
        "统筹基金最高支付限额（城乡居民医保）：50元/月；审核确认有效期：长期"
    )
    assert (
        "序号：51；门诊特定病种（分类）：二类；门诊特定病种（病种名称）：恶性肿瘤放射治疗；统筹基金最高支付限额：无；审核确认有效期：两年"
        in rows
    )
    # The table sits where the page has it: after 附件1's title, before 附件2.
    first = lines.index(rows[0])
    assert lines[first - 2] == "附件1"
    assert lines[first - 1].startswith("广州市社会医疗保险门诊特定病种范围、最高支付限额标准")
    assert lines.index(rows[-1]) < next(i for i, line in enumerate(lines) if line.startswith("附件2"))


def test_real_table_that_trafilatura_dropped_is_kept(realcorpus_dir: Path) -> None:
    lines = _real_lines(realcorpus_dir, "06")  # 城乡居民医保集中参保缴费通告: 参保缴费渠道 table
    assert (
        "序号：1；人员类别：集体经济组织（或村民委员会）的城乡居民；参保缴费渠道：以户为单位由集体经济组织（或村民委员会）"
        "统一到所属街道（镇）公共服务机构办理参保登记手续并统一代收代缴城乡居民医保费。"
    ) in lines
    assert sum(line.startswith("序号：") for line in lines) == 5


def test_real_attribute_boxes_are_key_value_lines(realcorpus_dir: Path) -> None:
    lines = _real_lines(realcorpus_dir, "30")  # 政府信息公开 page: attribute table above the headline
    assert lines[:6] == [
        "广州市民政局 广州市财政局 广州市市场监督管理局关于印发广州市老年人助餐配餐服务管理办法的通知",
        "索引号：11440106007508528C/2024-00031",
        "发布机构：广州市天河区财政局（广州市天河区人民政府国有资产监督管理局）",
        "成文日期：2024-03-14",
        "名称：广州市民政局 广州市财政局 广州市市场监督管理局关于印发广州市老年人助餐配餐服务管理办法的通知",
        "发布日期：2024-10-15",
    ]
    lines = _real_lines(realcorpus_dir, "18")  # 规范性文件 platform page: 基本信息 box
    assert lines[1:6] == [
        "统一编号：GZ0320190148",
        "文号：穗人社规字〔2019〕6号",
        "实施日期：2019年10月16日",
        "失效日期：2024年10月15日",
        "发布机关：广州市人力资源和社会保障局",
    ]
    # Its blank 附表 forms give their fields; its last article and 公开方式 are kept.
    assert "联系人姓名；工作部门和职务；联系电话/传真；电子邮箱" in lines
    assert lines[-2:] == ["公开方式：主动公开", "网站标识码：4401000004"]
    lines = _real_lines(realcorpus_dir, "23")  # a 办事指南 page: date and source line, no font switch
    assert lines[1:3] == ["发表时间：2025-08-21 17:38", "信息来源：市人力资源社会保障局 社保中心"]


def test_a_ministry_page_saved_as_text_keeps_its_title_not_its_breadcrumb_or_page_title():
    from assistant.ingest import parse_document

    page = (
        "【关于完善容量电价机制的通知(发改价格〔2026〕114号)】-国家发展和改革委员会\n首页\n>\n政务公开\n>\n政策\n>\n通知\n"
        "关于完善容量电价机制的通知(发改价格〔2026〕114号)\n发布时间：2026/01/30\n来源：\n价格司\n[ 打印 ]\n"
        "国家发展改革委 国家能源局关于\n完善容量电价机制的通知\n发改价格〔2026〕114号\n"
        "各省、自治区、直辖市发展改革委：\n"
        "一、总体要求\n完善容量电价机制，保障电力安全稳定供应。\n"
    )
    doc = parse_document(page, slug="page")
    assert ">" not in doc.meta.title and "政策" not in doc.meta.title and "【" not in doc.meta.title
    assert "完善容量电价机制的通知" in doc.meta.title and doc.meta.doc_number == "发改价格〔2026〕114号"
