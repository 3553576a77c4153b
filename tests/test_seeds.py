"""Acceptance on the user's own articles (../shared/seeds), when they are present."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    target = tmp_path_factory.mktemp("seeds")
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--input", str(SEEDS), "--output", str(target)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return target


def table(out, name):
    return pd.read_parquet(out / f"{name}.parquet")


def article_id(out, published):
    articles = table(out, "articles")
    return articles[articles.published == published].article_id.item()


def test_may_31_failure_from_august_article(out):
    events, mentions = table(out, "events"), table(out, "event_mentions")
    hit = events[(events.event_type == "LAUNCH") & (events.actor_country == "PRK") & (events.realis == "actual")
                 & (events.date_start == datetime.date(2023, 5, 31)) & (events.outcome == "failure")]
    assert len(hit) == 1
    sources = mentions[mentions.event_id == hit.event_id.item()].article_id
    assert article_id(out, datetime.date(2023, 8, 3)) in set(sources)


def test_thursday_morning_third_stage_failure(out):
    events, mentions, dates = table(out, "events"), table(out, "event_mentions"), table(out, "dates")
    hit = events[(events.event_type == "LAUNCH") & (events.actor_country == "PRK") & (events.outcome == "failure")
                 & (events.failure_stage == "third") & (events.realis == "actual")]
    assert len(hit) == 1 and hit.date_start.item() == datetime.date(2023, 11, 2)
    dated = mentions[(mentions.event_id == hit.event_id.item()) & (mentions.date_source == "sentence")]
    assert dated.date_text.tolist() == ["Thursday morning"]
    timex = dates[dates.date_id == dated.date_id.item()]
    assert timex.anchor.item() == datetime.date(2023, 11, 6) and timex.value.item() == "2023-11-02TMO"


def test_planned_retry_in_october(out):
    events = table(out, "events")
    hit = events[(events.event_type == "LAUNCH") & (events.realis == "planned") & (events.granularity == "month")]
    assert len(hit) == 1 and hit.date_start.item() == datetime.date(2024, 10, 1)


@pytest.mark.parametrize("actor", ["JPN", "KOR", "USA"])
def test_condemnations(out, actor):
    events = table(out, "events")
    assert ((events.event_type == "CONDEMN") & (events.actor_country == actor)).any()


def test_sanctions_considered_not_imposed(out):
    events = table(out, "events")
    considered = events[(events.event_type == "SANCTION") & (events.actor_country.isin(["USA", "KOR", "JPN"]))]
    assert len(considered) == 1 and considered.realis.item() == "hypothetical"


@pytest.mark.parametrize("name, country, role", [
    ("Kim Jong Un", "PRK", None),
    ("Hirokazu Matsuno", "JPN", "Chief Cabinet Secretary"),
    ("Ri Pyong Chol", "PRK", None),
])
def test_officials(out, name, country, role):
    entities = table(out, "entities")
    rows = entities[(entities.label == "OFFICIAL") & (entities.name == name)]
    assert len(rows) >= 1 and set(rows.country) == {country}
    if role:
        assert set(rows.role) == {role}


@pytest.mark.parametrize("speaker", ["KCNA", "Ri Pyong Chol"])
def test_claims(out, speaker):
    claims = table(out, "claims")
    assert claims.speaker.str.contains(speaker).any()


@pytest.mark.parametrize("text, value, granularity", [
    ("May 31st", "2023-05-31", "day"),
    ("earlier this year", "2023", "year"),
    ("2022", "2022", "year"),
    ("2019", "2019", "year"),
])
def test_dates(out, text, value, granularity):
    dates = table(out, "dates")
    row = dates[dates.text == text]
    assert len(row) == 1 and (row.value.item(), row.granularity.item()) == (value, granularity)
