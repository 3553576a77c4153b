"""The pyarrow schema of every table the pipeline writes: the output contract.

Every writer casts to these schemas, so a table's columns and types never depend on
which rows happened to be produced.  The contract columns named in the project's first
issue must never be renamed or dropped; columns may be added.

Dates are Arrow `date32` (calendar days without time zone).  `pandas.read_parquet`
returns them as `datetime.date` objects (dtype object); use `pipeline.store.read_table`
or `pd.to_datetime(df[col])` for datetime64 columns.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "5"

_str = pa.string()
_int = pa.int32()
_date = pa.date32()


def _schema(*fields: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([pa.field(name, dtype) for name, dtype in fields])


ARTICLES = _schema(
    ("article_id", _str),
    ("source", _str),
    ("source_id", _str),
    ("published", _date),
    ("title", _str),
    ("text", _str),
    ("n_sentences", _int),
    ("n_tokens", _int),
    ("content_hash", _str),
)

REJECTS = _schema(
    ("source", _str),
    ("source_id", _str),
    ("reason", _str),
    ("message", _str),
    ("line", _int),
)

SENTENCES = _schema(
    ("article_id", _str),
    ("sentence_index", _int),
    ("start_char", _int),
    ("end_char", _int),
    ("text", _str),
)

ENTITIES = _schema(
    ("article_id", _str),
    ("mention_id", _str),
    ("sentence_index", _int),
    ("start_char", _int),
    ("end_char", _int),
    ("text", _str),
    ("label", _str),
    ("entity_id", _str),
    ("name", _str),
    ("country", _str),
    ("role", _str),
    ("rule_id", _str),
    ("kind", _str),
    ("family", _str),
    ("metonym", pa.bool_()),
)

DATES = _schema(
    ("article_id", _str),
    ("date_id", _str),
    ("sentence_index", _int),
    ("start_char", _int),
    ("end_char", _int),
    ("text", _str),
    ("timex_type", _str),
    ("value", _str),
    ("start", _date),
    ("end", _date),
    ("granularity", _str),
    ("anchor", _date),
    ("rule_id", _str),
    ("resolver", _str),
    ("tense", _str),
)

CLAIMS = _schema(
    ("article_id", _str),
    ("claim_id", _str),
    ("sentence_index", _int),
    ("start_char", _int),
    ("end_char", _int),
    ("speaker", _str),
    ("speaker_entity_id", _str),
    ("speaker_label", _str),
    ("speaker_country", _str),
    ("speaker_start_char", _int),
    ("speaker_end_char", _int),
    ("cue", _str),
    ("cue_start_char", _int),
    ("cue_end_char", _int),
    ("content", _str),
    ("content_start_char", _int),
    ("content_end_char", _int),
    ("stance", _str),
    ("rule_id", _str),
)

EVENT_MENTIONS = _schema(
    ("article_id", _str),
    ("mention_id", _str),
    ("event_id", _str),
    ("sentence_index", _int),
    ("start_char", _int),
    ("end_char", _int),
    ("trigger", _str),
    ("event_type", _str),
    ("actor_country", _str),
    ("actor_entity_id", _str),
    ("target_country", _str),
    ("weapon_entity_id", _str),
    ("weapon_class", _str),
    ("weapon_family", _str),
    ("payload_entity_id", _str),
    ("count", _int),
    ("location", _str),
    ("date_id", _str),
    ("date_text", _str),
    ("date_start", _date),
    ("date_end", _date),
    ("granularity", _str),
    ("date_source", _str),
    ("date_relative", pa.bool_()),
    ("date_counted_back", pa.bool_()),
    ("outcome", _str),
    ("failure_stage", _str),
    ("outcome_rule_id", _str),
    ("outcome_evidence", _str),
    ("realis", _str),
    ("historical", pa.bool_()),
    ("sentence", _str),
    ("published", _date),
    ("dateline_country", _str),
    ("dateline_local", pa.bool_()),
    ("rule_id", _str),
)

EVENTS = _schema(
    ("event_id", _str),
    ("event_type", _str),
    ("actor_country", _str),
    ("target_country", _str),
    ("weapon_entity_id", _str),
    ("weapon_family", _str),
    ("weapon_family_inferred_by", _str),
    ("weapon_class", _str),
    ("payload_entity_id", _str),
    ("date_start", _date),
    ("date_end", _date),
    ("granularity", _str),
    ("outcome", _str),
    ("outcome_evidence", _str),
    ("failure_stage", _str),
    ("realis", _str),
    ("n_mentions", _int),
    ("n_articles", _int),
    ("first_published", _date),
    ("last_published", _date),
    ("conflicts", _str),
    ("date_conflict_articles", _str),
    ("policy", _str),
)

TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "rejects": REJECTS,
    "sentences": SENTENCES,
    "entities": ENTITIES,
    "dates": DATES,
    "claims": CLAIMS,
    "event_mentions": EVENT_MENTIONS,
    "events": EVENTS,
}

# Tables produced per article (cached for incremental re-runs), in write order.
PER_ARTICLE_TABLES = ("sentences", "entities", "dates", "claims", "event_mentions")


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """Build the named table from row dicts, filling absent columns with nulls."""
    # from_pylist gathers the columns in C (twice as fast as Python lists per column); keys of a
    # row that are not in the schema are ignored, as before.
    return pa.Table.from_pylist(rows, schema=TABLES[name])
