"""What one stage leaves on the Doc for the next, read through one small typed interface.

Stages write spaCy's well-known places (``doc.ents`` with ``kb_id_``; span groups
``doc.spans["timex"]``, ``doc.spans["claims"]``) and attach their own record to each span as
``span._.record``. Later stages read them only through these functions, so a stage can change
how it stores things without breaking the ones after it. All offsets are characters in the
original text (``doc.text``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from spacy.attrs import ENT_IOB, IDX, LENGTH
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
#: Values zhnews keeps on a Doc, in ``doc.user_data`` under its own keys: ``doc._.<name>`` reads
#: and writes them (a getter and a setter) for a spaCy user, and the stages read them with
#: ``doc_value``, without the object ``doc._`` builds on every access (~2 µs, a dozen accesses
#: per document). orig_text: the original text (``doc.text`` re-joins every token on each
#: access; read it with ``doc_text``). entity_records: (start_char, end_char) → the record of
#: the stage that set that entity (kind, canonical, entity_id, method), filled by the names stage.
DOC_VALUES = {name: f"zhnews.{name}" for name in (
    "orig_text", "norm_text", "opencc_config", "sentence_spans", "entity_records",
    "doc_id", "posted_at", "timezone")}
for _name, _key in DOC_VALUES.items():  # these names are ours: registered as such
    Doc.set_extension(_name, force=True, getter=lambda doc, k=_key: doc.user_data.get(k),
                      setter=lambda doc, value, k=_key: doc.user_data.__setitem__(k, value))

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
    own = _own_attrs()
    text = doc_text(doc)
    known = doc_value(doc, "entity_records") or {}
    return [_entity(ent, ent.label_, ent.start_char, ent.end_char, ent.kb_id_, text, known, own)
            for ent in doc.ents]


def _own_attrs() -> tuple[str, ...]:
    return tuple(n for n in ("kind", "canonical", "entity_id", "method") if Span.has_extension(n))


def _entity(ent: Any, label: str, start: int, end: int, kb_id: str, text: str,
            known: dict[tuple[int, int], Any], own: tuple[str, ...]) -> Entity:
    """One Entity; ``ent`` is its Span, or a function making it (read only without a record)."""
    rec = known.get((start, end))
    if rec is None and own:  # an entity another component set, with span attributes
        u = (ent if isinstance(ent, Span) else ent())._  # one accessor: each ``span._`` is new
        rec = {n: getattr(u, n) for n in own}
    return Entity(
        start, end, text[start:end],
        _get(rec, "kind") or LABEL_KIND.get(label, label.lower() or None),
        _get(rec, "canonical"), kb_id or _get(rec, "entity_id"), _get(rec, "method"),
    )


class EntityIndex:
    """A Doc's entities read one at a time from its token arrays, for a stage that needs the few
    near some offsets: ``entities`` builds every one (a few µs each), while a claim or an event
    asks for one or two of a document's dozens. Each Entity equals the one ``entities`` gives for
    that mention; lists come in text order. Every lookup is a bisection or bounded: a long
    document or a long entity must not make them linear."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts, self.ends = token_bounds(doc)
        self._made: dict[int, Entity] = {}  # by first token
        self._known: tuple[str, dict[tuple[int, int], Any], tuple[str, ...]] | None = None

    @cached_property
    def _iob(self) -> np.ndarray:
        # read on first need: ``to_array`` costs ~150 instructions a token, and most lookups
        # of ``ending_at`` are answered by one token
        return self.doc.to_array(ENT_IOB)

    @cached_property
    def inside(self) -> list[int]:
        """Tokens of an entity, ascending (ENT_IOB 1 (I) or 3 (B); 2 (O) or 0 (unset) is out)."""
        return np.flatnonzero(self._iob & 1).tolist()

    @cached_property
    def _edges(self) -> tuple[list[int], list[int]]:
        """Tokens that begin an entity (B), and those that continue none (all but I): spaCy's
        ``doc.ents`` rule, an entity is a B token and the I tokens after it."""
        iob = self._iob
        return np.flatnonzero(iob == 3).tolist(), np.flatnonzero(iob != 1).tolist()

    def holding(self, t: int) -> Entity:
        """The entity holding token ``t`` (one of ``inside``)."""
        begins, stops = self._edges
        a = begins[bisect_right(begins, t) - 1]
        got = self._made.get(a)
        if got is None:
            k = bisect_right(stops, t)
            b = stops[k] if k < len(stops) else len(self._iob)
            doc = self.doc
            if self._known is None:
                self._known = (doc_text(doc), doc_value(doc, "entity_records") or {},
                               _own_attrs())
            tok = doc[a]
            label, kb_id = tok.ent_type_, tok.ent_kb_id_
            got = self._made[a] = _entity(
                lambda: Span(doc, a, b, label=label, kb_id=kb_id), label, self.starts[a],
                self.ends[b - 1], kb_id, *self._known)
        return got

    def last_ending_by(self, pos: int, keep: Callable[[Entity], bool],
                       limit: int) -> tuple[bool, Entity | None]:
        """The last entity ending at or before character ``pos`` that ``keep`` accepts, read
        backwards from ``pos`` at most ``limit`` entities: (found out, that entity or None);
        not found out when ``limit`` entities were read without reaching the first."""
        inside = self.inside
        k = bisect_left(inside, bisect_right(self.ends, pos)) - 1  # last token ending by pos
        for _ in range(limit):
            if k < 0:
                return True, None
            x = self.holding(inside[k])
            if x.end <= pos and keep(x):
                return True, x
            k = bisect_left(inside, bisect_left(self.starts, x.start)) - 1  # the one before x
        return k < 0, None

    def _of_tokens(self, a: int, b: int) -> list[Entity]:
        """The entities holding a token in [a, b), in order."""
        inside = self.inside
        out: list[Entity] = []
        for t in inside[bisect_left(inside, a):bisect_left(inside, b)]:
            x = self.holding(t)
            if not out or out[-1] is not x:
                out.append(x)
        return out

    def overlapping(self, s: int, e: int) -> list[Entity]:
        """The entities overlapping characters [s, e)."""
        # the tokens overlapping [s, e), one more either side for text between tokens
        a = bisect_right(self.ends, s) - 1
        b = bisect_left(self.starts, e) + 1
        return [x for x in self._of_tokens(a, b) if x.end > s and x.start < e]

    def within(self, s: int, e: int) -> list[Entity]:
        """The entities inside characters [s, e]."""
        a, b = bisect_left(self.starts, s), bisect_right(self.ends, e)
        return [x for x in self._of_tokens(a, b) if x.start >= s and x.end <= e]

    def _in_entity(self, t: int) -> bool:
        """Whether token ``t`` is part of an entity: from the array once read, else from the
        token alone (most speakers end on no entity, and then the array is never read)."""
        if "inside" in self.__dict__:
            k = bisect_left(self.inside, t)
            return k < len(self.inside) and self.inside[k] == t
        return bool(self.doc[t].ent_iob & 1)

    def ending_at(self, end: int) -> Entity | None:
        """The entity ending at character ``end``, if any."""
        t = bisect_left(self.ends, end)
        if t == len(self.ends) or self.ends[t] != end or not self._in_entity(t):
            return None
        x = self.holding(t)
        return x if x.end == end else None


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
        return got
    arr = doc.to_array([IDX, LENGTH])
    got = (arr[:, 0].tolist(), (arr[:, 0] + arr[:, 1]).tolist())
    doc.user_data[TOKEN_BOUNDS] = got
    return got


def doc_value(doc: Doc, name: str) -> Any:
    """``doc._.<name>`` of one of ``DOC_VALUES``, read without building ``doc._``."""
    return doc.user_data.get(DOC_VALUES[name])


def set_doc_value(doc: Doc, name: str, value: Any) -> None:
    """``doc._.<name> = value`` for one of ``DOC_VALUES``."""
    doc.user_data[DOC_VALUES[name]] = value


def doc_text(doc: Doc) -> str:
    """The original text; cheap, unlike ``doc.text``, which re-joins every token each time (and
    unlike ``doc._``, which builds an object on each access)."""
    text = doc_value(doc, "orig_text")
    if text is None:
        text = doc.text
        set_doc_value(doc, "orig_text", text)
    return text


def _get(rec: Any, name: str) -> Any:
    if rec is None:
        return None
    if isinstance(rec, dict):
        return rec.get(name)
    return getattr(rec, name, None)
