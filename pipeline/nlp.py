"""Assembling the spaCy pipeline: our tokenizer plus one registered component per stage.

A stage is named here once: its component factory, the module that registers it, and the
function that turns an annotated Doc into table rows. Which stages run is configuration.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc

from .normalize import simplified_only
from .segment import Segmenter
from .tokenizer import ZhTokenizer


@dataclass(frozen=True)
class Stage:
    name: str
    module: str  # importing it registers the component factory
    factory: str
    rows: str  # module attribute: Doc -> list[dict] for the table
    table: str
    words: str | None = None  # module attribute: () -> words the segmenter must keep whole


STAGES: dict[str, Stage] = {
    s.name: s
    for s in (
        Stage("names", "pipeline.names", "zhnews_names", "mention_rows", "mentions",
              "segmenter_words"),
        Stage("timex", "pipeline.timex", "zhnews_timex", "timex_rows", "timexes"),
        # claims before events: an event inside a claim's content carries the claim's id
        Stage("claims", "pipeline.claims", "zhnews_claims", "claim_rows", "claims",
              "segmenter_words"),
        Stage("events", "pipeline.events", "zhnews_events", "event_rows", "events"),
    )
}


#: the stages a default run uses, in order (each must be importable and registered)
DEFAULT_STAGES: tuple[str, ...] = ("names", "timex", "claims", "events")


@dataclass
class Assembled:
    nlp: Language
    row_builders: list[tuple[str, Callable[[Doc], list[dict[str, Any]]]]]


def get_nlp(stages: tuple[str, ...] | None = None, lexical: bool = True) -> Assembled:
    """The pipeline for ``stages`` (default: DEFAULT_STAGES), built once per process.

    ``lexical=False`` skips spaCy's lexical attributes (``is_punct``, ``like_num``, ``shape``,
    ``is_stop``…) on every word the vocabulary meets for the first time, keeping only the
    Simplified ``norm_`` the stages match on: about 20 Python calls per new word, the largest
    cost of a freshly forked worker's tokenizer. For runners whose Docs never leave the process
    (batch workers, Spark); every table is the same either way. A Doc handed to a user has
    them all.
    """
    return _build(DEFAULT_STAGES if stages is None else tuple(stages), lexical)


@lru_cache(maxsize=8)
def _build(stages: tuple[str, ...], lexical: bool = True) -> Assembled:
    nlp = spacy.blank("zh")
    segmenter = Segmenter()
    builders = []
    for name in stages:
        stage = STAGES[name]
        module = importlib.import_module(stage.module)
        if stage.words:
            segmenter.add_words(getattr(module, stage.words)())
        nlp.add_pipe(stage.factory)
        builders.append((stage.table, getattr(module, stage.rows)))
        if hasattr(module, "warm"):  # before workers fork: they share what it loads
            module.warm()
    nlp.tokenizer = ZhTokenizer(nlp.vocab, segmenter)
    if not lexical:
        getters = nlp.vocab.lex_attr_getters
        kept = {NORM: getters[NORM]}  # set by ZhTokenizer: the one attribute the stages read
        getters.clear()
        getters.update(kept)
    simplified_only()  # script detection's table, built before workers fork so they share it
    return Assembled(nlp, builders)
