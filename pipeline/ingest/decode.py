"""Bytes to text: encodings detected, not assumed, and unreadable input named precisely."""

from __future__ import annotations

import codecs
import gzip
import zlib

from charset_normalizer import from_bytes

#: how many bytes the detector looks at: enough for reliable Big5/GB18030 calls, cheap on 50 MB
DETECT_SAMPLE = 64 * 1024
#: fraction of control bytes above which a file is binary, not text
BINARY_CONTROL_RATIO = 0.10
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))

# charset-normalizer's names → the codec we decode with. GB2312/GBK are subsets of GB18030,
# and Big5 pages routinely use HKSCS/CP950 extensions, so decode with the superset.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}
# Encodings Chinese text comes in. A single-byte code page "fits" almost any bytes, so a guess
# outside this set means the bytes are not Chinese text, and we say so instead of keeping mojibake.
CJK_ENCODINGS = frozenset({
    "utf_8", "utf_16", "gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950",
    "iso2022_jp", "euc_jp", "shift_jis", "cp932", "euc_kr", "cp949", "ascii",
})


class DecodeError(ValueError):
    """Raised with an ``error`` code (empty, binary, undecodable, gzip) and a clear message."""

    def __init__(self, error: str, message: str) -> None:
        super().__init__(message)
        self.error = error


def gunzip(data: bytes) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise DecodeError("gzip", f"not a readable gzip stream ({exc})") from None


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises DecodeError for empty, binary or undecodable input."""
    if not data.strip():
        raise DecodeError("empty", "file is empty (no text)")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16"
    head = data[:DETECT_SAMPLE]
    if b"\x00" in head or sum(head.count(c) for c in _CONTROL) > BINARY_CONTROL_RATIO * len(head):
        raise DecodeError("binary", "binary data, not text (NUL or control bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    results = from_bytes(_clip(head, len(data)))
    guess = next((r for r in results if r.encoding in CJK_ENCODINGS), None)
    if guess is None:
        best = results.best()
        seen = f" (closest: {best.encoding})" if best else ""
        raise DecodeError("undecodable", f"bytes are not UTF-8, Big5 or GB18030 text{seen}")
    enc = _SUPERSET.get(guess.encoding.lower().replace("_", ""), guess.encoding)
    try:
        return data.decode(enc), enc
    except (UnicodeDecodeError, LookupError):
        raise DecodeError(
            "undecodable", f"bytes do not decode as {enc}, the detected encoding"
        ) from None


def _strict(data: bytes, enc: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise DecodeError("undecodable", f"invalid {enc} at byte {exc.start}") from None


def _clip(head: bytes, total: int) -> bytes:
    """Cut the sample at a line end so the detector never sees half a multi-byte character."""
    if total <= len(head):
        return head
    cut = head.rfind(b"\n")
    return head[: cut + 1] if cut > 0 else head
