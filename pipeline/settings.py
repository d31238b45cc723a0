"""Per-source settings (OpenCC config, time zone) and the pipeline version, from resources."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata, resources
from typing import Any
from urllib.parse import urlsplit

from .records import RawDocument
from .yamlio import load_yaml


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    path = resources.files("pipeline.resources").joinpath("sources.yaml")
    return load_yaml(path.read_text(encoding="utf-8"))


def source_defaults(url: str | None, lang: str | None) -> dict[str, str]:
    """OpenCC config and time zone for a source, from its URL's TLD or its language tag."""
    tld = ""
    if url:
        host = urlsplit(url).hostname or ""
        tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    lang = (lang or "").lower().replace("_", "-")
    data = _rules()
    for rule in data["rules"]:
        if ("lang" in rule and lang == rule["lang"]) or ("tld" in rule and tld == rule["tld"]):
            return {"opencc": rule["opencc"], "timezone": rule["timezone"]}
    return dict(data["default"])


def settle(doc: RawDocument) -> tuple[str, str]:
    """(opencc config, time zone) for one document: its profile's word first, then defaults."""
    d = source_defaults(doc.url, doc.language)
    return doc.opencc_config or d["opencc"], doc.timezone or d["timezone"]


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """Package version plus a hash of every resource file: a rule change is a new version."""
    try:
        version = metadata.version("zhnews")
    except metadata.PackageNotFoundError:
        version = "0+unknown"
    h = hashlib.sha256()
    root = resources.files("pipeline.resources")
    prefix = len(str(root))
    for path in sorted(_walk(root), key=lambda p: str(p)):
        h.update(str(path)[prefix:].replace("\\", "/").encode())  # relative: same on every machine
        h.update(path.read_bytes())
    return f"{version}+{h.hexdigest()[:10]}"


def _walk(node: Any) -> list[Any]:
    out = []
    for child in node.iterdir():
        if child.is_dir():
            out.extend(_walk(child))
        elif not child.name.endswith((".pyc",)):
            out.append(child)
    return out
