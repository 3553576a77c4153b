"""Reconcile event mentions into events: one row per real-world event.

Policy `interval_blocks_v15`:
1. Block mentions by (event_type, actor_country, realis) — a planned launch and the
   actual launch never merge; historical mentions are actual events.
2. Within a block, mentions with precise dates (day, time, week) link when their intervals overlap
   after widening by `day_tolerance` days (time zones, reporting lag) and their weapon families do
   not conflict (nor short- against long-range classes; v13: except that long-range families may
   differ, one day's long-range launch is often disputed, "an older Hwasong-15 rather than the new
   Hwasong-17"; v15: a "long-range ballistic missile", classed BM, is of the long range group too,
   so it cannot bridge a night's SRBM to the next morning's ICBM); union-find makes clusters.  (v6: nor may a cluster hold two days that one article
   names for its mentions: "three missiles on Monday ... two more on Tuesday" are two launches,
   however close; days of clock times do not count, they are often another time zone's.  v8: the
   tolerance widens single days only, so "last week" cannot reach the Monday after it and chain two
   launches a week apart.  v9: nor may a cluster hold two days named in the leads of local copy,
   articles filed where the actor's clock is kept (`dateline_local`: "SEOUL, March 23 (Yonhap) --
   North Korea fired 16 rockets early Sunday"); their days are the launch's own, so launches of
   consecutive days stay apart; v10: but not a day counted back from another, "said Monday, a week
   after the country launched", which is approximate, `date_counted_back`; v11: nor does a
   counted-back day commit its article to that day, for v6: "condemned it on Monday, hours after the
   North fired" may mean Sunday, and "test-fired new cruise missiles, state media said Monday" is
   Sunday's launch.)
3. Coarser mentions (month, quarter, year...) and undated ones join the single
   compatible cluster, preferring one from their own article (today's launch there for
   a mention that is not background), then one naming their weapon family; a dated
   background (historical) one that still fits several joins the best-reported of them
   whose outcome it does not contradict (v3: "in March it fired four at once" in a
   December review is one of the known March launches, not one more; v7: so does any
   other coarse mention, "the test of an ICBM earlier this month", which names no launch
   of its own that the known ones are not; v12: nor does one naming a weapon family that none
   of the known launches is known by, "four extended-range Scuds in March" when the day's
   reports said "ballistic missiles"); the rest cluster among themselves by identical
   interval.  (v4: a cluster's days, for this, are those of its
   day-level mentions when it has any, not the edge of a week-level one.)
4. v13: strays join the launch the text ties them to, without a vote on its fields (they count as
   its mentions and their disagreements are listed in `conflicts`): a cluster of one article's
   anaphors ("yet another intermediate-range missile") whose class or family conflicts with their
   antecedent joins the cluster of the article's own mention of that day; one of mentions past the
   lead with no date of their own (the publication day) joins the article's first dated launch; a
   lone mention past the lead, of no other report, naming a day next to its article's lead launch
   joins that launch ("held consultations on the launches Tuesday"), and v14: so does one naming
   a day next to the day a launch reported by three articles or more names, whatever its details
   ("in an interview aired Sunday, one day after a missile fizzled out minutes after liftoff": a
   background sentence's day or weapon is more often misread than a launch missed by every other
   report); a coarse mention of a season or less that fits known launches of its period, none compatibly,
   joins the best-reported of them not of the other range group.  And an actor's launches of one
   named day are one event, the day's salvo, whatever their types ("an ICBM ... plus short-range
   missiles from Kaechon"), as launch databases count them: clusters whose event date is one day
   named in a sentence merge, the most-reported launch's mentions first (weapon ties go to it).
   (Steps 2 to 4: `pipeline.reconcile_cluster`.)
5. An event's fields come from its most specific mentions; outcome, failure stage,
   weapon and payload by vote (outcomes stated in a trigger's clause outvote inferred ones;
   v5: a success the launcher claims of itself counts only without any other stated outcome;
   failure wins ties: a failure claim is the rarer, more informative report; v8: an actual
   launch that no mention gives an outcome is a success, `outcome_evidence`
   `no_failure_reported`); fields on which mentions disagree are listed in `conflicts`.
6. `event_id` hashes the canonical key (type, actor, realis, best date, weapon family),
   so adding articles that agree with an event never renumbers it.
7. Events in one block that share distinctive details (failure stage, payload or weapon)
   but whose dates cannot be reconciled, one of them dated only by relative expressions
   ("Thursday"), are flagged: `date_conflict_articles` names the articles that date it
   differently (one side resolved a relative date against the wrong week, or reported
   old news as new).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from pipeline.event_model import GENERIC_CLASSES
from pipeline.ids import content_id
from pipeline.reconcile_cluster import PRECISE, cluster_block, specificity

POLICY = "interval_blocks_v15"
# The event_mentions columns reconciliation reads (and `event_id`, which it writes): a run
# holds only these for every mention of the corpus, the full rows wait on disk.
MENTION_FIELDS = ("article_id", "mention_id", "start_char", "event_type", "actor_country", "target_country",
                  "realis", "historical", "date_start", "date_end", "granularity", "date_source", "date_relative",
                  "date_counted_back", "published", "outcome", "outcome_evidence", "failure_stage", "weapon_entity_id", "weapon_class",
                  "weapon_family", "payload_entity_id", "sentence_index", "dateline_local", "event_id")
# The outcome of an actual launch that no report gives one (evidence `no_failure_reported`).
OUTCOME_BY_SILENCE = "success"
# Mentions of different blocks never share an event: blocks can be reconciled one at a
# time (`pipeline.reconcile_stream` does, from disk, for a whole corpus).
BLOCK_FIELDS = ("event_type", "actor_country", "realis")


def reconcile(mentions: list[dict], day_tolerance: int = 1) -> tuple[list[dict], list[dict]]:
    """Assign `event_id` to every mention row; return (mentions, event rows)."""
    blocks: dict[tuple, list[dict]] = defaultdict(list)
    for row in mentions:
        blocks[block_key(row)].append(row)
    events = []
    for key in sorted(blocks, key=block_order):
        events.extend(reconcile_block(blocks[key], day_tolerance))
    return mentions, events


def reconcile_block(rows: list[dict], day_tolerance: int = 1) -> list[dict]:
    """Reconcile the mentions of one block (same `block_key`): assign their `event_id`, return its events.

    Everything reconciliation does stays inside a block: clusters, votes, and also the
    duplicate-id salting and the date-conflict flags, since an event id hashes the block
    key and conflicts are only looked for between events of one block.
    """
    events = [_event_row(cluster.members, cluster.strays)
              for cluster in cluster_block(sorted(rows, key=_mention_order), day_tolerance)]
    _deduplicate_ids(events)
    _flag_date_conflicts(events)
    return events


def block_key(row: dict) -> tuple:
    """The block a mention is reconciled in: (event_type, actor_country, realis)."""
    return tuple(row[field] for field in BLOCK_FIELDS)


def block_order(key: tuple) -> tuple:
    """Sort key of a block key (None as "")."""
    return tuple("" if v is None else v for v in key)


def _mention_order(row: dict):
    return (row["article_id"], row["start_char"], row["mention_id"])


def _vote(values: list, prefer: str | None = None, first_wins: bool = False):
    """The most frequent known value; ties go to `prefer`, else to the first in `values` when
    `first_wins`, else to the lowest."""
    counts = Counter(v for v in values if v is not None and v != "unknown")
    if not counts:
        return None
    best = max(counts.values())
    winners = sorted(v for v, n in counts.items() if n == best)
    if first_wins:
        winners = sorted(winners, key=values.index)
    return prefer if prefer in winners else winners[0]


def _event_row(cluster: list[dict], strays: list[dict] = ()) -> dict:
    """The event of a cluster: `cluster` votes on its fields, `strays` (v13) only count and conflict."""
    best = min(cluster, key=specificity)
    named = [m["weapon_entity_id"] for m in cluster if (m["weapon_entity_id"] or "").startswith("weapon.")]
    specific = [m["weapon_entity_id"] for m in cluster if m["weapon_class"] not in GENERIC_CLASSES]
    # A tie between named weapons goes to the first named: in a day's salvo of several types (v13),
    # the most-reported launch of the day comes first ("the ICBM", not "the Scuds beside it").
    weapon = _vote(named, first_wins=True) or _vote(specific) or _vote([m["weapon_entity_id"] for m in cluster])
    weapon_row = next((m for m in cluster if m["weapon_entity_id"] == weapon), best)
    everyone = [*cluster, *strays]
    published = [m["published"] for m in everyone if m["published"] is not None]
    event = {
        "event_type": best["event_type"], "actor_country": best["actor_country"],
        "target_country": _vote([m["target_country"] for m in cluster]),
        "weapon_entity_id": weapon, "weapon_family": weapon_row["weapon_family"] if weapon else None,
        "weapon_family_inferred_by": None,
        "weapon_class": weapon_row["weapon_class"] if weapon else _vote([m["weapon_class"] for m in cluster]),
        "payload_entity_id": _vote([m["payload_entity_id"] for m in cluster]),
        "date_start": best["date_start"], "date_end": best["date_end"], "granularity": best["granularity"],
        **_outcome(cluster),
        "failure_stage": _vote([m["failure_stage"] for m in cluster]),
        "realis": best["realis"],
        "n_mentions": len(everyone), "n_articles": len({m["article_id"] for m in everyone}),
        "first_published": min(published, default=None), "last_published": max(published, default=None),
        "conflicts": _conflicts(everyone), "date_conflict_articles": None, "policy": POLICY,
    }
    event["event_id"] = content_id(POLICY, event["event_type"], event["actor_country"], event["realis"],
                                   event["date_start"], event["granularity"], event["weapon_family"])
    for mention in everyone:
        mention["event_id"] = event["event_id"]
    event["_mentions"] = everyone
    return event


def _outcome(cluster: list[dict]) -> dict:
    """The event's `outcome` and `outcome_evidence`.  Vote among outcomes stated in a trigger's own
    clause by others than the launcher; only without any, among the launcher's own success claims
    (v5); then among inferred ones ("flew 1,000 km", a sentence of its own).  Failure wins ties.
    v8: an actual launch no mention gives an outcome is a success with evidence
    `no_failure_reported` (`OUTCOME_BY_SILENCE`): a failure is news, and launch databases log a
    launch as a success unless one is reported; plans and hypotheses stay `unknown`."""
    for evidence in ("stated", "claimed", "inferred"):
        outcome = _vote([m["outcome"] for m in cluster if m.get("outcome_evidence", "stated") == evidence],
                        prefer="failure")
        if outcome:
            return {"outcome": outcome, "outcome_evidence": evidence}
    if cluster[0]["event_type"] != "LAUNCH":
        return {"outcome": None, "outcome_evidence": None}
    if cluster[0]["realis"] == "actual":   # realis is a block key: one for the whole cluster
        return {"outcome": OUTCOME_BY_SILENCE, "outcome_evidence": "no_failure_reported"}
    return {"outcome": "unknown", "outcome_evidence": None}


def _conflicts(cluster: list[dict]) -> str | None:
    """Comma-separated fields on which the mentions disagree (unknowns ignored)."""
    fields = []
    for field in ("outcome", "failure_stage", "weapon_family", "payload_entity_id", "target_country"):
        # Generic classes ("satellite" vs "spy satellite") are vaguer, not contradictory.
        values = {m[field] for m in cluster if m[field] not in (None, "unknown")
                  and not (field == "payload_entity_id" and m[field].startswith("class."))}
        if len(values) > 1:
            fields.append(field)
    days = {m["date_start"] for m in cluster if m["granularity"] in PRECISE and m["date_source"] == "sentence"}
    if days and max(days) - min(days) > timedelta(days=1):
        fields.append("date")
    return ",".join(fields) or None


def _flag_date_conflicts(events: list[dict]) -> None:
    """Events of one block with the same distinctive details but irreconcilable dates: each
    names the articles that date the same-looking launch differently."""
    by_block: dict[tuple, list[dict]] = defaultdict(list)
    for event in events:
        by_block[(event["event_type"], event["actor_country"], event["realis"])].append(event)
    for block_events in by_block.values():
        # Only dated failures with a failed stage can look alike: compare those pairs alone.
        staged = [e for e in block_events if e["failure_stage"] and e["date_start"] is not None
                  and e["granularity"] in PRECISE]
        for a in staged:
            for b in staged:
                if a is b or not _same_details(a, b):
                    continue
                # Name the other side's articles: which side is wrong is not decidable from
                # the text (both usually resolve "Thursday" correctly against their own date).
                others = {m["article_id"] for m in b["_mentions"] if m["date_source"] == "sentence"}
                mine = a["date_conflict_articles"].split(",") if a["date_conflict_articles"] else []
                a["date_conflict_articles"] = ",".join(sorted(others | set(mine)))
    for event in events:
        event.pop("_mentions")


def _same_details(a: dict, b: dict) -> bool:
    """Two actual events that look like one launch (same failed stage and vehicle or
    payload, within 120 days) where one side's dates were all resolved from relative
    expressions in a single article: a likely mis-anchored "Thursday"."""
    if a["realis"] != "actual" or a["date_start"] is None or b["date_start"] is None:
        return False
    if a["granularity"] not in PRECISE or b["granularity"] not in PRECISE:
        return False
    if abs((a["date_start"] - b["date_start"]).days) > 120 or not a["failure_stage"]:
        return False
    if a["failure_stage"] != b["failure_stage"]:
        return False
    same_vehicle = a["weapon_family"] and a["weapon_family"] == b["weapon_family"]
    same_payload = a["payload_entity_id"] and a["payload_entity_id"] == b["payload_entity_id"]
    return bool(same_vehicle or same_payload) and (_relative_only(a) or _relative_only(b))


def _relative_only(event: dict) -> bool:
    dated = [m for m in event["_mentions"] if m["date_source"] == "sentence"]
    return bool(dated) and len({m["article_id"] for m in dated}) == 1 and all(m["date_relative"] for m in dated)


def _deduplicate_ids(events: list[dict]) -> None:
    """Two clusters with the same canonical key (rare) get ids salted by their first mention."""
    counts = Counter(e["event_id"] for e in events)
    for event in events:
        if counts[event["event_id"]] > 1:
            event["event_id"] = content_id(event["event_id"], min(m["mention_id"] for m in event["_mentions"]))
            for mention in event["_mentions"]:
                mention["event_id"] = event["event_id"]
