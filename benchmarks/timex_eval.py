"""Run the temporal tagger over a shared eval suite and score it with the suite's score.py.

usage: python benchmarks/timex_eval.py [duckling|jionlp|all] [--errors N]

Each suite is run with the policy it assumes (the news defaults of ``extract`` differ):

- Duckling: prefers the future, dates bare clock times, reads 这周一 / 下周三 as the next such
  weekday (weeks="occurrence") and 两天前 / 三年后 as the whole stretch (offsets="span"); its
  reference clock is UTC-2 (meta.ref_tz) and each case's locale (meta.locale: ZH_TW…) is the
  document's region.
- JioNLP: resolves within the anchor's own year/week ("current"), and reads 4周后 as that
  whole week (offsets="unit") and 早上 as 06-10 (day_parts="jionlp").

Predictions are the anchored interval [start, end) when the tagger has one, else the TIMEX3
value; a value on a clock the text names (4pm CET) is moved to the suite's reference clock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.timex import extract

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "timex"
SUITES = {
    "duckling": ("cases_duckling.jsonl", dict(prefer="future", bare_time="resolve", tz="UTC",
                                              weeks="occurrence", offsets="span")),
    "jionlp": ("cases_jionlp.jsonl", dict(prefer="current", bare_time="resolve",
                                          tz="Asia/Shanghai", offsets="unit",
                                          day_parts="jionlp")),
}
_REGIONS = {"ZH_TW": "TW", "ZH_HK": "HK", "ZH_MO": "MO", "ZH_CN": "CN"}


def _case_policy(case: dict, policy: dict) -> dict:
    """The suite's policy, with the case's own clock (UTC offset) and region when it gives them."""
    meta = case.get("meta") or {}
    out = dict(policy)
    off = meta.get("ref_tz")
    if off and off[0] in "+-" and off.endswith(":00"):
        hours = int(off[:3])
        out["tz"] = "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"  # Etc/GMT+2 is UTC-2
    if meta.get("locale") in _REGIONS:
        out["region"] = _REGIONS[meta["locale"]]
    return out


def _on_clock(value: str, tz: str) -> str:
    """A full datetime value with a UTC offset, as the local clock time of ``tz``."""
    when = dt.datetime.fromisoformat(value)
    return when.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M")


def predict(case: dict, policy: dict) -> dict:
    ref = dt.datetime.fromisoformat(case["ref"])
    policy = _case_policy(case, policy)
    found = []
    for t in extract(case["text"], ref, **policy):
        v = t.value
        if v and len(v) > 16 and v[16:17] in "+-" and v[:4].isdigit() and t.tz != policy["tz"]:
            v = _on_clock(v, policy["tz"])
        elif t.interval is not None:
            s, e = t.interval
            one_second = s and e and (
                dt.datetime.fromisoformat(e) - dt.datetime.fromisoformat(s)).seconds == 1
            if one_second:
                e = s  # one second: the scorer's instant is a zero-length range
            v = f"{s or '..'}/{e or '..'}"
        elif v and len(v) > 16 and v[16:17] in "+-" and v[:4].isdigit():
            v = v[:16]  # the scorer reads no UTC offsets
        found.append({"text": t.text, "value": v, "start": t.start, "end": t.end})
    return {"id": case["id"], "found": found}


def run(name: str, errors: int) -> None:
    fname, policy = SUITES[name]
    with open(SHARED / fname, encoding="utf-8") as f:
        cases = [json.loads(x) for x in f if x.strip()]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        for c in cases:
            out.write(json.dumps(predict(c, policy), ensure_ascii=False) + "\n")
    print(f"== {name} ({len(cases)} cases, {policy})")
    cmd = [sys.executable, str(SHARED / "score.py"), str(SHARED / fname), out.name]
    if errors:
        cmd += ["--errors", str(errors)]
    subprocess.run(cmd, check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("suite", nargs="?", default="all", choices=["all", *SUITES])
    ap.add_argument("--errors", type=int, default=0)
    args = ap.parse_args()
    for name in SUITES if args.suite == "all" else [args.suite]:
        run(name, args.errors)


if __name__ == "__main__":
    main()
