"""zhnews: Chinese news and forum dumps in, analyst-ready tables out.

    >>> from pipeline import extract_text
    >>> tables = extract_text("微軟執行長納德拉表示…", posted_at="2023-11-20T08:37:20")
    >>> tables["mentions"][["text", "canonical"]]

Attributes are imported lazily so that ``import pipeline.normalize`` stays light.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Pipeline", "RawDocument", "extract_text", "process"]

_LAZY = {
    "extract_text": ("pipeline.api", "extract_text"),
    "Pipeline": ("pipeline.batch", "Pipeline"),
    "process": ("pipeline.process", "process"),
    "RawDocument": ("pipeline.records", "RawDocument"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
