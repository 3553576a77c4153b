"""Families inferred from class and period (`models/class_periods.csv`, policy `class_period_v1`): an actual
launch that names no system takes the family of the one system of its class flown in its window, and says which
row inferred it; bad rows are reported as file:line: problem."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.event_families import INFERRED_COLUMN, infer_families, load_periods
from pipeline.rules.loader import InvalidRules
from pipeline.schemas import to_table
from pipeline.validate import collect_rule_errors
from tests.conftest import MODELS

HEADER = "id,country,classes,valid_from,valid_to,family,note\n"


def event(**fields) -> dict:
    """An events row: an actual PRK launch of the given fields, everything else empty."""
    row = {"event_id": "e1", "event_type": "LAUNCH", "actor_country": "PRK", "realis": "actual",
           "weapon_class": None, "weapon_family": None, "payload_entity_id": None,
           "date_start": date(2016, 4, 23), "date_end": date(2016, 4, 23)}
    row.update(fields)
    return row


def inferred(periods, **fields) -> tuple:
    table = infer_families(to_table("events", [event(**fields)]), periods)
    row = table.to_pylist()[0]
    return row["weapon_family"], row[INFERRED_COLUMN]


@pytest.fixture(scope="module")
def shipped():
    return load_periods(MODELS)


@pytest.mark.parametrize("fields, expected", [
    # the one system of the class in the window
    ({"weapon_class": "SLBM"}, ("pukguksong-1", "cp.prk.slbm-2014-2016-pukguksong-1")),
    ({"weapon_class": "ICBM", "date_start": date(2022, 3, 16), "date_end": date(2022, 3, 16)},
     ("hwasong-17", "cp.prk.icbm-2022-hwasong-17")),
    ({"weapon_class": "IRBM", "date_start": date(2017, 8, 29), "date_end": date(2017, 8, 29)},
     ("hwasong-12", "cp.prk.irbm-2017-hwasong-12")),
    ({"weapon_class": "HGV", "date_start": date(2025, 1, 6), "date_end": date(2025, 1, 6)},
     ("hwasong-16b", "cp.prk.irbm-2024-2025-hwasong-16b")),
    ({"weapon_class": "SRBM", "date_start": date(2019, 5, 9), "date_end": date(2019, 5, 9)},
     ("kn-23", "cp.prk.srbm-2019-05-07-kn-23")),
    # ... and the next day, another system of the class (the KN-25 of July 31, 2019)
    ({"weapon_class": "SRBM", "date_start": date(2019, 7, 31), "date_end": date(2019, 7, 31)},
     ("kn-25", "cp.prk.srbm-2019-07-31-kn-25")),
    # a generic "projectile" where a single system of any class flew (March 21, 2020: the KN-24) ...
    ({"weapon_class": "MISSILE", "date_start": date(2020, 3, 21), "date_end": date(2020, 3, 21)},
     ("kn-24", "cp.prk.srbm-2020-03-21-kn-24")),
    # ... but not across another class's launch (the Pukguksong-3 of October 2, 2019), nor where several flew
    ({"weapon_class": "BM", "date_start": date(2019, 10, 2), "date_end": date(2019, 10, 2)}, (None, None)),
    ({"weapon_class": "BM", "date_start": date(2021, 9, 28), "date_end": date(2021, 9, 28)}, (None, None)),
    # the Nodongs of 1993-2016 and the KN-09 rocket launcher of 2014
    ({"weapon_class": "MRBM", "date_start": date(2016, 8, 3), "date_end": date(2016, 8, 3)},
     ("hwasong-7", "cp.prk.mrbm-1993-2016-nodong")),
    ({"weapon_class": "MRL", "date_start": date(2014, 7, 2), "date_end": date(2014, 7, 2)},
     ("kn-09", "cp.prk.mrl-2014-kn-09")),
    # single days where one system flew: a bare "ballistic missile" on the Scud-ER day of March 6, 2017,
    # "short-range ballistic missiles" the KCNA called 600 mm rockets (May 30, 2024) ...
    ({"weapon_class": "BM", "date_start": date(2017, 3, 6), "date_end": date(2017, 3, 6)},
     ("hwasong-9", "cp.prk.srbm-2017-03-06-scud-er")),
    ({"weapon_class": "SRBM", "date_start": date(2024, 5, 30), "date_end": date(2024, 5, 30)},
     ("kn-25", "cp.prk.srbm-2024-05-30-kn-25")),
    # ... and the KN-24 "tactical guided missiles" of January 17, 2022, between two KN-23 days
    ({"weapon_class": "MISSILE", "date_start": date(2022, 1, 17), "date_end": date(2022, 1, 17)},
     ("kn-24", "cp.prk.srbm-2022-01-17-kn-24")),
    ({"weapon_class": "SRBM", "date_start": date(2022, 1, 27), "date_end": date(2022, 1, 27)},
     ("kn-23", "cp.prk.srbm-2022-01-27-kn-23")),
    # ... but the Nodong of a mixed day (July 19, 2016: two Scuds and a Nodong) keeps its own class's row
    ({"weapon_class": "MRBM", "date_start": date(2016, 7, 19), "date_end": date(2016, 7, 19)},
     ("hwasong-7", "cp.prk.mrbm-1993-2016-nodong")),
    ({"weapon_class": "SRBM", "date_start": date(2016, 7, 19), "date_end": date(2016, 7, 19)},
     ("scud", "cp.prk.srbm-2016-07-19-scud")),
    # a month-level or year-level launch inside the window
    ({"weapon_class": "SLBM", "date_start": date(2016, 1, 1), "date_end": date(2016, 12, 31)},
     ("pukguksong-1", "cp.prk.slbm-2014-2016-pukguksong-1")),
    # "a rocket" carrying a satellite is a space launch
    ({"weapon_class": "ROCKET", "payload_entity_id": "class.satellite", "date_start": date(2012, 12, 12),
      "date_end": date(2012, 12, 12)}, ("unha", "cp.prk.slv-2009-2016-unha")),
    # a named family is never replaced
    ({"weapon_class": "ICBM", "weapon_family": "hwasong-15", "date_start": date(2022, 3, 24),
      "date_end": date(2022, 3, 24)}, ("hwasong-15", None)),
    # outside every window, across a window's edge, another class, another country, not an actual launch
    ({"weapon_class": "IRBM", "date_start": date(2017, 4, 5), "date_end": date(2017, 4, 5)}, (None, None)),
    ({"weapon_class": "ICBM", "date_start": date(2017, 6, 1), "date_end": date(2017, 7, 31)}, (None, None)),
    ({"weapon_class": "SRBM"}, (None, None)),   # 2016: Scuds and others
    ({"weapon_class": "MISSILE"}, (None, None)),
    ({"weapon_class": "SLBM", "actor_country": "KOR"}, (None, None)),
    ({"weapon_class": "SLBM", "realis": "planned"}, (None, None)),
    ({"weapon_class": "SLBM", "event_type": "CONDEMN"}, (None, None)),
    ({"weapon_class": "SLBM", "date_start": None, "date_end": None}, (None, None)),
])
def test_shipped_periods_name_unnamed_launches(shipped, fields, expected):
    assert inferred(shipped, **fields) == expected


def test_no_periods_leave_the_table_as_it_is():
    table = to_table("events", [event(weapon_class="SLBM")])
    assert infer_families(table, []) is table


def write_periods(models, *rows):
    (models / "class_periods.csv").write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")


# Problems of the file itself: the run refuses to load it, and validate-rules names them.
LOAD_PROBLEMS = [
    (("p.a,PRK,SLBM,2016-01-01,2015-12-31,pukguksong-1,basis",),
     "class_periods.csv:2: valid_from 2016-01-01 is after valid_to 2015-12-31"),
    (("p.a,PRK,SLBM,2016-13-01,2016-12-31,pukguksong-1,basis",),
     "class_periods.csv:2: valid_from '2016-13-01' is not a date (YYYY-MM-DD)"),
    (("p.a,PRK,SLBM,2016-01-01,2016-12-31,pukguksong-1,basis",
      "p.b,PRK,IRBM|SLBM,2016-06-01,2017-12-31,pukguksong-3,basis"),
     "class_periods.csv:3: window 2016-06-01/2017-12-31 for ['SLBM'] overlaps p.a (line 2)"),
    (("p.a,PRK,SLBM,2016-01-01,2016-12-31,pukguksong-1,basis", "p.a,PRK,IRBM,2016-01-01,2016-12-31,hwasong-10,basis"),
     "class_periods.csv:3: duplicate id 'p.a'"),
    (("p.a,PRK,SLBM,2016-01-01,2016-12-31,pukguksong-1,",),
     "class_periods.csv:2: empty required cell(s) ['note']"),
]
# Problems against the other rule files: validate-rules (and so every run's rule check) names them.
CROSS_FILE_PROBLEMS = [
    (("p.a,PRK,SLBM,2016-01-01,2016-12-31,hwasong-99,basis",),
     "class_periods.csv:2: family 'hwasong-99' is not the family of any PRK weapon in models/weapons.csv"),
    (("p.a,KOR,SLBM,2016-01-01,2016-12-31,pukguksong-1,basis",),
     "class_periods.csv:2: family 'pukguksong-1' is not the family of any KOR weapon in models/weapons.csv"),
    (("p.a,PRK,SLBM|XYZ,2016-01-01,2016-12-31,pukguksong-1,basis",),
     "class_periods.csv:2: class 'XYZ' not one of"),
]


def validation_problems(models) -> list[str]:
    return [str(e) for e in collect_rule_errors(models, examples=False)]


@pytest.mark.parametrize("rows, expected", LOAD_PROBLEMS + CROSS_FILE_PROBLEMS)
def test_bad_rows_are_named_by_file_and_line(models, rows, expected):
    write_periods(models, *rows)
    found = validation_problems(models)
    assert any(problem.startswith(expected) for problem in found), found


@pytest.mark.parametrize("rows, expected", LOAD_PROBLEMS)
def test_a_run_refuses_a_broken_file(models, rows, expected):
    write_periods(models, *rows)
    with pytest.raises(InvalidRules) as raised:
        load_periods(models)
    assert any(str(e).startswith(expected) for e in raised.value.errors)


def test_rows_of_other_classes_or_countries_may_share_a_window(models):
    write_periods(models, "p.a,PRK,SLBM,2016-01-01,2016-12-31,pukguksong-1,basis",
                  "p.b,PRK,IRBM,2016-01-01,2016-12-31,hwasong-10,basis")
    assert validation_problems(models) == []
    assert [p.rule_id for p in load_periods(models)] == ["p.a", "p.b"]
