"""Document-level resolution: in-text aliases and coreference on top of the per-form cascade.

Mentions are resolved in text order. What the document teaches is remembered for the rest of
it: a gloss ``格雷格·布羅克曼(Greg Brockman)`` names the form and each of its parts; a person
met once lets a later surname-only (布羅克曼, 布洛克曼) or given-name-only (薩姆) mention link
back to them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from .detect import Candidate, Tokens, find_candidates, run_rules
from .resolver import (
    Resolution,
    Surface,
    fixed_rows,
    from_lexicons,
    from_table,
    gazetteer,
    is_transliteration,
    romanize,
    unresolved,
    with_method,
)
from .table import alias_table, form_key, is_latin
from .translit import similarity, sounds_like

CONF_GLOSS = 0.95  # the text itself says which English name a Chinese form stands for
CONF_LEARNED = 0.9  # a later mention of a form glossed earlier
CONF_COREF_EXACT = 0.9  # a part of a full name met earlier, written the same
CONF_COREF_SOUND = 0.85  # ... written with other characters of the same sound (洛/罗)
CONF_COREF_ENGLISH = 0.8  # ... sounding like the English name part
CONF_PARTIAL = 0.85  # a known surname with a given name that agrees with it
#: how closely an unknown short form must sound like an earlier person's English name part
MIN_COREF_SIMILARITY = 0.85

# "(Greg Brockman)" right after a Chinese name; folded text has ASCII parentheses
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"  # with accents: Andrew Côté
_GLOSS_AFTER = re.compile(rf"\(\s*([A-Z][{_LATIN}.'’\- ]*[{_LATIN}.])\s*\)")
# "Greg Brockman(" right before a Chinese name in parentheses
_GLOSS_BEFORE = re.compile(rf"([A-Z][{_LATIN}.'’\-]*(?: [A-Z][{_LATIN}.'’\-]*)*)\s*\($")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
#: a gloss is in parentheses right after a form: "(" opens one after it, ")" closes one around it
_GLOSS_NEXT = frozenset("()")
class Mention(NamedTuple):  # one per name in every text: a tuple is made faster
    start: int
    end: int
    key: str
    resolution: Resolution


@dataclass
class _Person:
    entity_id: str | None
    canonical: str
    parts: set[str]  # Chinese part keys known for them
    english_parts: list[str]
    resolution: Resolution


@dataclass
class _State:
    text: str  # normalized document text (context for the rules)
    seen: set[str] = field(default_factory=set)
    people: list[_Person] = field(default_factory=list)
    learned: dict[str, Resolution] = field(default_factory=dict)
    glossed: set[str] = field(default_factory=set)  # keys glossed in full


def english_name(gloss: str) -> str:
    """'KevinScott' -> 'Kevin Scott'; spacing tidied."""
    return " ".join(_CAMEL.sub(" ", gloss).split())


def _gloss_after(text: str, end: int) -> re.Match[str] | None:
    # the pattern opens with "(": a character test spares most candidates the regex call
    return _GLOSS_AFTER.match(text, end) if text.startswith("(", end) else None


def _gloss(text: str, c: Candidate) -> str | None:
    m = _gloss_after(text, c.end)
    if m:
        return english_name(m.group(1))
    if c.start > 0 and text[c.start - 1] == "(" and text[c.end : c.end + 1] == ")":
        m = _GLOSS_BEFORE.search(text, max(0, c.start - 80), c.start)
        if m:
            return english_name(m.group(1))
    return None


def _kind_hint(text: str, c: Candidate) -> str:
    return run_rules().kind(text[c.end : c.end + 4])


def _from_gloss(key: str, english: str, table_res: Resolution | None,
                hint: str = "person") -> Resolution:
    table = alias_table()
    rows = table.latin_ci.get(form_key(english).lower()) or table.latin_ci.get(
        english.replace(" ", "").lower()
    )
    ids = list(dict.fromkeys(r.entity_id for r in rows or ()))
    if table_res is not None and table_res.entity_id in ids:
        return table_res  # the table already knew; the gloss agrees
    if len(ids) == 1:
        ent = table.entities[ids[0]]
        return Resolution(ent.canonical, ent.entity_id, ent.kind, "alias", CONF_GLOSS,
                          "latin", romanize(key))
    if table_res is not None:
        kind = table_res.kind
    elif "·" in key or is_transliteration(key):
        kind = hint  # a transliterated name: a person unless an org/place word follows it
    else:
        kind = "org"  # a Chinese rendering glossed in English (南十字數據（Southcross Data）)
    return Resolution(english, None, kind, "alias", CONF_GLOSS, None, romanize(key))


def _remember(st: _State, key: str, r: Resolution, english: str | None = None) -> None:
    if r.entity_id:
        st.seen.add(r.entity_id)
    if r.kind != "person" or r.canonical is None:
        return
    parts = set(key.split("·")) if "·" in key else {key}
    eparts = (english or r.canonical).split()
    ent = alias_table().entities.get(r.entity_id or "")
    if ent is not None:
        parts |= _name_parts(ent.entity_id)
        eparts = ent.canonical.split()
    for p in st.people:
        if (p.entity_id, p.canonical) == (r.entity_id, r.canonical):
            p.parts |= parts
            st.people.remove(p)
            st.people.append(p)  # most recent last
            return
    st.people.append(_Person(r.entity_id, r.canonical, parts, eparts, r))


@lru_cache(maxsize=20_000)
def _name_parts(entity_id: str) -> frozenset[str]:
    """``Entity.name_parts`` of a table entity, worked out once: people recur in every text."""
    return frozenset(alias_table().entities[entity_id].name_parts())


def _coref(st: _State, key: str) -> Resolution | None:
    """A short form that names a person met earlier: the same part, sound, or English part."""
    if "·" in key:
        return None
    for level, conf in (("exact", CONF_COREF_EXACT), ("sound", CONF_COREF_SOUND),
                        ("english", CONF_COREF_ENGLISH)):
        hits = [p for p in st.people if _part_match(level, key, p)]
        distinct = {(p.entity_id, p.canonical) for p in hits}
        if len(distinct) == 1:
            return with_method(hits[-1].resolution, "coref", conf, key)
        if len(distinct) > 1:
            return None  # two people fit: abstain
    return None


def _part_match(level: str, key: str, p: _Person) -> bool:
    if level == "exact":
        return key in p.parts
    if level == "sound":
        rk = romanize(key)
        return any(romanize(q) == rk for q in p.parts)
    if not is_transliteration(key) or len(key) < 2:
        return False
    return any(sounds_like(key, e, MIN_COREF_SIMILARITY) for e in p.english_parts)


def _partial(st: _State, c: Candidate, surface: Surface) -> Resolution | None:
    """Given name + known surname (萨提亚·纳德拉 when only 纳德拉 is in the table)."""
    if not c.inner or "·" not in c.key:
        return None
    given = c.key.split("·")[0]
    inner = c.inner[-1]
    r = from_table(inner.key, inner.key, st.text, lambda e: e in st.seen)
    if not isinstance(r, Resolution) or r.kind != "person" or not r.entity_id:
        return None
    ent = alias_table().entities[r.entity_id]
    first = ent.canonical.split()[0]
    if given in ent.name_parts() or similarity(given, first) >= MIN_COREF_SIMILARITY:
        return with_method(r, "gazetteer", CONF_PARTIAL, c.key)
    return None


def _resolve_one(st: _State, c: Candidate, surface: Surface) -> Resolution | None:
    text = st.text
    fixed = fixed_rows(c.key)
    if fixed and text[c.end : c.end + 1] not in _GLOSS_NEXT:
        # no gloss can follow or enclose the form, and the table alone decides (most mentions:
        # 中国, 习近平): its answer, without the context checks below
        written = None
        if fixed == 2:
            written = surface if isinstance(surface, str) else surface()
        return gazetteer(c.key, written)
    return _in_context(st, c, surface)


def _in_context(st: _State, c: Candidate, surface: Surface) -> Resolution | None:
    """The full cascade: the table in its context (titles, entities already seen), a gloss,
    forms learned earlier in the document, coreference, then the lexicons."""
    text = st.text
    in_title = text[c.start - 1 : c.start] == "《" and text[c.end : c.end + 1] == "》"
    table_res = from_table(c.key, surface, text, lambda e: e in st.seen, in_title)
    english = _gloss(text, c)
    if english:
        r = _from_gloss(c.key, english, table_res if isinstance(table_res, Resolution) else None,
                        _kind_hint(text, c))
        st.learned[c.key] = r
        st.glossed.add(c.key)
        if "·" in c.key and r.kind == "person":
            for part in c.key.split("·"):
                st.learned.setdefault(part, r)
        _remember(st, c.key, r, english)
        return r
    if isinstance(table_res, Resolution):
        return table_res
    learned = st.learned.get(c.key)
    if learned is not None:
        # the glossed form again: alias; one part of a glossed full name: coreference
        whole = c.key in st.glossed
        return replace(learned, method="alias" if whole else "coref",
                       confidence=CONF_LEARNED if whole else CONF_COREF_EXACT,
                       romanized=romanize(c.key), region=None)
    if table_res is None:  # in the table, but undecided here
        rows = alias_table().by_key.get(c.key, [])
        if rows and all(alias_table().entities[r.entity_id].kind == "person" for r in rows):
            return _coref(st, c.key) or unresolved(c.key)
        return None
    r = _partial(st, c, surface) or _coref(st, c.key)
    if r is not None:
        return r
    lex = from_lexicons(c.key, _kind_hint(text, c))
    if lex is None:
        return None
    if lex is False:
        return unresolved(c.key, _kind_hint(text, c)) if c.source == "run" else None
    return lex  # type: ignore[return-value]


def resolve_mentions(
    norm_text: str, tokens: Tokens, surface: Callable[[int, int], str]
) -> list[Mention]:
    """Every name mention of a document, resolved, in text order."""
    st = _State(norm_text)
    out: list[Mention] = []
    glosses: list[tuple[int, int]] = []  # Latin glosses already used as aliases
    for c in find_candidates(norm_text, tokens):
        if glosses and any(s <= c.start and c.end <= e for s, e in glosses):
            continue  # "(Walter Bloomberg)": part of the alias, not a second mention
        r = _resolve_one(st, c, lambda c=c: surface(c.start, c.end))
        if r is None:
            continue
        m = _gloss_after(norm_text, c.end)  # first: a gloss is rarer than a non-Latin key
        if m and not is_latin(c.key):
            glosses.append(m.span(1))
        if r.kind == "person" and r.canonical and r.method != "coref":
            _remember(st, c.key, r)
        elif r.entity_id:
            st.seen.add(r.entity_id)
        out.append(Mention(c.start, c.end, c.key, r))
    return out
