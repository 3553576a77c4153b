"""Dated weapon aliases (`models/weapon_aliases.csv`, policy `dated_alias_v1`): a descriptive name links to the
weapon valid on the article's publication date; outside every window it is only a class (`outside=class`) or
nothing (`outside=none`); bad rows are reported as file:line: problem."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.entities import extract_entities
from pipeline.rules.fingerprint import rules_hash
from pipeline.rules.gazetteers import load_gazetteer
from pipeline.validate import collect_rule_errors
from tests.conftest import MODELS

ALIASES = "weapon_aliases.csv"
HEADER = "id,weapon_id,alias,valid_from,valid_to,outside,note,example\n"


def weapons(processor, text, published):
    """(text, entity_id, family, rule_id) of every ROCKET/SATELLITE mention, weak ones included."""
    doc = processor.nlp(text)
    return [(m.text, m.entity_id, m.family, m.rule_id) for m in extract_entities(doc, published, processor.matcher)
            if m.label in {"ROCKET", "SATELLITE"}]


# (sentence, publication date, expected weapon mentions): the shipped rows.
SHIPPED = [
    # the same phrase names different weapons on different dates
    ("Kim Jong Un guided the fire of a new-type tactical guided weapon.", date(2019, 7, 26),
     [("new-type tactical guided weapon", "weapon.hwasong-11ga", "kn-23", "walias.kn-23.tactical-guided-2019#dated_alias")]),
    ("Kim Jong Un guided the fire of a new-type tactical guided weapon.", date(2020, 3, 22),
     [("new-type tactical guided weapon", "weapon.hwasong-11na", "kn-24", "walias.kn-24.tactical-guided-2020#dated_alias")]),
    ("Kim Jong Un watched a demonstration fire of new-type tactical guided missiles.", date(2019, 8, 7),
     [("new-type tactical guided missiles", "weapon.hwasong-11ga", "kn-23",
       "walias.kn-23.tactical-guided-2019#dated_alias")]),
    ("Kim Jong Un guided the test-fire of a new weapon.", date(2019, 8, 11),
     [("new weapon", "weapon.hwasong-11na", "kn-24", "walias.kn-24.new-weapon-2019#dated_alias")]),
    ("The new-type satellite carrier rocket crashed into the sea.", date(2023, 5, 31),
     [("new-type satellite carrier rocket", "weapon.chollima-1", "chollima",
       "walias.chollima-1.new-type-carrier-2023#dated_alias")]),
    ("The carrier rocket Kwangmyongsong was launched from Sohae.", date(2016, 2, 7),
     [("carrier rocket Kwangmyongsong", "weapon.unha-3", "unha",
       "walias.unha-3.carrier-rocket-kwangmyongsong-2016#dated_alias")]),
    ("Kim guided the test-fire of a newly developed large-caliber multiple rocket launching system.",
     date(2016, 3, 4), [("newly developed large-caliber multiple rocket launching system", "weapon.kn-09", "kn-09",
                         "walias.kn-09.large-caliber-mrl-2016#dated_alias")]),
    ("Kim watched the test of a new large-caliber guided multiple rocket launcher.", date(2019, 8, 1),
     [("new large-caliber guided multiple rocket launcher", "weapon.kn-25", "kn-25",
       "walias.kn-25.large-caliber-guided-2019#dated_alias")]),
    ("A firing drill of the railway-borne missile regiment was held on January 14.", date(2022, 1, 15),
     [("railway-borne missile regiment", "weapon.hwasong-11ga", "kn-23", "walias.kn-23.railway-borne-2021#dated_alias")]),
    # outside every window: the class its weapons share, never a family ...
    ("Kim Jong Un guided the fire of a new-type tactical guided weapon.", date(2019, 4, 18),
     [("new-type tactical guided weapon", "class.srbm", None, "walias.kn-23.tactical-guided-2019#class_outside")]),
    ("Kim Jong Un guided the fire of a new-type tactical guided weapon.", date(2022, 4, 17),
     [("new-type tactical guided weapon", "class.srbm", None, "walias.kn-24.tactical-guided-2020#class_outside")]),
    ("The new-type satellite carrier rocket crashed into the sea.", date(2024, 5, 28),
     [("new-type satellite carrier rocket", "class.slv", None,
       "walias.chollima-1.new-type-carrier-2023#class_outside")]),
    ("Kim watched the test of a new large-caliber guided multiple rocket launcher.", date(2021, 8, 1),
     [("new large-caliber guided multiple rocket launcher", "class.mrl", None,
       "walias.kn-25.large-caliber-guided-2019#class_outside")]),
    ("It fired a new-type SLBM from a submarine.", date(2021, 10, 20),
     [("new-type SLBM", "class.slbm", None, "walias.pukguksong-3.new-type-slbm-2019#class_outside")]),
    # ... or nothing, when the words name no class; no date is outside every window
    ("Kim Jong Un guided the test-fire of a new weapon.", date(2023, 4, 14), []),
    ("Kim Jong Un guided the test-fire of a new weapon.", None, []),
    ("The new-type satellite carrier rocket crashed into the sea.", None,
     [("new-type satellite carrier rocket", "class.slv", None,
       "walias.chollima-1.new-type-carrier-2023#class_outside")]),
]


@pytest.mark.parametrize("text, published, expected", SHIPPED)
def test_shipped_dated_aliases_follow_the_publication_date(processor, text, published, expected):
    assert weapons(processor, text, published) == expected


def test_offsets_of_a_dated_alias_index_the_text(processor):
    text = "Pyongyang, July 26 (KCNA) -- Kim watched a new-type tactical guided weapon fly."
    mention = next(m for m in extract_entities(processor.nlp(text), date(2019, 7, 26), processor.matcher)
                   if m.label == "ROCKET")
    assert text[mention.start_char:mention.end_char] == "new-type tactical guided weapon"
    assert (mention.country, mention.role, mention.kind) == ("PRK", "SRBM", "named")


def test_every_alias_example_gives_its_weapon_on_its_first_day(processor):
    from pipeline.rules.weapon_aliases import alias_example_errors
    gazetteer = processor.matcher.gazetteer
    assert gazetteer.aliases and all(row.example for row in gazetteer.aliases)
    assert alias_example_errors(gazetteer, processor.nlp) == []


def test_shipped_phrases_are_no_longer_class_phrases():
    classes = {f.text.lower() for f in load_gazetteer(MODELS).forms if f.form_kind == "class_phrase"}
    assert {"new-type tactical guided weapon", "tactical guided weapon", "new-type satellite carrier rocket"} \
        .isdisjoint(classes)


def write_aliases(models, *rows):
    (models / ALIASES).write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")


def problems(models):
    return [str(e) for e in collect_rule_errors(models, examples=False)]


# Synthetic rows in a copy of the rules: one phrase, two weapons, two windows.
TWO_WINDOWS = ("t.a,weapon.hwasong-14,sky lance,2017-01-01,2017-12-31,class,basis A,",
               "t.b,weapon.hwasong-15,sky lance,2018-01-01,,class,basis B,",
               "t.c,weapon.hwasong-12,quiet lance|quiet lances,,2016-12-31,none,basis C,")


@pytest.fixture()
def lance(models):
    from pipeline.nlp import build_nlp
    write_aliases(models, *TWO_WINDOWS)
    assert problems(models) == []
    return build_nlp(models)


@pytest.mark.parametrize("text, published, expected", [
    ("A sky lance flew.", date(2017, 6, 1), ("sky lance", "weapon.hwasong-14", "hwasong-14", "t.a#dated_alias")),
    ("A sky lance flew.", date(2025, 6, 1), ("sky lance", "weapon.hwasong-15", "hwasong-15", "t.b#dated_alias")),
    ("A SKY LANCE flew.", date(2017, 12, 31), ("SKY LANCE", "weapon.hwasong-14", "hwasong-14", "t.a#dated_alias")),
    ("A sky lance flew.", date(2016, 6, 1), ("sky lance", "class.icbm", None, "t.a#class_outside")),
    ("Two quiet lances flew.", date(2016, 1, 1), ("quiet lances", "weapon.hwasong-12", "hwasong-12",
                                                  "t.c#dated_alias")),
    ("Two quiet lances flew.", date(2017, 1, 1), None),
])
def test_one_phrase_links_by_date(lance, text, published, expected):
    found = [(m.text, m.entity_id, m.family, m.rule_id)
             for m in extract_entities(lance(text), published, lance.get_pipe("entity_candidates"))
             if m.label == "ROCKET"]
    assert found == ([expected] if expected else [])


def test_outside_class_for_mixed_classes_is_an_error(models):
    write_aliases(models, "t.a,weapon.hwasong-12,sky lance,2017-01-01,2017-12-31,class,basis,",
                  "t.b,weapon.hwasong-15,sky lance,2018-01-01,,class,basis,")
    assert any(p.startswith(f"models/{ALIASES}:3: alias 'sky lance': outside=class needs one class")
               for p in problems(models))


# (row, problem the row's line must report)
BAD_ROWS = [
    ("t.x,weapon.hwasong-99,sky lance,2017-01-01,,class,basis,", "unknown weapon_id 'weapon.hwasong-99'"),
    ("t.x,class.srbm,sky lance,2017-01-01,,class,basis,", "weapon_id 'class.srbm' is not a weapon"),
    ("t.x,weapon.hwasong-12,sky lance,2017-13-01,,class,basis,", "valid_from '2017-13-01' is not a date"),
    ("t.x,weapon.hwasong-12,sky lance,2017-01-01,May 2018,class,basis,", "valid_to 'May 2018' is not a date"),
    ("t.x,weapon.hwasong-12,sky lance,2018-01-01,2017-01-01,class,basis,",
     "valid_from 2018-01-01 is after valid_to 2017-01-01"),
    ("t.x,weapon.hwasong-12,sky lance,,,class,basis,", "no valid_from or valid_to"),
    ("t.x,weapon.hwasong-12,sky lance,2017-01-01,,maybe,basis,", "outside 'maybe' not one of"),
    ("t.x,weapon.hwasong-12,hypersonic missile,2017-01-01,,class,basis,",
     "alias 'hypersonic missile' is also a class phrase of class.hgv"),
    ("t.x,weapon.hwasong-12,Musudan,2017-01-01,,class,basis,", "alias 'Musudan' is an undated form of weapon.hwasong-10"),
    ("t.x,weapon.hwasong-12,Pyongyang,2017-01-01,,class,basis,", "alias 'Pyongyang' is also a form of country.prk"),
    ("weapon.hwasong-14,weapon.hwasong-12,sky lance,2017-01-01,,class,basis,", "duplicate id 'weapon.hwasong-14'"),
    ("t.x,weapon.hwasong-12,sky lance,2017-01-01,,class,,", "empty required cell(s) ['note']"),
]


@pytest.mark.parametrize("row, problem", BAD_ROWS)
def test_bad_row_is_reported_with_file_and_line(models, row, problem):
    write_aliases(models, row)
    assert any(p.startswith(f"models/{ALIASES}:2: {problem}") for p in problems(models)), problems(models)


@pytest.mark.parametrize("second, problem", [
    ("t.b,weapon.hwasong-14,Sky Lance,2017-06-01,2018-06-01,class,basis,",
     "alias 'Sky Lance': window 2017-06-01/2018-06-01 overlaps 2017-01-01/2017-12-31 of t.a"),
    ("t.b,weapon.hwasong-12,sky lance,2018-01-01,,none,basis,",
     "alias 'sky lance': outside=none but outside=class in t.a"),
    ("t.a,weapon.hwasong-12,bright lance,2019-01-01,,class,basis,", "duplicate id 't.a'"),
])
def test_rows_of_one_alias_must_agree(models, second, problem):
    write_aliases(models, "t.a,weapon.hwasong-12,sky lance,2017-01-01,2017-12-31,class,basis,", second)
    assert any(p.startswith(f"models/{ALIASES}:3: {problem}") for p in problems(models)), problems(models)


def test_an_example_outside_its_weapon_is_reported(models):
    write_aliases(models, "t.a,weapon.hwasong-12,sky lance,2017-01-01,,class,basis,It fired a Hwasong-14.")
    found = [str(e) for e in collect_rule_errors(models)]
    assert any(p.startswith(f"models/{ALIASES}:2: example 'It fired a Hwasong-14.' published 2017-01-01") for p in found)


def test_the_file_is_optional_and_part_of_the_rules_hash(models):
    before = rules_hash(models)
    write_aliases(models, "t.a,weapon.hwasong-12,sky lance,2017-01-01,,class,basis,")
    assert rules_hash(models) != before
    (models / ALIASES).unlink()
    assert problems(models) == []
