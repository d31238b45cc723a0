"""The alias table: every ``*.tsv`` in ``pipeline/resources/names/``, one row per written form.

Rows are keyed by the form's matching key (Simplified, width-folded), so one lookup serves a
Traditional and a Simplified text alike; the row's own spelling and region are kept so a
mention can report which regional form it matched.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..normalize import to_simplified

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "names"
COLUMNS = ("entity_id", "canonical", "kind", "form", "region", "note")
KINDS = frozenset({"person", "org", "place", "media", "product"})
REGIONS = frozenset({"mainland", "taiwan", "hk", "common", "latin"})
#: characters that join the parts of a transliterated full name (安德鲁·拜纳姆, 安德鲁-拜纳姆)
NAME_JOINERS = "·‧・•—－-"  # "-" last: literal inside a regex class
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_JOINER_BETWEEN_HAN = re.compile(f"(?<=[{HAN}])[{NAME_JOINERS}](?=[{HAN}])")


def form_key(text: str) -> str:
    """The matching key of a written form: Simplified, width-folded, joiners unified to '·'."""
    return join_key(to_simplified(text.strip().strip("《》〈〉")))


def join_key(simplified: str) -> str:
    """Key of an already Simplified, folded string: name joiners between Han unified to '·'."""
    return _JOINER_BETWEEN_HAN.sub("·", simplified)


def is_latin(text: str) -> bool:
    return text.isascii()


@dataclass(frozen=True)
class FormRow:
    entity_id: str
    form: str  # as written in the table (its region's script)
    key: str
    region: str
    note: str
    source: str  # file name, for error messages

    @property
    def ambiguous(self) -> bool:
        """The table says this form also means something else (a fruit, a TV hero, Hill)."""
        return "ambiguous" in self.note.lower()

    @property
    def given_name(self) -> bool:
        return "given name" in self.note.lower()


@dataclass
class Entity:
    entity_id: str
    canonical: str
    kind: str
    rows: list[FormRow] = field(default_factory=list)

    def name_parts(self) -> set[str]:
        """Keys of the parts of its Chinese full forms (萨姆, 阿尔特曼 of 萨姆·阿尔特曼)."""
        parts: set[str] = set()
        for r in self.rows:
            if "·" in r.key and not is_latin(r.key):
                parts.update(p for p in r.key.split("·") if p)
        return parts


@dataclass
class AliasTable:
    entities: dict[str, Entity]
    by_key: dict[str, list[FormRow]]  # key -> rows (several entities may share a key)
    latin_ci: dict[str, list[FormRow]]  # lower-cased Latin key -> rows
    problems: list[str]  # rows that could not be used, conflicting entity definitions

    def entity_ids(self, key: str) -> list[str]:
        """Distinct entity ids written as ``key``, in table order."""
        rows = self.by_key.get(key) or self.latin_ci.get(key.lower(), [])
        return list(dict.fromkeys(r.entity_id for r in rows))


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [dict(r) for r in reader]


def build_table(paths: list[Path]) -> AliasTable:
    entities: dict[str, Entity] = {}
    by_key: dict[str, list[FormRow]] = defaultdict(list)
    latin_ci: dict[str, list[FormRow]] = defaultdict(list)
    problems: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    for path in paths:
        for n, raw in enumerate(read_rows(path), start=2):
            where = f"{path.name}:{n}"
            row = {c: (raw.get(c) or "").strip() for c in COLUMNS}
            if not row["entity_id"] or not row["form"] or not row["canonical"]:
                problems.append(f"{where}: missing entity_id, canonical or form")
                continue
            if row["kind"] not in KINDS or row["region"] not in REGIONS:
                problems.append(f"{where}: bad kind {row['kind']!r} or region {row['region']!r}")
                continue
            ent = entities.get(row["entity_id"])
            if ent is None:
                ent = entities[row["entity_id"]] = Entity(
                    row["entity_id"], row["canonical"], row["kind"]
                )
            elif (ent.canonical, ent.kind) != (row["canonical"], row["kind"]):
                problems.append(
                    f"{where}: {row['entity_id']} redefined as {row['canonical']}/{row['kind']}"
                )
                continue
            key = form_key(row["form"])
            dedup = (row["entity_id"], row["form"], row["region"])
            if dedup in seen:  # the same row in two files: harmless
                continue
            seen.add(dedup)
            fr = FormRow(row["entity_id"], row["form"], key, row["region"], row["note"], where)
            ent.rows.append(fr)
            by_key[key].append(fr)
            if is_latin(key):
                latin_ci[key.lower()].append(fr)
    return AliasTable(entities, dict(by_key), dict(latin_ci), problems)


def table_paths(folder: Path = RESOURCES) -> list[Path]:
    """Every alias TSV, ``core.tsv`` last so the topic tables define their entities first."""
    return sorted(folder.glob("*.tsv"), key=lambda p: (p.name == "core.tsv", p.name))


@lru_cache(maxsize=1)
def alias_table() -> AliasTable:
    """The process-wide alias table (read once)."""
    return build_table(table_paths())
