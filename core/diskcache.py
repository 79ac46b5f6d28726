"""An on-disk cache of validated config (resolved rulesets, the exercise catalog), like Python's ``.pyc``.

Parsing TOML and generating cattrs structuring code dominate a cold ``runlift compare``; neither changes
between runs. An entry is keyed by what it was built from and checked again on every read:

* the *code fingerprint*: runlift's version, the Python version, and the size and modification time of
  every source and data file of runlift and of every loaded plugin module (so editing a rule kind or a
  plugin, even in an editable install, invalidates the cache);
* the hashes of the inputs the caller names (e.g. the TOML text of every file in an ``extends`` chain),
  compared again when the entry is read.

The cache lives in ``$RUNLIFT_CACHE_DIR``, else ``$XDG_CACHE_HOME/runlift``, else ``~/.cache/runlift``.
``RUNLIFT_NO_CACHE=1`` turns it off. Entries are written atomically; an unreadable, stale or corrupt entry
is ignored and rebuilt, and a cache that cannot be written is simply not used. Output never depends on
whether the cache was used.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

FORMAT = 1


def cache_dir() -> Path | None:
    if os.environ.get("RUNLIFT_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("RUNLIFT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "runlift"


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _tree_stats(root: str) -> list[str]:
    out = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith((".py", ".toml")):
                path = os.path.join(directory, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                out.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return out


@functools.cache
def _runlift_stats() -> tuple[str, ...]:
    import runlift
    import runlift.plugins

    stats = [runlift.__version__, sys.version]
    for root in (*runlift.__path__, *runlift.plugins.__path__):
        stats += _tree_stats(root)
    return tuple(stats)


def module_stats(modules: Iterable[Any]) -> list[str] | None:
    """Size and mtime of each plugin module's files (its whole package for a package); None when a plugin is
    not a module (an object registered in a test), which makes the result uncacheable."""
    out: list[str] = []
    for module in modules:
        file = getattr(module, "__file__", None)
        if not isinstance(module, type(sys)) or not file:
            return None
        if os.path.basename(file) == "__init__.py":
            out += _tree_stats(os.path.dirname(file))
        else:
            try:
                st = os.stat(file)
            except OSError:
                return None
            out.append(f"{file}:{st.st_size}:{st.st_mtime_ns}")
    return out


class DiskCache:
    """Entries for one fingerprint (runlift's code plus the given plugin modules)."""

    def __init__(self, plugin_modules: Iterable[Any] = ()):
        stats = module_stats(plugin_modules)
        self.directory = cache_dir() if stats is not None else None
        self.fingerprint = digest(str(FORMAT), *_runlift_stats(), *(stats or ()))

    @property
    def enabled(self) -> bool:
        return self.directory is not None

    def _path(self, namespace: str, key: str) -> Path:
        return self.directory / namespace / f"{digest(self.fingerprint, key)[:40]}.pickle"  # type: ignore[operator]

    def get(self, namespace: str, key: str, current: Callable[[str], str]) -> Any | None:
        """The cached value, if present and every input it recorded still hashes the same (``current(name)``)."""
        if self.directory is None:
            return None
        try:
            with open(self._path(namespace, key), "rb") as fh:
                recorded, value = pickle.load(fh)
            if any(current(name) != hashed for name, hashed in recorded.items()):
                return None
        except Exception:  # missing, unreadable, truncated, from another version, or an input is gone
            return None
        return value

    def put(self, namespace: str, key: str, recorded: dict[str, str], value: Any) -> None:
        """Store ``value`` with the hashes of the inputs it was built from; failures are ignored."""
        if self.directory is None:
            return
        path = self._path(namespace, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump((recorded, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except Exception:
            return

