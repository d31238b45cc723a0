"""Events of one Doc: trigger lookup, frame filling, entities, money, modality, time, claims."""

from __future__ import annotations

import hashlib
import heapq
import re
from bisect import bisect_right
from functools import cached_property, lru_cache
from operator import sub
from typing import Any

import numpy as np
from spacy.attrs import NORM, SENT_START
from spacy.tokens import Doc

from ..annotations import (
    TOKEN_BOUNDS,
    Entity,
    EntityIndex,
    TimeRef,
    claims,
    doc_text,
    doc_value,
    entities,
    records,
    token_bounds,
)
from ..ordered import Ordered
from ..sentences import sentence_start_tokens
from .arguments import Frame, Slot, admissible, chain, fill, org_like, rules
from .lexicon import Sense, lexicon
from .money import Amount, find_amounts, tables
from .syntax import Sentence, grammar, hmm, punctuation

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_PERSONISH = frozenset(("person", "any"))
_SUBJECT_SOURCES = frozenset(("subject", "near", "by"))
_OPENING = {"“": "”", "「": "」", "『": "』", "《": "》", "(": ")"}
_CLOSERS = {c: o for o, c in _OPENING.items()}


def warm() -> None:
    """Build every lazily loaded rule table (see ``pipeline.events.warm``)."""
    lexicon()
    grammar()
    tables()
    rules()
    hmm()


def extract(doc: Doc) -> list[dict[str, Any]]:
    """One record per event trigger, in text order (the events table's columns minus doc_id)."""
    lex = lexicon()
    if len(doc) == 0:
        return []
    # one array call instead of a Token object per token; the rest only near a trigger
    norms = doc.to_array(NORM)
    cand = lex.first_tokens(norms)
    if not cand:
        return []
    ctx = _Context(doc, norms)
    out: list[dict[str, Any]] = []
    last = -1
    try:
        for i in cand:
            if i < last:
                continue
            hit = _match(ctx, i, lex.by_first[int(norms[i])])
            if hit is None:
                continue
            j, senses = hit
            last = j
            rec = _event(ctx, i, j, senses)
            if rec is not None:
                out.append(rec)
    finally:
        # each Sentence view holds ctx._known, a cycle through the Doc: broken here, the
        # document's objects go when it does instead of waiting for the cyclic collector
        ctx.views.clear()
    return out


def _match(ctx: _Context, i: int,
           entries: list[tuple[str, list[Sense]]]) -> tuple[int, list[Sense]] | None:
    """The longest form starting at token i that ends on a token boundary: (end, senses)."""
    for rest, senses in entries:  # longest first
        j, done = i + 1, 0
        # the next tokens must spell the rest exactly; most candidates fail on the first one
        while done < len(rest) and j < ctx.n:
            w = ctx.norm(j)
            if not rest.startswith(w, done):
                break
            done += len(w)
            j += 1
        if done == len(rest):
            return j, senses
    return None


def _sent_starts(doc: Doc, starts: list[int]) -> list[int]:
    """The tokens starting a sentence (SENT_START 1), in order. The tokenizer wrote SENT_START
    from the sentences table's spans and no stage changes it, so they are worked out again as
    it did, without an array call (spaCy's ``to_array`` pays ~150 instructions per token and
    column); any other Doc is asked."""
    spans = doc_value(doc, "sentence_spans")
    if spans is None or TOKEN_BOUNDS not in doc.user_data:
        return np.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
    return sentence_start_tokens(starts, spans)


#: NORM hash → string. Hashes are a fixed function of the string (spaCy's StringStore), so one
#: table serves every Doc and vocab; it saves a StringStore lookup per token read.
_NORM_STRINGS: dict[int, str] = {}


class _Context:
    """Per-document lookups, built only for documents with a trigger candidate.

    Token data comes from ``to_array`` results: no spaCy Token or Span is made per token (each
    costs as much as the rule work done on it). Everything but the NORM hashes is read on first
    use: half the documents with a candidate have no trigger, and most never need their
    entities or time expressions."""

    def __init__(self, doc: Doc, hashes: np.ndarray) -> None:
        self.doc = doc
        self.n = len(hashes)
        self.hashes = hashes  # NORM per token
        self.views: dict[int, Sentence] = {}
        # per token, filled by _layout() on the first view (a trigger was found)
        self.starts: list[int] = []  # character offsets
        self.ends: list[int] = []
        self.sent_starts: list[int] = []  # tokens starting a sentence (is_sent_start)
        self.entity_list: list[int] = []  # tokens of doc.ents, what ``entities`` reads
        self.entity_index: EntityIndex | None = None

    def _layout(self) -> None:
        # the offsets the tokenizer left on the Doc; token fields only from spaCy (LENGTH would
        # read every token's lexeme, a cache miss each; to_array costs ~150 instructions per
        # token and column)
        self.starts, self.ends = token_bounds(self.doc)
        self.sent_starts = _sent_starts(self.doc, self.starts)
        self.entity_index = EntityIndex(self.doc)
        self.entity_list = self.entity_index.inside

    @cached_property
    def text(self) -> str:
        return doc_text(self.doc)

    @cached_property
    def norm_text(self) -> str:
        return doc_value(self.doc, "norm_text") or "".join(self.norms(0, self.n))

    @cached_property
    def entities(self) -> list[Entity]:
        return entities(self.doc)

    @cached_property
    def persons(self) -> Ordered[Entity]:
        return Ordered([x for x in self.entities if x.kind == "person"])

    def entities_over(self, s: int, e: int) -> list[Entity]:
        """The entities overlapping characters [s, e), in text order: only those are read, from
        the token arrays (most phrases hold none, and reading every entity of the document costs
        more than the rest of a typical document's event work)."""
        return self.entity_index.overlapping(s, e)

    @cached_property
    def times(self) -> Ordered[Any]:
        """The timex stage's records, what ``timexes`` reads (start, end, value): a TimeRef is
        made only for the one an event takes."""
        return Ordered(records(self.doc, "timex"))

    @cached_property
    def timex_reach(self) -> int:
        """The longest time expression, in characters: one starting further back before a
        sentence cannot reach into it."""
        times = self.times
        return max(map(sub, times.ends, times.starts), default=0)

    def timex_tokens(self, a: int, b: int) -> list[int]:
        """Tokens of [a, b) inside a time expression (widened to token boundaries), sorted.
        Only the expressions that can reach [a, b) are read: only the sentences holding a
        trigger are tagged, and a long document holds dozens of expressions."""
        times, starts = self.times, self.starts
        # one starting at or after token b's start covers no token before b; one ending by
        # token a's start covers none from a on, and it starts at most timex_reach before that
        hi = starts[b] if b < self.n else len(self.text) + 1
        near = times.starting(starts[a] - self.timex_reach, hi)
        spans = [(times.starts[k], times.ends[k]) for k in near]
        return sorted(t for t in self._tokens(spans) if a <= t < b)

    @cached_property
    def reporting(self) -> _Reporting:
        return _Reporting(claims(self.doc))

    @cached_property
    def sentences(self) -> tuple[list[tuple[int, int]], list[int]]:
        """The sentences table's (start, end) spans and their starts."""
        spans = (doc_value(self.doc, "sentence_spans")
                 or [(s.start_char, s.end_char) for s in self.doc.sents])
        return spans, [s for s, _ in spans]

    @cached_property
    def doc_id(self) -> str:
        return doc_value(self.doc, "doc_id") or ""

    def norms(self, a: int, b: int) -> list[str]:
        """``[t.norm_ for t in doc[a:b]]`` without making the Tokens."""
        hashes = self.hashes[a:b].tolist()
        out = list(map(_NORM_STRINGS.get, hashes))
        if None in out:
            if len(_NORM_STRINGS) > 500_000:
                _NORM_STRINGS.clear()  # bounded: a long run meets ever more words
            strings = self.doc.vocab.strings
            for k, h in enumerate(hashes):
                if out[k] is None:
                    out[k] = _NORM_STRINGS[h] = strings[h]
        return out

    def norm(self, k: int) -> str:
        """``doc[k].norm_`` without making the Token."""
        s = _NORM_STRINGS.get(int(self.hashes[k]))
        return s if s is not None else self.norms(k, k + 1)[0]

    def view(self, i: int) -> Sentence:
        """The sentence holding token i (as ``doc[i].sent``, without making the Span)."""
        if not self.starts:
            self._layout()
        starts = self.sent_starts
        k = bisect_right(starts, i)
        a = starts[k - 1] if k else 0
        v = self.views.get(a)
        if v is None:
            b = starts[k] if k < len(starts) else self.n
            v = Sentence(self.norms(a, b), a, self._known)
            self.views[a] = v
        return v

    def _known(self, a: int, b: int) -> tuple[list[int], list[int]]:
        return self.entity_list, self.timex_tokens(a, b)

    def char(self, tok_start: int, tok_end: int) -> tuple[int, int]:
        return self.starts[tok_start], self.ends[tok_end - 1]

    def next_norm(self, k: int) -> str:
        """The norm of token k, "" past the end."""
        return self.norm(k) if k < self.n else ""

    def _tokens(self, spans: list[tuple[int, int]]) -> set[int]:
        """Tokens of character spans, widened to token boundaries: what
        ``doc.char_span(s, e, alignment_mode="expand")`` covers, by bisection."""
        starts, ends, size = self.starts, self.ends, len(self.text)
        out: set[int] = set()
        for s, e in spans:
            if not (0 <= s < size and 0 <= e - 1 < size):
                continue  # char_span finds no token there
            a = bisect_right(starts, s) - 1
            if s == ends[a]:
                a += 1  # s is the trailing whitespace of token a
            out.update(range(a, bisect_right(starts, e - 1)))
        return out


def _event(ctx: _Context, i: int, j: int, senses: list[Sense]) -> dict[str, Any] | None:
    sent = ctx.view(i)
    cs, ce = sent.clause(i)
    nominal = i > cs and sent.norm(i - 1) in grammar().determiners
    for sense in senses:
        if not _context_ok(ctx, sent, sense, cs, ce, i, j):
            continue
        a, b = ctx.char(cs, ce) if ce > cs else (0, 0)  # the frame's clause
        amounts = find_amounts(ctx.norm_text, a, b)
        # a sense that needs a sum fails on a clause holding none whatever its frame: judged
        # before filling the frame (a sixth of the frames filled were lost on this alone)
        if not _requirements_met(sense, None, amounts):
            continue
        frame = fill(sent, i, j, sense)
        frame.slots = [sl for sl in frame.slots if _admissible(ctx, sense, sl) and not (
            nominal and sl.source in _SUBJECT_SOURCES)]
        # judged first without the arguments: a third of the senses tried fail here, and
        # building the arguments costs more than the rest of the event
        if not _requirements_met(sense, frame, amounts):
            continue
        args = _arguments(ctx, sense, frame, amounts)
        if not _requirements_met(sense, frame, amounts, args):
            continue
        return _record(ctx, sent, i, j, sense, frame, args)
    return None


def _context_ok(ctx: _Context, sent: Sentence, sense: Sense, cs: int, ce: int, i: int,
                j: int) -> bool:
    if j < ce and sent.norm(j) in grammar().compound_heads:
        return False  # 谈判代表团, 收购意向: the trigger modifies a noun
    # each test only for a sense that has it: most senses have none
    if sense.requires_before or sense.unless_before:
        before = set(sent.words(cs, i))
        if sense.requires_before and not (before & sense.requires_before):
            return False
        if sense.unless_before and before & sense.unless_before:
            return False
    if not (sense.requires_context or sense.reject_context):
        return True
    a, b = ctx.char(cs, ce) if ce > cs else (0, 0)
    text = ctx.norm_text[a:b]
    if sense.requires_context and not any(w in text for w in sense.requires_context):
        return False
    return not any(w in text for w in sense.reject_context)


_OBJECT_SOURCES = frozenset(("object", "as", "post_verb"))
_ANY_SUBJECT_SOURCES = frozenset(("subject", "passive", "near", "possessor", "by"))


def _requirements_met(sense: Sense, frame: Frame | None, amounts: list[Amount],
                      args: list[dict[str, Any]] | None = None) -> bool:
    """Whether the sense's required argument kinds are found. Slots and amounts decide every
    kind but "args"; with ``args`` None (not built yet) that one counts as found, and with
    ``frame`` None (not filled yet) so do the kinds its slots decide."""
    if not sense.requires:
        return True
    sources = {s.source for s in frame.slots} if frame is not None else None
    money_role, count_role = sense.frame.get("amount"), sense.frame.get("count")
    have = {
        "object": sources is None or not _OBJECT_SOURCES.isdisjoint(sources),
        "subject": sources is None or not _ANY_SUBJECT_SOURCES.isdisjoint(sources),
        # an amount becomes an argument of its kind's role, with a value (see _arguments)
        "money": bool(money_role) and any(
            (money_role if m.kind == "money" else count_role) == money_role for m in amounts),
        "args": args is None or bool(args),
    }
    # each requirement is a kind or alternatives "object|money"
    return all(any(have[k] for k in need.split("|")) for need in sense.requires)


def _arguments(ctx: _Context, sense: Sense, frame: Frame,
               amounts: list[Amount]) -> list[dict[str, Any]]:
    """The event's arguments; ``amounts`` are those of the frame's clause."""
    kinds = ctx_roles(sense.type)
    out: list[dict[str, Any]] = []
    cs, ce = frame.clause
    a, b = ctx.char(cs, ce) if ce > cs else (0, 0)
    filled = {s.role for s in frame.slots}
    for slot in frame.slots:
        s, e = ctx.char(slot.start, slot.end)
        for m in amounts:
            if m.kind == "money" and m.start < e and s < m.end:
                e = min(e, m.start)  # a sum is an amount, not (part of) a participant
        if e <= s:
            continue
        kind = kinds.get(slot.role, "any")
        parts = _split_chain(ctx, s, e, slot.role, kind, kinds, filled)
        for role, ps, pe in parts:
            ps, pe = _strip_punctuation(ctx.norm_text, ps, pe)
            if pe <= ps:
                continue
            arg = _arg(ctx, role, ps, pe, kinds.get(role, "any"))
            if _same_entity(arg, out):
                continue  # one entity never fills two roles of one event
            out.append(arg)
            filled.add(role)
    for role, rx in (sense.frame.get("patterns") or {}).items():
        m = _pattern(rx).search(ctx.norm_text, a, b)
        if m:
            g = 1 if m.re.groups else 0
            out.append({"role": role, "text": ctx.text[m.start(g):m.end(g)], "start": m.start(g),
                        "end": m.end(g), "canonical": None, "entity_id": None, "value": None})
    for m in amounts:
        role = sense.frame.get("amount") if m.kind == "money" else sense.frame.get("count")
        if role:
            out.append({"role": role, "text": ctx.text[m.start:m.end], "start": m.start,
                        "end": m.end, "canonical": None, "entity_id": None, "value": m.value})
    return out


def _strip_punctuation(norm: str, s: int, e: int) -> tuple[int, int]:
    """No stray punctuation in an argument: marks at its edges go (「飞的」 → 飞的) unless
    they close a quotation inside it (SUV“星驰S9”), and an opening mark never closed in it
    ends it (张嘉欣“因健康理由 → 张嘉欣)."""
    while s < e and punctuation(norm[s]):
        s += 1
    while e > s and punctuation(norm[e - 1]) and not (
            norm[e - 1] in _CLOSERS and norm.rfind(_CLOSERS[norm[e - 1]], s, e - 1) >= 0):
        e -= 1
    for k in range(s, e):
        close = _OPENING.get(norm[k])
        if close is not None and norm.find(close, k + 1, e) < 0:
            return s, k
    return s, e


def _same_entity(arg: dict[str, Any], out: list[dict[str, Any]]) -> bool:
    key = arg["entity_id"] or arg["canonical"] or arg["text"]
    return any(key == (a["entity_id"] or a["canonical"] or a["text"]) for a in out
               if a["value"] is None)


def _admissible(ctx: _Context, sense: Sense, slot: Slot) -> bool:
    """The slot's phrase may fill its role (a founded org is org-like, a product no notice)."""
    s, e = ctx.char(slot.start, slot.end)
    # only an org-like role reads the entity kind: the others need not read the entities
    head = next((x.kind for x in ctx.entities_over(s, e) if s <= x.start and x.end == e),
                None) if org_like(sense.type, slot.role) else None
    # jieba tags some notice words as verbs (故障|说明): the word after the phrase is its head
    nxt = ctx.next_norm(slot.end)
    return admissible(sense.type, slot.role, ctx.norm_text[s:e], head, nxt)


def _split_chain(ctx: _Context, s: int, e: int, role: str, kind: str, kinds: dict[str, str],
                 filled: set[str]) -> list[tuple[str, int, int]]:
    """组织–职称–人名 inside one phrase fills employer/position/person at once."""
    if kind == "org" or (kind == "text" and role != "position"):
        return [(role, s, e)]
    c = chain(ctx.norm_text[s:e])
    if c is None:
        return [(role, s, e)]
    if role == "position":
        return [(role, s + c.pos_start, s + c.person_start)]
    if c.person is None:
        return [(role, s, e)]
    parts = [(role, s + c.person_start, e)]
    if "position" in kinds and "position" not in filled:
        parts.append(("position", s + c.pos_start, s + c.person_start))
    org_role = next((r for r in ("employer", "org") if r in kinds and r not in filled), None)
    if c.org and org_role:
        parts.append((org_role, s + c.org_start, s + c.org_start + len(c.org)))
    return parts


def _arg(ctx: _Context, role: str, s: int, e: int, kind: str) -> dict[str, Any]:
    ent = _entity_in(ctx.entities_over(s, e), e, kind)
    text = ctx.text[s:e]
    if ent is None and kind in _PERSONISH:
        norm = ctx.norm_text[s:e]
        if norm in grammar().pronouns:
            ent = ctx.persons.last_ending_by(s)
            if ent is not None:  # the pronoun keeps its own offsets, takes the antecedent's name
                return {"role": role, "text": text, "start": s, "end": e,
                        "canonical": ent.canonical, "entity_id": ent.entity_id,
                        "value": None}
    if ent is not None:
        return {"role": role, "text": ent.text, "start": ent.start, "end": ent.end,
                "canonical": ent.canonical, "entity_id": ent.entity_id, "value": None}
    return {"role": role, "text": text, "start": s, "end": e, "canonical": None,
            "entity_id": None, "value": None}


def _entity_in(inside: list[Entity], e: int, kind: str) -> Entity | None:
    """The entity a phrase ending at ``e`` names, of those overlapping it (in text order)."""
    if not inside:
        return None
    if kind in ("person", "org", "product"):
        typed = [x for x in inside if x.kind == kind]
        if typed:
            return typed[-1]
        # Chinese noun phrases are head-final: an entity of another kind inside the phrase
        # only modifies its head (硅谷AI芯片公司X: not 硅谷)
        return inside[-1] if inside[-1].end >= e else None
    return inside[-1]


@lru_cache(maxsize=256)
def _pattern(rx: str) -> re.Pattern[str]:
    return re.compile(rx)


def ctx_roles(type_id: str) -> dict[str, str]:
    return lexicon().types[type_id]["roles"]


def _record(ctx: _Context, sent: Sentence, i: int, j: int, sense: Sense, frame: Frame,
            args: list[dict[str, Any]]) -> dict[str, Any]:
    start, end = ctx.char(i, j)
    spans, starts = ctx.sentences
    si = max(bisect_right(starts, start) - 1, 0)
    ss, se = spans[si]
    cs, ce = frame.clause
    t = _time(ctx, start, ctx.char(cs, ce) if ce > cs else (start, end), ss)
    doc_id = ctx.doc_id
    return {
        "event_id": _sha(f"{doc_id}:{start}:{end}:{sense.type}"),
        "event_key": _key(sense.type, args, t.value if t else None),
        "event_type": sense.type,
        "trigger": ctx.text[start:end],
        "start": start,
        "end": end,
        "sent_idx": si,
        "sentence": ctx.text[ss:se],
        "arguments": args,
        "time_text": t.text if t else None,
        "time_value": t.value if t else None,
        "polarity": _polarity(sent, i, cs),
        "reported_by": ctx.reporting.claim(start, end),
        "confidence": round(sense.confidence * (1.0 if args else 0.75), 3),
    }


def _polarity(sent: Sentence, i: int, cs: int) -> str:
    g = grammar()
    clause = sent.words(cs, i)  # the clause before the trigger
    if not g.negated.isdisjoint(sent.words(max(cs, i - g.negation_window), i)):
        return "negated"
    if not g.speculated.isdisjoint(clause) or sent.first_opener < i:
        return "speculated"
    if not g.planned.isdisjoint(clause):
        return "planned"
    return "asserted"


def _time(ctx: _Context, start: int, clause: tuple[int, int], sent_start: int) -> TimeRef | None:
    """The timex in the clause nearest the trigger, else the last one before it in the sentence."""
    r = _time_record(ctx, start, clause, sent_start)
    return None if r is None else TimeRef(r.start, r.end, ctx.text[r.start:r.end],
                                          _get(r, "type") or "", _get(r, "value"))


def _time_record(ctx: _Context, start: int, clause: tuple[int, int], sent_start: int) -> Any:
    a, b = clause
    times = ctx.times  # in text order; they may nest, so only their starts are in order
    # a timex ending by b starts by b
    inside = [t for t in map(times.items.__getitem__, times.starting(a, b + 1)) if t.end <= b]
    if inside:
        return min(inside, key=lambda t: abs(t.start - start))
    return next((t for t in map(times.items.__getitem__, reversed(times.starting(
        sent_start, start + 1))) if t.end <= start), None)


class _Reporting:
    """Which claim reports an event: the first claim (in the claims' order) whose content holds
    the event's trigger. Triggers are asked in text order, so one sweep over the claims sorted by
    content start serves them all: a heap holds, by claim order, the claims begun so far."""

    def __init__(self, recs: list[Any]) -> None:
        spans = []
        for n, r in enumerate(recs):
            cs, ce = _get(r, "content_start"), _get(r, "content_end")
            if cs is not None and ce is not None:
                spans.append((cs, n, ce, _get(r, "claim_id")))
        self.spans = sorted(spans)
        self._restart()

    def _restart(self) -> None:
        self.next = 0  # spans[:next] are begun
        self.open: list[tuple[int, int, str | None]] = []  # (claim order, content end, id)
        self.last = (-1, -1)

    def claim(self, start: int, end: int) -> str | None:
        """The claim_id of the first claim whose content holds [start, end), else None."""
        if start < self.last[0] or end < self.last[1]:
            self._restart()  # asked out of order: the sweep starts over
        self.last = (start, end)
        spans, open_ = self.spans, self.open
        while self.next < len(spans) and spans[self.next][0] <= start:
            _, n, ce, claim_id = spans[self.next]
            heapq.heappush(open_, (n, ce, claim_id))
            self.next += 1
        while open_:
            if end <= open_[0][1]:
                return open_[0][2]
            heapq.heappop(open_)  # ends before this trigger, so before every later one
        return None


def _get(rec: Any, name: str) -> Any:
    return rec.get(name) if isinstance(rec, dict) else getattr(rec, name, None)


def _key(type_id: str, args: list[dict[str, Any]], time_value: str | None) -> str:
    parts = set(lexicon().types[type_id].get("participants") or ())
    who = sorted({(a["canonical"] or a["text"]) for a in args if a["role"] in parts})
    day = time_value[:10] if time_value and _DAY.match(time_value) else ""
    return _sha(f"{type_id}|{';'.join(who)}|{day}")


def _sha(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:16]
