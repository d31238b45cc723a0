"""JSON Lines dumps: news-please, trafilatura, and a plain {id, title, text, published, url}."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..records import ErrorRecord, RawDocument
from .dates import parse_posted

# Field names per dump flavour, first present wins.
_BODY = ("maintext", "text", "body", "content")
_TITLE = ("title", "headline")
_DATE = ("date_publish", "published", "date", "pubdate", "date_modify")
_URL = ("url", "source", "link")
_AUTHOR = ("authors", "author")
_SITE = ("source_domain", "hostname", "sitename", "site")


# JSON can escape half of a surrogate pair ("\ud800"), which no UTF-8 writer (OpenCC,
# Parquet, CSV) accepts; json.loads joins whole pairs, so whatever surrogate is left is lone.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _first(rec: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = rec.get(k)
        if v not in (None, "", []):
            return _valid(v) if isinstance(v, str) else v
    return None


def _valid(text: str) -> str:
    """A lone surrogate becomes U+FFFD: one character for one, so every offset holds."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def read_jsonl(
    text: str, source: str, encoding: str | None
) -> Iterator[RawDocument | ErrorRecord]:
    """One document per line; a bad line is an error row carrying its line number."""
    return read_jsonl_lines(text.split("\n"), source, encoding)


def read_jsonl_lines(
    lines: Iterable[str | bytes], source: str, encoding: str | None
) -> Iterator[RawDocument | ErrorRecord]:
    """As ``read_jsonl``, from lines as they are read (UTF-8 bytes or text), so a dump of any
    size streams. Lines end at ``\n`` only: JSON text may hold a raw U+2028 inside a string."""
    for lineno, line in enumerate(lines, 1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield ErrorRecord(source, "ingest", "undecodable",
                                  f"invalid utf-8 at byte {exc.start} of the line", lineno)
                continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ErrorRecord(source, "ingest", "json", f"malformed JSON: {exc.msg}", lineno)
            continue
        if not isinstance(rec, dict):
            yield ErrorRecord(source, "ingest", "json", "line is not a JSON object", lineno)
            continue
        body = _first(rec, _BODY)
        if not isinstance(body, str) or not body.strip():
            yield ErrorRecord(source, "ingest", "no_text", "record has no text field", lineno)
            continue
        authors = _first(rec, _AUTHOR)
        if isinstance(authors, list):
            authors = ", ".join(_valid(str(a)) for a in authors if a)
        url = _first(rec, _URL)
        yield RawDocument(
            source=source,
            line=lineno,
            body=body.strip("\ufeff"),
            fmt="jsonl",
            encoding=encoding,
            url=url if isinstance(url, str) and "://" in url else None,
            site=_str(_first(rec, _SITE)),
            title=_str(_first(rec, _TITLE)),
            author=_str(authors),
            posted_at=parse_posted(_str(_first(rec, _DATE))),
            language=_str(_first(rec, ("language", "lang"))),
        )


def _str(v: Any) -> str | None:
    return None if v is None else str(v).strip() or None
