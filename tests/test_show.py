"""HTML pages: article page content and escaping, unknown ids, the index."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.schemas import to_table
from pipeline.show import render_article, render_index
from pipeline.store import write_table

TEXT = 'Kim & Co said "<launch>" failed on Monday.\nJapan condemned it.'


def at(phrase):
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def run(tmp_path):
    articles = [{"article_id": "A1", "source": "a.txt", "source_id": "src-1", "published": date(2023, 11, 6),
                 "title": "Tom & Jerry <test>", "text": TEXT},
                {"article_id": "A2", "source": "b.jsonl", "source_id": "src-2", "published": None, "title": None,
                 "text": "A second article without spans."}]
    kim, japan = at("Kim & Co"), at("Japan")
    entities = [{"article_id": "A1", "start_char": kim[0], "end_char": kim[1], "text": "Kim & Co",
                 "label": "ORGANIZATION", "name": "Kim & Company", "country": "PRK", "entity_id": "org.kim",
                 "rule_id": "org.kim#alias"},
                {"article_id": "A1", "start_char": japan[0], "end_char": japan[1], "text": "Japan", "label": "COUNTRY",
                 "name": "Japan", "country": "JPN", "entity_id": "country.jpn", "rule_id": "country.jpn#name"}]
    monday = at("Monday")
    dates = [{"article_id": "A1", "start_char": monday[0], "end_char": monday[1], "text": "Monday",
              "timex_type": "DATE", "value": "2023-11-06", "granularity": "day", "anchor": date(2023, 11, 6),
              "rule_id": "timex.weekday"}]
    content, cue = at('"<launch>" failed on Monday'), at("said")
    claims = [{"article_id": "A1", "speaker": "Kim & Co", "speaker_start_char": kim[0], "speaker_end_char": kim[1],
               "cue": "said", "cue_start_char": cue[0], "cue_end_char": cue[1],
               "content": TEXT[content[0]:content[1]], "content_start_char": content[0],
               "content_end_char": content[1], "stance": "claim", "rule_id": "cue.say+speaker.name"}]
    launch = at("<launch>")
    mentions = [{"article_id": "A1", "start_char": launch[0], "end_char": launch[1], "trigger": "<launch>",
                 "event_type": "LAUNCH", "actor_country": "PRK", "event_id": "ev1", "date_start": date(2023, 11, 6),
                 "date_end": date(2023, 11, 6), "date_text": "Monday", "outcome": "failure", "realis": "actual",
                 "rule_id": "launch.noun"}]
    for name, rows in {"articles": articles, "entities": entities, "dates": dates, "claims": claims,
                       "event_mentions": mentions}.items():
        write_table(tmp_path, name, to_table(name, rows))
    return tmp_path


def test_article_page(run):
    page = render_article(run, "A1")
    assert page.startswith("<!DOCTYPE html>")
    assert "Tom &amp; Jerry &lt;test&gt;" in page
    assert "<test>" not in page and "<launch>" not in page  # everything from the data is escaped
    assert "&lt;launch&gt;" in page and "Kim &amp; Co" in page
    assert "src-1" in page and "a.txt" in page and "2023-11-06" in page
    for label in ("ORGANIZATION", "COUNTRY", "SPEAKER 1", "CUE 1", "CONTENT 1", "LAUNCH"):
        assert label in page
    for rule in ("org.kim#alias", "country.jpn#name", "timex.weekday", "cue.say+speaker.name", "launch.noun"):
        assert rule in page
    assert "ev1" in page and "failure" in page
    # The speaker span appears both as an entity and as a claim highlight (three sections of text).
    assert page.count("condemned it.") == 3


def test_article_by_source_id(run):
    assert render_article(run, "src-1") == render_article(run, "A1")


def test_article_without_spans(run):
    page = render_article(run, "A2")
    assert "A second article without spans." in page and "none" in page


def test_unknown_article(run):
    with pytest.raises(KeyError, match="no article"):
        render_article(run, "missing-id")


def test_index(run):
    page = render_index(run)
    for needle in ("A1", "A2", "src-1", "src-2", "Tom &amp; Jerry &lt;test&gt;", "A second article", 'href="show-A1.html"'):
        assert needle in page
    assert "<td>2</td>" in page  # two entities in A1
    assert "href" not in render_index(run, link=None)
