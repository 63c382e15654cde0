"""The persisted hybrid index: round trip, incremental and interrupted ingests, bad input,
damaged indexes. A hashing embedder stands in for the model to keep these fast."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from conftest import HashEmbeddings

from assistant.index.store import IndexUnavailable, current_build, open_index
from assistant.ingest.corpus import build_index

JINHUA = "jinhua-innovative-city-plan-2018"


def test_round_trip_keeps_records_vectors_and_bm25(settings):
    emb = HashEmbeddings()
    report = build_index(None, settings, embedder=emb)
    assert sorted(report.added) == sorted(p.stem for p in settings.corpus_dir.glob("*.txt"))
    assert not report.failed

    store = open_index(settings)
    assert len(store.documents()) == 5
    assert store.dense.ntotal == len(store.passages) == report.passages == emb.embedded
    blue_sky = store.clause(f"{JINHUA}#2.8")
    assert blue_sky.fields.lead_units == ["市蓝天办"]
    assert blue_sky.label == "二（八）"
    assert store.clauses_by_unit("市蓝天办") == [(f"{JINHUA}#2.8", "lead")]
    assert (f"{JINHUA}#2.8", "responsible") in store.clauses_by_unit("市环保局")
    assert "“蓝天保卫战”三年行动计划" in store.full_clause_text(f"{JINHUA}#2")
    assert store.document_meta(JINHUA).doc_number == "金政办发〔2018〕106号"

    # Stored vectors are the embedder's vectors for the indexed text.
    row = next(i for i, p in enumerate(store.passages) if p.clause_id == f"{JINHUA}#2.8")
    expected = emb.embed_array([store.passages[row].search_text])[0]
    assert np.allclose(store.dense.reconstruct(row), expected, atol=1e-6)
    scores, ids = store.dense.search(expected[None, :], 1)
    assert ids[0][0] == row

    # BM25 over jieba tokens keeps the corpus's unit and plan names whole.
    tokens = store.tokenizer.tokenize("蓝天保卫战由市蓝天办牵头")
    assert "市蓝天办" in tokens and "蓝天保卫战" in tokens
    scores = store.bm25.get_scores(store.tokenizer.tokenize("市蓝天办"))
    assert store.passages[int(np.argmax(scores))].clause_id == f"{JINHUA}#2.8"


def test_reingest_embeds_only_what_changed(settings):
    build_index(None, settings, embedder=HashEmbeddings())

    emb = HashEmbeddings()
    again = build_index(None, settings, embedder=emb)
    assert emb.embedded == 0 and again.passages_embedded == 0
    assert len(again.unchanged) == 5 and not again.added and not again.updated

    path = settings.corpus_dir / f"{JINHUA}.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("空气质量优良天数比率达到80%以上", "空气质量优良天数比率达到85%以上"), encoding="utf-8"
    )
    emb = HashEmbeddings()
    changed = build_index(None, settings, embedder=emb)
    assert changed.updated == [JINHUA]
    assert emb.embedded == 1  # only the passage of clause 二（八）
    store = open_index(settings)
    assert "85%以上" in store.clause(f"{JINHUA}#2.8").text

    (settings.corpus_dir / "dingxi-innovation-plan-2020.txt").unlink()
    removed = build_index(None, settings, embedder=HashEmbeddings())
    assert removed.removed == ["dingxi-innovation-plan-2020"]
    store = open_index(settings)
    assert "dingxi-innovation-plan-2020" not in {d.slug for d in store.documents()}
    assert store.clauses("dingxi-innovation-plan-2020") == []
    assert all(p.doc_slug != "dingxi-innovation-plan-2020" for p in store.passages)


def test_a_file_ingested_by_path_stays_when_the_corpus_is_reingested(settings, tmp_path):
    build_index(None, settings, embedder=HashEmbeddings())
    extra = tmp_path / "extra" / "新规定.txt"
    extra.parent.mkdir()
    extra.write_text(
        "某市科技奖励办法\n一、总则\n（一）适用范围。本办法适用于本市企业。（牵头单位：市科技局）\n", encoding="utf-8"
    )
    assert build_index([extra], settings, embedder=HashEmbeddings()).added == ["新规定"]
    again = build_index(None, settings, embedder=HashEmbeddings())
    assert "新规定" in again.unchanged and not again.removed


def test_a_different_embedder_rebuilds_everything(settings):
    build_index(None, settings, embedder=HashEmbeddings("model-a"))
    other = settings.model_copy(update={"embedder": "model-b"})
    emb = HashEmbeddings("model-b", dim=32)
    report = build_index(None, other, embedder=emb)
    assert report.passages_reused == 0 and emb.embedded == report.passages
    assert open_index(other).dense.d == 32
    with pytest.raises(IndexUnavailable, match="built with the embedder 'model-b'.*POLICY_ASSISTANT_EMBEDDER"):
        open_index(settings)


def test_an_ingest_that_fails_midway_leaves_the_previous_index(settings):
    build_index(None, settings, embedder=HashEmbeddings())
    before = current_build(settings.index_dir)

    class Broken(HashEmbeddings):
        def _embed_passages(self, texts):
            raise RuntimeError("model crashed")

    path = settings.corpus_dir / f"{JINHUA}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n新增一句。", encoding="utf-8")
    with pytest.raises(RuntimeError):
        build_index(None, settings, embedder=Broken())
    assert current_build(settings.index_dir) == before
    assert open_index(settings).clause(f"{JINHUA}#2.8").fields.lead_units == ["市蓝天办"]


def test_an_ingest_killed_before_the_swap_leaves_the_previous_index(settings):
    """SIGKILL after the new build is written, just before CURRENT is replaced."""
    build_index(None, settings, embedder=HashEmbeddings())
    before = current_build(settings.index_dir)
    (settings.corpus_dir / "dingxi-innovation-plan-2020.txt").unlink()
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
        from conftest import HashEmbeddings
        from assistant.config import Settings
        from assistant.ingest.corpus import build_index
        s = Settings(index_dir={str(settings.index_dir)!r}, corpus_dir={str(settings.corpus_dir)!r},
                     embedder="test-hash", show_progress=False)
        build_index(None, s, embedder=HashEmbeddings(), _before_swap=lambda d: os.kill(os.getpid(), signal.SIGKILL))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    assert current_build(settings.index_dir) == before
    store = open_index(settings)
    assert "dingxi-innovation-plan-2020" in {d.slug for d in store.documents()}

    # The next ingest completes and clears the orphaned build.
    build_index(None, settings, embedder=HashEmbeddings())
    builds = [p.name for p in settings.index_dir.iterdir() if p.is_dir()]
    assert len(builds) == 2  # the new one and the previous one (a server may still read it)
    assert before.name in builds


def test_damaged_or_missing_index_gives_a_message_naming_the_fix(settings):
    with pytest.raises(IndexUnavailable, match="No index found.*policy-assistant ingest"):
        open_index(settings)
    build_index(None, settings, embedder=HashEmbeddings())
    build = current_build(settings.index_dir)

    (build / "dense.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexUnavailable, match="damaged.*ingest --rebuild"):
        open_index(settings)

    (build / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexUnavailable, match="corrupt.*ingest --rebuild"):
        open_index(settings)

    (build / "manifest.json").write_text(json.dumps({"format_version": 999}), encoding="utf-8")
    with pytest.raises(IndexUnavailable, match="another version.*ingest --rebuild"):
        open_index(settings)

    (settings.index_dir / "CURRENT").write_text("build-gone", encoding="utf-8")
    with pytest.raises(IndexUnavailable, match="missing build.*ingest --rebuild"):
        open_index(settings)

    # --rebuild recovers from any of these.
    report = build_index(None, settings, embedder=HashEmbeddings(), rebuild=True)
    assert len(report.added) == 5
    assert open_index(settings).dense.ntotal == report.passages


def test_bad_files_are_reported_one_line_each_and_the_rest_is_ingested(settings):
    build_index(None, settings, embedder=HashEmbeddings())
    corpus = settings.corpus_dir
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "junk.txt").write_bytes(os.urandom(2000) + b"\x00" * 10)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    (corpus / "copy-of-jinhua.txt").write_bytes((corpus / f"{JINHUA}.txt").read_bytes())
    (corpus / "notes.xyz").write_text("ignored: unsupported files inside folders are not ingested")
    report = build_index(None, settings, embedder=HashEmbeddings())
    reasons = {Path(p).name: r for p, r in report.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["junk.txt"] == "not a text document (binary content)"
    assert reasons["broken.pdf"].startswith("unreadable PDF")
    assert reasons["copy-of-jinhua.txt"].startswith("duplicate of")
    assert "notes.xyz" not in reasons
    assert all("\n" not in r for r in reasons.values())
    assert reasons["copy-of-jinhua.txt"].endswith(f"{JINHUA}.txt")
    assert report.failed and len(report.unchanged) == 5 and not report.added


def test_gbk_docx_pdf_and_html_documents_are_parsed_into_clauses(settings, tmp_path):
    from docx import Document as Docx

    policy = [
        "某市促进科技创新若干措施",
        "一、支持企业研发",
        "（一）研发补助。对新认定的高新技术企业给予10万元奖励。（牵头单位：市科技局，责任单位：市财政局）",
        "（二）人才引进。到2025年，引进高层次人才100人以上。（牵头单位：市人社局）",
        "二、保障措施",
        "（一）加强组织领导。各部门要高度重视。",
    ]
    src = tmp_path / "formats"
    src.mkdir()
    (src / "gbk-policy.txt").write_bytes("\n".join(policy).encode("gbk"))
    doc = Docx()
    for line in policy:
        doc.add_paragraph(line)
    doc.save(src / "word-policy.docx")
    html = (
        "<html><head><meta charset='utf-8'><title>t</title></head><body><nav>首页 > 政务公开</nav><article>"
        + "".join(f"<p>{line}</p>" for line in policy)
        + "</article><footer>打印 关闭</footer></body></html>"
    )
    (src / "web-policy.html").write_text(html, encoding="utf-8")
    pdf = pytest.importorskip("reportlab.pdfgen.canvas")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = pdf.Canvas(str(src / "pdf-policy.pdf"))
    c.setFont("STSong-Light", 10)
    for i, line in enumerate(policy):
        c.drawString(40, 800 - 20 * i, line)
    c.save()

    report = build_index([src], settings, embedder=HashEmbeddings())
    assert sorted(s for s in report.added if s.endswith("policy")) == [
        "gbk-policy",
        "pdf-policy",
        "web-policy",
        "word-policy",
    ]
    store = open_index(settings)
    for slug in ("gbk-policy", "word-policy", "web-policy", "pdf-policy"):
        labels = {c.label: c for c in store.clauses(slug)}
        assert {"一", "一（一）", "一（二）", "二", "二（一）"} <= set(labels), slug
        assert labels["一（一）"].fields.lead_units == ["市科技局"], slug
        assert labels["一（二）"].fields.targets[0].value == 100, slug
        assert store.document_meta(slug).title == "某市促进科技创新若干措施", slug


def test_a_long_corpus_word_in_a_question_gives_its_general_words():
    # A heading the user dictionary keeps whole ("人民调解委员会调解纠纷") is a phrase: a clause saying
    # "人民调解委员会调解民间纠纷不收费" has its words, not the heading. Compounds of up to eight
    # characters ("研发费用加计扣除", "高新技术企业") stay whole.
    from assistant.index.lexicon import LexicalTokenizer
    from assistant.query.read import match_term

    tk = LexicalTokenizer(extra_words=["人民调解委员会调解纠纷", "研发费用加计扣除"])
    words = tk.question_words("找人民调解委员会调解纠纷")
    assert len(words) > 2 and "人民调解委员会调解纠纷" not in words
    assert all(match_term(w, "人民调解委员会调解民间纠纷不收费") > 0 for w in words[1:])
    assert "研发费用加计扣除" in tk.question_words("研发费用加计扣除比例是多少")


def test_a_guessed_question_word_is_kept_whole_only_when_the_documents_use_it():
    # jieba's HMM glues "长护险" (the rules' own short name) as it glues "改会罚": the first is a word of
    # the documents, the second is split back into dictionary words.
    from assistant.index.lexicon import LexicalTokenizer

    tk = LexicalTokenizer()
    corpus_words = {"长护险"}
    assert "长护险" in tk.question_words("长护险个人每个月要交多少", keep=corpus_words.__contains__)
    assert "长护险" not in tk.question_words("长护险个人每个月要交多少")
    assert "改会罚" not in tk.question_words("逾期不改会罚多少", keep=corpus_words.__contains__)
