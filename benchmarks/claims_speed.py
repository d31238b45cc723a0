"""Throughput of the claims stage on CCTV news: tokenizer alone vs tokenizer + claims, in one
run, as chars/s and as the claims stage's share (the pipeline target is ≥ 350 K chars/s/core).

usage: python benchmarks/claims_speed.py [N_STORIES]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import stories
from pipeline.claims import find_claims
from pipeline.nlp import get_nlp


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    texts = [s["text"] for s in stories(limit=n) if s.get("text")]
    chars = sum(map(len, texts))
    tok = get_nlp(("claims",)).nlp.tokenizer
    for t in texts[:50]:  # warm the lexeme cache and the rule compilation
        find_claims(tok(t))
    t0 = time.perf_counter()
    docs = [tok(t) for t in texts]
    t_tok = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = sum(len(find_claims(d)) for d in docs)
    t_claims = time.perf_counter() - t0
    sents = sum(len(d._.sentence_spans) for d in docs)
    print(f"{len(texts)} stories, {chars:,} chars, {sents:,} sentences, {found:,} claims")
    print(f"tokenizer alone:   {chars / t_tok:12,.0f} chars/s")
    print(f"claims stage alone:{chars / t_claims:12,.0f} chars/s")
    print(f"tokenizer + claims:{chars / (t_tok + t_claims):12,.0f} chars/s "
          f"(claims = {t_claims / (t_tok + t_claims):.0%} of the time)")


if __name__ == "__main__":
    main()
