"""Speed of the names component on CCTV news, and of ``resolve()``, in one run.

    .venv/bin/python benchmarks/names_throughput.py [--stories 2000] [--traditional]

Samples stories (fixed seed) from ../shared/corpus/cctv_news.jsonl.gz, builds the tokenizer
with the alias forms in its dictionary, and times the tokenizer alone and the names component
over the same texts (tables loaded before timing), then the component again over the same
texts (each unknown form's phonetic search is cached per process). Prints chars/s,
mentions/s, mentions per method, the commonest unresolved forms (to spot look-alikes), and
resolve() per call.
These machines are noisy: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter

import opencc
import spacy
from _shared import stories

import pipeline.names as names
from pipeline.segment import Segmenter
from pipeline.tokenizer import ZhTokenizer


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stories", type=int, default=2000)
    ap.add_argument("--traditional", action="store_true", help="convert to s2twp first")
    args = ap.parse_args()

    texts = [s["text"] for s in stories() if s.get("text")]
    texts = random.Random(0).sample(texts, min(args.stories, len(texts)))
    if args.traditional:
        conv = opencc.OpenCC("s2twp.json")
        texts = [conv.convert(t) for t in texts]
    chars = sum(map(len, texts))

    nlp = spacy.blank("zh")
    nlp.tokenizer = ZhTokenizer(nlp.vocab, Segmenter(names.segmenter_words()))
    pipe = nlp.add_pipe(names.FACTORY)
    pipe(nlp.make_doc(texts[0] + "阿尔特曼和苏特斯科夫"))  # warm-up: tables load once
    names.resolve("布洛克曼")

    t0 = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    t_tok = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs:
        pipe(d)
    t_names = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows = [r for d in docs for r in names.mention_rows(d)]
    t_rows = time.perf_counter() - t0
    docs = [nlp.make_doc(t) for t in texts]  # again, now that every form has been seen once
    t0 = time.perf_counter()
    for d in docs:
        pipe(d)
    t_warm = time.perf_counter() - t0

    n = len(rows)
    print(f"stories: {len(texts)}  chars: {chars:,}  mentions: {n:,}"
          f"{'  (Traditional, s2twp)' if args.traditional else ''}")
    print(f"tokenizer alone:        {chars / t_tok / 1e3:8.0f} K chars/s")
    print(f"names component alone:  {chars / t_names / 1e3:8.0f} K chars/s  "
          f"{n / t_names:,.0f} mentions/s  (first sight of each unknown name: phonetic search)")
    print(f"names, second pass:     {chars / t_warm / 1e3:8.0f} K chars/s  "
          f"{n / t_warm:,.0f} mentions/s  (per-form results cached)")
    print(f"tokenizer + names:      {chars / (t_tok + t_names) / 1e3:8.0f} K chars/s  "
          f"(names = {t_names / t_tok:.2f} x tokenizer time)")
    print(f"mention_rows:           {n / t_rows:,.0f} rows/s")
    by_method = Counter(r["method"] for r in rows)
    print("mentions by method: " + ", ".join(f"{k} {v} ({v / n:.1%})"
                                               for k, v in by_method.most_common()))
    unresolved = Counter(r["text"] for r in rows if r["method"] == "unresolved")
    print("commonest unresolved: " + ", ".join(f"{k}×{v}" for k, v in unresolved.most_common(40)))
    for method in ("phonetic", "cedict", "context", "coref", "alias"):
        c = Counter(f"{r['text']}→{r['canonical']}" for r in rows if r["method"] == method)
        print(f"commonest {method}: " + ", ".join(f"{k}×{v}" for k, v in c.most_common(15)))

    forms = [r["text"] for r in rows[:5000]]
    for label, fn in (("resolve() cached form", lambda: [names.resolve(f) for f in forms]),):
        fn()
        t0 = time.perf_counter()
        fn()
        print(f"{label}: {(time.perf_counter() - t0) / len(forms) * 1e6:.2f} µs/call")
    t0 = time.perf_counter()
    for f in forms[:2000]:
        names.resolve(f, context="据报道，OpenAI与微软的合作仍在继续。")
    print(f"resolve() with a context: {(time.perf_counter() - t0) / 2000 * 1e6:.2f} µs/call")


if __name__ == "__main__":
    main()
