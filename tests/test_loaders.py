"""Behaviour of assistant.ingest.loaders: every supported format comes out as text, and every
kind of bad input is skipped with a one-line reason a non-programmer can understand."""

from __future__ import annotations

import hashlib
import io
import logging
import random
from pathlib import Path

import pytest

from assistant.ingest import loaders
from assistant.ingest.loaders import SUPPORTED_SUFFIXES, LoadError, iter_source_files, load_file

CORPUS = Path(__file__).parent.parent / "corpus"

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


def test_html_falls_back_to_body_text_when_trafilatura_finds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
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
        "序号\t任务\t牵头单位",
        "1\t建设创新平台\t市科技局",
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
    assert "任务\t牵头单位\t完成时限" in text.split("\n")


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
