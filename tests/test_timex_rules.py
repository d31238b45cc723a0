"""Every `examples:` entry of pipeline/resources/timex/*.yaml, run through the tagger."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.timex import extract
from pipeline.timex.lexicon import RULE_FILES, load

CASES = [(name, i, ex) for name in RULE_FILES for i, ex in enumerate(load(name).get("examples") or [])]


@pytest.mark.parametrize("name,i,ex", CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_rule_example(name: str, i: int, ex: dict) -> None:
    anchor = dt.datetime.fromisoformat(ex["anchor"])
    policy = {k: ex[k] for k in ("region", "weeks", "offsets", "bare_time", "day_parts") if k in ex}
    got = extract(ex["text"], anchor, prefer=ex.get("prefer", "past"), **policy)
    want = ex["expect"]
    assert len(got) == len(want), [(t.text, t.value) for t in got]
    for t, w in zip(got, want, strict=False):
        assert t.text == w["text"]
        assert t.type == w["type"]
        assert t.value == w["value"]
        for key in ("tz", "mod", "anchor"):
            if key in w:
                assert getattr(t, key) == w[key]
        if "interval" in w:  # the anchored [start, end) on the local clock
            assert list(t.interval or ()) == w["interval"]
