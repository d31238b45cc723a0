"""The claim rules as data: ``pipeline/resources/claims/*.yaml`` loaded and compiled once.

Everything Chinese lives in the YAML files (cue verbs, speaker and source-chain patterns, the
words stripped around a speaker); this module only turns word lists into regex alternations.
All patterns are written in Simplified and run on the normalized text (``doc._.norm_text``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..yamlio import load_yaml

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


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, Cue]
    cue_re: re.Pattern[str]  # every cue word, longest first
    noun_markers: frozenset[str]  # a cue token right after one of these is a noun (的报道)
    hedge_re: re.Pattern[str]
    # speakers
    anonymous_end: re.Pattern[str]
    anonymous_start: re.Pattern[str]
    media_end: re.Pattern[str]
    media_start: re.Pattern[str]
    group_end: re.Pattern[str]
    group_start: re.Pattern[str]
    pronouns: dict[str, str | None]
    pronoun_end: re.Pattern[str]
    pronoun_start: re.Pattern[str]
    person_title_re: re.Pattern[str]
    org_suffix_end: re.Pattern[str]
    document_end: re.Pattern[str]  # full-match: a document as speaker (讲话强调)
    strip_lead: re.Pattern[str]
    strip_tail: re.Pattern[str]
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
    title_end: re.Pattern[str]  # a person title, person head or org suffix ends the text
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


def _both_ends(fragment: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(f"(?:{fragment})$"), re.compile(f"^(?:{fragment})")


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
        org_suffix_end=re.compile(words(s["org_suffixes"]) + "$"),
        document_end=re.compile("(?:的)?" + words(s["documents"])),
        strip_lead=re.compile("^(?:" + "|".join(s["strip_lead"]) + ")"),
        # a cue merged into a later one (回应称) is peeled off the later one's slot too
        strip_tail=re.compile("(?:" + "|".join([*s["strip_tail"], words(list(cues))]) + ")$"),
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
        title_end=re.compile(
            words([*s["person_titles"], *s["person_heads"], *s["org_suffixes"]]) + "$"),
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
        clause_reach=int(src["clause_reach"]),
        quotes=dict(src["quotes"]),
    )
