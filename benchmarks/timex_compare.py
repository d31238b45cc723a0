"""The temporal tagger of the work tree against the one of a git revision: same output? how fast?

usage: python benchmarks/timex_compare.py [--rev HEAD] [--stories 2000] [--reps 3] [--no-speed]

The revision's ``pipeline/timex`` and ``pipeline/resources/timex`` are read with ``git show``
(nothing in the repository changes) into a temporary package ``timex_ref``, so that both run in
one process. Compared, field by field (text, offsets, type, value, tz, anchor, confidence, mod,
interval): the CCTV stories (news policy, plus two other anchors and the future/resolve policy
on the first 300), both eval suites with their policies, every rule example and the seed post.
Speed is CPU time of ``extract_normalized`` on the stories, the two alternating, best of
``--reps``: quote the ratio (the machine is shared).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import timex as new  # noqa: E402
from pipeline.normalize import normalize  # noqa: E402
from pipeline.timex.lexicon import RULE_FILES, load  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "cctv_news.jsonl.gz"
ANCHORS = (dt.datetime(2023, 11, 20, 8, 0), None, dt.datetime(2021, 2, 12, 23, 30))


def reference(rev: str, into: Path):
    """The revision's tagger as the package ``timex_ref`` (without its spaCy component)."""
    def show(path: str) -> str:
        return subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout

    def ls(path: str) -> list[str]:
        out = subprocess.run(["git", "ls-tree", "--name-only", f"{rev}:{path}"], cwd=ROOT,
                             check=True, capture_output=True, text=True).stdout
        return out.split()

    pkg = into / "timex_ref"
    (into / "resources" / "timex").mkdir(parents=True)
    pkg.mkdir()
    for name in ls("pipeline/resources/timex"):
        (into / "resources" / "timex" / name).write_text(
            show(f"pipeline/resources/timex/{name}"), encoding="utf-8")
    for name in ls("pipeline/timex"):
        if not name.endswith(".py") or name == "component.py":
            continue
        src = show(f"pipeline/timex/{name}").replace("pipeline.timex", "timex_ref")
        if name == "__init__.py":
            src = "\n".join(x for x in src.splitlines()
                            if not x.startswith("from timex_ref.component import"))
        (pkg / name).write_text(src, encoding="utf-8")
    sys.path.insert(0, str(into))
    return importlib.import_module("timex_ref")


def _key(found) -> list[tuple]:
    return [(t.text, t.start, t.end, t.type, t.value, t.tz, t.anchor, t.confidence, t.mod,
             t.interval) for t in found]


def _run(fn, *args, **kw):
    try:
        return _key(fn(*args, **kw))
    except Exception as e:  # an error is an output too
        return f"{type(e).__name__}: {e}"


def stories(n: int) -> list[str]:
    out = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            body = rec.get("body") or rec.get("text") or rec.get("content") or ""
            if body:
                out.append(body)
            if len(out) >= n:
                break
    return out


def compare(old, texts: list[str], norms: list[str]) -> None:
    runs = differ = errors = 0
    for i, (nt, t) in enumerate(zip(norms, texts, strict=True)):
        for a in ANCHORS[: 3 if i < 300 else 1]:
            for pol in ({}, {"prefer": "future", "bare_time": "resolve"})[: 2 if i < 300 else 1]:
                o = _run(old.extract_normalized, nt, t, a, **pol)
                runs += 1
                errors += isinstance(o, str)
                if o != _run(new.extract_normalized, nt, t, a, **pol):
                    differ += 1
                    if differ <= 5:
                        print(f"  story {i} anchor {a} {pol} differs")
    print(f"stories: {len(texts)}, runs: {runs}, differing: {differ} "
          f"(runs where both raise the same error count as equal; reference errors: {errors})")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import timex_eval as te
    for name, (fname, policy) in te.SUITES.items():
        with open(te.SHARED / fname, encoding="utf-8") as f:
            cases = [json.loads(x) for x in f if x.strip()]
        d = 0
        for c in cases:
            ref, pol = dt.datetime.fromisoformat(c["ref"]), te._case_policy(c, policy)
            d += _run(old.extract, c["text"], ref, **pol) != _run(new.extract, c["text"], ref,
                                                                   **pol)
        print(f"suite {name}: {len(cases)} cases, differing: {d}")
    k = d = 0
    for name in RULE_FILES:
        for ex in load(name).get("examples") or []:
            anchor = dt.datetime.fromisoformat(ex["anchor"])
            pol = {x: ex[x] for x in ("region", "weeks", "offsets", "bare_time", "day_parts")
                   if x in ex}
            pol["prefer"] = ex.get("prefer", "past")
            k += 1
            d += _run(old.extract, ex["text"], anchor, **pol) != _run(new.extract, ex["text"],
                                                                      anchor, **pol)
    print(f"rule examples: {k}, differing: {d}")
    seed = (SHARED / "seeds" / "000_5db2a79945cdd8ee.txt").read_text(encoding="utf-8")
    a = dt.datetime(2023, 11, 20, 8, 37, 20)
    print(f"seed post differs: {_run(old.extract, seed, a) != _run(new.extract, seed, a)}")


def speed(old, texts: list[str], norms: list[str], reps: int) -> None:
    chars = sum(map(len, texts))
    a = ANCHORS[0]
    for fn in (old.extract_normalized, new.extract_normalized):  # warm both up
        for nt, t in zip(norms, texts, strict=True):
            fn(nt, t, a)
    best = {"reference": float("inf"), "work tree": float("inf")}
    for _ in range(reps):
        for name, fn in (("reference", old.extract_normalized),
                         ("work tree", new.extract_normalized)):
            t0 = time.process_time()
            for nt, t in zip(norms, texts, strict=True):
                fn(nt, t, a)
            best[name] = min(best[name], time.process_time() - t0)
    r, w = best["reference"], best["work tree"]
    print(f"speed ({len(texts)} stories, {chars} chars, best of {reps}, CPU time): "
          f"reference {chars / r:,.0f} chars/s, work tree {chars / w:,.0f} chars/s, "
          f"ratio {r / w:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rev", default="HEAD")
    ap.add_argument("--stories", type=int, default=2000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old = reference(args.rev, Path(tmp))
        texts = stories(args.stories)
        norms = [normalize(t).text for t in texts]
        compare(old, texts, norms)
        if not args.no_speed:
            speed(old, texts, norms, args.reps)


if __name__ == "__main__":
    main()
