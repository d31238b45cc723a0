"""``zhnews report`` over a fresh extract of the seed and corpus/, opened in headless Chromium.

The page records script errors into ``#js-errors`` itself, so ``--dump-dom`` shows whether it
ran cleanly; the URL hash drives it to the views checked here. Chromium missing is a failure
under CI=true and a skip elsewhere.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.report import Caps, build_report
from pipeline.report.cli import report_cmd
from pipeline.report.data import COLS, load
from pipeline.report.timeline import place

ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 20_000_000


# ---- fixtures ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    """The seed, corpus/ and two unreadable files, extracted afresh."""
    tmp = tmp_path_factory.mktemp("report")
    bad = tmp / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    out = tmp / "out"
    result = CliRunner().invoke(main, [
        "extract", str(seed_path), str(ROOT / "corpus"), str(bad), "-o", str(out),
        "--format", "parquet", "-w", "1", "--no-progress"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def report(run_dir: Path) -> Path:
    dest = run_dir.parent / "outputs" / "report_seed.html"
    result = CliRunner().invoke(report_cmd, [str(run_dir), "-o", str(dest)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    print(result.output)
    return dest


@pytest.fixture(scope="module")
def seed_doc(run_dir: Path, gold: dict) -> tuple[str, int]:
    """(doc_id, body_start) of the seed post: gold offsets are into the raw file."""
    docs = pq.read_table(run_dir / "documents.parquet",
                         columns=["doc_id", "source", "body_start"]).to_pylist()
    seed = next(d for d in docs if d["source"].endswith(gold["document"]["file"]))
    return seed["doc_id"], seed["body_start"]


@pytest.fixture(scope="module")
def bodies(run_dir: Path) -> dict[str, str]:
    docs = pq.read_table(run_dir / "documents.parquet", columns=["doc_id", "body"])
    return dict(zip(docs["doc_id"].to_pylist(), docs["body"].to_pylist(), strict=True))


# ---- the file ------------------------------------------------------------------------------
def test_report_is_one_self_contained_file(report: Path) -> None:
    html = report.read_text("utf-8")
    assert report.stat().st_size < MAX_BYTES
    # nothing is fetched: no external script, style, font or image
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", html, re.I)
    assert html.count('id="zh-data"') == 1


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(report_cmd, ["--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "zhnews report" in result.output


def test_missing_folder_is_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(report_cmd, [str(tmp_path), "-o", str(tmp_path / "r.html")])
    assert result.exit_code != 0
    assert "no zhnews output" in result.output


def test_payload_points_into_the_original_bodies(run_dir: Path, bodies: dict[str, str]) -> None:
    """Every highlight is cut by offsets: trigger, arguments and claim content line up."""
    p = load(run_dir)
    col = {t: {n: i for i, n in enumerate(names)} for t, names in COLS.items()}
    E, CL, SN = col["events"], col["claims"], col["snips"]
    assert p["events"] and p["claims"]
    for e in p["events"]:
        body = bodies[p["docs"][e[E["doc"]]][0]]
        assert body[e[E["start"]]:e[E["end"]]] == e[E["trigger"]]
        sn = p["snips"][e[E["snip"]]]
        assert body[sn[SN["start"]]:sn[SN["start"]] + len(sn[SN["text"]])] == sn[SN["text"]]
        assert sn[SN["start"]] <= e[E["start"]] and e[E["end"]] <= sn[SN["start"]] + len(
            sn[SN["text"]])
        for role, text, _canon, s, end in e[E["args"]]:
            assert body[s:end] == text, role
    claims = pq.read_table(run_dir / "claims.parquet").to_pylist()
    content = {c["claim_id"]: c["content"] for c in claims}
    for c in p["claims"]:
        sn = p["snips"][c[CL["snip"]]]
        got = c[CL["content"]] if c[CL["content"]] is not None else sn[SN["text"]][
            c[CL["cstart"]] - sn[SN["start"]]:c[CL["cend"]] - sn[SN["start"]]]
        assert got == content[c[CL["id"]]]
    assert p["meta"]["totals"]["errors"] == len(p["errors"]) >= 2


def test_caps_keep_rows_and_drop_sentences(run_dir: Path, tmp_path: Path) -> None:
    small = build_report(run_dir, tmp_path / "r.html", Caps(snippet_chars=500))
    full = build_report(run_dir, tmp_path / "f.html")
    assert small["events"] == full["events"] and small["claims"] == full["claims"]
    assert small["snippet_chars"] <= 500 < full["snippet_chars"]
    assert small["snippets_dropped"] > 0 == full["snippets_dropped"]
    assert small["bytes"] < full["bytes"]


@pytest.mark.parametrize(("value", "precision", "minutes"), [
    ("2023-11-19", "D", 1440),
    ("2023-11", "M", 30 * 1440),
    ("2023", "Y", 365 * 1440),
    ("2023-11-19TMO", "P", 6 * 60),
    ("2023-11-19T08:09", "T", 1),
    ("2023-Q4", "Q", 92 * 1440),
    ("2023-W47", "W", 7 * 1440),
    ("2023-11-27T00:00:00/2023-12-18T00:00:00", "D", 21 * 1440),
])
def test_placeable_values(value: str, precision: str, minutes: int) -> None:
    start, end, prec = place(value)
    assert (prec, end - start) == (precision, minutes)


@pytest.mark.parametrize("value", [
    None, "", "XXXX-XX-XXT04:28", "XXXX-XX-XXTMO", "PXD", "PT4M", "PRESENT_REF", "2023-02-30",
])
def test_open_values_are_listed_apart(value: str | None) -> None:
    assert place(value) is None


# ---- in the browser --------------------------------------------------------------------------
def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if exe := shutil.which(name):
            return exe
    msg = "chromium not installed (apt-get install -y chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(msg)
    pytest.skip(msg)
    raise AssertionError("unreachable")


def browse(page: Path, fragment: str, tmp: Path, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp / "chromium-profile"
    profile.mkdir(exist_ok=True)
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
           "--enable-logging=stderr", "--v=0",
           # a large report unpacks its data asynchronously: let the page finish first
           "--virtual-time-budget=10000", *extra, f"{page.as_uri()}#{fragment}"]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


class Page(HTMLParser):
    """The parts of a dumped page the checks read: the error box, table rows, highlights."""

    def __init__(self) -> None:
        super().__init__()
        self.ready = False
        self.errors: str | None = None
        self.errors_hidden = False
        self.rows: list[dict[str, Any]] = []
        self.marks: list[dict[str, Any]] = []  # highlighted spans with their offsets
        self._stack: list[tuple[str, dict[str, str | None]]] = []
        self._mark: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "body" and a.get("data-ready") == "1":
            self.ready = True
        if a.get("id") == "js-errors":
            self.errors, self.errors_hidden = "", "hidden" in a
        if tag == "tr" and "row" in cls:
            self.rows.append({"attrs": a, "args": "", "snippet": "", "text": ""})
        if tag == "div" and "snippet" in cls and self.rows:
            self.rows[-1]["doc"] = a.get("data-doc")
        if tag == "span" and "data-start" in a and any(c.startswith("hl-") for c in cls):
            doc = next((x.get("data-doc") for _, x in reversed(self._stack)
                        if x.get("data-doc")), None)
            self._mark = {"cls": cls, "start": int(a["data-start"]), "end": int(a["data-end"]),
                          "doc": doc, "text": ""}
            self.marks.append(self._mark)
        if tag not in ("br", "img", "input", "meta", "link", "col", "hr", "wbr"):
            self._stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            t, _ = self._stack.pop()
            if t == "span" and self._mark is not None:
                self._mark = None
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if any(a.get("id") == "js-errors" for _, a in self._stack):
            self.errors = (self.errors or "") + data
            return
        if self._mark is not None:
            self._mark["text"] += data
        if not self.rows:
            return
        row = self.rows[-1]
        row["text"] += data
        classes = [(a.get("class") or "") for _, a in self._stack]
        if any("args" in c.split() for c in classes):
            row["args"] += data + " "
        if any("snippet" in c.split() for c in classes):
            row["snippet"] += data


def dump(page: Path, fragment: str, tmp: Path) -> Page:
    proc = browse(page, fragment, tmp, "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-2000:]
    parsed = Page()
    parsed.feed(proc.stdout)
    assert parsed.ready, f"#{fragment}: the page did not finish rendering"
    assert parsed.errors_hidden and not (parsed.errors or "").strip(), parsed.errors
    console = [ln for ln in proc.stderr.splitlines()
               if "CONSOLE" in ln and ("Uncaught" in ln or "rror" in ln)]
    assert not console, console
    return parsed


def gold_event(gold: dict, body_start: int, type_: str, person: str) -> tuple[int, list[str]]:
    """The gold event's trigger offset in the body, and the forms its person goes by."""
    g = next(e for e in gold["events"]
             if e["type"] == type_ and e["arguments"].get("person") == person)
    start = g["context_start"] + g["context"].index(g["trigger"]) - body_start
    forms = [person] + [x["surface"] for x in gold["entities"] if x["canonical"] == person]
    return start, forms


@pytest.mark.parametrize(("type_", "person"), [
    ("personnel.dismiss", "Sam Altman"),
    ("personnel.resign", "Greg Brockman"),
    ("personnel.appoint", "Mira Murati"),
])
def test_seed_events_show_in_the_page(report: Path, tmp_path: Path, gold: dict,
                                      seed_doc: tuple[str, int], type_: str,
                                      person: str) -> None:
    doc_id, body_start = seed_doc
    trigger, forms = gold_event(gold, body_start, type_, person)
    page = dump(report, f"tab=events&type={type_}&expand=all&size=1000", tmp_path)
    assert page.rows and all(r["attrs"].get("data-type") == type_ for r in page.rows)
    # the gold event's row: its trigger highlighted at the gold offset in the seed
    hits = [r for r in page.rows if r.get("doc") == doc_id and any(
        m["doc"] == doc_id and "hl-trig" in m["cls"] and m["start"] <= trigger < m["end"]
        for m in page.marks)]
    assert hits, f"no {type_} row with its trigger at {trigger}"
    # ... and the reader sees who: in the arguments, or in the highlighted sentence
    assert any(f in r["args"] or f in r["snippet"] for r in hits for f in forms), (
        type_, person, [r["args"] for r in hits])
    if type_ == "personnel.dismiss":
        assert any(f in r["args"] for r in hits for f in forms)


def test_every_highlight_is_the_original_text(report: Path, tmp_path: Path,
                                              bodies: dict[str, str]) -> None:
    for fragment in ("tab=events&expand=all&size=1000", "tab=claims&expand=all&size=1000"):
        page = dump(report, fragment, tmp_path)
        assert page.marks
        for m in page.marks:
            assert bodies[m["doc"]][m["start"]:m["end"]] == m["text"], m


@pytest.mark.parametrize("fragment", [
    "", "tab=timeline&pol=planned", "tab=claims&spk=The%20Information", "tab=entities",
    "tab=documents&expand=all", "tab=errors", "tab=events&q=%E8%A7%A3&from=0&to=99999999",
])
def test_every_view_renders_without_errors(report: Path, tmp_path: Path, fragment: str) -> None:
    page = dump(report, fragment, tmp_path)
    if fragment == "tab=errors":
        assert len(page.rows) >= 2  # the two unreadable inputs


def test_compressed_data_renders_the_same(run_dir: Path, tmp_path: Path) -> None:
    """A large run's data is gzip+base64, unpacked by the browser: force it on the seed."""
    dest = tmp_path / "gz.html"
    stats = build_report(run_dir, dest, compress=True)
    assert stats["encoding"] == "gzip+base64"
    plain = dump(dest.parent / "gz.html", "tab=events&type=personnel.dismiss&size=1000", tmp_path)
    assert len(plain.rows) == sum(1 for e in load(run_dir)["events"]
                                  if e[COLS["events"].index("type")] == "personnel.dismiss")


def test_screenshot(report: Path, tmp_path: Path) -> None:
    shots = report.parent
    for name, fragment in (("report_seed.png", "tab=timeline"),
                           ("report_seed_events.png", "tab=events&type=personnel.dismiss")):
        png = shots / name
        proc = browse(report, fragment, tmp_path, "--hide-scrollbars", "--window-size=1400,1100",
                      f"--screenshot={png}")
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert png.stat().st_size > 10_000
        print(f"screenshot: {png}")
    print(json.dumps({"report": str(report), "bytes": report.stat().st_size}))
