"""notebooks/analyst_walkthrough.ipynb runs top to bottom on a fresh extraction of the seed.

The notebook is executed with nbclient in the ``python3`` kernel, which jupyter_client starts
with this interpreter (the venv's, where ipykernel is installed), with ZHNEWS_OUT pointing at a
fresh output folder of the seed post plus the sample corpus.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared import shared_path

try:
    import nbclient
    import nbformat
except ImportError:  # not yet in the dev extras everywhere: skip locally, never on CI
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("needs nbclient, nbformat, ipykernel, matplotlib: "
                ".venv/bin/python -m pip install nbclient nbformat ipykernel matplotlib",
                allow_module_level=True)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "analyst_walkthrough.ipynb"
ENTITY = "Sam Altman"
ABOUT = f"""
    SELECT DISTINCT c.claim_id FROM claims c JOIN mentions m
      ON m.doc_id = c.doc_id AND m.start >= c.content_start AND m."end" <= c.content_end
    WHERE m.canonical = '{ENTITY}'
"""


def _zhnews() -> list[str]:
    script = Path(sys.executable).with_name("zhnews")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline.cli"]


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("walkthrough")
    seed = shared_path("seeds", "000_5db2a79945cdd8ee.txt")
    # the default stages, as a user runs it; one worker: the test shares two cores
    subprocess.run(
        [*_zhnews(), "extract", str(seed), str(ROOT / "corpus"), "-o", str(out),
         "--format", "parquet", "--no-progress", "--workers", "1"],
        cwd=ROOT, check=True, capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def executed(out_dir: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3",
        resources={"metadata": {"path": str(ROOT)}},  # run from the repo root, as `make` does
    )
    # env goes to the kernel process; CellExecutionError (cell + traceback) on any error
    client.execute(env={**os.environ, "ZHNEWS_OUT": str(out_dir), "MPLBACKEND": "Agg"})
    return nb


def _text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                parts.append("\n".join(out.get("traceback", [])))
            parts.append(out.get("text", ""))
            parts.append(out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def test_committed_notebook_has_no_outputs() -> None:
    # outputs come from a fresh run; the committed file holds code and prose only
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") and not c.get("execution_count")
               for c in nb.cells if c.cell_type == "code")


def test_notebook_runs_without_error(executed: nbformat.NotebookNode) -> None:
    errors = [o for c in executed.cells for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors == []
    images = [o for c in executed.cells for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # timeline, who said what, hedged share


def test_notebook_lists_every_claim_about_the_entity(executed: nbformat.NotebookNode,
                                                    out_dir: Path) -> None:
    from pipeline.sql import connect

    expected = {row[0] for row in connect(out_dir).sql(ABOUT).fetchall()}
    assert expected, f"the extraction found no claims about {ENTITY}; is the names stage on?"
    text = _text(executed)
    assert f"{len(expected)} claims about {ENTITY}" in text
    missing = sorted(cid for cid in expected if cid not in text)
    assert missing == [], f"claims about {ENTITY} missing from the notebook's output"
