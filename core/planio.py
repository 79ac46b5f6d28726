"""Plan files: the interchange format ``runlift.plan/1`` (JSON or TOML) and imports (CSV, iCalendar).

The format is specified in ``docs/plan-format.md``. Writing is deterministic: equal plans give
byte-identical text. Reading reports every problem at once in one :class:`ConfigError` whose lines
name the file, the key path and what was expected; session types are checked against the
vocabulary (core types plus those plugins add) after the model is built.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import operator
import os
import re
import tempfile
import types as pytypes
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .converter import (
    describe,
    did_you_mean,
    format_problems,
    kebab,
    parse_toml,
    structure,
)
from .errors import ConfigError
from .textfiles import read_text_file
from .model import PLAN_SCHEMA, Day, Plan, Session

_json_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses for strings (C)

#: The interchange formats (what :func:`dump_plan` writes).
FORMATS = ("json", "toml")
#: File extension -> format that :func:`read_plan` reads.
EXTENSIONS = {".csv": "csv", ".ics": "ics", ".json": "json", ".toml": "toml"}
#: How a file says "no value" for a field whose default is not empty (``athlete.long-run-day``).
NONE = "none"
_NONE_JSON = _json_string(NONE)

Types = Mapping[str, tuple[str, ...]]


# --- writing ------------------------------------------------------------------------------------


def _default(a: attrs.Attribute) -> Any:
    return a.default.factory() if isinstance(a.default, attrs.Factory) else a.default  # type: ignore[attr-defined]


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, str, Any], ...]:
    """(attribute, kebab-case key, default) of each field of an attrs class, in model order."""
    return tuple((a.name, kebab(a.name), _default(a)) for a in attrs.fields(cls))


def _items(obj: Any) -> list[tuple[str, Any]]:
    """The (key, value) pairs of an attrs object as the format writes them: a None or empty value that is the
    field's default is left out; None where the default is not None is written as ``"none"``."""
    out = []
    for name, key, default in _fields(type(obj)):
        value = getattr(obj, name)
        if value is None:
            if default is not None and default is not attrs.NOTHING:
                out.append((key, NONE))
        elif not (value == () and default == ()):
            out.append((key, value))
    return out


def _data(obj: Any) -> Any:
    if attrs.has(type(obj)):
        return {key: _data(value) for key, value in _items(obj)}
    if isinstance(obj, tuple):
        return [_data(x) for x in obj]
    return obj


def plan_data(plan: Plan) -> dict:
    """The plan as plain data: kebab-case keys in model order, dates as ``datetime.date``.

    A field is left out when it is None or empty and that is its default; ``weeks`` is always there.
    """
    return _data(plan)


def plan_json(plan: Plan) -> str:
    """``to_json(plan_data(plan))`` written straight from the model: the same bytes, several times faster.

    :mod:`json` indents with its pure-Python encoder (the C one does not indent), and ``plan_data`` builds a
    dict per object first; a plan has a thousand objects, so writing the text directly pays off wherever
    many plans are written (``runlift batch``)."""
    out: list[str] = []
    _write_json(plan, "\n", out)
    out.append("\n")
    return "".join(out)


@functools.cache
def _json_fields(cls: type) -> tuple[Any, tuple[tuple[str, bool, bool], ...]] | None:
    """For an attrs class: a getter of all its field values, and per field (``"key": `` as JSON, None is
    written as "none", empty is left out), the rules of :func:`_items`; None for any other class."""
    if not attrs.has(cls):
        return None
    fields = _fields(cls)
    names = [name for name, _, _ in fields]
    getter = operator.attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))
    return getter, tuple((_json_string(key) + ": ", default is not None and default is not attrs.NOTHING,
                          default == ()) for _, key, default in fields)


#: Texts of sessions and of a day's sessions already written, by (the sessions' object ids, indent): the
#: planner shares one Session object between all the weeks and athletes that have it, so most of a batch's
#: days are written once. Each entry keeps its sessions alive, so their ids cannot be reused while it exists;
#: the memo is emptied when it grows large.
_SESSION_TEXTS: dict[tuple[tuple[int, ...], str], tuple[tuple[Session, ...], str]] = {}
SESSION_TEXTS_MAX = 4096


#: A day's text after its date (its sessions and the closing brace), by the same key: days differ in their
#: dates far more often than in their sessions.
_DAY_ENDS: dict[tuple[tuple[int, ...], str], tuple[tuple[Session, ...], str]] = {}


def _write_sessions(sessions: tuple[Session, ...], newline: str, out: list[str], write: Callable,
                    memo: dict = _SESSION_TEXTS) -> None:
    """Append ``write(sessions, newline, part)``, from ``memo`` when these very objects were written before."""
    key = (tuple(map(id, sessions)), newline)
    known = memo.get(key)
    if known is None:
        part: list[str] = []
        write(sessions, newline, part)
        if len(memo) >= SESSION_TEXTS_MAX:
            memo.clear()
        known = memo[key] = (sessions, "".join(part))
    out.append(known[1])


#: Whether a Day is written as its date and then its sessions (:func:`_write_day`), as its fields say.
_DAY_SHAPE = tuple((name, default) for name, _, default in _fields(Day)) == (("date", attrs.NOTHING),
                                                                              ("sessions", ()))


def _write_day(day: Day, newline: str, out: list[str]) -> None:
    """Append a Day as :func:`_write_object` writes it: its date, then the text of its sessions and the
    closing brace, from ``_DAY_ENDS`` when these very sessions were written at this indent before."""
    out.append(f'{{{newline}  "date": "{day.date.isoformat()}"')
    _write_sessions(day.sessions, newline, out, _write_day_end, _DAY_ENDS)


def _write_day_end(sessions: tuple[Session, ...], newline: str, out: list[str]) -> None:
    if sessions:
        inner = newline + "  "
        out.append(f',{inner}"sessions": ')
        _write_json(sessions, inner, out)
    out.append(newline + "}")


def _write_one_session(sessions: tuple[Session], newline: str, out: list[str]) -> None:
    _write_object(sessions[0], _json_fields(Session), newline, out)


def _write_object(value: Any, spec: tuple, newline: str, out: list[str]) -> None:
    """Append an attrs object (``spec`` from :func:`_json_fields`); strings, ints and dates, most of a plan,
    are written in place by the loop over its fields."""
    getter, fields = spec
    inner = newline + "  "
    separator = "{" + inner
    for (key, none_word, empty_default), item in zip(fields, getter(value)):
        kind = type(item)
        if kind is str:
            out.append(separator + key + _json_string(item))
        elif kind is int:
            out.append(separator + key + int.__repr__(item))
        elif kind is dt.date:  # ISO digits and hyphens: nothing to escape
            out.append(f'{separator}{key}"{item.isoformat()}"')
        elif item is None:
            if not none_word:
                continue
            out.append(separator + key + _NONE_JSON)
        elif empty_default and isinstance(item, tuple) and not item:
            continue
        else:
            out.append(separator + key)
            _write_json(item, inner, out)
        separator = "," + inner
    out.append("{}" if separator[0] == "{" else newline + "}")


def _write_json(value: Any, newline: str, out: list[str]) -> None:
    """Append ``value`` as :func:`runlift.output.to_json` writes it; ``newline`` is a newline and the indent."""
    kind = type(value)
    if kind is Session:
        _write_sessions((value,), newline, out, _write_one_session)
        return
    if kind is Day and _DAY_SHAPE:
        _write_day(value, newline, out)
        return
    spec = _json_fields(kind)
    if spec is not None:
        _write_object(value, spec, newline, out)
        return
    if isinstance(value, str):
        out.append(_json_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_json_float(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
        elif kind is tuple and type(value[0]) is Session and all(type(x) is Session for x in value):
            _write_sessions(value, newline, out, _write_list)
        else:
            _write_list(value, newline, out)
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            out.append(separator + _json_string(key) + ": ")
            _write_json(item, inner, out)
            separator = "," + inner
        out.append(newline + "}")
    elif isinstance(value, dt.date):
        out.append(_json_string(value.isoformat()))
    elif isinstance(value, (set, frozenset)):
        _write_json(list(value), newline, out)
    else:  # what runlift.output.to_json does not write either
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _write_list(value: list | tuple, newline: str, out: list[str]) -> None:
    inner = newline + "  "
    separator = "[" + inner
    for item in value:
        if type(item) is str:
            out.append(separator + _json_string(item))
        else:
            out.append(separator)
            _write_json(item, inner, out)
        separator = "," + inner
    out.append(newline + "]")


def _json_float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def dump_plan(plan: Plan, fmt: str = "json") -> str:
    """The plan as ``runlift.plan/1`` text in ``fmt`` (``json`` or ``toml``); byte-identical for equal plans."""
    if fmt == "json":
        return plan_json(plan)
    if fmt == "toml":
        import tomli_w

        return tomli_w.dumps(plan_data(plan))
    raise ValueError(f"unknown plan format {fmt!r} (expected one of {', '.join(FORMATS)})")


def write_atomic(path: str | os.PathLike, text: str, *, sync_directory: bool = True) -> None:
    """Write UTF-8 text through a temporary file in the same directory and ``os.replace``.

    Readers see the old file or the new one, never a part; on failure the temporary file is removed
    and the old file is untouched. OS errors become a ConfigError naming the path.

    The file's data is flushed to disk before the rename. ``sync_directory=False`` leaves out flushing
    the directory after it (which makes the rename itself durable, and costs more than the file's own
    flush): for many files written into one directory, where a last write syncs the directory once.
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigError(path, [f"{path}: cannot write: {exc.strerror or exc}"]) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ConfigError(path, [f"{path}: cannot write: {exc.strerror or exc}"]) from None
        raise
    if not sync_directory:
        return
    with contextlib.suppress(OSError):  # make the rename durable where the OS allows it
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _file_mode(path: str) -> int:
    """The existing file's permissions, else what a new file would get under the umask."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# --- reading ------------------------------------------------------------------------------------


def format_of(path: str | os.PathLike) -> str:
    """The format for a file name by its extension; anything else is a ConfigError."""
    label = os.fspath(path)
    ext = os.path.splitext(label)[1]
    if ext.lower() not in EXTENSIONS:
        what = f"extension '{ext}'" if ext else "no extension"
        raise ConfigError(label, [f"{label}: cannot read a plan from a file with {what} "
                                  f"(supported: {', '.join(EXTENSIONS)})"])
    return EXTENSIONS[ext.lower()]


def import_plan(path: str | os.PathLike, vocabulary_types: Types | None = None, *,
                allow_unmapped: bool = False):
    """Read any supported plan file; returns :class:`runlift.importers.Imported` (plan and warnings).

    ``vocabulary_types`` defaults to the core vocabulary; pass ``Plugins.vocabulary.types`` to accept
    plugin types. ``allow_unmapped`` turns iCalendar events that map to no session into warnings.
    """
    fmt = format_of(path)
    return _parse(read_text_file(path, "plan"), os.fspath(path), fmt, vocabulary_types, allow_unmapped)


def read_plan(path: str | os.PathLike, vocabulary_types: Types | None = None) -> Plan:
    """The plan in a ``.json``, ``.toml``, ``.csv`` or ``.ics`` file, strictly checked."""
    return import_plan(path, vocabulary_types).plan


def parse_plan(text: str, label: str, fmt: str = "json", vocabulary_types: Types | None = None) -> Plan:
    """The plan in ``text`` (``json``, ``toml``, ``csv`` or ``ics``); ``label`` names it in messages."""
    return _parse(text, label, fmt, vocabulary_types, False).plan


def _parse(text: str, label: str, fmt: str, types: Types | None, allow_unmapped: bool):
    from .importers import Imported

    if types is None:
        from .vocabulary import DEFAULT_TYPES

        types = DEFAULT_TYPES
    if fmt == "csv":
        from .importers.csv_plan import import_csv

        imported = import_csv(text, label, types)
    elif fmt == "ics":
        from .importers.ics_plan import import_ics

        imported = import_ics(text, label, types, allow_unmapped=allow_unmapped)
    elif fmt in FORMATS:
        imported = Imported(plan=structure_plan(_load(text, label, fmt), label, fmt))
    else:
        raise ValueError(f"unknown plan format {fmt!r} (expected one of {', '.join(EXTENSIONS.values())})")
    check_vocabulary(imported.plan, types, label)
    return imported


class _JSONProblem(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise _JSONProblem(f"duplicate key {key!r}")
        out[key] = value
    return out


def _constant(name: str) -> Any:
    raise _JSONProblem(f"{name} is not a number runlift accepts")


def _load(text: str, label: str, fmt: str) -> Any:
    kind = fmt.upper()
    try:
        if fmt == "toml":
            return parse_toml(text, label)
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ConfigError(label, [f"{label}: JSON syntax error at line {exc.lineno}, column {exc.colno}: "
                                  f"{exc.msg}"]) from None
    except _JSONProblem as exc:
        raise ConfigError(label, [f"{label}: JSON: {exc}"]) from None
    except RecursionError:
        raise ConfigError(label, [f"{label}: {kind} nested too deeply"]) from None
    except ValueError as exc:  # e.g. an integer longer than Python's digit limit
        reason = "a number has too many digits" if "digits" in str(exc) else str(exc)
        raise ConfigError(label, [f"{label}: {kind}: {reason}"]) from None


def structure_plan(data: Any, label: str, fmt: str = "json") -> Plan:
    """A Plan from parsed JSON/TOML data: the schema first, then every problem with its key path."""
    noun = "a JSON object" if fmt == "json" else "a TOML table"
    if not isinstance(data, dict):
        raise ConfigError(label, [f"{label}: expected {noun} at the top level, got {describe(data)}"])
    if "schema" not in data:
        raise ConfigError(label, [f"{label}: schema: required key missing; a plan file says which format it "
                                  f"is in, \"{PLAN_SCHEMA}\""])
    if data["schema"] != PLAN_SCHEMA:
        raise ConfigError(label, [f"{label}: schema: expected \"{PLAN_SCHEMA}\", got {describe(data['schema'])} "
                                  f"(this runlift reads {PLAN_SCHEMA} plan files)"])
    shapes: dict[str, str] = {}
    data = _prepare(data, Plan, "", shapes, noun)
    try:
        return structure(data, Plan, label)
    except ConfigError as exc:
        raise ConfigError(label, [_polish(line, label, shapes) for line in exc.messages()]) from None
    except Exception as exc:  # never a traceback for a bad file
        raise ConfigError(label, [f"{label}: cannot read plan: {type(exc).__name__}: {exc}"]) from None


# --- shaping data and messages ------------------------------------------------------------------


@functools.cache
def _nested(cls: type) -> dict[str, tuple[type | None, bool, bool]]:
    """key -> (attrs class inside or None, is a tuple of them, "none" means None) for each field."""
    hints = typing.get_type_hints(cls)
    out = {}
    for a in attrs.fields(cls):
        t = hints[a.name]
        args = typing.get_args(t)
        nullable = typing.get_origin(t) in (typing.Union, pytypes.UnionType) and type(None) in args
        if nullable:
            rest = [x for x in args if x is not type(None)]
            t = rest[0] if len(rest) == 1 else t
        many = typing.get_origin(t) is tuple and len(typing.get_args(t)) == 2 and typing.get_args(t)[1] is Ellipsis
        inner = typing.get_args(t)[0] if many else t
        default = _default(a)
        out[kebab(a.name)] = (inner if attrs.has(inner) else None, many,
                              nullable and default is not None and default is not attrs.NOTHING)
    return out


def _prepare(data: Any, cls: type, path: str, shapes: dict[str, str], noun: str) -> Any:
    """Map ``"none"`` to None where documented and note every place that should be a table but is not."""
    if not isinstance(data, dict):
        shapes[path] = f"expected {noun}, got {describe(data)}"
        return data
    out = dict(data)
    for key, (inner, many, none_word) in _nested(cls).items():
        value = out.get(key)
        if none_word and value == NONE:
            out[key] = None
        elif inner is None or value is None:
            continue
        elif many and isinstance(value, list):
            out[key] = [_prepare(item, inner, f"{path}.{key}[{i}]".lstrip("."), shapes, noun)
                        for i, item in enumerate(value)]
        elif not many:
            out[key] = _prepare(value, inner, f"{path}.{key}".lstrip("."), shapes, noun)
    return out


_PATH = re.compile(r"((?:[a-z][a-z0-9-]*|\[\d+\])(?:\.[a-z][a-z0-9-]*|\[\d+\])*): (.*)", re.DOTALL)
_LENGTH = re.compile(r"Length of '(\w+)' must be >= 1: \d+")
#: Model validator messages that concern one field of the object they are reported on.
_FIELD_OF = (("a week starts on a Monday", "start"), ("day ", "days"), ("days must be", "days"),
             ("session orders", "sessions"))


def _reword(path: str, message: str, shapes: dict[str, str]) -> tuple[str, str]:
    if path in shapes:
        return path, shapes[path]
    if m := _LENGTH.fullmatch(message):
        return f"{path}.{kebab(m.group(1))}".lstrip("."), "must not be empty"
    if not path and message.startswith("weeks must be consecutive"):
        return "weeks", message[len("weeks "):]
    for start, key in _FIELD_OF:
        if message.startswith(start):
            return f"{path}.{key}".lstrip("."), message
    return path, message


def _polish(line: str, label: str, shapes: dict[str, str]) -> str:
    """A converter message with shape problems and attrs validator wording made plain."""
    if not line.startswith(f"{label}: "):
        return line
    body = line[len(label) + 2:]
    m = _PATH.fullmatch(body)
    path, message = (m.group(1), m.group(2)) if m else ("", body)
    return format_problems(label, [_reword(path, message, shapes)])[0]


# --- vocabulary ---------------------------------------------------------------------------------


def unknown_word(what: str, word: str, choices) -> str:
    """``unknown run type 'tmepo'; did you mean 'tempo'?`` (or the known words when nothing is close)."""
    hint = did_you_mean(word, choices)
    return f"unknown {what} {describe(word)}{hint or ' (known: ' + ', '.join(choices) + ')'}"


def vocabulary_problems(plan: Plan, types: Types) -> list[tuple[str, str]]:
    """(key path, message) for every session whose sport or type the vocabulary does not know."""
    out = []
    for wi, week in enumerate(plan.weeks):
        for di, day in enumerate(week.days):
            for si, s in enumerate(day.sessions):
                where = f"weeks[{wi}].days[{di}].sessions[{si}]"
                if s.sport not in types:
                    out.append((f"{where}.sport", unknown_word("sport", s.sport, tuple(types))))
                elif s.type not in types[s.sport]:
                    out.append((f"{where}.type", unknown_word(f"{s.sport} type", s.type, types[s.sport])))
    return out


def check_vocabulary(plan: Plan, types: Types, label: str) -> None:
    """Raise one ConfigError listing every unknown session type, with its key path."""
    from .importers import capped

    problems = vocabulary_problems(plan, types)
    if problems:
        raise ConfigError(label, capped(format_problems(label, problems), label))
