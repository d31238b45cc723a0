"""The distributed engine: the same ``process()`` on Apache Spark (``pip install zhnews[spark]``).

The driver only expands the inputs into paths and handles metadata (the manifest, counts,
errors). Executors read, decode and parse the files, keep each doc_id's first copy in input
order, and run the pipeline (built once per Python worker). In one job Spark writes a staged
dataset under ``OUT/_spark/`` (a column per table) whose partitions are ordered slices of the
input; the driver then commits part ``i`` as one batch of the local engine's dataset and
refreshes the exports, so the output folder is what ``Pipeline.run`` makes, rows in the same
order.

On a cluster, INPUTS and OUT must be on storage every node sees at the same path (NFS or
similar): executors read inputs and write ``OUT/_spark`` with plain file I/O, and the driver
renames files into ``OUT/parts``.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

from ..batch import BATCH_DOCS, Summary
from ..export import FORMATS, export
from ..ingest.sources import MAX_CHARS, iter_paths
from ..schema import SCHEMAS
from ..settings import pipeline_version
from ..store import Store
from . import spark_tasks as tasks
from .publish import OUTCOME, STAGED, publish, read_small

log = logging.getLogger("zhnews")

#: SQL settings the engine relies on (timestamps as UTC microseconds, as pyarrow writes them);
#: set on the session even when it already exists
SQL_CONF = {
    "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.parquet.compression.codec": "zstd",
}
#: defaults for a session the engine starts itself (a progress bar would garble the CLI's)
CONTEXT_CONF = {"spark.ui.showConsoleProgress": "false"}


def run_spark(
    inputs: list[str], out_dir: str | Path, formats: tuple[str, ...] = FORMATS,
    stages: tuple[str, ...] | None = None, max_chars: int = MAX_CHARS,
    master: str | None = None, partitions: int | None = None, force: bool = False,
    conf: dict[str, str] | None = None,
) -> Summary:
    """Extract ``inputs`` into the dataset at ``out_dir`` with Spark.

    ``master``: e.g. ``local[2]`` or ``spark://host:7077``; None uses the active session or
    what spark-submit configured. ``partitions``: processing tasks (default: one per
    ~1000 documents, at least the cluster's parallelism); each becomes one batch of the
    dataset. ``conf``: extra Spark settings for a session this call starts.
    """
    if "-" in inputs:
        raise ValueError("the Spark engine reads files, not stdin: save the stream to a file")
    t0 = time.perf_counter()
    summary = Summary()
    version = pipeline_version()
    paths = list(enumerate(iter_paths(inputs)))  # kept as given: `source` as the local engine
    with Store(out_dir) as store:
        m = store.manifest()
        done = dict(zip(m["doc_id"].to_pylist(), m["pipeline_version"].to_pylist(), strict=True))
        by_key = dict(zip(m["key"].to_pylist(), m["doc_id"].to_pylist(), strict=True))
        staged = store.root.resolve() / "_spark"
        shutil.rmtree(staged, ignore_errors=True)  # left by a run that died
        if paths:
            spark, owned = session(master, conf)
            try:
                _stage(spark, paths, staged, stages, max_chars, partitions,
                       (done, by_key, version, force))
            finally:
                if owned:
                    spark.stop()
        old = _count(summary, read_small(staged, "outcome", OUTCOME))
        if old:
            store.remove_documents(old)  # first, so no row is ever there twice
            summary.replaced = len(old)
        summary.documents = publish(store, staged)
        changed = summary.documents > 0
        errors = read_small(staged, "errors", SCHEMAS["errors"])
        summary.errors = len(errors)
        store.write_errors(errors)
        shutil.rmtree(staged, ignore_errors=True)
        exports_missing = any(not (store.root / f"documents.{f}").exists() for f in formats)
        if changed or summary.replaced or force or exports_missing or errors:
            summary.rows = export(store, formats)
    summary.seconds = time.perf_counter() - t0
    return summary


def _count(summary: Summary, outcomes: list[dict[str, Any]]) -> list[str]:
    """Fill the Summary's counts; return the doc_ids whose rows are replaced."""
    old: list[str] = []
    for o in outcomes:
        summary.duplicates += o["copies"] - 1
        summary.skipped += o["skipped"]
        summary.chars += o["chars"]
        old.extend(o["old"])
    return old


def session(master: str | None = None,
            conf: dict[str, str] | None = None) -> tuple[Any, bool]:
    """The active SparkSession (when ``master`` is None), or a new one; and whether it is new
    (then the caller stops it). Either way set up as the engine needs."""
    # executors must run this interpreter (with zhnews installed), not the system python3
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active, False
    builder = SparkSession.builder.appName("zhnews")
    if master:
        builder = builder.master(master)
    for k, v in {**CONTEXT_CONF, **SQL_CONF, **(conf or {})}.items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    for k, v in SQL_CONF.items():  # also on a session that already existed
        spark.conf.set(k, v)
    return spark, active is None


def _stage(spark: Any, paths: list[tuple[int, str]], staged: Path,
           stages: tuple[str, ...] | None, max_chars: int, partitions: int | None,
           select: tuple[dict[str, str], dict[str, str], str, bool]) -> None:
    """The Spark jobs: read, de-duplicate, order, process, write the staged dataset."""
    from pyspark.sql.pandas.types import from_arrow_schema

    sc = spark.sparkContext
    t = time.perf_counter()
    slices = min(len(paths), max(sc.defaultParallelism, partitions or 0))
    keyed = (sc.parallelize(paths, slices)
             .mapPartitions(partial(tasks.read_partition, max_chars=max_chars))
             .reduceByKey(tasks.first))  # each doc_id once: its first copy in input order
    n = keyed.count()  # reads the files once; the later jobs reuse the shuffle output
    log.info("zhnews spark: %d items read in %.1f s", n, time.perf_counter() - t)
    parts = partitions or max(sc.defaultParallelism, math.ceil(n / BATCH_DOCS))
    meta = sc.broadcast(select)  # the existing dataset's doc_ids and keys, for skip/replace
    version = select[2]

    def run(records: Any) -> Any:  # on executors
        done, by_key, _, force = meta.value
        for o in tasks.process_partition(records, stages, done, by_key, version, force):
            yield from tasks.staged_rows(o, version)

    # range-partitioned by input order: partition i is the i-th ordered slice of the inputs
    ordered = keyed.map(lambda kv: (kv[1][0], kv[1][1:])).sortByKey(numPartitions=parts)
    df = spark.createDataFrame(ordered.mapPartitions(run), from_arrow_schema(STAGED))
    # one job writes every table; file:// so a cluster whose default filesystem is HDFS
    # still writes to OUT (shared storage)
    df.write.mode("overwrite").parquet(staged.as_uri())
    meta.destroy()
    log.info("zhnews spark: processed and written in %.1f s", time.perf_counter() - t)
