"""The real seed post: metadata and body boundaries as in the gold annotations."""

from __future__ import annotations

from pipeline.ingest.sources import read_path
from pipeline.records import RawDocument


def _seed_doc(seed_path) -> RawDocument:
    docs = list(read_path(str(seed_path)))
    assert len(docs) == 1 and isinstance(docs[0], RawDocument), docs
    return docs[0]


def test_seed_metadata_matches_gold(seed_path, gold):
    doc = _seed_doc(seed_path)
    g = gold["document"]
    assert (doc.site, doc.forum, doc.title, doc.author) == (
        g["site"], g["forum"], g["title"], g["author"]
    )
    assert doc.posted_at == g["posted_at"]
    assert doc.encoding == "utf-8"


def test_seed_body_boundaries_and_no_boilerplate(seed_path, seed_text, gold):
    doc = _seed_doc(seed_path)
    g = gold["document"]
    assert doc.body.startswith(g["body_starts_with"])
    assert doc.body.endswith(g["body_ends_with"])
    # the body is a slice of the file, so gold offsets (into the file) convert by body_start
    assert seed_text[doc.body_start:doc.body_start + len(doc.body)] == doc.body
    for junk in g["boilerplate_not_in_body"]:
        assert junk not in doc.body, junk
