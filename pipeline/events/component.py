"""The spaCy component ``zhnews_events``: events as the span group ``doc.spans["events"]``."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..annotations import records, set_records
from .engine import extract

SPAN_KEY = "events"


class EventTagger:
    """Finds event triggers and their arguments; each span's ``_.record`` is its table row."""

    def __call__(self, doc: Doc) -> Doc:
        set_records(doc, SPAN_KEY, extract(doc))
        return doc


@Language.factory("zhnews_events")
def make_events(nlp: Language, name: str) -> EventTagger:
    return EventTagger()


def event_rows(doc: Doc) -> list[dict[str, Any]]:
    """Rows of the events table for ``doc`` (process() adds doc_id)."""
    return [dict(rec) for rec in records(doc, SPAN_KEY)]
