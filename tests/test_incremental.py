"""The output folder as an incremental, crash-safe dataset."""

from __future__ import annotations

import gc
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pipeline import batch
from pipeline.cli import main
from pipeline.schema import SCHEMAS
from pipeline.store import Store

SENTENCES = [
    "華星電子今天宣布解僱技術長王建國。", "星驰汽车昨天完成五十亿元融资。",
    "公司發言人表示將在下週公布細節。", "消息人士透露，董事會正在考慮新的人選。",
]


def write_dump(path: Path, n: int, salt: str = "") -> None:
    rows = []
    for i in range(n):
        text = "".join(SENTENCES[(i + k) % 4] for k in range(6)) + f"第{i}號{salt}。"
        rows.append(json.dumps({"id": str(i), "title": f"新聞{i}", "text": text,
                                "url": f"https://news.example.com/{salt}{i}"}, ensure_ascii=False))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def run(*args: str):
    return CliRunner().invoke(main, ["extract", *args], catch_exceptions=False)


def consistent(out: Path) -> Store:
    """Every table readable; no document twice; every row's document in the manifest."""
    store = Store(out)
    manifest = store.manifest()
    ids = manifest["doc_id"].to_pylist()
    assert len(ids) == len(set(ids))
    for table in ("documents", "sentences"):
        t = store.read(table)
        assert set(t["doc_id"].to_pylist()) <= set(ids)
    docs = store.read("documents")
    assert docs.num_rows == len(ids)
    return store


def test_rerun_processes_nothing_and_changes_replace(tmp_path: Path):
    dump, out = tmp_path / "dump.jsonl", tmp_path / "out"
    write_dump(dump, 40)
    r = run(str(dump), "-o", str(out), "-w", "1")
    assert "40 documents" in r.output
    first = (out / "sentences.parquet").read_bytes()
    r = run(str(dump), "-o", str(out), "-w", "1")
    assert "0 documents" in r.output and "40 unchanged skipped" in r.output
    assert (out / "sentences.parquet").read_bytes() == first  # not even re-exported

    lines = dump.read_text("utf-8").splitlines()
    rec = json.loads(lines[5])
    rec["text"] += "補充報導。"
    lines[5] = json.dumps(rec, ensure_ascii=False)
    write_dump(tmp_path / "new.jsonl", 3, salt="新")
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run(str(dump), str(tmp_path / "new.jsonl"), "-o", str(out), "-w", "1")
    assert "4 documents" in r.output and "1 replaced" in r.output, r.output
    store = consistent(out)
    docs = store.read("documents")
    assert docs.num_rows == 43
    body5 = pc.filter(docs["body"], pc.equal(docs["url"], "https://news.example.com/5"))
    assert body5.to_pylist()[0].endswith("補充報導。")

    r = run(str(dump), "-o", str(out), "-w", "1", "--force")
    assert "40 documents" in r.output and "40 replaced" in r.output
    assert consistent(out).read("documents").num_rows == 43


def test_workers_give_identical_tables(tmp_path: Path, monkeypatch):
    dump = tmp_path / "dump.jsonl"
    write_dump(dump, 120)
    run(str(dump), "-o", str(tmp_path / "one"), "-w", "1")
    run(str(dump), "-o", str(tmp_path / "two"), "-w", "2")
    # workers that retire after every chunk of 8: the pool must fork their successors; and
    # batches of 16, written on the writer thread while the next fills, in order
    monkeypatch.setattr(batch, "WORKER_TASKS", 1)
    monkeypatch.setattr(batch, "CHUNK_DOCS", 8)
    monkeypatch.setattr(batch, "BATCH_DOCS", 16)
    run(str(dump), "-o", str(tmp_path / "refork"), "-w", "2")
    for other in ("two", "refork"):
        for table in ("documents", "sentences", "mentions", "timexes"):
            a = Store(tmp_path / "one").read(table)
            b = Store(tmp_path / other).read(table)
            assert a.drop(["pipeline_version"] if "pipeline_version" in a.column_names else []
                          ).equals(b.drop(["pipeline_version"]
                                          if "pipeline_version" in b.column_names else [])), table
    assert len(Store(tmp_path / "refork").batches()) == 8  # 120 documents, 16 a batch
    assert gc.get_freeze_count() == 0  # the heap frozen for the workers is thawed after them


def test_exports_written_as_batches_commit_equal_those_rebuilt(tmp_path: Path, monkeypatch):
    """Into an empty folder the exports are fed batch by batch as the run commits: the same
    files as ``zhnews export`` rebuilds from the dataset afterwards."""
    dump, out = tmp_path / "dump.jsonl", tmp_path / "out"
    write_dump(dump, 120)
    monkeypatch.setattr(batch, "CHUNK_DOCS", 8)
    monkeypatch.setattr(batch, "BATCH_DOCS", 16)
    asked: list[tuple[str, ...]] = []
    real = batch.export
    monkeypatch.setattr(batch, "export", lambda store, formats, tables=tuple(SCHEMAS): (
        asked.append(tables), real(store, formats, tables))[1])
    run(str(dump), "-o", str(out), "-w", "2")
    assert asked == [("errors",)]  # the document tables were not read back
    streamed = {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}
    tables = {t: pq.read_table(out / f"{t}.parquet") for t in SCHEMAS}
    assert len(streamed) == len(SCHEMAS)
    assert tables["timexes"].num_rows > 0 and tables["events"].num_rows > 0
    done = CliRunner().invoke(main, ["export", str(out)], catch_exceptions=False)
    assert done.exit_code == 0
    assert {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))} == streamed
    for t in SCHEMAS:
        assert pq.read_table(out / f"{t}.parquet").equals(tables[t]), t
    assert not list(out.glob(".*.tmp"))
    run(str(dump), "-o", str(out), "-w", "1")  # nothing new: the exports stay as they are
    assert {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))} == streamed


def test_a_failure_after_the_streamed_exports_is_reported_as_itself(tmp_path: Path,
                                                                     monkeypatch):
    """The error that stops a run is the one raised, not a second one from cleaning up."""
    dump, out = tmp_path / "dump.jsonl", tmp_path / "out"
    write_dump(dump, 40)

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch, "export", disk_full)
    with pytest.raises(OSError, match="No space left"):
        batch.Pipeline().run([str(dump)], out)
    assert not list(out.glob(".*.tmp"))
    consistent(out)


def _dies_on_17(docs):
    """A worker's work that crashes its process (as the out-of-memory killer would) on one
    document."""
    if any(d.body.endswith("第17號。") for d in docs):
        os.kill(os.getpid(), signal.SIGKILL)
    return _WORK(docs)


_WORK = batch._work


def test_a_worker_that_dies_costs_one_document_not_the_run(tmp_path: Path, monkeypatch):
    dump, out = tmp_path / "dump.jsonl", tmp_path / "out"
    write_dump(dump, 40)
    monkeypatch.setattr(batch, "CHUNK_DOCS", 8)
    monkeypatch.setattr(batch, "_work", _dies_on_17)  # the workers fork with it
    r = run(str(dump), "-o", str(out), "-w", "2")
    # the chunk was run again a document at a time: only the one that kills is lost
    assert "39 documents, 1 errors" in r.output, r.output
    errors = Store(out).read("errors").to_pylist()
    assert [(e["error"], e["line"]) for e in errors] == [("WorkerDied", 18)]  # 1-based line
    assert "killed by SIGKILL" in errors[0]["message"]
    assert consistent(out).read("documents").num_rows == 39
    monkeypatch.setattr(batch, "_work", _WORK)
    r = run(str(dump), "-o", str(out), "-w", "2")  # the next run does what was lost
    assert "1 documents, 0 errors" in r.output and "39 unchanged skipped" in r.output, r.output
    assert consistent(out).read("documents").num_rows == 40


def test_ctrl_c_stops_the_run_and_its_workers_cleanly(tmp_path: Path):
    dump, out = tmp_path / "dump.jsonl", tmp_path / "out"
    write_dump(dump, 30_000)  # 3 M chars: several seconds of work for two workers
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(dump), "-o", str(out),
           "-w", "2", "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while not (out / "parts").exists() and time.monotonic() < deadline:
        time.sleep(0.2)  # start-up done: the run holds its folder
    time.sleep(1.0)  # and its workers are at work
    os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole group
    output, _ = proc.communicate(timeout=120)  # a guard against a hang, not a timing
    text = output.decode("utf-8", "replace")
    assert proc.returncode != 0 and "Aborted" in text and "Traceback" not in text, text[-2000:]
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # no worker left behind
    if out.exists():
        consistent(out)


def test_second_concurrent_run_refuses(tmp_path: Path):
    out = tmp_path / "out"
    (tmp_path / "a.txt").write_text(SENTENCES[0], encoding="utf-8")
    with Store(out):  # another run holds the folder
        r = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "-o", str(out)])
    assert r.exit_code == 1 and "another zhnews run is writing" in r.output


def test_kill_9_at_any_moment_then_complete(tmp_path: Path):
    dump, out = tmp_path / "dump.jsonl", tmp_path / "out"
    write_dump(dump, 1500)
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(dump), "-o", str(out),
           "-w", "2", "--no-progress"]
    rng = random.Random(7)
    for delay in (rng.uniform(2.0, 5.0) for _ in range(3)):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, mid-flight
        proc.wait()
        if out.exists():
            consistent(out)  # readable and consistent right after the kill
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    store = consistent(out)
    assert store.read("documents").num_rows == 1500
    assert len(set(store.read("documents")["doc_id"].to_pylist())) == 1500


def test_crash_at_every_commit_point_then_complete(tmp_path: Path):
    """SIGKILL inside each critical window; the folder stays consistent, the next run completes."""
    dump, out = tmp_path / "dump.jsonl", tmp_path / "out"
    write_dump(dump, 1200)  # two batches
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(dump), "-o", str(out),
           "-w", "1", "--no-progress"]

    def crash(point: str) -> None:
        env = {**os.environ, "ZHNEWS_CRASH_AT": point}
        p = subprocess.run(cmd, env=env, capture_output=True, timeout=600)
        assert p.returncode == -signal.SIGKILL, (point, p.stderr[-500:])
        consistent(out)

    # into the empty folder the exports are written as batches commit: killed there first
    for point in ("export", "batch-written", "batch-committed", "export"):
        crash(point)
    lines = dump.read_text("utf-8").splitlines()
    for i in (3, 1100):  # one changed document in each batch: replacements happen
        rec = json.loads(lines[i])
        rec["text"] += "更正。"
        lines[i] = json.dumps(rec, ensure_ascii=False)
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for point in ("replace-journalled", "replace-hidden", "replace-renamed"):
        crash(point)
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    docs = consistent(out).read("documents")
    assert docs.num_rows == 1200
    assert not list(out.glob(".*.tmp"))  # the exports cut short are gone
    assert sum(b.endswith("更正。") for b in docs["body"].to_pylist()) == 2
