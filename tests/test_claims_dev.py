"""Floors on the claims development sets (tests/gold_claims_dev*), scored apart from tests/gold.

Floors sit a little below the scores measured when they were set (the first, untuned and the current scores
are in each set's README); raise them when rules improve, never lower them to make a change pass.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from pipeline.evaluate import evaluate
from pipeline.evaluate_report import format_report
from pipeline.runner import run
from pipeline.settings import load_settings
from tests.conftest import ROOT


class DevSet(NamedTuple):
    folder: str
    articles: int
    annotated: int                  # gold claims, at least; every one names its speaker entity
    floors: dict[str, float]        # f1, precision, recall, entity, entity_f1, stance


METRIC_PATHS = {"f1": ("overlap", "f1"), "precision": ("overlap", "precision"), "recall": ("overlap", "recall"),
                "entity": ("speaker_entity_accuracy", "accuracy"), "entity_f1": ("entity_overlap", "f1"),
                "stance": ("stance_accuracy", "accuracy")}
DEV_SETS = [
    # first, untuned: F1 0.905, entity 0.915, stance 0.574; tuned on since
    DevSet("gold_claims_dev", 11, 140, {"f1": 0.97, "precision": 0.97, "recall": 0.97, "entity": 0.97,
                                        "entity_f1": 0.96, "stance": 0.74}),
    # first, untuned: F1 0.871, entity 0.902, stance 0.607; tuned on since
    DevSet("gold_claims_dev2", 7, 70, {"f1": 0.95, "precision": 0.95, "recall": 0.95, "entity": 0.95,
                                       "entity_f1": 0.95, "stance": 0.80}),
    # first, untuned = current: F1 0.930, entity 0.913, F1 with entity 0.849, stance 0.532 (assertions under
    # a plain "said", which its guideline labels `claim`, are the weak part: its README)
    DevSet("gold_claims_dev3", 10, 120, {"f1": 0.92, "precision": 0.96, "recall": 0.88, "entity": 0.90,
                                         "entity_f1": 0.84, "stance": 0.52}),
    # first, untuned = current (af392b1): F1 0.857 (P 0.932, R 0.793), entity 0.896, F1 with entity 0.768,
    # stance 0.490; voices the other sets lack (transcripts, live blog, KCNA long quotes: its README)
    DevSet("gold_claims_dev4", 10, 90, {"f1": 0.85, "precision": 0.93, "recall": 0.79, "entity": 0.89,
                                        "entity_f1": 0.76, "stance": 0.48}),
    # first, untuned = current (f7928bb): F1 0.925 (P 0.951, R 0.900), entity 0.889, F1 with entity 0.822,
    # stance 0.570; conventional wire copy of launches, reactions, sanctions and talks (its README)
    DevSet("gold_claims_dev5", 12, 130, {"f1": 0.92, "precision": 0.95, "recall": 0.89, "entity": 0.88,
                                         "entity_f1": 0.82, "stance": 0.56}),
]


@pytest.fixture(scope="module", params=DEV_SETS, ids=[d.folder for d in DEV_SETS])
def scored(request, tmp_path_factory):
    """(the set, its metrics): the pipeline run on the set's articles, scored against its gold."""
    dev = request.param
    gold, out = ROOT / "tests" / dev.folder, tmp_path_factory.mktemp(dev.folder)
    run(load_settings(input_path=gold / "articles", output_dir=out))
    return dev, evaluate(gold, out)


def test_every_article_was_scored_and_only_claims_reported(scored):
    dev, metrics = scored
    assert len(metrics["articles"]) == dev.articles and not metrics["missing_articles"]
    assert metrics["gold_tables"] == ["claims"]
    report = format_report(metrics, 0)
    assert "CLAIMS" in report and "ENTITIES" not in report and "speaker entity accuracy" in report


def test_every_gold_claim_names_its_speaker_entity(scored):
    dev, metrics = scored
    annotated = metrics["claims"]["speaker_entity_annotated"]
    assert annotated["gold"] == annotated["of"] >= dev.annotated


def test_scores_stay_above_their_floors(scored):
    dev, metrics = scored
    below = {}
    for name, floor in dev.floors.items():
        value = metrics["claims"]
        for key in METRIC_PATHS[name]:
            value = value[key]
        if value < floor:
            below[name] = (round(value, 3), floor)
    assert not below, f"{dev.folder}: below floor {below}"
