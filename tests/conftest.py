from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.shared import shared_path

SEED = "seeds/000_5db2a79945cdd8ee.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return shared_path(SEED)


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(shared_path("gold", "seed_gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def nlp():
    """A spaCy pipeline with only the names stage, its aliases in the segmenter."""
    import spacy

    import pipeline.names as names
    from pipeline.segment import Segmenter
    from pipeline.tokenizer import ZhTokenizer

    nlp = spacy.blank("zh")
    nlp.tokenizer = ZhTokenizer(nlp.vocab, Segmenter(names.segmenter_words()))
    nlp.add_pipe(names.FACTORY)
    return nlp
