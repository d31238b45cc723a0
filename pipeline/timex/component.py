"""The spaCy component ``zhnews_timex``: time expressions as ``doc.spans["timex"]``.

For a Doc built by ``pipeline.tokenizer.ZhTokenizer`` (``doc._.norm_text`` aligned with
``doc.text``), the tagger runs once over the whole document, anchored on ``doc._.posted_at``
(ISO 8601, maybe with a UTC offset, maybe None) read on ``doc._.timezone`` (IANA name). Each
time expression becomes a span widened to token boundaries, with the ``Timex`` itself as
``span._.record``; the record keeps the exact character offsets for the ``timexes`` table.
"""

from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.annotations import doc_text, doc_value, records, set_records
from pipeline.timex import extract_normalized

DEFAULT_TZ = "Asia/Shanghai"
SPAN_KEY = "timex"


def parse_anchor(posted_at: str | dt.datetime | None) -> dt.datetime | None:
    """The document's anchor time; an unreadable value anchors nothing (not an error)."""
    if posted_at is None or isinstance(posted_at, dt.datetime):
        return posted_at
    try:
        return dt.datetime.fromisoformat(str(posted_at).strip())
    except ValueError:
        return None


class TimexComponent:
    """Tags time expressions; ``prefer`` is the resolution policy for bare dates (news: past)."""

    def __init__(self, prefer: str = "past") -> None:
        self.prefer = prefer

    def __call__(self, doc: Doc) -> Doc:
        tz = doc_value(doc, "timezone") or DEFAULT_TZ
        text = doc_text(doc)
        norm = doc_value(doc, "norm_text")
        anchor = parse_anchor(doc_value(doc, "posted_at"))
        found = extract_normalized(text if norm is None else norm, text, anchor, tz,
                                   prefer=self.prefer)
        set_records(doc, SPAN_KEY, found)
        return doc


@Language.factory("zhnews_timex", default_config={"prefer": "past"})
def make_timex(nlp: Language, name: str, prefer: str) -> TimexComponent:
    return TimexComponent(prefer)


def timex_rows(doc: Doc) -> list[dict]:
    """Rows of the ``timexes`` table (without doc_id): offsets of the timex as tagged."""
    return [t.row() for t in records(doc, SPAN_KEY)]


__all__ = ["TimexComponent", "make_timex", "parse_anchor", "timex_rows"]
