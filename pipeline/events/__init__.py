"""Event extraction (issue #5): schema-driven triggers, frames and arguments over the spaCy Doc.

Importing the package registers the ``zhnews_events`` factory.
"""

from .component import EventTagger, event_rows
from .engine import extract
from .money import Amount, find_amounts

__all__ = ["Amount", "EventTagger", "event_rows", "extract", "find_amounts", "warm"]


def warm() -> None:
    """Load the rule tables now (YAML, regexes, the trigger bitmap) and jieba's HMM model, so
    that worker processes forked afterwards share them instead of each paying for them on its
    first document."""
    from .engine import warm as warm_engine

    warm_engine()
