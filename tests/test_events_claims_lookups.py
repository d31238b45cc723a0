"""The per-claim and per-event lookups by bisection give what a scan of the whole list gives
(ties, nesting and order included), and a long document of one news sentence repeated gets the
same claim and event for every sentence. Untimed: the scaling itself is measured by
``benchmarks/adversarial.py``."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.annotations import EntityIndex, TimeRef, entities
from pipeline.claims.engine import CLAIM_TIME_TYPES, _claim_time, _Scan
from pipeline.claims.lexicon import lexicon
from pipeline.events.engine import _Reporting
from pipeline.ordered import Cover, Ordered, by_kind

SEEDS = range(20)


@dataclass(frozen=True)
class _Item:
    start: int
    end: int
    kind: str = "person"


def _disjoint(rng: random.Random, n: int = 40) -> list[_Item]:
    """Spans in text order that do not overlap (as entities)."""
    out, pos = [], 0
    for _ in range(n):
        pos += rng.randint(0, 3)
        length = rng.randint(1, 4)
        out.append(_Item(pos, pos + length, rng.choice(("person", "org"))))
        pos += length
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_ordered_ranges_equal_scans(seed: int) -> None:
    rng = random.Random(seed)
    items = _disjoint(rng)
    o = Ordered(items)
    for _ in range(200):
        s = rng.randint(-2, items[-1].end + 2)
        e = s + rng.randint(-2, 8)
        assert [items[k] for k in o.overlapping(s, e)] == [
            x for x in items if x.start < e and s < x.end]
        assert [items[k] for k in o.within(s, e)] == [
            x for x in items if s <= x.start and x.end <= e]
        assert [items[k] for k in o.starting(s, e)] == [x for x in items if s <= x.start < e]
        assert o.last_ending_by(s) == next((x for x in reversed(items) if x.end <= s), None)
        people = by_kind(items).get("person")
        want = next((x for x in reversed(items) if x.end <= s and x.kind == "person"), None)
        assert (people.last_ending_by(s) if people else None) == want


def _doc_with_entities(rng: random.Random) -> Doc:
    """Words with or without a space after them, some runs of them entities (adjacent ones too),
    some with a record of the names stage, some with a kb id."""
    n = 60
    words = ["".join(rng.choice("甲乙丙丁ab") for _ in range(rng.randint(1, 3))) for _ in range(n)]
    doc = Doc(Vocab(), words=words, spaces=[rng.random() < 0.3 for _ in range(n)])
    spans, records, t = [], {}, 0
    while t < n:
        t += rng.randint(0, 3)
        length = rng.randint(1, 3)
        if t + length > n:
            break
        span = Span(doc, t, t + length, label=rng.choice(("PERSON", "ORG", "GPE")),
                    kb_id=rng.choice(("", "Q1", "Q2")))
        spans.append(span)
        if rng.random() < 0.6:
            records[(span.start_char, span.end_char)] = {
                "kind": rng.choice(("person", "org", None)),
                "canonical": rng.choice(("甲乙", None)), "entity_id": None, "method": "x"}
        t += length
    doc.ents = spans
    doc._.entity_records = records
    return doc


@pytest.mark.parametrize("seed", SEEDS)
def test_entity_index_equals_scans(seed: int) -> None:
    """Entities read one at a time from the token arrays equal those of ``entities``."""
    rng = random.Random(seed)
    doc = _doc_with_entities(rng)
    ents, index, size = entities(doc), EntityIndex(doc), len(doc.text)
    assert ents
    for _ in range(200):
        s = rng.randint(-1, size + 1)
        e = s + rng.randint(-1, 8)
        assert index.overlapping(s, e) == [x for x in ents if x.start < e and s < x.end]
        assert index.within(s, e) == [x for x in ents if s <= x.start and x.end <= e]
        assert index.ending_at(e) == next((x for x in ents if x.end == e), None)
        # an index that has not read the token array yet answers from the one token
        assert EntityIndex(doc).ending_at(e) == index.ending_at(e)
        kind = rng.choice(("person", "org", "place"))

        def keep(x, kind=kind):
            return x.kind == kind and bool(x.canonical)

        want = next((x for x in reversed(ents) if x.end <= s and keep(x)), None)
        done, got = index.last_ending_by(s, keep, 3)
        assert got == (want if done else None)
        if done:  # it read back to the entity found, or past the first one
            assert want is None or len([x for x in ents if want.end <= x.end <= s]) <= 3
        assert index.last_ending_by(s, keep, len(ents) + 1) == (True, want)


@pytest.mark.parametrize("seed", SEEDS)
def test_cover_equals_scan(seed: int) -> None:
    rng = random.Random(seed)
    spans = [(s, s + rng.randint(0, 9)) for s in (rng.randint(0, 60) for _ in range(8))]
    cover = Cover(spans)
    for p in range(-1, 75):
        assert (p in cover) == any(s <= p < e for s, e in spans)


def _claim_time_scan(times: list[TimeRef], start: int, cue_start: int,
                     content: tuple[int, int]) -> TimeRef | None:
    """The scan ``_claim_time`` replaced."""
    best = None
    for t in times:
        if t.start >= cue_start:
            break
        inside = content[0] <= t.start < content[1]
        if t.type in CLAIM_TIME_TYPES and t.start >= start and not inside:
            best = t
    return best


@pytest.mark.parametrize("seed", SEEDS)
def test_claim_time_equals_scan(seed: int) -> None:
    rng = random.Random(seed)
    times, pos = [], 0
    for n in range(30):  # in text order; some share a start, some nest
        pos += rng.choice((0, 1, 2, 5))
        times.append(TimeRef(pos, pos + rng.randint(1, 6), f"t{n}",
                             rng.choice(("DATE", "TIME", "DURATION", "SET")), None))
    dated = Ordered([t for t in times if t.type in CLAIM_TIME_TYPES])
    for _ in range(300):
        start, cue = sorted(rng.randint(0, pos + 5) for _ in range(2))
        c0 = rng.randint(0, pos + 5)
        content = (c0, c0 + rng.randint(0, 30))
        assert _claim_time(dated, start, cue, content) == _claim_time_scan(
            times, start, cue, content)


def _reported_scan(recs: list[dict], start: int, end: int) -> str | None:
    """The scan ``_Reporting.claim`` replaced."""
    for r in recs:
        cs, ce = r.get("content_start"), r.get("content_end")
        if cs is not None and ce is not None and cs <= start and end <= ce:
            return r.get("claim_id")
    return None


@pytest.mark.parametrize("seed", SEEDS)
def test_reporting_claim_equals_scan(seed: int) -> None:
    rng = random.Random(seed)
    recs = []
    for n in range(25):  # contents overlap, nest and come in any order
        cs = rng.randint(0, 200)
        recs.append({"claim_id": f"c{n}", "content_start": cs,
                     "content_end": cs + rng.randint(0, 60)})
    recs.append({"claim_id": "none", "content_start": None, "content_end": None})
    triggers, pos = [], 0
    while pos < 260:  # in text order, as extract() asks
        pos += rng.randint(0, 6)
        triggers.append((pos, pos + rng.randint(1, 3)))
        pos = triggers[-1][1]
    rep = _Reporting(recs)
    for s, e in triggers:
        assert rep.claim(s, e) == _reported_scan(recs, s, e)
    for s, e in rng.sample(triggers, len(triggers)):  # out of order: still right
        assert rep.claim(s, e) == _reported_scan(recs, s, e)


@pytest.mark.parametrize("seed", SEEDS)
def test_sentence_scans_equal_searches(seed: int) -> None:
    rng = random.Random(seed)
    lex = lexicon()
    norm = "".join(rng.choice(("，", ",", ":", "1", "但", "不过", "王", "说", "。", "\n"))
                   for _ in range(300))
    scan = _Scan(norm, lex)
    ss, se = 3, len(norm) - 2
    cues = sorted(rng.randint(ss, se) for _ in range(80))
    for cs in cues + rng.sample(cues, 20):  # in text order, then out of it
        last = ss
        for m in lex.boundary_re.finditer(norm, ss, cs):
            last = m.end()
        assert scan.clause_start(ss, cs) == max(last, cs - lex.clause_reach)
        m = lex.content_stop.search(norm, cs, se)
        assert scan.content_stop(cs, se) == (m.start() if m else None)


def test_a_line_without_punctuation_is_read_a_bounded_stretch_per_cue_and_trigger() -> None:
    """With no clause boundary in a whole line, a cue reads back ``clause_reach`` characters and
    a trigger ``clause_reach`` tokens either side, not the whole line (that was quadratic: 11 s
    for 16 K characters in claims, 194 s for 64 K)."""
    from pipeline.events.syntax import Sentence, grammar

    lex = lexicon()
    norm = "王建国表示腾讯收购了阿里巴巴" * 100
    assert _Scan(norm, lex).clause_start(0, 1000) == 1000 - lex.clause_reach
    reach = grammar().clause_reach
    words = ["王建国", "表示", "腾讯", "收购", "了", "阿里巴巴"] * 200
    sent = Sentence(words, 7, lambda a, b: ([], []))
    assert sent.clause(7 + 600) == (7 + 600 - reach, 7 + 600 + reach)
    assert sent.clause(7 + 3) == (7, 7 + 3 + reach)


UNITS = (
    "2023年5月1日，王建国表示，腾讯收购了阿里巴巴。",
    "据新华社5月3日报道，华为公司宣布以30亿元收购了一家芯片企业。",
    "5月1日，王建国表示腾讯收购了阿里巴巴，",  # one long sentence
)


@pytest.mark.parametrize("unit", UNITS)
def test_long_document_every_sentence_alike(unit: str) -> None:
    """Each repetition of a sentence gets the claim and the event the first one gets: its
    own claim reports its event, dated by its own time expression."""
    from pipeline.claims import claim_rows
    from pipeline.events import event_rows
    from pipeline.nlp import get_nlp

    reps = 300
    doc = get_nlp().nlp(unit * reps)
    claims, events = claim_rows(doc), event_rows(doc)
    assert len(claims) == len(events) == reps
    shift = len(unit)
    for k, (c, ev) in enumerate(zip(claims, events, strict=True)):
        assert (c["start"], c["content_start"], c["time_text"], c["speaker"]) == (
            claims[0]["start"] + k * shift, claims[0]["content_start"] + k * shift,
            claims[0]["time_text"], claims[0]["speaker"])
        assert (ev["start"], ev["time_text"], ev["event_key"]) == (
            events[0]["start"] + k * shift, events[0]["time_text"], events[0]["event_key"])
        assert [(a["role"], a["text"]) for a in ev["arguments"]] == [
            (a["role"], a["text"]) for a in events[0]["arguments"]]
        assert ev["reported_by"] == (c["claim_id"] if events[0]["reported_by"] else None)


@pytest.mark.parametrize("seed", SEEDS)
def test_timex_tokens_of_a_range_equal_those_of_the_whole_document(seed: int) -> None:
    """The events stage reads the time-expression tokens of one sentence from the expressions
    near it: the same tokens as widening every expression of the document (nested, long,
    crossing sentences, at the text's edges)."""
    import numpy as np
    from spacy.attrs import NORM

    from pipeline.annotations import _RECORDS
    from pipeline.events.engine import _Context

    rng = random.Random(seed)
    words = ["".join(rng.choice("年月日前后王说") for _ in range(rng.randint(1, 3)))
             for _ in range(rng.randint(1, 60))]
    doc = Doc(Vocab(), words=words, spaces=[False] * len(words))
    size = len(doc.text)
    spans = []
    for _ in range(rng.randint(0, 12)):
        s = rng.randint(0, size)
        spans.append(_Item(s, min(size + 1, s + rng.choice((1, 2, 5, 20, 80)))))
    doc.user_data[_RECORDS] = {"timex": sorted(spans, key=lambda x: x.start)}
    ctx = _Context(doc, doc.to_array([NORM]).ravel().astype(np.uint64))
    ctx._layout()
    every = sorted(ctx._tokens([(x.start, x.end) for x in spans]))
    for _ in range(30):
        a = rng.randint(0, len(words) - 1)
        b = rng.randint(a + 1, len(words))
        assert ctx.timex_tokens(a, b) == [t for t in every if a <= t < b]


@pytest.mark.parametrize("seed", SEEDS)
def test_requirements_judged_before_the_frame_only_rule_out_what_the_frame_would(
        seed: int) -> None:
    """The events stage drops a sense on its amounts alone before filling its frame: that must
    never drop one its filled frame would keep (the check without a frame is the looser)."""
    from pipeline.events.arguments import Frame, Slot
    from pipeline.events.engine import _requirements_met
    from pipeline.events.lexicon import lexicon
    from pipeline.events.money import Amount

    rng = random.Random(seed)
    senses = [s for ss in lexicon().forms.values() for s in ss]
    sources = ("subject", "object", "passive", "by", "near", "as", "post_verb", "prep", "chain")
    for sense in senses:
        frame = Frame([Slot("x", 0, 1, rng.choice(sources)) for _ in range(rng.randint(0, 3))],
                      (0, 5), False)
        amounts = [Amount(0, 1, "1 USD", rng.choice(("money", "quantity")))
                   for _ in range(rng.randint(0, 2))]
        args = rng.choice((None, [], [{"role": "x"}]))
        if _requirements_met(sense, frame, amounts, args):
            assert _requirements_met(sense, None, amounts)
