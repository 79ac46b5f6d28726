"""The ``runlift`` console script: ``runlift --help`` from the on-disk cache, everything else through Click.

Importing Click alone costs several times a bare Python start, and the top-level help is the same text every
time: it depends only on runlift's code (the group's docstring and options, each command's short help), on
Click's code (the layout) and on the width Click wraps to. So the first ``runlift --help`` renders it with
Click, exactly as Click's ``--help`` option would, and stores it in :mod:`runlift.diskcache` keyed by all
three; later ones print the stored text without importing Click. Plugins never appear in the top-level help
(it is shown before any plugin loads), so they are not part of the key. ``RUNLIFT_NO_CACHE=1`` turns the
cache off, like every other cache of runlift.
"""

from __future__ import annotations

import os
import sys

HELP_FLAGS = (["--help"], ["-h"])


#: Thresholds of the cyclic garbage collector while a command runs (CPython's are 700, 10, 10).
GC_THRESHOLDS = (100_000, 50, 50)


def main() -> None:
    """Run ``runlift`` with ``sys.argv``."""
    if sys.argv[1:] in HELP_FLAGS:
        print_help()
        return
    collect_rarely()
    from .codecache import install

    install()  # before the first attrs class is made
    from .cli import cli

    try:
        cli(prog_name="runlift")  # Click's standalone mode: always ends by raising SystemExit
    except SystemExit as done:
        exit_now(done.code)


def exit_now(code: object) -> None:
    """End the process as ``sys.exit(code)`` would, less the interpreter's teardown.

    After a command, shutting down frees every object one by one and clears every module: 8-19 ms of wall
    time after ``runlift compare``, whose only effect is memory the system takes back anyway. What the
    teardown does that matters is done first: the ``atexit`` functions run and the standard streams are
    flushed (a failed flush of the output exits 120, as Python does), so no output is lost. Files runlift
    writes are closed before the command returns (``-o`` writes atomically, in a ``with`` block)."""
    import atexit

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message goes to stderr, the status is 1
        print(code, file=sys.stderr)
        status = 1
    run_exit_functions = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_functions is not None:
        run_exit_functions()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe, or a closed stream
            if stream is sys.stdout and status == 0:
                status = 120
    os._exit(status)


def collect_rarely() -> None:
    """Run the cyclic garbage collector rarely: a command builds hundreds of thousands of long-lived objects
    (modules, classes, the planner's and checker's tables) and very few reference cycles, so with CPython's
    thresholds most of the collector's work (a tenth of ``runlift compare``) is walking objects that stay.
    Memory stays bounded: a collection still runs after every 100,000 new objects."""
    import gc

    gc.set_threshold(*GC_THRESHOLDS)


def print_help() -> None:
    from .diskcache import DiskCache

    cache = DiskCache()
    key = help_key()
    text = cache.get("help", key, str) if key else None
    if text is None:
        text = render_help()
        if key:
            cache.put("help", key, {}, text)
    sys.stdout.write(text)
    sys.stdout.flush()


def render_help() -> str:
    """The top-level help exactly as Click prints it (its help option echoes ``ctx.get_help()`` and a newline)."""
    import click

    from .cli import cli

    with click.Context(cli, info_name="runlift", **cli.context_settings) as ctx:
        return ctx.get_help() + "\n"


def help_key() -> str | None:
    """What the rendered help depends on besides runlift's code: the wrap width and Click's files; None when
    Click cannot be found without importing it (then the help is rendered every time)."""
    import importlib.machinery

    from .diskcache import tree_stats

    spec = importlib.machinery.PathFinder.find_spec("click")
    if spec is None or not spec.submodule_search_locations:
        return None
    return "\n".join([f"width={help_width()}", *tree_stats(spec.submodule_search_locations[0])])


def help_width() -> int:
    """The width Click's help formatter wraps to: the terminal's columns (as :func:`shutil.get_terminal_size`
    finds them, without importing :mod:`shutil`), at most 80, less 2, at least 50."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    if columns <= 0:
        columns = 80
    return max(min(columns, 80) - 2, 50)
