"""The spaCy component ``zhnews_names``: ``doc.ents`` with canonical names, and the rows of
the mentions table. Works on a Doc made by ``ZhTokenizer`` (``doc._.norm_text`` set); on any
other Doc it normalizes the text itself."""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
from spacy.attrs import ENT_IOB
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..annotations import doc_text, doc_value, set_doc_value, token_bounds
from ..normalize import normalize
from .detect import Tokens
from .document import resolve_mentions
from .resolver import Resolution

FACTORY = "zhnews_names"
LABELS = {"person": "PERSON", "org": "ORG", "place": "GPE", "media": "MEDIA",
          "product": "PRODUCT"}
_ENT_IOB = [ENT_IOB]
SPAN_ATTRS = ("canonical", "method", "confidence", "romanized", "region")



def _getter(attr: str):
    def get(span: Span) -> Any:
        found = doc_value(span.doc, "entity_records")
        r = found.get((span.start_char, span.end_char)) if found else None
        return getattr(r, attr) if r is not None else None

    return get


for _attr in SPAN_ATTRS:
    if not Span.has_extension(_attr):
        Span.set_extension(_attr, getter=_getter(_attr))


def doc_tokens(doc: Doc) -> Tokens:
    """Token boundaries of ``doc`` as character offsets."""
    return Tokens(*token_bounds(doc))


class NameResolver:
    """Sets ``doc.ents`` (label per kind, ``kb_id_`` = entity id) and span attributes."""

    def __init__(self, nlp: Language, name: str = FACTORY) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        tokens = doc_tokens(doc)
        norm = doc_value(doc, "norm_text")
        if norm is None or len(norm) != (tokens.ends[-1] if tokens.ends else 0):
            norm = normalize(doc.text).text  # not a ZhTokenizer Doc (doc.text walks tokens)

        text = doc_text(doc)

        def surface(start: int, end: int) -> str:
            # the tokens' text (they carry no spaces): a slice, not a walk over Token objects
            i = bisect_left(tokens.starts, start)
            j = bisect_left(tokens.starts, end, lo=i)
            return text[tokens.starts[i] : tokens.ends[j - 1]] if j > i else ""

        found = {}
        marks = []  # (first token, end token, resolution) per mention, in text order
        n = len(tokens.starts)
        for m in resolve_mentions(norm, tokens, surface):
            i = bisect_left(tokens.starts, m.start)
            j = bisect_left(tokens.starts, m.end, lo=i) if m.end < tokens.ends[-1] else n
            marks.append((i, j, m.resolution))
            found[(m.start, m.end)] = m.resolution
        # (start_char, end_char) → Resolution, read by annotations.entities and the span attributes
        # below (cheaper than writing five extension values on every span)
        set_doc_value(doc, "entity_records", found)
        if doc.has_annotation("ENT_IOB"):  # another component set entities: keep the rest
            spans = _spans(doc, marks)
            keep = [e for e in doc.ents if not any(_overlap(e, s) for s in spans)]
            doc.set_ents(filter_spans(spans + keep), default="outside")
        elif _disjoint(marks):
            _write_ents(doc, marks)
        else:  # what set_ents makes of overlapping spans (an error), as before
            doc.set_ents(_spans(doc, marks), default="outside")
        return doc


def _spans(doc: Doc, marks: list[tuple[int, int, Resolution]]) -> list[Span]:
    return [Span(doc, i, j, label=LABELS[r.kind], kb_id=r.entity_id or "") for i, j, r in marks]


def _disjoint(marks: list[tuple[int, int, Resolution]]) -> bool:
    return all(a[1] <= b[0] for a, b in pairwise(marks))


def _write_ents(doc: Doc, marks: list[tuple[int, int, Resolution]]) -> None:
    """What ``doc.set_ents(spans, default="outside")`` writes for disjoint spans on a Doc
    without entities: set_ents tests every token against a Python set, and each Span costs
    two Token objects, together most of this component's time after resolving.

    ``Doc.from_array`` writes ENT_IOB for every token (O, or B then I per span); the type and
    KB id, zero on a fresh Doc outside entities, are set on the few entity tokens only:
    from_array pays ~80 instructions per token and attribute, three columns cost more."""
    # runs of equal ENT_IOB per token: before each span O, then B, then I; made into the
    # array by one np.repeat (a numpy slice assignment per span cost more)
    runs: list[int] = []
    iob: list[int] = []
    ents: list[tuple[int, int, int, int]] = []
    add = doc.vocab.strings.add
    pos = 0
    for i, j, r in marks:
        if j > i:  # an empty span marks nothing (as in set_ents)
            t = add(LABELS[r.kind])
            k = add(r.entity_id) if r.entity_id else 0
            runs += (i - pos, 1, j - i - 1)
            iob += (2, 3, 1)  # O, B, I
            ents.append((i, j, t, k))
            pos = j
    runs.append(len(doc) - pos)
    iob.append(2)
    arr = np.repeat(np.array(iob, dtype=np.uint64), runs)
    doc.from_array(_ENT_IOB, arr)
    for i, j, t, k in ents:
        for n in range(i, j):  # by index: a Span (doc[i:j]) costs more than its tokens
            tok = doc[n]
            tok.ent_type = t
            if k:
                tok.ent_kb_id = k


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


@Language.factory(FACTORY)
def make_name_resolver(nlp: Language, name: str) -> NameResolver:
    return NameResolver(nlp, name)


KINDS = {v: k for k, v in LABELS.items()}


@lru_cache(maxsize=4096)
def _rounded(confidence: float) -> float:
    # a handful of distinct confidences: rounding each mention's anew was a sixth of its row
    return round(float(confidence), 3)


def mention_rows(doc: Doc) -> list[dict[str, Any]]:
    """Rows of the mentions table (without doc_id) for the entities this component set."""
    norm = doc_value(doc, "norm_text") or normalize(doc.text).text
    text = doc_text(doc)
    found = doc_value(doc, "entity_records") or {}
    rows = []
    for e in doc.ents:
        s, t = e.start_char, e.end_char
        r = found.get((s, t))
        if r is None or r.method is None:
            continue  # an entity some other component set
        label = e.label_
        rows.append({
            "start": s,
            "end": t,
            "text": text[s:t],
            "text_simplified": norm[s:t],
            "kind": KINDS[label] if label in KINDS else label.lower(),
            "canonical": r.canonical,
            "entity_id": e.kb_id_ or None,
            "method": r.method,
            "confidence": _rounded(r.confidence),
            "romanized": r.romanized,
            "region": r.region,
        })
    return rows
