"""A cache of the code attrs generates for classes, like Python's ``.pyc`` files for modules.

attrs writes the ``__init__``, ``__eq__``, ``__hash__`` and ``__repr__`` of every class it makes as Python
source and compiles that source when the class is created. A ``runlift compare`` creates some 75 classes and
compiling their methods costs about 40 ms, a third of its import time, every run, for the same source.
:func:`install` makes attrs look the compiled code up in runlift's on-disk cache (:mod:`runlift.diskcache`)
first: one small file per class, named after the source and the file name it is compiled under, written when
the code is first compiled, in a directory named after the exact interpreter build (``sys.version``).

A cached entry is exactly what ``compile`` returns for that source, file name and flags, stored with
:mod:`marshal` as a ``.pyc`` stores a module's code; so classes behave the same with or without the cache,
and output never depends on it.
One part of attrs' source changes from run to run: the salt a ``__hash__`` mixes in, the hash of a string,
which Python randomizes per process. Such numbers are left out of the key (all but their length, which the
code's column table records) and put back into the cached code's constants, so a hit is exactly the code this
run's source compiles to. An entry records where its salts sit among the constants, so putting them back
rebuilds only the code objects on the way to them.

attrs has no public hook for this. :func:`install` wraps its private ``attr._make._compile_and_eval`` and
leaves attrs alone when that function is missing or takes other arguments (a later attrs); runlift then runs
as before, only slower to start, and ``tests/test_codecache.py`` fails so that it is noticed. Only the
``runlift`` command installs the cache (:mod:`runlift.entry`); importing runlift as a library changes nothing.
``RUNLIFT_NO_CACHE=1`` turns it off with every other cache.
"""

from __future__ import annotations

import __future__
import marshal
import os
import re
import sys
from types import CodeType

from .diskcache import cache_dir, digest, write_quietly

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: attrs' function this module wraps, and the arguments it must take.
TARGET = "_compile_and_eval"
TARGET_ARGS = ("script", "globs", "locs", "filename")

#: The layout of an entry: (salts, where they sit, code); part of the directory's name.
FORMAT = 2

#: A per-process number in attrs' source: the salt a generated ``__hash__`` hashes first.
SALT = re.compile(r"(hash\(\(\s*)(-?[0-9]+),")

_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag


class CodeCache:
    """Compiled code by (file name, source without salts), one small file per entry in ``directory``; an
    entry is the salts its code was compiled with and the code."""

    def __init__(self, directory: str):
        self.directory = directory
        self.used = 0
        self.added = 0

    def compile(self, script: str, filename: str, flags: int) -> Any:
        """``compile(script, filename, "exec", flags, dont_inherit=True)``, from the cache when it has it."""
        salts = tuple(int(number) for _, number in SALT.findall(script))
        key = digest(f"{flags}\0{filename}\0{SALT.sub(_hide_salt, script)}")[:40]
        path = os.path.join(self.directory, key)
        self.used += 1
        entry = self._read(path)
        if entry is None:
            code = compile(script, filename, "exec", flags, dont_inherit=True)
            places = salt_places(code, set(salts))
            write_quietly(path, lambda fh: fh.write(marshal.dumps((salts, places, code))))
            self.added += 1
            return code
        compiled_with, places, code = entry
        if compiled_with != salts:
            new = dict(zip(compiled_with, salts))
            for place in places:
                code = _put(code, place, new)
        return code

    @staticmethod
    def _read(path: str) -> tuple[tuple[int, ...], tuple, CodeType] | None:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            salts, places, code = marshal.loads(data)  # marshal.load(fh) reads piece by piece: 7 times slower
        except Exception:  # missing, unreadable, truncated or not an entry
            return None
        return (salts, places, code) if isinstance(code, CodeType) else None


def _hide_salt(match: re.Match[str]) -> str:
    # the salt's length stays in the key: the code's column table records where each constant ends
    return f"{match[1]}{'#' * len(match[2])},"


def salt_places(code: CodeType, salts: set[int]) -> tuple[tuple[int, ...], ...]:
    """Where the integer constants in ``salts`` sit in ``code``: index paths through the constants of nested
    code and tuples."""
    found: list[tuple[int, ...]] = []

    def walk(consts: tuple, path: tuple[int, ...]) -> None:
        for i, const in enumerate(consts):
            if type(const) is int:
                if const in salts:
                    found.append((*path, i))
            elif isinstance(const, CodeType):
                walk(const.co_consts, (*path, i))
            elif type(const) is tuple:
                walk(const, (*path, i))

    walk(code.co_consts, ())
    return tuple(found)


def _put(code: CodeType, place: tuple[int, ...], new: dict[int, int]) -> CodeType:
    """``code`` with the salt at ``place`` (see :func:`salt_places`) replaced by its value in ``new``."""

    def put(consts: tuple, path: tuple[int, ...]) -> tuple:
        i, rest = path[0], path[1:]
        const = consts[i]
        if not rest:
            const = new.get(const, const)
        elif isinstance(const, CodeType):
            const = const.replace(co_consts=put(const.co_consts, rest))
        else:
            const = put(const, rest)
        return (*consts[:i], const, *consts[i + 1:])

    return code.replace(co_consts=put(code.co_consts, place))


def cache_directory() -> str | None:
    directory = cache_dir()
    if directory is None:
        return None
    build = digest(sys.version)[:16]  # marshal's format and the bytecode belong to one interpreter
    return os.path.join(directory, "code", f"attrs{FORMAT}-{sys.implementation.cache_tag}-{build}")


def install() -> CodeCache | None:
    """Make attrs use a :class:`CodeCache`; None, changing nothing, when the cache is off or attrs' function
    is not the one this module knows."""
    directory = cache_directory()
    if directory is None:
        return None
    import attr._make as make

    original = getattr(make, TARGET, None)
    code = getattr(original, "__code__", None)
    if code is None or code.co_varnames[: code.co_argcount] != TARGET_ARGS:
        return None
    flags = code.co_flags & _FUTURE_FLAGS  # compile() inherits the future imports of attrs' module
    cache = CodeCache(directory)

    def compile_and_eval(script: str, globs: Any, locs: Any = None, filename: str = "") -> None:
        if globs is None:  # attrs' own module globals would apply: leave that to attrs
            original(script, globs, locs, filename)
        else:  # run attrs' generated methods' definitions, as attrs does after compiling them
            exec(cache.compile(script, filename, flags), globs, locs)

    compile_and_eval.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(make, TARGET, compile_and_eval)
    return cache
