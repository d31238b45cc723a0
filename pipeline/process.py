"""``process(raw document) -> Extraction``: the one pure function every runner maps.

No I/O and no state between documents; resources are loaded once per process by ``get_nlp``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from spacy.tokens import Doc

from .annotations import doc_value, set_doc_value
from .nlp import Assembled, get_nlp
from .normalize import detect_script
from .records import Extraction, RawDocument
from .settings import pipeline_version, settle


def process(raw: RawDocument, assembled: Assembled | None = None) -> Extraction:
    """Run every stage over one document and return its rows for every table."""
    result = process_many([raw], assembled)[0]
    if isinstance(result, Exception):
        raise result
    return result


def process_many(
    raws: list[RawDocument], assembled: Assembled | None = None
) -> list[Extraction | Exception]:
    """``process`` over a chunk of documents, stage by stage: each stage's code and tables stay
    hot in the CPU's caches for the whole chunk (10–17% faster than document by document on
    real news). The same result per document as ``process``; a document whose stage raises
    gets that exception in its place and the others go on."""
    a = assembled or get_nlp()
    out: list[Extraction | Exception | None] = [None] * len(raws)
    docs: dict[int, Doc] = {}
    for i, raw in enumerate(raws):
        try:
            config, tz = settle(raw)
            doc = a.nlp.tokenizer.make_doc(raw.body, config)
            set_doc_value(doc, "doc_id", raw.doc_id)
            set_doc_value(doc, "posted_at", raw.posted_at)
            set_doc_value(doc, "timezone", tz)
            docs[i] = doc
        except Exception as exc:  # kept for the caller, per document
            out[i] = exc
    for _, proc in a.nlp.pipeline:
        for i, doc in list(docs.items()):
            try:
                docs[i] = proc(doc)
            except Exception as exc:
                out[i] = exc
                del docs[i]
    for i, doc in docs.items():
        try:
            out[i] = _extraction(raws[i], doc, a)
        except Exception as exc:
            out[i] = exc
    return out  # type: ignore[return-value]  # every slot is filled


def _extraction(raw: RawDocument, doc: Doc, a: Assembled) -> Extraction:
    doc_id = raw.doc_id
    tables: dict[str, list[dict[str, Any]]] = {
        "documents": [_document_row(raw, doc, doc_id)],
        "sentences": _sentence_rows(raw.body, doc, doc_id),
    }
    for table, build in a.row_builders:
        rows = build(doc)
        for r in rows:
            r["doc_id"] = doc_id
        tables[table] = rows
    return Extraction(doc_id, tables)


def _document_row(raw: RawDocument, doc: Doc, doc_id: str) -> dict:
    # the OpenCC config and time zone ``settle`` chose, as the tokenizer and process_many left
    # them on the Doc
    simplified, tz = doc_value(doc, "norm_text"), doc_value(doc, "timezone")
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
        "script": detect_script(raw.body, simplified=simplified),
        "opencc_config": doc_value(doc, "opencc_config"),
        "body_start": raw.body_start,
        "chars": len(raw.body),
        "body": raw.body,
        "body_simplified": simplified,
        "pipeline_version": pipeline_version(),
    }


def _sentence_rows(text: str, doc: Doc, doc_id: str) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc_id, "sent_idx": i, "start": s, "end": e, "text": text[s:e]}
        for i, (s, e) in enumerate(doc_value(doc, "sentence_spans"))
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
