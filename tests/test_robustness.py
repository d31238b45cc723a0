"""Real news through every stage: no document may be lost to an exception."""

from __future__ import annotations

import gzip
import json

from pipeline.batch import Pipeline
from pipeline.records import ErrorRecord, RawDocument
from tests.shared import shared_path


def test_real_news_never_raises():
    path = shared_path("corpus", "thucnews_val.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        stories = [json.loads(line) for line in f][:400]
    docs = [RawDocument(source=f"thucnews:{i}", body=s["text"], posted_at="2020-06-01T08:00:00")
            for i, s in enumerate(stories) if s.get("text")]
    results = list(Pipeline().extract(docs))
    errors = [r.row() for r in results if isinstance(r, ErrorRecord)]
    assert errors == []
    assert sum(len(r.tables["mentions"]) for r in results) > 1000
