"""The lexer's fast scan finds exactly the atoms of the one combined pattern (MASTER.finditer)."""

from __future__ import annotations

import json
import re

import pytest

from pipeline.normalize import normalize
from pipeline.timex import lexer
from pipeline.timex.first import after_digits, first_class, first_pairs, starts_inside_digits
from pipeline.timex.lexicon import RULE_FILES, load
from tests.shared import shared_path


def _master(norm: str) -> list[tuple[str, int, int, str]]:
    return [(m.lastgroup or "", m.start(), m.end(), m.group())
            for m in lexer.MASTER.finditer(norm)]


def _scan(norm: str) -> list[tuple[str, int, int, str]]:
    return [(a.kind, a.start, a.end, a.text) for a in lexer.scan(norm)]


def test_every_atom_has_bounded_first_characters() -> None:
    assert lexer._CANDIDATE is not None  # else scan falls back to the slow MASTER.finditer
    assert all(lexer._FIRST.values())


@pytest.mark.parametrize("pattern,starts,not_starts", [
    (r"(?<![\d.])(?:19|20)\d\d年", "12", "3年"),
    (r"(?:上|下)?(?:个)?周[一二]", "上下个周", "一"),
    (r"a?b*c", "abc", "d"),
    (r"\d{1,3}元|半", "7半", "元"),
])
def test_first_class(pattern: str, starts: str, not_starts: str) -> None:
    _holds(first_class(pattern), starts, not_starts)


def _holds(cls: str | None, inside: str, outside: str) -> None:
    """The character class ``cls`` takes every character of ``inside`` and none of
    ``outside``."""
    assert cls is not None
    c = re.compile(cls)
    assert all(c.fullmatch(ch) for ch in inside)
    assert not any(c.fullmatch(ch) for ch in outside)


@pytest.mark.parametrize("pattern", [r"a*", r"(?i)a", r".b", r"[^a]", r"(?:x|)"])
def test_first_class_unbounded(pattern: str) -> None:
    assert first_class(pattern) is None


@pytest.mark.parametrize("pattern,starts,not_starts", [
    (r"(?<![\d.])(?:19|20)\d\d年", ["19", "20"], ["21", "1年", "2"]),
    (r"a?b*c", ["ab", "ac", "bb", "bc", "c", "cx"], ["aa", "ba", "a"]),
    (r"\d(?=\s?至)", ["5 ", "5至"], ["55", "5"]),
])
def test_first_pairs(pattern: str, starts: list[str], not_starts: list[str]) -> None:
    pairs = [(re.compile(a), b and re.compile(b)) for a, b in first_pairs(pattern) or []]

    def may_start(two: str) -> bool:
        return any(a.fullmatch(two[0]) and (b is None or (two[1:] and b.fullmatch(two[1:])))
                   for a, b in pairs)
    assert all(may_start(x) for x in starts)
    assert not any(may_start(x) for x in not_starts)


@pytest.mark.parametrize("pattern,ends,not_ends", [
    (r"\d+年", "年", "月5"),
    (r"(?:早)?\d{1,2}[点时]", "点时", "年"),
    (r"\d(?=\s?至)", " 至", "到"),
])
def test_after_digits(pattern: str, ends: str, not_ends: str) -> None:
    _holds(after_digits(pattern), ends, not_ends)


@pytest.mark.parametrize("pattern", [r"\d+", r"(?:19|20)\d\d(?![\d.])", r"\d.", r"\d+(?:年)?"])
def test_after_digits_unbounded(pattern: str) -> None:
    assert after_digits(pattern) is None


@pytest.mark.parametrize("pattern,inside", [
    (r"(?<![\d.])\d+年", False),  # refuses a digit before it
    (r"(?<!\d)\d点|(?<![\d.])\d时", False),  # each alternative does
    (r"年|周[一二]", False),  # never starts with a digit
    (r"\d+天", True),
    (r"(?<!\d)\d点|\d时", True),
    (r"(?<![^\d])\d", True),  # a negated class: a digit before is required, not refused
    (r"(?:第)?\d", True),
])
def test_starts_inside_digits(pattern: str, inside: bool) -> None:
    assert starts_inside_digits(pattern) is inside


def test_only_durations_and_eras_start_inside_a_run_of_digits() -> None:
    # 1234567890天: 234567890天 is a duration; a miss elsewhere skips the rest of the run
    assert {"decade", "century", "quarter", "duration"} == lexer._INSIDE
    for text in ("1234567890天", "1234,567天", "上世纪1990年代", "12345例", "100万人"):
        assert _scan(text) == _master(text), text


def _texts() -> list[str]:
    out = [ex["text"] for name in RULE_FILES for ex in load(name).get("examples") or []]
    out.append(shared_path("seeds", "000_5db2a79945cdd8ee.txt").read_text(encoding="utf-8"))
    for suite in ("cases_duckling.jsonl", "cases_jionlp.jsonl"):
        with open(shared_path("eval", "timex", suite), encoding="utf-8") as f:
            out += [json.loads(x)["text"] for x in f if x.strip()]
    return out


def test_scan_equals_master_on_examples_seed_and_suites() -> None:
    for text in _texts():
        norm = normalize(text).text
        assert _scan(norm) == _master(norm), text


def test_scan_equals_master_on_every_first_character() -> None:
    # each character that can start an atom, in contexts that start and stop atoms
    chars = sorted({w[0] for w in lexer.WORDS} | set("0123456789一二三四五六七八九十两零〇○"
                   "上下本这今前后首第每个大闰正冬腊初廿卅几数半星礼周QEG早晚-/.:：·"))
    ctx = ["", "2023年", "12", "月", "日", "3", "点", "周", "个", "年代", "世纪", "季度",
           "后", "前", "至", " ", "30分", "天", "小时"]
    text = "".join(c + x + d for c in chars for x in ctx for d in ("", "1", "十"))
    text += "".join(x + w + d for w in sorted(lexer.WORDS) for x in ("", "3", "上")
                    for d in ("", "2", "年"))
    norm = normalize(text).text
    assert _scan(norm) == _master(norm)


def test_scan_equals_master_on_runs_of_digits() -> None:
    # runs of digits of several lengths, ended by every character some atom's digits
    # can end with and by a few that none can, then by what may follow that character
    enders = set("名%例元亿万.,:-/· 年月日号点时个多余几天周季世至到~～－—apAP")
    enders |= {c for _, p in lexer.ATOMS for c in (after_digits(p) or "") if not c.isascii()}
    runs = ["7", "12", "202", "2022", "12345", "202201", "20220105", "123456789", "1234567890",
            "203012312359"]
    text = "".join(f"{x}{r}{e}{f}" for r in runs for e in sorted(enders)
                   for x in ("", "第", "每", ".") for f in ("", "5", "元", "后", "至3"))
    norm = normalize(text).text
    assert _scan(norm) == _master(norm)


def test_a_run_of_digits_is_measured_once_however_long(monkeypatch) -> None:
    # measuring the run again at each of its positions made a megabyte of digits quadratic
    from pipeline.timex import lexer

    calls = []
    real = lexer._DIGIT_RUN

    class Counting:
        def match(self, text, pos):
            calls.append(pos)
            return real.match(text, pos)

    monkeypatch.setattr(lexer, "_DIGIT_RUN", Counting())
    lexer.scan("1234567890" * 2000 + "年，又一个" + "9" * 500)
    assert len(calls) == 2


def test_candidate_holds_every_pair_an_atom_starts_at() -> None:
    # the candidate regex tells pairs apart by their second character: it must never leave out
    # a pair that _patterns_at finds an atom for (the scan would skip that atom)
    classes = "".join(p for _, p in lexer.ATOMS)
    listed = {c for c in classes if not c.isascii()} | {w[1] for w in lexer.WORDS if len(w) > 1}
    seconds = [*sorted(listed | set("0123456789 \n年月日-/.:~")), "", "x", "的"]
    firsts = sorted({w[0] for w in lexer.WORDS} | {c for c in classes if not c.isascii()}
                    | set("QEG"))
    for c in firsts:
        if c.isdecimal():
            continue
        for nxt in seconds:
            if lexer._patterns_at(c + nxt) and not lexer._CANDIDATE.match(c + nxt):
                # left out only if words longer than two characters alone start there: then
                # the pair is told by their third characters (see the test below)
                assert not lexer._atoms_at(c + nxt), c + nxt
                assert c not in lexer.WORDS and c + nxt not in lexer.WORDS, c + nxt
                assert any(w.startswith(c + nxt) for w in lexer.WORDS), c + nxt


def test_candidate_holds_every_word() -> None:
    for w in lexer.WORDS:
        assert lexer._CANDIDATE.match(w), w
        assert lexer._CANDIDATE.match("的" + w, 1), w


def test_candidate_tells_pairs_only_longer_words_start_by_their_third_character() -> None:
    # 中国 starts only 中国时间 (a zone), 国际 only holidays (国际劳动节): news is full of both
    for text in ("中国时间", "国际劳动节", "北京时间"):
        assert lexer._CANDIDATE.match(text), text
    for text in ("中国人", "国际上", "北京大学", "中国"):
        assert lexer._CANDIDATE.match(text) is None, text


def test_candidate_skips_pairs_no_atom_starts_at() -> None:
    # 大 starts 大年 and 国 starts 国庆: 大家 and 国家 start nothing, so they are not tried
    for pair in ("大家", "国家", "一些", "上海"):
        assert not lexer._patterns_at(pair)
        assert lexer._CANDIDATE.match(pair) is None


def test_scan_equals_master_beyond_ascii_digits() -> None:
    # ``_CANDIDATE`` holds \d as the plane's digits and every character beyond it: digits of
    # other scripts (Arabic-Indic, fullwidth, mathematical bold) and emoji around atoms
    others = ["٣", "٢٠٢٢", "２０２２", "\U0001d7d0\U0001d7ce", "😀", "\U00020000", "𝟑"]
    text = "".join(f"{x}{a}{y}" for a in ("", "3月5日", "2022年", "十三届", "两个月")
                   for x in others for y in ("", "年", "月", "天", "个月", *others))
    assert _scan(text) == _master(text)


def test_duration_guard_keeps_every_match() -> None:
    # the guarded duration pattern matches exactly where, and as far as, DURATION does
    plain = re.compile(lexer.DURATION)
    guarded = lexer.SUB["duration"]
    assert guarded.pattern != plain.pattern
    for text in _texts():
        norm = normalize(text).text
        for i in range(len(norm)):
            a, b = plain.match(norm, i), guarded.match(norm, i)
            assert (a and a.span()) == (b and b.span()), norm[i:i + 12]
