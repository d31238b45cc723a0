"""``process(raw document) -> Extraction``: the one pure function every runner maps.

No I/O and no state between documents; resources are loaded once per process by ``get_nlp``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from spacy.tokens import Doc

from .nlp import Assembled, get_nlp
from .normalize import detect_script
from .records import Extraction, RawDocument
from .settings import pipeline_version, settle


def process(raw: RawDocument, assembled: Assembled | None = None) -> Extraction:
    """Run every stage over one document and return its rows for every table."""
    a = assembled or get_nlp()
    config, tz = settle(raw)
    doc_id = raw.doc_id
    doc = a.nlp.tokenizer.make_doc(raw.body, config)
    doc._.doc_id = doc_id
    doc._.posted_at = raw.posted_at
    doc._.timezone = tz
    for _, proc in a.nlp.pipeline:
        doc = proc(doc)
    tables: dict[str, list[dict[str, Any]]] = {
        "documents": [_document_row(raw, doc, doc_id, config, tz)],
        "sentences": _sentence_rows(raw.body, doc, doc_id),
    }
    for table, build in a.row_builders:
        rows = build(doc)
        for r in rows:
            r["doc_id"] = doc_id
        tables[table] = rows
    return Extraction(doc_id, tables)


def _document_row(raw: RawDocument, doc: Doc, doc_id: str, config: str, tz: str) -> dict:
    return {
        "doc_id": doc_id,
        "source": raw.source,
        "line": raw.line,
        "format": raw.fmt,
        "encoding": raw.encoding,
        "url": raw.url,
        "site": raw.site,
        "forum": raw.forum,
        "title": raw.title,
        "author": raw.author,
        "posted_at": raw.posted_at,
        "posted_at_utc": to_utc(raw.posted_at, tz),
        "timezone": tz,
        "script": detect_script(raw.body, simplified=doc._.norm_text),
        "opencc_config": config,
        "body_start": raw.body_start,
        "chars": len(raw.body),
        "body": raw.body,
        "body_simplified": doc._.norm_text,
        "pipeline_version": pipeline_version(),
    }


def _sentence_rows(text: str, doc: Doc, doc_id: str) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc_id, "sent_idx": i, "start": s, "end": e, "text": text[s:e]}
        for i, (s, e) in enumerate(doc._.sentence_spans)
    ]


def to_utc(posted_at: str | None, tz: str) -> datetime | None:
    """A naive local time is on the source's clock ``tz``; an offset in the string wins."""
    if not posted_at:
        return None
    try:
        dt = datetime.fromisoformat(posted_at)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=ZoneInfo(tz))
    return dt.astimezone(ZoneInfo("UTC"))
