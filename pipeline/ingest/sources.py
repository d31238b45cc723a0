"""Walk the inputs (files, directories, ``-`` for stdin), decode them, pick a reader per format.

Everything yields the same stream of ``RawDocument`` or ``ErrorRecord``; nothing here raises
for bad input, so one broken file never stops a batch.
"""

from __future__ import annotations

import codecs
import gzip
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from ..records import ErrorRecord, RawDocument
from .decode import DETECT_SAMPLE, DecodeError, decode, gunzip, is_gzip
from .html import HtmlError, read_html
from .jsonl import read_jsonl, read_jsonl_lines
from .profiles import parse_page, profile_for

_JSONL = {".jsonl", ".ndjson", ".json", ".jl"}
_HTML = {".html", ".htm", ".xhtml", ".shtml"}
_CLOSED_HTML = re.compile(r"</html\s*>", re.I)
_SKIP_DIRS = {".git", "__pycache__", ".venv", "node_modules"}
# Inside a folder only these are taken as documents (a named file is always read), so that a
# dump's README or index does not become a news story.
_DOC_EXT = {".txt", ".text", "", ".gz"} | _JSONL | _HTML

Item = RawDocument | ErrorRecord

#: documents longer than this are not processed (an error row says so); a 50 MB single line is
#: a broken dump, not an article. Raise it with ``zhnews extract --max-chars``.
MAX_CHARS = 2_000_000


def iter_paths(inputs: Iterable[str]) -> Iterator[str]:
    """Expand directories recursively, in a stable (sorted) order; ``-`` passes through."""
    for inp in inputs:
        if inp == "-":
            yield inp
            continue
        p = Path(inp)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith(".") and os.path.splitext(f)[1].lower() in _DOC_EXT:
                        yield str(Path(root) / f)
        else:
            yield str(p)


def count_documents(inputs: Iterable[str]) -> int | None:
    """About how many documents ``read_inputs`` will yield (for a progress bar's ETA): a
    line per JSON Lines record, one per other file. None when it cannot be known (stdin)."""
    total = 0
    for path in iter_paths(inputs):
        if path == "-":
            return None
        try:
            with _open(path) as f:
                head = f.read(1 << 16)
                text = head[:4096].decode("utf-8", "ignore")  # the sniff read_bytes makes
                if detect_format(path.lower().removesuffix(".gz"), text) != "jsonl":
                    total += 1
                    continue
                lines, last = head.count(b"\n"), head
                while block := f.read(1 << 20):
                    lines += block.count(b"\n")
                    last = block
                total += lines + (1 if last and not last.endswith(b"\n") else 0)
        except (OSError, EOFError, gzip.BadGzipFile):
            total += 1  # an unreadable file becomes one error row
    return total


def read_inputs(inputs: Iterable[str], max_chars: int = MAX_CHARS) -> Iterator[Item]:
    for path in iter_paths(inputs):
        yield from read_path(path, max_chars)


def read_path(path: str, max_chars: int = MAX_CHARS) -> Iterator[Item]:
    source = "<stdin>" if path == "-" else path
    try:
        if path != "-" and _streamable_jsonl(path):
            items: Iterable[Item] = _stream_jsonl(path)
        else:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
            items = read_bytes(data, source)
        yield from _capped(items, source, max_chars)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:  # a dump cut short while streaming
        yield ErrorRecord(source, "ingest", "gzip",
                          f"not a readable gzip stream ({exc}); the documents before it were read")
    except OSError as exc:
        yield ErrorRecord(source, "ingest", "io", f"cannot read: {exc.strerror or exc}")


def _capped(items: Iterable[Item], source: str, max_chars: int) -> Iterator[Item]:
    for item in items:
        if isinstance(item, RawDocument) and len(item.body) > max_chars:
            item = ErrorRecord(
                source, "ingest", "too_large",
                f"document of {len(item.body):,} characters exceeds --max-chars {max_chars:,}",
                item.line,
            )
        yield item


def _jsonl_name(path: str) -> bool:
    return os.path.splitext(path.lower().removesuffix(".gz"))[1] in _JSONL


def _open(path: str) -> IO[bytes]:
    with open(path, "rb") as f:
        gz = is_gzip(f.read(2))
    return gzip.open(path, "rb") if gz else open(path, "rb")  # the caller closes it


def _streamable_jsonl(path: str) -> bool:
    """A JSON Lines dump in UTF-8 (the usual case) is read line by line, so memory stays flat
    whatever its size; anything else (another encoding, binary, empty) is read whole and goes
    through the full decoding checks."""
    if not _jsonl_name(path):
        return False
    with _open(path) as f:
        head = f.read(DETECT_SAMPLE)
    if not head.strip() or b"\x00" in head or head.startswith(codecs.BOM_UTF8):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut at the sample's end
            return False
    return True


def _stream_jsonl(path: str) -> Iterator[Item]:
    with _open(path) as f:
        yield from read_jsonl_lines(f, path, "utf-8")


def read_bytes(data: bytes, source: str) -> Iterator[Item]:
    """Documents from one file's bytes, whatever its compression, encoding and format."""
    name = source.lower()
    try:
        if is_gzip(data):
            data = gunzip(data)
            name = name.removesuffix(".gz")
        text, encoding = decode(data)
    except DecodeError as exc:
        yield ErrorRecord(source, "ingest", exc.error, str(exc))
        return
    fmt = detect_format(name, text)
    if fmt == "jsonl":
        yield from read_jsonl(text, source, encoding)
    elif fmt == "html":
        if not _CLOSED_HTML.search(text[-4096:]):
            # keep what the page holds, and say that it is cut
            yield ErrorRecord(source, "ingest", "truncated", "HTML ends before </html>; "
                              "the text that is there was extracted")
        try:
            yield read_html(text, source, encoding)
        except HtmlError as exc:
            yield ErrorRecord(source, "ingest", exc.error, str(exc))
    else:
        yield read_text_page(text, source, encoding)


def detect_format(name: str, text: str) -> str:
    ext = os.path.splitext(name)[1]
    if ext in _JSONL:
        return "jsonl"
    if ext in _HTML:
        return "html"
    head = text[:1000].lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return "jsonl"
    if head[:15].lower().startswith(("<!doctype html", "<html")) or "<body" in head.lower():
        return "html"
    return "text"


def read_text_page(text: str, source: str, encoding: str | None) -> Item:
    profile = profile_for(text)
    page = parse_page(text, profile)
    body = text[page.body_start:page.body_end]
    if not body.strip():
        return ErrorRecord(
            source, "ingest", "no_text", "no body text after removing the page frame"
        )
    meta = page.meta
    return RawDocument(
        source=source, body=body, fmt="text", encoding=encoding, body_start=page.body_start,
        url=meta.get("url"), site=meta.get("site"), forum=meta.get("forum"),
        title=meta.get("title"), author=meta.get("author"), posted_at=meta.get("posted_at"),
        timezone=profile.timezone, opencc_config=profile.opencc,
    )
