"""A document's objects go when it does: the pipeline makes no reference cycle per document, so
the batch engine can pause the cyclic collector for a chunk (``batch._collected_after``) without
memory piling up until a collection, and without missing anything it would have found."""

from __future__ import annotations

import gc
import gzip
import itertools
import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.batch import _chunk_result, _collected_after
from pipeline.ingest.sources import read_inputs
from pipeline.nlp import get_nlp
from pipeline.records import RawDocument
from tests.shared import shared_path

ROOT = Path(__file__).resolve().parent.parent


def _news(n: int) -> list[RawDocument]:
    with gzip.open(shared_path("corpus", "cctv_news.jsonl.gz"), "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in itertools.islice(f, n)]
    return [RawDocument(source="cctv", body=r["text"], posted_at=r.get("published"))
            for r in rows if r.get("text")]


def test_a_chunk_leaves_no_reference_cycle(seed_path):
    docs = [d for d in read_inputs([str(ROOT / "corpus"), str(seed_path)])
            if isinstance(d, RawDocument)] + _news(300)
    a = get_nlp()
    _chunk_result(docs[:20], a)  # lazily built tables and caches are not garbage
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds stays in gc.garbage
    try:
        result = _chunk_result(docs, a)  # paused here: it leaves the collector alone
        assert len(result.outcomes) == len(docs)
        assert result.tables["events"].num_rows > 50  # the stage that made cycles ran
        del result
        found = gc.collect()
        garbage = Counter(type(o).__name__ for o in gc.garbage).most_common(8)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert found == 0, f"reference cycles left by the pipeline: {garbage}"


def test_the_collector_runs_again_after_a_chunk_even_one_that_raised():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), _collected_after():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()


def test_a_callers_paused_collector_stays_paused():
    gc.disable()
    try:
        with _collected_after():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
