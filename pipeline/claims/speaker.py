"""Who says so: the speaker slot before a cue, classified by entities first, then by the
anonymous / media / group / pronoun patterns of ``speakers.yaml``, then as written.

Works on the normalized text with original offsets; entities come from the name stage through
``pipeline.annotations`` and may be absent (then names stay as written, unresolved).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Protocol

import rjieba

from pipeline.annotations import Entity

from .lexicon import Lexicon

#: entity kinds that can speak, and the speaker_kind they give (a country speaks as a state)
SPEAKING_KINDS = {"person": "person", "org": "org", "media": "media", "place": "org"}
SUBJECT_KINDS = ("person", "org", "media")
#: punctuation that never sits inside a speaker: what precedes it belongs to the sentence
#: before (」行政总裁X表示, 网友问…——小弟认为)
_SPEAKER_BREAKS = "「」『』“”\"—!?！？…"
_OPENERS = {"」": "「", "』": "『", "”": "“"}  # closing mark → its opening mark
_PAIRS = (("「", "」"), ("『", "』"), ("“", "”"), ("《", "》"), ("(", ")"))


@cache
def tagger() -> rjieba.Jieba:
    return rjieba.Jieba()  # read-only: POS tags of candidate speakers, never add_word


@lru_cache(maxsize=50_000)
def tags(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's (word, POS tag) pairs of a short stretch of normalized text."""
    return tuple(tagger().tag(text)) if text else ()


@dataclass(frozen=True)
class Speaker:
    start: int
    end: int
    kind: str | None  # person, org, media, group, anonymous; None when undetermined
    canonical: str | None = None
    entity_id: str | None = None
    pronoun: bool = False


@dataclass
class Slot:
    """The stretch of text where a speaker is looked for, after lead/tail words are stripped."""

    start: int
    end: int
    raw_start: int = 0  # before the lead strip (有爆料称: 有 is stripped as a connector)
    raw_end: int = 0  # before the tail strip (爆料 is stripped as a cue)
    frame: bool = False  # opened by 据/根据: a source frame
    via: tuple[int, int] | None = None  # 援引X消息: X's offsets
    document: tuple[int, int] | None = None  # a document word the tail strip removed (讲话)


def strip_slot(norm: str, start: int, end: int, lex: Lexicon) -> Slot:
    """Peel connectors, times, 据-frames and adverbs off the stretch before a cue."""
    slot = Slot(start, end, start, end)
    while start < end and norm[start].isspace():
        start += 1
    while True:  # leading words: connectors, times, the 据 of a source frame
        s = norm[start:end]
        m = lex.frame_lead.match(s)
        if m:  # 据报道 alone leaves an empty slot: hearsay with no named source
            slot.frame = True
            start += m.end()
            continue
        m = lex.strip_lead.match(s)
        if not m or m.end() == 0:
            break
        start += m.end()
    m = lex.via_re.search(norm, start, end)
    if m and m.start() > start:
        slot.via = (m.start("via"), m.end("via"))
        end = m.start()
    while end > start:  # trailing words: adverbs, 在X上, times, 的公告
        m = lex.strip_tail.search(norm, start, end)
        if not m or m.start() == end:
            break
        if lex.document_end.fullmatch(m.group()):
            slot.document = (m.start(), m.end())
        end = m.start()
    while end > start and norm[end - 1] in " ,，":
        end -= 1
    slot.start, slot.end = start, end
    return slot


class EntityEnds(Protocol):
    """The document's entities by end offset (a dict, or one that reads them only on need)."""

    def get(self, end: int, /) -> Entity | None:
        """The entity ending at character ``end``, if any."""


class EntitiesWithin(Protocol):
    """The document's entities inside a stretch of text (read only on need)."""

    def within(self, s: int, e: int, /) -> list[Entity]:
        """The entities inside characters [s, e], in text order."""


def classify(norm: str, slot: Slot, ents: EntityEnds, lex: Lexicon,
             default_kind: str | None) -> Speaker | None:
    """The speaker whose phrase ends the slot (the word right before the cue)."""
    a, b = slot.start, slot.end
    m = lex.anonymous_end.search(norm, slot.raw_start, slot.raw_end)
    if m:
        return Speaker(min(a, m.start()), max(b, slot.raw_end), "anonymous")
    if b <= a:
        return None
    text = norm[a:b]
    gloss = lex.gloss_end.search(text)
    head_end = a + gloss.start() if gloss else b
    ent = ents.get(b) or ents.get(head_end)
    if ent is not None and ent.kind in SPEAKING_KINDS and ent.start >= a:
        return Speaker(_np_start(norm, a, ent.start, lex), b, SPEAKING_KINDS[ent.kind],
                       ent.canonical, ent.entity_id)
    for pattern, kind in ((lex.media_end, "media"), (lex.group_end, "group")):
        m = pattern.search(text)
        if m:
            start = a + m.start()
            if kind == "group":
                start = _modifier_start(norm, a, start, lex)
            return Speaker(start, b, kind)
    m = lex.pronoun_end.search(text)
    if m and (m.start() == 0 or not text[m.start() - 1].isalnum()):
        return Speaker(a + m.start(), b, lex.pronouns[m.group()], pronoun=True)
    return _as_written(norm, a, b, head_end, lex, default_kind)


def _np_start(norm: str, a: int, ent_start: int, lex: Lexicon) -> int:
    """Keep a title written before the name (技术长王建国) in speaker_text, not a 的-modifier."""
    pre = norm[a:ent_start]
    if pre and lex.person_title_re.search(pre) and "的" not in pre:
        return a
    return ent_start


def _modifier_start(norm: str, a: int, start: int, lex: Lexicon) -> int:
    """国际人士, 欧洲官员: a group noun keeps the short nominal modifier right before it."""
    pre = norm[max(a, start - lex.group_modifier_chars):start]
    for w, t in reversed(tags(pre)):
        if w == "的" or t not in lex.nominal_tags | {"vn", "a", "b", "f", "s"}:
            break
        start -= len(w)
    return start


def _as_written(norm: str, a: int, b: int, head_end: int, lex: Lexicon,
                default_kind: str | None) -> Speaker | None:
    for k in range(head_end - 1, a - 1, -1):
        opener = _OPENERS.get(norm[k])
        if opener is not None and norm.rfind(opener, a, k) >= 0:
            continue  # 咨询机构“远见数智”合伙人: a quoted name inside the speaker
        if norm[k] in _SPEAKER_BREAKS:
            a = k + 1
            break
    words = tags(norm[a:head_end])
    # the head noun phrase follows the last 的 word (红杉资本的林某 → 林某; 的士 is a word)
    last_de = max((k for k, (w, _) in enumerate(words) if w == "的"), default=-1)
    if last_de >= 0:
        a += sum(len(w) for w, _ in words[:last_de + 1])
        words = words[last_de + 1:]
    text = norm[a:head_end]
    if text and not _noun_phrase(text, words, lex):
        # 托卡耶夫今天(1月7日)发表电视|讲话表示, 王岐山向英方表示: the noun phrase before an
        # adverbial (time, number, preposition, adverb) is the speaker
        cut = _np_prefix(text, words, lex)
        if cut is None:
            return None
        text, words, b = text[:cut], _prefix_words(words, cut), a + cut
        head_end = b
    if (not text or len(text) > lex.max_speaker_chars or lex.not_speaker.fullmatch(text)
            or (default_kind is None and len(text) < lex.min_speaker_chars)):
        return None
    full = norm[a:b]
    if default_kind:
        kind: str | None = default_kind
    elif lex.org_suffix_end.search(text):
        kind = "org"
    elif (lex.person_title_re.search(text) or lex.person_shape.fullmatch(full)
          or person_name(text, words, lex)):
        kind = "person"
    else:
        kind = None
    return Speaker(a, b, kind)


def _noun_phrase(text: str, words: tuple[tuple[str, str], ...], lex: Lexicon) -> bool:
    """A speaker ends in a noun (or a title, an org suffix) and holds no verb word: 等于变相 is
    a verb phrase, 总台肩负开闭幕式转播 a clause. One-character "verbs" are often pieces of a
    transliterated name (扎|哈罗|娃), so only verbs of two characters or more count."""
    if not words:
        return False
    if lex.title_end.search(text) or lex.titled_work.fullmatch(text):
        return True
    titles = list(lex.person_title_re.finditer(text))
    if titles:  # 知名投资人柯志远, 常驻联合国代表涅边贾: a title, then a short name
        tail = text[titles[-1].end():]
        tail_words = tags(tail)
        if (person_name(tail, tail_words, lex) or lex.person_shape.fullmatch(tail)
                or (0 < len(tail) <= lex.name_chars and tail.isalpha()
                    and not any(t[:1] in "tmpvd" and len(w) > 1 for w, t in tail_words))):
            return True
    return (words[-1][0].isalnum() and words[-1][1] in lex.nominal_tags
            and not any(t in lex.verb_tags and len(w) > 1 for w, t in words[:-1]))


def _np_prefix(text: str, words: tuple[tuple[str, str], ...], lex: Lexicon) -> int | None:
    """Length of the longest noun phrase opening ``text`` that an adverbial word follows."""
    ends = []
    n = 0
    for k, (w, _) in enumerate(words[:-1]):
        n += len(w)
        if words[k + 1][1][:1] in lex.adverbial_tags:
            ends.append((n, k + 1))
    for n, k in reversed(ends):
        if _balanced(text[:n]) and _noun_phrase(text[:n], words[:k], lex):
            return n
    return None


def _balanced(text: str) -> bool:
    """Every bracket or quotation opened in ``text`` is closed in it."""
    return all(text.count(o) == text.count(c) for o, c in _PAIRS)


def _prefix_words(words: tuple[tuple[str, str], ...], n: int) -> tuple[tuple[str, str], ...]:
    out, used = [], 0
    for w in words:
        if used >= n:
            break
        out.append(w)
        used += len(w[0])
    return tuple(out)


def person_name(text: str, words: tuple[tuple[str, str], ...], lex: Lexicon) -> bool:
    """王建国, 周|海涛: jieba tags every word a name; 林|志远: a surname, then a name."""
    if not 2 <= len(text) <= 4 or not words:
        return False
    if all(t in lex.person_name_tags for _, t in words):
        return True
    # 钟|家乐, 郑|国华, 许家|豪: two or three characters after a common surname that jieba
    # does not know as one word (高校, 万科 are words, so they are no names)
    return (len(text) <= 3 and text[0] in lex.surnames and len(words) > 1
            and not any(t in lex.verb_tags or t[0] in "tfuq" for _, t in words))


def subject(norm: str, start: int, end: int, ents: EntitiesWithin, lex: Lexicon,
            default_kind: str | None) -> Speaker | None:
    """The subject of an earlier clause (稱 after a comma: 王建国发布声明，称…)."""
    slot = strip_slot(norm, start, end, lex)
    a, b = slot.start, slot.end
    if b <= a:
        return None
    text = norm[a:b]
    for pattern, kind in ((lex.anonymous_start, "anonymous"), (lex.media_start, "media"),
                          (lex.group_start, "group")):
        m = pattern.match(text)
        if m:
            return Speaker(a, a + m.end(), kind)
    # a place opening a clause is a setting (旧金山又度过了一个夜晚), not a subject that speaks
    inside = [e for e in ents.within(a, b) if e.kind in SUBJECT_KINDS]
    for e in inside:
        if e.start == a:
            return Speaker(e.start, _with_gloss(norm, e.end, b, lex), SPEAKING_KINDS[e.kind],
                           e.canonical, e.entity_id)
    for e in inside:  # a person named after a modifier: 曾加入X的创始成员之一李四
        after = norm[e.end:e.end + 1]
        if e.kind == "person" and after != "的":
            return Speaker(e.start, _with_gloss(norm, e.end, b, lex), "person",
                           e.canonical, e.entity_id)
    m = lex.pronoun_start.match(text)
    if m:
        return Speaker(a, a + m.end(), lex.pronouns[m.group()], pronoun=True)
    if slot.document is not None and not inside:  # 宇辰物流发布声明，称… : what precedes 声明
        return _as_written(norm, a, b, b, lex, default_kind)
    return None


def fallback_speaker(slot: Slot) -> Speaker | None:
    """A document alone as the speaker (讲话强调): kept as written, with no kind; 据报道
    with no source named: anonymous."""
    if slot.end > slot.start:
        return None
    if slot.document is not None:
        return Speaker(slot.document[0], slot.document[1], None)
    if slot.frame:
        return Speaker(slot.start, slot.start, "anonymous")
    return None


def _with_gloss(norm: str, end: int, limit: int, lex: Lexicon) -> int:
    """Extend a name over its parenthesized gloss: 纳德拉(Satya Nadella)."""
    if end < limit and norm[end] == "(":
        close = norm.find(")", end, min(limit, end + 62))
        if close > 0:
            return close + 1
    return end
