"""Read rule files (CSV gazetteers and JSONL pattern files) with line-precise errors.

Every rule file in `models/` is read through these functions, so that a bad rule
always produces an error of the form ``file:line: problem``.  Readers never stop at
the first problem: they collect every error, so a rule writer fixes a file in one go.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.schemas import validate_token_pattern

LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class RuleError:
    """One problem in one rule file, located by line (1-based; 0 = whole file)."""

    path: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem}"


class InvalidRules(Exception):
    """Raised when rule files fail validation; carries every error found."""

    def __init__(self, errors: Iterable[RuleError]):
        self.errors = sorted(errors, key=lambda e: (e.path, e.line, e.problem))
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass(frozen=True)
class RuleRecord:
    """One rule as read from a file: its fields, and where it came from."""

    path: str
    line: int
    data: dict

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    def error(self, problem: str) -> RuleError:
        return RuleError(self.path, self.line, problem)


@dataclass
class RuleFile:
    """The records of one file plus the errors found while reading it."""

    path: str
    records: list[RuleRecord] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)


def split_list(value: str | None) -> list[str]:
    """Split a `|`-separated cell into stripped, non-empty items."""
    if not value:
        return []
    return [item.strip() for item in str(value).split(LIST_SEPARATOR) if item.strip()]


def read_csv_rules(path: Path, required: set[str], optional: set[str], shown_as: str | None = None) -> RuleFile:
    """Read a CSV gazetteer; check the header and each row's required cells.

    Line numbers are physical line numbers of the row's first line, so a
    spreadsheet user finds the row.
    """
    name = shown_as or str(path)
    result = RuleFile(name)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        result.errors.append(RuleError(name, 0, f"cannot open: {exc.strerror}"))
        return result
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        unknown = [col for col in header if col not in required | optional]
        missing = sorted(required - set(header))
        if unknown:
            allowed = ", ".join(sorted(required | optional))
            result.errors.append(RuleError(name, 1, f"unknown column(s) {unknown}; allowed: {allowed}"))
        if missing:
            result.errors.append(RuleError(name, 1, f"missing column(s) {missing}"))
        if unknown or missing:
            return result
        line = reader.line_num
        try:
            for row in reader:
                start_line = line + 1
                line = reader.line_num
                data = {key: (value or "").strip() for key, value in row.items() if key is not None}
                if None in row:
                    result.errors.append(RuleError(name, start_line, "more cells than columns"))
                    continue
                record = RuleRecord(name, start_line, data)
                empty = [key for key in sorted(required) if not data.get(key)]
                if empty:
                    result.errors.append(record.error(f"empty required cell(s) {empty}"))
                    continue
                result.records.append(record)
        except (csv.Error, UnicodeDecodeError) as exc:
            result.errors.append(RuleError(name, line + 1, f"unreadable CSV: {exc}"))
    return result


def read_jsonl_rules(path: Path, required: set[str], optional: set[str], shown_as: str | None = None) -> RuleFile:
    """Read a JSONL rule file: one JSON object per line, blank lines and `//` lines ignored."""
    name = shown_as or str(path)
    result = RuleFile(name)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        result.errors.append(RuleError(name, 0, f"cannot read: {exc}"))
        return result
    for number, text in enumerate(lines, start=1):
        if not text.strip() or text.lstrip().startswith("//"):
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            result.errors.append(RuleError(name, number, f"invalid JSON: {exc.msg} at column {exc.colno}"))
            continue
        if not isinstance(data, dict):
            result.errors.append(RuleError(name, number, "a rule must be a JSON object"))
            continue
        record = RuleRecord(name, number, data)
        problems = key_problems(data, required, optional)
        if problems:
            result.errors.extend(record.error(p) for p in problems)
            continue
        result.records.append(record)
    return result


def key_problems(data: dict, required: set[str], optional: set[str]) -> list[str]:
    """Unknown and missing keys of one rule, as messages naming the allowed keys."""
    problems = []
    unknown = sorted(set(data) - required - optional)
    if unknown:
        problems.append(f"unknown key(s) {unknown}; allowed: {sorted(required | optional)}")
    missing = sorted(k for k in required if data.get(k) in (None, "", []))
    if missing:
        problems.append(f"missing key(s) {missing}")
    return problems


def token_pattern_problems(pattern) -> list[str]:
    """Problems of a spaCy token pattern, as spaCy's own validator words them."""
    if not isinstance(pattern, list) or not pattern:
        return ["pattern must be a non-empty list of token dicts"]
    return [f"bad pattern: {message}" for message in validate_token_pattern(pattern)]


def duplicate_id_errors(records: Iterable[RuleRecord], key: str = "id") -> list[RuleError]:
    """An error for every record whose id was already used (by any file in the set)."""
    seen: dict[str, RuleRecord] = {}
    errors = []
    for record in records:
        rule_id = record.get(key)
        if rule_id in seen:
            first = seen[rule_id]
            errors.append(record.error(f"duplicate id {rule_id!r} (first at {first.path}:{first.line})"))
        else:
            seen[rule_id] = record
    return errors
