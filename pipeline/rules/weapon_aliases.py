"""Dated weapon aliases (`models/weapon_aliases.csv`): descriptive names whose system depends on the date.

KCNA and wire copy name systems by descriptions: "new-type tactical guided weapon" was the KN-23 in
2019 and the KN-24 in March 2020.  Each row links an alias (with its inflections, `|`-separated) to a
weapon of `weapons.csv` from `valid_from` to `valid_to` (inclusive; one may be open).  The entity
stage resolves a mention by the article's publication date with the test officials' roles use
(`in_window`, `Role.held_on`).

Outside every window of its alias, or in an article without a date, a mention names no system
(policy `dated_alias_v1`).  It keeps only what its words say: with `outside=class` the class its
weapons share ("new-type satellite carrier rocket" is an SLV in any year), with `outside=none`
(default) nothing at all ("new weapon" says nothing once its week is over).  A wrong family is worse
than none for an analyst, and a generic phrase must not invent a class.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.rules.gazetteers import Entry, Form, Gazetteer, in_window
from pipeline.rules.loader import RuleError, RuleRecord, read_csv_rules, split_list

ALIAS_POLICY = "dated_alias_v1"
OUTSIDE = ("none", "class")
REQUIRED = {"id", "weapon_id", "alias", "note"}
OPTIONAL = {"valid_from", "valid_to", "outside", "example"}


@dataclass(frozen=True)
class DatedAlias:
    """One row: an alias names `weapon` between two dates (None = open)."""

    rule_id: str
    texts: tuple[str, ...]
    weapon: Entry
    start: date | None
    end: date | None
    outside: str
    example: str | None
    path: str
    line: int

    def held_on(self, day: date) -> bool:
        return in_window(day, self.start, self.end)

    def window(self) -> str:
        return f"{self.start or '...'}/{self.end or '...'}"


def alias_on(form: Form, published: date | None) -> DatedAlias | None:
    """The row of a dated alias valid on the publication date (None without a date or outside)."""
    if published is None:
        return None
    return next((row for row in form.dated if row.held_on(published)), None)


def nearest_row(form: Form, published: date | None) -> DatedAlias:
    """The row whose window is closest to the date (the file's first for an undated article):
    the rule an outside-the-window mention is reported under."""
    if published is None:
        return form.dated[0]

    def distance(row: DatedAlias) -> int:
        gaps = [(row.start - published).days if row.start and published < row.start else 0,
                (published - row.end).days if row.end and published > row.end else 0]
        return max(gaps)
    return min(form.dated, key=distance)


def load_weapon_aliases(path: Path, shown: str, gaz: Gazetteer) -> None:
    """Read the dated aliases (an optional file) into `gaz.aliases` and one dated form per alias text.
    Weapons, classes and every other entity file must be loaded first."""
    if not path.exists():
        return
    rule_file = read_csv_rules(path, REQUIRED, OPTIONAL, shown)
    gaz.add_file(rule_file)
    owners = {form.text.lower(): form for form in gaz.forms}
    ids: dict[str, RuleRecord] = {}
    by_text: dict[str, list[tuple[str, DatedAlias]]] = {}
    for record in rule_file.records:
        row, problems = _parse(record, gaz)
        problems += [p for p in (_collision(text, owners) for text in row_texts(record)) if p]
        problems += _duplicate(record, ids, gaz)
        if problems:
            gaz.errors.extend(record.error(p) for p in problems)
            continue
        for text in row.texts:
            rows = by_text.setdefault(text.lower(), [])
            if row not in (other for _, other in rows):   # "X|x" in one cell is one alias
                rows.append((text, row))
    for rows in by_text.values():
        _register(gaz, rows)


def row_texts(record: RuleRecord) -> list[str]:
    """The alias and its inflections ("new-type SLBM|new-type SLBMs")."""
    return split_list(record.get("alias"))


def _parse(record: RuleRecord, gaz: Gazetteer) -> tuple[DatedAlias | None, list[str]]:
    """A row's weapon, window and outside policy, or the problems that stop it."""
    problems = []
    weapon = gaz.entries.get(record.get("weapon_id"))
    if weapon is None:
        problems.append(f"unknown weapon_id {record.get('weapon_id')!r}")
    elif weapon.kind != "named":
        problems.append(f"weapon_id {weapon.entity_id!r} is not a weapon of models/weapons.csv")
    start, end = _day(record, "valid_from", problems), _day(record, "valid_to", problems)
    if not record.get("valid_from") and not record.get("valid_to"):
        problems.append("no valid_from or valid_to: an alias valid on every date belongs in models/weapons.csv")
    if start and end and start > end:
        problems.append(f"valid_from {start} is after valid_to {end}")
    outside = record.get("outside") or "none"
    if outside not in OUTSIDE:
        problems.append(f"outside {outside!r} not one of {list(OUTSIDE)}")
    if problems:
        return None, problems
    row = DatedAlias(record.get("id"), tuple(row_texts(record)), weapon, start, end, outside,
                     record.get("example") or None, record.path, record.line)
    return row, []


def _day(record: RuleRecord, column: str, problems: list[str]) -> date | None:
    text = record.get(column)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"{column} {text!r} is not a date (YYYY-MM-DD)")
        return None


def _collision(text: str, owners: dict[str, Form]) -> str | None:
    """A dated alias may not also be an undated form: the matcher could not tell which one a mention is."""
    form = owners.get(text.lower())
    if form is None:
        return None
    where = f"({form.entry.path}:{form.entry.line})"
    if form.form_kind == "class_phrase":
        return f"alias {text!r} is also a class phrase of {form.entry.entity_id} {where}; a form is one or the other"
    if form.entry.kind == "named":
        return f"alias {text!r} is an undated form of {form.entry.entity_id} {where}"
    return f"alias {text!r} is also a form of {form.entry.entity_id} {where}"


def _duplicate(record: RuleRecord, ids: dict[str, RuleRecord], gaz: Gazetteer) -> list[str]:
    """Ids are unique across every rule file, like the other gazetteers'."""
    rule_id = record.get("id")
    first = ids.get(rule_id)
    where = f"{first.path}:{first.line}" if first else None
    if first is None and rule_id in gaz.entries:
        entry = gaz.entries[rule_id]
        where = f"{entry.path}:{entry.line}"
    ids.setdefault(rule_id, record)
    return [f"duplicate id {rule_id!r} (first at {where})"] if where else []


def _register(gaz: Gazetteer, rows: list[tuple[str, DatedAlias]]) -> None:
    """One form for all rows sharing an alias text, unless they contradict each other."""
    problems = _group_problems(rows)
    if problems:
        gaz.errors.extend(problems)
        return
    text, first = rows[0]
    holder = Entry(first.rule_id, first.weapon.label, text, None, kind="dated", path=first.path, line=first.line)
    gaz.forms.append(Form(text, holder, "dated_alias", False, dated=tuple(row for _, row in rows)))
    gaz.aliases.extend(row for _, row in rows if row not in gaz.aliases)


def _group_problems(rows: list[tuple[str, DatedAlias]]) -> list[RuleError]:
    """Rows of one alias: windows may not overlap (which weapon then?), and they agree on what
    the alias is outside them (one class, or nothing).  Each problem is the later row's."""
    problems = []
    for i, (text, row) in enumerate(rows):
        for _, earlier in rows[:i]:
            where = f"{earlier.rule_id} ({earlier.path}:{earlier.line})"
            if _overlap(row, earlier):
                problems.append((row, f"alias {text!r}: window {row.window()} overlaps {earlier.window()} of {where}"))
            if row.outside != earlier.outside:
                problems.append((row, f"alias {text!r}: outside={row.outside} but outside={earlier.outside} in {where}"))
            elif row.outside == "class" and row.weapon.role != earlier.weapon.role:
                problems.append((row, f"alias {text!r}: outside=class needs one class, but {row.weapon.entity_id} is "
                                      f"{row.weapon.role} and {earlier.weapon.entity_id} of {where} is "
                                      f"{earlier.weapon.role}"))
    return [RuleError(row.path, row.line, problem) for row, problem in problems]


def _overlap(a: DatedAlias, b: DatedAlias) -> bool:
    return (a.start is None or b.end is None or a.start <= b.end) and \
        (b.start is None or a.end is None or b.start <= a.end)


def alias_example_errors(gaz: Gazetteer, nlp) -> list[RuleError]:
    """Every row's `example`, read as published on the first day of its window, must give its weapon
    through the full entity stage (`validate-rules` checks the other gazetteers' examples undated)."""
    from pipeline.entities import extract_entities
    matcher = nlp.get_pipe("entity_candidates")
    errors = []
    for row in gaz.aliases:
        if not row.example:
            continue
        day = row.start or row.end
        found = {(m.entity_id, m.rule_id) for m in extract_entities(nlp(row.example), day, matcher)}
        if (row.weapon.entity_id, f"{row.rule_id}#dated_alias") not in found:
            errors.append(RuleError(row.path, row.line, f"example {row.example!r} published {day} does not produce "
                                                        f"{row.weapon.entity_id} (found {sorted(found) or 'nothing'})"))
    return errors
