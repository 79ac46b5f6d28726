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
whether the cache was used. A directory found holding more than :data:`MAX_ENTRIES` entries is trimmed to
its newest ones (see :func:`write_quietly`), so what earlier versions of the code left behind does not pile up.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys

TYPE_CHECKING = False  # the idiom that keeps typing (some 5 ms) off the --help path
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

# A cache hit is on the start-up path of every command, so this module avoids the costlier imports:
# CPython's built-in SHA-256 (hashlib loads OpenSSL), the C pickler (pickle.py is a large module), and
# os.path rather than pathlib. The fallbacks keep it working on other Pythons.
try:
    from _sha256 import sha256
except ImportError:  # pragma: no cover - Python 3.12+ calls it _sha2; hashlib has it everywhere
    from hashlib import sha256
try:
    from _pickle import dump, load
except ImportError:  # pragma: no cover
    from pickle import dump, load

FORMAT = 1


def cache_dir() -> str | None:
    if os.environ.get("RUNLIFT_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("RUNLIFT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "runlift")


def digest(*parts: str | bytes) -> str:
    h = sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def tree_stats(root: str) -> list[str]:
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
        stats += tree_stats(root)
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
            out += tree_stats(os.path.dirname(file))
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

    def _path(self, namespace: str, key: str) -> str:
        name = f"{digest(self.fingerprint, key)[:40]}.pickle"
        return os.path.join(self.directory, namespace, name)  # type: ignore[arg-type]

    def get(self, namespace: str, key: str, current: Callable[[str], str]) -> Any | None:
        """The cached value, if present and every input it recorded still hashes the same (``current(name)``)."""
        if self.directory is None:
            return None
        try:
            with open(self._path(namespace, key), "rb") as fh:
                recorded, value = load(fh)
            if any(current(name) != hashed for name, hashed in recorded.items()):
                return None
        except Exception:  # missing, unreadable, truncated, from another version, or an input is gone
            return None
        return value

    def put(self, namespace: str, key: str, recorded: dict[str, str], value: Any) -> None:
        """Store ``value`` with the hashes of the inputs it was built from; failures are ignored."""
        if self.directory is None:
            return
        write_quietly(self._path(namespace, key), lambda fh: dump((recorded, value), fh, protocol=-1))


#: A cache directory is trimmed to its newest ``KEEP_ENTRIES`` files when it holds more than ``MAX_ENTRIES``.
MAX_ENTRIES = 2000
KEEP_ENTRIES = 1000
#: The entries whose writing checks the directory's size: names are hex digests, so one write in 256.
TRIM_PREFIX = "00"


def write_quietly(path: str, write: Callable[[Any], None]) -> None:
    """Write a cache file with ``write(binary file)``: to a temporary file beside it, then moved into place,
    so that readers never see a partial file. Failures are ignored: a cache that cannot be written is simply
    not used.

    Entries are keyed by runlift's code, so every upgrade or edit leaves the old ones behind; writing an entry
    whose name starts with :data:`TRIM_PREFIX` (one write in 256, so the check costs nothing on the others)
    trims its directory (:func:`trim`)."""
    import tempfile

    try:
        directory = os.path.dirname(path)
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                write(fh)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        if os.path.basename(path).startswith(TRIM_PREFIX):
            trim(directory, MAX_ENTRIES, KEEP_ENTRIES)
    except Exception:
        return


def trim(directory: str, most: int, keep: int) -> None:
    """When ``directory`` holds more than ``most`` entries, remove all but the ``keep`` newest (by modification
    time, then name); temporary files being written are left alone. A removed entry is simply rebuilt when it is
    needed again."""
    entries = [e for e in os.scandir(directory) if not e.name.startswith(".") and e.is_file()]
    if len(entries) <= most:
        return
    entries.sort(key=lambda e: (e.stat().st_mtime_ns, e.name), reverse=True)
    for entry in entries[keep:]:
        try:
            os.unlink(entry.path)
        except OSError:
            pass


def read_package_text(package: str, filename: str) -> str:
    """A data file of a package (a built-in ruleset, the exercise catalog), read straight from the package's
    directory; :mod:`importlib.resources` (some 20 ms to import) only for a package that is not a plain
    directory on disk, e.g. one inside a zip file."""
    module = sys.modules.get(package) or importlib.import_module(package)
    file = getattr(module, "__file__", None)
    if file:
        try:
            with open(os.path.join(os.path.dirname(file), filename), encoding="utf-8") as fh:
                return fh.read()
        except OSError:
            pass
    from importlib.resources import files

    return (files(package) / filename).read_text(encoding="utf-8")
