"""Reading the text files users hand runlift (rulesets, athletes, plans, rosters), with one set of messages."""

from __future__ import annotations

import os

from .errors import ConfigError


def read_text_file(path: str | os.PathLike, what: str) -> str:
    """The UTF-8 text of ``path``, a ``what`` file ("ruleset", "plan", ...); a ConfigError naming the file when
    it is missing, a directory, unreadable or not text."""
    label = os.fspath(path)
    try:
        with open(label, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise ConfigError(label, [f"{label}: no such {what} file"]) from None
    except IsADirectoryError:
        raise ConfigError(label, [f"{label}: is a directory, not a {what} file"]) from None
    except OSError as exc:
        raise ConfigError(label, [f"{label}: cannot read {what} file: {exc.strerror or exc}"]) from None
    return decode_text(data, label)


def decode_text(data: bytes, label: str) -> str:
    """UTF-8 text (a leading BOM is dropped); binary or mis-encoded data is a ConfigError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(label, [f"{label}: not UTF-8 text: byte 0x{data[exc.start]:02x} at line {line} "
                                  f"(offset {exc.start}) cannot be decoded; save the file as UTF-8"]) from None
    if "\x00" in text:
        raise ConfigError(label, [f"{label}: contains NUL bytes; expected a text file"])
    return text
