"""What adding the alias forms to the segmenter's dictionary changes, on CCTV news.

    .venv/bin/python benchmarks/names_segmenter.py [--stories 2000]

Segments the same sampled stories with jieba's dictionary alone and with
``pipeline.names.segmenter_words()`` added, and prints the share of tokens that differ and
which dictionary words the names break apart most often (谢尔盖 → 谢尔/盖 would show here):
a parity test between rjieba and jieba stays meaningful when both get the same words, and
this says how far the names move segmentation away from stock jieba.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

from _shared import stories

import pipeline.names as names
from pipeline.normalize import to_simplified
from pipeline.segment import Segmenter


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stories", type=int, default=2000)
    args = ap.parse_args()
    texts = [s["text"] for s in stories() if s.get("text")]
    texts = [to_simplified(t) for t in random.Random(0).sample(texts, args.stories)]
    words = names.segmenter_words()
    base, named = Segmenter(), Segmenter(words)
    wordset = set(words)
    total = changed = 0
    broken: Counter[str] = Counter()
    made: Counter[str] = Counter()
    for t in texts:
        a, b = set(base.spans(t)), set(named.spans(t))
        total += len(a)
        changed += len(a - b)
        for s, e in a - b:
            w = t[s:e]
            if w not in wordset and len(w) > 1:
                broken[w] += 1
        for s, e in b - a:
            made[t[s:e]] += 1
    print(f"stories: {len(texts)}  words added: {len(words):,}")
    print(f"tokens (stock jieba dictionary): {total:,}; changed by the names: {changed:,} "
          f"({changed / total:.2%})")
    print("names now kept whole, most often: "
          + ", ".join(f"{w}×{n}" for w, n in made.most_common(20)))
    print("dictionary words split by a name, most often: "
          + ", ".join(f"{w}×{n}" for w, n in broken.most_common(25)))


if __name__ == "__main__":
    main()
