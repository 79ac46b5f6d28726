"""One strict cattrs converter for every config file, and errors that name file, key path and expectation.

TOML and JSON keys are kebab-case (``hold-seconds``); unknown keys are errors; ``"3"`` is not an int;
a string is not a list. Structuring failures become one :class:`~runlift.errors.ConfigError` listing
every problem, e.g. ``mine.toml: rules[3].options.max: expected int, got 'two'``.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from typing import Any, TypeVar

import attrs

from .errors import ConfigError

# cattrs, tomllib and difflib are imported where they are used: a command that reads only validated
# config from the on-disk cache (see runlift.diskcache) never structures anything and never pays for them.

T = TypeVar("T")


class Expected(TypeError):
    """A value of the wrong type or form; the message says what was expected."""


def kebab(name: str) -> str:
    """Python attribute name to config key: ``hold_seconds`` -> ``hold-seconds``, ``not_`` -> ``not``."""
    return name.rstrip("_").replace("_", "-")


def describe(value: Any) -> str:
    """A short, stable rendering of a bad value for messages."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _strict_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Expected(f"expected int, got {describe(value)}")
    return value


def _strict_float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Expected(f"expected number, got {describe(value)}")
    return float(value)


def _strict_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise Expected(f"expected string, got {describe(value)}")
    return value


def _strict_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise Expected(f"expected true or false, got {describe(value)}")
    return value


def _strict_table(value: Any, _: type) -> dict:
    if not isinstance(value, dict):
        raise Expected(f"expected a table, got {describe(value)}")
    return value


def _date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise Expected(f"expected a date like 2027-01-04, got a date and time {value.isoformat()}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise Expected(f"expected a date like 2027-01-04, got {describe(value)}")


def _literal_hook(type_: Any):
    choices = typing.get_args(type_)

    def structure(value: Any, _: type) -> Any:
        if value not in choices or isinstance(value, bool):
            hint = did_you_mean(value, [str(c) for c in choices]) if isinstance(value, str) else ""
            raise Expected(f"expected one of {', '.join(map(str, choices))}, got {describe(value)}{hint}")
        return value

    return structure


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _make_converter():
    from cattrs import IterableValidationError
    from cattrs.cols import mapping_structure_factory
    from cattrs.errors import IterableValidationNote
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
    from cattrs.preconf.tomllib import make_converter

    conv = make_converter(forbid_extra_keys=True)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(dt.date, _date)
    conv.register_unstructure_hook(dt.date, lambda d: d)
    conv.register_structure_hook_factory(lambda t: typing.get_origin(t) is typing.Literal, _literal_hook)

    def tuple_hook(type_: Any):
        elem = typing.get_args(type_)[0]
        elem_hook = conv.get_structure_hook(elem)

        def structure(value: Any, _: type) -> tuple:
            if not isinstance(value, (list, tuple)):
                raise Expected(f"expected a list, got {describe(value)}")
            out, errors = [], []
            for i, item in enumerate(value):
                try:
                    out.append(elem_hook(item, elem))
                except Exception as exc:  # collected and reported with its index
                    exc.__notes__ = [*getattr(exc, "__notes__", []),
                                     IterableValidationNote(f"Structuring @ index {i}", i, elem)]
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {type_!r}", errors, type_)
            return tuple(out)

        return structure

    conv.register_structure_hook_factory(_is_homogeneous_tuple, tuple_hook)

    def structure_attrs(cls: type):
        renames = {a.name: override(rename=kebab(a.name)) for a in attrs.fields(cls) if kebab(a.name) != a.name}
        base = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True, **renames)

        def structure(value: Any, type_: type) -> Any:
            if not isinstance(value, dict):
                raise Expected(f"expected a table, got {describe(value)}")
            return base(value, type_)

        return structure

    def unstructure_attrs(cls: type):
        renames = {a.name: override(rename=kebab(a.name)) for a in attrs.fields(cls) if kebab(a.name) != a.name}
        base = make_dict_unstructure_fn(cls, conv, **renames)

        def unstructure(obj: Any) -> dict:
            return {k: v for k, v in base(obj).items() if v is not None and v != () and v != []}

        return unstructure

    conv.register_structure_hook_factory(attrs.has, structure_attrs)
    conv.register_unstructure_hook_factory(attrs.has, unstructure_attrs)

    from .selectors import Selector, normalize_selector_data

    selector_hook = structure_attrs(Selector)
    conv.register_structure_hook(Selector, lambda data, _: selector_hook(normalize_selector_data(data), Selector))
    def mapping_hook(type_: Any):
        base = mapping_structure_factory(type_, conv)

        def structure(value: Any, _: type) -> dict:
            _strict_table(value, type_)
            return base(value, type_)

        return structure

    conv.register_structure_hook_factory(lambda t: t is dict or typing.get_origin(t) is dict, mapping_hook)
    return conv


@functools.cache
def converter():
    """The shared converter (built on first use, so ``runlift --help`` never pays for it)."""
    return _make_converter()


# --- error flattening --------------------------------------------------------------------------


def _join(path: str, part: str) -> str:
    if part.startswith("["):
        return path + part
    if part.startswith("."):
        return f"{path}{part}" if path else part[1:]
    return f"{path}.{part}" if path else part


def _message(exc: BaseException, type_: Any) -> tuple[str, str]:
    """(extra path, message) for one leaf exception."""
    from cattrs import ForbiddenExtraKeysError

    if isinstance(exc, Expected):
        return "", str(exc)
    if isinstance(exc, KeyError):
        return "", "required key missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [kebab(a.name) for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        parts = []
        for key in sorted(exc.extra_fields):
            parts.append(f"unknown key '{key}'{did_you_mean(key, known)}")
        return "", "; ".join(parts) + (f" (known keys: {', '.join(known)})" if known else "")
    if isinstance(exc, ValueError) and len(exc.args) == 4 and isinstance(exc.args[1], attrs.Attribute):
        # attrs.validators.in_: (msg, attribute, options, value)
        _, attribute, options, value = exc.args
        hint = did_you_mean(value, [str(o) for o in options]) if isinstance(value, str) else ""
        return kebab(attribute.name), (f"expected one of {', '.join(map(str, options))}, "
                                       f"got {describe(value)}{hint}")
    text = str(exc.args[0]) if exc.args else exc.__class__.__name__
    if isinstance(exc, (ValueError, TypeError)) and text.startswith("'") and "' " in text:
        name, rest = text[1:].split("' ", 1)
        if name.isidentifier():
            return kebab(name), _bound_words(rest)
    if isinstance(exc, TypeError) and type_ is not None:
        name = getattr(type_, "__name__", repr(type_))
        return "", f"expected {name}"
    return "", text


_BOUND = {"<=": "at most", ">=": "at least", "<": "less than", ">": "more than"}


def _bound_words(text: str) -> str:
    """attrs' bound validators say ``must be <= 600: 1000``; runlift says ``expected at most 600, got 1000``."""
    op, _, rest = text.removeprefix("must be ").partition(" ")
    bound, colon, value = rest.partition(": ")
    if not text.startswith("must be ") or op not in _BOUND or not colon:
        return text
    return f"expected {_BOUND[op]} {bound}, got {value}"


def _walk(exc: BaseException, path: str, out: list[tuple[str, str]]) -> None:
    from cattrs import ClassValidationError, IterableValidationError

    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            if isinstance(exc, IterableValidationError):
                index = getattr(note, "index", None)
                part = f".{index}" if isinstance(index, str) else f"[{index!r}]"
            else:
                part = kebab(note.name)
            _walk_leaf(sub, _join(path, part), note.type, out)
        for sub in without:
            _walk_leaf(sub, path, None, out)
    else:
        _walk_leaf(exc, path, None, out)


def _walk_leaf(exc: BaseException, path: str, type_: Any, out: list[tuple[str, str]]) -> None:
    from cattrs import ClassValidationError, IterableValidationError

    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        _walk(exc, path, out)
        return
    extra, message = _message(exc, type_)
    out.append((_join(path, extra) if extra else path, message))


def flatten_error(exc: BaseException, prefix: str = "") -> list[tuple[str, str]]:
    """Every (key path, message) inside a cattrs structuring error, in document order."""
    out: list[tuple[str, str]] = []
    _walk(exc, prefix, out)
    return out


def format_problems(label: str, problems: typing.Iterable[tuple[str, str]]) -> list[str]:
    return [f"{label}: {path}: {message}" if path else f"{label}: {message}" for path, message in problems]


def structure(data: Any, cls: type[T], label: str, path: str = "") -> T:
    """Structure ``data`` into ``cls`` or raise one ConfigError naming ``label`` and every key path."""
    conv = converter()
    from cattrs import ClassValidationError, IterableValidationError

    try:
        return conv.structure(data, cls)
    except (ClassValidationError, IterableValidationError, Expected, ValueError, TypeError, KeyError) as exc:
        raise ConfigError(label, format_problems(label, flatten_error(exc, path))) from None


def unstructure(obj: Any) -> Any:
    return converter().unstructure(obj)


def parse_toml(text: str, label: str) -> dict:
    """Parse TOML text; a syntax error becomes a ConfigError with line and column."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(label, [f"{label}: TOML syntax error: {exc}"]) from None
