"""The batch runner: inputs → documents → ``process`` → tables, with errors kept as rows."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .export import FORMATS, TableSink
from .ingest.sources import MAX_CHARS, read_inputs
from .nlp import Assembled, get_nlp
from .process import process
from .records import ErrorRecord, Extraction, RawDocument


@dataclass
class Summary:
    documents: int = 0
    errors: int = 0
    duplicates: int = 0
    chars: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        rate = self.chars / self.seconds if self.seconds else 0.0
        dup = f", {self.duplicates} duplicates skipped" if self.duplicates else ""
        return (
            f"{self.documents} documents, {self.errors} errors{dup}, "
            f"{self.seconds:.1f} s ({rate / 1000:.0f} K chars/s)"
        )


class Pipeline:
    """Processes many documents with one loaded pipeline."""

    def __init__(self, stages: tuple[str, ...] | None = None) -> None:
        self.assembled: Assembled = get_nlp(stages)

    def extract(
        self, docs: Iterable[RawDocument | ErrorRecord], summary: Summary | None = None
    ) -> Iterator[Extraction | ErrorRecord]:
        """Each document's extraction, or an error row; identical documents only once."""
        seen: set[str] = set()
        for item in docs:
            if isinstance(item, ErrorRecord):
                yield item
                continue
            if item.doc_id in seen:
                if summary is not None:
                    summary.duplicates += 1
                continue
            seen.add(item.doc_id)
            try:
                yield process(item, self.assembled)
            except Exception as exc:  # a bug on one document must not sink the batch; it is kept
                yield ErrorRecord(
                    item.source, "process", type(exc).__name__, str(exc)[:500], item.line
                )

    def run(
        self, inputs: list[str], out_dir: str | Path, formats: tuple[str, ...] = FORMATS,
        progress: bool = False, max_chars: int = MAX_CHARS,
    ) -> Summary:
        """Read ``inputs``, write every table under ``out_dir``; tables appear only when done."""
        summary = Summary()
        t0 = time.perf_counter()
        items = read_inputs(inputs, max_chars)
        if progress:
            from tqdm import tqdm

            items = tqdm(items, unit="doc", mininterval=1.0)
        with TableSink(out_dir, formats) as sink:
            for result in self.extract(items, summary):
                if isinstance(result, ErrorRecord):
                    summary.errors += 1
                    sink.write("errors", [result.row()])
                    continue
                summary.documents += 1
                summary.chars += result.tables["documents"][0]["chars"]
                for table, rows in result.tables.items():
                    sink.write(table, rows)
            summary.rows = sink.counts()
        summary.seconds = time.perf_counter() - t0
        return summary

