"""The exercise catalog: shipped data, lookups, selection and loader error messages."""

from __future__ import annotations

from importlib import resources

import pytest

from runlift.catalog import (
    CATEGORIES,
    EQUIPMENT,
    EQUIPMENT_BY_ACCESS,
    MUSCLES,
    PATTERNS,
    Catalog,
    CatalogExercise,
    load_catalog,
    name_key,
)
from runlift.errors import ConfigError
from runlift.vocabulary import EQUIPMENT_ACCESS, NIGGLES

PATTERN_CHOICES = ", ".join(PATTERNS)


def entry(**overrides: str) -> str:
    """One valid ``[[exercises]]`` table as TOML; ``overrides`` replace or add raw TOML values."""
    fields = {
        "id": '"test-move"',
        "name": '"Test move"',
        "pattern": '"squat"',
        "muscles": '["quads"]',
        "equipment": '["bodyweight"]',
        "category": '"compound"',
        "default": "{ sets = 3, reps = 8 }",
        **overrides,
    }
    return "[[exercises]]\n" + "".join(f"{key} = {value}\n" for key, value in fields.items())


def problems(*texts: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_catalog([(f"extra{i or ''}.toml", text) for i, text in enumerate(texts)])
    return list(info.value.messages())


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# --- the shipped catalog -----------------------------------------------------------------------------


def test_shipped_catalog_loads_from_package_data(catalog: Catalog) -> None:
    assert resources.files("runlift.data").joinpath("exercises.toml").is_file()
    assert len(catalog) >= 55
    assert all(isinstance(e, CatalogExercise) for e in catalog)


def test_builtin_catalog_is_cached() -> None:
    assert load_catalog() is load_catalog()
    assert load_catalog(()) is load_catalog()


@pytest.mark.parametrize("niggle", NIGGLES)
def test_every_niggle_has_at_least_two_prehab_exercises(catalog: Catalog, niggle: str) -> None:
    ids = [e.id for e in catalog.select(prehab=niggle)]
    assert len(ids) >= 2, ids


@pytest.mark.parametrize("niggle", NIGGLES)
def test_every_niggle_has_prehab_an_athlete_at_home_can_do(catalog: Catalog, niggle: str) -> None:
    assert catalog.select(prehab=niggle, equipment_access="home", niggles=niggle)


def test_every_pattern_category_muscle_and_equipment_is_used(catalog: Catalog) -> None:
    assert {e.pattern for e in catalog} == set(PATTERNS)
    assert {e.category for e in catalog} == set(CATEGORIES)
    assert {m for e in catalog for m in e.muscles} == set(MUSCLES)
    assert {q for e in catalog for q in e.equipment} == set(EQUIPMENT)


@pytest.mark.parametrize(
    "exercise_id",
    [
        "back-squat", "goblet-squat", "bodyweight-squat", "split-squat", "bulgarian-split-squat",
        "forward-lunge", "reverse-lunge", "walking-lunge", "deadlift", "romanian-deadlift",
        "single-leg-deadlift", "step-up", "box-step-up", "step-down", "hip-thrust", "glute-bridge",
        "single-leg-glute-bridge", "clamshell", "banded-lateral-walk", "monster-walk", "calf-raise",
        "single-leg-calf-raise", "bent-knee-calf-raise", "tib-raise", "plank", "side-plank", "dead-bug",
        "bird-dog", "pallof-press", "copenhagen-plank", "wall-sit", "isometric-split-squat-hold",
        "isometric-calf-raise-hold", "spanish-squat", "single-leg-balance", "push-up", "dumbbell-row",
        "inverted-row", "bent-over-row", "pull-up", "overhead-press", "farmer-carry", "suitcase-carry",
        "box-jump", "jump-squat", "pogo-hops", "bounding", "a-skip", "kettlebell-swing", "nordic-curl",
        "hamstring-slider-curl", "single-leg-press", "leg-press", "toe-yoga", "short-foot", "towel-scrunch",
        "eccentric-heel-drop", "hip-flexor-stretch", "90-90-hip-switch", "ankle-dorsiflexion-mobility",
        "thoracic-rotation", "worlds-greatest-stretch", "leg-swings", "foam-roll-itb", "hip-airplane",
        "fire-hydrant",
    ],
)
def test_required_exercises_are_present(catalog: Catalog, exercise_id: str) -> None:
    assert catalog.get(exercise_id).id == exercise_id


def test_every_name_of_every_entry_matches_that_entry(catalog: Catalog) -> None:
    for e in catalog:
        for name in e.names:
            assert catalog.match(name) is e, name


def test_prescriptions_use_reps_or_hold_seconds(catalog: Catalog) -> None:
    for e in catalog:
        assert (e.default.reps is None) != (e.default.hold_seconds is None), e.id


def test_plyometrics_are_avoided_with_achilles_plantar_or_shin_niggles(catalog: Catalog) -> None:
    for e in catalog.select(category="plyometric"):
        assert {"achilles", "plantar", "shins"} <= set(e.avoid), e.id


# --- lookups -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["RDL", "romanian deadlift", "Romanian-Deadlift", "RDLs", "  romanian   DEADLIFTS "],
)
def test_match_romanian_deadlift(catalog: Catalog, name: str) -> None:
    assert catalog.match(name).id == "romanian-deadlift"


@pytest.mark.parametrize(
    ("name", "exercise_id"),
    [
        ("Farmer’s Carries", "farmer-carry"),
        ("Pull-Ups", "pull-up"),
        ("Deadbugs", "dead-bug"),
        ("SLDLs", "single-leg-deadlift"),
        ("Calf Raises off a step", "calf-raise"),
        ("Squats (bodyweight or goblet style)", "bodyweight-squat"),
        ("Banded clamshells", "clamshell"),
        ("DB RDL (slow)", "romanian-deadlift"),
        ("Weighted jumping squats", "jump-squat"),
        ("90/90", "90-90-hip-switch"),
    ],
)
def test_match_free_form_plan_names(catalog: Catalog, name: str, exercise_id: str) -> None:
    assert catalog.match(name).id == exercise_id


@pytest.mark.parametrize("name", ["", "zumba", "dumbbell", "Pull-ups or lat pulldowns"])
def test_match_unknown_is_none(catalog: Catalog, name: str) -> None:
    assert catalog.match(name) is None


def test_name_key_ignores_case_spacing_hyphens_and_plurals() -> None:
    assert name_key("Romanian-Deadlifts") == name_key("romanian deadlift") == name_key("RomanianDeadlift")
    assert name_key("Farmer's Carries") == name_key("farmer carry")


def test_get_unknown_id_raises_key_error(catalog: Catalog) -> None:
    with pytest.raises(KeyError, match="no exercise with id 'sqat'"):
        catalog.get("sqat")
    assert "plank" in catalog and "sqat" not in catalog


# --- select ------------------------------------------------------------------------------------------


def test_home_never_gets_barbell_or_machine_only_work(catalog: Catalog) -> None:
    home = catalog.select(equipment_access="home")
    assert home
    for e in home:
        assert set(e.equipment) - {"barbell", "machine"}, e.id
        assert set(e.equipment) & EQUIPMENT_BY_ACCESS["home"], e.id
    gym_only = {e.id for e in catalog if set(e.equipment) <= {"barbell", "machine"}}
    assert {"back-squat", "leg-press", "seated-cable-row"} <= gym_only
    assert not gym_only & {e.id for e in home}


@pytest.mark.parametrize("access", ["gym", "hybrid"])
def test_gym_and_hybrid_get_everything(catalog: Catalog, access: str) -> None:
    assert catalog.select(equipment_access=access) == catalog.entries


def test_equipment_access_covers_the_vocabulary() -> None:
    assert set(EQUIPMENT_BY_ACCESS) == set(EQUIPMENT_ACCESS)
    assert EQUIPMENT_BY_ACCESS["home"] == {"bodyweight", "band", "dumbbell", "kettlebell", "box"}


def test_select_filters_combine(catalog: Catalog) -> None:
    hinges = catalog.select(pattern="hinge", equipment_access="home", muscles=["hamstrings"])
    assert hinges and all(e.pattern == "hinge" and "hamstrings" in e.muscles for e in hinges)
    assert "deadlift" in {e.id for e in hinges}  # dumbbells or a kettlebell will do
    assert {e.pattern for e in catalog.select(pattern=("calf", "core"))} == {"calf", "core"}
    assert all(e.category == "isometric" for e in catalog.select(category="isometric"))


def test_select_drops_exercises_to_avoid_for_the_athletes_niggles(catalog: Catalog) -> None:
    plyo = {e.id for e in catalog.select(category="plyometric")}
    assert "pogo-hops" in plyo
    assert not catalog.select(category="plyometric", niggles=["achilles"])
    assert "hip-abduction-machine" not in {e.id for e in catalog.select(niggles="itb")}
    assert "jump-squat" not in {e.id for e in catalog.select(niggles="knee")}


def test_select_prehab(catalog: Catalog) -> None:
    knee = catalog.select(prehab="knee")
    assert {"step-down", "glute-bridge", "peterson-step-up", "wall-sit"} <= {e.id for e in knee}
    assert all("knee" in e.prehab for e in knee)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pattern": "sqat"}, "unknown pattern 'sqat'"),
        ({"category": "cardio"}, "unknown category 'cardio'"),
        ({"muscles": ["abs"]}, "unknown muscle 'abs'"),
        ({"niggles": ["elbow"]}, "unknown niggle 'elbow'"),
        ({"prehab": "elbow"}, "unknown niggle 'elbow'"),
        ({"equipment_access": "garage"}, "unknown equipment access 'garage'"),
    ],
)
def test_select_rejects_unknown_values(catalog: Catalog, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        catalog.select(**kwargs)


# --- loader errors -----------------------------------------------------------------------------------


def test_plugin_entries_are_added() -> None:
    extended = load_catalog([("extra.toml", entry())])
    assert len(extended) == len(load_catalog()) + 1
    assert extended.match("test moves").id == "test-move"
    assert "test-move" not in load_catalog()


def test_unknown_key() -> None:
    assert problems(entry(colour='"red"')) == [
        "extra.toml: exercises[0]: unknown key 'colour' (known keys: id, name, pattern, muscles, equipment, "
        "category, default, aliases, unilateral, prehab, avoid)",
    ]


def test_kebab_case_key_typo_is_an_unknown_key() -> None:
    assert problems(entry(default="{ sets = 3, hold_seconds = 30 }")) == [
        "extra.toml: exercises[0].default: unknown key 'hold_seconds'; did you mean 'hold-seconds'? "
        "(known keys: sets, reps, hold-seconds)",
    ]


def test_bad_pattern() -> None:
    assert problems(entry() + entry(id='"other"', pattern='"sqat"')) == [
        f"extra.toml: exercises[1].pattern: expected one of {PATTERN_CHOICES}, got 'sqat'; did you mean 'squat'?",
    ]


def test_bad_muscle_equipment_and_niggle_values() -> None:
    assert problems(entry(muscles='["quads", "abs"]', equipment='["rack"]', avoid='["elbow"]')) == [
        f"extra.toml: exercises[0].muscles[1]: expected one of {', '.join(MUSCLES)}, got 'abs'",
        f"extra.toml: exercises[0].equipment[0]: expected one of {', '.join(EQUIPMENT)}, got 'rack'",
        f"extra.toml: exercises[0].avoid[0]: expected one of {', '.join(NIGGLES)}, got 'elbow'",
    ]


def test_duplicate_id_with_the_builtin_catalog() -> None:
    index = [e.id for e in load_catalog()].index("plank")
    assert problems(entry(id='"plank"', name='"My plank"')) == [
        "extra.toml: exercises[0].id: duplicate id 'plank', "
        f"already defined at exercises.toml: exercises[{index}]",
    ]


def test_duplicate_id_across_and_within_plugin_sources() -> None:
    assert problems(entry(), entry() + entry(name='"Second"')) == [
        "extra1.toml: exercises[0].id: duplicate id 'test-move', already defined at extra.toml: exercises[0]",
        "extra1.toml: exercises[1].id: duplicate id 'test-move', already defined at extra.toml: exercises[0]",
    ]


def test_toml_syntax_error_names_line_and_column() -> None:
    with pytest.raises(ConfigError) as info:
        load_catalog([("extra.toml", "[[exercises]]\nid = \n")])
    assert info.value.path == "extra.toml"
    assert info.value.messages() == ("extra.toml: TOML syntax error: Invalid value (at line 2, column 6)",)


def test_wrong_types() -> None:
    assert problems(entry(unilateral='"yes"', muscles='"quads"', default='{ sets = "3", reps = 8 }')) == [
        "extra.toml: exercises[0].muscles: expected a list, got 'quads'",
        "extra.toml: exercises[0].default.sets: expected int, got '3'",
        "extra.toml: exercises[0].unilateral: expected true or false, got 'yes'",
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id": '"Test Move"'},
         "exercises[0].id: must be kebab-case (a-z, 0-9 and single hyphens), got 'Test Move'"),
        ({"name": '""'}, "exercises[0].name: must not be empty"),
        ({"equipment": "[]"}, "exercises[0].equipment: must not be empty"),
        ({"muscles": '["quads", "quads"]'}, "exercises[0].muscles: lists a value twice: ['quads', 'quads']"),
        ({"default": "{ sets = 3 }"}, "exercises[0].default: expected exactly one of reps or hold-seconds"),
        ({"default": "{ sets = 3, reps = 8, hold-seconds = 30 }"},
         "exercises[0].default: expected exactly one of reps or hold-seconds"),
        ({"default": "{ sets = 0, reps = 8 }"}, "exercises[0].default.sets: expected at least 1, got 0"),
        ({"prehab": '["knee"]', "avoid": '["knee"]'}, "exercises[0]: knee listed in both prehab and avoid"),
        ({"aliases": '["RDL"]'},
         "exercises[0].aliases[0]: 'RDL' already names exercise 'romanian-deadlift' (exercises.toml: exercises["),
    ],
)
def test_entry_value_checks(overrides: dict[str, str], message: str) -> None:
    (found,) = problems(entry(**overrides))
    assert found.startswith("extra.toml: " + message)


def test_missing_required_key_and_top_level_problems() -> None:
    text = entry().replace('category = "compound"\n', "")
    assert problems(text) == ["extra.toml: exercises[0].category: required key missing"]
    assert problems('title = "x"\n' + entry()) == ["extra.toml: unknown key 'title' (known keys: exercises)"]


def test_all_problems_in_all_sources_are_reported_together() -> None:
    with pytest.raises(ConfigError) as info:
        load_catalog([
            ("a.toml", entry(pattern='"sqat"') + entry(id='"two"', category='"cardio"')),
            ("b.toml", "[[exercises]\n"),
            ("c.toml", entry(id='"plank"')),
        ])
    messages = info.value.messages()
    assert info.value.path == "a.toml"
    assert [m.split(":", 2)[:2] for m in messages] == [
        ["a.toml", " exercises[0].pattern"],
        ["a.toml", " exercises[1].category"],
        ["b.toml", " TOML syntax error"],
        ["c.toml", " exercises[0].id"],
    ]
