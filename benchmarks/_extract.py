"""Run one ``Pipeline.run`` in a fresh process and print its Summary as JSON (for throughput.py:
a fresh process gives honest peak-RSS figures, untouched by the benchmark's own memory).

    python benchmarks/_extract.py INPUT OUT WORKERS
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from pipeline.batch import Pipeline

if __name__ == "__main__":
    src, out, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    summary = Pipeline().run([src], out, workers=workers)
    print(json.dumps(asdict(summary)))
