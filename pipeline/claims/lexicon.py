"""The claim rules as data: ``pipeline/resources/claims/*.yaml`` loaded and compiled once.

Everything Chinese lives in the YAML files (cue verbs, speaker and source-chain patterns, the
words stripped around a speaker); this module only turns word lists into regex alternations.
All patterns are written in Simplified and run on the normalized text (``doc._.norm_text``).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..yamlio import load_yaml

try:  # to read a rule's last character; Python ≥ 3.11 names the parser re._parser
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "claims"
RULE_FILES = ("cues", "speakers", "sources")


@dataclass(frozen=True)
class Cue:
    word: str
    hedged: bool  # the verb itself hedges (爆料: a leak)
    needs_quote: bool  # noun-like cues (评论, 发文) introduce only a colon or a quotation
    needs_pause: bool  # common verbs (预计) introduce content only after a comma or colon
    speaker_kind: str | None  # kind of a speaker no other rule classifies (报道 → media)
    frame: bool  # may open a source frame (据X报道，Y透露 → Y via X)
    reject: re.Pattern[str] | None  # content that makes the cue something else (表示祝贺)


class EndPattern:
    """``re.compile("(?:A|B|…)$")`` searched faster: a match ends at the end of the text, so
    only the alternatives that can end with its last character are tried (about 4 of 114 for
    the tail strip, where the whole alternation is otherwise tried at every position). The
    alternatives kept are in their order and cannot end otherwise, so every search returns
    the same span as the whole pattern's (``tests/test_claims_fast_paths.py``)."""

    def __init__(self, fragment: str) -> None:
        self.pattern = re.compile(f"(?:{fragment})$")
        assert not self.pattern.groups  # the sub-patterns would number groups differently
        alternatives = _top_alternatives(fragment)
        lasts = [_last_chars(sre_parse.parse(a)) for a in alternatives]

        def ending_with(c: str | None) -> re.Pattern[str] | None:
            keep = [a for a, s in zip(alternatives, lasts, strict=True) if s is None or c in s]
            return re.compile(_ends(keep)) if keep else None

        self._by_last = {c: ending_with(c) for s in lasts if s is not None for c in s}
        self._other = ending_with(None)  # for a last character no alternative names

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        end = min(endpos, len(text))
        if end <= pos or text[end - 1] == "\n":  # an empty match, or $ before a final newline
            return self.pattern.search(text, pos, end)
        p = self._by_last.get(text[end - 1], self._other)
        return p.search(text, pos, end) if p is not None else None


def _ends(alternatives: list[str]) -> str:
    return "(?:" + "|".join(alternatives) + ")$"


def _top_alternatives(fragment: str) -> list[str]:
    """The fragment's alternatives at its top level, a ``(?:…)`` around one opened."""
    out, start = [], 0
    for i, depth in _syntax(fragment):
        if fragment[i] == "|" and depth == 0:
            out.append(fragment[start:i])
            start = i + 1
    out.append(fragment[start:])
    if len(out) > 1:
        return [a for alt in out for a in _top_alternatives(alt)]
    closes = [i for i, depth in _syntax(fragment) if fragment[i] == ")" and depth == 0]
    if fragment.startswith("(?:") and closes == [len(fragment) - 1]:
        return _top_alternatives(fragment[3:-1])
    return out


def _syntax(fragment: str) -> list[tuple[int, int]]:
    """(offset, group depth after it) of the characters that are regex syntax: no escaped
    character, nothing inside a character class."""
    out = []
    depth, in_class, escaped, opened = 0, False, False, 0
    for i, ch in enumerate(fragment):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:  # a "]" right after "[" or "[^" is a member
            in_class = ch != "]" or i - opened <= (2 if fragment[opened + 1] == "^" else 1)
        elif ch == "[":
            in_class, opened = True, i
        elif ch in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[ch]
            out.append((i, depth))
    return out


def _last_chars(parsed: Any) -> frozenset[str] | None:
    """The characters a match of a parsed pattern can end with; None: any, or empty."""
    if parsed.state.flags & ~re.UNICODE:  # (?i) and the like: the characters are no longer
        return None
    return _last_of(list(parsed.data))


def _last_of(items: list[Any]) -> frozenset[str] | None:
    while items and items[-1][0] in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        items.pop()  # zero-width: the last character is before it
    if not items:
        return None
    op, av = items[-1]
    if op is sre.LITERAL:
        return frozenset(chr(av))
    if op is sre.IN:
        out: set[str] = set()
        for o, a in av:
            if o is sre.LITERAL:
                out.add(chr(a))
            elif o is sre.RANGE and a[1] - a[0] < 256:
                out.update(map(chr, range(a[0], a[1] + 1)))
            else:
                return None
        return frozenset(out)
    if op is sre.BRANCH:
        return _union([_last_of(b.data) for b in av[1]])
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, p = av
        return None if add_flags or del_flags else _last_of(p.data)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        lo, _, p = av
        body = _last_of(p.data)
        return body if lo >= 1 else _union([body, _last_of(items[:-1])])  # (…)? ends before
    return None


def _union(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
    return None if any(s is None for s in sets) else frozenset().union(*sets)


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, Cue]
    cue_re: re.Pattern[str]  # every cue word, longest first
    noun_markers: frozenset[str]  # a cue token right after one of these is a noun (的报道)
    hedge_re: re.Pattern[str]
    # speakers
    anonymous_end: EndPattern
    anonymous_start: re.Pattern[str]
    media_end: EndPattern
    media_start: re.Pattern[str]
    group_end: EndPattern
    group_start: re.Pattern[str]
    pronouns: dict[str, str | None]
    pronoun_end: EndPattern
    pronoun_start: re.Pattern[str]
    person_title_re: re.Pattern[str]
    org_suffix_end: EndPattern
    document_end: re.Pattern[str]  # full-match: a document as speaker (讲话强调)
    strip_lead: re.Pattern[str]
    strip_tail: EndPattern
    gloss_end: re.Pattern[str]
    not_speaker: re.Pattern[str]  # full-match: words that look like a slot but never speak
    max_speaker_chars: int
    person_shape: re.Pattern[str]  # full-match on an unresolved speaker: a person's name
    min_speaker_chars: int
    nominal_tags: frozenset[str]  # jieba tags a speaker's last word may carry
    verb_tags: frozenset[str]  # jieba tags that make a speaker a verb phrase
    person_name_tags: frozenset[str]  # jieba tags of a person's name
    surnames: frozenset[str]
    group_modifier_chars: int  # 国际人士: how long a modifier a group noun takes
    title_end: EndPattern  # a person title, person head or org suffix ends the text
    titled_work: re.Pattern[str]  # 《决定》: a titled document or outlet is a noun phrase
    name_chars: int  # longest name after a title that jieba cannot tag (涅|边|贾)
    adverbial_tags: str  # first letters of jieba tags that open an adverbial (今天, 向, 24日)
    # sources
    frame_lead: re.Pattern[str]
    via_re: re.Pattern[str]
    after_cue: re.Pattern[str]
    after_noun_cue: re.Pattern[str]
    after_pause_cue: re.Pattern[str]
    content_stop: re.Pattern[str]
    boundary_re: re.Pattern[str]
    last_boundary: re.Pattern[str]  # matches up to the end of the last boundary in its range
    clause_reach: int  # characters of a clause read back from a cue
    quotes: dict[str, str]


@cache
def load(name: str) -> dict[str, Any]:
    with (RESOURCES / f"{name}.yaml").open(encoding="utf-8") as f:
        return load_yaml(f)


def alternation(items: list[str]) -> str:
    """Longest first, so 多家外媒 wins over 外媒. Items are regex fragments (escape plain words)."""
    return "(?:" + "|".join(sorted(items, key=len, reverse=True)) + ")"


def words(items: list[str]) -> str:
    return alternation([re.escape(w) for w in items])


def _both_ends(fragment: str) -> tuple[EndPattern, re.Pattern[str]]:
    return EndPattern(fragment), re.compile(f"^(?:{fragment})")


@cache
def lexicon() -> Lexicon:
    c, s, src = load("cues"), load("speakers"), load("sources")
    cues = {
        e["cue"]: Cue(e["cue"], bool(e.get("hedged")), bool(e.get("needs_quote")),
                      bool(e.get("needs_pause")), e.get("speaker_kind"), bool(e.get("frame")),
                      re.compile(e["reject_content"]) if e.get("reject_content") else None)
        for e in c["cues"]
    }
    anon = alternation(s["anonymous"])
    media = alternation([*s["media"]["patterns"], words(s["media"]["words"])])
    nouns = words(s["groups"]["nouns"])
    group = f"{alternation(s['groups']['quantifiers'])}[^,，;:]{{0,24}}?{nouns}|{nouns}"
    pron = words(list(s["pronouns"]))
    anonymous_end, anonymous_start = _both_ends(anon)
    media_end, media_start = _both_ends(media)
    group_end, group_start = _both_ends(group)
    pronoun_end, pronoun_start = _both_ends(pron)
    return Lexicon(
        cues=cues,
        cue_re=re.compile(words(list(cues))),
        noun_markers=frozenset(c["noun_markers"]),
        hedge_re=re.compile(words(c["hedges"])),
        anonymous_end=anonymous_end, anonymous_start=anonymous_start,
        media_end=media_end, media_start=media_start,
        group_end=group_end, group_start=group_start,
        pronouns=dict(s["pronouns"]),
        pronoun_end=pronoun_end, pronoun_start=pronoun_start,
        person_title_re=re.compile(words(s["person_titles"])),
        org_suffix_end=EndPattern(words(s["org_suffixes"])),
        document_end=re.compile("(?:的)?" + words(s["documents"])),
        strip_lead=re.compile("^(?:" + "|".join(s["strip_lead"]) + ")"),
        # a cue merged into a later one (回应称) is peeled off the later one's slot too
        strip_tail=EndPattern("|".join([*s["strip_tail"], words(list(cues))])),
        not_speaker=re.compile("(?:" + "|".join(s["not_speakers"]) + ")"),
        gloss_end=re.compile(r"\([^()]{1,60}\)$"),
        max_speaker_chars=int(s["max_speaker_chars"]),
        person_shape=re.compile("(?:" + "|".join(s["person_name_shapes"]) + ")"),
        min_speaker_chars=int(s["min_speaker_chars"]),
        nominal_tags=frozenset(s["nominal_tags"]),
        verb_tags=frozenset(s["verb_tags"]),
        person_name_tags=frozenset(s["person_name_tags"]),
        surnames=frozenset(s["surnames"]),
        group_modifier_chars=int(s["group_modifier_chars"]),
        title_end=EndPattern(
            words([*s["person_titles"], *s["person_heads"], *s["org_suffixes"]])),
        titled_work=re.compile(r"《[^》]+》"),
        name_chars=int(s["name_chars"]),
        adverbial_tags="".join(s["adverbial_tags"]),
        frame_lead=re.compile("^" + src["frame_prefixes"]),
        via_re=re.compile(src["via"]),
        after_cue=re.compile(src["after_cue"]),
        after_noun_cue=re.compile(src["after_noun_cue"]),
        after_pause_cue=re.compile(src["after_pause_cue"]),
        content_stop=re.compile(src["content_stop"]),
        boundary_re=re.compile(src["clause_boundary"]),
        # boundaries are one character: the last position where one matches is where the
        # last match of ``boundary_re.finditer`` is (read backwards from the end, not all)
        last_boundary=re.compile(f"(?s:.*)(?:{src['clause_boundary']})"),
        clause_reach=int(src["clause_reach"]),
        quotes=dict(src["quotes"]),
    )
