"""The seed post against its 21 gold events: recall and argument accuracy, printed and asserted.

Runs with every upstream stage that is already available (names, timex, claims); without the
name resolver an argument also counts as right when its text is one of the gold entity's
surface forms (what the resolver would map to the canonical name): both figures are printed.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from spacy.language import Language

from pipeline.ingest.sources import read_path
from pipeline.nlp import STAGES, get_nlp
from pipeline.process import process

RECALL_MIN = 0.80
ARGS_MIN = 0.70


def _available() -> tuple[str, ...]:
    out = []
    for name in ("names", "timex", "claims"):
        try:
            importlib.import_module(STAGES[name].module)
        except ImportError:
            continue
        if Language.has_factory(STAGES[name].factory):
            out.append(name)
    return (*out, "events")


@pytest.fixture(scope="module")
def seed_events(seed_path) -> tuple[list[dict[str, Any]], int, tuple[str, ...]]:
    raw = next(read_path(str(seed_path)))
    stages = _available()
    return process(raw, get_nlp(stages)).tables["events"], raw.body_start, stages


def _matches(ev: dict, gold: dict, body_start: int) -> bool:
    g0 = gold["context_start"]
    g1 = g0 + len(gold["context"])
    s, e = ev["start"] + body_start, ev["end"] + body_start
    return ev["event_type"] == gold["type"] and s < g1 and g0 < e


def _arg_right(ev: dict, role: str, want: str, surfaces: dict[str, set[str]], lenient: bool) -> bool:
    for a in ev["arguments"]:
        if a["role"] != role:
            continue
        if want in (a["canonical"], a["text"], a["value"]):
            return True
        if lenient and a["canonical"] is None and a["text"] in surfaces.get(want, ()):
            return True
    return False


def test_seed_events(seed_events, gold) -> None:
    events, body_start, stages = seed_events
    surfaces: dict[str, set[str]] = {}
    for ent in gold["entities"]:
        surfaces.setdefault(ent["canonical"], set()).add(ent["surface"])
    found = 0
    args_total = args_strict = args_lenient = 0
    lines = []
    for g in gold["events"]:
        cands = [e for e in events if _matches(e, g, body_start)]
        # the one with the gold trigger if several overlap the context
        cands.sort(key=lambda e: e["trigger"] != g["trigger"])
        ev = cands[0] if cands else None
        if ev is None:
            lines.append(f"  MISS {g['type']:24} {g['context']}")
            continue
        found += 1
        for role, want in g["arguments"].items():
            args_total += 1
            args_strict += _arg_right(ev, role, want, surfaces, lenient=False)
            args_lenient += _arg_right(ev, role, want, surfaces, lenient=True)
        got = {a["role"]: a["canonical"] or a["value"] or a["text"] for a in ev["arguments"]}
        lines.append(f"  hit  {g['type']:24} {ev['trigger']} {ev['polarity']:10} {got}")
    recall = found / len(gold["events"])
    strict = args_strict / max(args_total, 1)
    lenient = args_lenient / max(args_total, 1)
    print(f"\nstages: {stages}")
    print("\n".join(lines))
    print(f"events: {len(events)} rows; gold recall {found}/{len(gold['events'])} = {recall:.2f}")
    print(f"arguments of found events right: strict {args_strict}/{args_total} = {strict:.2f}, "
          f"with gold surface forms {args_lenient}/{args_total} = {lenient:.2f}")
    assert recall >= RECALL_MIN
    # until the resolver's canonical names reach the events (annotations.entities()), judge
    # the argument spans by the gold surface forms
    resolved = any(a["canonical"] and a["entity_id"] for e in events for a in e["arguments"])
    print(f"judged {'strict' if resolved else 'by surface forms (no canonical names yet)'}")
    assert (strict if resolved else lenient) >= ARGS_MIN


def test_seed_offsets_and_ids(seed_events) -> None:
    events, _, _ = seed_events
    assert events
    ids = [e["event_id"] for e in events]
    assert len(ids) == len(set(ids))
    for e in events:
        assert e["polarity"] in ("asserted", "negated", "planned", "speculated")
        for a in e["arguments"]:
            assert set(a) == {"role", "text", "start", "end", "canonical", "entity_id", "value"}


def test_seed_body_offsets(seed_path) -> None:
    raw = next(read_path(str(seed_path)))
    events = process(raw, get_nlp(_available())).tables["events"]
    for e in events:
        assert raw.body[e["start"]:e["end"]] == e["trigger"]
        for a in e["arguments"]:
            assert raw.body[a["start"]:a["end"]] == a["text"]
