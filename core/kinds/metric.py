"""A warning when a weekly training-load metric crosses a threshold.

The metrics are those of :func:`runlift.metrics.week_metrics` (session-RPE load = RPE × minutes, all
sports), one value per plan week, taken on the week's Sunday:

=====================  =====================================================================
``metric``             meaning
=====================  =====================================================================
``monotony``           mean daily load / SD of daily load over the week (Foster 1998)
``strain``             weekly load × monotony
``acwr-coupled``       7-day / 28-day rolling load, 28-day window including the week (Gabbett 2016)
``acwr-uncoupled``     7-day load / the 21 days before it (Windt & Gabbett 2019)
``acwr-ewma``          EWMA-7 / EWMA-28 of daily load (Williams et al. 2017)
``ramp-run-minutes``   % change of running minutes on the week before
``ramp-load``          % change of weekly load on the week before
``load``               weekly load
=====================  =====================================================================

A week is flagged when its value is ``above`` (strictly greater), ``at-least`` (greater or equal) or
``below`` (strictly less) the given thresholds. Undefined values (ACWR in the first 28 days, monotony of a
week with the same load every day, a ramp from a week of nothing) are never flagged; only complete weeks
are judged. Only the metric a rule names is computed, and only when the rule runs.

Options:

* ``metric`` (one of the names above, required)
* ``above``, ``at-least``, ``below`` (numbers; at least one)

Examples::

    [[rules]]
    code = "XX130"
    name = "vary-the-week"
    kind = "metric"
    severity = "warn"
    options = { metric = "monotony", above = 2.0 }

    [[rules]]
    code = "XX131"
    name = "no-load-spikes"
    kind = "metric"
    severity = "warn"
    options = { metric = "acwr-coupled", at-least = 1.5 }

    [[rules]]
    code = "XX132"
    name = "ten-percent-running"
    kind = "metric"
    severity = "warn"
    options = { metric = "ramp-run-minutes", above = 10 }
"""

from __future__ import annotations

import math
from typing import Literal

from attrs import frozen

from .. import metrics
from ..rulekinds import RuleKind
from .common import week_label

Metric = Literal["monotony", "strain", "acwr-coupled", "acwr-uncoupled", "acwr-ewma", "ramp-run-minutes",
                 "ramp-load", "load"]
METRIC_WORDS = {
    "monotony": "training monotony", "strain": "training strain",
    "acwr-coupled": "acute:chronic load ratio", "acwr-uncoupled": "acute:chronic load ratio (uncoupled)",
    "acwr-ewma": "acute:chronic load ratio (EWMA)", "ramp-run-minutes": "running minutes change",
    "ramp-load": "weekly load change", "load": "weekly load",
}


@frozen
class MetricOptions:
    """Options of the ``metric`` kind (see the module docstring)."""

    metric: Metric
    above: float | None = None
    at_least: float | None = None
    below: float | None = None

    def __attrs_post_init__(self) -> None:
        if self.above is None and self.at_least is None and self.below is None:
            raise ValueError("set 'above', 'at-least' or 'below' (this rule would check nothing)")


def _fmt(metric: str, value: float) -> str:
    if metric.startswith("ramp"):
        return f"{value:+.0f} %"
    if metric in ("strain", "load"):
        return f"{value:.0f}"
    return f"{value:.2f}"


def _week_load(wi) -> float:
    load = wi.memo.get("load")
    if load is None:
        load = wi.memo["load"] = math.fsum(wi.daily_loads())
    return load


def _monotony(wi) -> float | None:
    key = "monotony"
    if key not in wi.memo:
        wi.memo[key] = metrics.monotony(wi.daily_loads())
    return wi.memo[key]


def value_of(ctx, metric: str, w: int) -> float | None:
    """Week ``w``'s value of ``metric``, equal to that field of :func:`runlift.metrics.week_metrics`, computed
    from the checker's index (and cached per week) instead of the whole plan."""
    wi = ctx.week_indexes[w]
    last = 7 * w + 6
    if metric == "monotony":
        return _monotony(wi)
    if metric == "strain":
        mono = _monotony(wi)
        return None if mono is None else _week_load(wi) * mono
    if metric == "load":
        return _week_load(wi)
    if metric == "acwr-coupled":
        return metrics.acwr_coupled(ctx.daily_loads, last)
    if metric == "acwr-uncoupled":
        return metrics.acwr_uncoupled(ctx.daily_loads, last)
    if metric == "acwr-ewma":
        ratios = ctx.__dict__.get("_acwr_ewma")
        if ratios is None:  # EWMAs are causal: the full series gives every week's value at once
            ratios = ctx.__dict__["_acwr_ewma"] = metrics.acwr_ewma(ctx.daily_loads)
        return ratios[last]
    if w == 0:
        return None
    prev = ctx.week_indexes[w - 1]
    if metric == "ramp-run-minutes":
        return metrics.ramp(prev.run_minutes(), wi.run_minutes())
    return metrics.ramp(_week_load(prev), _week_load(wi))


def check(ctx, rule):
    o: MetricOptions = rule.options
    above, at_least, below = o.above, o.at_least, o.below
    out = []
    for w in range(ctx.n_weeks):
        if not ctx.week_on[w] or not ctx.complete[w]:
            continue
        value = value_of(ctx, o.metric, w)
        if value is None:
            continue
        if above is not None and value > above:
            limit = f"above {_fmt(o.metric, above)}"
        elif at_least is not None and value >= at_least:
            limit = f"at or above {_fmt(o.metric, at_least)}"
        elif below is not None and value < below:
            limit = f"below {_fmt(o.metric, below)}"
        else:
            continue
        message = f"{METRIC_WORDS[o.metric]} {_fmt(o.metric, value)} in {week_label(ctx, w)}: {limit}"
        out.append(rule.finding(message, week=ctx.week_number(w), dates=(ctx.dates[7 * w],)))
    return out


KIND = RuleKind(name="metric", options=MetricOptions, check=check, doc=__doc__)
