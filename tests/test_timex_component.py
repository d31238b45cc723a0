"""The spaCy component ``zhnews_timex`` and the ``timexes`` table it feeds."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.annotations import timexes
from pipeline.api import extract_text
from pipeline.nlp import get_nlp
from pipeline.process import process
from pipeline.records import RawDocument
from pipeline.schema import SCHEMAS
from pipeline.timex import extract

TEXT = "台積電昨天下午三點宣布，新廠將於明年3月動工，董事會每週五開會。"
POSTED = "2024-03-08T21:05:00+08:00"


def _run(text: str = TEXT, posted_at: str | None = POSTED, tz: str = "Asia/Taipei"):
    raw = RawDocument(source="<test>", body=text, posted_at=posted_at, timezone=tz)
    assembled = get_nlp(("timex",))
    return process(raw, assembled), assembled


def test_timex_rows_match_the_table_schema() -> None:
    ex, _ = _run()
    rows = ex.tables["timexes"]
    want_cols = {f.name for f in SCHEMAS["timexes"]}
    for r in rows:
        assert set(r) == want_cols
        assert TEXT[r["start"]:r["end"]] == r["text"]
        assert r["tz"] == "Asia/Taipei"
    got = [(r["text"], r["type"], r["value"]) for r in rows]
    assert got == [
        ("昨天下午三點", "TIME", "2024-03-07T15:00"),
        ("明年3月", "DATE", "2025-03"),
        ("每週五", "SET", "XXXX-WXX-5"),
    ]


def test_spans_and_records_on_the_doc() -> None:
    _, assembled = _run()
    raw = RawDocument(source="<test>", body=TEXT, posted_at=POSTED, timezone="Asia/Taipei")
    doc = assembled.nlp.tokenizer.make_doc(raw.body)
    doc._.posted_at, doc._.timezone = raw.posted_at, raw.timezone
    doc = assembled.nlp.get_pipe("zhnews_timex")(doc)
    refs = timexes(doc)
    assert [r.value for r in refs] == ["2024-03-07T15:00", "2025-03", "XXXX-WXX-5"]
    for ref in refs:  # spans are widened to token boundaries and cover the timex
        rec = next(s._.record for s in doc.spans["timex"] if s.start_char == ref.start)
        assert ref.start <= rec.start < rec.end <= ref.end


def test_anchor_offset_is_read_on_the_document_clock() -> None:
    # 2024-03-08T23:30 UTC is already the 9th in Taipei: 今天 is the 9th
    ex, _ = _run("今天上午開會。", "2024-03-08T23:30:00+00:00")
    assert [r["value"] for r in ex.tables["timexes"]] == ["2024-03-09TMO"]


def test_extract_text_timexes_table() -> None:
    t = extract_text(TEXT, posted_at="2024-03-08T21:05:00", tz="Asia/Taipei")["timexes"]
    assert t.text.tolist() == ["昨天下午三點", "明年3月", "每週五"]
    assert t.value.tolist() == ["2024-03-07T15:00", "2025-03", "XXXX-WXX-5"]
    assert t.type.tolist() == ["TIME", "DATE", "SET"]
    assert (t.tz == "Asia/Taipei").all() and t.doc_id.nunique() == 1
    for _, r in t.iterrows():
        assert TEXT[r.start:r.end] == r.text


def test_no_anchor_leaves_relative_values_open() -> None:
    ex, _ = _run("2024年3月8日及昨天", None)
    rows = ex.tables["timexes"]
    assert rows[0]["value"] == "2024-03-08"
    assert all(r["text"] != "昨天" or r["value"] is None or r["value"].startswith("X")
               for r in rows)


def test_region_follows_the_document_clock() -> None:
    ex, _ = _run("今年國慶連假", "2024-03-08T21:05:00", tz="Asia/Taipei")
    assert [r["value"] for r in ex.tables["timexes"]] == ["2024-10-10"]
    ex, _ = _run("今年國慶連假", "2024-03-08T21:05:00", tz="Asia/Shanghai")
    assert [r["value"] for r in ex.tables["timexes"]] == ["2024-10-01"]


def test_unknown_policy_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="offsets"):
        extract("兩天前", dt.datetime(2024, 3, 8), offsets="stretch")


def test_out_of_range_arithmetic_keeps_the_document():
    """A reading that overflows the calendar keeps its span with no value; the rest survives."""
    import datetime as dt

    from pipeline.timex import extract

    found = extract("首2021年的數據，昨天下午3點公布", dt.datetime(2021, 5, 1))
    values = {t.text: t.value for t in found}
    assert values.get("昨天下午3點") == "2021-04-30T15:00"


def test_impossible_dates_do_not_raise():
    """2月30日 exists in no year and 2月29日 only in leap years: resolve what exists, never raise."""
    import datetime as dt

    from pipeline.timex import extract

    found = {t.text: t.value for t in extract("2月29日和2月30日", dt.datetime(2023, 3, 1))}
    assert found == {"2月29日": "XXXX-02-29", "2月30日": "XXXX-02-30"}  # no year is guessed


def test_two_time_expressions_inside_one_token_keep_their_own_rows() -> None:
    # 新年伊始 is one token; its two records widen to the same span and once shared one record
    text = "新年伊始，市场回暖。"
    ex, _ = _run(text, "2022-01-03T09:00:00+08:00", "Asia/Shanghai")
    rows = [(r["text"], r["start"], r["end"]) for r in ex.tables["timexes"]]
    assert len(rows) == len(set(rows)), rows
    for t, s, e in rows:
        assert text[s:e] == t


def test_readings_shared_across_anchors_equal_fresh_readings() -> None:
    # sets, durations not counted from the anchor and dates spelled from the year down are
    # remembered once for every anchor: each must read as it would alone
    import datetime as dt

    import pipeline.timex as timex

    text = "每周三开会，持续三天。2019年、2019年3月和2019年3月5日；三天前，3月5日，次日。"
    anchors = [dt.datetime(2024, 1, 2, 8), dt.datetime(2020, 6, 30, 23), None]
    shared = [[t.row() for t in timex.extract(text, a)] for a in anchors]
    fresh = []
    for a in anchors:
        timex._READINGS.by_context.clear()
        fresh.append([t.row() for t in timex.extract(text, a)])
    assert shared == fresh
    assert shared[0] != shared[1]  # 三天前 and 3月5日 do depend on the anchor
