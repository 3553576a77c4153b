"""The event mention record shared by the event stage's modules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from pipeline.ids import content_id


# Weapon classes that name no kind of vehicle ("the missile", "a ballistic missile", "a rocket").
GENERIC_CLASSES = frozenset({None, "MISSILE", "BM", "ROCKET"})
# An actual event dated more than this many days before publication is background news.
HISTORICAL_AFTER_DAYS = 7
# `days_before_main` of "days after the failed attempt": earlier than the main event, by how much unknown.
SOME_DAYS_BEFORE = -1
# Offset precision of "less than a week after", "under two weeks after": up to that many days before.
WITHIN = "within"
# Days either side of a date counted back in weeks or months (`counted_back`).
HALF_SPAN = {"week": 3, "month": 15}
# Sentences of an article's lead: where wire copy names (and dates) the launch it reports.
LEAD_SENTENCES = 2


@dataclass(frozen=True)
class EventMention:
    """One event mention with its arguments; offsets index the article text."""

    sentence_index: int
    start_char: int
    end_char: int
    trigger: str
    event_type: str
    rule_id: str
    form: str
    sentence: str
    token_start: int
    actor_country: str | None = None
    actor_entity_id: str | None = None
    target_country: str | None = None
    weapon_entity_id: str | None = None
    weapon_class: str | None = None
    weapon_family: str | None = None
    payload_entity_id: str | None = None
    count: int | None = None
    location: str | None = None
    date_key: tuple[int, int] | None = None
    date_text: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    granularity: str | None = None
    date_source: str | None = None
    outcome: str | None = None
    failure_stage: str | None = None
    outcome_rule_id: str | None = None
    outcome_evidence: str | None = None   # "stated" in the trigger's clause, else "inferred"
    realis: str = "actual"
    historical: bool = False
    anaphoric: bool = False
    # "the North's firing of two missiles": the anaphor names its owner, the only actor it refers to.
    owner_named: bool = False
    date_relative: bool = False
    # "a week after the country launched": the date was counted back from another day (so it is
    # not a day the text names for this event).
    date_counted_back: bool = False
    dateline_country: str | None = None  # where the copy was filed (`EventContext.filed_in`)
    dateline_local: bool | None = None   # does that place keep the actor country's clock?
    # "two weeks after the failed attempt" with no date in the sentence: days before the
    # article's main event of the type (internal: not a column).
    days_before_main: int | None = None
    # "under a week after the North fired a similar one": dated by counting back from another event's
    # day, so no date for the launch its sentence hangs it on (internal).
    dated_before_host: bool = False
    # "three months after ...": a date counted back in weeks or months is only that precise (internal).
    offset_granularity: str = "day"
    # The operator of the named weapon (internal: not a column).
    weapon_country: str | None = None

    def updated(self, **changes) -> EventMention:
        """A copy with some fields changed, like `dataclasses.replace` but without re-running
        `__init__` over every field: ~8x cheaper, and the event stage makes ~80 per article."""
        if not _FIELD_NAMES.issuperset(changes):
            raise TypeError(f"EventMention has no field(s) {sorted(changes.keys() - _FIELD_NAMES)}")
        copy = object.__new__(EventMention)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(changes)
        return copy

    def row(self, article_id: str, published: date | None, date_ids: dict) -> dict:
        """The event_mentions table's row of the mention, with its content-hash id."""
        mention_id = content_id(article_id, "event", self.start_char, self.end_char, self.event_type)
        row = {"article_id": article_id, "mention_id": mention_id, "event_id": None, "published": published,
               "date_id": date_ids.get(self.date_key)}
        row.update(zip(ROW_FIELDS, _row_values(self)))
        return row


_FIELD_NAMES = frozenset(EventMention.__dataclass_fields__)

# The event_mentions columns read from an EventMention, in table order (one attrgetter call a row).
ROW_FIELDS = ("sentence_index", "start_char", "end_char", "trigger", "event_type", "actor_country", "actor_entity_id",
              "target_country", "weapon_entity_id", "weapon_class", "weapon_family", "payload_entity_id", "count",
              "location", "date_text", "date_start", "date_end", "granularity", "date_source", "date_relative",
              "date_counted_back", "outcome", "failure_stage", "outcome_rule_id", "outcome_evidence", "realis",
              "historical", "sentence", "dateline_country", "dateline_local", "rule_id")
_row_values = attrgetter(*ROW_FIELDS)


def noun_mention(mention: EventMention, lexicon) -> bool:
    """Is the trigger a noun ("the launch", "a test of") rather than a verb?  Verb-rule triggers in
    the lexicon's `noun_like_trigger` are nouns as often as verbs ("the launch", "the tests")."""
    return mention.form == "noun" or mention.trigger.lower() in lexicon.noun_like_trigger


def plural_trigger(mention: EventMention, lexicon) -> bool:
    """Does the trigger end in a plural launch noun: many launches ("GENERIC" in ACE terms) when
    undated, not one event?"""
    return mention.trigger.split()[-1].lower() in lexicon.plural_launch_noun


def counted_back_from(host: date, days: int, precision: str) -> tuple[date, date, str]:
    """(start, end, granularity) of an event `days` before `host` ("two weeks after ...": the week
    around that day); with precision `WITHIN` ("less than a week after"), any day of the span before
    the host, which is not the host's own day."""
    if precision == WITHIN:
        granularity = "day" if days <= 1 else "week" if days <= 7 else "month"
        return host - timedelta(days=days), host - timedelta(days=1), granularity
    start, end = counted_back(host - timedelta(days=days), precision)
    return start, end, precision


def counted_back(day: date, granularity: str) -> tuple[date, date]:
    """The span a date counted back from another stands for: the day itself, or the week or month
    around it ("three weeks after" says roughly which week, "three months after" which month;
    centred, so that counting back a day too far still holds the true day)."""
    half = HALF_SPAN.get(granularity, 0)
    return day - timedelta(days=half), day + timedelta(days=half)
