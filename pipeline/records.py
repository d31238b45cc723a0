"""The record types that flow between stages: one raw document in, one extraction out."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RawDocument:
    """A document as ingested: its body text plus whatever metadata the source carried.

    ``body`` is the text every offset in every table points into. ``body_start`` is where it
    begins in the decoded source (a forum page saved as text keeps its navigation and footer
    outside the body), so ``source_text[body_start:body_start + len(body)] == body``.
    """

    source: str
    body: str
    line: int | None = None
    fmt: str = "text"
    encoding: str | None = None
    body_start: int = 0
    url: str | None = None
    site: str | None = None
    forum: str | None = None
    title: str | None = None
    author: str | None = None
    posted_at: str | None = None  # ISO 8601 as the source gave it, local time, maybe with offset
    timezone: str | None = None  # IANA name
    opencc_config: str | None = None
    language: str | None = None

    #: (url, title, body, doc_id) of the last hash: the runner and the stages ask several times
    _hashed: tuple[str | None, str | None, str, str] | None = field(
        default=None, init=False, repr=False, compare=False)

    @property
    def doc_id(self) -> str:
        """Content hash: stable across runs and machines, independent of where the file lies."""
        got = self._hashed
        if got is not None and got[0] is self.url and got[1] is self.title and got[2] is self.body:
            return got[3]
        h = hashlib.sha256()
        for part in (self.url or "", self.title or "", self.body):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        self._hashed = (self.url, self.title, self.body, h.hexdigest()[:16])
        return self._hashed[3]


@dataclass
class ErrorRecord:
    """Input that could not be (fully) processed; becomes a row of the errors table."""

    source: str
    stage: str
    error: str
    message: str
    line: int | None = None

    def row(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "line": self.line,
            "stage": self.stage,
            "error": self.error,
            "message": self.message,
        }


@dataclass
class Extraction:
    """Rows for every table produced from one document (the output of ``process``)."""

    doc_id: str
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
