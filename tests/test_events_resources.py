"""Every example of every events resource file, run through the events stage (no name resolver:
arguments come out as written)."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.events.arguments import chain
from pipeline.events.lexicon import lexicon
from pipeline.events.money import find_amounts
from pipeline.events.resources import load
from pipeline.nlp import get_nlp
from pipeline.normalize import normalize
from pipeline.process import process
from pipeline.records import RawDocument


def _events(text: str) -> list[dict[str, Any]]:
    raw = RawDocument(source="<example>", body=text)
    return process(raw, get_nlp(("events",))).tables["events"]


def _trigger_examples() -> list[tuple[str, dict]]:
    out = []
    for name in ("triggers", "grammar", "arguments"):
        data = load(name)
        groups = data["types"].items() if name == "triggers" else [(name, data)]
        for type_id, spec in groups:
            for k, ex in enumerate(spec.get("examples") or []):
                out.append((f"{type_id}[{k}]", ex))
    return out


TRIGGER_EXAMPLES = _trigger_examples()


@pytest.mark.parametrize("ex", [e for _, e in TRIGGER_EXAMPLES],
                         ids=[i for i, _ in TRIGGER_EXAMPLES])
def test_trigger_example(ex: dict) -> None:
    got = _events(ex["text"])
    seen = [(e["event_type"], e["trigger"]) for e in got]
    want = [(w["type"], w["trigger"]) for w in ex["expect"]]
    assert sorted(seen) == sorted(want), f"{ex['text']}: got {seen}"
    pool = list(got)
    for w in ex["expect"]:
        e = next((e for e in pool if (e["event_type"], e["trigger"]) == (w["type"], w["trigger"])
                  and _args_ok(e, w)), None)
        shown = [(x["trigger"], _roles(x), x["polarity"]) for x in got]
        assert e is not None, f"{ex['text']}: {w} not in {shown}"
        pool.remove(e)


def _roles(e: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a in e["arguments"]:
        out.setdefault(a["role"], []).append(a["value"] or a["text"])
    return out


def _args_ok(e: dict, w: dict) -> bool:
    if e["polarity"] != w.get("polarity", "asserted"):
        return False
    roles = _roles(e)
    return all(str(v) in roles.get(r, []) for r, v in (w.get("args") or {}).items())


def test_every_trigger_form_has_an_example() -> None:
    shown = {normalize(w["trigger"]).text for _, ex in TRIGGER_EXAMPLES for w in ex["expect"]}
    missing = sorted(set(lexicon().forms) - shown)
    assert not missing, f"trigger forms without an example: {missing}"


def test_every_type_declares_its_counterparts() -> None:
    for type_id, spec in load("schema")["types"].items():
        assert {"duee", "ace", "cameo", "roles"} <= set(spec), type_id
        assert set(spec.get("participants") or ()) <= set(spec["roles"]), type_id


@pytest.mark.parametrize("ex", load("money")["examples"], ids=lambda e: e["text"])
def test_money_example(ex: dict) -> None:
    found = find_amounts(normalize(ex["text"]).text)
    assert found and found[0].start == 0, ex["text"]
    assert found[0].value == ex["value"]


@pytest.mark.parametrize("ex", load("titles")["examples"], ids=lambda e: e["text"])
def test_title_chain_example(ex: dict) -> None:
    text = ex["text"]
    c = chain(normalize(text).text)
    assert c is not None
    got = {"position": text[c.pos_start:c.person_start], "person": text[c.person_start:]}
    if c.org:
        got["org"] = text[c.org_start:c.org_start + len(c.org)]
    assert got == ex["expect"]
