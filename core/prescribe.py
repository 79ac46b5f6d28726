"""Exercise prescription: the exercises of a strength or mobility session, with sets × reps or holds.

**Selection.** A session's *focus* (its strength type) picks a list of slots, each a movement pattern (and
category) to fill from the catalog (:mod:`runlift.catalog`)::

    lower      squat, hinge, lunge/step-up, calf, core
    upper      push, pull, carry/core, pull, core
    full       squat, hinge, push, pull, lunge/step-up, core
    circuit    squat, push, lunge, core, hinge
    core       core holds and anti-rotation work
    isometric  isometric holds (wall sit, split-squat hold, calf-raise hold ...) and a plank
    plyometric jumps and hops, then calves and core
    mobility   mobility and activation drills
    prehab     targeted low-load work (hips, feet, calves, trunk)

Each slot takes the first catalog entry that fits, ranked by how well its equipment suits the session:
heavy sessions prefer barbell, then dumbbell/kettlebell work; moderate ones dumbbell/kettlebell, then
bodyweight; light ones bodyweight and bands. The athlete's equipment access filters first (``home``
never gets barbell or machine work; see :mod:`runlift.catalog`), exercises the athlete's niggles should
avoid are never chosen, and ``bodyweight-only`` keeps to bodyweight, band and box work. Consecutive
phases rotate between the two best candidates of a slot, so the key lifts stay while accessories vary.

**Dose.** ``sets`` × ``reps`` (or ``hold-seconds`` for holds and carries) from the week's ``[planner]``
strength table, grown by its ``progression`` table one step every ``every`` weeks of the phase. Warm-up
and mobility drills keep the catalog's default dose. The load note says the equipment and the weight
("dumbbell, moderate", "bodyweight", "; each side" for one-sided work).

**Niggles.** Every strength session of an athlete with niggles gets up to two prehab exercises for them
(the pillars article's prehab table, via the catalog's ``prehab`` field).

**The ruleset's own demands** are met here, not left to chance:

* prescription rules (:class:`DoseBounds`): sets, reps and holds are clamped into their ranges, and when a
  rule lists allowed ``loads`` only exercises that can carry one of those notes are chosen;
* coverage rules: :meth:`Composer.cover` adds exercises for missing categories, muscles, patterns or
  single-leg work;
* session-flow rules: :meth:`Composer.arrange` orders the exercises (and adds a warm-up or a finisher
  when a session must start or end with a category it lacks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from attrs import field, frozen

from .catalog import Catalog, CatalogExercise
from .model import Exercise
from .planner_config import ResolvedStrength

Slot = tuple[tuple[str, ...], tuple[str, ...]]  # (patterns, categories); empty = any

_COMPOUND = ("compound",)
_HOLDS = ("isometric",)
SLOTS: dict[str, tuple[Slot, ...]] = {
    "lower": ((("squat",), _COMPOUND), (("hinge",), _COMPOUND), (("lunge", "step-up"), _COMPOUND),
              (("calf",), ()), (("core",), ())),
    "upper": ((("push",), _COMPOUND), (("pull",), _COMPOUND), (("carry", "core"), ()), (("pull",), ()),
              (("core",), ())),
    "full": ((("squat",), _COMPOUND), (("hinge",), _COMPOUND), (("push",), _COMPOUND), (("pull",), _COMPOUND),
             (("lunge", "step-up"), _COMPOUND), (("core",), ())),
    "circuit": ((("squat",), _COMPOUND), (("push",), _COMPOUND), (("lunge", "step-up"), _COMPOUND),
                (("core",), ()), (("hinge",), ())),
    "core": ((("core",), _HOLDS), (("core",), ("prehab",)), (("core",), ()), (("carry",), ()), (("core",), ())),
    "isometric": (((), _HOLDS), (("core",), _HOLDS), ((), _HOLDS), ((), _HOLDS), ((), _HOLDS)),
    "plyometric": ((("plyometric",), ()), (("plyometric",), ()), (("calf",), ()), (("plyometric",), ()),
                   (("core",), ())),
    "mobility": (((), ("mobility",)),) * 6,
    "prehab": (((), ("prehab",)),) * 6,
}
_DEFAULT_SLOTS = SLOTS["full"]
#: Muscles a warm-up should wake up, by session focus.
_WARM_UP_MUSCLES = {"upper": ("upper-body",), "core": ("core", "hips")}

#: Equipment preference by session intensity (earlier = better).
_PREFERENCE = {
    "hard": ("barbell", "dumbbell", "kettlebell", "machine", "box", "band", "bodyweight"),
    "moderate": ("dumbbell", "kettlebell", "box", "band", "bodyweight", "machine", "barbell"),
    "easy": ("bodyweight", "band", "box", "dumbbell", "kettlebell", "machine", "barbell"),
}
_BODYWEIGHT_KIT = frozenset({"bodyweight", "band", "box"})
_HOME_KIT = frozenset({"bodyweight", "band", "dumbbell", "kettlebell", "box"})
_LOAD_WORDS = {"hard": "heavy", "moderate": "moderate", "easy": "light"}


@frozen(cache_hash=True)
class DoseBounds:
    """What one prescription rule allows for the exercises of the sessions it selects.

    ``categories`` (empty = every exercise) narrows the exercises it judges, as the kind does."""

    applies: Callable[..., bool] = field(eq=False)
    sets: tuple[int | None, int | None] = (None, None)
    reps: tuple[int | None, int | None] = (None, None)
    hold_seconds: tuple[int | None, int | None] = (None, None)
    loads: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()

    def judges(self, entry: CatalogExercise) -> bool:
        return not self.categories or entry.category in self.categories


_UNSET = object()  # a cached value not computed yet


def _prefs(entry: CatalogExercise, intensity: str) -> tuple[str, ...]:
    """Equipment preference for an exercise in a session of ``intensity``: only compound lifts go heavy;
    holds, drills, prehab and jumps stay with bodyweight and light kit."""
    if entry.category != "compound":
        return _PREFERENCE["easy"]
    return _PREFERENCE.get(intensity, _PREFERENCE["moderate"])


def _clamp(value: int | None, bounds: tuple[int | None, int | None]) -> int | None:
    if value is None:
        return None
    lo, hi = bounds
    if lo is not None and value < lo:
        value = lo
    if hi is not None and value > hi:
        value = hi
    return value


def progressed(strength: ResolvedStrength, week_in_phase: int) -> tuple[int, int, int]:
    """(sets, reps, hold seconds) for week ``week_in_phase`` (0-based) of a phase."""
    p = strength.progression
    step = week_in_phase // p.every
    sets = min(max(strength.sets, p.max_sets), strength.sets + step * p.sets)
    reps = min(max(strength.reps, p.max_reps), strength.reps + step * p.reps)
    hold = min(max(strength.hold_seconds, p.max_hold_seconds), strength.hold_seconds + step * p.hold_seconds)
    return sets, reps, hold


@frozen
class Flow:
    """A session-flow rule's demands (see :mod:`runlift.kinds.session_flow`)."""

    starts_with: tuple[str, ...] = ()
    ends_with: tuple[str, ...] = ()
    sequence: tuple[str, ...] = ()


class Composer:
    """Chooses exercises for sessions; caches catalog look-ups for one athlete (build one per plan)."""

    def __init__(self, catalog: Catalog, equipment: str, niggles: Sequence[str],
                 exercises: dict[tuple, Exercise] | None = None):
        self.catalog = catalog
        self.equipment = equipment
        self.niggles = tuple(niggles)
        self._candidates: dict[tuple, tuple[CatalogExercise, ...]] = {}
        self._picks: dict[tuple, tuple] = {}
        self._sessions: dict[tuple, tuple[Exercise, ...]] = {}
        self._doses: dict[tuple, dict[tuple, Exercise | None]] = {}
        #: one Exercise object per value, shareable by the composers of one catalog (``exercises``)
        self._exercises: dict[tuple, Exercise] = {} if exercises is None else exercises
        self._entries: dict[str, CatalogExercise | None] = {}
        self._notes: dict[tuple, str | None] = {}
        self._covers: dict[tuple, tuple] = {}
        self._arranged: dict[tuple, tuple] = {}
        self._facts: dict[tuple, tuple] = {}
        self._by_id = {e.id: e for e in catalog}
        self._all: tuple[CatalogExercise, ...] | None = None

    def entry(self, name: str) -> CatalogExercise | None:
        hit = self._entries.get(name, 0)
        if hit == 0:
            hit = self._entries[name] = self.catalog.match(name)
        return hit  # type: ignore[return-value]

    # -- catalog -----------------------------------------------------------------------------------

    def _kit(self, entry: CatalogExercise, bodyweight_only: bool) -> tuple[str, ...]:
        kit = tuple(entry.equipment)
        if self.equipment == "home":
            kit = tuple(k for k in kit if k in _HOME_KIT)
        if bodyweight_only:
            kit = tuple(k for k in kit if k in _BODYWEIGHT_KIT)
        return kit

    def candidates(self, slot: Slot, intensity: str, bodyweight_only: bool,
                   muscles: tuple[str, ...] | None = None) -> tuple[CatalogExercise, ...]:
        key = (slot, intensity, bodyweight_only, muscles)
        hit = self._candidates.get(key)
        if hit is None:
            patterns, categories = slot
            found = self.catalog.select(pattern=patterns or None, category=categories or None,
                                        equipment_access=self.equipment, niggles=self.niggles, muscles=muscles)
            ranked = []
            for order, entry in enumerate(found):
                kit = self._kit(entry, bodyweight_only)
                if kit:
                    prefs = _prefs(entry, intensity)
                    ranked.append((min(prefs.index(k) for k in kit), order, entry))
            ranked.sort(key=lambda t: (t[0], t[1]))
            hit = self._candidates[key] = tuple(e for _, _, e in ranked)
        return hit

    def note(self, entry: CatalogExercise, intensity: str, strength: ResolvedStrength,
             bounds: Sequence[DoseBounds], main: bool) -> str | None:
        """The load note for an exercise, or None when no note the session's rules allow fits it."""
        key = (entry.id, intensity, strength.bodyweight_only, strength.load, bounds, main)
        hit = self._notes.get(key, 0)
        if hit == 0:
            hit = self._notes[key] = self._note(entry, intensity, strength, bounds, main)
        return hit  # type: ignore[return-value]

    def _note(self, entry: CatalogExercise, intensity: str, strength: ResolvedStrength,
              bounds: Sequence[DoseBounds], main: bool) -> str | None:
        prefs = _prefs(entry, intensity)
        kits = sorted(self._kit(entry, strength.bodyweight_only), key=prefs.index)
        allowed: frozenset[str] | None = None
        for b in bounds:
            if b.loads and b.judges(entry):
                allowed = b.loads if allowed is None else allowed & b.loads
        word = strength.load or _LOAD_WORDS.get(intensity, intensity)
        side = "; each side" if entry.unilateral else ""
        for kit in kits:
            if kit == "bodyweight":
                options = [f"bodyweight{side}", "bodyweight"]
            elif entry.category == "mobility" or not main:
                options = [f"{kit}{side}", kit]
            else:
                options = [f"{kit}, {word}{side}", f"{kit}, {word}", word, kit]
            if allowed is None:
                return options[0]
            for note in options:
                if note.lower() in allowed:
                    return note
        return None

    # -- dosing ------------------------------------------------------------------------------------

    def _exercise(self, entry: CatalogExercise, sets: int, reps: int | None, hold: int | None,
                  load: str | None) -> Exercise:
        key = (entry.id, sets, reps, hold, load)
        ex = self._exercises.get(key)
        if ex is None:
            ex = self._exercises[key] = Exercise(name=entry.name, sets=sets, reps=reps, hold_seconds=hold, load=load)
        return ex

    def dose(self, entry: CatalogExercise, dose: tuple[int, int, int], intensity: str, strength: ResolvedStrength,
             bounds: Sequence[DoseBounds], main: bool) -> Exercise | None:
        sets, reps, hold = dose
        load = self.note(entry, intensity, strength, bounds, main)
        if load is None:
            return None
        if entry.default.hold_seconds is not None:
            r, h = None, (hold if main else entry.default.hold_seconds)
        elif entry.category == "plyometric" and main:
            r, h = min(reps, entry.default.reps + 4), None  # type: ignore[operator]
        else:
            r, h = (reps if main else entry.default.reps), None
        s = sets if main else min(entry.default.sets, 2)
        for b in bounds:
            if b.judges(entry):
                s = _clamp(s, b.sets) or s
                r = _clamp(r, b.reps)
                h = _clamp(h, b.hold_seconds)
        return self._exercise(entry, s, r, h, load)

    # -- sessions ----------------------------------------------------------------------------------

    def compose(self, focus: str, intensity: str, strength: ResolvedStrength, week_in_phase: int,
                variant: int, bounds: Sequence[DoseBounds] = (), sport: str = "strength") -> tuple[Exercise, ...]:
        """The exercises of one session: :meth:`select`, then :meth:`dose_all` for the week."""
        picks = self.select(focus, intensity, strength, variant, bounds, sport)
        return self.dose_all(picks, progressed(strength, week_in_phase), intensity, strength, bounds)

    def dose_all(self, picks: tuple, dose: tuple[int, int, int], intensity: str, strength: ResolvedStrength,
                 bounds: Sequence[DoseBounds]) -> tuple[Exercise, ...]:
        """The exercises for picks ``(entry, main, intensity override)`` at a week's dose."""
        key = (picks, dose, intensity, strength, bounds)
        hit = self._sessions.get(key)
        if hit is None:
            # each pick's exercise at this dose, shared by the sessions with the same intensity, table and rules
            doses = self._doses.get(key[2:])
            if doses is None:
                doses = self._doses[key[2:]] = {}
            out = []
            for pick in picks:
                ex = doses.get((pick, dose), _UNSET)
                if ex is _UNSET:
                    eid, main, kind_intensity = pick
                    ex = doses[(pick, dose)] = self.dose(
                        self._by_id[eid], dose if kind_intensity is None else (min(dose[0], 2),) + dose[1:],
                        kind_intensity or intensity, strength, bounds, main)
                if ex is not None:
                    out.append(ex)
            hit = self._sessions[key] = tuple(out)
        return hit

    def select(self, focus: str, intensity: str, strength: ResolvedStrength, variant: int,
               bounds: Sequence[DoseBounds] = (), sport: str = "strength") -> tuple:
        """(entry, main, intensity override) for each exercise of a session, in order (no dose yet)."""
        return self._select(focus, intensity, strength, variant, bounds, sport)

    def _select(self, focus: str, intensity: str, strength: ResolvedStrength, variant: int,
                bounds: Sequence[DoseBounds], sport: str) -> tuple:
        """(entry, main, intensity override) for each exercise of a session, in order."""
        # the variant only picks one of the first two options and where the niggles start (_pick,
        # _niggle_entries): variants equal modulo both give equal sessions
        variant %= 2 * max(1, len(self.niggles))
        key = (focus, intensity, strength.exercises, strength.warm_up, strength.bodyweight_only, strength.load,
               variant, bounds, sport)
        hit = self._picks.get(key)
        if hit is not None:
            return hit
        used: set[str] = set()
        out: list[tuple] = []
        bw = strength.bodyweight_only
        if sport == "mobility":
            for slot in SLOTS["mobility"][:4]:
                entry = self._pick(slot, "easy", bw, used, variant, strength, bounds, False)
                if entry is not None:
                    out.append((entry.id, False, "easy"))
        else:
            slots = SLOTS.get(focus, _DEFAULT_SLOTS)
            count = strength.exercises
            if strength.warm_up and focus != "mobility" and count > 1:
                muscles = _WARM_UP_MUSCLES.get(focus, ("hips", "glutes"))
                warm = self._pick(((), ("mobility",)), "easy", True, used, variant, strength, bounds, False,
                                  muscles=muscles, pattern="mobility") or \
                    self._pick(((), ("prehab",)), "easy", True, used, variant, strength, bounds, False,
                               muscles=muscles, pattern="mobility")
                if warm is not None:
                    out.append((warm.id, False, "easy"))
                    count -= 1
            main_slots = [slots[k % len(slots)] for k in range(count)]
            for slot in main_slots:
                entry = self._pick(slot, intensity, bw, used, variant, strength, bounds, True)
                if entry is not None:
                    out.append((entry.id, entry.category != "mobility", None))
            if sport == "strength":
                for entry in self._niggle_entries(used, variant, strength, bounds):
                    out.append((entry.id, True, "easy"))
        result = self._picks[key] = tuple(out)
        return result

    def _pick(self, slot: Slot, intensity: str, bodyweight_only: bool, used: set[str], variant: int,
              strength: ResolvedStrength, bounds: Sequence[DoseBounds], main: bool,
              muscles: tuple[str, ...] | None = None, pattern: str | None = None) -> CatalogExercise | None:
        if pattern is not None:
            slot = ((pattern,), slot[1])
        options = []  # the first two that fit: the variant picks one of them
        for e in self.candidates(slot, intensity, bodyweight_only, muscles):
            if e.id not in used and self.note(e, intensity, strength, bounds, main) is not None:
                options.append(e)
                if len(options) == 2:
                    break
        if not options:
            return None
        entry = options[variant % len(options)]
        used.add(entry.id)
        return entry

    def _niggle_entries(self, used: set[str], variant: int, strength: ResolvedStrength,
                        bounds: Sequence[DoseBounds]) -> list[CatalogExercise]:
        out: list[CatalogExercise] = []
        niggles = self.niggles
        if not niggles:
            return out
        bw = strength.bodyweight_only
        order = [niggles[(variant + i) % len(niggles)] for i in range(min(2, len(niggles)))]
        for niggle in order:
            key = ("prehab", niggle, bw)
            found = self._candidates.get(key)
            if found is None:
                sel = self.catalog.select(category=("prehab", "isometric", "mobility"),
                                          equipment_access=self.equipment, niggles=self.niggles, prehab=niggle)
                found = self._candidates[key] = tuple(e for e in sel if self._kit(e, bw))
            for entry in found:
                if entry.id not in used and self.note(entry, "easy", strength, bounds, True) is not None:
                    used.add(entry.id)
                    out.append(entry)
                    break
        return out

    # -- ruleset demands ---------------------------------------------------------------------------------

    def cover(self, picks: tuple, *, categories: Iterable[str] = (), muscles: Iterable[str] = (),
              patterns: Iterable[str] = (), single_leg: bool = False, intensity: str, strength: ResolvedStrength,
              bounds: Sequence[DoseBounds]) -> tuple:
        """``picks`` plus what it takes to cover the given categories, muscles, patterns and single-leg work
        (each addition covers as many missing items as it can)."""
        key = (picks, tuple(categories), tuple(muscles), tuple(patterns), single_leg, intensity, strength,
               tuple(bounds))
        hit = self._covers.get(key)
        if hit is None:
            hit = self._covers[key] = self._cover(picks, set(key[1]), set(key[2]), set(key[3]), single_leg,
                                                  intensity, strength, bounds)
        return hit

    def _cover(self, picks, missing_c, missing_m, missing_p, single_leg, intensity, strength, bounds):
        if self._all is None:
            self._all = self.catalog.select(equipment_access=self.equipment, niggles=self.niggles)
        need_single = single_leg
        used = {eid for eid, _, _ in picks}
        out = list(picks)
        for _ in range(8):
            if not (missing_c or missing_m or missing_p or need_single):
                break
            best, best_score = None, 0
            for entry in self._all:
                score = (3 * (entry.category in missing_c) + 2 * len(missing_m.intersection(entry.muscles))
                         + 2 * (entry.pattern in missing_p) + (2 if need_single and entry.unilateral else 0))
                if score <= best_score or entry.id in used or not self._kit(entry, strength.bodyweight_only):
                    continue
                main = entry.category != "mobility"
                if self.note(entry, intensity if main else "easy", strength, bounds, main) is not None:
                    best, best_score = entry, score
            if best is None:
                break
            used.add(best.id)
            main = best.category != "mobility"
            out.append((best.id, main, None if main else "easy"))
            missing_c.discard(best.category)
            missing_m.difference_update(best.muscles)
            missing_p.discard(best.pattern)
            need_single = need_single and not best.unilateral
        return tuple(out)

    def facts(self, picks: tuple) -> tuple[frozenset, frozenset, frozenset, bool]:
        """(categories, muscles, patterns, single-leg) the picks cover (cached)."""
        hit = self._facts.get(picks)
        if hit is None:
            hit = self._facts[picks] = self._facts_of(picks)
        return hit

    def _facts_of(self, picks: tuple) -> tuple[frozenset, frozenset, frozenset, bool]:
        cats, muscles, patterns, single = set(), set(), set(), False
        for eid, _, _ in picks:
            entry = self._by_id[eid]
            cats.add(entry.category)
            muscles.update(entry.muscles)
            patterns.add(entry.pattern)
            single = single or entry.unilateral
        return frozenset(cats), frozenset(muscles), frozenset(patterns), single

    def arrange(self, picks: tuple, flows: Sequence[Flow], *, strength: ResolvedStrength,
                bounds: Sequence[DoseBounds]) -> tuple:
        """Order (and if needed complete) a session's picks so their categories follow every flow."""
        if not flows or not picks:
            return picks
        key = (picks, tuple(flows), strength, tuple(bounds))
        hit = self._arranged.get(key)
        if hit is None:
            hit = self._arranged[key] = self._arrange(picks, flows, strength, bounds)
        return hit

    def _arrange(self, picks: tuple, flows: Sequence[Flow], strength: ResolvedStrength,
                 bounds: Sequence[DoseBounds]) -> tuple:
        by_id = self._by_id

        def cat(it) -> str:
            return by_id[it[0]].category

        items = list(picks)
        sequence: list[str] = []
        for f in flows:
            for c in f.sequence:
                if c not in sequence:
                    sequence.append(c)
        if sequence:
            rank = {c: k for k, c in enumerate(sequence)}
            items.sort(key=lambda it: rank.get(cat(it), len(rank)))
        for allowed in [f.starts_with for f in flows if f.starts_with]:
            if items and cat(items[0]) in allowed:
                continue
            k = next((i for i, it in enumerate(items) if cat(it) in allowed), None)
            if k is not None:
                items.insert(0, items.pop(k))
            else:
                extra = self._extra(allowed, strength, bounds, {it[0] for it in items})
                if extra is not None:
                    items.insert(0, extra)
        for allowed in [f.ends_with for f in flows if f.ends_with]:
            if items and cat(items[-1]) in allowed:
                continue
            # a finisher of its own (moving an exercise to the end could break the sequence), of a category
            # the session already has when possible (a second one leaves the order of first appearances alone)
            present = {cat(it) for it in items}
            ordered = sorted(allowed, key=lambda c: c not in present)
            extra = self._extra(ordered, strength, bounds, {it[0] for it in items})
            if extra is not None:
                items.append(extra)
                continue
            k = next((i for i in range(len(items) - 1, 0, -1) if cat(items[i]) in allowed), None)
            if k is not None:
                items.append(items.pop(k))
        return tuple(items)

    def _extra(self, categories: Sequence[str], strength: ResolvedStrength, bounds: Sequence[DoseBounds],
               used: set[str]) -> tuple | None:
        """A warm-up (or finisher) pick of one of ``categories``."""
        for category in categories:
            for entry in self.candidates(((), (category,)), "easy", True):
                if entry.id not in used and self.note(entry, "easy", strength, bounds, False) is not None:
                    return (entry.id, False, "easy")
        return None
