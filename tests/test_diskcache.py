"""The on-disk cache of validated rulesets: reused while nothing changed, rebuilt when anything did."""

from __future__ import annotations

import pickle

import pytest

from runlift.diskcache import DiskCache
from runlift.errors import ConfigError
from runlift.loader import RulesetLoader
from runlift.plugin_manager import Plugins

COACH = """
name = "coach"
extends = ["runna"]
prefix = "CO"

[[rules]]
code = "RN105"
options = {{ max = {max} }}
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("RUNLIFT_CACHE_DIR", str(directory))
    monkeypatch.delenv("RUNLIFT_NO_CACHE", raising=False)
    return directory


def fresh_loader() -> RulesetLoader:
    return RulesetLoader(Plugins.load(load_entrypoints=False))


def test_a_cached_ruleset_equals_a_freshly_loaded_one(cache_dir):
    first = fresh_loader().load("runna")
    assert list(cache_dir.rglob("*.pickle")), "nothing was cached"
    second = fresh_loader().load("runna")
    assert second == first and second is not first


def test_editing_any_file_of_the_chain_invalidates(cache_dir, tmp_path):
    path = tmp_path / "coach.toml"
    path.write_text(COACH.format(max=35), encoding="utf-8")
    assert fresh_loader().load(str(path)).rule("RN105").options.max == 35
    path.write_text(COACH.format(max=40), encoding="utf-8")
    assert fresh_loader().load(str(path)).rule("RN105").options.max == 40


def test_an_invalid_file_is_never_served_from_the_cache(cache_dir, tmp_path):
    path = tmp_path / "coach.toml"
    path.write_text(COACH.format(max=35), encoding="utf-8")
    fresh_loader().load(str(path))
    path.write_text(COACH.format(max="'many'"), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        fresh_loader().load(str(path))
    assert info.value.messages() == (f"{path}: rules[0].options.max: expected int, got 'many'",)


def test_corrupt_entries_are_ignored_and_rebuilt(cache_dir):
    expected = fresh_loader().load("runna")
    for entry in cache_dir.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert fresh_loader().load("runna") == expected
    for entry in cache_dir.rglob("*.pickle"):
        recorded, value = pickle.loads(entry.read_bytes())
        assert value[0] == expected


def test_runlift_no_cache_turns_it_off(cache_dir, monkeypatch):
    monkeypatch.setenv("RUNLIFT_NO_CACHE", "1")
    fresh_loader().load("runna")
    assert not cache_dir.exists()
    assert not DiskCache().enabled


def test_plugins_that_are_not_modules_disable_the_cache(cache_dir):
    class InlinePlugin:  # e.g. an object registered in a test: its code has no file to fingerprint
        pass

    assert not DiskCache([InlinePlugin()]).enabled


def test_a_cache_directory_is_trimmed_to_its_newest_entries(tmp_path):
    """Old entries (left by earlier versions of the code) do not pile up: writing an entry named with the trim
    prefix trims its directory to the newest entries, keeping the one just written and files being written."""
    import os

    from runlift import diskcache

    directory = tmp_path / "rulesets"
    directory.mkdir()
    for k in range(30):
        entry = directory / f"{k + 1:040x}.pickle"
        entry.write_bytes(b"old")
        os.utime(entry, ns=(k * 10**9, k * 10**9))  # entry k written at second k: the higher k, the newer
    (directory / ".tmp-being-written").write_bytes(b"")
    diskcache.write_quietly(str(directory / "ab.pickle"), lambda fh: fh.write(b"x"))  # no trim prefix: no check
    assert len(list(directory.iterdir())) == 32
    diskcache.trim(str(directory), most=40, keep=10)  # under the limit: nothing removed
    assert len(list(directory.iterdir())) == 32
    diskcache.trim(str(directory), most=20, keep=10)
    kept = sorted(p.name for p in directory.iterdir())
    newest_old = [f"{k + 1:040x}.pickle" for k in range(21, 30)]
    assert kept == sorted([".tmp-being-written", "ab.pickle", *newest_old])


def test_writing_an_entry_with_the_trim_prefix_trims_its_directory(tmp_path, monkeypatch):
    from runlift import diskcache

    monkeypatch.setattr(diskcache, "MAX_ENTRIES", 5)
    monkeypatch.setattr(diskcache, "KEEP_ENTRIES", 3)
    for k in range(8):
        diskcache.write_quietly(str(tmp_path / f"{k + 1:02x}.pickle"), lambda fh: fh.write(b"x"))
    assert len(list(tmp_path.iterdir())) == 8
    diskcache.write_quietly(str(tmp_path / "00ff.pickle"), lambda fh: fh.write(b"x"))
    names = {p.name for p in tmp_path.iterdir()}
    assert len(names) == 3 and "00ff.pickle" in names
