"""Every site profile's examples (rules are data and carry their proof)."""

from __future__ import annotations

import pytest

from pipeline.ingest.profiles import load_profiles, parse_page
from pipeline.settings import source_defaults

CASES = [
    pytest.param(p, ex, id=f"{p.id}-{i}")
    for p in load_profiles()
    for i, ex in enumerate(p.examples)
]


def test_every_profile_has_examples():
    assert all(p.examples for p in load_profiles())


@pytest.mark.parametrize(("profile", "example"), CASES)
def test_profile_example(profile, example):
    text = example["text"]
    page = parse_page(text, profile)
    body = text[page.body_start:page.body_end]
    expect = dict(example["expect"])
    assert body.startswith(expect.pop("body_starts_with"))
    assert body.endswith(expect.pop("body_ends_with"))
    for key, value in expect.items():
        assert page.meta.get(key) == value, key


def _source_examples():
    from importlib import resources

    import yaml

    data = yaml.safe_load(
        resources.files("pipeline.resources").joinpath("sources.yaml").read_text("utf-8")
    )
    return data["examples"]


@pytest.mark.parametrize("example", _source_examples())
def test_source_defaults_examples(example):
    assert source_defaults(example["url"], example["lang"]) == example["expect"]
