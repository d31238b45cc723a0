"""Loading the event resource files (``pipeline/resources/events/*.yaml``) once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from ..yamlio import load_yaml

RESOURCE_DIR = Path(__file__).resolve().parent.parent / "resources" / "events"


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed YAML file ``name`` (without extension) of the events resources."""
    with (RESOURCE_DIR / f"{name}.yaml").open(encoding="utf-8") as f:
        return load_yaml(f)


def alternation(words: list[str] | dict[str, Any]) -> str:
    """A regex alternation of ``words``, longest first so 新台币 wins over 台币."""
    import re

    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def starts_with(*words: list[str] | dict[str, Any], extra: str = "") -> str:
    """A lookahead for the first character of one of ``words`` (or of the class ``extra``), to
    open a pattern whose every match starts so. sre finds no first-character set for a pattern
    opening with optional groups and tries every branch at every position; the lookahead rules
    most positions out with one test, and a match is the same with it as without."""
    import re

    chars = sorted({w[0] for ws in words for w in ws if w})
    return f"(?=[{extra}{''.join(re.escape(c) for c in chars)}])"
