"""The spaCy component ``zhnews_events``: events as the span group ``doc.spans["events"]``."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..annotations import char_span
from .engine import extract

SPAN_KEY = "events"


class EventTagger:
    """Finds event triggers and their arguments; each span's ``_.record`` is its table row."""

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for rec in extract(doc):
            span = char_span(doc, rec["start"], rec["end"])
            if span is not None:
                span._.record = rec
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory("zhnews_events")
def make_events(nlp: Language, name: str) -> EventTagger:
    return EventTagger()


def event_rows(doc: Doc) -> list[dict[str, Any]]:
    """Rows of the events table for ``doc`` (process() adds doc_id)."""
    if SPAN_KEY not in doc.spans:
        return []
    return [dict(span._.record) for span in doc.spans[SPAN_KEY] if span._.record is not None]
