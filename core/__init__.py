"""runlift: plan and check training weeks that combine running and strength training.

Plugin authors write ``from runlift import hookimpl``.
"""

from __future__ import annotations

import pluggy

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("runlift")

__all__ = ["__version__", "hookimpl"]
