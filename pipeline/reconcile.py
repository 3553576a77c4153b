"""Reconcile event mentions into events: one row per real-world event.

Policy `interval_blocks_v4`:
1. Block mentions by (event_type, actor_country, realis) — a planned launch and the
   actual launch never merge; historical mentions are actual events.
2. Within a block, mentions with precise dates (day, time, week) link when their
   intervals overlap after widening by `day_tolerance` days (time zones, reporting
   lag) and their weapon families do not conflict (nor short- against long-range
   classes); union-find makes clusters.
3. Coarser mentions (month, quarter, year...) and undated ones join the single
   compatible cluster, preferring one from their own article (today's launch there for
   a mention that is not background), then one naming their weapon family; a dated
   background (historical) one that still fits several joins the best-reported of them
   whose outcome it does not contradict (v3: "in March it fired four at once" in a
   December review is one of the known March launches, not one more); the rest cluster
   among themselves by identical interval.  (v4: a cluster's days, for this, are those of its
   day-level mentions when it has any, not the edge of a week-level one.)
4. An event's fields come from its most specific mentions; outcome, failure stage,
   weapon and payload by vote (outcomes stated in a trigger's clause outvote inferred ones;
   failure wins ties: a failure claim is the rarer, more informative report); fields on
   which mentions disagree are listed in `conflicts`.
5. `event_id` hashes the canonical key (type, actor, realis, best date, weapon family),
   so adding articles that agree with an event never renumbers it.
6. Events in one block that share distinctive details (failure stage, payload or weapon)
   but whose dates cannot be reconciled, one of them dated only by relative expressions
   ("Thursday"), are flagged: `date_conflict_articles` names the articles that date it
   differently (one side resolved a relative date against the wrong week, or reported
   old news as new).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from datetime import date, timedelta

from pipeline.ids import content_id

POLICY = "interval_blocks_v4"
# The event_mentions columns reconciliation reads (and `event_id`, which it writes): a run
# holds only these for every mention of the corpus, the full rows wait on disk.
MENTION_FIELDS = ("article_id", "mention_id", "start_char", "event_type", "actor_country", "target_country",
                  "realis", "historical", "date_start", "date_end", "granularity", "date_source", "date_relative",
                  "published", "outcome", "outcome_evidence", "failure_stage", "weapon_entity_id", "weapon_class",
                  "weapon_family", "payload_entity_id", "event_id")
PRECISE = {"day", "time", "week"}
DAY_LEVEL = {"day", "time"}
GRANULARITY_RANK = {"time": 0, "day": 1, "week": 2, "month": 3, "season": 4, "quarter": 4, "year": 5, "decade": 6,
                    "century": 7}
GENERIC_CLASSES = {"BM", "MISSILE", "ROCKET", None}
# Classes no report confuses: a short-range missile is never the ICBM or satellite rocket of the
# same day.  Classes left out (BM, HGV, SLBM, MRBM...) are compatible with either side.
RANGE_GROUPS = {**dict.fromkeys(("SRBM", "CRUISE", "MRL", "SAM", "ASBM"), "short"),
                **dict.fromkeys(("ICBM", "IRBM", "SLV"), "long")}


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
    events = [_event_row(cluster) for cluster in _cluster_block(sorted(rows, key=_mention_order), day_tolerance)]
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


def _interval(row: dict) -> tuple[date, date] | None:
    if row["date_start"] is None:
        return None
    return row["date_start"], row["date_end"] or row["date_start"]


def _overlaps(a: tuple[date, date] | None, b: tuple[date, date] | None, tolerance: int = 0) -> bool:
    """Intervals that overlap once a gap of up to `tolerance` days is allowed between them."""
    gap = timedelta(days=tolerance)
    return a is not None and b is not None and a[0] <= b[1] + gap and b[0] <= a[1] + gap


NO_TRAITS = (frozenset(), frozenset())
MAX_PRECISE_WIDTH = timedelta(days=7)  # a week, the coarsest "precise" granularity


def _traits(row: dict) -> tuple[frozenset, frozenset]:
    """(weapon families, range groups) a mention commits its cluster to."""
    families = frozenset([row["weapon_family"]]) if row["weapon_family"] else frozenset()
    group = RANGE_GROUPS.get(row["weapon_class"])
    return families, frozenset([group]) if group else frozenset()


def _compatible(a: tuple[frozenset, frozenset], b: tuple[frozenset, frozenset]) -> bool:
    return len(a[0] | b[0]) <= 1 and len(a[1] | b[1]) <= 1


def _merge_traits(a: tuple[frozenset, frozenset], b: tuple[frozenset, frozenset]) -> tuple[frozenset, frozenset]:
    return a[0] | b[0], a[1] | b[1]


def _cluster_traits(cluster: list[dict]) -> tuple[frozenset, frozenset]:
    traits = NO_TRAITS
    for row in cluster:
        traits = _merge_traits(traits, _traits(row))
    return traits


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _cluster_block(rows: list[dict], tolerance: int) -> list[list[dict]]:
    is_precise = [r["granularity"] in PRECISE and r["date_start"] is not None for r in rows]
    precise = [r for r, keep in zip(rows, is_precise) if keep]
    coarse = [r for r, keep in zip(rows, is_precise) if not keep]
    found = _ClusterIndex(_link_precise(precise, tolerance))
    leftovers: dict[tuple, list[dict]] = defaultdict(list)
    for row in coarse:
        target = found.home(row)
        if target is None:
            leftovers[(row["date_start"], row["date_end"], row["weapon_family"],
                       row["article_id"] if row["date_start"] is None else None)].append(row)
        else:
            found.add(target, row)
    return found.clusters + list(leftovers.values())


class _ClusterIndex:
    """Day-level clusters indexed by their mentions' days and articles, so that placing a
    coarse or undated mention costs a lookup, not a scan of every cluster of the block."""

    def __init__(self, clusters: list[list[dict]]):
        self.clusters = clusters
        self.traits = [_cluster_traits(c) for c in clusters]
        self.by_article: dict[str, set[int]] = defaultdict(set)
        self.days: list[list[tuple[date, date]]] = []   # the precise intervals of each cluster
        spans = []
        for k, cluster in enumerate(clusters):
            for m in cluster:
                self.by_article[m["article_id"]].add(k)
            # A coarse mention fits an event by the event's own days: its day-level mentions when
            # it has any ("a week earlier" reaching back into February is no February launch).
            core = [m for m in cluster if m["granularity"] in DAY_LEVEL] or cluster
            self.days.append([_interval(m) for m in core])
            spans.append((min(d[0] for d in self.days[k]), max(d[1] for d in self.days[k]), k))
        spans.sort()
        self.spans = spans
        self.starts = [span[0] for span in spans]
        # Clusters chain day-level mentions, so a span can be long: look back by the longest.
        self.widest = max((span[1] - span[0] for span in spans), default=timedelta(0))

    def add(self, k: int, row: dict) -> None:
        self.clusters[k].append(row)
        self.traits[k] = _merge_traits(self.traits[k], _traits(row))
        self.by_article[row["article_id"]].add(k)

    def _overlapping(self, interval: tuple[date, date]) -> set[int]:
        # Coarse periods get no tolerance: "2022" must not reach a launch on 2023-01-01.
        low = bisect_left(self.starts, interval[0] - self.widest)
        high = bisect_right(self.starts, interval[1])
        return {k for start, end, k in self.spans[low:high] if start <= interval[1] and interval[0] <= end
                and any(_overlaps(interval, day) for day in self.days[k])}

    def home(self, row: dict) -> int | None:
        """The one cluster a coarse or undated mention belongs to, if it is unambiguous."""
        interval = _interval(row)
        own = self.by_article.get(row["article_id"], set())
        candidates = own if interval is None else self._overlapping(interval)
        traits = _traits(row)
        compatible = sorted(k for k in candidates if _compatible(self.traits[k], traits))
        own_article = [k for k in compatible if k in own]
        if interval is None:
            # An undated background launch ("days after the failed attempt") is not today's.
            if row.get("historical"):
                return None
            return own_article[0] if len(own_article) == 1 else None
        if len(own_article) == 1:
            return own_article[0]
        if len(own_article) > 1 and not row.get("historical"):
            # "its third straight failed launch this month": its article's news, not the background.
            news = [k for k in own_article if any(m["article_id"] == row["article_id"] and not m.get("historical")
                                                  for m in self.clusters[k])]
            if len(news) == 1:
                return news[0]
        if len(compatible) > 1 and row["weapon_family"]:
            # "the March Hwasong-18 test" among several March launches: the one of its family.
            compatible = [k for k in compatible if row["weapon_family"] in self.traits[k][0]]
        if len(compatible) > 1 and row.get("historical"):
            return self._best_reported(compatible, row.get("outcome"))
        return compatible[0] if len(compatible) == 1 else None

    def _best_reported(self, candidates: list[int], outcome: str | None) -> int | None:
        """Background ("in March it fired four at once") that fits several known launches is one of
        them: the best reported (most mentions, then earliest) whose outcome it does not contradict."""
        if outcome in {"success", "failure"}:
            candidates = [k for k in candidates
                          if {m["outcome"] for m in self.clusters[k]} & {"success", "failure"} <= {outcome}]
        return min(candidates, key=lambda k: (-len(self.clusters[k]), min(d[0] for d in self.days[k]), k),
                   default=None)


def _link_precise(rows: list[dict], tolerance: int) -> list[list[dict]]:
    """Clusters of day-level mentions.  Mentions that commit to a weapon family or range class
    link first; a vague one ("the missile") then joins the compatible cluster nearest to it
    (its own article, then the closest day, then the larger cluster), so that it cannot chain a
    short-range launch to the next day's ICBM; vague mentions left over link among themselves."""
    union = _UnionFind(len(rows))
    intervals = [_interval(r) for r in rows]
    gap = timedelta(days=tolerance)
    traits = {i: _traits(row) for i, row in enumerate(rows)}
    committed = [i for i in range(len(rows)) if traits[i] != NO_TRAITS]
    vague = [i for i in range(len(rows)) if traits[i] == NO_TRAITS]
    _sweep(committed, intervals, union, traits, gap)
    starts = sorted((intervals[j][0], j) for j in committed)
    sizes = Counter(union.find(j) for j in committed)
    leftover = []
    for i in vague:
        low = bisect_left(starts, (intervals[i][0] - gap - MAX_PRECISE_WIDTH, -1))
        high = bisect_right(starts, (intervals[i][1] + gap, len(rows)))
        nearby = [j for _, j in starts[low:high] if _overlaps(intervals[i], intervals[j], tolerance)]
        if not nearby:
            leftover.append(i)
            continue
        best = min(nearby, key=lambda j: (rows[j]["article_id"] != rows[i]["article_id"],
                                          abs((intervals[j][0] - intervals[i][0]).days),
                                          -sizes[union.find(j)], j))
        root = union.find(best)
        union.union(root, i)
        # The union may renumber the root: carry the cluster's traits and size over.
        traits[union.find(i)], sizes[union.find(i)] = traits[root], sizes[root] + 1
    _sweep(leftover, intervals, union, traits, gap)
    groups: dict[int, list[dict]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[union.find(i)].append(row)
    return [groups[k] for k in sorted(groups)]


def _sweep(indices: list[int], intervals: list, union: _UnionFind, traits: dict, gap: timedelta) -> None:
    """Link overlapping mentions whose clusters stay compatible.  In start order a pair can
    only link while the later start is within the earlier interval (+ tolerance), so each
    mention meets its neighbours only."""
    order = sorted(indices, key=lambda k: intervals[k])
    for position, i in enumerate(order):
        for j in order[position + 1:]:
            if intervals[j][0] > intervals[i][1] + gap:
                break
            a, b = union.find(i), union.find(j)
            if a != b and _compatible(traits[a], traits[b]):
                union.union(a, b)
                traits[union.find(a)] = _merge_traits(traits[a], traits[b])


def _specificity(row: dict):
    source_rank = {"sentence": 0, "anaphora": 1, "published": 2}.get(row["date_source"], 3)
    width = (row["date_end"] - row["date_start"]).days if row["date_start"] and row["date_end"] else 10**6
    return (source_rank, GRANULARITY_RANK.get(row["granularity"], 9), width, row["article_id"], row["start_char"])


def _vote(values: list, prefer: str | None = None):
    counts = Counter(v for v in values if v is not None and v != "unknown")
    if not counts:
        return None
    best = max(counts.values())
    winners = sorted(v for v, n in counts.items() if n == best)
    return prefer if prefer in winners else winners[0]


def _event_row(cluster: list[dict]) -> dict:
    best = min(cluster, key=_specificity)
    named = [m["weapon_entity_id"] for m in cluster if (m["weapon_entity_id"] or "").startswith("weapon.")]
    specific = [m["weapon_entity_id"] for m in cluster if m["weapon_class"] not in GENERIC_CLASSES]
    weapon = _vote(named) or _vote(specific) or _vote([m["weapon_entity_id"] for m in cluster])
    weapon_row = next((m for m in cluster if m["weapon_entity_id"] == weapon), best)
    published = [m["published"] for m in cluster if m["published"] is not None]
    event = {
        "event_type": best["event_type"], "actor_country": best["actor_country"],
        "target_country": _vote([m["target_country"] for m in cluster]),
        "weapon_entity_id": weapon, "weapon_family": weapon_row["weapon_family"] if weapon else None,
        "weapon_class": weapon_row["weapon_class"] if weapon else _vote([m["weapon_class"] for m in cluster]),
        "payload_entity_id": _vote([m["payload_entity_id"] for m in cluster]),
        "date_start": best["date_start"], "date_end": best["date_end"], "granularity": best["granularity"],
        "outcome": _outcome(cluster),
        "failure_stage": _vote([m["failure_stage"] for m in cluster]),
        "realis": best["realis"],
        "n_mentions": len(cluster), "n_articles": len({m["article_id"] for m in cluster}),
        "first_published": min(published, default=None), "last_published": max(published, default=None),
        "conflicts": _conflicts(cluster), "date_conflict_articles": None, "policy": POLICY,
    }
    event["event_id"] = content_id(POLICY, event["event_type"], event["actor_country"], event["realis"],
                                   event["date_start"], event["granularity"], event["weapon_family"])
    for mention in cluster:
        mention["event_id"] = event["event_id"]
    event["_mentions"] = cluster
    return event


def _outcome(cluster: list[dict]) -> str | None:
    """Vote among outcomes stated in a trigger's own clause; only without any, among inferred
    ones ("flew 1,000 km", a sentence of its own).  Failure wins ties."""
    for evidence in ("stated", "inferred"):
        outcome = _vote([m["outcome"] for m in cluster if m.get("outcome_evidence", "stated") == evidence],
                        prefer="failure")
        if outcome:
            return outcome
    return "unknown" if cluster[0]["event_type"] == "LAUNCH" else None


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
