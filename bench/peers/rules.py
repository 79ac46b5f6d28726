"""The five rules of ``bench/week.toml`` evaluated outside runlift: with rule-engine, and hand-written.

Both return the broken rules as ``(code, day number)`` pairs (day 0 = the plan's first Monday). They judge
complete Monday-Sunday weeks of a generated plan, which is what the benchmark gives them; they are not
general checkers (no partial weeks, phases or athlete conditions), so they are a floor, not a rival.
"""

from __future__ import annotations

import types

QUALITY = frozenset({"tempo", "intervals", "hills", "long", "race"})
SPEED = frozenset({"tempo", "intervals", "hills", "race"})
LOWER = frozenset({"lower", "full", "plyometric", "circuit"})


def _days(plan):
    """Each plan day's sessions, Monday of week 1 first (unlisted days are empty)."""
    out = []
    for week in plan.weeks:
        slots = [()] * 7
        for day in week.days:
            slots[day.date.weekday()] = day.sessions
        out += slots
    return out


# --------------------------------------------------------------------------- hand-written


def check_hand_written(plan) -> list[tuple[str, int]]:
    """Plain loops over the plan: the floor of what checking these rules can cost in Python."""
    out = []
    days = _days(plan)
    prev_quality = prev_heavy_lower = False
    for i, sessions in enumerate(days):
        if i % 7 == 0:
            strength = rest_days = 0
        quality = heavy = long_run = heavy_lower_seen = False
        training = False
        for s in sessions:
            sport, kind = s.sport, s.type
            if sport != "rest":
                training = True
            if sport == "strength":
                strength += 1
                if s.intensity == "hard":
                    heavy = True
                    if kind in LOWER:
                        heavy_lower_seen = True
            elif sport == "run":
                if kind in QUALITY:
                    quality = True
                if kind == "long":
                    long_run = True
                if kind in SPEED and (prev_heavy_lower or heavy_lower_seen):
                    out.append(("BW103", i))
        if not training:
            rest_days += 1
        if quality and prev_quality:
            out.append(("BW104", i))
        if heavy and long_run:
            out.append(("BW105", i))
        prev_quality, prev_heavy_lower = quality, heavy_lower_seen
        if i % 7 == 6:
            if strength != 2:
                out.append(("BW101", i - 6))
            if rest_days < 1:
                out.append(("BW102", i - 6))
    return out


# --------------------------------------------------------------------------- rule-engine


def _quality(x: str) -> str:
    return f"[s for s in {x} if s.sport == 'run' and s.type in {sorted(QUALITY)}]"


def _heavy_lower(x: str) -> str:
    return f"[h for h in {x} if h.sport == 'strength' and h.intensity == 'hard' and h.type in {sorted(LOWER)}]"


_SPEED = f"s.sport == 'run' and s.type in {sorted(SPEED)}"

#: (code, record type, rule text). Records: a week's sessions, a day's, or two consecutive days (a, b).
RULE_TEXTS = (
    ("BW101", "week", "[s for s in sessions if s.sport == 'strength'].length == 2"),
    ("BW102", "week", "[s.day for s in sessions if s.sport != 'rest'].to_set.length <= 6"),
    ("BW103", "pair", f"not ({_heavy_lower('a')} and [s for s in b if {_SPEED}]) and "
                      f"not [h for h in {_heavy_lower('b')} if [s for s in b if {_SPEED} and s.order > h.order]]"),
    ("BW104", "pair", f"not ({_quality('a')} and {_quality('b')})"),
    ("BW105", "day", "not ([s for s in sessions if s.sport == 'strength' and s.intensity == 'hard'] and "
                     "[s for s in sessions if s.sport == 'run' and s.type == 'long'])"),
)


class RuleEngineChecker:
    """The rules compiled once with rule-engine; sessions are read through attribute access."""

    def __init__(self):
        import rule_engine

        context = rule_engine.Context(resolver=rule_engine.resolve_attribute)
        self.rules = [(code, scope, rule_engine.Rule(text, context=context)) for code, scope, text in RULE_TEXTS]

    def check(self, plan) -> list[tuple[str, int]]:
        days = _days(plan)
        ns = types.SimpleNamespace
        out = []
        records = {
            "week": [(7 * w, ns(sessions=[ns(sport=s.sport, type=s.type, intensity=s.intensity, order=s.order,
                                             day=7 * w + d) for d in range(7) for s in days[7 * w + d]]))
                     for w in range(len(days) // 7)],
            "day": [(i, ns(sessions=list(ss))) for i, ss in enumerate(days)],
            # the pair (day i - 1, day i); day 0 pairs with an empty day before the plan
            "pair": [(i, ns(a=list(days[i - 1]) if i else [], b=list(ss))) for i, ss in enumerate(days)],
        }
        for code, scope, rule in self.rules:
            for i, record in records[scope]:
                if not rule.matches(record):
                    out.append((code, i))
        return sorted(out, key=lambda x: (x[1], x[0]))
