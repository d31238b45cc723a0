"""The seed post against its gold claims: recall and speaker accuracy.

A gold claim is found when one of our claims has its cue inside the gold context span. Its
speaker is right when speaker_kind matches and the speaker matches gold's (canonical name, or
null for anonymous). A speaker left unresolved counts as right when its written form contains a
listed alias of gold's canonical name in the names gazetteer (so the test also measures the
engine without the name stage).
"""

from __future__ import annotations

import csv
import importlib.util
from functools import cache
from pathlib import Path

import pytest

from pipeline.ingest.sources import read_path
from pipeline.nlp import get_nlp
from pipeline.normalize import to_simplified
from pipeline.process import process

NAMES = Path(__file__).resolve().parent.parent / "pipeline" / "resources" / "names"
MIN_RECALL = 0.85
MIN_SPEAKER = 0.80


def _stages() -> tuple[str, ...]:
    """The earlier stages that exist (they are built concurrently), then claims."""
    have = tuple(s for s in ("names", "timex") if importlib.util.find_spec(f"pipeline.{s}"))
    return (*have, "claims")


@cache
def _aliases() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for tsv in NAMES.glob("*.tsv"):
        with tsv.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                out.setdefault(row["canonical"], set()).add(to_simplified(row["form"]))
    return out


def _speaker_ok(ours: dict, gold: dict) -> bool:
    if ours["speaker_kind"] != gold["speaker_kind"]:
        return False
    if gold["speaker"] is None or ours["speaker"] == gold["speaker"]:
        return ours["speaker"] == gold["speaker"]
    if gold["speaker_kind"] == "group":
        return False
    # not resolved to a canonical name: the written speaker must contain one of its aliases
    written = to_simplified(ours["speaker_text"] or "")
    forms = {gold["speaker"], *_aliases().get(gold["speaker"], ())}  # the gloss: 林(Alfred Lin)
    return any(a in written for a in forms)


def _cue_at(row: dict, body: str) -> int:
    """Where the row's cue is: in the attribution, outside the content."""
    for a, b in ((row["start"], row["content_start"]), (row["content_end"], row["end"])):
        i = body.find(row["cue"], a, b)
        if i >= 0:
            return i
    raise AssertionError(f"cue {row['cue']} not in its claim span: {row}")


@pytest.fixture(scope="module")
def seed_claims(seed_path: Path) -> tuple[list[dict], int, tuple[str, ...]]:
    raw = next(read_path(str(seed_path)))
    stages = _stages()
    rows = process(raw, get_nlp(stages)).tables["claims"]
    for r in rows:
        assert raw.body[r["content_start"]:r["content_end"]] == r["content"]
        r["_cue_start"] = _cue_at(r, raw.body)
        r["_cue_end"] = r["_cue_start"] + len(r["cue"])
    return rows, raw.body_start, stages


def test_rows_have_the_schema_columns(seed_claims: tuple) -> None:
    from pipeline.schema import SCHEMAS

    rows, _, _ = seed_claims
    assert rows
    for r in rows:
        assert {k for k in r if not k.startswith("_")} == set(SCHEMAS["claims"].names)


def test_seed_recall_and_speakers(seed_claims: tuple, gold: dict, seed_text: str) -> None:
    rows, body_start, stages = seed_claims
    found = right = 0
    for g in gold["claims"]:
        a = g["context_start"] - body_start
        b = a + len(g["context"])
        assert seed_text[g["context_start"]:g["context_start"] + len(g["context"])] == g["context"]
        hits = [r for r in rows if a <= r["_cue_start"] and r["_cue_end"] <= b]
        ok = [r for r in hits if _speaker_ok(r, g)]
        found += bool(hits)
        right += bool(ok)
        best = (ok or hits or [None])[0]
        print(f"{'OK ' if ok else 'hit' if hits else 'MISS'} {g['cue']} {g['speaker']!s:>20} "
              f"{g['speaker_kind']:<9} | "
              + (f"{best['speaker']} / {best['speaker_kind']} / {best['cue']}" if best else ""))
    n = len(gold["claims"])
    print(f"stages={stages} claims={len(rows)} recall={found / n:.2f} "
          f"speaker_right={right / max(found, 1):.2f} ({right}/{found})")
    assert found / n >= MIN_RECALL
    assert right / max(found, 1) >= MIN_SPEAKER
