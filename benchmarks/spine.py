"""The spine alone (normalize + segment + spaCy Doc with norms) against its building blocks.

    .venv/bin/python benchmarks/spine.py [--limit 3000] [--traditional]

MEASURED.md: on 3 000 Traditional stories, t2s + rjieba tag 2.2 M chars/s and the same plus
spaCy Doc construction with norms 0.75 M chars/s. Ratios are what to compare.
"""

from __future__ import annotations

import argparse
import time

import opencc
import rjieba
import spacy
from _shared import stories

from pipeline.tokenizer import ZhTokenizer


def rate(fn, texts: list[str], chars: int, repeat: int = 2) -> float:
    best = 0.0
    for _ in range(repeat):  # the first pass also fills caches (lexemes); keep the best
        t = time.perf_counter()
        for x in texts:
            fn(x)
        best = max(best, chars / (time.perf_counter() - t))
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=3000)
    ap.add_argument("--traditional", action="store_true", default=True)
    args = ap.parse_args()
    texts = [s["text"] for s in stories(limit=args.limit) if s.get("text")]
    if args.traditional:
        conv = opencc.OpenCC("s2twp.json")
        texts = [conv.convert(x) for x in texts]
    chars = sum(map(len, texts))
    t2s, jb = opencc.OpenCC("t2s.json"), rjieba.Jieba()
    floor = rate(lambda x: jb.tag(t2s.convert(x), False), texts, chars)
    tok = ZhTokenizer(spacy.blank("zh").vocab)
    spine = rate(tok.make_doc, texts, chars)
    tw = rate(lambda x: tok.make_doc(x, "tw2sp"), texts, chars)
    print(f"{len(texts):,} stories, {chars:,} chars (Traditional: {args.traditional})")
    print(f"floor  OpenCC t2s + rjieba tag   {floor / 1e6:5.2f} M chars/s")
    for label, r in (("make_doc (t2s)  ", spine), ("make_doc (tw2sp)", tw)):
        print(f"spine  {label}          {r / 1e6:5.2f} M chars/s = {r / floor:.2f} × floor")
    print("MEASURED.md reference: Doc + norms = 0.34 × floor")


if __name__ == "__main__":
    main()
