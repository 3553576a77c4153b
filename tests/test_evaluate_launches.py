"""Launch scoring against a launch database: matching, false launches on negatives, splits, the event ratio,
the CLI option, and floors on the `tests/launch_db` replica so that regressions of the event stage fail."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from pipeline.cli import main
from pipeline.evaluate_launches import (explained, format_launch_report, is_false_launch, load_launches,
                                        merge_launches, nearest_launch, score_launches)
from pipeline.schemas import to_table
from pipeline.store import write_table
from tests.conftest import ROOT
from tests.launch_replica import assert_consistent, assert_scores, run_pipeline

LAUNCH_DB = ROOT / "tests" / "launch_db"
D = date.fromisoformat

DB = [  # launch_id, date, family, outcome, reported_in
    ("a", "2023-05-31", "chollima", "failure", "s1"),
    ("b", "2023-07-12", "hwasong-18", "success", "s2"),
    ("c", "2023-12-17", "", "success", "s3"),
    ("d", "2023-12-18", "hwasong-18", "success", "s3"),
    ("old", "2022-03-16", "hwasong-17", "failure", ""),   # in the database, not reported by the corpus
]


def write_db(path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["launch_id", "date", "missile", "family", "class", "outcome", "reported_in", "notes"])
        for launch_id, day, family, outcome, reported in DB:
            writer.writerow([launch_id, day, f"missile {launch_id}", family, "", outcome, reported, ""])


@pytest.fixture
def launches(tmp_path):
    write_db(tmp_path / "launches.csv")
    return load_launches(tmp_path / "launches.csv")


def event(day=None, granularity="day", family=None, end=None, **extra) -> dict:
    start = D(day) if day else None
    return {"event_id": extra.pop("event_id", f"e-{day}"), "event_type": "LAUNCH", "actor_country": "PRK",
            "realis": "actual", "date_start": start, "date_end": D(end) if end else start,
            "granularity": granularity if day else None, "weapon_family": family, **extra}


NEAREST_CASES = [
    # (name, event, expected launch_id)
    ("same day", event("2023-05-31"), "a"),
    ("one day late (time zones)", event("2023-06-01"), "a"),
    ("one day early", event("2023-07-11", "time"), "b"),
    ("two days off is a miss", event("2023-06-02"), None),
    ("month never matches", event("2023-05-01", "month", end="2023-05-31"), None),
    ("no date", event(None), None),
    ("nearest of two adjacent launches", event("2023-12-18"), "d"),
    ("equidistant: same family wins", event("2023-12-19", family="hwasong-18"), "d"),
    ("a day before the later launch is the earlier one", event("2023-12-17", family="hwasong-18"), "c"),
]


@pytest.mark.parametrize("name, row, expected", NEAREST_CASES, ids=[c[0] for c in NEAREST_CASES])
def test_nearest_launch(launches, name, row, expected):
    found = nearest_launch(row, launches)
    assert (found["launch_id"] if found else None) == expected


def mention(day=None, granularity="day", end=None, **fields) -> dict:
    return {**event(day, granularity, end=end), "historical": False, **fields}


FALSE_CASES = [
    # (name, mention, is a false launch)
    ("actual PRK on a day without launch", mention("2023-09-25"), True),
    ("no date at all", mention(None), True),
    ("within a day of a database launch", mention("2023-07-13"), False),
    ("month holding a launch", mention("2023-05-01", "month", end="2023-05-31"), False),
    ("month without a launch", mention("2023-09-01", "month", end="2023-09-30"), True),
    ("historical background", mention("2023-09-25", historical=True), False),
    ("planned", mention("2023-09-25", realis="planned"), False),
    ("another country", mention("2023-09-07", actor_country="JPN"), False),
    ("not a launch", mention("2023-09-25", event_type="CONDEMN"), False),
]


@pytest.mark.parametrize("name, row, expected", FALSE_CASES, ids=[c[0] for c in FALSE_CASES])
def test_is_false_launch(launches, name, row, expected):
    assert is_false_launch(row, launches) is expected


def test_explained_needs_a_date_near_a_launch(launches):
    assert explained(mention("2023-06-01"), launches)
    assert not explained(mention("2023-06-02"), launches)


def write_run(run, articles, events, mentions) -> None:
    for name, rows in (("articles", articles), ("events", events), ("event_mentions", mentions)):
        write_table(run, name, to_table(name, rows))


@pytest.fixture
def synthetic(tmp_path):
    """s1 reports launch a (split in two events, wrong outcome), s2 reports b (a one-day-late match with the
    right fields), s3 reports c and d but only d is found; n1 is a negative with one false launch, n2 a
    negative with only a historical mention; a month-level duplicate of b and a 2017 event are extra."""
    write_db(tmp_path / "launches.csv")
    articles = [{"article_id": f"A{sid}", "source_id": sid, "published": D(day), "text": "x"}
                for sid, day in (("s1", "2023-05-31"), ("s2", "2023-07-13"), ("s3", "2023-12-18"),
                                 ("n1", "2023-09-25"), ("n2", "2023-10-01"))]
    events = [event("2023-05-31", "time", "chollima", event_id="a1", outcome="success", n_mentions=3),
              event("2023-06-01", "day", "chollima", event_id="a2", outcome="failure", n_mentions=1),
              event("2023-07-13", "day", "hwasong-18", event_id="b1", outcome="success", n_mentions=2),
              event("2023-07-01", "month", "hwasong-18", end="2023-07-31", event_id="b-month", n_mentions=1),
              event("2023-12-18", "time", None, event_id="d1", outcome="success", n_mentions=4),
              event("2023-09-25", "day", None, event_id="n-false", n_mentions=1),
              event("2017-09-15", "day", "hwasong-12", event_id="old-2017", n_mentions=1),
              event("2023-12-18", "day", "nuri", event_id="kor", actor_country="KOR", n_mentions=1)]

    def m(article, event_id, day, **fields):
        return {"article_id": f"A{article}", "event_id": event_id, "mention_id": f"{article}-{event_id}",
                "event_type": "LAUNCH", "actor_country": "PRK", "realis": "actual", "historical": False,
                "date_start": D(day), "date_end": D(day), "granularity": "day", "trigger": "launched",
                "rule_id": "launch.verb", "sentence": f"North Korea launched ({event_id}).", **fields}

    mentions = [m("s1", "a1", "2023-05-31"), m("s1", "a2", "2023-06-01"), m("s2", "b1", "2023-07-13"),
                m("s3", "d1", "2023-12-18"), m("n1", "n-false", "2023-09-25"),
                m("n2", "b-month", "2023-07-01", historical=True, granularity="month", date_end=D("2023-07-31"))]
    write_run(tmp_path / "run", articles, events, mentions)
    return tmp_path


def test_score_launches_synthetic(synthetic):
    metrics = score_launches(synthetic / "run", synthetic / "launches.csv", ["n1", "n2", "gone"])
    assert metrics["recall"] == {"value": 0.75, "correct": 3, "n": 4}             # c is missed
    assert metrics["outcome_accuracy"] == {"value": 0.6667, "correct": 2, "n": 3}  # a1 says success
    assert metrics["family_accuracy"] == {"value": 0.6667, "correct": 2, "n": 3}   # d1 has no family
    assert metrics["false_on_negatives"] == {"rate": 0.5, "articles_with_false": 1, "negatives": 2,
                                             "missing": ["gone"]}
    # Window 2023-05-30..2023-12-18: a1 a2 b1 b-month d1 n-false (2017 and KOR left out) over 4 launch days.
    assert metrics["event_ratio"]["events"] == 6 and metrics["event_ratio"]["launch_days"] == 4
    assert metrics["event_ratio"]["value"] == 1.5
    errors = metrics["errors"]
    assert [e["launch_id"] for e in errors["missed"]] == ["c"]
    assert [(e["launch_id"], e["predicted"], e["event"]["event_id"]) for e in errors["wrong_outcome"]] == [
        ("a", "success", "a1")]
    assert [e["launch_id"] for e in errors["wrong_family"]] == ["d"]
    assert [(s["launch_id"], [e["event_id"] for e in s["events"]]) for s in errors["split"]] == [("a", ["a1", "a2"])]
    assert [(f["source_id"], f["event_id"]) for f in errors["false_on_negatives"]] == [("n1", "n-false")]
    extra = {e["event_id"]: e["covers"] for e in errors["unassigned_events"]}
    assert extra == {"b-month": ["b"], "n-false": []}
    report = format_launch_report(metrics)
    assert "launch recall" in report and "BELOW BAR" in report and "n-false" in report


def test_background_match_of_an_unreported_launch_is_not_an_error(synthetic):
    """An event dated to an old database launch is neither missed, false nor extra: it simply matches."""
    run = synthetic / "run"
    events = [event("2022-03-16", "day", "hwasong-17", event_id="old", outcome="failure", n_mentions=1)]
    write_run(run, [{"article_id": "A1", "source_id": "s1", "published": D("2022-03-17"), "text": "x"}], events, [])
    metrics = score_launches(run, synthetic / "launches.csv")
    assert metrics["recall"]["n"] == 4 and metrics["recall"]["correct"] == 0
    assert metrics["event_ratio"] == {"value": 1.0, "events": 1, "launch_days": 1,
                                      "window": ["2022-03-16", "2022-03-17"]}
    assert metrics["errors"]["unassigned_events"] == []


def test_cli_launches_option(synthetic, capsys):
    out = synthetic / "metrics.json"
    (synthetic / "negatives.txt").write_text("n1  # a comment\n\n# only a comment\nn2\n", encoding="utf-8")
    assert main(["evaluate", "--launches", str(synthetic / "launches.csv"), "--run", str(synthetic / "run"),
                 "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    line = next(line for line in printed.splitlines() if "false launches on negatives" in line)
    assert "0.500" in line and "(1/2)" in line and "BELOW BAR" in line
    assert '"recall"' in out.read_text(encoding="utf-8")


def test_merged_tables_keep_one_row_per_launch_day_with_every_report():
    first = [{"launch_id": "x", "date": D("2017-04-29"), "reported_in": ("a1", "a2")},
             {"launch_id": "y", "date": D("2017-05-14"), "reported_in": ("a3",)}]
    second = [{"launch_id": "x2", "date": D("2017-04-29"), "reported_in": ("b1", "a2")},
              {"launch_id": "z", "date": D("2017-05-21"), "reported_in": ()}]
    merged = merge_launches([first, second])
    assert [(r["launch_id"], r["reported_in"]) for r in merged] == \
        [("x", ("a1", "a2", "b1")), ("y", ("a3",)), ("z", ())]
    assert first[0]["reported_in"] == ("a1", "a2")   # the inputs are not changed


def test_cli_scores_a_run_against_several_tables_and_their_negatives(synthetic, tmp_path, capsys):
    # The synthetic table split in two folders, each with its own negatives: scored together they
    # give the single table's scores, and both negatives files count.
    (synthetic / "negatives.txt").write_text("n1\n", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    rows = (synthetic / "launches.csv").read_text(encoding="utf-8").splitlines()
    (other / "launches.csv").write_text("\n".join([rows[0], *rows[3:]]) + "\n", encoding="utf-8")
    (synthetic / "launches.csv").write_text("\n".join(rows[:3]) + "\n", encoding="utf-8")
    (other / "negatives.txt").write_text("n2\n", encoding="utf-8")
    out = tmp_path / "metrics.json"
    assert main(["evaluate", "--launches", str(synthetic / "launches.csv"), "--launches", str(other / "launches.csv"),
                 "--run", str(synthetic / "run"), "--output", str(out)]) == 0
    metrics = json.loads(out.read_text(encoding="utf-8"))
    write_db(tmp_path / "whole.csv")
    whole = score_launches(synthetic / "run", tmp_path / "whole.csv", ["n1", "n2"])
    whole.pop("errors")
    assert {k: metrics[k] for k in whole} == json.loads(json.dumps(whole, default=str))
    assert metrics["false_on_negatives"]["negatives"] == 2
    capsys.readouterr()


def test_replica_files_are_consistent():
    assert_consistent(LAUNCH_DB, min_negatives=8)


# Floors just under the scores of the event stage when this test was written (recall 12/13, outcome 11/12,
# family 11/11, false launches 2/11, ratio 22/16): a regression fails, an improvement passes. Raise them
# when the event stage improves.
# Just under the scores of the current rules (recall 1.0, outcome 1.0, family 1.0, no false
# launch on a negative, 18 events for 16 launch days with interval_blocks_v7); in-sample: the rules were
# tuned on it.
FLOORS = {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.99}
CEILINGS = {"false_on_negatives": ("rate", 0.0), "event_ratio": ("value", 1.13)}


def test_replica_scores_do_not_regress(tmp_path):
    out = tmp_path / "out"
    run_pipeline(LAUNCH_DB, out)
    assert_scores(out, LAUNCH_DB, FLOORS, CEILINGS)
