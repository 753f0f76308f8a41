"""The act vocabulary: PLOVER names with CAMEO codes, consistent tables, trigger forms."""

from __future__ import annotations

from accord.text.lexicon import ACTS, ADJECTIVES, LIGHT, NEGATED, NOUNS, OBJECT_CLASSES, VERBS, trigger_forms

REQUIRED = (
    "AGREE REJECT DEMAND CONCEDE RETREAT THREATEN CONSULT SUPPORT COOPERATE DISAPPROVE PROTEST SANCTION "
    "COERCE ASSAULT FIGHT AID INVESTIGATE MOBILIZE"
).split()


def test_every_required_act_has_a_cameo_root_code():
    for act in REQUIRED:
        assert act in ACTS and ACTS[act].isdigit() and len(ACTS[act]) == 2


def test_tables_name_only_known_acts_and_classes():
    acts = set(ACTS)
    assert {a for _, a in VERBS.values() if a} <= acts
    assert {a for _, a in ADJECTIVES.values() if a} <= acts
    assert set(LIGHT.values()) <= acts and set(NOUNS.values()) <= acts
    assert set(NEGATED) | set(NEGATED.values()) <= acts
    assert {c for _, c in LIGHT} <= set(OBJECT_CLASSES.values())


def test_every_required_act_can_be_triggered():
    reachable = {a for _, a in VERBS.values()} | set(LIGHT.values()) | set(NOUNS.values())
    assert set(REQUIRED) <= reachable


def test_trigger_forms_inflect_and_skip_reporting_verbs():
    forms = trigger_forms()
    for w in ("threatened", "threatens", "banned", "met", "urging", "sanctions", "talks", "unacceptable"):
        assert w in forms, w
    assert "said" not in forms and "has" not in forms
