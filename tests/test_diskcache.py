"""Start-up lexicons cached on disk: read back equal, rebuilt when unusable, never stale."""

from __future__ import annotations

from pathlib import Path

from pipeline import diskcache
from pipeline.names import cedict
from pipeline.names.phonetic import _build_census_indexes


def _counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_a_value_is_built_once_and_read_back(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ZHNEWS_CACHE", str(tmp_path))
    calls, build = _counting({"布拉格": ("Prague", "place")})
    first = diskcache.disk_cached("demo", build)
    again = diskcache.disk_cached("demo", build)
    assert first == again and len(calls) == 1
    assert [p.name for p in tmp_path.iterdir()] == [f"demo-{diskcache.fingerprint()}.pickle"]


def test_a_broken_file_is_rebuilt_and_a_new_fingerprint_is_a_new_file(tmp_path: Path,
                                                                       monkeypatch) -> None:
    monkeypatch.setenv("ZHNEWS_CACHE", str(tmp_path))
    calls, build = _counting([1, 2, 3])
    diskcache.disk_cached("demo", build)
    path = tmp_path / f"demo-{diskcache.fingerprint()}.pickle"
    path.write_bytes(path.read_bytes()[:5])  # a run killed while another wrote? never, but
    assert diskcache.disk_cached("demo", build) == [1, 2, 3] and len(calls) == 2
    assert diskcache.disk_cached("demo", build) == [1, 2, 3] and len(calls) == 2  # mended
    monkeypatch.setattr(diskcache, "fingerprint", lambda: "othercode")  # code or data changed
    assert diskcache.disk_cached("demo", build) == [1, 2, 3] and len(calls) == 3


def test_off_and_unwritable(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ZHNEWS_CACHE", "off")
    calls, build = _counting("x")
    assert diskcache.disk_cached("demo", build) == "x" == diskcache.disk_cached("demo", build)
    assert len(calls) == 2
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ZHNEWS_CACHE", str(blocker / "zhnews"))
    assert diskcache.disk_cached("demo", build) == "x" and len(calls) == 3


def test_the_fingerprint_follows_the_code(tmp_path: Path) -> None:
    # every .py file of the package is in it: editing the builder of a lexicon invalidates it
    package = tmp_path / "pipeline"
    (package / "names").mkdir(parents=True)
    builder = package / "names" / "cedict.py"
    builder.write_text("KIND = 'place'\n", encoding="utf-8")
    (package / "names" / "data.txt").write_text("not code", encoding="utf-8")
    before = diskcache.code_hash(package)
    (package / "names" / "data.txt").write_text("still not code", encoding="utf-8")
    assert diskcache.code_hash(package) == before
    builder.write_text("KIND = 'org'\n", encoding="utf-8")
    assert diskcache.code_hash(package) != before


def test_cached_lexicons_equal_fresh_ones(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ZHNEWS_CACHE", str(tmp_path))
    fresh = cedict._build_lexicon()
    assert diskcache.disk_cached("cedict", cedict._build_lexicon) == fresh  # built, saved
    assert diskcache.disk_cached("cedict", cedict._build_lexicon) == fresh  # read back
    given, family = diskcache.disk_cached("census", _build_census_indexes)
    given2, family2 = diskcache.disk_cached("census", _build_census_indexes)
    assert [c.name for c in given.cands] == [c.name for c in given2.cands]
    assert (family.phone_idx == family2.phone_idx).all() and family.keys.keys() == family2.keys.keys()
