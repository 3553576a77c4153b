"""Time zones (`models/time_zones.csv`): the clock a country keeps, for countries with one zone.

Wire copy dates events by the clock of the place it is filed from.  Copy filed in Seoul or Tokyo
("SEOUL, March 23 (Yonhap) -- North Korea fired 16 rockets early Sunday") names the launch's own
day, because Korea and Japan keep North Korea's clock; copy filed in Washington may name the day
before.  The events stage marks a mention `dateline_local` when its dateline's country keeps the
clock of the mention's actor country, and reconciliation (`interval_blocks_v9`) trusts the days
of such leads enough to keep launches of consecutive days apart.  Countries spanning several
zones (the United States, Russia) have no row: their datelines say nothing about the day.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.rules.loader import RuleError, duplicate_id_errors, read_csv_rules

FILE_NAME = "time_zones.csv"
REQUIRED = {"id", "country", "utc_offset", "note"}
OFFSET_RE = re.compile(r"^[+-](0\d|1[0-4]):(00|30|45)$")


def load_time_zones(models_dir: Path, countries: set[str] | None = None) -> tuple[dict[str, str], list[RuleError]]:
    """{country ISO3: UTC offset} from `models_dir/time_zones.csv` (an optional file) and the file's
    problems; with `countries`, a row naming another country is a problem too."""
    path = Path(models_dir) / FILE_NAME
    if not path.exists():
        return {}, []
    rule_file = read_csv_rules(path, REQUIRED, set(), FILE_NAME)
    errors = list(rule_file.errors) + duplicate_id_errors(rule_file.records)
    offsets: dict[str, str] = {}
    for record in rule_file.records:
        country, offset = record.get("country"), record.get("utc_offset")
        if not OFFSET_RE.match(offset):
            errors.append(record.error(f"utc_offset {offset!r} is not like +09:00 or -05:30"))
        elif countries is not None and country not in countries:
            errors.append(record.error(f"country {country!r} is not an iso3 of models/countries.csv"))
        elif country in offsets:
            errors.append(record.error(f"country {country!r} has a row already"))
        else:
            offsets[country] = offset
    return offsets, errors


def same_clock(offsets: dict[str, str], a: str | None, b: str | None) -> bool | None:
    """Do countries `a` and `b` keep the same clock?  None when either is unknown or has no row."""
    if a is None or b is None or a not in offsets or b not in offsets:
        return None
    return offsets[a] == offsets[b]
