"""Load the timex resource files (pipeline/resources/timex/*.yaml) once per process."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any

from ..yamlio import load_yaml

RESOURCE_DIR = Path(__file__).resolve().parent.parent / "resources" / "timex"


def load(name: str) -> dict[str, Any]:
    with open(RESOURCE_DIR / f"{name}.yaml", encoding="utf-8") as f:
        return load_yaml(f)


def alternation(words: Iterable[str]) -> str:
    """Regex alternation, longest first so the longest word wins at a position."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


class Lexicon:
    """Lazy access to each resource file by name."""

    @cached_property
    def numerals(self) -> dict[str, Any]:
        return load("numerals")

    @cached_property
    def calendar(self) -> dict[str, Any]:
        return load("calendar")

    @cached_property
    def parts_of_day(self) -> dict[str, Any]:
        return load("parts_of_day")

    @cached_property
    def units(self) -> dict[str, Any]:
        return load("units")

    @cached_property
    def holidays(self) -> dict[str, Any]:
        return load("holidays")

    @cached_property
    def zones(self) -> dict[str, Any]:
        return load("zones")

    @cached_property
    def reject(self) -> dict[str, Any]:
        return load("reject")


LEX = Lexicon()

RULE_FILES = ("numerals", "calendar", "parts_of_day", "units", "holidays", "zones", "reject")
