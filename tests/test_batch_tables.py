"""A batch worker's Arrow tables are ``from_pylist`` of ``process()``'s rows; and the Doc values
the stages read are the ``doc._`` extensions a spaCy user sees."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from spacy.tokens import Doc

from pipeline.annotations import DOC_VALUES, doc_text, doc_value, set_doc_value
from pipeline.batch import _chunk_result
from pipeline.ingest.sources import read_inputs
from pipeline.nlp import get_nlp
from pipeline.process import process
from pipeline.records import RawDocument
from pipeline.schema import SCHEMAS
from pipeline.store import DOC_TABLES

ROOT = Path(__file__).resolve().parent.parent


def test_chunk_tables_are_from_pylist_of_process_rows(seed_path):
    docs = [d for d in read_inputs([str(ROOT / "corpus"), str(seed_path)])
            if isinstance(d, RawDocument)]
    assert len(docs) >= 10
    a = get_nlp()
    got = _chunk_result(docs, a)
    assert got.outcomes == [d.doc_id for d in docs]
    rows: dict[str, list[dict]] = {t: [] for t in DOC_TABLES}
    for raw in docs:
        for t, table_rows in process(raw, a).tables.items():
            rows[t].extend(table_rows)
    for t in DOC_TABLES:
        want = pa.Table.from_pylist(rows[t], schema=SCHEMAS[t])
        assert got.tables[t].equals(want), t
        assert got.tables[t].schema.equals(want.schema, check_metadata=True), t


def test_doc_values_are_the_extensions_both_ways(seed_text):
    """What a spaCy user sets with ``doc._`` the stages read, and what the stages set the user
    reads; a Doc from another tokenizer has none of them, and its text is ``doc.text``."""
    nlp = get_nlp().nlp
    doc = nlp(seed_text)
    assert doc._.norm_text and doc._.orig_text == seed_text and doc._.entity_records
    assert doc_text(doc) == seed_text
    doc._.norm_text = "改过"
    assert doc_value(doc, "norm_text") == "改过"
    set_doc_value(doc, "opencc_config", "hk2s")
    assert doc._.opencc_config == "hk2s"
    plain = Doc(nlp.vocab, words=["微軟", "表示"], spaces=[False, False])
    assert all(doc_value(plain, n) is None for n in DOC_VALUES)
    assert doc_text(plain) == "微軟表示" == plain._.orig_text  # and now kept
