"""Evaluation: prf, the span matcher, TIMEX periods, and an end-to-end score of a tiny synthetic run."""

from __future__ import annotations

import json
from datetime import date

import pytest

from pipeline.evaluate import date_matches, evaluate, match_spans, prf, timex_period
from pipeline.evaluate_report import format_report
from pipeline.schemas import to_table
from pipeline.store import write_table

PRF_CASES = [
    # (tp, fp, fn, precision, recall, f1)
    (0, 0, 0, 0.0, 0.0, 0.0),
    (1, 0, 0, 1.0, 1.0, 1.0),
    (1, 1, 0, 0.5, 1.0, 0.6667),
    (1, 0, 1, 1.0, 0.5, 0.6667),
    (0, 3, 2, 0.0, 0.0, 0.0),
    (2, 2, 1, 0.5, 0.6667, 0.5714),
]


@pytest.mark.parametrize("tp, fp, fn, precision, recall, f1", PRF_CASES)
def test_prf(tp, fp, fn, precision, recall, f1):
    result = prf(tp, fp, fn)
    assert (result["precision"], result["recall"], result["f1"]) == (precision, recall, f1)
    assert (result["tp"], result["fp"], result["fn"], result["support"]) == (tp, fp, fn, tp + fn)


def span(start, end, label="X", source_id="a"):
    return {"source_id": source_id, "start_char": start, "end_char": end, "label": label}


MATCH_CASES = [
    # (name, gold, pred, mode, expected pairs)
    ("exact", [span(0, 5)], [span(0, 5)], "strict", [(0, 0)]),
    ("boundary strict", [span(0, 5)], [span(0, 6)], "strict", []),
    ("boundary relaxed", [span(0, 5)], [span(0, 6)], "relaxed", [(0, 0)]),
    ("touching is not overlap", [span(0, 5)], [span(5, 9)], "relaxed", []),
    ("label must agree", [span(0, 5, "A")], [span(0, 5, "B")], "relaxed", []),
    ("article must agree", [span(0, 5, source_id="a")], [span(0, 5, source_id="b")], "relaxed", []),
    # A duplicate prediction cannot match the same gold twice.
    ("duplicate prediction", [span(0, 5)], [span(0, 5), span(0, 5)], "strict", [(0, 0)]),
    # One long prediction covering two gold spans matches only one of them.
    ("one pred two gold", [span(0, 5), span(6, 10)], [span(0, 10)], "relaxed", [(0, 0)]),
    # The exact prediction takes gold 0, so the wider one falls to gold 1.
    ("exact wins", [span(0, 5), span(6, 10)], [span(3, 8), span(0, 5)], "relaxed", [(0, 1), (1, 0)]),
    ("more overlap wins", [span(0, 10)], [span(0, 2), span(1, 9)], "relaxed", [(0, 1)]),
    ("empty", [], [span(0, 5)], "relaxed", []),
]


@pytest.mark.parametrize("name, gold, pred, mode, expected", MATCH_CASES, ids=[c[0] for c in MATCH_CASES])
def test_match_spans(name, gold, pred, mode, expected):
    pairs, fn, fp = match_spans(gold, pred, mode=mode)
    assert pairs == expected
    assert fn == [i for i in range(len(gold)) if i not in {g for g, _ in expected}]
    assert fp == [i for i in range(len(pred)) if i not in {p for _, p in expected}]


def test_match_spans_two_spans_and_no_spans():
    claim = {"source_id": "a", "s0": 0, "s1": 5, "c0": 10, "c1": 20}
    spans = (("s0", "s1"), ("c0", "c1"))
    assert match_spans([claim], [{**claim, "c0": 15}], same=("source_id",), spans=spans)[0] == [(0, 0)]
    # The speaker overlaps but the content does not: no match.
    assert match_spans([claim], [{**claim, "c0": 30, "c1": 40}], same=("source_id",), spans=spans)[0] == []
    # spans=() matches on fields only; `prefer` decides between candidates (here: nearest).
    gold = [{"t": "A", "pos": 100}, {"t": "A", "pos": 0}]
    pred = [{"t": "A", "pos": 5}, {"t": "A", "pos": 90}]
    assert match_spans(gold, pred, same=("t",), spans=())[0] == [(0, 0), (1, 1)]
    nearest = match_spans(gold, pred, same=("t",), spans=(), prefer=lambda g, p: abs(g["pos"] - p["pos"]))
    assert nearest[0] == [(0, 1), (1, 0)]
    with pytest.raises(ValueError):
        match_spans([], [], mode="fuzzy")


@pytest.mark.parametrize("value, expected", [
    ("2023-05-31", (date(2023, 5, 31), date(2023, 5, 31))),
    ("2023-05-31T06:29", (date(2023, 5, 31), date(2023, 5, 31))),
    ("2023-W33", (date(2023, 8, 14), date(2023, 8, 20))),
    ("2023-12", (date(2023, 12, 1), date(2023, 12, 31))),
    ("2023-Q4", (date(2023, 10, 1), date(2023, 12, 31))),
    ("2012", (date(2012, 1, 1), date(2012, 12, 31))),
    ("199", (date(1990, 1, 1), date(1999, 12, 31))),
    ("PXM", None), (None, None), ("2023-13", None),
])
def test_timex_period(value, expected):
    assert timex_period(value) == expected


@pytest.mark.parametrize("gold, start, end, expected", [
    ("2023-05-31", date(2023, 5, 31), date(2023, 5, 31), True),
    ("2023-05-31", date(2023, 5, 1), date(2023, 5, 31), True),   # the gold day lies in the predicted month
    ("2023-05-31", date(2023, 6, 1), None, False),
    ("2023-05", date(2023, 5, 1), date(2023, 5, 31), True),
    ("2023-05", date(2023, 5, 31), date(2023, 5, 31), False),    # a period must be equal, not contain
    (None, None, None, True),
    (None, date(2023, 5, 31), None, False),
    ("2023-05-31", None, None, False),
])
def test_date_matches(gold, start, end, expected):
    assert date_matches(gold, start, end) is expected


TEXT = "North Korea fired a Hwasong-17 missile on Wednesday, officials said. Japan condemned the launch last year."


def at(phrase: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


@pytest.fixture
def synthetic(tmp_path):
    """Gold for articles s1 (in the run) and s3 (missing from it); the run also has s2 (no gold)."""
    run, gold = tmp_path / "run", tmp_path / "gold"
    gold.mkdir()
    articles = [{"article_id": "A1", "source": "s1.txt", "source_id": "s1", "published": date(2023, 5, 31),
                 "text": TEXT},
                {"article_id": "A2", "source": "s2.txt", "source_id": "s2", "published": date(2023, 5, 31),
                 "text": TEXT}]

    def ent(article, phrase, label, country, rule):
        start, end = at(phrase)
        return {"article_id": article, "start_char": start, "end_char": end, "text": phrase, "label": label,
                "country": country, "rule_id": rule}

    entities = [ent("A1", "North Korea", "COUNTRY", "PRK", "c.prk"),
                ent("A1", "Hwasong-17 missile", "ROCKET", "PRK", "w.h17"),   # boundary error
                ent("A1", "Japan", "COUNTRY", "KOR", "c.kor"),                # right span, wrong country
                ent("A1", "officials", "OFFICIAL", None, "o.x"),              # spurious
                ent("A2", "Japan", "COUNTRY", "JPN", "c.jpn")]               # no gold: ignored
    dates = [{"article_id": "A1", **dict(zip(("start_char", "end_char"), at("on Wednesday"))), "text": "on Wednesday",
              "timex_type": "DATE", "value": "2023-05-30", "rule_id": "t.weekday"},
             {"article_id": "A1", **dict(zip(("start_char", "end_char"), at("last year"))), "text": "last year",
              "timex_type": "DATE", "value": "2022", "rule_id": "t.rel"}]
    sp, ct = at("officials"), at("North Korea fired a Hwasong-17 missile")
    claims = [{"article_id": "A1", "speaker": "officials", "speaker_start_char": sp[0], "speaker_end_char": sp[1],
               "cue": "said", "content": TEXT[ct[0]:ct[1]], "content_start_char": ct[0], "content_end_char": ct[1],
               "stance": "claim", "rule_id": "cue.say"}]

    def mention(phrase, event_type, actor, event_id, rule, **extra):
        start, end = at(phrase)
        return {"article_id": "A1", "start_char": start, "end_char": end, "trigger": phrase, "event_type": event_type,
                "actor_country": actor, "event_id": event_id, "realis": "actual", "rule_id": rule, **extra}

    day = date(2023, 5, 31)
    mentions = [mention("fired", "LAUNCH", "PRK", "e1", "launch.verb", date_start=day, date_end=day),
                mention("launch", "LAUNCH", "PRK", "e1", "launch.noun", date_start=day, date_end=day),  # repeat
                mention("the launch", "CONDEMN", "JPN", "e2", "condemn.odd", date_start=day),      # loose only
                mention("said", "TALKS", "KOR", "e3", "talks.x")]                                   # spurious
    tables = {"articles": articles, "entities": entities, "dates": dates, "claims": claims,
              "event_mentions": mentions, "events": [{"event_id": "e1", "event_type": "LAUNCH", "outcome": "success"}]}
    for name, rows in tables.items():
        write_table(run, name, to_table(name, rows))

    def gold_span(phrase, **fields):
        start, end = at(phrase)
        return {"source_id": "s1", "start_char": start, "end_char": end, "text": phrase, **fields}

    write_jsonl(gold / "entities.jsonl", [
        gold_span("North Korea", label="COUNTRY", country="PRK"), gold_span("Hwasong-17", label="ROCKET", country="PRK"),
        gold_span("Japan", label="COUNTRY", country="JPN"),
        {"source_id": "s3", "start_char": 0, "end_char": 4, "text": "Iran", "label": "COUNTRY", "country": "IRN"}])
    write_jsonl(gold / "dates.jsonl", [
        gold_span("Wednesday", timex_type="DATE", value="2023-05-31", granularity="day"),
        gold_span("last year", timex_type="DATE", value="2022", granularity="year")])
    gct = at("North Korea fired a Hwasong-17 missile on Wednesday")
    write_jsonl(gold / "claims.jsonl", [{
        "source_id": "s1", "speaker_start_char": sp[0], "speaker_end_char": sp[1], "speaker": "officials",
        "content_start_char": gct[0], "content_end_char": gct[1], "content": TEXT[gct[0]:gct[1]], "cue": "said",
        "stance": "neutral", "speaker_entity_id": "country.prk"}])

    def gold_event(phrase, event_type, actor, outcome):
        start, end = at(phrase)
        return {"source_id": "s1", "event_type": event_type, "trigger_start_char": start, "trigger_end_char": end,
                "trigger": phrase, "actor_country": actor, "date_value": "2023-05-31", "outcome": outcome,
                "failure_stage": None, "realis": "actual", "weapon": None, "payload": None}

    write_jsonl(gold / "events.jsonl", [gold_event("fired", "LAUNCH", "PRK", "success"),
                                        gold_event("condemned", "CONDEMN", "JPN", None)])
    return gold, run


def scores(block: dict) -> tuple[float, float, float]:
    return block["precision"], block["recall"], block["f1"]


def test_evaluate_synthetic(synthetic):
    metrics = evaluate(*synthetic)
    assert metrics["articles"] == ["s1", "s3"]
    assert metrics["missing_articles"] == ["s3"]

    ents = metrics["entities"]
    assert scores(ents["strict"]["overall"]) == (0.5, 0.5, 0.5)        # tp 2, fp 2, fn 2 (Iran in s3)
    assert scores(ents["relaxed"]["overall"]) == (0.75, 0.75, 0.75)    # the Hwasong-17 boundary now counts
    assert scores(ents["strict"]["ROCKET"]) == (0.0, 0.0, 0.0)
    assert scores(ents["relaxed"]["ROCKET"]) == (1.0, 1.0, 1.0)
    assert ents["strict"]["COUNTRY"]["support"] == 3
    assert ents["country_accuracy"] == {"accuracy": 0.5, "correct": 1, "n": 2}

    dates = metrics["dates"]
    assert scores(dates["strict"]) == (0.5, 0.5, 0.5)
    assert scores(dates["relaxed"]) == (1.0, 1.0, 1.0)
    assert dates["value_accuracy"] == {"accuracy": 0.5, "correct": 1, "n": 2}
    assert scores(dates["value_f1"]) == (0.5, 0.5, 0.5)
    assert dates["type_accuracy"]["accuracy"] == 1.0

    claims = metrics["claims"]
    assert scores(claims["overlap"]) == (1.0, 1.0, 1.0)
    assert scores(claims["exact"]) == (0.0, 0.0, 0.0)
    assert claims["speaker_text_exact"]["accuracy"] == 1.0
    assert claims["stance_accuracy"]["accuracy"] == 0.0
    assert claims["speaker_entity_accuracy"] == {"accuracy": 0.0, "correct": 0, "n": 1}   # the run has no entity
    assert claims["speaker_entity_annotated"] == {"gold": 1, "of": 1}
    assert scores(claims["entity_overlap"]) == (0.0, 0.0, 0.0)
    assert [e["gold"] for e in metrics["errors"]["claims"]["speaker_entity"]] == ["country.prk"]

    events = metrics["events"]
    assert scores(events["strict"]["overall"]) == (0.3333, 0.5, 0.4)   # tp 1, fp 2 (CONDEMN, TALKS), fn 1
    assert scores(events["loose"]["overall"]) == (0.6667, 1.0, 0.8)    # CONDEMN matched loosely; TALKS still fp
    assert events["loose"]["overall"]["repeat_mentions"] == 1          # the second mention of e1
    assert events["n_loose_matches"] == 1
    launch = events["launch"]
    assert launch["outcome_accuracy"]["accuracy"] == 1.0               # taken from the events row
    assert launch["date_accuracy"]["accuracy"] == 1.0
    assert launch["actor_accuracy"]["n"] == 1

    errors = metrics["errors"]
    assert [(e["text"], e["rule_id"]) for e in errors["entities"]["fp"]] == [("officials", "o.x")]
    assert [(e["source_id"], e["text"]) for e in errors["entities"]["fn"]] == [("s3", "Iran")]
    assert [(e["text"], e["gold"]) for e in errors["entities"]["boundary"]] == [("Hwasong-17 missile", "Hwasong-17")]
    assert [e["rule_id"] for e in errors["dates"]["mismatch"]] == ["t.weekday"]
    assert [e["rule_id"] for e in errors["events"]["fp"]] == ["talks.x"]
    json.dumps(metrics, default=str)  # the CLI writes it as JSON


def test_format_report(synthetic):
    report = format_report(evaluate(*synthetic), 1)
    for needle in ("ENTITIES", "DATES", "CLAIMS", "EVENTS", "COUNTRY", "LAUNCH", "o.x", "MISSING", "support"):
        assert needle in report
    assert "showing 1" in report
    assert "o.x" not in format_report(evaluate(*synthetic), 0)
    assert "speaker entity accuracy" in report


SPEAKER_ENTITY_CASES = [
    # (gold entity, predicted entity, correct): null gold wants no entity ("analysts")
    ("org.kcna", "org.kcna", True),
    ("org.kcna", "country.prk", False),
    (None, None, True),
    (None, "country.kor", False),
    ("official.hong-min", None, False),
]


@pytest.mark.parametrize("gold, predicted, correct", SPEAKER_ENTITY_CASES)
def test_speaker_entity_accuracy(gold, predicted, correct):
    from pipeline.evaluate import score_claims
    g = {"source_id": "a", "speaker_start_char": 0, "speaker_end_char": 3, "content_start_char": 9,
         "content_end_char": 20, "speaker": "KCNA", "stance": "neutral", "speaker_entity_id": gold, "cue": "said",
         "content": "x"}
    p = {**g, "speaker_entity_id": predicted, "speaker_label": "ORGANIZATION", "rule_id": "r"}
    metrics, errors = score_claims([g], [p])
    assert metrics["speaker_entity_accuracy"]["correct"] == int(correct)
    assert len(errors["speaker_entity"]) == int(not correct)
    unannotated = {k: v for k, v in g.items() if k != "speaker_entity_id"}
    assert score_claims([unannotated], [p])[0]["speaker_entity_accuracy"]["n"] == 0   # old gold: not counted


def test_report_shows_only_tables_with_gold(synthetic):
    gold, run = synthetic
    for name in ("entities", "dates", "events"):
        (gold / f"{name}.jsonl").unlink()
    report = format_report(evaluate(gold, run), 5)
    assert "CLAIMS" in report and "ENTITIES" not in report and "EVENTS" not in report
