"""The names stage's shortcuts give what the plain computation gives: the array edit distance
and its early stop, the bounded coreference sound test, entities written as one array, the
table fast path, and answers the same whether the caches are cold or warm."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from functools import _lru_cache_wrapper

import numpy as np
import pytest
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.tokens import Span

import pipeline.names as names
from pipeline.names import detect, document, phonetic, resolver, translit
from pipeline.names.component import LABELS
from pipeline.names.table import alias_table

TEXTS = [
    "据彭博社报道，OpenAI首席执行官萨姆·阿尔特曼周二在旧金山表示，苏茨克维已离开公司。阿尔特曼说。",
    "新任总监莫兰迪·卡斯特维(Morandi Castevi)上任。卡斯特维表示将扩大投资。",
    "美国国务卿布林肯与俄罗斯外长拉夫罗夫通话，乌克兰总统泽连斯基随后发表讲话。",
    "动画片里的奥特曼打败了怪兽。罗宾逊、威尔逊和米切尔出席了在伦敦举行的会议。",
    "據彭博社報道，蘇茨克維離開了公司。合夥人羅賓遜（David Robinson）表示看好市場。",
    "萨提亚·纳德拉和格雷格·布罗克曼在微软总部会面，安德鲁·拜纳姆也到场。",
]


def _pairs() -> list[tuple[str, str]]:
    """Chinese name parts of the table's people against English name words: many close
    pairs, scores right at the thresholds included."""
    out = []
    for e in alias_table().entities.values():
        if e.kind != "person":
            continue
        words = e.canonical.split()
        for r in e.rows:
            out += [(p, w) for p in r.key.split("·") if p for w in words]
    return sorted(set(out))


def test_distance_rows_is_distance_and_stops_only_when_no_candidate_can_pass() -> None:
    rng = random.Random(7)
    indexes = [*phonetic.known_indexes(), *phonetic.census_indexes()]
    cal = phonetic.calibration()
    zh = [p for p, _ in _pairs()]
    stopped = 0
    for q in rng.sample(zh, 300):
        pattern = translit.chinese_pattern(q)
        if pattern is None:
            continue
        index = rng.choice(indexes)
        ids = index.nearest(translit.pattern_key(pattern), len(pattern), 60)
        if not len(ids):
            continue
        lengths = index.n_phones[ids]
        n = int(lengths.max())
        idx, drop = index.phone_idx[ids, :n], index.phone_drop[ids, :n]
        full = translit.distance_rows(pattern, idx, drop, lengths)
        assert full.tolist() == [translit.distance(pattern, index.cands[i].phones) for i in ids]
        for tier in (cal.known, cal.census, cal.census_given):
            bonus = tier.prior_weight * index.prior[ids]
            cap = translit.distance_cap(lengths, bonus, tier.min_score)
            # past its cap, a row's score is below the tier's minimum
            over = full > cap
            assert (translit.similarity_rows(full, lengths)[over] + bonus[over]
                    < tier.min_score).all()
            got = translit.distance_rows(pattern, idx, drop, lengths, cap=cap)
            if got is None:
                stopped += 1
                assert (translit.similarity_rows(full, lengths) + bonus < tier.min_score).all()
            else:
                assert got.tolist() == full.tolist()
    assert stopped  # the early stop is exercised


def test_sounds_like_is_similarity_at_least() -> None:
    pairs = _pairs()
    assert len(pairs) > 500
    for at_least in (0.85, 0.8, 0.93):
        for zh, en in pairs:
            assert translit.sounds_like(zh, en, at_least) == (
                translit.similarity(zh, en) >= at_least), (zh, en, at_least)


def test_entities_written_as_an_array_are_what_set_ents_writes(nlp) -> None:
    for text in TEXTS:
        doc = nlp(text)
        assert doc.ents
        ref = nlp.make_doc(text)
        ref.set_ents([Span(ref, e.start, e.end, label=e.label_, kb_id=e.kb_id_) for e in doc.ents],
                     default="outside")
        attrs = [ENT_IOB, ENT_TYPE, ENT_KB_ID]
        assert doc.to_array(attrs).tolist() == ref.to_array(attrs).tolist()
        assert [e.label_ for e in doc.ents] == [LABELS[r["kind"]]
                                                 for r in names.mention_rows(doc)]


def test_a_run_that_is_one_table_form_splits_as_before(nlp, monkeypatch) -> None:
    """``_run_candidates`` (with its shortcut) gives what ``_split_run`` gives, every run."""
    fast = detect._run_candidates
    shortcut = 0

    def both(text, rs, re_, inside, tokens):
        nonlocal shortcut
        got = fast(text, rs, re_, inside, tokens)
        assert got == detect._split_run(text, rs, re_, list(inside), tokens)
        shortcut += len(inside) == 1 and (inside[0].start, inside[0].end) == (rs, re_)
        return got

    monkeypatch.setattr(detect, "_run_candidates", both)
    for text in [*TEXTS, "乌克兰总统泽连斯基在基辅会见了阿尔特曼和卡斯特罗维奇。"]:
        names.component.NameResolver(nlp)(nlp.make_doc(text))
    assert shortcut >= 3


def test_empty_text(nlp) -> None:
    assert names.mention_rows(nlp("")) == []


def test_table_fast_path_answers_as_the_full_cascade(nlp) -> None:
    """Every mention the fast path resolves is what the full cascade answers."""
    seen = 0
    for text in TEXTS:
        doc = nlp.make_doc(text)
        tokens = names.component.doc_tokens(doc)
        norm = doc._.norm_text
        st = document._State(norm)
        for m in document.resolve_mentions(norm, tokens, lambda s, e, t=text: t[s:e]):
            c = detect.Candidate(m.start, m.end, m.key, "table")
            if resolver.fixed_rows(m.key) and norm[m.end : m.end + 1] not in ("(", ")"):
                seen += 1
                assert document._in_context(st, c, text[m.start : m.end]) == m.resolution
    assert seen >= 5


def _answer_caches() -> list[_lru_cache_wrapper]:
    """Every memo of an answer in the names package (the lexicons themselves stay loaded)."""
    keep = {"alias_table", "translit_table", "calibration", "census_indexes", "known_indexes",
            "context_rules", "table_regex", "run_regex",
            "run_rules", "_common_words", "common_surnames", "rules", "_entries"}
    out = []
    for mod in (resolver, document, detect, phonetic, translit):
        for name, f in vars(mod).items():
            if isinstance(f, _lru_cache_wrapper) and name not in keep:
                out.append(f)
    return out


def _clear_all() -> None:
    for f in _answer_caches():
        f.cache_clear()
    for index in (*phonetic.known_indexes(), *phonetic.census_indexes()):
        index._ranked.clear()
        index._nearest.clear()


@pytest.mark.parametrize("order", ["same", "reversed"])
def test_answers_do_not_depend_on_what_the_caches_hold(nlp, order: str) -> None:
    assert len(_answer_caches()) >= 10
    _clear_all()
    cold = [names.mention_rows(nlp(t)) for t in TEXTS]  # each text after the ones before it
    _clear_all()
    alone = []
    for t in TEXTS:  # each text first, nothing cached
        _clear_all()
        alone.append(names.mention_rows(nlp(t)))
    names.warm()
    texts = TEXTS if order == "same" else TEXTS[::-1]
    warm = {t: names.mention_rows(nlp(t)) for t in texts}
    warm2 = {t: names.mention_rows(nlp(t)) for t in texts}  # everything cached now
    assert cold == alone == [warm[t] for t in TEXTS] == [warm2[t] for t in TEXTS]
    assert any(r["method"] == "phonetic" for rs in cold for r in rs)
    assert np.unique([r["method"] for rs in cold for r in rs]).size >= 3


_RANKS = """
import hashlib, sys
from pipeline.names import phonetic
from pipeline.names.translit import chinese_pattern, pattern_key
h = hashlib.sha256()
for index in (*phonetic.census_indexes(), *phonetic.known_indexes()):
    for pattern in filter(None, map(chinese_pattern, sys.argv[1:])):
        h.update(index.ranked(pattern_key(pattern)).tobytes())
print(h.hexdigest())
"""


def test_candidate_order_does_not_depend_on_string_hashing() -> None:
    """Which of tied candidates are scored follows the order ``_rank`` meets them in: it must
    not follow the order of a set of strings, which changes with PYTHONHASHSEED (each run,
    each machine)."""
    parts = ["阿尔特曼", "卡斯特维", "布林肯", "拉夫罗夫", "泽连斯基", "罗宾逊", "米切尔", "纳德拉",
             "布罗克曼", "拜纳姆", "苏茨克维", "莫兰迪", "萨提亚", "格雷格", "史密斯", "约翰"]
    digests = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run([sys.executable, "-c", _RANKS, *parts], text=True,
                              capture_output=True, env=os.environ | {"PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        digests.add(done.stdout.strip())
    assert len(digests) == 1
