"""The payload into one self-contained HTML file: CSS, JS and data inline, nothing fetched."""

from __future__ import annotations

import base64
import gzip
import json
from importlib import metadata, resources
from typing import Any

import jinja2
from markupsafe import Markup


def _version() -> str:
    try:
        return metadata.version("zhnews")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "dev"


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("templates", name).read_text("utf-8")


def embed_json(payload: Any) -> str:
    """Compact JSON safe inside <script>: a '<' in any string cannot close the element."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c")


PLAIN_MAX_BYTES = 6_000_000
"""Data up to this size is embedded as plain JSON (readable, greppable); larger data is
gzipped and base64-encoded (about 40 % of the JSON for Chinese text), unpacked in the page by
the browser's own DecompressionStream."""


def encode_data(payload: Any, compress: bool | None = None) -> tuple[str, str]:
    """(encoding, text) for the data element: "json", or "gzip+base64" when large."""
    text = embed_json(payload)
    raw = text.encode("utf-8")
    if compress is None:
        compress = len(raw) > PLAIN_MAX_BYTES
    if not compress:
        return "json", text
    # mtime=0: the same tables give a byte-identical page
    return "gzip+base64", base64.b64encode(gzip.compress(raw, 6, mtime=0)).decode("ascii")


def render_html(payload: dict[str, Any], compress: bool | None = None) -> tuple[str, str]:
    """(html, encoding of its data)."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    template = env.from_string(_asset("report.html.j2"))
    encoding, data = encode_data(payload, compress)
    html = template.render(
        version=_version(),
        title=payload["meta"]["out_dir"],
        css=Markup(_asset("report.css")),
        js=Markup(_asset("report.js")),
        data_type="application/json" if encoding == "json" else "text/plain",
        encoding=encoding,
        data=Markup(data),
    )
    return html, encoding
