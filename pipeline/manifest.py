"""The run manifest: what a run read, reused, computed and wrote, under which versions.

Written last into the staging folder and committed with the tables, so a manifest
always describes the tables next to it.
"""

from __future__ import annotations

import platform

import dateparser
import pandas as pd
import pyarrow as pa
import spacy

from pipeline import __version__
from pipeline.dates.anaphora import NARRATIVE_POLICY
from pipeline.dates.tagger import OVERLAP_POLICY as DATE_OVERLAP_POLICY
from pipeline.entities import GUARD_POLICY, OVERLAP_POLICY
from pipeline.event_agents import AGENT_POLICY
from pipeline.event_anaphora import ANAPHORA_POLICY
from pipeline.event_weapons import WEAPON_POLICY
from pipeline.reconcile import POLICY as RECONCILE_POLICY
from pipeline.rules.class_periods import CLASS_PERIOD_POLICY
from pipeline.rules.weapon_aliases import ALIAS_POLICY
from pipeline.schemas import SCHEMA_VERSION
from pipeline.settings import Settings


def build_manifest(settings: Settings, key_parts: dict[str, str], stats, full_reason: str | None, validation: str,
                   dropped: int, timings: dict[str, float]) -> dict:
    """The manifest of a finished run (`stats` is the runner's `StreamStats`).

    `full_reason` says why nothing could be reused (None: an incremental run), e.g.
    "no previous output", "--force" or "changed: rules, settings".
    """
    articles = stats.rows["articles"]
    stage_seconds = {**timings, **stats.stage_seconds}
    return {
        "pipeline_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "versions": {"python": platform.python_version(), "spacy": spacy.__version__,
                     "dateparser": dateparser.__version__, "pandas": pd.__version__, "pyarrow": pa.__version__},
        "rules_hash": key_parts["rules"],
        "code_hash": key_parts["code"],
        "cache_key": "/".join(key_parts.values()),
        "cache_key_parts": key_parts,
        "settings": settings.as_dict(),
        "settings_hash": key_parts["settings"],
        "policies": {"entity_overlap": OVERLAP_POLICY, "ambiguous_names": GUARD_POLICY, "weapon_alias": ALIAS_POLICY,
                     "date_overlap": DATE_OVERLAP_POLICY, "date_reference": NARRATIVE_POLICY,
                     "event_anaphora": ANAPHORA_POLICY, "event_agent": AGENT_POLICY,
                     "event_weapon": WEAPON_POLICY, "reconcile": RECONCILE_POLICY,
                     "weapon_family_inference": CLASS_PERIOD_POLICY},
        "rules_validation": validation,
        "input_records": articles + stats.rows["rejects"],
        "articles_reused": stats.reused,
        "articles_processed": articles - stats.reused,
        "articles_dropped_from_cache": dropped,
        "reuse": {"mode": "full" if full_reason else "incremental", "reason": full_reason},
        "rejects_by_reason": dict(sorted(stats.rejects_by_reason.items())),
        "row_counts": stats.rows,
        "layout": settings.layout,
        "parts_written_by_workers": stats.worker_parts,
        "stage_seconds": {k: round(v, 4) for k, v in sorted(stage_seconds.items())},
    }
