"""Run one ``Pipeline.run`` in a fresh process and print its Summary as JSON, with the CPU
seconds of this process and of its workers (for throughput.py: a fresh process gives honest
peak-RSS figures, untouched by the benchmark's own memory).

    python benchmarks/_extract.py INPUT OUT WORKERS [CORES]

CORES: run on the first CORES processors only (Linux), threads and workers alike.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict

from pipeline.batch import Pipeline

if __name__ == "__main__":
    src, out, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if len(sys.argv) > 4:
        os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[:int(sys.argv[4])]))
    pipe = Pipeline()
    before = os.times()
    summary = pipe.run([src], out, workers=workers)
    after = os.times()
    # CPU seconds, which move less than wall time on a shared machine; workers are reaped by
    # the end of the run, so their time is in the children's counters
    cpu = {"cpu_parent": after.user - before.user + after.system - before.system,
           "cpu_workers": after.children_user - before.children_user
           + after.children_system - before.children_system}
    print(json.dumps(asdict(summary) | cpu))
