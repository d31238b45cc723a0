from __future__ import annotations

from datetime import datetime

from pipeline import extract_text
from pipeline.schema import SCHEMAS


def test_extract_text_returns_every_table():
    text = "華星電子今天宣布解僱技術長。\n公司表示將儘快任命新人。"
    t = extract_text(text, posted_at=datetime(2024, 3, 8, 21, 5), tz="Asia/Taipei")
    assert set(t) == set(SCHEMAS)
    doc = t["documents"].iloc[0]
    assert doc.body == text and doc.script == "traditional" and doc.timezone == "Asia/Taipei"
    assert doc.posted_at == "2024-03-08T21:05:00"
    assert str(doc.posted_at_utc) == "2024-03-08 13:05:00+00:00"
    sents = t["sentences"]
    assert sents.text.tolist() == ["華星電子今天宣布解僱技術長。", "公司表示將儘快任命新人。"]
    for _, s in sents.iterrows():
        assert text[s.start:s.end] == s.text


def test_doc_id_is_a_stable_content_hash():
    a = extract_text("同一段文字。")["documents"].doc_id[0]
    b = extract_text("同一段文字。", source="elsewhere")["documents"].doc_id[0]
    c = extract_text("另一段文字。")["documents"].doc_id[0]
    assert a == b != c and len(a) == 16


def test_a_chunk_gives_each_document_what_process_gives_it_and_isolates_a_failure(monkeypatch):
    # workers run chunks stage by stage; a document must not get another's rows or error
    from pipeline.nlp import get_nlp
    from pipeline.process import process, process_many
    from pipeline.records import RawDocument

    texts = ["微軟執行長納德拉昨天表示，公司將投資OpenAI。", "壞文件", "阿尔特曼周一说，董事会解雇了他。"]
    raws = [RawDocument(source="<test>", body=t, posted_at="2023-11-20T08:37:20") for t in texts]
    a = get_nlp()
    alone = [process(r, a).tables for r in raws]
    assert [x.tables for x in process_many(raws, a)] == alone
    name, proc = a.nlp.pipeline[1]

    def fragile(doc):
        if doc._.orig_text == "壞文件":
            raise ValueError("boom")
        return proc(doc)

    monkeypatch.setattr(a.nlp, "_components", [
        (n, fragile if n == name else p) for n, p in a.nlp.pipeline])
    got = process_many(raws, a)
    assert isinstance(got[1], ValueError)
    assert [got[0].tables, got[2].tables] == [alone[0], alone[2]]
