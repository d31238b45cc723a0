"""What one stage leaves on the Doc for the next, read through one small typed interface.

Stages write spaCy's well-known places (``doc.ents`` with ``kb_id_``; span groups
``doc.spans["timex"]``, ``doc.spans["claims"]``) and attach their own record to each span as
``span._.record``. Later stages read them only through these functions, so a stage can change
how it stores things without breaking the ones after it. All offsets are characters in the
original text (``doc.text``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE, IDX, LENGTH
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


#: doc.user_data keys of the answers of ``entities`` and ``timexes``, kept because several
#: stages ask for them: each with what it was read from, to notice a change
_ENTITIES = "zhnews.entities"
_TIMEXES = "zhnews.timexes"


def entities(doc: Doc) -> list[Entity]:
    """Entity mentions in text order, resolved or not."""
    known = doc._.entity_records
    contiguous = _contiguous(doc)
    arr = doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID]) if contiguous else None
    seen = (arr.tobytes(), known, len(known or ())) if arr is not None else None
    kept = doc.user_data.get(_ENTITIES)
    if seen is not None and kept is not None and kept[0][0] == seen[0] \
            and kept[0][1] is known and kept[0][2] == seen[2]:
        return list(kept[1])
    out, foreign = [], False
    own = tuple(n for n in ("kind", "canonical", "entity_id", "method") if Span.has_extension(n))
    text = doc_text(doc)
    strings = doc.vocab.strings
    for ent in (_ents(doc, arr) if arr is not None else doc.ents):
        if isinstance(ent, Span):
            label, start, end, kb = ent.label_, ent.start_char, ent.end_char, ent.kb_id_
        else:
            label, start, end, kb = strings[ent[0]], ent[1], ent[2], strings[ent[3]]
        rec = (known or {}).get((start, end))
        if rec is None and own:  # an entity another component set, with span attributes
            span = ent if isinstance(ent, Span) else doc.char_span(start, end)
            u = span._  # one accessor per span: each ``span._`` builds a new object
            rec = {n: getattr(u, n) for n in own}
            foreign = True  # its attributes can change without the entities changing
        out.append(Entity(
            start, end, text[start:end],
            _get(rec, "kind") or LABEL_KIND.get(label, label.lower() or None),
            _get(rec, "canonical"), kb or _get(rec, "entity_id"), _get(rec, "method"),
        ))
    if seen is not None and not foreign:
        doc.user_data[_ENTITIES] = (seen, out)
    return list(out)


def _contiguous(doc: Doc) -> bool:
    """Tokens that cover the text with nothing between them (every Doc of our tokenizer)."""
    starts, ends = token_bounds(doc)
    return bool(starts) and ends[-1] == len(doc_text(doc))


def _ents(doc: Doc, arr: np.ndarray) -> list[tuple[int, int, int, int]]:
    """``doc.ents`` as (label, start_char, end_char, kb_id), from the ENT_IOB, ENT_TYPE,
    ENT_KB_ID array of a contiguous Doc: the ``doc.ents`` getter builds a Span, and a Token per
    end, for every entity on every read."""
    starts, ends = token_bounds(doc)
    iob = arr[:, 0]
    # as spaCy reads the IOB codes: 3 (B) with a type opens an entity, 1 (I) continues it,
    # anything else closes it
    begins = np.flatnonzero((iob == 3) & (arr[:, 1] != 0))
    if not len(begins):
        return []
    stops = np.flatnonzero(iob != 1)
    after = np.searchsorted(stops, begins, side="right")
    last = np.append(stops, len(iob))[after] - 1  # the entity's last token
    return [
        (label, starts[b], ends[e], kb)
        for b, e, label, kb in zip(begins.tolist(), last.tolist(), arr[begins, 1].tolist(),
                                   arr[begins, 2].tolist(), strict=True)
    ]


def timexes(doc: Doc) -> list[TimeRef]:
    """Time expressions in text order, with their exact offsets (not widened to tokens)."""
    recs = doc.user_data.get(_RECORDS, {}).get("timex", ())
    kept = doc.user_data.get(_TIMEXES)
    if kept is not None and kept[0] is recs and kept[1] == len(recs):
        return list(kept[2])
    text = doc_text(doc)
    out = [
        TimeRef(r.start, r.end, text[r.start:r.end], _get(r, "type") or "", _get(r, "value"))
        for r in recs
    ]
    doc.user_data[_TIMEXES] = (recs, len(recs), out)
    return list(out)


def claims(doc: Doc) -> list[Any]:
    """The claims stage's records (each with claim_id, content_start, content_end, …)."""
    return records(doc, "claims")


def set_records(doc: Doc, key: str, recs: Iterable[Any]) -> None:
    """Store a stage's records as the span group ``key``: one span per record (its ``start`` and
    ``end`` widened to token boundaries, labelled ``key``), the record itself as
    ``span._.record``."""
    spans, kept = [], []
    starts, ends = token_bounds(doc)
    contiguous = _contiguous(doc)
    for rec in recs:
        start, end = _get(rec, "start"), _get(rec, "end")
        if contiguous:  # what char_span(alignment_mode="expand") does, without its Token objects
            first, last = _token_at(starts, ends, start), _token_at(starts, ends, end - 1)
            span = Span(doc, first, last + 1, label=key) if first >= 0 and last >= 0 else None
        else:
            span = doc.char_span(start, end, label=key, alignment_mode="expand")
        if span is not None:
            spans.append(span)
            kept.append(rec)
    doc.user_data.setdefault(_RECORDS, {})[key] = kept
    doc.spans[key] = spans


def _token_at(starts: list[int], ends: list[int], char: int) -> int:
    """The token holding character ``char``, or -1 (as spaCy's ``token_by_char``)."""
    return bisect_right(starts, char) - 1 if 0 <= char < ends[-1] else -1


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


#: doc.user_data key where the tokenizer leaves the original text (also ``doc._.orig_text``)
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
