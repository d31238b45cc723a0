"""Seed post regression: spans and values against the gold annotations."""

from __future__ import annotations

import datetime as dt
import json

from pipeline.timex import extract
from tests.shared import shared_path

ANCHOR = dt.datetime(2023, 11, 20, 8, 37, 20)


def _value_ok(gold: dict, value: str | None) -> bool:
    if value is None:
        return False
    if gold["check"] == "tod":
        return "T" in value and value.split("T", 1)[1][:5] == gold["value"][1:6]
    g = gold["value"]
    if gold["type"] == "DATE":
        return value[: len(g)] == g
    return value == g or (value[:16] == g[:16] and value[16:] in ("", g[16:]))


def test_seed_timexes() -> None:
    text = shared_path("seeds", "000_5db2a79945cdd8ee.txt").read_text(encoding="utf-8")
    gold = json.loads(shared_path("gold", "seed_gold.json").read_text(encoding="utf-8"))["timexes"]
    got = extract(text, ANCHOR, tz="Asia/Shanghai", prefer="past")
    for t in got:
        assert text[t.start:t.end] == t.text
    found = checked = right = 0
    misses = []
    for g in gold:
        hits = [t for t in got if t.start < g["end"] and g["start"] < t.end]
        if hits:
            found += 1
        if g["check"] == "extent":
            continue
        checked += 1
        best = next((t for t in hits if _value_ok(g, t.value)), None)
        if best is not None:
            right += 1
        else:
            misses.append((g["text"], g["value"], [(t.text, t.value) for t in hits]))
    span_rate, value_rate = found / len(gold), right / checked
    print(f"seed timexes: spans {found}/{len(gold)} = {span_rate:.3f}; "
          f"values {right}/{checked} = {value_rate:.3f}; misses {misses}")
    assert span_rate >= 0.95
    assert value_rate >= 0.90
    by_text = {t.text: t.value for t in got}
    assert by_text.get("兩周前") == "2023-11-06"
    assert by_text.get("舊金山時間18日17點") == "2023-11-18T17:00-08:00"
    assert by_text.get("北京時間19日9點") == "2023-11-19T09:00+08:00"
