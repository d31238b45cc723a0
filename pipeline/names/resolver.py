"""The resolution cascade for one written form: alias table → context rules → CC-CEDICT →
phonetic back-transliteration. Document-level layers (in-text aliases, coreference) live in
``document.py`` and call into this one, so ``resolve()`` and the mentions table agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from pypinyin import lazy_pinyin

from . import cedict
from .context import ContextRule, context_rules, entity_cue_forms
from .phonetic import back_transliterate
from .table import FormRow, alias_table, form_key, is_latin
from .translit import translit_table

# Confidence per layer: how sure a table match is depends on what kind of form matched.
CONF_TABLE_FULL = 0.98  # a full name or a unique form
CONF_TABLE_SHORT = 0.93  # a surname-only form (阿尔特曼) could still be a namesake
CONF_CONTEXT = {0: 0.6, 1: 0.8}  # by number of cues found; 2 or more: CONF_CONTEXT_STRONG
CONF_CONTEXT_STRONG = 0.9
CONF_PRESENT = 0.88  # an ambiguous form whose entity the context names unambiguously
CONF_CEDICT = 0.8
#: unknown names are looked up phonetically only from this many Han characters on (two-char
#: forms like 萨姆 sound like too many names)
MIN_PHONETIC_CHARS = 3


@dataclass(frozen=True)
class Resolution:
    """What a written form refers to. ``canonical`` None: a name, but unresolved."""

    canonical: str | None
    entity_id: str | None
    kind: str
    method: str  # gazetteer / context / coref / alias / cedict / phonetic / unresolved
    confidence: float
    region: str | None = None
    romanized: str | None = None


@lru_cache(maxsize=100_000)
def romanize(key: str) -> str:
    """Toneless pinyin per name part ('苏特斯科夫' -> 'Sutesikefu'); Latin kept as written.

    Character by character (cached): a name's characters are read as in transliteration,
    and pypinyin's phrase segmentation costs ~80 µs per new form."""
    if is_latin(key):
        return key
    return " ".join("".join(map(_pinyin, p)).capitalize() for p in key.split("·") if p)


@lru_cache(maxsize=20_000)
def _pinyin(ch: str) -> str:
    return lazy_pinyin(ch)[0]


def warm_pinyin() -> None:
    """Read every character of the alias and transliteration tables now (~50 µs each), before
    workers fork, rather than in each worker as names come up."""
    chars = set(translit_table().chars)
    for key in alias_table().by_key:
        if not is_latin(key):
            chars.update(key)
    chars.discard("·")
    for ch in sorted(chars):
        _pinyin(ch)


def warm_table() -> None:
    """Work out the context-free answer of every table form now, before workers fork: a worker
    would otherwise pay for each form it meets first (most mentions are table forms)."""
    for key, rows in alias_table().by_key.items():
        fixed = fixed_rows(key)
        if fixed == 1:
            gazetteer(key, None)
        elif fixed == 2:  # one answer per row's spelling (the one a text most likely uses)
            for form in dict.fromkeys(r.form for r in rows):
                gazetteer(key, form)


def is_transliteration(key: str) -> bool:
    chars = translit_table().chars
    return all(ch in chars or ch == "·" for ch in key)


Surface = str | Callable[[], str]  # the text as written, or how to get it when needed


def _row_for(rows: list[FormRow], entity_id: str, surface: Surface) -> FormRow | None:
    """The table row of ``entity_id`` written exactly as ``surface``, else its first row."""
    mine = [r for r in rows if r.entity_id == entity_id]
    if len(mine) > 1:
        text = surface if isinstance(surface, str) else surface()
        for r in mine:
            if r.form == text:
                return r
    return mine[0] if mine else None


def _short(row: FormRow) -> bool:
    """A surname-only form of a person (阿尔特曼 of 萨姆·阿尔特曼)."""
    ent = alias_table().entities[row.entity_id]
    return ent.kind == "person" and "·" not in row.key and row.key in ent.name_parts()


def _make(entity_id: str, method: str, conf: float, row: FormRow | None, key: str) -> Resolution:
    ent = alias_table().entities[entity_id]
    return Resolution(ent.canonical, entity_id, ent.kind, method, conf,
                      row.region if row else None, romanize(key))


@dataclass(frozen=True)
class _TableForm:
    """What the alias table says about one key, whatever the context."""

    rows: list[FormRow]
    rule: ContextRule | None
    ids: tuple[str, ...]  # distinct entity ids, in table order
    ambiguous: bool  # a row says the form also means something else, or is a given name
    several_rows: bool  # the (only) entity has several rows: which was written matters


@lru_cache(maxsize=50_000)
def _table_form(key: str) -> _TableForm | None:
    """The context-free part of ``from_table``, worked out once per key (most mentions are
    forms met before)."""
    table = alias_table()
    rows = table.by_key.get(key)
    if not rows and is_latin(key):
        rows = table.latin_ci.get(key.lower())
    if not rows:
        return None
    ids = tuple(dict.fromkeys(r.entity_id for r in rows))
    return _TableForm(
        rows,
        context_rules().get(key),
        ids,
        any(r.ambiguous or r.given_name for r in rows),
        sum(1 for r in rows if r.entity_id == ids[0]) > 1,
    )


def from_table(
    key: str, surface: Surface, context: str, present: Callable[[str], bool],
    in_title_marks: bool = False,
) -> Resolution | bool | None:
    """Alias-table layer (with context rules). False: the key is not in the table."""
    form = _table_form(key)
    if form is None:
        return False
    rows = form.rows
    if form.rule is not None:
        d = form.rule.decide(context, in_title_marks)
        if d.entity_id is None or d.entity_id not in alias_table().entities:
            return None
        conf = CONF_CONTEXT_STRONG if d.hits >= 2 else CONF_CONTEXT[d.hits]
        return _make(d.entity_id, "context", conf, _row_for(rows, d.entity_id, surface), key)
    if len(form.ids) > 1:
        return None  # shared form without a rule: abstain (the tests forbid this state)
    # ambiguity belongs to the written form, whichever script the table gave it in
    if form.ambiguous:
        # only when the entity itself is otherwise named in the context / earlier
        if present(form.ids[0]):
            return _make(form.ids[0], "coref", CONF_PRESENT, _row_for(rows, form.ids[0], surface),
                         key)
        return None
    # the plain case depends on the form alone (and which script row it was written as):
    # the same answer every time 中国 or 习近平 comes up, so it is made once
    written = None
    if form.several_rows:
        written = surface if isinstance(surface, str) else surface()
    return gazetteer(key, written)


@lru_cache(maxsize=50_000)
def fixed_rows(key: str) -> int:
    """How ``from_table`` answers ``key`` whatever the context: 0 it does not (not in the table,
    a context rule, several entities, an ambiguous form); 1 the same Resolution every time
    (``gazetteer(key, None)``); 2 one per written form (``gazetteer(key, written)``)."""
    form = _table_form(key)
    if form is None or form.rule is not None or len(form.ids) > 1 or form.ambiguous:
        return 0
    return 2 if form.several_rows else 1


@lru_cache(maxsize=50_000)
def gazetteer(key: str, written: str | None) -> Resolution:
    """The plain table answer for ``key`` written as ``written`` (None: its first row)."""
    rows = alias_table().by_key.get(key) or alias_table().latin_ci[key.lower()]
    row = _row_for(rows, rows[0].entity_id, written or "")
    assert row is not None  # the entity comes from rows
    conf = CONF_TABLE_SHORT if _short(row) else CONF_TABLE_FULL
    return _make(row.entity_id, "gazetteer", conf, row, key)


def from_lexicons(key: str, kind_hint: str = "person") -> Resolution | bool | None:
    """CC-CEDICT, then phonetic. None: known to be no entity; False: nothing known."""
    name = cedict.lookup(key)
    if name is not None:
        if name.kind is None:
            return None  # a proper noun of no kind we track (伊斯兰): never a person
        if name.canonical is not None:
            return Resolution(name.canonical, name.entity_id, name.kind, "cedict",
                              CONF_CEDICT, None, romanize(key))
        kind_hint = name.kind  # a name, but CC-CEDICT cannot say which (X or Y)
    if key in cedict.common_words():
        return None
    han = sum(1 for ch in key if ch != "·")
    if kind_hint == "person" and han >= MIN_PHONETIC_CHARS and is_transliteration(key):
        bt = back_transliterate(key)
        if bt is not None:
            kind = alias_table().entities[bt.entity_id].kind if bt.entity_id else "person"
            return Resolution(bt.english, bt.entity_id, kind, "phonetic", bt.confidence,
                              None, romanize(key))
    return False


def _present_in(context: str) -> Callable[[str], bool]:
    return lambda eid: any(f in context for f in entity_cue_forms(eid))


@lru_cache(maxsize=100_000)
def _resolve_alone(surface: str) -> Resolution | None:
    return _resolve(surface, "")


def _resolve(surface: str, context: str) -> Resolution | None:
    key = form_key(surface)
    if not key:
        return None
    title = f"《{surface}》" in context or f"《{key}》" in context
    r = from_table(key, surface, context, _present_in(context), title)
    if r is not False:
        return r  # type: ignore[return-value]
    r = from_lexicons(key)
    return r if isinstance(r, Resolution) else None


def resolve(surface: str, context: str | None = None) -> Resolution | None:
    """What ``surface`` names, or None.

    ``context`` is surrounding text (any script); it decides forms with several meanings
    (奥特曼: Sam Altman next to OpenAI, Ultraman next to 动画) and confirms ambiguous short
    forms (萨姆) whose entity it names. Without context the dictionary path is a cached lookup.
    """
    if context is None:
        return _resolve_alone(surface)
    norm = form_key(context)
    return _resolve(surface, norm)


def unresolved(key: str, kind: str = "person") -> Resolution:
    return Resolution(None, None, kind, "unresolved", 0.0, None, romanize(key))


def with_method(r: Resolution, method: str, confidence: float, key: str) -> Resolution:
    """``r`` reached another way, for the mention written ``key``."""
    return replace(r, method=method, confidence=confidence, romanized=romanize(key), region=None)
