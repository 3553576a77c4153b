"""Gazetteers: the CSV entity files in `models/` read into typed entries and surface forms.

Each file has one entity per row with a stable `id`; surface forms are `|`-separated.
`load_gazetteer` returns every entry and the (form -> entry) table the matcher compiles,
plus every validation error found, each naming file and line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.rules.loader import RuleError, RuleFile, RuleRecord, read_csv_rules, split_list

if TYPE_CHECKING:
    from pipeline.rules.weapon_aliases import DatedAlias

INTERNATIONAL = "INT"
ROCKET_CLASSES = {"SLV", "ICBM", "IRBM", "MRBM", "SRBM", "SLBM", "CRUISE", "HGV", "MRL", "SAM", "ASBM",
                  "SATELLITE", "SPACECRAFT", "BM", "MISSILE", "ROCKET", "ASAT"}
# Classes whose names take a plural in copy ("fired two Rodongs"); space rockets' names rarely do,
# and several are common words ("Electrons", "Vegas").
PLURAL_CLASSES = ROCKET_CLASSES - {"SLV", "SATELLITE", "SPACECRAFT", "ROCKET", "ASAT"}
ORG_KINDS = {"ministry", "agency", "military", "state_media", "media", "intergovernmental", "legislature", "party",
             "space_agency", "company", "think_tank", "court", "other"}
LOCATION_KINDS = {"launch_site", "sea", "region", "city", "base", "other"}


def in_window(day: date, start: date | None, end: date | None) -> bool:
    """Is `day` between two dates, inclusive (None = open)?  The one validity test of the gazetteers:
    officials' roles and dated weapon aliases."""
    return (start is None or start <= day) and (end is None or day <= end)


@dataclass(frozen=True)
class Role:
    """A title an official held between two dates (end None = still held)."""

    title: str
    start: date
    end: date | None

    def held_on(self, day: date) -> bool:
        return in_window(day, self.start, self.end)


@dataclass(frozen=True)
class Entry:
    """One gazetteer entity: what every mention of it resolves to."""

    entity_id: str
    label: str
    name: str
    country: str | None
    role: str | None = None
    family: str | None = None
    kind: str | None = None
    roles: tuple[Role, ...] = ()
    example: str | None = None
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Form:
    """One surface form of an entry, and how it may be matched."""

    text: str
    entry: Entry
    form_kind: str  # name, alias, plural, demonym, capital, short_name, class_phrase, title, dated_alias
    case_sensitive: bool
    guarded: bool = False
    # dated_alias only: every row of `weapon_aliases.csv` with this text; the entity stage picks the
    # one valid on the article's date.
    dated: tuple[DatedAlias, ...] = ()

    @property
    def rule_id(self) -> str:
        return f"{self.entry.entity_id}#{self.form_kind}"


@dataclass
class Gazetteer:
    """All entries and forms of the entity files, plus validation errors."""

    entries: dict[str, Entry] = field(default_factory=dict)
    forms: list[Form] = field(default_factory=list)
    titles: list[Form] = field(default_factory=list)
    aliases: list[DatedAlias] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)

    def add_file(self, rule_file: RuleFile) -> None:
        self.errors.extend(rule_file.errors)


def parse_roles(cell: str) -> tuple[tuple[Role, ...], list[str]]:
    """Parse `Title@YYYY-MM-DD/YYYY-MM-DD|...` into roles, plus problems found."""
    roles, problems = [], []
    for item in split_list(cell):
        title, _, span = item.rpartition("@")
        start_text, _, end_text = span.partition("/")
        try:
            start = date.fromisoformat(start_text)
            end = date.fromisoformat(end_text) if end_text else None
        except ValueError:
            problems.append(f"role {item!r}: expected Title@YYYY-MM-DD/[YYYY-MM-DD]")
            continue
        if not title.strip():
            problems.append(f"role {item!r}: empty title")
        elif end is not None and end < start:
            problems.append(f"role {item!r}: ends before it starts")
        else:
            roles.append(Role(title.strip(), start, end))
    return tuple(roles), problems


def _country_problem(code: str, known: set[str], allow_empty: bool) -> str | None:
    if not code:
        return None if allow_empty else "empty country"
    if code == INTERNATIONAL or code in known:
        return None
    return f"unknown ISO3 code {code!r}"


def _forms(entry: Entry, record: RuleRecord, columns: dict[str, str], case_sensitive: bool,
           guarded: set[str] = frozenset()) -> list[Form]:
    forms = []
    for column, form_kind in columns.items():
        for text in split_list(record.get(column)) if column != "name" else [record.get("name")]:
            forms.append(Form(text, entry, form_kind, case_sensitive, text in guarded))
    return forms


def load_countries(path: Path, shown: str, gaz: Gazetteer) -> set[str]:
    """Countries: ISO3, names, aliases, demonyms and capitals (metonyms). Returns the ISO3 set."""
    rule_file = read_csv_rules(path, {"id", "iso3", "name"},
                               {"official_name", "aliases", "demonyms", "capitals", "guarded", "note", "example"}, shown)
    gaz.add_file(rule_file)
    known = set()
    for record in rule_file.records:
        iso3 = record.get("iso3")
        if len(iso3) != 3 or not iso3.isalpha() or not iso3.isupper():
            gaz.errors.append(record.error(f"iso3 {iso3!r} is not three upper-case letters"))
            continue
        known.add(iso3)
        entry = Entry(record.get("id"), "COUNTRY", record.get("name"), iso3, example=record.get("example") or None,
                      path=record.path, line=record.line)
        guarded = set(split_list(record.get("guarded")))
        columns = {"name": "name", "official_name": "official_name", "aliases": "alias", "demonyms": "demonym",
                   "capitals": "capital"}
        forms = _forms(entry, record, columns, case_sensitive=True, guarded=guarded)
        stray = guarded - {f.text for f in forms}
        if stray:
            gaz.errors.append(record.error(f"guarded form(s) {sorted(stray)} are not forms of this country"))
        _register(gaz, record, entry, forms)
    return known


def load_officials(path: Path, shown: str, gaz: Gazetteer, known: set[str]) -> None:
    """Officials: names, variants, country and dated roles."""
    rule_file = read_csv_rules(path, {"id", "name", "country"}, {"aliases", "short_names", "roles", "note", "example"},
                               shown)
    gaz.add_file(rule_file)
    for record in rule_file.records:
        roles, problems = parse_roles(record.get("roles"))
        problem = _country_problem(record.get("country"), known, allow_empty=False)
        problems += [problem] if problem else []
        if problems:
            gaz.errors.extend(record.error(p) for p in problems)
            continue
        entry = Entry(record.get("id"), "OFFICIAL", record.get("name"), _country(record.get("country")),
                      roles=roles, example=record.get("example") or None, path=record.path, line=record.line)
        forms = _forms(entry, record, {"name": "name", "aliases": "alias", "short_names": "short_name"}, True)
        _register(gaz, record, entry, forms)


def load_kinded(path: Path, shown: str, gaz: Gazetteer, known: set[str], label: str, kinds: set[str]) -> None:
    """Organizations or places: names, aliases, a `kind` from `kinds`, and an owning country
    (ISO3, INT, or empty = taken from context, e.g. "South Korea's National Security Council")."""
    rule_file = read_csv_rules(path, {"id", "name", "kind"}, {"aliases", "country", "note", "example"}, shown)
    gaz.add_file(rule_file)
    for record in rule_file.records:
        problems = [p for p in [_country_problem(record.get("country"), known, allow_empty=True)] if p]
        if record.get("kind") not in kinds:
            problems.append(f"kind {record.get('kind')!r} not one of {sorted(kinds)}")
        if problems:
            gaz.errors.extend(record.error(p) for p in problems)
            continue
        entry = Entry(record.get("id"), label, record.get("name"), _country(record.get("country")),
                      role=record.get("kind"), kind=record.get("kind"), example=record.get("example") or None,
                      path=record.path, line=record.line)
        _register(gaz, record, entry, _forms(entry, record, {"name": "name", "aliases": "alias"}, True))


def load_weapons(path: Path, shown: str, gaz: Gazetteer, known: set[str]) -> None:
    """Named rockets, missiles and satellites: class, operator, family. Matched case-insensitively."""
    rule_file = read_csv_rules(path, {"id", "name", "label", "class", "operator"},
                               {"aliases", "family", "maker", "note", "example"}, shown)
    gaz.add_file(rule_file)
    for record in rule_file.records:
        problems = _class_problems(record)
        problem = _country_problem(record.get("operator"), known, allow_empty=False)
        problems += [problem] if problem else []
        if problems:
            gaz.errors.extend(record.error(p) for p in problems)
            continue
        entry = Entry(record.get("id"), record.get("label"), record.get("name"), _country(record.get("operator")),
                      role=record.get("class"), family=record.get("family") or record.get("id"), kind="named",
                      example=record.get("example") or None, path=record.path, line=record.line)
        forms = _forms(entry, record, {"name": "name", "aliases": "alias"}, False)
        _register(gaz, record, entry, forms + _plurals(forms) if entry.role in PLURAL_CLASSES else forms)


def _plurals(forms: list[Form]) -> list[Form]:
    """"two Rodongs", "KN-23s", "Hwasong-12s": the plural of each name of a missile that does not end
    in "s" already and is not listed (a listed one is the row's own form).  Matched as written, with its
    capitals: "patriots" in a sports story is no missile."""
    listed = {form.text.lower() for form in forms}
    plurals = {form.text + "s" for form in forms if form.text[-1:].isalnum() and form.text[-1:].lower() != "s"}
    return [Form(text, forms[0].entry, "plural", True) for text in sorted(plurals) if text.lower() not in listed]


def load_weapon_classes(path: Path, shown: str, gaz: Gazetteer) -> None:
    """Generic class phrases ("intercontinental ballistic missile"): class, no operator."""
    rule_file = read_csv_rules(path, {"id", "phrases", "class", "label"}, {"note", "example"}, shown)
    gaz.add_file(rule_file)
    for record in rule_file.records:
        problems = _class_problems(record)
        if problems:
            gaz.errors.extend(record.error(p) for p in problems)
            continue
        entry = Entry(record.get("id"), record.get("label"), record.get("class"), None, role=record.get("class"),
                      kind="class", example=record.get("example") or None, path=record.path, line=record.line)
        _register(gaz, record, entry, _forms(entry, record, {"phrases": "class_phrase"}, False))


def load_titles(path: Path, shown: str, gaz: Gazetteer) -> None:
    """Title words that introduce an official's name ("Foreign Minister", "official")."""
    rule_file = read_csv_rules(path, {"id", "title", "kind"}, {"aliases", "note", "example"}, shown)
    gaz.add_file(rule_file)
    for record in rule_file.records:
        entry = Entry(record.get("id"), "TITLE", record.get("title"), None, role=record.get("title"),
                      kind=record.get("kind"), path=record.path, line=record.line)
        titles = [record.get("title")] + split_list(record.get("aliases"))
        gaz.titles.extend(Form(text, entry, "title", True) for text in titles)
        _check_id(gaz, record, entry)


def _class_problems(record: RuleRecord) -> list[str]:
    problems = []
    if record.get("label") not in {"ROCKET", "SATELLITE"}:
        problems.append(f"label {record.get('label')!r} must be ROCKET or SATELLITE")
    if record.get("class") not in ROCKET_CLASSES:
        problems.append(f"class {record.get('class')!r} not one of {sorted(ROCKET_CLASSES)}")
    return problems


def _country(code: str) -> str | None:
    return None if not code or code == INTERNATIONAL else code


def _check_id(gaz: Gazetteer, record: RuleRecord, entry: Entry) -> bool:
    if entry.entity_id in gaz.entries:
        first = gaz.entries[entry.entity_id]
        gaz.errors.append(record.error(f"duplicate id {entry.entity_id!r} (first at {first.path}:{first.line})"))
        return False
    gaz.entries[entry.entity_id] = entry
    return True


def _register(gaz: Gazetteer, record: RuleRecord, entry: Entry, forms: Iterable[Form]) -> None:
    if _check_id(gaz, record, entry):
        gaz.forms.extend(forms)


def load_gazetteer(models_dir: Path) -> Gazetteer:
    """Read every entity file of `models_dir` (errors collected, not raised)."""
    gaz = Gazetteer()
    def shown(name: str) -> str:
        return f"models/{name}"
    known = load_countries(models_dir / "countries.csv", shown("countries.csv"), gaz)
    load_officials(models_dir / "officials.csv", shown("officials.csv"), gaz, known)
    load_kinded(models_dir / "organizations.csv", shown("organizations.csv"), gaz, known, "ORGANIZATION", ORG_KINDS)
    load_weapons(models_dir / "weapons.csv", shown("weapons.csv"), gaz, known)
    load_weapon_classes(models_dir / "weapon_classes.csv", shown("weapon_classes.csv"), gaz)
    load_kinded(models_dir / "locations.csv", shown("locations.csv"), gaz, known, "LOCATION", LOCATION_KINDS)
    load_titles(models_dir / "titles.csv", shown("titles.csv"), gaz)
    # Imported here: it builds on this module's types.  Last, because its aliases are checked
    # against every other form and its ids against every other file's.
    from pipeline.rules.weapon_aliases import load_weapon_aliases
    load_weapon_aliases(models_dir / "weapon_aliases.csv", shown("weapon_aliases.csv"), gaz)
    return gaz
