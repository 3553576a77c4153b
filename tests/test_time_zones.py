"""Time zones (`models/time_zones.csv`): which datelines keep the actor country's clock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.rules.loader import InvalidRules
from pipeline.rules.time_zones import load_time_zones, same_clock
from pipeline.validate import collect_rule_errors

HEADER = "id,country,utc_offset,note\n"
SHIPPED = Path(__file__).resolve().parents[1] / "models"


def write_zones(models, *rows):
    (models / "time_zones.csv").write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")


@pytest.mark.parametrize("rows, expected", [
    (("tz.a,KOR,+9:00,basis",), "time_zones.csv:2: utc_offset '+9:00' is not like +09:00 or -05:30"),
    (("tz.a,KOR,+09:00,basis", "tz.b,KOR,+09:00,basis"), "time_zones.csv:3: country 'KOR' has a row already"),
    (("tz.a,KOR,+09:00,basis", "tz.a,JPN,+09:00,basis"), "time_zones.csv:3: duplicate id 'tz.a'"),
    (("tz.a,XYZ,+09:00,basis",), "time_zones.csv:2: country 'XYZ' is not an iso3 of models/countries.csv"),
    (("tz.a,KOR,+09:00,",), "time_zones.csv:2: empty required cell(s) ['note']"),
])
def test_bad_rows_are_named_by_file_and_line(models, rows, expected):
    write_zones(models, *rows)
    found = [str(e) for e in collect_rule_errors(models, examples=False)]
    assert any(problem.startswith(expected) for problem in found), found


def test_a_run_refuses_a_broken_file(models):
    from pipeline.events import EventExtractor
    from pipeline.nlp import blank_english
    write_zones(models, "tz.a,KOR,+9:00,basis")
    with pytest.raises(InvalidRules):
        EventExtractor(blank_english().vocab, models)


@pytest.mark.parametrize("a, b, expected", [
    ("KOR", "PRK", True), ("JPN", "PRK", True), ("CHN", "PRK", False),
    ("USA", "PRK", None),   # several zones: no row
    (None, "PRK", None),
])
def test_same_clock(a, b, expected):
    offsets, errors = load_time_zones(SHIPPED)
    assert errors == [] and same_clock(offsets, a, b) is expected


@pytest.mark.parametrize("text, country, local", [
    ("SEOUL, March 23 (Yonhap) -- North Korea fired 16 rockets early Sunday.", "KOR", True),
    ("SEOUL (Reuters) - North Korea fired 16 rockets early Sunday.", "KOR", True),
    ("TOKYO -- North Korea fired a ballistic missile on Sunday, the government said.", "JPN", True),
    ("Pyongyang, March 23 (KCNA) -- The Korean People's Army fired rockets on Sunday.", "PRK", True),
    ("WASHINGTON (Reuters) - North Korea fired 16 rockets on Saturday, U.S. officials said.", "USA", None),
    ("BEIJING, March 23 (Reuters) - North Korea fired 16 rockets early Sunday.", "CHN", False),
    ("North Korea fired 16 rockets early Sunday, Seoul said.", None, None),
])
def test_a_mention_knows_where_its_copy_was_filed(processor, text, country, local):
    article = {"article_id": "a", "published": date(2014, 3, 23), "text": text, "source_id": "a"}
    (_, tables), = processor.process([article])
    launch = next(m for m in tables["event_mentions"] if m["event_type"] == "LAUNCH")
    assert (launch["dateline_country"], launch["dateline_local"]) == (country, local)
