"""Context rules (``context.yaml``): one written form, several meanings, decided by cues."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..yamlio import load_yaml
from .table import RESOURCES, alias_table, form_key, is_latin

#: a cue entity's own form counts as evidence only if it is at least this long (ambiguous
#: one-character or very short forms would fire everywhere)
MIN_CUE_FORM = 2


@dataclass(frozen=True)
class Sense:
    entity_id: str | None
    cues: tuple[str, ...]  # plain cue words (Simplified)
    cue_entities: tuple[str, ...]
    require_title_marks: bool


@dataclass(frozen=True)
class Decision:
    entity_id: str | None
    hits: int  # distinct cues found for the chosen sense (0: the default)


@dataclass(frozen=True)
class ContextRule:
    forms: tuple[str, ...]  # keys
    senses: tuple[Sense, ...]
    default: str | None
    examples: tuple[dict, ...]

    def decide(self, context: str, in_title_marks: bool = False) -> Decision:
        """The sense with the most distinct cues in ``context``; a tie gives the default."""
        counts = []
        for s in self.senses:
            if s.require_title_marks and not in_title_marks:
                counts.append(-1)
                continue
            n = sum(1 for c in s.cues if c in context)
            n += sum(1 for e in s.cue_entities if _entity_in(e, context))
            counts.append(n)
        best = max(counts, default=0)
        if best > 0 and counts.count(best) == 1:
            return Decision(self.senses[counts.index(best)].entity_id, best)
        # the default stands unless its own sense is ruled out (title marks missing)
        ruled_out = {s.entity_id for s, n in zip(self.senses, counts, strict=True) if n < 0}
        return Decision(None if self.default in ruled_out else self.default, 0)


def _entity_in(entity_id: str, context: str) -> bool:
    return any(f in context for f in entity_cue_forms(entity_id))


@lru_cache(maxsize=8192)
def entity_cue_forms(entity_id: str) -> tuple[str, ...]:
    """An entity's unambiguous forms, as they would appear in Simplified text."""
    ent = alias_table().entities.get(entity_id)
    if ent is None:
        return ()
    forms = {
        r.key for r in ent.rows
        if not r.ambiguous and not r.given_name and len(r.key) >= MIN_CUE_FORM
        and (not is_latin(r.key) or len(r.key) >= 3)
    }  # fmt: skip
    return tuple(sorted(forms))


def _sense(d: dict) -> Sense:
    cues = [str(c) for c in d.get("cues", [])]
    return Sense(
        entity_id=d.get("entity"),
        cues=tuple(form_key(c) for c in cues if not c.startswith("@")),
        cue_entities=tuple(c[1:] for c in cues if c.startswith("@")),
        require_title_marks=d.get("require") == "title_marks",
    )


@lru_cache(maxsize=1)
def context_rules() -> dict[str, ContextRule]:
    """Form key -> its rule."""
    data = load_yaml((RESOURCES / "context.yaml").read_text(encoding="utf-8"))
    out: dict[str, ContextRule] = {}
    for r in data["rules"]:
        rule = ContextRule(
            forms=tuple(form_key(f) for f in r["forms"]),
            senses=tuple(_sense(s) for s in r["senses"]),
            default=r.get("default"),
            examples=tuple(r.get("examples", [])),
        )
        for f in rule.forms:
            out[f] = rule
    return out
