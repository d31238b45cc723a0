"""The table contracts (DESIGN.md) as explicit pyarrow schemas, with a meaning per column.

Every writer and reader goes through these; ``docs/tables.md`` is generated from them.
"""

from __future__ import annotations

import pyarrow as pa


def _f(name: str, typ: pa.DataType, meaning: str, example: str,
       nullable: bool = True) -> pa.Field:
    """A column with its meaning and one invented, realistic example value (as text; JSON for
    list and struct columns), both kept in the field metadata for ``pipeline.datadict``."""
    return pa.field(name, typ, nullable=nullable,
                    metadata={"meaning": meaning, "example": example})


_DOC_ID = _f("doc_id", pa.string(), "content hash of url+title+body; stable across runs",
             "3f9a1c27d04b8e65", False)
_START = _f("start", pa.int32(), "start offset (characters) into documents.body", "16", False)
_END = _f("end", pa.int32(), "end offset (exclusive) into documents.body", "19", False)

ARGUMENT = pa.struct([
    ("role", pa.string()),
    ("text", pa.string()),
    ("start", pa.int32()),
    ("end", pa.int32()),
    ("canonical", pa.string()),
    ("entity_id", pa.string()),
    ("value", pa.string()),
])

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        _DOC_ID,
        _f("source", pa.string(), "input file (or <stdin>) the document came from",
           "dump/forum/2024-03-09.jsonl.gz", False),
        _f("line", pa.int32(), "line number in a JSON Lines source", "42"),
        _f("format", pa.string(), "reader used: text, html or jsonl", "jsonl", False),
        _f("encoding", pa.string(), "detected encoding of the source bytes", "big5hkscs"),
        _f("url", pa.string(), "document URL when the source gave one",
           "https://news.example.com.tw/tech/20240308-huaxing"),
        _f("site", pa.string(), "site or outlet name", "範例財經網"),
        _f("forum", pa.string(), "forum/board for forum posts", "科技前沿"),
        _f("title", pa.string(), "title as written", "華星電子董事會開除技術長王建國"),
        _f("author", pa.string(), "author(s) as written", "林小美"),
        _f("posted_at", pa.string(), "publication time as ISO 8601, local clock of the source",
           "2024-03-08T21:05:00"),
        _f("posted_at_utc", pa.timestamp("us", tz="UTC"), "publication time in UTC",
           "2024-03-08T13:05:00Z"),
        _f("timezone", pa.string(), "IANA time zone of the source's clock", "Asia/Taipei"),
        _f("script", pa.string(), "traditional, simplified, mixed or none", "traditional"),
        _f("opencc_config", pa.string(), "OpenCC conversion used for normalization", "tw2sp"),
        _f("body_start", pa.int32(), "offset of the body in the decoded source file", "154", False),
        _f("chars", pa.int32(), "length of the body in characters", "1864", False),
        _f("body", pa.string(), "the text every offset points into, in its original script",
           "華星電子董事會週五宣布開除技術長王建國……", False),
        _f("body_simplified", pa.string(), "Simplified, width-folded body, aligned char by char",
           "华星电子董事会周五宣布开除技术长王建国……"),
        _f("pipeline_version", pa.string(), "zhnews version + hash of the resource files",
           "0.1.0+7c1e9a20b4", False),
    ]),
    "sentences": pa.schema([
        _DOC_ID,
        _f("sent_idx", pa.int32(), "sentence number within the document, from 0", "3", False),
        _START, _END,
        _f("text", pa.string(), "sentence text (original script)",
           "華星電子董事會週五宣布開除技術長王建國。", False),
    ]),
    "mentions": pa.schema([
        _DOC_ID, _START, _END,
        _f("text", pa.string(), "mention as written", "王建國", False),
        _f("text_simplified", pa.string(), "mention in Simplified", "王建国"),
        _f("kind", pa.string(), "person, org, place, media or product", "person"),
        _f("canonical", pa.string(), "canonical (English) name; null when unresolved",
           "Wang Jianguo"),
        _f("entity_id", pa.string(), "stable entity id from the alias table", "per:wang_jianguo"),
        _f("method", pa.string(), "how it was resolved: gazetteer, alias, coref, phonetic…",
           "gazetteer"),
        _f("confidence", pa.float32(), "0..1 confidence of the resolution", "0.93"),
        _f("romanized", pa.string(), "pinyin of the mention (for unresolved names)",
           "Wang Jianguo"),
        _f("region", pa.string(), "region of the matched form: mainland, taiwan, hk, common, latin",
           "taiwan"),
    ]),
    "timexes": pa.schema([
        _DOC_ID, _START, _END,
        _f("text", pa.string(), "time expression as written", "週五晚間9時05分", False),
        _f("type", pa.string(), "TIMEX3 type: DATE, TIME, DURATION, SET", "TIME", False),
        _f("value", pa.string(), "TIMEX3/ISO 8601 value; X for parts the text does not give",
           "2024-03-08T21:05"),
        _f("tz", pa.string(), "time zone the value is on (named in text, or the document's)",
           "Asia/Taipei"),
        _f("anchor", pa.string(), "what a relative value was resolved against", "document"),
        _f("mod", pa.string(), "TIMEX3 mod: START, END, APPROX, BEFORE, AFTER…", "APPROX"),
        _f("confidence", pa.float32(), "0..1", "0.9"),
    ]),
    "events": pa.schema([
        _DOC_ID,
        _f("event_id", pa.string(), "stable id from doc_id and trigger offsets",
           "a2972fea50be5cd8", False),
        _f("event_key", pa.string(), "type + participants + day: the same event reported twice",
           "91cf548b9f38e4f1"),
        _f("event_type", pa.string(), "schema id, e.g. personnel.dismiss",
           "personnel.dismiss", False),
        _f("trigger", pa.string(), "trigger word as written", "開除", False),
        _START, _END,
        _f("sent_idx", pa.int32(), "sentence holding the trigger", "3"),
        _f("sentence", pa.string(), "that sentence's text",
           "華星電子董事會週五宣布開除技術長王建國。"),
        _f("arguments", pa.list_(ARGUMENT), "role-labelled participants with offsets",
           '[{"role": "person", "text": "王建國", "start": 16, "end": 19, '
           '"canonical": "Wang Jianguo", "entity_id": "per:wang_jianguo", "value": null}]'),
        _f("time_text", pa.string(), "time expression attached to the event", "週五"),
        _f("time_value", pa.string(), "its TIMEX3 value", "2024-03-08"),
        _f("polarity", pa.string(), "asserted, negated, planned or speculated", "asserted"),
        _f("reported_by", pa.string(), "claim_id of the claim whose content holds the event",
           "671de7654931883e"),
        _f("confidence", pa.float32(), "0..1", "0.8"),
    ]),
    "claims": pa.schema([
        _DOC_ID,
        _f("claim_id", pa.string(), "stable id from doc_id and offsets", "671de7654931883e", False),
        _START, _END,
        _f("speaker", pa.string(), "who says so, as resolved (canonical) or as written",
           "Bloomberg"),
        _f("speaker_text", pa.string(), "speaker as written", "彭博社"),
        _f("speaker_id", pa.string(), "entity_id of the speaker when resolved", "media:bloomberg"),
        _f("speaker_kind", pa.string(), "person, org, media, group or anonymous", "media"),
        _f("cue", pa.string(), "reporting verb as written (稱, 表示, 報道…)", "報道"),
        _f("content", pa.string(), "what is claimed: the quote or reported clause",
           "王建國將於下月加入競爭對手雲豹軟體"),
        _f("content_start", pa.int32(), "offset of the content", "220"),
        _f("content_end", pa.int32(), "end offset of the content", "237"),
        _f("direct_quote", pa.bool_(), "content is a direct quotation", "false"),
        _f("source_outlet", pa.string(), "outlet that carried the claim (彭博社 → Bloomberg)",
           "Bloomberg"),
        _f("via", pa.list_(pa.string()), "the source chain, outermost first",
           '["Bloomberg", "知情人士"]'),
        _f("hedged", pa.bool_(), "reported with hedging (據傳, 疑似, anonymous sourcing…)", "true"),
        _f("time_text", pa.string(), "time expression attached to the claim", "3月8日"),
        _f("time_value", pa.string(), "its TIMEX3 value", "2024-03-08"),
    ]),
    "errors": pa.schema([
        _f("source", pa.string(), "input file", "dump/forum/2024-03-09.jsonl.gz", False),
        _f("line", pa.int32(), "line number for line-based sources", "57"),
        _f("stage", pa.string(), "ingest, normalize, process, …", "ingest", False),
        _f("error", pa.string(), "error code: empty, binary, undecodable, json, no_text, …",
           "json", False),
        _f("message", pa.string(), "what went wrong, in one line",
           "line 57: not valid JSON (Expecting ',' delimiter at column 311)", False),
    ]),
}

TABLES = tuple(SCHEMAS)
