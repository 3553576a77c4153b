"""Incremental runs through `pipeline.runner.run`: what is reused, what is recomputed and
why (as the manifest says), rule validation skipped only for rules already validated,
and the guard against blanking a good output."""

from __future__ import annotations

import shutil

import pytest

from pipeline.rules.loader import InvalidRules
from pipeline.runner import EmptyInputError, run
from pipeline.schemas import TABLES
from pipeline.settings import Settings
from tests.conftest import MODELS, ROOT

RAW = ROOT / "data" / "raw"


@pytest.fixture
def raw(tmp_path):
    """Five sample articles and one undecodable file."""
    folder = tmp_path / "raw"
    folder.mkdir()
    for path in sorted(RAW.glob("*.txt"))[:5]:
        shutil.copy(path, folder / path.name)
    (folder / "zz_bad.txt").write_bytes(b"date 2023-11-21 \xff\xfe")
    return folder


def table_bytes(folder):
    return {name: (folder / f"{name}.parquet").read_bytes() for name in TABLES}


def settings_for(raw, out, **changes):
    return Settings(input_path=raw, output_dir=out, models_dir=MODELS).replace(**changes)


def test_a_rerun_reuses_every_article_and_rewrites_identical_bytes(raw, tmp_path):
    settings = settings_for(raw, tmp_path / "out")
    first = run(settings, progress=False).manifest
    written = table_bytes(tmp_path / "out")
    again = run(settings.replace(batch_size=2), progress=False).manifest  # batch size never changes a row
    assert first["reuse"] == {"mode": "full", "reason": "no previous output"}
    assert first["rules_validation"] == "validated" and again["rules_validation"] == "skipped: already validated"
    assert again["reuse"] == {"mode": "incremental", "reason": None}
    assert again["articles_reused"] == 5 and again["articles_processed"] == 0
    assert again["rejects_by_reason"] == {"undecodable": 1} and again["input_records"] == 6
    assert table_bytes(tmp_path / "out") == written


def test_only_new_or_changed_articles_are_computed_and_the_result_equals_a_fresh_run(raw, tmp_path):
    settings = settings_for(raw, tmp_path / "out")
    run(settings, progress=False)
    first, second, *_ = sorted(raw.glob("0*.txt"))
    first.write_text(first.read_text() + "\nSeoul condemned the launch on Monday.\n")
    second.unlink()
    manifest = run(settings, progress=False).manifest
    assert (manifest["articles_processed"], manifest["articles_reused"]) == (1, 3)
    assert manifest["articles_dropped_from_cache"] == 2  # the old version of the edited article, the deleted one
    run(settings_for(raw, tmp_path / "fresh"), progress=False)
    assert table_bytes(tmp_path / "out") == table_bytes(tmp_path / "fresh")


def test_force_and_changed_settings_recompute_everything_and_say_why(raw, tmp_path):
    settings = settings_for(raw, tmp_path / "out")
    run(settings, progress=False)
    forced = run(settings, force=True, progress=False).manifest
    assert forced["reuse"] == {"mode": "full", "reason": "--force"} and forced["articles_processed"] == 5
    changed = run(settings.replace(day_tolerance=2), progress=False).manifest
    assert changed["reuse"] == {"mode": "full", "reason": "changed: settings"}
    off = run(settings.replace(day_tolerance=2, incremental=False), progress=False).manifest
    assert off["reuse"]["reason"] == "incremental off in settings" and off["articles_reused"] == 0


def test_edited_rules_are_validated_again_and_recompute_everything(raw, tmp_path):
    models = tmp_path / "models"
    shutil.copytree(MODELS, models)
    settings = settings_for(raw, tmp_path / "out", models_dir=models)
    run(settings, progress=False)
    (models / "notes.txt").write_text("any edit under models/ changes the rules hash\n")
    manifest = run(settings, progress=False).manifest
    assert manifest["reuse"] == {"mode": "full", "reason": "changed: rules"}
    assert manifest["rules_validation"] == "validated"
    weapons = models / "weapons.csv"
    weapons.write_text(weapons.read_text() + "weapon.broken,,,ROCKET\n")
    before = table_bytes(tmp_path / "out")
    with pytest.raises(InvalidRules):
        run(settings, progress=False)
    assert table_bytes(tmp_path / "out") == before


def test_an_input_without_articles_never_blanks_a_good_output_unless_allowed(raw, tmp_path):
    settings = settings_for(raw, tmp_path / "out")
    run(settings, progress=False)
    before = table_bytes(tmp_path / "out")
    bad = tmp_path / "bad"
    bad.mkdir()
    shutil.copy(raw / "zz_bad.txt", bad / "x.txt")
    with pytest.raises(EmptyInputError, match="keeping the previous output"):
        run(settings.replace(input_path=bad), progress=False)
    assert table_bytes(tmp_path / "out") == before
    assert not list((tmp_path / "out").glob(".staging-*"))
    emptied = run(settings.replace(input_path=bad), allow_empty=True, progress=False).manifest
    assert emptied["row_counts"]["articles"] == 0 and emptied["row_counts"]["rejects"] == 1


def test_the_progress_bar_shows_records_done(raw, tmp_path, capsys):
    run(settings_for(raw, tmp_path / "out"), progress=True)
    assert "6/6" in capsys.readouterr().err
