"""Claims: attributed statements (who says what, through which source, how hedged, when).

    claim_rows(doc) -> list[dict]   # rows of the claims table (without doc_id)

The spaCy component ``zhnews_claims`` puts one span per claim in ``doc.spans["claims"]`` with
``span._.record`` = a ``ClaimRecord`` (claim_id, content_start, content_end, …) for the events
stage, which reads them through ``pipeline.annotations.claims``.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.annotations import claims, set_records
from pipeline.segment import HMM_WARM_UP

from .engine import ClaimRecord, find_claims
from .lexicon import lexicon, load
from .speaker import tagger

__all__ = ["ClaimRecord", "claim_rows", "find_claims", "segmenter_words", "warm"]

SPAN_KEY = "claims"


@Language.factory("zhnews_claims")
def make_claims(nlp: Language, name: str) -> ClaimsComponent:
    return ClaimsComponent()


class ClaimsComponent:
    """Finds claims and stores them as a span group with their records."""

    def __call__(self, doc: Doc) -> Doc:
        set_records(doc, SPAN_KEY, find_claims(doc))
        return doc


def segmenter_words() -> list[str]:
    """Words the segmenter must keep whole so that no cue is cut out of them (法说会)."""
    return list(load("cues").get("segmenter_words") or ())


def warm() -> None:
    """Compile the rules and load jieba's tagger now, so that worker processes forked afterwards
    share them instead of each paying for them on its first document."""
    lexicon()
    # jieba loads its HMM model (~50 ms, once per process) on the first text holding a word
    # outside its dictionary: an unknown name does that here, not in every forked worker
    tagger().tag(HMM_WARM_UP)


def claim_rows(doc: Doc) -> list[dict[str, Any]]:
    """One claims-table row per claim, in text order."""
    return [rec.row() for rec in claims(doc)]
