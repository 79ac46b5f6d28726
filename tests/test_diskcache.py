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
