"""The table contracts (DESIGN.md) as explicit pyarrow schemas, with a meaning per column.

Every writer and reader goes through these; ``docs/tables.md`` is generated from them.
"""

from __future__ import annotations

import pyarrow as pa


def _f(name: str, typ: pa.DataType, meaning: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, typ, nullable=nullable, metadata={"meaning": meaning})


_DOC_ID = _f("doc_id", pa.string(), "content hash of url+title+body; stable across runs", False)
_START = _f("start", pa.int32(), "start offset (characters) into documents.body", False)
_END = _f("end", pa.int32(), "end offset (exclusive) into documents.body", False)

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
        _f("source", pa.string(), "input file (or <stdin>) the document came from", False),
        _f("line", pa.int32(), "line number in a JSON Lines source"),
        _f("format", pa.string(), "reader used: text, html or jsonl", False),
        _f("encoding", pa.string(), "detected encoding of the source bytes"),
        _f("url", pa.string(), "document URL when the source gave one"),
        _f("site", pa.string(), "site or outlet name"),
        _f("forum", pa.string(), "forum/board for forum posts"),
        _f("title", pa.string(), "title as written"),
        _f("author", pa.string(), "author(s) as written"),
        _f("posted_at", pa.string(), "publication time as ISO 8601, local clock of the source"),
        _f("posted_at_utc", pa.timestamp("us", tz="UTC"), "publication time in UTC"),
        _f("timezone", pa.string(), "IANA time zone of the source's clock"),
        _f("script", pa.string(), "traditional, simplified, mixed or none"),
        _f("opencc_config", pa.string(), "OpenCC conversion used for normalization"),
        _f("body_start", pa.int32(), "offset of the body in the decoded source file", False),
        _f("chars", pa.int32(), "length of the body in characters", False),
        _f("body", pa.string(), "the text every offset points into, in its original script", False),
        _f("body_simplified", pa.string(), "Simplified, width-folded body, aligned char by char"),
        _f("pipeline_version", pa.string(), "zhnews version + hash of the resource files", False),
    ]),
    "sentences": pa.schema([
        _DOC_ID,
        _f("sent_idx", pa.int32(), "sentence number within the document, from 0", False),
        _START, _END,
        _f("text", pa.string(), "sentence text (original script)", False),
    ]),
    "mentions": pa.schema([
        _DOC_ID, _START, _END,
        _f("text", pa.string(), "mention as written", False),
        _f("text_simplified", pa.string(), "mention in Simplified"),
        _f("kind", pa.string(), "person, org, place, media or product"),
        _f("canonical", pa.string(), "canonical (English) name; null when unresolved"),
        _f("entity_id", pa.string(), "stable entity id from the alias table"),
        _f("method", pa.string(), "how it was resolved: gazetteer, alias, coref, phonetic…"),
        _f("confidence", pa.float32(), "0..1 confidence of the resolution"),
        _f("romanized", pa.string(), "pinyin of the mention (for unresolved names)"),
        _f("region", pa.string(), "region of the matched form: mainland, taiwan, hk, common"),
    ]),
    "timexes": pa.schema([
        _DOC_ID, _START, _END,
        _f("text", pa.string(), "time expression as written", False),
        _f("type", pa.string(), "TIMEX3 type: DATE, TIME, DURATION, SET", False),
        _f("value", pa.string(), "TIMEX3/ISO 8601 value; X for parts the text does not give"),
        _f("tz", pa.string(), "time zone the value is on (named in text, or the document's)"),
        _f("anchor", pa.string(), "what a relative value was resolved against"),
        _f("mod", pa.string(), "TIMEX3 mod: START, END, APPROX, BEFORE, AFTER…"),
        _f("confidence", pa.float32(), "0..1"),
    ]),
    "events": pa.schema([
        _DOC_ID,
        _f("event_id", pa.string(), "stable id from doc_id and trigger offsets", False),
        _f("event_key", pa.string(), "type + participants + day: the same event reported twice"),
        _f("event_type", pa.string(), "schema id, e.g. personnel.dismiss", False),
        _f("trigger", pa.string(), "trigger word as written", False),
        _START, _END,
        _f("sent_idx", pa.int32(), "sentence holding the trigger"),
        _f("sentence", pa.string(), "that sentence's text"),
        _f("arguments", pa.list_(ARGUMENT), "role-labelled participants with offsets"),
        _f("time_text", pa.string(), "time expression attached to the event"),
        _f("time_value", pa.string(), "its TIMEX3 value"),
        _f("polarity", pa.string(), "asserted, negated, planned or speculated"),
        _f("reported_by", pa.string(), "claim_id of the claim whose content holds the event"),
        _f("confidence", pa.float32(), "0..1"),
    ]),
    "claims": pa.schema([
        _DOC_ID,
        _f("claim_id", pa.string(), "stable id from doc_id and offsets", False),
        _START, _END,
        _f("speaker", pa.string(), "who says so, as resolved (canonical) or as written"),
        _f("speaker_text", pa.string(), "speaker as written"),
        _f("speaker_id", pa.string(), "entity_id of the speaker when resolved"),
        _f("speaker_kind", pa.string(), "person, org, media, group or anonymous"),
        _f("cue", pa.string(), "reporting verb as written (稱, 表示, 報道…)"),
        _f("content", pa.string(), "what is claimed: the quote or reported clause"),
        _f("content_start", pa.int32(), "offset of the content"),
        _f("content_end", pa.int32(), "end offset of the content"),
        _f("direct_quote", pa.bool_(), "content is a direct quotation"),
        _f("source_outlet", pa.string(), "outlet that carried the claim (彭博社 → Bloomberg)"),
        _f("via", pa.list_(pa.string()), "the source chain, outermost first"),
        _f("hedged", pa.bool_(), "reported with hedging (據傳, 疑似, anonymous sourcing…)"),
        _f("time_text", pa.string(), "time expression attached to the claim"),
        _f("time_value", pa.string(), "its TIMEX3 value"),
    ]),
    "errors": pa.schema([
        _f("source", pa.string(), "input file", False),
        _f("line", pa.int32(), "line number for line-based sources"),
        _f("stage", pa.string(), "ingest, normalize, process, …", False),
        _f("error", pa.string(), "error code: empty, binary, undecodable, json, no_text, …", False),
        _f("message", pa.string(), "what went wrong, in one line", False),
    ]),
}

TABLES = tuple(SCHEMAS)
