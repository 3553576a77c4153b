"""The slot fillers of the benchmark corpus, read from the project's own gazetteers in `models/`.

The corpus names the countries, officials, weapons, organisations and places the pipeline knows, so the
benchmark exercises the same matchers and rule stages as real copy does. Plain `csv` reads the files (not the
pipeline's loaders, so building a corpus does not depend on the matchers being measured); only the officials'
role cells go through the pipeline's `parse_roles`, the one parser of that format.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.rules.gazetteers import Role, parse_roles

# Country names written with "the" in running text.
WITH_ARTICLE = {"Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Marshall Islands",
                "Solomon Islands", "Holy See", "Comoros", "Seychelles"}
# Operators whose names read naturally as "the launcher" (not "INT", an international body).
NON_STATE = {"INT", ""}


@dataclass(frozen=True)
class Country:
    """A country as the corpus writes it: name, adjective, seat of government."""

    iso3: str
    name: str
    demonym: str
    capital: str


@dataclass(frozen=True)
class Official:
    """One role of one official, with the dates it was held."""

    name: str
    country: str
    role: Role

    @property
    def title(self) -> str:
        return self.role.title

    def holds_on(self, day: date) -> bool:
        return self.role.held_on(day)


@dataclass(frozen=True)
class Weapon:
    """A named rocket, missile or satellite and who operates it."""

    name: str
    label: str  # ROCKET or SATELLITE
    weapon_class: str
    operator: str


@dataclass
class Gazetteers:
    """Everything the templates draw from, indexed the way the generator picks it."""

    countries: dict[str, Country]
    officials: dict[str, list[Official]]  # by country (ISO3, "INT" for international bodies)
    rockets: dict[str, list[Weapon]]  # launch vehicles and missiles, by operator
    satellites: dict[str, list[Weapon]]  # by operator
    organisations: dict[str, list[str]] = field(default_factory=dict)  # names by kind
    national_bodies: dict[str, list[str]] = field(default_factory=dict)  # names by country
    class_phrases: dict[str, list[str]] = field(default_factory=dict)  # generic phrases by class
    places: dict[str, list[str]] = field(default_factory=dict)  # location names by kind
    sites: dict[str, list[str]] = field(default_factory=dict)  # launch sites and bases by country
    launch_weights: dict[str, int] = field(default_factory=dict)  # operator -> number of listed rockets


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _first(cell: str, default: str = "") -> str:
    """The first of a `|`-separated cell's values."""
    return cell.split("|")[0].strip() if cell else default


def _running_name(name: str) -> str:
    """`the United States`, `the Philippines`, but `Japan`."""
    plural = name.startswith("United ") or name.endswith(" Republic") or name in WITH_ARTICLE
    return f"the {name}" if plural else name


def _countries(models: Path) -> dict[str, Country]:
    found = {}
    for row in _rows(models / "countries.csv"):
        # Singular demonyms come first in the file ("Afghan|Afghans"); "the X" reads badly, so fall back to it.
        found[row["iso3"]] = Country(row["iso3"], _running_name(row["name"]), _first(row["demonyms"], row["name"]),
                                     _first(row["capitals"], row["name"]))
    return found


def _roles(row: dict) -> list[Official]:
    """Every `Title@from/to` role of one officials.csv row, read by the pipeline's own parser of
    that cell (rule validation reports the roles it cannot read; the corpus skips them)."""
    roles, _ = parse_roles(row["roles"])
    return [Official(row["name"], row["country"], role) for role in roles]


def _weapons(models: Path) -> tuple[dict[str, list[Weapon]], dict[str, list[Weapon]]]:
    rockets, satellites = defaultdict(list), defaultdict(list)
    for row in _rows(models / "weapons.csv"):
        if row["operator"] in NON_STATE:
            continue
        weapon = Weapon(row["name"], row["label"], row["class"], row["operator"])
        (satellites if row["label"] == "SATELLITE" else rockets)[row["operator"]].append(weapon)
    return dict(rockets), dict(satellites)


def _organisations(models: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    by_kind, by_country = defaultdict(list), defaultdict(list)
    for row in _rows(models / "organizations.csv"):
        by_kind[row["kind"]].append(row["name"])
        if row["country"] not in NON_STATE:
            by_country[row["country"]].append(row["name"])
    return dict(by_kind), dict(by_country)


def load_gazetteers(models: Path) -> Gazetteers:
    """Read the gazetteers once; the generator then only indexes into these lists."""
    officials = defaultdict(list)
    for row in _rows(models / "officials.csv"):
        officials[row["country"]].extend(_roles(row))
    rockets, satellites = _weapons(models)
    by_kind, by_country = _organisations(models)
    phrases = defaultdict(list)
    for row in _rows(models / "weapon_classes.csv"):
        forms = row["phrases"].split("|")
        # Singular, lower-case, several words: "cruise missile", not "cruise missiles" or "SLCM".
        phrases[row["class"]].extend(p for p in forms if p.islower() and " " in p and p[:-1] not in forms)
    places, sites = defaultdict(list), defaultdict(list)
    for row in _rows(models / "locations.csv"):
        places[row["kind"]].append(row["name"])
        if row["kind"] in {"launch_site", "base"}:
            sites[row["country"]].append(row["name"])
    weights = Counter({operator: len(items) for operator, items in rockets.items()})
    return Gazetteers(_countries(models), dict(officials), rockets, satellites, by_kind, by_country,
                      dict(phrases), dict(places), dict(sites), dict(weights))
