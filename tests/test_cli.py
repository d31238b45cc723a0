"""Every input format and encoding, and every kind of bad input, through the CLI."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
TRAD = (
    "華星電子今天宣布，董事會決議解僱技術長王建國，並任命許家豪接任。"
    "公司發言人表示，這項決定與近期的晶片訂單爭議無關。"
)
SIMP = "星驰汽车昨天宣布完成五十亿元融资，创始人表示资金将用于研发。"
HTML = (
    '<!DOCTYPE html><html lang="zh-Hant-TW"><head><title>華星電子撤換技術長</title>'
    '<meta name="author" content="張記者">'
    '<meta property="article:published_time" content="2024-05-14T18:30:00+08:00">'
    '<link rel="canonical" href="https://news.example.tw/a/1"></head><body>'
    "<nav>首頁 科技 財經 國際</nav><article><h1>華星電子撤換技術長</h1>"
    + "".join(f"<p>{TRAD}第{i}段。</p>" for i in range(6))
    + "</article><footer>版權所有</footer></body></html>"
)


def run(args: list[str], stdin: bytes | None = None):
    return CliRunner().invoke(main, args, input=stdin, catch_exceptions=False)


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {
        p.stem: pd.read_parquet(p) for p in out.glob("*.parquet")
    }


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "page.txt").write_text(f"標題: 晶片風波\n作者: 小明\n發表時間: 2024-03-08 21:05\n\n{TRAD}",
                                encoding="utf-8")
    (d / "bom.txt").write_bytes("\ufeff標題: 有BOM\n\n".encode() + TRAD.encode())
    (d / "big5.txt").write_bytes(("標題: 大五碼\n\n" + TRAD * 8).encode("big5"))
    (d / "gb.txt").write_bytes(("标题: 国标码\n\n" + SIMP * 8).encode("gb18030"))
    (d / "sub" / "page.html").write_text(HTML, encoding="utf-8")
    news_please = {"title": "一", "maintext": SIMP, "date_publish": "2024-05-02 10:15:00",
                   "url": "https://a.example.cn/1", "authors": ["甲", "乙"],
                   "source_domain": "a.example.cn", "language": "zh"}
    trafilatura = {"text": TRAD, "title": "二", "date": "2024-06-11", "author": "丙",
                   "hostname": "b.example.com.tw", "source": "https://b.example.com.tw/2"}
    plain = {"id": "x1", "title": "三", "text": SIMP + "三", "published": "2024-01-01T08:00:00",
             "url": "https://c.example.com/3"}
    lines = [json.dumps(r, ensure_ascii=False) for r in (news_please, trafilatura, plain)]
    (d / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "sub" / "dump2.jsonl.gz").write_bytes(gzip.compress(lines[1].replace("二", "四").encode()))
    return d


def test_every_format_and_encoding(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    r = run(["extract", str(inputs), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "9 documents, 0 errors" in r.output
    t = tables(out)
    docs = t["documents"].set_index(t["documents"].source.map(lambda s: Path(s).name))
    assert docs.loc["big5.txt", "encoding"] == "big5hkscs"
    assert docs.loc["gb.txt", "encoding"] == "gb18030"
    assert docs.loc["bom.txt", "encoding"] == "utf-8-sig"
    assert docs.loc["big5.txt", "title"] == "大五碼" and docs.loc["gb.txt", "script"] == "simplified"
    page = docs.loc["page.txt"]
    assert (page.title, page.author, page.posted_at) == ("晶片風波", "小明", "2024-03-08T21:05:00")
    html = docs.loc["page.html"]
    assert html.format == "html" and html.author == "張記者" and html.timezone == "Asia/Taipei"
    assert html.url == "https://news.example.tw/a/1" and html.opencc_config == "tw2sp"
    assert "首頁 科技" not in html.body and TRAD in html.body
    dumps = t["documents"][t["documents"].format == "jsonl"].set_index("title")
    assert dumps.loc["一", "author"] == "甲, 乙" and dumps.loc["一", "posted_at"] == "2024-05-02T10:15:00"
    assert dumps.loc["二", "site"] == "b.example.com.tw" and dumps.loc["二", "line"] == 2
    assert dumps.loc["三", "url"] == "https://c.example.com/3"
    assert "四" in dumps.index  # gzip inside a sub-folder
    # CSV is written too, with a BOM so Excel reads Chinese
    assert (out / "documents.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(pd.read_csv(out / "documents.csv", encoding="utf-8-sig")) == 9


def test_stdin(tmp_path: Path):
    out = tmp_path / "out"
    r = run(["extract", "-", "-o", str(out)], stdin=TRAD.encode("big5"))
    assert r.exit_code == 0, r.output
    docs = tables(out)["documents"]
    assert docs.source.tolist() == ["<stdin>"] and docs.body[0] == TRAD


def test_bad_inputs_become_error_rows_and_the_batch_goes_on(tmp_path: Path):
    d = tmp_path / "bad"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (d / "latin1.txt").write_bytes("Ünïcödé café résumé naïve déjà vu ".encode("latin-1") * 20)
    (d / "broken.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    good = json.dumps({"title": "好", "text": SIMP}, ensure_ascii=False)
    (d / "dump.jsonl").write_text(f"{good}\n{{not json\n[1, 2]\n{{\"title\": \"無正文\"}}\n",
                                  encoding="utf-8")
    (d / "cut.html").write_text(HTML[: len(HTML) // 2], encoding="utf-8")
    (d / "huge.txt").write_text("字" * 3000, encoding="utf-8")
    (d / "ok.txt").write_text(TRAD, encoding="utf-8")
    out = tmp_path / "out"
    r = run(["extract", str(d), "-o", str(out), "--max-chars", "2000"])
    assert r.exit_code == 0, r.output
    errs = tables(out)["errors"]
    by_file = {(Path(s).name, e) for s, e in zip(errs.source, errs.error, strict=True)}
    assert {
        ("empty.txt", "empty"), ("binary.txt", "binary"), ("latin1.txt", "undecodable"),
        ("broken.gz", "gzip"), ("dump.jsonl", "json"), ("dump.jsonl", "no_text"),
        ("cut.html", "truncated"), ("huge.txt", "too_large"),
    } <= by_file
    json_lines = sorted(errs[errs.error == "json"].line.tolist())
    assert json_lines == [2, 3]  # line numbers of the malformed lines
    docs = tables(out)["documents"]
    assert {Path(s).name for s in docs.source} == {"dump.jsonl", "cut.html", "ok.txt"}
    assert all(m and "\n" not in m for m in errs.message)  # one clear line each


def test_half_a_surrogate_pair_in_json_becomes_a_replacement_character(tmp_path: Path):
    # "\ud800" is valid JSON but not valid Unicode: no UTF-8 writer takes it. The document is
    # kept, with U+FFFD in its place, so the offsets of everything after it still hold.
    d = tmp_path / "in"
    d.mkdir()
    (d / "dump.jsonl").write_text('{"title": "半\\udc00", "text": "' + SIMP[:6] + '\\ud800'
                                  + SIMP[6:] + '"}\n', encoding="utf-8")
    out = tmp_path / "out"
    assert run(["extract", str(d), "-o", str(out)]).exit_code == 0
    t = tables(out)
    assert t["errors"].empty
    (doc,) = t["documents"].itertuples()
    assert doc.body == SIMP[:6] + "\ufffd" + SIMP[6:] and doc.title == "半\ufffd"
    for m in t["mentions"].itertuples():
        assert doc.body[m.start:m.end] == m.text


def test_nothing_readable_exits_nonzero(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    r = CliRunner().invoke(main, ["extract", str(tmp_path / "empty.txt"), "-o",
                                  str(tmp_path / "out")])
    assert r.exit_code == 2
    assert "nothing could be read" in r.output


def test_usage_errors(tmp_path: Path):
    r = CliRunner().invoke(main, ["extract", str(tmp_path / "missing"), "-o", str(tmp_path)])
    assert r.exit_code == 2 and "no such file" in r.output
    r = CliRunner().invoke(main, ["extract", str(ROOT / "corpus"), "--format", "xlsx"])
    assert r.exit_code == 2 and "unknown format" in r.output


def test_interrupted_run_leaves_previous_tables_intact(tmp_path: Path, monkeypatch):
    src = tmp_path / "a.txt"
    src.write_text(TRAD, encoding="utf-8")
    out = tmp_path / "out"
    assert run(["extract", str(src), "-o", str(out)]).exit_code == 0
    before = (out / "documents.parquet").read_bytes()

    import pipeline.batch

    def boom(*_a, **_k):
        raise KeyboardInterrupt  # e.g. Ctrl-C in the middle of a batch

    src.write_text(TRAD + "更新。", encoding="utf-8")  # changed: must be processed again
    with monkeypatch.context() as m:
        m.setattr(pipeline.batch, "process", boom)
        m.setattr(pipeline.batch, "process_many", boom)
        r = CliRunner().invoke(main, ["extract", str(src), "-o", str(out), "-w", "1"])
    assert r.exit_code != 0  # click reports the interrupt as "Aborted!"
    assert (out / "documents.parquet").read_bytes() == before
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]
    # the next run completes the work: the changed text replaces the old, nothing twice
    r = run(["extract", str(src), "-o", str(out)])
    assert "1 replaced" in r.output, r.output
    docs = tables(out)["documents"]
    assert docs.body.tolist() == [TRAD + "更新。"]


def test_sample_corpus_produces_tables(tmp_path: Path):
    out = tmp_path / "out"
    r = run(["extract", str(ROOT / "corpus"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    t = tables(out)
    assert len(t["documents"]) >= 10 and len(t["sentences"]) > 100 and t["errors"].empty
    assert set(t["documents"].script) >= {"traditional", "simplified"}


def test_forum_page_saved_as_html_keeps_its_profile(tmp_path: Path):
    """A forum page saved as HTML: trafilatura finds the text, the site profile still cuts it."""
    import html as htmllib

    page = (ROOT / "corpus" / "forum" / "creaders_sample.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{htmllib.escape(line)}</p>\n" for line in page.splitlines() if line.strip())
    (tmp_path / "post.html").write_text(
        f"<html><head><title>x</title></head><body><div id='post'>{body}</div></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run(["extract", str(tmp_path / "post.html"), "-o", str(out)]).exit_code == 0
    doc = tables(out)["documents"].iloc[0]
    assert (doc.site, doc.forum, doc.author) == ("萬維讀者網", "科技前沿", "灣區閒人")
    assert doc.posted_at == "2024-03-09T21:14:05"
    assert "標 題 (必選項)" not in doc.body and "一周點擊熱帖" not in doc.body


def test_the_progress_total_counts_the_documents_that_will_be_read(tmp_path: Path) -> None:
    # the ETA rests on this count; a wrong one makes the bar lie for hours on a big dump
    from pipeline.ingest.sources import count_documents, read_inputs

    (tmp_path / "a.jsonl").write_text(
        "\n".join(json.dumps({"text": SIMP, "id": i}) for i in range(5)), "utf-8")  # no final \n
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write("".join(json.dumps({"text": SIMP}) + "\n" for _ in range(3)))
    (tmp_path / "c.html").write_text(HTML, "utf-8")
    (tmp_path / "d.txt").write_bytes(b"\x00\x01binary")
    inputs = [str(tmp_path), str(ROOT / "corpus")]
    assert count_documents(inputs) == sum(1 for _ in read_inputs(inputs))
    assert count_documents(["-"]) is None


def test_log_lines_carry_an_eta_once_the_total_is_known(tmp_path: Path, caplog) -> None:
    import logging
    import time

    from pipeline.batch import _progress
    from pipeline.ingest.sources import read_inputs

    (tmp_path / "a.jsonl").write_text(
        "".join(json.dumps({"text": SIMP, "id": i}) + "\n" for i in range(4)), "utf-8")

    def slow():
        for item in read_inputs([str(tmp_path)]):
            time.sleep(0.2)  # time for the counting thread
            yield item

    with caplog.at_level(logging.INFO, logger="zhnews"):
        assert len(list(_progress(slow(), False, [str(tmp_path)], every=0.0))) == 4
    last = caplog.records[-1].getMessage()
    assert "4 documents read" in last and "ETA 0:00:00" in last, last


def test_a_big_utf8_dump_streams_line_by_line_and_keeps_what_precedes_a_cut(tmp_path: Path):
    from pipeline.ingest import sources

    good = [json.dumps({"text": f"{SIMP}第{i}条\u2028续", "id": i}, ensure_ascii=False)
            for i in range(1200)]
    # the bad line lies past the sample that picks the encoding
    data = ("\n".join(good[:1000]) + "\n").encode() + b'{"text": "\xff\xfe"}\n' + (
        "\n".join(good[1000:]) + "\n").encode()
    (tmp_path / "dump.jsonl").write_bytes(data)
    cut = gzip.compress(data)
    (tmp_path / "cut.jsonl.gz").write_bytes(cut[: len(cut) * 2 // 3])
    calls = []
    real = Path.read_bytes
    try:  # streaming: the file is never read whole
        Path.read_bytes = lambda self: calls.append(self) or real(self)
        items = list(sources.read_path(str(tmp_path / "dump.jsonl")))
        partial = list(sources.read_path(str(tmp_path / "cut.jsonl.gz")))
    finally:
        Path.read_bytes = real
    assert calls == []
    docs = [i for i in items if not hasattr(i, "error")]
    assert len(docs) == 1200 and docs[0].body.endswith("第0条\u2028续")  # U+2028 ends no line
    bad = [i for i in items if hasattr(i, "error")]
    assert [(b.error, b.line) for b in bad] == [("undecodable", 1001)]
    assert [d.line for d in docs[999:1001]] == [1000, 1002]
    assert partial[-1].error == "gzip" and 0 < len(partial) - 1 < 1200
