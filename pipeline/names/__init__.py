"""Transliterated-name resolution: mentions of people, organisations, places, media and
products, each with one canonical name (issue #3).

- ``resolve(surface, context=None)``: one written form → ``Resolution`` or None.
- ``segmenter_words()``: every Simplified alias form, for the segmenter's dictionary.
- the spaCy component ``zhnews_names`` (``FACTORY``) and ``mention_rows(doc)``.
"""

from __future__ import annotations

from .component import FACTORY, NameResolver, mention_rows
from .resolver import Resolution, resolve
from .table import alias_table, is_latin

__all__ = [
    "FACTORY",
    "NameResolver",
    "Resolution",
    "mention_rows",
    "resolve",
    "segmenter_words",
    "warm",
]


def segmenter_words() -> list[str]:
    """Alias forms the segmenter must keep whole (Simplified keys, each name part too).

    Full names are split at their joiner by jieba anyway, so their parts are what matters
    (格雷格·布罗克曼 -> 格雷格, 布罗克曼). Latin forms are left to jieba's own ASCII handling.
    """
    words: set[str] = set()
    for key in alias_table().by_key:
        if is_latin(key):
            continue
        words.update(p for p in key.split("·") if len(p) >= 2 and not p.isascii())
    return sorted(words)


def warm() -> None:
    """Load every lazily built lexicon now (CC-CEDICT, Census lists, phonetic indexes), so that
    worker processes forked afterwards share them instead of each paying seconds to build them."""
    from .cedict import cedict_names, common_words
    from .context import context_rules
    from .detect import run_regex, table_regex
    from .phonetic import calibration, census_indexes, common_surnames, known_indexes
    from .resolver import warm_pinyin, warm_table

    cedict_names()
    common_words()
    calibration()
    census_indexes()
    known_indexes()
    common_surnames()
    context_rules()
    table_regex()  # compiling the alias trie takes ~0.3 s
    run_regex()
    warm_pinyin()
    warm_table()  # after warm_pinyin: it romanizes every form
