"""The cache of attrs-generated code (`runlift.codecache`): it is used, its code is what compile gives, and
output never depends on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from runlift.codecache import CodeCache, _put, cache_directory, salt_places

# Installs the cache as the runlift command does, checks every hit against a fresh compile of the same source,
# imports what `runlift compare` imports, and reports how many entries were compiled and used.
PROBE = """
import json, sys
from runlift.codecache import install
cache = install()
if cache is None:
    print(json.dumps(None)); sys.exit()
compile_cached = cache.compile
checked = []
def compile_checked(script, filename, flags):
    code = compile_cached(script, filename, flags)
    assert code == compile(script, filename, "exec", flags, dont_inherit=True), filename
    checked.append(filename)
    return code
cache.compile = compile_checked
import runlift.cli, runlift.compare, runlift.compare_view, runlift.planner, runlift.loader, runlift.model
print(json.dumps({"added": cache.added, "used": cache.used, "checked": len(checked)}))
"""


def probe(cache_dir, hash_seed: int = 1) -> dict | None:
    # attrs' source holds a salt that depends on the process's string hashing: pinned, so runs are comparable
    env = {**os.environ, "RUNLIFT_CACHE_DIR": str(cache_dir), "PYTHONHASHSEED": str(hash_seed)}
    env.pop("RUNLIFT_NO_CACHE", None)
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True)
    return json.loads(result.stdout)


def test_a_second_run_compiles_nothing_and_its_code_is_what_compile_gives(tmp_path):
    first = probe(tmp_path)
    assert first is not None, "attrs' _compile_and_eval changed: runlift.codecache no longer applies"
    assert first["used"] >= 50 and first["added"] == first["used"] == first["checked"]
    assert probe(tmp_path) == {"added": 0, "used": first["used"], "checked": first["used"]}
    # other salts: a class whose salt has the same length is a hit, its salt put back (checked in the probe);
    # the others are compiled and added, so the file soon has every length
    other = probe(tmp_path, hash_seed=2)
    assert other["used"] == other["checked"] == first["used"]
    assert 0 < other["added"] < first["used"]
    assert probe(tmp_path, hash_seed=2)["added"] == 0


def test_corrupt_entries_are_ignored_and_written_again(tmp_path):
    first = probe(tmp_path)
    [directory] = list((tmp_path / "code").iterdir())
    entries = sorted(directory.iterdir())
    assert len(entries) == first["added"]
    entries[0].write_bytes(b"not marshal data")
    entries[1].write_bytes(b"")
    assert probe(tmp_path)["added"] == 2
    assert probe(tmp_path)["added"] == 0


def test_a_hit_with_other_salts_is_the_code_of_this_runs_source(tmp_path):
    source = "def __hash__(self):\n    return hash((\n        {salt},\n        self.a,\n    ))\n"
    cache = CodeCache(str(tmp_path))
    cache.compile(source.format(salt=3943398126483854718), "<attrs generated methods m.C>", 0)
    assert cache.added == 1
    reread = CodeCache(str(tmp_path))
    other = source.format(salt=-726064351124932605)  # as long: the column table is the same
    code = reread.compile(other, "<attrs generated methods m.C>", 0)
    assert reread.added == 0
    assert code == compile(other, "<attrs generated methods m.C>", "exec", 0, dont_inherit=True)
    assert reread.compile(other, "<attrs generated methods m.D>", 0) is not code  # the file name is in the key
    assert reread.added == 1


def test_salts_are_put_back_where_they_were_found():
    code = compile("def f(x):\n    return 1, (2, (3, True)), [x, 3]\n", "x", "exec")
    assert salt_places(code, {5}) == ()
    places = salt_places(code, {1, 3})
    assert len(places) == 3  # 1 and 3 in the folded tuple, 3 in the list
    replaced = code
    for place in places:
        replaced = _put(replaced, place, {1: 7, 3: 4})
    namespace: dict = {}
    exec(replaced, namespace)  # the replaced code runs: it is this test's own source
    assert namespace["f"](0) == (7, (2, (4, True)), [0, 4])
    assert salt_places(replaced, {1, 3}) == () and len(salt_places(replaced, {7, 4})) == 3


def test_the_cache_is_off_with_every_other_cache(monkeypatch):
    monkeypatch.setenv("RUNLIFT_NO_CACHE", "1")
    assert cache_directory() is None


def test_compare_prints_the_same_with_and_without_the_cache(tmp_path):
    env = {**os.environ, "RUNLIFT_CACHE_DIR": str(tmp_path)}
    env.pop("RUNLIFT_NO_CACHE", None)
    command = [sys.executable, "-c", "from runlift.entry import main; main()", "compare", "--format", "json"]
    outputs = [subprocess.run(command, capture_output=True, env=env, check=True).stdout for _ in range(2)]
    off = subprocess.run(command, capture_output=True, env={**env, "RUNLIFT_NO_CACHE": "1"}, check=True).stdout
    assert list((tmp_path / "code").rglob("*"))
    assert outputs[0] == outputs[1] == off
    json.loads(off)
