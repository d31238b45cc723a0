"""Read an output folder into the compact payload the report page renders.

Rows travel as arrays (their column names once, in ``cols``) and point at documents and
entities by index, so a 24 K-story run embeds as a few MB of JSON. The page never sees a whole
body: each event or claim carries a *snippet*, the sentence(s) around it cut from
``documents.body`` by the rows' own offsets, shared between rows that fall in the same window
and capped in total (``Caps``); a row past the cap says so and tells how to query it.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..schema import SCHEMAS
from ..store import Store
from .timeline import place

COLS = {
    "docs": ["id", "title", "site", "forum", "author", "posted", "url", "source", "script",
             "chars", "sents", "ments", "timexes", "events", "claims", "errors"],
    "snips": ["doc", "start", "text", "clipped"],
    "events": ["doc", "id", "type", "trigger", "start", "end", "polarity", "time_text",
               "time_value", "tstart", "tend", "claim", "snip", "args", "placed", "ents",
               "confidence"],
    "args": ["role", "text", "canonical", "start", "end"],
    "claims": ["doc", "id", "speaker", "speaker_text", "kind", "cue", "content", "start", "end",
               "cstart", "cend", "quote", "outlet", "via", "hedged", "time_text", "time_value",
               "tstart", "tend", "snip", "events", "ents"],
    "ents": ["name", "kind", "id", "resolved", "mentions", "ndocs", "forms", "docs"],
    "forms": ["text", "method", "confidence", "count"],
    "errors": ["source", "line", "stage", "error", "message"],
}

# positions of the counters filled in as rows are read
_DOC, _CLAIM, _EVENT = ({n: i for i, n in enumerate(COLS[t])} for t in ("docs", "claims", "events"))


@dataclass(frozen=True)
class Caps:
    """Limits that keep a large run's page small and quick; a small run hits none of them."""

    snippet_chars: int = 6_000_000  # all snippet text together (24 K CCTV stories: 2.9 M)
    snippet_window: int = 320  # one snippet at most, cut around its trigger or claim
    events: int = 200_000
    claims: int = 200_000
    entities: int = 5_000  # most-mentioned first; the rest are counted, not listed
    forms_per_entity: int = 40
    docs_per_entity: int = 60
    errors: int = 5_000


def _read(store: Store, table: str, columns: list[str]) -> pa.Table:
    """Only the columns the report needs, over every committed batch."""
    files = store.files(table)
    schema = SCHEMAS[table]
    if not files:
        return schema.empty_table().select(columns)
    sub = pa.schema([schema.field(c) for c in columns])
    return pa.concat_tables([pq.read_table(f, columns=columns, schema=sub) for f in files])


def _rows(table: pa.Table) -> Iterable[dict[str, Any]]:
    for batch in table.to_batches(max_chunksize=50_000):
        yield from batch.to_pylist()


class _Spans:
    """Sorted (start, end, payload) per document, for 'what lies under these offsets'."""

    def __init__(self) -> None:
        self._by_doc: dict[int, list[tuple[int, int, Any]]] = defaultdict(list)
        self._starts: dict[int, list[int]] = {}

    def add(self, doc: int, start: int, end: int, item: Any) -> None:
        self._by_doc[doc].append((start, end, item))

    def freeze(self) -> None:
        for doc, spans in self._by_doc.items():
            spans.sort(key=lambda s: (s[0], s[1]))
            self._starts[doc] = [s[0] for s in spans]

    def overlapping(self, doc: int, start: int, end: int, longest: int = 400) -> list[Any]:
        spans = self._by_doc.get(doc)
        if not spans:
            return []
        starts = self._starts[doc]
        i = bisect.bisect_left(starts, start - longest)
        out = []
        for s, e, item in spans[i:bisect.bisect_left(starts, end)]:
            if e > start and s < end:
                out.append(item)
        return out


class _Snippets:
    """Deduplicated text windows under a total budget."""

    def __init__(self, bodies: list[str], sentences: _Spans, caps: Caps) -> None:
        self.bodies, self.sentences, self.caps = bodies, sentences, caps
        self.rows: list[list[Any]] = []
        self.index: dict[tuple[int, int, int], int] = {}
        self.chars = 0
        self.dropped = 0

    def covers(self, snip: int, start: int | None, end: int | None) -> bool:
        if snip < 0 or start is None or end is None:
            return False
        _, lo, text, _ = self.rows[snip]
        return lo <= start <= end <= lo + len(text)

    def window(self, doc: int, focus: tuple[int, int], spans: Iterable[tuple[int, int]]) -> int:
        """Snippet id for the sentences around ``focus`` widened to ``spans``; -1 past the cap."""
        lo, hi = focus
        for s, e in self.sentences.overlapping(doc, *focus):
            lo, hi = min(lo, s), max(hi, e)
        for s, e in spans:
            lo, hi = min(lo, s), max(hi, e)
        half = self.caps.snippet_window // 2
        clipped = hi - lo > self.caps.snippet_window
        if clipped:  # keep the focus, cut the rest evenly
            centre = (focus[0] + focus[1]) // 2
            lo = max(lo, min(focus[0], centre - half))
            hi = min(hi, max(focus[1], lo + self.caps.snippet_window))
        body = self.bodies[doc]
        lo, hi = max(0, lo), min(len(body), hi)
        key = (doc, lo, hi)
        if key in self.index:
            return self.index[key]
        if self.chars + (hi - lo) > self.caps.snippet_chars:
            self.dropped += 1
            return -1
        self.chars += hi - lo
        self.index[key] = len(self.rows)
        self.rows.append([doc, lo, body[lo:hi], int(clipped)])
        return self.index[key]


def _entities(mentions: pa.Table, doc_index: dict[str, int], caps: Caps
              ) -> tuple[list[list[Any]], _Spans, dict[str, int], int]:
    """Aggregate mentions per entity: forms, methods, counts, documents.

    Unresolved mentions group by their Simplified form and kind, marked unresolved, so the
    analyst sees what the gazetteer missed. Returns the rows, each mention's span → entity
    index (for linking events and claims), canonical/id → index, and how many were left out.
    """
    ment_count: Counter[tuple] = Counter()
    kinds: dict[tuple, Counter[str]] = defaultdict(Counter)
    docs: dict[tuple, Counter[int]] = defaultdict(Counter)
    forms: dict[tuple, dict[tuple[str, str], list[float]]] = defaultdict(dict)
    canonical: dict[tuple, str] = {}
    spans: list[tuple[int, int, int, tuple]] = []
    for m in _rows(mentions):
        resolved = bool(m["canonical"] or m["entity_id"])
        key = ((m["entity_id"] or m["canonical"]), True) if resolved else (
            (m["text_simplified"] or m["text"]), False)
        doc = doc_index.get(m["doc_id"])
        if doc is None:
            continue
        ment_count[key] += 1
        kinds[key][m["kind"] or ""] += 1
        docs[key][doc] += 1
        stat = forms[key].setdefault((m["text"], m["method"] or ""), [0, 0.0, 0])
        stat[0] += 1
        if m["confidence"] is not None:
            stat[1] += m["confidence"]
            stat[2] += 1
        spans.append((doc, m["start"], m["end"], key))
        if resolved and m["canonical"]:
            canonical.setdefault(key, m["canonical"])
    ranked = [k for k, _ in ment_count.most_common()]
    kept, left_out = ranked[:caps.entities], max(0, len(ranked) - caps.entities)
    idx = {k: i for i, k in enumerate(kept)}
    rows: list[list[Any]] = []
    names: dict[str, int] = {}
    for key in kept:
        kind = kinds[key].most_common(1)[0][0]
        name = canonical.get(key, key[0])
        fs = sorted(forms[key].items(), key=lambda kv: -kv[1][0])[:caps.forms_per_entity]
        rows.append([
            name, kind, key[0] if key[1] else None, key[1], ment_count[key], len(docs[key]),
            [[t, meth, round(s[1] / s[2], 3) if s[2] else None, s[0]] for (t, meth), s in fs],
            [d for d, _ in docs[key].most_common(caps.docs_per_entity)],
        ])
        if key[1]:  # events and claims name an entity by its id or its canonical name
            names[key[0]] = idx[key]
            names.setdefault(name, idx[key])
    index = _Spans()
    for doc, s, e, key in spans:
        if key in idx:
            index.add(doc, s, e, idx[key])
    index.freeze()
    return rows, index, names, left_out


_TIMEX_REACH = 120  # characters: farther than this, a same-valued timex is another mention


def _nearest_timex(timexes: dict[int, list[tuple[int, int, str, str]]], doc: int,
                   text: str | None, value: str | None, near: int) -> tuple[int, int] | None:
    """The timex row a time_text came from: same text and value, nearest the trigger."""
    if not text:
        return None
    best = None
    for s, e, t, v in timexes.get(doc, ()):
        if t == text and (value is None or v == value) and (
                best is None or abs(s - near) < abs(best[0] - near)):
            best = (s, e)
    if best is None and value:  # the stage widened the text (提前一天 over 前一天): same value
        for s, e, _, v in timexes.get(doc, ()):
            if v == value and abs(s - near) <= _TIMEX_REACH and (
                    best is None or abs(s - near) < abs(best[0] - near)):
                best = (s, e)
    return best


def load(out_dir: str | Path, caps: Caps | None = None) -> dict[str, Any]:
    """The report payload for one output folder (see ``COLS`` for the row layouts)."""
    caps = caps or Caps()
    store = Store(out_dir)
    if not store.parts.is_dir():
        raise FileNotFoundError(f"{out_dir} holds no zhnews output (no parts/ folder)")

    docs_t = _read(store, "documents", COLS_DOCS_READ).sort_by(
        [("posted_at", "ascending"), ("doc_id", "ascending")])
    errors_t = _read(store, "errors", ["source", "line", "stage", "error", "message"])
    err_by_source = Counter(errors_t.column("source").to_pylist())
    sources: dict[str, int] = {}  # one input file holds many documents: name it once
    doc_index: dict[str, int] = {}
    bodies: list[str] = []
    docs: list[list[Any]] = []
    for d in _rows(docs_t):
        doc_index[d["doc_id"]] = len(docs)
        bodies.append(d["body"])
        docs.append([d["doc_id"], d["title"], d["site"], d["forum"], d["author"], d["posted_at"],
                     d["url"], sources.setdefault(d["source"], len(sources)), d["script"],
                     d["chars"], 0, 0, 0, 0, 0, err_by_source.get(d["source"], 0)])

    sentences = _Spans()
    for s in _rows(_read(store, "sentences", ["doc_id", "start", "end"])):
        if (doc := doc_index.get(s["doc_id"])) is not None:
            sentences.add(doc, s["start"], s["end"], (s["start"], s["end"]))
            docs[doc][_DOC["sents"]] += 1
    sentences.freeze()

    timexes: dict[int, list[tuple[int, int, str, str]]] = defaultdict(list)
    for t in _rows(_read(store, "timexes", ["doc_id", "start", "end", "text", "value"])):
        if (doc := doc_index.get(t["doc_id"])) is not None:
            timexes[doc].append((t["start"], t["end"], t["text"], t["value"]))
            docs[doc][_DOC["timexes"]] += 1

    mentions_t = _read(store, "mentions", ["doc_id", "start", "end", "text", "text_simplified",
                                           "kind", "canonical", "entity_id", "method",
                                           "confidence"])
    for doc_id in mentions_t.column("doc_id").to_pylist():
        if (doc := doc_index.get(doc_id)) is not None:
            docs[doc][_DOC["ments"]] += 1
    ents, ent_spans, ent_names, ents_left_out = _entities(mentions_t, doc_index, caps)
    del mentions_t

    snippets = _Snippets(bodies, sentences, caps)
    claims, claim_index = _claims(store, doc_index, docs, timexes, snippets, ent_spans,
                                  ent_names, caps)
    events = _events(store, doc_index, docs, timexes, snippets, ent_spans, ent_names,
                     claim_index, claims, caps)

    errors = [[e["source"], e["line"], e["stage"], e["error"], e["message"]]
              for e in _rows(errors_t.slice(0, caps.errors))]
    total = {"documents": len(docs), "events": len(events), "claims": len(claims),
             "entities": len(ents) + ents_left_out, "mentions": sum(d[_DOC["ments"]] for d in docs),
             "errors": errors_t.num_rows}
    meta = {
        "out_dir": str(Path(out_dir).resolve()),
        "totals": total,
        "placed": sum(1 for e in events if e[_EVENT["placed"]]),
        "snippet_chars": snippets.chars,
        "snippets_dropped": snippets.dropped,
        "entities_left_out": ents_left_out,
        "errors_left_out": max(0, errors_t.num_rows - caps.errors),
        "caps": asdict(caps),
        "versions": sorted(set(docs_t.column("pipeline_version").to_pylist())),
    }
    return {"meta": meta, "cols": COLS, "docs": docs, "snips": snippets.rows,
            "events": events, "claims": claims, "ents": ents, "errors": errors,
            "sources": list(sources)}


COLS_DOCS_READ = ["doc_id", "title", "site", "forum", "author", "posted_at", "url", "source",
                  "script", "chars", "body", "pipeline_version"]


def _linked(ent_spans: _Spans, ent_names: dict[str, int], doc: int,
            spans: Iterable[tuple[int, int]], names: Iterable[str | None]) -> list[int]:
    """Entity indices a row involves: by its resolved names, then by mentions under its spans."""
    found = {ent_names[n] for n in names if n and n in ent_names}
    for s, e in spans:
        found.update(ent_spans.overlapping(doc, s, e))
    return sorted(found)


def _claims(store: Store, doc_index: dict[str, int], docs: list[list[Any]],
            timexes: dict[int, list[tuple[int, int, str, str]]], snippets: _Snippets,
            ent_spans: _Spans, ent_names: dict[str, int], caps: Caps
            ) -> tuple[list[list[Any]], dict[tuple[int, str], int]]:
    table = _read(store, "claims", [f.name for f in SCHEMAS["claims"]])
    rows: list[list[Any]] = []
    index: dict[tuple[int, str], int] = {}
    for c in _rows(table.slice(0, caps.claims)):
        doc = doc_index.get(c["doc_id"])
        if doc is None:
            continue
        docs[doc][_DOC["claims"]] += 1
        span = (c["start"], c["end"])
        t = _nearest_timex(timexes, doc, c["time_text"], c["time_value"], c["start"])
        snip = snippets.window(doc, span, [t] if t else [])
        index[(doc, c["claim_id"])] = len(rows)
        # the page cuts the content from the snippet when it can: claims are the bulk
        content = None if snippets.covers(snip, c["content_start"], c["content_end"]) \
            else c["content"]
        rows.append([
            doc, c["claim_id"], c["speaker"], c["speaker_text"], c["speaker_kind"], c["cue"],
            content, c["start"], c["end"], c["content_start"], c["content_end"],
            c["direct_quote"], c["source_outlet"], c["via"] or [], c["hedged"], c["time_text"],
            c["time_value"], t[0] if t else None, t[1] if t else None, snip, 0,
            _linked(ent_spans, ent_names, doc, [span], [c["speaker_id"], c["speaker"]]),
        ])
    return rows, index


def _events(store: Store, doc_index: dict[str, int], docs: list[list[Any]],
            timexes: dict[int, list[tuple[int, int, str, str]]], snippets: _Snippets,
            ent_spans: _Spans, ent_names: dict[str, int], claim_index: dict[tuple[int, str], int],
            claims: list[list[Any]], caps: Caps) -> list[list[Any]]:
    cols = ["doc_id", "event_id", "event_type", "trigger", "start", "end", "arguments",
            "time_text", "time_value", "polarity", "reported_by", "confidence"]
    rows: list[list[Any]] = []
    for ev in _rows(_read(store, "events", cols).slice(0, caps.events)):
        doc = doc_index.get(ev["doc_id"])
        if doc is None:
            continue
        docs[doc][_DOC["events"]] += 1
        args = [[a["role"], a["text"], a["canonical"], a["start"], a["end"]]
                for a in ev["arguments"] or []]
        t = _nearest_timex(timexes, doc, ev["time_text"], ev["time_value"], ev["start"])
        arg_spans = [(a[3], a[4]) for a in args if a[3] is not None and a[4] is not None]
        snip = snippets.window(doc, (ev["start"], ev["end"]), arg_spans + ([t] if t else []))
        claim = claim_index.get((doc, ev["reported_by"])) if ev["reported_by"] else None
        if claim is not None:
            claims[claim][_CLAIM["events"]] += 1
        placed = place(ev["time_value"])
        conf = ev["confidence"]
        rows.append([
            doc, ev["event_id"], ev["event_type"], ev["trigger"], ev["start"], ev["end"],
            ev["polarity"] or "asserted", ev["time_text"], ev["time_value"],
            t[0] if t else None, t[1] if t else None, claim if claim is not None else -1, snip,
            args, list(placed) if placed else 0,
            _linked(ent_spans, ent_names, doc, arg_spans,
                    [a[2] for a in args] + [a["entity_id"] for a in ev["arguments"] or []]),
            round(conf, 3) if conf is not None else None,
        ])
    return rows
