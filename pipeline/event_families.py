"""Weapon families inferred from class and period (policy `class_period_v1`).

An actual launch whose mentions name no system, but whose class and dates fall inside a row of
`models/class_periods.csv` ("every North Korean SLBM of 2014-2016 was the KN-11"), takes that
row's family; `weapon_family_inferred_by` holds the row id, so named and inferred families stay
apart.  A launch that names its class only generically ("a rocket", "a missile") but carries a
satellite is a space launch: its class counts as SLV.  The inference runs after reconciliation and
does not enter `event_id`, so editing the rows never renumbers events.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from pipeline.event_model import GENERIC_CLASSES
from pipeline.rules.class_periods import ClassPeriod, load_class_periods
from pipeline.rules.loader import InvalidRules

INFERRED_COLUMN = "weapon_family_inferred_by"


def load_periods(models_dir: Path) -> list[ClassPeriod]:
    """The class periods of `models_dir`; `InvalidRules` if the file has a problem."""
    periods, errors = load_class_periods(models_dir)
    if errors:
        raise InvalidRules(errors)
    return periods


def infer_families(events: pa.Table, periods: list[ClassPeriod]) -> pa.Table:
    """`events` with `weapon_family` and `weapon_family_inferred_by` filled where a class period covers
    an actual launch that names no family; every other row unchanged."""
    if not periods or events.num_rows == 0:
        return events
    rows = events.select(["event_type", "realis", "actor_country", "weapon_class", "weapon_family",
                          "payload_entity_id", "date_start", "date_end"]).to_pylist()
    families = events.column("weapon_family").to_pylist()
    inferred = events.column(INFERRED_COLUMN).to_pylist()
    for index, row in enumerate(rows):
        period = covering_period(row, periods)
        if period is not None:
            families[index], inferred[index] = period.family, period.rule_id
    events = _replace(events, "weapon_family", families)
    return _replace(events, INFERRED_COLUMN, inferred)


def covering_period(event: dict, periods: list[ClassPeriod]) -> ClassPeriod | None:
    """The class period that names an event's family, if the event needs and admits one."""
    if event["event_type"] != "LAUNCH" or event["realis"] != "actual" or event["weapon_family"]:
        return None
    if event["date_start"] is None or event["date_end"] is None:
        return None
    weapon_class = event["weapon_class"]
    if weapon_class in GENERIC_CLASSES and event["payload_entity_id"]:
        weapon_class = "SLV"   # "a rocket carrying a satellite"
    return next((p for p in periods if p.covers(event["actor_country"], weapon_class,
                                                event["date_start"], event["date_end"])), None)


def _replace(table: pa.Table, name: str, values: list) -> pa.Table:
    index = table.schema.get_field_index(name)
    return table.set_column(index, table.schema.field(index), pa.array(values, type=table.schema.field(index).type))
