"""The Spark engine (local[2], Java 17) makes the same tables as the local engine."""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.batch import Pipeline
from pipeline.schema import SCHEMAS
from pipeline.store import Store
from tests.shared import shared_path

ROOT = Path(__file__).resolve().parent.parent


def require_pyspark() -> None:
    """Skip without pyspark, except under CI, where the extra is always installed."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        msg = "pyspark is not installed (pip install 'zhnews[spark]')"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)


def rows(path: Path) -> Counter:
    """A table's rows as a multiset, every column (nested ones too) compared."""
    return Counter(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str)
                   for r in pq.read_table(path).to_pylist())


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    extra = tmp_path_factory.mktemp("extra")
    (extra / "binary.txt").write_bytes(bytes(range(256)) * 8)  # an errors row
    (extra / "empty.txt").write_bytes(b"")
    # the same documents again, later in input order: both engines keep the corpus copies
    shutil.copy(ROOT / "corpus" / "jsonl" / "newsplease_dump.jsonl", extra / "again.jsonl")
    return [str(ROOT / "corpus"), str(shared_path("seeds")), str(extra)]


SAME = ("documents", "errors", "duplicates", "skipped", "replaced", "chars", "rows")


@pytest.fixture(scope="module")
def outputs(inputs: list[str], tmp_path_factory: pytest.TempPathFactory):
    """(local engine's OUT, Spark's OUT, Spark's re-run over a copy of the local OUT)."""
    require_pyspark()
    from pipeline.engines.spark import run_spark, session

    base = tmp_path_factory.mktemp("out")
    local, spark, rerun = base / "local", base / "spark", base / "rerun"
    expected = Pipeline().run(inputs, local, workers=1)
    assert expected.duplicates > 0 and expected.errors > 0  # the test exercises both
    shutil.copytree(local, rerun)
    # one session for both runs (one JVM start); run_spark uses the active session
    ss, _ = session("local[2]", {"spark.ui.enabled": "false", "spark.default.parallelism": "2"})
    try:
        got = run_spark(inputs, spark)
        for field in SAME:
            assert getattr(got, field) == getattr(expected, field), field
        again = run_spark(inputs, rerun)
    finally:
        ss.stop()
    assert (again.documents, again.skipped) == (0, expected.documents)
    return local, spark, rerun


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_same_rows_as_local_engine(outputs: tuple[Path, ...], table: str):
    local, spark, _ = outputs
    assert pq.read_schema(spark / f"{table}.parquet") == pq.read_schema(local / f"{table}.parquet")
    assert rows(spark / f"{table}.parquet") == rows(local / f"{table}.parquet")
    csv = [sorted((out / f"{table}.csv").read_text("utf-8-sig").splitlines())
           for out in (local, spark)]
    assert csv[0] == csv[1]


def test_rows_come_in_the_local_engines_order(outputs: tuple[Path, ...]):
    local, spark, _ = outputs
    for table in SCHEMAS:
        assert pq.read_table(spark / f"{table}.parquet").equals(
            pq.read_table(local / f"{table}.parquet")), table


def test_rerun_over_local_output_skips_everything(outputs: tuple[Path, ...]):
    local, _, rerun = outputs
    for table in SCHEMAS:
        assert rows(rerun / f"{table}.parquet") == rows(local / f"{table}.parquet"), table


def test_output_is_a_regular_dataset(outputs: tuple[Path, ...]):
    _, spark, _ = outputs
    assert not (spark / "_spark").exists()
    store = Store(spark)
    ids = store.manifest()["doc_id"].to_pylist()
    assert len(ids) == len(set(ids)) == store.read("documents").num_rows
    for table in SCHEMAS:
        if table != "errors":
            assert set(store.read(table)["doc_id"].to_pylist()) <= set(ids)
