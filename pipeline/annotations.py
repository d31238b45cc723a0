"""What one stage leaves on the Doc for the next, read through one small typed interface.

Stages write spaCy's well-known places (``doc.ents`` with ``kb_id_``; span groups
``doc.spans["timex"]``, ``doc.spans["claims"]``) and attach their own record to each span as
``span._.record``. Later stages read them only through these functions, so a stage can change
how it stores things without breaking the ones after it. All offsets are characters in the
original text (``doc.text``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span

#: doc.user_data key of every stage's records: span-group key → its records, one per span of
#: the group. Reading a plain list is far cheaper than ``span._`` (an object per access).
_RECORDS = "zhnews.records"


def _span_record(span: Span) -> Any:
    """``span._.record`` for a span of a group ``set_records`` made (its label is the key)."""
    key = span.label_
    recs = span.doc.user_data.get(_RECORDS, {}).get(key)
    if not recs:
        return None
    for s, rec in zip(span.doc.spans[key], recs, strict=True):
        if (s.start, s.end) == (span.start, span.end):
            return rec
    return None


if not Span.has_extension("record"):
    Span.set_extension("record", getter=_span_record)
if not Doc.has_extension("entity_records"):
    # (start_char, end_char) → the record of the stage that set that entity (kind, canonical,
    # entity_id, method); the names stage fills it
    Doc.set_extension("entity_records", default=None)

#: entity label → the ``kind`` column of the mentions table
LABEL_KIND = {
    "PERSON": "person", "PER": "person", "ORG": "org", "GPE": "place", "LOC": "place",
    "PLACE": "place", "MEDIA": "media", "PRODUCT": "product",
}


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    text: str
    kind: str | None
    canonical: str | None
    entity_id: str | None
    method: str | None = None


@dataclass(frozen=True)
class TimeRef:
    start: int
    end: int
    text: str
    type: str
    value: str | None


def entities(doc: Doc) -> list[Entity]:
    """Entity mentions in text order, resolved or not."""
    out = []
    own = tuple(n for n in ("kind", "canonical", "entity_id", "method") if Span.has_extension(n))
    text = doc_text(doc)
    known = doc._.entity_records or {}
    for ent in doc.ents:
        label, start, end = ent.label_, ent.start_char, ent.end_char
        rec = known.get((start, end))
        if rec is None and own:  # an entity another component set, with span attributes
            u = ent._  # one accessor per span: each ``span._`` builds a new object
            rec = {n: getattr(u, n) for n in own}
        out.append(Entity(
            start, end, text[start:end],
            _get(rec, "kind") or LABEL_KIND.get(label, label.lower() or None),
            _get(rec, "canonical"), ent.kb_id_ or _get(rec, "entity_id"), _get(rec, "method"),
        ))
    return out


def timexes(doc: Doc) -> list[TimeRef]:
    """Time expressions in text order, with their exact offsets (not widened to tokens)."""
    text = doc_text(doc)
    return [
        TimeRef(r.start, r.end, text[r.start:r.end], _get(r, "type") or "", _get(r, "value"))
        for r in records(doc, "timex")
    ]


def claims(doc: Doc) -> list[Any]:
    """The claims stage's records (each with claim_id, content_start, content_end, …)."""
    return records(doc, "claims")


def set_records(doc: Doc, key: str, recs: Iterable[Any]) -> None:
    """Store a stage's records as the span group ``key``: one span per record (its ``start`` and
    ``end`` widened to token boundaries, labelled ``key``), the record itself as
    ``span._.record``."""
    spans, kept = [], []
    for rec in recs:
        span = doc.char_span(_get(rec, "start"), _get(rec, "end"), label=key,
                             alignment_mode="expand")
        if span is not None:
            spans.append(span)
            kept.append(rec)
    doc.user_data.setdefault(_RECORDS, {})[key] = kept
    doc.spans[key] = spans


def records(doc: Doc, key: str) -> list[Any]:
    """The records a stage stored with ``set_records``, in text order."""
    return list(doc.user_data.get(_RECORDS, {}).get(key, ()))


#: doc.user_data key where the tokenizer leaves each token's (start, end) character offsets
TOKEN_BOUNDS = "zhnews.token_bounds"


def token_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character offset of every token, as two lists (for bisect). The tokenizer
    knows them already; any other Doc pays one array call."""
    got = doc.user_data.get(TOKEN_BOUNDS)
    if got is not None and len(got[0]) == len(doc):
        if not isinstance(got[0], list):  # arrays as the tokenizer left them: convert once
            got = (got[0].tolist(), got[1].tolist())
            doc.user_data[TOKEN_BOUNDS] = got
        return got
    arr = doc.to_array([IDX, LENGTH])
    got = (arr[:, 0].tolist(), (arr[:, 0] + arr[:, 1]).tolist())
    doc.user_data[TOKEN_BOUNDS] = got
    return got


#: doc.user_data key where the tokenizer leaves the original text (read as ``doc._.orig_text``)
ORIG_TEXT = "zhnews.orig_text"


def doc_text(doc: Doc) -> str:
    """The original text; cheap, unlike ``doc.text``, which re-joins every token each time (and
    unlike ``doc._``, which builds an object on each access)."""
    text = doc.user_data.get(ORIG_TEXT)
    if text is None:
        text = doc.text
        doc.user_data[ORIG_TEXT] = text
    return text


def _get(rec: Any, name: str) -> Any:
    if rec is None:
        return None
    if isinstance(rec, dict):
        return rec.get(name)
    return getattr(rec, name, None)
