"""Shared fixtures: the project's Language and extractors are built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def processor():
    """The full per-article processor over the shipped rules."""
    from pipeline.extract import ArticleProcessor
    return ArticleProcessor(MODELS)


@pytest.fixture(scope="session")
def nlp(processor):
    return processor.nlp


@pytest.fixture()
def models(tmp_path):
    """A copy of the shipped rule files, for tests that edit them."""
    target = tmp_path / "models"
    shutil.copytree(MODELS, target)
    return target
