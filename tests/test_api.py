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
