"""The trigger lexicon: trigger forms (Simplified) → senses (event type + frame + constraints).

Candidates are found with one vectorized lookup of every token's NORM hash in the set of form
prefixes; only there is the form checked token by token (a form may span tokens: 炒|鱿鱼).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from spacy.strings import get_string_id

from .resources import load

#: frame keys: where a role's filler is found (see resources/events/triggers.yaml)
FRAME_KEYS = ("subject", "object", "passive", "by", "as", "possessor", "near", "outer",
              "amount", "count", "preps", "post_verbs", "object_before_verb", "patterns")


_BITS = 1 << 16  # bitmap slots for the first-token hashes (a few hundred of them)
_MASK = np.uint64(_BITS - 1)


@dataclass(frozen=True)
class Sense:
    form: str
    type: str
    frame: dict[str, Any]
    requires_before: frozenset[str] = frozenset()
    unless_before: frozenset[str] = frozenset()
    requires_context: tuple[str, ...] = ()
    reject_context: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()  # argument kinds that must be found: object, subject, money
    confidence: float = 0.8


@dataclass
class Lexicon:
    #: first-token NORM hash → [(the rest of the form after that token, senses)], longest first
    by_first: dict[int, list[tuple[str, list[Sense]]]] = field(default_factory=dict)
    #: a bitmap over the low bits of the keys of ``by_first`` (see ``first_tokens``)
    first_bits: np.ndarray = field(default_factory=lambda: np.zeros(_BITS, dtype=bool))
    forms: dict[str, list[Sense]] = field(default_factory=dict)
    types: dict[str, dict[str, Any]] = field(default_factory=dict)

    def first_tokens(self, norms: np.ndarray) -> list[int]:
        """Indices of the tokens whose NORM hash may start a form. One vectorized bitmap lookup
        (a few hundred keys among 2**16 slots: nearly every token is out at once), then an
        exact dict test of the few left; ``np.isin`` would sort both arrays."""
        # ``nonzero`` on the 1-d mask, not ``np.flatnonzero`` (three Python-level wrappers per
        # call), and the few hashes left read as one list, not a numpy scalar each
        near = self.first_bits[(norms & _MASK).astype(np.intp)].nonzero()[0]
        keys = self.by_first
        return [k for k, h in zip(near.tolist(), norms[near].tolist(), strict=True)
                if h in keys]


def _sense(type_id: str, base: dict[str, Any], item: str | dict[str, Any]) -> Sense:
    d = {"form": item} if isinstance(item, str) else dict(item)
    frame = dict(base)
    frame.update(d.get("frame") or {})
    return Sense(
        form=d["form"], type=type_id, frame=frame,
        requires_before=frozenset(d.get("requires_before") or ()),
        unless_before=frozenset(d.get("unless_before") or ()),
        requires_context=tuple(d.get("requires_context") or ()),
        reject_context=tuple(d.get("reject_context") or ()),
        requires=tuple(d.get("requires") or ()),
        confidence=float(d.get("confidence", 0.8)),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Every trigger sense of ``triggers.yaml``, checked against ``schema.yaml``."""
    schema = load("schema")["types"]
    lex = Lexicon(types=schema)
    for type_id, spec in load("triggers")["types"].items():
        if type_id not in schema:
            raise ValueError(f"triggers.yaml: unknown event type {type_id!r}")
        base = spec.get("frame") or {}
        unknown = set(base) - set(FRAME_KEYS)
        if unknown:
            raise ValueError(f"triggers.yaml {type_id}: unknown frame keys {sorted(unknown)}")
        for item in spec["triggers"]:
            s = _sense(type_id, base, item)
            lex.forms.setdefault(s.form, []).append(s)
    for senses in lex.forms.values():
        # constrained senses are tried before the catch-all one of the same form
        senses.sort(key=lambda s: not (s.requires_before or s.requires_context))
    for form, senses in lex.forms.items():
        # jieba may cut a form anywhere (炒|鱿鱼, 约|谈): every prefix can be a first token
        for k in range(1, len(form) + 1):
            lex.by_first.setdefault(get_string_id(form[:k]), []).append((form[k:], senses))
    for entries in lex.by_first.values():
        entries.sort(key=lambda e: -len(e[0]))
    keys = np.fromiter(lex.by_first, dtype=np.uint64, count=len(lex.by_first))
    lex.first_bits[(keys & _MASK).astype(np.intp)] = True
    return lex
