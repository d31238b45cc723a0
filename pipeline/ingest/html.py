"""HTML pages: trafilatura finds the main text and metadata; site profiles still apply."""

from __future__ import annotations

import re
import warnings

from ..records import RawDocument
from .dates import parse_posted
from .profiles import load_profiles, parse_page

_DATE_PARAMS = {
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    "original_date": True,
    "extensive_search": True,
}
_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z-]+)", re.I)
_META_AUTHOR = re.compile(
    r"<meta[^>]+(?:name|property)\s*=\s*[\"'](?:author|article:author|dc\.creator)[\"'][^>]*>", re.I
)
_CONTENT = re.compile(r"content\s*=\s*[\"']([^\"']+)", re.I)


class HtmlError(ValueError):
    def __init__(self, error: str, message: str) -> None:
        super().__init__(message)
        self.error = error


def read_html(html: str, source: str, encoding: str | None) -> RawDocument:
    """One document from one HTML page. Raises HtmlError when no main text can be found."""
    from trafilatura import bare_extraction  # heavy import, only when HTML is met

    with warnings.catch_warnings():  # lxml's FutureWarnings inside trafilatura are not ours
        warnings.simplefilter("ignore")
        try:
            r = bare_extraction(
                html, with_metadata=True, include_comments=False,
                date_extraction_params=_DATE_PARAMS,
            )
        except (ValueError, TypeError, AttributeError) as exc:  # lxml on badly broken markup
            raise HtmlError("html", f"unparseable HTML ({type(exc).__name__}: {exc})") from None
    text = (getattr(r, "text", None) or "").strip() if r is not None else ""
    if not text:
        raise HtmlError("no_text", "no main text found in the HTML page (empty or truncated?)")
    lang = _LANG.search(html[:2000])
    doc = RawDocument(
        source=source, body=text, fmt="html", encoding=encoding,
        url=r.url, site=r.sitename or r.hostname, title=r.title,
        author=_meta_author(html) or r.author,  # the page's own tag beats a byline guess
        posted_at=parse_posted(r.date),
        language=lang.group(1) if lang else None,
    )
    profile = next((p for p in load_profiles() if p.detect and p.matches(text)), None)
    if profile is not None:  # a forum page saved as HTML: its own layout rules win
        page = parse_page(text, profile)
        doc.body_start, doc.body = page.body_start, text[page.body_start:page.body_end]
        for key, value in page.meta.items():
            if value:
                setattr(doc, key, value)
        doc.timezone, doc.opencc_config = profile.timezone, profile.opencc
    return doc


def _meta_author(html: str) -> str | None:
    m = _META_AUTHOR.search(html[:20000])
    c = _CONTENT.search(m.group(0)) if m else None
    return c.group(1).strip() if c else None
