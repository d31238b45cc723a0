"""Document-level layers on sentences written for these tests: in-text aliases, coreference,
joined names, Latin names, context, and the mentions-table contract."""

from __future__ import annotations

import pytest

import pipeline.names as names

COLUMNS = {"start", "end", "text", "text_simplified", "kind", "canonical", "entity_id",
           "method", "confidence", "romanized", "region"}



def rows(nlp, text: str) -> list[dict]:
    out = names.mention_rows(nlp(text))
    for r in out:
        assert text[r["start"] : r["end"]] == r["text"]
    return out


def by_text(rs: list[dict], text: str) -> list[dict]:
    return [r for r in rs if r["text"] == text]


def test_gloss_after_a_chinese_name_is_learned_and_applied_later(nlp) -> None:
    text = "新任总监莫兰迪·卡斯特维(Morandi Castevi)上任。卡斯特维表示将扩大投资。"
    rs = rows(nlp, text)
    full = by_text(rs, "莫兰迪·卡斯特维")
    assert [(r["canonical"], r["method"], r["kind"]) for r in full] == [
        ("Morandi Castevi", "alias", "person")]
    later = by_text(rs, "卡斯特维")
    assert [(r["canonical"], r["method"]) for r in later] == [("Morandi Castevi", "coref")]
    assert not by_text(rs, "Morandi Castevi")  # the gloss is part of the alias, not a mention


def test_full_width_parentheses_and_camel_case_gloss(nlp) -> None:
    rs = rows(nlp, "研究员蘇拉維·梅德林（SulaviMedlin）發表論文。")
    assert [r["canonical"] for r in by_text(rs, "蘇拉維·梅德林")] == ["Sulavi Medlin"]


def test_english_first_gloss(nlp) -> None:
    rs = rows(nlp, "分析师Tobias Wenlock(托拜亚斯·温洛克)认为市场过热。")
    assert [r["canonical"] for r in by_text(rs, "托拜亚斯·温洛克")] == ["Tobias Wenlock"]


def test_gloss_naming_a_known_entity_gives_its_id(nlp) -> None:
    rs = rows(nlp, "他与格雷戈·布羅克門(Greg Brockman)通了电话。")
    [r] = by_text(rs, "格雷戈·布羅克門")
    assert (r["entity_id"], r["method"]) == ("per:greg_brockman", "alias")


def test_surname_spelled_with_other_characters_links_to_the_earlier_person(nlp) -> None:
    rs = rows(nlp, "工程师莫兰迪·卡斯特维(Morandi Castevi)发言。随后卡斯特维和卡斯特韦都出席了。")
    [r] = by_text(rs, "卡斯特韦")  # 韦 and 维 are both wei
    assert (r["canonical"], r["method"]) == ("Morandi Castevi", "coref")


def test_given_name_alone_needs_the_person_earlier(nlp) -> None:
    alone = rows(nlp, "萨姆昨天去了公司。")
    assert all(r["canonical"] is None for r in by_text(alone, "萨姆"))
    after = rows(nlp, "阿尔特曼回到了公司。萨姆说一切正常。")
    assert [(r["canonical"], r["method"]) for r in by_text(after, "萨姆")] == [
        ("Sam Altman", "coref")]


@pytest.mark.parametrize("joiner", ["·", "‧", "・", "-", "—", "•"])
def test_names_joined_by_any_separator_are_one_mention(nlp, joiner: str) -> None:
    name = f"卡斯特维{joiner}莫兰迪"
    rs = rows(nlp, f"球员{name}得到二十分。")
    assert [r["text"] for r in rs] == [name]
    assert rs[0]["kind"] == "person"


def test_unknown_name_keeps_its_pinyin_and_no_canonical(nlp) -> None:
    rs = rows(nlp, "当地官员卡斯特维莫兰迪发表讲话。")
    [r] = rs
    assert (r["canonical"], r["method"], r["romanized"]) == (
        None, "unresolved", "Kasiteweimolandi")


def test_a_known_short_form_used_as_a_given_name_is_not_that_person(nlp) -> None:
    rs = rows(nlp, "科学家詹姆斯·沃森发表演讲。")
    assert [r["text"] for r in rs] == ["詹姆斯·沃森"]
    assert rs[0]["entity_id"] != "per:lebron_james"


def test_latin_names_and_regions(nlp) -> None:
    rs = rows(nlp, "OpenAI與輝達合作，英伟达股价上涨。")
    assert [(r["text"], r["entity_id"], r["region"]) for r in rs] == [
        ("OpenAI", "org:openai", "latin"),
        ("輝達", "org:nvidia", "taiwan"),
        ("英伟达", "org:nvidia", "mainland"),
    ]


def test_context_decides_a_shared_form_in_a_document(nlp) -> None:
    ceo = rows(nlp, "OpenAI董事会宣布，奥特曼将重返公司。")
    cartoon = rows(nlp, "动画片里的奥特曼打败了怪兽。")
    assert [r["entity_id"] for r in by_text(ceo, "奥特曼")] == ["per:sam_altman"]
    assert [r["entity_id"] for r in by_text(cartoon, "奥特曼")] == ["prod:ultraman"]


def test_rows_have_the_mentions_columns_and_ents_carry_kb_ids(nlp) -> None:
    doc = nlp("據彭博社報道，蘇茨克維離開了公司。")
    rs = names.mention_rows(doc)
    assert rs and all(set(r) == COLUMNS for r in rs)
    assert {(e.text, e.kb_id_, e.label_) for e in doc.ents} == {
        ("彭博社", "media:bloomberg", "MEDIA"), ("蘇茨克維", "per:ilya_sutskever", "PERSON")}
    for r in rs:
        assert 0 < r["confidence"] <= 1


def test_component_keeps_entities_another_component_set(nlp) -> None:
    from spacy.tokens import Span

    doc = nlp.make_doc("明天阿尔特曼到访北京。")
    doc.ents = [Span(doc, 0, 1, label="DATE")]
    doc = nlp.get_pipe(names.FACTORY)(doc)
    assert [e.label_ for e in doc.ents] == ["DATE", "PERSON", "GPE"]


@pytest.mark.parametrize(
    ("text", "surface", "kind"),
    [
        ("基金合夥人羅賓遜（David Robinson）表示看好市場。", "羅賓遜", "person"),
        ("合夥人羅賓遜（David Robinson）基金會昨天成立。", "羅賓遜", "person"),
    ],
)
def test_kind_of_an_unknown_glossed_name(nlp, text: str, surface: str, kind: str) -> None:
    got = [(r["kind"], r["method"]) for r in rows(nlp, text) if r["text"] == surface]
    assert got == [(kind, "alias")]
