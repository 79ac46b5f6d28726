"""runlift: plan and check training weeks that combine running and strength training.

Plugin authors write ``from runlift import hookimpl``. It is created on first use so that
``runlift --help`` never imports pluggy.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]


def __getattr__(name: str):
    if name == "hookimpl":
        import pluggy

        marker = pluggy.HookimplMarker("runlift")
        globals()["hookimpl"] = marker
        return marker
    raise AttributeError(f"module 'runlift' has no attribute {name!r}")
