"""Every names resource file runs its own examples; the alias table's own forms resolve."""

from __future__ import annotations

import pytest
import yaml

import pipeline.names as names
from pipeline.names.cedict import cedict_names, common_words
from pipeline.names.cedict import rules as cedict_rules
from pipeline.names.context import context_rules
from pipeline.names.detect import find_candidates, run_rules
from pipeline.names.document import _kind_hint
from pipeline.names.phonetic import back_transliterate
from pipeline.names.table import RESOURCES, alias_table, form_key, is_latin
from pipeline.names.translit import render, translit_table
from pipeline.normalize import converter


def _yaml(name: str) -> dict:
    return yaml.safe_load((RESOURCES / name).read_text(encoding="utf-8"))


def test_alias_tables_load_without_problems() -> None:
    t = alias_table()
    assert t.problems == []
    assert len(t.entities) > 100


@pytest.mark.parametrize("ex", translit_table().examples, ids=lambda e: e["char"])
def test_translit_table_examples(ex: dict) -> None:
    assert render(translit_table().char_patterns[ex["char"]]) == ex["pattern"]


@pytest.mark.parametrize("ex", _yaml("phonetic.yaml")["examples"], ids=lambda e: e["zh"])
def test_phonetic_examples(ex: dict) -> None:
    bt = back_transliterate(form_key(ex["zh"]))
    assert (bt.english if bt else None) == ex["expect"]


@pytest.mark.parametrize("ex", cedict_rules().examples, ids=lambda e: e["form"])
def test_cedict_examples(ex: dict) -> None:
    name = cedict_names().get(ex["form"])
    if ex["kind"] is None:
        assert name is None or name.kind is None
        assert name is not None or ex["form"] in common_words()
    else:
        assert name is not None and (name.kind, name.canonical) == (ex["kind"], ex["canonical"])


def _rule_examples() -> list[tuple[str, str, str | None]]:
    out = []
    for key, rule in context_rules().items():
        if key != rule.forms[0]:
            continue
        for ex in rule.examples:
            form = next(f for f in rule.forms if f in form_key(ex["text"]))
            out.append((form, ex["text"], ex["expect"]))
    return out


@pytest.mark.parametrize(("form", "text", "expect"), _rule_examples())
def test_context_rule_examples(form: str, text: str, expect: str | None) -> None:
    r = names.resolve(form, context=text)
    assert (r.entity_id if r else None) == expect


@pytest.mark.parametrize(("form", "text", "expect"), _rule_examples()[:12])
def test_context_rule_examples_in_documents(nlp, form: str, text: str, expect: str) -> None:
    doc = nlp(text)
    got = [e.kb_id_ or None for e in doc.ents if form in form_key(e.text)]
    assert got == ([expect] if expect else [])


def test_context_rules_name_existing_entities() -> None:
    t = alias_table()
    for key, rule in context_rules().items():
        assert key in t.by_key, f"rule for {key}, which no table has"
        for s in rule.senses:
            assert s.entity_id is None or s.entity_id in t.entities, s.entity_id
            for e in s.cue_entities:
                assert e in t.entities, f"{key}: cue @{e} is no entity"
        assert rule.default is None or rule.default in t.entities
        senses = {s.entity_id for s in rule.senses}
        examples = {ex["expect"] for ex in rule.examples}
        assert senses <= examples, f"{key}: a sense without an example"


def test_no_two_entities_share_a_form_without_a_context_rule() -> None:
    t = alias_table()
    shared = sorted(k for k, rows in t.by_key.items() if len({r.entity_id for r in rows}) > 1)
    assert [k for k in shared if k not in context_rules()] == []


def test_every_table_form_resolves_to_its_entity_in_both_scripts() -> None:
    """Unambiguous forms alone; ambiguous ones (萨姆) next to a form that names the entity."""
    t = alias_table()
    s2t, t2s = converter("s2t"), converter("t2s")
    rules = context_rules()
    failures = []
    for ent in t.entities.values():
        unsure = {r.key for r in ent.rows if r.ambiguous or r.given_name}
        cues = [r.form for r in ent.rows
                if r.key not in unsure and r.key not in rules and len(r.key) >= 2]
        for row in ent.rows:
            if row.key in rules:
                continue  # decided by context: the rule's examples cover it
            if row.key in unsure:
                if not cues:
                    continue
                context = f"{cues[0]}说了很多。"
            else:
                context = None
            spellings = {row.form} if is_latin(row.form) else {
                row.form, s2t.convert(row.form), t2s.convert(row.form)}
            for s in spellings:
                r = names.resolve(s, context)
                if r is None or r.entity_id != ent.entity_id:
                    failures.append(f"{s} ({row.source}) -> {r.entity_id if r else None}")
    assert failures == []


@pytest.mark.parametrize("ex", run_rules().examples, ids=lambda e: e["text"][:8])
def test_detect_examples(nlp, ex: dict) -> None:
    doc = nlp.make_doc(ex["text"])
    from pipeline.names.component import doc_tokens

    runs = [c for c in find_candidates(doc._.norm_text, doc_tokens(doc)) if c.source == "run"]
    assert [c.key for c in runs] == ex["runs"]
    if "kind" in ex:
        assert {_kind_hint(doc._.norm_text, c) for c in runs} == {ex["kind"]}


@pytest.mark.parametrize("ex", _yaml("lookalikes.yaml")["examples"], ids=lambda e: e["text"][:8])
def test_lookalikes(nlp, ex: dict) -> None:
    doc = nlp(ex["text"])
    for e in doc.ents:
        if e.text in ex["never_person"] or any(w in e.text for w in ex["never_person"]):
            assert e.label_ != "PERSON", f"{e.text} became a person"
    for text, canonical in (ex.get("expect") or {}).items():
        got = [e._.canonical for e in doc.ents if e.text == text]
        assert got == ([] if canonical is None else [canonical])
