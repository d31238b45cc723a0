from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main


def test_sql_over_the_tables(tmp_path: Path):
    dump = tmp_path / "d.jsonl"
    dump.write_text("\n".join(json.dumps({"title": f"t{i}", "text": f"華星電子第{i}次開會。昨天下午三點宣布結果。",
                                          "published": "2024-03-08 21:05:00"}, ensure_ascii=False)
                              for i in range(3)), encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["extract", str(dump), "-o", str(out)]).exit_code == 0
    r = CliRunner().invoke(main, ["sql", str(out), "SELECT count(*) AS n FROM documents",
                                  "--format", "csv"])
    assert r.exit_code == 0 and r.output.split() == ["n", "3"], r.output
    r = CliRunner().invoke(main, ["sql", str(out),
                                  "SELECT DISTINCT value FROM timexes WHERE text = '昨天下午三點'",
                                  "--format", "json"])
    assert json.loads(r.output)["value"] == "2024-03-07T15:00"
    r = CliRunner().invoke(main, ["sql", str(out), "SELECT count(*) FROM event_claims"])
    assert r.exit_code == 0
    r = CliRunner().invoke(main, ["sql", str(out), "SELECT nonsense FROM nowhere"])
    assert "error:" in r.output and "Traceback" not in r.output
