"""A session matching ``select`` must, should, or must not share its day with one matching ``with``.

``mode``:

* ``must-not``: no session matching ``select`` on a day that also holds another session matching ``with``
  ("no heavy lifting on the long-run day", "no strength on easy-run days");
* ``must``: every session matching ``select`` shares its day with another session matching ``with``
  ("strength goes on hard-run days");
* ``should``: as ``must``, but a preference: its findings are warnings whatever the rule's severity.

A session is never its own partner: a session matching both selectors needs another one. One finding per
``select`` session.

Options:

* ``select``, ``with`` (selectors, required)
* ``mode`` (``must`` | ``should`` | ``must-not``, required)
* ``label`` (string): how messages name the ``with`` sessions for ``must``/``should`` (default from the selector).

Example::

    [[rules]]
    code = "RN102"
    name = "no-heavy-lift-on-long-run-day"
    kind = "same-day"
    severity = "error"
    options = { select = { tags = ["heavy"] }, with = { tags = ["long-run"] }, mode = "must-not" }
"""

from __future__ import annotations

from typing import Literal

from attrs import frozen

from ..findings import day_label, session_phrase
from ..rulekinds import RuleKind
from ..selectors import Selector
from .common import day_finding, fails_from, per_day, per_week, what


@frozen
class SameDayOptions:
    """Options of the ``same-day`` kind (see the module docstring)."""

    select: Selector
    with_: Selector
    mode: Literal["must", "should", "must-not"]
    label: str | None = None


def _problems(ctx, rule, i) -> list:
    """(select session, the partner it must not have or None when it lacks one) per finding on day ``i``."""
    ab, bb = rule.bits["select"], rule.bits["with_"]
    dm = ctx.day_mask[i]
    forbid = rule.options.mode == "must-not"
    if not dm & ab or (forbid and not dm & bb):
        return []
    out = []
    day = list(zip(ctx.sessions[i], ctx.masks[i]))
    for a, ma in day:
        if not ma & ab:
            continue
        partners = [b for b, mb in day if mb & bb and b is not a]
        if forbid and partners:
            out.append((a, partners[0]))
        elif not forbid and not partners:
            out.append((a, None))
    return out


@fails_from(_problems)
def check_day(ctx, rule, i):
    o: SameDayOptions = rule.options
    day = day_label(ctx.dates[i])
    out = []
    for a, b in _problems(ctx, rule, i):
        if b is not None:
            message = f"{session_phrase(a)} on {day}, the same day as {_the(session_phrase(b))}"
            out.append(day_finding(ctx, rule, i, message, (a, b)))
        else:
            message = f"{session_phrase(a)} on {day} is not on a day with {what(o.label, o.with_)}"
            out.append(day_finding(ctx, rule, i, message, (a,), severity="warn" if o.mode == "should" else None))
    return out
check = per_week(per_day(check_day), date_free=True, minutes_free=True)


def _the(phrase: str) -> str:
    return phrase if phrase.startswith(("the ", "a ")) else "the " + phrase


KIND = RuleKind(name="same-day", options=SameDayOptions, check=check, doc=__doc__)
