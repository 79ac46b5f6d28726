"""The ``share`` rule kind: one kind of session may take at most a share of another's weekly minutes.

Example: the long run at most 35 % of the week's running minutes (a common guard against a long run
that outgrows the rest of the week).

Options:

* ``part`` (selector): the sessions whose minutes are limited;
* ``whole`` (selector): the sessions they are a share of;
* ``max-percent`` (number, 0-100): the largest share allowed.

Weeks without any ``whole`` minutes are skipped.
"""

from __future__ import annotations

from attrs import field, frozen, validators as v

from runlift.kinds.common import per_week, week_label, week_measure
from runlift.rulekinds import RuleKind
from runlift.selectors import Selector


@frozen
class ShareOptions:
    """Options of the ``share`` kind (see the module docstring)."""

    part: Selector
    whole: Selector
    max_percent: float = field(validator=[v.ge(0), v.le(100)])


def check_week(ctx, rule, w):
    options: ShareOptions = rule.options
    week = ctx.week_indexes[w]
    whole = week_measure(week, rule.bits["whole"], "minutes")
    if not whole:
        return []
    part = week_measure(week, rule.bits["part"], "minutes")
    share = 100 * part / whole
    if share <= options.max_percent:
        return []
    message = (f"{part} of {whole} min ({share:.0f} %) in {week_label(ctx, w)} are {options.part.describe()}: "
               f"at most {options.max_percent:g} % wanted")
    return [rule.finding(message, week=ctx.week_number(w))]


KIND = RuleKind(name="share", options=ShareOptions, check=per_week(check_week), doc=__doc__)
