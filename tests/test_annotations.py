"""What stages read of each other: the entities and time expressions a later stage gets must
follow the Doc when a component changes it afterwards (a cache here must never go stale)."""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.annotations import entities, set_records, timexes
from pipeline.nlp import get_nlp

TEXT = "2024年5月1日，微软首席执行官纳德拉在北京表示，公司将于明年三月投产。"


def _doc():
    a = get_nlp()
    doc = a.nlp.tokenizer.make_doc(TEXT)
    for _, proc in a.nlp.pipeline:
        doc = proc(doc)
    return doc


def test_entities_follow_a_change_of_doc_ents():
    doc = _doc()
    first = entities(doc)
    assert {e.text for e in first} >= {"微软", "纳德拉", "北京"}
    kept = [e for e in doc.ents if e.text != "北京"]
    doc.set_ents(kept, default="outside")
    assert [e.text for e in entities(doc)] == [e.text for e in first if e.text != "北京"]
    doc.set_ents([Span(doc, 0, 1, label="ORG")], default="outside")
    (only,) = entities(doc)
    assert (only.start, only.kind) == (0, "org")


def test_timexes_follow_new_records():
    doc = _doc()
    first = timexes(doc)
    assert [t.text for t in first][:1] == ["2024年5月1日"]
    set_records(doc, "timex", [r for r in doc.user_data["zhnews.records"]["timex"][1:]])
    assert timexes(doc) == first[1:]
    set_records(doc, "timex", [])
    assert timexes(doc) == []
