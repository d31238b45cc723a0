"""The claim engine: cue tokens → speaker, content, source chain, hedging and time.

Candidates are found with one vectorized lookup of cue words on the token NORM array; the
richer patterns run only on the sentences holding a cue. All Chinese knowledge is in
``pipeline/resources/claims`` (see ``lexicon.py``).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import pairwise
from typing import Any

from spacy.tokens import Doc

from pipeline.annotations import (
    Entity,
    EntityIndex,
    doc_text,
    doc_value,
    entities,
    records,
    token_bounds,
)

from ..ordered import Cover, Ordered, by_kind
from .lexicon import Cue, Lexicon, lexicon
from .speaker import Speaker, classify, fallback_speaker, strip_slot, subject

#: how far a closing quotation mark is looked for (a long quote spans several sentences)
MAX_QUOTE_CHARS = 1500
#: a claim is dated by a point in time, not by a duration (沉默了两天后)
CLAIM_TIME_TYPES = ("DATE", "TIME")
#: entities read back from a pronoun for its antecedent before reading them all
_ANTECEDENT_READ = 8
#: trimmed off the end of a reported clause
_CONTENT_TRAIL = " \n\t。.!?;,，；！？…"


@dataclass(frozen=True)
class ClaimRecord:
    claim_id: str
    start: int
    end: int
    speaker: str | None
    speaker_text: str | None
    speaker_id: str | None
    speaker_kind: str | None
    cue: str
    cue_start: int
    cue_end: int
    content: str
    content_start: int
    content_end: int
    direct_quote: bool
    source_outlet: str | None
    via: tuple[str, ...]
    hedged: bool
    time_text: str | None
    time_value: str | None

    def row(self) -> dict:
        """The claims-table row (schema columns except doc_id, which process() adds)."""
        return {
            "claim_id": self.claim_id, "start": self.start, "end": self.end,
            "speaker": self.speaker, "speaker_text": self.speaker_text,
            "speaker_id": self.speaker_id, "speaker_kind": self.speaker_kind, "cue": self.cue,
            "content": self.content, "content_start": self.content_start,
            "content_end": self.content_end, "direct_quote": self.direct_quote,
            "source_outlet": self.source_outlet, "via": list(self.via), "hedged": self.hedged,
            "time_text": self.time_text, "time_value": self.time_value,
        }


@dataclass
class _Draft:
    """A claim being assembled; offsets are characters of the document."""

    cue: Cue
    cue_start: int
    cue_end: int
    attr_start: int  # where the attribution (据…, the speaker) begins
    speaker: Speaker | None
    content: tuple[int, int]
    direct: bool
    frame: bool
    via: tuple[int, int] | None
    hedged: bool
    clause: int  # start of the cue's clause
    sent_start: int
    outer: _Draft | None = None  # the source frame this claim was reported in (据彭博社报道)


def find_claims(doc: Doc) -> list[ClaimRecord]:
    """All claims of ``doc`` in text order."""
    lex = lexicon()
    norm: str = doc_value(doc, "norm_text") or doc_text(doc)
    if not len(doc):
        return []
    found = _cue_spans(doc, norm, lex)
    if not found:
        return []
    sents: list[tuple[int, int]] = doc_value(doc, "sentence_spans") or [(0, len(norm))]
    sent_starts = [s for s, _ in sents]
    cues = []  # (sentence index, cue start, cue end)
    for n, (cs, ce, noun) in enumerate(found):
        if noun:
            continue  # 的报道, 该声明: a noun, not a reporting verb
        if n + 1 < len(found) and _only_pause(norm, ce, found[n + 1][0]):
            continue  # 发布声明，称 / 爆料称: the later verb carries the claim
        k = bisect_right(sent_starts, cs) - 1
        if k >= 0:
            cues.append((k, cs, ce))
    if not cues:
        return []
    ents = _Entities(doc)
    scan = _Scan(norm, lex)
    drafts: list[_Draft] = []
    for k, cs, ce in cues:
        d = _draft(norm, doc, sents, k, cs, ce, lex.cues[norm[cs:ce]], ents, lex, scan)
        if d is not None:
            drafts.append(d)
    drafts = _merge_frames(drafts)
    _trim_contents(norm, drafts)
    if not drafts:
        return []
    return _records(doc, norm, drafts, ents, lex, doc_value(doc, "doc_id"))


class _Entities:
    """The document's entities, read only where a claim needs them: most speakers end on no
    entity, and building every entity costs about as much as the rest of a typical document's
    claims, so the speaker lookups read the few they need from the token arrays."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._named: dict[str | None, Ordered[Entity]] | None = None  # by kind, once needed

    @cached_property
    def index(self) -> EntityIndex:
        return EntityIndex(self.doc)

    def last_named(self, kind: str, pos: int) -> Entity | None:
        """The last entity of ``kind`` with a canonical name ending at or before ``pos``: read
        backwards a few entities (an antecedent is usually near), then from every entity by
        kind, so that a long document of pronouns stays linear."""
        def keep(e: Entity) -> bool:
            return e.kind == kind and bool(e.canonical)

        if self._named is None:
            done, found = self.index.last_ending_by(pos, keep, _ANTECEDENT_READ)
            if done:
                return found
            self._named = by_kind(entities(self.doc), lambda e: bool(e.canonical))
        of_kind = self._named.get(kind)
        return of_kind.last_ending_by(pos) if of_kind is not None else None

    def get(self, end: int) -> Entity | None:
        """The entity ending at character ``end``, if any."""
        return self.index.ending_at(end)

    def within(self, s: int, e: int) -> list[Entity]:
        """The entities inside characters [s, e], in text order."""
        return self.index.within(s, e)


def _cue_spans(doc: Doc, norm: str, lex: Lexicon) -> list[tuple[int, int, bool]]:
    """(start, end, is a noun) of cue words that end a token; a cue must be the whole token
    or, when two characters or longer, its tail (纷纷表示, 强调指出, 据报道). A whole-token cue
    right after a noun marker (的报道, 该声明) is a noun."""
    matches = [m.span() for m in lex.cue_re.finditer(norm)]
    if not matches:
        return []
    # the offsets the tokenizer left (no Token objects): the token that can end where a cue
    # ends is the last one starting before that
    starts, ends = token_bounds(doc)
    out = []
    for s, e in matches:
        i = bisect_left(starts, e)
        if i and ends[i - 1] == e:
            whole = starts[i - 1] == s
            if whole or e - s >= 2:
                out.append((s, e, whole and i > 1 and doc[i - 2].norm_ in lex.noun_markers))
    return out


def _only_pause(norm: str, end: int, nxt: int) -> bool:
    return nxt - end <= 2 and all(c in ", ，" for c in norm[end:nxt])


def _draft(norm: str, doc: Doc, sents: list[tuple[int, int]], k: int, cs: int, ce: int,
           cue: Cue, ents: _Entities, lex: Lexicon, scan: _Scan) -> _Draft | None:
    ss, se = sents[k]
    clause = scan.clause_start(ss, cs)
    content, direct = _content_after(norm, ce, se, cue, lex, scan)
    slot = strip_slot(norm, clause, cs, lex)
    spk = classify(norm, slot, ents, lex, cue.speaker_kind)
    attr_start = slot.start if spk is None else min(slot.start, spk.start)
    if spk is None and slot.end <= slot.start:
        spk = (_earlier_subject(norm, ss, clause, ents, lex, cue)
               or fallback_speaker(slot))
        if spk is not None:
            attr_start = spk.start
    if (content is None and not cue.needs_quote and cue.reject is None
            and not norm[ce:se].strip(_CONTENT_TRAIL)):
        # trailing attribution: …，《联合报》报导。 / “…”王建国说。
        content, direct = _content_before(norm, doc, sents, k, clause, lex)
        if content is not None:
            attr_start = min(attr_start, content[0])
    if content is None or spk is None:
        return None
    frame = slot.frame
    hedged = cue.hedged or spk.kind == "anonymous" or bool(
        lex.hedge_re.search(norm, min(attr_start, clause), cs))
    if slot.frame and clause > ss:  # 据…报道 may start before the clause (据X，Y称 is rare)
        frame = True
    return _Draft(cue, cs, ce, min(attr_start, slot.start) if slot.frame else attr_start, spk,
                  content, direct, frame, slot.via, hedged, clause, ss)


class _Scan:
    """The searches every cue of a sentence repeats, each going on from where the previous
    cue's left off: one long sentence with a cue in every clause must not be read per cue."""

    def __init__(self, norm: str, lex: Lexicon) -> None:
        self.norm = norm
        self.lex = lex
        self.stops: dict[int, tuple[int, int | None]] = {}  # sentence end → the last stop found

    def clause_start(self, ss: int, cs: int) -> int:
        """Where the last boundary of ``boundary_re.finditer(norm, ss, cs)`` ends, or
        ``clause_reach`` characters before the cue if that is later, else ss."""
        # a clause is read back ``clause_reach`` characters at most (boundaries are one
        # character, so the last one after the floor is the last one overall); the search
        # reads back from the cue to that boundary only
        floor = max(ss, cs - self.lex.clause_reach)
        m = self.lex.last_boundary.match(self.norm, floor, cs)
        return m.end() if m else floor

    def content_stop(self, j: int, se: int) -> int | None:
        """``content_stop.search(norm, j, se).start()``, or None."""
        # a search finds the first position at or after j where the rule matches; none matched
        # between the last search's start and what it found, so a later start up to there
        # finds the same (cues come in text order)
        last = self.stops.get(se)
        if last is not None and last[0] <= j and (last[1] is None or j <= last[1]):
            return last[1]
        m = self.lex.content_stop.search(self.norm, j, se)
        found = m.start() if m else None
        self.stops[se] = (j, found)
        return found


def _earlier_subject(norm: str, ss: int, clause: int, ents: _Entities, lex: Lexicon,
                     cue: Cue) -> Speaker | None:
    """The first clause of the sentence that has a subject (topic chains over commas)."""
    pos = ss
    # boundaries read as they are needed: the first clause usually has the subject
    bounds = (m.end() for m in lex.boundary_re.finditer(norm, ss, clause))
    for end in bounds:
        spk = subject(norm, pos, end - 1, ents, lex, cue.speaker_kind)
        if spk is not None:
            return spk
        pos = end
    return None


def _content_after(norm: str, ce: int, se: int, cue: Cue, lex: Lexicon,
                   scan: _Scan) -> tuple[tuple[int, int] | None, bool]:
    pattern = (lex.after_noun_cue if cue.needs_quote
               else lex.after_pause_cue if cue.needs_pause else lex.after_cue)
    m = pattern.match(norm, ce)
    if m is None:
        return None, False
    j = m.end()
    if cue.reject is not None and cue.reject.match(norm, j):
        return None, False
    if j < len(norm) and norm[j] in lex.quotes:
        close = norm.find(lex.quotes[norm[j]], j + 1, j + 1 + MAX_QUOTE_CHARS)
        if close > j + 1:
            return (j + 1, close), True
    if cue.needs_quote:
        return None, False
    stop = scan.content_stop(j, se)
    end = se if stop is None else stop
    while end > j and norm[end - 1] in _CONTENT_TRAIL:
        end -= 1
    if end <= j:
        return None, False
    return (j, end), False


def _content_before(norm: str, doc: Doc, sents: list[tuple[int, int]], k: int, clause: int,
                    lex: Lexicon) -> tuple[tuple[int, int] | None, bool]:
    ss, _ = sents[k]
    end = clause
    while end > ss and norm[end - 1] in _CONTENT_TRAIL + ":：":
        end -= 1
    if end <= ss and k > 0:  # the quote is the previous "sentence": “…。”王建国说。
        ss, end = sents[k - 1]
        if end - ss > MAX_QUOTE_CHARS:
            return None, False
    if end <= ss:
        return None, False
    closer = norm[end - 1]
    for opener, c in lex.quotes.items():
        if c == closer and norm[ss] == opener:
            return (ss + 1, end - 1), True
    start = ss
    return (start, end), False


def _merge_frames(drafts: list[_Draft]) -> list[_Draft]:
    """据彭博社报道，消息人士透露… : one claim by the inner source, carried by the outer one."""
    out: list[_Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if (prev is not None and (prev.frame or prev.cue.frame) and not prev.direct
                and prev.content[0] <= d.attr_start <= prev.content[0] + 1
                and prev.content[1] >= d.cue_end):
            out[-1] = replace(d, attr_start=prev.attr_start, hedged=d.hedged or prev.hedged,
                              outer=prev)
            continue
        out.append(d)
    return out


def _trim_contents(norm: str, drafts: list[_Draft]) -> None:
    """A reported clause stops where the next attribution in it begins (…，但B认为…); a cue
    inside the next claim's attribution was not one (陈美玲在法说会上提到: 说)."""
    quoted = Cover([d.content for d in drafts if d.direct])
    # a cue inside someone's quotation is part of the quote
    drafts[:] = [d for d in drafts if d.cue_start not in quoted]
    drop = set()
    for i, (a, b) in enumerate(pairwise(drafts)):
        if b.attr_start <= a.cue_start < b.cue_start:
            drop.add(i)
            continue
        if a.direct:
            continue
        s, e = a.content
        if s < b.attr_start < e:
            cut = b.clause if s < b.clause <= b.attr_start else b.attr_start
            while cut > s and norm[cut - 1] in _CONTENT_TRAIL:
                cut -= 1
            if cut > s:
                a.content = (s, cut)
    drafts[:] = [d for i, d in enumerate(drafts) if i not in drop]


def _records(doc: Doc, norm: str, drafts: list[_Draft], ents: _Entities, lex: Lexicon,
             doc_id: str | None) -> list[ClaimRecord]:
    text = doc_text(doc)
    doc_id = doc_id or ""
    # the time expressions that can date a claim, for bisection (timexes come in text order)
    # (the timex stage's records, what ``timexes`` reads: only the taken ones are copied out)
    dated = Ordered([t for t in records(doc, "timex") if _field(t, "type") in CLAIM_TIME_TYPES])
    out: list[ClaimRecord] = []
    last_by_kind: dict[str, ClaimRecord] = {}
    people: set[str] = set()  # names of person speakers so far (技术长王建国 → 王建国)
    for d in drafts:
        spk = d.speaker
        assert spk is not None
        name, sid, kind = spk.canonical, spk.entity_id, spk.kind
        said = norm[spk.start:spk.end]
        if kind is None and not spk.pronoun and said in people:
            kind = "person"  # a bare name given with a title earlier in the story
        if kind == "person" and not spk.pronoun and said:
            people.add(said)
            titles = list(lex.person_title_re.finditer(said))
            if titles and titles[-1].end() < len(said):
                people.add(said[titles[-1].end():])
        speaker_text = text[spk.start:spk.end] or None
        if spk.pronoun and kind:
            name, sid = _antecedent(kind, d.cue_start, last_by_kind, ents)
            name = name or speaker_text  # no antecedent: as written
        if kind == "anonymous":
            name = None
        elif name is None and not spk.pronoun:
            name = speaker_text
        chain: list[str] = []
        outer = d.outer
        outlet = name if kind == "media" else None
        if outer is not None and outer.speaker is not None:
            o = outer.speaker
            o_name = o.canonical or text[o.start:o.end]
            if o_name:
                chain.append(o_name)
            if outer.via:
                chain.append(text[outer.via[0]:outer.via[1]])
            if o.kind == "media":
                outlet = o_name
        me = name or speaker_text
        if d.via is not None:
            chain.extend([me, text[d.via[0]:d.via[1]]] if me else [text[d.via[0]:d.via[1]]])
        elif chain and me:
            chain.append(me)
        start = min(d.attr_start, d.content[0])
        end = max(d.cue_end, d.content[1] + (1 if d.direct else 0))
        if d.direct and d.content[0] < d.cue_start:
            start = min(start, d.content[0] - 1)
        t = _claim_time(dated, min(start, d.sent_start), d.cue_start, d.content)
        rec = ClaimRecord(
            claim_id=hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16],
            start=start, end=end, speaker=name, speaker_text=speaker_text, speaker_id=sid,
            speaker_kind=kind, cue=text[d.cue_start:d.cue_end], cue_start=d.cue_start,
            cue_end=d.cue_end, content=text[d.content[0]:d.content[1]],
            content_start=d.content[0], content_end=d.content[1], direct_quote=d.direct,
            source_outlet=outlet, via=tuple(chain), hedged=d.hedged,
            time_text=text[t.start:t.end] if t else None,
            time_value=_field(t, "value") if t else None,
        )
        out.append(rec)
        if kind and not spk.pronoun and name:
            last_by_kind[kind] = rec
    return out


def _antecedent(kind: str, pos: int, last_by_kind: dict,
                ents: _Entities) -> tuple[str | None, str | None]:
    """他/她/该公司 → the last speaker of that kind, else the last such entity before it."""
    rec = last_by_kind.get(kind)
    ent = ents.last_named(kind, pos)
    if rec is not None and (ent is None or rec.cue_start >= ent.start):
        return rec.speaker, rec.speaker_id
    if ent is not None:
        return ent.canonical, ent.entity_id
    if rec is not None:
        return rec.speaker, rec.speaker_id
    return None, None


def _field(rec: Any, name: str) -> Any:
    return rec.get(name) if isinstance(rec, dict) else getattr(rec, name, None)


def _claim_time(dated: Ordered[Any], start: int, cue_start: int,
                content: tuple[int, int]) -> Any:
    """The last dating time expression starting in [start, cue_start) outside the content:
    彭博社18日报道, 7:25，纳德拉发布声明，称…"""
    span = dated.starting(start, cue_start)
    k = span.stop - 1
    if k >= span.start and content[0] <= dated.starts[k] < content[1]:
        # the ones between the content's start and this one are inside the content too
        k = bisect_left(dated.starts, content[0]) - 1
    return dated.items[k] if k >= span.start else None
