"""Locate ../shared (or $ZHNEWS_SHARED): the seed post, gold annotations, eval suites, corpus.

Under CI=true a missing shared folder is a failure, never a skip: CI always has it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    env = os.environ.get("ZHNEWS_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(_ROOT.parent / "shared")
    for c in candidates:
        if (c / "gold").is_dir():
            return c
    msg = f"shared data not found (looked in {', '.join(map(str, candidates))}); set ZHNEWS_SHARED"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(msg)
    pytest.skip(msg)
    raise AssertionError("unreachable")


def shared_path(*parts: str) -> Path:
    p = shared_dir().joinpath(*parts)
    if not p.exists():
        pytest.fail(f"missing shared file: {p}")
    return p
