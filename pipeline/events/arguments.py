"""Filling an event's roles from one clause: active, passive, possessive, prepositional frames.

    A 开除 B          subject → employer, object → person
    B 被/遭 (A) 解雇   passive → person, by → employer
    B 获任命为 X       as → position
    B 的辞职           possessor → person
    向 X 投入 …        preps[向] → investee
    X 宣布/发现 Y V    the subject is the noun phrase after the clause-taking verb

The frame (which role each slot fills) is data: ``resources/events/triggers.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Sense
from .resources import alternation, load, starts_with
from .syntax import Sentence, grammar, pos

_ASPECT = frozenset(("了", "过", "着"))
_AS = frozenset(("为", "成为"))


@dataclass
class Slot:
    role: str
    start: int  # token indices [start, end)
    end: int
    source: str  # which frame slot filled it (subject, object, chain, …)


@dataclass
class Frame:
    slots: list[Slot]
    clause: tuple[int, int]
    passive: bool


def fill(sent: Sentence, i: int, j: int, sense: Sense) -> Frame:
    """Slots of the trigger tokens [i, j) in their clause."""
    g = grammar()
    fr = sense.frame
    cs, ce = sent.clause(i)
    nps: list[tuple[int, int]] = []
    preps: list[tuple[str, tuple[int, int]]] = []
    passive_at = announce_at = None
    k = cs
    while k < i:
        w = sent.norm(k)
        if w in g.passive:
            passive_at = k
        elif w in g.announce:
            announce_at = k
        elif w in g.prepositions:
            r = sent.np_right(k + 1, i)
            if r:
                preps.append((w, r))
                k = r[1]
                continue
        else:
            r = sent.np_right(k, i)
            if r:
                nps.append(r)
                k = r[1]
                continue
        k += 1
    slots: list[Slot] = []

    def put(role: str | None, span: tuple[int, int] | None, source: str) -> None:
        if role and span:
            slots.append(Slot(role, span[0], span[1], source))

    passive = passive_at is not None and _governs(sent, passive_at, i)
    if passive:
        patient = next((r for r in reversed(nps) if r[1] <= passive_at), None)
        if patient and sent.norm(patient[0]) in g.reflexives and nps and nps[0] != patient:
            patient = nps[0]  # 自己 is bound by the clause subject
        agent = next((r for r in nps if r[0] > passive_at), None)
        put(fr.get("passive", fr.get("object")), patient, "passive")
        put(fr.get("by", fr.get("subject")), agent, "by")
    elif fr.get("possessor") and i - 1 > cs and sent.norm(i - 1) == "的" and (
            owner := sent.np_left(i - 1, cs)):
        put(fr["possessor"], owner, "possessor")
        if nps and nps[0][1] <= owner[0]:
            put(fr.get("subject"), nps[0], "subject")
    else:
        after = [r for r in nps if announce_at is not None and r[0] > announce_at]
        cands = after or nps
        if fr.get("near") and len(cands) >= 2 and cands[-1][1] == i:
            put(fr["near"], cands[-1], "near")
            put(fr.get("outer", fr.get("subject")), cands[0], "subject")
        elif cands:
            put(fr.get("subject"), cands[0], "subject")
        elif not preps:
            put(fr.get("subject"), _previous_subject(sent, cs), "subject")
    for w, r in preps:
        put((fr.get("preps") or {}).get(w), r, "prep")
    _post(sent, j, ce, fr, put)
    return Frame(slots, (cs, ce), passive)


def _governs(sent: Sentence, p: int, i: int) -> bool:
    """被 governs the trigger when only its agent and adverbs stand between (not 被曝 X 泄露)."""
    return all(sent.is_np(t) or pos(sent.norm(t))[:1] == "d" or sent.norm(t) in grammar().passive
               for t in range(p + 1, i))


def _previous_subject(sent: Sentence, cs: int) -> tuple[int, int] | None:
    """A verb-initial clause (…,宣布开除 X) takes the first noun phrase of the clause before."""
    if cs <= sent.offset or sent.norm(cs - 1) != ",":
        return None  # only across a comma: 进展:谈判破裂 does not take 进展's subject
    ps, pe = sent.clause(cs - 1)
    for k in range(ps, pe):
        r = sent.np_right(k, pe)
        if r:
            return r
    return None


def _post(sent: Sentence, j: int, ce: int, fr: dict, put) -> None:
    k = j
    while k < ce and sent.norm(k) in _ASPECT:
        k += 1
    post_verbs = fr.get("post_verbs") or {}
    object_role = fr.get("object")
    for t in range(k, ce):
        if sent.norm(t) in post_verbs:
            put(post_verbs[sent.norm(t)], sent.np_right(t + 1, ce), "post_verb")
            # 禁止员工使用 X: the object before the verb is who is affected, X the target
            object_role = fr.get("object_before_verb", object_role)
            break
    if k < ce and sent.norm(k) in _AS:
        put(fr.get("as"), _as_phrase(sent, k + 1, ce), "as")
        return
    obj = sent.np_right(k, ce)
    if obj:
        put(object_role, obj, "object")
        k = obj[1]
        if k < ce and sent.norm(k) in _AS:
            put(fr.get("as"), _as_phrase(sent, k + 1, ce), "as")


_AS_MAX = 4  # tokens of a position after 为 when jieba tags it oddly (署理 is a verb to jieba)


def _as_phrase(sent: Sentence, k: int, ce: int) -> tuple[int, int] | None:
    """What follows 为: a noun phrase, else the few tokens up to the clause end."""
    r = sent.np_right(k, ce)
    if r or k >= ce:
        return r
    e = k
    while e < ce and e - k < _AS_MAX and sent.norm(e) not in grammar().np_break:
        e += 1
    return (k, e) if e > k else None


@dataclass(frozen=True)
class Chain:
    org: str | None  # text before the title (former-modifiers removed)
    position: str  # kept modifiers + title
    person: str | None  # text after the title
    pos_start: int  # offsets of each part within the phrase
    org_start: int
    person_start: int


@lru_cache(maxsize=1)
def _title_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(former-modifiers, kept-modifiers and a title; the former-modifiers alone)."""
    t = load("titles")
    former = f"(?:{alternation(t['former'])})*"
    # the modifiers may be absent: a match starts with one of them or with a title
    first = starts_with(t["former"], t["kept"], t["titles"])
    return re.compile(
        rf"{first}(?P<former>{former})"
        rf"(?P<kept>(?:{alternation(t['kept'])})*)"
        rf"(?P<title>{alternation(t['titles'])})"
    ), re.compile(former)


def rules() -> None:
    """Build the title and argument rules now (see ``pipeline.events.warm``)."""
    _title_res()
    _argument_rules()


def chain(norm_phrase: str) -> Chain | None:
    """Split 前华星电子法务长李文斌 into org 华星电子, position 法务长, person 李文斌."""
    title_re, former_re = _title_res()
    found = list(title_re.finditer(norm_phrase))
    if not found:
        return None
    m = found[-1]  # the title nearest the name
    head = norm_phrase[:m.start()]
    former = former_re.match(head)
    org_start = former.end() if former else 0
    org = head[org_start:].rstrip("的") or None
    if org is None and m.group("former"):
        org_start = m.start()
    person = norm_phrase[m.end():] or None
    return Chain(org, m.group("kept") + m.group("title"), person, m.start("kept"), org_start,
                 m.end())


@lru_cache(maxsize=1)
def _argument_rules() -> tuple[dict[str, frozenset[str]], re.Pattern[str], frozenset[str],
                               re.Pattern[str]]:
    a = load("arguments")
    org_roles = {t: frozenset(roles) for t, roles in a["org_like_roles"].items()}
    return (org_roles, re.compile(f"(?:{alternation(a['org_heads'])})$"),
            frozenset(a["org_tags"]), re.compile(f"(?:{alternation(a['not_product_heads'])})$"))


def org_like(type_id: str, role: str) -> bool:
    """Whether ``role`` of ``type_id`` must look like an org: only then does ``admissible`` read
    the phrase's entity kind."""
    return role in _argument_rules()[0].get(type_id, ())


def admissible(type_id: str, role: str, norm_text: str, entity_kind: str | None,
               next_word: str = "") -> bool:
    """Whether ``norm_text`` may fill ``role`` (``resources/events/arguments.yaml``): a founded
    org looks like an org, a product is no notice or message (nor followed by one: 故障|说明)."""
    _, org_heads, org_tags, not_product = _argument_rules()
    words = norm_text.split()
    if not words:
        return False
    text = norm_text.strip()
    if (org_like(type_id, role) and entity_kind not in ("org", "media")
            and not org_heads.search(text) and pos(words[-1]) not in org_tags):
        return False
    kind = load("schema")["types"][type_id]["roles"].get(role)
    return not (kind == "product" and (not_product.search(text)
                                       or not_product.fullmatch(next_word)))
