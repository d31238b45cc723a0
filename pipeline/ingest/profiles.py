"""Site profiles: how a saved page of a known site lays out its header, metadata and footer.

Layouts are data (``pipeline/resources/sites/*.yaml``); this module only interprets them. A
page that no profile detects is read with the ``generic`` profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ..yamlio import load_yaml
from .dates import parse_posted

#: only the first part of a page is searched for a profile's detect markers and header
HEADER_WINDOW = 4000


@dataclass
class Profile:
    id: str
    site: str | None
    detect: list[str]
    timezone: str | None
    opencc: str
    lines: dict[str, re.Pattern[str]] = field(default_factory=dict)
    header_keys: dict[str, list[str]] = field(default_factory=dict)
    body_end: list[re.Pattern[str]] = field(default_factory=list)
    examples: list[dict[str, Any]] = field(default_factory=list)

    def matches(self, text: str) -> bool:
        head = text[:HEADER_WINDOW]
        return any(marker in head for marker in self.detect)


@dataclass
class PageParse:
    """Metadata found on a page and where its body lies in the page text."""

    body_start: int
    body_end: int
    meta: dict[str, str | None]


@lru_cache(maxsize=1)
def load_profiles() -> tuple[Profile, ...]:
    """All site profiles, the generic fallback last."""
    out = []
    for entry in sorted(resources.files("pipeline.resources").joinpath("sites").iterdir(),
                        key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        d = load_yaml(entry.read_text(encoding="utf-8"))
        out.append(
            Profile(
                id=d["id"],
                site=d.get("site"),
                detect=d.get("detect") or [],
                timezone=d.get("timezone"),
                opencc=d.get("opencc") or "t2s",
                lines={k: re.compile(v, re.M) for k, v in (d.get("lines") or {}).items()},
                header_keys=d.get("header_keys") or {},
                body_end=[re.compile(p, re.M) for p in d.get("body_end") or []],
                examples=d.get("examples") or [],
            )
        )
    out.sort(key=lambda p: p.id == "generic")
    return tuple(out)


def profile_for(text: str) -> Profile:
    profiles = load_profiles()
    for p in profiles:
        if p.detect and p.matches(text):
            return p
    return profiles[-1]


def parse_page(text: str, profile: Profile | None = None) -> PageParse:
    """Find metadata and the body span of a text page."""
    profile = profile or profile_for(text)
    if "meta" in profile.lines:
        return _parse_with_meta_line(text, profile)
    return _parse_header_block(text, profile)


def _parse_with_meta_line(text: str, profile: Profile) -> PageParse:
    meta: dict[str, str | None] = {"site": profile.site}
    head = text[: HEADER_WINDOW * 2]
    crumb = profile.lines.get("breadcrumb")
    if crumb and (m := crumb.search(head)):
        meta.update({k: v.strip() for k, v in m.groupdict().items() if v})
    m = profile.lines["meta"].search(head)
    if not m:  # the layout changed or the page is cut: fall back rather than lose the text
        return _parse_header_block(text, profile, meta)
    meta.update({k: v.strip() for k, v in m.groupdict().items() if v})
    before = text[: m.start()].rstrip().rsplit("\n", 1)
    meta["title"] = before[-1].strip() if before and before[-1].strip() else meta.get("title")
    line_end = text.find("\n", m.end())
    start = len(text) if line_end < 0 else line_end + 1
    end = _body_end(text, start, profile)
    start, end = _trim(text, start, end)
    meta["posted_at"] = parse_posted(meta.get("posted_at"))
    return PageParse(start, end, meta)


def _parse_header_block(
    text: str, profile: Profile, meta: dict[str, str | None] | None = None
) -> PageParse:
    meta = dict(meta or {})
    keys = profile.header_keys or load_profiles()[-1].header_keys
    key_re = _header_regex(tuple((f, tuple(ks)) for f, ks in keys.items()))
    pos = 0
    # Leading "key: value" lines (and blank lines between them) are the header.
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        line = text[pos:line_end]
        if line.strip():
            m = key_re.match(line)
            if not m:
                break
            field_name = next(k for k, v in m.groupdict().items() if v is not None and k != "val")
            meta.setdefault(field_name, m["val"].strip())
        pos = line_end + 1
    start = min(pos, len(text))
    end = _body_end(text, start, profile)
    start, end = _trim(text, start, end)
    meta["posted_at"] = parse_posted(meta.get("posted_at"))
    return PageParse(start, end, meta)


@lru_cache(maxsize=8)
def _header_regex(keys: tuple[tuple[str, tuple[str, ...]], ...]) -> re.Pattern[str]:
    alts = "|".join(
        f"(?P<{field_name}>{'|'.join(map(re.escape, words))})" for field_name, words in keys
    )
    return re.compile(rf"^\s*(?:{alts})\s*[:：]\s*(?P<val>.*\S)\s*$")


def _body_end(text: str, start: int, profile: Profile) -> int:
    generic = load_profiles()[-1]
    patterns = profile.body_end + ([] if profile is generic else generic.body_end)
    ends = [m.start() for p in patterns if (m := p.search(text, start))]
    return min(ends) if ends else len(text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
