"""Class periods (`models/class_periods.csv`): the one system of a class a country flew in a period.

Launch-day copy rarely names the system ("North Korea fired a submarine-launched ballistic missile"),
yet an analyst knows that from 2014 to 2016 every North Korean SLBM was the KN-11 (Pukguksong-1).
A row says so: launches by `country` of one of `classes` dated inside [`valid_from`, `valid_to`] are
of `family`.  The events stage gives that family to an actual launch that names none (policy
`class_period_v1`, `pipeline.event_families`), and says which row did it, so an analyst can tell an
inferred family from a named one.  A row belongs here only when one system of the class flew in
the whole window: a wrong family is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.rules.gazetteers import ROCKET_CLASSES, Gazetteer
from pipeline.rules.loader import RuleError, RuleRecord, duplicate_id_errors, read_csv_rules, split_list

CLASS_PERIOD_POLICY = "class_period_v1"
FILE_NAME = "class_periods.csv"
REQUIRED = {"id", "country", "classes", "valid_from", "valid_to", "family", "note"}


@dataclass(frozen=True)
class ClassPeriod:
    """One row: launches of `classes` by `country` from `start` to `end` (inclusive) are of `family`."""

    rule_id: str
    country: str
    classes: frozenset[str]
    start: date
    end: date
    family: str
    path: str
    line: int

    def covers(self, country: str | None, weapon_class: str | None, first: date, last: date) -> bool:
        """Does the row cover a launch of this country and class dated from `first` to `last`?"""
        return (country == self.country and weapon_class in self.classes
                and self.start <= first and last <= self.end)


def load_class_periods(models_dir: Path) -> tuple[list[ClassPeriod], list[RuleError]]:
    """The rows of `models_dir/class_periods.csv` (an optional file) and the problems of the file itself."""
    path = Path(models_dir) / FILE_NAME
    if not path.exists():
        return [], []
    rule_file = read_csv_rules(path, REQUIRED, set(), FILE_NAME)
    errors = list(rule_file.errors) + duplicate_id_errors(rule_file.records)
    periods = []
    for record in rule_file.records:
        period, problems = _parse(record)
        errors.extend(record.error(problem) for problem in problems)
        if period is not None:
            periods.append(period)
    errors += _overlap_errors(periods)
    return periods, errors


def class_period_errors(periods: list[ClassPeriod], gazetteer: Gazetteer) -> list[RuleError]:
    """Rows naming a family no weapon of their country has in `weapons.csv`, or an unknown class."""
    families: dict[str | None, set[str]] = {}
    for entry in gazetteer.entries.values():
        if entry.kind == "named" and entry.family:
            families.setdefault(entry.country, set()).add(entry.family)
    errors = []
    for period in periods:
        if period.family not in families.get(period.country, set()):
            errors.append(RuleError(period.path, period.line, f"family {period.family!r} is not the family of "
                                    f"any {period.country} weapon in models/weapons.csv"))
        for unknown in sorted(period.classes - ROCKET_CLASSES):
            errors.append(RuleError(period.path, period.line,
                                    f"class {unknown!r} not one of {sorted(ROCKET_CLASSES)}"))
    return errors


def _parse(record: RuleRecord) -> tuple[ClassPeriod | None, list[str]]:
    problems = []
    days = {}
    for column in ("valid_from", "valid_to"):
        try:
            days[column] = date.fromisoformat(record.get(column))
        except ValueError:
            problems.append(f"{column} {record.get(column)!r} is not a date (YYYY-MM-DD)")
    if not problems and days["valid_from"] > days["valid_to"]:
        problems.append(f"valid_from {days['valid_from']} is after valid_to {days['valid_to']}")
    if problems:
        return None, problems
    classes = frozenset(split_list(record.get("classes")))
    return ClassPeriod(record.get("id"), record.get("country"), classes, days["valid_from"], days["valid_to"],
                       record.get("family"), record.path, record.line), []


def _overlap_errors(periods: list[ClassPeriod]) -> list[RuleError]:
    """Two rows of one country and class whose windows overlap: a launch there would have two families."""
    errors = []
    for i, period in enumerate(periods):
        for earlier in periods[:i]:
            shared = period.classes & earlier.classes
            if period.country == earlier.country and shared and period.start <= earlier.end \
                    and earlier.start <= period.end:
                errors.append(RuleError(period.path, period.line,
                                        f"window {period.start}/{period.end} for {sorted(shared)} overlaps "
                                        f"{earlier.rule_id} (line {earlier.line})"))
    return errors
